//! `values.schema.json` validation as Helm 4 does it: each chart's schema against its values
//! (a subchart against `values[<name>]`, which must be a map), the draft taken from
//! `$schema`, and the errors worded as santhosh-tekuri/jsonschema v6 prints them
//! (`- at '/age': minimum: got -5, want 0`) under Helm's header. The validator is boon (the
//! Rust implementation by the same author); only its error texts are re-worded here.
//! References are resolved within the schema file and local files only: nothing is fetched.

use std::fmt::Write as _;

use boon::{Compiler, ErrorKind, Schemas, ValidationError};
use serde_json::Value;

use super::chart::Chart;
use super::tmpl::gofmt::format_g;

/// Go's `quote` in jsonschema: a Go-quoted string in single quotes.
fn quote(s: &str) -> String {
    let q = super::tmpl::printf::quote(s, false);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(quote).collect::<Vec<_>>().join(", ")
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Array(_) | Value::Object(_) => "value".into(),
        Value::Number(n) => n.as_f64().map(format_g).unwrap_or_else(|| n.to_string()),
        v => v.to_string(),
    }
}

fn num(n: &serde_json::Number) -> String {
    format_g(n.as_f64().unwrap_or(0.0))
}

fn message(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::Type { got, want } => {
            let want: Vec<String> = want.iter().map(|t| t.to_string()).collect();
            format!("got {got}, want {}", want.join(" or "))
        }
        ErrorKind::Required { want } => {
            if want.len() == 1 {
                format!("missing property {}", quote(want[0]))
            } else {
                format!("missing properties {}", join_quoted(want.iter().copied()))
            }
        }
        ErrorKind::AdditionalProperties { got } => format!(
            "additional properties {} not allowed",
            join_quoted(got.iter().map(|c| c.as_ref()))
        ),
        ErrorKind::Enum { want } => {
            if want.len() == 1 {
                format!("value must be {}", display(&want[0]))
            } else {
                format!(
                    "value must be one of {}",
                    want.iter().map(display).collect::<Vec<_>>().join(", ")
                )
            }
        }
        ErrorKind::Const { want } => format!("value must be {}", display(want)),
        ErrorKind::Format { got, want, err } => {
            format!("{} is not valid {want}: {err}", display(got))
        }
        ErrorKind::MinProperties { got, want } => format!("minProperties: got {got}, want {want}"),
        ErrorKind::MaxProperties { got, want } => format!("maxProperties: got {got}, want {want}"),
        ErrorKind::MinItems { got, want } => format!("minItems: got {got}, want {want}"),
        ErrorKind::MaxItems { got, want } => format!("maxItems: got {got}, want {want}"),
        ErrorKind::MinLength { got, want } => format!("minLength: got {got}, want {want}"),
        ErrorKind::MaxLength { got, want } => format!("maxLength: got {got}, want {want}"),
        ErrorKind::Pattern { got, want } => {
            format!("{} does not match pattern {}", quote(got), quote(want))
        }
        ErrorKind::Minimum { got, want } => {
            format!("minimum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::Maximum { got, want } => {
            format!("maximum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::ExclusiveMinimum { got, want } => {
            format!("exclusiveMinimum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::ExclusiveMaximum { got, want } => {
            format!("exclusiveMaximum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::MultipleOf { got, want } => {
            format!("multipleOf: got {}, want {}", num(got), num(want))
        }
        ErrorKind::UniqueItems { got } => format!("items at {} and {} are equal", got[0], got[1]),
        ErrorKind::FalseSchema => "false schema".into(),
        ErrorKind::Not => "'not' failed".into(),
        ErrorKind::AllOf => "'allOf' failed".into(),
        ErrorKind::AnyOf => "'anyOf' failed".into(),
        ErrorKind::OneOf(None) => "'oneOf' failed, none matched".into(),
        ErrorKind::OneOf(Some((a, b))) => {
            format!("'oneOf' failed, subschemas {a}, {b} matched")
        }
        k => k.to_string(),
    }
}

fn render(e: &ValidationError, out: &mut String, indent: usize) {
    let skip = matches!(e.kind, ErrorKind::Group)
        || (matches!(e.kind, ErrorKind::Reference { .. }) && e.causes.len() == 1);
    let mut indent = indent;
    if !skip {
        if indent > 0 {
            out.push('\n');
            for _ in 0..indent - 1 {
                out.push_str("  ");
            }
            out.push_str("- ");
        }
        indent += 1;
        if let ErrorKind::Schema { url } = &e.kind {
            let _ = write!(out, "jsonschema validation failed with {}", quote(url));
        } else {
            let _ = write!(
                out,
                "at {}: {}",
                quote(&e.instance_location.to_string()),
                message(&e.kind)
            );
        }
    }
    for c in &e.causes {
        render(c, out, indent);
    }
}

const ROOT: &str = "file:///values.schema.json";

/// One schema against one chart's values (Helm's `ValidateAgainstSingleSchema`).
fn validate_one(values: &Value, schema: &[u8]) -> Result<(), String> {
    let doc: Value = serde_json::from_slice(schema).map_err(|e| e.to_string())?;
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    compiler
        .add_resource(ROOT, doc)
        .map_err(|e| e.to_string())?;
    let idx = compiler
        .compile(ROOT, &mut schemas)
        .map_err(|e| e.to_string())?;
    match schemas.validate(values, idx) {
        Ok(()) => Ok(()),
        Err(e) => {
            let mut out = String::new();
            render(&e, &mut out, 0);
            let prefix = "jsonschema validation failed with 'file:///values.schema.json#'\n";
            let text = out.strip_prefix(prefix).unwrap_or(&out).to_string();
            Err(format!("{text}\n"))
        }
    }
}

/// Helm's `ValidateAgainstSchema`: the chart and its subcharts, the failures of each under
/// the chart's name.
pub fn validate(chart: &Chart, values: &Value) -> Result<(), String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema {
        if let Err(e) = validate_one(values, &schema.data) {
            let _ = write!(sb, "{}:\n{e}", chart.name());
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Null) => continue,
            Some(sub_values @ Value::Object(_)) => {
                if let Err(e) = validate(sub, sub_values) {
                    sb.push_str(&e);
                }
            }
            Some(other) => {
                let t = match other {
                    Value::String(_) => "string",
                    Value::Number(_) => "float64",
                    Value::Bool(_) => "bool",
                    _ => "[]interface {}",
                };
                let _ = write!(
                    sb,
                    "{}:\ninvalid type for values: expected object (map), got {t}\n",
                    sub.name()
                );
            }
        }
    }
    if sb.is_empty() {
        Ok(())
    } else {
        Err(sb)
    }
}
