//! `flux create source helm` and the credential Secrets of the non-Git sources
//! (`flux create secret helm|oci|proxy`): flags -> objects -> `--export` or apply and wait,
//! with Flux's flag names, validation messages and Secret layouts (fluxcd/pkg's secret
//! factory: typed Secrets, `type` and keys as Flux 2.9 writes them).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};

use super::create::{apply, wait_ready, write_secret, CreateCommon};
use super::kinds::{self, HELM_REPOSITORY};
use super::Global;
use crate::api::Duration;

/// Flags of `flux create source helm`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateSourceHelmArgs {
    /// Name of the HelmRepository.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// Helm repository address.
    #[arg(long)]
    pub url: Option<String>,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// TLS authentication cert file path.
    #[arg(long)]
    pub cert_file: Option<PathBuf>,
    /// TLS authentication key file path.
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// TLS authentication CA file path.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// The name of an existing secret containing TLS, basic auth or docker-config credentials.
    #[arg(long)]
    pub secret_ref: Option<String>,
    /// OCI provider for authentication.
    #[arg(long)]
    pub oci_provider: Option<String>,
    /// Pass credentials to all domains.
    #[arg(long)]
    pub pass_credentials: bool,
    /// Set a timeout for fetch operations performed by source-controller (e.g. 'Git clone' and 'Helm repository index download').
    #[arg(long)]
    pub fetch_timeout: Option<Duration>,
}

fn read_file(path: &PathBuf, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{what} {}: {e}", path.display()))
}

/// Credentials as fluxcd/pkg's secret factory lays them out for Helm repositories: a client
/// certificate makes a `kubernetes.io/tls` Secret (basic auth is then left out, as in Flux),
/// else basic auth makes a `kubernetes.io/basic-auth` Secret (plus `ca.crt`), else a CA alone
/// makes an Opaque one; nothing given makes an empty Secret.
#[derive(Default)]
struct HelmCredentials {
    username: Option<String>,
    password: Option<String>,
    ca: Option<String>,
    cert: Option<String>,
    key: Option<String>,
}

impl HelmCredentials {
    fn data(&self) -> anyhow::Result<(BTreeMap<String, String>, Option<&'static str>)> {
        let mut data = BTreeMap::new();
        let some = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let (user, pass) = (some(&self.username), some(&self.password));
        let (cert, key, ca) = (some(&self.cert), some(&self.key), some(&self.ca));
        if cert.is_some() || key.is_some() {
            match (cert, key) {
                (Some(c), Some(k)) => {
                    data.insert("tls.crt".into(), c);
                    data.insert("tls.key".into(), k);
                }
                (Some(_), None) => anyhow::bail!("found certificate but missing private key"),
                _ => anyhow::bail!("found private key but missing certificate"),
            }
            if let Some(ca) = ca {
                data.insert("ca.crt".into(), ca);
            }
            return Ok((data, Some("kubernetes.io/tls")));
        }
        if user.is_some() || pass.is_some() {
            let u = user.ok_or_else(|| anyhow::anyhow!("username is required"))?;
            let p = pass.ok_or_else(|| anyhow::anyhow!("password is required"))?;
            data.insert("username".into(), u);
            data.insert("password".into(), p);
            if let Some(ca) = ca {
                data.insert("ca.crt".into(), ca);
            }
            return Ok((data, Some("kubernetes.io/basic-auth")));
        }
        if let Some(ca) = ca {
            data.insert("ca.crt".into(), ca);
            return Ok((data, Some("Opaque")));
        }
        Ok((data, None))
    }
}

