//! Container registry logins of Flux's `aws`, `azure` and `gcp` providers (fluxcd/pkg/auth's
//! artifact registry credentials), for the controller's own cloud identity:
//!
//! - `aws`: the registry host must be an ECR host (Flux's pattern; the region comes from it);
//!   the controller's credentials ([`super::aws::controller_credentials`]) call ECR's
//!   `GetAuthorizationToken` (JSON 1.1, SigV4-signed) whose token is `AWS:<password>`.
//! - `azure`: an ACR host (`*.azurecr.io` and the sovereign clouds); a Microsoft Entra token for
//!   `https://containerregistry.azure.net/.default` from the environment (`AZURE_CLIENT_SECRET`,
//!   or workload identity's `AZURE_FEDERATED_TOKEN_FILE`) is exchanged at the registry's
//!   `/oauth2/exchange` for a refresh token, the password of the user
//!   `00000000-0000-0000-0000-000000000000`.
//! - `gcp`: a GCR or Artifact Registry host; the access token of the service account key in
//!   `GOOGLE_APPLICATION_CREDENTIALS`, else the GCE metadata server's (`GCE_METADATA_HOST`
//!   overrides its address), is the password of `oauth2accesstoken`.
//!
//! SigV4 is written here for its one request (ECR): the AWS signing crates bring the SDK's
//! runtime with them, and the algorithm is a fixed sequence of documented HMAC steps.

use std::collections::BTreeMap;

use hmac::Mac;
use sha2::Digest;

use crate::oci::keychain::Auth;

/// Why a provider login failed (messages name the step, never a credential).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The provider name is not one Flux knows.
    #[error("unsupported provider: '{0}'")]
    Provider(String),
    /// The image's registry is not one of the provider's.
    #[error("{0}")]
    Registry(String),
    /// Getting or exchanging the token failed.
    #[error("{0}")]
    Token(String),
}

const AWS_REGISTRY: &str = r"^([0-9]{12})\.dkr[.-]ecr(?:-fips)?\.([a-zA-Z0-9][a-zA-Z0-9_-]{0,99})\.(amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$";
const AZURE_REGISTRY: &str = r"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$";
const GCP_REGISTRY: &str = r"^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev)|(docker\.s3nsregistry\.fr))$";

/// The user ACR's refresh tokens are presented with.
pub const ACR_USER: &str = "00000000-0000-0000-0000-000000000000";
/// The scope of Entra tokens for ACR (Azure public cloud).
pub const ACR_SCOPE: &str = "https://containerregistry.azure.net/.default";

/// The registry host of an image reference (`host[:port]/path[:tag]`).
fn registry_of(image: &str) -> String {
    match image.split_once('/') {
        Some((first, _)) if first.contains(['.', ':']) || first == "localhost" => first.to_string(),
        _ => String::from("index.docker.io"),
    }
}

/// Whose cloud identity logs in.
#[derive(Clone, Default)]
pub enum Identity {
    /// The controller's own (its environment).
    #[default]
    Controller,
    /// A Kubernetes ServiceAccount's, by its token (audience as [`audience`] says) and
    /// annotations (`eks.amazonaws.com/role-arn`; `azure.workload.identity/client-id` and
    /// `azure.workload.identity/tenant-id`).
    ServiceAccount {
        /// `namespace/name`, for messages and AWS's role session name.
        namespace: String,
        /// The account's name.
        name: String,
        /// Its annotations.
        annotations: BTreeMap<String, String>,
        /// A token for it with the provider's audience.
        token: String,
    },
}

