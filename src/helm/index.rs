//! Helm chart repository indexes (`index.yaml`) as Flux's source-controller reads and stores
//! them.
//!
//! Reading follows source-controller v1.9.4 (`IndexFromBytes` over Helm v4.2.2's `repo/v1`
//! types): JSON when the bytes are valid JSON, else YAML decoded strictly (unknown fields and
//! duplicate keys are errors) with sigs.k8s.io/yaml's typing (a YAML number or boolean read
//! into a string field becomes its Go text: `1.10` → `"1.1"`, `yes` → `"true"`); an empty file
//! or a missing `apiVersion` is an error; chart versions that fail Helm's metadata validation
//! are dropped (except "more than one dependency with name or alias"), strings are sanitised,
//! and each chart's versions are sorted newest first. The YAML is read one chart version at a
//! time, so memory follows the compact typed index, not a generic tree of the whole file.
//!
//! Writing produces the artifact Flux stores: `json.MarshalIndent(index, "", "  ")` of the
//! typed index, byte for byte (Go's field order, `omitempty`, HTML escaping, sorted map keys,
//! RFC 3339 times as Go prints them).

use std::collections::BTreeMap;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::Value;

/// Why an index cannot be read; the messages follow Helm's and sigs.k8s.io/yaml's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file is empty.
    #[error("empty index.yaml file")]
    Empty,
    /// `apiVersion` is missing.
    #[error("no API version specified")]
    NoApiVersion,
    /// The YAML does not parse.
    #[error("error converting YAML to JSON: yaml: line {line}: {message}")]
    Yaml {
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A field has the wrong type or is unknown.
    #[error("error unmarshaling JSON: while decoding JSON: json: {0}")]
    Decode(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// A maintainer of a chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// URL.
    pub url: String,
}

/// A dependency of a chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    /// Name.
    pub name: String,
    /// Version range.
    pub version: String,
    /// Repository URL (always printed, even empty).
    pub repository: String,
    /// Condition.
    pub condition: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Enabled.
    pub enabled: bool,
    /// `import-values` (free-form).
    pub import_values: Vec<Value>,
    /// Alias.
    pub alias: String,
}

/// One chart version of an index: Helm's `ChartVersion` (chart metadata plus URLs, creation
/// time and digest), fields in Go's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartVersion {
    /// Chart name.
    pub name: String,
    /// Home page.
    pub home: String,
    /// Source URLs.
    pub sources: Vec<String>,
    /// Version.
    pub version: String,
    /// Description.
    pub description: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Maintainers.
    pub maintainers: Vec<Maintainer>,
    /// Icon URL.
    pub icon: String,
    /// Chart API version (`v1` when the index has none).
    pub api_version: String,
    /// Condition.
    pub condition: String,
    /// Tags (a string in Chart.yaml).
    pub tags: String,
    /// Application version.
    pub app_version: String,
    /// Deprecated.
    pub deprecated: bool,
    /// Annotations.
    pub annotations: BTreeMap<String, String>,
    /// Kubernetes version constraint.
    pub kube_version: String,
    /// Dependencies.
    pub dependencies: Vec<Dependency>,
    /// `application` or `library`.
    pub type_: String,
    /// Download URLs (`None` prints `null`, as a nil Go slice).
    pub urls: Option<Vec<String>>,
    /// Creation time as Go prints it (zero time when absent).
    pub created: String,
    /// Removed.
    pub removed: bool,
    /// Digest of the chart archive.
    pub digest: String,
    /// Deprecated `checksum`.
    pub checksum: String,
    /// Deprecated `engine`.
    pub engine: String,
    /// Deprecated `tillerVersion`.
    pub tiller_version: String,
    /// Deprecated `url`.
    pub url: String,
}

/// A repository index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    /// `serverInfo` (chartmuseum), kept as read.
    pub server_info: BTreeMap<String, Value>,
    /// API version (required).
    pub api_version: String,
    /// Generation time as Go prints it.
    pub generated: String,
    /// Chart versions by chart name, newest first.
    pub entries: BTreeMap<String, Vec<ChartVersion>>,
    /// Public keys.
    pub public_keys: Vec<String>,
    /// Annotations.
    pub annotations: BTreeMap<String, String>,
}

/// Go's zero `time.Time` as JSON.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

