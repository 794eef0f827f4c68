//! SOPS decryption against the real sops CLI (v3.13.2, the library Flux 2.9.4 links): files
//! encrypted by sops with age and OpenPGP keys, in YAML, JSON, dotenv and binary, decrypt to
//! exactly the plaintext; a changed value fails the MAC; a wrong key fails naming the key,
//! never printing a value.

use crate::support;

use std::path::Path;

use flux::sops::{decrypt, decrypt_object, Format, Keys};
use serde_json::Value;

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: default
  labels:
    app: db
stringData:
  password: hunter2-very-secret
  port: \"5432\"
data:
  token: aGVsbG8=
";

fn write(dir: &Path, name: &str, data: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn age_keys() -> (Keys, String) {
    let (file, recipient) = support::age_key();
    let mut keys = Keys::default();
    keys.import_age(&file).unwrap();
    (keys, recipient)
}

fn yaml(text: &str) -> Value {
    flux::kustomize::yaml::parse_one(text).unwrap()
}

#[test]
fn age_encrypted_secret_manifest_decrypts_to_the_plaintext_object() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let f = write(tmp.path(), "secret.yaml", SECRET.as_bytes());
    let enc = support::sops_encrypt(
        &["--age", &r, "--encrypted-regex", "^(data|stringData)$"],
        &f,
        None,
    );
    let enc_text = String::from_utf8(enc.clone()).unwrap();
    assert!(!enc_text.contains("hunter2"), "sops did not encrypt");
    let mut obj = yaml(&enc_text);
    decrypt_object(&mut obj, &keys).unwrap();
    assert_eq!(obj, yaml(SECRET));
    // The same file through the YAML store.
    let out = decrypt(&enc, Format::Yaml, Format::Yaml, &keys).unwrap();
    assert_eq!(yaml(std::str::from_utf8(&out).unwrap()), yaml(SECRET));
}

#[test]
fn openpgp_encrypted_file_decrypts_with_the_armored_secret_key() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("gnupg");
    let (fp, armored) = support::pgp_key(&home);
    let f = write(tmp.path(), "secret.yaml", SECRET.as_bytes());
    let enc = support::sops_encrypt(&["--pgp", &fp], &f, Some(&home));
    let mut keys = Keys::default();
    keys.import_pgp(armored.as_bytes()).unwrap();
    let mut obj = yaml(std::str::from_utf8(&enc).unwrap());
    assert!(obj
        .pointer("/metadata/name")
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("ENC["));
    decrypt_object(&mut obj, &keys).unwrap();
    assert_eq!(obj, yaml(SECRET));
}

#[test]
fn json_values_keep_their_types_and_unencrypted_suffix_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let plain = r#"{"a": 1, "b": 2.5, "c": true, "d": ["x", {"e": "f"}, false], "g_unencrypted": 7, "n": null, "big": 12345678901, "neg": -3.75, "s": ""}"#;
    let f = write(tmp.path(), "cfg.json", plain.as_bytes());
    let enc = support::sops_encrypt(&["--age", &r], &f, None);
    let out = decrypt(&enc, Format::Json, Format::Json, &keys).unwrap();
    let got: Value = serde_json::from_slice(&out).unwrap();
    let want: Value = serde_json::from_str(plain).unwrap();
    assert_eq!(got, want);
}

#[test]
fn dotenv_with_escaped_newlines_decrypts_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let plain = "A=1\nB=two words\nC=multi\\nline\nEMPTY=\n";
    let f = write(tmp.path(), "app.env", plain.as_bytes());
    let enc = support::sops_encrypt(&["--age", &r], &f, None);
    let out = decrypt(&enc, Format::Dotenv, Format::Dotenv, &keys).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), plain);
}

#[test]
fn binary_file_decrypts_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let plain: Vec<u8> = b"\x00\x01 binary \xff\xfe payload\n".to_vec();
    let f = write(tmp.path(), "blob.bin", &plain);
    let enc = support::sops_encrypt(&["--age", &r, "--input-type", "binary"], &f, None);
    let out = decrypt(&enc, Format::Binary, Format::Binary, &keys).unwrap();
    assert_eq!(out, plain);
}

