//! The registry client: the distribution API over reqwest, with go-containerregistry's
//! transport behaviour where Flux users can see it.
//!
//! - **Scheme**: HTTPS first; plain HTTP after a failed HTTPS attempt only for registries
//!   [`Reference::allows_http`] accepts (loopback, RFC 1918, `localhost:`, `.local`) or when
//!   the caller says insecure (which also skips certificate verification, as OCIRepository's
//!   `insecure` does).
//! - **Auth**: a `GET /v2/` ping learns the challenge; `Basic` sends the keychain's
//!   credentials, `Bearer` exchanges them (or nothing, anonymously) at the realm for a token
//!   scoped to `repository:<name>:<actions>`, cached per registry and scope. A registry token
//!   given by the caller is sent as the bearer token directly.
//! - **Manifests** are requested with the Accept list of go-containerregistry (distribution
//!   2.x returns 404 for an OCI manifest without it); a manifest's digest is the sha256 of
//!   its bytes, checked against `Docker-Content-Digest` when pinned.
//! - **Tags** are listed page by page (`n=1000`), following `Link: <…>; rel="next"` only to
//!   the same scheme and host.
//!
//! Hand-written rather than `oci-client`: that crate lists one page of tags only, has no
//! client-certificate TLS (OCIRepository's `certSecretRef`) and would bring a second reqwest.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, LINK, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use sha2::Digest as _;

use super::keychain::{Auth, Keychain};
use super::Reference;

/// The manifest media types go-containerregistry accepts, in its order.
pub const MANIFEST_ACCEPT: &str = "application/vnd.docker.distribution.manifest.v1+json,application/vnd.docker.distribution.manifest.v1+prettyjws,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json";

/// An OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// An OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// A Docker manifest list.
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

/// Errors of registry operations. Messages name the URL and never carry credentials.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request could not be sent or the response not read.
    #[error("{method} {url}: {message}")]
    Transport {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The registry answered with an error status.
    #[error("{method} {url}: {detail}")]
    Status {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// The status code.
        status: u16,
        /// The registry's error codes and messages, or the status line.
        detail: String,
    },
    /// Getting a token failed.
    #[error("authentication to {realm} failed: {message}")]
    Token {
        /// The token endpoint.
        realm: String,
        /// What went wrong.
        message: String,
    },
    /// Content did not match its digest, or a document could not be parsed.
    #[error("{0}")]
    Content(String),
    /// Client configuration (certificates, proxy) is invalid.
    #[error("{0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, when the registry answered with an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Result of registry operations.
pub type Result<T> = std::result::Result<T, Error>;

/// Transport settings.
#[derive(Clone, Default)]
pub struct Options {
    /// Allow plain HTTP and skip certificate verification.
    pub insecure: bool,
    /// Extra CA certificates (PEM), added to the system roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Client certificate and key (PEM, concatenated).
    pub identity_pem: Option<Vec<u8>>,
    /// Proxy URL, with optional basic credentials.
    pub proxy: Option<(String, Option<(String, String)>)>,
    /// Per-request timeout.
    pub timeout: Option<Duration>,
    /// User-Agent header.
    pub user_agent: Option<String>,
}

/// A manifest as the registry served it.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The raw bytes (what the digest covers).
    pub bytes: Vec<u8>,
    /// `Content-Type` (or the document's own `mediaType`).
    pub media_type: String,
    /// `sha256:<hex>` of the bytes.
    pub digest: String,
}

impl Manifest {
    /// The manifest as JSON.
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.bytes)
            .map_err(|e| Error::Content(format!("failed to parse manifest: {e}")))
    }
}

#[derive(Clone, Debug)]
enum Challenge {
    None,
    Basic,
    Bearer {
        realm: String,
        service: Option<String>,
    },
}

#[derive(Clone, Debug)]
struct RegistryState {
    scheme: &'static str,
    challenge: Challenge,
}

