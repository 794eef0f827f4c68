//! Building one generated artifact's tree: source-watcher's copy operations applied in order
//! from the fetched sources into a staging directory, with `cp`-like semantics, then the
//! content hash that names the artifact. Pure file work, no cluster.
//!
//! Owns the copy rules of source-watcher v2.2.3: `@alias/path` selects a file or directory
//! (a directory is copied as a subdirectory); a glob (`*?[]`) is matched per path segment with
//! Go's `fs.Glob` (so `dir/**` means the entries of `dir`, their subtrees copied whole, and the
//! `dir/` prefix stripped), except with `Extract`, where doublestar globs (`**` across
//! directories, `{a,b}`) select tarballs to extract; `@artifact/dest/` (trailing slash, or an
//! existing directory) receives files by name, otherwise the file is renamed; `exclude`
//! doublestar patterns match paths relative to the source root or to the non-glob prefix of
//! `from`, and patterns without `/` match file names at any depth; `Merge` merges YAML maps
//! into an existing destination as Helm merges values files. Nothing escapes the source or the
//! staging root: `..` and absolute destinations are refused, and symlinks are not followed out.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::api::extensions::{CopyOperation, CopyStrategy};

/// A failed copy: the message names the operation and the path.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

type Result<T> = std::result::Result<T, Error>;

fn err(m: impl Into<String>) -> Error {
    Error(m.into())
}

/// At most this many commas inside `{}` groups of one pattern.
const MAX_ALTERNATION_COMMAS: usize = 20;

/// `@alias/pattern` → (alias, pattern).
pub fn parse_source(from: &str) -> Result<(&str, &str)> {
    let rest = from
        .strip_prefix('@')
        .ok_or_else(|| err("source must start with '@'"))?;
    rest.split_once('/')
        .ok_or_else(|| err("source format must be '@alias/pattern'"))
}

/// `@artifact/path` → the relative destination (`.` for the root).
pub fn parse_destination(to: &str) -> Result<String> {
    let rest = to
        .strip_prefix("@artifact/")
        .ok_or_else(|| err("destination must start with '@artifact/'"))?;
    if rest.is_empty() {
        return Ok(".".into());
    }
    if rest.starts_with('/') || rest.split('/').any(|s| s == "..") {
        return Err(err("destination path must stay within the artifact root"));
    }
    Ok(rest.trim_end_matches('/').to_string())
}

/// Rejects patterns with too many `{}` alternatives.
fn validate_glob(pattern: &str) -> Result<()> {
    let (mut commas, mut depth) = (0usize, 0usize);
    let b = pattern.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b',' if depth > 0 => commas += 1,
            _ => {}
        }
        i += 1;
    }
    if commas > MAX_ALTERNATION_COMMAS {
        return Err(err(format!(
            "pattern has {commas} alternatives in '{{}}' groups, at most {MAX_ALTERNATION_COMMAS} are allowed"
        )));
    }
    Ok(())
}

fn contains_glob(p: &str) -> bool {
    p.contains(['*', '?', '[', ']'])
}

/// A doublestar pattern (`**` across directories, `{a,b}`, `*` within a segment).
fn doublestar(pattern: &str) -> Result<globset::GlobMatcher> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .empty_alternates(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| err(format!("invalid pattern '{pattern}': {e}")))
}

/// Go's `path.Clean` on a `/`-separated relative path.
fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    if out.is_empty() {
        ".".into()
    } else {
        out.join("/")
    }
}

fn join(a: &str, b: &str) -> String {
    if a == "." || a.is_empty() {
        clean(b)
    } else {
        clean(&format!("{a}/{b}"))
    }
}

