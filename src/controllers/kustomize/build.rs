//! Steps 3 and 4 of a Kustomization run: fetch the source artifact (digest verified, safe
//! extraction) and build it with Flux's build (generated kustomization, post-build
//! substitution with `substituteFrom`, SOPS decryption with `decryption.secretRef`). Pure but
//! for reading the Secrets and ConfigMaps the spec names; nothing is applied from a failed
//! build. Values and key material never appear in errors.

use std::collections::BTreeMap;

use kube::api::Api;
use kube::ResourceExt;
use serde_json::Value;

use super::{failed, Context, Error};
use crate::api::kustomize::{Kustomization, PostBuild};
use crate::api::meta::reason;

/// Steps 2 and 3: download and extract the artifact, then build (nothing is applied when this
/// fails).
pub(super) async fn fetch_and_build(
    obj: &Kustomization,
    ctx: &Context,
    url: &str,
    digest: &str,
) -> Result<Vec<Value>, Error> {
    let tmp = tempfile::tempdir().map_err(|e| {
        failed(
            reason::ARTIFACT_FAILED,
            format!("creating a work directory: {e}"),
        )
    })?;
    crate::artifact::fetch::fetch(url, digest, tmp.path(), &Default::default())
        .await
        .map_err(|e| failed(reason::ARTIFACT_FAILED, e.to_string()))?;
    let root = std::fs::canonicalize(tmp.path())
        .map_err(|e| failed(reason::ARTIFACT_FAILED, e.to_string()))?;
    let path = obj.spec.path.clone().unwrap_or_else(|| String::from("./"));
    let dir = crate::build::resolve_path(&root, &path).map_err(|_| {
        failed(
            reason::ARTIFACT_FAILED,
            format!("kustomization path not found: {path}"),
        )
    })?;
    let own_ns = obj.namespace().unwrap_or_default();
    let substitute_from = match &obj.spec.post_build {
        Some(pb) => substitute_values(&ctx.client, &own_ns, pb)
            .await
            .map_err(|e| failed(reason::BUILD_FAILED, e))?,
        None => BTreeMap::new(),
    };
    let keys = match &obj.spec.decryption {
        Some(d) => Some(
            decryption_keys(&ctx.client, &own_ns, d)
                .await
                .map_err(|e| failed(reason::BUILD_FAILED, e))?,
        ),
        None => None,
    };
    let name = obj.name_any();
    let spec = obj.spec.clone();
    let allow_remote = ctx.allow_remote_bases;
    // Messages name files relative to the artifact: the work directory's random name would
    // make each retry's message (and Event) a new one.
    let prefixes = [
        format!("{}/", root.display()),
        format!("{}/", tmp.path().display()),
    ];
    let relative = move |m: String| {
        prefixes
            .iter()
            .fold(m, |m, prefix| m.replace(prefix.as_str(), ""))
    };
    // The build is CPU-bound and touches only files: keep it off the async workers.
    tokio::task::spawn_blocking(move || {
        let b = crate::build::FluxBuild {
            name: &name,
            namespace: &own_ns,
            spec: &spec,
            dir: &dir,
            root: &root,
            ignore_paths: &[],
            strict_substitute: true,
            substitute_from,
            decryption: keys.as_ref(),
            allow_remote,
        };
        let out = crate::build::build(&b);
        drop(tmp);
        out
    })
    .await
    .map_err(|e| failed(reason::BUILD_FAILED, format!("build task: {e}")))?
    .map_err(|e| failed(reason::BUILD_FAILED, relative(e.to_string())))
}

/// Imports the SOPS keys of `decryption.secretRef`: every `*.agekey` entry (age identities)
/// and `*.asc` entry (armored OpenPGP secret keys). Key material never appears in errors.
pub async fn decryption_keys(
    client: &kube::Client,
    ns: &str,
    d: &crate::api::kustomize::Decryption,
) -> Result<crate::sops::Keys, String> {
    use k8s_openapi::api::core::v1::Secret;
    let mut keys = crate::sops::Keys::default();
    let Some(r) = &d.secret_ref else {
        return Ok(keys);
    };
    let secret = Api::<Secret>::namespaced(client.clone(), ns)
        .get(&r.name)
        .await
        .map_err(|e| {
            format!(
                "cannot get sops decryption Secret '{ns}/{}': {}",
                r.name,
                crate::cluster::api_message(&e)
            )
        })?;
    for (name, value) in secret.data.iter().flatten() {
        let res = if name.ends_with(".agekey") {
            keys.import_age(&String::from_utf8_lossy(&value.0))
        } else if name.ends_with(".asc") {
            keys.import_pgp(&value.0)
        } else {
            continue;
        };
        res.map_err(|e| {
            format!(
                "failed to import '{name}' data from sops decryption Secret '{ns}/{}': {e}",
                r.name
            )
        })?;
    }
    Ok(keys)
}

/// Reads `postBuild.substituteFrom` as Flux's `LoadVariables` does: in order, a later source
/// overriding an earlier one, newlines removed from values, optional missing ones skipped.
/// Values never appear in errors.
pub async fn substitute_values(
    client: &kube::Client,
    ns: &str,
    pb: &PostBuild,
) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for r in &pb.substitute_from {
        let kind = format!("{:?}", r.kind);
        let values = crate::cluster::config_data(client, ns, kind == "Secret", &r.name).await;
        match values {
            Ok(v) => {
                for (k, val) in v {
                    out.insert(k, String::from_utf8_lossy(&val).replace('\n', ""));
                }
            }
            Err(e) if r.optional && crate::cluster::is_not_found(&e) => {}
            Err(e) => {
                return Err(format!(
                    "substitute from '{kind}/{}' error: {}",
                    r.name,
                    crate::cluster::api_message(&e)
                ))
            }
        }
    }
    Ok(out)
}

/// `sha256:<hex>` of the built objects as a YAML stream.
pub(super) fn build_digest(objects: &[Value]) -> String {
    let yaml = crate::goyaml::to_yaml_stream(objects.iter());
    crate::artifact::archive::digest_bytes(yaml.as_bytes()).to_string()
}