impl CreateSourceHelmArgs {
    /// Validates the flags and builds the HelmRepository.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let Some(url) = self.url.as_deref().filter(|u| !u.is_empty()) else {
            anyhow::bail!("url is required");
        };
        let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("url parse failed: {e}"))?;
        let scheme = parsed.scheme();
        if !matches!(scheme, "http" | "https" | "oci") {
            anyhow::bail!("url scheme '{scheme}' not supported, can be: http, https and oci");
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            anyhow::bail!("url host is required");
        }
        let mut spec = json!({
            "interval": self.common.interval.to_string(),
            "url": url,
        });
        if scheme == "oci" {
            spec["type"] = json!("oci");
            if let Some(p) = self.oci_provider.as_deref().filter(|p| !p.is_empty()) {
                spec["provider"] = json!(p);
            }
        }
        if let Some(t) = self.fetch_timeout.as_ref().filter(|t| !t.std().is_zero()) {
            spec["timeout"] = json!(t.to_string());
        }
        if let Some(s) = self.secret_ref.as_deref().filter(|s| !s.is_empty()) {
            spec["secretRef"] = json!({ "name": s });
            if self.pass_credentials {
                spec["passCredentials"] = json!(true);
            }
        }
        let mut meta = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            meta["labels"] = json!(labels);
        }
        Ok(kinds::sorted(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "HelmRepository",
            "metadata": meta,
            "spec": spec,
        })))
    }

    /// The `helm-<name>` Secret the credential flags describe (none with `--secret-ref` or
    /// without credentials).
    fn to_secret(&self, namespace: &str) -> anyhow::Result<Option<Value>> {
        if self.secret_ref.as_deref().is_some_and(|s| !s.is_empty()) {
            return Ok(None);
        }
        let ca = match &self.ca_file {
            Some(p) => Some(read_file(p, "unable to read TLS CA file")?),
            None => None,
        };
        // Flux reads the pair only when both files are given.
        let (cert, key) = match (&self.cert_file, &self.key_file) {
            (Some(c), Some(k)) => (
                Some(read_file(c, "failed to read cert file")?),
                Some(read_file(k, "failed to read key file")?),
            ),
            _ => (None, None),
        };
        let creds = HelmCredentials {
            username: self.username.clone(),
            password: self.password.clone(),
            ca,
            cert,
            key,
        };
        let (data, ty) = creds.data()?;
        if data.is_empty() {
            return Ok(None);
        }
        let name = format!("helm-{}", self.name);
        Ok(Some(secret(&name, namespace, &[], data, ty)?))
    }
}

fn secret(
    name: &str,
    namespace: &str,
    labels: &[String],
    data: BTreeMap<String, String>,
    ty: Option<&str>,
) -> anyhow::Result<Value> {
    super::create::secret_object(name, namespace, labels, data, ty)
}

/// Runs `flux create source helm`.
pub async fn source_helm(args: CreateSourceHelmArgs, g: &Global) -> anyhow::Result<()> {
    let mut obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    let secret = args.to_secret(&g.namespace)?;
    let log = g.logger();
    let oci = obj["spec"]["type"] == "oci";
    g.within_timeout("create source helm", async {
        log.generate("generating HelmRepository source");
        if let Some(s) = &secret {
            log.action("applying secret with repository credentials");
            apply(g, s).await?;
            obj["spec"]["secretRef"] = json!({ "name": s["metadata"]["name"] });
            if args.pass_credentials {
                obj["spec"]["passCredentials"] = json!(true);
            }
            log.success("authentication configured");
        }
        log.action("applying HelmRepository source");
        apply(g, &kinds::sorted(obj.clone())).await?;
        log.success("source created");
        log.waiting("waiting for HelmRepository source reconciliation");
        if oci {
            // A HelmRepository of type OCI is static: nothing reconciles it.
            log.success("HelmRepository source reconciliation completed");
            return Ok(());
        }
        let live = wait_ready(g, &HELM_REPOSITORY, &args.name, "HelmRepository source").await?;
        log.success("HelmRepository source reconciliation completed");
        match HELM_REPOSITORY.revision(&live) {
            Some(rev) => log.success(format!("fetched revision: {rev}")),
            None => anyhow::bail!(
                "HelmRepository source reconciliation completed but no artifact was found"
            ),
        }
        Ok(())
    })
    .await
}

/// Flags of `flux create secret helm`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretHelmArgs {
    /// Name of the Secret.
    pub name: String,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// TLS authentication cert file path.
    #[arg(long)]
    pub tls_crt_file: Option<PathBuf>,
    /// TLS authentication key file path.
    #[arg(long)]
    pub tls_key_file: Option<PathBuf>,
    /// TLS authentication CA file path.
    #[arg(long)]
    pub ca_crt_file: Option<PathBuf>,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl SecretHelmArgs {
    /// Builds the Secret from the flags.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let opt = |p: &Option<PathBuf>, what: &str| -> anyhow::Result<Option<String>> {
            p.as_ref().map(|p| read_file(p, what)).transpose()
        };
        let creds = HelmCredentials {
            username: self.username.clone(),
            password: self.password.clone(),
            ca: opt(&self.ca_crt_file, "unable to read TLS CA file")?,
            cert: opt(&self.tls_crt_file, "failed to read cert file")?,
            key: opt(&self.tls_key_file, "failed to read key file")?,
        };
        let (data, ty) = creds.data()?;
        secret(&self.name, namespace, &self.labels, data, ty)
    }
}

