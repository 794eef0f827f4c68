//! Flux v1's automated image updates carried over to Flux v2's image automation: workloads
//! annotated `fluxcd.io/automated: "true"` (or `flux.weave.works/automated`) with a tag filter
//! per container (`fluxcd.io/tag.<container>`, `flux.weave.works/tag.<container>`,
//! `filter.fluxcd.io/<container>`, or `fluxcd.io/tag_all`) get an ImageRepository per image,
//! an ImagePolicy per container (`semver:` → a semver range; `glob:` and `regex:`/`regexp:` → a tag
//! filter with alphabetical order) and a setter marker on the container's `image:` line; one
//! ImageUpdateAutomation commits the updates as fluxd did (`--git-user`, `--git-email`,
//! `--automation-interval`, also the repositories' scan interval). What cannot carry over (v1's newest-build ordering, locks) is
//! reported.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::fluxd::Fluxd;
use super::report::Report;

/// What the image migration collected from the repository.
#[derive(Default)]
pub struct Images {
    /// Image repository (as written, without tag) → ImageRepository name.
    repositories: BTreeMap<String, String>,
    /// The ImagePolicies, in discovery order.
    policies: Vec<Value>,
    /// Object names in use (repositories and policies share the namespace).
    names: BTreeSet<String>,
}

/// A Kubernetes object name made from `s`: lower case, runs of other characters as `-`.
fn object_name(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        String::from("image")
    } else {
        out.chars()
            .take(63)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

/// The image name without tag or digest.
fn repository_of(image: &str) -> String {
    let image = image.split('@').next().unwrap_or(image);
    match image.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo.to_string(),
        _ => image.to_string(),
    }
}

/// A v1 glob (its only wildcard is `*`) as an anchored regular expression.
fn glob_regex(glob: &str) -> String {
    let mut out = String::from("^");
    for c in glob.chars() {
        match c {
            '*' => out.push_str(".*"),
            c if "\\.+?()|[]{}^$".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('$');
    out
}

/// The tag filter annotation of `container`, if any.
fn filter_for<'a>(
    annotations: &'a serde_json::Map<String, Value>,
    container: &str,
) -> Option<&'a str> {
    [
        format!("fluxcd.io/tag.{container}"),
        format!("flux.weave.works/tag.{container}"),
        format!("filter.fluxcd.io/{container}"),
        String::from("fluxcd.io/tag_all"),
        String::from("flux.weave.works/tag_all"),
    ]
    .iter()
    .find_map(|k| annotations.get(k).and_then(|v| v.as_str()))
}

/// The lines of each document of a multi-document text: (first line, end line) pairs.
fn documents(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_end();
        if t == "---" || t.starts_with("--- ") {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if lines.len() > start {
        out.push((start, lines.len()));
    }
    out
}

/// The line of `container`'s `image:` in `lines[from..to]`: after (or before) its `name:` line,
/// within the same list item.
fn image_line(
    lines: &[&str],
    from: usize,
    to: usize,
    container: &str,
    image: &str,
) -> Option<usize> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let value = |l: &str, key: &str| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.strip_prefix(key)
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    };
    for i in from..to {
        if value(lines[i], "name:").as_deref() != Some(container) {
            continue;
        }
        // The list item: from its `- ` line to the next line at or left of the dash (a
        // `name:` outside any list item, like the object's own, is not a container's).
        let mut start = i;
        while start > from && !lines[start].trim_start().starts_with("- ") {
            start -= 1;
        }
        if !lines[start].trim_start().starts_with("- ") {
            continue;
        }
        let dash = indent(lines[start]);
        let mut end = start + 1;
        while end < to && (lines[end].trim().is_empty() || indent(lines[end]) > dash) {
            end += 1;
        }
        if let Some(j) = (start..end).find(|&j| value(lines[j], "image:").as_deref() == Some(image))
        {
            return Some(j);
        }
    }
    None
}

impl Images {
    fn unique(&mut self, base: &str) -> String {
        let mut n = base.to_string();
        let mut i = 2;
        while !self.names.insert(n.clone()) {
            n = format!("{base}-{i}");
            i += 1;
        }
        n
    }

