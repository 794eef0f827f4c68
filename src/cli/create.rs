//! `flux create source git` and `flux create secret git|tls`: flags -> object -> `--export`
//! or apply and wait.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kube::api::{Api, DynamicObject, Patch, PatchParams};
use serde_json::{json, Value};

use super::kinds::{self, GIT_REPOSITORY};
use super::Global;
use crate::api::Duration;

/// Flags every `create` command shares.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateCommon {
    /// Source sync interval.
    #[arg(long, default_value = "1m0s")]
    pub interval: Duration,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl CreateCommon {
    pub(crate) fn labels(&self) -> anyhow::Result<Option<BTreeMap<String, String>>> {
        if self.labels.is_empty() {
            return Ok(None);
        }
        parse_labels(&self.labels).map(Some)
    }
}

/// `--label key=value` flags as a map, with Flux's message for a malformed one.
pub(crate) fn parse_labels(labels: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for l in labels {
        let (k, v) = l
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("invalid label format '{l}', must be key=value"))?;
        out.insert(k.to_string(), v.to_string());
    }
    Ok(out)
}

/// Flags for generated SSH deploy keys.
#[derive(Debug, Clone, clap::Args)]
pub struct SshKeyFlags {
    /// SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519.
    #[arg(long, default_value = "ecdsa")]
    pub ssh_key_algorithm: String,
    /// SSH key ECDSA curve: p256, p384, p521.
    #[arg(long, default_value = "p384")]
    pub ssh_ecdsa_curve: String,
    /// SSH key RSA bits.
    #[arg(long, default_value_t = 2048)]
    pub ssh_rsa_bits: usize,
}

/// `--provider` of `flux create source git`, with Flux's messages.
fn parse_git_provider(s: &str) -> Result<String, String> {
    const PROVIDERS: [&str; 4] = ["generic", "github", "aws", "azure"];
    if s.is_empty() {
        return Err("no source Git provider given, please specify the Git provider name".into());
    }
    if !PROVIDERS.contains(&s) {
        return Err(format!(
            "source Git provider '{s}' is not supported, must be one of: {}",
            PROVIDERS.join("|")
        ));
    }
    Ok(s.to_string())
}

/// Flags of `flux create source git`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateSourceGitArgs {
    /// Name of the GitRepository.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// Git address, e.g. ssh://git@host/org/repository.
    #[arg(long)]
    pub url: String,
    /// Git branch.
    #[arg(long)]
    pub branch: Option<String>,
    /// Git tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Git tag semver range.
    #[arg(long = "tag-semver")]
    pub tag_semver: Option<String>,
    /// Git reference name.
    #[arg(long = "ref-name")]
    pub ref_name: Option<String>,
    /// Git commit.
    #[arg(long)]
    pub commit: Option<String>,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// The name of an existing secret containing SSH or basic credentials.
    #[arg(long)]
    pub secret_ref: Option<String>,
    /// The Git provider name: generic, github, aws, azure.
    #[arg(long, value_parser = parse_git_provider)]
    pub provider: Option<String>,
    /// Path to a passwordless private key file used for authenticating to the Git SSH server.
    #[arg(long)]
    pub private_key_file: Option<PathBuf>,
    /// Path to TLS CA file used for validating self-signed certificates.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// The name of an existing secret containing the proxy address and credentials.
    #[arg(long)]
    pub proxy_secret_ref: Option<String>,
    /// When enabled, configures the GitRepository source to initialize and include Git submodules.
    #[arg(long)]
    pub recurse_submodules: bool,
    /// Set paths to ignore in Git (can specify multiple paths with commas: path1,path2).
    #[arg(long, value_delimiter = ',')]
    pub ignore_paths: Vec<String>,
    /// Set paths to sparse checkout in Git (can specify multiple paths with commas: path1,path2).
    #[arg(long, value_delimiter = ',')]
    pub sparse_checkout_paths: Vec<String>,
    /// Set a timeout for fetch operations performed by source-controller (e.g. 'Git clone' and 'Helm repository index download').
    #[arg(long)]
    pub fetch_timeout: Option<Duration>,
    #[command(flatten)]
    pub ssh: SshKeyFlags,
    /// Do not ask for confirmation.
    #[arg(short = 's', long)]
    pub silent: bool,
}