/// The identity a provider login uses: the controller's, or the ServiceAccount `sa` of `ns`
/// (callers check Flux's feature gate) with a token for the provider's audience.
pub async fn identity(
    client: &kube::Client,
    ns: &str,
    sa: Option<&str>,
    provider: &str,
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
) -> Result<Identity, String> {
    use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
    use k8s_openapi::api::core::v1::ServiceAccount;
    let Some(sa) = sa.filter(|s| !s.is_empty()) else {
        return Ok(Identity::Controller);
    };
    let accounts: kube::Api<ServiceAccount> = kube::Api::namespaced(client.clone(), ns);
    let account = accounts.get(sa).await.map_err(|e| {
        format!(
            "failed to get service account '{ns}/{sa}': {}",
            crate::cluster::api_message(&e)
        )
    })?;
    let annotations = account.metadata.annotations.clone().unwrap_or_default();
    let aud = audience(http, provider, &annotations, env)
        .await
        .map_err(|e| {
            format!("failed to get the token audience for service account '{ns}/{sa}': {e}")
        })?;
    let request = TokenRequest {
        spec: TokenRequestSpec {
            audiences: vec![aud],
            ..Default::default()
        },
        ..Default::default()
    };
    let token = accounts
        .create_token_request(sa, &Default::default(), &request)
        .await
        .map_err(|e| {
            format!(
                "failed to create kubernetes token for service account '{ns}/{sa}': {}",
                crate::cluster::api_message(&e)
            )
        })?
        .status
        .map(|s| s.token)
        .unwrap_or_default();
    Ok(Identity::ServiceAccount {
        namespace: ns.to_string(),
        name: sa.to_string(),
        annotations,
        token,
    })
}

/// The scope of Entra tokens for Azure DevOps (Git over HTTPS with `provider: azure`).
pub const DEVOPS_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/.default";

/// An Azure DevOps access token for Git (sent as a bearer token), as the identity says.
pub async fn azure_devops_token(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
    identity: &Identity,
) -> Result<String, Error> {
    Ok(entra_token(http, env, identity, DEVOPS_SCOPE).await?.0)
}

/// The audience of the ServiceAccount token a provider exchanges: AWS STS's, Entra's token
/// exchange, and for GCP the `gcp.auth.fluxcd.io/workload-identity-provider` annotation's
/// provider or, on GKE, the cluster's workload identity pool (from the metadata server).
pub async fn audience(
    http: &reqwest::Client,
    provider: &str,
    annotations: &BTreeMap<String, String>,
    env: &BTreeMap<String, String>,
) -> Result<String, Error> {
    match provider {
        "aws" => Ok(super::aws::AUDIENCE.to_string()),
        "azure" => Ok(String::from("api://AzureADTokenExchange")),
        "gcp" => match workload_identity_provider(annotations)? {
            Some(wip) => Ok(wip),
            None => Ok(format!("{}.svc.id.goog", gke_metadata(http, env).await?.0)),
        },
        other => Err(Error::Provider(other.to_string())),
    }
}

const GCP_WIP_ANNOTATION: &str = "gcp.auth.fluxcd.io/workload-identity-provider";
const GCP_WIP_PATTERN: &str =
    r"^projects/\d{1,30}/locations/global/workloadIdentityPools/[^/]{1,100}/providers/[^/]{1,100}$";
const GCP_EMAIL_ANNOTATION: &str = "iam.gke.io/gcp-service-account";
const GCP_EMAIL_PATTERN: &str =
    r"^[a-zA-Z0-9-]{1,100}@[a-zA-Z0-9-]{1,100}\.iam\.gserviceaccount\.com$";
const GCP_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

/// The STS audience of a workload identity provider named by the ServiceAccount, if any.
fn workload_identity_provider(
    annotations: &BTreeMap<String, String>,
) -> Result<Option<String>, Error> {
    let Some(wip) = annotations
        .get(GCP_WIP_ANNOTATION)
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    if !regex::Regex::new(GCP_WIP_PATTERN)
        .expect("pattern")
        .is_match(wip)
    {
        return Err(Error::Token(format!(
            "invalid {GCP_WIP_ANNOTATION} annotation: '{wip}'. must match {GCP_WIP_PATTERN}"
        )));
    }
    Ok(Some(format!("//iam.googleapis.com/{wip}")))
}

