//! Helm charts as files: loading a chart from a directory (with `.helmignore`, refusing paths
//! that leave the source root) or from a `.tgz` archive (Helm's size and path rules), the
//! `Chart.yaml`/`Chart.lock` metadata with Helm's validation, merging values files, and
//! packaging a chart again as Helm's `chartutil.Save` writes it (its tar layout, its gzip
//! header, `Chart.yaml` re-serialised from the parsed metadata). Pure: no network, no cluster;
//! the HelmChart reconciler builds on it.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::artifact::goflate::GoGzipWriter;
use crate::artifact::gotar;

/// What goes wrong loading or packaging a chart. Messages follow Helm's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The chart's files break Helm's rules (metadata, paths, sizes).
    #[error("{0}")]
    Invalid(String),
    /// Reading the chart failed.
    #[error("{0}")]
    Io(String),
}

type Result<T> = std::result::Result<T, Error>;

fn invalid(m: impl Into<String>) -> Error {
    Error::Invalid(m.into())
}

/// Helm's limit on a whole decompressed archive.
pub const MAX_DECOMPRESSED_CHART_SIZE: u64 = 100 << 20;
/// Helm's (and Flux's) limit on one file of a chart.
pub const MAX_FILE_SIZE: u64 = 5 << 20;

fn is_empty<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A maintainer in `Chart.yaml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Maintainer {
    /// Name.
    #[serde(skip_serializing_if = "is_empty")]
    pub name: String,
    /// E-mail.
    #[serde(skip_serializing_if = "is_empty")]
    pub email: String,
    /// URL.
    #[serde(skip_serializing_if = "is_empty")]
    pub url: String,
}

/// A dependency in `Chart.yaml` or `Chart.lock`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dependency {
    /// Chart name.
    pub name: String,
    /// Version or constraint.
    #[serde(skip_serializing_if = "is_empty")]
    pub version: String,
    /// Repository URL (`https://`, `oci://`, `file://`, or empty for `charts/`).
    pub repository: String,
    /// Condition.
    #[serde(skip_serializing_if = "is_empty")]
    pub condition: String,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Enabled.
    #[serde(skip_serializing_if = "is_empty")]
    pub enabled: bool,
    /// Values imported from the child.
    #[serde(rename = "import-values", skip_serializing_if = "Vec::is_empty")]
    pub import_values: Vec<Value>,
    /// Alias.
    #[serde(skip_serializing_if = "is_empty")]
    pub alias: String,
}

/// `Chart.yaml`: Helm's `chart.Metadata`, serialised with its JSON names and `omitempty`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Metadata {
    /// Name.
    #[serde(skip_serializing_if = "is_empty")]
    pub name: String,
    /// Home page.
    #[serde(skip_serializing_if = "is_empty")]
    pub home: String,
    /// Source URLs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Version (SemVer).
    #[serde(skip_serializing_if = "is_empty")]
    pub version: String,
    /// Description.
    #[serde(skip_serializing_if = "is_empty")]
    pub description: String,
    /// Keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Maintainers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maintainers: Vec<Maintainer>,
    /// Icon URL.
    #[serde(skip_serializing_if = "is_empty")]
    pub icon: String,
    /// `v1` or `v2`.
    #[serde(skip_serializing_if = "is_empty")]
    pub api_version: String,
    /// Condition.
    #[serde(skip_serializing_if = "is_empty")]
    pub condition: String,
    /// Tags.
    #[serde(skip_serializing_if = "is_empty")]
    pub tags: String,
    /// Application version.
    #[serde(skip_serializing_if = "is_empty")]
    pub app_version: String,
    /// Deprecated.
    #[serde(skip_serializing_if = "is_empty")]
    pub deprecated: bool,
    /// Annotations.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Kubernetes version constraint.
    #[serde(skip_serializing_if = "is_empty")]
    pub kube_version: String,
    /// Dependencies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// `application` or `library`.
    #[serde(rename = "type", skip_serializing_if = "is_empty")]
    pub type_: String,
}

/// `Chart.lock`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lock {
    /// Generation time (RFC 3339).
    pub generated: String,
    /// Digest of the requirements.
    pub digest: String,
    /// Locked dependencies.
    pub dependencies: Vec<Dependency>,
}

/// One file of a chart; `mtime` is the time recorded in the archive (seconds), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// Path relative to the chart root, `/`-separated.
    pub name: String,
    /// Contents.
    pub data: Vec<u8>,
    /// Modification time in seconds since the epoch, when the source had one.
    pub mtime: Option<i64>,
}

/// A loaded chart, as Helm's loader classifies its files.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    /// `Chart.yaml`.
    pub metadata: Metadata,
    /// The time of `Chart.yaml`.
    pub mtime: Option<i64>,
    /// `Chart.lock` (or `requirements.lock`).
    pub lock: Option<Lock>,
    /// `values.yaml` as read.
    pub values: Option<File>,
    /// `values.schema.json`.
    pub schema: Option<File>,
    /// `templates/…`.
    pub templates: Vec<File>,
    /// Every other file.
    pub files: Vec<File>,
    /// Subcharts (`charts/…`).
    pub dependencies: Vec<Chart>,
    /// `values.yaml` parsed, once (the render reads a chart's values several times).
    pub parsed_values: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>>,
    /// The values Helm's import-values step leaves in place of `values.yaml` (the chart's
    /// values merged with its subcharts', imports under them).
    pub imported_values: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Helm's `sanitizeString`: whitespace becomes a space, other non-printable characters go.
fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if c.is_control() {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

impl Metadata {
    /// Parses `Chart.yaml` (unknown fields ignored, scalars read as the field's type, as
    /// `sigs.k8s.io/yaml` does into Helm's struct).
    pub fn parse(data: &[u8], file: &str) -> Result<Metadata> {
        let text = String::from_utf8_lossy(data);
        if text.trim().is_empty() {
            return Ok(Metadata::default());
        }
        let md = serde_saphyr::from_str::<Option<Metadata>>(&text)
            .map(Option::unwrap_or_default)
            .map_err(|e| {
                // go-yaml's own limits (alias expansion, nesting) say what Helm says.
                match crate::kustomize::yaml::parse_first_v2(&text) {
                    Err(g) if g.message.contains("aliasing") || g.message.contains("max depth") => {
                        invalid(format!(
                            "cannot load {file}: error converting YAML to JSON: yaml: {}",
                            g.message
                        ))
                    }
                    _ => invalid(format!("cannot load {file}: {}", one_line(&e.to_string()))),
                }
            })?;
        // Helm's loader reads chart API versions v1, v2 and v3 (or none) only.
        if !matches!(md.api_version.as_str(), "" | "v1" | "v2" | "v3") {
            return Err(invalid("unsupported chart version"));
        }
        Ok(md)
    }

    /// Helm's `Metadata.Validate` (which also sanitises the strings).
    pub fn validate(&mut self) -> Result<()> {
        let v = |m: String| invalid(format!("validation: {m}"));
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
            return Err(v("chart.metadata.apiVersion is required".into()));
        }
        if self.name.is_empty() {
            return Err(v("chart.metadata.name is required".into()));
        }
        if self.name == "." || self.name == ".." {
            return Err(v(format!(
                "chart.metadata.name {:?} is not allowed",
                self.name
            )));
        }
        if self.name.contains('/') {
            return Err(v(format!("chart.metadata.name {:?} is invalid", self.name)));
        }
        if self.version.is_empty() {
            return Err(v("chart.metadata.version is required".into()));
        }
        if crate::masterminds::parse_version(&self.version).is_err() {
            return Err(v(format!(
                "chart.metadata.version {:?} is invalid",
                self.version
            )));
        }
        if !matches!(self.type_.as_str(), "" | "application" | "library") {
            return Err(v(
                "chart.metadata.type must be application or library".into()
            ));
        }
        for m in &mut self.maintainers {
            m.name = sanitize(&m.name);
            m.email = sanitize(&m.email);
            m.url = sanitize(&m.url);
            if m.name.is_empty() {
                return Err(v("each maintainer requires a name".into()));
            }
        }
        static ALIAS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"^[a-zA-Z0-9_-]+$").expect("static regex")
        });
        let alias_ok = &*ALIAS;
        let mut seen = std::collections::BTreeSet::new();
        for d in &mut self.dependencies {
            d.name = sanitize(&d.name);
            d.version = sanitize(&d.version);
            d.repository = sanitize(&d.repository);
            d.condition = sanitize(&d.condition);
            for t in &mut d.tags {
                *t = sanitize(t);
            }
            if !d.alias.is_empty() && !alias_ok.is_match(&d.alias) {
                return Err(v(format!(
                    "dependency {:?} has disallowed characters in the alias",
                    d.name
                )));
            }
            let key = if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            };
            if !seen.insert(key.clone()) {
                return Err(v(format!(
                    "more than one dependency with name or alias {key:?}"
                )));
            }
        }
        Ok(())
    }

    /// `Chart.yaml` as Helm's `Save` writes it (`sigs.k8s.io/yaml` of the struct).
    pub fn to_yaml(&self) -> String {
        let mut md = self.clone();
        if md.api_version == "v1" {
            md.dependencies.clear();
        }
        crate::goyaml::to_yaml(&serde_json::to_value(&md).unwrap_or(Value::Null))
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Go's `path.Clean` for `/`-separated relative paths.
fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

impl Chart {
    /// The chart name.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Helm's `LoadFiles`: classifies `files` (paths relative to the chart root) into a chart,
    /// loading `charts/` subcharts recursively.
    pub fn from_files(files: Vec<File>) -> Result<Chart> {
        let mut c = Chart::default();
        let mut have_metadata = false;
        for f in &files {
            if f.name == "Chart.yaml" {
                c.metadata = Metadata::parse(&f.data, "Chart.yaml")?;
                if c.metadata.api_version.is_empty() {
                    c.metadata.api_version = "v1".into();
                }
                c.mtime = f.mtime;
                have_metadata = true;
            }
        }
        let mut subcharts: BTreeMap<String, Vec<File>> = BTreeMap::new();
        for f in files {
            match f.name.as_str() {
                "Chart.yaml" => {}
                "Chart.lock" | "requirements.lock" => {
                    let text = String::from_utf8_lossy(&f.data);
                    let lock = serde_saphyr::from_str::<Option<Lock>>(&text).map_err(|e| {
                        invalid(format!(
                            "cannot load {}: {}",
                            f.name,
                            one_line(&e.to_string())
                        ))
                    })?;
                    c.lock = Some(lock.unwrap_or_default());
                    if f.name == "requirements.lock" && c.metadata.api_version == "v1" {
                        c.files.push(f);
                    }
                }
                "values.yaml" => {
                    c.values = Some(f);
                    // Read once, as Helm's loader reads it (on a loader thread for a subchart).
                    let v = super::engine::parse_chart_values(&c).map_err(|e| invalid(e.0))?;
                    let _ = c.parsed_values.set(v);
                }
                "values.schema.json" => c.schema = Some(f),
                "requirements.yaml" => {
                    let text = String::from_utf8_lossy(&f.data);
                    #[derive(Deserialize, Default)]
                    #[serde(default)]
                    struct Requirements {
                        dependencies: Vec<Dependency>,
                    }
                    let r = serde_saphyr::from_str::<Option<Requirements>>(&text)
                        .map_err(|e| {
                            invalid(format!(
                                "cannot load requirements.yaml: {}",
                                one_line(&e.to_string())
                            ))
                        })?
                        .unwrap_or_default();
                    c.metadata.dependencies = r.dependencies;
                    if c.metadata.api_version == "v1" {
                        c.files.push(f);
                    }
                }
                n if n.starts_with("templates/") => c.templates.push(f),
                n if n.starts_with("charts/") => {
                    if n.ends_with(".prov") {
                        c.files.push(f);
                        continue;
                    }
                    let rest = n["charts/".len()..].to_string();
                    let cname = rest.split('/').next().unwrap_or_default().to_string();
                    subcharts.entry(cname).or_default().push(File {
                        name: rest,
                        data: f.data,
                        mtime: f.mtime,
                    });
                }
                _ => c.files.push(f),
            }
        }
        if !have_metadata {
            return Err(invalid("Chart.yaml file is missing"));
        }
        c.metadata.validate()?;
        let subcharts: Vec<(String, Vec<File>)> = subcharts
            .into_iter()
            .filter(|(n, _)| !n.starts_with(['_', '.']))
            .collect();
        let parent = c.name().to_string();
        let split = subcharts.len() >= 4;
        let loaded = super::par::map_owned(subcharts, split, |(n, files)| {
            Chart::subchart(&parent, &n, files)
        });
        c.dependencies = loaded.into_iter().collect::<Result<Vec<_>>>()?;
        Ok(c)
    }

    /// The subchart `n` of `parent`, from its files under `charts/` (a `.tgz` or a directory).
    fn subchart(parent: &str, n: &str, files: Vec<File>) -> Result<Chart> {
        let sub = if n.ends_with(".tgz") {
            let file = &files[0];
            if file.name != n {
                return Err(invalid(format!(
                    "error unpacking subchart tar in {parent}: expected {n}, got {}",
                    file.name
                )));
            }
            Chart::from_archive(&file.data[..])
        } else {
            let files = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(File {
                        name: rest.to_string(),
                        ..f
                    })
                })
                .collect();
            Chart::from_files(files)
        }
        .map_err(|e| invalid(format!("error unpacking subchart {n} in {parent}: {e}")))?;
        Ok(sub)
    }

    /// Helm's `LoadArchive`: a gzip'd tar whose first path segment is the chart directory.
    pub fn from_archive(reader: impl Read) -> Result<Chart> {
        Chart::from_files(archive_files(reader)?)
    }

    /// Flux's secure directory loader: the chart at `path` inside `root` with `.helmignore`
    /// (and Helm's default `templates/.?*` rule); files and symlinks must stay inside `root`,
    /// irregular files and files over [`MAX_FILE_SIZE`] are errors.
    pub fn from_dir(root: &Path, path: &str) -> Result<Chart> {
        Self::load_dir(root, path, true)
    }

    /// [`Chart::from_dir`] with the chart's own errors unwrapped, as `helm template` prints
    /// them (`validation: …`).
    pub fn from_dir_plain(root: &Path, path: &str) -> Result<Chart> {
        Self::load_dir(root, path, false)
    }

    fn load_dir(root: &Path, path: &str, wrap: bool) -> Result<Chart> {
        let dir = secure_join(root, path)?;
        let shown = |p: &Path| {
            p.strip_prefix(root)
                .map(|r| format!("/{}", r.display()))
                .unwrap_or_default()
        };
        let rules = match std::fs::read(dir.join(".helmignore")) {
            Ok(b) => IgnoreRules::parse(&String::from_utf8_lossy(&b))
                .map_err(|e| invalid(format!("cannot load ignore rules for chart: {e}")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => IgnoreRules::default(),
            Err(e) => {
                return Err(Error::Io(format!(
                    "cannot load ignore rules for chart: {e}"
                )))
            }
        }
        .with_defaults();
        let mut found = Vec::new();
        // The walk stops at its first failure, which is reported after any failure to read a
        // file found before it, as a walk that read each file as it went would have.
        let stopped = walk_chart(root, &dir, &dir, &rules, &mut found).err();
        let read = super::par::map(&found, found.len() >= 32, |(path, rel)| {
            read_chart_file(path, rel).map(|data| File {
                name: rel.clone(),
                data: match data.strip_prefix(b"\xef\xbb\xbf") {
                    Some(rest) => rest.to_vec(),
                    None => data,
                },
                mtime: None,
            })
        });
        let files = read
            .into_iter()
            .collect::<std::result::Result<Vec<File>, String>>()
            .and_then(|files| stopped.map_or(Ok(files), Err))
            .map_err(|e| invalid(format!("failed to load files from {}: {e}", shown(&dir))))?;
        Chart::from_files(files).map_err(|e| {
            if wrap {
                invalid(format!("failed to load chart from {}: {e}", shown(&dir)))
            } else {
                e
            }
        })
    }

    /// Packages the chart as Helm's `chartutil.Save` writes `<name>-<version>.tgz`: a gzip
    /// stream with Helm's header fields over a tar of `<name>/Chart.yaml`, `Chart.lock` (v2),
    /// `values.yaml`, `values.schema.json`, templates, files and subcharts (expanded), each
    /// entry mode 0644 with its recorded time or `now`.
    pub fn package(&self) -> Result<Vec<u8>> {
        let now = chrono::Utc::now().timestamp();
        let mut tar = Vec::new();
        self.write_tar(&mut tar, "", now)
            .map_err(|e| Error::Io(format!("failed to package chart: {e}")))?;
        gotar::write_trailer(&mut tar).map_err(|e| Error::Io(e.to_string()))?;
        let mut gz =
            GoGzipWriter::new().with_header(b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=", "Helm");
        gz.write_all(&tar).map_err(|e| Error::Io(e.to_string()))?;
        gz.finish().map_err(|e| Error::Io(e.to_string()))
    }

    fn write_tar(&self, w: &mut Vec<u8>, prefix: &str, now: i64) -> std::io::Result<()> {
        let name = self.name();
        if name.contains('/') || name.is_empty() {
            return Err(std::io::Error::other(format!(
                "chart name {name:?} is invalid"
            )));
        }
        let base = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        let t = |m: Option<i64>| m.unwrap_or(now).max(0) as u64;
        let put = |w: &mut Vec<u8>, rel: &str, data: &[u8], mtime: Option<i64>| {
            gotar::write_file(w, &format!("{base}/{rel}"), 0o644, t(mtime), data)
        };
        put(
            w,
            "Chart.yaml",
            self.metadata.to_yaml().as_bytes(),
            self.mtime,
        )?;
        if self.metadata.api_version == "v2" {
            if let Some(lock) = &self.lock {
                let text = crate::goyaml::to_yaml(&serde_json::to_value(lock).unwrap_or_default());
                let mtime = chrono::DateTime::parse_from_rfc3339(&lock.generated)
                    .ok()
                    .map(|d| d.timestamp());
                put(w, "Chart.lock", text.as_bytes(), mtime)?;
            }
        }
        if let Some(v) = &self.values {
            put(w, "values.yaml", &v.data, v.mtime)?;
        }
        if let Some(s) = &self.schema {
            if serde_json::from_slice::<Value>(&s.data).is_err() {
                return Err(std::io::Error::other("invalid JSON in values.schema.json"));
            }
            put(w, "values.schema.json", &s.data, s.mtime)?;
        }
        for f in self.templates.iter().chain(&self.files) {
            put(w, &f.name, &f.data, f.mtime)?;
        }
        for d in &self.dependencies {
            d.write_tar(w, &format!("{base}/charts"), now)?;
        }
        Ok(())
    }

    /// Replaces `values.yaml` with `values` printed as Helm's `Values.Encode` prints them;
    /// false when the bytes are unchanged (Flux's `OverwriteChartDefaultValues`).
    pub fn overwrite_values(&mut self, values: &Map<String, Value>) -> Result<bool> {
        let text = if values.is_empty() {
            String::new()
        } else {
            crate::goyaml::to_yaml(&Value::Object(values.clone()))
        };
        match &mut self.values {
            Some(f) if f.data == text.as_bytes() => Ok(false),
            Some(f) => {
                f.data = text.into_bytes();
                Ok(true)
            }
            None => Err(invalid("failed to locate values file: values.yaml")),
        }
    }

    /// Every file of the chart by path (with `Chart.yaml` as packaged), subcharts under
    /// `charts/<name>/`: what a packaged chart holds, for comparisons.
    pub fn file_map(&self) -> BTreeMap<String, Vec<u8>> {
        let mut m = BTreeMap::new();
        m.insert(
            "Chart.yaml".to_string(),
            self.metadata.to_yaml().into_bytes(),
        );
        for f in self
            .values
            .iter()
            .chain(&self.schema)
            .chain(&self.templates)
            .chain(&self.files)
        {
            m.insert(f.name.clone(), f.data.clone());
        }
        for d in &self.dependencies {
            for (k, v) in d.file_map() {
                m.insert(format!("charts/{}/{k}", d.name()), v);
            }
        }
        m
    }
}

/// Reads only `Chart.yaml` of a packaged chart and validates it (Flux's
/// `LoadChartMetadataFromArchive`, used to decide whether a stored chart is current).
pub fn metadata_from_archive(path: &Path) -> Result<Metadata> {
    let f = std::fs::File::open(path).map_err(|e| Error::Io(e.to_string()))?;
    let gz = flate2::read::GzDecoder::new(f);
    let mut tar = tar::Archive::new(gz);
    for entry in tar.entries().map_err(|e| Error::Io(e.to_string()))? {
        let mut entry = entry.map_err(|e| Error::Io(e.to_string()))?;
        let name = entry.path().map_err(|e| Error::Io(e.to_string()))?;
        let parts: Vec<_> = name.components().collect();
        if parts.len() == 2 && parts[1].as_os_str() == "Chart.yaml" {
            let mut data = Vec::new();
            (&mut entry)
                .take(MAX_FILE_SIZE)
                .read_to_end(&mut data)
                .map_err(|e| Error::Io(e.to_string()))?;
            let mut md = Metadata::parse(&data, "Chart.yaml")?;
            if md.api_version.is_empty() {
                md.api_version = "v1".into();
            }
            md.validate()?;
            return Ok(md);
        }
    }
    Err(invalid("no 'Chart.yaml' found"))
}

/// Helm's `LoadArchiveFiles`.
pub fn archive_files(reader: impl Read) -> Result<Vec<File>> {
    let gz = flate2::read::GzDecoder::new(reader);
    let mut tar = tar::Archive::new(gz);
    let mut files = Vec::new();
    let mut remaining = MAX_DECOMPRESSED_CHART_SIZE;
    let io = |e: std::io::Error| Error::Io(e.to_string());
    for entry in tar.entries().map_err(io)? {
        let mut entry = entry.map_err(io)?;
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let delim = if raw.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = raw.split(delim).collect();
        let n = parts[1..].join("/");
        if n.starts_with('/') {
            return Err(invalid("chart illegally contains absolute paths"));
        }
        let n = clean(&n);
        if n == "." {
            return Err(invalid(format!(
                "chart illegally contains content outside the base directory: {raw:?}"
            )));
        }
        if n.starts_with("..") {
            return Err(invalid("chart illegally references parent directory"));
        }
        let b = n.as_bytes();
        if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
            return Err(invalid("chart contains illegally named files"));
        }
        if parts[0] == "Chart.yaml" {
            return Err(invalid("chart yaml not in base directory"));
        }
        let size = entry.header().size().map_err(io)?;
        if size > remaining {
            return Err(invalid(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}"
            )));
        }
        if size > MAX_FILE_SIZE {
            return Err(invalid(format!(
                "decompressed chart file {raw:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            )));
        }
        let mtime = entry.header().mtime().ok().map(|t| t as i64);
        let mut data = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(remaining)
            .read_to_end(&mut data)
            .map_err(io)?;
        remaining -= data.len() as u64;
        if (data.len() as u64) < size || remaining == 0 {
            return Err(invalid(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}"
            )));
        }
        let data = data
            .strip_prefix(b"\xef\xbb\xbf")
            .map(<[u8]>::to_vec)
            .unwrap_or(data);
        files.push(File {
            name: n,
            data,
            mtime,
        });
    }
    if files.is_empty() {
        return Err(invalid("no files in chart archive"));
    }
    Ok(files)
}

