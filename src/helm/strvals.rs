//! Helm's `--set` syntax (`strvals`): comma-separated `path=value` pairs where a path is dot
//! separated keys with `[i]` list indexes, `{a,b}` list values, backslash escapes, and
//! values typed as Helm types them (`true`/`false`/`null` in any case, integers without a
//! leading zero, everything else a string), or always strings for `--set-string`; files'
//! text for `--set-file`, JSON for `--set-json`; and the merge of all value flags in Helm's
//! order ([`ValueOptions`]).

use serde_json::{Map, Value};

/// How a `path=value` pair's value is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `--set`: typed scalars and `{a,b}` lists.
    Typed,
    /// `--set-string`: strings.
    Strings,
    /// `--set-file`: the value is a path; the file's text is the value.
    File,
    /// `--set-json`: the value is one JSON value (empty is null).
    Json,
}

/// Parses one `--set` argument into `into` (`strings` for `--set-string`).
pub fn parse_into(s: &str, into: &mut Map<String, Value>, strings: bool) -> Result<(), String> {
    parse_with(s, into, if strings { Mode::Strings } else { Mode::Typed })
}

/// Parses one `--set-file` argument (`path=file`) into `into`.
pub fn parse_file_into(s: &str, into: &mut Map<String, Value>) -> Result<(), String> {
    parse_with(s, into, Mode::File)
}

/// Parses one `--set-json` argument as Helm does: a JSON object merged whole, or
/// `path=json` pairs.
pub fn parse_json_into(s: &str, into: &mut Map<String, Value>) -> Result<(), String> {
    let t = s.trim();
    if t.starts_with('{') {
        let mut m: Map<String, Value> =
            serde_json::from_str(t).map_err(|_| format!("JSON: {s}"))?;
        super::chart::numbers_as_floats(&mut m);
        *into = super::chart::merge_maps(into, &m);
        return Ok(());
    }
    parse_with(s, into, Mode::Json).map_err(|_| s.to_string())
}

/// Helm's value flags, merged in Helm's order: `-f` files, `--set-json`, `--set`,
/// `--set-string`, `--set-file`.
#[derive(Clone, Debug, Default)]
pub struct ValueOptions {
    /// `-f`/`--values` files.
    pub files: Vec<std::path::PathBuf>,
    /// `--set-json`.
    pub json: Vec<String>,
    /// `--set`.
    pub set: Vec<String>,
    /// `--set-string`.
    pub set_string: Vec<String>,
    /// `--set-file`.
    pub set_file: Vec<String>,
}

impl ValueOptions {
    /// The merged user values over `base`, with Helm's messages.
    pub fn merge_into(&self, mut base: Map<String, Value>) -> Result<Map<String, Value>, String> {
        for f in &self.files {
            let data = std::fs::read(f)
                .map_err(|e| format!("open {}: {}", f.display(), crate::go_io_error(&e)))?;
            let name = f.display().to_string();
            let mut v = super::chart::parse_values(&data, &name)
                .map_err(|e| format!("failed to parse {name}: {e}"))?;
            super::chart::numbers_as_floats(&mut v);
            base = super::chart::merge_maps(&base, &v);
        }
        for j in &self.json {
            parse_json_into(j, &mut base)
                .map_err(|e| format!("failed parsing --set-json data {e}"))?;
        }
        for s in &self.set {
            parse_into(s, &mut base, false)
                .map_err(|e| format!("failed parsing --set data: {e}"))?;
        }
        for s in &self.set_string {
            parse_into(s, &mut base, true)
                .map_err(|e| format!("failed parsing --set-string data: {e}"))?;
        }
        for s in &self.set_file {
            parse_file_into(s, &mut base)
                .map_err(|e| format!("failed parsing --set-file data: {e}"))?;
        }
        Ok(base)
    }
}

