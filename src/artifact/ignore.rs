//! `.sourceignore` and `spec.ignore` handling with gitignore semantics, plus Flux's default
//! exclusions (VCS metadata, CI configuration, binary media and archives).

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::{Error, Result};

/// Patterns that are always excluded, even when `spec.ignore` overrides the defaults.
pub const VCS_PATTERNS: &[&str] = &[".git/", ".gitignore", ".gitmodules", ".gitattributes"];

/// Patterns excluded by default (replaced by `spec.ignore` when it is set).
pub const DEFAULT_PATTERNS: &[&str] = &[
    // file extensions
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.png",
    "*.wmv",
    "*.flv",
    "*.tar.gz",
    "*.zip",
    // CI configuration
    ".github/",
    ".circleci/",
    ".travis.yml",
    ".gitlab-ci.yml",
    "appveyor.yml",
    ".drone.yml",
    "cloudbuild.yaml",
    "codeship-services.yml",
    "codeship-steps.yml",
    // tooling that never belongs in an artifact
    "**/.goreleaser.yml",
    "**/.sops.yaml",
    "**/.flux.yaml",
];

/// The file name of in-repository ignore files.
pub const SOURCEIGNORE: &str = ".sourceignore";

/// Decides which paths of a source tree go into its artifact.
pub struct Filter {
    root: std::path::PathBuf,
    matcher: Gitignore,
}

impl Filter {
    /// Builds the filter source-controller applies before archiving a tree
    /// (fluxcd/pkg/artifact's `SourceIgnoreFilter`): the patterns are the tree's
    /// `.sourceignore` files (the root's first, then each subdirectory's, depth first in
    /// lexical order) followed by `spec_ignore`; with none of them, the VCS patterns and
    /// Flux's defaults apply; with any, the VCS patterns and those.
    pub fn new(root: &Path, spec_ignore: Option<&str>) -> Result<Filter> {
        let mut lines: Vec<(String, std::path::PathBuf)> = Vec::new();
        sourceignore_lines(root, Path::new(""), &mut lines)?;
        for line in spec_ignore.unwrap_or_default().lines() {
            lines.push((line.to_string(), std::path::PathBuf::new()));
        }
        let is_pattern = |l: &str| {
            let l = l.trim_end();
            !l.is_empty() && !l.starts_with('#')
        };
        let mut b = GitignoreBuilder::new(root);
        for p in VCS_PATTERNS {
            add_pattern(&mut b, p, None)?;
        }
        if lines.iter().any(|(l, _)| is_pattern(l)) {
            for (line, base) in &lines {
                add_pattern(&mut b, line, Some(base))?;
            }
        } else {
            for p in DEFAULT_PATTERNS {
                add_pattern(&mut b, p, None)?;
            }
        }
        Self::finish(root, b)
    }

    /// fluxcd/pkg/artifact's `SourceIgnoreFilter(nil, nil)`: the VCS patterns and Flux's
    /// defaults, no `.sourceignore` files (how source-watcher archives generated trees).
    pub fn defaults(root: &Path) -> Result<Filter> {
        let mut b = GitignoreBuilder::new(root);
        for p in VCS_PATTERNS.iter().chain(DEFAULT_PATTERNS) {
            add_pattern(&mut b, p, None)?;
        }
        Self::finish(root, b)
    }

    fn finish(root: &Path, b: GitignoreBuilder) -> Result<Filter> {
        let matcher = b.build().map_err(|e| Error::Pattern {
            pattern: "<all>".into(),
            message: e.to_string(),
        })?;
        Ok(Filter {
            root: root.to_path_buf(),
            matcher,
        })
    }

    /// A filter from `patterns` alone (gitignore lines relative to `root`): no VCS or
    /// default exclusions and no `.sourceignore` files, as `flux build|push artifact`
    /// applies `--ignore-paths`.
    pub fn from_patterns(root: &Path, patterns: &[String]) -> Result<Filter> {
        let mut b = GitignoreBuilder::new(root);
        for p in patterns {
            let line = p.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            b.add_line(None, line).map_err(|e| Error::Pattern {
                pattern: line.to_string(),
                message: e.to_string(),
            })?;
        }
        let matcher = b.build().map_err(|e| Error::Pattern {
            pattern: "<all>".into(),
            message: e.to_string(),
        })?;
        Ok(Filter {
            root: root.to_path_buf(),
            matcher,
        })
    }

