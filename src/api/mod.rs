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

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, JSONSchemaProps, ValidationRule,
};
use kube::CustomResourceExt;

pub use duration::Duration;

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

    /// Whether `flux serve` runs this controller in this version. `flux install` refuses to
    /// deploy the others (their pods would crash-loop) and leaves them out of its defaults.
    pub fn is_available(&self) -> bool {
        matches!(
            self,
            Controller::Source
                | Controller::Kustomize
                | Controller::Notification
                | Controller::SourceWatcher
        )
    }

    /// The controllers `flux serve` runs, in Flux's install order.
    pub fn available() -> Vec<Controller> {
        Controller::ALL
            .into_iter()
            .filter(Controller::is_available)
            .collect()
    }

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
        let Some(props) = schema.properties.as_mut() else {
            continue;
        };
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
    crd
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
        k(finish(source::GitRepository::crd(), true, vec![]), Source),
        k(
            finish(
                source::OCIRepository::crd(),
                true,
                vec![
                    rule(
                        "!has(self.audiences) || size(self.audiences) == 0 || (has(self.credential) && self.credential == 'ServiceAccountToken')",
                        "spec.audiences can be set only when spec.credential is set to 'ServiceAccountToken'",
                    ),
                    rule(
                        "!has(self.credential) || self.credential != 'ServiceAccountToken' || (has(self.audiences) && size(self.audiences) > 0)",
                        "spec.audiences must be set when spec.credential is set to 'ServiceAccountToken'",
                    ),
                    rule(
                        "!has(self.credential) || self.credential != 'ServiceAccountToken' || !has(self.provider) || self.provider == 'generic'",
                        "spec.credential 'ServiceAccountToken' can only be used with spec.provider 'generic'",
                    ),
                ],
            ),
            Source,
        ),
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
        k(finish(source::HelmChart::crd(), true, vec![]), Source),
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