#[test]
fn mac_only_encrypted_files_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let f = write(tmp.path(), "secret.yaml", SECRET.as_bytes());
    let config = write(
        tmp.path(),
        ".sops.yaml",
        format!(
            "creation_rules:\n- age: {r}\n  encrypted_regex: ^stringData$\n  mac_only_encrypted: true\n"
        )
        .as_bytes(),
    );
    let enc = support::sops_encrypt(&["--config", config.to_str().unwrap()], &f, None);
    assert!(String::from_utf8_lossy(&enc).contains("mac_only_encrypted: true"));
    let mut obj = yaml(std::str::from_utf8(&enc).unwrap());
    // With mac_only_encrypted, unencrypted fields may change.
    obj["metadata"]["namespace"] = Value::String(String::from("other"));
    decrypt_object(&mut obj, &keys).unwrap();
    assert_eq!(obj["stringData"]["password"], "hunter2-very-secret");
}

#[test]
fn a_changed_unencrypted_value_fails_the_mac_without_printing_values() {
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let f = write(tmp.path(), "secret.yaml", SECRET.as_bytes());
    let enc = support::sops_encrypt(
        &["--age", &r, "--encrypted-regex", "^(data|stringData)$"],
        &f,
        None,
    );
    let mut obj = yaml(std::str::from_utf8(&enc).unwrap());
    obj["metadata"]["labels"]["app"] = Value::String(String::from("tampered"));
    let err = decrypt_object(&mut obj, &keys).unwrap_err().to_string();
    assert!(
        err.contains("failed to verify sops data integrity"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_key_that_does_not_match_names_the_recipient_and_no_value() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, r) = age_keys();
    let (wrong, _) = age_keys();
    let f = write(tmp.path(), "secret.yaml", SECRET.as_bytes());
    let enc = support::sops_encrypt(&["--age", &r], &f, None);
    let err = decrypt(&enc, Format::Yaml, Format::Yaml, &wrong)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cannot get sops data key"), "{err}");
    assert!(err.contains(&r), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    let none = decrypt(&enc, Format::Yaml, Format::Yaml, &Keys::default())
        .unwrap_err()
        .to_string();
    assert!(none.contains("no age identity imported"), "{none}");
}

#[test]
fn bad_key_material_is_refused_without_echoing_it() {
    let mut keys = Keys::default();
    let err = keys.import_age("AGE-SECRET-KEY-1NOTAKEY\n").unwrap_err();
    assert!(!err.contains("NOTAKEY"), "{err}");
    assert!(keys.import_pgp(b"not armored").is_err());
    assert!(keys.is_empty());
}

/// kustomize's secretGenerator wraps base64 values longer than 70 characters over several
/// lines; Flux (Go's decoder skips line breaks) still finds and decrypts an encrypted file
/// there, and so must we.
#[test]
fn a_secret_generator_value_wrapped_over_lines_is_still_decrypted() {
    use base64::Engine;
    let tmp = tempfile::tempdir().unwrap();
    let (keys, r) = age_keys();
    let plain = "USER=admin\nPASSWORD=correct-horse-battery-staple\n";
    let f = write(tmp.path(), "app.env", plain.as_bytes());
    let enc = support::sops_encrypt(&["--age", &r], &f, None);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&enc);
    let wrapped: Vec<String> = b64
        .as_bytes()
        .chunks(70)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    assert!(wrapped.len() > 2);
    let mut obj = serde_json::json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "app", "namespace": "default"},
        "data": {"app.env": wrapped.join("\n") + "\n"}});
    flux::build::sops::decrypt_object_for_flux(&mut obj, &keys).unwrap();
    let out = base64::engine::general_purpose::STANDARD
        .decode(obj["data"]["app.env"].as_str().unwrap())
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), plain);
}