/// One value of the GCE/GKE metadata server.
async fn metadata_value(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
    path: &str,
    what: &str,
) -> Result<String, Error> {
    let host = env
        .get("GCE_METADATA_HOST")
        .cloned()
        .unwrap_or_else(|| String::from("metadata.google.internal"));
    let step = format!("failed to get GKE cluster {what} from the metadata service");
    let resp = http
        .get(format!("http://{host}/computeMetadata/v1/{path}"))
        .header("Metadata-Flavor", "Google")
        .send()
        .await
        .map_err(|e| token_err(&step, crate::http_error_message(e)))?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(Error::Token(format!("{step}: {status}")));
    }
    if text.trim().is_empty() {
        return Err(Error::Token(format!("{step}: empty value")));
    }
    Ok(text.trim().to_string())
}

/// The GKE cluster's project, location and name.
async fn gke_metadata(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
) -> Result<(String, String, String), Error> {
    Ok((
        metadata_value(http, env, "project/project-id", "project ID").await?,
        metadata_value(
            http,
            env,
            "instance/attributes/cluster-location",
            "location",
        )
        .await?,
        metadata_value(http, env, "instance/attributes/cluster-name", "name").await?,
    ))
}

/// A GCP access token for a ServiceAccount: its Kubernetes token exchanged at Google's STS
/// for the workload identity audience, then, when the account names a Google service account,
/// that account's token through IAM Credentials' `generateAccessToken`.
async fn gcp_service_account_token(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
    annotations: &BTreeMap<String, String>,
    token: &str,
) -> Result<String, Error> {
    let audience = match workload_identity_provider(annotations)? {
        Some(a) => a,
        None => {
            let (project, location, name) = gke_metadata(http, env).await?;
            format!("identitynamespace:{project}.svc.id.goog:https://container.googleapis.com/v1/projects/{project}/locations/{location}/clusters/{name}")
        }
    };
    let email = annotations
        .get(GCP_EMAIL_ANNOTATION)
        .filter(|v| !v.is_empty())
        .cloned();
    if let Some(e) = &email {
        if !regex::Regex::new(GCP_EMAIL_PATTERN)
            .expect("pattern")
            .is_match(e)
        {
            return Err(Error::Token(format!(
                "invalid {GCP_EMAIL_ANNOTATION} annotation: '{e}'. must match {GCP_EMAIL_PATTERN}"
            )));
        }
    }
    const STS: &str = "failed to exchange the service account token at Google STS";
    let (status, v) = send_json(
        http.post("https://sts.googleapis.com/v1/token").form(&[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange",
            ),
            ("audience", audience.as_str()),
            ("scope", GCP_SCOPE),
            (
                "requested_token_type",
                "urn:ietf:params:oauth:token-type:access_token",
            ),
            ("subject_token", token),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"),
        ]),
        STS,
    )
    .await?;
    let Some(federated) = v["access_token"].as_str().filter(|_| status.is_success()) else {
        return Err(Error::Token(format!(
            "{STS}: {status} {}",
            v["error"].as_str().unwrap_or_default()
        )));
    };
    let Some(email) = email else {
        return Ok(federated.to_string());
    };
    const IAM: &str = "failed to impersonate the Google service account";
    let (status, v) = send_json(
        http.post(format!("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/{email}:generateAccessToken"))
            .bearer_auth(federated)
            .header("content-type", "application/json")
            .body(serde_json::json!({"scope": [GCP_SCOPE], "lifetime": "3600s"}).to_string()),
        IAM,
    )
    .await?;
    match v["accessToken"].as_str() {
        Some(t) if status.is_success() => Ok(t.to_string()),
        _ => Err(Error::Token(format!(
            "{IAM} '{email}': {status} {}",
            v["error"]["message"].as_str().unwrap_or_default()
        ))),
    }
}

/// Logs in to the registry of `image` as `provider` says, with `http` (which carries the
/// object's proxy and CA), the process environment `env` and the controller's identity.
pub async fn login(
    http: &reqwest::Client,
    provider: &str,
    image: &str,
    env: &BTreeMap<String, String>,
) -> Result<Auth, Error> {
    login_as(http, provider, image, env, &Identity::Controller).await
}

