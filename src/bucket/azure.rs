//! The Azure Blob Storage client of the `azure` Bucket provider, over the documented Blob
//! REST API: the container's existence (List Blobs with `maxresults=1`: `ContainerNotFound`
//! means no), the listing under a prefix (List Blobs, `marker` paging, XML) and blob
//! downloads (Get Blob).
//!
//! Credentials, as source-controller reads its Secret: `accountKey` (Shared Key
//! authorization: HMAC-SHA256 over the canonicalised request, the account name taken from the
//! endpoint's first DNS label), `sasKey` (a SAS token merged into the endpoint's query), or
//! `tenantId` + `clientId` + `clientSecret` (a Microsoft Entra client-credentials token for
//! `https://storage.azure.com/.default`, at `authorityHost` when given). Without a Secret the
//! workload-identity chain would be used; it is not supported. Etags follow Flux: listings
//! give the etag hex-encoded (`%x` of the string), downloads the raw `ETag` header, which then
//! replaces it in the index.

use std::path::Path;

use base64::Engine;
use hmac::Mac;

use super::s3::{http_client, Options};
use super::Error;

/// The Blob service version the requests name.
const VERSION: &str = "2025-01-05";

/// How requests are authorised.
enum Auth {
    /// Shared Key: account name and decoded key.
    SharedKey(String, Vec<u8>),
    /// A SAS token (query string without `?`).
    Sas(String),
    /// An OAuth bearer token.
    Bearer(String),
}

/// A client for one container.
pub struct Client {
    http: reqwest::Client,
    endpoint: url::Url,
    container: String,
    auth: Auth,
}

fn transport(e: reqwest::Error) -> Error {
    Error::Transport {
        message: e.without_url().to_string(),
    }
}

/// Checks the Secret as source-controller's `ValidateSecret` does; returns which fields it
/// uses. Messages name the Secret and fields, never values.
pub fn validate_secret(
    name: &str,
    data: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let has = |k: &str| data.contains_key(k);
    let ok =
        (has("tenantId") && has("clientId") && (has("clientSecret") || has("clientCertificate")))
            || has("clientId")
            || has("accountKey")
            || has("sasKey")
            || has("authorityHost");
    if ok {
        Ok(())
    } else {
        Err(format!("invalid '{name}' secret data: requires a 'clientId' or 'accountKey' field, a combination of 'tenantId', 'clientId' and 'clientSecret', or 'tenantId', 'clientId' and 'clientCertificate'"))
    }
}

/// The storage account name: the endpoint host's first label.
fn account_name(endpoint: &url::Url) -> Result<String, String> {
    let host = endpoint.host_str().unwrap_or_default();
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() <= 2 {
        return Err(format!(
            "failed to extract account name from endpoint: expected '{host}' to be a subdomain"
        ));
    }
    Ok(parts[0].to_string())
}

