//! A local stand-in for Google Cloud Storage speaking the documented JSON API (bucket
//! metadata, paginated object listing with `prefix`/`pageToken`, `alt=media` downloads) and
//! the OAuth 2.0 token endpoint a service account key names (JWT bearer grant; the RS256
//! assertion is verified with the key's public half). Storage requests need the issued bearer
//! token. Every request is recorded so tests assert exactly what was asked. Loopback only.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The token the stand-in issues.
pub const TOKEN: &str = "gcs-standin-token-1";
/// The token issued for the cloud-platform scope.
pub const PLATFORM_TOKEN: &str = "gcp-platform-token-1";

/// One recorded request: method, path, query, `Authorization` header.
#[derive(Clone, Debug)]
pub struct Request {
    /// `GET`, `POST`.
    pub method: String,
    /// The path.
    pub path: String,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
}

#[derive(Default)]
struct Inner {
    /// bucket -> object name -> (content, etag)
    buckets: BTreeMap<String, BTreeMap<String, (Vec<u8>, String)>>,
    requests: Vec<Request>,
    public_pem: String,
    client_email: String,
}

type Shared = Arc<Mutex<Inner>>;

/// The running stand-in.
pub struct GcsStandIn {
    /// `127.0.0.1:<port>`.
    pub host: String,
    inner: Shared,
    task: tokio::task::JoinHandle<()>,
    /// The service account key JSON (its `token_uri` points here).
    pub key_json: String,
}

impl Drop for GcsStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A 2048-bit RSA key pair from the openssl CLI: (private PKCS#8 PEM, public SPKI PEM).
pub fn rsa_pair() -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        key.to_str().unwrap(),
    ]);
    let public = run(&["pkey", "-in", key.to_str().unwrap(), "-pubout"]);
    (
        std::fs::read_to_string(&key).unwrap(),
        String::from_utf8(public).unwrap(),
    )
}

fn record(s: &Shared, method: &str, path: &str, q: &BTreeMap<String, String>, h: &HeaderMap) {
    s.lock().unwrap().requests.push(Request {
        method: method.into(),
        path: path.into(),
        query: q.clone(),
        authorization: h
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(String::from),
    });
}

fn authorized(h: &HeaderMap) -> bool {
    h.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {TOKEN}"))
}

fn json(code: StatusCode, v: serde_json::Value) -> Response {
    (
        code,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(&v).unwrap(),
    )
        .into_response()
}

fn google_error(code: StatusCode, message: &str) -> Response {
    json(
        code,
        serde_json::json!({"error": {"code": code.as_u16(), "message": message}}),
    )
}

fn query(raw: Option<String>) -> BTreeMap<String, String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

async fn token(State(s): State<Shared>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let form: BTreeMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    record(&s, "POST", "/token", &BTreeMap::new(), &headers);
    if form.get("grant_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    {
        return json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({"error": "unsupported_grant_type"}),
        );
    }
    let (public, email) = {
        let i = s.lock().unwrap();
        (i.public_pem.clone(), i.client_email.clone())
    };
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(public.as_bytes()).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_issuer(&[email]);
    v.validate_aud = false;
    let assertion = form.get("assertion").cloned().unwrap_or_default();
    match jsonwebtoken::decode::<serde_json::Value>(&assertion, &key, &v) {
        // Storage read access (Buckets), or the cloud platform (registry logins).
        Ok(t)
            if t.claims["aud"]
                .as_str()
                .is_some_and(|a| a.ends_with("/token")) =>
        {
            let token = match t.claims["scope"].as_str() {
                Some("https://www.googleapis.com/auth/devstorage.read_only") => TOKEN,
                Some("https://www.googleapis.com/auth/cloud-platform") => PLATFORM_TOKEN,
                _ => {
                    return json(
                        StatusCode::BAD_REQUEST,
                        serde_json::json!({"error": "invalid_scope"}),
                    )
                }
            };
            json(
                StatusCode::OK,
                serde_json::json!({"access_token": token, "expires_in": 3600, "token_type": "Bearer"}),
            )
        }
        _ => json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({"error": "invalid_grant"}),
        ),
    }
}

