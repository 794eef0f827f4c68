//! `generic-oidc` Receivers, the pure part: which configured issuer a bearer token claims to
//! come from, verifying an RS256 ID token against the issuer's JWKS (signature, `iss`, `aud`,
//! `exp`, `nbf`), the provider's CEL `variables` and `validations` over the verified claims,
//! and the spec checks Flux makes before trusting a provider. Discovery and JWKS fetching are
//! I/O and live in `controllers::notification::hooks`.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::api::notification::OIDCProvider;

/// Why a token or a provider configuration was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// The token is malformed, unverifiable or its claims do not match.
    #[error("{0}")]
    Token(String),
    /// A validation expression was false (messages joined) or could not be evaluated.
    #[error("{0}")]
    Validation(String),
    /// The Receiver's `oidcProviders` are not usable.
    #[error("{0}")]
    Spec(String),
}

type Result<T> = std::result::Result<T, Error>;

fn b64(s: &str, what: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| Error::Token(format!("failed to decode token {what}: {e}")))
}

fn json_part(s: &str, what: &str) -> Result<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&b64(s, what)?) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(Error::Token(format!("failed to parse token {what}"))),
    }
}

/// The `iss` claim of a JWT, read without verifying anything: only used to pick the
/// configured provider, whose keys then verify the token.
pub fn unverified_issuer(token: &str) -> Result<String> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(Error::Token(String::from("token is not a JWT")));
    }
    json_part(parts[1], "payload")?
        .get("iss")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .ok_or_else(|| Error::Token(String::from("token is missing the 'iss' claim")))
}

/// The audience a provider expects (Flux's default `notification-controller`).
pub fn audience(p: &OIDCProvider) -> &str {
    p.audience
        .as_deref()
        .filter(|a| !a.is_empty())
        .unwrap_or("notification-controller")
}

/// Verifies an RS256 token with the issuer's JWKS and returns its claims.
pub fn verify(
    token: &str,
    jwks: &Value,
    issuer: &str,
    audience: &str,
    now: i64,
) -> Result<Map<String, Value>> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(Error::Token(String::from("token is not a JWT")));
    }
    let header = json_part(parts[0], "header")?;
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg != "RS256" {
        return Err(Error::Token(format!(
            "failed to verify OIDC token: unsupported signing algorithm {alg:?} (RS256 expected)"
        )));
    }
    let kid = header.get("kid").and_then(Value::as_str);
    let keys: Vec<&Value> = jwks["keys"]
        .as_array()
        .map(|k| {
            k.iter()
                .filter(|k| k["kty"] == "RSA")
                .filter(|k| kid.is_none() || k["kid"].as_str() == kid)
                .collect()
        })
        .unwrap_or_default();
    if keys.is_empty() {
        return Err(Error::Token(format!(
            "failed to verify OIDC token: no RSA key {} in the issuer's JWKS",
            kid.map(|k| format!("with kid {k:?}")).unwrap_or_default()
        )));
    }
    // The signature is checked by jsonwebtoken; the claims below, against `now`.
    let mut signature_only = Validation::new(Algorithm::RS256);
    signature_only.validate_exp = false;
    signature_only.validate_nbf = false;
    signature_only.validate_aud = false;
    signature_only.required_spec_claims.clear();
    let verified = keys.iter().find_map(|k| {
        let key = DecodingKey::from_rsa_components(k["n"].as_str()?, k["e"].as_str()?).ok()?;
        jsonwebtoken::decode::<Map<String, Value>>(token, &key, &signature_only).ok()
    });
    let Some(verified) = verified else {
        return Err(Error::Token(String::from(
            "failed to verify OIDC token: failed to verify signature",
        )));
    };
    let claims = verified.claims;
    if claims.get("iss").and_then(Value::as_str) != Some(issuer) {
        return Err(Error::Token(format!(
            "failed to verify OIDC token: issuer did not match the issuer returned by provider, expected {issuer:?}"
        )));
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == audience,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(audience)),
        _ => false,
    };
    if !aud_ok {
        return Err(Error::Token(format!(
            "failed to verify OIDC token: expected audience {audience:?}"
        )));
    }
    let exp = claims.get("exp").and_then(Value::as_i64);
    match exp {
        Some(exp) if exp > now => {}
        Some(_) => {
            return Err(Error::Token(String::from(
                "failed to verify OIDC token: token is expired",
            )))
        }
        None => {
            return Err(Error::Token(String::from(
                "failed to verify OIDC token: token has no 'exp' claim",
            )))
        }
    }
    // Clock skew allowance as go-oidc's for "not before".
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_i64) {
        if nbf > now + 300 {
            return Err(Error::Token(String::from(
                "failed to verify OIDC token: token is not valid yet",
            )));
        }
    }
    Ok(claims)
}

