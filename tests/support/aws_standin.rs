//! A local stand-in for the AWS identity endpoints a controller meets: the EC2 instance
//! metadata service (IMDSv2: `PUT /latest/api/token`, then the instance profile's role and its
//! credentials under `/latest/meta-data/iam/security-credentials/`, each needing the session
//! token header) and STS `AssumeRoleWithWebIdentity` (form POST, XML answer as documented).
//! Both hand out the credentials the test gives it (temporary MinIO keys in the Bucket tests,
//! so the S3 server checks the session token for real). Every request is recorded. Loopback.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The IMDS session token the stand-in issues.
pub const IMDS_TOKEN: &str = "imds-standin-token";
/// The instance profile's role name.
pub const INSTANCE_ROLE: &str = "flux-node-role";

/// One recorded request.
#[derive(Clone, Debug)]
pub struct Request {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// The form fields of STS calls.
    pub form: BTreeMap<String, String>,
}

struct Inner {
    creds: (String, String, String),
    requests: Vec<Request>,
}

type Shared = Arc<Mutex<Inner>>;

/// The running stand-in.
pub struct AwsStandIn {
    /// `http://127.0.0.1:<port>` (IMDS base and STS endpoint).
    pub url: String,
    inner: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for AwsStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn record(s: &Shared, method: &str, path: &str, form: BTreeMap<String, String>) {
    s.lock().unwrap().requests.push(Request {
        method: method.into(),
        path: path.into(),
        form,
    });
}

fn imds_ok(h: &HeaderMap) -> bool {
    h.get("x-aws-ec2-metadata-token")
        .and_then(|v| v.to_str().ok())
        == Some(IMDS_TOKEN)
}

async fn imds_token(State(s): State<Shared>, h: HeaderMap) -> Response {
    record(&s, "PUT", "/latest/api/token", BTreeMap::new());
    if h.get("x-aws-ec2-metadata-token-ttl-seconds").is_none() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    IMDS_TOKEN.into_response()
}

async fn imds_roles(State(s): State<Shared>, h: HeaderMap) -> Response {
    record(
        &s,
        "GET",
        "/latest/meta-data/iam/security-credentials/",
        BTreeMap::new(),
    );
    if !imds_ok(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    format!("{INSTANCE_ROLE}\n").into_response()
}

async fn imds_role(State(s): State<Shared>, Path(role): Path<String>, h: HeaderMap) -> Response {
    record(
        &s,
        "GET",
        &format!("/latest/meta-data/iam/security-credentials/{role}"),
        BTreeMap::new(),
    );
    if !imds_ok(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if role != INSTANCE_ROLE {
        return StatusCode::NOT_FOUND.into_response();
    }
    let (k, sk, t) = s.lock().unwrap().creds.clone();
    let body = serde_json::json!({
        "Code": "Success",
        "LastUpdated": "2026-12-03T00:00:00Z",
        "Type": "AWS-HMAC",
        "AccessKeyId": k,
        "SecretAccessKey": sk,
        "Token": t,
        "Expiration": "2099-01-01T00:00:00Z",
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn sts(State(s): State<Shared>, body: axum::body::Bytes) -> Response {
    let form: BTreeMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    record(&s, "POST", "/", form.clone());
    let xml = |code: StatusCode, body: String| {
        (code, [(axum::http::header::CONTENT_TYPE, "text/xml")], body).into_response()
    };
    let error = |code: &str, message: &str| {
        xml(
            StatusCode::BAD_REQUEST,
            format!(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
                 <Code>{code}</Code><Message>{message}</Message></Error><RequestId>r1</RequestId></ErrorResponse>"
            ),
        )
    };
    if form.get("Action").map(String::as_str) != Some("AssumeRoleWithWebIdentity")
        || form.get("Version").map(String::as_str) != Some("2011-06-15")
    {
        return error("InvalidAction", "unsupported action");
    }
    let token = form.get("WebIdentityToken").cloned().unwrap_or_default();
    if token.split('.').count() != 3 {
        return error(
            "InvalidIdentityToken",
            "the web identity token is not a JWT",
        );
    }
    if !form
        .get("RoleArn")
        .is_some_and(|a| a.starts_with("arn:aws:iam::"))
    {
        return error(
            "AccessDenied",
            "not authorized to perform sts:AssumeRoleWithWebIdentity",
        );
    }
    let (k, sk, t) = s.lock().unwrap().creds.clone();
    xml(
        StatusCode::OK,
        format!(
            "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <AssumeRoleWithWebIdentityResult>\
             <SubjectFromWebIdentityToken>system:serviceaccount</SubjectFromWebIdentityToken>\
             <Audience>sts.amazonaws.com</Audience>\
             <AssumedRoleUser><Arn>{arn}/{session}</Arn><AssumedRoleId>AROA:{session}</AssumedRoleId></AssumedRoleUser>\
             <Credentials><SessionToken>{t}</SessionToken><SecretAccessKey>{sk}</SecretAccessKey>\
             <Expiration>2099-01-01T00:00:00Z</Expiration><AccessKeyId>{k}</AccessKeyId></Credentials>\
             <Provider>kubernetes</Provider>\
             </AssumeRoleWithWebIdentityResult>\
             <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>\
             </AssumeRoleWithWebIdentityResponse>",
            arn = form["RoleArn"],
            session = form.get("RoleSessionName").cloned().unwrap_or_default(),
        ),
    )
}

impl AwsStandIn {
    /// Starts the stand-in handing out (access key, secret key, session token).
    pub async fn start(creds: (String, String, String)) -> AwsStandIn {
        let inner: Shared = Arc::new(Mutex::new(Inner {
            creds,
            requests: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/latest/api/token", axum::routing::put(imds_token))
            .route(
                "/latest/meta-data/iam/security-credentials/",
                axum::routing::get(imds_roles),
            )
            .route(
                "/latest/meta-data/iam/security-credentials/{role}",
                axum::routing::get(imds_role),
            )
            .route("/", axum::routing::post(sts))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        AwsStandIn { url, inner, task }
    }

    /// The requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.inner.lock().unwrap().requests.clone()
    }
}
