//! `flux version [--client] [-o yaml|json]`: client and in-cluster component versions.

use indexmap_like::Versions;
use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};

/// Flags of `flux version`.
#[derive(Debug, clap::Args)]
pub struct VersionArgs {
    /// Print only the client version.
    #[arg(long)]
    pub client: bool,
    /// The format in which to print the version information (yaml or json).
    #[arg(short = 'o', long, default_value = "yaml")]
    pub output: String,
}

/// Output formats.
#[derive(Debug, Clone, Copy)]
pub enum VersionFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

mod indexmap_like {
    /// Ordered name -> version pairs.
    pub type Versions = serde_json::Map<String, serde_json::Value>;
}

/// Reads the controller versions (image tags) of the Flux Deployments in `namespace`.
pub async fn cluster_versions(client: kube::Client, namespace: &str) -> anyhow::Result<Versions> {
    let mut out = Versions::new();
    let ns_api: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client.clone());
    if let Some(ns) = ns_api.get_opt(namespace).await? {
        if let Some(v) = ns
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("app.kubernetes.io/version"))
        {
            out.insert("distribution".into(), format!("flux-{v}").into());
        }
    }
    let api: Api<Deployment> = Api::namespaced(client, namespace);
    let list = api
        .list(&ListParams::default().labels("app.kubernetes.io/part-of=flux"))
        .await?;
    let mut items: Vec<(String, String)> = list
        .items
        .iter()
        .filter_map(|d| {
            let name = d.metadata.name.clone()?;
            let image = d
                .spec
                .as_ref()?
                .template
                .spec
                .as_ref()?
                .containers
                .first()?
                .image
                .clone()?;
            let tag = image
                .rsplit_once(':')
                .map(|(_, t)| t.to_string())
                .unwrap_or(image);
            Some((name, tag))
        })
        .collect();
    items.sort();
    for (name, tag) in items {
        out.insert(name, tag.into());
    }
    Ok(out)
}

/// Runs `flux version`.
pub async fn run(args: VersionArgs, g: &super::Global) -> anyhow::Result<()> {
    // Checked first, with Flux's words.
    let format = match args.output.as_str() {
        "yaml" => VersionFormat::Yaml,
        "json" => VersionFormat::Json,
        other => anyhow::bail!("--output must be json or yaml, not {other}"),
    };
    let mut versions = Versions::new();
    versions.insert("flux".into(), crate::version::version().into());
    if !args.client {
        let found = g
            .within_timeout("reading cluster versions", async {
                let client = g.client().await?;
                cluster_versions(client, &g.namespace).await
            })
            .await;
        match found {
            Ok(v) => versions.extend(v),
            Err(e) => g
                .logger()
                .warning(format!("could not read the cluster versions: {e:#}")),
        }
    }
    match format {
        // Flux prints YAML of flat strings: `name: version` lines.
        VersionFormat::Yaml => {
            let mut text = String::new();
            for (k, v) in &versions {
                text.push_str(&format!("{k}: {}\n", v.as_str().unwrap_or_default()));
            }
            crate::output::print_stdout(&text)?;
        }
        VersionFormat::Json => {
            crate::output::print_stdout(&(serde_json::to_string_pretty(&versions)? + "\n"))?
        }
    }

    Ok(())
}
