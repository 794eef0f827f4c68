//! source-controller: turns sources into artifacts served over HTTP.

pub mod git;

use std::sync::Arc;

use crate::artifact::storage::Storage;
use crate::runtime::{metrics::Metrics, Backoff, Events, RuntimeOptions};

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
    /// Metrics.
    pub metrics: Metrics,
    /// Event recorder.
    pub events: Events,
    /// Retry backoff per object.
    pub backoff: Backoff,
}

impl Context {
    /// Builds the context.
    pub fn new(
        client: kube::Client,
        storage: Storage,
        runtime: RuntimeOptions,
        metrics: Metrics,
    ) -> Arc<Self> {
        let events = Events::new(
            client.clone(),
            CONTROLLER,
            &runtime.instance,
            runtime.events_addr.clone(),
        );
        Arc::new(Context {
            client,
            storage,
            runtime,
            metrics,
            events,
            backoff: Backoff::default(),
        })
    }
}
