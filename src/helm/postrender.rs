//! A HelmRelease's post-rendering, as Flux's helm-controller hands it to Helm 4: the
//! renderers Flux builds (each `spec.postRenderers[].kustomize` as a kustomize build of the
//! rendered objects with its `patches` and `images`, then `spec.commonMetadata` labels and
//! annotations, then Flux's origin labels) run the way Helm 4's `renderResources` runs a
//! post-renderer: documents annotated with their template file
//! (`postrenderer.helm.sh/postrender-filename`), merged, post-rendered, split back per file
//! with the annotation cleared, hooks included or not by the strategy (`combined`,
//! `separate`, `nohooks`). The files come back as kyaml writes them, for the install order
//! sort that follows.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use super::engine::{classify, split_manifests, Error};

/// The annotation Helm keeps a document's template file in while post-rendering.
pub const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// How hooks reach the post-renderers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Hooks and templates in one stream (Helm 4's and Flux's default).
    #[default]
    Combined,
    /// Hooks and templates in two streams.
    Separate,
    /// Hooks not post-rendered (Helm 3).
    NoHooks,
}

impl Strategy {
    /// `spec.postRenderStrategy`.
    pub fn parse(s: &str) -> Result<Strategy, Error> {
        match s {
            "" | "combined" => Ok(Strategy::Combined),
            "separate" => Ok(Strategy::Separate),
            "nohooks" => Ok(Strategy::NoHooks),
            other => Err(Error(format!("unknown post-render strategy: '{other}'"))),
        }
    }
}

/// One renderer of Flux's chain.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `postRenderers[].kustomize`: its `patches` and `images`, as given.
    Kustomize {
        /// `patches` (`patch`, `target`).
        patches: Vec<Json>,
        /// `images` (`name`, `newName`, `newTag`, `digest`).
        images: Vec<Json>,
    },
    /// Labels set on every object's `metadata.labels`.
    Labels(Map<String, Json>),
    /// Annotations set on every object's `metadata.annotations`.
    Annotations(Map<String, Json>),
}

/// The post-rendering of one HelmRelease.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostRender {
    /// Renderers in order.
    pub steps: Vec<Step>,
    /// How hooks are passed.
    pub strategy: Strategy,
}

