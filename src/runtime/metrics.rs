//! Prometheus metrics with Flux's names: `gotk_reconcile_duration_seconds{kind,name,namespace}`
//! and controller-runtime's `controller_runtime_reconcile_total{controller,result}`,
//! `controller_runtime_reconcile_errors_total{controller}` and
//! `controller_runtime_reconcile_time_seconds{controller}`; with the notification servers, the
//! HTTP families `gotk_event_http_*` and `gotk_receiver_http_*` (request duration, response size,
//! requests in flight; labels as slok/go-http-metrics sets them).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, MetricEncoder, NoLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// The upper bounds of `gotk_reconcile_duration_seconds` (below `+Inf`): 10 exponential
/// buckets from 10ms by 2.5, as Flux's recorder.
fn duration_bounds() -> &'static [f64; 10] {
    static BOUNDS: std::sync::OnceLock<[f64; 10]> = std::sync::OnceLock::new();
    BOUNDS.get_or_init(|| {
        let mut b = [0.0; 10];
        for (slot, v) in b.iter_mut().zip(exponential_buckets(0.01, 2.5, 10)) {
            *slot = v;
        }
        b
    })
}

/// One object's reconcile durations.
#[derive(Debug, Default)]
struct Durations {
    sum: f64,
    count: u64,
    /// Observations per finite bucket (not cumulative); `+Inf` holds the rest of `count`.
    buckets: [u32; 10],
}

/// `gotk_reconcile_duration_seconds`: a histogram per object, as Flux's, kept in one map
/// keyed by `kind\0namespace\0name` (one allocation per object and 64 bytes of counts;
/// prometheus-client's family of histograms spent about 600 bytes per object).
#[derive(Clone, Debug, Default)]
struct ObjectDurations(Arc<RwLock<HashMap<Box<str>, Durations>>>);

impl ObjectDurations {
    fn observe(&self, kind: &str, namespace: &str, name: &str, seconds: f64) {
        let key = format!("{kind}\0{namespace}\0{name}");
        let mut map = self.0.write().unwrap_or_else(|p| p.into_inner());
        let d = map.entry(key.into_boxed_str()).or_default();
        d.sum += seconds;
        d.count += 1;
        if let Some(i) = duration_bounds().iter().position(|b| seconds <= *b) {
            d.buckets[i] = d.buckets[i].saturating_add(1);
        }
    }
}

impl EncodeMetric for ObjectDurations {
    fn encode(&self, mut encoder: MetricEncoder) -> Result<(), std::fmt::Error> {
        let map = self.0.read().unwrap_or_else(|p| p.into_inner());
        let bounds = duration_bounds();
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, d) in entries {
            let mut parts = key.splitn(3, '\0');
            let (kind, namespace, name) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let mut buckets = [(f64::INFINITY, 0u64); 11];
            let mut finite = 0u64;
            for (i, (b, n)) in bounds.iter().zip(d.buckets).enumerate() {
                buckets[i] = (*b, u64::from(n));
                finite += u64::from(n);
            }
            buckets[10] = (f64::INFINITY, d.count.saturating_sub(finite));
            let labels = [("kind", kind), ("name", name), ("namespace", namespace)];
            encoder
                .encode_family(&labels)?
                .encode_histogram::<NoLabelSet>(d.sum, d.count, &buckets, None)?;
        }
        Ok(())
    }

    fn metric_type(&self) -> prometheus_client::metrics::MetricType {
        prometheus_client::metrics::MetricType::Histogram
    }

    fn is_empty(&self) -> bool {
        self.0.read().unwrap_or_else(|p| p.into_inner()).is_empty()
    }
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

/// Labels of the HTTP server histograms.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    /// Status code.
    pub code: String,
    /// Handler id (the path with `--export-http-path-metrics`, else empty).
    pub handler: String,
    /// Method.
    pub method: String,
    /// Service (empty).
    pub service: String,
}

/// Labels of the in-flight gauge.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct InflightLabels {
    /// Handler id.
    pub handler: String,
    /// Service (empty).
    pub service: String,
}

/// One HTTP server's families (`<prefix>_request_duration_seconds`,
/// `<prefix>_response_size_bytes`, `<prefix>_requests_inflight`).
#[derive(Clone)]
pub struct HttpMetrics {
    duration: Family<HttpLabels, Histogram>,
    size: Family<HttpLabels, Histogram>,
    inflight: Family<InflightLabels, Gauge>,
}