/// [`login`] as `identity`.
pub async fn login_as(
    http: &reqwest::Client,
    provider: &str,
    image: &str,
    env: &BTreeMap<String, String>,
    identity: &Identity,
) -> Result<Auth, Error> {
    let registry = registry_of(image);
    let host = registry.split(':').next().unwrap_or_default().to_string();
    let check = |pattern: &str, cloud: &str| -> Result<regex::Captures<'_>, Error> {
        let re = regex::Regex::new(pattern).expect("provider registry pattern");
        re.captures(&host).ok_or_else(|| {
            Error::Registry(format!(
                "invalid {cloud} registry: '{host}'. must match {pattern}"
            ))
        })
    };
    match provider {
        "aws" => {
            let caps = check(AWS_REGISTRY, "AWS")?;
            let region = caps
                .get(2)
                .map(|m| m.as_str())
                .unwrap_or_default()
                .to_string();
            ecr_login(http, &region, env, identity).await
        }
        "azure" => {
            check(AZURE_REGISTRY, "Azure")?;
            acr_login(http, &registry, env, identity).await
        }
        "gcp" => {
            check(GCP_REGISTRY, "GCP")?;
            let token = match identity {
                Identity::Controller => gce_token(http, env).await?,
                Identity::ServiceAccount {
                    namespace,
                    name,
                    annotations,
                    token,
                } => gcp_service_account_token(http, env, annotations, token)
                    .await
                    .map_err(|e| {
                        Error::Token(format!(
                            "failed to create provider access token for service account '{namespace}/{name}': {e}"
                        ))
                    })?,
            };
            Ok(Auth::Basic {
                username: String::from("oauth2accesstoken"),
                password: token,
            })
        }
        other => Err(Error::Provider(other.to_string())),
    }
}

fn token_err(step: &str, e: impl std::fmt::Display) -> Error {
    Error::Token(format!("{step}: {e}"))
}

/// Sends a token request; (status, JSON body — null when not JSON).
async fn send_json(
    req: reqwest::RequestBuilder,
    step: &str,
) -> Result<(reqwest::StatusCode, serde_json::Value), Error> {
    let resp = req
        .send()
        .await
        .map_err(|e| token_err(step, crate::http_error_message(e)))?;
    let status = resp.status();
    let body = resp.bytes().await.unwrap_or_default();
    Ok((status, serde_json::from_slice(&body).unwrap_or_default()))
}

/// The GCE metadata server's access token for the default service account.
async fn gce_token(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
) -> Result<String, Error> {
    // Application default credentials: a service account key file first.
    if let Some(file) = env
        .get("GOOGLE_APPLICATION_CREDENTIALS")
        .filter(|f| !f.is_empty())
    {
        let key = std::fs::read(file)
            .map_err(|e| token_err("failed to read GOOGLE_APPLICATION_CREDENTIALS", e))?;
        return crate::bucket::gcs::Client::service_account_token(http, &key, GCP_SCOPE)
            .await
            .map_err(|e| token_err("failed to get GCP access token", e));
    }
    let host = env
        .get("GCE_METADATA_HOST")
        .cloned()
        .unwrap_or_else(|| String::from("metadata.google.internal"));
    let url = format!("http://{host}/computeMetadata/v1/instance/service-accounts/default/token");
    let (status, v) = send_json(
        http.get(&url).header("Metadata-Flavor", "Google"),
        "failed to get GCP access token",
    )
    .await?;
    match v["access_token"].as_str() {
        Some(t) if status.is_success() => Ok(t.to_string()),
        _ => Err(Error::Token(format!(
            "failed to get GCP access token: metadata server answered {status}"
        ))),
    }
}