impl Index {
    /// Reads an index as source-controller does (see the module documentation).
    pub fn from_bytes(bytes: &[u8]) -> Result<Index> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let index = if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
            let v: Value =
                serde_json::from_slice(bytes).map_err(|e| Error::Decode(e.to_string()))?;
            from_json(&v)?
        } else {
            let text = String::from_utf8_lossy(bytes);
            from_yaml(&text)?
        };
        Self::finish(index)
    }

    /// [`Index::from_bytes`] of a file, without reading the file into memory: the JSON test
    /// and the YAML parse both stream it (a JSON index, which is rare, is read whole).
    pub fn from_file(path: &std::path::Path) -> std::io::Result<Result<Index>> {
        use std::io::{BufRead, BufReader, Seek};
        let mut f = std::fs::File::open(path)?;
        if f.metadata()?.len() == 0 {
            return Ok(Err(Error::Empty));
        }
        let is_json =
            serde_json::from_reader::<_, serde::de::IgnoredAny>(BufReader::new(&f)).is_ok();
        f.rewind()?;
        if is_json {
            let bytes = std::fs::read(path)?;
            return Ok(Self::from_bytes(&bytes));
        }
        let mut reader = BufReader::with_capacity(64 * 1024, f);
        if reader.fill_buf()?.starts_with("\u{feff}".as_bytes()) {
            reader.consume(3);
        }
        let mut chars = Utf8Chars {
            inner: reader,
            failed: false,
        };
        let parsed = from_yaml_parser(Parser::new_from_iter(&mut chars));
        if chars.failed {
            return Err(std::io::Error::other("reading the index failed"));
        }
        Ok(parsed.and_then(Self::finish))
    }

    fn finish(mut index: Index) -> Result<Index> {
        if index.api_version.is_empty() {
            return Err(Error::NoApiVersion);
        }
        for versions in index.entries.values_mut() {
            versions.retain_mut(|cv| {
                if cv.api_version.is_empty() {
                    cv.api_version = String::from("v1");
                }
                match cv.validate() {
                    Ok(()) => true,
                    Err(e) => e.starts_with("more than one dependency with name or alias"),
                }
            });
            sort_newest_first(versions);
        }
        Ok(index)
    }

    /// The chart versions of `name`, newest first.
    pub fn versions(&self, name: &str) -> &[ChartVersion] {
        self.entries.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The version of chart `name` that `version` selects, as source-controller's
    /// `ChartRepository.GetChartVersion` picks it: an exact version string first, else the
    /// highest version satisfying the constraint (`""` and `*` mean the latest stable), ties
    /// on version (build metadata) broken by the newest `created`. Errors are Helm's and
    /// Flux's messages; all of them are reference errors (the chart or version is not there).
    pub fn get(&self, name: &str, version: &str) -> std::result::Result<&ChartVersion, String> {
        let Some(cvs) = self.entries.get(name) else {
            return Err("no chart name found".into());
        };
        if cvs.is_empty() {
            return Err("no chart version found".into());
        }
        if !version.is_empty() {
            if let Some(cv) = cvs.iter().find(|cv| cv.version == version) {
                return Ok(cv);
            }
        }
        let constraint = if version.is_empty() || version == "*" {
            "*"
        } else {
            version
        };
        let constraint =
            crate::masterminds::Constraint::parse(constraint).map_err(|e| e.to_string())?;
        let created = |cv: &ChartVersion| chrono::DateTime::parse_from_rfc3339(&cv.created).ok();
        cvs.iter()
            .filter_map(|cv| {
                let v = crate::masterminds::parse_flux_version(&cv.version).ok()?;
                constraint.matches(&v).then_some((v, cv))
            })
            .max_by(|(va, a), (vb, b)| {
                va.cmp_precedence(vb)
                    .then_with(|| created(a).cmp(&created(b)))
            })
            .map(|(_, cv)| cv)
            .ok_or_else(|| format!("no '{name}' chart with version matching '{version}' found"))
    }

    /// The artifact Flux stores: `json.MarshalIndent(index, "", "  ")`.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`Index::to_json`] written to `sink` as it is produced (one chart version at a time),
    /// so a large index never exists twice in memory.
    pub fn write_json(&self, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut w = GoJson::default();
        w.open('{');
        if !self.server_info.is_empty() {
            w.key("serverInfo");
            w.value_map(&self.server_info);
        }
        w.key("apiVersion");
        w.string(&self.api_version);
        w.key("generated");
        w.string(if self.generated.is_empty() {
            ZERO_TIME
        } else {
            &self.generated
        });
        w.key("entries");
        w.open('{');
        for (name, versions) in &self.entries {
            w.key(name);
            w.open('[');
            for cv in versions {
                w.item();
                cv.write(&mut w);
                if w.out.len() > 1 << 16 {
                    sink.write_all(w.out.as_bytes())?;
                    w.out.clear();
                }
            }
            w.close(']');
        }
        w.close('}');
        if !self.public_keys.is_empty() {
            w.key("publicKeys");
            w.strings(&self.public_keys);
        }
        if !self.annotations.is_empty() {
            w.key("annotations");
            w.string_map(&self.annotations);
        }
        w.close('}');
        sink.write_all(w.out.as_bytes())
    }
}

