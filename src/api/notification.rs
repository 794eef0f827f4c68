//! `notification.toolkit.fluxcd.io`: Provider and Alert (`v1beta3`, static objects without
//! status) and Receiver (`v1`).
//!
//! Owns the notification kinds' spec and status shapes as Flux 2.9 serves them, including the
//! provider and receiver type enums. Event routing and webhook handling live in
//! `controllers::notification`; this module only describes data.

use std::collections::BTreeMap;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::duration::Duration;
use super::meta::{Condition, LocalObjectReference};

/// The API group of the notification kinds.
pub const GROUP: &str = "notification.toolkit.fluxcd.io";
/// The version Provider and Alert are served at.
pub const VERSION_V1BETA3: &str = "v1beta3";
/// The version Receiver is served at.
pub const VERSION_V1: &str = "v1";

fn is_false(b: &bool) -> bool {
    !*b
}

/// The provider types Flux 2.9 knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderType {
    /// Slack incoming webhook or chat.postMessage.
    Slack,
    /// Discord webhook.
    Discord,
    /// Microsoft Teams.
    Msteams,
    /// Rocket.Chat.
    Rocket,
    /// The event JSON posted as is.
    Generic,
    /// The event JSON with an HMAC signature header.
    #[serde(rename = "generic-hmac")]
    GenericHmac,
    /// GitHub commit status.
    Github,
    /// GitLab commit status.
    Gitlab,
    /// Gitea commit status.
    Gitea,
    /// Gitea pull request comments.
    Giteapullrequestcomment,
    /// Bitbucket Server commit status.
    Bitbucketserver,
    /// Bitbucket Cloud commit status.
    Bitbucket,
    /// Azure DevOps commit status.
    Azuredevops,
    /// Google Chat.
    Googlechat,
    /// Google Pub/Sub.
    Googlepubsub,
    /// Cisco Webex.
    Webex,
    /// Sentry.
    Sentry,
    /// Azure Event Hub.
    Azureeventhub,
    /// Telegram.
    Telegram,
    /// Lark.
    Lark,
    /// Matrix.
    Matrix,
    /// Opsgenie.
    Opsgenie,
    /// Prometheus Alertmanager.
    Alertmanager,
    /// Grafana annotations.
    Grafana,
    /// GitHub repository_dispatch.
    Githubdispatch,
    /// GitHub pull request comments.
    Githubpullrequestcomment,
    /// GitLab merge request comments.
    Gitlabmergerequestcomment,
    /// PagerDuty.
    Pagerduty,
    /// Datadog events.
    Datadog,
    /// NATS.
    Nats,
    /// Zulip.
    Zulip,
    /// OpenTelemetry traces.
    Otel,
    /// Zoom team chat.
    Zoom,
    /// incident.io.
    Incidentio,
}

/// ProviderSpec defines the desired state of the Provider.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Provider",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    plural = "providers",
    namespaced,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSpec {
    /// Type specifies which Provider implementation to use.
    #[serde(rename = "type")]
    pub type_: ProviderType,
    /// Interval at which to reconcile the Provider with its Secret references (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"))]
    pub interval: Option<Duration>,
    /// Channel specifies the destination channel where events should be posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub channel: Option<String>,
    /// Username specifies the name under which events are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub username: Option<String>,
    /// Address specifies the endpoint, in a generic sense, to where alerts are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub address: Option<String>,
    /// Timeout for sending alerts to the Provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$"))]
    pub timeout: Option<Duration>,
    /// Proxy the HTTP/S address of the proxy server (deprecated, use ProxySecretRef).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048), regex(pattern = r"^(http|https)://.*$"))]
    pub proxy: Option<String>,
    /// ProxySecretRef specifies the Secret containing the proxy configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// SecretRef specifies the Secret containing the authentication credentials for this
    /// Provider (keys `address`, `token`, `username`, `password`, `headers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// ServiceAccountName is the name of the service account used to authenticate with
    /// services from cloud providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// CertSecretRef specifies the Secret containing TLS certificates for secure communication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// Suspend tells the controller to suspend subsequent events handling for this Provider.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
    /// CommitStatusExpr is a CEL expression that evaluates to a string value that can be used
    /// to generate a custom commit status message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_status_expr: Option<String>,
}