/// A registry client for one keychain and transport.
pub struct Client {
    http: reqwest::Client,
    keychain: Keychain,
    insecure: bool,
    state: Mutex<HashMap<String, RegistryState>>,
    tokens: Mutex<HashMap<(String, String), String>>,
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// The registry's error document (`{"errors":[{"code","message"}]}`) as go-containerregistry
/// prints it, else the status line.
fn error_detail(status: StatusCode, body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Doc {
        errors: Vec<Item>,
    }
    #[derive(serde::Deserialize)]
    struct Item {
        code: Option<String>,
        message: Option<String>,
    }
    if let Ok(doc) = serde_json::from_slice::<Doc>(body) {
        let parts: Vec<String> = doc
            .errors
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e.code.as_deref().unwrap_or("UNKNOWN"),
                    e.message.as_deref().unwrap_or("")
                )
            })
            .collect();
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    format!(
        "unexpected status code {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_string()
}

impl Client {
    /// A client resolving credentials with `keychain`.
    pub fn new(keychain: Keychain, opts: &Options) -> Result<Client> {
        let mut b = reqwest::Client::builder()
            .user_agent(
                opts.user_agent
                    .clone()
                    .unwrap_or_else(|| format!("flux/{}", crate::version::version())),
            )
            .connect_timeout(Duration::from_secs(30));
        if let Some(t) = opts.timeout {
            b = b.timeout(t);
        }
        if opts.insecure {
            b = b.danger_accept_invalid_certs(true);
        }
        if let Some(ca) = &opts.ca_pem {
            for c in reqwest::Certificate::from_pem_bundle(ca)
                .map_err(|e| Error::Config(format!("failed to parse CA certificate: {e}")))?
            {
                b = b.add_root_certificate(c);
            }
        }
        if let Some(pem) = &opts.identity_pem {
            b =
                b.identity(reqwest::Identity::from_pem(pem).map_err(|e| {
                    Error::Config(format!("failed to parse client certificate: {e}"))
                })?);
        }
        if let Some((url, creds)) = &opts.proxy {
            let mut p = reqwest::Proxy::all(url.as_str())
                .map_err(|e| Error::Config(format!("invalid proxy URL: {e}")))?;
            if let Some((u, pw)) = creds {
                p = p.basic_auth(u, pw);
            }
            b = b.proxy(p);
        }
        Ok(Client {
            http: b
                .build()
                .map_err(|e| Error::Config(format!("building the HTTP client: {e}")))?,
            keychain,
            insecure: opts.insecure,
            state: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        })
    }

    fn transport_err(method: &Method, url: &str, e: reqwest::Error) -> Error {
        Error::Transport {
            method: method.to_string(),
            url: url.to_string(),
            message: crate::http_error_message(e),
        }
    }

    /// Pings `/v2/` (HTTPS, then HTTP where allowed) and remembers the scheme and challenge.
    async fn registry_state(&self, r: &Reference) -> Result<RegistryState> {
        if let Some(s) = self
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&r.registry)
        {
            return Ok(s.clone());
        }
        let mut schemes = vec!["https"];
        if self.insecure || r.allows_http() {
            schemes.push("http");
        }
        // As go-containerregistry pings: only 200 and 401 answer the ping; when every
        // scheme fails, all the errors are reported, HTTPS's first.
        let mut errors: Vec<Error> = Vec::new();
        for scheme in schemes {
            let url = format!("{scheme}://{}/v2/", r.registry);
            match self.http.get(&url).send().await {
                Ok(resp)
                    if resp.status() == StatusCode::OK
                        || resp.status() == StatusCode::UNAUTHORIZED =>
                {
                    let challenge = if resp.status() == StatusCode::UNAUTHORIZED {
                        parse_challenge(resp.headers())
                    } else {
                        Challenge::None
                    };
                    let st = RegistryState { scheme, challenge };
                    self.state
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(r.registry.clone(), st.clone());
                    return Ok(st);
                }
                Ok(resp) => {
                    if let Err(e) = Self::check(&Method::GET, &url, resp).await {
                        errors.push(e);
                    }
                }
                Err(e) => errors.push(Self::transport_err(&Method::GET, &url, e)),
            }
        }
        match errors.len() {
            0 => Err(Error::Config("no scheme to try".into())),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Content(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        }
    }

