//! The digests Flux's helm-controller records of a release's inputs in `status.history`:
//! the values ("config") digest, which decides whether a release is out of sync with its
//! HelmRelease and must be identical to Flux's for a switch between the two controllers not
//! to upgrade every release.
//!
//! Flux computes it with fluxcd/pkg `chartutil.DigestValues`: the values as `encoding/json`
//! decodes them (every number a float64), turned into a go-yaml v2 `MapSlice` by
//! `sigs.k8s.io/yaml.JSONObjectToYAMLObject` (whole floats become integers), keys sorted
//! byte-wise at every level, encoded by go-yaml v2 and hashed with SHA-256; empty values hash
//! nothing.
//!
//! And the release ("snapshot") digest, which tells Flux whether the release in storage is
//! the one its history recorded (if not, the release is Unmanaged and upgraded): SHA-256 of
//! the `encoding/json` text (with the encoder's newline) of helm-controller's `Observation` of
//! the stored release: name, version, Helm 4's `Info` (zero times left out), the chart's
//! `Metadata`, the user values (`null` when empty), the manifest, the hooks other than test
//! hooks (`null` when none), the namespace and the OCI digest when there is one.

use serde_json::{Map, Number, Value};
use sha2::{Digest as _, Sha256};

/// Flux's config digest of `values` (`sha256:<hex>`).
pub fn values_digest(values: &Map<String, Value>) -> String {
    let mut hasher = Sha256::new();
    if !values.is_empty() {
        let go = Value::Object(
            values
                .iter()
                .map(|(k, v)| (k.clone(), go_numbers(v)))
                .collect(),
        );
        hasher.update(crate::goyaml::to_yaml_byte_sorted(&go).as_bytes());
    }
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// The value with its numbers as Go has them after `encoding/json` (float64) and
/// `JSONObjectToYAMLObject` (a whole float64 in int64 range becomes an int, else one in
/// uint64 range a uint64; other floats stay floats).
fn go_numbers(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), go_numbers(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(go_numbers).collect()),
        Value::Number(n) => Value::Number(go_number(n)),
        other => other.clone(),
    }
}

fn go_number(n: &Number) -> Number {
    // Every JSON number is a float64 in Go, large integers included (they lose precision).
    let f = match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i as f64,
        (_, Some(u), _) => u as f64,
        (_, _, Some(f)) => f,
        _ => return n.clone(),
    };
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    if f.fract() == 0.0 {
        if (-TWO_63..TWO_63).contains(&f) {
            return Number::from(f as i64);
        }
        if (0.0..TWO_64).contains(&f) {
            return Number::from(f as u64);
        }
    }
    Number::from_f64(f).unwrap_or_else(|| n.clone())
}

/// A stored release the snapshot digest cannot be computed of.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    /// A time field is not an RFC 3339 time.
    #[error("release {field}: invalid time {value:?}")]
    Time {
        /// The field.
        field: String,
        /// Its value.
        value: String,
    },
}

/// Flux's snapshot digest (`sha256:<hex>`) of a release as Helm stores it (its JSON), with
/// the OCI digest of the chart artifact it came from (`status.history[].ociDigest`).
pub fn release_digest(release: &Value, oci_digest: &str) -> Result<String, DigestError> {
    let text = observation_json(release, oci_digest)?;
    Ok(format!(
        "sha256:{}",
        hex::encode(Sha256::digest(text.as_bytes()))
    ))
}

