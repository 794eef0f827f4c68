//! `flux create tenant`: for each of the tenant's namespaces, the Namespace, a ServiceAccount
//! and a RoleBinding (`<tenant>-reconciler`, binding the cluster role to the account and to
//! the `gotk:<namespace>:reconciler` user), all labelled `toolkit.fluxcd.io/tenant`, as
//! Flux generates them; printed with `--export` or applied.

use kube::api::{Api, DeleteParams};
use serde_json::{json, Value};

use super::Global;

/// The label naming the tenant on everything the command creates.
pub const TENANT_LABEL: &str = "toolkit.fluxcd.io/tenant";

/// Flags of `flux create tenant`.
#[derive(Debug, clap::Args)]
pub struct CreateTenantArgs {
    /// The tenant's name.
    pub name: String,
    /// Namespace belonging to this tenant (repeatable, or comma-separated).
    #[arg(long = "with-namespace", value_delimiter = ',')]
    pub namespaces: Vec<String>,
    /// Cluster role of the tenant role binding.
    #[arg(long, default_value = "cluster-admin")]
    pub cluster_role: String,
    /// Service account belonging to this tenant (defaults to the tenant's name).
    #[arg(long = "with-service-account", default_value = "")]
    pub account: String,
    /// Skip namespace creation (the namespace must exist already).
    #[arg(long)]
    pub skip_namespace: bool,
    /// Export in YAML format to stdout.
    #[arg(long)]
    pub export: bool,
    /// Set labels on the resources (key=value, comma-separated or repeated).
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
}

/// apimachinery's `RegexError`: the message, the examples and the regex.
fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    let examples: String = examples
        .iter()
        .map(|e| format!("'{e}', "))
        .collect::<Vec<_>>()
        .join(" or ");
    format!("{msg} (e.g. {examples}regex used for validation is '{re}')")
}

/// Kubernetes' qualified-name check (`IsQualifiedName`, apimachinery v0.36.2 as Flux 2.9.4
/// links it), with its messages.
fn qualified_name_errors(value: &str) -> Vec<String> {
    const NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    const NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    const SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    let name_examples = ["MyName", "my.name", "123-abc"];
    let parts: Vec<&str> = value.split('/').collect();
    let mut errs = Vec::new();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                if prefix.len() > 253 {
                    errs.push("prefix part must be no more than 253 bytes".to_string());
                }
                if !crate::api::meta::is_dns1123_subdomain(prefix) || prefix.len() > 253 {
                    errs.push(format!(
                        "prefix part {}",
                        regex_error(SUBDOMAIN_MSG, SUBDOMAIN_FMT, &["example.com"])
                    ));
                }
            }
            *name
        }
        _ => {
            return vec![format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(NAME_MSG, NAME_FMT, &name_examples)
            )]
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 bytes".to_string());
    }
    let ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if !ok {
        errs.push(format!(
            "name part {}",
            regex_error(NAME_MSG, NAME_FMT, &name_examples)
        ));
    }
    errs
}

fn check(what: &str, value: &str) -> anyhow::Result<()> {
    let errs = qualified_name_errors(value);
    if errs.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("invalid {what} '{value}': [{}]", errs.join(" "))
    }
}

impl CreateTenantArgs {
    /// (Namespace, ServiceAccount, RoleBinding) for each namespace, after Flux's checks.
    pub fn objects(&self) -> anyhow::Result<Vec<(Value, Value, Value)>> {
        check("tenant name", &self.name)?;
        if self.cluster_role.is_empty() {
            anyhow::bail!("cluster-role is required");
        }
        if self.namespaces.is_empty() {
            anyhow::bail!("with-namespace is required");
        }
        let mut labels = super::create::parse_labels(&self.labels)?;
        labels.insert(TENANT_LABEL.to_string(), self.name.clone());
        let account = if self.account.is_empty() {
            self.name.as_str()
        } else {
            self.account.as_str()
        };
        let mut out = Vec::new();
        for ns in &self.namespaces {
            check("namespace", ns)?;
            check("service-account name", account)?;
            let namespace = json!({"apiVersion": "v1", "kind": "Namespace",
                "metadata": {"labels": labels, "name": ns}});
            let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"labels": labels, "name": account, "namespace": ns}});
            let rb = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"labels": labels, "name": format!("{}-reconciler", self.name), "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": self.cluster_role},
            "subjects": [
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": format!("gotk:{ns}:reconciler")},
                {"kind": "ServiceAccount", "name": account, "namespace": ns},
            ]});
            out.push((namespace, sa, rb));
        }
        Ok(out)
    }
}

/// Runs `flux create tenant`.
pub async fn run(args: CreateTenantArgs, g: &Global) -> anyhow::Result<()> {
    let sets = args.objects()?;
    if args.export {
        let mut objs = Vec::new();
        for (ns, sa, rb) in sets {
            if !args.skip_namespace {
                objs.push(ns);
            }
            objs.push(sa);
            objs.push(rb);
        }
        return Ok(crate::output::print_stdout(&super::kinds::export_yaml(
            &objs,
        )?)?);
    }
    let log = g.logger();
    g.within_timeout("create tenant", async {
        let client = g.client().await?;
        for (ns, sa, rb) in &sets {
            if !args.skip_namespace {
                log.action(format!(
                    "applying namespace {}",
                    ns["metadata"]["name"].as_str().unwrap_or_default()
                ));
                super::create::apply(g, ns).await?;
            }
            log.action(format!(
                "applying service account {}",
                sa["metadata"]["name"].as_str().unwrap_or_default()
            ));
            super::create::apply(g, sa).await?;
            let rb_name = rb["metadata"]["name"].as_str().unwrap_or_default();
            log.action(format!("applying role binding {rb_name}"));
            // A role binding's roleRef cannot change: Flux replaces a binding that differs.
            let api: Api<k8s_openapi::api::rbac::v1::RoleBinding> = Api::namespaced(
                client.clone(),
                rb["metadata"]["namespace"].as_str().unwrap_or_default(),
            );
            if let Some(existing) = api.get_opt(rb_name).await? {
                if existing.role_ref.name != args.cluster_role {
                    api.delete(rb_name, &DeleteParams::default()).await?;
                }
            }
            super::create::apply(g, rb).await?;
        }
        log.success("tenant setup completed");
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names_follow_kubernetes() {
        assert!(qualified_name_errors("dev-team").is_empty());
        assert!(qualified_name_errors("example.com/dev").is_empty());
        assert_eq!(qualified_name_errors("-bad").len(), 1);
        assert_eq!(
            qualified_name_errors(&"x".repeat(64)),
            vec!["name part must be no more than 63 bytes"]
        );
        assert_eq!(qualified_name_errors("").len(), 2);
        assert_eq!(
            qualified_name_errors("-bad")[0],
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
    }
}
