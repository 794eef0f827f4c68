//! Keyless cosign signatures verified offline against a Sigstore trusted root
//! (`trusted_root.json`, as source-controller takes it from `verify.trustedRootSecretRef`):
//! the certificate chains to one of the root's certificate authorities (Fulcio) at its
//! issuance time, carries an embedded SCT signed by one of the root's CT logs, names an
//! identity (OIDC issuer extension and subject alternative name) matching one of the
//! `matchOIDCIdentity` regular expressions, signs the payload, and the signature's Rekor bundle
//! (`dev.sigstore.cosign/bundle`) is a signed entry timestamp of one of the root's transparency
//! logs over a `hashedrekord` entry for exactly this signature, certificate and payload, at a
//! time when the certificate was valid. Nothing is fetched: a signature without a bundle fails
//! (Go cosign would ask Rekor online).
//!
//! Owns the trusted root's JSON form, the RFC 6962 SCT encoding and the Rekor SET payload.

use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::Digest;
use x509_parser::certificate::X509Certificate;

use super::cosign::PublicKey;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
/// DER contents of the OID 1.3.6.1.4.1.11129.2.4.2 (embedded SCT list).
const SCT_LIST_OID: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02];
const OIDC_ISSUER_V1: &str = "1.3.6.1.4.1.57264.1.1";

/// Why a trusted root or a signature is refused (the message is what the object shows).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

fn err(m: impl Into<String>) -> Error {
    Error(m.into())
}

/// A log's public key (Rekor or CT) and the window it signs in.
struct LogKey {
    key_id: Vec<u8>,
    key: PublicKey,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
}

/// A certificate authority: its chain (issuing certificate first, root last) and window.
struct Authority {
    chain: Vec<Vec<u8>>,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
}

/// The parsed `trusted_root.json`.
pub struct TrustedRoot {
    tlogs: Vec<LogKey>,
    ctlogs: Vec<LogKey>,
    authorities: Vec<Authority>,
}

fn time(v: &serde_json::Value) -> Result<Option<DateTime<Utc>>, Error> {
    match v.as_str() {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| err(format!("invalid time {s:?}: {e}"))),
    }
}

fn log_keys(v: &serde_json::Value, what: &str) -> Result<Vec<LogKey>, Error> {
    let mut out = Vec::new();
    for (i, l) in v.as_array().into_iter().flatten().enumerate() {
        let field = |f: &str| format!("{what}[{i}].{f}");
        let raw = l["publicKey"]["rawBytes"]
            .as_str()
            .ok_or_else(|| err(format!("{} is missing", field("publicKey.rawBytes"))))?;
        let der = B64
            .decode(raw)
            .map_err(|e| err(format!("{}: {e}", field("publicKey.rawBytes"))))?;
        let key = PublicKey::from_spki_der(&der)
            .map_err(|e| err(format!("{}: {e}", field("publicKey"))))?;
        let key_id = match l["logId"]["keyId"].as_str() {
            Some(k) => B64
                .decode(k)
                .map_err(|e| err(format!("{}: {e}", field("logId.keyId"))))?,
            None => sha2::Sha256::digest(&der).to_vec(),
        };
        out.push(LogKey {
            key_id,
            key,
            start: time(&l["publicKey"]["validFor"]["start"])?,
            end: time(&l["publicKey"]["validFor"]["end"])?,
        });
    }
    Ok(out)
}

impl TrustedRoot {
    /// Parses a Sigstore trusted root (protobuf-specs `TrustedRoot` in its JSON form).
    pub fn from_json(bytes: &[u8]) -> Result<TrustedRoot, Error> {
        let v: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| err(format!("unable to parse trusted root: {e}")))?;
        let parse = || -> Result<TrustedRoot, Error> {
            let tlogs = log_keys(&v["tlogs"], "tlogs")?;
            let ctlogs = log_keys(&v["ctlogs"], "ctlogs")?;
            let mut authorities = Vec::new();
            for (i, a) in v["certificateAuthorities"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let mut chain = Vec::new();
                for c in a["certChain"]["certificates"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    let der = B64
                        .decode(c["rawBytes"].as_str().unwrap_or_default())
                        .map_err(|e| err(format!("certificateAuthorities[{i}]: {e}")))?;
                    x509_parser::parse_x509_certificate(&der).map_err(|e| {
                        err(format!(
                            "certificateAuthorities[{i}]: invalid certificate: {e}"
                        ))
                    })?;
                    chain.push(der);
                }
                if chain.is_empty() {
                    return Err(err(format!(
                        "certificateAuthorities[{i}] has no certificates"
                    )));
                }
                authorities.push(Authority {
                    chain,
                    start: time(&a["validFor"]["start"])?,
                    end: time(&a["validFor"]["end"])?,
                });
            }
            Ok(TrustedRoot {
                tlogs,
                ctlogs,
                authorities,
            })
        };
        let root = parse().map_err(|e| err(format!("unable to parse trusted root: {e}")))?;
        if root.tlogs.is_empty() {
            return Err(err(
                "unable to extract Rekor URL from trusted root: no transparency log entries found in trusted root",
            ));
        }
        Ok(root)
    }
}

