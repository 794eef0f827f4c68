//! YAML reading for the kustomize engine: text in, `serde_json::Value` documents out.
//!
//! Scalars are typed the way kustomize's YAML library (go-yaml v3) types them when it turns a
//! resource into JSON: only `true`/`false` (three spellings) are booleans, `0777` and `0o777` are
//! octal, `0x..` hex, `0b..` binary, `_` separators allowed, timestamps stay strings, quoted and
//! `!!str` scalars are strings. Aliases and `<<` merge keys are expanded. Errors carry the line.
//! This module knows nothing about Kubernetes.

use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

/// A YAML syntax error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column of the error.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses every document of a YAML stream. Empty documents come back as `Value::Null`.
pub fn parse_stream(text: &str) -> Result<Vec<Value>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        last_line: 1,
    };
    let mut docs = Vec::new();
    loop {
        let (ev, line) = b.next()?;
        match ev {
            Ev::StreamEnd => break,
            Ev::DocStart => {
                let (first, fline) = b.next()?;
                let v = if matches!(first, Ev::DocEnd) {
                    Value::Null
                } else {
                    let v = b.node(first, fline)?;
                    match b.next()? {
                        (Ev::DocEnd, _) => {}
                        (_, l) => return Err(err(l, 1, "expected the end of the document")),
                    }
                    v
                };
                b.anchors.clear();
                docs.push(v);
            }
            Ev::StreamStart => {}
            _ => return Err(err(line, 1, "unexpected content outside a document")),
        }
    }
    Ok(docs)
}

/// Parses a single YAML document (a stream with more than one is an error).
pub fn parse_one(text: &str) -> Result<Value, ParseError> {
    let mut docs = parse_stream(text)?;
    match docs.len() {
        0 => Ok(Value::Null),
        1 => Ok(docs.remove(0)),
        _ => Err(err(1, 1, "expected a single YAML document")),
    }
}

fn err(line: usize, column: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        column,
        message: message.into(),
    }
}

enum Ev {
    StreamStart,
    StreamEnd,
    DocStart,
    DocEnd,
    Alias(usize),
    Scalar(String, ScalarStyle, usize, Option<String>),
    SeqStart(usize),
    SeqEnd,
    MapStart(usize),
    MapEnd,
}

struct Builder<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    last_line: usize,
}

impl Builder<'_> {
    fn next(&mut self) -> Result<(Ev, usize), ParseError> {
        loop {
            let Some(item) = self.parser.next_event() else {
                return Ok((Ev::StreamEnd, self.last_line));
            };
            let (event, span) = item.map_err(|e| {
                let m = e.marker();
                err(m.line().max(1), m.col() + 1, e.info())
            })?;
            let line = span.start.line().max(1);
            self.last_line = line;
            let ev = match event {
                Event::StreamStart => Ev::StreamStart,
                Event::StreamEnd => Ev::StreamEnd,
                Event::DocumentStart(_, Some(v)) if (v.major, v.minor) != (1, 1) => {
                    // go-yaml (libyaml) accepts only `%YAML 1.1`.
                    return Err(err(line, 1, "found incompatible YAML document"));
                }
                Event::DocumentStart(..) => Ev::DocStart,
                Event::DocumentEnd => Ev::DocEnd,
                Event::Alias(id) => Ev::Alias(id),
                Event::Scalar(v, style, anchor, tag) => Ev::Scalar(
                    v.into_owned(),
                    style,
                    anchor,
                    tag.and_then(|t| {
                        t.core_suffix()
                            .map(str::to_string)
                            .or(Some(String::from("!")))
                    }),
                ),
                Event::SequenceStart(_, anchor, _) => Ev::SeqStart(anchor),
                Event::SequenceEnd => Ev::SeqEnd,
                Event::MappingStart(_, anchor, _) => Ev::MapStart(anchor),
                Event::MappingEnd => Ev::MapEnd,
                _ => continue,
            };
            return Ok((ev, line));
        }
    }

    fn node(&mut self, ev: Ev, line: usize) -> Result<Value, ParseError> {
        match ev {
            Ev::Alias(id) => self
                .anchors
                .get(&id)
                .cloned()
                .ok_or_else(|| err(line, 1, "unknown alias")),
            Ev::Scalar(text, style, anchor, tag) => {
                let v = resolve(&text, style, tag.as_deref()).map_err(|m| err(line, 1, m))?;
                note_quoted(&text, style);
                if anchor != 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                Ok(v)
            }
            Ev::SeqStart(anchor) => {
                let mut items = Vec::new();
                loop {
                    let (ev, l) = self.next()?;
                    if matches!(ev, Ev::SeqEnd) {
                        break;
                    }
                    items.push(self.node(ev, l)?);
                }
                let v = Value::Array(items);
                if anchor != 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                Ok(v)
            }
            Ev::MapStart(anchor) => {
                let mut map = Map::new();
                let mut merged: Vec<Map<String, Value>> = Vec::new();
                loop {
                    let (ev, l) = self.next()?;
                    if matches!(ev, Ev::MapEnd) {
                        break;
                    }
                    let is_merge =
                        matches!(&ev, Ev::Scalar(s, ScalarStyle::Plain, _, None) if s == "<<");
                    let key = self.node(ev, l)?;
                    let (vev, vl) = self.next()?;
                    let value = self.node(vev, vl)?;
                    if is_merge {
                        match value {
                            Value::Object(m) => merged.push(m),
                            Value::Array(items) => {
                                for item in items {
                                    match item {
                                        Value::Object(m) => merged.push(m),
                                        _ => return Err(err(vl, 1, "map merge requires map or sequence of maps as the value")),
                                    }
                                }
                            }
                            _ => {
                                return Err(err(
                                    vl,
                                    1,
                                    "map merge requires map or sequence of maps as the value",
                                ))
                            }
                        }
                        continue;
                    }
                    let key = key_string(&key)
                        .ok_or_else(|| err(l, 1, "mapping keys must be scalars"))?;
                    if map.contains_key(&key) {
                        return Err(err(l, 1, format!("mapping key {key:?} already defined")));
                    }
                    map.insert(key, value);
                }
                for m in merged {
                    for (k, v) in m {
                        map.entry(k).or_insert(v);
                    }
                }
                let v = Value::Object(map);
                if anchor != 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                Ok(v)
            }
            _ => Err(err(line, 1, "unexpected YAML structure")),
        }
    }
}