    /// A bearer token for `scope` (cached).
    async fn token(
        &self,
        r: &Reference,
        realm: &str,
        service: Option<&str>,
        scope: &str,
    ) -> Result<String> {
        let key = (r.registry.clone(), scope.to_string());
        if let Some(t) = self
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(t.clone());
        }
        let auth = self.keychain.resolve(&r.registry, &r.repository);
        if let Auth::RegistryToken(t) = &auth {
            return Ok(t.clone());
        }
        let mut url = reqwest::Url::parse(realm).map_err(|e| Error::Token {
            realm: realm.to_string(),
            message: format!("invalid realm: {e}"),
        })?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(s) = service {
                q.append_pair("service", s);
            }
            q.append_pair("scope", scope);
        }
        let mut req = self.http.get(url.clone());
        if let Auth::Basic { username, password } = &auth {
            req = req.basic_auth(username, Some(password));
        }
        let resp = req.send().await.map_err(|e| Error::Token {
            realm: realm.to_string(),
            message: e.without_url().to_string(),
        })?;
        let status = resp.status();
        let body = resp.bytes().await.unwrap_or_default();
        if !status.is_success() {
            return Err(Error::Token {
                realm: realm.to_string(),
                message: error_detail(status, &body),
            });
        }
        #[derive(serde::Deserialize)]
        struct Tok {
            token: Option<String>,
            access_token: Option<String>,
        }
        let tok: Tok = serde_json::from_slice(&body).map_err(|e| Error::Token {
            realm: realm.to_string(),
            message: format!("invalid token response: {e}"),
        })?;
        let t = tok
            .token
            .or(tok.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::Token {
                realm: realm.to_string(),
                message: "no token in the response".into(),
            })?;
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, t.clone());
        Ok(t)
    }

    /// Sends a request to `/v2/<repository>/<path>` (or an absolute URL) with the
    /// credentials the registry's challenge asks for; `push` widens the token scope.
    async fn send(
        &self,
        r: &Reference,
        method: Method,
        path_or_url: &str,
        push: bool,
        headers: HeaderMap,
        body: Option<Vec<u8>>,
    ) -> Result<(String, reqwest::Response)> {
        let st = self.registry_state(r).await?;
        let url = if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            path_or_url.to_string()
        } else {
            format!(
                "{}://{}/v2/{}/{}",
                st.scheme, r.registry, r.repository, path_or_url
            )
        };
        let scope = format!(
            "repository:{}:{}",
            r.repository,
            if push { "pull,push" } else { "pull" }
        );
        let mut req = self.http.request(method.clone(), &url).headers(headers);
        match &st.challenge {
            Challenge::None => {}
            Challenge::Basic => {
                if let Auth::Basic { username, password } =
                    self.keychain.resolve(&r.registry, &r.repository)
                {
                    req = req.basic_auth(username, Some(password));
                }
            }
            Challenge::Bearer { realm, service } => {
                let t = self.token(r, realm, service.as_deref(), &scope).await?;
                req = req.bearer_auth(t);
            }
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| Self::transport_err(&method, &url, e))?;
        Ok((url, resp))
    }

    async fn check(
        method: &Method,
        url: &str,
        resp: reqwest::Response,
    ) -> Result<reqwest::Response> {
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let body = resp.bytes().await.unwrap_or_default();
        Err(Error::Status {
            method: method.to_string(),
            url: url.to_string(),
            status: status.as_u16(),
            detail: error_detail(status, &body),
        })
    }

    fn accept() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT, HeaderValue::from_static(MANIFEST_ACCEPT));
        h
    }

    /// The digest a tag or digest reference resolves to: HEAD, falling back to GET.
    pub async fn resolve(&self, r: &Reference) -> Result<String> {
        let path = format!("manifests/{}", r.identifier());
        let (url, resp) = self
            .send(r, Method::HEAD, &path, false, Self::accept(), None)
            .await?;
        if resp.status().is_success() {
            if let Some(d) = resp
                .headers()
                .get("Docker-Content-Digest")
                .and_then(|v| v.to_str().ok())
                .filter(|d| d.starts_with("sha256:"))
            {
                return Ok(d.to_string());
            }
        }
        let _ = url;
        Ok(self.manifest(r).await?.digest)
    }

    /// Fetches a manifest (or index) by tag or digest.
    pub async fn manifest(&self, r: &Reference) -> Result<Manifest> {
        let path = format!("manifests/{}", r.identifier());
        let (url, resp) = self
            .send(r, Method::GET, &path, false, Self::accept(), None)
            .await?;
        let resp = Self::check(&Method::GET, &url, resp).await?;
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.split(';').next().unwrap_or(s).trim().to_string());
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| Self::transport_err(&Method::GET, &url, e))?
            .to_vec();
        let digest = sha256(&bytes);
        if let Some(pinned) = &r.digest {
            if pinned != &digest {
                return Err(Error::Content(format!(
                    "manifest digest mismatch: want {pinned}, got {digest}"
                )));
            }
        }
        let media_type = content_type
            .filter(|c| !c.is_empty() && c != "application/json")
            .or_else(|| {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| v["mediaType"].as_str().map(String::from))
            })
            .unwrap_or_else(|| OCI_MANIFEST.to_string());
        Ok(Manifest {
            bytes,
            media_type,
            digest,
        })
    }

    /// The image manifest for `r`: an index resolves to its `linux/amd64` entry (else its
    /// first), as go-containerregistry's default platform does.
    pub async fn image_manifest(&self, r: &Reference) -> Result<Manifest> {
        let m = self.manifest(r).await?;
        if m.media_type != OCI_INDEX && m.media_type != DOCKER_MANIFEST_LIST {
            return Ok(m);
        }
        let index = m.json()?;
        let entries = index["manifests"].as_array().cloned().unwrap_or_default();
        let pick = entries
            .iter()
            .find(|e| e["platform"]["os"] == "linux" && e["platform"]["architecture"] == "amd64")
            .or_else(|| entries.first())
            .and_then(|e| e["digest"].as_str())
            .ok_or_else(|| Error::Content("image index has no manifests".into()))?;
        let mut child = r.clone();
        child.digest = Some(pick.to_string());
        self.manifest(&child).await
    }

    /// Streams a blob; the caller checks its digest ([`DigestWriter`]).
    pub async fn blob(&self, r: &Reference, digest: &str) -> Result<reqwest::Response> {
        let (url, resp) = self
            .send(
                r,
                Method::GET,
                &format!("blobs/{digest}"),
                false,
                HeaderMap::new(),
                None,
            )
            .await?;
        Self::check(&Method::GET, &url, resp).await
    }

    /// Downloads a blob into memory, checking its digest.
    pub async fn blob_bytes(&self, r: &Reference, digest: &str) -> Result<Vec<u8>> {
        let mut resp = self.blob(r, digest).await?;
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| Error::Transport {
            method: "GET".into(),
            url: format!("blobs/{digest}"),
            message: e.without_url().to_string(),
        })? {
            out.extend_from_slice(&chunk);
        }
        let got = sha256(&out);
        if got != digest {
            return Err(Error::Content(format!(
                "blob digest mismatch: want {digest}, got {got}"
            )));
        }
        Ok(out)
    }

    /// Downloads a blob into `file` as it arrives, checking its digest; memory stays at one
    /// chunk whatever the blob's size.
    pub async fn blob_to_file(
        &self,
        r: &Reference,
        digest: &str,
        file: &mut std::fs::File,
    ) -> Result<u64> {
        use std::io::Write;
        let mut resp = self.blob(r, digest).await?;
        let mut hasher = sha2::Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = resp.chunk().await.map_err(|e| Error::Transport {
            method: "GET".into(),
            url: format!("blobs/{digest}"),
            message: e.without_url().to_string(),
        })? {
            hasher.update(&chunk);
            size += chunk.len() as u64;
            file.write_all(&chunk)
                .map_err(|e| Error::Content(format!("writing blob {digest}: {e}")))?;
        }
        let got = format!("sha256:{}", hex::encode(hasher.finalize()));
        if got != digest {
            return Err(Error::Content(format!(
                "blob digest mismatch: want {digest}, got {got}"
            )));
        }
        Ok(size)
    }

    /// Every tag of the repository, page by page.
    pub async fn list_tags(&self, r: &Reference) -> Result<Vec<String>> {
        let st = self.registry_state(r).await?;
        let first = format!(
            "{}://{}/v2/{}/tags/list?n=1000",
            st.scheme, r.registry, r.repository
        );
        let mut next = Some(first);
        let mut tags = vec![];
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > 10_000 {
                return Err(Error::Content("too many tag pages".into()));
            }
            let (url, resp) = self
                .send(r, Method::GET, &url, false, HeaderMap::new(), None)
                .await?;
            let resp = Self::check(&Method::GET, &url, resp).await?;
            let link = resp
                .headers()
                .get(LINK)
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            #[derive(serde::Deserialize)]
            struct Page {
                tags: Option<Vec<String>>,
            }
            let body = resp
                .bytes()
                .await
                .map_err(|e| Self::transport_err(&Method::GET, &url, e))?;
            let page: Page = serde_json::from_slice(&body)
                .map_err(|e| Error::Content(format!("GET {url}: invalid tag list: {e}")))?;
            tags.extend(page.tags.unwrap_or_default());
            if let Some(link) = link {
                next = next_link(&url, &link)?;
            }
        }
        Ok(tags)
    }

    /// The referrers of `digest` with `artifact_type` (every referrer when empty; OCI 1.1
    /// referrers API): the index, or
    /// `None` when the registry has no referrers API (404), so callers fall back to the
    /// referrers tag schema.
    pub async fn referrers(
        &self,
        r: &Reference,
        digest: &str,
        artifact_type: &str,
    ) -> Result<Option<serde_json::Value>> {
        let path = if artifact_type.is_empty() {
            format!("referrers/{digest}")
        } else {
            format!(
                "referrers/{digest}?artifactType={}",
                percent_encoding::utf8_percent_encode(
                    artifact_type,
                    percent_encoding::NON_ALPHANUMERIC
                )
            )
        };
        let mut h = HeaderMap::new();
        h.insert(ACCEPT, HeaderValue::from_static(OCI_INDEX));
        let (url, resp) = self.send(r, Method::GET, &path, false, h, None).await?;
        if resp.status().as_u16() == 404 {
            return Ok(None);
        }
        let resp = Self::check(&Method::GET, &url, resp).await?;
        let body = resp
            .bytes()
            .await
            .map_err(|e| Self::transport_err(&Method::GET, &url, e))?;
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|e| Error::Content(format!("GET {url}: invalid referrers index: {e}")))
    }

    /// Whether the repository holds the blob.
    pub async fn blob_exists(&self, r: &Reference, digest: &str) -> Result<bool> {
        let (url, resp) = self
            .send(
                r,
                Method::HEAD,
                &format!("blobs/{digest}"),
                true,
                HeaderMap::new(),
                None,
            )
            .await?;
        match resp.status() {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            _ => Self::check(&Method::HEAD, &url, resp).await.map(|_| false),
        }
    }

    /// Uploads a blob (monolithic: POST, then PUT with the digest) unless present.
    pub async fn push_blob(&self, r: &Reference, bytes: Vec<u8>) -> Result<String> {
        let digest = sha256(&bytes);
        if self.blob_exists(r, &digest).await? {
            return Ok(digest);
        }
        let (url, resp) = self
            .send(
                r,
                Method::POST,
                "blobs/uploads/",
                true,
                HeaderMap::new(),
                None,
            )
            .await?;
        let resp = Self::check(&Method::POST, &url, resp).await?;
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| Error::Content(format!("POST {url}: no Location header")))?;
        let mut put = reqwest::Url::parse(&url)
            .and_then(|base| base.join(location))
            .map_err(|e| Error::Content(format!("POST {url}: invalid Location: {e}")))?;
        put.query_pairs_mut().append_pair("digest", &digest);
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        let (url, resp) = self
            .send(r, Method::PUT, put.as_str(), true, h, Some(bytes))
            .await?;
        Self::check(&Method::PUT, &url, resp).await?;
        Ok(digest)
    }

    /// Uploads a manifest under `reference` (a tag or its digest); returns its digest.
    pub async fn push_manifest(
        &self,
        r: &Reference,
        reference: &str,
        bytes: Vec<u8>,
        media_type: &str,
    ) -> Result<String> {
        let digest = sha256(&bytes);
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_str(media_type)
                .map_err(|e| Error::Content(format!("invalid media type: {e}")))?,
        );
        let (url, resp) = self
            .send(
                r,
                Method::PUT,
                &format!("manifests/{reference}"),
                true,
                h,
                Some(bytes),
            )
            .await?;
        Self::check(&Method::PUT, &url, resp).await?;
        Ok(digest)
    }
}