/// The `json.Encoder` text of helm-controller's `Observation` of `release`.
pub fn observation_json(release: &Value, oci_digest: &str) -> Result<String, DigestError> {
    let get = |k: &str| release.get(k).unwrap_or(&Value::Null);
    let mut o = GoStruct::default();
    o.field("name", go_string(get("name")));
    o.field("version", go_int(get("version")));
    o.field("info", info_json(get("info"))?);
    o.field(
        "chartMetadata",
        metadata_json(release.pointer("/chart/metadata").unwrap_or(&Value::Null)),
    );
    o.field(
        "config",
        match get("config") {
            Value::Object(m) if !m.is_empty() => go_json_values(get("config")),
            _ => "null".into(),
        },
    );
    o.field("manifest", go_string(get("manifest")));
    let hooks: Vec<&Value> = get("hooks")
        .as_array()
        .map(|a| a.iter().filter(|h| !is_test_hook(h)).collect())
        .unwrap_or_default();
    o.field(
        "hooks",
        if hooks.is_empty() {
            "null".into()
        } else {
            let items: Result<Vec<String>, DigestError> =
                hooks.into_iter().map(hook_json).collect();
            format!("[{}]", items?.join(","))
        },
    );
    o.field("namespace", go_string(get("namespace")));
    if !oci_digest.is_empty() {
        o.field("ociDigest", go_string(&Value::String(oci_digest.into())));
    }
    Ok(o.finish() + "\n")
}

/// A Go struct's JSON: fields in declaration order.
#[derive(Default)]
struct GoStruct(Vec<(&'static str, String)>);

impl GoStruct {
    fn field(&mut self, name: &'static str, json: String) {
        self.0.push((name, json));
    }

    /// An `omitempty` field: left out when `value` is empty, false, zero or absent.
    fn omitempty(&mut self, name: &'static str, value: &Value) {
        let empty = match value {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty(),
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if !empty {
            let json = match value {
                Value::Number(_) => go_int(value),
                Value::String(_) => go_string(value),
                other => go_json_values(other),
            };
            self.0.push((name, json));
        }
    }

    fn finish(self) -> String {
        let fields: Vec<String> = self
            .0
            .into_iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", fields.join(","))
    }
}

/// Flux's `postrender.Digest`: SHA-256 of `json.Encoder`'s encoding of `spec.postRenderers`
/// (the API structs' field order and `omitempty` rules, HTML escaped, a final newline), as
/// `sha256:<hex>`. Flux leaves the digest empty without post-renderers.
pub fn post_renderers_digest(renderers: &[crate::api::helm::PostRenderer]) -> String {
    if renderers.is_empty() {
        return String::new();
    }
    let s = |v: &str| go_string(&Value::String(v.to_string()));
    let opt = |name: &str, v: &Option<String>| {
        v.as_deref()
            .filter(|v| !v.is_empty())
            .map(|v| format!("\"{name}\":{}", s(v)))
    };
    let selector = |t: &crate::api::meta::Selector| {
        let fields: Vec<String> = [
            opt("group", &t.group),
            opt("version", &t.version),
            opt("kind", &t.kind),
            opt("namespace", &t.namespace),
            opt("name", &t.name),
            opt("annotationSelector", &t.annotation_selector),
            opt("labelSelector", &t.label_selector),
        ]
        .into_iter()
        .flatten()
        .collect();
        format!("{{{}}}", fields.join(","))
    };
    let patch = |p: &crate::api::meta::Patch| match &p.target {
        Some(t) => format!("{{\"patch\":{},\"target\":{}}}", s(&p.patch), selector(t)),
        None => format!("{{\"patch\":{}}}", s(&p.patch)),
    };
    let image = |i: &crate::api::meta::Image| {
        let fields: Vec<String> = std::iter::once(Some(format!("\"name\":{}", s(&i.name))))
            .chain([
                opt("newName", &i.new_name),
                opt("newTag", &i.new_tag),
                opt("digest", &i.digest),
            ])
            .flatten()
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    let renderer = |r: &crate::api::helm::PostRenderer| match &r.kustomize {
        None => "{}".to_string(),
        Some(k) => {
            let mut fields = Vec::new();
            if !k.patches.is_empty() {
                fields.push(format!(
                    "\"patches\":{}",
                    list(k.patches.iter().map(patch).collect())
                ));
            }
            if !k.images.is_empty() {
                fields.push(format!(
                    "\"images\":{}",
                    list(k.images.iter().map(image).collect())
                ));
            }
            format!("{{\"kustomize\":{{{}}}}}", fields.join(","))
        }
    };
    sha256_line(&list(renderers.iter().map(renderer).collect()))
}

/// Flux's `postrender.CommonMetadataDigest`: SHA-256 of `json.Encoder`'s encoding of
/// `spec.commonMetadata` (`annotations`, then `labels`, each left out when empty).
pub fn common_metadata_digest(cm: &crate::api::meta::CommonMetadata) -> String {
    let map = |name: &str, m: &Option<std::collections::BTreeMap<String, String>>| {
        m.as_ref().filter(|m| !m.is_empty()).map(|m| {
            let v = Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            );
            format!("\"{name}\":{}", crate::helm::funcs::go_json(&v, true, None))
        })
    };
    let fields: Vec<String> = [
        map("annotations", &cm.annotations),
        map("labels", &cm.labels),
    ]
    .into_iter()
    .flatten()
    .collect();
    sha256_line(&format!("{{{}}}", fields.join(",")))
}

/// `sha256:<hex>` of the text and the newline `json.Encoder` ends it with.
fn sha256_line(json: &str) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(json.as_bytes());
    h.update(b"\n");
    format!("sha256:{}", hex::encode(h.finalize()))
}

fn go_string(v: &Value) -> String {
    let s = v.as_str().unwrap_or_default();
    crate::helm::funcs::go_json(&Value::String(s.to_string()), true, None)
}

fn go_int(v: &Value) -> String {
    v.as_f64()
        .map(|f| (f as i64).to_string())
        .unwrap_or_else(|| "0".into())
}

/// `map[string]any` (or `[]any`) as decoded by `encoding/json` and encoded again: every
/// number a float64, keys sorted.
fn go_json_values(v: &Value) -> String {
    fn floats(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), floats(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(floats).collect()),
            Value::Number(n) => n
                .as_f64()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .unwrap_or_else(|| v.clone()),
            other => other.clone(),
        }
    }
    crate::helm::funcs::go_json(&floats(v), true, None)
}

