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

use crate::goyaml::scalars::{
    go_parse_float, go_parse_int, is_yaml_float, looks_like_timestamp, parse_radix,
};

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
    parse_stream_with(text, false)
}

/// Parses every document with go-yaml **v2**'s rules, as Helm reads values and Chart files:
/// YAML 1.1 booleans (`yes`, `no`, `on`, `off`, `y`, `n` in three cases), base-0 integers,
/// and the last of duplicate keys wins.
pub fn parse_stream_v2(text: &str) -> Result<Vec<Value>, ParseError> {
    parse_stream_with(text, true)
}

fn parse_stream_with(text: &str, v2: bool) -> Result<Vec<Value>, ParseError> {
    let mut b = Builder::new(text, v2);
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
                b.end_document();
                docs.push(v);
            }
            Ev::StreamStart => {}
            _ => return Err(err(line, 1, "unexpected content outside a document")),
        }
    }
    Ok(docs)
}

/// The first document with go-yaml v2's rules, as `yaml.Unmarshal` reads it: whatever
/// follows the first document's node is never parsed (so trailing garbage is no error).
pub fn parse_first_v2(text: &str) -> Result<Value, ParseError> {
    let mut b = Builder::new(text, true);
    match b.first_document()? {
        None => Ok(Value::Null),
        Some((ev, line)) => b.node(ev, line),
    }
}