/// Kinds that emit events an Alert can select, and a Receiver can trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum FluxKind {
    /// source.toolkit.fluxcd.io Bucket.
    Bucket,
    /// source.toolkit.fluxcd.io GitRepository.
    GitRepository,
    /// kustomize.toolkit.fluxcd.io Kustomization.
    Kustomization,
    /// helm.toolkit.fluxcd.io HelmRelease.
    HelmRelease,
    /// source.toolkit.fluxcd.io HelmChart.
    HelmChart,
    /// source.toolkit.fluxcd.io HelmRepository.
    HelmRepository,
    /// image.toolkit.fluxcd.io ImageRepository.
    ImageRepository,
    /// image.toolkit.fluxcd.io ImagePolicy.
    ImagePolicy,
    /// image.toolkit.fluxcd.io ImageUpdateAutomation.
    ImageUpdateAutomation,
    /// source.toolkit.fluxcd.io OCIRepository.
    OCIRepository,
    /// source.extensions.fluxcd.io ArtifactGenerator.
    ArtifactGenerator,
    /// source.toolkit.fluxcd.io ExternalArtifact.
    ExternalArtifact,
}

/// CrossNamespaceObjectReference selects event sources or receiver targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceObjectReference {
    /// API version of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    pub kind: FluxKind,
    /// Name of the referent. If multiple resources are targeted `*` may be set.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Namespace of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub namespace: Option<String>,
    /// MatchLabels is a map of {key,value} pairs; only valid with name `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
    /// Filter (Receiver resources only): a CEL expression over `res`, `req` and `claims`
    /// that must also return true for a matched resource to be reconciled. Alerts' event
    /// sources have no such field; their schema leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub filter: Option<String>,
}

/// The schema of a Receiver's resource reference: an event source reference plus `filter`.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ReceiverResourceReference {
    /// API version of the referent.
    api_version: Option<String>,
    /// Kind of the referent.
    kind: FluxKind,
    /// Name of the referent. If multiple resources are targeted `*` may be set.
    #[schemars(length(min = 1, max = 253))]
    name: String,
    /// Namespace of the referent.
    #[schemars(length(min = 1, max = 253))]
    namespace: Option<String>,
    /// MatchLabels is a map of {key,value} pairs; only valid with name `*`.
    match_labels: Option<BTreeMap<String, String>>,
    /// Filter is a CEL expression returning a boolean, evaluated for each resource matched by
    /// this reference when a webhook is received, in addition to `resourceFilter`; it reads
    /// `res`, `req` and (generic-oidc) `claims`.
    filter: Option<String>,
}

/// Event severities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventSeverity {
    /// Informational events and errors.
    #[default]
    Info,
    /// Errors only.
    Error,
}

/// AlertSpec defines an alerting rule for events involving a list of objects.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Alert",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    plural = "alerts",
    namespaced,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct AlertSpec {
    /// ProviderRef specifies which Provider this Alert should use.
    pub provider_ref: LocalObjectReference,
    /// EventSeverity specifies how to filter events based on severity. If set to 'info' no
    /// events will be filtered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "info"))]
    pub event_severity: Option<EventSeverity>,
    /// EventSources specifies how to filter events based on the involved object kind, name and
    /// namespace.
    pub event_sources: Vec<CrossNamespaceObjectReference>,
    /// InclusionList specifies a list of Golang regular expressions to be used for including
    /// events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inclusion_list: Vec<String>,
    /// EventMetadata is an optional field for adding metadata to events dispatched by the
    /// controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_metadata: Option<BTreeMap<String, String>>,
    /// ExclusionList specifies a list of Golang regular expressions to be used for excluding
    /// messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusion_list: Vec<String>,
    /// Summary holds a short description of the impact and affected cluster (deprecated, use
    /// EventMetadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 255))]
    pub summary: Option<String>,
    /// Suspend tells the controller to suspend subsequent events dispatching for this Alert.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
}

