//! Prometheus metrics with Flux's names: `gotk_reconcile_duration_seconds{kind,name,namespace}`
//! and controller-runtime's `controller_runtime_reconcile_total{controller,result}`,
//! `controller_runtime_reconcile_errors_total{controller}` and
//! `controller_runtime_reconcile_time_seconds{controller}`.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Labels of `gotk_reconcile_duration_seconds`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ObjectLabels {
    /// The kind.
    pub kind: String,
    /// The object name.
    pub name: String,
    /// The object namespace.
    pub namespace: String,
}

/// Labels of `controller_runtime_reconcile_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabels {
    /// The controller name.
    pub controller: String,
    /// success, error, requeue or requeue_after.
    pub result: String,
}

/// Labels carrying only the controller name.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ControllerLabels {
    /// The controller name.
    pub controller: String,
}

/// The metric families every controller records into.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    duration: Family<ObjectLabels, Histogram>,
    total: Family<ResultLabels, Counter>,
    errors: Family<ControllerLabels, Counter>,
    time: Family<ControllerLabels, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers the families.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let duration = Family::<ObjectLabels, Histogram>::new_with_constructor(|| {
            // 10 exponential buckets from 10ms, as Flux's recorder.
            Histogram::new(exponential_buckets(0.01, 2.5, 10))
        });
        let time = Family::<ControllerLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.005, 2.0, 16))
        });
        let total = Family::<ResultLabels, Counter>::default();
        let errors = Family::<ControllerLabels, Counter>::default();
        registry.register(
            "gotk_reconcile_duration_seconds",
            "The duration in seconds of a GitOps Toolkit resource reconciliation.",
            duration.clone(),
        );
        registry.register(
            "controller_runtime_reconcile",
            "Total number of reconciliations per controller",
            total.clone(),
        );
        registry.register(
            "controller_runtime_reconcile_errors",
            "Total number of reconciliation errors per controller",
            errors.clone(),
        );
        registry.register(
            "controller_runtime_reconcile_time_seconds",
            "Length of time per reconciliation per controller",
            time.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            duration,
            total,
            errors,
            time,
        }
    }

    /// Records one reconciliation.
    pub fn record(
        &self,
        controller: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        seconds: f64,
        ok: bool,
    ) {
        self.duration
            .get_or_create(&ObjectLabels {
                kind: kind.into(),
                name: name.into(),
                namespace: namespace.into(),
            })
            .observe(seconds);
        let c = ControllerLabels {
            controller: controller.into(),
        };
        self.time.get_or_create(&c).observe(seconds);
        self.total
            .get_or_create(&ResultLabels {
                controller: controller.into(),
                result: if ok { "success" } else { "error" }.into(),
            })
            .inc();
        if !ok {
            self.errors.get_or_create(&c).inc();
        }
    }

    /// The OpenMetrics text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposes_flux_metric_names_and_labels() {
        let m = Metrics::new();
        m.record(
            "gitrepository",
            "GitRepository",
            "flux-system",
            "podinfo",
            0.2,
            true,
        );
        m.record(
            "gitrepository",
            "GitRepository",
            "flux-system",
            "podinfo",
            0.3,
            false,
        );
        let text = m.encode();
        assert!(text.contains(
            "gotk_reconcile_duration_seconds_count{kind=\"GitRepository\",name=\"podinfo\",namespace=\"flux-system\"} 2"
        ), "{text}");
        assert!(text.contains("controller_runtime_reconcile_total{controller=\"gitrepository\",result=\"success\"} 1"), "{text}");
        assert!(
            text.contains(
                "controller_runtime_reconcile_errors_total{controller=\"gitrepository\"} 1"
            ),
            "{text}"
        );
    }
}
