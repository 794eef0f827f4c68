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
    render_in(e, out, indent, "");
}

/// The Go tree's line for an `allOf`, `anyOf` or `oneOf` that boon left out: boon hands up
/// the error of a single failing subschema in place of the keyword's own error, Go always
/// wraps it. Such an error is recognised by where it comes from, `<schema>/allOf/<n>` of the
/// schema `ctx` being validated.
fn dropped_wrapper(e: &ValidationError, ctx: &str) -> Option<&'static str> {
    let ctx = ctx.trim_end_matches('#');
    let from = e.schema_url.trim_end_matches('#');
    let rest = from.strip_prefix(ctx)?;
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let (kw, n) = rest.strip_prefix('/')?.split_once('/')?;
    if ctx.is_empty() || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match kw {
        "allOf" => Some("'allOf' failed"),
        "anyOf" => Some("'anyOf' failed"),
        "oneOf" => Some("'oneOf' failed, none matched"),
        _ => None,
    }
}

fn render_in(e: &ValidationError, out: &mut String, indent: usize, ctx: &str) {
    let line = |out: &mut String, indent: usize, text: &str| {
        if indent > 0 {
            out.push('\n');
            for _ in 0..indent - 1 {
                out.push_str("  ");
            }
            out.push_str("- ");
        }
        out.push_str(text);
    };
    let mut indent = indent;
    if let Some(wrapper) = dropped_wrapper(e, ctx) {
        let at = format!("at {}: {wrapper}", quote(&e.instance_location.to_string()));
        line(out, indent, &at);
        indent += 1;
    }
    let skip = matches!(e.kind, ErrorKind::Group)
        || (matches!(e.kind, ErrorKind::Reference { .. }) && e.causes.len() == 1);
    if !skip {
        let text = if let ErrorKind::Schema { url } = &e.kind {
            format!("jsonschema validation failed with {}", quote(url))
        } else {
            format!(
                "at {}: {}",
                quote(&e.instance_location.to_string()),
                message(&e.kind)
            )
        };
        line(out, indent, &text);
        indent += 1;
    }
    // The schema the causes were found in.
    let ctx = match &e.kind {
        ErrorKind::Schema { url } | ErrorKind::Reference { url, .. } => url,
        ErrorKind::Group => ctx,
        // Its causes are the subschemas' own errors, already wrapped.
        ErrorKind::AllOf | ErrorKind::AnyOf | ErrorKind::OneOf(_) => "",
        _ => e.schema_url,
    };
    for c in &e.causes {
        render_in(c, out, indent, ctx);
    }
}

const ROOT: &str = "file:///values.schema.json";

/// A schema that does not compile, worded as santhosh-tekuri/jsonschema v6 words it (Go's
/// `%q` quoting of URLs and locations); the few errors whose cause is another library's text
/// (URL parsing, regular expressions) keep boon's.
fn compile_message(e: &boon::CompileError) -> String {
    use boon::CompileError as C;
    let q = |s: &str| super::tmpl::printf::quote(s, false);
    match e {
        C::JsonPointerNotFound(url) => format!("json-pointer in {} not found", q(url)),
        C::InvalidJsonPointer(url) => format!("invalid json-pointer {}", q(url)),
        C::AnchorNotFound { url, reference } => {
            format!("anchor in {} not found in schema {}", q(reference), q(url))
        }
        C::ParseIdError { loc } => format!("error in parsing id at {}", q(loc)),
        C::ParseAnchorError { loc } => format!("error in parsing anchor at {}", q(loc)),
        C::DuplicateId {
            url,
            id,
            ptr1,
            ptr2,
        } => format!(
            "duplicate id {} in {} at {} and {}",
            q(id),
            q(url),
            q(ptr1),
            q(ptr2)
        ),
        C::DuplicateAnchor {
            anchor,
            url,
            ptr1,
            ptr2,
        } => format!(
            "duplicate anchor {} in {} at {} and {}",
            q(anchor),
            q(url),
            q(ptr1),
            q(ptr2)
        ),
        C::UnsupportedVocabulary { url, vocabulary } => {
            format!("unsupported vocabulary {} in {}", q(vocabulary), q(url))
        }
        C::UnsupportedDraft { url } => format!("draft {} is not supported", q(url)),
        C::MetaSchemaCycle { url } => format!("cycle in resolving $schema in {}", q(url)),
        C::ValidationError { url, src } => {
            let mut out = String::new();
            render(src, &mut out, 0);
            format!("{} is not valid against metaschema: {out}", q(url))
        }
        other => format!("{other:#}"),
    }
}