impl ChartVersion {
    /// Helm's `Metadata.Validate` (strings sanitised on the way); the error text is Helm's
    /// without its `validation: ` prefix.
    fn validate(&mut self) -> std::result::Result<(), String> {
        for s in [
            &mut self.name,
            &mut self.description,
            &mut self.home,
            &mut self.icon,
            &mut self.condition,
            &mut self.tags,
            &mut self.app_version,
            &mut self.kube_version,
        ] {
            *s = sanitize(s);
        }
        for s in self.sources.iter_mut().chain(self.keywords.iter_mut()) {
            *s = sanitize(s);
        }
        if self.api_version.is_empty() {
            return Err(String::from("chart.metadata.apiVersion is required"));
        }
        if self.name.is_empty() {
            return Err(String::from("chart.metadata.name is required"));
        }
        if self.name == "." || self.name == ".." {
            return Err(format!(
                "chart.metadata.name {:?} is not allowed",
                self.name
            ));
        }
        if self.name.contains('/') {
            return Err(format!("chart.metadata.name {:?} is invalid", self.name));
        }
        if self.version.is_empty() {
            return Err(String::from("chart.metadata.version is required"));
        }
        if crate::masterminds::parse_version(&self.version).is_err() {
            return Err(format!(
                "chart.metadata.version {:?} is invalid",
                self.version
            ));
        }
        if !matches!(self.type_.as_str(), "" | "application" | "library") {
            return Err(String::from(
                "chart.metadata.type must be application or library",
            ));
        }
        for m in &mut self.maintainers {
            m.name = sanitize(&m.name);
            m.email = sanitize(&m.email);
            m.url = sanitize(&m.url);
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in &mut self.dependencies {
            for s in [
                &mut d.name,
                &mut d.version,
                &mut d.repository,
                &mut d.condition,
            ] {
                *s = sanitize(s);
            }
            for t in &mut d.tags {
                *t = sanitize(t);
            }
            let alias_ok = d
                .alias
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !d.alias.is_empty() && !alias_ok {
                return Err(format!(
                    "dependency {:?} has disallowed characters in the alias",
                    d.name
                ));
            }
            let key = if d.alias.is_empty() {
                d.name.clone()
            } else {
                d.alias.clone()
            };
            if !seen.insert(key.clone()) {
                return Err(format!(
                    "more than one dependency with name or alias {key:?}"
                ));
            }
        }
        Ok(())
    }

    fn write(&self, w: &mut GoJson) {
        w.open('{');
        let s = |w: &mut GoJson, k: &str, v: &str| {
            if !v.is_empty() {
                w.key(k);
                w.string(v);
            }
        };
        let list = |w: &mut GoJson, k: &str, v: &[String]| {
            if !v.is_empty() {
                w.key(k);
                w.strings(v);
            }
        };
        s(w, "name", &self.name);
        s(w, "home", &self.home);
        list(w, "sources", &self.sources);
        s(w, "version", &self.version);
        s(w, "description", &self.description);
        list(w, "keywords", &self.keywords);
        if !self.maintainers.is_empty() {
            w.key("maintainers");
            w.open('[');
            for m in &self.maintainers {
                w.item();
                w.open('{');
                s(w, "name", &m.name);
                s(w, "email", &m.email);
                s(w, "url", &m.url);
                w.close('}');
            }
            w.close(']');
        }
        s(w, "icon", &self.icon);
        s(w, "apiVersion", &self.api_version);
        s(w, "condition", &self.condition);
        s(w, "tags", &self.tags);
        s(w, "appVersion", &self.app_version);
        if self.deprecated {
            w.key("deprecated");
            w.raw("true");
        }
        if !self.annotations.is_empty() {
            w.key("annotations");
            w.string_map(&self.annotations);
        }
        s(w, "kubeVersion", &self.kube_version);
        if !self.dependencies.is_empty() {
            w.key("dependencies");
            w.open('[');
            for d in &self.dependencies {
                w.item();
                w.open('{');
                w.key("name");
                w.string(&d.name);
                s(w, "version", &d.version);
                w.key("repository");
                w.string(&d.repository);
                s(w, "condition", &d.condition);
                list(w, "tags", &d.tags);
                if d.enabled {
                    w.key("enabled");
                    w.raw("true");
                }
                if !d.import_values.is_empty() {
                    w.key("import-values");
                    w.value(&Value::Array(d.import_values.clone()));
                }
                s(w, "alias", &d.alias);
                w.close('}');
            }
            w.close(']');
        }
        s(w, "type", &self.type_);
        w.key("urls");
        match &self.urls {
            Some(urls) => w.strings(urls),
            None => w.raw("null"),
        }
        w.key("created");
        w.string(if self.created.is_empty() {
            ZERO_TIME
        } else {
            &self.created
        });
        if self.removed {
            w.key("removed");
            w.raw("true");
        }
        s(w, "digest", &self.digest);
        s(w, "checksum", &self.checksum);
        s(w, "engine", &self.engine);
        s(w, "tillerVersion", &self.tiller_version);
        s(w, "url", &self.url);
        w.close('}');
    }
}

/// Helm's `sanitizeString`: whitespace becomes a space, characters that do not print are
/// dropped.
fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{e000}'..='\u{f8ff}')
            {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Newest first by semantic version; versions that do not parse go last (stable otherwise).
fn sort_newest_first(versions: &mut [ChartVersion]) {
    versions.sort_by(|a, b| {
        let pa = crate::masterminds::parse_version(&a.version).ok();
        let pb = crate::masterminds::parse_version(&b.version).ok();
        match (pa, pb) {
            (Some(x), Some(y)) => y.cmp_precedence(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
}

/// Go's RFC 3339 time parse and `MarshalJSON` print: fraction without trailing zeros, `Z`
/// for a zero offset.
pub fn go_time(s: &str) -> std::result::Result<String, String> {
    let bad = || format!("parsing time {s:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse");
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let digits = |r: std::ops::Range<usize>| -> std::result::Result<u32, String> {
        let t = &s[r];
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (mo, d, h, mi, se) = (
        digits(5..7)?,
        digits(8..10)?,
        digits(11..13)?,
        digits(14..16)?,
        digits(17..19)?,
    );
    digits(0..4)?;
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
        return Err(bad());
    }
    let mut i = 19;
    let mut frac = String::new();
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 9 {
            return Err(bad());
        }
        frac = s[start..i].trim_end_matches('0').to_string();
    }
    let zone = &s[i..];
    let zone = match zone {
        "Z" => "Z".to_string(),
        z if z.len() == 6
            && (z.starts_with('+') || z.starts_with('-'))
            && z.as_bytes()[3] == b':' =>
        {
            let hh = digits(i + 1..i + 3)?;
            let mm = digits(i + 4..i + 6)?;
            if hh > 23 || mm > 59 {
                return Err(bad());
            }
            if hh == 0 && mm == 0 {
                "Z".to_string()
            } else {
                z.to_string()
            }
        }
        _ => return Err(bad()),
    };
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    Ok(format!("{}{frac}{zone}", &s[..19]))
}

// ---------------------------------------------------------------------------------------
// Decoding.

/// A YAML node as sigs.k8s.io/yaml sees it before typing into the target.
#[derive(Clone, Debug)]
enum Node {
    Scalar { text: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// go-yaml v2's type of a plain scalar, as far as a string target cares.
enum Typed {
    Null,
    Bool(bool),
    Int(String),
    Float(f64),
    Str,
}

fn v2_type(text: &str) -> Typed {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Typed::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Typed::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Typed::Bool(false)
        }
        _ => {}
    }
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(v) = crate::goyaml::scalars::go_parse_int(&plain) {
        return Typed::Int(v.to_string());
    }
    if crate::goyaml::scalars::is_yaml_float(&plain) {
        if let Some(f) = crate::goyaml::scalars::go_parse_float(&plain) {
            return Typed::Float(f);
        }
    }
    Typed::Str
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits of the float32, in
/// exponent form when the exponent is below -4 or at least 6 (Go's shortest `%g` rule).
fn go_float32_text(f: f64) -> String {
    let v = f as f32;
    if v == 0.0 {
        return String::from("0");
    }
    let e = format!("{v:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{v}")
}

/// A scalar read into a Go string field.
fn string_of(node: &Node, field: &str) -> Result<String> {
    match node {
        Node::Scalar { text, plain: false } => Ok(text.clone()),
        Node::Scalar { text, plain: true } => Ok(match v2_type(text) {
            Typed::Null => String::new(),
            Typed::Bool(b) => b.to_string(),
            Typed::Int(i) => i,
            Typed::Float(f) => go_float32_text(f),
            Typed::Str => text.clone(),
        }),
        _ => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go struct field {field} of type string",
            kind_name(node)
        ))),
    }
}

fn kind_name(node: &Node) -> &'static str {
    match node {
        Node::Scalar { .. } => "string",
        Node::Seq(_) => "array",
        Node::Map(_) => "object",
    }
}

fn bool_of(node: &Node, field: &str) -> Result<bool> {
    match node {
        Node::Scalar { text, plain: true } => match v2_type(text) {
            Typed::Bool(b) => Ok(b),
            Typed::Null => Ok(false),
            _ => Err(Error::Decode(format!(
                "cannot unmarshal string into Go struct field {field} of type bool"
            ))),
        },
        _ => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go struct field {field} of type bool",
            kind_name(node)
        ))),
    }
}