impl CreateSourceGitArgs {
    /// Validates the flags and builds the GitRepository.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let url = &self.url;
        if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("ssh://"))
        {
            anyhow::bail!(
                "git URL scheme '{}' not supported, can be: ssh, http and https",
                url.split("://").next().unwrap_or(url)
            );
        }
        let mut r = serde_json::Map::new();
        for (k, v) in [
            ("branch", &self.branch),
            ("tag", &self.tag),
            ("semver", &self.tag_semver),
            ("name", &self.ref_name),
            ("commit", &self.commit),
        ] {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                r.insert(k.into(), json!(v));
            }
        }
        if r.is_empty() {
            anyhow::bail!("a Git ref is required, use one of the following: --branch, --tag, --commit, --ref-name or --tag-semver");
        }
        if let Some(s) = &self.tag_semver {
            crate::masterminds::Constraint::parse(s)
                .map_err(|e| anyhow::anyhow!("--tag-semver: {e}"))?;
        }
        let mut spec = json!({
            "interval": self.common.interval.to_string(),
            "ref": Value::Object(r),
            "url": url,
        });
        let with_auth = self.username.is_some()
            || self.password.is_some()
            || self.private_key_file.is_some()
            || self.ca_file.is_some()
            || url.starts_with("ssh://");
        if let Some(s) = &self.secret_ref {
            spec["secretRef"] = json!({ "name": s });
        } else if with_auth {
            spec["secretRef"] = json!({ "name": self.name });
        }
        if let Some(p) = &self.provider {
            spec["provider"] = json!(p);
        }
        if let Some(p) = &self.proxy_secret_ref {
            spec["proxySecretRef"] = json!({ "name": p });
        }
        if self.recurse_submodules {
            spec["recurseSubmodules"] = json!(true);
        }
        if !self.ignore_paths.is_empty() {
            spec["ignore"] = json!(self.ignore_paths.join("\n"));
        }
        if !self.sparse_checkout_paths.is_empty() {
            spec["sparseCheckout"] = json!(self.sparse_checkout_paths);
        }
        if let Some(t) = &self.fetch_timeout {
            spec["timeout"] = json!(t.to_string());
        }
        let mut meta = json!({ "name": self.name, "namespace": namespace });
        if let Some(labels) = self.common.labels()? {
            meta["labels"] = json!(labels);
        }
        Ok(kinds::sorted(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": meta,
            "spec": spec,
        })))
    }

    /// The credentials Secret the flags describe, if any.
    pub fn to_secret(&self, namespace: &str) -> anyhow::Result<Option<(Value, Option<String>)>> {
        if self.secret_ref.is_some() {
            return Ok(None);
        }
        let secret = SecretGitArgs {
            name: self.name.clone(),
            url: self.url.clone(),
            username: self.username.clone(),
            password: self.password.clone(),
            bearer_token: None,
            private_key_file: self.private_key_file.clone(),
            ca_crt_file: self.ca_file.clone(),
            ssh: self.ssh.clone(),
            export: false,
            labels: self.common.labels.clone(),
        };
        if self.username.is_none()
            && self.password.is_none()
            && self.private_key_file.is_none()
            && self.ca_file.is_none()
            && !self.url.starts_with("ssh://")
        {
            return Ok(None);
        }
        secret.to_object(namespace).map(Some)
    }
}

/// Flags of `flux create secret git`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretGitArgs {
    /// Name of the Secret.
    pub name: String,
    /// Git address, e.g. ssh://git@host/org/repository.
    #[arg(long)]
    pub url: String,
    /// Basic authentication username.
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Basic authentication password.
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Bearer token used for HTTPS authentication.
    #[arg(long)]
    pub bearer_token: Option<String>,
    /// Path to a passwordless private key file used for authenticating to the Git SSH server.
    #[arg(long)]
    pub private_key_file: Option<PathBuf>,
    /// Path to TLS CA file used for validating self-signed certificates.
    #[arg(long)]
    pub ca_crt_file: Option<PathBuf>,
    #[command(flatten)]
    pub ssh: SshKeyFlags,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resource.
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

fn read(path: &PathBuf, flag: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{flag} {}: {e}", path.display()))
}

pub(crate) fn secret_object(
    name: &str,
    namespace: &str,
    labels: &[String],
    data: BTreeMap<String, String>,
    type_: Option<&str>,
) -> anyhow::Result<Value> {
    let mut meta = json!({ "name": name, "namespace": namespace });
    let l = CreateCommon {
        interval: Duration::default(),
        export: false,
        labels: labels.to_vec(),
    }
    .labels()?;
    if let Some(l) = l {
        meta["labels"] = json!(l);
    }
    let mut s =
        json!({ "apiVersion": "v1", "kind": "Secret", "metadata": meta, "stringData": data });
    if let Some(t) = type_ {
        s["type"] = json!(t);
    }
    Ok(kinds::sorted(s))
}

