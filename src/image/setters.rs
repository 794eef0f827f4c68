//! ImageUpdateAutomation's `Setters` strategy: find the scalars marked with an image policy
//! (`# {"$imagepolicy": "<ns>:<name>[:tag|:name|:digest]"}` as the scalar's line comment, or
//! the head comment of a sequence item without one) in the YAML files under a path, and put
//! the policy's latest reference in them.
//!
//! Files are chosen as image-automation-controller v1.2.4 chooses them (`*.yaml`, `*.yml` and
//! files named `Kustomization`, hidden directories included, only when the bytes contain
//! `"$imagepolicy"`; files that do not parse are skipped). Unlike Flux, which re-emits every
//! changed file through kyaml (indentation, `---` and comment placement normalised), only the
//! replaced values change: every other byte of the file stays as it was. A new value keeps the
//! old one's quoting, and is double-quoted where YAML 1.1 would read it as something other
//! than a string (`1.10`, `on`, an empty digest), as kyaml does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why files could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum SetterError {
    /// Reading or writing a file failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        error: String,
    },
}

/// Which part of the policy's latest reference a marker asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `name:tag[@digest]`.
    Full,
    /// The tag.
    Tag,
    /// The image name as the ImageRepository spells it.
    Name,
    /// The digest (empty when not reflected).
    Digest,
}

/// A parsed `$imagepolicy` marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The policy's namespace.
    pub namespace: String,
    /// The policy's name.
    pub name: String,
    /// What to write.
    pub field: Field,
    /// The marker's value as written (`ns:name[:field]`), Flux's `Setter`.
    pub setter: String,
}

/// A policy's latest reference, as the setters use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestRef {
    /// `spec.image` of the ImageRepository, as written.
    pub name: String,
    /// The selected tag.
    pub tag: String,
    /// The digest, if reflected.
    pub digest: Option<String>,
}

impl LatestRef {
    fn value(&self, field: Field) -> String {
        match field {
            Field::Full => match self.digest.as_deref().filter(|d| !d.is_empty()) {
                Some(d) => format!("{}:{}@{d}", self.name, self.tag),
                None => format!("{}:{}", self.name, self.tag),
            },
            Field::Tag => self.tag.clone(),
            Field::Name => self.name.clone(),
            Field::Digest => self.digest.clone().unwrap_or_default(),
        }
    }
}

/// The object a changed value belongs to (empty fields where the document has none).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectId {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
}

/// One replaced value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The value before.
    pub old: String,
    /// The value after.
    pub new: String,
    /// The marker's `ns:name[:field]`.
    pub setter: String,
}

/// What an update changed: file (relative to the root) → object → changes in document order.
pub type FileChanges = BTreeMap<String, BTreeMap<ObjectId, Vec<Change>>>;

/// Parses the text of a comment (without its `#`s) as a marker: a JSON object of strings
/// whose `$imagepolicy` is `ns:name[:tag|:name|:digest]`.
pub fn parse_marker(comment: &str) -> Option<Marker> {
    let text = comment.trim_start_matches('#');
    let map: BTreeMap<String, String> = serde_json::from_str(text.trim()).ok()?;
    let setter = map.get("$imagepolicy")?.clone();
    let parts: Vec<&str> = setter.split(':').collect();
    let (namespace, name, field) = match parts.as_slice() {
        [ns, name] => (*ns, *name, Field::Full),
        [ns, name, "tag"] => (*ns, *name, Field::Tag),
        [ns, name, "name"] => (*ns, *name, Field::Name),
        [ns, name, "digest"] => (*ns, *name, Field::Digest),
        _ => return None,
    };
    let (namespace, name) = (namespace.to_string(), name.to_string());
    (!namespace.is_empty() && !name.is_empty()).then_some(Marker {
        namespace,
        name,
        field,
        setter,
    })
}