/// `root` joined with `rel` without leaving `root` (cyphar/filepath-securejoin semantics for
/// `..`: clamped at the root). Symlinks are resolved by the walk, not here.
pub fn secure_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let mut out = root.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir if out != root => {
                out.pop();
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Whether the symlink `path` resolves inside `root`. The walk starts inside the root and
/// checks every symlink it follows, so only symlinks need resolving.
fn link_inside(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

fn walk_chart(
    root: &Path,
    chart: &Path,
    dir: &Path,
    rules: &IgnoreRules,
    out: &mut Vec<(PathBuf, String)>,
) -> std::result::Result<(), String> {
    // The entry's type comes from the directory listing (no stat); only symlinks are
    // resolved, and a regular file costs one open, one fstat and its reads.
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<std::io::Result<_>>()
        .map_err(|e| e.to_string())?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    // A directory of many directories (`charts/` of an umbrella chart) is walked on several
    // threads, the parts joined in order; the first failure in order still ends the walk,
    // with what was found before it kept.
    let split = entries.iter().filter(|e| e.1.is_dir()).count() >= 8;
    if split {
        let parts = super::par::map(&entries, true, |(path, file_type)| {
            let mut found = Vec::new();
            let r = walk_entry(root, chart, path, *file_type, rules, &mut found);
            (found, r)
        });
        for (found, r) in parts {
            out.extend(found);
            r?;
        }
        return Ok(());
    }
    for (path, file_type) in entries {
        walk_entry(root, chart, &path, file_type, rules, out)?;
    }
    Ok(())
}

/// One entry of a chart directory: a file kept, or a directory walked.
fn walk_entry(
    root: &Path,
    chart: &Path,
    path: &Path,
    file_type: std::fs::FileType,
    rules: &IgnoreRules,
    out: &mut Vec<(PathBuf, String)>,
) -> std::result::Result<(), String> {
    let rel = path
        .strip_prefix(chart)
        .map(|r| r.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    // Symlinks are followed (Helm's sympath.Walk), but only inside the source root.
    let is_link = file_type.is_symlink();
    let file_type = if is_link {
        std::fs::metadata(path)
            .map_err(|e| format!("{rel}: {e}"))?
            .file_type()
    } else {
        file_type
    };
    if file_type.is_dir() {
        if rules.ignore(&rel, true) {
            return Ok(());
        }
        if is_link && !link_inside(root, path) {
            return Err(format!(
                "cannot load '{rel}' directory: absolute path traverses outside root boundary"
            ));
        }
        return walk_chart(root, chart, path, rules, out);
    }
    if rules.ignore(&rel, false) {
        return Ok(());
    }
    if is_link && !link_inside(root, path) {
        return Err(format!(
            "cannot load '{rel}' file: absolute path traverses outside root boundary"
        ));
    }
    if !file_type.is_file() {
        return Err(format!(
            "cannot load irregular file {rel} as it has file mode type bits set"
        ));
    }
    out.push((path.to_path_buf(), rel));
    Ok(())
}

/// Reads one chart file, refusing one over Helm's size limit before reading it.
fn read_chart_file(path: &Path, rel: &str) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| format!("error reading {rel}: {e}"))?;
    let len = f
        .metadata()
        .map_err(|e| format!("error reading {rel}: {e}"))?
        .len();
    if len > MAX_FILE_SIZE {
        return Err(format!(
            "cannot load file {rel} as file size ({len}) exceeds limit ({MAX_FILE_SIZE})"
        ));
    }
    // Read into a buffer one byte longer than the file: a read that stops short at the size
    // the file has is at its end, and a file that grew meanwhile is read on to its end.
    // (`read_to_end` would ask the kernel for the size and position again, and read once
    // more to see the end: on a virtual machine each system call costs microseconds.)
    let mut data = vec![0u8; len as usize + 1];
    let mut filled = 0;
    loop {
        if filled == data.len() {
            data.resize(filled * 2, 0);
        }
        match f.read(&mut data[filled..]) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled as u64 == len && filled < data.len() {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("error reading {rel}: {e}")),
        }
    }
    data.truncate(filled);
    Ok(data)
}