    /// True when `path` (absolute, under the root) is excluded.
    pub fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        self.matcher
            .matched_path_or_any_parents(rel, is_dir)
            .is_ignore()
    }
}

/// Adds one ignore line; a line from a nested `.sourceignore` (`base`) is anchored at its
/// directory.
fn add_pattern(b: &mut GitignoreBuilder, line: &str, base: Option<&Path>) -> Result<()> {
    let line = line.trim_end();
    if line.is_empty() || line.starts_with('#') {
        return Ok(());
    }
    let pattern = match base {
        Some(rel) if !rel.as_os_str().is_empty() => {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let (neg, body) = match line.strip_prefix('!') {
                Some(rest) => ("!", rest),
                None => ("", line),
            };
            if body.starts_with('/') {
                format!("{neg}/{rel}{body}")
            } else if body.trim_end_matches('/').contains('/') {
                format!("{neg}/{rel}/{body}")
            } else {
                format!("{neg}/{rel}/**/{body}")
            }
        }
        _ => line.to_string(),
    };
    b.add_line(None, &pattern).map_err(|e| Error::Pattern {
        pattern: line.to_string(),
        message: e.to_string(),
    })?;
    Ok(())
}

/// The lines of `<root>/<rel>/.sourceignore`, then those of each subdirectory (but `.git`),
/// in lexical order, as fluxcd/pkg's `LoadIgnorePatterns` reads them; each with its
/// directory.
fn sourceignore_lines(
    root: &Path,
    rel: &Path,
    out: &mut Vec<(String, std::path::PathBuf)>,
) -> Result<()> {
    let dir = root.join(rel);
    let file = dir.join(SOURCEIGNORE);
    match std::fs::read_to_string(&file) {
        Ok(text) => out.extend(text.lines().map(|l| (l.to_string(), rel.to_path_buf()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(super::io_err(&file)(e)),
    }
    let mut subdirs: Vec<std::ffi::OsString> = std::fs::read_dir(&dir)
        .map_err(super::io_err(&dir))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && e.file_name() != ".git")
        .map(|e| e.file_name())
        .collect();
    subdirs.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    for d in subdirs {
        sourceignore_lines(root, &rel.join(d), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in files {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, f).unwrap();
        }
        d
    }

    #[test]
    fn defaults_exclude_vcs_ci_and_media() {
        let d = tree(&[
            "deploy/app.yaml",
            ".github/workflows/ci.yaml",
            "logo.png",
            ".gitignore",
        ]);
        let f = Filter::new(d.path(), None).unwrap();
        assert!(!f.excluded(&d.path().join("deploy/app.yaml"), false));
        assert!(f.excluded(&d.path().join(".github/workflows/ci.yaml"), false));
        assert!(f.excluded(&d.path().join("logo.png"), false));
        assert!(f.excluded(&d.path().join(".gitignore"), false));
    }

    #[test]
    fn spec_ignore_replaces_defaults_but_keeps_vcs() {
        let d = tree(&["deploy/app.yaml", "docs/readme.md", "logo.png"]);
        let f = Filter::new(d.path(), Some("/*\n!/deploy\n")).unwrap();
        assert!(!f.excluded(&d.path().join("deploy/app.yaml"), false));
        assert!(f.excluded(&d.path().join("docs/readme.md"), false));
        let f = Filter::new(d.path(), Some("docs/\n")).unwrap();
        assert!(
            !f.excluded(&d.path().join("logo.png"), false),
            "defaults replaced"
        );
        assert!(
            f.excluded(&d.path().join(".git/config"), false),
            "VCS always excluded"
        );
    }

    #[test]
    fn nested_sourceignore_applies_to_its_directory() {
        let d = tree(&["apps/a.yaml", "apps/secret.txt", "other/secret.txt"]);
        std::fs::write(d.path().join("apps/.sourceignore"), "*.txt\n").unwrap();
        let f = Filter::new(d.path(), None).unwrap();
        assert!(f.excluded(&d.path().join("apps/secret.txt"), false));
        assert!(!f.excluded(&d.path().join("other/secret.txt"), false));
        assert!(!f.excluded(&d.path().join("apps/a.yaml"), false));
    }
}
