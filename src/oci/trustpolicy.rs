//! Notation trust policy documents (`trustpolicy.json`), checked as notation-go v1.3's
//! `trustpolicy.Document.Validate` checks them: version `1.0`, named and unique statements,
//! signature verification levels and overrides, trust stores `<type>:<name>`, trusted
//! identities (`*` alone, or `x509.subject:` distinguished names with C, ST and O that do not
//! overlap), registry scopes (`*` alone, or fully qualified repositories, each in one
//! statement). Used by `flux create secret notation`; messages are notation-go's.

use std::collections::BTreeMap;

use serde_json::Value;

/// Why a document is refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a trust policy document (Go's `json.Unmarshal` message).
    #[error("{0}")]
    Json(String),
    /// The document breaks a rule.
    #[error("{0}")]
    Invalid(String),
}

fn invalid(m: impl Into<String>) -> Error {
    Error::Invalid(m.into())
}

fn go_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn mismatch(v: &Value, field: &str, ty: &str) -> Error {
    Error::Json(format!(
        "json: cannot unmarshal {} into Go struct field {field} of type {ty}",
        go_kind(v)
    ))
}

fn string_of(v: Option<&Value>, field: &str) -> Result<String, Error> {
    match v {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(mismatch(other, field, "string")),
    }
}

fn strings_of(v: Option<&Value>, field: &str) -> Result<Vec<String>, Error> {
    match v {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.clone()),
                other => Err(mismatch(other, field, "string")),
            })
            .collect(),
        Some(other) => Err(mismatch(other, field, "[]string")),
    }
}

/// One trust policy statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// Name.
    pub name: String,
    /// Registry scopes (`*` or `host/repository`).
    pub scopes: Vec<String>,
    /// Verification level.
    pub level: String,
    /// Overrides of the level's actions.
    pub overrides: BTreeMap<String, String>,
    /// `verifyTimestamp`.
    pub verify_timestamp: String,
    /// Trust stores (`<type>:<name>`).
    pub stores: Vec<String>,
    /// Trusted identities (`*` or `x509.subject: <DN>`).
    pub identities: Vec<String>,
}

/// Parses and validates a trust policy document.
pub fn validate_document(bytes: &[u8]) -> Result<(), Error> {
    parse_document(bytes).map(|_| ())
}

/// Parses and validates a trust policy document; returns its statements.
pub fn parse_document(bytes: &[u8]) -> Result<Vec<Statement>, Error> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| Error::Json(e.to_string()))?;
    let Value::Object(doc) = doc else {
        return Err(Error::Json(format!(
            "json: cannot unmarshal {} into Go value of type trustpolicy.Document",
            go_kind(&doc)
        )));
    };
    let version = string_of(doc.get("version"), "Document.version")?;
    let mut statements = Vec::new();
    match doc.get("trustPolicies") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let Value::Object(o) = item else {
                    return Err(mismatch(
                        item,
                        "Document.trustPolicies",
                        "trustpolicy.TrustPolicy",
                    ));
                };
                let sv = match o.get("signatureVerification") {
                    None | Some(Value::Null) => serde_json::Map::new(),
                    Some(Value::Object(m)) => m.clone(),
                    Some(other) => {
                        return Err(mismatch(
                            other,
                            "TrustPolicy.trustPolicies.signatureVerification",
                            "trustpolicy.SignatureVerification",
                        ))
                    }
                };
                let mut overrides = BTreeMap::new();
                if let Some(Value::Object(m)) = sv.get("override") {
                    for (k, v) in m {
                        overrides.insert(
                            k.clone(),
                            string_of(Some(v), "SignatureVerification.trustPolicies.signatureVerification.override")?,
                        );
                    }
                }
                statements.push(Statement {
                    name: string_of(o.get("name"), "TrustPolicy.trustPolicies.name")?,
                    scopes: strings_of(
                        o.get("registryScopes"),
                        "TrustPolicy.trustPolicies.registryScopes",
                    )?,
                    level: string_of(
                        sv.get("level"),
                        "SignatureVerification.trustPolicies.signatureVerification.level",
                    )?,
                    overrides,
                    verify_timestamp: string_of(
                        sv.get("verifyTimestamp"),
                        "SignatureVerification.trustPolicies.signatureVerification.verifyTimestamp",
                    )?,
                    stores: strings_of(
                        o.get("trustStores"),
                        "TrustPolicy.trustPolicies.trustStores",
                    )?,
                    identities: strings_of(
                        o.get("trustedIdentities"),
                        "TrustPolicy.trustPolicies.trustedIdentities",
                    )?,
                });
            }
        }
        Some(other) => {
            return Err(mismatch(
                other,
                "Document.trustPolicies",
                "[]trustpolicy.TrustPolicy",
            ))
        }
    }
    validate(&version, &statements)?;
    Ok(statements)
}