    /// Adds setter markers to the automated workloads of one file (returns the new text when
    /// something changed) and records their repositories and policies.
    pub fn mark(
        &mut self,
        text: &str,
        file: &str,
        ns: &str,
        report: &mut Report,
    ) -> Option<String> {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let view: Vec<&str> = text.lines().collect();
        let mut changed = false;
        for (from, to) in documents(&view) {
            let doc = view[from..to].join("\n");
            let Ok(obj) = crate::kustomize::yaml::parse_one(&doc) else {
                continue;
            };
            let Some(annotations) = obj["metadata"]["annotations"].as_object() else {
                continue;
            };
            let is_v1 = |k: &str| {
                k.starts_with("fluxcd.io/tag")
                    || k.starts_with("flux.weave.works/tag")
                    || k.starts_with("filter.fluxcd.io/")
                    || k.ends_with("/automated")
                    || k.ends_with("/locked")
            };
            if !annotations.keys().any(|k| is_v1(k)) {
                continue;
            }
            let kind = obj["kind"].as_str().unwrap_or_default();
            let name = obj["metadata"]["name"].as_str().unwrap_or_default();
            let what = format!("{file}: {kind}/{name}");
            let automated = ["fluxcd.io/automated", "flux.weave.works/automated"]
                .iter()
                .any(|k| annotations.get(*k).and_then(|v| v.as_str()) == Some("true"));
            if annotations.keys().any(|k| k.ends_with("/locked")) {
                report.lossy(&what, "v1 lock: v2 has no per-workload lock; suspend the ImageUpdateAutomation or remove the setter marker");
            }
            if !automated {
                report.lossy(&what, "v1 image annotations without fluxcd.io/automated: \"true\" did nothing; not migrated");
                continue;
            }
            let pod = if kind == "CronJob" {
                &obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
            } else {
                &obj["spec"]["template"]["spec"]
            };
            let containers: Vec<&Value> = ["initContainers", "containers"]
                .iter()
                .flat_map(|k| pod[*k].as_array().into_iter().flatten())
                .collect();
            if containers.is_empty() {
                report.lossy(
                    &what,
                    "v1 image automation annotations on an object without containers: not migrated",
                );
                continue;
            }
            for c in containers {
                let (Some(cname), Some(image)) = (c["name"].as_str(), c["image"].as_str()) else {
                    continue;
                };
                let who = format!("{what} container {cname}");
                let filter = filter_for(annotations, cname).unwrap_or("glob:*");
                let (kind_of, pattern) = filter.split_once(':').unwrap_or(("glob", filter));
                let (policy, filter_tags) = match kind_of {
                    "semver" => (json!({"semver": {"range": pattern}}), None),
                    "glob" if pattern == "*" => {
                        report.lossy(&who, "v1 picked the most recently built image (any tag); v2 selects by tag: add an ImagePolicy and a setter marker yourself");
                        continue;
                    }
                    "glob" | "regex" | "regexp" => {
                        report.lossy(&who, "v1 ordered matching tags by build time; v2 sorts them alphabetically: make the tags sortable (e.g. a timestamp) or change the policy");
                        let re = if kind_of == "glob" {
                            glob_regex(pattern)
                        } else {
                            pattern.to_string()
                        };
                        (
                            json!({"alphabetical": {"order": "asc"}}),
                            Some(json!({"pattern": re})),
                        )
                    }
                    other => {
                        report.lossy(
                            &who,
                            &format!("unknown v1 tag filter kind {other:?}: not migrated"),
                        );
                        continue;
                    }
                };
                let Some(line) = image_line(&view, from, to, cname, image) else {
                    report.lossy(
                        &who,
                        "the image: line was not found: add the setter marker yourself",
                    );
                    continue;
                };
                if lines[line].contains('#') {
                    report.lossy(
                        &who,
                        "the image: line has a comment already: add the setter marker yourself",
                    );
                    continue;
                }
                let repo = repository_of(image);
                let repo_name = match self.repositories.get(&repo) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.unique(&object_name(repo.rsplit('/').next().unwrap_or(&repo)));
                        self.repositories.insert(repo.clone(), n.clone());
                        n
                    }
                };
                let policy_name = self.unique(&object_name(&format!("{name}-{cname}")));
                let mut spec = json!({"imageRepositoryRef": {"name": repo_name}, "policy": policy});
                if let Some(f) = filter_tags {
                    spec["filterTags"] = f;
                }
                self.policies.push(json!({
                    "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
                    "metadata": {"name": policy_name, "namespace": ns}, "spec": spec,
                }));
                lines[line] = format!(
                    "{} # {{\"$imagepolicy\": \"{ns}:{policy_name}\"}}",
                    lines[line].trim_end()
                );
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        let mut out = lines.join("\n");
        if text.ends_with('\n') {
            out.push('\n');
        }
        Some(out)
    }