/// An Entra token for ACR from the environment (client secret or workload identity), then
/// the registry's refresh token.
async fn acr_login(
    http: &reqwest::Client,
    registry: &str,
    env: &BTreeMap<String, String>,
    identity: &Identity,
) -> Result<Auth, Error> {
    let (aad, tenant) = entra_token(http, env, identity, ACR_SCOPE).await?;
    let exchange = format!("https://{registry}/oauth2/exchange");
    let (status, v) = send_json(
        http.post(&exchange).form(&[
            ("grant_type", "access_token"),
            ("service", registry),
            ("tenant", tenant.as_str()),
            ("access_token", aad.as_str()),
        ]),
        "failed to exchange the Azure token for an ACR token",
    )
    .await?;
    match v["refresh_token"].as_str() {
        Some(t) if status.is_success() => Ok(Auth::Basic {
            username: ACR_USER.to_string(),
            password: t.to_string(),
        }),
        _ => Err(Error::Token(format!(
            "failed to exchange the Azure token for an ACR token: {status}"
        ))),
    }
}

/// A Microsoft Entra token for ACR and the tenant it is for (empty for a managed identity):
/// a ServiceAccount's token as client assertion, else the controller's client secret or
/// workload identity token file (with `AZURE_TENANT_ID`/`AZURE_CLIENT_ID`), else the managed
/// identity of the node from the instance metadata service
/// (`AZURE_POD_IDENTITY_AUTHORITY_HOST` overrides its address, `AZURE_CLIENT_ID` picks a
/// user-assigned identity).
async fn entra_token(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
    identity: &Identity,
    scope: &str,
) -> Result<(String, String), Error> {
    const STEP: &str = "failed to get Azure access token";
    let var = |k: &str| env.get(k).cloned().filter(|v| !v.is_empty());
    let assertion_type = String::from("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    let (tenant, client_id, credential) = match identity {
        Identity::ServiceAccount {
            namespace,
            name,
            annotations,
            token,
        } => {
            let get = |k: &str| annotations.get(k).cloned().filter(|v| !v.is_empty());
            let missing = |what: &str, key: &str| {
                Error::Token(format!("failed to get provider identity from service account '{namespace}/{name}' annotations: azure {what} is not set in the service account annotation {key}"))
            };
            let tenant = get("azure.workload.identity/tenant-id")
                .ok_or_else(|| missing("tenant ID", "azure.workload.identity/tenant-id"))?;
            let client = get("azure.workload.identity/client-id")
                .ok_or_else(|| missing("client ID", "azure.workload.identity/client-id"))?;
            (
                tenant,
                client,
                vec![
                    ("client_assertion_type", assertion_type),
                    ("client_assertion", token.clone()),
                ],
            )
        }
        Identity::Controller => {
            let credential = if let Some(secret) = var("AZURE_CLIENT_SECRET") {
                vec![("client_secret", secret)]
            } else if let Some(file) = var("AZURE_FEDERATED_TOKEN_FILE") {
                let assertion = std::fs::read_to_string(&file)
                    .map_err(|e| token_err("failed to read the federated token file", e))?;
                vec![
                    ("client_assertion_type", assertion_type),
                    ("client_assertion", assertion.trim().to_string()),
                ]
            } else {
                return managed_identity_token(http, env, scope).await;
            };
            let (Some(tenant), Some(client_id)) = (var("AZURE_TENANT_ID"), var("AZURE_CLIENT_ID"))
            else {
                return Err(Error::Token(format!(
                    "{STEP}: AZURE_TENANT_ID and AZURE_CLIENT_ID are not set in the controller's environment"
                )));
            };
            (tenant, client_id, credential)
        }
    };
    let authority = var("AZURE_AUTHORITY_HOST")
        .unwrap_or_else(|| String::from("https://login.microsoftonline.com/"));
    let mut form: Vec<(&str, String)> = vec![
        ("client_id", client_id),
        ("scope", scope.to_string()),
        ("grant_type", String::from("client_credentials")),
    ];
    form.extend(credential);
    let url = format!(
        "{}/{tenant}/oauth2/v2.0/token",
        authority.trim_end_matches('/')
    );
    let (status, v) = send_json(http.post(&url).form(&form), STEP).await?;
    match v["access_token"].as_str() {
        Some(t) if status.is_success() => Ok((t.to_string(), tenant)),
        _ => Err(Error::Token(format!(
            "{STEP}: {status} {}",
            v["error"].as_str().unwrap_or_default()
        ))),
    }
}

