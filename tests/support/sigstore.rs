//! A private Sigstore for keyless cosign tests, all on loopback: a certificate authority in
//! Fulcio's shape (root + intermediate; leaf certificates for an OIDC issuer and subject, with
//! Fulcio's issuer extensions, code-signing usage and an embedded SCT signed by a CT log key,
//! computed over the precertificate as RFC 6962 says), a stand-in for Rekor's documented REST
//! API (`POST /api/v1/log/entries` answers with the entry, its integrated time and a signed
//! entry timestamp from its own key; a real Rekor needs Trillian and MySQL), and the
//! `trusted_root.json` naming all three. The real cosign CLI signs with a leaf's key and
//! certificate and uploads to the stand-in, so signatures carry a genuine cosign bundle.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine;
use rcgen::{PublicKeyData, SigningKey};
use sha2::Digest;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn p256() -> rcgen::KeyPair {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

/// DER length + tag.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

struct Rekor {
    key: rcgen::KeyPair,
    index: i64,
    entries: Vec<serde_json::Value>,
}

/// The private Sigstore.
pub struct Sigstore {
    root_der: Vec<u8>,
    intermediate_der: Vec<u8>,
    intermediate: rcgen::Issuer<'static, rcgen::KeyPair>,
    ct_key: rcgen::KeyPair,
    rekor: Arc<Mutex<Rekor>>,
    rekor_spki: Vec<u8>,
    /// The Rekor stand-in's URL.
    pub rekor_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Sigstore {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn create_entry(
    axum::extract::State(s): axum::extract::State<Arc<Mutex<Rekor>>>,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Ok(entry) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (axum::http::StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    if entry["kind"] != "hashedrekord" {
        return (axum::http::StatusCode::BAD_REQUEST, "unsupported kind").into_response();
    }
    let mut r = s.lock().unwrap();
    let body_b64 = B64.encode(serde_json::to_vec(&entry).unwrap());
    let log_id = hex::encode(sha2::Sha256::digest(r.key.subject_public_key_info()));
    let integrated = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let index = r.index;
    r.index += 1;
    // The SET: the key's signature over the canonical JSON of the entry's payload.
    let canonical = format!(
        "{{\"body\":\"{body_b64}\",\"integratedTime\":{integrated},\"logID\":\"{log_id}\",\"logIndex\":{index}}}"
    );
    let set = r.key.sign(canonical.as_bytes()).unwrap();
    r.entries.push(entry);
    let uuid = hex::encode(sha2::Sha256::digest(body_b64.as_bytes()));
    let answer = serde_json::json!({ uuid.clone(): {
        "body": body_b64, "integratedTime": integrated, "logID": log_id, "logIndex": index,
        "verification": {"signedEntryTimestamp": B64.encode(set)}}});
    (
        axum::http::StatusCode::CREATED,
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/json".to_string(),
            ),
            (
                axum::http::header::LOCATION,
                format!("/api/v1/log/entries/{uuid}"),
            ),
        ],
        answer.to_string(),
    )
        .into_response()
}

/// A leaf identity: its cosign key pair (imported), certificate and chain files.
pub struct Leaf {
    /// `cosign.key` (encrypted with the tests' `COSIGN_PASSWORD`).
    pub key: PathBuf,
    /// The leaf certificate (PEM).
    pub cert: PathBuf,
    /// Intermediate + root (PEM).
    pub chain: PathBuf,
}

impl Sigstore {
    /// Creates the keys and certificates and starts the Rekor stand-in.
    pub async fn start() -> Sigstore {
        let root_key = p256();
        let mut root = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        root.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        root.distinguished_name
            .push(rcgen::DnType::CommonName, "flux-rs test sigstore root");
        root.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let root_cert = root.self_signed(&root_key).unwrap();
        let root_issuer = rcgen::Issuer::new(root, root_key);
        let int_key = p256();
        let mut int = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        int.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Constrained(0));
        int.distinguished_name.push(
            rcgen::DnType::CommonName,
            "flux-rs test sigstore intermediate",
        );
        int.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let int_cert = int.signed_by(&int_key, &root_issuer).unwrap();
        let rekor_key = p256();
        let rekor_spki = rekor_key.subject_public_key_info();
        let rekor = Arc::new(Mutex::new(Rekor {
            key: rekor_key,
            index: 0,
            entries: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let rekor_url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/api/v1/log/entries", axum::routing::post(create_entry))
            .with_state(rekor.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Sigstore {
            root_der: root_cert.der().to_vec(),
            intermediate_der: int_cert.der().to_vec(),
            intermediate: rcgen::Issuer::new(int, int_key),
            ct_key: p256(),
            rekor,
            rekor_spki,
            rekor_url,
            task,
        }
    }

    /// The entries the Rekor stand-in logged.
    pub fn entries(&self) -> Vec<serde_json::Value> {
        self.rekor.lock().unwrap().entries.clone()
    }

    /// `trusted_root.json` for this Sigstore (Rekor, CA, CT log).
    pub fn trusted_root(&self) -> String {
        let key = |spki: &[u8], url: &str| {
            serde_json::json!({"baseUrl": url, "hashAlgorithm": "SHA2_256",
                "publicKey": {"rawBytes": B64.encode(spki), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                              "validFor": {"start": "2020-01-01T00:00:00Z"}},
                "logId": {"keyId": B64.encode(sha2::Sha256::digest(spki))}})
        };
        serde_json::json!({
            "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [key(&self.rekor_spki, &self.rekor_url)],
            "certificateAuthorities": [{
                "subject": {"organization": "flux-rs", "commonName": "test fulcio"},
                "uri": "https://fulcio.flux-rs.test",
                "certChain": {"certificates": [
                    {"rawBytes": B64.encode(&self.intermediate_der)},
                    {"rawBytes": B64.encode(&self.root_der)}]},
                "validFor": {"start": "2020-01-01T00:00:00Z"}}],
            "ctlogs": [key(&self.ct_key.subject_public_key_info(), "https://ctfe.flux-rs.test")],
            "timestampAuthorities": []
        })
        .to_string()
    }

    /// Issues a Fulcio-style certificate for `subject` (a URI or an email) from `issuer` and
    /// imports its key for cosign into `dir`.
    pub fn leaf(&self, dir: &Path, issuer: &str, subject: &str) -> Leaf {
        std::fs::create_dir_all(dir).unwrap();
        let key = p256();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.subject_alt_names = vec![if subject.contains("://") {
            rcgen::SanType::URI(subject.try_into().unwrap())
        } else {
            rcgen::SanType::Rfc822Name(subject.try_into().unwrap())
        }];
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::CodeSigning];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::minutes(5);
        params.not_after = now + time::Duration::hours(1);
        params.serial_number = Some(rcgen::SerialNumber::from(vec![0x42, 0x17, 0x01]));
        // Fulcio writes the issuer twice: raw (1.1, what cosign's policy reads) and DER (1.8).
        params
            .custom_extensions
            .push(rcgen::CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 4, 1, 57264, 1, 1],
                issuer.as_bytes().to_vec(),
            ));
        params
            .custom_extensions
            .push(rcgen::CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 4, 1, 57264, 1, 8],
                der(0x0c, issuer.as_bytes()),
            ));
        // The precertificate: everything but the SCT list, whose TBS the CT log signs.
        let pre = params.signed_by(&key, &self.intermediate).unwrap();
        let (_, pre_parsed) = x509_parser::parse_x509_certificate(pre.der()).unwrap();
        let tbs = pre_parsed.tbs_certificate.as_ref().to_vec();
        let issuer_key_hash =
            sha2::Sha256::digest(self.intermediate.key().subject_public_key_info());
        let timestamp = now.unix_timestamp() as u64 * 1000;
        let mut signed = vec![0u8, 0u8];
        signed.extend(timestamp.to_be_bytes());
        signed.extend([0u8, 1u8]);
        signed.extend_from_slice(&issuer_key_hash);
        signed.extend(&(tbs.len() as u32).to_be_bytes()[1..]);
        signed.extend_from_slice(&tbs);
        signed.extend([0u8, 0u8]);
        let sig = self.ct_key.sign(&signed).unwrap();
        let mut sct = vec![0u8];
        sct.extend(sha2::Sha256::digest(self.ct_key.subject_public_key_info()));
        sct.extend(timestamp.to_be_bytes());
        sct.extend([0u8, 0u8, 4, 3]);
        sct.extend((sig.len() as u16).to_be_bytes());
        sct.extend(sig);
        let mut list = (sct.len() as u16 + 2).to_be_bytes().to_vec();
        list.extend((sct.len() as u16).to_be_bytes());
        list.extend(sct);
        params
            .custom_extensions
            .push(rcgen::CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2],
                der(0x04, &list),
            ));
        let cert = params.signed_by(&key, &self.intermediate).unwrap();
        let pem_of = |d: &[u8]| {
            format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                B64.encode(d)
                    .as_bytes()
                    .chunks(64)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        };
        let cert_path = dir.join("cert.pem");
        std::fs::write(&cert_path, pem_of(cert.der())).unwrap();
        let chain = dir.join("chain.pem");
        std::fs::write(
            &chain,
            format!(
                "{}{}",
                pem_of(&self.intermediate_der),
                pem_of(&self.root_der)
            ),
        )
        .unwrap();
        let plain = dir.join("leaf.pem");
        std::fs::write(&plain, key.serialize_pem()).unwrap();
        super::cosign::import_key_pair(dir, &plain);
        Leaf {
            key: dir.join("import-cosign.key"),
            cert: cert_path,
            chain,
        }
    }

    /// Signs `reference` with the real cosign CLI as `leaf`, uploading to the Rekor stand-in.
    pub fn sign(&self, dir: &Path, leaf: &Leaf, reference: &str) {
        super::cosign::sign_keyless(dir, leaf, &self.rekor_url, reference);
    }
}