/// The part of `pattern` before its first segment with glob characters.
fn selection_root(pattern: &str) -> String {
    let c = clean(pattern);
    let parts: Vec<&str> = c.split('/').take_while(|p| !contains_glob(p)).collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

struct Excludes {
    patterns: Vec<(globset::GlobMatcher, bool)>,
}

impl Excludes {
    fn new(patterns: &[String]) -> Result<Excludes> {
        let mut out = Vec::new();
        for p in patterns {
            validate_glob(p).map_err(|e| err(format!("invalid exclude pattern '{p}': {e}")))?;
            let m = doublestar(p).map_err(|_| err(format!("invalid exclude pattern '{p}'")))?;
            out.push((m, !p.contains('/')));
        }
        Ok(Excludes { patterns: out })
    }

    fn matches(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.patterns
            .iter()
            .any(|(m, by_name)| m.is_match(path) || (*by_name && m.is_match(name)))
    }

    /// source-watcher's `shouldExcludePath`: the path relative to the source root, then
    /// relative to `base` (the non-glob prefix of `from`).
    fn excluded(&self, path: &str, base: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        if self.matches(path) {
            return true;
        }
        let base = clean(base);
        let path = clean(path);
        let rel = if base == "." {
            path.clone()
        } else if let Some(r) = path.strip_prefix(&format!("{base}/")) {
            r.to_string()
        } else {
            return false;
        };
        rel != "." && rel != path && self.matches(&rel)
    }
}

/// `root` joined with a relative path, refusing anything that leaves it.
fn inside(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel = clean(rel);
    if rel.starts_with("..") || rel.starts_with('/') {
        return Err(err(format!("path '{rel}' escapes its root")));
    }
    Ok(if rel == "." {
        root.to_path_buf()
    } else {
        root.join(rel)
    })
}

/// `symlink_metadata` that follows a symlink only when its target stays inside `root`.
fn stat_inside(root: &Path, path: &Path) -> Result<std::fs::Metadata> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| err(e.to_string()))?;
    if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|e| err(e.to_string()))?;
        let root = std::fs::canonicalize(root).map_err(|e| err(e.to_string()))?;
        if !target.starts_with(&root) {
            return Err(err(format!("path escapes from parent: {}", path.display())));
        }
        return std::fs::metadata(path).map_err(|e| err(e.to_string()));
    }
    Ok(meta)
}

/// Go's `fs.Glob` over `root` with `path.Match` per segment; matches in lexical order.
fn go_glob(root: &Path, pattern: &str) -> Result<Vec<String>> {
    let has_meta = |s: &str| s.contains(['*', '?', '[', '\\']);
    if crate::helm::chart::go_match(pattern, "").is_none() {
        return Err(err("syntax error in pattern"));
    }
    if !has_meta(pattern) {
        return Ok(if inside(root, pattern)?.exists() {
            vec![pattern.to_string()]
        } else {
            vec![]
        });
    }
    let (dir, file) = match pattern.rsplit_once('/') {
        Some((d, f)) => (if d.is_empty() { "/" } else { d }, f),
        None => (".", pattern),
    };
    let dirs = if has_meta(dir) {
        if dir == pattern {
            return Err(err("syntax error in pattern"));
        }
        go_glob(root, dir)?
    } else {
        vec![dir.to_string()]
    };
    let mut out = Vec::new();
    for d in dirs {
        let Ok(path) = inside(root, &d) else { continue };
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            if crate::helm::chart::go_match(file, &n)
                .ok_or_else(|| err("syntax error in pattern"))?
            {
                out.push(join(&d, &n));
            }
        }
    }
    Ok(out)
}

/// doublestar's `Glob`: every path under `root` matching `pattern`, in walk order.
fn doublestar_glob(root: &Path, pattern: &str) -> Result<Vec<String>> {
    let m = doublestar(pattern)?;
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = e
            .path()
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if m.is_match(&rel) {
            out.push(rel);
        }
    }
    Ok(out)
}

fn is_tarball(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    l.ends_with(".tar.gz") || l.ends_with(".tgz")
}

/// Applies `ops` in order from `sources` (alias → fetched directory) into `staging`.
pub fn apply(
    ops: &[CopyOperation],
    sources: &std::collections::BTreeMap<String, PathBuf>,
    staging: &Path,
) -> Result<()> {
    for op in ops {
        apply_one(op, sources, staging).map_err(|e| {
            err(format!(
                "failed to apply copy operation from '{}' to '{}': {e}",
                op.from, op.to
            ))
        })?;
    }
    Ok(())
}