/// Evaluates the provider's `variables` (in order, each visible to the next as `vars.<name>`)
/// and then every `validation` over `claims`; the messages of false validations are joined.
pub fn evaluate(p: &OIDCProvider, claims: &Map<String, Value>) -> Result<()> {
    let claims = Value::Object(claims.clone());
    let mut vars = Map::new();
    for v in &p.variables {
        let expr = crate::health::cel::compile(&v.expression).map_err(|e| {
            Error::Validation(format!("invalid expression for variable {:?}: {e}", v.name))
        })?;
        let value = expr
            .eval_json(&[("claims", &claims), ("vars", &Value::Object(vars.clone()))])
            .map_err(|e| {
                Error::Validation(format!("failed to evaluate variable {:?}: {e}", v.name))
            })?;
        vars.insert(v.name.clone(), value);
    }
    let vars = Value::Object(vars);
    let mut failures = vec![];
    for v in &p.validations {
        let expr = crate::health::cel::compile(&v.expression).map_err(|e| {
            Error::Validation(format!(
                "invalid expression for validation {:?}: {e}",
                v.message
            ))
        })?;
        let ok = expr
            .eval_bool(&[("claims", &claims), ("vars", &vars)])
            .map_err(|e| Error::Validation(format!("failed to evaluate validation: {e}")))?;
        if !ok {
            failures.push(v.message.clone());
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(format!(
            "token validation failed: {}",
            failures.join("; ")
        )))
    }
}

