//! Flux's build of a Kustomization, above the kustomize engine and SOPS (neither of which
//! knows the other): what kustomize-controller (and `flux build kustomization`) does with a
//! Kustomization's spec.
//!
//! A directory without a kustomization file gets one generated (every Kubernetes YAML file as a
//! resource, sub-directories with their own kustomization as bases, `.sourceignore` and extra
//! ignore patterns honoured); the spec's `targetNamespace`, `namePrefix`, `nameSuffix`,
//! `patches`, `images` and `components` are merged into it; the build runs with files allowed
//! anywhere inside the source root (never outside); then `commonMetadata`, post-build
//! substitution and Flux's ownership labels are applied. Pure: values for `substituteFrom` are
//! passed in by the caller.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

pub mod sops;

use crate::api::kustomize::KustomizationSpec;
use crate::goyaml as emit;
use crate::kustomize::kustfile::{Image, Kustomization, Patch, Selector};
use crate::kustomize::target::{self, LoadRestrictions, Options, KUSTOMIZATION_FILE_NAMES};
use crate::kustomize::{envsubst, invalid, yaml, Error, Result};

pub use crate::api::kustomize::annotation::{NAMESPACE_LABEL, NAME_LABEL};
/// Per-object opt-out of substitution.
pub const SUBSTITUTE_KEY: &str = "kustomize.toolkit.fluxcd.io/substitute";

/// What to build and how.
pub struct FluxBuild<'a> {
    /// The Kustomization's name.
    pub name: &'a str,
    /// The Kustomization's namespace.
    pub namespace: &'a str,
    /// Its spec.
    pub spec: &'a KustomizationSpec,
    /// The directory `spec.path` points at.
    pub dir: &'a Path,
    /// The source root: nothing outside it may be read.
    pub root: &'a Path,
    /// Extra `.gitignore`-style patterns of files to leave out of a generated kustomization.
    pub ignore_paths: &'a [String],
    /// Fail on variables that are not set.
    pub strict_substitute: bool,
    /// Values from `postBuild.substituteFrom` (already read by the caller, in order).
    pub substitute_from: BTreeMap<String, String>,
    /// SOPS keys when `spec.decryption` is set: encrypted sources and objects are decrypted.
    pub decryption: Option<&'a crate::sops::Keys>,
    /// Remote bases (Git URLs in `resources`) may be fetched.
    pub allow_remote: bool,
}

/// Runs the build and returns the objects in kustomize's order.
pub fn build(b: &FluxBuild) -> Result<Vec<Value>> {
    let mut k = match existing_kustomization(b.dir)? {
        Some(k) => k,
        None => generate_kustomization(b.dir, b.ignore_paths)?,
    };
    let spec = b.spec;
    if let Some(ns) = spec.target_namespace.as_deref().filter(|s| !s.is_empty()) {
        k.namespace = ns.to_string();
    }
    if let Some(p) = spec.name_prefix.as_deref().filter(|s| !s.is_empty()) {
        k.name_prefix = p.to_string();
    }
    if let Some(s) = spec.name_suffix.as_deref().filter(|s| !s.is_empty()) {
        k.name_suffix = s.to_string();
    }
    for p in &spec.patches {
        k.patches.push(Patch {
            patch: p.patch.clone(),
            target: p.target.as_ref().map(Selector::from),
            ..Patch::default()
        });
    }
    for c in &spec.components {
        if c.starts_with('/') || c.contains("://") {
            return Err(invalid(
                &format!("Kustomization/{}/{}", b.namespace, b.name),
                format!("spec.components: component path '{c}' must be local and relative"),
            ));
        }
        if spec.ignore_missing_components && !b.dir.join(c).exists() {
            continue;
        }
        k.components.push(c.clone());
    }
    for img in &spec.images {
        let new = Image {
            name: img.name.clone(),
            new_name: img.new_name.clone().unwrap_or_default(),
            new_tag: img.new_tag.clone().unwrap_or_default(),
            digest: img.digest.clone().unwrap_or_default(),
            tag_suffix: String::new(),
        };
        match k.images.iter_mut().find(|i| i.name == img.name) {
            Some(slot) => *slot = new,
            None => k.images.push(new),
        }
    }
    if !spec.build_metadata.is_empty() {
        k.build_metadata = spec
            .build_metadata
            .iter()
            .map(|m| m.as_str().to_string())
            .collect();
    }
    let opts = Options {
        load_restrictions: LoadRestrictions::None,
        jail: Some(b.root.to_path_buf()),
        allow_remote: b.allow_remote,
        input_order: true,
    };
    let origin = format!("Kustomization/{}/{}", b.namespace, b.name);
    if let Some(keys) = b.decryption {
        sops::decrypt_sources(b.root, b.dir, &k, keys)
            .map_err(|e| invalid(&origin, format!("error decrypting sources: {e}")))?;
    }
    let (built, quoted) = yaml::record_quoted_vars(|| target::build_kustomization(b.dir, &opts, k));
    let mut objs = built?;
    if let Some(keys) = b.decryption {
        for o in &mut objs {
            sops::decrypt_object_for_flux(o, keys)
                .map_err(|e| invalid(&origin, format!("decryption failed: {e}")))?;
        }
    }
    if let Some(cm) = &spec.common_metadata {
        for o in &mut objs {
            set_metadata(o, "labels", cm.labels.iter().flatten());
            set_metadata(o, "annotations", cm.annotations.iter().flatten());
        }
    }
    if let Some(pb) = &spec.post_build {
        // As Flux: substituteFrom first, then the inline values over them, newlines removed.
        let mut vars = b.substitute_from.clone();
        for (k, v) in pb.substitute.iter().flatten() {
            vars.insert(k.clone(), v.replace('\n', ""));
        }
        for name in vars.keys() {
            if !envsubst::valid_var_name(name) {
                return Err(invalid(
                    &origin,
                    format!("postBuild.substitute: '{name}' is not a valid variable name"),
                ));
            }
        }
        // Flux substitutes only when some variable is defined, unless the strategy is Always
        // (for `${var:=default}` expressions without variables).
        let always =
            pb.substitute_strategy == Some(crate::api::kustomize::SubstituteStrategy::Always);
        if !vars.is_empty() || always {
            for o in &mut objs {
                *o = substitute(o, &vars, b.strict_substitute, Some(&quoted))
                    .map_err(|e| invalid(&origin, e))?;
            }
        }
    }
    for o in &mut objs {
        let labels = [
            (NAME_LABEL.to_string(), b.name.to_string()),
            (NAMESPACE_LABEL.to_string(), b.namespace.to_string()),
        ];
        set_metadata(o, "labels", labels.iter().map(|(k, v)| (k, v)));
    }
    Ok(objs)
}

