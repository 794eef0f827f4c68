//! A local stand-in for Azure Blob Storage speaking the documented Blob REST API: List Blobs
//! (`restype=container&comp=list`, `prefix`, `marker` paging, `maxresults`) and Get Blob,
//! with Azure's XML errors and `x-ms-error-code`. Requests must carry `x-ms-date` and
//! `x-ms-version` and be authorised with Shared Key (the signature is recomputed here from the
//! documented string-to-sign) or the configured SAS token. Every request is recorded.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hmac::Mac;

/// One recorded request.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Path.
    pub path: String,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// How it was authorised: `SharedKey`, `SAS` or `none`.
    pub auth: String,
}

#[derive(Default)]
struct Inner {
    containers: BTreeMap<String, BTreeMap<String, (Vec<u8>, String)>>,
    requests: Vec<Recorded>,
    account: String,
    key: Vec<u8>,
    sas_sig: String,
    counter: u64,
}

type Shared = Arc<Mutex<Inner>>;

/// The running stand-in.
pub struct AzureStandIn {
    /// `127.0.0.1:<port>`.
    pub host: String,
    inner: Shared,
    task: tokio::task::JoinHandle<()>,
    /// The account key (base64), as a Secret's `accountKey` holds it.
    pub account_key: String,
    /// A SAS token (query string) the stand-in accepts.
    pub sas_token: String,
}

impl Drop for AzureStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn error(code: StatusCode, azure_code: &str, message: &str) -> Response {
    (
        code,
        [
            ("x-ms-error-code", azure_code.to_string()),
            ("content-type", "application/xml".to_string()),
        ],
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{azure_code}</Code><Message>{message}\nRequestId:1</Message></Error>"),
    )
        .into_response()
}

/// The documented Shared Key string-to-sign for a GET without body headers.
fn expected_signature(
    account: &str,
    key: &[u8],
    path: &str,
    q: &BTreeMap<String, Vec<String>>,
    h: &HeaderMap,
) -> String {
    let mut ms: Vec<(String, String)> = h
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("x-ms-"))
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                v.to_str().unwrap_or_default().trim().to_string(),
            )
        })
        .collect();
    ms.sort();
    let headers: String = ms.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let mut resource = format!("/{account}{path}");
    for (k, vs) in q {
        let mut vs = vs.clone();
        vs.sort();
        resource.push_str(&format!("\n{}:{}", k.to_lowercase(), vs.join(",")));
    }
    let to_sign = format!("GET\n\n\n\n\n\n\n\n\n\n\n\n{headers}{resource}");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

async fn handle(State(s): State<Shared>, RawQuery(raw): RawQuery, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let mut multi: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        multi
            .entry(k.into_owned())
            .or_default()
            .push(v.into_owned());
    }
    let q: BTreeMap<String, String> = multi
        .iter()
        .map(|(k, v)| (k.clone(), v[0].clone()))
        .collect();
    let mut i = s.lock().unwrap();
    let auth = if let Some(a) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        let want = format!(
            "SharedKey {}:{}",
            i.account,
            expected_signature(&i.account, &i.key, &path, &multi, &headers)
        );
        if a != want || headers.get("x-ms-date").is_none() || headers.get("x-ms-version").is_none()
        {
            i.requests.push(Recorded {
                path,
                query: q,
                auth: "bad".into(),
            });
            return error(
                StatusCode::FORBIDDEN,
                "AuthenticationFailed",
                "Server failed to authenticate the request.",
            );
        }
        "SharedKey"
    } else if q.get("sig") == Some(&i.sas_sig) {
        "SAS"
    } else {
        i.requests.push(Recorded {
            path,
            query: q,
            auth: "none".into(),
        });
        return error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request.",
        );
    };
    i.requests.push(Recorded {
        path: path.clone(),
        query: q.clone(),
        auth: auth.into(),
    });
    let decoded = percent_encoding::percent_decode_str(&path)
        .decode_utf8_lossy()
        .into_owned();
    let rest = decoded.trim_start_matches('/');
    let (container, blob) = match rest.split_once('/') {
        Some((c, b)) => (c.to_string(), Some(b.to_string())),
        None => (rest.to_string(), None),
    };
    let Some(blobs) = i.containers.get(&container) else {
        return error(
            StatusCode::NOT_FOUND,
            "ContainerNotFound",
            "The specified container does not exist.",
        );
    };
    match blob {
        Some(b) => match blobs.get(&b) {
            Some((data, etag)) => (
                StatusCode::OK,
                [("etag", format!("\"{etag}\""))],
                data.clone(),
            )
                .into_response(),
            None => error(
                StatusCode::NOT_FOUND,
                "BlobNotFound",
                "The specified blob does not exist.",
            ),
        },
        None => {
            if q.get("restype").map(String::as_str) != Some("container")
                || q.get("comp").map(String::as_str) != Some("list")
            {
                return error(
                    StatusCode::BAD_REQUEST,
                    "InvalidQueryParameterValue",
                    "unsupported",
                );
            }
            let prefix = q.get("prefix").cloned().unwrap_or_default();
            let max: usize = q
                .get("maxresults")
                .and_then(|m| m.parse().ok())
                .unwrap_or(2)
                .min(2);
            let start: usize = q.get("marker").and_then(|m| m.parse().ok()).unwrap_or(0);
            let all: Vec<_> = blobs
                .iter()
                .filter(|(n, _)| n.starts_with(&prefix))
                .collect();
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs>",
            );
            for (n, (data, etag)) in all.iter().skip(start).take(max) {
                xml.push_str(&format!(
                    "<Blob><Name>{n}</Name><Properties><Etag>{etag}</Etag><Content-Length>{}</Content-Length></Properties></Blob>",
                    data.len()
                ));
            }
            xml.push_str("</Blobs>");
            if start + max < all.len() {
                xml.push_str(&format!("<NextMarker>{}</NextMarker>", start + max));
            } else {
                xml.push_str("<NextMarker/>");
            }
            xml.push_str("</EnumerationResults>");
            (StatusCode::OK, [("content-type", "application/xml")], xml).into_response()
        }
    }
}

impl AzureStandIn {
    /// Starts the stand-in for storage account `account`.
    pub async fn start(account: &str) -> AzureStandIn {
        let key = b"flux-rs-test-account-key-32bytes".to_vec();
        let account_key = base64::engine::general_purpose::STANDARD.encode(&key);
        let sas_sig = "c2FzLXNpZ25hdHVyZQ==".to_string();
        let inner: Shared = Arc::new(Mutex::new(Inner {
            account: account.to_string(),
            key,
            sas_sig: sas_sig.clone(),
            ..Default::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let sas_token = format!(
            "sv=2025-01-05&ss=b&srt=co&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig={}",
            percent_encoding::utf8_percent_encode(&sas_sig, percent_encoding::NON_ALPHANUMERIC)
        );
        AzureStandIn {
            host,
            inner,
            task,
            account_key,
            sas_token,
        }
    }

    /// Adds a blob with a fresh etag.
    pub fn put(&self, container: &str, name: &str, data: &str) {
        let mut i = self.inner.lock().unwrap();
        i.counter += 1;
        let etag = format!("0x8DD{:013X}", i.counter);
        i.containers
            .entry(container.to_string())
            .or_default()
            .insert(name.to_string(), (data.as_bytes().to_vec(), etag));
    }

    /// A blob's etag (as listings show it, without quotes).
    pub fn etag(&self, container: &str, name: &str) -> String {
        self.inner.lock().unwrap().containers[container][name]
            .1
            .clone()
    }

    /// The requests so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }
}
