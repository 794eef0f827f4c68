//! AWS credentials the way Flux's `aws` provider obtains them, without the AWS SDK: the
//! controller's own identity through the SDK's default chain (environment keys, the shared
//! credentials file, a web identity token file with `AWS_ROLE_ARN` (IRSA), the container
//! credentials endpoint (ECS, EKS Pod Identity) and the EC2 instance metadata service, IMDSv2),
//! and an object's service account identity (a Kubernetes token for `sts.amazonaws.com`
//! exchanged through STS `AssumeRoleWithWebIdentity` for the role named by the account's
//! `eks.amazonaws.com/role-arn` annotation). Also MinIO's `AssumeRoleWithLDAPIdentity`, the
//! `ldap` STS provider of `generic` Buckets. Each flow is one or two documented HTTP calls, so
//! they are written here on `reqwest` rather than pulling in the SDK's dependency tree.
//!
//! Endpoints come from the same environment variables the SDK reads
//! (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`), which is also how tests point them at loopback.

use std::collections::BTreeMap;
use std::time::Duration;

/// Temporary or static AWS credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretAccessKey`.
    pub secret_access_key: String,
    /// `SessionToken` of temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Why no credentials could be had.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is incomplete or invalid (region, endpoint, role ARN).
    #[error("{0}")]
    Config(String),
    /// A credentials endpoint could not be reached or answered with an error.
    #[error("{operation}: {message}")]
    Request {
        /// What was asked, e.g. `operation error STS: AssumeRoleWithWebIdentity`.
        operation: String,
        /// What went wrong (the service's code and message, or the transport error).
        message: String,
    },
    /// No provider of the default chain had credentials.
    #[error("failed to refresh cached credentials, no valid providers in chain: {0}")]
    NoProvider(String),
}

/// The environment the default chain reads (the process environment, or a fixed map in tests).
#[derive(Clone, Debug, Default)]
pub struct Environment(BTreeMap<String, String>);

impl Environment {
    /// The process environment's `AWS_*` variables and `HOME`.
    pub fn from_process() -> Environment {
        Environment(
            std::env::vars()
                .filter(|(k, _)| k.starts_with("AWS_") || k == "HOME")
                .collect(),
        )
    }

    /// A fixed environment.
    pub fn from_pairs<I, K, V>(pairs: I) -> Environment
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Environment(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

const STS_ENDPOINT_PATTERN: &str =
    r"^https://(.+\.)?sts(-fips)?(\.[^.]+)?(\.vpce)?\.amazonaws\.com$";
const ROLE_ARN_PATTERN: &str = r"^arn:aws[\w-]*:iam::[0-9]{1,30}:role/.{1,200}$";
/// The annotation naming the IAM role of a service account.
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// The audience of the service account tokens exchanged with STS.
pub const AUDIENCE: &str = "sts.amazonaws.com";
const IMDS_DEFAULT: &str = "http://169.254.169.254";
const ECS_HOST: &str = "http://169.254.170.2";

/// Checks an STS endpoint as Flux does (regional, FIPS and VPC endpoints of amazonaws.com).
pub fn validate_sts_endpoint(endpoint: &str) -> Result<(), Error> {
    let re = regex::Regex::new(STS_ENDPOINT_PATTERN).expect("valid pattern");
    if re.is_match(endpoint) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "invalid STS endpoint: '{endpoint}'. must match {STS_ENDPOINT_PATTERN}"
        )))
    }
}

/// The role ARN of a service account's annotations, checked as Flux does.
pub fn role_arn(annotations: &BTreeMap<String, String>) -> Result<String, Error> {
    let arn = annotations
        .get(ROLE_ARN_ANNOTATION)
        .cloned()
        .unwrap_or_default();
    let re = regex::Regex::new(ROLE_ARN_PATTERN).expect("valid pattern");
    if re.is_match(&arn) {
        Ok(arn)
    } else {
        Err(Error::Config(format!(
            "invalid {ROLE_ARN_ANNOTATION} annotation: '{arn}'. must match {ROLE_ARN_PATTERN}"
        )))
    }
}

/// The STS session name Flux uses for a service account: `<name>.<namespace>.<region>.fluxcd.io`.
pub fn role_session_name(name: &str, namespace: &str, region: &str) -> String {
    format!("{name}.{namespace}.{region}.fluxcd.io")
}

