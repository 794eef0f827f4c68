//! The `sops` metadata section: master keys, encryption rules, timestamp and MAC, read from
//! its nested form (YAML/JSON) or the flattened `sops_…` keys of dotenv files.

use regex::Regex;
use serde_json::{Map, Value};

/// An age master key entry.
pub struct AgeKey {
    /// The recipient (public key) it was wrapped for.
    pub recipient: String,
    /// The armored age file holding the data key.
    pub enc: String,
}

/// An OpenPGP master key entry.
pub struct PgpKey {
    /// The fingerprint of the key it was encrypted to.
    pub fp: String,
    /// The armored OpenPGP message holding the data key.
    pub enc: String,
}

/// What decryption needs from the `sops` section.
#[derive(Default)]
pub struct Metadata {
    /// age master keys.
    pub age: Vec<AgeKey>,
    /// OpenPGP master keys.
    pub pgp: Vec<PgpKey>,
    /// Master keys of services not supported here, described for the error message.
    pub unsupported: Vec<String>,
    /// How many key groups the file has (more than one means Shamir sharing).
    pub key_groups: usize,
    /// `lastmodified` as written.
    pub lastmodified: String,
    /// The encrypted MAC.
    pub mac: String,
    /// Whether the MAC covers only encrypted values.
    pub mac_only_encrypted: bool,
    unencrypted_suffix: String,
    encrypted_suffix: String,
    unencrypted_regex: Option<Regex>,
    encrypted_regex: Option<Regex>,
}

fn text(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn list<'a>(m: &'a Map<String, Value>, k: &str) -> impl Iterator<Item = &'a Map<String, Value>> {
    m.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

impl Metadata {
    /// Reads the nested `sops` section.
    pub fn from_value(v: &Value) -> Result<Metadata, String> {
        let m = v
            .as_object()
            .ok_or_else(|| String::from("sops metadata not found"))?;
        let mut md = Metadata {
            lastmodified: text(m, "lastmodified"),
            mac: text(m, "mac"),
            mac_only_encrypted: matches!(m.get("mac_only_encrypted"), Some(Value::Bool(true)))
                || text(m, "mac_only_encrypted") == "true",
            unencrypted_suffix: text(m, "unencrypted_suffix"),
            encrypted_suffix: text(m, "encrypted_suffix"),
            ..Metadata::default()
        };
        for (field, slot) in [
            ("unencrypted_regex", &mut md.unencrypted_regex),
            ("encrypted_regex", &mut md.encrypted_regex),
        ] {
            let re = text(m, field);
            if !re.is_empty() {
                *slot = Some(Regex::new(&re).map_err(|e| format!("sops.{field}: {e}"))?);
            }
        }
        for field in ["unencrypted_comment_regex", "encrypted_comment_regex"] {
            if !text(m, field).is_empty() {
                return Err(format!(
                    "sops.{field} is not supported (comments are not kept); use encrypted_regex or a suffix rule"
                ));
            }
        }
        let rules = [
            !md.unencrypted_suffix.is_empty(),
            !md.encrypted_suffix.is_empty(),
            md.unencrypted_regex.is_some(),
            md.encrypted_regex.is_some(),
        ];
        if rules.iter().filter(|r| **r).count() > 1 {
            return Err(String::from(
                "Cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file",
            ));
        }
        if !rules.iter().any(|r| *r) {
            md.unencrypted_suffix = String::from("_unencrypted");
        }
        let groups: Vec<&Map<String, Value>> = if m.contains_key("key_groups") {
            list(m, "key_groups").collect()
        } else {
            vec![m]
        };
        md.key_groups = groups.len();
        for g in groups {
            md.read_group(g);
        }
        Ok(md)
    }

    fn read_group(&mut self, g: &Map<String, Value>) {
        for a in list(g, "age") {
            self.age.push(AgeKey {
                recipient: text(a, "recipient"),
                enc: text(a, "enc"),
            });
        }
        for p in list(g, "pgp") {
            self.pgp.push(PgpKey {
                fp: text(p, "fp"),
                enc: text(p, "enc"),
            });
        }
        for (field, service, id) in [
            ("kms", "AWS KMS key", "arn"),
            ("gcp_kms", "GCP KMS key", "resource_id"),
            ("azure_kv", "Azure Key Vault key", "vault_url"),
            ("hc_vault", "HashiCorp Vault key", "vault_address"),
            ("hckms", "HuaweiCloud KMS key", "key_id"),
        ] {
            for k in list(g, field) {
                self.unsupported.push(format!("{service} {}", text(k, id)));
            }
        }
    }