/// The locations of the schema's own definitions (`#/$defs/NAME`, `#/definitions/NAME`) that
/// its `$ref`s name, deepest names first (`a.b` before `a`), names of plain characters only.
fn referenced_definitions(doc: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => {
                            let name = r
                                .strip_prefix("#/$defs/")
                                .or_else(|| r.strip_prefix("#/definitions/"));
                            let plain = |n: &str| {
                                !n.is_empty()
                                    && n.bytes().all(|b| {
                                        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')
                                    })
                            };
                            if name.is_some_and(plain) {
                                out.insert(format!("{ROOT}{r}"));
                            }
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(doc, &mut out);
    out.into_iter().rev().collect()
}

/// A schema file that is not JSON, in the words of Go's decoder where they are known (a
/// truncated file is `unexpected EOF`, as Helm prints it).
fn json_error(e: serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => String::from("unexpected EOF"),
        _ => e.to_string(),
    }
}

/// A schema file compiled, or the message of its failure to compile.
type CompiledOne = Result<(Schemas, boon::SchemaIndex), String>;

/// Compiles one schema file (the part of Helm's `ValidateAgainstSingleSchema` that does not
/// depend on the values).
fn compile(schema: &[u8]) -> CompiledOne {
    let doc: Value = serde_json::from_slice(schema).map_err(json_error)?;
    let definitions = referenced_definitions(&doc);
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    compiler
        .add_resource(ROOT, doc)
        .map_err(|e| e.to_string())?;
    // boon looks queued schemas up by a linear scan, so one compile of a schema of a thousand
    // subschemas costs a million comparisons (cert-manager's: more than the whole render).
    // Compiled first, one by one, the definitions the schema refers to leave each compile a
    // short queue; what they compile is what the root's compile would have (same locations,
    // same validation). Any failure there is reported by the plain compile below.
    for loc in definitions {
        if compiler.compile(&loc, &mut schemas).is_err() {
            schemas = Schemas::new();
            compiler = Compiler::new();
            let doc: Value = serde_json::from_slice(schema).map_err(json_error)?;
            compiler
                .add_resource(ROOT, doc)
                .map_err(|e| e.to_string())?;
            break;
        }
    }
    let idx = compiler
        .compile(ROOT, &mut schemas)
        .map_err(|e| compile_message(&e))?;
    Ok((schemas, idx))
}

/// Values against a compiled schema, with Helm's message.
fn check(values: &Value, schemas: &Schemas, idx: boon::SchemaIndex) -> Result<(), String> {
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

/// The schema files of a chart and its subcharts, compiled ahead of the values (a render
/// compiles them while it computes the values and renders). Keyed by the files' bytes.
#[derive(Default)]
pub struct Compiled {
    by_file: std::collections::HashMap<Vec<u8>, CompiledOne>,
}

/// A schema compile started before the chart was loaded ([`precompile`]), with the bytes it
/// compiles. At most one: the next [`Compiled::of`] takes it.
type Early = (Vec<u8>, std::thread::JoinHandle<CompiledOne>);
static EARLY: std::sync::Mutex<Option<Early>> = std::sync::Mutex::new(None);

/// Starts compiling a chart's `values.schema.json` on a thread of its own, before the rest of
/// the chart is read: an offline render is as long as its longest chain, and compiling a
/// large schema (boon checks it against its metaschema first) can be longer than loading
/// and rendering the chart together. The next [`Compiled::of`] that needs these bytes
/// takes the result; one that does not lets the thread finish on its own.
pub fn precompile(schema: Vec<u8>) {
    let bytes = schema.clone();
    let started = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || compile(&bytes));
    if let Ok(handle) = started {
        *EARLY.lock().unwrap_or_else(|p| p.into_inner()) = Some((schema, handle));
    }
}

impl Compiled {
    /// Compiles the schema files (of a chart and its subcharts), each distinct file once.
    pub fn of(schemas: &[Vec<u8>]) -> Compiled {
        let mut c = Compiled::default();
        let early = EARLY.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((bytes, handle)) = early {
            if schemas.contains(&bytes) {
                let compiled = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                c.by_file.insert(bytes, compiled);
            }
        }
        for schema in schemas {
            if !c.by_file.contains_key(schema) {
                c.by_file.insert(schema.clone(), compile(schema));
            }
        }
        c
    }

    fn check(&mut self, values: &Value, schema: &[u8]) -> Result<(), String> {
        let compiled = self
            .by_file
            .entry(schema.to_vec())
            .or_insert_with(|| compile(schema));
        match compiled {
            Ok((schemas, idx)) => check(values, schemas, *idx),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Helm's `ValidateAgainstSchema`: the chart and its subcharts, the failures of each under
/// the chart's name, with schemas compiled ahead (any schema not among them is compiled here).
pub fn validate_compiled(
    chart: &Chart,
    values: &Value,
    compiled: &mut Compiled,
) -> Result<(), String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema {
        if let Err(e) = compiled.check(values, &schema.data) {
            let _ = write!(sb, "{}:\n{e}", chart.name());
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Null) => continue,
            Some(sub_values @ Value::Object(_)) => {
                if let Err(e) = validate_compiled(sub, sub_values, compiled) {
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
