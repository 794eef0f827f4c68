//! Patch targeting and JSON 6902 patches.
//!
//! Owns kustomize's selector matching (group, version, kind, name and namespace as anchored
//! regular expressions against current and original ids, label and annotation selectors in
//! Kubernetes syntax) and RFC 6902 operations (`add`, `remove`, `replace`, `move`, `copy`,
//! `test`) on JSON pointers.

use serde_json::Value;

use super::kustfile::Selector;
use super::resource::Resource;
use super::scalar_text;

/// A compiled selector.
pub struct SelectorRegex {
    group: Option<regex::Regex>,
    version: Option<regex::Regex>,
    kind: Option<regex::Regex>,
    name: Option<regex::Regex>,
    namespace: Option<regex::Regex>,
    labels: Option<LabelSelector>,
    annotations: Option<LabelSelector>,
}

/// Errors of selectors and JSON 6902 patches; the messages are kustomize's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A selector field is not a valid regular expression.
    #[error("invalid regular expression {pattern:?}: {message}")]
    Regex {
        /// The pattern.
        pattern: String,
        /// The compiler's message.
        message: String,
    },
    /// A label or annotation selector does not parse.
    #[error("invalid selector {0:?}")]
    Selector(String),
    /// The patch text is not JSON or YAML.
    #[error("invalid JSON patch: {0}")]
    Parse(String),
    /// The patch is not a list of operation mappings.
    #[error("{0}")]
    Shape(&'static str),
    /// A path is not a JSON pointer.
    #[error("invalid JSON pointer {0:?}")]
    Pointer(String),
    /// The document has nothing at a path.
    #[error("doc is missing path: {0}")]
    MissingPath(String),
    /// An operation does not apply to the document.
    #[error("{0}")]
    Operation(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

fn anchored(p: &str) -> Result<Option<regex::Regex>> {
    if p.is_empty() {
        return Ok(None);
    }
    regex::Regex::new(&format!("^(?:{p})$"))
        .map(Some)
        .map_err(|e| Error::Regex {
            pattern: p.to_string(),
            message: e.to_string(),
        })
}

impl SelectorRegex {
    /// Compiles a selector.
    pub fn new(s: &Selector) -> Result<SelectorRegex> {
        Ok(SelectorRegex {
            group: anchored(&s.group)?,
            version: anchored(&s.version)?,
            kind: anchored(&s.kind)?,
            name: anchored(&s.name)?,
            namespace: anchored(&s.namespace)?,
            labels: (!s.label_selector.is_empty())
                .then(|| LabelSelector::parse(&s.label_selector))
                .transpose()?,
            annotations: (!s.annotation_selector.is_empty())
                .then(|| LabelSelector::parse(&s.annotation_selector))
                .transpose()?,
        })
    }

    /// kustomize's `ResMap.Select` rule for one resource.
    pub fn selects(&self, r: &Resource) -> bool {
        let cur = r.cur_id();
        let org = r.org_id();
        let m = |re: &Option<regex::Regex>, s: &str| re.as_ref().is_none_or(|re| re.is_match(s));
        if !(m(&self.namespace, &org.effective_namespace())
            || m(&self.namespace, &cur.effective_namespace()))
        {
            return false;
        }
        if !(m(&self.name, &org.name) || m(&self.name, &cur.name)) {
            return false;
        }
        let gvk = r.gvk();
        if !(m(&self.group, &gvk.group)
            && m(&self.version, &gvk.version)
            && m(&self.kind, &gvk.kind))
        {
            return false;
        }
        if let Some(ls) = &self.labels {
            if !ls.matches(&r.string_map("labels")) {
                return false;
            }
        }
        if let Some(a) = &self.annotations {
            if !a.matches(&r.string_map("annotations")) {
                return false;
            }
        }
        true
    }
}

/// A Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
pub struct LabelSelector(Vec<Req>);

enum Req {
    Eq(String, String),
    Ne(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

impl LabelSelector {
    /// Parses the selector text.
    pub fn parse(text: &str) -> Result<LabelSelector> {
        let mut reqs = Vec::new();
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        for p in parts {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let set = |rest: &str| -> Result<Vec<String>> {
                let r = rest.trim();
                let inner = r
                    .strip_prefix('(')
                    .and_then(|r| r.strip_suffix(')'))
                    .ok_or_else(|| Error::Selector(text.to_string()))?;
                Ok(inner
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect())
            };
            if let Some((k, v)) = p.split_once("!=") {
                reqs.push(Req::Ne(k.trim().into(), v.trim().into()));
            } else if let Some((k, v)) = p.split_once("==") {
                reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
            } else if let Some((k, v)) = p.split_once('=') {
                reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
            } else if let Some(i) = p.find(" notin ") {
                reqs.push(Req::NotIn(p[..i].trim().into(), set(&p[i + 7..])?));
            } else if let Some(i) = p.find(" in ") {
                reqs.push(Req::In(p[..i].trim().into(), set(&p[i + 4..])?));
            } else if let Some(k) = p.strip_prefix('!') {
                reqs.push(Req::NotExists(k.trim().into()));
            } else {
                reqs.push(Req::Exists(p.into()));
            }
        }
        Ok(LabelSelector(reqs))
    }

    /// Whether a label map satisfies every requirement.
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        let get = |k: &str| {
            labels
                .iter()
                .find(|(lk, _)| lk == k)
                .map(|(_, v)| v.as_str())
        };
        self.0.iter().all(|r| match r {
            Req::Eq(k, v) => get(k) == Some(v),
            Req::Ne(k, v) => get(k) != Some(v),
            Req::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Req::NotIn(k, vs) => get(k).is_none_or(|x| !vs.iter().any(|v| v == x)),
            Req::Exists(k) => get(k).is_some(),
            Req::NotExists(k) => get(k).is_none(),
        })
    }
}

/// One JSON 6902 operation.
#[derive(Clone, Debug)]
pub struct Op {
    op: String,
    /// `None` when the operation has no `path` (or a null one).
    path: Option<String>,
    from: String,
    value: Option<Value>,
}

/// Parses a JSON 6902 patch (JSON text or YAML list).
pub fn parse_json6902(text: &str) -> Result<Vec<Op>> {
    let v: Value = if text.trim_start().starts_with('[') {
        serde_json::from_str(text)
            .or_else(|_| super::yaml::parse_one(text).map_err(|e| e.to_string()))
            .map_err(Error::Parse)?
    } else {
        super::yaml::parse_one(text).map_err(|e| Error::Parse(e.to_string()))?
    };
    let Value::Array(items) = v else {
        return Err(Error::Shape("a JSON patch must be a list of operations"));
    };
    let mut ops = Vec::new();
    for it in items {
        let Value::Object(m) = it else {
            return Err(Error::Shape("a JSON patch operation must be a mapping"));
        };
        let s = |k: &str| m.get(k).map(scalar_text).unwrap_or_default();
        ops.push(Op {
            op: s("op"),
            path: m.get("path").filter(|v| !v.is_null()).map(scalar_text),
            from: s("from"),
            value: m.get("value").cloned(),
        });
    }
    Ok(ops)
}

fn tokens(pointer: &str) -> Result<Vec<String>> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(Error::Pointer(pointer.to_string()));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn parent<'a>(doc: &'a mut Value, toks: &[String], pointer: &str) -> Result<&'a mut Value> {
    let mut cur = doc;
    for t in &toks[..toks.len() - 1] {
        cur = match cur {
            Value::Object(m) => m.get_mut(t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(move |i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| Error::MissingPath(pointer.to_string()))?;
    }
    Ok(cur)
}

fn get(doc: &Value, pointer: &str) -> Result<Value> {
    let mut cur = doc;
    for t in tokens(pointer)? {
        cur = match cur {
            Value::Object(m) => m.get(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or_else(|| Error::MissingPath(pointer.to_string()))?;
    }
    Ok(cur.clone())
}

fn remove(doc: &mut Value, pointer: &str) -> Result<Value> {
    let toks = tokens(pointer)?;
    if toks.is_empty() {
        return Err(Error::Operation(String::from(
            "cannot remove the whole document",
        )));
    }
    let last = toks.last().cloned().unwrap_or_default();
    match parent(doc, &toks, pointer)? {
        Value::Object(m) => m.shift_remove(&last).ok_or_else(|| {
            Error::Operation(format!(
                "unable to remove nonexistent key: {last}: missing value"
            ))
        }),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| {
                Error::Operation(format!("invalid array index {last:?} in {pointer}"))
            })?;
            if i >= a.len() {
                return Err(Error::Operation(format!(
                    "unable to remove: index {i} out of bounds in {pointer}"
                )));
            }
            Ok(a.remove(i))
        }
        _ => Err(Error::MissingPath(pointer.to_string())),
    }
}

fn add(doc: &mut Value, pointer: &str, value: Value, replace: bool) -> Result<()> {
    let toks = tokens(pointer)?;
    if toks.is_empty() {
        return Err(Error::MissingPath(String::from("\"\"")));
    }
    let last = toks.last().cloned().unwrap_or_default();
    match parent(doc, &toks, pointer)? {
        Value::Object(m) => {
            if replace && !m.contains_key(&last) {
                return Err(Error::Operation(format!(
                    "replace operation does not apply: doc is missing key: {pointer}"
                )));
            }
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" && !replace {
                a.push(value);
                return Ok(());
            }
            let i: usize = last.parse().map_err(|_| {
                Error::Operation(format!("invalid array index {last:?} in {pointer}"))
            })?;
            if replace {
                let slot = a.get_mut(i).ok_or_else(|| {
                    Error::Operation(format!(
                        "replace operation does not apply: doc is missing key: {pointer}"
                    ))
                })?;
                *slot = value;
            } else {
                if i > a.len() {
                    return Err(Error::Operation(format!(
                        "add operation does not apply: index {i} out of bounds in {pointer}"
                    )));
                }
                a.insert(i, value);
            }
            Ok(())
        }
        _ => Err(Error::MissingPath(pointer.to_string())),
    }
}

/// Applies operations to a document, which stays a mapping: as in json-patch (kustomize's),
/// only `replace` may change the whole document (`path: ""`), and only to a mapping; `add`,
/// `remove`, `move` and `copy` refuse the empty path.
pub fn apply_json6902(doc: &mut Value, ops: &[Op]) -> Result<()> {
    for op in ops {
        let name = op.op.as_str();
        if !matches!(
            name,
            "add" | "replace" | "remove" | "move" | "copy" | "test"
        ) {
            return Err(Error::Operation(format!("unexpected operation {name:?}")));
        }
        let path = op.path.as_deref().ok_or_else(|| {
            Error::Operation(format!(
                "{name} operation failed to decode path: missing value"
            ))
        })?;
        if path.is_empty() && name != "replace" && name != "test" {
            let which = if matches!(name, "move" | "copy") {
                "destination path: "
            } else {
                "path: \"\""
            };
            return Err(Error::Operation(format!(
                "{name} operation does not apply: doc is missing {which}: missing value"
            )));
        }
        match name {
            "add" => add(doc, path, op.value.clone().unwrap_or(Value::Null), false)?,
            "replace" if path.is_empty() => {
                match &op.value {
                    Some(v @ Value::Object(_)) => *doc = v.clone(),
                    _ => return Err(Error::Operation(String::from(
                        "replace operation value must be an object to replace the whole document",
                    ))),
                }
            }
            "replace" => add(doc, path, op.value.clone().unwrap_or(Value::Null), true)?,
            "remove" => {
                remove(doc, path)?;
            }
            "move" => {
                let v = remove(doc, &op.from)?;
                add(doc, path, v, false)?;
            }
            "copy" => {
                let v = get(doc, &op.from)?;
                add(doc, path, v, false)?;
            }
            _ => {
                let v = get(doc, path)?;
                if Some(&v) != op.value.as_ref() {
                    return Err(Error::Operation(format!("testing value {path} failed")));
                }
            }
        }
    }
    Ok(())
}