/// One `.helmignore` rule.
#[derive(Clone, Debug)]
struct Rule {
    pattern: String,
    negate: bool,
    must_dir: bool,
    kind: RuleKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum RuleKind {
    /// `/x`: matched against the whole relative path.
    Rooted,
    /// `a/b`: matched against the whole relative path.
    Path,
    /// `x`: matched against the base name.
    Base,
}

/// Helm's `.helmignore` rules (`pkg/ignore`): `filepath.Match` patterns, `!` negation, a
/// trailing `/` for directories only, no `**`.
#[derive(Clone, Debug, Default)]
pub struct IgnoreRules {
    rules: Vec<Rule>,
}

impl IgnoreRules {
    /// Parses a `.helmignore`.
    pub fn parse(text: &str) -> std::result::Result<IgnoreRules, String> {
        let mut r = IgnoreRules::default();
        for line in text.lines() {
            r.add(line)?;
        }
        Ok(r)
    }

    /// Adds Helm's default rule, `templates/.?*`.
    pub fn with_defaults(mut self) -> Self {
        let _ = self.add("templates/.?*");
        self
    }

    fn add(&mut self, rule: &str) -> std::result::Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if go_match(rule, "abc").is_none() {
            return Err("syntax error in pattern".into());
        }
        let (negate, rest) = match rule.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, rule),
        };
        let (must_dir, rest) = match rest.strip_suffix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (kind, pattern) = if let Some(r) = rest.strip_prefix('/') {
            (RuleKind::Rooted, r)
        } else if rest.contains('/') {
            (RuleKind::Path, rest)
        } else {
            (RuleKind::Base, rest)
        };
        self.rules.push(Rule {
            pattern: pattern.to_string(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Helm's `Rules.Ignore` (including its reading of negated rules: a negation that does
    /// not match ignores the path).
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for r in &self.rules {
            let matches = || {
                let subject = match r.kind {
                    RuleKind::Base => path.rsplit('/').next().unwrap_or(path),
                    RuleKind::Rooted | RuleKind::Path => path,
                };
                go_match(&r.pattern, subject).unwrap_or(false)
            };
            if r.negate {
                if r.must_dir && !is_dir {
                    return true;
                }
                if !matches() {
                    return true;
                }
                continue;
            }
            if r.must_dir && !is_dir {
                continue;
            }
            if matches() {
                return true;
            }
        }
        false
    }
}

/// Go's `path/filepath.Match` on `/`-separated names: `*` (not across `/`), `?`, character
/// classes `[...]` with ranges and `^` negation, `\` escapes. `None` for a malformed pattern.
pub fn go_match(pattern: &str, name: &str) -> Option<bool> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    fn class(p: &[char], mut i: usize, c: char) -> Option<(bool, usize)> {
        // p[i] is just past '['.
        let negated = p.get(i) == Some(&'^');
        if negated {
            i += 1;
        }
        let mut matched = false;
        let mut first = true;
        loop {
            let ch = *p.get(i)?;
            if ch == ']' && !first {
                i += 1;
                break;
            }
            first = false;
            let lo = if ch == '\\' {
                i += 1;
                *p.get(i)?
            } else {
                ch
            };
            i += 1;
            let mut hi = lo;
            if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&x| x != ']') {
                i += 1;
                let h = *p.get(i)?;
                hi = if h == '\\' {
                    i += 1;
                    *p.get(i)?
                } else {
                    h
                };
                i += 1;
            }
            if lo <= c && c <= hi {
                matched = true;
            }
        }
        Some((matched != negated, i))
    }
    fn rec(p: &[char], n: &[char]) -> Option<bool> {
        let (mut pi, mut ni) = (0, 0);
        while pi < p.len() {
            match p[pi] {
                '*' => {
                    let rest = &p[pi + 1..];
                    let mut k = ni;
                    loop {
                        if rec(rest, &n[k..])? {
                            return Some(true);
                        }
                        if k >= n.len() || n[k] == '/' {
                            return Some(false);
                        }
                        k += 1;
                    }
                }
                '?' => {
                    if ni >= n.len() || n[ni] == '/' {
                        return Some(false);
                    }
                    pi += 1;
                    ni += 1;
                }
                '[' => {
                    if ni >= n.len() {
                        // Still check the class is well formed.
                        class(p, pi + 1, '\0')?;
                        return Some(false);
                    }
                    let (ok, next) = class(p, pi + 1, n[ni])?;
                    if !ok || n[ni] == '/' {
                        return Some(false);
                    }
                    pi = next;
                    ni += 1;
                }
                '\\' => {
                    let c = *p.get(pi + 1)?;
                    if ni >= n.len() || n[ni] != c {
                        return Some(false);
                    }
                    pi += 2;
                    ni += 1;
                }
                c => {
                    if ni >= n.len() || n[ni] != c {
                        return Some(false);
                    }
                    pi += 1;
                    ni += 1;
                }
            }
        }
        Some(ni == n.len())
    }
    rec(&p, &n)
}