/// The node's managed identity token for ACR from the instance metadata service.
async fn managed_identity_token(
    http: &reqwest::Client,
    env: &BTreeMap<String, String>,
    scope: &str,
) -> Result<(String, String), Error> {
    const STEP: &str = "failed to get Azure access token from the managed identity";
    let host = env
        .get("AZURE_POD_IDENTITY_AUTHORITY_HOST")
        .cloned()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| String::from("http://169.254.169.254"));
    let mut query = vec![
        ("api-version", "2018-02-01".to_string()),
        ("resource", scope.trim_end_matches("/.default").to_string()),
    ];
    if let Some(id) = env.get("AZURE_CLIENT_ID").filter(|v| !v.is_empty()) {
        query.push(("client_id", id.clone()));
    }
    let url = format!(
        "{}/metadata/identity/oauth2/token",
        host.trim_end_matches('/')
    );
    let (status, v) = send_json(
        http.get(&url).query(&query).header("Metadata", "true"),
        STEP,
    )
    .await?;
    match v["access_token"].as_str() {
        Some(t) if status.is_success() => Ok((t.to_string(), String::new())),
        _ => Err(Error::Token(format!(
            "{STEP}: {status} {}",
            v["error"].as_str().unwrap_or_default()
        ))),
    }
}

fn hmac_sha256(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Where and when a SigV4 signature applies.
pub struct Scope<'a> {
    /// The region (`us-east-1`).
    pub region: &'a str,
    /// The service (`ecr`).
    pub service: &'a str,
    /// `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`).
    pub amz_date: &'a str,
}

/// The SigV4 `Authorization` header of a request (headers lower-cased, `host` included).
pub fn sigv4_authorization(
    creds: &super::aws::Credentials,
    scope: &Scope<'_>,
    method: &str,
    path: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) -> String {
    let Scope {
        region,
        service,
        amz_date,
    } = *scope;
    let signed: Vec<&str> = headers.keys().map(String::as_str).collect();
    let signed = signed.join(";");
    let canonical_headers: String = headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    let canonical = format!(
        "{method}\n{path}\n\n{canonical_headers}\n{signed}\n{}",
        hex::encode(sha2::Sha256::digest(body))
    );
    let date = &amz_date[..8];
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(sha2::Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac_sha256(format!("AWS4{}", creds.secret_access_key).as_bytes(), date);
    let k_region = hmac_sha256(&k_date, region);
    let k_service = hmac_sha256(&k_region, service);
    let k_signing = hmac_sha256(&k_service, "aws4_request");
    let signature = hex::encode(hmac_sha256(&k_signing, &to_sign));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
        creds.access_key_id
    )
}