/// One `matchOIDCIdentity` entry: regular expressions (unanchored, as Go's `MatchString`).
pub struct Identity {
    /// The OIDC issuer pattern.
    pub issuer: regex::Regex,
    /// The subject (SAN) pattern.
    pub subject: regex::Regex,
}

impl Identity {
    /// Compiles the issuer and subject patterns.
    pub fn new(issuer: &str, subject: &str) -> Result<Identity, Error> {
        let compile = |p: &str, what: &str| {
            regex::Regex::new(p)
                .map_err(|e| err(format!("malformed {what} in identity: {p} : {e}")))
        };
        Ok(Identity {
            issuer: compile(issuer, "issuer")?,
            subject: compile(subject, "subject")?,
        })
    }
}

/// What one signature layer carries.
pub struct Signature<'a> {
    /// The simple signing payload.
    pub payload: &'a [u8],
    /// `dev.cosignproject.cosign/signature` (base64).
    pub signature_b64: &'a str,
    /// `dev.sigstore.cosign/certificate` (PEM).
    pub certificate_pem: Option<&'a str>,
    /// `dev.sigstore.cosign/bundle` (JSON).
    pub bundle: Option<&'a str>,
}

fn pem_der(pem: &str) -> Result<Vec<u8>, Error> {
    let (_, p) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|e| err(format!("invalid certificate PEM: {e}")))?;
    Ok(p.contents)
}

fn to_time(t: x509_parser::time::ASN1Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or_default()
}

fn valid_at(c: &X509Certificate<'_>, t: DateTime<Utc>) -> bool {
    let v = c.validity();
    to_time(v.not_before) <= t && t <= to_time(v.not_after)
}

