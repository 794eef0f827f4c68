//! TOML for Helm's `toToml`/`mustToToml`/`fromToml`: an encoder writing the bytes
//! `github.com/BurntSushi/toml` v1.6.0's `Encoder` writes for template values (plain keys
//! first, then tables, each group in byte order; nested keys indented two spaces per level;
//! a blank line before each top-level table; arrays of tables as `[[key]]`; maps inside
//! arrays inline; nil values skipped; floats with `.0` added), and a decoder giving the
//! values `toml.Unmarshal` into `map[string]interface{}` gives (int64, float64, time.Time,
//! `[]interface {}`, `[]map[string]interface {}` for arrays of tables). Parsing is the `toml`
//! crate's; its error wording differs from BurntSushi's.

use std::collections::BTreeMap;

use super::gotime::Time;
use super::tmpl::value::{Elem, Value};

/// An encoding error with BurntSushi's text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct TomlError(pub String);

fn err(msg: &str) -> TomlError {
    TomlError(msg.to_string())
}

/// BurntSushi's table/value classification of a value.
#[derive(PartialEq, Eq)]
enum Kind {
    Nil,
    Table,
    TableArray,
    Other,
}

fn kind(v: &Value) -> Result<Kind, TomlError> {
    Ok(match v {
        Value::Invalid | Value::Nil => Kind::Nil,
        Value::Map(_) => Kind::Table,
        Value::List(l) => {
            let items = l.items.borrow();
            if items.is_empty() {
                return Ok(Kind::Other);
            }
            let mut all = true;
            for e in items.iter() {
                match kind(e)? {
                    Kind::Nil => {
                        return Err(err("toml: cannot encode array with nil element"));
                    }
                    Kind::Table => {}
                    _ => all = false,
                }
            }
            if all {
                Kind::TableArray
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    })
}

fn is_bare(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|r| r.is_ascii_alphanumeric() || r == '_' || r == '-')
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key_piece(k: &str) -> String {
    if k.is_empty() {
        "\"\"".to_string()
    } else if is_bare(k) {
        k.to_string()
    } else {
        quoted(k)
    }
}

fn key_path(key: &[String]) -> String {
    key.iter()
        .map(|k| key_piece(k))
        .collect::<Vec<_>>()
        .join(".")
}

struct Encoder {
    out: String,
}

impl Encoder {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, key: &[String]) {
        for _ in 1..key.len() {
            self.out.push_str("  ");
        }
    }

    fn encode(&mut self, key: &[String], v: &Value) -> Result<(), TomlError> {
        match kind(v)? {
            Kind::Nil => Ok(()),
            Kind::Table => self.table(key, v),
            Kind::TableArray => {
                if key.is_empty() {
                    return Err(err("toml: top-level values must be Go maps or structs"));
                }
                let Value::List(l) = v else { return Ok(()) };
                for item in l.items.borrow().iter() {
                    self.newline();
                    self.indent(key);
                    self.out.push_str(&format!("[[{}]]", key_path(key)));
                    self.newline();
                    self.map(key, item, false)?;
                }
                Ok(())
            }
            Kind::Other => self.key_value(key, v, false),
        }
    }

    fn table(&mut self, key: &[String], v: &Value) -> Result<(), TomlError> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.indent(key);
            self.out.push_str(&format!("[{}]", key_path(key)));
            self.newline();
        }
        self.map(key, v, false)
    }

    fn map(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), TomlError> {
        let Value::Map(m) = v else { return Ok(()) };
        let entries = m.entries.borrow();
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, e) in entries.iter() {
            match kind(e)? {
                Kind::Table | Kind::TableArray => sub.push((k, e)),
                _ => direct.push((k, e)),
            }
        }
        if inline {
            self.out.push('{');
        }
        let trail = !sub.is_empty();
        for (group, trail) in [(direct, trail), (sub, false)] {
            let n = group.len();
            for (i, (k, e)) in group.into_iter().enumerate() {
                if e.is_nil() {
                    continue;
                }
                if inline {
                    self.key_value(std::slice::from_ref(k), e, true)?;
                    if trail || i != n - 1 {
                        self.out.push_str(", ");
                    }
                } else {
                    let mut path = key.to_vec();
                    path.push(k.clone());
                    self.encode(&path, e)?;
                }
            }
        }
        if inline {
            self.out.push('}');
        }
        Ok(())
    }

    fn key_value(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), TomlError> {
        if key.is_empty() {
            return self.element(v);
        }
        self.indent(key);
        self.out.push_str(&key_piece(&key[key.len() - 1]));
        self.out.push_str(" = ");
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &Value) -> Result<(), TomlError> {
        match v {
            Value::Str(s) => self.out.push_str(&quoted(s)),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.out.push_str(&i.to_string()),
            Value::Int32(i) => self.out.push_str(&i.to_string()),
            Value::Uint8(u) => self.out.push_str(&u.to_string()),
            Value::Uint64(u) => self.out.push_str(&u.to_string()),
            Value::Float(f) => {
                if f.is_nan() {
                    self.out
                        .push_str(if f.is_sign_negative() { "-nan" } else { "nan" });
                } else if f.is_infinite() {
                    self.out
                        .push_str(if f.is_sign_negative() { "-inf" } else { "inf" });
                } else {
                    let g = super::tmpl::gofmt::format_float(*f, 'g', -1);
                    self.out.push_str(&g);
                    if !g.contains(['e', '.']) {
                        self.out.push_str(".0");
                    }
                }
            }
            Value::Bytes(b) => {
                self.out.push('[');
                let parts: Vec<String> = b.iter().map(|c| c.to_string()).collect();
                self.out.push_str(&parts.join(", "));
                self.out.push(']');
            }
            Value::List(l) => {
                self.out.push('[');
                let items = l.items.borrow();
                for (i, e) in items.iter().enumerate() {
                    self.element(e)?;
                    if i + 1 != items.len() {
                        self.out.push_str(", ");
                    }
                }
                self.out.push(']');
            }
            Value::Map(_) => self.map(&[], v, true)?,
            Value::Object(o) => match (&o.data, &o.stringer) {
                (super::tmpl::value::ObjectData::Time { .. }, _) => {
                    let t = super::funcs::time_of(v).ok_or_else(|| err("toml: bad time"))?;
                    self.out.push_str(&super::gotime::format(
                        &t,
                        "2006-01-02T15:04:05.999999999Z07:00",
                    ));
                }
                (_, Some(s)) => self.out.push_str(&quoted(s)),
                _ => {
                    return Err(TomlError(format!(
                        "toml: unsupported type: {}",
                        v.type_name()
                    )))
                }
            },
            Value::Complex(..) => return Err(err("toml: unexpected type: complex128")),
            Value::Invalid | Value::Nil => {
                return Err(err("toml: cannot encode array with nil element"))
            }
        }
        Ok(())
    }
}