fn is_null(node: &Node) -> bool {
    matches!(node, Node::Scalar { text, plain: true } if matches!(v2_type(text), Typed::Null))
}

fn strings_of(node: &Node, field: &str) -> Result<Vec<String>> {
    match node {
        Node::Seq(items) => items.iter().map(|i| string_of(i, field)).collect(),
        n if is_null(n) => Ok(Vec::new()),
        n => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go struct field {field} of type []string",
            kind_name(n)
        ))),
    }
}

/// A scalar read into a string that sigs.k8s.io/yaml does not convert (map values, and the
/// chart metadata embedded in a chart version): a number or boolean is a decoding error.
fn strict_string_of(node: &Node, field: &str) -> Result<String> {
    map_string_of(node, field)
}

/// Strings of a list that sigs.k8s.io/yaml does not convert.
fn strict_strings_of(node: &Node, field: &str) -> Result<Vec<String>> {
    match node {
        Node::Seq(items) => items.iter().map(|i| strict_string_of(i, field)).collect(),
        n if is_null(n) => Ok(Vec::new()),
        n => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go struct field {field} of type []string",
            kind_name(n)
        ))),
    }
}

/// A scalar read into a map's string value: sigs.k8s.io/yaml converts only direct struct
/// fields, so a number or boolean here is a decoding error.
fn map_string_of(node: &Node, field: &str) -> Result<String> {
    let wrong = |what: &str| {
        Error::Decode(format!(
            "cannot unmarshal {what} into Go struct field {field} of type string"
        ))
    };
    match node {
        Node::Scalar { text, plain: false } => Ok(text.clone()),
        Node::Scalar { text, plain: true } => match v2_type(text) {
            Typed::Str => Ok(text.clone()),
            Typed::Null => Ok(String::new()),
            Typed::Bool(_) => Err(wrong("bool")),
            Typed::Int(_) | Typed::Float(_) => Err(wrong("number")),
        },
        n => Err(wrong(kind_name(n))),
    }
}

fn string_map_of(node: &Node, field: &str) -> Result<BTreeMap<String, String>> {
    match node {
        Node::Map(items) => items
            .iter()
            .map(|(k, v)| Ok((k.clone(), map_string_of(v, field)?)))
            .collect(),
        n if is_null(n) => Ok(BTreeMap::new()),
        n => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go struct field {field} of type map[string]string",
            kind_name(n)
        ))),
    }
}

/// A node as a free-form JSON value (go-yaml v2 typing).
fn value_of(node: &Node) -> Value {
    match node {
        Node::Scalar { text, plain: false } => Value::String(text.clone()),
        Node::Scalar { text, plain: true } => match v2_type(text) {
            Typed::Null => Value::Null,
            Typed::Bool(b) => Value::Bool(b),
            Typed::Int(i) => i
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| i.parse::<u64>().map(Value::from))
                .unwrap_or(Value::String(i)),
            Typed::Float(f) => serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Typed::Str => Value::String(text.clone()),
        },
        Node::Seq(items) => Value::Array(items.iter().map(value_of).collect()),
        Node::Map(items) => Value::Object(
            items
                .iter()
                .map(|(k, v)| (k.clone(), value_of(v)))
                .collect(),
        ),
    }
}

fn unknown(field: &str) -> Error {
    Error::Decode(format!("unknown field {field:?}"))
}

fn fields<'n>(node: &'n Node, ty: &str) -> Result<&'n [(String, Node)]> {
    match node {
        Node::Map(items) => Ok(items),
        n => Err(Error::Decode(format!(
            "cannot unmarshal {} into Go value of type {ty}",
            kind_name(n)
        ))),
    }
}

fn maintainer_of(node: &Node) -> Result<Maintainer> {
    let mut m = Maintainer::default();
    for (k, v) in fields(node, "chart.Maintainer")? {
        let f = format!("Maintainer.entries.Metadata.maintainers.{k}");
        match k.as_str() {
            "name" => m.name = strict_string_of(v, &f)?,
            "email" => m.email = strict_string_of(v, &f)?,
            "url" => m.url = strict_string_of(v, &f)?,
            other => return Err(unknown(other)),
        }
    }
    Ok(m)
}

fn dependency_of(node: &Node) -> Result<Dependency> {
    let mut d = Dependency::default();
    for (k, v) in fields(node, "chart.Dependency")? {
        let f = format!("Dependency.entries.Metadata.dependencies.{k}");
        match k.as_str() {
            "name" => d.name = strict_string_of(v, &f)?,
            "version" => d.version = strict_string_of(v, &f)?,
            "repository" => d.repository = strict_string_of(v, &f)?,
            "condition" => d.condition = strict_string_of(v, &f)?,
            "tags" => d.tags = strict_strings_of(v, &f)?,
            "enabled" => d.enabled = bool_of(v, &f)?,
            "import-values" => {
                d.import_values = match v {
                    Node::Seq(items) => items.iter().map(value_of).collect(),
                    n if is_null(n) => Vec::new(),
                    n => {
                        return Err(Error::Decode(format!(
                            "cannot unmarshal {} into Go struct field {f} of type []interface {{}}",
                            kind_name(n)
                        )))
                    }
                }
            }
            "alias" => d.alias = strict_string_of(v, &f)?,
            other => return Err(unknown(other)),
        }
    }
    Ok(d)
}

