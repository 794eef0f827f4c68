//! `flux build kustomization NAME --path DIR`: Flux's build of a Kustomization from local
//! files (generated kustomization.yaml, spec patches/images/components/prefix/suffix,
//! commonMetadata, post-build substitution, ownership labels), printed as YAML.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use kube::api::Api;

use crate::api::kustomize::Kustomization;
use crate::build::FluxBuild;

/// Flags of `flux build kustomization`.
#[derive(Debug, clap::Args)]
pub struct BuildKustomizationArgs {
    /// The Kustomization name.
    pub name: String,
    /// Path to the manifests location.
    #[arg(long, default_value = "", value_parser = clap::builder::ValueParser::os_string())]
    pub path: std::ffi::OsString,
    /// Path to the Flux Kustomization YAML file.
    #[arg(long)]
    pub kustomization_file: Option<PathBuf>,
    /// Set paths to ignore in .gitignore format.
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// Dry run mode: no cluster is contacted (substituteFrom is skipped).
    #[arg(long)]
    pub dry_run: bool,
    /// When enabled, the post build substitutions will fail if a var without a default value is
    /// declared in files but is missing from the input vars.
    #[arg(long)]
    pub strict_substitute: bool,
    /// Accepted for compatibility: builds always run in memory and never write to --path.
    #[arg(long)]
    pub in_memory_build: bool,
    /// Recursively build Kustomizations.
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Comma-separated list of repositories in format: Kind/namespace/name=path.
    #[arg(long, value_delimiter = ',', value_parser = local_source)]
    pub local_sources: Vec<(String, String)>,
    /// Build from the file when the Kustomization is not in the cluster (`flux diff`'s
    /// `--ignore-not-found`).
    #[arg(skip)]
    pub ignore_not_found: bool,
    /// Build this Kustomization only, even with `--recursive` (`flux diff` recurses itself).
    #[arg(skip)]
    pub single: bool,
}

/// One `--local-sources` entry, `Kind/namespace/name=path`, as pflag's string-to-string
/// flags read it.
pub fn local_source(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(format!("{s} must be formatted as key=value")),
    }
}

/// The local directory of a child Kustomization: its source's `--local-sources` path joined
/// with its `spec.path`.
pub fn child_dir(local_sources: &[(String, String)], k: &Kustomization) -> anyhow::Result<PathBuf> {
    let r = &k.spec.source_ref;
    let ns = r
        .namespace
        .clone()
        .or_else(|| k.metadata.namespace.clone())
        .unwrap_or_default();
    let key = if ns.is_empty() {
        format!("{}/{}", r.kind.as_str(), r.name)
    } else {
        format!("{}/{ns}/{}", r.kind.as_str(), r.name)
    };
    let local = local_sources
        .iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "cannot get local path for {key} of kustomization {}",
                k.metadata.name.as_deref().unwrap_or_default()
            )
        })?;
    Ok(PathBuf::from(local).join(k.spec.path.as_deref().unwrap_or_default()))
}

/// What one (sub-)build needs besides its Kustomization.
struct Tree<'a> {
    args: &'a BuildKustomizationArgs,
    client: Option<kube::Client>,
}

