//! SOPS decryption, as Flux's kustomize-controller performs it: the data key is unwrapped
//! with an age identity or an OpenPGP secret key, every value is opened with AES-256-GCM
//! (the value's key path as additional data), and the MAC — a SHA-512 over the plaintext
//! values in document order, itself encrypted with the data key — is verified before the
//! plaintext is released. Formats: YAML, JSON, dotenv and binary (the JSON envelope sops
//! writes for any other file). Cloud KMS, Vault and Shamir key groups are refused with a
//! reason naming what the file needs. Pure: bytes and keys in, bytes out; no value ever
//! appears in an error.

mod meta;

use std::io::Read;
use std::str::FromStr;

use aes_gcm::aead::consts::{U12, U32};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::aes::Aes256;
use aes_gcm::AesGcm;
use serde_json::{Map, Value};
use sha2::{Digest, Sha512};

pub use meta::Metadata;

/// What can go wrong while importing keys or decrypting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A key in the decryption Secret could not be read.
    #[error("{0}")]
    Key(String),
    /// The document is not a SOPS document of the given format.
    #[error("failed to load encrypted {format} data: {message}")]
    Load {
        /// The format's name as Flux prints it.
        format: &'static str,
        /// What is wrong.
        message: String,
    },
    /// No imported key opens the data key (or the file needs a key service we lack).
    #[error("cannot get sops data key: {0}")]
    DataKey(String),
    /// A value could not be decrypted.
    #[error("error decrypting sops tree: {0}")]
    Tree(String),
    /// The MAC does not match: the file was changed after encryption.
    #[error("failed to verify sops data integrity: {0}")]
    Mac(String),
    /// The plaintext cannot be written in the requested format.
    #[error("failed to emit encrypted {input} file as decrypted {output}: {message}")]
    Emit {
        /// Input format name.
        input: &'static str,
        /// Output format name.
        output: &'static str,
        /// What is wrong.
        message: String,
    },
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// A SOPS store format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (one or more documents).
    Yaml,
    /// JSON (a top-level object).
    Json,
    /// `KEY=value` lines.
    Dotenv,
    /// INI (recognised, not supported).
    Ini,
    /// Any other file: sops keeps it as the `data` value of a JSON envelope.
    Binary,
}

impl Format {
    /// The name Flux uses in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
            Format::Dotenv => "dotenv",
            Format::Ini => "INI",
            Format::Binary => "binary",
        }
    }

    /// The bytes whose presence marks an encrypted document of this format.
    pub fn marker(self) -> &'static [u8] {
        match self {
            Format::Binary | Format::Json => b"\"mac\": \"ENC[",
            Format::Dotenv => b"sops_mac=ENC[",
            Format::Ini => b"[sops]",
            Format::Yaml => b"mac: ENC[",
        }
    }
}

/// The format sops infers from a file name (Flux adds: `.dockerconfigjson` is JSON).
pub fn format_for_path(path: &str) -> Format {
    if path.ends_with(".dockerconfigjson") || path.ends_with(".json") {
        Format::Json
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        Format::Yaml
    } else if path.ends_with(".env") {
        Format::Dotenv
    } else if path.ends_with(".ini") {
        Format::Ini
    } else {
        Format::Binary
    }
}

/// The format of an encrypted document, told by its marker bytes (`None`: not encrypted).
pub fn detect_format(data: &[u8]) -> Option<Format> {
    [Format::Yaml, Format::Json, Format::Dotenv, Format::Ini]
        .into_iter()
        .find(|f| contains(data, f.marker()))
}

/// Whether `hay` contains `needle`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The private keys decryption may use.
#[derive(Default)]
pub struct Keys {
    age: Vec<age::x25519::Identity>,
    pgp: Vec<pgp::composed::SignedSecretKey>,
}

impl Keys {
    /// Whether no key was imported.
    pub fn is_empty(&self) -> bool {
        self.age.is_empty() && self.pgp.is_empty()
    }