/// Verifies the Rekor bundle; returns its integrated time.
fn verify_bundle(
    root: &TrustedRoot,
    sig: &Signature<'_>,
    cert_der: &[u8],
) -> Result<DateTime<Utc>, Error> {
    let bundle = sig.bundle.ok_or_else(|| {
        err("no transparency log bundle on the signature (entries are not looked up online)")
    })?;
    let b: serde_json::Value =
        serde_json::from_str(bundle).map_err(|e| err(format!("error verifying bundle: {e}")))?;
    let p = &b["Payload"];
    let (Some(body), Some(integrated), Some(index), Some(log_id), Some(set)) = (
        p["body"].as_str(),
        p["integratedTime"].as_i64(),
        p["logIndex"].as_i64(),
        p["logID"].as_str(),
        b["SignedEntryTimestamp"].as_str(),
    ) else {
        return Err(err("error verifying bundle: incomplete bundle"));
    };
    let entry: serde_json::Value = B64
        .decode(body)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| err("error verifying bundle: the entry body is not base64 JSON"))?;
    if entry["kind"] != "hashedrekord" {
        return Err(err(format!(
            "error verifying bundle: unsupported entry kind {}",
            entry["kind"]
        )));
    }
    let spec = &entry["spec"];
    if spec["signature"]["content"].as_str() != Some(sig.signature_b64) {
        return Err(err(
            "error verifying bundle: signature in bundle does not match signature being verified",
        ));
    }
    let entry_cert = spec["signature"]["publicKey"]["content"]
        .as_str()
        .and_then(|c| B64.decode(c).ok())
        .and_then(|pem| String::from_utf8(pem).ok())
        .and_then(|pem| pem_der(&pem).ok());
    if entry_cert.as_deref() != Some(cert_der) {
        return Err(err(
            "error verifying bundle: comparing public key PEMs: the bundle names another certificate",
        ));
    }
    let payload_hash = hex::encode(sha2::Sha256::digest(sig.payload));
    let hash = &spec["data"]["hash"];
    if hash["algorithm"] != "sha256" {
        return Err(err(format!(
            "error verifying bundle: unexpected algorithm: {}",
            hash["algorithm"]
        )));
    }
    if hash["value"].as_str() != Some(payload_hash.as_str()) {
        return Err(err(format!(
            "error verifying bundle: matching bundle to payload: bundle={}, payload=\"{payload_hash}\"",
            hash["value"]
        )));
    }
    let when = DateTime::from_timestamp(integrated, 0).unwrap_or_default();
    let key = root
        .tlogs
        .iter()
        .find(|k| hex::encode(&k.key_id) == log_id)
        .ok_or_else(|| {
            err("error verifying bundle: verifying bundle with trusted root: rekor log public key not found for payload")
        })?;
    if key.start.is_none() {
        return Err(err(
            "error verifying bundle: verifying bundle with trusted root: rekor validity period start time not set",
        ));
    }
    if key.start.is_some_and(|s| s > when) || key.end.is_some_and(|e| e < when) {
        return Err(err("error verifying bundle: verifying bundle with trusted root: rekor log public key not valid at payload integrated time"));
    }
    // The SET signs the RFC 8785 canonical JSON of the payload: keys sorted, no spaces.
    let canonical = format!(
        "{{\"body\":{},\"integratedTime\":{integrated},\"logID\":{},\"logIndex\":{index}}}",
        serde_json::Value::from(body),
        serde_json::Value::from(log_id)
    );
    let set = B64
        .decode(set)
        .map_err(|e| err(format!("error verifying bundle: {e}")))?;
    if !key.key.verifies(canonical.as_bytes(), &set) {
        return Err(err(
            "error verifying bundle: verifying bundle with trusted root: unable to verify SET",
        ));
    }
    Ok(when)
}

/// Whether `parent` may have signed `child` (CA, key usage, names, signature).
fn issued_by(child: &X509Certificate<'_>, parent: &X509Certificate<'_>) -> bool {
    if child.issuer().as_raw() != parent.subject().as_raw() {
        return false;
    }
    if let Ok(Some(bc)) = parent.basic_constraints() {
        if !bc.value.ca {
            return false;
        }
    } else if parent.version().0 >= 2 {
        return false;
    }
    if let Ok(Some(ku)) = parent.key_usage() {
        if !ku.value.key_cert_sign() {
            return false;
        }
    }
    child.verify_signature(Some(parent.public_key())).is_ok()
}

fn allows_code_signing(c: &X509Certificate<'_>) -> bool {
    match c.extended_key_usage() {
        Ok(Some(eku)) => eku.value.any || eku.value.code_signing,
        Ok(None) => true,
        Err(_) => false,
    }
}

/// The chain of `leaf` to one of the root's authorities at `at`: [leaf, issuer, …, root].
fn chain_to_authority<'a>(
    root: &'a TrustedRoot,
    leaf: &X509Certificate<'_>,
    at: DateTime<Utc>,
) -> Result<Vec<&'a [u8]>, Error> {
    let failed = || err("leaf certificate verification failed");
    for ca in &root.authorities {
        if ca.start.is_some_and(|s| at < s) || ca.end.is_some_and(|e| at > e) {
            continue;
        }
        let parsed: Vec<X509Certificate<'_>> = ca
            .chain
            .iter()
            .filter_map(|d| x509_parser::parse_x509_certificate(d).ok().map(|(_, c)| c))
            .collect();
        if parsed.len() != ca.chain.len() || !valid_at(leaf, at) || !allows_code_signing(leaf) {
            continue;
        }
        // Walk up the authority's chain from the certificate that issued the leaf.
        let Some(start) = parsed.iter().position(|p| issued_by(leaf, p)) else {
            continue;
        };
        let mut ok = true;
        for i in start..parsed.len() {
            let c = &parsed[i];
            if !valid_at(c, at) || !allows_code_signing(c) {
                ok = false;
                break;
            }
            if i + 1 < parsed.len() && !issued_by(c, &parsed[i + 1]) {
                ok = false;
                break;
            }
        }
        // The last certificate must be a self-signed root.
        let last = &parsed[parsed.len() - 1];
        if ok && issued_by(last, last) {
            let mut out: Vec<&[u8]> = Vec::new();
            for d in &ca.chain[start..] {
                out.push(d.as_slice());
            }
            return Ok(out);
        }
    }
    Err(failed())
}

