//! `flux create image repository|policy|update`: Flux's flags, checks and messages, the
//! objects `--export` prints (byte-identical to flux2's golden files), and create-or-update
//! with a wait for the controller's Ready condition.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::create::{apply, wait_ready, CreateCommon};
use super::kinds;
use super::Global;
use crate::api::Duration;

/// Flags of `flux create image repository`.
#[derive(Debug, clap::Args)]
pub struct CreateImageRepositoryArgs {
    /// Name of the ImageRepository.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// The image repository to scan; e.g., library/alpine.
    #[arg(long)]
    pub image: Option<String>,
    /// The name of a docker-registry secret to use for credentials.
    #[arg(long = "secret-ref")]
    pub secret_ref: Option<String>,
    /// The name of a secret to use for TLS certificates.
    #[arg(long = "cert-ref")]
    pub cert_ref: Option<String>,
    /// A timeout for scanning; this defaults to the interval if not set.
    #[arg(long = "scan-timeout")]
    pub scan_timeout: Option<Duration>,
}

/// Flags of `flux create image policy` (its `--interval` is the digest reflection interval,
/// not the sync interval of the other create commands).
#[derive(Debug, clap::Args)]
pub struct CreateImagePolicyArgs {
    /// Name of the ImagePolicy.
    pub name: String,
    #[command(flatten)]
    pub common: super::notification::CreateFlags,
    /// The name of an image repository object.
    #[arg(long = "image-ref")]
    pub image_ref: Option<String>,
    /// A semver range to apply to tags; e.g., '1.x'.
    #[arg(long = "select-semver")]
    pub select_semver: Option<String>,
    /// Use alphabetical sorting to select image; either "asc" meaning select the last, or
    /// "desc" meaning select the first.
    #[arg(long = "select-alpha")]
    pub select_alpha: Option<String>,
    /// Use numeric sorting to select image; either "asc" meaning select the last, or "desc"
    /// meaning select the first.
    #[arg(long = "select-numeric")]
    pub select_numeric: Option<String>,
    /// Regular expression pattern used to filter the image tags.
    #[arg(long = "filter-regex")]
    pub filter_regex: Option<String>,
    /// Replacement pattern (using capture groups from --filter-regex) to use for sorting.
    #[arg(long = "filter-extract")]
    pub filter_extract: Option<String>,
    /// The digest reflection policy to use when observing latest image tags (one of 'Never',
    /// 'IfNotPresent', 'Always').
    #[arg(long = "reflect-digest")]
    pub reflect_digest: Option<String>,
    /// The interval at which to check for new image digests when the policy is set to
    /// 'Always'.
    #[arg(long)]
    pub interval: Option<Duration>,
}

/// Flags of `flux create image update`.
#[derive(Debug, clap::Args)]
pub struct CreateImageUpdateArgs {
    /// Name of the ImageUpdateAutomation.
    pub name: String,
    #[command(flatten)]
    pub common: CreateCommon,
    /// The name of a GitRepository resource with details of the upstream Git repository.
    #[arg(long = "git-repo-ref")]
    pub git_repo_ref: Option<String>,
    /// The namespace of the GitRepository resource, defaults to the ImageUpdateAutomation
    /// namespace.
    #[arg(long = "git-repo-namespace")]
    pub git_repo_namespace: Option<String>,
    /// Path to the directory containing the manifests to be updated, defaults to the
    /// repository root.
    #[arg(long = "git-repo-path")]
    pub git_repo_path: Option<String>,
    /// The branch to checkout.
    #[arg(long = "checkout-branch")]
    pub checkout_branch: Option<String>,
    /// The branch to push commits to, defaults to the checkout branch if not specified.
    #[arg(long = "push-branch")]
    pub push_branch: Option<String>,
    /// A template for commit messages.
    #[arg(long = "commit-template")]
    pub commit_template: Option<String>,
    /// The name to use for commit author.
    #[arg(long = "author-name")]
    pub author_name: Option<String>,
    /// The email to use for commit author.
    #[arg(long = "author-email")]
    pub author_email: Option<String>,
    /// Name of the Secret containing the signing key referenced in spec.git.commit.signingKey.
    #[arg(long = "signing-key-secret")]
    pub signing_key_secret: Option<String>,
    /// Signing-key format: gpg or ssh (defaults to gpg when --signing-key-secret is set).
    #[arg(long = "signing-key-type")]
    pub signing_key_type: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

fn metadata(name: &str, namespace: &str, labels: Option<BTreeMap<String, String>>) -> Value {
    let mut m = json!({"name": name, "namespace": namespace});
    if let Some(l) = labels {
        m["labels"] = json!(l);
    }
    m
}

impl CreateImageRepositoryArgs {
    /// The ImageRepository these flags describe.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let image = given(&self.image)
            .ok_or_else(|| anyhow::anyhow!("an image repository (--image) is required"))?;
        crate::image::canonical_name(image)
            .map_err(|e| anyhow::anyhow!("unable to parse image value: {e}"))?;
        let mut spec = json!({"image": image, "interval": self.common.interval.to_string()});
        if let Some(t) = self.scan_timeout.filter(|t| !t.std().is_zero()) {
            spec["timeout"] = json!(t.to_string());
        }
        if let Some(s) = given(&self.secret_ref) {
            spec["secretRef"] = json!({"name": s});
        }
        if let Some(s) = given(&self.cert_ref) {
            spec["certSecretRef"] = json!({"name": s});
        }
        Ok(json!({
            "apiVersion": "image.toolkit.fluxcd.io/v1",
            "kind": "ImageRepository",
            "metadata": metadata(&self.name, namespace, self.common.labels()?),
            "spec": spec,
        }))
    }
}