/// A `time.Time` field as Go encodes it after decoding the stored text: RFC 3339 with
/// nanoseconds (trailing zeros trimmed), `Z` for a zero offset. `None` for the zero time
/// (and Helm 3's empty string), which Helm 4 leaves out.
fn go_time(field: &str, v: &Value) -> Result<Option<String>, DigestError> {
    let s = match v {
        Value::String(s) if !s.is_empty() => s,
        _ => return Ok(None),
    };
    let t = chrono::DateTime::parse_from_rfc3339(s).map_err(|_| DigestError::Time {
        field: field.to_string(),
        value: s.clone(),
    })?;
    if t.timestamp() == -62_135_596_800 && t.timestamp_subsec_nanos() == 0 {
        return Ok(None);
    }
    let mut out = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = t.timestamp_subsec_nanos();
    if nanos > 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    let offset = t.offset().local_minus_utc();
    if offset == 0 {
        out.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let m = offset.abs() / 60;
        out.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
    }
    Ok(Some(format!("\"{out}\"")))
}

fn info_json(info: &Value) -> Result<String, DigestError> {
    let get = |k: &str| info.get(k).unwrap_or(&Value::Null);
    let mut o = GoStruct::default();
    for key in ["first_deployed", "last_deployed", "deleted"] {
        if let Some(t) = go_time(&format!("info.{key}"), get(key))? {
            o.field(key, t);
        }
    }
    o.omitempty("description", get("description"));
    o.omitempty("status", get("status"));
    o.omitempty("notes", get("notes"));
    o.omitempty("resources", get("resources"));
    Ok(o.finish())
}

