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