impl CreateImagePolicyArgs {
    /// The ImagePolicy these flags describe, with Flux's checks.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let image_ref = given(&self.image_ref).ok_or_else(|| {
            anyhow::anyhow!(
                "the name of an ImageRepository in the namespace is required (--image-ref)"
            )
        })?;
        let mut spec = json!({"imageRepositoryRef": {"name": image_ref}, "policy": {}});
        let (semver, alpha, numeric) = (
            given(&self.select_semver),
            given(&self.select_alpha),
            given(&self.select_numeric),
        );
        // Flux's switch: two of semver/alpha/numeric with semver leave the policy empty;
        // alpha with numeric is refused.
        match (semver, alpha, numeric) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {}
            (None, Some(_), Some(_)) => anyhow::bail!(
                "only one of --select-semver, --select-alpha or --select-numeric can be specified"
            ),
            (Some(range), None, None) => spec["policy"] = json!({"semver": {"range": range}}),
            (None, Some(order), None) => {
                if order != "asc" && order != "desc" {
                    anyhow::bail!("--select-alpha must be one of [\"asc\", \"desc\"]");
                }
                spec["policy"] = json!({"alphabetical": {"order": order}});
            }
            (None, None, Some(order)) => {
                if order != "asc" && order != "desc" {
                    anyhow::bail!("--select-numeric must be one of [\"asc\", \"desc\"]");
                }
                spec["policy"] = json!({"numerical": {"order": order}});
            }
            (None, None, None) => {
                anyhow::bail!(
                    "a policy must be provided with either --select-semver or --select-alpha"
                )
            }
        }
        match (given(&self.filter_regex), given(&self.filter_extract)) {
            (Some(pattern), extract) => {
                let re = regex::Regex::new(pattern)
                    .map_err(|_| anyhow::anyhow!("--filter-regex is an invalid regex pattern"))?;
                spec["filterTags"] = json!({"pattern": pattern});
                if let Some(extract) = extract {
                    let names: Vec<&str> = re.capture_names().flatten().collect();
                    check_extract(extract, &names)?;
                    spec["filterTags"]["extract"] = json!(extract);
                }
            }
            (None, Some(_)) => {
                anyhow::bail!("cannot specify --filter-extract without specifying --filter-regex")
            }
            (None, None) => {}
        }
        let reflect = given(&self.reflect_digest);
        if let Some(p) = reflect {
            if !["Never", "IfNotPresent", "Always"].contains(&p) {
                anyhow::bail!(
                    "invalid value for --reflect-digest, must be one of 'Never', 'IfNotPresent', 'Always'"
                );
            }
            spec["digestReflectionPolicy"] = json!(p);
        }
        if let Some(i) = self.interval.filter(|i| !i.std().is_zero()) {
            if reflect != Some("Always") {
                anyhow::bail!("the --interval flag can only be used with the 'Always' digest reflection policy, use --reflect-digest=Always");
            }
            spec["interval"] = json!(i.to_string());
        }
        let labels = if self.common.labels.is_empty() {
            None
        } else {
            Some(super::create::parse_labels(&self.common.labels)?)
        };
        Ok(json!({
            "apiVersion": "image.toolkit.fluxcd.io/v1",
            "kind": "ImagePolicy",
            "metadata": metadata(&self.name, namespace, labels),
            "spec": spec,
        }))
    }
}

/// Flux's check of `--filter-extract`: well-formed `$name`/`${name}` references, each naming
/// a group of the pattern or a number.
fn check_extract(template: &str, names: &[&str]) -> anyhow::Result<()> {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        rest = &rest[i..];
        if rest.as_bytes().get(1) == Some(&b'$') {
            rest = &rest[2..];
            continue;
        }
        let (braced, body) = match rest[1..].strip_prefix('{') {
            Some(b) => (true, b),
            None => (false, &rest[1..]),
        };
        let len: usize = body
            .char_indices()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .map(|(_, c)| c.len_utf8())
            .sum();
        if len == 0 || (braced && !body[len..].starts_with('}')) {
            anyhow::bail!("--filter-extract is malformed");
        }
        let name = &body[..len];
        rest = &body[len + usize::from(braced)..];
        let numeric = name.bytes().all(|b| b.is_ascii_digit())
            && name.len() <= 8
            && !(name.starts_with('0') && name.len() > 1);
        if !numeric && !names.contains(&name) {
            anyhow::bail!(
                "capture group ${name} used in --filter-extract not found in --filter-regex"
            );
        }
    }
    Ok(())
}