/// The receiver types Flux 2.9 knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReceiverType {
    /// Any POST with the right path.
    Generic,
    /// A POST with an HMAC signature.
    #[serde(rename = "generic-hmac")]
    GenericHmac,
    /// A POST with an OIDC token validated by CEL rules.
    #[serde(rename = "generic-oidc")]
    GenericOidc,
    /// GitHub (and Gitea) webhooks.
    Github,
    /// GitLab webhooks.
    Gitlab,
    /// Bitbucket Server and Cloud webhooks.
    Bitbucket,
    /// Harbor webhooks.
    Harbor,
    /// Docker Hub webhooks.
    Dockerhub,
    /// Quay webhooks.
    Quay,
    /// Google Container Registry Pub/Sub pushes.
    Gcr,
    /// Nexus webhooks.
    Nexus,
    /// Azure Container Registry webhooks.
    Acr,
    /// CDEvents.
    Cdevents,
}

/// ReceiverSpec defines the desired state of the Receiver.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1",
    kind = "Receiver",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    plural = "receivers",
    namespaced,
    status = "ReceiverStatus",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverSpec {
    /// Type of webhook sender, used to determine the validation procedure and payload
    /// deserialization.
    #[serde(rename = "type")]
    pub type_: ReceiverType,
    /// Interval at which to reconcile the Receiver with its Secret references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"), extend("default" = "10m"))]
    pub interval: Option<Duration>,
    /// Events specifies the list of event types to handle, e.g. 'push' for GitHub or 'Push Hook'
    /// for GitLab.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// A list of resources to be notified about changes.
    #[schemars(with = "Vec<ReceiverResourceReference>")]
    pub resources: Vec<CrossNamespaceObjectReference>,
    /// ResourceFilter is a CEL expression applied to each matching resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_filter: Option<String>,
    /// SecretRef specifies the Secret containing the token used to validate the payload
    /// authenticity (and `email`/`audience` for gcr).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// OIDCProviders lists the OIDC issuers trusted by a generic-oidc Receiver.
    #[serde(
        default,
        rename = "oidcProviders",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[schemars(schema_with = "oidc_providers_schema")]
    pub oidc_providers: Vec<OIDCProvider>,
    /// Suspend tells the controller to suspend subsequent events handling for this receiver.
    #[serde(default, skip_serializing_if = "is_false")]
    pub suspend: bool,
}

/// An OIDC issuer trusted by a generic-oidc Receiver.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OIDCProvider {
    /// IssuerURL is the OIDC issuer URL used for provider discovery; it must match the `iss`
    /// claim of tokens issued by this provider.
    #[serde(rename = "issuerURL")]
    #[schemars(regex(pattern = r"^https?://"))]
    pub issuer_url: String,
    /// Audience is the expected audience (`aud` claim). Defaults to 'notification-controller'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Variables are named CEL expressions evaluated in order and exposed as `vars.<name>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<OIDCVariable>,
    /// Validations are CEL expressions that must all be true for the token to be accepted.
    #[schemars(length(min = 1))]
    pub validations: Vec<OIDCValidation>,
}

/// A named CEL expression evaluated against the token claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OIDCVariable {
    /// Name is the variable name; it must be a valid CEL identifier.
    pub name: String,
    /// Expression is the CEL expression that defines the variable value.
    pub expression: String,
}

/// A CEL validation with the message returned when it fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OIDCValidation {
    /// Expression is the CEL boolean expression to evaluate.
    pub expression: String,
    /// Message is returned to the caller when the expression evaluates to false.
    pub message: String,
}

fn oidc_providers_schema(gen: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut schema = gen.subschema_for::<Vec<OIDCProvider>>();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("x-kubernetes-list-type".into(), "map".into());
        obj.insert(
            "x-kubernetes-list-map-keys".into(),
            serde_json::json!(["issuerURL"]),
        );
    }
    schema
}

/// ReceiverStatus defines the observed state of the Receiver.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverStatus {
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
    /// Conditions holds the conditions for the Receiver.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// WebhookPath is the generated incoming webhook address in the format of
    /// '/hook/sha256sum(token+name+namespace)'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_path: Option<String>,
    /// ObservedGeneration is the last observed generation of the Receiver object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

crate::impl_reconcilable!(Receiver, ReceiverStatus, |o| {
    // Receivers default to ten minutes, as Flux's.
    o.spec
        .interval
        .map(|d| d.std())
        .unwrap_or(std::time::Duration::from_secs(600))
});