/// What Helm reads of a manifest (`SimpleHead`): the first document like
/// [`parse_first_v2`], but of a top-level mapping only `apiVersion`, `kind` and `metadata`
/// are built; other values are parsed (so syntax errors still show) and dropped. A
/// top-level sequence comes back empty.
pub fn parse_head_v2(text: &str) -> Result<Value, ParseError> {
    let mut b = Builder::new(text, true);
    match b.first_document()? {
        None => Ok(Value::Null),
        Some((Ev::MapStart(_), _)) => {
            let mut map = Map::new();
            loop {
                let (kev, kl) = b.next()?;
                if matches!(kev, Ev::MapEnd) {
                    break;
                }
                let key = b.node(kev, kl)?;
                let (vev, vl) = b.next()?;
                // Go's decoder also fills a field from a key that differs only in case.
                match key.as_str() {
                    Some(k)
                        if ["apiVersion", "kind", "metadata"]
                            .iter()
                            .any(|f| f.eq_ignore_ascii_case(k)) =>
                    {
                        let k = k.to_string();
                        let v = match b.node(vev, vl) {
                            Ok(v) => v,
                            // An alias into a dropped part: read it all.
                            Err(_) => return parse_first_v2(text),
                        };
                        map.insert(k, v);
                    }
                    _ => b.skip(vev, vl)?,
                }
            }
            Ok(Value::Object(map))
        }
        Some((first @ Ev::SeqStart(_), line)) => {
            b.skip(first, line)?;
            Ok(Value::Array(vec![]))
        }
        Some((other, line)) => b.node(other, line),
    }
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

/// go-yaml's nesting limits (flow levels, and block indents, each): the parser refuses deeper
/// input before any value is built.
pub const MAX_DEPTH: usize = 10_000;

/// go-yaml's message for input whose aliases expand beyond [`allowed_alias_ratio`].
pub const EXCESSIVE_ALIASING: &str = "document contains excessive aliasing";

/// The share of a document's decoded nodes that may come from alias expansion, as go-yaml
/// (v2 and v3) allows it: 99 % up to 400,000 nodes, falling linearly to 10 % at 4,000,000,
/// so a "billion laughs" document fails after a few hundred thousand nodes instead of
/// exhausting memory.
fn allowed_alias_ratio(decoded: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    if decoded <= LOW {
        0.99
    } else if decoded >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decoded - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

/// An anchored value (`None` for a node that was skipped, not built) and the number of
/// nodes its decoding counted (what each alias to it costs again).
struct Anchor {
    value: Option<Value>,
    nodes: usize,
}

struct Builder<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Anchor>,
    last_line: usize,
    v2: bool,
    /// Nodes decoded in the current document, aliases counted at their expanded size.
    decoded: usize,
    /// Of those, the nodes that came from alias expansion.
    aliased: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, v2: bool) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Builder {
            parser: Parser::new_from_str_with_options(
                text,
                granit_parser::options! {
                    flow_nesting_limit: MAX_DEPTH,
                    block_nesting_limit: MAX_DEPTH,
                },
            ),
            anchors: HashMap::new(),
            last_line: 1,
            v2,
            decoded: 0,
            aliased: 0,
        }
    }

    /// Forgets the anchors and counts of a finished document (go-yaml decodes each document
    /// with a decoder of its own).
    fn end_document(&mut self) {
        self.anchors.clear();
        self.decoded = 0;
        self.aliased = 0;
    }

    /// Counts `nodes` more decoded nodes (`aliased` of them from alias expansion) and fails as
    /// go-yaml does once aliases make up too much of the document. Checked before an alias's
    /// value is copied, so a refused expansion costs nothing.
    fn count(&mut self, nodes: usize, aliased: usize, line: usize) -> Result<(), ParseError> {
        self.decoded += nodes;
        self.aliased += aliased;
        if self.aliased > 100
            && self.decoded > 1000
            && self.aliased as f64 / self.decoded as f64 > allowed_alias_ratio(self.decoded)
        {
            return Err(err(line, 1, EXCESSIVE_ALIASING));
        }
        Ok(())
    }

    /// Keeps an anchored node's value (`None` for a node skipped, not built) and the nodes
    /// decoded since `since` (its size).
    fn remember(&mut self, anchor: usize, value: Option<&Value>, since: usize) {
        if anchor != 0 {
            let nodes = self.decoded - since;
            let value = value.cloned();
            self.anchors.insert(anchor, Anchor { value, nodes });
        }
    }

    /// The first event of the first document's node, or `None` for an empty stream or
    /// document; what follows that node is never read (go-yaml's `Unmarshal`).
    fn first_document(&mut self) -> Result<Option<(Ev, usize)>, ParseError> {
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Ev::StreamEnd => return Ok(None),
                Ev::StreamStart => {}
                Ev::DocStart => {
                    let (first, fline) = self.next()?;
                    if matches!(first, Ev::DocEnd | Ev::StreamEnd) {
                        return Ok(None);
                    }
                    return Ok(Some((first, fline)));
                }
                _ => return Err(err(line, 1, "unexpected content outside a document")),
            }
        }
    }

    fn next(&mut self) -> Result<(Ev, usize), ParseError> {
        loop {
            let Some(item) = self.parser.next_event() else {
                return Ok((Ev::StreamEnd, self.last_line));
            };
            let (event, span) = item.map_err(|e| {
                let m = e.marker();
                if matches!(e.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
                    return err(
                        m.line().max(1),
                        m.col() + 1,
                        format!("exceeded max depth of {MAX_DEPTH}"),
                    );
                }
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

    /// Consumes a node's events without building it.
    fn skip(&mut self, ev: Ev, line: usize) -> Result<(), ParseError> {
        // Skipped nodes are decoded all the same by go-yaml (sigs.k8s.io/yaml turns the whole
        // document into JSON first), so they count towards the alias limit, and an anchor
        // among them keeps its size (its value is not kept: an alias to it is read by a
        // parse of the whole document).
        let (mut ev, mut line) = (ev, line);
        let mut open: Vec<(usize, usize)> = Vec::new();
        loop {
            match ev {
                Ev::SeqEnd | Ev::MapEnd => {
                    if let Some((anchor, since)) = open.pop() {
                        self.remember(anchor, None, since);
                    }
                }
                Ev::StreamEnd => break,
                ev => {
                    let since = self.decoded;
                    self.count(1, 0, line)?;
                    match ev {
                        Ev::Alias(id) => {
                            let nodes = self.anchors.get(&id).map_or(0, |a| a.nodes);
                            self.count(nodes, nodes, line)?;
                        }
                        Ev::Scalar(_, _, anchor, _) => self.remember(anchor, None, since),
                        Ev::SeqStart(anchor) | Ev::MapStart(anchor) => open.push((anchor, since)),
                        _ => {}
                    }
                }
            }
            if open.is_empty() {
                break;
            }
            (ev, line) = self.next()?;
        }
        Ok(())
    }

    /// Builds the node that starts with `ev`, on a stack grown as deep input needs it (a
    /// controller's threads have small stacks; the parser stops nesting at [`MAX_DEPTH`]).
    fn node(&mut self, ev: Ev, line: usize) -> Result<Value, ParseError> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node_at(ev, line))
    }

    fn node_at(&mut self, ev: Ev, line: usize) -> Result<Value, ParseError> {
        let since = self.decoded;
        self.count(1, 0, line)?;
        match ev {
            Ev::Alias(id) => {
                let nodes = self
                    .anchors
                    .get(&id)
                    .map(|a| a.nodes)
                    .ok_or_else(|| err(line, 1, "unknown alias"))?;
                self.count(nodes, nodes, line)?;
                self.anchors[&id]
                    .value
                    .clone()
                    .ok_or_else(|| err(line, 1, "alias to a node that was not read"))
            }
            Ev::Scalar(text, style, anchor, tag) => {
                let v = if self.v2 && matches!(style, ScalarStyle::Plain) && tag.is_none() {
                    resolve_plain_v2(&text)
                } else {
                    resolve(&text, style, tag.as_deref()).map_err(|m| err(line, 1, m))?
                };
                note_quoted(&text, style);
                self.remember(anchor, Some(&v), since);
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
                self.remember(anchor, Some(&v), since);
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
                    if map.contains_key(&key) && !self.v2 {
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
                self.remember(anchor, Some(&v), since);
                Ok(v)
            }
            _ => Err(err(line, 1, "unexpected YAML structure")),
        }
    }
}

/// The string a scalar key becomes in a JSON object (as `json.Marshal` of a Go map prints it).
pub(crate) fn key_string(v: &Value) -> Option<String> {
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

/// Types a plain scalar with go-yaml v2's (YAML 1.1) rules.
pub fn resolve_plain_v2(s: &str) -> Value {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Value::String(s.to_string()),
        _ => {}
    }
    resolve_plain(s)
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

    /// The "billion laughs": nine aliases per level, nine levels.
    fn laughs() -> String {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        text
    }

    #[test]
    fn an_alias_bomb_is_refused_as_go_yaml_refuses_it_without_expanding() {
        let text = laughs();
        assert!(text.len() < 600, "{}", text.len());
        for e in [
            parse_stream(&text).unwrap_err(),
            parse_stream_v2(&text).unwrap_err(),
            parse_first_v2(&text).unwrap_err(),
        ] {
            assert_eq!(e.message, EXCESSIVE_ALIASING, "{e}");
        }
        // go-yaml's own limit case: 1000 kB of small maps, then 100 aliases to all of them.
        let text = format!(
            "{{a: &a [{{a}}{}], b: &b [*a{}]}}",
            ",{a}".repeat(1000 * 1024 / 4 - 100),
            ",*a".repeat(99)
        );
        assert_eq!(parse_stream(&text).unwrap_err().message, EXCESSIVE_ALIASING);
        // Helm decodes a whole manifest before it reads its head: a bomb outside the head
        // fails it too, though the head reader does not build that part.
        let manifest = format!("apiVersion: v1\nkind: ConfigMap\n{}", laughs());
        assert_eq!(
            parse_head_v2(&manifest).unwrap_err().message,
            EXCESSIVE_ALIASING
        );
        let fine = "apiVersion: v1\nkind: ConfigMap\ndata: &d {a: b}\nmore: [*d, *d]\n";
        assert_eq!(parse_head_v2(fine).unwrap()["kind"], json!("ConfigMap"));
    }

    #[test]
    fn aliases_within_go_yamls_ratio_still_expand() {
        // A thousand aliases to one small map: expansion is most of the document, yet far
        // below the node counts where go-yaml starts refusing.
        let text = format!(
            "base: &b {{x: 1, y: 2}}\nlist: [{}]\n",
            vec!["*b"; 1000].join(", ")
        );
        let v = parse_one(&text).unwrap();
        assert_eq!(v["list"].as_array().unwrap().len(), 1000);
        // go-yaml's large documents with one big anchor used once.
        let text = format!(
            "a: &a [{{a}}{}]\nb: *a\n",
            ",{a}".repeat(100 * 1024 / 4 - 1)
        );
        assert!(parse_stream_v2(&text).is_ok());
        // Anchors are per document: a second document starts its counts afresh.
        let doc = format!(
            "base: &b [1, 2, 3]\nlist: [{}]\n",
            vec!["*b"; 300].join(", ")
        );
        assert_eq!(parse_stream(&format!("{doc}---\n{doc}")).unwrap().len(), 2);
    }

    #[test]
    fn nesting_is_bounded_at_go_yamls_depth_and_deep_input_does_not_overflow_the_stack() {
        let run = |text: String| {
            // A controller worker's stack (tokio's default), not the main thread's.
            std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || parse_stream(&text).map(|_| ()))
                .unwrap()
                .join()
                .unwrap()
        };
        for deep in [
            "[".repeat(1000 * 1024),
            format!("x: {}", "{".repeat(1000 * 1024)),
            "- ".repeat(1000 * 1024),
        ] {
            let e = run(deep).unwrap_err();
            assert_eq!(e.message, "exceeded max depth of 10000", "{e}");
        }
        let at_limit = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        run(at_limit).unwrap();
    }

    #[test]
    fn empty_documents_are_null() {
        let docs = parse_stream("---\n---\na: 1\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1], json!({"a": 1}));
    }
}