/// The `WWW-Authenticate` challenge of a 401 to `/v2/`.
fn parse_challenge(headers: &HeaderMap) -> Challenge {
    for v in headers.get_all(WWW_AUTHENTICATE) {
        let Ok(s) = v.to_str() else { continue };
        let Ok(challenges) = http_auth::parse_challenges(s) else {
            continue;
        };
        for c in challenges {
            if c.scheme.eq_ignore_ascii_case("bearer") {
                let param = |k: &str| {
                    c.params
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v.to_unescaped())
                };
                if let Some(realm) = param("realm") {
                    return Challenge::Bearer {
                        realm,
                        service: param("service"),
                    };
                }
            } else if c.scheme.eq_ignore_ascii_case("basic") {
                return Challenge::Basic;
            }
        }
    }
    Challenge::Basic
}

/// The next page of a paginated listing: the `rel="next"` target of `link`, resolved
/// against `current`, refused unless it keeps the scheme and host.
pub fn next_link(current: &str, link: &str) -> Result<Option<String>> {
    for part in link.split(',') {
        let part = part.trim();
        let Some((target, params)) = part.split_once('>') else {
            continue;
        };
        let target = target.trim().trim_start_matches('<');
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("rel")
                    && v.trim()
                        .trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
            })
        });
        if !is_next {
            continue;
        }
        let base = reqwest::Url::parse(current)
            .map_err(|e| Error::Content(format!("invalid URL {current}: {e}")))?;
        let next = base
            .join(target)
            .map_err(|e| Error::Content(format!("invalid Link target {target:?}: {e}")))?;
        if next.scheme() != base.scheme()
            || next.host_str() != base.host_str()
            || next.port_or_known_default() != base.port_or_known_default()
        {
            return Err(Error::Content(format!(
                "refusing to follow Link to {} from {}",
                next.as_str(),
                base.as_str()
            )));
        }
        return Ok(Some(next.to_string()));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_resolve_relative_and_refuse_other_hosts() {
        let cur = "https://reg.example/v2/a/tags/list?n=2";
        assert_eq!(
            next_link(cur, r#"</v2/a/tags/list?n=2&last=b>; rel="next""#).unwrap(),
            Some("https://reg.example/v2/a/tags/list?n=2&last=b".into())
        );
        assert_eq!(
            next_link(
                cur,
                r#"<https://reg.example/v2/a/tags/list?last=c>; type="x"; rel="next""#
            )
            .unwrap(),
            Some("https://reg.example/v2/a/tags/list?last=c".into())
        );
        assert_eq!(next_link(cur, r#"</x>; rel="prev""#).unwrap(), None);
        assert!(next_link(cur, r#"<https://evil.example/v2/a/tags/list>; rel="next""#).is_err());
        assert!(next_link(cur, r#"<http://reg.example/v2/a/tags/list>; rel="next""#).is_err());
    }

    #[test]
    fn registry_errors_print_codes_and_messages() {
        let body = br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v9"}}]}"#;
        assert_eq!(
            error_detail(StatusCode::NOT_FOUND, body),
            "MANIFEST_UNKNOWN: manifest unknown"
        );
        assert_eq!(
            error_detail(StatusCode::UNAUTHORIZED, b"nope"),
            "unexpected status code 401 Unauthorized"
        );
    }

    #[test]
    fn challenges_are_parsed_from_www_authenticate() {
        let mut h = HeaderMap::new();
        h.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(
                r#"Bearer realm="https://auth.example/token",service="reg.example",scope="x""#,
            ),
        );
        match parse_challenge(&h) {
            Challenge::Bearer { realm, service } => {
                assert_eq!(realm, "https://auth.example/token");
                assert_eq!(service.as_deref(), Some("reg.example"));
            }
            other => panic!("{other:?}"),
        }
        let mut h = HeaderMap::new();
        h.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Basic realm="test""#),
        );
        assert!(matches!(parse_challenge(&h), Challenge::Basic));
    }
}