fn parse_with(s: &str, into: &mut Map<String, Value>, mode: Mode) -> Result<(), String> {
    let strings = mode != Mode::Typed;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // Key path up to '='.
        let mut path: Vec<Seg> = Vec::new();
        let mut key = String::new();
        loop {
            if i >= chars.len() {
                if key.is_empty() && path.is_empty() {
                    return Ok(());
                }
                return Err(format!("key \"{}\" has no value", key));
            }
            let c = chars[i];
            i += 1;
            match c {
                '\\' if i < chars.len() => {
                    key.push(chars[i]);
                    i += 1;
                }
                '.' => {
                    if !key.is_empty() {
                        path.push(Seg::Key(std::mem::take(&mut key)));
                    }
                }
                '[' => {
                    if !key.is_empty() {
                        path.push(Seg::Key(std::mem::take(&mut key)));
                    }
                    let mut n = String::new();
                    while i < chars.len() && chars[i] != ']' {
                        n.push(chars[i]);
                        i += 1;
                    }
                    i += 1;
                    let idx: usize = n
                        .parse()
                        .map_err(|_| format!("failed to parse index: {n}"))?;
                    if idx > 65536 {
                        return Err(format!(
                            "index of {idx} is greater than maximum supported index value of 65536"
                        ));
                    }
                    path.push(Seg::Index(idx));
                }
                '=' => {
                    if !key.is_empty() {
                        path.push(Seg::Key(std::mem::take(&mut key)));
                    }
                    break;
                }
                ',' => {
                    return Err(format!("key \"{key}\" has no value (cannot end with ,)"));
                }
                c => key.push(c),
            }
        }
        // Value up to an unescaped ',' (or a `{…}` list).
        let value = if mode == Mode::Json {
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            if i >= chars.len() || chars[i] == ',' {
                i += 1;
                Value::Null
            } else {
                let rest: String = chars[i..].iter().collect();
                let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<Value>();
                let v = match stream.next() {
                    Some(Ok(v)) => {
                        // JSON numbers are float64 in Helm.
                        let mut one = Map::new();
                        one.insert(String::new(), v);
                        super::chart::numbers_as_floats(&mut one);
                        one.remove("").unwrap_or(Value::Null)
                    }
                    Some(Err(e)) => return Err(e.to_string()),
                    None => Value::Null,
                };
                i += rest[..stream.byte_offset()].chars().count();
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                if i < chars.len() && chars[i] != ',' {
                    return Err(format!("invalid character {:?} after JSON value", chars[i]));
                }
                i += 1;
                v
            }
        } else if i < chars.len() && chars[i] == '{' && !strings {
            i += 1;
            let mut items = Vec::new();
            let mut cur = String::new();
            while i < chars.len() && chars[i] != '}' {
                match chars[i] {
                    '\\' if i + 1 < chars.len() => {
                        cur.push(chars[i + 1]);
                        i += 1;
                    }
                    ',' => items.push(typed(&std::mem::take(&mut cur), strings)),
                    c => cur.push(c),
                }
                i += 1;
            }
            i += 1;
            items.push(typed(&cur, strings));
            if i < chars.len() && chars[i] == ',' {
                i += 1;
            }
            Value::Array(items)
        } else {
            let mut v = String::new();
            while i < chars.len() && chars[i] != ',' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                v.push(chars[i]);
                i += 1;
            }
            i += 1;
            if mode == Mode::File {
                let text = std::fs::read(&v)
                    .map_err(|e| format!("open {v}: {}", crate::go_io_error(&e)))?;
                Value::String(String::from_utf8_lossy(&text).into_owned())
            } else {
                typed(&v, strings)
            }
        };
        set_path(into, &path, value)?;
    }
    Ok(())
}

enum Seg {
    Key(String),
    Index(usize),
}

/// Helm's `typedVal`.
fn typed(v: &str, strings: bool) -> Value {
    if strings {
        return Value::String(v.to_string());
    }
    match v.to_lowercase().as_str() {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        "null" => return Value::Null,
        _ => {}
    }
    if v == "0" {
        return Value::from(0i64);
    }
    if !v.starts_with('0') {
        if let Ok(i) = v.parse::<i64>() {
            return Value::from(i);
        }
    }
    Value::String(v.to_string())
}

fn set_path(m: &mut Map<String, Value>, path: &[Seg], value: Value) -> Result<(), String> {
    let Some(Seg::Key(k)) = path.first() else {
        return Err("key must start with a name".into());
    };
    if path.len() == 1 {
        m.insert(k.clone(), value);
        return Ok(());
    }
    let entry = m.entry(k.clone()).or_insert(Value::Null);
    set_value(entry, &path[1..], value)
}

fn set_value(cur: &mut Value, path: &[Seg], value: Value) -> Result<(), String> {
    match &path[0] {
        Seg::Key(_) => {
            if !cur.is_object() {
                *cur = Value::Object(Map::new());
            }
            let Value::Object(m) = cur else {
                unreachable!()
            };
            set_path(m, path, value)
        }
        Seg::Index(i) => {
            if !cur.is_array() {
                *cur = Value::Array(vec![]);
            }
            let Value::Array(a) = cur else { unreachable!() };
            while a.len() <= *i {
                a.push(Value::Null);
            }
            if path.len() == 1 {
                a[*i] = value;
                return Ok(());
            }
            set_value(&mut a[*i], &path[1..], value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_paths_lists_and_types_follow_helm() {
        let mut m = Map::new();
        parse_into(
            "a.b=1,c=true,d=010,e=null,f[1]=x,g={1,two},h=a\\,b",
            &mut m,
            false,
        )
        .unwrap();
        assert_eq!(
            Value::Object(m),
            json!({"a":{"b":1},"c":true,"d":"010","e":null,"f":[null,"x"],"g":[1,"two"],"h":"a,b"})
        );
        let mut m = Map::new();
        parse_into("a=1", &mut m, true).unwrap();
        assert_eq!(m["a"], json!("1"));
    }
}