    /// The v2 objects: one ImageRepository per image, the ImagePolicies, and the
    /// ImageUpdateAutomation committing to fluxd's branch (none when nothing was automated, or
    /// fluxd was read-only).
    pub fn objects(
        &self,
        fluxd: &Fluxd,
        source: &str,
        ns: &str,
        report: &mut Report,
    ) -> Vec<Value> {
        if self.policies.is_empty() {
            return vec![];
        }
        let mut out: Vec<Value> = self
            .repositories
            .iter()
            .map(|(image, name)| {
                json!({"apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
                    "metadata": {"name": name, "namespace": ns},
                    "spec": {"image": image, "interval": fluxd.automation_interval.to_string()}})
            })
            .collect();
        out.extend(self.policies.iter().cloned());
        if fluxd.git_readonly {
            report.lossy("--git-readonly", "fluxd did not push: no ImageUpdateAutomation is created; the policies and markers are ready for one");
            return out;
        }
        out.push(json!({
            "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
            "metadata": {"name": source, "namespace": ns},
            "spec": {
                "interval": fluxd.automation_interval.to_string(),
                "sourceRef": {"kind": "GitRepository", "name": source},
                "git": {
                    "checkout": {"ref": {"branch": fluxd.git_branch}},
                    "commit": {"author": {"name": fluxd.git_user, "email": fluxd.git_email}},
                    "push": {"branch": fluxd.git_branch},
                },
                "update": {"path": "./", "strategy": "Setters"},
            },
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automated_containers_get_a_policy_and_a_marker() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    fluxcd.io/automated: \"true\"\n    fluxcd.io/tag.app: semver:~1.0\n    filter.fluxcd.io/side: glob:build-*\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ghcr.io/org/app:1.0.1\n      - image: \"ghcr.io/org/side:build-1\"\n        name: side\n      - name: plain\n        image: busybox:1.36\n";
        let mut images = Images::default();
        let mut report = Report::default();
        let out = images
            .mark(text, "apps/web.yaml", "flux-system", &mut report)
            .unwrap();
        assert!(out.contains("        image: ghcr.io/org/app:1.0.1 # {\"$imagepolicy\": \"flux-system:web-app\"}\n"), "{out}");
        assert!(out.contains("      - image: \"ghcr.io/org/side:build-1\" # {\"$imagepolicy\": \"flux-system:web-side\"}\n"), "{out}");
        assert!(out.contains("        image: busybox:1.36\n"), "{out}");
        let fluxd = Fluxd::default();
        let objs = images.objects(&fluxd, "flux-system", "flux-system", &mut report);
        let kinds: Vec<(&str, &str)> = objs
            .iter()
            .map(|o| {
                (
                    o["kind"].as_str().unwrap(),
                    o["metadata"]["name"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("ImageRepository", "app"),
                ("ImageRepository", "side"),
                ("ImagePolicy", "web-app"),
                ("ImagePolicy", "web-side"),
                ("ImageUpdateAutomation", "flux-system"),
            ]
        );
        assert_eq!(
            objs[2]["spec"]["policy"],
            json!({"semver": {"range": "~1.0"}})
        );
        assert_eq!(
            objs[3]["spec"]["filterTags"],
            json!({"pattern": "^build-.*$"})
        );
    }

    #[test]
    fn image_names_lose_tag_and_digest_but_keep_registry_ports() {
        assert_eq!(
            repository_of("localhost:5000/app:1.0"),
            "localhost:5000/app"
        );
        assert_eq!(repository_of("localhost:5000/app"), "localhost:5000/app");
        assert_eq!(repository_of("app@sha256:abc"), "app");
        assert_eq!(glob_regex("v1.?-*"), "^v1\\.\\?-.*$");
    }
}
