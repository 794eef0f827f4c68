//! The template functions Helm gives charts: Sprig v3.3.0's map as Helm filters it (no `env`
//! or `expandenv`) and Helm's own (`include` with its depth guard, `tpl`, `required`, `fail`,
//! `lookup` offline, `toYaml`/`fromYaml`/`toJson`/`fromJson` and their variants,
//! `getHostByName` disabled). Each function has Go's parameter types, so the executor's
//! conversions and messages are Go's; results have Go's types (`add` gives int64, `until`
//! `[]int`, `split` `map[string]string`). Conversions follow spf13/cast as Sprig calls it.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use base64::Engine as _;
use sha2::Digest as _;

use super::tmpl::exec::{Ctx, Func, Funcs, GoError, Set, Ty};
use super::tmpl::printf;
use super::tmpl::value::{Elem, Value};

type R = Result<Value, GoError>;

/// Helm's nested `include` limit per template name.
pub const INCLUDE_LIMIT: usize = 1000;

/// Marks an error text as coming from `required`/`fail` (Helm's `warnWrap`).
pub const HELM_ERR_START: &str = "HELM_ERR_START";
/// End marker of [`HELM_ERR_START`].
pub const HELM_ERR_END: &str = "HELM_ERR_END";

// ---------------------------------------------------------------- conversions

/// Sprig's `strval`: strings as is, `[]byte` as text, Stringers and errors through their
/// method, anything else through `%v`.
pub fn strval(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Object(o) if o.error.is_some() || o.stringer.is_some() => o
            .error
            .clone()
            .or_else(|| o.stringer.clone())
            .unwrap_or_default(),
        v => printf::sprint1(v),
    }
}

fn trim_zero_decimal(s: &str) -> &str {
    let mut found = false;
    for (i, c) in s.char_indices().rev() {
        match c {
            '.' => {
                if found {
                    return &s[..i];
                }
                return s;
            }
            '0' => {}
            _ => return s,
        }
        found = true;
        let _ = i;
    }
    s
}

/// `cast.ToInt64` (errors give 0).
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Int32(i) => *i as i64,
        Value::Uint8(u) => *u as i64,
        Value::Uint64(u) => *u as i64,
        Value::Float(f) => *f as i64,
        Value::Bool(b) => *b as i64,
        Value::Str(s) => {
            let t = trim_zero_decimal(s);
            match crate::goyaml::scalars::go_parse_int(t) {
                Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// `cast.ToFloat64` (errors give 0).
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        Value::Str(s) => s.parse::<f64>().unwrap_or(0.0),
        Value::Bool(b) => *b as i64 as f64,
        v => v.as_int().map(|i| i as f64).unwrap_or(match v {
            Value::Uint64(u) => *u as f64,
            _ => 0.0,
        }),
    }
}

/// Sprig's `empty`.
pub fn empty(v: &Value) -> bool {
    match v {
        Value::Object(_) => false,
        v => !v.truth(),
    }
}

fn list_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.items.borrow().clone()),
        Value::Bytes(b) => Some(b.iter().map(|c| Value::Uint8(*c)).collect()),
        _ => None,
    }
}

fn map_of(v: &Value) -> Option<super::tmpl::value::Map> {
    match v {
        Value::Map(m) => Some(m.clone()),
        _ => None,
    }
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    v.as_int().unwrap_or(0)
}

fn strs(items: Vec<String>) -> Value {
    Value::typed_list(Elem::Str, items.into_iter().map(Value::from).collect())
}

/// Sprig's `strslice` (`toStrings`): nils dropped, elements through `strval`.
fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l
            .items
            .borrow()
            .iter()
            .filter(|e| !e.is_nil())
            .map(strval)
            .collect(),
        Value::Invalid | Value::Nil => vec![],
        v => vec![strval(v)],
    }
}

fn string_map(m: BTreeMap<String, String>) -> Value {
    Value::typed_map(
        Elem::Str,
        None,
        m.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
    )
}

// ---------------------------------------------------------------- JSON and YAML

/// A value as Go's `json.Marshal` sees it, for the YAML printer and digests.
pub fn to_json_value(v: &Value) -> Result<serde_json::Value, String> {
    Ok(match v {
        Value::Invalid | Value::Nil => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) | Value::Int64(i) => (*i).into(),
        Value::Int32(i) => (*i as i64).into(),
        Value::Uint8(u) => (*u as u64).into(),
        Value::Uint64(u) => (*u).into(),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .ok_or_else(|| format!("json: unsupported value: {}", printf::sprint1(v)))?,
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::Str(s) => serde_json::Value::String(s.to_string()),
        Value::Bytes(b) => {
            serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(b))
        }
        Value::List(l) => serde_json::Value::Array(
            l.items
                .borrow()
                .iter()
                .map(to_json_value)
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) => {
            let mut out = serde_json::Map::new();
            for (k, e) in m.entries.borrow().iter() {
                out.insert(k.clone(), to_json_value(e)?);
            }
            serde_json::Value::Object(out)
        }
        Value::Object(o) => {
            let mut out = serde_json::Map::new();
            for (k, e) in &o.fields {
                out.insert(k.clone(), to_json_value(e)?);
            }
            serde_json::Value::Object(out)
        }
    })
}

/// JSON into template values as `json.Unmarshal` into `interface{}` (float64 numbers).
pub fn from_json_value(j: &serde_json::Value) -> Value {
    super::tmpl::value::from_json(j)
}

/// Go's `encoding/json` text: sorted keys, `<`, `>` and `&` escaped unless `raw`.
pub fn go_json(v: &serde_json::Value, escape_html: bool, indent: Option<&str>) -> String {
    let mut out = String::new();
    write_json(&mut out, v, escape_html, indent, 0);
    out
}

fn write_json_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(
    out: &mut String,
    v: &serde_json::Value,
    esc: bool,
    indent: Option<&str>,
    depth: usize,
) {
    let nl = |out: &mut String, d: usize| {
        if let Some(ind) = indent {
            out.push('\n');
            for _ in 0..d {
                out.push_str(ind);
            }
        }
    };
    match v {
        serde_json::Value::Null => out.push_str("null"),
        serde_json::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                out.push_str(&crate::goyaml::go_json_float(n.as_f64().unwrap_or(0.0)));
            }
        }
        serde_json::Value::String(s) => write_json_string(out, s, esc),
        serde_json::Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                write_json(out, e, esc, indent, depth + 1);
            }
            nl(out, depth);
            out.push(']');
        }
        serde_json::Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                write_json_string(out, k, esc);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, &m[k.as_str()], esc, indent, depth + 1);
            }
            nl(out, depth);
            out.push('}');
        }
    }
}

/// Helm's `toYaml`: `sigs.k8s.io/yaml.Marshal` with one trailing newline removed.
pub fn to_yaml(v: &Value) -> Result<String, String> {
    let j = to_json_value(v)?;
    let mut y = crate::goyaml::to_yaml(&j);
    if y.ends_with('\n') {
        y.pop();
    }
    Ok(y)
}

/// YAML text into values as `sigs.k8s.io/yaml.Unmarshal` into `interface{}` does (go-yaml
/// v2 rules, then JSON numbers: float64).
pub fn yaml_to_value(text: &str) -> Result<Value, String> {
    let doc = crate::kustomize::yaml::parse_first_v2(text).map_err(|e| {
        format!(
            "error converting YAML to JSON: {}",
            super::engine::go_yaml_error(e.line, &e.message)
        )
    })?;
    Ok(match doc {
        serde_json::Value::Null => Value::Nil,
        d => from_json_value(&d),
    })
}

// ---------------------------------------------------------------- the function map

macro_rules! f {
    ($params:expr, $var:expr, $body:expr) => {
        Func {
            params: $params,
            variadic: $var,
            call: $body,
        }
    };
}

const A: Ty = Ty::Any;
const S: Ty = Ty::Str;
const I: Ty = Ty::Int;
const M: Ty = Ty::Map;
const L: Ty = Ty::List;
const CERT: Ty = Ty::Struct("sprig.certificate");

fn ok_str(x: impl Into<String>) -> R {
    Ok(Value::str(x.into()))
}

fn must<T>(r: Result<T, String>) -> Result<T, GoError> {
    r.map_err(GoError::new)
}