impl HttpMetrics {
    fn register(registry: &mut Registry, prefix: &str) -> HttpMetrics {
        let duration = Family::<HttpLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ])
        });
        let size = Family::<HttpLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(100.0, 10.0, 8))
        });
        let inflight = Family::<InflightLabels, Gauge>::default();
        registry.register(
            format!("{prefix}_request_duration_seconds"),
            "The latency of the HTTP requests",
            duration.clone(),
        );
        registry.register(
            format!("{prefix}_response_size_bytes"),
            "The size of the HTTP responses",
            size.clone(),
        );
        registry.register(
            format!("{prefix}_requests_inflight"),
            "The number of inflight requests being handled at the same time",
            inflight.clone(),
        );
        HttpMetrics {
            duration,
            size,
            inflight,
        }
    }

    /// Marks a request as started; returns the in-flight gauge to decrement.
    pub fn start(&self, handler: &str) -> Gauge {
        let g = self
            .inflight
            .get_or_create(&InflightLabels {
                handler: handler.into(),
                service: String::new(),
            })
            .clone();
        g.inc();
        g
    }

    /// Records a finished request.
    pub fn finish(&self, handler: &str, method: &str, code: u16, seconds: f64, bytes: u64) {
        let l = HttpLabels {
            code: code.to_string(),
            handler: handler.into(),
            method: method.into(),
            service: String::new(),
        };
        self.duration.get_or_create(&l).observe(seconds);
        self.size.get_or_create(&l).observe(bytes as f64);
    }
}

/// The metric families every controller records into.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    duration: ObjectDurations,
    total: Family<ResultLabels, Counter>,
    errors: Family<ControllerLabels, Counter>,
    time: Family<ControllerLabels, Histogram>,
    /// `gotk_event_http_*` (notification-controller's event server).
    pub event_http: Option<HttpMetrics>,
    /// `gotk_receiver_http_*` (notification-controller's receiver server).
    pub receiver_http: Option<HttpMetrics>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers the families.
    pub fn new() -> Self {
        Self::build(false)
    }

    /// Registers the families plus the notification servers' HTTP families.
    pub fn with_notification_servers() -> Self {
        Self::build(true)
    }

    fn build(notification: bool) -> Self {
        let mut registry = Registry::default();
        let (event_http, receiver_http) = if notification {
            (
                Some(HttpMetrics::register(&mut registry, "gotk_event_http")),
                Some(HttpMetrics::register(&mut registry, "gotk_receiver_http")),
            )
        } else {
            (None, None)
        };
        let duration = ObjectDurations::default();
        let time = Family::<ControllerLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.005, 2.0, 16))
        });
        let total = Family::<ResultLabels, Counter>::default();
        let errors = Family::<ControllerLabels, Counter>::default();
        registry.register(
            "gotk_reconcile_duration_seconds",
            "The duration in seconds of a GitOps Toolkit resource reconciliation",
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
            event_http,
            receiver_http,
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
        self.duration.observe(kind, namespace, name, seconds);
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
    /// The compact per-object histograms encode exactly as prometheus-client's family of
    /// histograms with Flux's buckets would.
    #[test]
    fn object_durations_encode_like_a_family_of_histograms() {
        #[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
        struct Labels {
            kind: String,
            name: String,
            namespace: String,
        }
        let reference = Family::<Labels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.01, 2.5, 10))
        });
        let ours = ObjectDurations::default();
        let samples = [
            ("Kustomization", "apps", "a", 0.004),
            ("Kustomization", "apps", "a", 0.01),
            ("Kustomization", "apps", "a", 0.0251),
            ("Kustomization", "apps", "b", 3.0),
            ("Kustomization", "apps", "b", 1e6),
            ("GitRepository", "flux-system", "podinfo", 0.2),
        ];
        for (kind, ns, name, v) in samples {
            ours.observe(kind, ns, name, v);
            reference
                .get_or_create(&Labels {
                    kind: kind.into(),
                    name: name.into(),
                    namespace: ns.into(),
                })
                .observe(v);
        }
        fn encode(m: impl prometheus_client::registry::Metric) -> Vec<String> {
            let mut r = Registry::default();
            r.register("gotk_reconcile_duration_seconds", "help", m);
            let mut out = String::new();
            prometheus_client::encoding::text::encode(&mut out, &r).unwrap();
            // Series order is the map's: compare them as sets.
            let mut lines: Vec<String> = out.lines().map(String::from).collect();
            lines.sort();
            lines
        }
        let got = encode(ours);
        assert_eq!(got, encode(reference));
        assert!(got.contains(&"gotk_reconcile_duration_seconds_bucket{le=\"0.025\",kind=\"Kustomization\",name=\"a\",namespace=\"apps\"} 2".to_string()), "{got:?}");
    }
}
