//! The build driver: loads kustomizations, accumulates resources, runs generators,
//! components and transformers in kustomize's order, then hashes, fixes name references,
//! resolves vars and sorts. Every file is read through `Builder::read_file`, which enforces the
//! root-only rule, the jail and symlink resolution.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use base64::Engine;
use serde_json::{Map, Value};

use super::fieldspec::{self, Config, Create, FieldSpec};
use super::kustfile::{self, Generator, GeneratorOptions, Kustomization};
use super::patch::{self, SelectorRegex};
use super::resource::{id_key, Behavior, Gvk, IdKey, Resource};
use super::{invalid, scalar_text, smp, yaml, Error, Result};

/// Which files a kustomization may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LoadRestrictions {
    /// Only files in or below the kustomization's own directory (kustomize's default).
    #[default]
    RootOnly,
    /// Any file (still inside the jail, when one is set).
    None,
}

/// Build options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// File load rule.
    pub load_restrictions: LoadRestrictions,
    /// Nothing outside this directory may be read at all (Flux's secure file system).
    pub jail: Option<PathBuf>,
    /// Allow remote bases (`github.com/…`, `https://…`); refused by default.
    pub allow_remote: bool,
    /// Keep the input order when the kustomization sets no `sortOptions`, as Flux's builds
    /// do (its kustomize options leave krusty's reorder setting empty, which is neither
    /// "legacy" nor "unspecified", so nothing is sorted); `kustomize build` sorts (legacy).
    pub input_order: bool,
}

/// The names kustomize recognises for a kustomization file, in its order of preference.
pub const KUSTOMIZATION_FILE_NAMES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Builds the kustomization in `dir` and returns the objects in output order.
pub fn build(dir: &Path, opts: &Options) -> Result<Vec<Value>> {
    let mut b = Builder {
        opts: opts.clone(),
        stack: Vec::new(),
        cwd: std::env::current_dir().unwrap_or_default(),
        rules: smp::Table::new(),
        remotes: Vec::new(),
    };
    let res = b.build_root(dir)?;
    Ok(res.into_iter().map(|r| r.obj).collect())
}

/// Builds `dir` with an in-memory kustomization instead of the file on disk (Flux's generated or
/// amended kustomization).
pub fn build_kustomization(dir: &Path, opts: &Options, k: Kustomization) -> Result<Vec<Value>> {
    let mut b = Builder {
        opts: opts.clone(),
        stack: Vec::new(),
        cwd: std::env::current_dir().unwrap_or_default(),
        rules: smp::Table::new(),
        remotes: Vec::new(),
    };
    let real = b.check_jail(dir, "build")?;
    let t = Target {
        file: b.display(&real.join("kustomization.yaml")),
        dir: real,
        k,
        origin_dir: String::new(),
        file_name: String::from("kustomization.yaml"),
    };
    let res = b.build_target(t)?;
    Ok(res.into_iter().map(|r| r.obj).collect())
}

/// Builds and prints as `kustomize build` does.
pub fn build_yaml(dir: &Path, opts: &Options) -> Result<String> {
    let objs = build(dir, opts)?;
    Ok(crate::goyaml::to_yaml_stream(objs.iter()))
}

struct Builder {
    opts: Options,
    stack: Vec<PathBuf>,
    cwd: PathBuf,
    /// Merge rules from kustomizations' `openapi` schemas.
    rules: smp::Table,
    /// Clones of remote bases, kept until the build ends.
    remotes: Vec<tempfile::TempDir>,
}

#[derive(Default)]
struct Acc {
    res: Vec<Resource>,
    config: Config,
    vars: Vec<kustfile::Var>,
    /// Ids of `res`, rebuilt lazily after transformers changed them.
    index: Option<std::collections::HashSet<IdKey>>,
}

/// One kustomization being built: where it is and what it says.
struct Target {
    dir: PathBuf,
    file: String,
    k: Kustomization,
    /// The directory relative to the top kustomization, as origin annotations spell it.
    origin_dir: String,
    /// The kustomization file's own name (`kustomization.yaml`, `kustomization.yml`, ...).
    file_name: String,
}

fn is_remote(p: &str) -> bool {
    p.contains("://")
        || p.starts_with("github.com/")
        || p.starts_with("git@")
        || p.starts_with("gitlab.com/")
        || p.starts_with("bitbucket.org/")
}

/// Lexically normalises a path (`a/./b/../c` → `a/c`).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Acc {
    fn append(&mut self, r: Resource, file: &str) -> Result<()> {
        if self.index.is_none() {
            self.index = Some(self.res.iter().map(|x| id_key(&x.cur_id())).collect());
        }
        let id = r.cur_id();
        let index = self.index.as_mut().expect("just built");
        if !index.insert(id_key(&id)) {
            return Err(invalid(
                file,
                format!(
                    "may not add resource with an already registered id: {}",
                    id.display()
                ),
            ));
        }
        self.res.push(r);
        Ok(())
    }

    /// Forgets the id index after resources were changed in place.
    fn touched(&mut self) {
        self.index = None;
    }

    fn merge(&mut self, other: Acc, file: &str) -> Result<()> {
        for r in other.res {
            self.append(r, file)?;
        }
        self.config
            .merge(&other.config)
            .map_err(|e| invalid(file, e))?;
        for v in other.vars {
            if self.vars.iter().any(|x| x.name == v.name) {
                return Err(invalid(
                    file,
                    format!("var '{}' already encountered", v.name),
                ));
            }
            self.vars.push(v);
        }
        Ok(())
    }
}

