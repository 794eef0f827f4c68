//! `flux build helmrelease --file hr.yaml --chart DIR|TGZ`: renders offline what the
//! helm-controller would apply for a HelmRelease: its release name and target namespace as
//! Flux derives them, `--values` files standing in for `valuesFrom` (merged in order), then
//! `spec.values`, then Helm's value flags (`--set-json`, `--set`, `--set-string`,
//! `--set-file`), printed as `helm template` prints a release. A release with
//! `postRenderers` or `commonMetadata` is post-rendered as Flux's helm-controller does it
//! (its kustomize patches and images, common metadata, origin labels), hooks by
//! `postRenderStrategy`.

use std::path::PathBuf;

use anyhow::Context;
use serde_json::{Map, Value};

use crate::helm::engine::{self, Options};

/// Flags of `flux build helmrelease`.
#[derive(Debug, clap::Args)]
pub struct BuildHelmReleaseArgs {
    /// The HelmRelease name (optional when the file holds one HelmRelease).
    pub name: Option<String>,
    /// Path to the HelmRelease YAML file.
    #[arg(long)]
    pub file: PathBuf,
    /// The chart: a directory or a packaged .tgz.
    #[arg(long)]
    pub chart: PathBuf,
    /// Values files standing in for spec.valuesFrom, merged in order before spec.values.
    #[arg(long = "values", short = 'f')]
    pub values: Vec<PathBuf>,
    /// Set values (key=value, Helm's --set syntax), applied after spec.values.
    #[arg(long = "set")]
    pub set: Vec<String>,
    /// Set string values (Helm's --set-string syntax).
    #[arg(long = "set-string")]
    pub set_string: Vec<String>,
    /// Set JSON values (path=JSON, or a JSON object merged whole).
    #[arg(long = "set-json")]
    pub set_json: Vec<String>,
    /// Set values from files (path=FILE: the file's text).
    #[arg(long = "set-file")]
    pub set_file: Vec<String>,
    /// Only print the manifests rendered from these templates (paths inside the chart,
    /// filepath.Match patterns).
    #[arg(long = "show-only", short = 's')]
    pub show_only: Vec<String>,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Extra API versions for Capabilities.APIVersions.
    #[arg(long = "api-versions", short = 'a', value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Print the chart's CRDs first.
    #[arg(long)]
    pub include_crds: bool,
    /// Leave out test hooks.
    #[arg(long)]
    pub skip_tests: bool,
}

fn find_release(path: &std::path::Path, name: Option<&str>) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs = crate::kustomize::yaml::parse_stream(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut found: Vec<Value> = docs
        .into_iter()
        .filter(|d| {
            d.get("kind").and_then(|k| k.as_str()) == Some("HelmRelease")
                && d.get("apiVersion")
                    .and_then(|a| a.as_str())
                    .is_some_and(|a| a.starts_with("helm.toolkit.fluxcd.io/"))
        })
        .filter(|d| name.is_none() || d.pointer("/metadata/name").and_then(|n| n.as_str()) == name)
        .collect();
    match (found.len(), name) {
        (1, _) => Ok(found.remove(0)),
        (0, Some(n)) => anyhow::bail!("{}: no HelmRelease named '{n}' found", path.display()),
        (0, None) => anyhow::bail!("{}: no HelmRelease found", path.display()),
        _ => anyhow::bail!(
            "{}: more than one HelmRelease; name the one to build",
            path.display()
        ),
    }
}

/// Flux's release name: `spec.releaseName`, else `<targetNamespace>-<name>` with a target
/// namespace, else the name; names over 53 characters are shortened as Flux does.
pub fn release_name(hr: &Value) -> String {
    let get = |p: &str| hr.pointer(p).and_then(|v| v.as_str()).unwrap_or_default();
    let name = if !get("/spec/releaseName").is_empty() {
        get("/spec/releaseName").to_string()
    } else if !get("/spec/targetNamespace").is_empty() {
        format!("{}-{}", get("/spec/targetNamespace"), get("/metadata/name"))
    } else {
        get("/metadata/name").to_string()
    };
    shorten_name(&name)
}

