//! Generator name hashes, computed exactly as kustomize does: Go's `json.Marshal` of a small
//! map (kind, type, data, binaryData/stringData and — a kustomize quirk — an always-empty name),
//! SHA-256, the first ten hex digits with `0 1 3 a e` replaced by `g h k m t`.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::resource::Resource;

/// The 10-character suffix for a generated ConfigMap or Secret.
pub fn content_hash(obj: &Value) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    let field = |k: &str| -> Value {
        match obj.get(k) {
            None => Value::String(String::new()),
            Some(v @ Value::Object(_)) => v.clone(),
            Some(Value::Array(a)) => Value::Array(a.clone()),
            Some(v) => Value::String(super::scalar_text(v)),
        }
    };
    let mut m = serde_json::Map::new();
    m.insert("kind".into(), Value::String(kind.to_string()));
    // kustomize looks the name up with a path it cannot find, so the name is always empty.
    m.insert("name".into(), Value::String(String::new()));
    m.insert("data".into(), field("data"));
    match kind {
        "Secret" => {
            m.insert("type".into(), field("type"));
            if let Some(sd @ Value::Object(_)) = obj.get("stringData") {
                m.insert("stringData".into(), sd.clone());
            }
        }
        "ConfigMap" => {
            if let Some(bd @ Value::Object(_)) = obj.get("binaryData") {
                m.insert("binaryData".into(), bd.clone());
            }
        }
        _ => {
            m = obj.as_object().cloned().unwrap_or_default();
        }
    }
    let text = go_json(&Value::Object(m));
    let digest = Sha256::digest(text.as_bytes());
    let hex = hex::encode(digest);
    hex[..10]
        .chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            other => other,
        })
        .collect()
}

/// Go's `encoding/json` output for a decoded value: sorted keys, no spaces, HTML-safe escapes.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                out.push_str(&crate::goyaml::go_json_float(f));
            } else {
                out.push_str(&n.to_string());
            }
        }
        Value::String(s) => write_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write_json(&m[k.as_str()], out);
            }
            out.push('}');
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends the content hash to the names of generated objects that want it.
pub fn add_hashes(res: &mut [Resource]) {
    for r in res.iter_mut() {
        if !r.needs_hash {
            continue;
        }
        let h = content_hash(&r.obj);
        r.store_previous_id();
        let name = format!("{}-{h}", r.name());
        r.set_name(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_sorts_keys_and_escapes_html() {
        let v = serde_json::json!({"b": "<&>", "a": [1, 2.5]});
        assert_eq!(go_json(&v), r#"{"a":[1,2.5],"b":"\u003c\u0026\u003e"}"#);
    }
}
