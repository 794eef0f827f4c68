//! source-controller: turns sources into artifacts served over HTTP. Each source kind is a
//! reconciler on the shared runtime ([`git`] today); they share the artifact storage.

pub mod bucket;
pub mod git;
pub mod helm_repository;
pub mod oci_repository;

use std::sync::Arc;

use crate::artifact::storage::Storage;
use crate::runtime::RuntimeOptions;

/// The controller name in events, metrics and field managers.
pub const CONTROLLER: &str = "source-controller";

/// Shared state of the source controllers.
pub struct Context {
    /// Kubernetes client.
    pub client: kube::Client,
    /// Artifact storage.
    pub storage: Storage,
    /// Runtime settings.
    pub runtime: RuntimeOptions,
}

impl Context {
    /// Builds the context.
    pub fn new(client: kube::Client, storage: Storage, runtime: RuntimeOptions) -> Arc<Self> {
        Arc::new(Context {
            client,
            storage,
            runtime,
        })
    }
}