/// Runs `flux create secret helm`.
pub async fn secret_helm(args: SecretHelmArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    write_secret(obj, args.export, &args.name, "helm secret", g).await
}

/// Flags of `flux create secret oci`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretOciArgs {
    /// Name of the Secret.
    pub name: String,
    /// oci repository address e.g ghcr.io/stefanprodan/charts
    #[arg(long)]
    pub url: Option<String>,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
}

pub use crate::install::docker_config_json;

impl SecretOciArgs {
    /// Builds the Secret from the flags.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let req = |v: &Option<String>, flag: &str| -> anyhow::Result<String> {
            v.clone()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| anyhow::anyhow!("{flag} is required"))
        };
        let url = req(&self.url, "--url")?;
        let user = req(&self.username, "--username")?;
        let pass = req(&self.password, "--password")?;
        crate::oci::Reference::parse(&url)
            .map_err(|e| anyhow::anyhow!("error parsing url: '{e}'"))?;
        let mut data = BTreeMap::new();
        data.insert(
            ".dockerconfigjson".to_string(),
            docker_config_json(&url, &user, &pass),
        );
        secret(
            &self.name,
            namespace,
            &[],
            data,
            Some("kubernetes.io/dockerconfigjson"),
        )
    }
}

/// Runs `flux create secret oci`.
pub async fn secret_oci(args: SecretOciArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    write_secret(obj, args.export, &args.name, "oci secret", g).await
}

/// Flags of `flux create secret proxy`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretProxyArgs {
    /// Name of the Secret.
    pub name: String,
    /// Proxy address.
    #[arg(long)]
    pub address: Option<String>,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl SecretProxyArgs {
    /// Builds the Secret from the flags.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let Some(address) = self.address.clone().filter(|a| !a.is_empty()) else {
            anyhow::bail!("address is required");
        };
        url::Url::parse(&address).map_err(|e| anyhow::anyhow!("invalid proxy address: {e}"))?;
        let mut data = BTreeMap::new();
        data.insert("address".to_string(), address);
        for (k, v) in [("username", &self.username), ("password", &self.password)] {
            if let Some(v) = v.clone().filter(|v| !v.is_empty()) {
                data.insert(k.to_string(), v);
            }
        }
        secret(&self.name, namespace, &self.labels, data, Some("Opaque"))
    }
}

/// Runs `flux create secret proxy`.
pub async fn secret_proxy(args: SecretProxyArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    write_secret(obj, args.export, &args.name, "proxy secret", g).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_secrets_follow_flux_priority_client_cert_then_basic_auth_then_ca() {
        let c = |u: Option<&str>, ca: Option<&str>, cert: bool| HelmCredentials {
            username: u.map(String::from),
            password: u.map(|_| "pw".to_string()),
            ca: ca.map(String::from),
            cert: cert.then(|| "C".to_string()),
            key: cert.then(|| "K".to_string()),
        };
        let (d, t) = c(Some("u"), Some("CA"), true).data().unwrap();
        assert_eq!(t, Some("kubernetes.io/tls"));
        assert_eq!(
            d.keys().collect::<Vec<_>>(),
            ["ca.crt", "tls.crt", "tls.key"]
        );
        let (d, t) = c(Some("u"), Some("CA"), false).data().unwrap();
        assert_eq!(t, Some("kubernetes.io/basic-auth"));
        assert_eq!(
            d.keys().collect::<Vec<_>>(),
            ["ca.crt", "password", "username"]
        );
        let (_, t) = c(None, Some("CA"), false).data().unwrap();
        assert_eq!(t, Some("Opaque"));
        let (d, t) = c(None, None, false).data().unwrap();
        assert!(d.is_empty() && t.is_none());
        let half = HelmCredentials {
            username: Some("u".into()),
            ..Default::default()
        };
        assert_eq!(half.data().unwrap_err().to_string(), "password is required");
    }

    #[test]
    fn docker_config_is_go_indented_json() {
        assert_eq!(
            docker_config_json("ghcr.io", "stefanprodan", "password"),
            "{\n  \"auths\": {\n    \"ghcr.io\": {\n      \"username\": \"stefanprodan\",\n      \"password\": \"password\",\n      \"auth\": \"c3RlZmFucHJvZGFuOnBhc3N3b3Jk\"\n    }\n  }\n}"
        );
    }
}