fn chart_version_of(node: &Node) -> Result<ChartVersion> {
    let mut cv = ChartVersion::default();
    for (k, v) in fields(node, "repo.ChartVersion")? {
        // The embedded chart metadata is not converted by sigs.k8s.io/yaml; the chart
        // version's own fields are.
        let f = format!("ChartVersion.entries.Metadata.{k}");
        let own = format!("ChartVersion.entries.{k}");
        match k.as_str() {
            "name" => cv.name = strict_string_of(v, &f)?,
            "home" => cv.home = strict_string_of(v, &f)?,
            "sources" => cv.sources = strict_strings_of(v, &f)?,
            "version" => cv.version = strict_string_of(v, &f)?,
            "description" => cv.description = strict_string_of(v, &f)?,
            "keywords" => cv.keywords = strict_strings_of(v, &f)?,
            "maintainers" => {
                cv.maintainers = match v {
                    Node::Seq(items) => items.iter().map(maintainer_of).collect::<Result<_>>()?,
                    n if is_null(n) => Vec::new(),
                    n => {
                        return Err(Error::Decode(format!(
                        "cannot unmarshal {} into Go struct field {f} of type []*chart.Maintainer",
                        kind_name(n)
                    )))
                    }
                }
            }
            "icon" => cv.icon = strict_string_of(v, &f)?,
            "apiVersion" => cv.api_version = strict_string_of(v, &f)?,
            "condition" => cv.condition = strict_string_of(v, &f)?,
            "tags" => cv.tags = strict_string_of(v, &f)?,
            "appVersion" => cv.app_version = strict_string_of(v, &f)?,
            "deprecated" => cv.deprecated = bool_of(v, &f)?,
            "annotations" => cv.annotations = string_map_of(v, &f)?,
            "kubeVersion" => cv.kube_version = strict_string_of(v, &f)?,
            "dependencies" => {
                cv.dependencies = match v {
                    Node::Seq(items) => items.iter().map(dependency_of).collect::<Result<_>>()?,
                    n if is_null(n) => Vec::new(),
                    n => {
                        return Err(Error::Decode(format!(
                        "cannot unmarshal {} into Go struct field {f} of type []*chart.Dependency",
                        kind_name(n)
                    )))
                    }
                }
            }
            "type" => cv.type_ = strict_string_of(v, &f)?,
            "urls" => {
                cv.urls = if is_null(v) {
                    None
                } else {
                    Some(strings_of(v, &own)?)
                }
            }
            "created" => {
                let t = string_of(v, &own)?;
                cv.created = if t.is_empty() {
                    String::new()
                } else {
                    go_time(&t).map_err(Error::Decode)?
                };
            }
            "removed" => cv.removed = bool_of(v, &own)?,
            "digest" => cv.digest = string_of(v, &own)?,
            "checksum" => cv.checksum = string_of(v, &own)?,
            "engine" => cv.engine = string_of(v, &own)?,
            "tillerVersion" => cv.tiller_version = string_of(v, &own)?,
            "url" => cv.url = string_of(v, &own)?,
            other => return Err(unknown(other)),
        }
    }
    Ok(cv)
}

/// The index's top-level fields other than `entries`.
fn top_field(index: &mut Index, key: &str, v: &Node) -> Result<()> {
    let f = format!("IndexFile.{key}");
    match key {
        "apiVersion" => index.api_version = string_of(v, &f)?,
        "generated" => {
            let t = string_of(v, &f)?;
            index.generated = if t.is_empty() {
                String::new()
            } else {
                go_time(&t).map_err(Error::Decode)?
            };
        }
        "publicKeys" => index.public_keys = strings_of(v, &f)?,
        "annotations" => index.annotations = string_map_of(v, &f)?,
        "serverInfo" => {
            if let Value::Object(m) = value_of(v) {
                index.server_info = m.into_iter().collect();
            }
        }
        other => return Err(unknown(other)),
    }
    Ok(())
}

/// Reads YAML one chart version at a time: the top-level fields and each entry's versions are
/// built as small trees, typed, and dropped.
fn from_yaml(text: &str) -> Result<Index> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    from_yaml_parser(Parser::new_from_str(text))
}

/// [`from_yaml`] over any parser input (a string, or characters decoded from a file).
fn from_yaml_parser<'a, I: granit_parser::BorrowedInput<'a>>(
    parser: Parser<'a, I>,
) -> Result<Index> {
    let mut r = Reader {
        parser,
        anchors: BTreeMap::new(),
        line: 1,
    };
    let mut index = Index::default();
    // Stream and document start, then the top-level mapping.
    loop {
        match r.next()? {
            Ev::MapStart(_) => break,
            Ev::StreamStart | Ev::DocStart => continue,
            Ev::StreamEnd | Ev::DocEnd => return Ok(index),
            Ev::Scalar(text, _, _) if text.is_empty() => return Ok(index),
            _ => {
                return Err(Error::Decode(String::from(
                    "cannot unmarshal array into Go value of type repo.IndexFile",
                )))
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let key = match r.next()? {
            Ev::MapEnd => break,
            ev => r.key(ev)?,
        };
        if !seen.insert(key.clone()) {
            return Err(r.duplicate(&key));
        }
        if key == "entries" {
            match r.next()? {
                Ev::MapStart(_) => {}
                Ev::Scalar(t, plain, _) if plain && matches!(v2_type(&t), Typed::Null) => {
                    continue
                }
                _ => {
                    return Err(Error::Decode(String::from(
                        "cannot unmarshal string into Go struct field IndexFile.entries of type map[string]repo.ChartVersions",
                    )))
                }
            }
            let mut names = std::collections::BTreeSet::new();
            loop {
                let name = match r.next()? {
                    Ev::MapEnd => break,
                    ev => r.key(ev)?,
                };
                if !names.insert(name.clone()) {
                    return Err(r.duplicate(&name));
                }
                let mut versions = Vec::new();
                match r.next()? {
                    Ev::SeqStart(_) => loop {
                        let ev = r.next()?;
                        if matches!(ev, Ev::SeqEnd) {
                            break;
                        }
                        let node = r.node(ev)?;
                        // A null item is dropped, as Helm drops nil versions.
                        if is_null(&node) {
                            continue;
                        }
                        versions.push(chart_version_of(&node)?);
                    },
                    Ev::Scalar(t, plain, _) if plain && matches!(v2_type(&t), Typed::Null) => {}
                    _ => {
                        return Err(Error::Decode(format!(
                            "cannot unmarshal object into Go struct field IndexFile.entries of type repo.ChartVersions (entry {name:?})"
                        )))
                    }
                }
                index.entries.insert(name, versions);
            }
            continue;
        }
        let ev = r.next()?;
        let node = r.node(ev)?;
        top_field(&mut index, &key, &node)?;
    }
    Ok(index)
}

/// The JSON field names of Helm's index types.
const INDEX_FIELDS: &[&str] = &[
    "serverInfo",
    "apiVersion",
    "generated",
    "entries",
    "publicKeys",
    "annotations",
];
const VERSION_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
    "urls",
    "created",
    "removed",
    "digest",
    "checksum",
    "engine",
    "tillerVersion",
    "url",
];
const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

/// Go's `encoding/json` view of an object for a struct: keys matched to the struct's fields
/// exactly or else case-insensitively, unknown keys ignored.
fn go_struct_fields(m: &serde_json::Map<String, Value>, known: &[&str]) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for (k, v) in m {
        let field = known
            .iter()
            .find(|f| **f == k)
            .or_else(|| known.iter().find(|f| f.eq_ignore_ascii_case(k)));
        if let Some(f) = field {
            match out.iter_mut().find(|(n, _)| n == f) {
                // A later key for the same field overwrites, as Go's decoder does.
                Some(slot) => slot.1 = v.clone(),
                None => out.push((f.to_string(), v.clone())),
            }
        }
    }
    out
}