fn apply_one(
    op: &CopyOperation,
    sources: &std::collections::BTreeMap<String, PathBuf>,
    staging: &Path,
) -> Result<()> {
    let (alias, pattern) = parse_source(&op.from)
        .map_err(|e| err(format!("invalid copy source '{}': {e}", op.from)))?;
    validate_glob(pattern).map_err(|e| err(format!("invalid copy source '{}': {e}", op.from)))?;
    let dest = parse_destination(&op.to)
        .map_err(|e| err(format!("invalid copy destination '{}': {e}", op.to)))?;
    let src_root = sources
        .get(alias)
        .ok_or_else(|| err(format!("source alias '{alias}' not found")))?;
    let excludes = Excludes::new(&op.exclude)?;
    let strategy = op.strategy.unwrap_or_default();
    let dest_dir_form = op.to.ends_with('/');
    if !contains_glob(pattern) {
        return single(
            op,
            strategy,
            &excludes,
            src_root,
            pattern,
            staging,
            &dest,
            dest_dir_form,
        );
    }
    let matches = if strategy == CopyStrategy::Extract {
        doublestar_glob(src_root, pattern)
    } else {
        go_glob(src_root, pattern)
    }
    .map_err(|e| err(format!("invalid glob pattern '{pattern}': {e}")))?;
    if matches.is_empty() {
        return Err(err(format!(
            "no files match pattern '{pattern}' in source '{alias}'"
        )));
    }
    let base = selection_root(pattern);
    let kept: Vec<String> = matches
        .into_iter()
        .filter(|m| m != "." && m != "..")
        .filter(|m| !excludes.excluded(m, &base))
        .collect();
    if kept.is_empty() {
        return Err(err(format!(
            "all files matching pattern '{pattern}' in source '{alias}' were excluded"
        )));
    }
    for m in kept {
        if strategy == CopyStrategy::Extract {
            if !is_tarball(&m) {
                continue;
            }
            extract(src_root, &m, staging, &dest)
                .map_err(|e| err(format!("failed to extract tarball '{m}' to '{dest}': {e}")))?;
            continue;
        }
        let to = match pattern
            .strip_suffix("/**")
            .and_then(|p| m.strip_prefix(&format!("{p}/")))
        {
            Some(rel) => join(&dest, rel),
            None => join(&dest, &m),
        };
        copy_path(strategy, &excludes, src_root, &m, staging, &to, &base)
            .map_err(|e| err(format!("failed to copy file '{m}' to '{to}': {e}")))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn single(
    op: &CopyOperation,
    strategy: CopyStrategy,
    excludes: &Excludes,
    src_root: &Path,
    src: &str,
    staging: &Path,
    dest: &str,
    dest_dir_form: bool,
) -> Result<()> {
    let src = clean(src);
    let path = inside(src_root, &src)?;
    let meta = match stat_inside(src_root, &path) {
        Ok(m) => m,
        Err(_) if !path.exists() => {
            return Err(err(format!("source '{src}' does not exist")));
        }
        Err(e) => return Err(err(format!("failed to stat source '{src}': {e}"))),
    };
    let _ = op;
    if meta.is_dir() {
        if strategy == CopyStrategy::Extract {
            return Err(err(format!(
                "extract strategy is not supported for directories, got '{src}'"
            )));
        }
        let name = src.rsplit('/').next().unwrap_or(&src);
        let to = join(dest, name);
        return copy_path(strategy, excludes, src_root, &src, staging, &to, &src);
    }
    if excludes.excluded(&src, ".") {
        return Ok(());
    }
    if strategy == CopyStrategy::Extract {
        if !is_tarball(&src) {
            return Err(err(format!(
                "extract strategy requires tarball file (.tar.gz or .tgz), got '{src}'"
            )));
        }
        return extract(src_root, &src, staging, dest);
    }
    let name = src.rsplit('/').next().unwrap_or(&src);
    let to = if dest_dir_form || inside(staging, dest)?.is_dir() {
        join(dest, name)
    } else {
        dest.to_string()
    };
    copy_path(strategy, excludes, src_root, &src, staging, &to, ".")
}

/// Copies a file (merging it with `Merge` when the destination exists) or a directory tree.
fn copy_path(
    strategy: CopyStrategy,
    excludes: &Excludes,
    src_root: &Path,
    src: &str,
    staging: &Path,
    dest: &str,
    exclude_base: &str,
) -> Result<()> {
    let path = inside(src_root, src)?;
    let meta = stat_inside(src_root, &path)?;
    if meta.is_dir() {
        return copy_dir(excludes, src_root, src, staging, dest, exclude_base);
    }
    let target = inside(staging, dest)?;
    if strategy == CopyStrategy::Merge && target.is_file() {
        return merge_file(&path, &target);
    }
    copy_file(&path, &target)
}

fn copy_dir(
    excludes: &Excludes,
    src_root: &Path,
    src: &str,
    staging: &Path,
    dest: &str,
    exclude_base: &str,
) -> Result<()> {
    std::fs::create_dir_all(inside(staging, dest)?).map_err(|e| err(e.to_string()))?;
    let dir = inside(src_root, src)?;
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| err(e.to_string()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in names {
        let rel = join(src, &n);
        if excludes.excluded(&rel, exclude_base) {
            continue;
        }
        let meta = stat_inside(src_root, &inside(src_root, &rel)?)?;
        let to = join(dest, &n);
        if meta.is_dir() {
            copy_dir(excludes, src_root, &rel, staging, &to, exclude_base)?;
        } else {
            copy_file(&inside(src_root, &rel)?, &inside(staging, &to)?)?;
        }
    }
    Ok(())
}

fn copy_file(src: &Path, dest: &Path) -> Result<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| err(e.to_string()))?;
    }
    // A directory or symlink in the way is replaced by the file.
    if let Ok(m) = std::fs::symlink_metadata(dest) {
        if m.is_dir() {
            return Err(err(format!("'{}' is a directory", dest.display())));
        }
        let _ = std::fs::remove_file(dest);
    }
    std::fs::copy(src, dest).map_err(|e| err(e.to_string()))?;
    Ok(())
}