fn set_metadata<'a>(
    o: &mut Value,
    field: &str,
    entries: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let entries: Vec<(&String, &String)> = entries.collect();
    if entries.is_empty() {
        return;
    }
    let Value::Object(obj) = o else { return };
    let md = obj
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(md) = md else { return };
    let m = md.entry(field).or_insert_with(|| Value::Object(Map::new()));
    if !m.is_object() {
        *m = Value::Object(Map::new());
    }
    if let Value::Object(m) = m {
        for (k, v) in entries {
            m.insert(k.clone(), Value::String(v.clone()));
        }
    }
}

/// Substitutes variables in one object unless it opts out. `quoted` holds the scalars that
/// were quoted in their source files (see [`yaml::record_quoted_vars`]).
pub fn substitute(
    o: &Value,
    vars: &BTreeMap<String, String>,
    strict: bool,
    quoted: Option<&std::collections::HashMap<String, char>>,
) -> std::result::Result<Value, String> {
    let opted_out = ["labels", "annotations"].iter().any(|f| {
        o.get("metadata")
            .and_then(|m| m.get(*f))
            .and_then(|m| m.get(SUBSTITUTE_KEY))
            .and_then(Value::as_str)
            == Some("disabled")
    });
    if opted_out {
        return Ok(o.clone());
    }
    let text = emit::to_yaml_keeping_quotes(o, quoted);
    if !text.contains("${") {
        return Ok(o.clone());
    }
    let kind = o.get("kind").and_then(Value::as_str).unwrap_or_default();
    let name = o
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let out = envsubst::expand_map(&text, strict, vars)
        .map_err(|e| format!("{kind}/{name}: variable substitution failed: {e}"))?;
    yaml::parse_one(&out)
        .map_err(|e| format!("{kind}/{name}: YAML after substitution is invalid: {e}"))
}