/// Reads JSON (plain `json.Unmarshal`: unknown fields ignored, field names matched
/// case-insensitively). Known difference: a JSON number in a chart version's own string field
/// (`digest`, `urls`) is converted here, where Go refuses the whole index.
fn from_json(v: &Value) -> Result<Index> {
    fn node_of(v: &Value) -> Node {
        match v {
            Value::String(s) => Node::Scalar {
                text: s.clone(),
                plain: false,
            },
            Value::Null => Node::Scalar {
                text: String::from("null"),
                plain: true,
            },
            Value::Bool(b) => Node::Scalar {
                text: b.to_string(),
                plain: true,
            },
            Value::Number(n) => Node::Scalar {
                text: n.to_string(),
                plain: true,
            },
            Value::Array(a) => Node::Seq(a.iter().map(node_of).collect()),
            Value::Object(m) => Node::Map(m.iter().map(|(k, v)| (k.clone(), node_of(v))).collect()),
        }
    }
    fn struct_node(v: &Value, known: &[&str]) -> Node {
        match v {
            Value::Object(m) => Node::Map(
                go_struct_fields(m, known)
                    .iter()
                    .map(|(k, v)| {
                        let n = match (k.as_str(), v) {
                            ("maintainers", Value::Array(items)) => Node::Seq(
                                items
                                    .iter()
                                    .map(|i| struct_node(i, MAINTAINER_FIELDS))
                                    .collect(),
                            ),
                            ("dependencies", Value::Array(items)) => Node::Seq(
                                items
                                    .iter()
                                    .map(|i| struct_node(i, DEPENDENCY_FIELDS))
                                    .collect(),
                            ),
                            _ => node_of(v),
                        };
                        (k.clone(), n)
                    })
                    .collect(),
            ),
            other => node_of(other),
        }
    }
    let Value::Object(top) = v else {
        return Err(Error::Decode(String::from(
            "cannot unmarshal non-object into Go value of type repo.IndexFile",
        )));
    };
    let mut index = Index::default();
    for (k, v) in go_struct_fields(top, INDEX_FIELDS) {
        if k == "entries" {
            for (name, versions) in v.as_object().into_iter().flatten() {
                let mut out = Vec::new();
                for cv in versions.as_array().into_iter().flatten() {
                    if !cv.is_null() {
                        out.push(chart_version_of(&struct_node(cv, VERSION_FIELDS))?);
                    }
                }
                index.entries.insert(name.clone(), out);
            }
            continue;
        }
        top_field(&mut index, &k, &node_of(&v))?;
    }
    Ok(index)
}

enum Ev {
    StreamStart,
    StreamEnd,
    DocStart,
    DocEnd,
    Alias(usize),
    Scalar(String, bool, usize),
    SeqStart(usize),
    SeqEnd,
    MapStart(usize),
    MapEnd,
}

struct Reader<'a, I: granit_parser::BorrowedInput<'a>> {
    parser: Parser<'a, I>,
    anchors: BTreeMap<usize, Node>,
    line: usize,
}

/// Characters decoded from a byte stream as `String::from_utf8_lossy` decodes them (an invalid
/// sequence becomes U+FFFD), without holding the stream in memory.
struct Utf8Chars<R: std::io::BufRead> {
    inner: R,
    failed: bool,
}

impl<R: std::io::BufRead> Utf8Chars<R> {
    fn byte(&mut self) -> Option<u8> {
        let buf = match self.inner.fill_buf() {
            Ok(b) => b,
            Err(_) => {
                self.failed = true;
                return None;
            }
        };
        let b = *buf.first()?;
        self.inner.consume(1);
        Some(b)
    }

    fn peek(&mut self) -> Option<u8> {
        self.inner.fill_buf().ok().and_then(|b| b.first().copied())
    }
}

impl<R: std::io::BufRead> Iterator for Utf8Chars<R> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let first = self.byte()?;
        let len = match first {
            0x00..=0x7f => return Some(first as char),
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return Some(char::REPLACEMENT_CHARACTER),
        };
        let mut buf = [first, 0, 0, 0];
        for slot in buf.iter_mut().take(len).skip(1) {
            match self.peek() {
                Some(b) if b & 0xc0 == 0x80 => {
                    *slot = b;
                    self.byte();
                }
                _ => return Some(char::REPLACEMENT_CHARACTER),
            }
        }
        Some(
            std::str::from_utf8(&buf[..len])
                .ok()
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        )
    }
}