/// flux2's upsert-then-wait for a source (`<what>` is how its messages name the object):
/// `► applying <what>`, `✔ <what> created|updated`, `◎ waiting for <what> reconciliation`,
/// `✔ <what> reconciliation completed`, `✔ fetched revision: <rev>`.
async fn upsert_and_wait(
    g: &Global,
    kind: &'static kinds::Kind,
    name: &str,
    obj: &Value,
    what: &str,
    no_artifact: &str,
) -> anyhow::Result<()> {
    let log = g.logger();
    log.action(format!("applying {what}"));
    let api: kube::Api<kube::api::DynamicObject> =
        kube::Api::namespaced_with(g.client().await?, &g.namespace, &kind.api_resource());
    let existed = api.get_opt(name).await?.is_some();
    apply(g, obj).await?;
    log.success(format!(
        "{what} {}",
        if existed { "updated" } else { "created" }
    ));
    log.waiting(format!("waiting for {what} reconciliation"));
    let live = wait_ready(g, kind, name, &format!("{what} reconciliation")).await?;
    log.success(format!("{what} reconciliation completed"));
    match kind.revision(&live) {
        Some(rev) => log.success(format!("fetched revision: {rev}")),
        None => anyhow::bail!("{no_artifact}"),
    }
    Ok(())
}

/// Flags of `flux create source oci`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateSourceOciArgs {
    /// Name of the OCIRepository.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// The OCI provider name.
    #[arg(long, default_value = "generic", value_parser = ["generic", "aws", "azure", "gcp"])]
    pub provider: String,
    /// The OCI repository URL.
    #[arg(long, default_value = "")]
    pub url: String,
    /// The OCI artifact tag.
    #[arg(long, default_value = "")]
    pub tag: String,
    /// The OCI artifact tag semver range.
    #[arg(long, default_value = "")]
    pub tag_semver: String,
    /// The OCI artifact digest.
    #[arg(long, default_value = "")]
    pub digest: String,
    /// The name of the Kubernetes image pull secret (type 'kubernetes.io/dockerconfigjson').
    #[arg(long, default_value = "")]
    pub secret_ref: String,
    /// The name of an existing secret containing the proxy address and credentials.
    #[arg(long, default_value = "")]
    pub proxy_secret_ref: String,
    /// The name of the Kubernetes service account that refers to an image pull secret.
    #[arg(long, default_value = "")]
    pub service_account: String,
    /// The name of a secret to use for TLS certificates.
    #[arg(long, default_value = "")]
    pub cert_ref: String,
    /// The signature verification provider.
    #[arg(long, default_value = "", value_parser = ["", "cosign"])]
    pub verify_provider: String,
    /// The name of a secret to use for signature verification.
    #[arg(long, default_value = "")]
    pub verify_secret_ref: String,
    /// Regular expression to use for the OIDC subject during signature verification.
    #[arg(long, default_value = "")]
    pub verify_subject: String,
    /// Regular expression to use for the OIDC issuer during signature verification.
    #[arg(long, default_value = "")]
    pub verify_issuer: String,
    /// Set paths to ignore resources (can specify multiple paths with commas: path1,path2).
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// For when connecting to a non-TLS registries over plain HTTP.
    #[arg(long)]
    pub insecure: bool,
    /// The OCI artifact layer selector in the format '<media-type>:<operation>'.
    #[arg(long, default_value = "")]
    pub layer_selector: String,
    /// Set a timeout for fetch operations performed by source-controller.
    #[arg(long)]
    pub fetch_timeout: Option<Duration>,
}