    /// Imports the age identities of an `.agekey` file (one `AGE-SECRET-KEY-1…` per line,
    /// `#` comments and blank lines allowed).
    pub fn import_age(&mut self, text: &str) -> Result<(), String> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id = age::x25519::Identity::from_str(line)
                .map_err(|_| format!("line {}: not an age X25519 identity", i + 1))?;
            self.age.push(id);
            n += 1;
        }
        if n == 0 {
            return Err(String::from("no age identity found"));
        }
        Ok(())
    }

    /// Imports the armored OpenPGP secret keys of an `.asc` file.
    pub fn import_pgp(&mut self, data: &[u8]) -> Result<(), String> {
        use pgp::composed::{Deserializable, SignedSecretKey};
        let (keys, _) = SignedSecretKey::from_armor_many(data)
            .map_err(|e| format!("reading armored OpenPGP secret keys: {e}"))?;
        let mut n = 0;
        for k in keys {
            let k = k.map_err(|e| format!("reading OpenPGP secret key: {e}"))?;
            self.pgp.push(k);
            n += 1;
        }
        if n == 0 {
            return Err(String::from("no OpenPGP secret key found"));
        }
        Ok(())
    }

    fn open_age(&self, enc: &str) -> Result<Vec<u8>, String> {
        if self.age.is_empty() {
            return Err(String::from("no age identity imported"));
        }
        let reader = age::armor::ArmoredReader::new(enc.as_bytes());
        let dec = age::Decryptor::new_buffered(reader).map_err(|e| e.to_string())?;
        let ids = self.age.iter().map(|i| i as &dyn age::Identity);
        let mut r = dec.decrypt(ids).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn open_pgp(&self, enc: &str) -> Result<Vec<u8>, String> {
        use pgp::composed::Message;
        use pgp::types::Password;
        if self.pgp.is_empty() {
            return Err(String::from("no OpenPGP secret key imported"));
        }
        let (msg, _) = Message::from_string(enc).map_err(|e| e.to_string())?;
        let pw = Password::empty();
        let mut msg = msg
            .decrypt_with_keys(vec![&pw; self.pgp.len()], self.pgp.iter().collect())
            .map_err(|e| e.to_string())?;
        if msg.is_compressed() {
            msg = msg.decompress().map_err(|e| e.to_string())?;
        }
        msg.as_data_vec().map_err(|e| e.to_string())
    }
}

/// Decrypts a SOPS document of format `input` and writes the plaintext as `output`.
pub fn decrypt(data: &[u8], input: Format, output: Format, keys: &Keys) -> Result<Vec<u8>> {
    let (mut branches, md) = load(data, input)?;
    let key = data_key(&md, keys)?;
    if input == Format::Binary && output == Format::Binary {
        // Raw bytes need not be UTF-8: open the single `data` value without the JSON tree.
        return decrypt_binary(&branches, &md, &key);
    }
    let mac = decrypt_tree(&mut branches, &md, &key)?;
    verify_mac(&md, &key, &mac)?;
    emit(&branches, input, output)
}

fn decrypt_binary(branches: &[Value], md: &Metadata, key: &[u8]) -> Result<Vec<u8>> {
    let Some(Value::String(enc)) = branches.first().and_then(|b| b.get("data")) else {
        return Err(Error::Emit {
            input: "binary",
            output: "binary",
            message: String::from("error emitting binary store: no binary data found in tree"),
        });
    };
    let path = [String::from("data")];
    let plain = if md.should_be_encrypted(&path) {
        open_value(enc, key, "data:")
            .map_err(|e| Error::Tree(format!("could not decrypt the value at 'data': {e}")))?
            .0
    } else {
        enc.as_bytes().to_vec()
    };
    let mut hash = Sha512::new();
    if md.mac_only_encrypted {
        hash.update(MAC_ONLY_ENCRYPTED_INIT);
    }
    hash.update(&plain);
    verify_mac(md, key, &hex_upper(&hash.finalize()))?;
    Ok(plain)
}