impl Tree<'_> {
    /// The live object of a child found in a build, or the child itself when the cluster
    /// has none (or in a dry run).
    async fn resolve_child(&self, child: Kustomization) -> anyhow::Result<Kustomization> {
        let Some(client) = &self.client else {
            return Ok(child);
        };
        let ns = child.metadata.namespace.clone().unwrap_or_default();
        let name = child.metadata.name.clone().unwrap_or_default();
        let api: Api<Kustomization> = Api::namespaced(client.clone(), &ns);
        match api.get(&name).await {
            Ok(live) => Ok(live),
            Err(kube::Error::Api(e)) if e.code == 404 => Ok(child),
            Err(e) => Err(anyhow::anyhow!("failed to get kustomization object: {e}")),
        }
    }

    /// Builds `dir` for `ks` and, with `--recursive`, every other Flux Kustomization the
    /// build contains, their objects after the parent's.
    fn build<'b>(
        &'b self,
        ks: &'b Kustomization,
        dir: PathBuf,
        namespace: String,
    ) -> futures::future::BoxFuture<'b, anyhow::Result<Vec<serde_json::Value>>> {
        Box::pin(async move {
            let name = ks.metadata.name.clone().unwrap_or_default();
            let from = match (&self.client, &ks.spec.post_build) {
                (Some(client), Some(pb)) => {
                    crate::controllers::kustomize::substitute_values(client, &namespace, pb)
                        .await
                        .map_err(anyhow::Error::msg)?
                }
                _ => BTreeMap::new(),
            };
            let root = std::fs::canonicalize("/").unwrap_or_else(|_| PathBuf::from("/"));
            let dir = std::fs::canonicalize(&dir).with_context(|| {
                format!("invalid resource path {:?}", dir.display().to_string())
            })?;
            let b = FluxBuild {
                name: &name,
                namespace: &namespace,
                spec: &ks.spec,
                dir: &dir,
                root: &root,
                ignore_paths: &self.args.ignore_paths,
                strict_substitute: self.args.strict_substitute,
                substitute_from: from,
                decryption: None,
                // Flux's CLI builds on the plain filesystem: kustomize fetches remote bases.
                allow_remote: true,
            };
            let mut objects = crate::build::build(&b)?;
            if !self.args.recursive || self.args.single {
                return Ok(objects);
            }
            let mut more = Vec::new();
            for o in &objects {
                let Some(child) = flux_kustomization(o)? else {
                    continue;
                };
                if child.metadata.name.as_deref() == Some(name.as_str())
                    && child.metadata.namespace.as_deref() == Some(namespace.as_str())
                {
                    continue;
                }
                let dir = child_dir(&self.args.local_sources, &child)?;
                let child = self.resolve_child(child).await?;
                let ns = child.metadata.namespace.clone().unwrap_or_default();
                more.extend(self.build(&child, dir, ns).await?);
            }
            objects.extend(more);
            Ok(objects)
        })
    }
}

/// The object as a Flux Kustomization, `None` for any other kind.
pub fn flux_kustomization(o: &serde_json::Value) -> anyhow::Result<Option<Kustomization>> {
    let api = o["apiVersion"].as_str().unwrap_or_default();
    if o["kind"] != "Kustomization" || !api.starts_with("kustomize.toolkit.fluxcd.io/") {
        return Ok(None);
    }
    serde_json::from_value(o.clone())
        .map(Some)
        .map_err(|e| anyhow::anyhow!("failed to convert to kustomization: {e}"))
}

/// The Kustomization of `--kustomization-file` with this name in this namespace (or with no
/// namespace), as Flux looks it up.
fn read_kustomization_file(
    path: &std::path::Path,
    name: &str,
    namespace: &str,
) -> anyhow::Result<Kustomization> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!("failed to read kustomization file {}: {e}", path.display())
    })?;
    let docs = crate::kustomize::yaml::parse_stream(&text).map_err(|e| {
        anyhow::anyhow!(
            "failed to unmarshall kustomization file {}: {e}",
            path.display()
        )
    })?;
    for d in docs {
        let ns = d
            .pointer("/metadata/namespace")
            .and_then(|n| n.as_str())
            .unwrap_or_default();
        if d.get("kind").and_then(|k| k.as_str()) == Some("Kustomization")
            && d.get("apiVersion")
                .and_then(|k| k.as_str())
                .is_some_and(|a| a.starts_with("kustomize.toolkit.fluxcd.io/"))
            && d.pointer("/metadata/name").and_then(|n| n.as_str()) == Some(name)
            && (ns == namespace || ns.is_empty())
        {
            return serde_json::from_value(d).map_err(|e| {
                anyhow::anyhow!(
                    "failed to unmarshall kustomization file {}: {e}",
                    path.display()
                )
            });
        }
    }
    anyhow::bail!(
        "failed find kustomization with name '{name}' and namespace '{namespace}' in file '{}'",
        path.display()
    )
}

/// What Flux prints in place of SOPS-encrypted Secret values.
const SOPS_MASK: &str = "**SOPS**";