/// Where STS requests go: the explicit endpoint (validated), else `AWS_ENDPOINT_URL_STS`,
/// `AWS_ENDPOINT_URL`, else the regional endpoint.
pub fn sts_endpoint(
    env: &Environment,
    explicit: Option<&str>,
    region: &str,
) -> Result<String, Error> {
    if let Some(e) = explicit.filter(|e| !e.is_empty()) {
        validate_sts_endpoint(e)?;
        return Ok(e.to_string());
    }
    Ok(env
        .get("AWS_ENDPOINT_URL_STS")
        .or_else(|| env.get("AWS_ENDPOINT_URL"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com")))
}

/// The region of the controller's own identity: the object's, else `AWS_REGION`.
pub fn controller_region(env: &Environment, object_region: Option<&str>) -> Result<String, Error> {
    if let Some(r) = object_region.filter(|r| !r.is_empty()) {
        return Ok(r.to_string());
    }
    env.get("AWS_REGION").map(str::to_string).ok_or_else(|| {
        Error::Config(
            "AWS_REGION environment variable is not set in the Flux controller. if you have properly \
             configured IAM Roles for Service Accounts (IRSA) or EKS Pod Identity, please \
             delete/replace the controller pod so the EKS admission controllers can inject this \
             environment variable, or set it manually if the cluster is not EKS"
                .into(),
        )
    })
}

fn transport(operation: &str, e: reqwest::Error) -> Error {
    Error::Request {
        operation: operation.to_string(),
        message: crate::http_error_message(e),
    }
}

#[derive(serde::Deserialize)]
struct StsError {
    #[serde(rename = "Error")]
    error: StsErrorBody,
}

#[derive(serde::Deserialize)]
struct StsErrorBody {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// Posts one STS query action and reads the `Credentials` of its `<Action>Result`.
async fn sts_call(
    http: &reqwest::Client,
    endpoint: &str,
    action: &str,
    params: &[(&str, &str)],
    operation: &str,
) -> Result<Credentials, Error> {
    let mut form: Vec<(&str, &str)> = vec![("Action", action), ("Version", "2011-06-15")];
    form.extend_from_slice(params);
    let resp = http
        .post(endpoint)
        .form(&form)
        .send()
        .await
        .map_err(|e| transport(operation, e))?;
    let status = resp.status();
    let body = resp.text().await.map_err(|e| transport(operation, e))?;
    if !status.is_success() {
        let message = match quick_xml::de::from_str::<StsError>(&body) {
            Ok(e) if !e.error.code.is_empty() => format!(
                "https response error StatusCode: {}, api error {}: {}",
                status.as_u16(),
                e.error.code,
                e.error.message
            ),
            _ => format!("https response error StatusCode: {}", status.as_u16()),
        };
        return Err(Error::Request {
            operation: operation.to_string(),
            message,
        });
    }
    let fields = credentials_fields(&body);
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    if get("AccessKeyId").is_empty() || get("SecretAccessKey").is_empty() {
        return Err(Error::Request {
            operation: operation.to_string(),
            message: "credentials are nil".into(),
        });
    }
    Ok(Credentials {
        access_key_id: get("AccessKeyId"),
        secret_access_key: get("SecretAccessKey"),
        session_token: Some(get("SessionToken")).filter(|t| !t.is_empty()),
    })
}

/// The text of each child of the first `<Credentials>` element of an STS answer
/// (`<ActionResponse><ActionResult><Credentials>…`).
fn credentials_fields(xml: &str) -> BTreeMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut fields = BTreeMap::new();
    let mut inside = false;
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "Credentials" && fields.is_empty() {
                    inside = true;
                } else if inside {
                    current = Some(name);
                }
            }
            Ok(Event::Text(t)) => {
                if let (true, Some(k)) = (inside, &current) {
                    let text = t.xml_content().map(|c| c.into_owned()).unwrap_or_default();
                    fields
                        .entry(k.clone())
                        .or_insert_with(String::new)
                        .push_str(&text);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let (true, Some(k)) = (inside, &current) {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => quick_xml::escape::resolve_xml_entity(&name)
                            .unwrap_or_default()
                            .to_string(),
                    };
                    fields
                        .entry(k.clone())
                        .or_insert_with(String::new)
                        .push_str(&text);
                }
            }
            Ok(Event::End(e)) => {
                if e.local_name().as_ref() == b"Credentials" && inside {
                    break;
                }
                current = None;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    fields
}

/// STS `AssumeRoleWithWebIdentity`: a web identity token for the role's temporary credentials.
pub async fn assume_role_with_web_identity(
    http: &reqwest::Client,
    endpoint: &str,
    role_arn: &str,
    session_name: &str,
    token: &str,
) -> Result<Credentials, Error> {
    sts_call(
        http,
        endpoint,
        "AssumeRoleWithWebIdentity",
        &[
            ("RoleArn", role_arn),
            ("RoleSessionName", session_name),
            ("WebIdentityToken", token),
        ],
        "operation error STS: AssumeRoleWithWebIdentity",
    )
    .await
}

/// MinIO STS `AssumeRoleWithLDAPIdentity`: LDAP user name and password for temporary credentials.
pub async fn assume_role_with_ldap_identity(
    http: &reqwest::Client,
    endpoint: &str,
    username: &str,
    password: &str,
) -> Result<Credentials, Error> {
    sts_call(
        http,
        endpoint,
        "AssumeRoleWithLDAPIdentity",
        &[("LDAPUsername", username), ("LDAPPassword", password)],
        "LDAP STS",
    )
    .await
}

#[derive(serde::Deserialize)]
struct JsonCredentials {
    #[serde(rename = "Code", default)]
    code: Option<String>,
    #[serde(rename = "Message", default)]
    message: Option<String>,
    #[serde(rename = "AccessKeyId", default)]
    access_key_id: String,
    #[serde(rename = "SecretAccessKey", default)]
    secret_access_key: String,
    #[serde(rename = "Token", default)]
    token: String,
}

fn from_json(operation: &str, body: &str) -> Result<Credentials, Error> {
    let c: JsonCredentials = serde_json::from_str(body).map_err(|e| Error::Request {
        operation: operation.to_string(),
        message: format!("failed to decode credentials: {e}"),
    })?;
    if let Some(code) = c.code.as_deref().filter(|c| *c != "Success") {
        return Err(Error::Request {
            operation: operation.to_string(),
            message: format!(
                "error code {code}: {}",
                c.message.as_deref().unwrap_or_default()
            ),
        });
    }
    if c.access_key_id.is_empty() || c.secret_access_key.is_empty() {
        return Err(Error::Request {
            operation: operation.to_string(),
            message: "the answer has no AccessKeyId or SecretAccessKey".into(),
        });
    }
    Ok(Credentials {
        access_key_id: c.access_key_id,
        secret_access_key: c.secret_access_key,
        session_token: Some(c.token).filter(|t| !t.is_empty()),
    })
}

async fn get_text(req: reqwest::RequestBuilder, operation: &str) -> Result<String, Error> {
    let resp = req.send().await.map_err(|e| transport(operation, e))?;
    let status = resp.status();
    let body = resp.text().await.map_err(|e| transport(operation, e))?;
    if !status.is_success() {
        return Err(Error::Request {
            operation: operation.to_string(),
            message: format!("StatusCode: {}", status.as_u16()),
        });
    }
    Ok(body)
}

/// The EC2 instance metadata service (IMDSv2): a session token, the instance profile's role,
/// its credentials.
async fn imds(http: &reqwest::Client, base: &str) -> Result<Credentials, Error> {
    let op = "operation error ec2imds: GetMetadata";
    let base = base.trim_end_matches('/');
    let token = get_text(
        http.put(format!("{base}/latest/api/token"))
            .header("X-aws-ec2-metadata-token-ttl-seconds", "21600")
            .timeout(Duration::from_secs(2)),
        "operation error ec2imds: getToken",
    )
    .await?;
    let list = get_text(
        http.get(format!("{base}/latest/meta-data/iam/security-credentials/"))
            .header("X-aws-ec2-metadata-token", token.trim())
            .timeout(Duration::from_secs(2)),
        op,
    )
    .await?;
    let Some(role) = list.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Err(Error::Request {
            operation: op.into(),
            message: "no EC2 IMDS role found".into(),
        });
    };
    let body = get_text(
        http.get(format!(
            "{base}/latest/meta-data/iam/security-credentials/{role}"
        ))
        .header("X-aws-ec2-metadata-token", token.trim())
        .timeout(Duration::from_secs(2)),
        op,
    )
    .await?;
    from_json(op, &body)
}

/// The container credentials endpoint (ECS task roles, EKS Pod Identity).
async fn container(
    http: &reqwest::Client,
    env: &Environment,
) -> Option<Result<Credentials, Error>> {
    let url = if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        full.to_string()
    } else {
        format!(
            "{ECS_HOST}{}",
            env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")?
        )
    };
    let op = "operation error ecs container credentials: GetCredentials";
    let mut req = http.get(&url).timeout(Duration::from_secs(5));
    let token = if let Some(file) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        match std::fs::read_to_string(file) {
            Ok(t) => Some(t.trim().to_string()),
            Err(e) => {
                return Some(Err(Error::Config(format!(
                    "failed to read authorization token from {file}: {e}"
                ))))
            }
        }
    } else {
        env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
            .map(str::to_string)
    };
    if let Some(t) = token {
        req = req.header("Authorization", t);
    }
    Some(match get_text(req, op).await {
        Ok(body) => from_json(op, &body),
        Err(e) => Err(e),
    })
}

