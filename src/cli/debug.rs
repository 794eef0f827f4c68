//! `flux debug kustomization NAME --show-status|--show-vars|--show-history` and `flux debug
//! helmrelease NAME --show-status|--show-values|--show-history`: what a Kustomization or
//! HelmRelease reports, the post-build variables it substitutes and the values it installs
//! with, as Flux 2.9's CLI prints them (status and history as YAML under a documentation
//! line, variables in dot-env form, values as YAML).

use kube::api::{Api, DynamicObject};
use serde_json::Value;

use super::kinds;

/// Flags of `flux debug kustomization`.
#[derive(Debug, clap::Args)]
pub struct DebugKsArgs {
    /// Name of the Kustomization.
    pub name: String,
    /// Print the status of the Flux Kustomization.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_status: bool,
    /// Print the final vars of the Flux Kustomization in dot env format (Secret values are
    /// printed in clear).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_vars: bool,
    /// Print the reconciliation history of the Flux Kustomization.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_history: bool,
}

/// What to print.
enum Show {
    Status,
    /// What the object is built from: a Kustomization's variables, a HelmRelease's values.
    Inputs,
    History,
}

impl DebugKsArgs {
    fn show(&self) -> anyhow::Result<Show> {
        match (self.show_status, self.show_vars, self.show_history) {
            (true, false, false) => Ok(Show::Status),
            (false, true, false) => Ok(Show::Inputs),
            (false, false, true) => Ok(Show::History),
            _ => anyhow::bail!(
                "exactly one of --show-status, --show-vars, or --show-history must be set"
            ),
        }
    }
}

/// The status as Flux prints it: keys sorted, `{}` when there is none.
fn yaml_of(v: &Value) -> anyhow::Result<String> {
    let v = if v.is_null() {
        Value::Object(Default::default())
    } else {
        v.clone()
    };
    Ok(crate::output::to_yaml(&crate::output::sorted_keys(v))?)
}

/// The variables Flux's kustomize-controller substitutes: the `substituteFrom` sources in
/// order (later over earlier), then the inline `substitute` values, newlines removed, in
/// dot-env lines sorted by name.
pub fn dot_env(
    from: std::collections::BTreeMap<String, String>,
    inline: Option<&crate::api::StringMap>,
) -> String {
    let mut vars = from;
    for (k, v) in inline.into_iter().flatten() {
        vars.insert(k.clone(), v.replace('\n', ""));
    }
    vars.iter().map(|(k, v)| format!("{k}={v}\n")).collect()
}

/// The client and the live object `kind/name` of the namespace.
async fn live(
    g: &super::Global,
    kind: &kinds::Kind,
    name: &str,
) -> anyhow::Result<(kube::Client, Value)> {
    let client = g.client().await?;
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), &g.namespace, &kind.api_resource());
    let obj = api
        .get(name)
        .await
        .map_err(|e| super::verbs::api_error(kind, name, e))?;
    Ok((client, serde_json::to_value(&obj)?))
}

/// `--show-status` or `--show-history`: the documentation line, then the YAML (an empty
/// history is `[]`).
fn documented(obj: &Value, show: &Show, docs: &str) -> anyhow::Result<String> {
    Ok(match show {
        Show::History => {
            let history = match &obj["status"]["history"] {
                Value::Null => Value::Array(vec![]),
                h => h.clone(),
            };
            format!(
                "# History documentation: {docs}#history\n{}",
                yaml_of(&history)?
            )
        }
        _ => {
            let anchor = obj["kind"].as_str().unwrap_or_default().to_lowercase();
            format!(
                "# Status documentation: {docs}#{anchor}-status\n{}",
                yaml_of(&obj["status"])?
            )
        }
    })
}

/// Runs `flux debug kustomization`.
pub async fn kustomization(args: DebugKsArgs, g: &super::Global) -> anyhow::Result<()> {
    let show = args.show()?;
    let (client, obj) = live(g, &kinds::KUSTOMIZATION, &args.name).await?;
    let docs = "https://fluxcd.io/flux/components/kustomize/kustomizations/";
    let text = match show {
        Show::Status | Show::History => documented(&obj, &show, docs)?,
        Show::Inputs => {
            let ks: crate::api::kustomize::Kustomization = serde_json::from_value(obj)?;
            let Some(pb) = &ks.spec.post_build else {
                anyhow::bail!("no post build substitutions found");
            };
            let from = crate::controllers::kustomize::substitute_values(&client, &g.namespace, pb)
                .await
                .map_err(anyhow::Error::msg)?;
            dot_env(from, pb.substitute.as_ref())
        }
    };
    crate::output::print_stdout(&text)?;
    Ok(())
}