/// Flux's `ShortenName`: at most 53 characters; longer names keep 40, a dash and 12 hex
/// characters of their SHA-256.
pub fn shorten_name(name: &str) -> String {
    use sha2::Digest as _;
    if name.len() <= 53 {
        return name.to_string();
    }
    let sum = hex::encode(sha2::Sha256::digest(name.as_bytes()));
    format!("{}-{}", &name[..40], &sum[..12])
}

fn read_values_file(path: &std::path::Path) -> anyhow::Result<Map<String, Value>> {
    let data = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    crate::helm::chart::parse_values(&data, &path.display().to_string())
        .map_err(|e| anyhow::anyhow!(e))
}

/// Runs `flux build helmrelease`.
pub fn run(a: &BuildHelmReleaseArgs) -> anyhow::Result<()> {
    let hr = find_release(&a.file, a.name.as_deref())?;
    let chart = engine::load_chart(&a.chart).map_err(|e| anyhow::anyhow!("{e}"))?;
    engine::check_dependencies(&chart).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut values = Map::new();
    for f in &a.values {
        let mut v = read_values_file(f)?;
        crate::helm::chart::numbers_as_floats(&mut v);
        values = crate::helm::chart::merge_maps(&values, &v);
    }
    if let Some(Value::Object(v)) = hr.pointer("/spec/values") {
        let mut v = v.clone();
        crate::helm::chart::numbers_as_floats(&mut v);
        values = crate::helm::chart::merge_maps(&values, &v);
    }
    let flags = crate::helm::strvals::ValueOptions {
        files: vec![],
        json: a.set_json.clone(),
        set: a.set.clone(),
        set_string: a.set_string.clone(),
        set_file: a.set_file.clone(),
    };
    let values = flags.merge_into(values).map_err(|e| anyhow::anyhow!(e))?;
    let namespace = hr
        .pointer("/spec/targetNamespace")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .or_else(|| hr.pointer("/metadata/namespace").and_then(|v| v.as_str()))
        .unwrap_or("default")
        .to_string();
    let opts = Options {
        release_name: release_name(&hr),
        namespace,
        kube_version: a.kube_version.clone(),
        api_versions: a.api_versions.clone(),
        include_crds: a.include_crds,
        skip_schema_validation: hr
            .pointer("/spec/install/disableSchemaValidation")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        skip_tests: a.skip_tests,
        show_only: a.show_only.clone(),
        post_render: post_render(&hr)?,
        ..Options::default()
    };
    let rendered = run_with_stack(move || {
        engine::render_owned(chart, &values, &opts).and_then(|r| engine::template_output(&r, &opts))
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("{rendered}");
    // The process ends here: freeing the output would only cost time.
    std::mem::forget(rendered);
    Ok(())
}

/// The release's post-rendering when it has `postRenderers` or `commonMetadata`: Flux's
/// whole chain then, origin labels included. Without them the output stays `helm template`'s.
fn post_render(hr: &Value) -> anyhow::Result<Option<crate::helm::postrender::PostRender>> {
    let has = |p: &str| match hr.pointer(p) {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    if !has("/spec/postRenderers") && !has("/spec/commonMetadata") {
        return Ok(None);
    }
    crate::helm::postrender::PostRender::for_release(hr)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Runs the render where deep template recursion has room.
fn run_with_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(s, f)
            .expect("spawning the render thread")
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_follow_flux() {
        let hr =
            serde_json::json!({"metadata": {"name": "app"}, "spec": {"targetNamespace": "prod"}});
        assert_eq!(release_name(&hr), "prod-app");
        let long = "x".repeat(60);
        let s = shorten_name(&long);
        assert_eq!(s.len(), 53);
        assert!(s.starts_with(&"x".repeat(40)));
    }
}