    /// Whether the value at `path` is encrypted under the file's rules.
    pub fn should_be_encrypted(&self, path: &[String]) -> bool {
        let mut encrypted = true;
        if !self.unencrypted_suffix.is_empty()
            && path.iter().any(|p| p.ends_with(&self.unencrypted_suffix))
        {
            encrypted = false;
        }
        if !self.encrypted_suffix.is_empty() {
            encrypted = path.iter().any(|p| p.ends_with(&self.encrypted_suffix));
        }
        if let Some(re) = &self.unencrypted_regex {
            if path.iter().any(|p| re.is_match(p)) {
                encrypted = false;
            }
        }
        if let Some(re) = &self.encrypted_regex {
            encrypted = path.iter().any(|p| re.is_match(p));
        }
        encrypted
    }

    /// `lastmodified` as Go's `time.RFC3339` prints it after parsing (the MAC's additional
    /// data): fractional seconds dropped, a zero UTC offset written `Z`.
    pub fn lastmodified_rfc3339(&self) -> String {
        let s = self.lastmodified.trim();
        let (main, zone) = match s.rfind(['Z', 'z', '+', '-']) {
            Some(i) if i > 10 => (&s[..i], &s[i..]),
            _ => (s, ""),
        };
        let main = main.split('.').next().unwrap_or(main);
        let zone = match zone {
            "z" | "Z" | "+00:00" | "-00:00" => "Z",
            other => other,
        };
        format!("{main}{zone}")
    }
}

/// Rebuilds the nested `sops` section from dotenv's flattened keys (`age__list_0__map_enc`).
pub fn unflatten(pairs: Vec<(String, Value)>) -> Result<Value, String> {
    // No list of a flattened section has more entries than the section has keys: sops
    // (stores/flatten.go) refuses a list whose indices are not exactly 0..n ("Incomplete
    // list"), so a larger index can only be an error, and honouring it here would allocate
    // that many entries.
    let max_entries = pairs.len();
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let mut node = &mut root;
        let mut rest = key.as_str();
        loop {
            let next = [rest.find("__map_"), rest.find("__list_")]
                .into_iter()
                .flatten()
                .min();
            let Some(i) = next else {
                set_child(node, rest, value)?;
                break;
            };
            let head = &rest[..i];
            let tail = &rest[i..];
            let (is_list, after) = if let Some(t) = tail.strip_prefix("__map_") {
                (false, t)
            } else {
                (true, &tail["__list_".len()..])
            };
            let container = if is_list {
                Value::Array(Vec::new())
            } else {
                Value::Object(Map::new())
            };
            node = child(node, head, container)?;
            if is_list {
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                let idx: usize = digits
                    .parse()
                    .ok()
                    .filter(|i| *i < max_entries)
                    .ok_or_else(|| format!("bad sops metadata key 'sops_{key}'"))?;
                let after = &after[digits.len()..];
                let arr = node
                    .as_array_mut()
                    .ok_or_else(|| format!("bad sops metadata key 'sops_{key}'"))?;
                while arr.len() <= idx {
                    arr.push(Value::Object(Map::new()));
                }
                node = &mut arr[idx];
                match after.strip_prefix("__map_") {
                    Some(t) => rest = t,
                    None if after.is_empty() => {
                        *node = value;
                        break;
                    }
                    None => return Err(format!("bad sops metadata key 'sops_{key}'")),
                }
            } else {
                rest = after;
            }
        }
    }
    Ok(root)
}

fn child<'a>(node: &'a mut Value, key: &str, empty: Value) -> Result<&'a mut Value, String> {
    let m = node
        .as_object_mut()
        .ok_or_else(|| format!("bad sops metadata key near '{key}'"))?;
    Ok(m.entry(key.to_string()).or_insert(empty))
}

fn set_child(node: &mut Value, key: &str, value: Value) -> Result<(), String> {
    let m = node
        .as_object_mut()
        .ok_or_else(|| format!("bad sops metadata key near '{key}'"))?;
    m.insert(key.to_string(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_index_beyond_the_keys_is_refused_without_allocating_it() {
        let pairs = vec![
            (
                "age__list_3333333333333__map_recipient".to_string(),
                Value::from("x"),
            ),
            ("version".to_string(), Value::from("3.9.0")),
        ];
        let e = unflatten(pairs).unwrap_err();
        assert!(
            e.contains("bad sops metadata key 'sops_age__list_3333333333333"),
            "{e}"
        );
        let pairs = vec![
            ("age__list_0__map_recipient".to_string(), Value::from("r")),
            ("age__list_1__map_recipient".to_string(), Value::from("s")),
        ];
        let v = unflatten(pairs).unwrap();
        assert_eq!(v["age"][1]["recipient"], "s");
    }
}