/// Flags of `flux debug helmrelease`.
#[derive(Debug, clap::Args)]
pub struct DebugHrArgs {
    /// Name of the HelmRelease.
    pub name: String,
    /// Print the status of the Helm release.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_status: bool,
    /// Print the final values of the Helm release (Secret values are printed in clear).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_values: bool,
    /// Print the reconciliation history of the Helm release.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, default_value_t = false)]
    pub show_history: bool,
}

/// The ConfigMaps and Secrets the references name, each read once.
async fn lookup_references(
    client: &kube::Client,
    namespace: &str,
    refs: &[crate::api::meta::ValuesReference],
) -> anyhow::Result<
    std::collections::BTreeMap<(&'static str, String), crate::helm::references::Lookup>,
> {
    use crate::api::meta::ValuesKind;
    use crate::helm::references::{kind_name, Lookup};
    let mut out = std::collections::BTreeMap::new();
    for r in refs {
        let key = (kind_name(r.kind), r.name.clone());
        if out.contains_key(&key) {
            continue;
        }
        let found =
            crate::cluster::config_data(client, namespace, r.kind == ValuesKind::Secret, &r.name)
                .await;
        let lookup = match found {
            Ok(data) => Lookup::Found(data),
            Err(e) if crate::cluster::is_not_found(&e) => {
                Lookup::Missing(crate::cluster::api_message(&e))
            }
            Err(e) => anyhow::bail!(
                "reading {} {namespace}/{}: {}",
                key.0,
                r.name,
                crate::cluster::api_message(&e)
            ),
        };
        out.insert(key, lookup);
    }
    Ok(out)
}

/// A HelmRelease snapshot list as Go marshals Flux's typed `Snapshots`: `deleted` is a
/// non-pointer `metav1.Time`, printed as `null` when unset.
fn helm_history(history: &Value) -> Value {
    let mut h = history.clone();
    for snap in h.as_array_mut().into_iter().flatten() {
        if let Some(o) = snap.as_object_mut() {
            o.entry("deleted").or_insert(Value::Null);
        }
    }
    h
}

/// Runs `flux debug helmrelease`.
pub async fn helmrelease(args: DebugHrArgs, g: &super::Global) -> anyhow::Result<()> {
    let show = match (args.show_status, args.show_values, args.show_history) {
        (true, false, false) => Show::Status,
        (false, true, false) => Show::Inputs,
        (false, false, true) => Show::History,
        _ => anyhow::bail!(
            "exactly one of --show-status, --show-values, or --show-history must be set"
        ),
    };
    let (client, mut obj) = live(g, &kinds::HELM_RELEASE, &args.name).await?;
    if obj["status"]["history"].is_array() {
        obj["status"]["history"] = helm_history(&obj["status"]["history"]);
    }
    let docs = "https://fluxcd.io/flux/components/helm/helmreleases/";
    let text = match show {
        Show::Status | Show::History => documented(&obj, &show, docs)?,
        Show::Inputs => {
            let refs: Vec<crate::api::meta::ValuesReference> =
                serde_json::from_value(obj["spec"]["valuesFrom"].clone()).unwrap_or_default();
            let values = obj["spec"]["values"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            let lookup = lookup_references(&client, &g.namespace, &refs).await?;
            let composed = crate::helm::references::chart_values_from_references(
                &g.namespace,
                &values,
                &refs,
                &lookup,
            )
            .map_err(anyhow::Error::msg)?;
            yaml_of(&Value::Object(composed))?
        }
    };
    crate::output::print_stdout(&text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn dot_env_lists_inline_values_over_referenced_ones_sorted_without_newlines() {
        let from = BTreeMap::from([
            ("TEST_SECRET".to_string(), "secret".to_string()),
            ("TEST_OVERRIDE".to_string(), "secret".to_string()),
            ("TEST_CM".to_string(), "cm".to_string()),
        ]);
        let inline = crate::api::StringMap::from([
            ("TEST_OVERRIDE".to_string(), "in-line".to_string()),
            ("TEST_INLINE".to_string(), "in-\nline".to_string()),
        ]);
        assert_eq!(
            dot_env(from, Some(&inline)),
            "TEST_CM=cm\nTEST_INLINE=in-line\nTEST_OVERRIDE=in-line\nTEST_SECRET=secret\n"
        );
    }

    #[test]
    fn exactly_one_view_is_asked_for() {
        let args = |s: bool, v: bool, h: bool| DebugKsArgs {
            name: "x".into(),
            show_status: s,
            show_vars: v,
            show_history: h,
        };
        assert!(args(true, false, false).show().is_ok());
        for (s, v, h) in [
            (false, false, false),
            (true, true, false),
            (true, true, true),
        ] {
            assert_eq!(
                args(s, v, h).show().err().map(|e| e.to_string()).as_deref(),
                Some("exactly one of --show-status, --show-vars, or --show-history must be set")
            );
        }
    }
}