/// The Shared Key signature of a request (Blob service, version 2009-09-19 and later).
pub fn shared_key_signature(
    account: &str,
    key: &[u8],
    method: &str,
    url: &url::Url,
    headers: &[(String, String)],
) -> String {
    let header = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut ms: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| k.to_ascii_lowercase().starts_with("x-ms-"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    ms.sort();
    let mut canonical_headers = String::new();
    for (k, v) in ms {
        canonical_headers.push_str(&format!("{k}:{v}\n"));
    }
    let mut resource = format!("/{account}{}", url.path());
    let mut params: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (k, v) in url.query_pairs() {
        params
            .entry(k.to_ascii_lowercase())
            .or_default()
            .push(v.into_owned());
    }
    for (k, mut vs) in params {
        vs.sort();
        resource.push_str(&format!("\n{k}:{}", vs.join(",")));
    }
    let length = header("Content-Length");
    let length = if length == "0" { String::new() } else { length };
    let to_sign = format!(
        "{method}\n{}\n{}\n{length}\n{}\n{}\n\n{}\n{}\n{}\n{}\n{}\n{canonical_headers}{resource}",
        header("Content-Encoding"),
        header("Content-Language"),
        header("Content-MD5"),
        header("Content-Type"),
        header("If-Modified-Since"),
        header("If-Match"),
        header("If-None-Match"),
        header("If-Unmodified-Since"),
        header("Range"),
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// An Azure error body: `<Error><Code>…</Code><Message>…</Message></Error>` or the
/// `x-ms-error-code` header.
async fn azure_error(resp: reqwest::Response) -> Error {
    let status = resp.status();
    let header_code = resp
        .headers()
        .get("x-ms-error-code")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let body = resp.bytes().await.unwrap_or_default();
    #[derive(serde::Deserialize, Default)]
    struct Doc {
        #[serde(rename = "Code", default)]
        code: String,
        #[serde(rename = "Message", default)]
        message: String,
    }
    let doc: Doc = quick_xml::de::from_reader(&body[..]).unwrap_or_default();
    let code = header_code.unwrap_or(doc.code);
    let message = doc.message.lines().next().unwrap_or_default().to_string();
    Error::Status {
        status: status.as_u16(),
        code: if code == "BlobNotFound" {
            "NoSuchKey".into()
        } else {
            code.clone()
        },
        message: format!(
            "{} {}{}",
            status.as_u16(),
            code,
            if message.is_empty() {
                String::new()
            } else {
                format!(": {message}")
            }
        ),
    }
}

impl Client {
    /// A client for `container` at `o.endpoint` with the Secret's credentials.
    pub async fn new(
        container: &str,
        o: &Options,
        secret: Option<(&str, &std::collections::BTreeMap<String, Vec<u8>>)>,
    ) -> Result<Client, Error> {
        let bad = |m: String| Error::Endpoint {
            endpoint: o.endpoint.clone(),
            message: m,
        };
        let http = http_client(o).map_err(bad)?;
        let endpoint = url::Url::parse(&o.endpoint)
            .map_err(|e| bad(format!("unable to parse endpoint URL: {e}")))?;
        let text = |d: &std::collections::BTreeMap<String, Vec<u8>>, k: &str| {
            d.get(k).map(|v| String::from_utf8_lossy(v).into_owned())
        };
        let auth = match secret {
            None => {
                return Err(Error::Content(
                    "Azure workload identity is not supported by this build: set spec.secretRef to a Secret with 'accountKey', 'sasKey' or 'tenantId'/'clientId'/'clientSecret'".into(),
                ))
            }
            Some((name, d)) => {
                if let (Some(tenant), Some(client_id), Some(client_secret)) = (
                    text(d, "tenantId"),
                    text(d, "clientId"),
                    text(d, "clientSecret").filter(|s| !s.is_empty()),
                ) {
                    let authority = text(d, "authorityHost")
                        .unwrap_or_else(|| "https://login.microsoftonline.com/".into());
                    Auth::Bearer(
                        Self::client_credentials(&http, &authority, &tenant, &client_id, &client_secret)
                            .await
                            .map_err(|m| {
                                Error::Content(format!(
                                    "failed to create token credential from '{name}' Secret: {m}"
                                ))
                            })?,
                    )
                } else if let Some(key) = text(d, "accountKey") {
                    let account = account_name(&endpoint).map_err(|m| {
                        Error::Content(format!(
                            "failed to create shared credential from '{name}' Secret data: {m}"
                        ))
                    })?;
                    let key = base64::engine::general_purpose::STANDARD
                        .decode(key.trim())
                        .map_err(|_| {
                            Error::Content(format!(
                                "failed to create shared credential from '{name}' Secret data: the account key is not base64"
                            ))
                        })?;
                    Auth::SharedKey(account, key)
                } else if let Some(sas) = text(d, "sasKey") {
                    Auth::Sas(sas.trim_start_matches('?').to_string())
                } else {
                    return Err(Error::Content(format!(
                        "the '{name}' Secret's credentials are not supported by this build"
                    )));
                }
            }
        };
        Ok(Client {
            http,
            endpoint,
            container: container.to_string(),
            auth,
        })
    }

    /// Microsoft Entra client credentials grant for the storage scope.
    async fn client_credentials(
        http: &reqwest::Client,
        authority: &str,
        tenant: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<String, String> {
        let url = format!(
            "{}/{tenant}/oauth2/v2.0/token",
            authority.trim_end_matches('/')
        );
        let resp = http
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", client_secret),
                ("scope", "https://storage.azure.com/.default"),
            ])
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if !status.is_success() {
            return Err(format!(
                "authentication failed: {status} {}",
                v["error"].as_str().unwrap_or_default()
            ));
        }
        v["access_token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| "the token response has no access_token".to_string())
    }

    /// Sends a GET for `path` under the endpoint with `query`, authorised.
    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<reqwest::Response, Error> {
        let mut url = self.endpoint.clone();
        let base = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base}{path}"));
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        if let Auth::Sas(sas) = &self.auth {
            let existing = url.query().map(String::from).unwrap_or_default();
            let joined = if existing.is_empty() {
                sas.clone()
            } else {
                format!("{existing}&{sas}")
            };
            url.set_query(Some(&joined));
        }
        let date = chrono::Utc::now()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let headers = vec![
            ("x-ms-date".to_string(), date),
            ("x-ms-version".to_string(), VERSION.to_string()),
        ];
        let mut req = self.http.get(url.as_str());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        match &self.auth {
            Auth::SharedKey(account, key) => {
                let sig = shared_key_signature(account, key, "GET", &url, &headers);
                req = req.header("Authorization", format!("SharedKey {account}:{sig}"));
            }
            Auth::Bearer(t) => req = req.bearer_auth(t),
            Auth::Sas(_) => {}
        }
        let resp = req.send().await.map_err(transport)?;
        if resp.status().is_success() {
            Ok(resp)
        } else {
            Err(azure_error(resp).await)
        }
    }

    fn container_path(&self) -> String {
        format!(
            "/{}",
            percent_encoding::utf8_percent_encode(
                &self.container,
                percent_encoding::NON_ALPHANUMERIC
            )
        )
    }

    /// Whether the container exists.
    pub async fn bucket_exists(&self) -> Result<bool, Error> {
        let path = self.container_path();
        match self
            .get(&path, &[("restype", "container"), ("comp", "list"), ("maxresults", "1")])
            .await
        {
            Ok(_) => Ok(true),
            Err(Error::Status { code, .. }) if code == "ContainerNotFound" => Ok(false),
            Err(Error::Status { code, message, .. }) if code == "AuthenticationFailed" => {
                Err(Error::Content(format!("the specified bucket name may be incorrect, nonexistent, or the caller might lack sufficient permissions to access it: {message}")))
            }
            Err(e) => Err(e),
        }
    }

    /// Every blob under `prefix`, its etag hex-encoded as Flux records it.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, String)>, Error> {
        #[derive(serde::Deserialize, Default)]
        struct Props {
            #[serde(rename = "Etag", default)]
            etag: String,
        }
        #[derive(serde::Deserialize)]
        struct Blob {
            #[serde(rename = "Name")]
            name: String,
            #[serde(rename = "Properties", default)]
            properties: Props,
        }
        #[derive(serde::Deserialize, Default)]
        struct Blobs {
            #[serde(rename = "Blob", default)]
            blob: Vec<Blob>,
        }
        #[derive(serde::Deserialize)]
        struct Results {
            #[serde(rename = "Blobs", default)]
            blobs: Blobs,
            #[serde(rename = "NextMarker", default)]
            next: Option<String>,
        }
        let path = self.container_path();
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut q = vec![("restype", "container"), ("comp", "list")];
            if !prefix.is_empty() {
                q.push(("prefix", prefix));
            }
            if let Some(m) = &marker {
                q.push(("marker", m));
            }
            let body = self
                .get(&path, &q)
                .await?
                .bytes()
                .await
                .map_err(transport)?;
            let r: Results = quick_xml::de::from_reader(&body[..])
                .map_err(|e| Error::Content(format!("invalid listing: {e}")))?;
            out.extend(
                r.blobs
                    .blob
                    .into_iter()
                    .map(|b| (b.name, hex::encode(b.properties.etag.as_bytes()))),
            );
            match r.next.filter(|m| !m.is_empty()) {
                Some(m) => marker = Some(m),
                None => break,
            }
        }
        Ok(out)
    }

    /// Downloads `name` to `path`; returns the `ETag` header as sent.
    pub async fn get_to_file(&self, name: &str, path: &Path) -> Result<String, Error> {
        let blob_path = format!(
            "{}/{}",
            self.container_path(),
            name.split('/')
                .map(|s| percent_encoding::utf8_percent_encode(
                    s,
                    percent_encoding::NON_ALPHANUMERIC
                )
                .to_string())
                .collect::<Vec<_>>()
                .join("/")
        );
        let mut resp = self.get(&blob_path, &[]).await?;
        let etag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
            .unwrap_or_default();
        super::write_body(&mut resp, path).await?;
        Ok(etag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_come_from_the_endpoint_subdomain() {
        let u = url::Url::parse("https://acct.blob.core.windows.net").unwrap();
        assert_eq!(account_name(&u).unwrap(), "acct");
        // As in Flux, an IP address gives its first label.
        let u = url::Url::parse("http://127.0.0.1:10000").unwrap();
        assert_eq!(account_name(&u).unwrap(), "127");
        let u = url::Url::parse("http://localhost:10000").unwrap();
        assert!(account_name(&u).unwrap_err().contains("to be a subdomain"));
    }

    #[test]
    fn shared_key_signatures_follow_the_documented_string_to_sign() {
        let url = url::Url::parse(
            "https://acct.blob.core.windows.net/c?restype=container&comp=list&prefix=a%2F",
        )
        .unwrap();
        let headers = vec![
            (
                "x-ms-date".to_string(),
                "Thu, 03 Dec 2026 12:00:00 GMT".to_string(),
            ),
            ("x-ms-version".to_string(), VERSION.to_string()),
        ];
        let key = b"secret-key-bytes";
        let sig = shared_key_signature("acct", key, "GET", &url, &headers);
        let to_sign = format!("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Thu, 03 Dec 2026 12:00:00 GMT\nx-ms-version:{VERSION}\n/acct/c\ncomp:list\nprefix:a/\nrestype:container");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        mac.update(to_sign.as_bytes());
        assert_eq!(
            sig,
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        );
    }
}
