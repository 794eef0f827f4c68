//! The controllers' JSON log lines in the shape Flux's controllers write them (zap through
//! controller-runtime: `level`, `ts` in ISO 8601 with milliseconds, `msg`, then the fields,
//! `error` for failures), so that `flux logs` — Flux's and ours — reads our pods as it reads
//! Flux's; and the reconcile log lines every controller writes for the events it records
//! (`controller`, `controllerGroup`, `controllerKind`, `name`, `namespace`, as
//! controller-runtime's reconcile logger carries them).

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Formats events as zap's JSON encoder does for controller-runtime: logr knows info, debug
/// (V(1)) and error only, so warnings are written as errors.
pub struct ZapJson;

struct Fields(Map<String, Value>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(
            field.name().to_string(),
            Value::String(format!("{value:?}")),
        );
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .insert(field.name().to_string(), Value::String(value.to_string()));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_string(), Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_string(), Value::from(value));
    }
}

/// zap's level names for a tracing level.
pub fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::ERROR | Level::WARN => "error",
        Level::INFO => "info",
        _ => "debug",
    }
}

/// One log line: `level`, `ts`, `msg`, then the fields in the order given.
pub fn line(level: &str, ts: chrono::DateTime<chrono::Utc>, fields: Map<String, Value>) -> String {
    let mut fields = fields;
    let msg = fields
        .remove("message")
        .unwrap_or(Value::String(String::new()));
    let mut out = Map::new();
    out.insert("level".into(), Value::String(level.into()));
    out.insert(
        "ts".into(),
        Value::String(ts.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
    );
    out.insert("msg".into(), msg);
    out.extend(fields);
    Value::Object(out).to_string()
}

impl<S, N> FormatEvent<S, N> for ZapJson
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Fields(Map::new());
        event.record(&mut fields);
        // Lines written outside a run, or for an object without a revision, leave these out.
        for optional in ["reconcileID", "revision"] {
            if fields.0.get(optional).and_then(Value::as_str) == Some("") {
                fields.0.remove(optional);
            }
        }
        let level = level_name(event.metadata().level());
        writeln!(writer, "{}", line(level, chrono::Utc::now(), fields.0))
    }
}

tokio::task_local! {
    /// The id of the run in progress (controller-runtime's `reconcileID`, a UUID per run),
    /// carried by every reconcile log line the run writes.
    pub static RECONCILE_ID: String;
}

/// The run in progress's id, or `""` outside a run.
fn reconcile_id() -> String {
    RECONCILE_ID.try_with(Clone::clone).unwrap_or_default()
}

/// Logs the outcome of a successful run as Flux's controllers do: `Reconciliation finished
/// in <took>, next run in <interval>`, with the revision the object reports.
pub fn reconcile_finished(
    kind: &str,
    group: &str,
    name: &str,
    namespace: &str,
    took: std::time::Duration,
    next: std::time::Duration,
    revision: Option<&str>,
) {
    let message = format!(
        "Reconciliation finished in {}, next run in {}",
        crate::api::duration::Duration(took),
        crate::api::duration::Duration(next)
    );
    tracing::info!(
        controller = %kind.to_ascii_lowercase(),
        controllerGroup = %group,
        controllerKind = %kind,
        name = %name,
        namespace = %namespace,
        reconcileID = %reconcile_id(),
        revision = %revision.unwrap_or_default(),
        "{message}"
    );
}

/// Logs an event recorded for an object as the reconciler's log line: a normal event's
/// message at info, a warning as controller-runtime's `Reconciler error` with the message as
/// the error.
pub fn reconcile_event(
    kind: &str,
    group: &str,
    name: &str,
    namespace: &str,
    warning: bool,
    message: &str,
) {
    let controller = kind.to_ascii_lowercase();
    let id = reconcile_id();
    if warning {
        tracing::error!(
            controller = %controller,
            controllerGroup = %group,
            controllerKind = %kind,
            name = %name,
            namespace = %namespace,
            reconcileID = %id,
            error = %message,
            "Reconciler error"
        );
    } else {
        tracing::info!(
            controller = %controller,
            controllerGroup = %group,
            controllerKind = %kind,
            name = %name,
            namespace = %namespace,
            reconcileID = %id,
            "{message}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_zaps_keys_in_zaps_order_and_millisecond_utc_times() {
        let ts = chrono::DateTime::parse_from_rfc3339("2022-08-02T12:55:34.419123Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut fields = Map::new();
        fields.insert("message".into(), "stored artifact".into());
        fields.insert("controllerKind".into(), "GitRepository".into());
        assert_eq!(
            line("info", ts, fields),
            r#"{"level":"info","ts":"2022-08-02T12:55:34.419Z","msg":"stored artifact","controllerKind":"GitRepository"}"#
        );
        assert_eq!(level_name(&Level::WARN), "error");
        assert_eq!(level_name(&Level::TRACE), "debug");
    }
}