/// ECR's `GetAuthorizationToken` with the controller's AWS credentials.
async fn ecr_login(
    http: &reqwest::Client,
    region: &str,
    env: &BTreeMap<String, String>,
    identity: &Identity,
) -> Result<Auth, Error> {
    let aws_env = super::aws::Environment::from_pairs(
        env.iter()
            .filter(|(k, _)| k.starts_with("AWS_") || *k == "HOME")
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let creds = match identity {
        Identity::Controller => super::aws::controller_credentials(http, &aws_env, region, None)
            .await
            .map_err(|e| token_err("failed to get AWS credentials", e))?,
        Identity::ServiceAccount {
            namespace,
            name,
            annotations,
            token,
        } => {
            let for_sa = |e: String| {
                Error::Token(format!(
                    "failed to create provider access token for service account '{namespace}/{name}': {e}"
                ))
            };
            let role = super::aws::role_arn(annotations).map_err(|e| {
                Error::Token(format!(
                    "failed to get provider identity from service account '{namespace}/{name}' annotations: {e}"
                ))
            })?;
            let endpoint = super::aws::sts_endpoint(&aws_env, None, region)
                .map_err(|e| for_sa(e.to_string()))?;
            super::aws::assume_role_with_web_identity(
                http,
                &endpoint,
                &role,
                &super::aws::role_session_name(name, namespace, region),
                token,
            )
            .await
            .map_err(|e| for_sa(e.to_string()))?
        }
    };
    let endpoint = env
        .get("AWS_ENDPOINT_URL_ECR")
        .or_else(|| env.get("AWS_ENDPOINT_URL"))
        .cloned()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| format!("https://api.ecr.{region}.amazonaws.com"));
    let url = url::Url::parse(&endpoint).map_err(|e| token_err("invalid ECR endpoint", e))?;
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => return Err(Error::Token(String::from("invalid ECR endpoint: no host"))),
    };
    let body = b"{}";
    let amz_date = k8s_openapi::jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut headers = BTreeMap::from([
        (
            String::from("content-type"),
            String::from("application/x-amz-json-1.1"),
        ),
        (String::from("host"), host),
        (String::from("x-amz-date"), amz_date.clone()),
        (
            String::from("x-amz-target"),
            String::from("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"),
        ),
    ]);
    if let Some(t) = &creds.session_token {
        headers.insert(String::from("x-amz-security-token"), t.clone());
    }
    let scope = Scope {
        region,
        service: "ecr",
        amz_date: &amz_date,
    };
    let authorization = sigv4_authorization(&creds, &scope, "POST", "/", &headers, body);
    let mut req = http.post(url.as_str()).body(body.to_vec());
    for (k, v) in headers.iter().filter(|(k, _)| *k != "host") {
        req = req.header(k, v);
    }
    let (status, v) = send_json(
        req.header("authorization", authorization),
        "failed to get ECR authorization token",
    )
    .await?;
    if !status.is_success() {
        return Err(Error::Token(format!(
            "failed to get ECR authorization token: {status} {}",
            v["message"]
                .as_str()
                .or(v["Message"].as_str())
                .unwrap_or_default()
        )));
    }
    let token = v["authorizationData"][0]["authorizationToken"]
        .as_str()
        .unwrap_or_default();
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    match decoded.split_once(':') {
        Some((user, password)) => Ok(Auth::Basic {
            username: user.to_string(),
            password: password.to_string(),
        }),
        None => Err(Error::Token(String::from(
            "failed to get ECR authorization token: the token is not user:password",
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_must_match_their_providers_patterns() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let http = reqwest::Client::new();
        let env = BTreeMap::new();
        for (provider, image, cloud) in [
            ("aws", "ghcr.io/org/app", "AWS"),
            (
                "azure",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/app",
                "Azure",
            ),
            ("gcp", "flux.azurecr.io/app", "GCP"),
        ] {
            let e = rt
                .block_on(login(&http, provider, image, &env))
                .unwrap_err();
            assert!(
                e.to_string()
                    .starts_with(&format!("invalid {cloud} registry: '")),
                "{e}"
            );
        }
        let e = rt
            .block_on(login(&http, "oracle", "x.io/app", &env))
            .unwrap_err();
        assert_eq!(e.to_string(), "unsupported provider: 'oracle'");
    }

    #[test]
    fn sigv4_matches_awss_documented_example() {
        // The "GET /?Action=ListUsers" IAM example of AWS's SigV4 documentation, reduced to
        // what this signer does: a path-only request signed with these exact inputs.
        let creds = super::super::aws::Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
        };
        let headers = BTreeMap::from([
            ("host".to_string(), "example.amazonaws.com".to_string()),
            ("x-amz-date".to_string(), "20150830T123600Z".to_string()),
        ]);
        let scope = Scope {
            region: "us-east-1",
            service: "service",
            amz_date: "20150830T123600Z",
        };
        let auth = sigv4_authorization(&creds, &scope, "GET", "/", &headers, b"");
        // aws-sig-v4-test-suite `get-vanilla`.
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }
}