fn existing_kustomization(dir: &Path) -> Result<Option<Kustomization>> {
    for name in KUSTOMIZATION_FILE_NAMES {
        let p = dir.join(name);
        if p.is_file() {
            let shown = p.display().to_string();
            let v = target::read_kustomization(&p, &shown, "build")?;
            let mut k = target::checked_kustomization(v, &shown)?;
            if k.resources.is_empty() && k.build_metadata.is_empty() {
                k.build_metadata = vec![String::from("originAnnotations")];
            }
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// Lists the resources of a directory the way Flux's generator does: one gitignore list of
/// the `.sourceignore` files under `dir` (with the VCS exclusions) followed by `ignore_paths`,
/// a later pattern overriding an earlier one (`--ignore-paths '!app.yaml'` re-includes a file
/// a `.sourceignore` excludes). Only `.yaml`/`.yml` files are filtered; a subdirectory with
/// a kustomization file becomes a resource whatever the patterns say, as in Flux.
pub fn generate_kustomization(dir: &Path, ignore_paths: &[String]) -> Result<Kustomization> {
    let shown = dir.display().to_string();
    let extra: Vec<&str> = ignore_paths.iter().map(|p| p.trim()).collect();
    let filter = crate::artifact::ignore::Filter::new(dir, Some(&extra.join("\n")))
        .map_err(|e| invalid(&shown, format!("--ignore-paths: {e}")))?;
    let excluded = |path: &Path, is_dir: bool| filter.excluded(path, is_dir);
    let mut resources = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|e| invalid(&dir.display().to_string(), e.to_string()))?;
        let path = entry.path().to_path_buf();
        let is_dir = entry.file_type().is_dir();
        let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        if is_dir {
            if KUSTOMIZATION_FILE_NAMES
                .iter()
                .any(|n| path.join(n).is_file())
            {
                resources.push(format!("./{}", rel.display()));
                walker.skip_current_dir();
            } else if excluded(&path, true) {
                // Nothing below an excluded directory can be re-included.
                walker.skip_current_dir();
            }
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ext != "yaml" && ext != "yml" || excluded(&path, false) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| invalid(&path.display().to_string(), e.to_string()))?;
        target::load_resources(&text, &path.display().to_string()).map_err(|e| {
            invalid(
                &path.display().to_string(),
                format!("failed to decode Kubernetes YAML: {e}"),
            )
        })?;
        resources.push(format!("./{}", rel.display()));
    }
    let mut k = Kustomization {
        api_version: String::from("kustomize.config.k8s.io/v1beta1"),
        kind: String::from("Kustomization"),
        ..Kustomization::default()
    };
    if resources.is_empty() {
        k.namespace = String::from("_placeholder");
    } else {
        k.resources = resources;
    }
    Ok(k)
}

/// Resolves `spec.path` against the source root, refusing paths that leave it.
pub fn resolve_path(root: &Path, path: &str) -> Result<PathBuf> {
    let joined = root.join(path.trim_start_matches('/'));
    let real = std::fs::canonicalize(&joined).map_err(|e| Error::Load {
        origin: String::from("spec.path"),
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&root_real) {
        return Err(Error::Load {
            origin: String::from("spec.path"),
            path: path.to_string(),
            message: format!("path is outside the source root '{}'", root.display()),
        });
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_dir(spec: serde_json::Value, files: &[(&str, &str)]) -> Vec<Value> {
        build_dir_with(spec, files, BTreeMap::new())
    }

    fn build_dir_with(
        spec: serde_json::Value,
        files: &[(&str, &str)],
        substitute_from: BTreeMap<String, String>,
    ) -> Vec<Value> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let spec: KustomizationSpec = serde_json::from_value(spec).unwrap();
        build(&FluxBuild {
            name: "app",
            namespace: "flux-system",
            spec: &spec,
            dir: dir.path(),
            root: dir.path(),
            ignore_paths: &[],
            strict_substitute: false,
            substitute_from,
            decryption: None,
            allow_remote: false,
        })
        .unwrap()
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  env: ${env:=dev}\n  raw: ${unset}\n";

    fn data(objs: &[Value]) -> (Option<&str>, Option<&str>) {
        let d = &objs[0]["data"];
        (d["env"].as_str(), d["raw"].as_str())
    }

    #[test]
    fn substitution_without_variables_runs_only_with_the_always_strategy() {
        let base = serde_json::json!({"interval": "1m", "path": "./", "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": "repo"}, "postBuild": {}});
        let objs = build_dir(base.clone(), &[("cm.yaml", CM)]);
        assert_eq!(data(&objs), (Some("${env:=dev}"), Some("${unset}")));
        let mut always = base.clone();
        always["postBuild"]["substituteStrategy"] = "Always".into();
        let objs = build_dir(always, &[("cm.yaml", CM)]);
        assert_eq!(data(&objs), (Some("dev"), None));
        let mut with_var = base;
        with_var["postBuild"]["substitute"] = serde_json::json!({"other": "x"});
        let objs = build_dir(with_var, &[("cm.yaml", CM)]);
        assert_eq!(data(&objs), (Some("dev"), None));
    }

    #[test]
    fn inline_substitutions_override_substitute_from_and_lose_their_newlines() {
        let spec = serde_json::json!({"interval": "1m", "path": "./", "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "postBuild": {"substitute": {"env": "prod\nuction"}}});
        let from = BTreeMap::from([
            (String::from("env"), String::from("staging")),
            (String::from("unset"), String::from("from-configmap")),
        ]);
        let objs = build_dir_with(spec, &[("cm.yaml", CM)], from);
        assert_eq!(data(&objs), (Some("production"), Some("from-configmap")));
    }

    #[test]
    fn build_metadata_origin_annotations_name_the_source_file() {
        let spec = serde_json::json!({"interval": "1m", "path": "./", "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
            "buildMetadata": ["originAnnotations"]});
        let objs = build_dir(spec, &[("cm.yaml", CM)]);
        let origin = objs[0]["metadata"]["annotations"]["config.kubernetes.io/origin"]
            .as_str()
            .unwrap_or_default();
        assert!(origin.contains("path: cm.yaml"), "{origin}");
    }
}
