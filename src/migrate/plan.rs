//! The migration plan: from fluxd's settings and the repository, the Flux v2 objects (one
//! GitRepository, one Kustomization per target path, notification objects), the file edits
//! (delete `.flux.yaml`, reference patch files, point kustomizations at encrypted files,
//! `${VAR}` for substituted variables, v1 annotations rewritten, `.sourceignore`), and the
//! report (objects, edits, lossy items, manual steps).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::fluxd::{normalize_git_url, EnvValue, Fluxd};
use super::fluxyaml::{self, FluxYaml};
use super::report::Report;
use super::Error;

/// A change to one repository file.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Create or replace the file with this content.
    Write {
        /// Path relative to the repository root.
        path: String,
        /// New content.
        content: String,
        /// Why (for the report).
        why: String,
    },
    /// Delete the file.
    Delete {
        /// Path relative to the repository root.
        path: String,
        /// Why.
        why: String,
    },
}

impl Edit {
    /// The file's path.
    pub fn path(&self) -> &str {
        match self {
            Edit::Write { path, .. } | Edit::Delete { path, .. } => path,
        }
    }
}

/// Options of the plan.
#[derive(Clone, Debug)]
pub struct Options {
    /// Repository checkout.
    pub repo: PathBuf,
    /// Where the bundle goes, relative to the repository root (e.g. `clusters/default`).
    pub path: String,
    /// Name of the GitRepository (and the Git credentials Secret).
    pub name: String,
    /// Namespace of the v2 objects.
    pub namespace: String,
    /// Namespace fluxd ran in (for manual steps).
    pub flux_namespace: String,
}

/// The whole migration.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The v2 objects.
    pub objects: Vec<Value>,
    /// Repository edits (bundle file included), in order.
    pub edits: Vec<Edit>,
    /// The report.
    pub report: Report,
}

/// A Kubernetes object name from a path.
fn object_name(path: &str) -> String {
    let s: String = path
        .trim_matches(|c| c == '.' || c == '/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        String::from("flux-v1")
    } else {
        s.chars().take(63).collect()
    }
}

fn rel(repo: &Path, p: &Path) -> String {
    p.strip_prefix(repo)
        .map(|r| r.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| p.to_string_lossy().into_owned())
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// YAML files below `dir` (no hidden directories), sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    out.sort();
    out
}

/// Files as they will be after earlier edits.
struct Files<'a> {
    repo: &'a Path,
    edits: &'a mut Vec<Edit>,
}

impl Files<'_> {
    fn current(&self, rel_path: &str) -> Result<Option<String>, Error> {
        for e in self.edits.iter().rev() {
            match e {
                Edit::Write { path, content, .. } if path == rel_path => {
                    return Ok(Some(content.clone()))
                }
                Edit::Delete { path, .. } if path == rel_path => return Ok(None),
                _ => {}
            }
        }
        let p = self.repo.join(rel_path);
        if p.is_file() {
            Ok(Some(read(&p)?))
        } else {
            Ok(None)
        }
    }

    fn write(&mut self, path: &str, content: String, why: &str) {
        // One edit per file: a later write replaces an earlier one and keeps the first reason.
        let why = self
            .edits
            .iter()
            .find_map(|e| match e {
                Edit::Write { path: p, why, .. } if p == path => Some(why.clone()),
                _ => None,
            })
            .unwrap_or_else(|| why.to_string());
        self.edits.retain(|e| e.path() != path);
        self.edits.push(Edit::Write {
            path: path.to_string(),
            content,
            why,
        });
    }
}

/// The kustomization file of a directory, if any.
fn kustomization_file(files: &Files, dir: &str) -> Result<Option<(String, String)>, Error> {
    for name in ["kustomization.yaml", "kustomization.yml", "Kustomization"] {
        let p = fluxyaml::join_rel(dir, name);
        if let Some(c) = files.current(&p)? {
            return Ok(Some((p, c)));
        }
    }
    Ok(None)
}

/// Whether a kustomization references `file` (relative to its directory) as a patch.
fn references_patch(kustomization: &str, file: &str) -> bool {
    let Ok(v) = crate::kustomize::yaml::parse_one(kustomization) else {
        return false;
    };
    let norm = |s: &str| fluxyaml::join_rel(".", s);
    let want = norm(file);
    v["patchesStrategicMerge"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| p.as_str().map(norm) == Some(want.clone()))
        || v["patches"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["path"].as_str().map(norm) == Some(want.clone()))
}