impl CreateImageUpdateArgs {
    /// The ImageUpdateAutomation these flags describe, with Flux's checks.
    pub fn to_object(&self, namespace: &str) -> anyhow::Result<Value> {
        let repo = given(&self.git_repo_ref).ok_or_else(|| {
            anyhow::anyhow!("a reference to a GitRepository is required (--git-repo-ref)")
        })?;
        let branch = given(&self.checkout_branch).ok_or_else(|| {
            anyhow::anyhow!("the Git repository branch is required (--checkout-branch)")
        })?;
        let author = given(&self.author_name)
            .ok_or_else(|| anyhow::anyhow!("the author name is required (--author-name)"))?;
        let email = given(&self.author_email)
            .ok_or_else(|| anyhow::anyhow!("the author email is required (--author-email)"))?;
        let key_type = given(&self.signing_key_type);
        let key_secret = given(&self.signing_key_secret);
        if key_type.is_some() && key_secret.is_none() {
            anyhow::bail!("--signing-key-type requires --signing-key-secret");
        }
        if key_type.is_some_and(|t| t != "gpg" && t != "ssh") {
            anyhow::bail!("--signing-key-type must be one of: gpg, ssh");
        }
        let mut source = json!({"kind": "GitRepository", "name": repo});
        if let Some(ns) = given(&self.git_repo_namespace) {
            source["namespace"] = json!(ns);
        }
        let mut commit = json!({"author": {"name": author, "email": email}});
        if let Some(t) = given(&self.commit_template) {
            commit["messageTemplate"] = json!(t);
        }
        if let Some(secret) = key_secret {
            commit["signingKey"] = json!({"secretRef": {"name": secret}});
            if let Some(t) = key_type {
                commit["signingKey"]["type"] = json!(t);
            }
        }
        let mut git = json!({"checkout": {"ref": {"branch": branch}}, "commit": commit});
        if let Some(p) = given(&self.push_branch) {
            git["push"] = json!({"branch": p});
        }
        let mut spec = json!({"sourceRef": source, "git": git,
            "interval": self.common.interval.to_string()});
        if let Some(path) = given(&self.git_repo_path) {
            spec["update"] = json!({"path": path, "strategy": "Setters"});
        }
        Ok(json!({
            "apiVersion": "image.toolkit.fluxcd.io/v1",
            "kind": "ImageUpdateAutomation",
            "metadata": metadata(&self.name, namespace, self.common.labels()?),
            "spec": spec,
        }))
    }
}

/// Prints the object, or creates/updates it and waits for it to be ready, with Flux's lines.
async fn export_or_upsert(
    obj: Value,
    export: bool,
    kind: &'static kinds::Kind,
    name: &str,
    g: &Global,
) -> anyhow::Result<()> {
    if export {
        return Ok(crate::output::print_stdout(&kinds::export_yaml(&[obj])?)?);
    }
    let log = g.logger();
    let what = kind.kind;
    g.within_timeout(&format!("create {what}"), async {
        log.generate(format!("generating {what}"));
        log.action(format!("applying {what}"));
        let api: kube::Api<kube::api::DynamicObject> =
            kube::Api::namespaced_with(g.client().await?, &g.namespace, &kind.api_resource());
        let existed = api.get_opt(name).await?.is_some();
        apply(g, &obj).await?;
        log.success(format!(
            "{what} {}",
            if existed { "updated" } else { "created" }
        ));
        log.waiting(format!("waiting for {what} reconciliation"));
        wait_ready(g, kind, name, &format!("{what} reconciliation")).await?;
        log.success(format!("{what} reconciliation completed"));
        Ok(())
    })
    .await
}

/// Runs `flux create image repository`.
pub async fn repository(args: CreateImageRepositoryArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    export_or_upsert(
        obj,
        args.common.export,
        &kinds::IMAGE_REPOSITORY,
        &args.name,
        g,
    )
    .await
}

/// Runs `flux create image policy`.
pub async fn policy(args: CreateImagePolicyArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    export_or_upsert(obj, args.common.export, &kinds::IMAGE_POLICY, &args.name, g).await
}

/// Runs `flux create image update`.
pub async fn update(args: CreateImageUpdateArgs, g: &Global) -> anyhow::Result<()> {
    let obj = args.to_object(&g.namespace)?;
    export_or_upsert(obj, args.common.export, &kinds::IMAGE_UPDATE, &args.name, g).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extract_templates_are_checked_as_flux_checks_them() {
        let names = ["ts"];
        assert!(check_extract("$ts", &names).is_ok());
        assert!(check_extract("${ts}-$1 $$", &names).is_ok());
        assert_eq!(
            check_extract("$nope", &names).unwrap_err().to_string(),
            "capture group $nope used in --filter-extract not found in --filter-regex"
        );
        assert_eq!(
            check_extract("${ts", &names).unwrap_err().to_string(),
            "--filter-extract is malformed"
        );
        assert!(check_extract("$-", &names).is_err());
    }
}