impl<'a, I: granit_parser::BorrowedInput<'a>> Reader<'a, I> {
    fn next(&mut self) -> Result<Ev> {
        loop {
            let Some(item) = self.parser.next_event() else {
                return Ok(Ev::StreamEnd);
            };
            let (event, span) = item.map_err(|e| Error::Yaml {
                line: e.marker().line().max(1),
                message: e.info().to_string(),
            })?;
            self.line = span.start.line().max(1);
            return Ok(match event {
                Event::StreamStart => Ev::StreamStart,
                Event::StreamEnd => Ev::StreamEnd,
                Event::DocumentStart(..) => Ev::DocStart,
                Event::DocumentEnd => Ev::DocEnd,
                Event::Alias(id) => Ev::Alias(id),
                Event::Scalar(v, style, anchor, tag) => {
                    // An explicit tag other than !!str is typed like a plain scalar.
                    let quoted_str = tag
                        .as_ref()
                        .and_then(|t| t.core_suffix())
                        .is_some_and(|t| t == "str");
                    let plain = matches!(style, ScalarStyle::Plain) && !quoted_str;
                    Ev::Scalar(v.into_owned(), plain, anchor)
                }
                Event::SequenceStart(_, anchor, _) => Ev::SeqStart(anchor),
                Event::SequenceEnd => Ev::SeqEnd,
                Event::MappingStart(_, anchor, _) => Ev::MapStart(anchor),
                Event::MappingEnd => Ev::MapEnd,
                _ => continue,
            });
        }
    }

    fn duplicate(&self, key: &str) -> Error {
        Error::Yaml {
            line: self.line,
            message: format!("key {key:?} already set in map"),
        }
    }

    /// A mapping key as sigs.k8s.io/yaml turns it into a JSON key (`yes` → `true`).
    fn key(&mut self, ev: Ev) -> Result<String> {
        match self.node(ev)? {
            Node::Scalar { text, plain: false } => Ok(text),
            Node::Scalar { text, plain: true } => Ok(match v2_type(&text) {
                Typed::Bool(b) => b.to_string(),
                Typed::Int(i) => i,
                Typed::Float(f) => go_float32_text(f),
                Typed::Null | Typed::Str => text,
            }),
            _ => Err(Error::Yaml {
                line: self.line,
                message: String::from("mapping keys must be scalars"),
            }),
        }
    }

    fn node(&mut self, ev: Ev) -> Result<Node> {
        let (node, anchor) = match ev {
            Ev::Alias(id) => {
                return self.anchors.get(&id).cloned().ok_or_else(|| Error::Yaml {
                    line: self.line,
                    message: format!("unknown anchor {id} referenced"),
                })
            }
            Ev::Scalar(text, plain, anchor) => (Node::Scalar { text, plain }, anchor),
            Ev::SeqStart(anchor) => {
                let mut items = Vec::new();
                loop {
                    let ev = self.next()?;
                    if matches!(ev, Ev::SeqEnd) {
                        break;
                    }
                    items.push(self.node(ev)?);
                }
                (Node::Seq(items), anchor)
            }
            Ev::MapStart(anchor) => {
                let mut items: Vec<(String, Node)> = Vec::new();
                loop {
                    let ev = self.next()?;
                    if matches!(ev, Ev::MapEnd) {
                        break;
                    }
                    let key = self.key(ev)?;
                    if items.iter().any(|(k, _)| *k == key) {
                        return Err(self.duplicate(&key));
                    }
                    let vev = self.next()?;
                    let value = self.node(vev)?;
                    items.push((key, value));
                }
                (Node::Map(items), anchor)
            }
            _ => {
                return Err(Error::Yaml {
                    line: self.line,
                    message: String::from("did not find expected node content"),
                })
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

// ---------------------------------------------------------------------------------------
// Go's json.MarshalIndent(v, "", "  ").

#[derive(Default)]
struct GoJson {
    out: String,
    depth: usize,
    /// Whether the current container has an element already.
    first: Vec<bool>,
}

impl GoJson {
    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, c: char) {
        self.out.push(c);
        self.depth += 1;
        self.first.push(true);
    }

    fn close(&mut self, c: char) {
        self.depth -= 1;
        let empty = self.first.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(c);
    }

    fn sep(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
        self.newline();
    }

    fn key(&mut self, k: &str) {
        self.sep();
        self.string(k);
        self.out.push_str(": ");
    }

    fn item(&mut self) {
        self.sep();
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '<' => self.out.push_str("\\u003c"),
                '>' => self.out.push_str("\\u003e"),
                '&' => self.out.push_str("\\u0026"),
                '\u{2028}' => self.out.push_str("\\u2028"),
                '\u{2029}' => self.out.push_str("\\u2029"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn strings(&mut self, items: &[String]) {
        self.open('[');
        for s in items {
            self.item();
            self.string(s);
        }
        self.close(']');
    }

    fn string_map(&mut self, m: &BTreeMap<String, String>) {
        self.open('{');
        for (k, v) in m {
            self.key(k);
            self.string(v);
        }
        self.close('}');
    }

    fn value_map(&mut self, m: &BTreeMap<String, Value>) {
        self.open('{');
        for (k, v) in m {
            self.key(k);
            self.value(v);
        }
        self.close('}');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                let text = match n.as_f64() {
                    Some(f) if !n.is_i64() && !n.is_u64() => crate::goyaml::go_json_float(f),
                    _ => n.to_string(),
                };
                self.raw(&text)
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.open('[');
                for i in items {
                    self.item();
                    self.value(i);
                }
                self.close(']');
            }
            Value::Object(m) => {
                let sorted: BTreeMap<String, Value> =
                    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                self.value_map(&sorted);
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn reading_a_file_streaming_gives_what_reading_its_bytes_gives() {
        let yaml = "apiVersion: v1\nentries:\n  app:\n  - name: app\n    version: 1.0.0\n    description: caf\u{e9}\n  - name: app\n    version: 2.0.0\n    urls: [a.tgz]\ngenerated: 2026-01-01T00:00:00Z\n";
        let mut bom = "\u{feff}".as_bytes().to_vec();
        bom.extend_from_slice(yaml.as_bytes());
        let mut invalid = yaml.as_bytes().to_vec();
        invalid.splice(60..60, [0xff, 0xc3]);
        let cases: Vec<Vec<u8>> = vec![
            yaml.as_bytes().to_vec(),
            bom,
            invalid,
            br#"{"apiVersion":"v1","entries":{"a":[{"name":"a","version":"1.0.0"}]}}"#.to_vec(),
            b"entries: {}\n".to_vec(),
            b"apiVersion: v1\nentries:\n  a: [\n".to_vec(),
            Vec::new(),
        ];
        for bytes in cases {
            let f = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(f.path(), &bytes).unwrap();
            let streamed = Index::from_file(f.path()).unwrap().map(|i| i.to_json());
            let whole = Index::from_bytes(&bytes).map(|i| i.to_json());
            assert_eq!(streamed, whole, "{}", String::from_utf8_lossy(&bytes));
        }
    }

    use super::*;

    const INDEX: &str = r#"apiVersion: v1
entries:
  podinfo:
  - apiVersion: v2
    appVersion: 6.5.0
    created: "2023-11-01T10:00:00.120000000+00:00"
    description: Podinfo <Helm> chart & more
    digest: abc
    name: podinfo
    urls:
    - https://example.com/podinfo-6.5.0.tgz
    version: 6.5.0
  - apiVersion: v2
    appVersion: "1.10"
    digest: 1.10
    created: "2022-01-01T00:00:00Z"
    name: podinfo
    urls:
    - podinfo-6.10.0.tgz
    version: 6.10.0
    annotations:
      yes: "no"
  - name: podinfo
    version: not-semver
  - null
  broken:
  - name: broken/name
    version: 1.0.0
generated: "2023-11-01T10:00:00Z"
"#;

    #[test]
    fn versions_are_typed_validated_and_sorted_newest_first() {
        let idx = Index::from_bytes(INDEX.as_bytes()).unwrap();
        let versions: Vec<&str> = idx
            .versions("podinfo")
            .iter()
            .map(|v| v.version.as_str())
            .collect();
        assert_eq!(versions, ["6.10.0", "6.5.0"]);
        assert!(idx.versions("broken").is_empty());
        let v = &idx.versions("podinfo")[0];
        assert_eq!(
            v.digest, "1.1",
            "a YAML float read into a string, as sigs.k8s.io/yaml does"
        );
        assert_eq!(
            v.annotations["true"], "no",
            "keys are converted, map values are not"
        );
        assert_eq!(
            idx.versions("podinfo")[1].created,
            "2023-11-01T10:00:00.12Z"
        );
    }

    #[test]
    fn json_artifact_is_go_marshal_indent() {
        let idx = Index::from_bytes(INDEX.as_bytes()).unwrap();
        let json = idx.to_json();
        assert!(json.starts_with("{\n  \"apiVersion\": \"v1\",\n  \"generated\": \"2023-11-01T10:00:00Z\",\n  \"entries\": {\n    \"broken\": [],\n    \"podinfo\": [\n      {\n        \"name\": \"podinfo\",\n"), "{json}");
        assert!(
            json.contains("\"description\": \"Podinfo \\u003cHelm\\u003e chart \\u0026 more\""),
            "{json}"
        );
        assert!(json.contains("\"urls\": [\n          \"podinfo-6.10.0.tgz\"\n        ],\n        \"created\": \"2022-01-01T00:00:00Z\""), "{json}");
        assert!(json.ends_with("    ]\n  }\n}"), "{json}");
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["entries"]["podinfo"][1]["digest"], "abc");
        // Reading the JSON back gives the same index.
        assert_eq!(Index::from_bytes(json.as_bytes()).unwrap(), idx);
    }

    #[test]
    fn bad_indexes_fail_like_helm() {
        assert_eq!(Index::from_bytes(b""), Err(Error::Empty));
        assert_eq!(
            Index::from_bytes(b"entries: {}\n"),
            Err(Error::NoApiVersion)
        );
        let number = Index::from_bytes(b"apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    appVersion: 1.10\n");
        assert_eq!(number, Err(Error::Decode(String::from("cannot unmarshal number into Go struct field ChartVersion.entries.Metadata.appVersion of type string"))));
        let unknown = Index::from_bytes(
            b"apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    bogus: 1\n",
        );
        assert_eq!(
            unknown,
            Err(Error::Decode(String::from("unknown field \"bogus\"")))
        );
        let dup = Index::from_bytes(b"apiVersion: v1\napiVersion: v2\n");
        assert!(matches!(dup, Err(Error::Yaml { .. })), "{dup:?}");
        assert!(matches!(
            Index::from_bytes(b"apiVersion: [v1\n"),
            Err(Error::Yaml { .. })
        ));
        assert!(Index::from_bytes(b"apiVersion: v1\nentries: [\n").is_err());
    }

    #[test]
    fn times_print_as_go_does() {
        assert_eq!(
            go_time("2020-01-01T00:00:00+00:00").unwrap(),
            "2020-01-01T00:00:00Z"
        );
        assert_eq!(
            go_time("2016-10-06T16:23:20.499814565-06:00").unwrap(),
            "2016-10-06T16:23:20.499814565-06:00"
        );
        assert_eq!(
            go_time("2020-01-01T10:00:00.100+02:00").unwrap(),
            "2020-01-01T10:00:00.1+02:00"
        );
        assert!(go_time("2020-13-01T00:00:00Z").is_err());
        assert!(go_time("yesterday").is_err());
    }

    #[test]
    fn floats_read_into_strings_use_go_float32_text() {
        assert_eq!(go_float32_text(1.1), "1.1");
        assert_eq!(go_float32_text(1.0), "1");
        assert_eq!(go_float32_text(123456789.0), "1.2345679e+08");
        assert_eq!(go_float32_text(1.23456789), "1.2345679");
        assert_eq!(go_float32_text(1e6), "1e+06");
        assert_eq!(go_float32_text(123456.0), "123456");
        assert_eq!(go_float32_text(0.00001), "1e-05");
    }
}
