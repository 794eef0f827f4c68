//! What the next upgrade of a HelmRelease would change, seen from the cluster (`flux diff
//! helmrelease`, beyond Flux): the chart (the HelmRelease's current artifact, or a local
//! one), the values composed as the controller composes them (`valuesFrom`, `values`,
//! `upgrade.preserveValues`), rendered and post-rendered as the next revision, stamped as the
//! helm-controller stamps release objects, then dry-run applied with its field manager and
//! compared with the live objects; objects of the latest stored revision the new manifest no
//! longer has (and that are not kept by `helm.sh/resource-policy: keep`) would be deleted.
//! Nothing is written: no HelmChart is created, no revision recorded.

use kube::ResourceExt;
use serde_json::Value;

use super::action::{self, Actions};
use crate::api::helm::HelmRelease;
use crate::apply::diff::{diff_objects, ObjectDiff};
use crate::apply::Owner;
use crate::cluster::{object_ref, Cluster};
use crate::helm::chart::Chart;

/// Why a preview could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// The chart or values could not be had (the controller's own message).
    #[error("{0}")]
    Input(String),
    /// The chart did not render.
    #[error("HelmRelease {release}: {message}")]
    Render {
        /// `namespace/name` of the HelmRelease.
        release: String,
        /// Helm's error.
        message: String,
    },
    /// Reading the release history or the manifests failed.
    #[error(transparent)]
    Action(#[from] action::ActionError),
    /// The dry run failed.
    #[error(transparent)]
    Apply(#[from] crate::apply::Error),
}

/// What an upgrade would do.
#[derive(Debug)]
pub struct Preview {
    /// Every object of the new manifest: created, drifted (with the changed fields) or
    /// unchanged, in manifest order.
    pub objects: Vec<ObjectDiff>,
    /// `Kind/namespace/name` of the objects the upgrade would delete.
    pub deleted: Vec<String>,
    /// The revision the upgrade would make.
    pub revision: i64,
}

/// The chart of a HelmRelease: its source's current artifact, downloaded (the HelmChart of a
/// `chart` template must exist already: the preview never creates it).
pub async fn current_chart(
    client: &kube::Client,
    obj: &HelmRelease,
) -> Result<Chart, PreviewError> {
    let Some(src) = super::chart_source(obj) else {
        return Err(PreviewError::Input(
            "one of chart or chartRef must be set".into(),
        ));
    };
    let resolved =
        crate::sources::resolve(client, &obj.namespace().unwrap_or_default(), &src, false)
            .await
            .map_err(|e| PreviewError::Input(e.to_string()))?;
    super::download_chart(&resolved)
        .await
        .map_err(|(_, message)| PreviewError::Input(message))
}

/// Previews the next upgrade of `obj` with `chart`, against the cluster `client` reaches.
pub async fn preview(
    client: &kube::Client,
    obj: &HelmRelease,
    chart: &Chart,
) -> Result<Preview, PreviewError> {
    let values = super::compose_values(obj, client)
        .await
        .map_err(|f| PreviewError::Input(f.message.to_string()))?;
    let name = super::release_name(obj);
    let namespace = super::release_namespace(obj);
    let owner = Owner {
        field_manager: super::CONTROLLER.into(),
        group: crate::api::helm::GROUP.into(),
        name: obj.name_any(),
        namespace: obj.namespace().unwrap_or_default(),
    };
    let mut actions = Actions::new(
        Cluster::new(client.clone()),
        owner.clone(),
        super::storage_namespace(obj),
        std::time::Duration::from_secs(30),
        0,
    );
    let history = actions.history(&name).await?;
    let last = history.last();
    let release_key = format!("{}/{}", obj.namespace().unwrap_or_default(), obj.name_any());
    let preserved;
    let base = last.map(|l| super::upgrade_base(&history, l));
    let (chart, values) = match base {
        Some(current) if obj.spec.upgrade.as_ref().is_some_and(|u| u.preserve_values) => {
            preserved =
                super::reuse_values(chart, &values, current).map_err(|e| PreviewError::Render {
                    release: release_key.clone(),
                    message: e.to_string(),
                })?;
            (&preserved.0, &preserved.1)
        }
        _ => (chart, &values),
    };
    let revision = last.and_then(|r| r["version"].as_i64()).unwrap_or(0) + 1;
    let post_render = crate::helm::postrender::PostRender::for_release(
        &serde_json::to_value(obj).unwrap_or_default(),
    )
    .map_err(|e| PreviewError::Input(e.to_string()))?;
    let opts = crate::helm::engine::Options {
        release_name: name.clone(),
        namespace: namespace.clone(),
        revision,
        is_upgrade: last.is_some(),
        skip_schema_validation: obj
            .spec
            .upgrade
            .as_ref()
            .is_some_and(|u| u.disable_schema_validation),
        post_render: Some(post_render),
        ..Default::default()
    };
    let rendered =
        crate::helm::engine::render(chart, values, &opts).map_err(|e| PreviewError::Render {
            release: release_key.clone(),
            message: e.to_string(),
        })?;
    let manifest = crate::helm::release::manifest_text(&rendered);
    let objs: Vec<Value> = actions
        .objects(&manifest, &namespace)
        .await?
        .iter()
        .map(|o| {
            let mut o = action::with_release_metadata(o, &name, &namespace);
            owner.stamp(&mut o);
            o
        })
        .collect();
    let mut cluster = Cluster::new(client.clone());
    let objects = diff_objects(&mut cluster, super::CONTROLLER, &objs).await?;
    let old = match base {
        Some(r) => {
            actions
                .objects(r["manifest"].as_str().unwrap_or_default(), &namespace)
                .await?
        }
        None => vec![],
    };
    let deleted = old
        .iter()
        .filter(|o| !objs.iter().any(|n| action::same_object(n, o)) && !action::keeps(o))
        .map(object_ref)
        .collect();
    Ok(Preview {
        objects,
        deleted,
        revision,
    })
}
