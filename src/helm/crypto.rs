//! Sprig's key, certificate and cipher functions as Helm charts call them: `genPrivateKey`
//! (RSA 4096, ECDSA P-256, Ed25519, DSA 2048/256 in the PEM blocks Go writes), `genCA`,
//! `genSelfSignedCert`, `genSignedCert` and their `WithKey` forms (the certificate template
//! Sprig builds: a random 128-bit serial, the common name as the whole subject, IP and DNS
//! alternative names, `daysValid` from now, digital signature and key encipherment usages,
//! server and client auth, basic constraints), `buildCustomCert`, `derivePassword` (the
//! Master Password algorithm over scrypt) and `encryptAES`/`decryptAES` (AES-256-CBC with
//! PKCS#7 padding and a random IV in front, base64). Keys and certificates are random, so
//! their bytes never match Helm's; their shape and the errors do.

use std::net::IpAddr;
use std::rc::Rc;

use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::der::{asn1::UintRef, Decode, Encode, Reader, SliceReader};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};

use super::tmpl::value::{Object, ObjectData, Value};

/// A private key of one of the types Sprig generates or reads.
pub enum PrivateKey {
    /// RSA.
    Rsa(Box<rsa::RsaPrivateKey>),
    /// ECDSA on P-256.
    P256(p256::SecretKey),
    /// ECDSA on P-384.
    P384(p384::SecretKey),
    /// Ed25519, by its 32-byte seed.
    Ed25519([u8; 32]),
    /// DSA.
    Dsa(Box<dsa::SigningKey>),
}