/// Flux's masking of SOPS data in a built Secret: a Secret encrypted as a whole loses its
/// `sops` section and every value becomes the mask (a `{"mask": …}` document for
/// dockerconfigjson Secrets); otherwise only the values that are encrypted SOPS files are
/// masked (with the base64 of the mask, in `data` and in `stringData` alike, as Flux does).
pub fn mask_sops_data(obj: &mut serde_json::Value) -> anyhow::Result<()> {
    use base64::Engine;
    use serde_json::Value;
    if obj["kind"] != "Secret" {
        return Ok(());
    }
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let name = obj["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let yaml = crate::goyaml::to_yaml(obj);
    let whole = yaml.contains("sops:") && yaml.contains("mac: ENC[");
    let Some(map) = obj.as_object_mut() else {
        return Ok(());
    };
    if whole {
        map.remove("sops");
        let docker =
            map.get("type").and_then(Value::as_str) == Some("kubernetes.io/dockerconfigjson");
        let json_mask = serde_json::json!({"mask": SOPS_MASK}).to_string();
        for (field, encoded) in [("data", true), ("stringData", false)] {
            if let Some(Value::Object(m)) = map.get_mut(field) {
                for v in m.values_mut() {
                    *v = Value::String(match (docker, encoded) {
                        (true, true) => b64(&json_mask),
                        (true, false) => json_mask.clone(),
                        (false, true) => b64(SOPS_MASK),
                        (false, false) => SOPS_MASK.to_string(),
                    });
                }
            }
        }
        return Ok(());
    }
    let encrypted = |text: &[u8]| {
        let t = String::from_utf8_lossy(text);
        t.contains("sops") && t.contains("ENC[")
    };
    if let Some(Value::Object(m)) = map.get_mut("data") {
        for v in m.values_mut() {
            let Some(text) = v.as_str() else { continue };
            let data = match crate::go_base64_decode(text) {
                Ok(d) => d,
                Err(base64::DecodeError::InvalidByte(at, _)) => anyhow::bail!(
                    "failed to mask secret {name} sops data: illegal base64 data at input byte {at}"
                ),
                Err(_) => continue,
            };
            if encrypted(&data) {
                *v = Value::String(b64(SOPS_MASK));
            }
        }
    }
    if let Some(Value::Object(m)) = map.get_mut("stringData") {
        for v in m.values_mut() {
            if v.as_str().is_some_and(|t| encrypted(t.as_bytes())) {
                *v = Value::String(b64(SOPS_MASK));
            }
        }
    }
    Ok(())
}

/// Runs the command.
pub async fn run(args: BuildKustomizationArgs, g: &super::Global) -> anyhow::Result<()> {
    let (_, mut objects) = load_and_build(&args, g).await?;
    for o in &mut objects {
        mask_sops_data(o)?;
    }
    // As Flux prints a build: every object followed by a document separator.
    let yaml: String = objects
        .iter()
        .map(|o| format!("{}---\n", crate::goyaml::to_yaml(o)))
        .collect();
    crate::output::print_stdout(&yaml)?;
    Ok(())
}

/// Reads the Kustomization (from `--kustomization-file` or the cluster) and builds `--path`
/// as the controller would; returns both.
pub async fn load_and_build(
    args: &BuildKustomizationArgs,
    g: &super::Global,
) -> anyhow::Result<(Kustomization, Vec<serde_json::Value>)> {
    // Flux's checks, in Flux's order, before any cluster access.
    if args.path.as_os_str().is_empty() {
        anyhow::bail!("invalid resource path \"\"");
    }
    let path = PathBuf::from(&args.path);
    let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let absolute: PathBuf = absolute.components().collect();
    if !absolute.is_dir() {
        anyhow::bail!("invalid resource path {:?}", absolute.display().to_string());
    }
    if args.dry_run && args.kustomization_file.is_none() {
        anyhow::bail!("dry-run mode requires a kustomization file");
    }
    if let Some(f) = &args.kustomization_file {
        if !f.exists() || f.is_dir() {
            anyhow::bail!("invalid kustomization file {:?}", f.display().to_string());
        }
    }
    if args.ignore_not_found && args.kustomization_file.is_none() {
        anyhow::bail!("kustomization file is required when assuming new kustomizations");
    }
    let (ks, client) = match (&args.kustomization_file, args.dry_run) {
        (Some(f), true) => (read_kustomization_file(f, &args.name, &g.namespace)?, None),
        (None, true) => anyhow::bail!("dry-run mode requires a kustomization file"),
        (file, false) => {
            let client = g.client().await?;
            let api: Api<Kustomization> = Api::namespaced(client.clone(), &g.namespace);
            // As in Flux: the live object is read even with a file (whose spec wins, with
            // the live status), and its absence is an error unless `--ignore-not-found`.
            let live = match api.get(&args.name).await {
                Ok(k) => Some(k),
                Err(kube::Error::Api(e)) if e.code == 404 && args.ignore_not_found => None,
                Err(e) => {
                    return Err(anyhow::Error::new(e).context(format!(
                        "failed to get kustomization object {}/{}",
                        g.namespace, args.name
                    )))
                }
            };
            let ks = match (file, live) {
                (Some(f), live) => {
                    let mut k = read_kustomization_file(f, &args.name, &g.namespace)?;
                    if let Some(l) =
                        live.filter(|l| l.status.as_ref().is_some_and(|s| s.inventory.is_some()))
                    {
                        k.status = l.status;
                    }
                    k
                }
                (None, Some(l)) => l,
                (None, None) => {
                    anyhow::bail!("kustomization file is required when assuming new kustomizations")
                }
            };
            (ks, Some(client))
        }
    };
    let namespace = ks
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| g.namespace.clone());
    let tree = Tree { args, client };
    let objects = tree
        .build(&ks, PathBuf::from(&args.path), namespace)
        .await?;
    Ok((ks, objects))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sops_encrypted_secrets_are_masked_as_flux_masks_them() {
        let mut whole = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
            "data": {"token": "RU5DW0FFUzI1Nl9HQ00sZGF0YTp4XQ=="},
            "stringData": {"pass": "ENC[AES256_GCM,data:y]"},
            "sops": {"mac": "ENC[AES256_GCM,data:z]", "version": "3.9.0"}});
        mask_sops_data(&mut whole).unwrap();
        assert_eq!(whole.get("sops"), None);
        assert_eq!(whole["data"]["token"], "KipTT1BTKio=");
        assert_eq!(whole["stringData"]["pass"], "**SOPS**");

        let mut docker = json!({"kind": "Secret", "metadata": {"name": "d"},
            "type": "kubernetes.io/dockerconfigjson",
            "data": {".dockerconfigjson": "RU5DWy4uLl0="},
            "sops": {"mac": "ENC[AES256_GCM,data:z]"}});
        mask_sops_data(&mut docker).unwrap();
        assert_eq!(
            docker["data"][".dockerconfigjson"],
            "eyJtYXNrIjoiKipTT1BTKioifQ=="
        );

        // An encrypted file as one value: only that value is masked.
        use base64::Engine;
        let file = base64::engine::general_purpose::STANDARD
            .encode("key: ENC[AES256_GCM,data:q]\nsops:\n  version: 3.9.0\n");
        let mut part = json!({"kind": "Secret", "metadata": {"name": "p"},
            "data": {"file.yaml": file, "plain": "aGVsbG8="}});
        mask_sops_data(&mut part).unwrap();
        assert_eq!(part["data"]["file.yaml"], "KipTT1BTKio=");
        assert_eq!(part["data"]["plain"], "aGVsbG8=");

        let mut bad = json!({"kind": "Secret", "metadata": {"name": "b"}, "data": {"x": "a$b="}});
        assert_eq!(
            mask_sops_data(&mut bad).unwrap_err().to_string(),
            "failed to mask secret b sops data: illegal base64 data at input byte 1"
        );
        let mut cm = json!({"kind": "ConfigMap", "data": {"sops": "ENC["}});
        mask_sops_data(&mut cm).unwrap();
        assert_eq!(cm["data"]["sops"], "ENC[");
    }
}