/// The byte index where a line's comment starts (a `#` at the start or after a blank,
/// outside quotes), if it has one.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'\\' if double => i += 1,
            b'#' if !single && !double && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') => {
                return Some(i)
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte range of the scalar value of a line's content (comment removed): after the
/// mapping separator, or the sequence item itself. None when the value is not an inline
/// scalar (a block, flow collection, anchor, alias or tag).
fn scalar_range(content: &str) -> Option<(usize, usize)> {
    let end = content.trim_end().len();
    let mut start = content.len() - content.trim_start().len();
    while content[start..end].starts_with("- ") || &content[start..end] == "-" {
        start += 1;
        start += content[start..end].len() - content[start..end].trim_start().len();
    }
    // A `key: value` pair: the separator is the first `: ` outside quotes.
    let b = content.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut i = start;
    while i < end {
        match b[i] {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'\\' if double => i += 1,
            b':' if !single && !double && (i + 1 == end || b[i + 1] == b' ') => {
                start = i + 1;
                start += content[start..end].len() - content[start..end].trim_start().len();
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let value = &content[start..end];
    if value.is_empty() || value.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    Some((start, end))
}

/// The value a scalar's text stands for (quotes removed and unescaped).
fn unquote(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if text.starts_with('"') && text.ends_with('"') && text.len() >= 2 {
        if let Ok(v) = serde_json::from_str::<String>(text) {
            return v;
        }
        return text[1..text.len() - 1].to_string();
    }
    text.to_string()
}

/// Whether YAML 1.1 reads a plain scalar as something other than a string.
fn non_string_in_yaml_1_1(v: &str) -> bool {
    static PATTERNS: std::sync::OnceLock<Vec<regex::Regex>> = std::sync::OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
            r"^(~|null|Null|NULL)$",
            r"^[-+]?0b[0-1_]+$",
            r"^[-+]?0[0-7_]+$",
            r"^[-+]?(0|[1-9][0-9_]*)$",
            r"^[-+]?0x[0-9a-fA-F_]+$",
            r"^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$",
            r"^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$",
            r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$",
            r"^[-+]?\.(inf|Inf|INF)$",
            r"^\.(nan|NaN|NAN)$",
            r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)?",
            r"^<<$",
            r"^=$",
        ]
        .iter()
        .filter_map(|p| regex::Regex::new(p).ok())
        .collect()
    });
    patterns.iter().any(|p| p.is_match(v))
}

/// Whether a plain scalar could not be written as `v` without quotes.
fn needs_quotes(v: &str) -> bool {
    v.is_empty()
        || v != v.trim()
        || v.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        || v.contains(": ")
        || v.contains(" #")
        || v.ends_with(':')
        || v.contains('\n')
        || non_string_in_yaml_1_1(v)
}

/// `new` written in the style of the scalar text `old`.
fn restyle(old: &str, new: &str) -> String {
    if old.starts_with('\'') {
        return format!("'{}'", new.replace('\'', "''"));
    }
    if old.starts_with('"') || needs_quotes(new) {
        return serde_json::to_string(new).unwrap_or_default();
    }
    new.to_string()
}

/// The object each line of a multi-document text belongs to.
fn objects_by_line(text: &str) -> Vec<ObjectId> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut doc_start = 0;
    let flush = |from: usize, to: usize, out: &mut Vec<ObjectId>| {
        let doc: String = lines[from..to].concat();
        let v = crate::kustomize::yaml::parse_one(&doc).unwrap_or(serde_json::Value::Null);
        let s = |p: &str| {
            v.pointer(p)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let id = ObjectId {
            api_version: s("/apiVersion"),
            kind: s("/kind"),
            name: s("/metadata/name"),
            namespace: s("/metadata/namespace"),
        };
        out.extend(std::iter::repeat_n(id, to - from));
    };
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_end();
        if i > 0 && (t == "---" || t.starts_with("--- ")) {
            flush(doc_start, i, &mut out);
            doc_start = i;
        }
    }
    flush(doc_start, lines.len(), &mut out);
    out
}

/// Applies the markers of one file's text; `resolve` gives the latest reference of a marker's
/// policy (None: the marker is ignored, as Flux ignores policies it may not use). Returns the
/// new text and the changes, in order.
pub fn apply_text(
    text: &str,
    resolve: &dyn Fn(&Marker) -> Option<LatestRef>,
) -> (String, Vec<(usize, Change)>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut changes = vec![];
    let mut pending_head: Option<Marker> = None;
    for (n, raw) in lines.iter().enumerate() {
        let (line, eol) = match raw.strip_suffix('\n') {
            Some(l) => match l.strip_suffix('\r') {
                Some(l2) => (l2, "\r\n"),
                None => (l, "\n"),
            },
            None => (*raw, ""),
        };
        let comment_at = comment_start(line);
        let content = &line[..comment_at.unwrap_or(line.len())];
        if content.trim().is_empty() {
            // A comment line: a marker there is the head comment of the next node.
            if let Some(c) = comment_at {
                pending_head = parse_marker(&line[c..]);
            }
            out.push_str(raw);
            continue;
        }
        let line_marker = comment_at.and_then(|c| parse_marker(&line[c..]));
        let head = pending_head.take();
        let is_item = content.trim_start().starts_with("- ");
        let marker = match (line_marker, comment_at) {
            (Some(m), _) => Some(m),
            // A head comment counts only for a sequence item with no comment of its own.
            (None, None) if is_item => head,
            _ => None,
        };
        let edit = marker.and_then(|m| {
            let (s, e) = scalar_range(content)?;
            let latest = resolve(&m)?;
            let old_text = &content[s..e];
            let old = unquote(old_text);
            let new = latest.value(m.field);
            (old != new).then(|| {
                (
                    s,
                    e,
                    restyle(old_text, &new),
                    Change {
                        old,
                        new,
                        setter: m.setter,
                    },
                )
            })
        });
        match edit {
            Some((s, e, text, change)) => {
                out.push_str(&line[..s]);
                out.push_str(&text);
                out.push_str(&line[e..]);
                out.push_str(eol);
                changes.push((n, change));
            }
            None => out.push_str(raw),
        }
    }
    (out, changes)
}

