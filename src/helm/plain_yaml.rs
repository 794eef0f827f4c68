//! A fast reader for the plain block YAML that chart templates and `values.yaml` files nearly
//! always are: mappings and sequences by indentation, plain, single- and double-quoted scalars
//! on one line, `{}` and `[]`, comments. It gives what classifying a rendered manifest needs
//! (its `kind` and `helm.sh/hook` annotation, [`head`]) and the value of a one-document
//! `values.yaml` ([`values`]), read as the go-yaml v2 rules of [`crate::kustomize::yaml`] read
//! them. Anything else (other flow collections, block scalars, anchors, tags, multi-line
//! scalars, tabs, non-ASCII text, `''` and escapes YAML versions disagree on, an indentation
//! YAML would refuse, more than one document) gets `None`, and the caller uses the YAML parser,
//! which also gives Helm's error for broken input. Every document inside the subset is valid
//! YAML, so the answers equal the parser's; debug builds check that on every call.

use crate::kustomize::yaml::{key_string, resolve_plain_v2};
use serde_json::{Map, Value};

/// `kind` (empty when it is not a string) and the hook annotation (when it is a string) of a
/// document whose top level is a mapping, or `None` when the document is outside the subset.
pub fn head(doc: &str) -> Option<(String, Option<String>)> {
    let mut r = Reader::new(false);
    for line in doc.split('\n') {
        r.line(line)?;
    }
    r.finish()?;
    Some((r.kind, r.hook))
}