fn validate(version: &str, statements: &[Statement]) -> Result<(), Error> {
    if version.is_empty() {
        return Err(invalid(
            "trust policy document has empty version, version must be specified",
        ));
    }
    if version != "1.0" {
        return Err(invalid(format!(
            "trust policy document uses unsupported version {version:?}"
        )));
    }
    if statements.is_empty() {
        return Err(invalid(
            "trust policy document can not have zero trust policy statements",
        ));
    }
    let mut names = std::collections::BTreeSet::new();
    for s in statements {
        if names.contains(&s.name) {
            return Err(invalid(format!(
                "multiple trust policy statements use the same name {:?}, statement names must be unique",
                s.name
            )));
        }
        policy_core(s).map_err(|e| invalid(format!("trust policy: {e}")))?;
        names.insert(s.name.clone());
    }
    registry_scopes(statements)
}

const TYPES: [&str; 5] = [
    "integrity",
    "authenticity",
    "authenticTimestamp",
    "expiry",
    "revocation",
];
const ACTIONS: [&str; 3] = ["enforce", "log", "skip"];

/// `SignatureVerification.GetVerificationLevel`: the level's name (`custom` with overrides).
fn verification_level(s: &Statement) -> Result<&'static str, String> {
    if s.level.is_empty() {
        return Err(
            "signature verification level is empty or missing in the trust policy statement".into(),
        );
    }
    let base = ["strict", "permissive", "audit", "skip"]
        .into_iter()
        .find(|l| *l == s.level)
        .ok_or_else(|| format!("invalid signature verification level {:?}", s.level))?;
    if s.overrides.is_empty() {
        return Ok(base);
    }
    if base == "skip" {
        return Err(format!(
            "signature verification level {base:?} can't be used to customize signature verification"
        ));
    }
    let go_list = |xs: &[&str]| {
        format!(
            "[{}]",
            xs.iter()
                .map(|x| format!("{x:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    for (k, v) in &s.overrides {
        if !TYPES.contains(&k.as_str()) {
            return Err(format!(
                "verification type {k:?} in custom signature verification is not supported, supported values are {}",
                go_list(&TYPES)
            ));
        }
        if !ACTIONS.contains(&v.as_str()) {
            return Err(format!(
                "verification action {v:?} in custom signature verification is not supported, supported values are {}",
                go_list(&ACTIONS)
            ));
        }
        if k == "integrity" {
            return Err(format!(
                "{k:?} verification can not be overridden in custom signature verification"
            ));
        }
        if k != "revocation" && v == "skip" {
            return Err(format!(
                "{k:?} verification can not be skipped in custom signature verification"
            ));
        }
    }
    Ok("custom")
}

fn policy_core(s: &Statement) -> Result<(), String> {
    let name = &s.name;
    if name.is_empty() {
        return Err(
            "a trust policy statement is missing a name, every statement requires a name".into(),
        );
    }
    let level = verification_level(s).map_err(|e| {
        format!("trust policy statement {name:?} has invalid signatureVerification: {e}")
    })?;
    if !s.verify_timestamp.is_empty()
        && s.verify_timestamp != "always"
        && s.verify_timestamp != "afterCertExpiry"
    {
        return Err(format!(
            "trust policy statement {name:?} has invalid signatureVerification: verifyTimestamp must be \"always\" or \"afterCertExpiry\", but got {:?}",
            s.verify_timestamp
        ));
    }
    if level == "skip" {
        if !s.stores.is_empty() || !s.identities.is_empty() {
            return Err(format!("trust policy statement {name:?} is set to skip signature verification but configured with trust stores and/or trusted identities, remove them if signature verification needs to be skipped"));
        }
        return Ok(());
    }
    if s.stores.is_empty() || s.identities.is_empty() {
        return Err(format!("trust policy statement {name:?} is either missing trust stores or trusted identities, both must be specified"));
    }
    let store_name = regex::Regex::new(r"^[a-zA-Z0-9_.-]+$").expect("static regex");
    for store in &s.stores {
        let Some((ty, named)) = store.split_once(':') else {
            return Err(format!("trust policy statement {name:?} has malformed trust store value {store:?}. The required format is <TrustStoreType>:<TrustStoreName>"));
        };
        if !["ca", "signingAuthority", "tsa"].contains(&ty) {
            return Err(format!("trust policy statement {name:?} uses an unsupported trust store type {ty:?} in trust store value {store:?}"));
        }
        if !store_name.is_match(named) {
            return Err(format!("trust policy statement {name:?} uses an unsupported trust store name {named:?} in trust store value {store:?}. Named store name needs to follow [a-zA-Z0-9_.-]+ format"));
        }
    }
    trusted_identities(name, &s.identities)
}

fn trusted_identities(name: &str, ids: &[String]) -> Result<(), String> {
    if ids.len() > 1 && ids.iter().any(|i| i == "*") {
        return Err(format!("trust policy statement {name:?} uses a wildcard trusted identity '*', a wildcard identity cannot be used in conjunction with other values"));
    }
    let mut dns: Vec<(&str, BTreeMap<String, String>)> = vec![];
    for id in ids {
        if id.is_empty() {
            return Err(format!(
                "trust policy statement {name:?} has an empty trusted identity"
            ));
        }
        if id == "*" {
            continue;
        }
        let Some((prefix, value)) = id.split_once(':') else {
            return Err(format!(
                "trust policy statement {name:?} has trusted identity {id:?} missing separator"
            ));
        };
        if prefix == "x509.subject" {
            if value.is_empty() {
                return Err(format!("trust policy statement {name:?} has trusted identity {id:?} without an identity value"));
            }
            let dn = parse_dn(value).map_err(|e| {
                format!("trust policy statement {name:?} has trusted identity {id:?} with invalid identity value: {e}")
            })?;
            dns.push((id, dn));
        }
    }
    for (i, (a, da)) in dns.iter().enumerate() {
        for (j, (b, db)) in dns.iter().enumerate() {
            if i != j && da.iter().all(|(k, v)| db.get(k) == Some(v)) {
                return Err(format!("trust policy statement {name:?} has overlapping x509 trustedIdentities, {a:?} overlaps with {b:?}"));
            }
        }
    }
    Ok(())
}

/// notation-go's `pkix.ParseDistinguishedName` over an RFC 4514 parse: single-valued RDNs,
/// unique attributes (`S` read as `ST`), C, ST and O required.
pub fn parse_dn(name: &str) -> Result<BTreeMap<String, String>, String> {
    if name.contains("=#") {
        return Err(format!("unsupported distinguished name (DN) {name:?}: notation does not support x509.subject identities containing \"=#\""));
    }
    let bad = |why: &str| {
        format!("parsing distinguished name (DN) {name:?} failed with err: {why}. A valid DN must contain 'C', 'ST' or 'S', and 'O' RDN attributes at a minimum, and follow RFC 4514 standard")
    };
    // Split on unescaped ',' into RDNs and '+' into attributes.
    let mut rdns: Vec<Vec<String>> = vec![vec![String::new()]];
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars
                    .next()
                    .ok_or_else(|| bad("got corrupted escaped character"))?;
                let cur = rdns
                    .last_mut()
                    .and_then(|r| r.last_mut())
                    .expect("non-empty");
                cur.push('\\');
                cur.push(next);
            }
            ',' => rdns.push(vec![String::new()]),
            '+' => rdns.last_mut().expect("non-empty").push(String::new()),
            c => rdns
                .last_mut()
                .and_then(|r| r.last_mut())
                .expect("non-empty")
                .push(c),
        }
    }
    let unescape = |s: &str| {
        let mut out = String::new();
        let mut it = s.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                if let Some(n) = it.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    let mut attrs = BTreeMap::new();
    for rdn in rdns {
        if rdn.len() > 1 {
            return Err(format!("distinguished name (DN) {name:?} has multi-valued RDN attributes, remove multi-valued RDN attributes as they are not supported"));
        }
        let a = rdn[0].trim();
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| bad("DN ended with incomplete type, value pair"))?;
        let k = k.trim();
        if k.is_empty() {
            return Err(bad("incomplete type, value pair"));
        }
        let k = if k == "S" { "ST" } else { k };
        let v = unescape(v.trim());
        if attrs.get(k).is_some_and(|x: &String| !x.is_empty()) {
            return Err(format!("distinguished name (DN) {name:?} has duplicate RDN attribute for {k:?}, DN can only have unique RDN attributes"));
        }
        attrs.insert(k.to_string(), v);
    }
    for f in ["C", "ST", "O"] {
        if attrs.get(f).is_none_or(|v| v.is_empty()) {
            return Err(format!("distinguished name (DN) {name:?} has no mandatory RDN attribute for {f:?}, it must contain 'C', 'ST' or 'S', and 'O' RDN attributes at a minimum"));
        }
    }
    Ok(attrs)
}