/// Reads one DER TLV: (tag, header length, content length).
fn tlv(data: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *data.first()?;
    let first = *data.get(1)? as usize;
    if first < 0x80 {
        return Some((tag, 2, first));
    }
    let n = first & 0x7f;
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | *data.get(2 + i)? as usize;
    }
    Some((tag, 2 + n, len))
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// Splits DER content into its top-level TLVs.
fn elements(mut data: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (_, h, l) = tlv(data)?;
        out.push(data.get(..h + l)?);
        data = &data[h + l..];
    }
    Some(out)
}

/// The TBS certificate with the embedded SCT list extension removed: what the CT log signed
/// (RFC 6962 §3.2, the precertificate's TBS).
fn tbs_without_scts(tbs: &[u8]) -> Option<Vec<u8>> {
    let (tag, h, l) = tlv(tbs)?;
    if tag != 0x30 {
        return None;
    }
    let mut fields = Vec::new();
    for f in elements(tbs.get(h..h + l)?)? {
        if f[0] != 0xa3 {
            fields.extend_from_slice(f);
            continue;
        }
        let (_, eh, el) = tlv(f)?;
        let seq = f.get(eh..eh + el)?;
        let (_, sh, sl) = tlv(seq)?;
        let mut kept = Vec::new();
        for ext in elements(seq.get(sh..sh + sl)?)? {
            let (_, xh, xl) = tlv(ext)?;
            let inner = ext.get(xh..xh + xl)?;
            let (otag, oh, ol) = tlv(inner)?;
            if otag == 0x06 && inner.get(oh..oh + ol)? == SCT_LIST_OID {
                continue;
            }
            kept.extend_from_slice(ext);
        }
        if !kept.is_empty() {
            fields.extend(der(0xa3, &der(0x30, &kept)));
        }
    }
    Some(der(0x30, &fields))
}

/// One SCT of an RFC 6962 `SignedCertificateTimestampList`.
struct Sct<'a> {
    log_id: &'a [u8],
    timestamp: u64,
    extensions: &'a [u8],
    signature: &'a [u8],
}

fn parse_scts(list: &[u8]) -> Option<Vec<Sct<'_>>> {
    let u16_at = |d: &[u8], i: usize| -> Option<usize> {
        Some(u16::from_be_bytes([*d.get(i)?, *d.get(i + 1)?]) as usize)
    };
    let total = u16_at(list, 0)?;
    let mut rest = list.get(2..2 + total)?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let n = u16_at(rest, 0)?;
        let s = rest.get(2..2 + n)?;
        rest = &rest[2 + n..];
        if *s.first()? != 0 {
            continue;
        }
        let log_id = s.get(1..33)?;
        let timestamp = u64::from_be_bytes(s.get(33..41)?.try_into().ok()?);
        let el = u16_at(s, 41)?;
        let extensions = s.get(43..43 + el)?;
        let at = 43 + el;
        let (hash, alg) = (*s.get(at)?, *s.get(at + 1)?);
        let sl = u16_at(s, at + 2)?;
        let signature = s.get(at + 4..at + 4 + sl)?;
        // SHA-256 with ECDSA is what Sigstore's CT logs sign with.
        if hash != 4 || alg != 3 {
            continue;
        }
        out.push(Sct {
            log_id,
            timestamp,
            extensions,
            signature,
        });
    }
    Some(out)
}