/// The PKCS#8 prefix Go writes before an Ed25519 seed (version 0, no public key).
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn pem_text(label: &str, der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new(label, der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

fn dsa_der(k: &dsa::SigningKey) -> Result<Vec<u8>, String> {
    let vk = k.verifying_key();
    let c = vk.components();
    let parts = [
        c.p().to_bytes_be(),
        c.q().to_bytes_be(),
        c.g().to_bytes_be(),
        vk.y().to_bytes_be(),
        k.x().to_bytes_be(),
    ];
    let mut body = Vec::new();
    let zero = UintRef::new(&[0]).map_err(|e| e.to_string())?;
    zero.encode_to_vec(&mut body).map_err(|e| e.to_string())?;
    for p in &parts {
        UintRef::new(p)
            .and_then(|u| u.encode_to_vec(&mut body))
            .map_err(|e| e.to_string())?;
    }
    let mut out = vec![0x30];
    rsa::pkcs8::der::Length::try_from(body.len())
        .and_then(|l| l.encode_to_vec(&mut out))
        .map_err(|e| e.to_string())?;
    out.extend(body);
    Ok(out)
}

fn dsa_from_der(der: &[u8]) -> Result<dsa::SigningKey, String> {
    let mut reader = SliceReader::new(der).map_err(|e| e.to_string())?;
    let ints = reader
        .sequence(|r| {
            let mut v = Vec::new();
            for _ in 0..6 {
                v.push(UintRef::decode(r)?.as_bytes().to_vec());
            }
            Ok(v)
        })
        .map_err(|e| format!("asn1: {e}"))?;
    let big = |b: &[u8]| dsa::BigUint::from_bytes_be(b);
    let comps = dsa::Components::from_components(big(&ints[1]), big(&ints[2]), big(&ints[3]))
        .map_err(|_| "invalid DSA parameters".to_string())?;
    let vk = dsa::VerifyingKey::from_components(comps, big(&ints[4]))
        .map_err(|_| "invalid DSA public key".to_string())?;
    dsa::SigningKey::from_components(vk, big(&ints[5]))
        .map_err(|_| "invalid DSA private key".to_string())
}

impl PrivateKey {
    /// Generates a key as `genPrivateKey` does (`""` and `rsa` are RSA 4096).
    pub fn generate(kind: &str) -> Result<PrivateKey, String> {
        let mut rng = rand::rngs::OsRng;
        Ok(match kind {
            "" | "rsa" => PrivateKey::Rsa(Box::new(
                rsa::RsaPrivateKey::new(&mut rng, 4096)
                    .map_err(|e| format!("failed to generate private key: {e}"))?,
            )),
            "ecdsa" => PrivateKey::P256(p256::SecretKey::random(&mut rng)),
            "ed25519" => {
                let mut seed = [0u8; 32];
                getrandom::fill(&mut seed)
                    .map_err(|e| format!("failed to generate private key: {e}"))?;
                PrivateKey::Ed25519(seed)
            }
            "dsa" => {
                let comps = dsa::Components::generate(&mut rng, dsa::KeySize::DSA_2048_256);
                PrivateKey::Dsa(Box::new(dsa::SigningKey::generate(&mut rng, comps)))
            }
            other => return Err(format!("Unknown type {other}")),
        })
    }

    /// A 2048-bit RSA key, as the certificate functions without `WithKey` make.
    fn rsa2048() -> Result<PrivateKey, String> {
        rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("error generating rsa key: {e}"))
    }

    /// The PEM block Go's `pemBlockForKey` writes.
    pub fn to_pem(&self) -> Result<String, String> {
        Ok(match self {
            PrivateKey::Rsa(k) => pem_text(
                "RSA PRIVATE KEY",
                k.to_pkcs1_der().map_err(|e| e.to_string())?.as_bytes(),
            ),
            PrivateKey::P256(k) => pem_text(
                "EC PRIVATE KEY",
                &k.to_sec1_der().map_err(|e| e.to_string())?,
            ),
            PrivateKey::P384(k) => pem_text(
                "EC PRIVATE KEY",
                &k.to_sec1_der().map_err(|e| e.to_string())?,
            ),
            PrivateKey::Ed25519(_) => pem_text("PRIVATE KEY", &self.pkcs8()?),
            PrivateKey::Dsa(k) => pem_text("DSA PRIVATE KEY", &dsa_der(k)?),
        })
    }

    fn pkcs8(&self) -> Result<Vec<u8>, String> {
        Ok(match self {
            PrivateKey::Rsa(k) => k
                .to_pkcs8_der()
                .map_err(|e| e.to_string())?
                .as_bytes()
                .to_vec(),
            PrivateKey::P256(k) => k
                .to_pkcs8_der()
                .map_err(|e| e.to_string())?
                .as_bytes()
                .to_vec(),
            PrivateKey::P384(k) => k
                .to_pkcs8_der()
                .map_err(|e| e.to_string())?
                .as_bytes()
                .to_vec(),
            PrivateKey::Ed25519(seed) => {
                let mut v = ED25519_PKCS8_PREFIX.to_vec();
                v.extend_from_slice(seed);
                v
            }
            PrivateKey::Dsa(_) => {
                return Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        })
    }

    /// Reads a PEM private key as Sprig's `parsePrivateKeyPEM` does, with its messages.
    pub fn from_pem(text: &str) -> Result<PrivateKey, String> {
        let block = pem::parse(text).map_err(|_| "no PEM data in input".to_string())?;
        let der = block.contents();
        let tag = block.tag();
        if tag == "PRIVATE KEY" {
            return Self::from_pkcs8(der).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
        }
        let Some(kind) = tag.strip_suffix(" PRIVATE KEY") else {
            return Err(format!("no private key data in PEM block of type {tag}"));
        };
        match kind {
            "RSA" => rsa::RsaPrivateKey::from_pkcs1_der(der)
                .map(|k| PrivateKey::Rsa(Box::new(k)))
                .map_err(|e| format!("parsing RSA private key from PEM: x509: {e}")),
            "EC" => p256::SecretKey::from_sec1_der(der)
                .map(PrivateKey::P256)
                .or_else(|_| p384::SecretKey::from_sec1_der(der).map(PrivateKey::P384))
                .map_err(|_| {
                    "parsing EC private key from PEM: x509: failed to parse EC private key"
                        .to_string()
                }),
            "DSA" => dsa_from_der(der)
                .map(|k| PrivateKey::Dsa(Box::new(k)))
                .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
            _ => Err(format!("invalid private key type {tag}")),
        }
    }

    fn from_pkcs8(der: &[u8]) -> Result<PrivateKey, String> {
        if der.len() == 48 && der[..16] == ED25519_PKCS8_PREFIX {
            let mut seed = [0u8; 32];
            seed.copy_from_slice(&der[16..]);
            return Ok(PrivateKey::Ed25519(seed));
        }
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
            return Ok(PrivateKey::Rsa(Box::new(k)));
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
            return Ok(PrivateKey::P256(k));
        }
        if let Ok(k) = p384::SecretKey::from_pkcs8_der(der) {
            return Ok(PrivateKey::P384(k));
        }
        Err("x509: failed to parse private key".into())
    }

    fn key_pair(&self) -> Result<rcgen::KeyPair, String> {
        let alg = match self {
            PrivateKey::Rsa(_) => &rcgen::PKCS_RSA_SHA256,
            PrivateKey::P256(_) => &rcgen::PKCS_ECDSA_P256_SHA256,
            PrivateKey::P384(_) => &rcgen::PKCS_ECDSA_P384_SHA384,
            PrivateKey::Ed25519(_) => &rcgen::PKCS_ED25519,
            PrivateKey::Dsa(_) => {
                return Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        };
        let der = self.pkcs8()?;
        rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der.into(), alg).map_err(|e| e.to_string())
    }
}

/// `sprig.certificate{Cert, Key}`.
pub fn certificate(cert: String, key: String) -> Value {
    Value::Object(Rc::new(Object {
        type_name: "sprig.certificate".into(),
        pointer: false,
        fields: vec![
            ("Cert".into(), Value::str(cert)),
            ("Key".into(), Value::str(key)),
        ],
        stringer: None,
        error: None,
        data: ObjectData::None,
    }))
}

fn cert_parts(ca: &Value) -> (String, String) {
    let field = |n: &str| match ca {
        Value::Object(o) => o
            .field(n)
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        _ => String::new(),
    };
    (field("Cert"), field("Key"))
}

fn ips(v: &[Value]) -> Result<Vec<IpAddr>, String> {
    v.iter()
        .map(|ip| match ip {
            Value::Str(s) => s
                .parse::<IpAddr>()
                .map_err(|_| format!("error parsing ip: {s}")),
            other => Err(format!(
                "error parsing ip: {} is not a string",
                super::tmpl::printf::sprint1(other)
            )),
        })
        .collect()
}

fn dns_names(v: &[Value]) -> Result<Vec<String>, String> {
    v.iter()
        .map(|d| match d {
            Value::Str(s) => Ok(s.to_string()),
            other => Err(format!(
                "error processing alternate dns name: {} is not a string",
                super::tmpl::printf::sprint1(other)
            )),
        })
        .collect()
}

fn list_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.items.borrow().clone(),
        _ => vec![],
    }
}