impl SecretGitArgs {
    /// Builds the Secret from the flags.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<(Value, Option<String>)> {
        let mut deploy_key = None;
        let mut data = BTreeMap::new();
        let ssh = self.url.starts_with("ssh://");
        if !(ssh || self.url.starts_with("http://") || self.url.starts_with("https://")) {
            anyhow::bail!(
                "git URL scheme '{}' not supported, can be: ssh, http and https",
                self.url.split("://").next().unwrap_or(&self.url)
            );
        }
        if ssh {
            match &self.private_key_file {
                Some(path) => {
                    let key = read(path, "--private-key-file")?;
                    let pub_path = PathBuf::from(format!("{}.pub", path.display()));
                    let public = std::fs::read_to_string(&pub_path)
                        .ok()
                        .or_else(|| crate::git::keys::public_key_of(&key).map(|k| k + "\n"));
                    if let Some(p) = public {
                        data.insert("identity.pub".into(), p);
                    }
                    data.insert("identity".into(), key);
                }
                None => {
                    let alg = crate::git::keys::KeyAlgorithm::from_flags(
                        &self.ssh.ssh_key_algorithm,
                        &self.ssh.ssh_ecdsa_curve,
                        self.ssh.ssh_rsa_bits,
                    )?;
                    let kp = crate::git::keys::generate(alg)?;
                    data.insert("identity".into(), kp.private_key);
                    data.insert("identity.pub".into(), format!("{}\n", kp.public_key));
                    deploy_key = Some(kp.public_key);
                }
            }
            data.insert(
                "known_hosts".into(),
                crate::git::scan_known_hosts(&self.url)?,
            );
        } else {
            match (&self.username, &self.password, &self.bearer_token) {
                (Some(u), Some(p), None) => {
                    data.insert("username".into(), u.clone());
                    data.insert("password".into(), p.clone());
                }
                (None, None, Some(t)) => {
                    data.insert("bearerToken".into(), t.clone());
                }
                (None, None, None) if self.ca_crt_file.is_some() => {}
                (_, _, Some(_)) => {
                    anyhow::bail!("user credentials and bearer token cannot be used together")
                }
                _ => anyhow::bail!(
                    "for HTTP(S) URLs pass both --username and --password, or --bearer-token"
                ),
            }
        }
        if let Some(ca) = &self.ca_crt_file {
            data.insert("ca.crt".into(), read(ca, "--ca-crt-file")?);
        }
        Ok((
            secret_object(&self.name, namespace, &self.labels, data, None)?,
            deploy_key,
        ))
    }
}

/// Shows a generated deploy key and, unless silent, asks whether it was added.
fn confirm_deploy_key(g: &Global, key: &str, silent: bool) -> anyhow::Result<()> {
    g.logger().success(format!("deploy key: {key}"));
    if silent {
        return Ok(());
    }
    super::confirm(
        "Have you added the deploy key to your repository",
        true,
        "--silent",
    )
}

/// Flags of `flux create secret tls`.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretTlsArgs {
    /// Name of the Secret.
    pub name: String,
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
    /// Set labels on the resource.
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

impl SecretTlsArgs {
    /// Builds the Secret from the flags.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let mut data = BTreeMap::new();
        match (&self.tls_crt_file, &self.tls_key_file) {
            (Some(c), Some(k)) => {
                data.insert("tls.crt".into(), read(c, "--tls-crt-file")?);
                data.insert("tls.key".into(), read(k, "--tls-key-file")?);
            }
            (None, None) => {}
            _ => anyhow::bail!("--tls-crt-file and --tls-key-file must be given together"),
        }
        if let Some(ca) = &self.ca_crt_file {
            data.insert("ca.crt".into(), read(ca, "--ca-crt-file")?);
        }
        if data.is_empty() {
            anyhow::bail!("pass --tls-crt-file and --tls-key-file, and/or --ca-crt-file");
        }
        // fluxcd/pkg's MakeTLSSecret: a certificate pair makes a kubernetes.io/tls Secret.
        let ty = if data.contains_key("tls.crt") {
            "kubernetes.io/tls"
        } else {
            "Opaque"
        };
        secret_object(&self.name, namespace, &self.labels, data, Some(ty))
    }
}

/// Server-side applies one object the CLI created; a kind whose CRD the cluster lacks is named
/// with the fix, as `get` names it.
pub(crate) async fn apply(g: &Global, obj: &Value) -> anyhow::Result<()> {
    let mut cluster = crate::cluster::Cluster::new(g.client().await?);
    match cluster.apply(obj).await {
        // No group at all (404), or the group without this kind (a partial install or an
        // uninstall under way).
        Err(crate::cluster::Error::Discovery { source, .. })
            if matches!(&source, kube::Error::Api(s) if s.code == 404)
                || matches!(
                    &source,
                    kube::Error::Discovery(kube::error::DiscoveryError::MissingKind(_))
                ) =>
        {
            let kind = obj["kind"].as_str().unwrap_or("this kind");
            anyhow::bail!("{kind}{}", super::verbs::NOT_INSTALLED)
        }
        other => Ok(other?),
    }
}

