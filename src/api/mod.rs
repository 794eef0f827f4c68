//! Every Flux API type, and the CustomResourceDefinitions generated from them.
//!
//! Owns the Rust shapes of all kinds Flux 2.9 serves (one file per API group, `meta` for the
//! shared types, `duration` for Go durations) and [`crds`], which turns them into CRDs with the
//! few touches the derive cannot express (status defaults, CEL rules on `spec`). Nothing here
//! talks to a cluster.

pub mod duration;
pub mod extensions;
pub mod helm;
pub mod image;
pub mod kustomize;
pub mod meta;
pub mod notification;
pub mod registry;
pub mod source;
pub mod string_map;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, JSONSchemaProps, ValidationRule,
};
use kube::CustomResourceExt;

pub use duration::Duration;
pub use string_map::StringMap;

/// Which controller owns a kind; used by install, check and uninstall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Controller {
    /// source-controller.
    Source,
    /// kustomize-controller.
    Kustomize,
    /// helm-controller.
    Helm,
    /// notification-controller.
    Notification,
    /// image-reflector-controller.
    ImageReflector,
    /// image-automation-controller.
    ImageAutomation,
    /// source-watcher (ArtifactGenerator).
    SourceWatcher,
}

impl Controller {
    /// The controller's Deployment name, as Flux names it.
    pub fn name(&self) -> &'static str {
        match self {
            Controller::Source => "source-controller",
            Controller::Kustomize => "kustomize-controller",
            Controller::Helm => "helm-controller",
            Controller::Notification => "notification-controller",
            Controller::ImageReflector => "image-reflector-controller",
            Controller::ImageAutomation => "image-automation-controller",
            Controller::SourceWatcher => "source-watcher",
        }
    }

    /// Every controller, in Flux's install order.
    pub const ALL: [Controller; 7] = [
        Controller::Source,
        Controller::Kustomize,
        Controller::Helm,
        Controller::Notification,
        Controller::ImageReflector,
        Controller::ImageAutomation,
        Controller::SourceWatcher,
    ];

    /// Parses a component name (`source-controller`, ...).
    pub fn from_name(name: &str) -> Option<Controller> {
        Controller::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One served kind: its CRD and the controller that reconciles it.
pub struct KindInfo {
    /// The generated CRD.
    pub crd: CustomResourceDefinition,
    /// The controller that owns the kind.
    pub controller: Controller,
}

/// A string schema limited to `values`, in the order Flux's CRD lists them (for a field whose
/// Rust enum is shared by kinds that order them differently, or a status field Flux leaves
/// open).
pub(crate) fn string_enum(values: &[&str]) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": values })
}

/// A plain string schema.
pub(crate) fn plain_string(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string" })
}

/// An integer without a `format`, as controller-gen writes a Go `int`.
pub(crate) fn plain_integer(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "integer" })
}

/// The CEL rule Flux puts on a spec, with its message.
fn rule(rule: &str, message: &str) -> ValidationRule {
    ValidationRule {
        rule: rule.to_string(),
        message: Some(message.to_string()),
        ..Default::default()
    }
}

/// Applies the touches the derive cannot express: `status` defaults to
/// `{"observedGeneration": -1}` as in Flux, and CEL rules attach to `spec`.
fn finish(
    mut crd: CustomResourceDefinition,
    status_default: bool,
    spec_rules: Vec<ValidationRule>,
) -> CustomResourceDefinition {
    let description = format!(
        "{} is the Schema for the {} API.",
        crd.spec.names.kind, crd.spec.names.plural
    );
    for version in &mut crd.spec.versions {
        let Some(schema) = version
            .schema
            .as_mut()
            .and_then(|s| s.open_api_v3_schema.as_mut())
        else {
            continue;
        };
        schema.description = Some(description.clone());
        // controller-gen's root: no title, nothing required, the standard object fields.
        schema.title = None;
        schema.required = None;
        let Some(props) = schema.properties.as_mut() else {
            continue;
        };
        for (name, what) in [
            (
                "apiVersion",
                "APIVersion defines the versioned schema of this representation of an object.",
            ),
            (
                "kind",
                "Kind is a string value representing the REST resource this object represents.",
            ),
        ] {
            props
                .entry(name.to_string())
                .or_insert_with(|| JSONSchemaProps {
                    description: Some(what.to_string()),
                    type_: Some("string".to_string()),
                    ..Default::default()
                });
        }
        props
            .entry("metadata".to_string())
            .or_insert_with(|| JSONSchemaProps {
                type_: Some("object".to_string()),
                ..Default::default()
            });
        if let Some(status) = props.get_mut("status") {
            condition_validations(status);
        }
        if status_default {
            if let Some(status) = props.get_mut("status") {
                status.default = Some(
                    k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSON(
                        serde_json::json!({ "observedGeneration": -1 }),
                    ),
                );
            }
        }
        if !spec_rules.is_empty() {
            if let Some(spec) = props.get_mut("spec") {
                spec.x_kubernetes_validations = Some(spec_rules.clone());
            }
        }
        strip_nullable(schema);
    }
    crd.spec.names.list_kind = Some(format!("{}List", crd.spec.names.kind));
    for version in &mut crd.spec.versions {
        // controller-gen writes `subresources: {}` for kinds without a status.
        version.subresources.get_or_insert_with(Default::default);
    }
    crd
}