/// Sprig's `getBaseCertTemplate`.
fn base_params(
    cn: &str,
    ip_list: &Value,
    dns_list: &Value,
    days: i64,
    ca: bool,
) -> Result<rcgen::CertificateParams, String> {
    let ips = ips(&list_items(ip_list))?;
    let dns = dns_names(&list_items(dns_list))?;
    let mut p = rcgen::CertificateParams::default();
    let mut serial = [0u8; 16];
    getrandom::fill(&mut serial).map_err(|e| e.to_string())?;
    // Go encodes the big integer in its shortest two's-complement form.
    let start = serial.iter().position(|b| *b != 0).unwrap_or(15);
    let mut bytes = serial[start..].to_vec();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    p.serial_number = Some(rcgen::SerialNumber::from_slice(&bytes));
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, cn);
    p.distinguished_name = dn;
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    p.not_before = now;
    p.not_after = now + time::Duration::hours(24 * days);
    p.subject_alt_names = dns
        .into_iter()
        .map(|d| {
            d.clone()
                .try_into()
                .map(rcgen::SanType::DnsName)
                .map_err(|_| format!("error processing alternate dns name: {d}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    p.subject_alt_names
        .extend(ips.into_iter().map(rcgen::SanType::IpAddress));
    p.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    if ca {
        p.key_usages.push(rcgen::KeyUsagePurpose::KeyCertSign);
        p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    } else {
        p.is_ca = rcgen::IsCa::ExplicitNoCa;
    }
    p.use_authority_key_identifier_extension = true;
    Ok(p)
}

fn self_signed(params: rcgen::CertificateParams, key: &PrivateKey) -> Result<Value, String> {
    let kp = key
        .key_pair()
        .map_err(|e| format!("error creating certificate: {e}"))?;
    let cert = params
        .self_signed(&kp)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    finish(cert, key)
}

fn finish(cert: rcgen::Certificate, key: &PrivateKey) -> Result<Value, String> {
    let key_pem = key
        .to_pem()
        .map_err(|e| format!("error pem-encoding key: {e}"))?;
    Ok(certificate(pem_text("CERTIFICATE", cert.der()), key_pem))
}

/// The `WithKey` forms' key, or a new 2048-bit RSA key.
fn key_or_rsa(key: Option<&str>) -> Result<PrivateKey, String> {
    match key {
        Some(pem) => PrivateKey::from_pem(pem).map_err(|e| format!("parsing private key: {e}")),
        None => PrivateKey::rsa2048(),
    }
}

/// `genCA` / `genCAWithKey`.
pub fn gen_ca(cn: &str, days: i64, key: Option<&str>) -> Result<Value, String> {
    let key = key_or_rsa(key)?;
    let params = base_params(cn, &Value::Nil, &Value::Nil, days, true)?;
    self_signed(params, &key)
}

/// `genSelfSignedCert` / `genSelfSignedCertWithKey`.
pub fn gen_self_signed(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    key: Option<&str>,
) -> Result<Value, String> {
    let key = key_or_rsa(key)?;
    let params = base_params(cn, ips, dns, days, false)?;
    self_signed(params, &key)
}

/// `genSignedCert` / `genSignedCertWithKey`.
pub fn gen_signed(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    ca: &Value,
    key: Option<&str>,
) -> Result<Value, String> {
    let key = key_or_rsa(key)?;
    let (ca_cert, ca_key) = cert_parts(ca);
    let ca_der = pem::parse(&ca_cert)
        .ok()
        .filter(|p| p.tag() == "CERTIFICATE" || !p.contents().is_empty())
        .ok_or_else(|| "unable to decode certificate".to_string())?;
    x509_parser::parse_x509_certificate(ca_der.contents())
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: x509: {e}"))?;
    let signer =
        PrivateKey::from_pem(&ca_key).map_err(|e| format!("error parsing private key: {e}"))?;
    let params = base_params(cn, ips, dns, days, false)?;
    let signer_kp = signer
        .key_pair()
        .map_err(|e| format!("error creating certificate: {e}"))?;
    let issuer = rcgen::Issuer::from_ca_cert_der(&ca_der.contents().to_vec().into(), signer_kp)
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    let kp = key
        .key_pair()
        .map_err(|e| format!("error retrieving public key from signee key: {e}"))?;
    let cert = params
        .signed_by(&kp, &issuer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    finish(cert, &key)
}

/// `buildCustomCert`: base64 PEM certificate and key, checked, as a certificate value.
pub fn build_custom_cert(b64cert: &str, b64key: &str) -> Result<Value, String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let cert = b64
        .decode(b64cert)
        .map_err(|_| "unable to decode base64 certificate".to_string())?;
    let key = b64
        .decode(b64key)
        .map_err(|_| "unable to decode base64 private key".to_string())?;
    let block = pem::parse(&cert).map_err(|_| "unable to decode certificate".to_string())?;
    x509_parser::parse_x509_certificate(block.contents())
        .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: x509: {e}"))?;
    let key_text = String::from_utf8_lossy(&key).into_owned();
    PrivateKey::from_pem(&key_text).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(certificate(
        String::from_utf8_lossy(&cert).into_owned(),
        key_text,
    ))
}

const TEMPLATES: &[(&str, &[&str])] = &[
    ("maximum", &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"]),
    (
        "long",
        &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
    ),
    ("medium", &["CvcnoCvc", "CvcCvcno"]),
    ("short", &["Cvcn"]),
    ("basic", &["aaanaaan", "aannaaan", "aaannaaa"]),
    ("pin", &["nnnn"]),
];

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// `derivePassword`: the Master Password algorithm (scrypt N=32768, r=8, p=2 over the
/// user's name, then HMAC-SHA256 over the site and counter choosing template characters).
pub fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    use hmac::Mac as _;
    const SEED: &str = "com.lyndir.masterpassword";
    let Some((_, templates)) = TEMPLATES.iter().find(|(k, _)| *k == kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut salt = SEED.as_bytes().to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let mut key = [0u8; 64];
    let params = match scrypt::Params::new(15, 8, 2, 64) {
        Ok(p) => p,
        Err(e) => return format!("failed to derive password: {e}"),
    };
    if let Err(e) = scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key) {
        return format!("failed to derive password: {e}");
    }
    let mut msg = SEED.as_bytes().to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key) else {
        return "failed to derive password".into();
    };
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let template = templates[seed[0] as usize % templates.len()].as_bytes();
    template
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_chars(*c);
            chars[seed[i + 1] as usize % chars.len()] as char
        })
        .collect()
}