impl Builder {
    fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.cwd).unwrap_or(p).display().to_string()
    }

    fn build_root(&mut self, dir: &Path) -> Result<Vec<Resource>> {
        let t = self.load_target(dir, "build")?;
        self.build_target(t)
    }

    fn build_target(&mut self, t: Target) -> Result<Vec<Resource>> {
        if t.k.kind == "Component" {
            return Err(invalid(&t.file, "a Component cannot be built on its own; reference it from a kustomization's components"));
        }
        let mut acc = Acc {
            config: Config::builtin().clone(),
            ..Acc::default()
        };
        self.accumulate(&t, &mut acc)?;
        super::hash::add_hashes(&mut acc.res);
        super::nameref::fix_name_references(&mut acc.res, &acc.config)
            .map_err(|e| invalid(&t.file, e))?;
        resolve_vars(&mut acc, &t.file)?;
        if !(self.opts.input_order && t.k.sort_options.is_none()) {
            super::sort::sort(&mut acc.res, t.k.sort_options.as_ref())
                .map_err(|e| invalid(&t.file, format!("sortOptions: {e}")))?;
        }
        for m in &t.k.build_metadata {
            if !["managedByLabel", "originAnnotations"].contains(&m.as_str()) {
                return Err(invalid(&t.file, format!("buildMetadata: {m:?} is not supported (managedByLabel and originAnnotations are)")));
            }
        }
        if t.k.build_metadata.iter().any(|m| m == "originAnnotations") {
            for r in &mut acc.res {
                if let Some(origin) = r.origin.clone() {
                    let md = r.metadata_mut();
                    let ann = md
                        .entry("annotations")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(a) = ann {
                        a.insert("config.kubernetes.io/origin".into(), Value::String(origin));
                    }
                }
            }
        }
        if t.k.build_metadata.iter().any(|m| m == "managedByLabel") {
            for r in &mut acc.res {
                let md = r.metadata_mut();
                let labels = md
                    .entry("labels")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(l) = labels {
                    l.insert(
                        "app.kubernetes.io/managed-by".into(),
                        Value::String(String::from("kustomize-v5.8.2")),
                    );
                }
            }
        }
        Ok(acc.res)
    }

    /// Reads the kustomization file of `dir`.
    fn load_target(&mut self, dir: &Path, origin: &str) -> Result<Target> {
        let dir = self.check_jail(dir, origin)?;
        let mut found = Vec::new();
        for name in KUSTOMIZATION_FILE_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                found.push(p);
            }
        }
        let file = match found.len() {
            0 => {
                return Err(Error::Load {
                    origin: origin.to_string(),
                    path: self.display(&dir),
                    message: format!(
                        "unable to find one of {} in directory",
                        KUSTOMIZATION_FILE_NAMES
                            .map(|n| format!("'{n}'"))
                            .join(", ")
                    ),
                })
            }
            1 => found.remove(0),
            _ => {
                return Err(Error::Load {
                    origin: origin.to_string(),
                    path: self.display(&dir),
                    message: String::from("found multiple kustomization files"),
                })
            }
        };
        let shown = self.display(&file);
        let v = read_kustomization(&file, &shown, origin)?;
        let k = checked_kustomization(v, &shown)?;
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let t = Target {
            dir,
            file: shown,
            k,
            origin_dir: String::new(),
            file_name,
        };
        if let Some(path) = t.k.openapi.get("path") {
            let (schema_file, text) = self.read_text(&t, "openapi", path)?;
            let doc = parse_yaml_file(&text, &schema_file)?;
            for (key, rules) in smp::parse_table(&smp::rules_from_openapi(&doc, false)) {
                self.rules.entry(key).or_insert(rules);
            }
        }
        Ok(t)
    }

    fn check_jail(&self, p: &Path, origin: &str) -> Result<PathBuf> {
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.cwd.join(p)
        };
        let real = std::fs::canonicalize(&abs).unwrap_or_else(|_| normalize(&abs));
        let in_remote = self
            .remotes
            .iter()
            .any(|r| std::fs::canonicalize(r.path()).is_ok_and(|root| real.starts_with(root)));
        if let Some(jail) = self.opts.jail.as_ref().filter(|_| !in_remote) {
            let jail = std::fs::canonicalize(jail).unwrap_or_else(|_| jail.clone());
            if !real.starts_with(&jail) {
                return Err(Error::Load {
                    origin: origin.to_string(),
                    path: p.display().to_string(),
                    message: format!("path is outside the root '{}'", jail.display()),
                });
            }
        }
        Ok(real)
    }

    /// Clones a remote base and returns the directory it names.
    fn fetch_remote(&mut self, url: &str, origin: &str) -> Result<PathBuf> {
        let load_err = |message: String| Error::Load {
            origin: origin.to_string(),
            path: url.to_string(),
            message,
        };
        let spec = super::remote::parse(url).ok_or_else(|| {
            load_err(String::from(
                "not a Git repository URL (remote files are not supported)",
            ))
        })?;
        let (tmp, dir) = super::remote::fetch(&spec).map_err(load_err)?;
        self.remotes.push(tmp);
        Ok(dir)
    }

    /// Reads a file named by a kustomization field, enforcing the root rules.
    fn read_file(&self, t: &Target, field: &str, rel: &str) -> Result<(PathBuf, Vec<u8>)> {
        let origin = format!("{}: {field}", t.file);
        if is_remote(rel) {
            return Err(Error::Load {
                origin,
                path: rel.to_string(),
                message: String::from("remote files are not supported"),
            });
        }
        let joined = t.dir.join(rel);
        let real = self.check_jail(&joined, &origin)?;
        if !real.exists() {
            return Err(Error::Load {
                origin,
                path: rel.to_string(),
                message: String::from("no such file or directory"),
            });
        }
        if self.opts.load_restrictions == LoadRestrictions::RootOnly && !real.starts_with(&t.dir) {
            return Err(Error::Load {
                origin,
                path: rel.to_string(),
                message: format!(
                    "security; file '{}' is not in or below '{}'",
                    real.display(),
                    self.display(&t.dir)
                ),
            });
        }
        if real.is_dir() {
            return Err(Error::Load {
                origin,
                path: rel.to_string(),
                message: String::from("is a directory, expected a file"),
            });
        }
        let data = std::fs::read(&real).map_err(|e| Error::Load {
            origin,
            path: rel.to_string(),
            message: e.to_string(),
        })?;
        Ok((real, data))
    }

    fn read_text(&self, t: &Target, field: &str, rel: &str) -> Result<(String, String)> {
        let (real, data) = self.read_file(t, field, rel)?;
        let text = String::from_utf8(data).map_err(|_| Error::Load {
            origin: format!("{}: {field}", t.file),
            path: rel.to_string(),
            message: String::from("not valid UTF-8"),
        })?;
        Ok((self.display(&real), text))
    }

    fn accumulate(&mut self, t: &Target, acc: &mut Acc) -> Result<()> {
        if self.stack.contains(&t.dir) {
            return Err(invalid(
                &t.file,
                format!("cycle detected: '{}' includes itself", self.display(&t.dir)),
            ));
        }
        self.stack.push(t.dir.clone());
        let r = self.accumulate_inner(t, acc);
        self.stack.pop();
        r
    }

    fn accumulate_inner(&mut self, t: &Target, acc: &mut Acc) -> Result<()> {
        // 1. resources: files and nested kustomizations.
        for rel in &t.k.resources {
            if is_remote(rel) && !self.opts.allow_remote {
                return Err(Error::Load {
                    origin: format!("{}: resources", t.file),
                    path: rel.clone(),
                    message: String::from("remote resources are disabled"),
                });
            }
            let origin = format!("{}: resources", t.file);
            let real = if is_remote(rel) {
                self.fetch_remote(rel, &origin)?
            } else {
                self.check_jail(&t.dir.join(rel), &origin)?
            };
            if real.is_dir() {
                let mut sub = self.load_target(&real, &origin)?;
                sub.origin_dir = join_origin(&t.origin_dir, rel);
                if sub.k.kind == "Component" {
                    return Err(invalid(
                        &sub.file,
                        format!(
                            "expected kind != 'Component' for path '{}'",
                            self.display(&real)
                        ),
                    ));
                }
                let mut sub_acc = Acc {
                    config: Config::builtin().clone(),
                    ..Acc::default()
                };
                self.accumulate(&sub, &mut sub_acc)?;
                acc.merge(sub_acc, &t.file)?;
            } else {
                let (shown, text) = self.read_text(t, "resources", rel)?;
                let origin_path = join_origin(&t.origin_dir, rel);
                for mut r in load_resources(&text, &shown)? {
                    r.origin = Some(format!("path: {origin_path}\n"));
                    acc.append(r, &t.file)?;
                }
            }
        }
        // 2. configurations and crds.
        for rel in &t.k.configurations {
            let (shown, text) = self.read_text(t, "configurations", rel)?;
            let v = parse_yaml_file(&text, &shown)?;
            acc.config
                .merge_document(&v)
                .map_err(|e| invalid(&shown, e))?;
        }
        for rel in &t.k.crds {
            let (shown, text) = self.read_text(t, "crds", rel)?;
            parse_yaml_file(&text, &shown)?;
        }
        // 3. generators.
        let global = t.k.generator_options.clone();
        for g in &t.k.config_map_generator {
            let mut r = self.generate(t, g, false, global.as_ref())?;
            r.origin = Some(generator_origin(t, "ConfigMapGenerator"));
            absorb(acc, r, &t.file)?;
        }
        for g in &t.k.secret_generator {
            let mut r = self.generate(t, g, true, global.as_ref())?;
            r.origin = Some(generator_origin(t, "SecretGenerator"));
            absorb(acc, r, &t.file)?;
        }
        // 4. components, applied to what has been accumulated so far.
        for rel in &t.k.components {
            let origin = format!("{}: components", t.file);
            if is_remote(rel) && !self.opts.allow_remote {
                return Err(Error::Load {
                    origin,
                    path: rel.clone(),
                    message: String::from("remote components are disabled"),
                });
            }
            let real = if is_remote(rel) {
                self.fetch_remote(rel, &origin)?
            } else {
                self.check_jail(&t.dir.join(rel), &origin)?
            };
            let mut sub = self.load_target(&real, &origin)?;
            sub.origin_dir = join_origin(&t.origin_dir, rel);
            if sub.k.kind != "Component" {
                return Err(invalid(
                    &sub.file,
                    format!(
                        "expected kind 'Component' for path '{}' but got '{}'",
                        self.display(&real),
                        sub.k.kind
                    ),
                ));
            }
            self.accumulate(&sub, acc)?;
        }
        // 5. transformers, in kustomize's order.
        acc.touched();
        let transformed = self.transform(t, acc);
        acc.touched();
        transformed?;
        // 6. vars.
        for v in &t.k.vars {
            if acc.vars.iter().any(|x| x.name == v.name) {
                return Err(invalid(
                    &t.file,
                    format!("vars: var '{}' already encountered", v.name),
                ));
            }
            acc.vars.push(v.clone());
        }
        Ok(())
    }

    fn transform(&self, t: &Target, acc: &mut Acc) -> Result<()> {
        let k = &t.k;
        let file = t.file.as_str();
        let cfg = acc.config.clone();
        // patchesStrategicMerge
        for p in &k.patches_strategic_merge {
            let inline =
                p.contains('\n') || p.trim_start().starts_with("apiVersion") || p.contains(": ");
            let (source, text) = if inline {
                (format!("{file}: patchesStrategicMerge"), p.clone())
            } else {
                self.read_text(t, "patchesStrategicMerge", p)?
            };
            let patches = load_resources(&text, &source)?;
            for patch in patches {
                super::transform::apply_sm_patch_by_id(&mut acc.res, &patch, file, &self.rules)?;
            }
        }
        // patches
        for (i, p) in k.patches.iter().enumerate() {
            let field = format!("patches[{i}]");
            self.apply_patch(t, &field, p, &mut acc.res)?;
        }
        // namespace
        if !k.namespace.is_empty() {
            super::transform::namespace_transform(&mut acc.res, &k.namespace, &cfg.namespace)
                .map_err(|e| invalid(file, format!("namespace: {e}")))?;
        }
        // prefix / suffix
        if !k.name_prefix.is_empty() {
            super::transform::prefix_suffix(&mut acc.res, &k.name_prefix, true, &cfg.name_prefix)
                .map_err(|e| invalid(file, format!("namePrefix: {e}")))?;
        }
        if !k.name_suffix.is_empty() {
            super::transform::prefix_suffix(&mut acc.res, &k.name_suffix, false, &cfg.name_suffix)
                .map_err(|e| invalid(file, format!("nameSuffix: {e}")))?;
        }
        // labels, then commonLabels
        if !k.labels.is_empty() || !k.common_labels.is_empty() {
            for (i, l) in k.labels.iter().enumerate() {
                let mut fss: Vec<FieldSpec> = l.fields.clone();
                let e = |e: fieldspec::Error| invalid(file, format!("labels[{i}]: {e}"));
                fieldspec::merge_all(&mut fss, &cfg.labels).map_err(e)?;
                if l.include_selectors {
                    fieldspec::merge_all(&mut fss, &cfg.common_labels).map_err(e)?;
                } else {
                    if l.include_templates {
                        fieldspec::merge_all(&mut fss, &cfg.template_labels).map_err(e)?;
                    }
                    if l.include_volume_claim_templates {
                        fieldspec::merge_all(&mut fss, &cfg.volume_claim_template_labels)
                            .map_err(e)?;
                    }
                    fieldspec::merge_one(
                        &mut fss,
                        FieldSpec {
                            path: String::from("metadata/labels"),
                            create: true,
                            ..FieldSpec::default()
                        },
                    )
                    .map_err(e)?;
                }
                super::transform::set_map_entries(&mut acc.res, &l.pairs, &fss)
                    .map_err(|e| invalid(file, format!("labels[{i}]: {e}")))?;
            }
            super::transform::set_map_entries(&mut acc.res, &k.common_labels, &cfg.common_labels)
                .map_err(|e| invalid(file, format!("commonLabels: {e}")))?;
        }
        if !k.common_annotations.is_empty() {
            super::transform::set_map_entries(
                &mut acc.res,
                &k.common_annotations,
                &cfg.common_annotations,
            )
            .map_err(|e| invalid(file, format!("commonAnnotations: {e}")))?;
        }
        // patchesJson6902
        for (i, p) in k.patches_json6902.iter().enumerate() {
            let field = format!("patchesJson6902[{i}]");
            let text = if !p.patch.is_empty() {
                p.patch.clone()
            } else if !p.path.is_empty() {
                self.read_text(t, &field, &p.path)?.1
            } else {
                return Err(invalid(
                    file,
                    format!("{field}: must specify one of patch and path"),
                ));
            };
            let Some(target) = &p.target else {
                return Err(invalid(file, format!("{field}: must specify a target")));
            };
            let ops =
                patch::parse_json6902(&text).map_err(|e| invalid(file, format!("{field}: {e}")))?;
            super::transform::apply_json_patch(&mut acc.res, target, &ops)
                .map_err(|e| invalid(file, format!("{field}: {e}")))?;
        }
        // replicas
        for r in &k.replicas {
            super::transform::replicas(&mut acc.res, r, &cfg.replicas)
                .map_err(|e| invalid(file, format!("replicas: {e}")))?;
        }
        // images
        for img in &k.images {
            super::transform::images(&mut acc.res, img, &cfg.images)
                .map_err(|e| invalid(file, format!("images: {e}")))?;
        }
        // replacements
        if !k.replacements.is_empty() {
            let mut list: Vec<kustfile::Replacement> = Vec::new();
            for (i, r) in k.replacements.iter().enumerate() {
                if !r.path.is_empty() {
                    let (shown, text) =
                        self.read_text(t, &format!("replacements[{i}]"), &r.path)?;
                    let v = parse_yaml_file(&text, &shown)?;
                    let items = match v {
                        Value::Array(a) => a,
                        other => vec![other],
                    };
                    for it in items {
                        let rep: kustfile::Replacement = serde_json::from_value(it)
                            .map_err(|e| invalid(&shown, format!("invalid replacement: {e}")))?;
                        list.push(rep);
                    }
                } else {
                    list.push(kustfile::Replacement {
                        source: r.source.clone(),
                        targets: r.targets.clone(),
                    });
                }
            }
            super::replace_values(&mut acc.res, &list)
                .map_err(|e| invalid(file, format!("replacements: {e}")))?;
        }
        Ok(())
    }

    fn apply_patch(
        &self,
        t: &Target,
        field: &str,
        p: &kustfile::Patch,
        res: &mut Vec<Resource>,
    ) -> Result<()> {
        let file = t.file.as_str();
        let text = match (p.patch.trim().is_empty(), p.path.is_empty()) {
            (true, true) => {
                return Err(invalid(
                    file,
                    format!("{field}: must specify one of patch and path"),
                ))
            }
            (false, false) => {
                return Err(invalid(
                    file,
                    format!("{field}: patch and path can't be set at the same time"),
                ))
            }
            (false, true) => p.patch.trim().to_string(),
            (true, false) => {
                let (shown, text) = self.read_text(t, field, &p.path)?;
                return self.apply_patch_text(t, field, p, &text, &shown, res);
            }
        };
        let source = format!("{file}: {field}");
        self.apply_patch_text(t, field, p, &text, &source, res)
    }

    /// Applies one `patches` entry whose text came from `source` (a file, or the
    /// kustomization's field for inline patches).
    fn apply_patch_text(
        &self,
        t: &Target,
        field: &str,
        p: &kustfile::Patch,
        text: &str,
        source: &str,
        res: &mut Vec<Resource>,
    ) -> Result<()> {
        let file = t.file.as_str();
        let is_json = text.trim_start().starts_with('[')
            || matches!(yaml::parse_one(text), Ok(Value::Array(_)));
        if is_json {
            let Some(target) = &p.target else {
                return Err(invalid(
                    file,
                    format!("{field}: must specify a target for JSON patch"),
                ));
            };
            let ops =
                patch::parse_json6902(text).map_err(|e| invalid(file, format!("{field}: {e}")))?;
            return super::transform::apply_json_patch(res, target, &ops)
                .map_err(|e| invalid(file, format!("{field}: {e}")));
        }
        let mut patches = load_resources(text, source)?;
        let opts = p.options.clone().unwrap_or_default();
        for patch in &mut patches {
            patch.allow_name_change = opts.allow_name_change;
            patch.allow_kind_change = opts.allow_kind_change;
        }
        match &p.target {
            Some(target) => {
                if patches.len() > 1 {
                    return Err(invalid(file, format!("{field}: multiple strategic merge patches in one entry cannot have a target")));
                }
                let Some(patch) = patches.first() else {
                    return Ok(());
                };
                let sel = SelectorRegex::new(target)
                    .map_err(|e| invalid(file, format!("{field}: {e}")))?;
                let mut out = Vec::with_capacity(res.len());
                for mut r in std::mem::take(res) {
                    if sel.selects(&r) {
                        let mut pc = patch.clone();
                        let gvk = r.gvk();
                        let kind = pc.kind();
                        if let Value::Object(m) = &mut pc.obj {
                            m.insert("apiVersion".into(), Value::String(gvk.api_version()));
                            m.insert("kind".into(), Value::String(kind));
                        }
                        if !super::transform::apply_sm_patch(&mut r, &pc, &self.rules)
                            .map_err(|e| invalid(file, format!("{field}: {e}")))?
                        {
                            continue;
                        }
                    }
                    out.push(r);
                }
                *res = out;
                Ok(())
            }
            None => {
                for patch in &patches {
                    super::transform::apply_sm_patch_by_id(res, patch, file, &self.rules)?;
                }
                Ok(())
            }
        }
    }

    fn generate(
        &self,
        t: &Target,
        g: &Generator,
        secret: bool,
        global: Option<&GeneratorOptions>,
    ) -> Result<Resource> {
        let kind = if secret { "Secret" } else { "ConfigMap" };
        let field = if secret {
            "secretGenerator"
        } else {
            "configMapGenerator"
        };
        let file = t.file.as_str();
        if g.name.is_empty() {
            return Err(invalid(
                file,
                format!("{field}: a {} must have a name", kind.to_lowercase()),
            ));
        }
        let mut pairs: Vec<(String, Vec<u8>)> = Vec::new();
        let mut envs = g.envs.clone();
        if !g.env.is_empty() {
            envs.push(g.env.clone());
        }
        for env in &envs {
            let (_, text) = self.read_text(t, &format!("{field}[{}].envs", g.name), env)?;
            for (n, line) in text.lines().enumerate() {
                let line = if n == 0 {
                    line.trim_start_matches('\u{feff}')
                } else {
                    line
                };
                let line = line.trim_start();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (k, v) = line.split_once('=').unwrap_or((line, ""));
                if k.is_empty()
                    || k.contains(char::is_whitespace)
                    || k.chars().next().is_some_and(|c| c.is_ascii_digit())
                {
                    return Err(invalid(
                        file,
                        format!(
                            "{field}[{}]: {env}: invalid environment variable name {k:?}",
                            g.name
                        ),
                    ));
                }
                pairs.push((k.to_string(), v.as_bytes().to_vec()));
            }
        }
        for lit in &g.literals {
            let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
                return Err(invalid(
                    file,
                    format!(
                        "{field}[{}]: invalid literal source {lit}, expected key=value",
                        g.name
                    ),
                ));
            };
            let b = v.as_bytes();
            let v = if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
                &v[1..v.len() - 1]
            } else {
                v
            };
            pairs.push((k.to_string(), v.as_bytes().to_vec()));
        }
        for src in &g.files {
            let (key, path) = match src.matches('=').count() {
                0 => (
                    src.rsplit('/').next().unwrap_or(src).to_string(),
                    src.clone(),
                ),
                1 if src.starts_with('=') => {
                    return Err(invalid(
                        file,
                        format!(
                            "{field}[{}]: missing key name for file path in source {src:?}",
                            g.name
                        ),
                    ))
                }
                1 if src.ends_with('=') => {
                    return Err(invalid(
                        file,
                        format!(
                            "{field}[{}]: missing file path for key name in source {src:?}",
                            g.name
                        ),
                    ))
                }
                1 => {
                    let (k, p) = src.split_once('=').unwrap_or_default();
                    (k.to_string(), p.to_string())
                }
                _ => {
                    return Err(invalid(
                        file,
                        format!(
                            "{field}[{}]: source {src:?} key name or file path contains '='",
                            g.name
                        ),
                    ))
                }
            };
            let (_, data) = self.read_file(t, &format!("{field}[{}].files", g.name), &path)?;
            pairs.push((key, data));
        }
        let mut seen = std::collections::HashSet::new();
        for (k, _) in &pairs {
            if !k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
                || k.is_empty()
            {
                return Err(invalid(file, format!("{field}[{}]: {k:?} is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.'", g.name)));
            }
            if !seen.insert(k.clone()) {
                return Err(invalid(
                    file,
                    format!(
                        "{field}[{}]: configmap {} illegally repeats the key `{k}`",
                        g.name, g.name
                    ),
                ));
            }
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut obj = Map::new();
        obj.insert("apiVersion".into(), Value::String("v1".into()));
        obj.insert("kind".into(), Value::String(kind.into()));
        let mut md = Map::new();
        md.insert("name".into(), Value::String(g.name.clone()));
        if !g.namespace.is_empty() {
            md.insert("namespace".into(), Value::String(g.namespace.clone()));
        }
        obj.insert("metadata".into(), Value::Object(md));
        if secret {
            let ty = if g.type_.is_empty() {
                "Opaque"
            } else {
                &g.type_
            };
            obj.insert("type".into(), Value::String(ty.into()));
        }
        let mut data = Map::new();
        let mut binary = Map::new();
        for (k, v) in pairs {
            if secret {
                data.insert(k, Value::String(wrapped_base64(&v)));
            } else {
                match String::from_utf8(v) {
                    Ok(s) => {
                        data.insert(k, Value::String(s));
                    }
                    Err(e) => {
                        binary.insert(k, Value::String(wrapped_base64(e.as_bytes())));
                    }
                }
            }
        }
        if !data.is_empty() {
            obj.insert("data".into(), Value::Object(data));
        }
        if !binary.is_empty() {
            obj.insert("binaryData".into(), Value::Object(binary));
        }
        // Options: the generator's own over the kustomization's generatorOptions.
        let local = g.options.clone();
        let opts = match (global, local) {
            (None, None) => None,
            (Some(gl), None) => Some(gl.clone()),
            (None, Some(l)) => Some(l),
            (Some(gl), Some(mut l)) => {
                let mut labels = gl.labels.clone();
                labels.extend(l.labels);
                l.labels = labels;
                let mut ann = gl.annotations.clone();
                ann.extend(l.annotations);
                l.annotations = ann;
                if l.disable_name_suffix_hash != Some(true) {
                    l.disable_name_suffix_hash = gl.disable_name_suffix_hash;
                }
                if l.immutable != Some(true) {
                    l.immutable = gl.immutable;
                }
                Some(l)
            }
        };
        let mut r = Resource::new(Value::Object(obj));
        let mut needs_hash = true;
        if let Some(o) = &opts {
            for (field, m) in [("labels", &o.labels), ("annotations", &o.annotations)] {
                if !m.is_empty() {
                    let md = r.metadata_mut();
                    let entry = md.entry(field).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(e) = entry {
                        for (k, v) in m {
                            e.insert(k.clone(), Value::String(v.clone()));
                        }
                    }
                }
            }
            if o.immutable == Some(true) {
                if let Value::Object(m) = &mut r.obj {
                    m.insert("immutable".into(), Value::Bool(true));
                }
            }
            if o.disable_name_suffix_hash == Some(true) {
                needs_hash = false;
            }
        }
        r.needs_hash = needs_hash;
        r.behavior = Some(match g.behavior.as_str() {
            "" | "create" => Behavior::Create,
            "merge" => Behavior::Merge,
            "replace" => Behavior::Replace,
            other => {
                return Err(invalid(
                    file,
                    format!("{field}[{}]: behavior: unknown behavior {other:?}", g.name),
                ))
            }
        });
        Ok(r)
    }
}