/// Every YAML document of a file merged into one map (`sigs.k8s.io/yaml` reading).
fn load_yaml(path: &Path) -> Result<Map<String, Value>> {
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let docs = crate::kustomize::yaml::parse_stream(&text)
        .map_err(|e| err(format!("cannot unmarshal YAML document: {e}")))?;
    let mut out = Map::new();
    for d in docs {
        match d {
            Value::Object(m) => out = crate::helm::chart::merge_maps(&out, &m),
            Value::Null => {}
            _ => return Err(err("cannot unmarshal YAML document: not a map".to_string())),
        }
    }
    Ok(out)
}

fn merge_file(src: &Path, dest: &Path) -> Result<()> {
    let overlay = load_yaml(src)?;
    let base = load_yaml(dest)?;
    let merged = crate::helm::chart::merge_maps(&base, &overlay);
    let text = crate::goyaml::to_yaml(&Value::Object(merged));
    std::fs::write(dest, text).map_err(|e| err(format!("failed to merged YAML: {e}")))
}

fn extract(src_root: &Path, src: &str, staging: &Path, dest: &str) -> Result<()> {
    let path = inside(src_root, src)?;
    stat_inside(src_root, &path)?;
    let target = inside(staging, dest)?;
    std::fs::create_dir_all(&target).map_err(|e| err(e.to_string()))?;
    let f = std::fs::File::open(&path)
        .map_err(|e| err(format!("failed to open tarball {src:?}: {e}")))?;
    crate::artifact::extract::extract_tar_gz(f, &target, Default::default())
        .map_err(|e| err(e.to_string()))
}