/// `--layer-selector <media-type>:<operation>`.
fn layer_selector(s: &str) -> anyhow::Result<Option<Value>> {
    if s.is_empty() {
        return Ok(None);
    }
    let (media_type, op) = s.split_once(':').unwrap_or((s, ""));
    if media_type.is_empty() || op.is_empty() {
        anyhow::bail!(
            "invalid --layer-selector {s:?}: must be in the format '<media-type>:<operation>'"
        );
    }
    if !matches!(op, "extract" | "copy") {
        anyhow::bail!("invalid --layer-selector {s:?}: operation must be \"extract\" or \"copy\"");
    }
    Ok(Some(json!({ "mediaType": media_type, "operation": op })))
}

impl CreateSourceOciArgs {
    /// Builds the OCIRepository from the flags, with flux2's validation.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        if self.url.is_empty() {
            anyhow::bail!("url is required");
        }
        if self.tag_semver.is_empty() && self.tag.is_empty() && self.digest.is_empty() {
            anyhow::bail!("--tag, --tag-semver or --digest is required");
        }
        let selector = layer_selector(&self.layer_selector)?;
        let mut meta = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            meta["labels"] = json!(labels);
        }
        let mut reference = serde_json::Map::new();
        for (k, v) in [
            ("digest", &self.digest),
            ("semver", &self.tag_semver),
            ("tag", &self.tag),
        ] {
            if !v.is_empty() {
                reference.insert(k.into(), json!(v));
            }
        }
        let mut spec = json!({
            "interval": self.common.interval.to_string(),
            "provider": self.provider,
            "ref": reference,
            "url": self.url,
        });
        let set = |spec: &mut Value, k: &str, v: Value| spec[k] = v;
        let paths: Vec<&str> = self.ignore_paths.iter().map(String::as_str).collect();
        if !paths.is_empty() {
            set(&mut spec, "ignore", json!(paths.join("\n")));
        }
        if self.insecure {
            set(&mut spec, "insecure", json!(true));
        }
        if let Some(sel) = selector {
            set(&mut spec, "layerSelector", sel);
        }
        if let Some(t) = self.fetch_timeout.as_ref().filter(|t| !t.std().is_zero()) {
            set(&mut spec, "timeout", json!(t.to_string()));
        }
        if !self.service_account.is_empty() {
            set(&mut spec, "serviceAccountName", json!(self.service_account));
        }
        for (k, v) in [
            ("secretRef", &self.secret_ref),
            ("proxySecretRef", &self.proxy_secret_ref),
            ("certSecretRef", &self.cert_ref),
        ] {
            if !v.is_empty() {
                set(&mut spec, k, json!({ "name": v }));
            }
        }
        if !self.verify_provider.is_empty() {
            let mut verify = json!({ "provider": self.verify_provider });
            if !self.verify_secret_ref.is_empty() {
                verify["secretRef"] = json!({ "name": self.verify_secret_ref });
            }
            if !self.verify_issuer.is_empty() || !self.verify_subject.is_empty() {
                verify["matchOIDCIdentity"] =
                    json!([{ "issuer": self.verify_issuer, "subject": self.verify_subject }]);
            }
            set(&mut spec, "verify", verify);
        } else if !self.verify_secret_ref.is_empty() {
            anyhow::bail!("a verification provider must be specified when a secret is specified");
        } else if !self.verify_issuer.is_empty() || !self.verify_subject.is_empty() {
            anyhow::bail!(
                "a verification provider must be specified when OIDC issuer/subject is specified"
            );
        }
        Ok(kinds::sorted(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "OCIRepository",
            "metadata": meta,
            "spec": spec,
        })))
    }
}

/// Runs `flux create source oci`.
pub async fn source_oci(args: CreateSourceOciArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    g.within_timeout("create source oci", async {
        let what = "OCIRepository";
        upsert_and_wait(
            g,
            &kinds::OCI_REPOSITORY,
            &args.name,
            &obj,
            what,
            "no artifact was found",
        )
        .await
    })
    .await
}