/// Decrypts a Kubernetes object carrying a top-level `sops` section in place.
pub fn decrypt_object(obj: &mut Value, keys: &Keys) -> Result<()> {
    let Some(map) = obj.as_object_mut() else {
        return Err(Error::Load {
            format: "JSON",
            message: String::from("not an object"),
        });
    };
    let sops = map.shift_remove("sops").unwrap_or(Value::Null);
    let md = Metadata::from_value(&sops).map_err(|message| Error::Load {
        format: "JSON",
        message,
    })?;
    let key = data_key(&md, keys)?;
    let mut branches = vec![std::mem::take(obj)];
    let mac = decrypt_tree(&mut branches, &md, &key)?;
    verify_mac(&md, &key, &mac)?;
    *obj = branches.pop().unwrap_or(Value::Null);
    Ok(())
}

fn load(data: &[u8], format: Format) -> Result<(Vec<Value>, Metadata)> {
    let fail = |message: String| Error::Load {
        format: format.name(),
        message,
    };
    let mut branches: Vec<Value> = match format {
        Format::Yaml => {
            let text = std::str::from_utf8(data).map_err(|_| fail("not UTF-8".into()))?;
            crate::kustomize::yaml::parse_stream(text)
                .map_err(|e| fail(e.to_string()))?
                .into_iter()
                .filter(|v| !v.is_null())
                .collect()
        }
        Format::Json | Format::Binary => {
            let v: Value = serde_json::from_slice(data).map_err(|e| fail(e.to_string()))?;
            vec![v]
        }
        Format::Dotenv => vec![load_dotenv(data).map_err(fail)?],
        Format::Ini => {
            return Err(fail(String::from(
                "INI files are not supported; encrypt the file as YAML, JSON or dotenv",
            )))
        }
    };
    let mut sops = None;
    for b in &mut branches {
        let Some(m) = b.as_object_mut() else {
            return Err(fail(String::from(
                "a document is not a mapping; sops documents are objects at the top level",
            )));
        };
        if format == Format::Dotenv {
            let flat: Vec<String> = m
                .keys()
                .filter(|k| k.starts_with("sops_"))
                .cloned()
                .collect();
            if !flat.is_empty() {
                let mut pairs = Vec::new();
                for k in flat {
                    if let Some(v) = m.shift_remove(&k) {
                        pairs.push((k["sops_".len()..].to_string(), v));
                    }
                }
                sops = Some(meta::unflatten(pairs).map_err(fail)?);
            }
        } else if let Some(s) = m.shift_remove("sops") {
            sops.get_or_insert(s);
        }
    }
    let sops = sops.ok_or_else(|| fail(String::from("sops metadata not found")))?;
    let md = Metadata::from_value(&sops).map_err(fail)?;
    Ok((branches, md))
}

fn load_dotenv(data: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(data).map_err(|_| String::from("not UTF-8"))?;
    let mut m = Map::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(format!("invalid dotenv input line {}", i + 1));
        };
        m.insert(k.to_string(), Value::String(v.replace("\\n", "\n")));
    }
    Ok(Value::Object(m))
}

/// Unwraps the data key with the first master key an imported identity opens (age before
/// OpenPGP, as sops orders them).
fn data_key(md: &Metadata, keys: &Keys) -> Result<Vec<u8>> {
    if md.key_groups > 1 {
        return Err(Error::DataKey(format!(
            "the file uses {} key groups (Shamir secret sharing), which is not supported",
            md.key_groups
        )));
    }
    let mut tried = Vec::new();
    for a in &md.age {
        match keys.open_age(&a.enc) {
            Ok(k) if k.len() == 32 => return Ok(k),
            Ok(_) => tried.push(format!(
                "age recipient {}: data key has a wrong size",
                a.recipient
            )),
            Err(e) => tried.push(format!("age recipient {}: {e}", a.recipient)),
        }
    }
    for p in &md.pgp {
        match keys.open_pgp(&p.enc) {
            Ok(k) if k.len() == 32 => return Ok(k),
            Ok(_) => tried.push(format!("pgp key {}: data key has a wrong size", p.fp)),
            Err(e) => tried.push(format!("pgp key {}: {e}", p.fp)),
        }
    }
    for service in &md.unsupported {
        tried.push(format!(
            "{service}: this key service is not supported yet (only age and OpenPGP keys)"
        ));
    }
    if tried.is_empty() {
        return Err(Error::DataKey(String::from(
            "the file lists no master key to decrypt its data key with",
        )));
    }
    Err(Error::DataKey(format!(
        "no imported key could decrypt the data key: {}",
        tried.join("; ")
    )))
}