/// Helm's function map (Sprig filtered, plus Helm's own), with the methods of the objects
/// the render hands to templates.
pub fn helm_funcs() -> Funcs {
    let mut m: HashMap<&'static str, Func> = HashMap::new();
    // Strings.
    m.insert(
        "trim",
        f!(&[S], None, |_, a| ok_str(s(&a[0]).trim_matches(go_space))),
    );
    m.insert(
        "upper",
        f!(&[S], None, |_, a| ok_str(s(&a[0]).to_uppercase())),
    );
    m.insert(
        "lower",
        f!(&[S], None, |_, a| ok_str(s(&a[0]).to_lowercase())),
    );
    m.insert("title", f!(&[S], None, |_, a| ok_str(title(s(&a[0])))));
    m.insert("untitle", f!(&[S], None, |_, a| ok_str(untitle(s(&a[0])))));
    m.insert(
        "substr",
        f!(&[I, I, S], None, |_, a| ok_str(substr(
            int(&a[0]),
            int(&a[1]),
            s(&a[2])
        ))),
    );
    m.insert(
        "trunc",
        f!(&[I, S], None, |_, a| ok_str(trunc(int(&a[0]), s(&a[1])))),
    );
    m.insert(
        "repeat",
        f!(&[I, S], None, |_, a| {
            let n = int(&a[0]);
            if n < 0 {
                return Err(GoError::new("strings: negative Repeat count"));
            }
            ok_str(s(&a[1]).repeat(n as usize))
        }),
    );
    m.insert(
        "trimAll",
        f!(&[S, S], None, |_, a| {
            let cut: Vec<char> = s(&a[0]).chars().collect();
            ok_str(s(&a[1]).trim_matches(|c| cut.contains(&c)))
        }),
    );
    m.insert("trimall", m["trimAll"]);
    m.insert(
        "trimSuffix",
        f!(&[S, S], None, |_, a| ok_str(
            s(&a[1]).strip_suffix(s(&a[0])).unwrap_or(s(&a[1]))
        )),
    );
    m.insert(
        "trimPrefix",
        f!(&[S, S], None, |_, a| ok_str(
            s(&a[1]).strip_prefix(s(&a[0])).unwrap_or(s(&a[1]))
        )),
    );
    m.insert(
        "nospace",
        f!(&[S], None, |_, a| ok_str(
            s(&a[0])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        )),
    );
    m.insert(
        "contains",
        f!(&[S, S], None, |_, a| Ok(Value::Bool(
            s(&a[1]).contains(s(&a[0]))
        ))),
    );
    m.insert(
        "hasPrefix",
        f!(&[S, S], None, |_, a| Ok(Value::Bool(
            s(&a[1]).starts_with(s(&a[0]))
        ))),
    );
    m.insert(
        "hasSuffix",
        f!(&[S, S], None, |_, a| Ok(Value::Bool(
            s(&a[1]).ends_with(s(&a[0]))
        ))),
    );
    m.insert(
        "quote",
        f!(&[], Some(A), |_, a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| printf::quote(&strval(v), false))
                .collect();
            ok_str(parts.join(" "))
        }),
    );
    m.insert(
        "squote",
        f!(&[], Some(A), |_, a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| format!("'{}'", printf::sprint1(v)))
                .collect();
            ok_str(parts.join(" "))
        }),
    );
    m.insert(
        "cat",
        f!(&[], Some(A), |_, a| {
            let parts: Vec<Value> = a.into_iter().filter(|v| !v.is_nil()).collect();
            let fmt = "%v ".repeat(parts.len());
            ok_str(printf::sprintf(fmt.trim_matches(go_space), &parts))
        }),
    );
    m.insert(
        "indent",
        f!(&[I, S], None, |_, a| ok_str(indent(int(&a[0]), s(&a[1])))),
    );
    m.insert(
        "nindent",
        f!(&[I, S], None, |_, a| ok_str(format!(
            "\n{}",
            indent(int(&a[0]), s(&a[1]))
        ))),
    );
    m.insert(
        "replace",
        f!(&[S, S, S], None, |_, a| ok_str(go_replace(
            s(&a[2]),
            s(&a[0]),
            s(&a[1])
        ))),
    );
    m.insert(
        "plural",
        f!(&[S, S, I], None, |_, a| Ok(if int(&a[2]) == 1 {
            a[0].clone()
        } else {
            a[1].clone()
        })),
    );
    m.insert(
        "sha1sum",
        f!(&[S], None, |_, a| ok_str(hex::encode(sha1::Sha1::digest(
            s(&a[0]).as_bytes()
        )))),
    );
    m.insert(
        "sha256sum",
        f!(&[S], None, |_, a| ok_str(hex::encode(
            sha2::Sha256::digest(s(&a[0]).as_bytes())
        ))),
    );
    m.insert(
        "sha512sum",
        f!(&[S], None, |_, a| ok_str(hex::encode(
            sha2::Sha512::digest(s(&a[0]).as_bytes())
        ))),
    );
    m.insert(
        "adler32sum",
        f!(&[S], None, |_, a| ok_str(
            adler32(s(&a[0]).as_bytes()).to_string()
        )),
    );
    m.insert("toString", f!(&[A], None, |_, a| ok_str(strval(&a[0]))));
    m.insert(
        "atoi",
        f!(&[S], None, |_, a| Ok(Value::Int(
            s(&a[0]).parse::<i64>().unwrap_or(0)
        ))),
    );
    m.insert(
        "int64",
        f!(&[A], None, |_, a| Ok(Value::Int64(to_int64(&a[0])))),
    );
    m.insert(
        "int",
        f!(&[A], None, |_, a| Ok(Value::Int(to_int64(&a[0])))),
    );
    m.insert(
        "float64",
        f!(&[A], None, |_, a| Ok(Value::Float(to_float64(&a[0])))),
    );
    m.insert(
        "toDecimal",
        f!(&[A], None, |_, a| Ok(Value::Int64(
            i64::from_str_radix(&strval(&a[0]), 8).unwrap_or(0)
        ))),
    );
    m.insert(
        "split",
        f!(&[S, S], None, |_, a| {
            let parts = go_split(s(&a[1]), s(&a[0]), -1);
            Ok(string_map(
                parts
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (format!("_{i}"), p))
                    .collect(),
            ))
        }),
    );
    m.insert(
        "splitn",
        f!(&[S, I, S], None, |_, a| {
            let parts = go_split(s(&a[2]), s(&a[0]), int(&a[1]));
            Ok(string_map(
                parts
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (format!("_{i}"), p))
                    .collect(),
            ))
        }),
    );
    m.insert(
        "splitList",
        f!(&[S, S], None, |_, a| Ok(strs(go_split(
            s(&a[1]),
            s(&a[0]),
            -1
        )))),
    );
    m.insert(
        "toStrings",
        f!(&[A], None, |_, a| Ok(strs(strslice(&a[0])))),
    );
    m.insert(
        "join",
        f!(&[S, A], None, |_, a| ok_str(strslice(&a[1]).join(s(&a[0])))),
    );
    m.insert(
        "sortAlpha",
        f!(&[A], None, |_, a| {
            let mut v = match &a[0] {
                Value::List(_) => strslice(&a[0]),
                other => vec![strval(other)],
            };
            v.sort();
            Ok(strs(v))
        }),
    );
    m.insert(
        "camelcase",
        f!(&[S], None, |_, a| ok_str(camelcase(s(&a[0])))),
    );
    m.insert(
        "snakecase",
        f!(&[S], None, |_, a| ok_str(snake_or_kebab(s(&a[0]), '_'))),
    );
    m.insert(
        "kebabcase",
        f!(&[S], None, |_, a| ok_str(snake_or_kebab(s(&a[0]), '-'))),
    );
    m.insert(
        "initials",
        f!(&[S], None, |_, a| ok_str(
            s(&a[0])
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect::<String>()
        )),
    );
    m.insert(
        "abbrev",
        f!(&[I, S], None, |_, a| ok_str(abbrev(int(&a[0]), s(&a[1])))),
    );
    m.insert(
        "wrap",
        f!(&[I, S], None, |_, a| ok_str(wrap(
            s(&a[1]),
            int(&a[0]),
            "\n"
        ))),
    );
    m.insert(
        "wrapWith",
        f!(&[I, S, S], None, |_, a| ok_str(wrap(
            s(&a[2]),
            int(&a[0]),
            s(&a[1])
        ))),
    );
    m.insert(
        "swapcase",
        f!(&[S], None, |_, a| ok_str(
            s(&a[0])
                .chars()
                .map(|c| if c.is_uppercase() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    c.to_uppercase().next().unwrap_or(c)
                })
                .collect::<String>()
        )),
    );
    m.insert(
        "b64enc",
        f!(&[S], None, |_, a| ok_str(
            base64::engine::general_purpose::STANDARD.encode(s(&a[0]).as_bytes())
        )),
    );
    m.insert(
        "b64dec",
        f!(
            &[S],
            None,
            |_, a| match base64::engine::general_purpose::STANDARD.decode(s(&a[0])) {
                Ok(b) => ok_str(String::from_utf8_lossy(&b).into_owned()),
                Err(_) => ok_str(b64_error(s(&a[0]))),
            }
        ),
    );
    m.insert(
        "b32enc",
        f!(&[S], None, |_, a| ok_str(base32_encode(
            s(&a[0]).as_bytes()
        ))),
    );
    // Numbers.
    m.insert(
        "add1",
        f!(&[A], None, |_, a| Ok(Value::Int64(
            to_int64(&a[0]).wrapping_add(1)
        ))),
    );
    m.insert(
        "add",
        f!(&[], Some(A), |_, a| Ok(Value::Int64(
            a.iter().map(to_int64).fold(0i64, i64::wrapping_add)
        ))),
    );
    m.insert(
        "sub",
        f!(&[A, A], None, |_, a| Ok(Value::Int64(
            to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))
        ))),
    );
    m.insert(
        "mul",
        f!(&[A], Some(A), |_, a| Ok(Value::Int64(
            a.iter().map(to_int64).fold(1i64, i64::wrapping_mul)
        ))),
    );
    m.insert(
        "div",
        f!(&[A, A], None, |_, a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(GoError::new("runtime error: integer divide by zero"));
            }
            Ok(Value::Int64(to_int64(&a[0]).wrapping_div(d)))
        }),
    );
    m.insert(
        "mod",
        f!(&[A, A], None, |_, a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(GoError::new("runtime error: integer divide by zero"));
            }
            Ok(Value::Int64(to_int64(&a[0]).wrapping_rem(d)))
        }),
    );
    m.insert(
        "max",
        f!(&[A], Some(A), |_, a| Ok(Value::Int64(
            a.iter().map(to_int64).max().unwrap_or(0)
        ))),
    );
    m.insert("biggest", m["max"]);
    m.insert(
        "min",
        f!(&[A], Some(A), |_, a| Ok(Value::Int64(
            a.iter().map(to_int64).min().unwrap_or(0)
        ))),
    );
    m.insert(
        "maxf",
        f!(&[A], Some(A), |_, a| Ok(Value::Float(
            a.iter().map(to_float64).fold(f64::NEG_INFINITY, f64::max)
        ))),
    );
    m.insert(
        "minf",
        f!(&[A], Some(A), |_, a| Ok(Value::Float(
            a.iter().map(to_float64).fold(f64::INFINITY, f64::min)
        ))),
    );
    m.insert(
        "addf",
        f!(&[], Some(A), |_, a| Ok(Value::Float(
            a.iter().map(to_float64).sum()
        ))),
    );
    m.insert(
        "add1f",
        f!(&[A], None, |_, a| Ok(Value::Float(to_float64(&a[0]) + 1.0))),
    );
    m.insert(
        "subf",
        f!(&[A], Some(A), |_, a| Ok(Value::Float(
            a[1..]
                .iter()
                .map(to_float64)
                .fold(to_float64(&a[0]), |x, y| x - y)
        ))),
    );
    m.insert(
        "mulf",
        f!(&[A], Some(A), |_, a| Ok(Value::Float(
            a[1..]
                .iter()
                .map(to_float64)
                .fold(to_float64(&a[0]), |x, y| x * y)
        ))),
    );
    m.insert(
        "divf",
        f!(&[A], Some(A), |_, a| Ok(Value::Float(
            a[1..]
                .iter()
                .map(to_float64)
                .fold(to_float64(&a[0]), |x, y| x / y)
        ))),
    );
    m.insert(
        "floor",
        f!(&[A], None, |_, a| Ok(Value::Float(
            to_float64(&a[0]).floor()
        ))),
    );
    m.insert(
        "ceil",
        f!(&[A], None, |_, a| Ok(Value::Float(
            to_float64(&a[0]).ceil()
        ))),
    );
    m.insert(
        "round",
        f!(&[A, I], Some(Ty::Float), |_, a| {
            let round_on = a.get(2).map(to_float64).unwrap_or(0.5);
            let places = int(&a[1]);
            let val = to_float64(&a[0]);
            let pow = 10f64.powi(places as i32);
            let digit = pow * val;
            let (int_part, frac) = (digit.trunc(), digit.fract());
            let r = if frac >= round_on {
                digit.ceil()
            } else {
                int_part
            };
            Ok(Value::Float(r / pow))
        }),
    );
    m.insert(
        "until",
        f!(&[I], None, |_, a| Ok(int_list(until_step(
            0,
            int(&a[0]),
            if int(&a[0]) < 0 { -1 } else { 1 }
        )))),
    );
    m.insert(
        "untilStep",
        f!(&[I, I, I], None, |_, a| Ok(int_list(until_step(
            int(&a[0]),
            int(&a[1]),
            int(&a[2])
        )))),
    );
    m.insert(
        "seq",
        f!(&[], Some(I), |_, a| ok_str(seq(&a
            .iter()
            .map(int)
            .collect::<Vec<_>>()))),
    );
    m.insert(
        "randInt",
        f!(&[I, I], None, |_, a| {
            let (lo, hi) = (int(&a[0]), int(&a[1]));
            if hi <= lo {
                return Err(GoError::new("invalid argument to Intn"));
            }
            Ok(Value::Int(lo + (random_u64() % (hi - lo) as u64) as i64))
        }),
    );
    // Defaults and flow.
    m.insert(
        "default",
        f!(&[A], Some(A), |_, a| {
            if a.len() < 2 || empty(&a[1]) {
                return Ok(a[0].clone());
            }
            Ok(a[1].clone())
        }),
    );
    m.insert(
        "empty",
        f!(&[A], None, |_, a| Ok(Value::Bool(empty(&a[0])))),
    );
    m.insert(
        "coalesce",
        f!(&[], Some(A), |_, a| Ok(a
            .into_iter()
            .find(|v| !empty(v))
            .unwrap_or(Value::Nil))),
    );
    m.insert(
        "all",
        f!(&[], Some(A), |_, a| Ok(Value::Bool(
            a.iter().all(|v| !empty(v))
        ))),
    );
    m.insert(
        "any",
        f!(&[], Some(A), |_, a| Ok(Value::Bool(
            a.iter().any(|v| !empty(v))
        ))),
    );
    m.insert(
        "ternary",
        f!(&[A, A, Ty::Bool], None, |_, a| Ok(
            if matches!(a[2], Value::Bool(true)) {
                a[0].clone()
            } else {
                a[1].clone()
            }
        )),
    );
    m.insert("deepCopy", f!(&[A], None, |_, a| Ok(a[0].deep_copy())));
    m.insert(
        "mustDeepCopy",
        f!(&[A], None, |_, a| {
            if a[0].is_nil() {
                return Err(GoError::new("copy: cannot copy nil"));
            }
            Ok(a[0].deep_copy())
        }),
    );
    m.insert(
        "fail",
        f!(&[S], None, |_, a| Err(GoError::new(format!(
            "{HELM_ERR_START}{}{HELM_ERR_END}",
            s(&a[0])
        )))),
    );
    m.insert(
        "required",
        f!(&[S, A], None, |_, a| {
            let missing = match &a[1] {
                Value::Invalid | Value::Nil => true,
                Value::Str(x) => x.is_empty(),
                _ => false,
            };
            if missing {
                return Err(GoError::new(format!(
                    "{HELM_ERR_START}{}{HELM_ERR_END}",
                    s(&a[0])
                )));
            }
            Ok(a[1].clone())
        }),
    );
    // Reflection.
    m.insert("typeOf", f!(&[A], None, |_, a| ok_str(a[0].type_name())));
    m.insert(
        "typeIs",
        f!(&[S, A], None, |_, a| Ok(Value::Bool(
            s(&a[0]) == a[1].type_name()
        ))),
    );
    m.insert(
        "typeIsLike",
        f!(&[S, A], None, |_, a| {
            let t = a[1].type_name();
            Ok(Value::Bool(s(&a[0]) == t || s(&a[0]) == format!("*{t}")))
        }),
    );
    m.insert("kindOf", f!(&[A], None, |_, a| ok_str(a[0].kind_name())));
    m.insert(
        "kindIs",
        f!(&[S, A], None, |_, a| Ok(Value::Bool(
            s(&a[0]) == a[1].kind_name()
        ))),
    );
    m.insert(
        "deepEqual",
        f!(&[A, A], None, |_, a| Ok(Value::Bool(
            a[0].deep_equal(&a[1])
        ))),
    );
    // Paths.
    m.insert("base", f!(&[S], None, |_, a| ok_str(path_base(s(&a[0])))));
    m.insert("dir", f!(&[S], None, |_, a| ok_str(path_dir(s(&a[0])))));
    m.insert("clean", f!(&[S], None, |_, a| ok_str(path_clean(s(&a[0])))));
    m.insert("ext", f!(&[S], None, |_, a| ok_str(path_ext(s(&a[0])))));
    m.insert(
        "isAbs",
        f!(&[S], None, |_, a| Ok(Value::Bool(
            s(&a[0]).starts_with('/')
        ))),
    );
    for (n, base) in [
        ("osBase", "base"),
        ("osDir", "dir"),
        ("osClean", "clean"),
        ("osExt", "ext"),
        ("osIsAbs", "isAbs"),
    ] {
        m.insert(n, m[base]);
    }
    // Lists.
    m.insert("list", f!(&[], Some(A), |_, a| Ok(Value::list(a))));
    m.insert("tuple", m["list"]);
    m.insert(
        "first",
        f!(&[A], None, |_, a| list_op(&a[0], "first", |l| Ok(l
            .first()
            .cloned()
            .unwrap_or(Value::Nil)))),
    );
    m.insert(
        "last",
        f!(&[A], None, |_, a| list_op(&a[0], "last", |l| Ok(l
            .last()
            .cloned()
            .unwrap_or(Value::Nil)))),
    );
    m.insert(
        "rest",
        f!(&[A], None, |_, a| list_op(&a[0], "rest", |l| Ok(
            Value::list(l.get(1..).unwrap_or_default().to_vec())
        ))),
    );
    m.insert(
        "initial",
        f!(&[A], None, |_, a| list_op(&a[0], "initial", |l| Ok(
            Value::list(l[..l.len().saturating_sub(1)].to_vec())
        ))),
    );
    m.insert(
        "reverse",
        f!(&[A], None, |_, a| list_op(&a[0], "reverse", |l| Ok(
            Value::list(l.iter().rev().cloned().collect())
        ))),
    );
    m.insert(
        "uniq",
        f!(&[A], None, |_, a| list_op(&a[0], "uniq", |l| {
            let mut out: Vec<Value> = Vec::new();
            for v in l {
                if !out.iter().any(|o| o.deep_equal(&v)) {
                    out.push(v);
                }
            }
            Ok(Value::list(out))
        })),
    );
    m.insert(
        "compact",
        f!(&[A], None, |_, a| list_op(&a[0], "compact", |l| Ok(
            Value::list(l.into_iter().filter(|v| !empty(v)).collect())
        ))),
    );
    m.insert(
        "append",
        f!(&[A, A], None, |_, a| {
            let v = a[1].clone();
            list_op(&a[0], "append", move |mut l| {
                l.push(v);
                Ok(Value::list(l))
            })
        }),
    );
    m.insert("push", m["append"]);
    m.insert(
        "prepend",
        f!(&[A, A], None, |_, a| {
            let v = a[1].clone();
            list_op(&a[0], "prepend", move |mut l| {
                l.insert(0, v);
                Ok(Value::list(l))
            })
        }),
    );
    m.insert(
        "concat",
        f!(&[], Some(A), |_, a| {
            let mut out = Vec::new();
            for l in &a {
                match list_items(l) {
                    Some(items) => out.extend(items),
                    None => {
                        return Err(GoError::new(format!(
                            "Cannot concat type {} as list",
                            l.kind_name()
                        )))
                    }
                }
            }
            Ok(Value::list(out))
        }),
    );
    m.insert(
        "has",
        f!(&[A, A], None, |_, a| match &a[1] {
            Value::Invalid | Value::Nil => Ok(Value::Bool(false)),
            l => list_op(l, "has", |items| Ok(Value::Bool(
                items.iter().any(|v| v.deep_equal(&a[0]))
            ))),
        }),
    );
    m.insert(
        "without",
        f!(&[A], Some(A), |_, a| {
            let omit = a[1..].to_vec();
            list_op(&a[0], "without", move |l| {
                Ok(Value::list(
                    l.into_iter()
                        .filter(|v| !omit.iter().any(|o| o.deep_equal(v)))
                        .collect(),
                ))
            })
        }),
    );
    m.insert(
        "slice",
        f!(&[A], Some(A), |_, a| {
            let idx: Vec<i64> = a[1..].iter().map(to_int64).collect();
            list_op(&a[0], "slice", move |l| {
                let len = l.len() as i64;
                let (start, end) = match idx.len() {
                    0 => (0, len),
                    1 => (idx[0], len),
                    _ => (idx[0], idx[1]),
                };
                if start < 0 || end > len || start > end {
                    return Err(GoError::new(format!(
                        "runtime error: slice bounds out of range [{start}:{end}]"
                    )));
                }
                Ok(Value::list(l[start as usize..end as usize].to_vec()))
            })
        }),
    );
    m.insert(
        "chunk",
        f!(&[I, A], None, |_, a| {
            let size = int(&a[0]).max(1) as usize;
            list_op(&a[1], "chunk", move |l| {
                Ok(Value::list(
                    l.chunks(size).map(|c| Value::list(c.to_vec())).collect(),
                ))
            })
        }),
    );
    // Dicts.
    m.insert(
        "dict",
        f!(&[], Some(A), |_, a| {
            let mut out = BTreeMap::new();
            let mut it = a.into_iter();
            while let Some(k) = it.next() {
                let v = it.next().unwrap_or(Value::str(""));
                out.insert(strval(&k), v);
            }
            Ok(Value::map(out))
        }),
    );
    m.insert(
        "get",
        f!(&[M, S], None, |_, a| Ok(map_of(&a[0])
            .and_then(|m| m.entries.borrow().get(s(&a[1])).cloned())
            .unwrap_or(Value::str("")))),
    );
    m.insert(
        "set",
        f!(&[M, S, A], None, |_, a| {
            let Some(mm) = map_of(&a[0]) else {
                return Err(GoError::new("assignment to entry in nil map"));
            };
            mm.entries
                .borrow_mut()
                .insert(s(&a[1]).to_string(), a[2].clone());
            Ok(a[0].clone())
        }),
    );
    m.insert(
        "unset",
        f!(&[M, S], None, |_, a| {
            if let Some(mm) = map_of(&a[0]) {
                mm.entries.borrow_mut().remove(s(&a[1]));
            }
            Ok(a[0].clone())
        }),
    );
    m.insert(
        "hasKey",
        f!(&[M, S], None, |_, a| Ok(Value::Bool(
            map_of(&a[0]).is_some_and(|m| m.entries.borrow().contains_key(s(&a[1])))
        ))),
    );
    m.insert(
        "keys",
        f!(&[], Some(M), |_, a| {
            let mut out = Vec::new();
            for d in &a {
                if let Some(m) = map_of(d) {
                    out.extend(m.entries.borrow().keys().cloned());
                }
            }
            Ok(strs(out))
        }),
    );
    m.insert(
        "values",
        f!(&[M], None, |_, a| Ok(Value::list(
            map_of(&a[0])
                .map(|m| m.entries.borrow().values().cloned().collect())
                .unwrap_or_default()
        ))),
    );
    m.insert(
        "pick",
        f!(&[M], Some(S), |_, a| {
            let src = map_of(&a[0])
                .map(|m| m.entries.borrow().clone())
                .unwrap_or_default();
            let mut out = BTreeMap::new();
            for k in &a[1..] {
                if let Some(v) = src.get(s(k)) {
                    out.insert(s(k).to_string(), v.clone());
                }
            }
            Ok(Value::map(out))
        }),
    );
    m.insert(
        "omit",
        f!(&[M], Some(S), |_, a| {
            let mut out = map_of(&a[0])
                .map(|m| m.entries.borrow().clone())
                .unwrap_or_default();
            for k in &a[1..] {
                out.remove(s(k));
            }
            Ok(Value::map(out))
        }),
    );
    m.insert(
        "pluck",
        f!(&[S], Some(M), |_, a| {
            let key = s(&a[0]).to_string();
            Ok(Value::list(
                a[1..]
                    .iter()
                    .filter_map(|d| map_of(d).and_then(|m| m.entries.borrow().get(&key).cloned()))
                    .collect(),
            ))
        }),
    );
    m.insert("merge", f!(&[M], Some(M), |_, a| merge_into(&a, false)));
    m.insert(
        "mergeOverwrite",
        f!(&[M], Some(M), |_, a| merge_into(&a, true)),
    );
    m.insert("mustMerge", m["merge"]);
    m.insert("mustMergeOverwrite", m["mergeOverwrite"]);
    m.insert(
        "dig",
        f!(&[], Some(A), |_, a| {
            if a.len() < 3 {
                return Err(GoError::new("dig needs at least three arguments"));
            }
            let dict = &a[a.len() - 1];
            let default = a[a.len() - 2].clone();
            let keys: Vec<String> = a[..a.len() - 2].iter().map(strval).collect();
            dig(dict, &keys, default)
        }),
    );
    // Regular expressions.
    m.insert(
        "regexMatch",
        f!(&[S, S], None, |_, a| Ok(Value::Bool(
            re(s(&a[0])).is_ok_and(|r| r.is_match(s(&a[1])))
        ))),
    );
    m.insert(
        "mustRegexMatch",
        f!(&[S, S], None, |_, a| Ok(Value::Bool(
            re(s(&a[0]))?.is_match(s(&a[1]))
        ))),
    );
    m.insert(
        "regexFind",
        f!(&[S, S], None, |_, a| ok_str(
            re(s(&a[0]))?
                .find(s(&a[1]))
                .map(|x| x.as_str().to_string())
                .unwrap_or_default()
        )),
    );
    m.insert(
        "regexFindAll",
        f!(&[S, S, I], None, |_, a| {
            let n = int(&a[2]);
            let all: Vec<String> = re(s(&a[0]))?
                .find_iter(s(&a[1]))
                .map(|x| x.as_str().to_string())
                .collect();
            Ok(strs(if n < 0 {
                all
            } else {
                all.into_iter().take(n as usize).collect()
            }))
        }),
    );
    m.insert(
        "regexReplaceAll",
        f!(&[S, S, S], None, |_, a| ok_str(
            re(s(&a[0]))?.replace_all(s(&a[1]), s(&a[2])).into_owned()
        )),
    );
    m.insert(
        "regexReplaceAllLiteral",
        f!(&[S, S, S], None, |_, a| ok_str(
            re(s(&a[0]))?
                .replace_all(s(&a[1]), regex::NoExpand(s(&a[2])))
                .into_owned()
        )),
    );
    m.insert(
        "regexSplit",
        f!(&[S, S, I], None, |_, a| {
            let n = int(&a[2]);
            let r = re(s(&a[0]))?;
            let parts: Vec<String> = if n < 0 {
                r.split(s(&a[1])).map(str::to_string).collect()
            } else if n == 0 {
                vec![]
            } else {
                r.splitn(s(&a[1]), n as usize).map(str::to_string).collect()
            };
            Ok(strs(parts))
        }),
    );
    m.insert(
        "regexQuoteMeta",
        f!(&[S], None, |_, a| ok_str(regex::escape(s(&a[0])))),
    );
    // Semver.
    m.insert(
        "semverCompare",
        f!(&[S, S], None, |_, a| {
            let c = crate::masterminds::Constraint::parse(s(&a[0])).map_err(|_| {
                GoError::new(format!(
                    "improper constraint: {}",
                    printf::quote(s(&a[0]), false)
                ))
            })?;
            let v = crate::masterminds::parse_version(s(&a[1]))
                .map_err(|_| GoError::new("invalid semantic version"))?;
            Ok(Value::Bool(c.matches(&v)))
        }),
    );
    m.insert("semver", f!(&[S], None, |_, a| semver_object(s(&a[0]))));
    // Encoding and data formats.
    m.insert(
        "toJson",
        f!(&[A], None, |_, a| ok_str(
            to_json_value(&a[0])
                .map(|j| go_json(&j, true, None))
                .unwrap_or_default()
        )),
    );
    m.insert(
        "mustToJson",
        f!(&[A], None, |_, a| ok_str(go_json(
            &must(to_json_value(&a[0]))?,
            true,
            None
        ))),
    );
    m.insert(
        "toPrettyJson",
        f!(&[A], None, |_, a| ok_str(
            to_json_value(&a[0])
                .map(|j| go_json(&j, true, Some("  ")))
                .unwrap_or_default()
        )),
    );
    m.insert(
        "toRawJson",
        f!(&[A], None, |_, a| ok_str(
            to_json_value(&a[0])
                .map(|j| go_json(&j, false, None))
                .unwrap_or_default()
        )),
    );
    m.insert(
        "fromJson",
        f!(&[S], None, |_, a| Ok(
            match serde_json::from_str::<serde_json::Value>(s(&a[0])) {
                Ok(j @ serde_json::Value::Object(_)) => from_json_value(&j),
                Ok(_) => error_map(
                    "json: cannot unmarshal into Go value of type map[string]interface {}"
                ),
                Err(e) => error_map(&e.to_string()),
            }
        )),
    );
    m.insert(
        "fromJsonArray",
        f!(&[S], None, |_, a| Ok(
            match serde_json::from_str::<serde_json::Value>(s(&a[0])) {
                Ok(j @ serde_json::Value::Array(_)) => from_json_value(&j),
                Ok(_) => Value::list(vec![Value::str(
                    "json: cannot unmarshal into Go value of type []interface {}"
                )]),
                Err(e) => Value::list(vec![Value::str(e.to_string())]),
            }
        )),
    );
    m.insert(
        "toYaml",
        f!(&[A], None, |_, a| ok_str(
            to_yaml(&a[0]).unwrap_or_default()
        )),
    );
    m.insert(
        "mustToYaml",
        f!(&[A], None, |_, a| ok_str(must(to_yaml(&a[0]))?)),
    );
    m.insert(
        "toYamlPretty",
        f!(&[A], None, |_, a| ok_str(match to_json_value(&a[0]) {
            Ok(j) => {
                let mut y = crate::goyaml::to_yaml_v3(&j);
                if y.ends_with('\n') {
                    y.pop();
                }
                y
            }
            Err(_) => String::new(),
        })),
    );
    m.insert(
        "toToml",
        f!(&[A], None, |_, a| ok_str(
            match super::toml::encode(&a[0]) {
                Ok(t) => t,
                Err(e) => e.0,
            }
        )),
    );
    m.insert(
        "mustToToml",
        f!(&[A], None, |_, a| ok_str(
            super::toml::encode(&a[0]).map_err(|e| GoError::new(e.0))?
        )),
    );
    m.insert(
        "fromToml",
        f!(&[S], None, |_, a| Ok(super::toml::decode(s(&a[0])))),
    );
    m.insert("fromYaml", f!(&[S], None, |_, a| Ok(match yaml_to_value(s(&a[0])) {
        Ok(v @ Value::Map(_)) => v,
        Ok(Value::Nil) => Value::map(BTreeMap::new()),
        Ok(other) => error_map(&format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_kind(&other))),
        Err(e) => error_map(&e),
    })));
    m.insert("fromYamlArray", f!(&[S], None, |_, a| Ok(match yaml_to_value(s(&a[0])) {
        Ok(v @ Value::List(_)) => v,
        Ok(Value::Nil) => Value::list(vec![]),
        Ok(other) => Value::list(vec![Value::str(format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}", json_kind(&other)))]),
        Err(e) => Value::list(vec![Value::str(e)]),
    })));
    // Helm.
    m.insert("include", f!(&[S, A], None, include));
    m.insert("tpl", f!(&[S, A], None, tpl));
    m.insert(
        "lookup",
        f!(&[S, S, S, S], None, |_, _| Ok(Value::map(BTreeMap::new()))),
    );
    m.insert(
        "getHostByName",
        f!(&[S], None, |_, a| get_host_by_name(s(&a[0]))),
    );
    m.insert(
        "durationRound",
        f!(&[A], None, |_, a| ok_str(duration_round(&a[0]))),
    );
    // Keys, certificates and ciphers.
    m.insert(
        "genPrivateKey",
        f!(&[S], None, |_, a| ok_str(
            match super::crypto::PrivateKey::generate(s(&a[0])).and_then(|k| k.to_pem()) {
                Ok(p) => p,
                Err(e) => e,
            }
        )),
    );
    m.insert(
        "derivePassword",
        f!(&[I, S, S, S, S], None, |_, a| ok_str(
            super::crypto::derive_password(
                int(&a[0]) as u32,
                s(&a[1]),
                s(&a[2]),
                s(&a[3]),
                s(&a[4])
            )
        )),
    );
    m.insert(
        "buildCustomCert",
        f!(&[S, S], None, |_, a| must(
            super::crypto::build_custom_cert(s(&a[0]), s(&a[1]))
        )),
    );
    m.insert(
        "genCA",
        f!(&[S, I], None, |_, a| must(super::crypto::gen_ca(
            s(&a[0]),
            int(&a[1]),
            None
        ))),
    );
    m.insert(
        "genCAWithKey",
        f!(&[S, I, S], None, |_, a| must(super::crypto::gen_ca(
            s(&a[0]),
            int(&a[1]),
            Some(s(&a[2]))
        ))),
    );
    m.insert(
        "genSelfSignedCert",
        f!(&[S, L, L, I], None, |_, a| must(
            super::crypto::gen_self_signed(s(&a[0]), &a[1], &a[2], int(&a[3]), None)
        )),
    );
    m.insert(
        "genSelfSignedCertWithKey",
        f!(&[S, L, L, I, S], None, |_, a| must(
            super::crypto::gen_self_signed(s(&a[0]), &a[1], &a[2], int(&a[3]), Some(s(&a[4])))
        )),
    );
    m.insert(
        "genSignedCert",
        f!(&[S, L, L, I, CERT], None, |_, a| must(
            super::crypto::gen_signed(s(&a[0]), &a[1], &a[2], int(&a[3]), &a[4], None)
        )),
    );
    m.insert(
        "genSignedCertWithKey",
        f!(&[S, L, L, I, CERT, S], None, |_, a| must(
            super::crypto::gen_signed(s(&a[0]), &a[1], &a[2], int(&a[3]), &a[4], Some(s(&a[5])))
        )),
    );
    m.insert(
        "encryptAES",
        f!(&[S, S], None, |_, a| ok_str(must(
            super::crypto::encrypt_aes(s(&a[0]), s(&a[1]))
        )?)),
    );
    m.insert(
        "decryptAES",
        f!(&[S, S], None, |_, a| ok_str(must(
            super::crypto::decrypt_aes(s(&a[0]), s(&a[1]))
        )?)),
    );
    m.insert("uuidv4", f!(&[], None, |_, _| ok_str(uuid_v4())));
    m.insert(
        "randAlphaNum",
        f!(&[I], None, |_, a| ok_str(random_from(
            int(&a[0]),
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        ))),
    );
    m.insert(
        "randAlpha",
        f!(&[I], None, |_, a| ok_str(random_from(
            int(&a[0]),
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        ))),
    );
    m.insert(
        "randNumeric",
        f!(&[I], None, |_, a| ok_str(random_from(
            int(&a[0]),
            "0123456789"
        ))),
    );
    m.insert("randAscii", f!(&[I], None, |_, a| ok_str(random_from(int(&a[0]), "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"))));
    // `must` variants that share the body (ours return errors where Sprig's panic; the
    // message is the same either way).
    for (must, base) in [
        ("mustAppend", "append"),
        ("mustPush", "push"),
        ("mustPrepend", "prepend"),
        ("mustFirst", "first"),
        ("mustLast", "last"),
        ("mustRest", "rest"),
        ("mustInitial", "initial"),
        ("mustReverse", "reverse"),
        ("mustUniq", "uniq"),
        ("mustWithout", "without"),
        ("mustHas", "has"),
        ("mustSlice", "slice"),
        ("mustChunk", "chunk"),
        ("mustCompact", "compact"),
        ("mustRegexFind", "regexFind"),
        ("mustRegexFindAll", "regexFindAll"),
        ("mustRegexReplaceAll", "regexReplaceAll"),
        ("mustRegexReplaceAllLiteral", "regexReplaceAllLiteral"),
        ("mustRegexSplit", "regexSplit"),
    ] {
        m.insert(must, m[base]);
    }
    m.insert(
        "mustFromJson",
        f!(&[S], None, |_, a| {
            let j: serde_json::Value =
                serde_json::from_str(s(&a[0])).map_err(|e| GoError::new(e.to_string()))?;
            Ok(from_json_value(&j))
        }),
    );
    m.insert(
        "mustToPrettyJson",
        f!(&[A], None, |_, a| ok_str(go_json(
            &must(to_json_value(&a[0]))?,
            true,
            Some("  ")
        ))),
    );
    m.insert(
        "mustToRawJson",
        f!(&[A], None, |_, a| ok_str(go_json(
            &must(to_json_value(&a[0]))?,
            false,
            None
        ))),
    );
    m.insert("hello", f!(&[], None, |_, _| ok_str("Hello!")));
    m.insert(
        "b32dec",
        f!(&[S], None, |_, a| ok_str(match base32_decode(s(&a[0])) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => "illegal base32 data at input byte 0".to_string(),
        })),
    );
    m.insert(
        "abbrevboth",
        f!(&[I, I, S], None, |_, a| ok_str(abbrev_both(
            int(&a[0]),
            int(&a[1]),
            s(&a[2])
        ))),
    );
    m.insert(
        "shuffle",
        f!(&[S], None, |_, a| {
            let mut c: Vec<char> = s(&a[0]).chars().collect();
            for i in (1..c.len()).rev() {
                let j = (random_u64() % (i as u64 + 1)) as usize;
                c.swap(i, j);
            }
            ok_str(c.into_iter().collect::<String>())
        }),
    );
    m.insert(
        "randBytes",
        f!(&[I], None, |_, a| {
            let mut b = vec![0u8; int(&a[0]).max(0) as usize];
            getrandom::fill(&mut b).map_err(|e| GoError::new(e.to_string()))?;
            ok_str(base64::engine::general_purpose::STANDARD.encode(b))
        }),
    );
    m.insert("urlParse", f!(&[S], None, |_, a| url_parse(s(&a[0]))));
    m.insert("urlJoin", f!(&[M], None, |_, a| ok_str(url_join(&a[0]))));
    // Dates.
    m.insert(
        "now",
        f!(&[], None, |_, _| Ok(
            time_value(&super::gotime::Time::now())
        )),
    );
    m.insert(
        "date",
        f!(&[S, A], None, |_, a| ok_str(date_in_zone(
            s(&a[0]),
            &a[1],
            "Local"
        ))),
    );
    m.insert(
        "dateInZone",
        f!(&[S, A, S], None, |_, a| ok_str(date_in_zone(
            s(&a[0]),
            &a[1],
            s(&a[2])
        ))),
    );
    m.insert("date_in_zone", m["dateInZone"]);
    m.insert(
        "htmlDate",
        f!(&[A], None, |_, a| ok_str(date_in_zone(
            "2006-01-02",
            &a[0],
            "Local"
        ))),
    );
    m.insert(
        "htmlDateInZone",
        f!(&[A, S], None, |_, a| ok_str(date_in_zone(
            "2006-01-02",
            &a[0],
            s(&a[1])
        ))),
    );
    m.insert(
        "dateModify",
        f!(&[S, A], None, |_, a| {
            let Some(t) = time_of(&a[1]) else {
                return Err(GoError::new(format!(
                    "wrong type for value; expected time.Time; got {}",
                    a[1].type_name()
                )));
            };
            Ok(match super::gotime::parse_duration(s(&a[0])) {
                Ok(d) => time_value(&t.add(d)),
                Err(_) => a[1].clone(),
            })
        }),
    );
    m.insert("date_modify", m["dateModify"]);
    m.insert(
        "mustDateModify",
        f!(&[S, A], None, |_, a| {
            let Some(t) = time_of(&a[1]) else {
                return Err(GoError::new(format!(
                    "wrong type for value; expected time.Time; got {}",
                    a[1].type_name()
                )));
            };
            let d = super::gotime::parse_duration(s(&a[0])).map_err(GoError::new)?;
            Ok(time_value(&t.add(d)))
        }),
    );
    m.insert("must_date_modify", m["mustDateModify"]);
    m.insert(
        "toDate",
        f!(&[S, S], None, |_, a| Ok(time_value(
            &super::gotime::parse(s(&a[0]), s(&a[1]))
                .unwrap_or_else(|_| super::gotime::Time::unix(-62135596800).in_zone("UTC"))
        ))),
    );
    m.insert(
        "mustToDate",
        f!(&[S, S], None, |_, a| Ok(time_value(
            &super::gotime::parse(s(&a[0]), s(&a[1])).map_err(GoError::new)?
        ))),
    );
    m.insert(
        "unixEpoch",
        f!(&[A], None, |_, a| match time_of(&a[0]) {
            Some(t) => ok_str(t.at.timestamp().to_string()),
            None => Err(GoError::new(format!(
                "wrong type for value; expected time.Time; got {}",
                a[0].type_name()
            ))),
        }),
    );
    m.insert(
        "duration",
        f!(&[A], None, |_, a| {
            let n: i64 = match &a[0] {
                Value::Str(x) => x.parse().unwrap_or(0),
                Value::Int64(i) => *i,
                _ => 0,
            };
            ok_str(super::gotime::duration_string(
                n.saturating_mul(1_000_000_000),
            ))
        }),
    );
    m.insert(
        "ago",
        f!(&[A], None, |_, a| {
            // time.Since(t).Round(time.Second), in nanoseconds.
            let now = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
            let then = match &a[0] {
                Value::Int(i) | Value::Int64(i) => i.saturating_mul(1_000_000_000),
                Value::Int32(i) => *i as i64 * 1_000_000_000,
                v => time_of(v)
                    .and_then(|t| t.at.timestamp_nanos_opt())
                    .unwrap_or(now),
            };
            let d = now.saturating_sub(then);
            let rounded = (d + d.signum() * 500_000_000) / 1_000_000_000 * 1_000_000_000;
            ok_str(super::gotime::duration_string(rounded))
        }),
    );
    m.insert(
        "htpasswd",
        f!(&[S, S], None, |_, a| {
            let user = s(&a[0]);
            if user.contains(':') {
                return ok_str(format!("invalid username: {user}"));
            }
            match bcrypt::hash_with_result(s(&a[1]), 10)
                .map(|h| h.format_for_version(bcrypt::Version::TwoA))
            {
                Ok(h) => ok_str(format!("{user}:{h}")),
                Err(e) => ok_str(format!("failed to create htpasswd: {e}")),
            }
        }),
    );
    m.insert(
        "bcrypt",
        f!(&[S], None, |_, a| ok_str(
            bcrypt::hash_with_result(s(&a[0]), 10)
                .map(|h| h.format_for_version(bcrypt::Version::TwoA))
                .map_err(|e| GoError::new(e.to_string()))?
        )),
    );
    let mut funcs = Funcs {
        funcs: m,
        methods: HashMap::new(),
    };
    super::objects::add_methods(&mut funcs);
    funcs
}