/// fluxcd/pkg's `transform.MergeMaps`: `b` over `a`, maps merged recursively.
pub fn merge_maps(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (k, v) in b {
        match (out.get(k), v) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                let merged = merge_maps(old, new);
                out.insert(k.clone(), Value::Object(merged));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// A values file read as `sigs.k8s.io/yaml` reads it into a map (a null document is an
/// empty map; anything but a mapping is an error).
pub fn parse_values(data: &[u8], shown: &str) -> std::result::Result<Map<String, Value>, String> {
    let text = String::from_utf8_lossy(data);
    match crate::kustomize::yaml::parse_one(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(format!(
            "unmarshaling values from '{shown}' failed: error unmarshaling JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            go_json_kind(&other)
        )),
        Err(e) => Err(format!("unmarshaling values from '{shown}' failed: {e}")),
    }
}

/// Marks every number as a float64, as values read from YAML or JSON are in Helm (they pass
/// through `encoding/json`); only `--set` integers stay int64 (the engine gives templates
/// an `int64` for a number held as an integer).
pub fn numbers_as_floats(m: &mut Map<String, Value>) {
    fn walk(v: &mut Value) {
        match v {
            Value::Number(n) if !n.is_f64() => {
                if let Some(f) = n.as_f64().and_then(serde_json::Number::from_f64) {
                    *n = f;
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            Value::Object(o) => o.values_mut().for_each(walk),
            _ => {}
        }
    }
    m.values_mut().for_each(walk);
}

/// The JSON type name Go's decoder reports for a value (`json: cannot unmarshal array …`).
pub(crate) fn go_json_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_files_are_read_whole_whatever_their_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 4095, 4096, 4097, 300_000] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            std::fs::write(&path, &data).unwrap();
            assert_eq!(read_chart_file(&path, "f").unwrap(), data, "{len} bytes");
        }
    }

    #[test]
    fn go_match_follows_filepath_match() {
        assert_eq!(go_match("*.txt", "a.txt"), Some(true));
        assert_eq!(go_match("*.txt", "d/a.txt"), Some(false));
        assert_eq!(go_match("templates/.?*", "templates/.hidden"), Some(true));
        assert_eq!(go_match("templates/.?*", "templates/."), Some(false));
        assert_eq!(go_match("[a-c]x", "bx"), Some(true));
        assert_eq!(go_match("[^a-c]x", "bx"), Some(false));
        assert_eq!(go_match("a\\*", "a*"), Some(true));
        assert!(go_match("[a-", "a").is_none());
    }

    #[test]
    fn helmignore_rules_read_as_helm_reads_them() {
        let r = IgnoreRules::parse("# c\n*.bak\n/secret.txt\nci/\ndocs/*.md\n")
            .unwrap()
            .with_defaults();
        assert!(r.ignore("x.bak", false));
        assert!(r.ignore("sub/x.bak", false));
        assert!(r.ignore("secret.txt", false));
        assert!(r.ignore("ci", true));
        assert!(!r.ignore("ci", false));
        assert!(r.ignore("docs/a.md", false));
        assert!(r.ignore("templates/.swp", false));
        assert!(!r.ignore("templates/a.yaml", false));
        assert!(IgnoreRules::parse("a/**/b").is_err());
    }

    #[test]
    fn metadata_validation_names_the_field() {
        let mut md =
            Metadata::parse(b"apiVersion: v2\nname: x\nversion: 1.0\n", "Chart.yaml").unwrap();
        assert_eq!(
            md.version, "1.0",
            "scalars keep their text for string fields"
        );
        md.validate().unwrap();
        let mut md = Metadata::parse(b"apiVersion: v2\nname: x\n", "Chart.yaml").unwrap();
        assert_eq!(
            md.validate().unwrap_err().to_string(),
            "validation: chart.metadata.version is required"
        );
        let mut md =
            Metadata::parse(b"apiVersion: v2\nname: x\nversion: nope\n", "Chart.yaml").unwrap();
        assert!(md
            .validate()
            .unwrap_err()
            .to_string()
            .contains("is invalid"));
    }

    fn chart_files() -> Vec<File> {
        let f = |n: &str, d: &str| File {
            name: n.into(),
            data: d.as_bytes().to_vec(),
            mtime: Some(1_700_000_000),
        };
        vec![
            f(
                "Chart.yaml",
                "apiVersion: v2\nname: demo\nversion: 0.1.0\nextra: dropped\n",
            ),
            f("values.yaml", "replicas: 1\n"),
            f("templates/cm.yaml", "kind: ConfigMap\n"),
            f("README.md", "hi\n"),
            f(
                "charts/sub/Chart.yaml",
                "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
            ),
            f("charts/sub/values.yaml", "a: b\n"),
        ]
    }

    #[test]
    fn packaged_charts_load_back_with_the_same_files() {
        let c = Chart::from_files(chart_files()).unwrap();
        assert_eq!(c.dependencies.len(), 1);
        let tgz = c.package().unwrap();
        // Helm's gzip header: FEXTRA|FCOMMENT, the extra bytes, the comment.
        assert_eq!(tgz[3], 4 | 16);
        let back = Chart::from_archive(&tgz[..]).unwrap();
        assert_eq!(back.file_map(), c.file_map());
        assert_eq!(
            String::from_utf8(back.file_map()["Chart.yaml"].clone()).unwrap(),
            "apiVersion: v2\nname: demo\nversion: 0.1.0\n"
        );
        let files = archive_files(&tgz[..]).unwrap();
        assert_eq!(files[0].name, "Chart.yaml");
        assert_eq!(files[0].mtime, Some(1_700_000_000));
    }

    #[test]
    fn archives_with_traversal_or_no_chart_are_refused() {
        let mut tar = Vec::new();
        gotar::write_file(&mut tar, "demo/../../etc/passwd", 0o644, 0, b"x").unwrap();
        gotar::write_trailer(&mut tar).unwrap();
        let tgz = crate::artifact::goflate::gzip(&tar);
        let err = Chart::from_archive(&tgz[..]).unwrap_err().to_string();
        assert_eq!(err, "chart illegally references parent directory");
        let mut tar = Vec::new();
        gotar::write_file(&mut tar, "demo/values.yaml", 0o644, 0, b"a: 1").unwrap();
        gotar::write_trailer(&mut tar).unwrap();
        let tgz = crate::artifact::goflate::gzip(&tar);
        let err = Chart::from_archive(&tgz[..]).unwrap_err().to_string();
        assert_eq!(err, "Chart.yaml file is missing");
        assert!(Chart::from_archive(&b"not gzip"[..]).is_err());
    }

    #[test]
    fn values_merge_deeply_and_rewrite_values_yaml() {
        let a = parse_values(b"a: {x: 1, y: 2}\nb: 1\n", "a").unwrap();
        let b = parse_values(b"a: {y: 3}\nc: true\n", "b").unwrap();
        let m = merge_maps(&a, &b);
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"a":{"x":1,"y":3},"b":1,"c":true}"#
        );
        let mut c = Chart::from_files(chart_files()).unwrap();
        assert!(c.overwrite_values(&m).unwrap());
        assert_eq!(
            String::from_utf8(c.values.clone().unwrap().data).unwrap(),
            "a:\n  x: 1\n  \"y\": 3\nb: 1\nc: true\n"
        );
        assert!(!c.overwrite_values(&m).unwrap());
        assert!(parse_values(b"- 1\n", "list.yaml")
            .unwrap_err()
            .contains("cannot unmarshal array"));
    }

    #[test]
    fn directories_load_with_helmignore_and_stay_inside_the_root() {
        let root = tempfile::tempdir().unwrap();
        let c = root.path().join("charts/demo");
        std::fs::create_dir_all(c.join("templates")).unwrap();
        std::fs::write(
            c.join("Chart.yaml"),
            "apiVersion: v2\nname: demo\nversion: 1.2.3\n",
        )
        .unwrap();
        std::fs::write(c.join("values.yaml"), "x: 1\n").unwrap();
        std::fs::write(c.join(".helmignore"), "*.bak\n").unwrap();
        std::fs::write(c.join("old.bak"), "x").unwrap();
        std::fs::write(c.join("templates/.swp"), "x").unwrap();
        std::fs::write(c.join("templates/a.yaml"), "a").unwrap();
        let chart = Chart::from_dir(root.path(), "charts/demo").unwrap();
        let names: Vec<_> = chart.file_map().into_keys().collect();
        assert_eq!(
            names,
            [
                ".helmignore",
                "Chart.yaml",
                "templates/a.yaml",
                "values.yaml"
            ]
        );
        // `..` is clamped at the root.
        assert_eq!(
            secure_join(root.path(), "../../charts/demo").unwrap(),
            root.path().join("charts/demo")
        );
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret"), "s").unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret"), c.join("leak")).unwrap();
            let err = Chart::from_dir(root.path(), "charts/demo")
                .unwrap_err()
                .to_string();
            assert!(err.contains("traverses outside root boundary"), "{err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_walk_shared_over_threads_keeps_the_order_and_reports_the_first_failure_in_order() {
        let root = tempfile::tempdir().unwrap();
        let c = root.path().join("umbrella");
        std::fs::create_dir_all(c.join("templates")).unwrap();
        std::fs::write(
            c.join("Chart.yaml"),
            "apiVersion: v2\nname: umbrella\nversion: 0.1.0\n",
        )
        .unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        for i in 0..12 {
            let sub = c.join(format!("charts/s{i:02}"));
            std::fs::create_dir_all(sub.join("templates")).unwrap();
            std::fs::write(
                sub.join("Chart.yaml"),
                format!("apiVersion: v2\nname: s{i:02}\nversion: 0.1.0\n"),
            )
            .unwrap();
            std::fs::write(sub.join("templates/a.yaml"), "a").unwrap();
        }
        let chart = Chart::from_dir(root.path(), "umbrella").unwrap();
        let names: Vec<&str> = chart.dependencies.iter().map(|d| d.name()).collect();
        let want: Vec<String> = (0..12).map(|i| format!("s{i:02}")).collect();
        assert_eq!(names, want);
        // Two escaping links: the walk reports the first in the listing's order.
        for i in [9, 4] {
            std::os::unix::fs::symlink(
                outside.path().join("secret"),
                c.join(format!("charts/s{i:02}/leak")),
            )
            .unwrap();
        }
        for _ in 0..5 {
            let err = Chart::from_dir(root.path(), "umbrella")
                .unwrap_err()
                .to_string();
            assert!(err.contains("'charts/s04/leak' file"), "{err}");
        }
    }
}