impl PostRender {
    /// Flux's `BuildPostRenderers` for a HelmRelease object: its kustomize post-renderers,
    /// its common metadata, then the origin labels `helm.toolkit.fluxcd.io/name` and
    /// `/namespace`.
    pub fn for_release(hr: &Json) -> Result<PostRender, Error> {
        let mut steps = Vec::new();
        for r in hr
            .pointer("/spec/postRenderers")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(k) = r.get("kustomize") {
                let list = |f: &str| {
                    k.get(f)
                        .and_then(Json::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                steps.push(Step::Kustomize {
                    patches: list("patches"),
                    images: list("images"),
                });
            }
        }
        if let Some(cm) = hr.pointer("/spec/commonMetadata") {
            if let Some(l) = cm.get("labels").and_then(Json::as_object) {
                steps.push(Step::Labels(l.clone()));
            }
            if let Some(a) = cm.get("annotations").and_then(Json::as_object) {
                steps.push(Step::Annotations(a.clone()));
            }
        }
        let get = |p: &str| hr.pointer(p).and_then(Json::as_str).unwrap_or_default();
        let mut origin = Map::new();
        origin.insert(
            "helm.toolkit.fluxcd.io/name".into(),
            Json::from(get("/metadata/name")),
        );
        origin.insert(
            "helm.toolkit.fluxcd.io/namespace".into(),
            Json::from(get("/metadata/namespace")),
        );
        steps.push(Step::Labels(origin));
        Ok(PostRender {
            steps,
            strategy: Strategy::parse(get("/spec/postRenderStrategy"))?,
        })
    }

    /// Post-renders the rendered files (NOTES removed), returning the files Helm sorts.
    pub fn run(&self, files: BTreeMap<String, String>) -> Result<BTreeMap<String, String>, Error> {
        if self.strategy == Strategy::Combined {
            let objs = annotate_and_merge(&files)?;
            let objs = self
                .apply(objs)
                .map_err(|e| Error(format!("error while running post render on files: {e}")))?;
            return Ok(split_and_deannotate(objs, ""));
        }
        let (manifests, hooks) = classify(&files)?;
        let group = |items: Vec<(String, String)>| {
            let mut out: BTreeMap<String, String> = BTreeMap::new();
            for (path, content) in items {
                append_doc(&mut out, path, content);
            }
            out
        };
        let hook_files = group(
            hooks
                .into_iter()
                .map(|(m, _)| (m.path, m.content))
                .collect(),
        );
        let manifest_files = group(manifests.into_iter().map(|m| (m.path, m.content)).collect());
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        let mut add = |files: BTreeMap<String, String>| {
            for (k, v) in files {
                append_doc(&mut out, k, v);
            }
        };
        for (name, files, post) in [
            ("hooks", hook_files, self.strategy == Strategy::Separate),
            ("manifests", manifest_files, true),
        ] {
            if files.is_empty() {
                continue;
            }
            if !post {
                add(files);
                continue;
            }
            let objs = annotate_and_merge(&files)
                .map_err(|e| Error(format!("error merging {name}: {e}")))?;
            let objs = self
                .apply(objs)
                .map_err(|e| Error(format!("error while running post render on {name}: {e}")))?;
            add(split_and_deannotate(objs, name));
        }
        Ok(out)
    }

    /// Runs the renderers over the objects.
    fn apply(&self, mut objs: Vec<Json>) -> Result<Vec<Json>, String> {
        for step in &self.steps {
            objs = match step {
                Step::Kustomize { patches, images } => kustomize(objs, patches, images)?,
                Step::Labels(pairs) => set_metadata(objs, "labels", pairs),
                Step::Annotations(pairs) => set_metadata(objs, "annotations", pairs),
            };
        }
        Ok(objs)
    }
}

/// Adds a document to a file's text (`\n---\n` between documents), as Helm regroups files.
fn append_doc(files: &mut BTreeMap<String, String>, path: String, doc: String) {
    match files.get_mut(&path) {
        Some(existing) => {
            existing.push_str("\n---\n");
            existing.push_str(&doc);
        }
        None => {
            files.insert(path, doc);
        }
    }
}

/// Helm's `annotateAndMerge`: the documents of every file (name order; partials and empty
/// files skipped) with the file's name in an annotation.
fn annotate_and_merge(files: &BTreeMap<String, String>) -> Result<Vec<Json>, Error> {
    let mut out = Vec::new();
    for (name, content) in files {
        let base = name.rsplit('/').next().unwrap_or(name);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let parsed = crate::kustomize::yaml::parse_stream(&doc)
                .map_err(|e| Error(format!("parsing {name}: {e}")))?;
            for mut obj in parsed {
                if obj.is_null() {
                    continue;
                }
                let Some(m) = obj.as_object_mut() else {
                    return Err(Error(format!(
                        "annotating {name}: wrong node kind: expected MappingNode"
                    )));
                };
                let meta = m
                    .entry("metadata")
                    .or_insert_with(|| Json::Object(Map::new()));
                if !meta.is_object() {
                    *meta = Json::Object(Map::new());
                }
                let ann = meta
                    .as_object_mut()
                    .map(|mm| {
                        mm.entry("annotations")
                            .or_insert_with(|| Json::Object(Map::new()))
                    })
                    .filter(|a| a.is_object());
                if let Some(Json::Object(a)) = ann {
                    a.insert(FILENAME_ANNOTATION.into(), Json::from(name.as_str()));
                }
                out.push(obj);
            }
        }
    }
    Ok(out)
}

/// Helm's `splitAndDeannotate`: objects grouped back into their files (objects without the
/// annotation get `generated-by-postrender[-PREFIX]-N.yaml`), written as kyaml writes them.
fn split_and_deannotate(objs: Vec<Json>, prefix: &str) -> BTreeMap<String, String> {
    let mut by_file: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for (i, mut obj) in objs.into_iter().enumerate() {
        let mut name = String::new();
        if let Some(meta) = obj.get_mut("metadata").and_then(Json::as_object_mut) {
            if let Some(Json::Object(a)) = meta.get_mut("annotations") {
                if let Some(Json::String(f)) = a.remove(FILENAME_ANNOTATION) {
                    name = f;
                }
                if a.is_empty() {
                    meta.remove("annotations");
                }
            }
            if meta.is_empty() {
                if let Some(m) = obj.as_object_mut() {
                    m.remove("metadata");
                }
            }
        }
        if name.is_empty() {
            name = if prefix.is_empty() {
                format!("generated-by-postrender-{i}.yaml")
            } else {
                format!("generated-by-postrender-{prefix}-{i}.yaml")
            };
        }
        by_file.entry(name).or_default().push(obj);
    }
    by_file
        .into_iter()
        .map(|(name, docs)| {
            let text = docs
                .iter()
                .map(crate::goyaml::to_yaml_kyaml)
                .collect::<Vec<_>>()
                .join("---\n");
            (name, text)
        })
        .collect()
}