/// Decrypts every value that the metadata's rules say is encrypted and returns the MAC
/// (uppercase hex SHA-512) computed over the plaintext as sops computes it.
fn decrypt_tree(branches: &mut [Value], md: &Metadata, key: &[u8]) -> Result<String> {
    let mut hash = Sha512::new();
    if md.mac_only_encrypted {
        hash.update(MAC_ONLY_ENCRYPTED_INIT);
    }
    let mut path = Vec::new();
    for b in branches.iter_mut() {
        walk(b, &mut path, md, key, &mut hash)?;
    }
    Ok(hex_upper(&hash.finalize()))
}

/// The fixed bytes sops seeds the MAC with when `mac_only_encrypted` is set.
const MAC_ONLY_ENCRYPTED_INIT: [u8; 32] = [
    0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b,
    0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
];

fn walk(
    v: &mut Value,
    path: &mut Vec<String>,
    md: &Metadata,
    key: &[u8],
    hash: &mut Sha512,
) -> Result<()> {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                path.push(k.clone());
                let r = walk(child, path, md, key, hash);
                path.pop();
                r?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for child in items {
                walk(child, path, md, key, hash)?;
            }
            Ok(())
        }
        Value::Null => Ok(()),
        leaf => {
            let encrypted = md.should_be_encrypted(path);
            if encrypted {
                let Value::String(s) = leaf else {
                    return Err(Error::Tree(format!(
                        "the value at '{}' should be encrypted but is not a string",
                        path.join(".")
                    )));
                };
                let aad = format!("{}:", path.join(":"));
                let (plain, value) = open_value(s, key, &aad).map_err(|e| {
                    Error::Tree(format!(
                        "could not decrypt the value at '{}': {e}",
                        path.join(".")
                    ))
                })?;
                hash.update(&plain);
                *leaf = value;
            } else if !md.mac_only_encrypted {
                hash.update(to_bytes(leaf));
            }
            Ok(())
        }
    }
}

/// sops' byte form of an unencrypted scalar (for the MAC).
fn to_bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Bool(true) => b"True".to_vec(),
        Value::Bool(false) => b"False".to_vec(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string().into_bytes()
            } else if let Some(u) = n.as_u64() {
                u.to_string().into_bytes()
            } else {
                format!("{}", n.as_f64().unwrap_or(0.0)).into_bytes()
            }
        }
        _ => Vec::new(),
    }
}

/// Opens one `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` value: returns the plaintext bytes
/// (as hashed for the MAC) and the typed value.
fn open_value(s: &str, key: &[u8], aad: &str) -> Result<(Vec<u8>, Value), String> {
    if s.is_empty() {
        return Ok((Vec::new(), Value::String(String::new())));
    }
    let enc = parse_enc(s)
        .ok_or_else(|| String::from("Input string <redacted> does not match sops' data format"))?;
    let plain = aes_open(key, &enc.iv, &enc.data, &enc.tag, aad.as_bytes())?;
    let text = || String::from_utf8_lossy(&plain).into_owned();
    let value = match enc.kind.as_str() {
        "str" | "bytes" | "time" => Value::String(text()),
        "int" => {
            let t = text();
            let i: i64 = t
                .parse()
                .map_err(|_| String::from("int value does not parse"))?;
            Value::from(i)
        }
        "float" => {
            let t = text();
            let f = crate::goyaml::scalars::go_parse_float(&t)
                .ok_or_else(|| String::from("float value does not parse"))?;
            serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }
        "bool" => match text().as_str() {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Value::Bool(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Value::Bool(false),
            _ => return Err(String::from("bool value does not parse")),
        },
        "comment" => Value::String(text()),
        other => return Err(format!("Unknown datatype: {other}")),
    };
    let hashed = match &value {
        Value::String(_) => plain,
        other => to_bytes(other),
    };
    Ok((hashed, value))
}

struct Enc {
    data: Vec<u8>,
    iv: Vec<u8>,
    tag: Vec<u8>,
    kind: String,
}

fn parse_enc(s: &str) -> Option<Enc> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let body = s.strip_prefix("ENC[AES256_GCM,data:")?;
    let (data, rest) = body.split_once(",iv:")?;
    let (iv, rest) = rest.split_once(",tag:")?;
    let (tag, rest) = rest.split_once(",type:")?;
    let kind = rest.split(']').next()?;
    Some(Enc {
        data: b64.decode(data).ok()?,
        iv: b64.decode(iv).ok()?,
        tag: b64.decode(tag).ok()?,
        kind: kind.to_string(),
    })
}

