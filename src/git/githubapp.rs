//! GitHub App credentials for Git over HTTPS (a GitRepository with `provider: github`), as
//! fluxcd/pkg/auth's `githubapp` obtains them: the Secret's `githubAppID`,
//! `githubAppInstallationID` or `githubAppInstallationOwner`, `githubAppPrivateKey` (RSA PEM)
//! and optional `githubAppBaseURL` (GitHub Enterprise's API); an RS256 JWT issued by the app
//! (issued 30 s in the past, valid two minutes) buys an installation access token, used as the
//! password of the user `x-access-token`.

use std::collections::BTreeMap;

/// The Secret keys of GitHub App data.
pub const KEY_APP_ID: &str = "githubAppID";
const KEY_INSTALLATION_ID: &str = "githubAppInstallationID";
const KEY_INSTALLATION_OWNER: &str = "githubAppInstallationOwner";
const KEY_PRIVATE_KEY: &str = "githubAppPrivateKey";
const KEY_BASE_URL: &str = "githubAppBaseURL";

/// The Git user of installation tokens.
pub const ACCESS_TOKEN_USERNAME: &str = "x-access-token";

/// GitHub App data from a Secret.
#[derive(Clone)]
pub struct App {
    app_id: i64,
    installation_id: i64,
    installation_owner: String,
    private_key: String,
    api: String,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("app_id", &self.app_id)
            .field("api", &self.api)
            .finish_non_exhaustive()
    }
}

/// Whether a Secret holds GitHub App data (its `githubAppID`).
pub fn has_app_data(data: &BTreeMap<String, String>) -> bool {
    data.get(KEY_APP_ID).is_some_and(|v| !v.is_empty())
}

impl App {
    /// Reads and checks the Secret's data with Flux's messages.
    pub fn from_secret(data: &BTreeMap<String, String>) -> Result<App, String> {
        let get = |k: &str| {
            data.get(k)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let app_id: i64 = get(KEY_APP_ID).parse().unwrap_or(0);
        if app_id == 0 {
            return Err(String::from(
                "app ID must be provided to use github app authentication",
            ));
        }
        let installation_id: i64 = get(KEY_INSTALLATION_ID).parse().unwrap_or(0);
        let installation_owner = get(KEY_INSTALLATION_OWNER);
        if installation_owner.is_empty() && installation_id == 0 {
            return Err(String::from(
                "app installation owner or ID must be provided to use github app authentication",
            ));
        }
        if !installation_owner.is_empty() && installation_id != 0 {
            return Err(String::from(
                "only one of app installation owner or ID must be provided to use github app authentication",
            ));
        }
        let private_key = data.get(KEY_PRIVATE_KEY).cloned().unwrap_or_default();
        if private_key.is_empty() {
            return Err(String::from(
                "private key must be provided to use github app authentication",
            ));
        }
        jsonwebtoken::EncodingKey::from_rsa_pem(private_key.as_bytes())
            .map_err(|e| format!("could not parse private key: {e}"))?;
        let mut api = get(KEY_BASE_URL);
        if api.is_empty() {
            api = String::from("https://api.github.com/");
        }
        if !api.ends_with('/') {
            api.push('/');
        }
        Ok(App {
            app_id,
            installation_id,
            installation_owner,
            private_key,
            api,
        })
    }

    fn jwt(&self) -> Result<String, String> {
        let iat = chrono::Utc::now().timestamp() - 30;
        let claims =
            serde_json::json!({"iat": iat, "exp": iat + 120, "iss": self.app_id.to_string()});
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(self.private_key.as_bytes())
            .map_err(|e| format!("could not parse private key: {e}"))?;
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &key,
        )
        .map_err(|e| e.to_string())
    }

    async fn call(
        &self,
        http: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        jwt: &str,
    ) -> Result<(u16, serde_json::Value), String> {
        let url = format!("{}{path}", self.api);
        let resp = http
            .request(method.clone(), &url)
            .header("Authorization", format!("Bearer {jwt}"))
            .header("Accept", "application/vnd.github+json")
            .header("User-Agent", format!("flux/{}", crate::version::version()))
            .send()
            .await
            .map_err(|e| format!("{method} {url}: {}", crate::http_error_message(e)))?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.unwrap_or_default();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(format!(
                "{method} {url}: {status} {} []",
                v["message"].as_str().unwrap_or_default()
            ));
        }
        Ok((status, v))
    }

    /// An installation access token (the owner's installation found as an organisation's,
    /// then a user's).
    pub async fn installation_token(&self, http: &reqwest::Client) -> Result<String, String> {
        let jwt = self.jwt()?;
        let id = if self.installation_id != 0 {
            self.installation_id
        } else {
            let owner = &self.installation_owner;
            let org = self
                .call(
                    http,
                    reqwest::Method::GET,
                    &format!("orgs/{owner}/installation"),
                    &jwt,
                )
                .await;
            let found = match org {
                Ok((_, v)) => v["id"].as_i64(),
                Err(org_err) => {
                    match self
                        .call(http, reqwest::Method::GET, &format!("users/{owner}/installation"), &jwt)
                        .await
                    {
                        Ok((_, v)) => v["id"].as_i64(),
                        Err(user_err) => {
                            return Err(format!(
                                "failed to find organization installation: {org_err}\nfailed to find user installation: {user_err}"
                            ))
                        }
                    }
                }
            };
            found.ok_or_else(|| String::from("the installation has no id"))?
        };
        let (_, v) = self
            .call(
                http,
                reqwest::Method::POST,
                &format!("app/installations/{id}/access_tokens"),
                &jwt,
            )
            .await?;
        v["token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| String::from("the access token response has no token"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_data_is_checked_with_fluxs_messages() {
        let d = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let e = App::from_secret(&d(&[])).unwrap_err();
        assert_eq!(
            e,
            "app ID must be provided to use github app authentication"
        );
        let e = App::from_secret(&d(&[(KEY_APP_ID, "1")])).unwrap_err();
        assert_eq!(
            e,
            "app installation owner or ID must be provided to use github app authentication"
        );
        let e = App::from_secret(&d(&[
            (KEY_APP_ID, "1"),
            (KEY_INSTALLATION_ID, "2"),
            (KEY_INSTALLATION_OWNER, "org"),
        ]))
        .unwrap_err();
        assert!(
            e.starts_with("only one of app installation owner or ID"),
            "{e}"
        );
        let e = App::from_secret(&d(&[(KEY_APP_ID, "1"), (KEY_INSTALLATION_ID, "2")])).unwrap_err();
        assert_eq!(
            e,
            "private key must be provided to use github app authentication"
        );
        let e = App::from_secret(&d(&[
            (KEY_APP_ID, "1"),
            (KEY_INSTALLATION_ID, "2"),
            (KEY_PRIVATE_KEY, "not a key"),
        ]))
        .unwrap_err();
        assert!(e.starts_with("could not parse private key: "), "{e}");
        assert!(has_app_data(&d(&[(KEY_APP_ID, "1")])));
        assert!(!has_app_data(&d(&[("username", "x")])));
    }
}