/// Flags of `flux create source bucket`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateSourceBucketArgs {
    /// Name of the Bucket.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// The S3 compatible storage provider name.
    #[arg(long, default_value = "generic", value_parser = ["generic", "aws", "azure", "gcp"])]
    pub provider: String,
    /// The bucket name.
    #[arg(long, default_value = "")]
    pub bucket_name: String,
    /// The bucket endpoint address.
    #[arg(long, default_value = "")]
    pub endpoint: String,
    /// The bucket access key.
    #[arg(long, default_value = "")]
    pub access_key: String,
    /// The bucket secret key.
    #[arg(long, default_value = "")]
    pub secret_key: String,
    /// The bucket region.
    #[arg(long, default_value = "")]
    pub region: String,
    /// For when connecting to a non-TLS S3 HTTP endpoint.
    #[arg(long)]
    pub insecure: bool,
    /// The name of an existing secret containing credentials.
    #[arg(long, default_value = "")]
    pub secret_ref: String,
    /// The name of an existing secret containing the proxy address and credentials.
    #[arg(long, default_value = "")]
    pub proxy_secret_ref: String,
    /// Set paths to ignore in bucket resource (can specify multiple paths with commas: path1,path2).
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// Set a timeout for fetch operations performed by source-controller.
    #[arg(long)]
    pub fetch_timeout: Option<Duration>,
}

impl CreateSourceBucketArgs {
    /// Builds the Bucket from the flags, with flux2's validation.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        if self.bucket_name.is_empty() {
            anyhow::bail!("bucket-name is required");
        }
        if self.endpoint.is_empty() {
            anyhow::bail!("endpoint is required");
        }
        let mut meta = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            meta["labels"] = json!(labels);
        }
        let mut spec = json!({
            "bucketName": self.bucket_name,
            "endpoint": self.endpoint,
            "interval": self.common.interval.to_string(),
            "provider": self.provider,
        });
        if !self.ignore_paths.is_empty() {
            spec["ignore"] = json!(self.ignore_paths.join("\n"));
        }
        if self.insecure {
            spec["insecure"] = json!(true);
        }
        if !self.region.is_empty() {
            spec["region"] = json!(self.region);
        }
        if let Some(t) = self.fetch_timeout.as_ref().filter(|t| !t.std().is_zero()) {
            spec["timeout"] = json!(t.to_string());
        }
        if !self.secret_ref.is_empty() {
            spec["secretRef"] = json!({ "name": self.secret_ref });
        }
        if !self.proxy_secret_ref.is_empty() {
            spec["proxySecretRef"] = json!({ "name": self.proxy_secret_ref });
        }
        Ok(kinds::sorted(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "Bucket",
            "metadata": meta,
            "spec": spec,
        })))
    }
}

/// Runs `flux create source bucket`.
pub async fn source_bucket(args: CreateSourceBucketArgs, g: &Global) -> anyhow::Result<()> {
    let mut obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    let log = g.logger();
    g.within_timeout("create source bucket", async {
        log.generate("generating Bucket source");
        if args.secret_ref.is_empty() && !args.access_key.is_empty() && !args.secret_key.is_empty()
        {
            let name = format!("bucket-{}", args.name);
            let mut meta = json!({ "name": name, "namespace": g.namespace });
            if let Some(labels) = args.common.labels()? {
                meta["labels"] = json!(labels);
            }
            let secret = json!({
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": meta,
                "stringData": { "accesskey": args.access_key, "secretkey": args.secret_key },
            });
            log.action("applying secret with the bucket credentials");
            apply(g, &secret).await?;
            obj["spec"]["secretRef"] = json!({ "name": name });
            log.success("authentication configured");
        }
        upsert_and_wait(
            g,
            &kinds::BUCKET,
            &args.name,
            &kinds::sorted(obj.clone()),
            "Bucket source",
            "Bucket source reconciliation but no artifact was found",
        )
        .await
    })
    .await
}

/// Flags of `flux create secret githubapp`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretGitHubAppArgs {
    /// Name of the Secret.
    pub name: String,
    /// GitHub app ID.
    #[arg(long, default_value = "")]
    pub app_id: String,
    /// GitHub app installation owner (user or organization).
    #[arg(long, default_value = "")]
    pub app_installation_owner: String,
    /// GitHub app installation ID.
    #[arg(long, default_value = "")]
    pub app_installation_id: String,
    /// GitHub app private key file path.
    #[arg(long, default_value = "")]
    pub app_private_key: String,
    /// GitHub app base URL.
    #[arg(long, default_value = "")]
    pub app_base_url: String,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
}