/// Flux's kustomize post-renderer: a kustomization with the objects as its one resource and
/// the renderer's patches and images, built without load restrictions.
fn kustomize(objs: Vec<Json>, patches: &[Json], images: &[Json]) -> Result<Vec<Json>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(
        dir.path().join("helm-output.yaml"),
        crate::goyaml::to_yaml_stream(objs.iter()),
    )
    .map_err(|e| e.to_string())?;
    let images: Vec<Json> = images
        .iter()
        .map(|i| {
            let mut m = Map::new();
            for f in ["name", "newName", "newTag", "digest"] {
                if let Some(v) = i
                    .get(f)
                    .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                {
                    m.insert(f.into(), v.clone());
                }
            }
            Json::Object(m)
        })
        .collect();
    let patches: Vec<Json> = patches
        .iter()
        .map(|p| {
            let mut m = Map::new();
            if let Some(text) = p.get("patch") {
                m.insert("patch".into(), text.clone());
            }
            if let Some(t) = p.get("target").and_then(Json::as_object) {
                let mut target = Map::new();
                for f in [
                    "group",
                    "version",
                    "kind",
                    "name",
                    "namespace",
                    "labelSelector",
                    "annotationSelector",
                ] {
                    if let Some(v) = t
                        .get(f)
                        .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                    {
                        target.insert(f.into(), v.clone());
                    }
                }
                m.insert("target".into(), Json::Object(target));
            }
            Json::Object(m)
        })
        .collect();
    let k = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": ["helm-output.yaml"],
        "images": images,
        "patches": patches,
    });
    let k: crate::kustomize::kustfile::Kustomization =
        serde_json::from_value(k).map_err(|e| e.to_string())?;
    let opts = crate::kustomize::Options {
        load_restrictions: crate::kustomize::LoadRestrictions::None,
        ..Default::default()
    };
    crate::kustomize::target::build_kustomization(dir.path(), &opts, k).map_err(|e| e.to_string())
}

/// kustomize's label or annotation transformer on `metadata.<field>` only (created when
/// missing).
fn set_metadata(mut objs: Vec<Json>, field: &str, pairs: &Map<String, Json>) -> Vec<Json> {
    for obj in &mut objs {
        let Some(m) = obj.as_object_mut() else {
            continue;
        };
        let meta = m
            .entry("metadata")
            .or_insert_with(|| Json::Object(Map::new()));
        let Some(meta) = meta.as_object_mut() else {
            continue;
        };
        let target = meta
            .entry(field)
            .or_insert_with(|| Json::Object(Map::new()));
        if !target.is_object() {
            *target = Json::Object(Map::new());
        }
        if let Some(t) = target.as_object_mut() {
            for (k, v) in pairs {
                t.insert(k.clone(), v.clone());
            }
        }
    }
    objs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn patches_images_and_origin_labels_apply_and_files_come_back() {
        let hr = json!({
            "metadata": {"name": "web", "namespace": "apps"},
            "spec": {
                "postRenderers": [{"kustomize": {
                    "patches": [{
                        "target": {"kind": "Deployment"},
                        "patch": "- op: add\n  path: /spec/replicas\n  value: 5\n"
                    }],
                    "images": [{"name": "nginx", "newTag": "1.27"}]
                }}],
                "commonMetadata": {"annotations": {"team": "a"}}
            }
        });
        let pr = PostRender::for_release(&hr).unwrap();
        let out = pr
            .run(files(&[
                (
                    "c/templates/deploy.yaml",
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: n\n        image: nginx:1.0\n",
                ),
                ("c/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"),
                ("c/templates/_helpers.tpl", "ignored"),
            ]))
            .unwrap();
        assert_eq!(out.len(), 2, "{out:?}");
        let d = &out["c/templates/deploy.yaml"];
        assert!(
            d.contains("replicas: 5") && d.contains("image: nginx:1.27"),
            "{d}"
        );
        assert!(d.contains("helm.toolkit.fluxcd.io/name: web"), "{d}");
        assert!(d.contains("team: a"), "{d}");
        assert!(!d.contains(FILENAME_ANNOTATION), "{d}");
        assert_eq!(
            out["c/templates/cm.yaml"],
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    team: a\n  labels:\n    helm.toolkit.fluxcd.io/name: web\n    helm.toolkit.fluxcd.io/namespace: apps\n  name: cm\n"
        );
    }

    #[test]
    fn nohooks_leaves_hooks_alone_and_bad_strategies_fail() {
        let hr = json!({"metadata": {"name": "r", "namespace": "n"}, "spec": {"postRenderStrategy": "nohooks"}});
        let pr = PostRender::for_release(&hr).unwrap();
        let hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n";
        let out = pr.run(files(&[("c/templates/t.yaml", hook)])).unwrap();
        assert_eq!(out["c/templates/t.yaml"], hook.trim_start());
        let bad = json!({"spec": {"postRenderStrategy": "x"}});
        assert_eq!(
            PostRender::for_release(&bad).unwrap_err().0,
            "unknown post-render strategy: 'x'"
        );
    }
}