fn aes_key(password: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    key
}

/// `encryptAES`: AES-256-CBC (the password zero-padded or cut to 32 bytes), PKCS#7 padding,
/// a random IV before the ciphertext, base64.
pub fn encrypt_aes(password: &str, plaintext: &str) -> Result<String, String> {
    use cbc::cipher::{BlockEncryptMut, KeyIvInit};
    if plaintext.is_empty() {
        return Ok(String::new());
    }
    let mut iv = [0u8; 16];
    getrandom::fill(&mut iv).map_err(|e| e.to_string())?;
    let enc = cbc::Encryptor::<aes::Aes256>::new(&aes_key(password).into(), &iv.into());
    let mut buf = plaintext.as_bytes().to_vec();
    let pad = 16 - buf.len() % 16;
    buf.extend(std::iter::repeat_n(pad as u8, pad));
    let n = buf.len();
    enc.encrypt_padded_mut::<cbc::cipher::block_padding::NoPadding>(&mut buf, n)
        .map_err(|e| e.to_string())?;
    let mut out = iv.to_vec();
    out.extend(buf);
    Ok(base64::engine::general_purpose::STANDARD.encode(out))
}

/// `decryptAES`, with the errors and runtime panics Go reports for bad input.
pub fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    use cbc::cipher::{BlockDecryptMut, KeyIvInit};
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = base64::engine::general_purpose::STANDARD
        .decode(crypt64)
        .map_err(|_| super::funcs::b64_error(crypt64))?;
    if crypt.len() < 16 {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt.len()
        ));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let mut buf = body.to_vec();
    let dec = cbc::Decryptor::<aes::Aes256>::new(&aes_key(password).into(), iv.into());
    dec.decrypt_padded_mut::<cbc::cipher::block_padding::NoPadding>(&mut buf)
        .map_err(|e| e.to_string())?;
    let Some(&last) = buf.last() else {
        return Err("runtime error: index out of range [-1]".into());
    };
    let cut = buf.len() as i64 - last as i64;
    if cut < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{cut}]"));
    }
    buf.truncate(cut as usize);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_password_matches_the_master_password_reference() {
        // Sprig's own test vector (crypto_test.go).
        assert_eq!(
            derive_password(1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*"
        );
        assert_eq!(
            derive_password(1, "nope", "p", "u", "s"),
            "cannot find password template nope"
        );
    }

    #[test]
    fn aes_round_trips_and_bad_input_fails_like_go() {
        let c = encrypt_aes("secretkey", "plaintext").unwrap();
        assert_eq!(decrypt_aes("secretkey", &c).unwrap(), "plaintext");
        assert_ne!(encrypt_aes("secretkey", "plaintext").unwrap(), c);
        assert_eq!(encrypt_aes("k", "").unwrap(), "");
        assert!(decrypt_aes("k", "AAAA")
            .unwrap_err()
            .starts_with("runtime error: slice bounds out of range [:16]"));
    }

    #[test]
    fn generated_keys_have_gos_pem_blocks_and_read_back() {
        for (kind, label) in [("ecdsa", "EC PRIVATE KEY"), ("ed25519", "PRIVATE KEY")] {
            let pem = PrivateKey::generate(kind).unwrap().to_pem().unwrap();
            assert!(
                pem.starts_with(&format!("-----BEGIN {label}-----\n")),
                "{pem}"
            );
            assert!(PrivateKey::from_pem(&pem).is_ok());
        }
        assert_eq!(PrivateKey::generate("x").err().unwrap(), "Unknown type x");
        assert_eq!(
            PrivateKey::from_pem("nope").err().unwrap(),
            "no PEM data in input"
        );
    }

    #[test]
    fn a_signed_certificate_chains_to_its_ca_with_the_names_asked_for() {
        let ca_key = PrivateKey::generate("ecdsa").unwrap().to_pem().unwrap();
        let ca = gen_ca("my-ca", 10, Some(&ca_key)).unwrap();
        let leaf_key = PrivateKey::generate("ed25519").unwrap().to_pem().unwrap();
        let ips = Value::list(vec![Value::str("10.0.0.1")]);
        let dns = Value::list(vec![Value::str("a.example")]);
        let leaf = gen_signed("leaf", &ips, &dns, 5, &ca, Some(&leaf_key)).unwrap();
        let (cert, key) = cert_parts(&leaf);
        assert_eq!(key, leaf_key);
        let der = pem::parse(&cert).unwrap();
        let (_, x) = x509_parser::parse_x509_certificate(der.contents()).unwrap();
        assert_eq!(x.subject().to_string(), "CN=leaf");
        assert_eq!(x.issuer().to_string(), "CN=my-ca");
        let san = x.subject_alternative_name().unwrap().unwrap();
        assert_eq!(san.value.general_names.len(), 2);
        let (ca_cert, _) = cert_parts(&ca);
        let ca_der = pem::parse(&ca_cert).unwrap();
        let (_, cax) = x509_parser::parse_x509_certificate(ca_der.contents()).unwrap();
        assert!(cax.is_ca());
        assert!(x.verify_signature(Some(cax.public_key())).is_ok());
        let validity = x.validity();
        assert_eq!(
            validity.not_after.timestamp() - validity.not_before.timestamp(),
            5 * 86400
        );
        assert_eq!(
            gen_signed(
                "x",
                &Value::list(vec![Value::str("nope")]),
                &Value::Nil,
                1,
                &ca,
                Some(&leaf_key)
            )
            .unwrap_err(),
            "error parsing ip: nope"
        );
    }
}