impl SecretGitHubAppArgs {
    /// The Secret fluxcd/pkg's `MakeGitHubAppSecret` makes (Opaque; `githubAppID`,
    /// `githubAppPrivateKey`, exactly one of the installation owner and ID, the base URL).
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let key = std::fs::read_to_string(&self.app_private_key).map_err(|e| {
            anyhow::anyhow!(
                "unable to read private key file: open {}: {}",
                self.app_private_key,
                e.to_string()
                    .split(" (os error")
                    .next()
                    .unwrap_or_default()
                    .to_lowercase()
            )
        })?;
        if self.app_id.is_empty() {
            anyhow::bail!("githubAppID is required");
        }
        if key.is_empty() {
            anyhow::bail!("githubAppPrivateKey is required");
        }
        let mut data = BTreeMap::from([
            ("githubAppID".to_string(), self.app_id.clone()),
            ("githubAppPrivateKey".to_string(), key),
        ]);
        let owner = !self.app_installation_owner.is_empty();
        let id = !self.app_installation_id.is_empty();
        if owner == id {
            anyhow::bail!(
                "exactly one of githubAppInstallationOwner or githubAppInstallationID must be provided"
            );
        }
        if owner {
            data.insert(
                "githubAppInstallationOwner".into(),
                self.app_installation_owner.clone(),
            );
        } else {
            data.insert(
                "githubAppInstallationID".into(),
                self.app_installation_id.clone(),
            );
        }
        if !self.app_base_url.is_empty() {
            data.insert("githubAppBaseURL".into(), self.app_base_url.clone());
        }
        secret(&self.name, namespace, &[], data, Some("Opaque"))
    }
}

/// Runs `flux create secret githubapp`.
pub async fn secret_githubapp(args: SecretGitHubAppArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    write_secret(obj, args.export, &args.name, "githubapp secret", g).await
}

/// Flags of `flux create source chart`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateSourceChartArgs {
    /// Name of the HelmChart.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// Helm chart name or path.
    #[arg(long, default_value = "")]
    pub chart: String,
    /// Helm chart version, accepts a semver range (ignored for charts from GitRepository sources).
    #[arg(long, default_value = "")]
    pub chart_version: String,
    /// Source that contains the chart in the format '<kind>/<name>', where kind must be one of: (HelmRepository, GitRepository, Bucket).
    #[arg(long, default_value = "")]
    pub source: String,
    /// The reconcile strategy for helm chart (accepted values: Revision and ChartRevision).
    #[arg(long, default_value = "ChartVersion")]
    pub reconcile_strategy: String,
    /// The OCI verify provider name to use for signature verification, available options are: (cosign).
    #[arg(long, default_value = "", value_parser = ["", "cosign"])]
    pub verify_provider: String,
    /// The name of a secret to use for signature verification.
    #[arg(long, default_value = "")]
    pub verify_secret_ref: String,
    /// Regular expression to use for the OIDC subject during signature verification.
    #[arg(long, default_value = "")]
    pub verify_subject: String,
    /// Regular expression to use for the OIDC issuer during signature verification.
    #[arg(long, default_value = "")]
    pub verify_issuer: String,
}

/// flux2's `LocalHelmChartSource`: `<kind>/<name>` with the kind matched case-insensitively.
fn chart_source(s: &str) -> anyhow::Result<(&'static str, String)> {
    const KINDS: [&str; 3] = ["HelmRepository", "GitRepository", "Bucket"];
    if s.trim().is_empty() {
        anyhow::bail!("chart source is required");
    }
    let (kind, name) = match s.split('/').collect::<Vec<_>>()[..] {
        [k, n] => (k, n),
        _ => ("", s),
    };
    if kind.is_empty() || name.is_empty() {
        anyhow::bail!("invalid helm chart source '{s}', must be in format <kind>/<name>");
    }
    let kind = KINDS
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(kind))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "source kind '{kind}' is not supported, must be one of: {}",
                KINDS.join(", ")
            )
        })?;
    Ok((kind, name.to_string()))
}