/// Runs `flux create source git`.
pub async fn source_git(args: CreateSourceGitArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    if args.common.export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    let secret = args.to_secret(&g.namespace)?;
    let log = g.logger();
    if let Some((_, Some(key))) = &secret {
        confirm_deploy_key(g, key, args.silent)?;
    }
    g.within_timeout("create source git", async {
        if let Some((s, _)) = &secret {
            log.action("applying secret with repository credentials");
            apply(g, s).await?;
            log.success("authentication configured");
        }
        log.generate("generating GitRepository source");
        log.action("applying GitRepository source");
        apply(g, &obj).await?;
        log.success("GitRepository source created");
        log.waiting("waiting for GitRepository source reconciliation");
        let live = wait_ready(g, &GIT_REPOSITORY, &args.name, "GitRepository source").await?;
        log.success("GitRepository source reconciliation completed");
        if let Some(rev) = GIT_REPOSITORY.revision(&live) {
            log.success(format!("fetched revision: {rev}"));
        }
        Ok(())
    })
    .await
}

/// Waits (with a spinner) until the object's Ready condition is decided for its current
/// generation; `what` names it in messages. A False Ready is an error carrying its message.
pub(crate) async fn wait_ready(
    g: &Global,
    kind: &kinds::Kind,
    name: &str,
    what: &str,
) -> anyhow::Result<Value> {
    let _spinner = crate::output::Spinner::start(format!("waiting for {what}"));
    let api: Api<DynamicObject> =
        Api::namespaced_with(g.client().await?, &g.namespace, &kind.api_resource());
    loop {
        let live = serde_json::to_value(api.get(name).await?)?;
        let generation = live["metadata"]["generation"].as_i64();
        let (ready, msg) = kinds::ready(&live);
        // A failure is final once the Ready condition speaks for this generation (controllers
        // may leave status.observedGeneration behind while retrying).
        let condition_generation = live["status"]["conditions"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
            .and_then(|c| c["observedGeneration"].as_i64());
        let observed = live["status"]["observedGeneration"].as_i64() == generation;
        if observed && ready == "True" {
            return Ok(live);
        }
        if ready == "False" && (observed || condition_generation == generation) {
            anyhow::bail!("{what} reconciliation failed: {msg}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// Runs `flux create secret git`.
pub async fn secret_git(args: SecretGitArgs, g: &Global) -> anyhow::Result<()> {
    let (obj, deploy_key) = args.to_object(&g.namespace)?;
    if let (Some(key), false) = (&deploy_key, args.export) {
        g.logger().success(format!("deploy key: {key}"));
    }
    write_secret(obj, args.export, &args.name, "git secret", g).await
}

/// Runs `flux create secret tls`.
pub async fn secret_tls(args: SecretTlsArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    write_secret(obj, args.export, &args.name, "tls secret", g).await
}

/// Writes a `flux create secret …` Secret: like Flux, `--export` prints it followed by an
/// empty line (except for `tls`, which Flux prints without one); applying reports
/// `► <what> '<name>' created in '<ns>' namespace`.
pub(crate) async fn write_secret(
    obj: Value,
    export: bool,
    name: &str,
    what: &str,
    g: &Global,
) -> anyhow::Result<()> {
    if export {
        let mut out = kinds::export_yaml(&[obj])?;
        if what != "tls secret" {
            out.push('\n');
        }
        return Ok(crate::output::print_stdout(&out)?);
    }
    let log = g.logger();
    g.within_timeout("create secret", async {
        let client = g.client().await?;
        let api: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(client, &g.namespace);
        api.patch(
            name,
            &PatchParams::apply(crate::cluster::FIELD_MANAGER).force(),
            &Patch::Apply(&obj),
        )
        .await
        .map_err(|e| anyhow::anyhow!("Secret {name}: {}", crate::cluster::api_message(&e)))?;
        log.action(format!(
            "{what} '{name}' created in '{}' namespace",
            g.namespace
        ));
        Ok(())
    })
    .await
}

/// The end of every `flux create <kind>` that applies: apply `obj`, wait for it to be ready
/// and report its revision, with Flux's lines (`applying …`, `… created`, `waiting for …`,
/// `… is ready`, `applied revision …`).
pub async fn apply_and_wait(
    g: &Global,
    obj: &serde_json::Value,
    kind: &super::kinds::Kind,
    name: &str,
) -> anyhow::Result<()> {
    let log = g.logger();
    let k = kind.kind;
    g.within_timeout(&format!("create {}", k.to_lowercase()), async {
        log.generate(format!("generating {k}"));
        log.action(format!("applying {k}"));
        apply(g, obj).await?;
        log.success(format!("{k} created"));
        log.waiting(format!("waiting for {k} reconciliation"));
        let live = wait_ready(g, kind, name, k).await?;
        log.success(format!("{k} {name} is ready"));
        if let Some(rev) = kind.revision(&live) {
            log.success(format!("applied revision {rev}"));
        }
        Ok(())
    })
    .await
}