/// The static keys of a profile in the shared credentials file.
fn shared_file(env: &Environment) -> Option<Credentials> {
    let path = match env.get("AWS_SHARED_CREDENTIALS_FILE") {
        Some(p) => std::path::PathBuf::from(p),
        None => std::path::PathBuf::from(env.get("HOME")?).join(".aws/credentials"),
    };
    let text = std::fs::read_to_string(path).ok()?;
    let profile = env.get("AWS_PROFILE").unwrap_or("default");
    let mut in_profile = false;
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_profile = name.trim() == profile;
            continue;
        }
        if in_profile {
            if let Some((k, v)) = line.split_once('=') {
                keys.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    Some(Credentials {
        access_key_id: keys.get("aws_access_key_id")?.clone(),
        secret_access_key: keys.get("aws_secret_access_key")?.clone(),
        session_token: keys.get("aws_session_token").cloned(),
    })
}

/// The controller's own credentials through the SDK's default chain, in its order:
/// environment keys, the shared credentials file, a web identity token file, the container
/// endpoint, IMDS.
pub async fn controller_credentials(
    http: &reqwest::Client,
    env: &Environment,
    region: &str,
    sts_endpoint_override: Option<&str>,
) -> Result<Credentials, Error> {
    if let (Some(k), Some(s)) = (
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
    ) {
        return Ok(Credentials {
            access_key_id: k.to_string(),
            secret_access_key: s.to_string(),
            session_token: env.get("AWS_SESSION_TOKEN").map(str::to_string),
        });
    }
    if let Some(c) = shared_file(env) {
        return Ok(c);
    }
    if let (Some(file), Some(arn)) = (
        env.get("AWS_WEB_IDENTITY_TOKEN_FILE"),
        env.get("AWS_ROLE_ARN"),
    ) {
        let token = std::fs::read_to_string(file).map_err(|e| {
            Error::Config(format!(
                "failed to read web identity token file {file}: {e}"
            ))
        })?;
        let endpoint = sts_endpoint(env, sts_endpoint_override, region)?;
        let session = env
            .get("AWS_ROLE_SESSION_NAME")
            .map(str::to_string)
            .unwrap_or_else(|| {
                format!(
                    "aws-go-sdk-{}",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or_default()
                )
            });
        return assume_role_with_web_identity(http, &endpoint, arn, &session, token.trim()).await;
    }
    if let Some(r) = container(http, env).await {
        return r;
    }
    if env
        .get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Err(Error::NoProvider(
            "EC2 IMDS access disabled via AWS_EC2_METADATA_DISABLED".into(),
        ));
    }
    let base = env
        .get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .unwrap_or(IMDS_DEFAULT);
    imds(http, base).await.map_err(|e| match e {
        Error::Request { message, .. } if message.contains("error sending request") => {
            Error::NoProvider(format!("no EC2 IMDS role found, {message}"))
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_endpoints_must_be_amazonaws_sts_hosts_when_given_in_the_spec() {
        assert!(validate_sts_endpoint("https://sts.us-east-1.amazonaws.com").is_ok());
        assert!(validate_sts_endpoint("https://sts-fips.us-east-1.amazonaws.com").is_ok());
        assert!(validate_sts_endpoint(
            "https://vpce-002b7cc8966426bc6-njisq19r.sts.us-east-1.vpce.amazonaws.com"
        )
        .is_ok());
        let e = validate_sts_endpoint("http://127.0.0.1:9000").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid STS endpoint: 'http://127.0.0.1:9000'. must match ^https://"));
    }

    #[test]
    fn role_arn_comes_from_the_eks_annotation_and_is_checked() {
        let mut a = BTreeMap::new();
        assert!(role_arn(&a)
            .unwrap_err()
            .to_string()
            .starts_with("invalid eks.amazonaws.com/role-arn annotation: ''. must match"));
        a.insert(
            ROLE_ARN_ANNOTATION.to_string(),
            "arn:aws:iam::123456789012:role/flux".to_string(),
        );
        assert_eq!(role_arn(&a).unwrap(), "arn:aws:iam::123456789012:role/flux");
        assert_eq!(
            role_session_name("sa", "ns", "eu-west-1"),
            "sa.ns.eu-west-1.fluxcd.io"
        );
    }

    #[test]
    fn sts_endpoint_prefers_the_spec_then_the_sdk_variables_then_the_region() {
        let env = Environment::from_pairs([("AWS_ENDPOINT_URL", "http://127.0.0.1:1")]);
        assert_eq!(
            sts_endpoint(&env, None, "eu-west-1").unwrap(),
            "http://127.0.0.1:1"
        );
        let env = Environment::from_pairs([
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2"),
        ]);
        assert_eq!(
            sts_endpoint(&env, None, "eu-west-1").unwrap(),
            "http://127.0.0.1:2"
        );
        assert_eq!(
            sts_endpoint(&env, Some("https://sts.eu-west-1.amazonaws.com"), "x").unwrap(),
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            sts_endpoint(&Environment::default(), None, "eu-west-1").unwrap(),
            "https://sts.eu-west-1.amazonaws.com"
        );
    }

    #[test]
    fn controller_region_needs_the_spec_or_aws_region() {
        let e = controller_region(&Environment::default(), None).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("AWS_REGION environment variable is not set"));
        let env = Environment::from_pairs([("AWS_REGION", "eu-west-1")]);
        assert_eq!(controller_region(&env, None).unwrap(), "eu-west-1");
        assert_eq!(
            controller_region(&env, Some("us-east-2")).unwrap(),
            "us-east-2"
        );
    }

    #[test]
    fn the_shared_credentials_file_profile_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("creds");
        std::fs::write(
            &f,
            "[default]\naws_access_key_id = A\naws_secret_access_key = B\n[other]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token=E\n",
        )
        .unwrap();
        let p = f.to_str().unwrap();
        let c = shared_file(&Environment::from_pairs([(
            "AWS_SHARED_CREDENTIALS_FILE",
            p,
        )]))
        .unwrap();
        assert_eq!((c.access_key_id.as_str(), c.session_token), ("A", None));
        let c = shared_file(&Environment::from_pairs([
            ("AWS_SHARED_CREDENTIALS_FILE", p),
            ("AWS_PROFILE", "other"),
        ]))
        .unwrap();
        assert_eq!(c.session_token.as_deref(), Some("E"));
        assert!(shared_file(&Environment::from_pairs([
            ("AWS_SHARED_CREDENTIALS_FILE", p),
            ("AWS_PROFILE", "missing"),
        ]))
        .is_none());
    }

    #[test]
    fn sts_answers_give_the_credentials_element() {
        let xml = "<AssumeRoleWithLDAPIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
            <AssumeRoleWithLDAPIdentityResult><Credentials><AccessKeyId>AK</AccessKeyId>\
            <SecretAccessKey>S&amp;K</SecretAccessKey><Expiration>2026-12-03T00:00:00Z</Expiration>\
            <SessionToken>TOK</SessionToken></Credentials><SubjectFromToken>u</SubjectFromToken>\
            </AssumeRoleWithLDAPIdentityResult><ResponseMetadata><RequestId>1</RequestId>\
            </ResponseMetadata></AssumeRoleWithLDAPIdentityResponse>";
        let f = credentials_fields(xml);
        assert_eq!(f["AccessKeyId"], "AK");
        assert_eq!(f["SecretAccessKey"], "S&K");
        assert_eq!(f["SessionToken"], "TOK");
        assert!(!f.contains_key("SubjectFromToken"));
    }

    #[test]
    fn json_credentials_with_an_error_code_are_refused() {
        let e = from_json(
            "op",
            r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"no"}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "op: error code AssumeRoleUnauthorizedAccess: no"
        );
        let c = from_json(
            "op",
            r#"{"Code":"Success","AccessKeyId":"A","SecretAccessKey":"B","Token":"T","Expiration":"2026-12-03T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(c.session_token.as_deref(), Some("T"));
    }
}