/// Adds `- path: <file>` under `patches:` (creating the key at the end when missing).
fn add_patch_reference(kustomization: &str, file: &str) -> String {
    let mut lines: Vec<String> = kustomization.lines().map(String::from).collect();
    if let Some(i) = lines.iter().position(|l| l.trim_end() == "patches:") {
        lines.insert(i + 1, format!("- path: {file}"));
    } else {
        lines.push(String::from("patches:"));
        lines.push(format!("- path: {file}"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `$NAME` (not `${NAME}`, not `$$NAME`) occurrences.
fn bare_var_regex() -> regex::Regex {
    regex::Regex::new(r"(^|[^$\\])\$([A-Za-z_][A-Za-z0-9_]*)").expect("static regex")
}

/// Variables referenced as `$NAME` or `${NAME}` in a text.
fn referenced_vars(text: &str) -> BTreeSet<String> {
    let braced = regex::Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)").expect("static regex");
    let mut out: BTreeSet<String> = braced
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect();
    out.extend(
        bare_var_regex()
            .captures_iter(text)
            .map(|c| c[2].to_string()),
    );
    out
}

/// Rewrites bare `$NAME` to `${NAME}` for the given names; names in `unset` become
/// `${NAME:=}` (braced or not) so strict substitution leaves them empty, as envsubst did.
fn brace_vars(text: &str, names: &BTreeSet<String>, unset: &BTreeSet<String>) -> String {
    let braced = bare_var_regex()
        .replace_all(text, |c: &regex::Captures| {
            if names.contains(&c[2]) {
                format!("{}${{{}}}", &c[1], &c[2])
            } else {
                c[0].to_string()
            }
        })
        .into_owned();
    let plain = regex::Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("static regex");
    plain
        .replace_all(&braced, |c: &regex::Captures| {
            if unset.contains(&c[1]) {
                format!("${{{}:=}}", &c[1])
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// v1 annotations on repository objects: rewritten or stripped line by line (image automation
/// annotations are [`super::images`]'s).
fn rewrite_annotations(text: &str) -> Option<String> {
    let ignore = regex::Regex::new(
        r#"^(\s*)(fluxcd\.io|flux\.weave\.works)/ignore:\s*["']?([A-Za-z_]+)["']?\s*$"#,
    )
    .expect("static regex");
    let gc =
        regex::Regex::new(r"^\s*fluxcd\.io/(sync-gc-mark|sync-checksum):").expect("static regex");
    let mut changed = false;
    let mut out = vec![];
    for line in text.lines() {
        if let Some(c) = ignore.captures(line) {
            changed = true;
            match &c[3] {
                "true" => out.push(format!(
                    "{}kustomize.toolkit.fluxcd.io/reconcile: disabled",
                    &c[1]
                )),
                "sync_only" => out.push(format!(
                    "{}kustomize.toolkit.fluxcd.io/prune: disabled",
                    &c[1]
                )),
                _ => {} // "false": no effect in v1; dropped.
            }
            continue;
        }
        if gc.is_match(line) {
            changed = true;
            continue;
        }
        out.push(line.to_string());
    }
    if !changed {
        return None;
    }
    let mut s = out.join("\n");
    if text.ends_with('\n') {
        s.push('\n');
    }
    Some(s)
}

/// Whether every document of a YAML file is a Kubernetes object.
fn is_manifest_file(text: &str) -> bool {
    match crate::kustomize::yaml::parse_stream(text) {
        Ok(docs) => docs
            .iter()
            .filter(|d| !d.is_null())
            .all(|d| d["apiVersion"].is_string() && d["kind"].is_string()),
        Err(_) => false,
    }
}

/// Plans the migration.
pub fn plan(
    fluxd: &Fluxd,
    fluxcloud: Option<(&BTreeMap<String, EnvValue>, &str)>,
    opts: &Options,
) -> Result<Plan, Error> {
    let repo = opts
        .repo
        .canonicalize()
        .map_err(|e| Error::Input(format!("repository {}: {e}", opts.repo.display())))?;
    let ns = opts.namespace.as_str();
    let mut plan = Plan::default();
    let mut report = Report::default();
    for (flag, why) in &fluxd.lossy {
        report.lossy(flag, why);
    }
    let url = normalize_git_url(&fluxd.git_url);
    let mut images = super::images::Images::default();
    let mut objects = vec![json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": opts.name, "namespace": ns},
        "spec": {"interval": fluxd.git_poll_interval.to_string(), "timeout": fluxd.git_timeout.to_string(),
            "url": url, "ref": {"branch": fluxd.git_branch}, "secretRef": {"name": opts.name}},
    })];
    let fns = &opts.flux_namespace;
    if url.starts_with("ssh://") {
        report.manual(format!(
            "create the Git credentials Secret from v1's deploy key: kubectl -n {fns} get secret {} -o jsonpath='{{.data.{}}}' | base64 -d > identity && flux create secret git {} -n {ns} --url={url} --private-key-file=identity && rm identity",
            fluxd.secret_name, fluxd.secret_key, opts.name
        ));
    } else {
        report.manual(format!(
            "create the Git credentials Secret: flux create secret git {} -n {ns} --url={url} -u <user> -p <token>",
            opts.name
        ));
    }
    let targets: Vec<String> = if fluxd.git_paths.is_empty() {
        vec![String::from(".")]
    } else {
        fluxd.git_paths.clone()
    };
    let mut files = Files {
        repo: &repo,
        edits: &mut plan.edits,
    };
    let mut sourceignore: BTreeSet<String> = BTreeSet::new();
    let mut env_secret: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut env_configmap: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut names = BTreeSet::new();
    for target in &targets {
        let target = fluxyaml::join_rel(".", target);
        let target_dir = repo.join(&target);
        if !target_dir.exists() {
            return Err(Error::Input(format!(
                "--git-path {target}: {} does not exist in the repository",
                target_dir.display()
            )));
        }
        let config = if fluxd.manifest_generation {
            fluxyaml::discover(&repo, &target_dir)
        } else {
            None
        };
        let mut ks_path = target.clone();
        let mut spec_extra = serde_json::Map::new();
        let mut substitute_vars: Option<BTreeSet<String>> = None;
        let mut plain = true;
        if let Some(cfg_path) = &config {
            let cfg_rel = rel(&repo, cfg_path);
            let cfg = FluxYaml::parse(&read(cfg_path)?, &cfg_rel)?;
            let delete_config = |files: &mut Files| {
                files.edits.retain(|e| e.path() != cfg_rel);
                files.edits.push(Edit::Delete {
                    path: cfg_rel.clone(),
                    why: String::from(
                        "Flux v2 runs no generator commands; replaced by the Kustomization",
                    ),
                });
            };
            if cfg == FluxYaml::ScanForFiles {
                delete_config(&mut files);
            } else {
                plain = false;
                let g = fluxyaml::interpret(cfg.generators());
                for cmd in &g.manual {
                    report.lossy(
                        &format!("{cfg_rel}: `{cmd}`"),
                        "Flux v2 does not run custom commands",
                    );
                    report.manual(format!(
                        "render `{cmd}` (run in {target}) in CI and commit the output, then point a Kustomization at it (see https://fluxcd.io/flux/use-cases/gh-actions-manifest-generation/)"
                    ));
                }
                if let FluxYaml::CommandUpdated {
                    has_updaters: true, ..
                }
                | FluxYaml::Legacy {
                    has_updaters: true, ..
                } = cfg
                {
                    report.lossy(&format!("{cfg_rel}: updaters"), "replaced by image automation (ImageRepository, ImagePolicy, ImageUpdateAutomation with setter markers)");
                }
                if matches!(cfg, FluxYaml::Legacy { .. }) {
                    report.lossy(
                        &format!("{cfg_rel}: pre-GA form"),
                        "read as generators; its annotation updaters are dropped",
                    );
                }
                match &g.kustomize_dir {
                    Some(d) => ks_path = fluxyaml::join_rel(&target, d),
                    None if !g.manual.is_empty() => {
                        // Nothing v2 can build here: the file stays as the record of the
                        // commands to render in CI.
                        report.manual(format!(
                            "delete {cfg_rel} once the rendered manifests are committed"
                        ));
                        continue;
                    }
                    None => {}
                }
                delete_config(&mut files);
                if fluxd.sops || !g.sops_files.is_empty() {
                    spec_extra.insert(
                        "decryption".into(),
                        json!({"provider": "sops", "secretRef": {"name": "sops-keys"}}),
                    );
                    report.manual(format!(
                        "create Secret {ns}/sops-keys with the private key v1 used for SOPS (gpg: gpg --export-secret-keys --armor <KEY_ID> | kubectl -n {ns} create secret generic sops-keys --from-file=sops.asc=/dev/stdin; age: --from-file=age.agekey=<file>)"
                    ));
                }
                for (enc, dec) in &g.sops_files {
                    let Some(dec) = dec else { continue };
                    let enc_full = fluxyaml::join_rel(&target, enc);
                    let dec_full = fluxyaml::join_rel(&target, dec);
                    // Point the kustomization that listed the decrypted file at the encrypted one.
                    let dec_dir = Path::new(&dec_full)
                        .parent()
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let dir = if dec_dir.is_empty() {
                        String::from(".")
                    } else {
                        dec_dir
                    };
                    if let Some((kpath, kc)) = kustomization_file(&files, &dir)? {
                        let dec_name = Path::new(&dec_full)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let enc_rel = pathdiff(&enc_full, &dir);
                        let re = regex::Regex::new(&format!(
                            r"(?m)^(\s*-\s*){}\s*$",
                            regex::escape(&dec_name)
                        ))
                        .expect("escaped");
                        if re.is_match(&kc) {
                            let new = re
                                .replace_all(&kc, |c: &regex::Captures| {
                                    format!("{}{enc_rel}", &c[1])
                                })
                                .into_owned();
                            files.write(&kpath, new, &format!("lists the encrypted {enc_rel} instead of the decrypted {dec_name} (kustomize-controller decrypts it)"));
                        }
                    }
                }
                if g.envsubst || !g.sed_vars.is_empty() {
                    substitute_vars = Some(if g.envsubst {
                        BTreeSet::new()
                    } else {
                        g.sed_vars.iter().cloned().collect()
                    });
                }
                if let FluxYaml::PatchUpdated { patch_file, .. } = &cfg {
                    let patch_full = fluxyaml::join_rel(&target, patch_file);
                    match files.current(&patch_full)? {
                        None => report.lossy(
                            &format!("{cfg_rel}: patchFile {patch_file}"),
                            "the patch file does not exist yet; nothing to carry over",
                        ),
                        Some(patch) => match kustomization_file(&files, &ks_path)? {
                            Some((kpath, kc)) => {
                                let prel = pathdiff(&patch_full, &ks_path);
                                if !references_patch(&kc, &prel) {
                                    files.write(
                                        &kpath,
                                        add_patch_reference(&kc, &prel),
                                        &format!("references the v1 patch file {prel}"),
                                    );
                                }
                            }
                            None => {
                                spec_extra.insert("patches".into(), json!([{"patch": patch}]));
                            }
                        },
                    }
                }
            }
        }
        if plain {
            // v1 applied every YAML file; skip what is not a Kubernetes object, as v1 did.
            let mut chart_dirs = BTreeSet::new();
            for f in yaml_files(&target_dir) {
                let dir = f.parent().unwrap_or(&target_dir);
                if dir.join("Chart.yaml").is_file() && dir.join("values.yaml").is_file() {
                    chart_dirs.insert(rel(&repo, dir));
                    continue;
                }
                if chart_dirs
                    .iter()
                    .any(|c| rel(&repo, &f).starts_with(&format!("{c}/")))
                {
                    continue;
                }
                let is_kustomization = f
                    .file_name()
                    .is_some_and(|n| n == "kustomization.yaml" || n == "kustomization.yml");
                if !is_kustomization && !is_manifest_file(&read(&f)?) {
                    sourceignore.insert(format!("/{}", rel(&repo, &f)));
                }
            }
            for c in chart_dirs {
                sourceignore.insert(format!("/{c}/"));
            }
            if kustomization_file(&files, &target)?.is_some() {
                report.lossy(&format!("{target}: kustomization.yaml"), "v1 applied the plain YAML files here; v2 runs kustomize because a kustomization.yaml exists: check the result with `flux build kustomization`");
            }
        }
        // v1 annotations and variable references in the files v2 will build.
        let ks_dir = repo.join(&ks_path);
        let mut referenced = BTreeSet::new();
        for f in yaml_files(&ks_dir) {
            let frel = rel(&repo, &f);
            let Some(text) = files.current(&frel)? else {
                continue;
            };
            let mut new = rewrite_annotations(&text);
            let mut why = vec![];
            if new.is_some() {
                why.push("v1 annotations rewritten for v2 (fluxcd.io/ignore → kustomize.toolkit.fluxcd.io/reconcile or prune: disabled; GC marks removed)");
            }
            let current = new.clone().unwrap_or_else(|| text.clone());
            if let Some(marked) = images.mark(&current, &frel, ns, &mut report) {
                new = Some(marked);
                why.push("setter markers for the image policies migrated from v1's automation annotations");
            }
            if let Some(vars) = &substitute_vars {
                let t = new.clone().unwrap_or_else(|| text.clone());
                let refs = referenced_vars(&t);
                let wanted: BTreeSet<String> = if vars.is_empty() {
                    refs.clone()
                } else {
                    refs.intersection(vars).cloned().collect()
                };
                referenced.extend(wanted.iter().cloned());
                let unset: BTreeSet<String> = wanted
                    .iter()
                    .filter(|v| !fluxd.env.contains_key(*v))
                    .cloned()
                    .collect();
                let braced = brace_vars(&t, &wanted, &unset);
                if braced != t {
                    new = Some(braced);
                    why.push("`$VAR` written as `${VAR}` for post-build substitution");
                }
            }
            if let Some(n) = new {
                if n != text {
                    files.write(&frel, n, &why.join("; "));
                }
            }
        }
        let ks_name = {
            let base = object_name(&ks_path);
            let mut n = base.clone();
            let mut i = 2;
            while !names.insert(n.clone()) {
                n = format!("{base}-{i}");
                i += 1;
            }
            n
        };
        if substitute_vars.is_some() {
            let mut subst = BTreeMap::new();
            let mut from = vec![];
            for v in &referenced {
                match fluxd.env.get(v) {
                    Some(EnvValue::Plain(val)) => {
                        subst.insert(v.clone(), val.clone());
                    }
                    Some(EnvValue::Secret { name, key }) => {
                        env_secret.insert(v.clone(), (name.clone(), key.clone()));
                    }
                    Some(EnvValue::ConfigMap { name, key }) => {
                        env_configmap.insert(v.clone(), (name.clone(), key.clone()));
                    }
                    None => report.lossy(&format!("{ks_path}: ${{{v}}}"), "not set in fluxd's environment: written as ${VAR:=} so it stays empty, as envsubst left it"),
                }
            }
            if referenced
                .iter()
                .any(|v| matches!(fluxd.env.get(v), Some(EnvValue::Secret { .. })))
            {
                from.push(json!({"kind": "Secret", "name": format!("{}-env", opts.name)}));
            }
            if referenced
                .iter()
                .any(|v| matches!(fluxd.env.get(v), Some(EnvValue::ConfigMap { .. })))
            {
                from.push(json!({"kind": "ConfigMap", "name": format!("{}-env", opts.name)}));
            }
            let mut pb = serde_json::Map::new();
            if !subst.is_empty() {
                pb.insert("substitute".into(), json!(subst));
            }
            if !from.is_empty() {
                pb.insert("substituteFrom".into(), json!(from));
            }
            if !pb.is_empty() {
                spec_extra.insert("postBuild".into(), Value::Object(pb));
            }
        }
        let mut spec = json!({
            "interval": fluxd.sync_interval.to_string(),
            "timeout": fluxd.sync_timeout.to_string(),
            "path": if ks_path == "." { String::from("./") } else { format!("./{ks_path}") },
            "prune": fluxd.sync_gc && !fluxd.sync_gc_dry,
            "sourceRef": {"kind": "GitRepository", "name": opts.name},
        });
        for (k, v) in spec_extra {
            spec[k] = v;
        }
        objects.push(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": ks_name, "namespace": ns}, "spec": spec,
        }));
    }
    for (what, cmd, vars) in [
        ("Secret", "secret generic", &env_secret),
        ("ConfigMap", "configmap", &env_configmap),
    ] {
        if vars.is_empty() {
            continue;
        }
        let froms: Vec<String> = vars
            .keys()
            .map(|v| format!("--from-literal={v}=<{v}>"))
            .collect();
        let whence: Vec<String> = vars
            .iter()
            .map(|(v, (n, k))| format!("{v} from {what} {fns}/{n} key {k}"))
            .collect();
        report.manual(format!(
            "create {what} {ns}/{}-env for post-build substitution: kubectl -n {ns} create {cmd} {}-env {} (values: {})",
            opts.name, opts.name, froms.join(" "), whence.join("; ")
        ));
    }
    if !sourceignore.is_empty() {
        let existing = files.current(".sourceignore")?.unwrap_or_default();
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(
            "# Not Kubernetes manifests (Flux v1 skipped them; added by flux migrate v1)\n",
        );
        for line in &sourceignore {
            if !existing.lines().any(|l| l.trim() == line) {
                text.push_str(line);
                text.push('\n');
            }
        }
        files.write(".sourceignore", text, "keeps Helm chart directories and non-manifest YAML out of the Kustomizations, as v1 skipped them");
    }
    objects.extend(images.objects(fluxd, &opts.name, ns, &mut report));
    if let Some(c) = &fluxd.connect {
        report.lossy(&format!("--connect={c}"), "FluxCloud/Weave Cloud upstream: replaced by notification-controller Providers and Alerts");
    }
    if let Some((env, fc_ns)) = fluxcloud {
        objects.extend(super::fluxcloud::convert(env, fc_ns, ns, &mut report));
    }
    report.objects = objects
        .iter()
        .map(|o| {
            format!(
                "{}/{}/{}",
                o["kind"].as_str().unwrap_or(""),
                ns,
                o["metadata"]["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    let bundle_path = fluxyaml::join_rel(&opts.path, "flux-v1.yaml");
    let bundle = crate::output::to_yaml_stream(
        &objects
            .iter()
            .cloned()
            .map(crate::output::sorted_keys)
            .collect::<Vec<_>>(),
    )
    .map_err(|e| Error::Input(format!("rendering the bundle: {e}")))?;
    files.write(
        &bundle_path,
        bundle,
        "the Flux v2 objects replacing fluxd's configuration",
    );
    report.manual(format!(
        "stop Flux v1 (kubectl -n {fns} scale deployment flux --replicas=0), install Flux v2 (flux install), then apply the bundle: kubectl apply -f {bundle_path} (or bootstrap Flux v2 with --path={})",
        opts.path
    ));
    plan.objects = objects;
    plan.report = report;
    Ok(plan)
}

/// `target` relative to the directory `from` (both repository-relative).
fn pathdiff(target: &str, from: &str) -> String {
    let t: Vec<&str> = target
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let f: Vec<&str> = from
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec![String::from(".."); f.len() - common];
    parts.extend(t[common..].iter().map(|s| s.to_string()));
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paths_and_variables() {
        assert_eq!(object_name("./clusters/Prod_1"), "clusters-prod-1");
        assert_eq!(object_name("."), "flux-v1");
        assert_eq!(
            pathdiff("apps/flux-patch.yaml", "apps/overlays/prod"),
            "../../flux-patch.yaml"
        );
        assert_eq!(pathdiff("apps/p.yaml", "apps"), "p.yaml");
        let vars: BTreeSet<String> = ["CLUSTER".to_string()].into();
        assert_eq!(
            brace_vars(
                "name: $CLUSTER-app $$CLUSTER ${CLUSTER} $OTHER",
                &vars,
                &BTreeSet::new()
            ),
            "name: ${CLUSTER}-app $$CLUSTER ${CLUSTER} $OTHER"
        );
        assert_eq!(
            brace_vars("a: $CLUSTER ${CLUSTER}", &vars, &vars),
            "a: ${CLUSTER:=} ${CLUSTER:=}"
        );
        assert_eq!(
            referenced_vars("a: $A\nb: ${B}\nc: $$C"),
            ["A".to_string(), "B".to_string()].into()
        );
    }

    #[test]
    fn annotations_are_rewritten_and_image_ones_kept() {
        let text = "metadata:\n  annotations:\n    fluxcd.io/ignore: \"true\"\n    fluxcd.io/automated: \"true\"\n  labels:\n    fluxcd.io/sync-gc-mark: abc\n";
        let out = rewrite_annotations(text).unwrap();
        assert_eq!(out, "metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n    fluxcd.io/automated: \"true\"\n  labels:\n");
        let out = rewrite_annotations("    flux.weave.works/ignore: sync_only\n").unwrap();
        assert_eq!(out, "    kustomize.toolkit.fluxcd.io/prune: disabled\n");
        assert!(rewrite_annotations("a: b\n").is_none());
    }

    #[test]
    fn patch_references_are_detected_and_added() {
        assert!(references_patch(
            "patchesStrategicMerge:\n- flux-patch.yaml\n",
            "./flux-patch.yaml"
        ));
        assert!(references_patch(
            "patches:\n- path: ../p.yaml\n",
            "../p.yaml"
        ));
        assert!(!references_patch(
            "resources:\n- a.yaml\n",
            "flux-patch.yaml"
        ));
        assert_eq!(
            add_patch_reference("resources:\n- a.yaml\n", "flux-patch.yaml"),
            "resources:\n- a.yaml\npatches:\n- path: flux-patch.yaml\n"
        );
        assert_eq!(
            add_patch_reference("patches:\n- path: x.yaml\n", "flux-patch.yaml"),
            "patches:\n- path: flux-patch.yaml\n- path: x.yaml\n"
        );
    }
}