/// Flux's checks of `oidcProviders` (what the CRD schema also enforces), plus compiling every
/// expression.
pub fn validate_spec(providers: &[OIDCProvider]) -> Result<()> {
    if providers.is_empty() {
        return Err(Error::Spec(String::from(
            "generic-oidc receiver has no oidcProviders configured",
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in providers.iter().enumerate() {
        let at = format!("oidcProviders[{i}] (issuerURL={:?})", p.issuer_url);
        if !(p.issuer_url.starts_with("http://") || p.issuer_url.starts_with("https://")) {
            return Err(Error::Spec(format!(
                "oidcProviders[{i}]: issuerURL {:?} must start with http:// or https://",
                p.issuer_url
            )));
        }
        if !seen.insert(p.issuer_url.as_str()) {
            return Err(Error::Spec(format!(
                "oidcProviders[{i}]: duplicate issuerURL {:?}",
                p.issuer_url
            )));
        }
        if p.validations.is_empty() {
            return Err(Error::Spec(format!(
                "{at}: at least one validation is required; without validations any caller able to obtain a token from this issuer can trigger the Receiver"
            )));
        }
        for (j, v) in p.variables.iter().enumerate() {
            if v.name.is_empty() || v.expression.is_empty() {
                return Err(Error::Spec(format!(
                    "{at}: variables[{j}]: name and expression are required"
                )));
            }
            crate::health::cel::compile(&v.expression)
                .map_err(|e| Error::Spec(format!("{at}: variables[{j}]: {e}")))?;
        }
        for (j, v) in p.validations.iter().enumerate() {
            if v.expression.is_empty() || v.message.is_empty() {
                return Err(Error::Spec(format!(
                    "{at}: validations[{j}]: expression and message are required"
                )));
            }
            crate::health::cel::compile(&v.expression)
                .map_err(|e| Error::Spec(format!("{at}: validations[{j}]: {e}")))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An RSA key made by the openssl CLI, its JWK, and a signer of tokens.
    struct Issuer {
        key: jsonwebtoken::EncodingKey,
        jwks: Value,
    }

    impl Issuer {
        fn new() -> Issuer {
            let pem = crate::notify::openssl_rsa_pem();
            let (_, modulus) = crate::notify::openssl_rsa_public(&pem);
            let enc = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
            let jwks = json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
                "n": enc(&modulus), "e": enc(&[1, 0, 1])}]});
            let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
            Issuer { key, jwks }
        }

        fn token(&self, claims: &Value) -> String {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
            header.kid = Some("k1".into());
            jsonwebtoken::encode(&header, claims, &self.key).unwrap()
        }
    }

    fn provider(validations: &[(&str, &str)]) -> OIDCProvider {
        serde_json::from_value(json!({
            "issuerURL": "https://token.actions.example",
            "variables": [{"name": "repo", "expression": "claims.repository"}],
            "validations": validations.iter().map(|(e, m)| json!({"expression": e, "message": m})).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn a_token_signed_by_the_issuer_verifies_and_anything_else_is_refused() {
        let iss = Issuer::new();
        let now = 1_796_202_000;
        let good = json!({"iss": "https://token.actions.example", "aud": ["notification-controller"],
            "exp": now + 60, "iat": now, "repository": "org/app"});
        let token = iss.token(&good);
        assert_eq!(
            unverified_issuer(&token).unwrap(),
            "https://token.actions.example"
        );
        let claims = verify(
            &token,
            &iss.jwks,
            "https://token.actions.example",
            "notification-controller",
            now,
        )
        .unwrap();
        assert_eq!(claims["repository"], "org/app");
        let refused = |t: &str, aud: &str| {
            verify(t, &iss.jwks, "https://token.actions.example", aud, now)
                .unwrap_err()
                .to_string()
        };
        // Wrong audience, expired, another issuer's key, a tampered payload.
        assert!(refused(&token, "other").contains("expected audience"));
        let mut expired = good.clone();
        expired["exp"] = json!(now - 1);
        assert!(refused(&iss.token(&expired), "notification-controller").contains("expired"));
        let other = Issuer::new();
        assert!(refused(&other.token(&good), "notification-controller").contains("signature"));
        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = good.clone();
        forged["repository"] = json!("evil/app");
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string()),
            parts[2]
        );
        assert!(refused(&forged, "notification-controller").contains("signature"));
        let mut wrong_iss = good.clone();
        wrong_iss["iss"] = json!("https://elsewhere.example");
        assert!(refused(&iss.token(&wrong_iss), "notification-controller").contains("issuer"));
        assert!(unverified_issuer("not-a-jwt").is_err());
    }

    #[test]
    fn validations_see_claims_and_variables_and_report_every_failure() {
        let claims = json!({"repository": "org/app", "ref": "refs/heads/main"});
        let claims = claims.as_object().unwrap();
        let ok = provider(&[("vars.repo == 'org/app'", "wrong repository")]);
        assert_eq!(evaluate(&ok, claims), Ok(()));
        let bad = provider(&[
            ("vars.repo == 'org/other'", "wrong repository"),
            ("claims.ref == 'refs/heads/release'", "wrong ref"),
            ("true", "never"),
        ]);
        assert_eq!(
            evaluate(&bad, claims).unwrap_err().to_string(),
            "token validation failed: wrong repository; wrong ref"
        );
    }

    #[test]
    fn provider_specs_are_checked_like_fluxs() {
        assert!(validate_spec(&[]).is_err());
        let ok = provider(&[("true", "m")]);
        assert_eq!(validate_spec(std::slice::from_ref(&ok)), Ok(()));
        assert!(validate_spec(&[ok.clone(), ok.clone()])
            .unwrap_err()
            .to_string()
            .contains("duplicate issuerURL"));
        let none = provider(&[]);
        assert!(validate_spec(&[none])
            .unwrap_err()
            .to_string()
            .contains("at least one validation is required"));
        let broken = provider(&[("claims.(", "m")]);
        assert!(validate_spec(&[broken]).is_err());
        assert_eq!(audience(&ok), "notification-controller");
    }
}