fn aes_open(key: &[u8], iv: &[u8], data: &[u8], tag: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    let mut msg = Vec::with_capacity(data.len() + tag.len());
    msg.extend_from_slice(data);
    msg.extend_from_slice(tag);
    let payload = Payload { msg: &msg, aad };
    let fail = |_| String::from("Could not decrypt with AES_GCM: message authentication failed");
    match iv.len() {
        32 => AesGcm::<Aes256, U32>::new_from_slice(key)
            .map_err(|_| String::from("bad data key size"))?
            .decrypt(iv.into(), payload)
            .map_err(fail),
        12 => AesGcm::<Aes256, U12>::new_from_slice(key)
            .map_err(|_| String::from("bad data key size"))?
            .decrypt(iv.into(), payload)
            .map_err(fail),
        n => Err(format!("unsupported IV size {n}")),
    }
}

fn verify_mac(md: &Metadata, key: &[u8], computed: &str) -> Result<()> {
    let stored = if md.mac.is_empty() {
        String::new()
    } else {
        let aad = md.lastmodified_rfc3339();
        let (plain, _) = open_value(&md.mac, key, &aad).map_err(Error::Mac)?;
        String::from_utf8_lossy(&plain).into_owned()
    };
    if stored != computed {
        let shown = if stored.is_empty() { "no MAC" } else { &stored };
        return Err(Error::Mac(format!(
            "expected mac '{shown}', got '{computed}'"
        )));
    }
    Ok(())
}

fn emit(branches: &[Value], input: Format, output: Format) -> Result<Vec<u8>> {
    let fail = |message: String| Error::Emit {
        input: input.name(),
        output: output.name(),
        message,
    };
    let first = branches
        .first()
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    match output {
        Format::Yaml => Ok(crate::goyaml::to_yaml_stream(branches.iter()).into_bytes()),
        Format::Json => {
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(b"\t");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            serde::Serialize::serialize(&first, &mut ser).map_err(|e| fail(e.to_string()))?;
            out.push(b'\n');
            Ok(out)
        }
        Format::Dotenv => {
            let mut out = String::new();
            for (k, v) in first.as_object().into_iter().flatten() {
                let text = match v {
                    Value::String(s) => s.replace('\n', "\\n"),
                    Value::Object(_) | Value::Array(_) => {
                        return Err(fail(format!(
                            "cannot use complex value in dotenv file; offending key {k}"
                        )))
                    }
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                out.push_str(&format!("{k}={text}\n"));
            }
            Ok(out.into_bytes())
        }
        Format::Binary => match first.get("data") {
            Some(Value::String(s)) => Ok(s.clone().into_bytes()),
            Some(_) => Err(fail(String::from(
                "error emitting binary store: 'data' key in tree does not have a string value",
            ))),
            None => Err(fail(String::from(
                "error emitting binary store: no binary data found in tree",
            ))),
        },
        Format::Ini => Err(fail(String::from("INI output is not supported"))),
    }
}

fn hex_upper(b: &[u8]) -> String {
    hex::encode_upper(b)
}