/// The string a scalar key becomes in a JSON object (as `json.Marshal` of a Go map prints it).
fn key_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::from("null")),
        _ => None,
    }
}

thread_local! {
    static QUOTED_VARS: std::cell::RefCell<Option<std::collections::HashMap<String, char>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` while recording the quoted scalars that hold `${` (text → `'` or `"`): Flux
/// substitutes variables in YAML text where such scalars keep their quotes (kyaml keeps the
/// source style), so `"${replicas}"` stays a string after substitution while a plain
/// `${replicas}` becomes a number. Recording is per thread and off outside `f`.
pub fn record_quoted_vars<R>(
    f: impl FnOnce() -> R,
) -> (R, std::collections::HashMap<String, char>) {
    QUOTED_VARS.with(|q| *q.borrow_mut() = Some(Default::default()));
    let r = f();
    let seen = QUOTED_VARS
        .with(|q| q.borrow_mut().take())
        .unwrap_or_default();
    (r, seen)
}

fn note_quoted(text: &str, style: ScalarStyle) {
    let quote = match style {
        ScalarStyle::SingleQuoted => '\'',
        ScalarStyle::DoubleQuoted => '"',
        _ => return,
    };
    if !text.contains("${") {
        return;
    }
    QUOTED_VARS.with(|q| {
        if let Some(m) = q.borrow_mut().as_mut() {
            m.entry(text.to_string()).or_insert(quote);
        }
    });
}

/// Types a scalar as go-yaml v3 does when decoding into an untyped value.
pub fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Value, String> {
    let plain = matches!(style, ScalarStyle::Plain);
    match tag {
        Some("str") | Some("binary") => return Ok(Value::String(text.to_string())),
        Some("!") => return Ok(Value::String(text.to_string())),
        Some("null") => return Ok(Value::Null),
        Some("bool") | Some("int") | Some("float") => {
            let v = resolve_plain(text);
            return match (tag, &v) {
                (Some("bool"), Value::Bool(_)) | (Some("int"), Value::Number(_)) => Ok(v),
                (Some("float"), Value::Number(n)) => Ok(n
                    .as_f64()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(v)),
                _ => Err(format!(
                    "cannot decode {text:?} as a !!{}",
                    tag.unwrap_or_default()
                )),
            };
        }
        _ => {}
    }
    if !plain {
        return Ok(Value::String(text.to_string()));
    }
    Ok(resolve_plain(text))
}

/// Types a plain scalar with go-yaml v3's rules.
pub fn resolve_plain(s: &str) -> Value {
    match s {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    let Some(first) = s.bytes().next() else {
        return Value::Null;
    };
    match first {
        b'.' => {
            if let Some(f) = go_parse_float(s) {
                if let Some(n) = Number::from_f64(f) {
                    return Value::Number(n);
                }
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            if looks_like_timestamp(s) {
                return Value::String(s.to_string());
            }
            let plain: String = s.chars().filter(|c| *c != '_').collect();
            if let Some(v) = go_parse_int(&plain) {
                return v;
            }
            if is_yaml_float(&plain) {
                if let Some(n) = go_parse_float(&plain).and_then(Number::from_f64) {
                    return Value::Number(n);
                }
            }
            for (prefix, neg, radix) in [
                ("0b", false, 2),
                ("-0b", true, 2),
                ("0o", false, 8),
                ("-0o", true, 8),
            ] {
                if let Some(digits) = plain.strip_prefix(prefix) {
                    if let Some(v) = parse_radix(digits, radix, neg) {
                        return v;
                    }
                }
            }
        }
        _ => {}
    }
    Value::String(s.to_string())
}

fn parse_radix(digits: &str, radix: u32, neg: bool) -> Option<Value> {
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    if neg {
        let v = i64::from_str_radix(&format!("-{digits}"), radix).ok()?;
        return Some(Value::Number(v.into()));
    }
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Some(Value::Number(v.into()));
    }
    u64::from_str_radix(digits, radix)
        .ok()
        .map(|v| Value::Number(v.into()))
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        if mag <= (i64::MAX as u128) + 1 {
            return Some(Value::Number(((-(mag as i128)) as i64).into()));
        }
        return None;
    }
    if mag <= i64::MAX as u128 {
        Some(Value::Number((mag as i64).into()))
    } else if mag <= u64::MAX as u128 && !s.starts_with('+') {
        Some(Value::Number((mag as u64).into()))
    } else {
        None
    }
}

/// Whether go-yaml v2 reads a plain scalar starting with a digit or sign as a number or a
/// timestamp (so a string with that text must be quoted).
pub fn v2_reads_as_number_or_time(s: &str) -> bool {
    if looks_like_timestamp(s) {
        return true;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if go_parse_int(&plain).is_some() || is_yaml_float(&plain) && go_parse_float(&plain).is_some() {
        return true;
    }
    for prefix in ["0b", "-0b"] {
        if let Some(d) = plain.strip_prefix(prefix) {
            if parse_radix(d, 2, prefix.starts_with('-')).is_some() {
                return true;
            }
        }
    }
    false
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML produces (no hex floats).
pub fn go_parse_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let t = lower.trim_start_matches(['+', '-']);
    if t == "inf" || t == "infinity" || t == "nan" {
        let f = if t == "nan" { f64::NAN } else { f64::INFINITY };
        return Some(if lower.starts_with('-') { -f } else { f });
    }
    if !s.bytes().any(|c| c.is_ascii_digit()) || s.contains('_') {
        return None;
    }
    s.parse::<f64>().ok()
}

/// Whether go-yaml would read the plain scalar as a timestamp (kept as a string when decoded).
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    parse_go_timestamp(s)
}

/// Accepts `YYYY-M-D`, optionally followed by `T`/`t`/` ` and `h:m:s[.frac]` with `Z` or
/// `±hh:mm` (the last only after `T`/`t`).
fn parse_go_timestamp(s: &str) -> bool {
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some((&s[i..i + 1], &s[i + 1..]))),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return false;
    }
    let num = |p: &str, max_len: usize| {
        !p.is_empty() && p.len() <= max_len && p.bytes().all(|c| c.is_ascii_digit())
    };
    if !num(parts[1], 2) || !num(parts[2], 2) {
        return false;
    }
    let month: u32 = parts[1].parse().unwrap_or(0);
    let day: u32 = parts[2].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let Some((sep, time)) = rest else {
        return true;
    };
    let (clock, zone) = if sep == " " {
        (time, "")
    } else if let Some(t) = time.strip_suffix('Z') {
        (t, "Z")
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], &time[i..])
    } else {
        return false;
    };
    if sep != " " && zone.is_empty() {
        return false;
    }
    if zone.len() > 1 {
        let z = &zone[1..];
        let ok = z.len() == 5 && z.as_bytes()[2] == b':' && num(&z[..2], 2) && num(&z[3..], 2);
        if !ok {
            return false;
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let hp: Vec<&str> = hms.split(':').collect();
    hp.len() == 3 && hp.iter().all(|p| num(p, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_typed_like_go_yaml_v3() {
        let v = parse_one(
            "a: yes\nb: true\nc: 0777\nd: 0o17\ne: 0x1F\nf: 1_000\ng: 1.50\nh: '1'\ni: ~\nj: 2020-01-02\nk: 08\nl: .5\nm: on\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a":"yes","b":true,"c":511,"d":15,"e":31,"f":1000,"g":1.5,"h":"1","i":null,"j":"2020-01-02","k":8.0,"l":0.5,"m":"on"})
        );
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let v = parse_one("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n").unwrap();
        assert_eq!(v["other"], json!({"y":3,"x":1}));
        assert_eq!(v["list"][0]["x"], json!(1));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = parse_stream("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e}");
        let e = parse_one("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn empty_documents_are_null() {
        let docs = parse_stream("---\n---\na: 1\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1], json!({"a": 1}));
    }
}