/// `toml.NewEncoder(w).Encode(v)`'s bytes.
pub fn encode(v: &Value) -> Result<String, TomlError> {
    let mut e = Encoder { out: String::new() };
    e.encode(&[], v)?;
    Ok(e.out)
}

fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::str(s),
        toml::Value::Integer(i) => Value::Int64(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => datetime(&d),
        toml::Value::Array(a) => {
            let tables = !a.is_empty() && a.iter().all(|e| e.is_table());
            let items = a.into_iter().map(from_toml).collect();
            if tables {
                Value::typed_list(Elem::Map, items)
            } else {
                Value::list(items)
            }
        }
        toml::Value::Table(t) => Value::map(
            t.into_iter()
                .map(|(k, v)| (k, from_toml(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// A TOML date-time as BurntSushi decodes it: offset date-times in a fixed zone, local ones
/// in its `datetime-local`, `date-local` and `time-local` zones at offset zero.
fn datetime(d: &toml::value::Datetime) -> Value {
    use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
    let date = d
        .date
        .and_then(|x| NaiveDate::from_ymd_opt(x.year as i32, x.month as u32, x.day as u32))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(0, 1, 1).unwrap_or_default());
    let time = d
        .time
        .and_then(|t| {
            NaiveTime::from_hms_nano_opt(
                t.hour as u32,
                t.minute as u32,
                t.second.unwrap_or(0) as u32,
                t.nanosecond.unwrap_or(0),
            )
        })
        .unwrap_or_default();
    let (offset, zone) = match d.offset {
        Some(toml::value::Offset::Z) => (0, "UTC".to_string()),
        Some(toml::value::Offset::Custom { minutes }) => (minutes as i32 * 60, String::new()),
        None => (
            0,
            match (d.date.is_some(), d.time.is_some()) {
                (true, true) => "datetime-local",
                (true, false) => "date-local",
                _ => "time-local",
            }
            .to_string(),
        ),
    };
    let tz = FixedOffset::east_opt(offset).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    let at = tz
        .from_local_datetime(&date.and_time(time))
        .single()
        .unwrap_or_else(|| tz.from_utc_datetime(&date.and_time(time)));
    let zone = if zone.is_empty() {
        // Go names a zone it parsed from a numeric offset like `-0700`.
        let a = offset.abs() / 60;
        format!(
            "{}{:02}{:02}",
            if offset < 0 { '-' } else { '+' },
            a / 60,
            a % 60
        )
    } else {
        zone
    };
    super::funcs::time_value(&Time { at, zone })
}

/// `fromToml`: the document as a map, or a map holding only `Error`.
pub fn decode(text: &str) -> Value {
    match text.parse::<toml::Table>() {
        Ok(t) => from_toml(toml::Value::Table(t)),
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            let mut m = BTreeMap::new();
            m.insert(
                "Error".to_string(),
                Value::str(format!("toml: line {line}: {}", e.message())),
            );
            Value::map(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(yaml: &str) -> Value {
        super::super::funcs::yaml_to_value(yaml).unwrap()
    }

    #[test]
    fn plain_keys_come_before_tables_and_nested_keys_are_indented() {
        let v =
            values("b: 1\na: x\nt:\n  z: true\n  nest:\n    q: 1.5\nlist: [1, 2]\nempty: null\n");
        assert_eq!(
            encode(&v).unwrap(),
            "a = \"x\"\nb = 1.0\nlist = [1.0, 2.0]\n\n[t]\n  z = true\n  [t.nest]\n    q = 1.5\n"
        );
    }

    #[test]
    fn arrays_of_tables_use_double_brackets_and_mixed_arrays_inline_maps() {
        let v = values("srv:\n- name: a\n- name: b\nmix: [1, {k: v, \"a b\": 2}]\n");
        assert_eq!(
            encode(&v).unwrap(),
            "mix = [1.0, {\"a b\" = 2.0, k = \"v\"}]\n\n[[srv]]\n  name = \"a\"\n\n[[srv]]\n  name = \"b\"\n"
        );
    }

    #[test]
    fn nil_array_elements_and_top_level_table_arrays_are_errors() {
        assert_eq!(
            encode(&values("a: [1, null]\n")).unwrap_err().0,
            "toml: cannot encode array with nil element"
        );
        assert_eq!(
            encode(&values("- a: 1\n")).unwrap_err().0,
            "toml: top-level values must be Go maps or structs"
        );
        assert_eq!(encode(&Value::str("x\"y")).unwrap(), "\"x\\\"y\"");
    }

    #[test]
    fn decoding_gives_go_types_and_errors_in_the_map() {
        let v = decode("a = 1\nb = 2.5\n[[t]]\nx = \"y\"\n");
        let Value::Map(m) = &v else { panic!() };
        let e = m.entries.borrow();
        assert!(matches!(e["a"], Value::Int64(1)));
        assert!(matches!(e["b"], Value::Float(f) if f == 2.5));
        assert_eq!(e["t"].type_name(), "[]map[string]interface {}");
        let bad = decode("a = = 1\n");
        let Value::Map(m) = &bad else { panic!() };
        assert!(m.entries.borrow()["Error"]
            .as_str()
            .unwrap()
            .starts_with("toml: line 1: "));
    }
}