/// `chart.Metadata` (helm v4 `pkg/chart/v2`), every field `omitempty`.
fn metadata_json(m: &Value) -> String {
    if m.is_null() {
        // The zero Metadata of a release without a chart.
        return "{}".into();
    }
    let get = |k: &str| m.get(k).unwrap_or(&Value::Null);
    let mut o = GoStruct::default();
    for k in [
        "name",
        "home",
        "sources",
        "version",
        "description",
        "keywords",
    ] {
        o.omitempty(k, get(k));
    }
    if let Some(list) = get("maintainers").as_array().filter(|a| !a.is_empty()) {
        let items: Vec<String> = list
            .iter()
            .map(|x| {
                if x.is_null() {
                    return "null".into();
                }
                let mut p = GoStruct::default();
                for k in ["name", "email", "url"] {
                    p.omitempty(k, x.get(k).unwrap_or(&Value::Null));
                }
                p.finish()
            })
            .collect();
        o.field("maintainers", format!("[{}]", items.join(",")));
    }
    for k in [
        "icon",
        "apiVersion",
        "condition",
        "tags",
        "appVersion",
        "deprecated",
        "annotations",
        "kubeVersion",
    ] {
        o.omitempty(k, get(k));
    }
    if let Some(list) = get("dependencies").as_array().filter(|a| !a.is_empty()) {
        let items: Vec<String> = list
            .iter()
            .map(|d| {
                if d.is_null() {
                    return "null".into();
                }
                let dget = |k: &str| d.get(k).unwrap_or(&Value::Null);
                let mut p = GoStruct::default();
                p.field("name", go_string(dget("name")));
                p.omitempty("version", dget("version"));
                p.field("repository", go_string(dget("repository")));
                for k in ["condition", "tags", "enabled", "import-values", "alias"] {
                    p.omitempty(k, dget(k));
                }
                p.finish()
            })
            .collect();
        o.field("dependencies", format!("[{}]", items.join(",")));
    }
    o.omitempty("type", get("type"));
    o.finish()
}

fn is_test_hook(h: &Value) -> bool {
    h.get("events")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().any(|e| e.as_str() == Some("test")))
}

/// `release.Hook`, with `last_run` as `HookExecution` encodes itself (zero times left out).
fn hook_json(h: &Value) -> Result<String, DigestError> {
    let get = |k: &str| h.get(k).unwrap_or(&Value::Null);
    let mut o = GoStruct::default();
    for k in ["name", "kind", "path", "manifest", "events"] {
        o.omitempty(k, get(k));
    }
    let run = get("last_run");
    let mut r = GoStruct::default();
    for k in ["started_at", "completed_at"] {
        if let Some(t) = go_time(
            &format!("hook last_run.{k}"),
            run.get(k).unwrap_or(&Value::Null),
        )? {
            r.field(k, t);
        }
    }
    r.field("phase", go_string(run.get("phase").unwrap_or(&Value::Null)));
    o.field("last_run", r.finish());
    for k in ["weight", "delete_policies", "output_log_policies"] {
        o.omitempty(k, get(k));
    }
    Ok(o.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn digest(v: Value) -> String {
        values_digest(v.as_object().unwrap())
    }

    #[test]
    fn empty_values_hash_nothing() {
        assert_eq!(
            digest(json!({})),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn whole_floats_digest_as_the_integers_they_equal() {
        assert_eq!(digest(json!({"a": 1})), digest(json!({"a": 1.0})));
        assert_ne!(digest(json!({"a": 1})), digest(json!({"a": 1.5})));
    }

    #[test]
    fn key_order_does_not_change_the_digest() {
        let mut a = Map::new();
        a.insert("b".into(), json!(1));
        a.insert("a".into(), json!({"y": 1, "x": [1, {"d": 2, "c": 3}]}));
        let mut b = Map::new();
        b.insert("a".into(), json!({"x": [1, {"c": 3, "d": 2}], "y": 1}));
        b.insert("b".into(), json!(1));
        assert_eq!(values_digest(&a), values_digest(&b));
    }

    #[test]
    fn integers_beyond_float64_precision_digest_as_go_rounds_them() {
        assert_eq!(
            digest(json!({"n": 9007199254740993_i64})),
            digest(json!({"n": 9007199254740992_i64}))
        );
    }
}
