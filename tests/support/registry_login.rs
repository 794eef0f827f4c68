//! Local stand-ins for the cloud side of registry logins, speaking the documented APIs: the
//! GCE metadata server's token endpoint (`Metadata-Flavor: Google`), Microsoft Entra's token
//! endpoint (client credentials, for ACR and Azure DevOps) and ACR's `/oauth2/exchange`, and ECR's
//! `GetAuthorizationToken` (JSON 1.1; the SigV4 signature is recomputed from the known keys and
//! must match). In front of a real distribution registry it plays the cloud registries' auth:
//! a request for ACR, ECR or Artifact Registry host names must carry that cloud's Basic
//! credentials (user and the token handed out here), and is then forwarded to the registry
//! with the registry's own credentials. Every login is recorded. Loopback only.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;

/// The ACR host name.
pub const ACR_HOST: &str = "fluxrs.azurecr.io";
/// The ECR host name (account 123456789012, us-east-1).
pub const ECR_HOST: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
/// The Artifact Registry host name.
pub const GAR_HOST: &str = "europe-docker.pkg.dev";
/// The Entra tenant, client and secret the controller's environment names.
pub const AZURE_TENANT: &str = "tenant-1";
pub const AZURE_CLIENT: &str = "client-1";
pub const AZURE_SECRET: &str = "client-s3cret";
/// The AWS keys the controller's environment holds.
pub const AWS_KEY: &str = "AKIDSTANDIN";
pub const AWS_SECRET: &str = "aws-standin-secret";

/// The workload identity client a ServiceAccount names.
pub const AZURE_SA_CLIENT: &str = "sa-client-1";
/// The IAM role a ServiceAccount names.
pub const AWS_ROLE: &str = "arn:aws:iam::123456789012:role/flux-images";

/// The `aud` of a JWT (its payload read, not verified: the API server issued it).
fn audience_of(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    match &v["aud"] {
        serde_json::Value::Array(a) => a
            .first()
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string(),
        x => x.as_str().unwrap_or_default().to_string(),
    }
}

/// The GKE cluster the metadata server describes, and the Google service account a
/// ServiceAccount impersonates.
pub const GKE_PROJECT: &str = "flux-project";
const GKE_LOCATION: &str = "europe-west1";
const GKE_CLUSTER: &str = "fleet";
pub const GCP_SA: &str = "images@flux-project.iam.gserviceaccount.com";
/// The Google API hosts reached through the proxy.
pub const GOOGLE_HOSTS: [&str; 2] = ["sts.googleapis.com", "iamcredentials.googleapis.com"];

const ENTRA_TOKEN: &str = "entra-token-1";
/// The Azure DevOps scope and the token issued for it (a Git server's bearer token).
const DEVOPS_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/.default";
pub const DEVOPS_TOKEN: &str = "devops-token-1";
const ACR_REFRESH: &str = "acr-refresh-1";
const GCP_TOKEN: &str = "gcp-token-1";
const ECR_PASSWORD: &str = "ecr-password-1";

/// The running stand-in (plain HTTP on 127.0.0.1; put a TLS front with the cloud host names
/// before it for the registry part).
pub struct RegistryLogins {
    /// The port.
    pub port: u16,
    /// What was asked: "entra", "acr-exchange", "gce-token", "ecr-token", and `<host> ok` for
    /// each forwarded registry request.
    pub log: Arc<Mutex<Vec<String>>>,
    _task: tokio::task::JoinHandle<()>,
}