/// The mapping a document of one top-level mapping holds, or `None` when the document is
/// outside the subset.
pub fn values(doc: &str) -> Option<Map<String, Value>> {
    let mut r = Reader::new(true);
    for line in doc.split('\n') {
        r.line(line)?;
    }
    match r.finish()? {
        Some(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// Which of the keys classifying looks at a mapping holds.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Root,
    Metadata,
    Annotations,
    Other,
}

/// A collection being read, and (when building) its value so far.
enum Node {
    /// The entries, and the key whose value the next lines give.
    Map(Map<String, Value>, Option<String>),
    Seq(Vec<Value>),
}

struct Frame {
    node: Node,
    col: usize,
    role: Role,
}

impl Frame {
    fn is_seq(&self) -> bool {
        matches!(self.node, Node::Seq(_))
    }

    /// Takes a finished value: under the key waiting for it, or as the next item.
    fn take(&mut self, v: Value) {
        match &mut self.node {
            Node::Map(m, key) => {
                if let Some(k) = key.take() {
                    m.insert(k, v);
                }
            }
            Node::Seq(items) => items.push(v),
        }
    }

    fn into_value(self) -> Value {
        match self.node {
            Node::Map(m, _) => Value::Object(m),
            Node::Seq(items) => Value::Array(items),
        }
    }
}

/// A node announced on the line before: `key:` or `-` with nothing after it.
#[derive(Clone, Copy)]
struct Pending {
    col: usize,
    /// `key:` (a sequence may then start at the key's column).
    after_key: bool,
    /// The role a mapping in that place has.
    role: Role,
}

/// Nesting past this is left to the YAML parser (and its depth limit).
const MAX_FRAMES: usize = 64;
/// libyaml refuses implicit keys longer than 1024 characters; long ones are left to the parser.
const MAX_KEY: usize = 1000;

struct Reader {
    /// Whether values are built (else only the head is followed).
    build: bool,
    frames: Vec<Frame>,
    pending: Option<Pending>,
    root_seen: bool,
    kind: String,
    hook: Option<String>,
}

/// A scalar (or an empty flow collection) on a line.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Plain(&'a str),
    /// Single-quoted, or double-quoted without escapes: the text between the quotes.
    Literal(&'a str),
    /// Double-quoted with escapes (all of them checked): the text between the quotes.
    Escaped(&'a str),
    EmptyMap,
    EmptySeq,
    /// A flow sequence of such scalars (plain ones of letters, digits and `._/+-~` only), on
    /// one line: the text after the `[`, up to and with the `]`.
    Flow(&'a str),
}

impl Scalar<'_> {
    fn value(self) -> Value {
        match self {
            Scalar::Plain(t) => resolve_plain_v2(t),
            Scalar::Literal(t) => Value::String(t.to_string()),
            Scalar::Escaped(t) => Value::String(unescape(t)),
            Scalar::EmptyMap => Value::Object(Map::new()),
            Scalar::EmptySeq => Value::Array(Vec::new()),
            Scalar::Flow(inner) => Value::Array(
                flow_items(inner)
                    .map(|(items, _)| items.into_iter().map(Scalar::value).collect())
                    .unwrap_or_default(),
            ),
        }
    }

    /// The string the scalar is, when it is a string.
    fn string(self) -> Option<String> {
        match self.value() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What a key reads as in a JSON object.
    fn key(self) -> Option<String> {
        key_string(&self.value())
    }
}

enum Content<'a> {
    /// `- …`: the column of what follows the dash and space(s), and that text ("" for none).
    Entry(usize, &'a str),
    /// `key: value`; the value is `None` for nothing after the colon.
    Key(Scalar<'a>, Option<Scalar<'a>>),
    Scalar(Scalar<'a>),
}

impl Reader {
    fn new(build: bool) -> Reader {
        Reader {
            build,
            frames: Vec::new(),
            pending: None,
            root_seen: false,
            kind: String::new(),
            hook: None,
        }
    }

    fn line(&mut self, line: &str) -> Option<()> {
        if !line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return None;
        }
        let col = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[col..];
        if rest.is_empty() || rest.starts_with('#') {
            return Some(());
        }
        if col == 0 && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%'))
        {
            return None;
        }
        let content = classify(col, rest)?;
        if !self.root_seen {
            // The document's top level must be a mapping.
            let Content::Key(..) = content else {
                return None;
            };
            self.root_seen = true;
            self.push(Node::Map(Map::new(), None), col, Role::Root)?;
            return self.place(col, content);
        }
        if let Some(p) = self.pending.take() {
            let is_entry = matches!(content, Content::Entry(..));
            let mapping_only = matches!(p.role, Role::Metadata | Role::Annotations);
            if col > p.col || (p.after_key && col == p.col && is_entry) {
                if is_entry && mapping_only {
                    return None;
                }
                let (node, role) = if is_entry {
                    (Node::Seq(Vec::new()), Role::Other)
                } else {
                    (Node::Map(Map::new(), None), p.role)
                };
                if matches!(content, Content::Scalar(_)) {
                    return None;
                }
                self.push(node, col, role)?;
                return self.place(col, content);
            }
            // Nothing under the key or dash: a null.
            if mapping_only {
                return None;
            }
            self.take(|| Value::Null);
        }
        // Back out to the collection this line continues.
        while let Some(top) = self.frames.last() {
            let indentless_end =
                top.col == col && top.is_seq() && matches!(content, Content::Key(..));
            if top.col > col || indentless_end {
                self.pop()?;
            } else {
                break;
            }
        }
        if self.frames.last()?.col != col {
            return None;
        }
        self.place(col, content)
    }

    fn push(&mut self, node: Node, col: usize, role: Role) -> Option<()> {
        if self.frames.len() >= MAX_FRAMES {
            return None;
        }
        self.frames.push(Frame { node, col, role });
        Some(())
    }

    /// Ends the collection on top; its value goes to the one it is in.
    fn pop(&mut self) -> Option<()> {
        let done = self.frames.pop()?;
        self.take(|| done.into_value());
        Some(())
    }

    /// The end of the document: the root's value (`None` inside the option for an empty
    /// document, which is left to the parser).
    fn finish(&mut self) -> Option<Option<Value>> {
        if !self.root_seen {
            return None;
        }
        if let Some(p) = self.pending.take() {
            if matches!(p.role, Role::Metadata | Role::Annotations) {
                return None;
            }
            self.take(|| Value::Null);
        }
        while self.frames.len() > 1 {
            self.pop()?;
        }
        Some(self.frames.pop().map(Frame::into_value))
    }

    /// Takes a line's content into the collection on top, whose column is the line's.
    fn place(&mut self, col: usize, content: Content) -> Option<()> {
        let top = self.frames.last()?;
        let (is_seq, role) = (top.is_seq(), top.role);
        match (is_seq, content) {
            (false, Content::Key(key, value)) => self.key(role, col, key, value),
            (true, Content::Entry(_, "")) => {
                self.pending = Some(Pending {
                    col,
                    after_key: false,
                    role: Role::Other,
                });
                Some(())
            }
            (true, Content::Entry(at, text)) => match classify(at, text)? {
                // A mapping started on the dash's line.
                c @ Content::Key(..) => {
                    self.push(Node::Map(Map::new(), None), at, Role::Other)?;
                    self.place(at, c)
                }
                Content::Scalar(s) => {
                    self.take(|| s.value());
                    Some(())
                }
                Content::Entry(..) => None,
            },
            _ => None,
        }
    }

    /// Gives the collection on top its next value, when values are built.
    fn take(&mut self, v: impl FnOnce() -> Value) {
        if self.build {
            if let Some(top) = self.frames.last_mut() {
                top.take(v());
            }
        }
    }

    fn key(&mut self, role: Role, col: usize, key: Scalar, value: Option<Scalar>) -> Option<()> {
        let name = match key {
            Scalar::Plain(t) | Scalar::Literal(t) => t,
            _ => "",
        };
        // Helm reads the head into a Go struct, whose decoder matches field names without
        // regard to case, turns other scalars into strings and fails on collections: the
        // head is only read here where its fields are exact and strings (`metadata` and
        // `annotations` mappings on the lines below), and the parser handles the rest.
        let string = |v: Option<Scalar>| v.and_then(Scalar::string);
        let folds = |fields: &[&str]| {
            fields
                .iter()
                .any(|f| f.eq_ignore_ascii_case(name) && *f != name)
        };
        let child = match (role, name) {
            _ if self.build => Role::Other,
            (Role::Root, _) if folds(&["apiVersion", "kind", "metadata"]) => return None,
            (Role::Metadata, _) if folds(&["name", "annotations"]) => return None,
            (Role::Root, "kind") => {
                self.kind = string(value)?;
                Role::Other
            }
            (Role::Root, "apiVersion") | (Role::Metadata, "name") => {
                string(value)?;
                Role::Other
            }
            (Role::Root, "metadata") | (Role::Metadata, "annotations") if value.is_some() => {
                return None
            }
            (Role::Root, "metadata") => {
                self.hook = None;
                Role::Metadata
            }
            (Role::Metadata, "annotations") => {
                self.hook = None;
                Role::Annotations
            }
            (Role::Annotations, _) => {
                let v = string(value)?;
                if name == "helm.sh/hook" {
                    self.hook = Some(v);
                }
                Role::Other
            }
            _ => Role::Other,
        };
        // An escaped key could read as one of the names above; it is left to the parser when
        // only the head is read.
        if !self.build && matches!(key, Scalar::Escaped(_)) {
            return None;
        }
        if self.build {
            let k = key.key()?;
            let Some(Node::Map(m, waiting)) = self.frames.last_mut().map(|f| &mut f.node) else {
                return None;
            };
            match value {
                Some(v) => {
                    m.insert(k, v.value());
                }
                None => *waiting = Some(k),
            }
        }
        if value.is_none() {
            self.pending = Some(Pending {
                col,
                after_key: true,
                role: child,
            });
        }
        Some(())
    }
}

/// What a line holds from `rest` on (starting at column `col`), or `None` for what the subset
/// does not cover.
fn classify(col: usize, rest: &str) -> Option<Content<'_>> {
    if rest == "-" || rest.starts_with("- ") {
        let after = rest[1..].trim_start_matches(' ');
        let at = col + rest.len() - after.len();
        if after.starts_with('#') {
            return Some(Content::Entry(at, ""));
        }
        return Some(Content::Entry(at, after));
    }
    let (key, after) = if rest.starts_with('"') || rest.starts_with('\'') {
        let (s, len, after) = quoted(rest)?;
        match after.strip_prefix(':') {
            Some(a) if (a.is_empty() || a.starts_with(' ')) && len <= MAX_KEY => (s, a),
            // A quoted scalar alone on the line.
            _ => return end_of_node(after).then_some(Content::Scalar(s)),
        }
    } else if let Some((k, after)) = plain_key(rest) {
        (Scalar::Plain(k), after)
    } else {
        return scalar(rest).map(Content::Scalar);
    };
    let value = after.trim_start_matches(' ');
    if value.is_empty() || value.starts_with('#') {
        return Some(Content::Key(key, None));
    }
    Some(Content::Key(key, Some(scalar(value)?)))
}

/// A scalar taking the rest of the line (with, at most, a comment after it).
fn scalar(s: &str) -> Option<Scalar<'_>> {
    if s.starts_with('"') || s.starts_with('\'') {
        let (v, _, after) = quoted(s)?;
        return end_of_node(after).then_some(v);
    }
    for (text, v) in [("{}", Scalar::EmptyMap), ("[]", Scalar::EmptySeq)] {
        if let Some(after) = s.strip_prefix(text) {
            return end_of_node(after).then_some(v);
        }
    }
    if let Some(inner) = s.strip_prefix('[') {
        let (_, len) = flow_items(inner)?;
        return end_of_node(&inner[len + 1..]).then_some(Scalar::Flow(&inner[..=len]));
    }
    plain(s).map(Scalar::Plain)
}

/// The items of a flow sequence from after its `[`, and the length up to its `]`: quoted
/// scalars and plain ones of letters, digits and `._/+-~`, separated by commas (none
/// trailing); `None` for anything else.
fn flow_items(inner: &str) -> Option<(Vec<Scalar<'_>>, usize)> {
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    loop {
        let after = if rest.starts_with('"') || rest.starts_with('\'') {
            let (v, _, after) = quoted(rest)?;
            items.push(v);
            after
        } else {
            let b = rest.as_bytes();
            let len = b
                .iter()
                .position(|&c| {
                    !(c.is_ascii_alphanumeric()
                        || matches!(c, b'.' | b'_' | b'/' | b'+' | b'-' | b'~'))
                })
                .unwrap_or(b.len());
            // A dash must not start an entry or end the token.
            if len == 0 || b[0] == b'-' && !b.get(1).is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            items.push(Scalar::Plain(&rest[..len]));
            &rest[len..]
        };
        let after = after.trim_start_matches(' ');
        if after.starts_with(']') {
            return Some((items, inner.len() - after.len()));
        }
        rest = after.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with(']') {
            return None;
        }
    }
}

/// Only spaces and a comment may follow a node on its line.
fn end_of_node(after: &str) -> bool {
    let t = after.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < after.len())
}

/// A plain key of letters, digits and `_./-` (starting with a letter, digit or `_`) followed
/// by `:` and a space or the end of the line: the key and what follows the colon.
fn plain_key(rest: &str) -> Option<(&str, &str)> {
    let b = rest.as_bytes();
    if !(b.first()?.is_ascii_alphanumeric() || b[0] == b'_') {
        return None;
    }
    let end = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-')))?;
    if b[end] != b':' || end > MAX_KEY {
        return None;
    }
    let after = &rest[end + 1..];
    (after.is_empty() || after.starts_with(' ')).then_some((&rest[..end], after))
}

/// A plain scalar taking the rest of the line (a comment after it dropped, trailing spaces
/// trimmed), or `None` when it could be read as something else or span lines.
fn plain(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let first = *b.first()?;
    match first {
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => return None,
        b'-' | b'?' | b':' if b.get(1).is_none_or(|&c| c == b' ') => return None,
        _ => {}
    }
    let mut end = b.len();
    for i in 0..b.len() {
        match b[i] {
            b':' if b.get(i + 1).is_none_or(|&c| c == b' ') => return None,
            b'#' if i > 0 && b[i - 1] == b' ' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let text = s[..end].trim_end_matches(' ');
    (!text.is_empty()).then_some(text)
}

/// A quoted scalar closed on the same line: the scalar, its length with the quotes, and what
/// follows the closing quote. `''` in single quotes is left to the parser.
fn quoted(s: &str) -> Option<(Scalar<'_>, usize, &str)> {
    let q = s.as_bytes()[0];
    let body = &s[1..];
    if q == b'"' {
        let b = body.as_bytes();
        let mut i = 0;
        let mut escaped = false;
        loop {
            match *b.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 1 + escape_len(&b[i + 1..])?;
                }
                _ => i += 1,
            }
        }
        let text = &body[..i];
        let v = if escaped {
            Scalar::Escaped(text)
        } else {
            Scalar::Literal(text)
        };
        return Some((v, i + 2, &body[i + 1..]));
    }
    let close = body.find('\'')?;
    if body[close + 1..].starts_with('\'') {
        return None;
    }
    Some((
        Scalar::Literal(&body[..close]),
        close + 2,
        &body[close + 1..],
    ))
}

/// The length after the backslash of an escape in a double-quoted scalar that YAML 1.1 and
/// 1.2 both accept (`\'` only 1.1 does), or `None`. Codes from the surrogates up are left to
/// the parser (some of them are errors).
fn escape_len(after: &[u8]) -> Option<usize> {
    let hex = |n: usize| -> Option<usize> {
        let digits = after.get(1..1 + n)?;
        let code = digits.iter().try_fold(0u32, |acc, d| {
            (*d as char).to_digit(16).map(|d| acc * 16 + d)
        })?;
        (code < 0xd800).then_some(1 + n)
    };
    match *after.first()? {
        b'0' | b'a' | b'b' | b't' | b'n' | b'v' | b'f' | b'r' | b'e' | b' ' | b'"' | b'/'
        | b'\\' | b'N' | b'_' | b'L' | b'P' => Some(1),
        b'x' => hex(2),
        b'u' => hex(4),
        b'U' => hex(8),
        _ => None,
    }
}

/// The text of a double-quoted scalar whose escapes [`escape_len`] accepted.
fn unescape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().unwrap_or('\\');
        let code = |chars: &mut std::str::Chars, n: usize| -> char {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}')
        };
        out.push(match e {
            '0' => '\0',
            'a' => '\x07',
            'b' => '\x08',
            't' => '\t',
            'n' => '\n',
            'v' => '\x0b',
            'f' => '\x0c',
            'r' => '\r',
            'e' => '\x1b',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => code(&mut chars, 2),
            'u' => code(&mut chars, 4),
            'U' => code(&mut chars, 8),
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full parse's answer, as classifying reads it.
    fn full(doc: &str) -> Option<(String, Option<String>)> {
        let v = crate::kustomize::yaml::parse_head_v2(doc).ok()?;
        v.as_object()?;
        Some((
            v.get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or_default()
                .to_string(),
            v.pointer("/metadata/annotations/helm.sh~1hook")
                .and_then(|h| h.as_str())
                .map(str::to_string),
        ))
    }

    fn same(doc: &str) -> Option<(String, Option<String>)> {
        let fast = head(doc);
        if let Some(f) = &fast {
            assert_eq!(
                Some(f.clone()),
                full(doc),
                "fast and full differ on:\n{doc}"
            );
        }
        let built = values(doc);
        if let Some(v) = &built {
            let parsed = crate::kustomize::yaml::parse_stream_v2(doc).expect("valid YAML");
            assert_eq!(
                parsed,
                vec![Value::Object(v.clone())],
                "fast and full values differ on:\n{doc}"
            );
        }
        fast
    }

    #[test]
    fn values_documents_are_built_as_the_parser_builds_them() {
        let doc = "# defaults\nreplicas: 1\nimage:\n  repository: nginx # the image\n  tag: \"\"\n  pullPolicy: 'IfNotPresent'\nports: [ ]\nresources: {}\ntolerations: []\nflags:\n- on\n- 0x1F\n- 1e3\n- ~\n-\n- \"tab\\there \\u00e9 \\x41 \\\"q\\\"\"\nnested:\n  - a: 1\n    b:\n    - x\n    c:\n  - {}\n1: one\ntrue: yes\nempty:\nlast: 2001-02-03\n";
        // `[ ]` is a flow sequence the subset does not take.
        assert_eq!(values(doc), None);
        let doc = doc.replace("ports: [ ]\n", "");
        let v = values(&doc).expect("inside the subset");
        same(&doc);
        assert_eq!(v["flags"][5], "tab\there \u{e9} A \"q\"");
        assert_eq!(v["nested"][0]["c"], Value::Null);
        assert_eq!(v["1"], "one");
        assert!(v["true"].as_bool().unwrap());
    }

    #[test]
    fn plain_manifests_are_read_without_the_parser_and_agree_with_it() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web # a comment\n  annotations:\n    \"helm.sh/hook\": pre-install,post-upgrade\n    other: 'x'\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: \"nginx:1.0\"\n          ports:\n          - containerPort: 80\n          -\n            containerPort: 443\n          args: {\"ignored\": 1}\n";
        // The flow mapping is outside the subset.
        assert_eq!(same(doc), None);
        let doc = doc.replace("          args: {\"ignored\": 1}\n", "");
        assert_eq!(
            same(&doc),
            Some((
                "Deployment".to_string(),
                Some("pre-install,post-upgrade".to_string())
            ))
        );
    }

    #[test]
    fn the_last_of_repeated_keys_counts_and_non_strings_read_as_absent() {
        assert_eq!(
            same("kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: test\nmetadata:\n  name: x\nkind: B\n"),
            Some(("B".to_string(), None))
        );
        // Heads Go's decoder reads otherwise than their YAML are left to the parser.
        for doc in [
            "kind: 1\n",
            "kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: yes\n",
            "kind:\n  nested: map\n",
            "kind: A\nmetadata:\n  annotations:\n  - helm.sh/hook: test\n",
            "kind: A\nmetadata: {}\n",
            "kind: A\nmetadata:\nspec: 1\n",
            "Kind: A\n",
            "kind: A\nMetadata:\n  name: x\n",
            "kind: A\nmetadata:\n  name: 7\n",
            "apiVersion: 1\nkind: A\n",
        ] {
            assert_eq!(head(doc), None, "{doc:?}");
        }
    }

    #[test]
    fn indentation_yaml_refuses_or_could_read_otherwise_is_left_to_the_parser() {
        for doc in [
            "a:\n  b: 1\n c: 2\n",
            "a: 1\n  b: 2\n",
            "a: one\n  continued\n",
            "a:\n  - 1\n  b: 2\n",
            "- a\n",
            "a: 1\n- b\n",
            "a: b: c\n",
            "a: |\n  text\n",
            "a: &x 1\nb: *x\n",
            "a:\tb\n",
            "a: \"bad \\q escape\"\n",
            "a: \"\\ud800\"\n",
            "a: 'it''s'\n",
            "a:\n  plain on its own\n",
            "a: - b\n",
            "\"a\" : b\n",
            "a: \"b\" c\n",
            "a: [1, [2]]\n",
            "a: {b: 1}\n",
            "kind: caf\u{e9}\n",
            "",
            "# only a comment\n",
        ] {
            assert_eq!(same(doc), None, "{doc:?}");
        }
    }

    #[test]
    fn random_documents_read_fast_agree_with_the_parser() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(21);
        let pieces = [
            "kind: Job",
            "kind: \"Pod\"",
            "kind: 'Secret'",
            "kind:",
            "kind: 7",
            "metadata:",
            "annotations:",
            "\"annotations\":",
            "helm.sh/hook: test",
            "helm.sh/hook: 'pre-install'",
            "'helm.sh/hook': yes",
            "helm.sh/hook:",
            "name: a:b",
            "name: a :b # c",
            "x: -1",
            "x: ~",
            "x: a#b",
            "x: \"a #b\" # c",
            "- a",
            "- b: c",
            "-",
            "- - a",
            "- kind: Deployment",
            "# comment",
            "",
            "x: y: z",
            "plain words",
            "x: [a]",
            "x: 'a' 'b'",
            "x: ? a",
            "x: \"\\\"quoted\\\" \\u003c \\x41 \\/ \\t\"",
            "kind: \"Esc\\u0061ped\"",
            "helm.sh/hook: \"a\\nb\"",
            "x: \"bad \\q\"",
            "x: \"\\U0010ffff \\uDFFF\"",
            "x: {}",
            "- {}",
            "x: [] # c",
            "x: {}x",
            "1: a",
            "null: b",
            "x: 0o17",
            "x: .5",
            "x: 'a'",
            "\"x\": \"\\u00e9\"",
            "x: [80, 443]",
            "x: [a,'b', \"c,]\"] # c",
            "x: [a, ]",
            "x: [a b]",
            "x: [-1, .5, ~, yes, -, 0x10]",
            "- [1]",
            "kind: [Pod]",
        ];
        let mut taken = 0;
        for _ in 0..20_000 {
            let mut doc = String::new();
            for _ in 0..rng.gen_range(1..9) {
                let indent = [0, 0, 1, 2, 2, 3, 4, 6][rng.gen_range(0..8)];
                doc.push_str(&" ".repeat(indent));
                doc.push_str(pieces[rng.gen_range(0..pieces.len())]);
                doc.push('\n');
            }
            if same(&doc).is_some() {
                taken += 1;
            }
        }
        // Enough of them were inside the subset for the comparison to mean something.
        assert!(taken > 1_000, "only {taken} documents were read fast");
    }

    #[test]
    fn indentless_and_compact_sequences_nest_as_yaml_reads_them() {
        let doc = "kind: K\nitems:\n- a\n- b: 1\n  c:\n  - d\n  e: 2\n-\n  f: 3\nmetadata:\n  annotations:\n    helm.sh/hook: post-install\n";
        assert_eq!(
            same(doc),
            Some(("K".to_string(), Some("post-install".to_string())))
        );
    }
}