fn go_space(c: char) -> bool {
    c.is_whitespace()
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::Str(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

fn error_map(msg: &str) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Error".to_string(), Value::str(msg));
    Value::map(m)
}

fn re(pattern: &str) -> Result<regex::Regex, GoError> {
    regex::Regex::new(pattern).map_err(|e| GoError::new(format!("error parsing regexp: {e}")))
}

fn list_op(v: &Value, name: &str, f: impl FnOnce(Vec<Value>) -> R) -> R {
    match list_items(v) {
        Some(items) => f(items),
        None => Err(GoError::new(format!(
            "Cannot find {name} on type {}",
            v.kind_name()
        ))),
    }
}

fn int_list(v: Vec<i64>) -> Value {
    Value::typed_list(Elem::Int, v.into_iter().map(Value::Int).collect())
}

fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut v = Vec::new();
    if step == 0 {
        return v;
    }
    let mut i = start;
    if step > 0 {
        while i < stop {
            v.push(i);
            i += step;
        }
    } else {
        while i > stop {
            v.push(i);
            i += step;
        }
    }
    v
}

fn seq(p: &[i64]) -> String {
    let (start, end, step) = match p {
        [] => return String::new(),
        [e] => (1, *e, if *e >= 1 { 1 } else { -1 }),
        [s, e] => (*s, *e, if e >= s { 1 } else { -1 }),
        [s, st, e, ..] => (*s, *e, *st),
    };
    let mut out = Vec::new();
    if step == 0 {
        return String::new();
    }
    let mut i = start;
    if step > 0 {
        while i <= end {
            out.push(i.to_string());
            i += step;
        }
    } else {
        while i >= end {
            out.push(i.to_string());
            i += step;
        }
    }
    out.join(" ")
}

fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return vec![];
    }
    if sep.is_empty() {
        let chars: Vec<String> = s.chars().map(String::from).collect();
        if n < 0 || chars.len() <= n as usize {
            return chars;
        }
        let mut out: Vec<String> = chars[..n as usize - 1].to_vec();
        out.push(s.chars().skip(n as usize - 1).collect());
        return out;
    }
    if n < 0 {
        return s.split(sep).map(str::to_string).collect();
    }
    s.splitn(n as usize, sep).map(str::to_string).collect()
}

fn go_replace(s: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        // Go inserts `new` before every rune and at the end.
        let mut out = String::new();
        for c in s.chars() {
            out.push_str(new);
            out.push(c);
        }
        out.push_str(new);
        return out;
    }
    s.replace(old, new)
}

fn indent(n: i64, v: &str) -> String {
    let pad = " ".repeat(n.max(0) as usize);
    format!("{pad}{}", v.replace('\n', &format!("\n{pad}")))
}

fn trunc(c: i64, s: &str) -> String {
    let len = s.len() as i64;
    let b = s.as_bytes();
    if c < 0 && len + c > 0 {
        return String::from_utf8_lossy(&b[(len + c) as usize..]).into_owned();
    }
    if c >= 0 && len > c {
        return String::from_utf8_lossy(&b[..c as usize]).into_owned();
    }
    s.to_string()
}