/// Joins origin paths the way Go's `filepath.Join` does (lexically cleaned, leading `..` kept).
fn join_origin(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in dir.split('/').chain(rel.split('/')) {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        String::from(".")
    } else {
        parts.join("/")
    }
}

/// The origin annotation text of a generated object.
fn generator_origin(t: &Target, kind: &str) -> String {
    let file = join_origin(&t.origin_dir, &t.file_name);
    format!("configuredIn: {file}\nconfiguredBy:\n  apiVersion: builtin\n  kind: {kind}\n")
}

/// Reads and parses a kustomization file: an empty file is an empty mapping; anything but a
/// mapping is an error naming the file.
pub(crate) fn read_kustomization(file: &Path, shown: &str, origin: &str) -> Result<Value> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::Load {
        origin: origin.to_string(),
        path: shown.to_string(),
        message: e.to_string(),
    })?;
    let v = parse_yaml_file(&text, shown)?;
    match v {
        Value::Null => Ok(Value::Object(Map::new())),
        v @ Value::Object(_) => Ok(v),
        _ => Err(invalid(shown, "a kustomization must be a mapping")),
    }
}

fn parse_yaml_file(text: &str, shown: &str) -> Result<Value> {
    yaml::parse_one(text).map_err(|e| Error::Yaml {
        file: PathBuf::from(shown),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// Reads a kustomization file's document as kustomize's loader does: an empty one, an unknown
/// kind or apiVersion, Helm chart inflation and plugins are refused, naming the file.
pub fn checked_kustomization(v: Value, shown: &str) -> Result<Kustomization> {
    let only_type_meta = v
        .as_object()
        .is_some_and(|m| m.keys().all(|k| k == "apiVersion" || k == "kind"));
    if only_type_meta {
        return Err(invalid(shown, "kustomization.yaml is empty"));
    }
    let k = Kustomization::from_value(v)
        .map_err(|e| invalid(shown, format!("invalid Kustomization: {e}")))?;
    let required = if k.kind == "Component" {
        "kustomize.config.k8s.io/v1alpha1"
    } else {
        "kustomize.config.k8s.io/v1beta1"
    };
    if k.kind != "Kustomization" && k.kind != "Component" {
        return Err(invalid(shown, "kind should be Kustomization or Component"));
    }
    if !k.api_version.is_empty() && k.api_version != required {
        return Err(invalid(
            shown,
            format!("apiVersion for {} should be {required}", k.kind),
        ));
    }
    if k.helm_charts.is_some()
        || k.helm_chart_inflation_generator.is_some()
        || k.helm_globals.is_some()
    {
        return Err(invalid(
            shown,
            "helmCharts: Helm chart inflation is not supported (use a HelmRelease)",
        ));
    }
    for (field, list) in [
        ("generators", &k.generators),
        ("transformers", &k.transformers),
        ("validators", &k.validators),
    ] {
        if !list.is_empty() {
            return Err(invalid(
                shown,
                format!("{field}: kustomize plugins are not supported"),
            ));
        }
    }
    Ok(k)
}

/// Loads the resources of a YAML stream: empty documents skipped, `*List` kinds flattened.
pub fn load_resources(text: &str, shown: &str) -> Result<Vec<Resource>> {
    let docs = yaml::parse_stream(text).map_err(|e| Error::Yaml {
        file: PathBuf::from(shown),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let mut out = Vec::new();
    for d in docs {
        match d {
            Value::Null => continue,
            Value::Object(m) if m.is_empty() => continue,
            Value::Object(m) => {
                let kind = m.get("kind").map(scalar_text).unwrap_or_default();
                if kind.ends_with("List")
                    && m.get("items").is_some_and(|i| i.is_array() || i.is_null())
                {
                    if let Some(Value::Array(items)) = m.get("items") {
                        for it in items {
                            if !it.is_object() {
                                return Err(invalid(shown, "items of a List must be mappings"));
                            }
                            out.push(Resource::new(it.clone()));
                        }
                    }
                    continue;
                }
                if kind.is_empty() {
                    return Err(invalid(
                        shown,
                        format!("missing kind in object {}", Value::Object(m)),
                    ));
                }
                // kyaml's GetValidatedMetadata: every object but a `*List` needs a name.
                let named = m
                    .get("metadata")
                    .and_then(|md| md.get("name"))
                    .is_some_and(|n| !n.is_null() && !scalar_text(n).is_empty());
                if !named && !kind.ends_with("List") {
                    return Err(invalid(
                        shown,
                        format!("missing metadata.name in object {}", Value::Object(m)),
                    ));
                }
                out.push(Resource::new(Value::Object(m)));
            }
            other => return Err(invalid(shown, format!("expected a mapping, got {other}"))),
        }
    }
    Ok(out)
}

fn resolve_vars(acc: &mut Acc, file: &str) -> Result<()> {
    if acc.vars.is_empty() {
        return Ok(());
    }
    let mut values: HashMap<String, Value> = HashMap::new();
    for v in &acc.vars {
        let (group, version) = if !v.obj_ref.api_version.is_empty() {
            let g = Gvk::from_api_version(&v.obj_ref.api_version, &v.obj_ref.kind);
            (g.group, g.version)
        } else {
            (v.obj_ref.group.clone(), v.obj_ref.version.clone())
        };
        let sel = Gvk {
            group,
            version,
            kind: v.obj_ref.kind.clone(),
        };
        let matches: Vec<&Resource> = acc
            .res
            .iter()
            .filter(|r| {
                let mut ids = vec![r.cur_id()];
                ids.extend(r.prev_ids());
                ids.iter().any(|id| {
                    sel.selects(&id.gvk)
                        && id.name == v.obj_ref.name
                        && (v.obj_ref.namespace.is_empty() || id.namespace == v.obj_ref.namespace)
                })
            })
            .collect();
        if matches.len() != 1 {
            return Err(invalid(
                file,
                format!(
                    "vars: var '{}' cannot be mapped to a field in the set of known resources",
                    v.name
                ),
            ));
        }
        let path = v
            .fieldref
            .as_ref()
            .map(|f| f.field_path.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| String::from("metadata.name"));
        let found = super::lookup_path(&matches[0].obj, &path).ok_or_else(|| {
            invalid(
                file,
                format!("vars: field path {path} not found for var '{}'", v.name),
            )
        })?;
        values.insert(v.name.clone(), found);
    }
    let specs = acc.config.var_reference.clone();
    for r in &mut acc.res {
        let gvk = r.gvk();
        fieldspec::visit_specs(&mut r.obj, &gvk, &specs, Create::Nothing, &mut |v| {
            substitute_vars(v, &values);
            Ok(())
        })
        .map_err(|e| invalid(file, format!("vars: {e}")))?;
    }
    Ok(())
}

fn substitute_vars(v: &mut Value, values: &HashMap<String, Value>) {
    match v {
        Value::String(s) => {
            // A field that is exactly one var takes the var's value (and type).
            if let Some(name) = s.strip_prefix("$(").and_then(|x| x.strip_suffix(')')) {
                if let Some(val) = values.get(name) {
                    *v = val.clone();
                    return;
                }
            }
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("$(") {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                match after.find(')') {
                    Some(j) if values.contains_key(&after[..j]) => {
                        out.push_str(&scalar_text(&values[&after[..j]]));
                        rest = &after[j + 1..];
                    }
                    _ => {
                        out.push_str("$(");
                        rest = after;
                    }
                }
            }
            out.push_str(rest);
            *s = out;
        }
        Value::Array(items) => items.iter_mut().for_each(|i| substitute_vars(i, values)),
        Value::Object(m) => m.values_mut().for_each(|i| substitute_vars(i, values)),
        _ => {}
    }
}

/// Base64 as kustomize writes Secret data: lines of 70 characters, each followed by a newline
/// when there is more than one.
fn wrapped_base64(data: &[u8]) -> String {
    const LINE: usize = 70;
    let enc = base64::engine::general_purpose::STANDARD.encode(data);
    let lines = enc.len() / LINE + 1;
    if lines == 1 {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + lines);
    for chunk in enc.as_bytes().chunks(LINE) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn absorb(acc: &mut Acc, mut r: Resource, file: &str) -> Result<()> {
    let id = r.cur_id();
    let matches: Vec<usize> = acc
        .res
        .iter()
        .enumerate()
        .filter(|(_, x)| x.cur_id().equals(&id) || x.prev_ids().iter().any(|p| p.equals(&id)))
        .map(|(i, _)| i)
        .collect();
    let behavior = r.behavior.unwrap_or_default();
    match matches.len() {
        0 => match behavior {
            Behavior::Create => acc.append(r, file),
            _ => Err(invalid(
                file,
                format!(
                    "id {} does not exist; cannot merge or replace",
                    id.display()
                ),
            )),
        },
        1 => {
            let i = matches[0];
            let old = acc.res[i].clone();
            match behavior {
                Behavior::Create => {
                    return Err(invalid(
                        file,
                        format!(
                            "id {} exists; behavior must be merge or replace",
                            id.display()
                        ),
                    ))
                }
                Behavior::Replace => copy_meta(&mut r, &old),
                Behavior::Merge => {
                    copy_meta(&mut r, &old);
                    r.origin = old.origin.clone();
                    for field in ["data", "binaryData"] {
                        let mut merged = old
                            .obj
                            .get(field)
                            .and_then(Value::as_object)
                            .cloned()
                            .unwrap_or_default();
                        if r.kind() == "Secret" && field == "data" {
                            if let Some(Value::Object(sd)) = old.obj.get("stringData") {
                                let b64 = base64::engine::general_purpose::STANDARD;
                                for (k, v) in sd {
                                    merged.insert(
                                        k.clone(),
                                        Value::String(b64.encode(scalar_text(v))),
                                    );
                                }
                            }
                        }
                        if let Some(Value::Object(new)) = r.obj.get(field) {
                            for (k, v) in new {
                                merged.insert(k.clone(), v.clone());
                            }
                        }
                        if let Value::Object(m) = &mut r.obj {
                            if merged.is_empty() {
                                m.remove(field);
                            } else {
                                m.insert(field.into(), Value::Object(merged));
                            }
                        }
                    }
                }
            }
            acc.res[i] = r;
            acc.touched();
            Ok(())
        }
        _ => Err(invalid(
            file,
            format!(
                "found multiple objects that could accept merge of {}",
                id.display()
            ),
        )),
    }
}

/// kustomize's `CopyMergeMetaDataFieldsFrom`: labels and annotations merged (new wins), name,
/// namespace and build facts from the old object.
fn copy_meta(r: &mut Resource, old: &Resource) {
    for field in ["labels", "annotations"] {
        let mut merged: Map<String, Value> = old
            .obj
            .get("metadata")
            .and_then(|m| m.get(field))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(Value::Object(new)) = r.obj.get("metadata").and_then(|m| m.get(field)) {
            for (k, v) in new {
                merged.insert(k.clone(), v.clone());
            }
        }
        let md = r.metadata_mut();
        if merged.is_empty() {
            md.remove(field);
        } else {
            md.insert(field.into(), Value::Object(merged));
        }
    }
    r.set_name(&old.name());
    let ns = old.namespace();
    if ns.is_empty() {
        r.metadata_mut().remove("namespace");
    } else {
        r.set_namespace(&ns);
    }
    r.prev = old.prev.clone();
    r.prefixes = old.prefixes.clone();
    r.suffixes = old.suffixes.clone();
}