/// golang.org/x/mod's `dirhash.HashDir` with source-watcher's hash: the regular files of
/// `dir` as `<prefix>/<path>`, sorted, each line `<adler32 hex>  <name>\n` fed to an Adler-32
/// whose sum (decimal) names the artifact.
pub fn dir_hash(dir: &Path, prefix: &str) -> Result<String> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter() {
        let e = e.map_err(|e| err(e.to_string()))?;
        if e.file_type().is_dir() {
            continue;
        }
        if !e.file_type().is_file() {
            return Err(err(format!("{}: not a regular file", e.path().display())));
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        files.push((format!("{prefix}/{rel}"), e.path().to_path_buf()));
    }
    files.sort();
    let mut total = adler2::Adler32::new();
    for (name, path) in files {
        if name.contains('\n') {
            return Err(err("filenames with newlines are not supported"));
        }
        let data = std::fs::read(&path).map_err(|e| err(e.to_string()))?;
        let mut h = adler2::Adler32::new();
        h.write_slice(&data);
        total.write_slice(format!("{:x}  {name}\n", h.checksum()).as_bytes());
    }
    Ok(total.checksum().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (p, c) in files {
            let path = d.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, c).unwrap();
        }
        d
    }

    fn listing(root: &Path) -> Vec<String> {
        let mut out: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        out.sort();
        out
    }

    fn op(from: &str, to: &str) -> CopyOperation {
        CopyOperation {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    fn run(ops: &[CopyOperation], src: &Path) -> Result<tempfile::TempDir> {
        let staging = tempfile::tempdir().unwrap();
        let sources = BTreeMap::from([("src".to_string(), src.to_path_buf())]);
        apply(ops, &sources, staging.path())?;
        Ok(staging)
    }

    #[test]
    fn copies_follow_cp_semantics() {
        let src = tree(&[
            ("configs/a.yaml", "a: 1\n"),
            ("configs/sub/b.yaml", "b: 1\n"),
            ("configs/README.md", "r"),
            ("one.yaml", "x: 1\n"),
        ]);
        let s = run(
            &[
                op("@src/one.yaml", "@artifact/apps/app.yaml"),
                op("@src/one.yaml", "@artifact/dir/"),
                op("@src/configs/", "@artifact/copied/"),
                CopyOperation {
                    exclude: vec!["*.md".into()],
                    ..op("@src/configs/**", "@artifact/flat/")
                },
                op("@src/configs/*.yaml", "@artifact/globbed/"),
            ],
            src.path(),
        )
        .unwrap();
        assert_eq!(
            listing(s.path()),
            [
                "apps/app.yaml",
                "copied/configs/README.md",
                "copied/configs/a.yaml",
                "copied/configs/sub/b.yaml",
                "dir/one.yaml",
                "flat/a.yaml",
                "flat/sub/b.yaml",
                // source-watcher's calculateGlobDestination keeps the match's path unless the
                // pattern ends in `/**` (its docs say otherwise; the code decides).
                "globbed/configs/a.yaml",
            ]
        );
    }

    #[test]
    fn merge_strategy_merges_yaml_maps_and_replaces_lists() {
        let src = tree(&[
            (
                "chart/values.yaml",
                "image:\n  tag: v1\n  repo: r\nlist: [1, 2]\n",
            ),
            ("prod.yaml", "image:\n  tag: v2\nlist: [3]\n"),
        ]);
        let s = run(
            &[
                op("@src/chart/", "@artifact/"),
                CopyOperation {
                    strategy: Some(CopyStrategy::Merge),
                    ..op("@src/prod.yaml", "@artifact/chart/values.yaml")
                },
            ],
            src.path(),
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(s.path().join("chart/values.yaml")).unwrap(),
            "image:\n  repo: r\n  tag: v2\nlist:\n- 3\n"
        );
    }

    #[test]
    fn bad_operations_name_what_is_wrong() {
        let src = tree(&[("a.yaml", "a: 1\n")]);
        let e = run(&[op("@src/missing.yaml", "@artifact/")], src.path()).unwrap_err();
        assert!(e.0.ends_with("source 'missing.yaml' does not exist"), "{e}");
        let e = run(&[op("@src/*.json", "@artifact/")], src.path()).unwrap_err();
        assert!(
            e.0.contains("no files match pattern '*.json' in source 'src'"),
            "{e}"
        );
        let e = run(&[op("@other/a.yaml", "@artifact/")], src.path()).unwrap_err();
        assert!(e.0.contains("source alias 'other' not found"), "{e}");
        let e = run(&[op("@src/a.yaml", "@artifact/../x")], src.path()).unwrap_err();
        assert!(e.0.contains("must stay within the artifact root"), "{e}");
        let e = run(
            &[CopyOperation {
                exclude: vec!["*.yaml".into()],
                ..op("@src/*.yaml", "@artifact/")
            }],
            src.path(),
        )
        .unwrap_err();
        assert!(e.0.contains("were excluded"), "{e}");
    }

    #[test]
    fn extract_unpacks_tarballs_selected_by_doublestar_globs() {
        let inner = tree(&[("demo/Chart.yaml", "name: demo\n")]);
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(src.path().join("rel/v1")).unwrap();
        let out = std::fs::File::create(src.path().join("rel/v1/demo-1.0.0.tgz")).unwrap();
        let gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
        let mut t = tar::Builder::new(gz);
        t.append_dir_all("demo", inner.path().join("demo")).unwrap();
        t.into_inner().unwrap().finish().unwrap();
        std::fs::write(src.path().join("rel/notes.txt"), "n").unwrap();
        let s = run(
            &[CopyOperation {
                strategy: Some(CopyStrategy::Extract),
                ..op("@src/rel/**/*.tgz", "@artifact/charts/")
            }],
            src.path(),
        )
        .unwrap();
        assert_eq!(listing(s.path()), ["charts/demo/Chart.yaml"]);
    }

    #[test]
    fn dir_hash_follows_x_mod_dirhash_lines() {
        let d = tree(&[("b.txt", "b"), ("a/x.txt", "x")]);
        let mut expected = adler2::Adler32::new();
        let line = |name: &str, data: &[u8]| {
            let mut h = adler2::Adler32::new();
            h.write_slice(data);
            format!("{:x}  {name}\n", h.checksum())
        };
        expected.write_slice(line("p/a/x.txt", b"x").as_bytes());
        expected.write_slice(line("p/b.txt", b"b").as_bytes());
        assert_eq!(
            dir_hash(d.path(), "p").unwrap(),
            expected.checksum().to_string()
        );
    }
}