fn substr(start: i64, end: i64, s: &str) -> String {
    let b = s.as_bytes();
    let len = b.len() as i64;
    let r = if start < 0 {
        &b[..end.clamp(0, len) as usize]
    } else if end < 0 || end > len {
        &b[start.min(len) as usize..]
    } else {
        &b[start.min(end) as usize..end as usize]
    };
    String::from_utf8_lossy(r).into_owned()
}

/// Go's deprecated `strings.Title`: the first letter of each word upper-cased, where words
/// are separated by anything that is not a letter, digit, `_` or `'`.
fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let sep = !(prev.is_alphanumeric() || prev == '_' || prev == '\'');
            prev = c;
            if sep {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn untitle(s: &str) -> String {
    let mut out = String::new();
    let mut at_start = true;
    for c in s.chars() {
        if c.is_whitespace() {
            at_start = true;
            out.push(c);
        } else if at_start {
            out.extend(c.to_lowercase());
            at_start = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// xstrings `ToPascalCase` as Sprig's `camelcase` uses it.
fn camelcase(s: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in s.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            upper_next = true;
            continue;
        }
        if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// xstrings `ToSnakeCase`/`ToKebabCase`: words split at case changes and separators, joined
/// in lower case.
fn snake_or_kebab(s: &str, sep: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !out.is_empty() && !out.ends_with(sep) {
                out.push(sep);
            }
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if (prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower))
                && !out.ends_with(sep)
            {
                out.push(sep);
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches(sep).to_string()
}

fn abbrev(width: i64, s: &str) -> String {
    if width < 4 || s.chars().count() as i64 <= width {
        return s.to_string();
    }
    let keep: String = s.chars().take((width - 3) as usize).collect();
    format!("{keep}...")
}

/// goutils `WrapCustom` with long words kept whole.
fn wrap(s: &str, width: i64, nl: &str) -> String {
    let width = width.max(1) as usize;
    let mut out = Vec::new();
    for line in s.split('\n') {
        let mut cur = String::new();
        for word in line.split(' ') {
            if cur.is_empty() {
                cur.push_str(word);
            } else if cur.chars().count() + 1 + word.chars().count() <= width {
                cur.push(' ');
                cur.push_str(word);
            } else {
                out.push(std::mem::take(&mut cur));
                cur.push_str(word);
            }
        }
        out.push(cur);
    }
    out.join(nl)
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &c in data {
        a = (a + c as u32) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn base32_encode(data: &[u8]) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(ALPHA[((bits >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Sprig's `durationRound`: a string duration, an int64 of nanoseconds or the time since a
/// time, as its largest whole unit (`y` of 365 days, `mo` of 30, `d`, `h`, `m`, `s`).
fn duration_round(v: &Value) -> String {
    let d: i64 = match v {
        Value::Str(t) => super::gotime::parse_duration(t).unwrap_or(0),
        Value::Int64(n) => *n,
        v => match time_of(v) {
            Some(t) => {
                let now = chrono::Utc::now();
                (now - t.at.with_timezone(&chrono::Utc))
                    .num_nanoseconds()
                    .unwrap_or(i64::MAX)
            }
            None => 0,
        },
    };
    let u = d.unsigned_abs();
    const HOUR: u64 = 3_600_000_000_000;
    for (unit, suffix) in [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ] {
        if u > unit {
            return format!("{}{suffix}", u / unit);
        }
    }
    "0s".into()
}

/// Sprig's `getHostByName`: one of the name's addresses, picked at random; Go's
/// `addrs[rand.Intn(0)]` panic when the name does not resolve.
fn get_host_by_name(name: &str) -> R {
    use std::net::ToSocketAddrs as _;
    let mut addrs: Vec<String> = (name, 0)
        .to_socket_addrs()
        .map(|a| a.map(|a| a.ip().to_string()).collect())
        .unwrap_or_default();
    addrs.dedup();
    if addrs.is_empty() {
        return Err(GoError::new("invalid argument to Intn"));
    }
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    let i = u64::from_le_bytes(b) as usize % addrs.len();
    ok_str(addrs.swap_remove(i))
}

/// The text Sprig's `b64dec` returns for bad input: Go's `base64.CorruptInputError`.
pub fn b64_error(input: &str) -> String {
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let b = input.as_bytes();
    let mut offset = b
        .iter()
        .position(|c| !valid(*c) && *c != b'=')
        .unwrap_or(b.len());
    if offset == b.len() {
        // Bad length or padding: Go reports the last complete quantum's start.
        offset = (b.len() / 4) * 4;
        if let Some(p) = b.iter().position(|c| *c == b'=') {
            offset = p;
        }
    }
    format!("illegal base64 data at input byte {offset}")
}

fn path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

fn path_dir(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    path_clean(dir)
}

fn path_ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

fn random_from(n: i64, alphabet: &str) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    (0..n.max(0))
        .map(|_| chars[random_u64() as usize % chars.len()])
        .collect()
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let t = text.trim_end_matches('=');
    if !text.len().is_multiple_of(8) {
        return None;
    }
    let mut bits: u64 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in t.bytes() {
        let v = ALPHA.iter().position(|a| *a == c)? as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    Some(out)
}

/// goutils `AbbreviateFull`.
fn abbrev_both(left: i64, right: i64, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as i64;
    if right < 4 || (left > 0 && right < 7) {
        return s.to_string();
    }
    if len <= right {
        return s.to_string();
    }
    let mut off = left.min(len);
    if len - off < right - 3 {
        off = len - (right - 3);
    }
    if off <= 4 {
        let keep: String = chars[..(right - 3) as usize].iter().collect();
        return format!("{keep}...");
    }
    if right < 7 {
        return s.to_string();
    }
    if off + right - 3 < len {
        let inner: String = chars[off as usize..].iter().collect();
        return format!("...{}", abbrev(right - 3, &inner));
    }
    let tail: String = chars[(len - (right - 3)) as usize..].iter().collect();
    format!("...{tail}")
}

fn url_parse(raw: &str) -> R {
    let u = url::Url::parse(raw).map_err(|e| GoError::new(format!("unable to parse url: {e}")))?;
    let mut m = BTreeMap::new();
    m.insert("scheme".to_string(), Value::str(u.scheme()));
    let host = match (u.host_str(), u.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    };
    m.insert("host".to_string(), Value::str(&host));
    m.insert(
        "hostname".to_string(),
        Value::str(u.host_str().unwrap_or_default()),
    );
    m.insert("path".to_string(), Value::str(u.path()));
    m.insert(
        "query".to_string(),
        Value::str(u.query().unwrap_or_default()),
    );
    m.insert(
        "opaque".to_string(),
        Value::str(if u.cannot_be_a_base() { u.path() } else { "" }),
    );
    m.insert(
        "fragment".to_string(),
        Value::str(u.fragment().unwrap_or_default()),
    );
    let userinfo = match (u.username(), u.password()) {
        ("", None) => String::new(),
        (user, None) => user.to_string(),
        (user, Some(p)) => format!("{user}:{p}"),
    };
    m.insert("userinfo".to_string(), Value::str(&userinfo));
    Ok(Value::map(m))
}

fn url_join(d: &Value) -> String {
    let get = |k: &str| match d {
        Value::Map(m) => m.entries.borrow().get(k).map(strval).unwrap_or_default(),
        _ => String::new(),
    };
    let mut out = String::new();
    let scheme = get("scheme");
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    let opaque = get("opaque");
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        let host = get("host");
        let userinfo = get("userinfo");
        if !scheme.is_empty() || !host.is_empty() || !userinfo.is_empty() {
            out.push_str("//");
            if !userinfo.is_empty() {
                out.push_str(&userinfo);
                out.push('@');
            }
            out.push_str(&host);
        }
        let path = get("path");
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out.push_str(&path);
    }
    let q = get("query");
    if !q.is_empty() {
        out.push('?');
        out.push_str(&q);
    }
    let f = get("fragment");
    if !f.is_empty() {
        out.push('#');
        out.push_str(&f);
    }
    out
}

/// A `time.Time` value.
pub fn time_value(t: &super::gotime::Time) -> Value {
    Value::Object(Rc::new(super::tmpl::value::Object {
        type_name: "time.Time".into(),
        pointer: false,
        fields: vec![],
        stringer: Some(t.go_string()),
        error: None,
        data: super::tmpl::value::ObjectData::Time {
            secs: t.at.timestamp(),
            nanos: t.at.timestamp_subsec_nanos(),
            offset: t.at.offset().local_minus_utc(),
            zone: t.zone.clone(),
        },
    }))
}

/// The time inside a `time.Time` value.
pub fn time_of(v: &Value) -> Option<super::gotime::Time> {
    let Value::Object(o) = v else { return None };
    let super::tmpl::value::ObjectData::Time {
        secs,
        nanos,
        offset,
        zone,
    } = &o.data
    else {
        return None;
    };
    let tz = chrono::FixedOffset::east_opt(*offset)?;
    let at = chrono::DateTime::from_timestamp(*secs, *nanos)?.with_timezone(&tz);
    Some(super::gotime::Time {
        at,
        zone: zone.clone(),
    })
}

/// Sprig's `dateInZone`: times, and Unix seconds as int, int32 or int64; anything else is now.
fn date_in_zone(fmt: &str, date: &Value, zone: &str) -> String {
    let t = match date {
        Value::Int(i) | Value::Int64(i) => super::gotime::Time::unix(*i),
        Value::Int32(i) => super::gotime::Time::unix(*i as i64),
        v => time_of(v).unwrap_or_else(super::gotime::Time::now),
    };
    super::gotime::format(&t.in_zone(zone), fmt)
}

/// A random number from the operating system (Sprig's random functions are not seeded).
fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap_or_default();
    u64::from_le_bytes(b)
}

fn uuid_v4() -> String {
    crate::runtime::uuid_v4()
}

/// mergo's `Merge` (or with `overwrite`, `MergeWithOverwrite`) of each source into the
/// destination, which is changed in place and returned.
fn merge_into(a: &[Value], overwrite: bool) -> R {
    let Some(dst) = map_of(&a[0]) else {
        return Ok(a[0].clone());
    };
    for src in &a[1..] {
        if let Some(src) = map_of(src) {
            let entries = src.entries.borrow().clone();
            merge_map(&dst, &entries, overwrite);
        }
    }
    Ok(a[0].clone())
}

fn merge_map(dst: &super::tmpl::value::Map, src: &BTreeMap<String, Value>, overwrite: bool) {
    for (k, sv) in src {
        let dv = dst.entries.borrow().get(k).cloned();
        match (dv, sv) {
            (Some(Value::Map(dm)), Value::Map(sm)) => {
                let se = sm.entries.borrow().clone();
                merge_map(&dm, &se, overwrite);
            }
            (Some(d), s) => {
                if (overwrite && !empty(s)) || (!overwrite && empty(&d)) {
                    dst.entries.borrow_mut().insert(k.clone(), s.deep_copy());
                }
            }
            (None, s) => {
                dst.entries.borrow_mut().insert(k.clone(), s.deep_copy());
            }
        }
    }
}

fn dig(dict: &Value, keys: &[String], default: Value) -> R {
    let Value::Map(m) = dict else {
        return Err(GoError::new(format!(
            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
            dict.type_name()
        )));
    };
    if m.named.is_some() {
        return Err(GoError::new(format!(
            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
            dict.type_name()
        )));
    }
    let Some(v) = m.entries.borrow().get(&keys[0]).cloned() else {
        return Ok(default);
    };
    if keys.len() == 1 {
        return Ok(v);
    }
    dig(&v, &keys[1..], default)
}

fn semver_object(s: &str) -> R {
    let v = crate::masterminds::parse_version(s)
        .map_err(|_| GoError::new("invalid semantic version"))?;
    Ok(Value::Object(Rc::new(super::tmpl::value::Object {
        type_name: "*semver.Version".into(),
        pointer: true,
        fields: vec![],
        stringer: Some(v.to_string()),
        error: None,
        data: super::tmpl::value::ObjectData::Semver(v),
    })))
}

/// Helm's `include`: runs a named template of the current set and returns its text.
fn include(ctx: &mut Ctx<'_>, a: Vec<Value>) -> R {
    let name = s(&a[0]).to_string();
    let depth = ctx.state.include_depth.entry(name.clone()).or_insert(0);
    if *depth > INCLUDE_LIMIT {
        return Err(GoError {
            msg: format!("rendering template has a nested reference name: {name}: unable to execute template"),
            exec: false,
            source: Some(Box::new(GoError::new("unable to execute template"))),
        });
    }
    *depth += 1;
    let r = ctx.set.execute(&name, &a[1], ctx.funcs, ctx.state, "gotpl");
    if let Some(d) = ctx.state.include_depth.get_mut(&name) {
        *d -= 1;
    }
    r.map(Value::str)
}

/// Helm's `tpl`: parses the text into a copy of the current set (as template `gotpl`, so its
/// definitions stay local), runs it on the data and removes `<no value>`.
fn tpl(ctx: &mut Ctx<'_>, a: Vec<Value>) -> R {
    let text = s(&a[0]).to_string();
    if ctx.state.tpl_depth >= INCLUDE_LIMIT {
        return Err(GoError::new(format!(
            "error during tpl function execution for {}: more than {INCLUDE_LIMIT} nested tpl calls",
            printf::quote(&text, false)
        )));
    }
    let mut set: Set = ctx.set.clone();
    if let Err(e) = set.parse("gotpl", &text, ctx.funcs) {
        return Err(GoError {
            msg: format!("cannot parse template {}: {e}", printf::quote(&text, false)),
            exec: false,
            source: Some(Box::new(GoError::new(e.to_string()))),
        });
    }
    ctx.state.tpl_depth += 1;
    let result = set.execute("gotpl", &a[1], ctx.funcs, ctx.state, "gotpl");
    ctx.state.tpl_depth -= 1;
    match result {
        Ok(out) => ok_str(out.replace("<no value>", "")),
        Err(e) => Err(GoError {
            msg: format!(
                "error during tpl function execution for {}: {}",
                printf::quote(&text, false),
                e.msg
            ),
            exec: false,
            source: Some(Box::new(e)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_and_sprig_conversions_follow_go() {
        assert_eq!(to_int64(&Value::str("010")), 8);
        assert_eq!(to_int64(&Value::str("1.0")), 1);
        assert_eq!(to_int64(&Value::str("1.5")), 0);
        assert_eq!(to_int64(&Value::Float(-2.7)), -2);
        assert!(empty(&Value::Float(0.0)) && !empty(&Value::str("x")));
        assert_eq!(strval(&Value::Float(1e6)), "1e+06");
    }

    #[test]
    fn string_helpers_follow_go() {
        assert_eq!(title("hello wORLD-x_y"), "Hello WORLD-X_y");
        assert_eq!(trunc(-3, "abcdef"), "def");
        assert_eq!(substr(1, 3, "abcdef"), "bc");
        assert_eq!(indent(2, "a\n\nb"), "  a\n  \n  b");
        assert_eq!(snake_or_kebab("HTTPServerName", '_'), "http_server_name");
        assert_eq!(camelcase("foo_bar-baz"), "FooBarBaz");
        assert_eq!(path_dir("a/b/c.yaml"), "a/b");
        assert_eq!(path_ext("a/b.tar.gz"), ".gz");
        assert_eq!(base32_encode(b"hi"), "NBUQ====");
        assert_eq!(seq(&[3]), "1 2 3");
        assert_eq!(
            go_json(&serde_json::json!({"b": "<x>", "a": 1.5}), true, None),
            r#"{"a":1.5,"b":"\u003cx\u003e"}"#
        );
    }
}