/// Whether image-automation-controller looks at this file.
fn candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.ends_with(".yaml") || name.ends_with(".yml") || name == "Kustomization"
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        // Symbolic links are not followed: a link could lead out of the checkout (Flux's walk
        // does not enter linked directories either).
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, out);
        } else if meta.is_file() && candidate(&p) {
            out.push(p);
        }
    }
}

/// `path` inside `root`, as securejoin resolves it: `..` never climbs above `root`.
fn inside(root: &Path, path: &str) -> PathBuf {
    let mut parts: Vec<&str> = vec![];
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.iter().fold(root.to_path_buf(), |p, c| p.join(c))
}

/// Updates the files under `root/path` in place; returns what changed (paths relative to
/// `root/path`, `/`-separated, as Flux records them). Files that do not parse as YAML are left
/// alone.
pub fn update_files(
    root: &Path,
    path: &str,
    resolve: &dyn Fn(&Marker) -> Option<LatestRef>,
) -> Result<FileChanges, SetterError> {
    let mut files = vec![];
    let base = inside(root, path);
    walk(&base, &mut files);
    let mut result = FileChanges::new();
    for file in files {
        let io = |e: std::io::Error| SetterError::Io {
            path: file.display().to_string(),
            error: e.to_string(),
        };
        let bytes = std::fs::read(&file).map_err(io)?;
        if !bytes.windows(14).any(|w| w == b"\"$imagepolicy\"") {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if crate::kustomize::yaml::parse_stream(&text).is_err() {
            continue;
        }
        let (new_text, changes) = apply_text(&text, resolve);
        if changes.is_empty() {
            continue;
        }
        std::fs::write(&file, &new_text).map_err(io)?;
        let objects = objects_by_line(&text);
        let rel = file
            .strip_prefix(&base)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let per_object = result.entry(rel).or_default();
        for (line, change) in changes {
            let id = objects.get(line).cloned().unwrap_or_default();
            per_object.entry(id).or_default().push(change);
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(m: &Marker) -> Option<LatestRef> {
        if m.namespace != "automation-ns" {
            return None;
        }
        match m.name.as_str() {
            "policy" => Some(LatestRef {
                name: "index.repo.fake/updated".into(),
                tag: "v1.0.1".into(),
                digest: None,
            }),
            "digest" => Some(LatestRef {
                name: "image".into(),
                tag: "v1.0.0".into(),
                digest: Some("sha256:6745aaad".into()),
            }),
            "numeric" => Some(LatestRef {
                name: "app".into(),
                tag: "1.10".into(),
                digest: None,
            }),
            _ => None,
        }
    }

    #[test]
    fn markers_parse_as_flux_reads_them() {
        let m = parse_marker(r#"# {"$imagepolicy": "ns:p:tag"}"#).unwrap();
        assert_eq!(
            (m.namespace.as_str(), m.name.as_str(), m.field),
            ("ns", "p", Field::Tag)
        );
        assert!(parse_marker(r#"# {"$imagepolicy": "ns:p"} trailing"#).is_none());
        assert!(parse_marker(r#"# {"$imagepolicy": "ns:p:bogus"}"#).is_none());
        assert!(parse_marker("# just a comment").is_none());
    }

    #[test]
    fn only_marked_values_change_and_every_other_byte_stays() {
        let text = "---\n# leading comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo   # keep\n  namespace: bar\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image:   image:v1.0.0   # {\"$imagepolicy\": \"automation-ns:policy\"}\n        - name: d\n          image: \"image:v1.0.0\" # {\"$imagepolicy\": \"automation-ns:policy:tag\"}\n        - name: e\n          image: other:1 # {\"$imagepolicy\": \"elsewhere:policy\"}\n";
        let (out, changes) = apply_text(text, &refs);
        let want = text
            .replace(
                "image:   image:v1.0.0   #",
                "image:   index.repo.fake/updated:v1.0.1   #",
            )
            .replace(
                "\"image:v1.0.0\" # {\"$imagepolicy\": \"automation-ns:policy:tag\"}",
                "\"v1.0.1\" # {\"$imagepolicy\": \"automation-ns:policy:tag\"}",
            );
        assert_eq!(out, want);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].1.old, "image:v1.0.0");
        assert_eq!(changes[1].1.setter, "automation-ns:policy:tag");
    }

    #[test]
    fn values_yaml_would_not_read_as_strings_are_double_quoted() {
        let text = "tag: 1.0 # {\"$imagepolicy\": \"automation-ns:numeric:tag\"}\ndigest: x # {\"$imagepolicy\": \"automation-ns:policy:digest\"}\nquoted: 'a' # {\"$imagepolicy\": \"automation-ns:digest:digest\"}\n";
        let (out, _) = apply_text(text, &refs);
        assert_eq!(
            out,
            "tag: \"1.10\" # {\"$imagepolicy\": \"automation-ns:numeric:tag\"}\ndigest: \"\" # {\"$imagepolicy\": \"automation-ns:policy:digest\"}\nquoted: 'sha256:6745aaad' # {\"$imagepolicy\": \"automation-ns:digest:digest\"}\n"
        );
    }

    #[test]
    fn a_head_comment_marks_the_sequence_item_below_it() {
        let text =
            "images:\n  # {\"$imagepolicy\": \"automation-ns:policy\"}\n  - old:1\n  - other:2\n";
        let (out, changes) = apply_text(text, &refs);
        assert_eq!(out, "images:\n  # {\"$imagepolicy\": \"automation-ns:policy\"}\n  - index.repo.fake/updated:v1.0.1\n  - other:2\n");
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn links_and_parent_paths_never_lead_out_of_the_checkout() {
        let outside = tempfile::tempdir().unwrap();
        let marked = "image: a:1 # {\"$imagepolicy\": \"automation-ns:policy\"}\n";
        std::fs::write(outside.path().join("victim.yaml"), marked).unwrap();
        let repo = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), repo.path().join("linked-dir")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("victim.yaml"),
            repo.path().join("linked.yaml"),
        )
        .unwrap();
        std::fs::write(repo.path().join("own.yaml"), marked).unwrap();
        let changes = update_files(repo.path(), "../../..", &refs).unwrap();
        assert_eq!(changes.keys().collect::<Vec<_>>(), ["own.yaml"]);
        assert_eq!(
            std::fs::read_to_string(outside.path().join("victim.yaml")).unwrap(),
            marked
        );
    }

    #[test]
    fn changes_name_their_object_and_files_without_markers_are_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("apps/.hidden")).unwrap();
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  image: a:1 # {\"$imagepolicy\": \"automation-ns:policy\"}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  image: a:1 # {\"$imagepolicy\": \"automation-ns:policy:tag\"}\n";
        std::fs::write(root.join("apps/.hidden/deploy.yml"), deploy).unwrap();
        std::fs::write(
            root.join("apps/plain.yaml"),
            "image: a:1 # {'$imagepolicy': 'x'}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("apps/broken.yaml"),
            "a: [\n# {\"$imagepolicy\": \"automation-ns:policy\"}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("apps/notes.txt"),
            "image: a:1 # {\"$imagepolicy\": \"automation-ns:policy\"}\n",
        )
        .unwrap();
        let changes = update_files(root, "./apps", &refs).unwrap();
        let file = &changes[".hidden/deploy.yml"];
        let ids: Vec<(&str, &str)> = file
            .keys()
            .map(|k| (k.kind.as_str(), k.name.as_str()))
            .collect();
        assert_eq!(ids, [("Deployment", "web"), ("Job", "once")]);
        assert_eq!(changes.len(), 1);
        let after = std::fs::read_to_string(root.join("apps/.hidden/deploy.yml")).unwrap();
        assert!(
            after.contains("image: index.repo.fake/updated:v1.0.1 #")
                && after.contains("image: v1.0.1 #")
        );
        assert_eq!(
            std::fs::read_to_string(root.join("apps/notes.txt")).unwrap(),
            "image: a:1 # {\"$imagepolicy\": \"automation-ns:policy\"}\n"
        );
    }
}