impl CreateSourceChartArgs {
    /// Builds the HelmChart from the flags, with flux2's validation.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let (kind, source) = chart_source(&self.source)?;
        if self.chart.is_empty() {
            anyhow::bail!("chart name or path is required");
        }
        let mut meta = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            meta["labels"] = json!(labels);
        }
        let mut spec = json!({
            "chart": self.chart,
            "interval": self.common.interval.to_string(),
            "sourceRef": { "kind": kind, "name": source },
        });
        if !self.reconcile_strategy.is_empty() {
            spec["reconcileStrategy"] = json!(self.reconcile_strategy);
        }
        if !self.chart_version.is_empty() {
            spec["version"] = json!(self.chart_version);
        }
        if !self.verify_provider.is_empty() {
            let mut verify = json!({ "provider": self.verify_provider });
            if !self.verify_secret_ref.is_empty() {
                verify["secretRef"] = json!({ "name": self.verify_secret_ref });
            }
            if !self.verify_issuer.is_empty() || !self.verify_subject.is_empty() {
                verify["matchOIDCIdentity"] =
                    json!([{ "issuer": self.verify_issuer, "subject": self.verify_subject }]);
            }
            spec["verify"] = verify;
        } else if !self.verify_secret_ref.is_empty() {
            anyhow::bail!("a verification provider must be specified when a secret is specified");
        } else if !self.verify_issuer.is_empty() || !self.verify_subject.is_empty() {
            anyhow::bail!(
                "a verification provider must be specified when OIDC issuer/subject is specified"
            );
        }
        Ok(kinds::sorted(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "HelmChart",
            "metadata": meta,
            "spec": spec,
        })))
    }
}

/// Runs `flux create source chart`.
pub async fn source_chart(args: CreateSourceChartArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    g.logger().generate("generating HelmChart source");
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    g.within_timeout("create source chart", async {
        upsert_and_wait(
            g,
            &kinds::HELM_CHART,
            &args.name,
            &obj,
            "HelmChart source",
            "HelmChart source reconciliation completed but no artifact was found",
        )
        .await
    })
    .await
}

/// Flags of `flux create secret notation`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretNotationArgs {
    /// Name of the Secret.
    pub name: Option<String>,
    /// Notation trust policy file path.
    #[arg(long, default_value = "")]
    pub trust_policy_file: String,
    /// Root CA cert file path.
    #[arg(long = "ca-cert-file", value_delimiter = ',')]
    pub ca_cert_files: Vec<PathBuf>,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl SecretNotationArgs {
    /// Builds the Secret: each CA file under its file name and `trustpolicy.json`, after
    /// checking the trust policy as notation-go's `Document.Validate` does.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let Some(name) = self.name.as_deref().filter(|n| !n.is_empty()) else {
            anyhow::bail!("name is required");
        };
        if self.ca_cert_files.is_empty() {
            anyhow::bail!("--ca-cert-file is required");
        }
        if self.trust_policy_file.is_empty() {
            anyhow::bail!("--trust-policy-file is required");
        }
        let policy = std::fs::read(&self.trust_policy_file)
            .map_err(|e| anyhow::anyhow!("unable to read trust policy file: {e}"))?;
        crate::oci::trustpolicy::validate_document(&policy).map_err(|e| match e {
            crate::oci::trustpolicy::Error::Json(m) => anyhow::anyhow!(
                "failed to unmarshal trust policy {}: {m}",
                self.trust_policy_file
            ),
            crate::oci::trustpolicy::Error::Invalid(m) => {
                anyhow::anyhow!("invalid trust policy: {m}")
            }
        })?;
        let mut data = BTreeMap::new();
        let mut errors = vec![];
        for f in &self.ca_cert_files {
            let file_name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !file_name.ends_with(".crt") && !file_name.ends_with(".pem") {
                errors.push(format!("{file_name} must end with either .crt or .pem"));
                continue;
            }
            match std::fs::read(f) {
                Ok(b) => {
                    data.insert(file_name, String::from_utf8_lossy(&b).into_owned());
                }
                Err(e) => errors.push(format!("unable to read TLS CA file: {e}")),
            }
        }
        if !errors.is_empty() {
            anyhow::bail!("{}", errors.join("\n"));
        }
        if data.is_empty() {
            anyhow::bail!("no CA certs found");
        }
        data.insert(
            "trustpolicy.json".to_string(),
            String::from_utf8_lossy(&policy).into_owned(),
        );
        secret(name, namespace, &self.labels, data, None)
    }
}

/// Runs `flux create secret notation`.
pub async fn secret_notation(args: SecretNotationArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    let name = args.name.clone().unwrap_or_default();
    write_secret(obj, args.export, &name, "notation configuration secret", g).await
}