fn reply(code: u16, body: serde_json::Value) -> Response {
    (
        StatusCode::from_u16(code).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn form(body: &[u8]) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

impl RegistryLogins {
    /// Starts it in front of the registry at `registry` (`127.0.0.1:port`), which accepts
    /// `registry_creds`.
    pub async fn start(registry: &str, registry_creds: (&str, &str)) -> RegistryLogins {
        let log: Arc<Mutex<Vec<String>>> = Default::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (registry, creds) = (
            registry.to_string(),
            format!("{}:{}", registry_creds.0, registry_creds.1),
        );
        let http = reqwest::Client::new();
        let l = log.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (log, registry, creds, http) = (l.clone(), registry.clone(), creds.clone(), http.clone());
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 26).await.unwrap_or_default();
                let path = parts.uri.path().to_string();
                let host = parts
                    .headers
                    .get("host")
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or_default()
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let method = parts.method.as_str().to_string();
                if method == "GET" && path == "/computeMetadata/v1/instance/service-accounts/default/token" {
                    if parts.headers.get("metadata-flavor").and_then(|v| v.to_str().ok()) != Some("Google") {
                        return reply(403, serde_json::json!({"error": "missing Metadata-Flavor"}));
                    }
                    log.lock().unwrap().push("gce-token".into());
                    return reply(200, serde_json::json!({"access_token": GCP_TOKEN, "expires_in": 3599, "token_type": "Bearer"}));
                }
                // GKE's metadata and Google's STS and IAM Credentials, for a ServiceAccount.
                if method == "GET" && path.starts_with("/computeMetadata/v1/") && !path.ends_with("/token") {
                    let value = match path.trim_start_matches("/computeMetadata/v1/") {
                        "project/project-id" => GKE_PROJECT,
                        "instance/attributes/cluster-location" => GKE_LOCATION,
                        "instance/attributes/cluster-name" => GKE_CLUSTER,
                        _ => return reply(404, serde_json::json!({})),
                    };
                    return (StatusCode::OK, value).into_response();
                }
                if method == "POST" && host == "sts.googleapis.com" && path == "/v1/token" {
                    let f = form(&body);
                    let want = format!("identitynamespace:{GKE_PROJECT}.svc.id.goog:https://container.googleapis.com/v1/projects/{GKE_PROJECT}/locations/{GKE_LOCATION}/clusters/{GKE_CLUSTER}");
                    let ok = f.get("grant_type").map(String::as_str) == Some("urn:ietf:params:oauth:grant-type:token-exchange")
                        && f.get("audience") == Some(&want)
                        && f.get("subject_token_type").map(String::as_str) == Some("urn:ietf:params:oauth:token-type:jwt")
                        && f.get("subject_token").is_some_and(|t| audience_of(t) == format!("{GKE_PROJECT}.svc.id.goog"));
                    if !ok {
                        return reply(400, serde_json::json!({"error": "invalid_grant"}));
                    }
                    log.lock().unwrap().push("google-sts".into());
                    return reply(200, serde_json::json!({"access_token": "federated-1", "token_type": "Bearer", "expires_in": 3600,
                        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token"}));
                }
                if method == "POST" && host == "iamcredentials.googleapis.com"
                    && path == format!("/v1/projects/-/serviceAccounts/{GCP_SA}:generateAccessToken")
                {
                    if parts.headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer federated-1") {
                        return reply(401, serde_json::json!({"error": {"message": "unauthenticated"}}));
                    }
                    log.lock().unwrap().push("google-impersonation".into());
                    return reply(200, serde_json::json!({"accessToken": GCP_TOKEN, "expireTime": "2099-01-01T00:00:00Z"}));
                }
                if method == "GET" && path == "/metadata/identity/oauth2/token" {
                    let q = parts.uri.query().unwrap_or_default();
                    let ok = parts.headers.get("metadata").and_then(|v| v.to_str().ok()) == Some("true")
                        && q.contains("api-version=")
                        && q.contains("resource=https%3A%2F%2Fcontainerregistry.azure.net");
                    if !ok {
                        return reply(400, serde_json::json!({"error": "invalid_request"}));
                    }
                    log.lock().unwrap().push("managed-identity".into());
                    return reply(200, serde_json::json!({"access_token": ENTRA_TOKEN, "expires_in": "3599", "token_type": "Bearer"}));
                }
                if method == "POST" && path == format!("/{AZURE_TENANT}/oauth2/v2.0/token") {
                    let f = form(&body);
                    // The controller's client secret, or a ServiceAccount token (audience
                    // api://AzureADTokenExchange) for the workload identity client.
                    let secret_ok = f.get("client_id").map(String::as_str) == Some(AZURE_CLIENT)
                        && f.get("client_secret").map(String::as_str) == Some(AZURE_SECRET);
                    let assertion_ok = f.get("client_id").map(String::as_str) == Some(AZURE_SA_CLIENT)
                        && f.get("client_assertion_type").map(String::as_str)
                            == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        && f.get("client_assertion").is_some_and(|t| audience_of(t) == "api://AzureADTokenExchange");
                    let scope = f.get("scope").map(String::as_str).unwrap_or_default();
                    let ok = f.get("grant_type").map(String::as_str) == Some("client_credentials")
                        && (secret_ok || assertion_ok)
                        && (scope == "https://containerregistry.azure.net/.default" || scope == DEVOPS_SCOPE);
                    if ok && scope == DEVOPS_SCOPE {
                        log.lock().unwrap().push("entra-devops".into());
                        return reply(200, serde_json::json!({"access_token": DEVOPS_TOKEN, "expires_in": 3599, "token_type": "Bearer"}));
                    }
                    if assertion_ok {
                        log.lock().unwrap().push("entra-workload-identity".into());
                    }
                    if !ok {
                        return reply(401, serde_json::json!({"error": "invalid_client"}));
                    }
                    log.lock().unwrap().push("entra".into());
                    return reply(200, serde_json::json!({"access_token": ENTRA_TOKEN, "expires_in": 3599, "token_type": "Bearer"}));
                }
                if method == "POST" && path == "/oauth2/exchange" {
                    let f = form(&body);
                    let ok = f.get("grant_type").map(String::as_str) == Some("access_token")
                        && f.get("service").map(String::as_str) == Some(ACR_HOST)
                        && f.get("access_token").map(String::as_str) == Some(ENTRA_TOKEN);
                    if !ok {
                        return reply(401, serde_json::json!({"errors": [{"code": "UNAUTHORIZED"}]}));
                    }
                    log.lock().unwrap().push("acr-exchange".into());
                    return reply(200, serde_json::json!({"refresh_token": ACR_REFRESH}));
                }
                if method == "POST" && path == "/" && form(&body).get("Action").map(String::as_str) == Some("AssumeRoleWithWebIdentity") {
                    let f = form(&body);
                    let token_ok = f.get("WebIdentityToken").is_some_and(|t| audience_of(t) == "sts.amazonaws.com");
                    if !token_ok || f.get("RoleArn").map(String::as_str) != Some(AWS_ROLE) {
                        return (StatusCode::FORBIDDEN, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized</Message></Error></ErrorResponse>").into_response();
                    }
                    log.lock().unwrap().push("sts-web-identity".into());
                    let xml = format!("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>{AWS_KEY}</AccessKeyId><SecretAccessKey>{AWS_SECRET}</SecretAccessKey><SessionToken>session-1</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>");
                    return (StatusCode::OK, [("content-type", "text/xml")], xml).into_response();
                }
                let target = parts.headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default();
                if method == "POST" && target == "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken" {
                    return ecr(&parts.headers, &body, &log);
                }
                // The cloud registries' own auth, then the real registry.
                let want: &[(&str, &str)] = match host.as_str() {
                    ACR_HOST => &[("00000000-0000-0000-0000-000000000000", ACR_REFRESH)],
                    ECR_HOST => &[("AWS", ECR_PASSWORD)],
                    // The metadata server's token, or a service account key's.
                    GAR_HOST => &[
                        ("oauth2accesstoken", GCP_TOKEN),
                        ("oauth2accesstoken", super::gcs_standin::PLATFORM_TOKEN),
                    ],
                    _ => return reply(404, serde_json::json!({"message": "unknown host"})),
                };
                let given = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
                let accepted = want.iter().any(|(user, pass)| {
                    given == format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))
                });
                if !accepted {
                    let mut r = reply(401, serde_json::json!({"errors": [{"code": "UNAUTHORIZED"}]}));
                    r.headers_mut().insert(
                        "www-authenticate",
                        format!("Basic realm=\"{host}\"").parse().unwrap(),
                    );
                    return r;
                }
                log.lock().unwrap().push(format!("{host} ok"));
                let url = format!(
                    "http://{registry}{}",
                    parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
                );
                let mut fwd = http.request(parts.method.clone(), &url).body(body.to_vec());
                for (k, v) in parts.headers.iter() {
                    if k != "host" && k != "authorization" {
                        fwd = fwd.header(k, v);
                    }
                }
                let fwd = fwd.header(
                    "authorization",
                    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(&creds)),
                );
                match fwd.send().await {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        let headers = resp.headers().clone();
                        let bytes = resp.bytes().await.unwrap_or_default();
                        let mut r = (StatusCode::from_u16(status).unwrap(), bytes.to_vec()).into_response();
                        for (k, v) in headers.iter() {
                            if k != "content-length" && k != "transfer-encoding" && k != "connection" {
                                r.headers_mut().insert(k.clone(), v.clone());
                            }
                        }
                        r
                    }
                    Err(e) => reply(502, serde_json::json!({"message": e.to_string()})),
                }
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RegistryLogins {
            port,
            log,
            _task: task,
        }
    }

    /// The controller environment that points each cloud's identity at this stand-in.
    pub fn env(&self) -> Vec<(String, String)> {
        let base = format!("http://127.0.0.1:{}", self.port);
        vec![
            (
                "GCE_METADATA_HOST".into(),
                format!("127.0.0.1:{}", self.port),
            ),
            ("AZURE_TENANT_ID".into(), AZURE_TENANT.into()),
            ("AZURE_CLIENT_ID".into(), AZURE_CLIENT.into()),
            ("AZURE_CLIENT_SECRET".into(), AZURE_SECRET.into()),
            ("AZURE_AUTHORITY_HOST".into(), format!("{base}/")),
            ("AWS_ACCESS_KEY_ID".into(), AWS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), AWS_SECRET.into()),
            ("AWS_REGION".into(), "us-east-1".into()),
            ("AWS_ENDPOINT_URL_ECR".into(), base.clone()),
            ("AWS_ENDPOINT_URL_STS".into(), base),
        ]
    }

    /// The environment of a controller on an Azure node with a managed identity only.
    pub fn managed_identity_env(&self) -> Vec<(String, String)> {
        vec![(
            "AZURE_POD_IDENTITY_AUTHORITY_HOST".into(),
            format!("http://127.0.0.1:{}", self.port),
        )]
    }

    /// What was asked so far.
    pub fn asked(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

/// ECR's `GetAuthorizationToken`: the SigV4 signature must be the one the known keys give.
fn ecr(headers: &HeaderMap, body: &[u8], log: &Mutex<Vec<String>>) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let signed: Vec<String> = auth
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .unwrap_or_default()
        .split(';')
        .map(str::to_string)
        .collect();
    let mut h = BTreeMap::new();
    for name in &signed {
        let v = headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        h.insert(name.clone(), v.to_string());
    }
    let date = h.get("x-amz-date").cloned().unwrap_or_default();
    if date.len() < 8 {
        return reply(
            400,
            serde_json::json!({"__type": "MissingAuthenticationTokenException"}),
        );
    }
    let creds = flux::cloud::aws::Credentials {
        access_key_id: AWS_KEY.into(),
        secret_access_key: AWS_SECRET.into(),
        session_token: None,
    };
    let scope = flux::cloud::registry::Scope {
        region: "us-east-1",
        service: "ecr",
        amz_date: &date,
    };
    let want = flux::cloud::registry::sigv4_authorization(&creds, &scope, "POST", "/", &h, body);
    if auth != want || !signed.iter().any(|s| s == "x-amz-target") {
        return reply(
            403,
            serde_json::json!({"__type": "InvalidSignatureException", "message": "The request signature we calculated does not match the signature you provided."}),
        );
    }
    log.lock().unwrap().push("ecr-token".into());
    let token = base64::engine::general_purpose::STANDARD.encode(format!("AWS:{ECR_PASSWORD}"));
    reply(
        200,
        serde_json::json!({"authorizationData": [{"authorizationToken": token,
        "expiresAt": 1.8e9, "proxyEndpoint": format!("https://{ECR_HOST}")}]}),
    )
}