async fn bucket(
    State(s): State<Shared>,
    Path(b): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = query(raw);
    record(&s, "GET", &format!("/storage/v1/b/{b}"), &q, &headers);
    if !authorized(&headers) {
        return google_error(StatusCode::UNAUTHORIZED, "Invalid Credentials");
    }
    if s.lock().unwrap().buckets.contains_key(&b) {
        json(
            StatusCode::OK,
            serde_json::json!({"kind": "storage#bucket", "name": b}),
        )
    } else {
        google_error(
            StatusCode::NOT_FOUND,
            "The specified bucket does not exist.",
        )
    }
}

/// Two items per page, so listings paginate.
async fn objects(
    State(s): State<Shared>,
    Path(b): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = query(raw);
    record(&s, "GET", &format!("/storage/v1/b/{b}/o"), &q, &headers);
    if !authorized(&headers) {
        return google_error(StatusCode::UNAUTHORIZED, "Invalid Credentials");
    }
    let i = s.lock().unwrap();
    let Some(objs) = i.buckets.get(&b) else {
        return google_error(
            StatusCode::NOT_FOUND,
            "The specified bucket does not exist.",
        );
    };
    let prefix = q.get("prefix").cloned().unwrap_or_default();
    let start: usize = q.get("pageToken").and_then(|t| t.parse().ok()).unwrap_or(0);
    let all: Vec<(&String, &(Vec<u8>, String))> = objs
        .iter()
        .filter(|(n, _)| n.starts_with(&prefix))
        .collect();
    let page: Vec<serde_json::Value> = all
        .iter()
        .skip(start)
        .take(2)
        .map(|(n, (data, etag))| {
            serde_json::json!({"kind": "storage#object", "name": n, "bucket": b, "etag": etag,
                "generation": "1", "size": data.len().to_string()})
        })
        .collect();
    let mut doc = serde_json::json!({"kind": "storage#objects", "items": page});
    if start + 2 < all.len() {
        doc["nextPageToken"] = serde_json::json!((start + 2).to_string());
    }
    json(StatusCode::OK, doc)
}

async fn object(
    State(s): State<Shared>,
    Path((b, o)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = query(raw);
    record(&s, "GET", &format!("/storage/v1/b/{b}/o/{o}"), &q, &headers);
    if !authorized(&headers) {
        return google_error(StatusCode::UNAUTHORIZED, "Invalid Credentials");
    }
    if q.get("alt").map(String::as_str) != Some("media") {
        return google_error(StatusCode::BAD_REQUEST, "only alt=media is served here");
    }
    let i = s.lock().unwrap();
    match i.buckets.get(&b).and_then(|objs| objs.get(&o)) {
        Some((data, _)) => data.clone().into_response(),
        None => google_error(StatusCode::NOT_FOUND, "No such object"),
    }
}

impl GcsStandIn {
    /// Starts the stand-in with a fresh service account key.
    pub async fn start() -> GcsStandIn {
        let (private, public) = rsa_pair();
        let email = "flux-reader@test-project.iam.gserviceaccount.com".to_string();
        let inner: Shared = Arc::new(Mutex::new(Inner {
            public_pem: public,
            client_email: email.clone(),
            ..Default::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let app = axum::Router::new()
            .route("/token", axum::routing::post(token))
            .route("/storage/v1/b/{b}", axum::routing::get(bucket))
            .route("/storage/v1/b/{b}/o", axum::routing::get(objects))
            .route("/storage/v1/b/{b}/o/{*o}", axum::routing::get(object))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let key_json = serde_json::json!({
            "type": "service_account",
            "project_id": "test-project",
            "private_key_id": "k1",
            "private_key": private,
            "client_email": email,
            "token_uri": format!("http://{host}/token"),
        })
        .to_string();
        GcsStandIn {
            host,
            inner,
            task,
            key_json,
        }
    }

    /// Adds an object (its etag is derived from the content, like GCS's opaque etags).
    pub fn put(&self, bucket: &str, name: &str, data: &str) {
        use base64::Engine;
        use sha2::Digest;
        let etag = base64::engine::general_purpose::STANDARD
            .encode(&sha2::Sha256::digest(data.as_bytes())[..10]);
        self.inner
            .lock()
            .unwrap()
            .buckets
            .entry(bucket.to_string())
            .or_default()
            .insert(name.to_string(), (data.as_bytes().to_vec(), etag));
    }

    /// The etag of an object.
    pub fn etag(&self, bucket: &str, name: &str) -> String {
        self.inner.lock().unwrap().buckets[bucket][name].1.clone()
    }

    /// What was received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.inner.lock().unwrap().requests.clone()
    }
}
