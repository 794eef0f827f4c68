//! Acting for a user, shared by the reconcilers that apply to clusters (Kustomization today,
//! HelmRelease next): the cluster an object applies to, as the identity it names —
//! `spec.kubeConfig.secretRef` (a remote cluster), else `spec.serviceAccountName` (or
//! `--default-service-account`) impersonated on the controller's own cluster, else the
//! controller itself. The kubeconfig's content never appears in a message.

use k8s_openapi::api::core::v1::Secret;
use kube::api::Api;

use crate::api::meta::KubeConfigReference;
use crate::cluster::{Cluster, DiscoveryCache};

/// Errors building the client to act with; all are the user's to fix or may pass on retry.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `spec.kubeConfig` cannot be used.
    #[error("{0}")]
    KubeConfig(String),
    /// Impersonation is not possible.
    #[error("{0}")]
    Impersonation(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// What a controller needs to act as its objects' identities.
#[derive(Clone)]
pub struct Tenancy {
    /// The controller's own client.
    pub client: kube::Client,
    /// The controller's own client configuration (`None`: impersonation unavailable).
    pub config: Option<kube::Config>,
    /// Client QPS for the clients made here for the controller's own cluster (-1: none, the
    /// API server has Priority and Fairness).
    pub qps: f32,
    /// Client burst for the clients made here.
    pub burst: u32,
    /// `--kube-api-qps`: remote clusters without Priority and Fairness get this limit.
    pub flag_qps: f32,
    /// Service account used when an object names none (`--default-service-account`).
    pub default_service_account: Option<String>,
    /// API discovery of the controller's own cluster, kept across reconciles.
    pub discovery: DiscoveryCache,
}

impl Tenancy {
    /// Acting as the controller itself, without impersonation.
    pub fn new(client: kube::Client) -> Tenancy {
        Tenancy {
            client,
            config: None,
            qps: 50.0,
            burst: 300,
            flag_qps: 50.0,
            default_service_account: None,
            discovery: Default::default(),
        }
    }

    /// The cluster an object in `ns` applies to, as the identity it names. Discovery is shared
    /// across reconciles for the controller's own cluster (remote clusters get a fresh cache).
    pub async fn cluster_for(
        &self,
        ns: &str,
        service_account: Option<&str>,
        kube_config: Option<&KubeConfigReference>,
    ) -> Result<Cluster> {
        if let Some(kc) = kube_config {
            return Ok(Cluster::new(self.remote_client(ns, kc).await?));
        }
        let client = self.impersonating(ns, service_account)?;
        Ok(Cluster::with_cache(client, self.discovery.clone()))
    }

    /// The controller's client, or one impersonating `system:serviceaccount:<ns>:<sa>` for the
    /// object's service account (else `--default-service-account`).
    pub fn impersonating(&self, ns: &str, service_account: Option<&str>) -> Result<kube::Client> {
        let sa = service_account
            .map(String::from)
            .or_else(|| self.default_service_account.clone());
        let Some(sa) = sa.filter(|s| !s.is_empty()) else {
            return Ok(self.client.clone());
        };
        let Some(mut config) = self.config.clone() else {
            return Err(Error::Impersonation(String::from(
                "impersonation is not available: no client configuration",
            )));
        };
        config.auth_info.impersonate = Some(format!("system:serviceaccount:{ns}:{sa}"));
        crate::cluster::client::client_from_config(config, self.qps, self.burst)
            .map_err(|e| Error::Impersonation(format!("impersonating service account '{sa}': {e}")))
    }

    /// A client for a remote cluster from `kubeConfig.secretRef` (key `value` or `value.yaml`
    /// unless the reference names one).
    pub async fn remote_client(&self, ns: &str, kc: &KubeConfigReference) -> Result<kube::Client> {
        let Some(sref) = &kc.secret_ref else {
            return Err(Error::KubeConfig(String::from(
                "spec.kubeConfig: only secretRef is supported",
            )));
        };
        let secret = Api::<Secret>::namespaced(self.client.clone(), ns)
            .get(&sref.name)
            .await
            .map_err(|e| {
                Error::KubeConfig(format!(
                    "kubeconfig secret '{ns}/{}': {}",
                    sref.name,
                    crate::cluster::api_message(&e)
                ))
            })?;
        let data = secret.data.unwrap_or_default();
        let keys: Vec<String> = match &sref.key {
            Some(k) => vec![k.clone()],
            None => vec![String::from("value"), String::from("value.yaml")],
        };
        let Some(bytes) = keys.iter().find_map(|k| data.get(k)) else {
            return Err(Error::KubeConfig(format!(
                "kubeconfig secret '{ns}/{}' has none of the keys {keys:?}",
                sref.name
            )));
        };
        let text = String::from_utf8_lossy(&bytes.0).into_owned();
        let parsed = kube::config::Kubeconfig::from_yaml(&text).map_err(|_| {
            Error::KubeConfig(format!(
                "kubeconfig secret '{ns}/{}': invalid kubeconfig",
                sref.name
            ))
        })?;
        let config = kube::Config::from_custom_kubeconfig(parsed, &Default::default())
            .await
            .map_err(|_| {
                Error::KubeConfig(format!(
                    "kubeconfig secret '{ns}/{}': unusable kubeconfig",
                    sref.name
                ))
            })?;
        // Flux asks each remote API server about Priority and Fairness as it asks its own.
        let (qps, burst) =
            crate::cluster::client::controller_limits(&config, self.flag_qps, self.burst).await;
        crate::cluster::client::client_from_config(config, qps, burst)
            .map_err(|e| Error::KubeConfig(format!("remote cluster client: {e}")))
    }
}