/// Checks that at least one embedded SCT verifies with a CT log of the root.
fn verify_scts(
    root: &TrustedRoot,
    leaf: &X509Certificate<'_>,
    issuer_der: &[u8],
) -> Result<(), Error> {
    let ext = leaf
        .extensions()
        .iter()
        .find(|e| e.oid.as_bytes() == SCT_LIST_OID)
        .ok_or_else(|| {
            err("certificate does not include required embedded SCT and no detached SCT was set")
        })?;
    // extnValue holds an OCTET STRING wrapping the TLS-encoded list.
    let (tag, h, l) = tlv(ext.value).ok_or_else(|| err("invalid SCT list"))?;
    let list = ext
        .value
        .get(h..h + l)
        .filter(|_| tag == 0x04)
        .ok_or_else(|| err("invalid SCT list"))?;
    let scts = parse_scts(list).ok_or_else(|| err("invalid SCT list"))?;
    let (_, issuer) =
        x509_parser::parse_x509_certificate(issuer_der).map_err(|_| err("invalid issuer"))?;
    let issuer_key_hash = sha2::Sha256::digest(issuer.public_key().raw);
    let tbs = tbs_without_scts(leaf.tbs_certificate.as_ref())
        .ok_or_else(|| err("invalid certificate: cannot remove the SCT list"))?;
    let mut verified = 0;
    for sct in scts {
        let Some(log) = root.ctlogs.iter().find(|k| k.key_id == sct.log_id) else {
            continue;
        };
        let when = DateTime::from_timestamp_millis(sct.timestamp as i64).unwrap_or_default();
        if log.start.is_some_and(|s| when < s) || log.end.is_some_and(|e| when > e) {
            continue;
        }
        let mut signed = vec![0u8, 0u8];
        signed.extend(sct.timestamp.to_be_bytes());
        signed.extend([0u8, 1u8]);
        signed.extend_from_slice(&issuer_key_hash);
        signed.extend(&(tbs.len() as u32).to_be_bytes()[1..]);
        signed.extend_from_slice(&tbs);
        signed.extend((sct.extensions.len() as u16).to_be_bytes());
        signed.extend_from_slice(sct.extensions);
        if log.key.verifies(&signed, sct.signature) {
            verified += 1;
        }
    }
    if verified < 1 {
        return Err(err(format!(
            "only able to verify {verified} SCT entries; unable to meet threshold of 1"
        )));
    }
    Ok(())
}

/// The OIDC issuer of a Fulcio certificate as cosign's certificate policy reads it: the raw
/// value of the original issuer extension (1.3.6.1.4.1.57264.1.1). Fulcio also writes the
/// DER-encoded 1.3.6.1.4.1.57264.1.8, which cosign v3's signature path does not consult, so a
/// certificate with only that one has no issuer here either.
fn oidc_issuer(c: &X509Certificate<'_>) -> String {
    c.extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == OIDC_ISSUER_V1)
        .map(|e| String::from_utf8_lossy(e.value).into_owned())
        .unwrap_or_default()
}