fn registry_scopes(statements: &[Statement]) -> Result<(), Error> {
    let domain = regex::Regex::new(r"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?$").expect("static regex");
    let repo = regex::Regex::new(r"^[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?$").expect("static regex");
    let ensure = "make sure it is a fully qualified repository without the scheme, protocol or tag. For example domain.com/my/repository or a local scope like local/myOCILayout";
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for s in statements {
        if s.scopes.is_empty() {
            return Err(invalid(format!("trust policy statement {:?} has zero registry scopes, it must specify registry scopes with at least one value", s.name)));
        }
        if s.scopes.len() > 1 && s.scopes.iter().any(|x| x == "*") {
            return Err(invalid(format!("trust policy statement {:?} uses wildcard registry scope '*', a wildcard scope cannot be used in conjunction with other scope values", s.name)));
        }
        for scope in &s.scopes {
            if scope != "*" {
                if scope.len() > 1 && scope.contains('*') {
                    return Err(invalid(format!(
                        "registry scope {scope:?} with wild card(s) is not valid, {ensure}"
                    )));
                }
                let ok = scope.split_once('/').is_some_and(|(d, r)| {
                    !d.is_empty() && !r.is_empty() && domain.is_match(d) && repo.is_match(r)
                });
                if !ok {
                    return Err(invalid(format!(
                        "registry scope {scope:?} is not valid, {ensure}"
                    )));
                }
            }
            *count.entry(scope).or_default() += 1;
        }
    }
    if let Some((scope, _)) = count.iter().find(|(_, n)| **n > 1) {
        return Err(invalid(format!("registry scope {scope:?} is present in multiple trust policy statements, one registry scope value can only be associated with one statement")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(statements: &str) -> String {
        format!(r#"{{"version": "1.0", "trustPolicies": [{statements}]}}"#)
    }

    const GOOD: &str = r#"{"name": "p", "registryScopes": ["*"], "signatureVerification": {"level": "strict"}, "trustStores": ["ca:fluxcd.io"], "trustedIdentities": ["*"]}"#;

    #[test]
    fn valid_documents_pass() {
        validate_document(doc(GOOD).as_bytes()).unwrap();
        let two = r#"{"name": "a", "registryScopes": ["ghcr.io/org/app"], "signatureVerification": {"level": "audit", "override": {"revocation": "skip"}}, "trustStores": ["ca:x"], "trustedIdentities": ["x509.subject: C=US, ST=WA, O=acme, CN=a", "x509.subject: C=US, ST=WA, O=acme, CN=b"]}, {"name": "skip", "registryScopes": ["local/ocilayout"], "signatureVerification": {"level": "skip"}}"#;
        validate_document(doc(two).as_bytes()).unwrap();
    }

    #[test]
    fn invalid_documents_read_as_notation_go_reports_them() {
        let e = |d: &str| validate_document(d.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            e("\"\""),
            "json: cannot unmarshal string into Go value of type trustpolicy.Document"
        );
        assert_eq!(
            e(&doc("{}")),
            "trust policy: a trust policy statement is missing a name, every statement requires a name"
        );
        assert_eq!(
            e(r#"{"version": "2.0", "trustPolicies": []}"#),
            "trust policy document uses unsupported version \"2.0\""
        );
        assert!(e(&doc(&format!("{GOOD},{GOOD}"))).contains("use the same name \"p\""));
        assert!(e(&doc(&GOOD.replace("ca:fluxcd.io", "nope")))
            .contains("malformed trust store value \"nope\""));
        assert!(
            e(&doc(&GOOD.replace("[\"*\"]}", "[\"x509.subject: CN=a\"]}")))
                .contains("has no mandatory RDN attribute for \"C\"")
        );
        assert!(e(&doc(
            &GOOD.replace("[\"*\"], \"sig", "[\"ghcr.io:tag\"], \"sig")
        ))
        .contains("registry scope \"ghcr.io:tag\" is not valid"));
        let overlap = GOOD.replace(
            "[\"*\"]}",
            "[\"x509.subject: C=US, ST=WA, O=acme\", \"x509.subject: C=US, ST=WA, O=acme, CN=b\"]}",
        );
        assert!(e(&doc(&overlap)).contains("overlapping x509 trustedIdentities"));
    }
}