/// The validations `metav1.Condition` carries in every Kubernetes CRD (the apimachinery
/// markers), applied to a status' `conditions` list.
fn condition_validations(status: &mut JSONSchemaProps) {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
        JSONSchemaPropsOrArray, JSON,
    };
    let Some(Some(JSONSchemaPropsOrArray::Schema(item))) = status
        .properties
        .as_mut()
        .and_then(|p| p.get_mut("conditions"))
        .map(|c| c.items.as_mut())
    else {
        return;
    };
    let Some(props) = item.properties.as_mut() else {
        return;
    };
    if let Some(p) = props.get_mut("message") {
        p.max_length = Some(32768);
    }
    if let Some(p) = props.get_mut("observedGeneration") {
        p.minimum = Some(0.0);
    }
    if let Some(p) = props.get_mut("reason") {
        p.max_length = Some(1024);
        p.min_length = Some(1);
        p.pattern = Some("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$".to_string());
    }
    if let Some(p) = props.get_mut("status") {
        p.enum_ = Some(
            ["True", "False", "Unknown"]
                .map(|v| JSON(serde_json::Value::from(v)))
                .to_vec(),
        );
    }
    if let Some(p) = props.get_mut("type") {
        p.max_length = Some(316);
        p.pattern = Some(
            r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"
                .to_string(),
        );
    }
}

/// kube marks `Option` fields nullable; Flux's CRDs do not, and a `null` written by a client
/// would otherwise be stored. Remove `nullable` everywhere except where values are free-form.
fn strip_nullable(schema: &mut JSONSchemaProps) {
    if schema.x_kubernetes_preserve_unknown_fields != Some(true) {
        schema.nullable = None;
    }
    if let Some(props) = schema.properties.as_mut() {
        for p in props.values_mut() {
            strip_nullable(p);
        }
    }
    if let Some(k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaPropsOrArray::Schema(items)) =
        schema.items.as_mut()
    {
        strip_nullable(items);
    }
    if let Some(k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaPropsOrBool::Schema(extra)) =
        schema.additional_properties.as_mut()
    {
        strip_nullable(extra);
    }
}

/// Every kind Flux 2.9 serves, with its generated CRD, in a stable order.
pub fn kinds() -> Vec<KindInfo> {
    use Controller::*;
    let k = |crd, controller| KindInfo { crd, controller };
    vec![
        k(
            finish(
                source::GitRepository::crd(),
                true,
                vec![rule(
                    "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
                    "serviceAccountName can only be set when provider is 'azure' or 'aws'",
                )],
            ),
            Source,
        ),
        k(finish(source::OCIRepository::crd(), true, vec![]), Source),
        k(
            finish(
                source::Bucket::crd(),
                true,
                vec![
                    rule("self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)", "STS configuration is only supported for the 'aws' and 'generic' Bucket providers"),
                    rule("self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'", "'aws' is the only supported STS provider for the 'aws' Bucket provider"),
                    rule("self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'", "'ldap' is the only supported STS provider for the 'generic' Bucket provider"),
                    rule("!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)", "spec.sts.secretRef is not required for the 'aws' STS provider"),
                    rule("!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)", "spec.sts.certSecretRef is not required for the 'aws' STS provider"),
                    rule("self.provider != 'generic' || !has(self.serviceAccountName)", "ServiceAccountName is not supported for the 'generic' Bucket provider"),
                    rule("!has(self.secretRef) || !has(self.serviceAccountName)", "cannot set both .spec.secretRef and .spec.serviceAccountName"),
                ],
            ),
            Source,
        ),
        k(finish(source::HelmRepository::crd(), true, vec![]), Source),
        k(
            finish(
                source::HelmChart::crd(),
                true,
                vec![rule(
                    "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'",
                    "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'",
                )],
            ),
            Source,
        ),
        k(finish(source::ExternalArtifact::crd(), false, vec![]), Source),
        k(finish(kustomize::Kustomization::crd(), true, vec![]), Kustomize),
        k(
            finish(
                helm::HelmRelease::crd(),
                true,
                vec![rule(
                    "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))",
                    "either chart or chartRef must be set",
                )],
            ),
            Helm,
        ),
        k(
            finish(
                notification::Provider::crd(),
                false,
                vec![rule(
                    "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)",
                    "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
                )],
            ),
            Notification,
        ),
        k(finish(notification::Alert::crd(), false, vec![]), Notification),
        k(
            finish(
                notification::Receiver::crd(),
                true,
                vec![
                    rule(
                        "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
                        "generic-oidc receivers must define at least one oidcProvider",
                    ),
                    rule(
                        "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
                        "oidcProviders can only be set when type is generic-oidc",
                    ),
                    rule(
                        "self.type != 'generic-oidc' || !has(self.secretRef)",
                        "secretRef cannot be set when type is generic-oidc",
                    ),
                    rule(
                        "self.type == 'generic-oidc' || has(self.secretRef)",
                        "secretRef is required when type is not generic-oidc",
                    ),
                ],
            ),
            Notification,
        ),
        k(finish(image::ImageRepository::crd(), true, vec![]), ImageReflector),
        k(
            finish(
                image::ImagePolicy::crd(),
                true,
                vec![
                    rule(
                        "!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy == 'Always')",
                        "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'",
                    ),
                    rule(
                        "has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy != 'Always'",
                        "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
                    ),
                ],
            ),
            ImageReflector,
        ),
        k(finish(image::ImageUpdateAutomation::crd(), true, vec![]), ImageAutomation),
        k(
            finish(
                extensions::ArtifactGenerator::crd(),
                false,
                vec![rule(
                    "has(self.pathPattern) && size(self.pathPattern) > 0 || self.artifacts.all(a, a.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))",
                    "artifact names must be valid Kubernetes object names when pathPattern is not set",
                )],
            ),
            SourceWatcher,
        ),
    ]
}