/// The subject alternative names cosign matches subjects against.
fn subjects(c: &X509Certificate<'_>) -> Vec<String> {
    use x509_parser::extensions::GeneralName;
    let mut out = Vec::new();
    if let Ok(Some(san)) = c.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                GeneralName::DNSName(s) | GeneralName::RFC822Name(s) | GeneralName::URI(s) => {
                    out.push(s.to_string())
                }
                GeneralName::IPAddress(b) => match b.len() {
                    4 => out.push(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()),
                    16 => {
                        let a: [u8; 16] = (*b).try_into().unwrap_or_default();
                        out.push(std::net::Ipv6Addr::from(a).to_string())
                    }
                    _ => {}
                },
                GeneralName::OtherName(_, v) => {
                    // Fulcio's OtherName SAN: an explicit [0] UTF8String.
                    if let Some((_, h, l)) = tlv(v) {
                        if let Some((0x0c, h2, l2)) = v.get(h..h + l).and_then(tlv) {
                            if let Some(s) = v.get(h + h2..h + h2 + l2) {
                                out.push(String::from_utf8_lossy(s).into_owned());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Verifies one keyless signature of `digest`; `Ok` when it counts.
pub fn verify(
    root: &TrustedRoot,
    identities: &[Identity],
    sig: &Signature<'_>,
    digest: &str,
) -> Result<(), Error> {
    let cert_pem = sig
        .certificate_pem
        .ok_or_else(|| err("no certificate found on signature"))?;
    let cert_der = pem_der(cert_pem)?;
    let integrated = verify_bundle(root, sig, &cert_der)?;
    let (_, leaf) = x509_parser::parse_x509_certificate(&cert_der)
        .map_err(|e| err(format!("invalid certificate found on signature: {e}")))?;
    let issued = to_time(leaf.validity().not_before);
    let chain = chain_to_authority(root, &leaf, issued)?;
    let issuer = oidc_issuer(&leaf);
    let sans = subjects(&leaf);
    if !identities.is_empty()
        && !identities
            .iter()
            .any(|i| i.issuer.is_match(&issuer) && sans.iter().any(|s| i.subject.is_match(s)))
    {
        return Err(err(format!(
            "none of the expected identities matched what was in the certificate, got subjects [{}] with issuer {issuer}",
            sans.join(", ")
        )));
    }
    verify_scts(root, &leaf, chain[0])?;
    let key = PublicKey::from_spki_der(leaf.public_key().raw)
        .map_err(|e| err(format!("invalid certificate found on signature: {e}")))?;
    let raw = B64
        .decode(sig.signature_b64)
        .map_err(|e| err(format!("invalid signature encoding: {e}")))?;
    if !key.verifies(sig.payload, &raw) {
        return Err(err(
            "invalid signature when validating ASN.1 encoded signature",
        ));
    }
    if !super::cosign::payload_names(sig.payload, digest) {
        return Err(err(format!(
            "invalid or missing digest in claim: the payload does not name {digest}"
        )));
    }
    // The certificate (and its issuers) must have been valid when the log integrated it.
    if !valid_at(&leaf, integrated) {
        return Err(err(format!(
            "checking expiry on certificate with bundle: certificate expired before signatures were entered in log: {} is not within {} - {}",
            integrated.to_rfc3339(),
            to_time(leaf.validity().not_before).to_rfc3339(),
            to_time(leaf.validity().not_after).to_rfc3339()
        )));
    }
    for d in &chain {
        if let Ok((_, c)) = x509_parser::parse_x509_certificate(d) {
            if !valid_at(&c, integrated) {
                return Err(err(
                    "checking expiry on certificate with bundle: an issuing certificate was not valid when the signature was entered in the log",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_the_sct_extension_keeps_every_other_byte() {
        // SEQUENCE { INTEGER 1, [3] { SEQUENCE { ext(basicConstraints), ext(SCT) } } }
        let bc = der(
            0x30,
            &[der(0x06, &[0x55, 0x1d, 0x13]), der(0x04, &[0x30, 0x00])].concat(),
        );
        let sct = der(
            0x30,
            &[der(0x06, SCT_LIST_OID), der(0x04, &[0x04, 0x00])].concat(),
        );
        let with = der(
            0x30,
            &[
                der(0x02, &[1]),
                der(0xa3, &der(0x30, &[bc.clone(), sct].concat())),
            ]
            .concat(),
        );
        let without = der(
            0x30,
            &[der(0x02, &[1]), der(0xa3, &der(0x30, &bc))].concat(),
        );
        assert_eq!(tbs_without_scts(&with).unwrap(), without);
        assert_eq!(tbs_without_scts(&without).unwrap(), without);
    }

    #[test]
    fn long_der_lengths_round_trip() {
        let content = vec![7u8; 300];
        let d = der(0x04, &content);
        assert_eq!(&d[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(tlv(&d), Some((0x04, 4, 300)));
    }

    #[test]
    fn trusted_roots_without_transparency_logs_are_refused() {
        let e = TrustedRoot::from_json(br#"{"tlogs":[],"certificateAuthorities":[]}"#)
            .err()
            .unwrap();
        assert!(e
            .0
            .contains("no transparency log entries found in trusted root"));
        let e = TrustedRoot::from_json(b"not json").err().unwrap();
        assert!(e.0.starts_with("unable to parse trusted root: "));
    }

    #[test]
    fn sct_lists_parse_and_skip_unknown_versions() {
        let mut sct = vec![0u8];
        sct.extend([9u8; 32]);
        sct.extend(5u64.to_be_bytes());
        sct.extend([0, 0, 4, 3, 0, 2, 0xaa, 0xbb]);
        let mut v2 = sct.clone();
        v2[0] = 1;
        let mut list = Vec::new();
        for s in [&sct, &v2] {
            list.extend((s.len() as u16).to_be_bytes());
            list.extend_from_slice(s);
        }
        let mut full = (list.len() as u16).to_be_bytes().to_vec();
        full.extend(list);
        let scts = parse_scts(&full).unwrap();
        assert_eq!(scts.len(), 1);
        assert_eq!(
            (scts[0].timestamp, scts[0].signature),
            (5, &[0xaa, 0xbb][..])
        );
    }
}
