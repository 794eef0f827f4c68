//! A local stand-in for GitHub (Enterprise-style `https://<host>/api/v3`) speaking the REST
//! endpoints bootstrap uses — repository get/create for users and organisations, team
//! permissions, deploy keys list/create/delete — statefully, behind TLS with a test CA, and
//! serving Git for the repositories it creates over HTTPS (Debian's git http-backend, token as
//! the password) and SSH (Debian's sshd; deploy keys registered through the API may log in).
//! Every API request is recorded (method, path, Authorization header, JSON body).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::git_server::{GitServer, ServerAuth};
use super::ssh_server::SshServer;
use super::tls_proxy::TlsProxy;

/// Creates the bare repository `<root>/<full>.git` with a first commit holding a README, as
/// providers do when asked to initialise a repository.
pub fn init_repo(root: &std::path::Path, full: &str) {
    let bare = root.join(format!("{full}.git"));
    std::fs::create_dir_all(&bare).unwrap();
    let run = |dir: &std::path::Path, args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "Provider")
            .env("GIT_AUTHOR_EMAIL", "noreply@localhost")
            .env("GIT_COMMITTER_NAME", "Provider")
            .env("GIT_COMMITTER_EMAIL", "noreply@localhost")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    run(&bare, &["init", "-q", "--bare", "-b", "main"]);
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(tmp.path().join("README.md"), format!("# {full}\n")).unwrap();
    run(tmp.path(), &["add", "-A"]);
    run(tmp.path(), &["commit", "-q", "-m", "Initial commit"]);
    run(tmp.path(), &["push", "-q", bare.to_str().unwrap(), "main"]);
}

/// Refuses pushes to `main` of a bare repository with a pre-receive hook printing `message`.
pub fn protect_main(bare: &std::path::Path, message: &str) {
    let hook = bare.join("hooks/pre-receive");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!("#!/bin/sh\nwhile read old new ref; do\n  if [ \"$ref\" = refs/heads/main ]; then echo \"{message}\" >&2; exit 1; fi\ndone\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Fast-forwards `base` to `head` in a bare repository, as merging a pull request does.
pub fn fast_forward(bare: &std::path::Path, base: &str, head: &str) {
    let ok = std::process::Command::new("git")
        .args([
            "update-ref",
            &format!("refs/heads/{base}"),
            &format!("refs/heads/{head}"),
        ])
        .current_dir(bare)
        .status()
        .unwrap()
        .success();
    assert!(ok, "merging {head} into {base}");
}

/// One recorded API request.
#[derive(Clone, Debug)]
pub struct Call {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Authorization header.
    pub auth: String,
    /// JSON body (Null when none).
    pub body: Value,
}

/// A deploy key: (id, title, key, read_only).
type DeployKey = (i64, String, String, bool);

#[derive(Default)]
struct State {
    repos: BTreeMap<String, (bool, Vec<DeployKey>)>,
    next_id: i64,
    calls: Vec<Call>,
    /// Pull requests: (repo, number, head, base, merged).
    pulls: Vec<(String, i64, String, String, bool)>,
    /// The GitHub App: (id, public key PEM, the owner it is installed for).
    app: Option<(i64, String, String)>,
    /// Installation tokens issued.
    app_tokens: usize,
}

/// The installation access token the stand-in's GitHub App endpoints issue.
pub const APP_TOKEN: &str = "ghs_standin_installation_token";

/// The running stand-in.
pub struct GitHubStandIn {
    /// `127.0.0.1:<port>` for `--hostname`.
    pub hostname: String,
    /// PEM bundle of the CAs behind the API and Git HTTPS fronts (for `--ca-file`).
    pub ca_pem: String,
    /// The token the API and Git accept.
    pub token: String,
    /// The Git server (bare repositories under `git.root`).
    pub git: GitServer,
    state: Arc<Mutex<State>>,
    _api_tls: TlsProxy,
    _git_tls: TlsProxy,
    _ssh: Arc<SshServer>,
    _task: tokio::task::JoinHandle<()>,
}

impl GitHubStandIn {
    /// Starts the stand-in; `user` is the token's user, `orgs` the organisations it may
    /// create repositories in.
    pub async fn start(token: &str, user: &str, orgs: &[&str]) -> GitHubStandIn {
        Self::start_flavour(token, user, orgs, false).await
    }

    /// The same for Gitea: `/api/v1`, `Authorization: token …`, teams found by name and
    /// addressed by id.
    pub async fn start_gitea(token: &str, user: &str, orgs: &[&str]) -> GitHubStandIn {
        Self::start_flavour(token, user, orgs, true).await
    }

    async fn start_flavour(token: &str, user: &str, orgs: &[&str], gitea: bool) -> GitHubStandIn {
        let git = GitServer::start(ServerAuth {
            basic: Some(("git".into(), token.into())),
            bearer: None,
        });
        let git_tls = TlsProxy::start(git.port);
        let ssh = Arc::new(SshServer::start(&git.root));
        let state: Arc<Mutex<State>> = Default::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let api_port = listener.local_addr().unwrap().port();
        let (st, tok, usr) = (state.clone(), token.to_string(), user.to_string());
        let orgs: Vec<String> = orgs.iter().map(|s| s.to_string()).collect();
        let root = git.root.clone();
        let git_https = git_tls.port;
        let ssh2 = ssh.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (st, tok, usr, orgs, root, ssh) = (st.clone(), tok.clone(), usr.clone(), orgs.clone(), root.clone(), ssh2.clone());
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let auth = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                let method = parts.method.to_string();
                let path = parts.uri.path().to_string();
                let mut s = st.lock().unwrap();
                s.calls.push(Call { method: method.clone(), path: path.clone(), auth: auth.clone(), body: body.clone() });
                let reply = |code: u16, v: Value| {
                    (
                        axum::http::StatusCode::from_u16(code).unwrap(),
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        if v.is_null() { String::new() } else { v.to_string() },
                    )
                };
                // GitHub App endpoints take the app's RS256 JWT instead of the token.
                let app_path = path.contains("/app/installations/") || path.ends_with("/installation");
                if app_path && !gitea {
                    let jwt = auth.strip_prefix("Bearer ").unwrap_or_default();
                    let Some((app_id, public, owner)) = s.app.clone() else {
                        return reply(404, json!({"message": "Not Found"}));
                    };
                    let key = jsonwebtoken::DecodingKey::from_rsa_pem(public.as_bytes()).unwrap();
                    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
                    v.set_required_spec_claims(&["exp", "iat", "iss"]);
                    v.validate_aud = false;
                    match jsonwebtoken::decode::<Value>(jwt, &key, &v) {
                        Ok(t) if t.claims["iss"].as_str() == Some(app_id.to_string().as_str()) => {}
                        _ => return reply(401, json!({"message": "A JSON web token could not be decoded"})),
                    }
                    let seg: Vec<&str> = path.trim_start_matches("/api/v3/").split('/').collect();
                    return match (method.as_str(), seg.as_slice()) {
                        ("GET", [kind, o, "installation"]) if *o == owner && (*kind == "users" || *kind == "orgs") => {
                            // The owner is a user here: the organisation lookup misses first.
                            if *kind == "orgs" {
                                reply(404, json!({"message": "Not Found"}))
                            } else {
                                reply(200, json!({"id": 42, "account": {"login": o}}))
                            }
                        }
                        ("POST", ["app", "installations", "42", "access_tokens"]) => {
                            s.app_tokens += 1;
                            reply(201, json!({"token": APP_TOKEN, "expires_at": "2099-01-01T00:00:00Z"}))
                        }
                        _ => reply(404, json!({"message": "Not Found"})),
                    };
                }
                let want_auth = if gitea { format!("token {tok}") } else { format!("Bearer {tok}") };
                if auth != want_auth {
                    return reply(401, json!({"message": "Bad credentials"}));
                }
                let repo_json = |full: &str, private: bool| {
                    json!({"full_name": full, "private": private, "default_branch": "main",
                        "clone_url": format!("https://127.0.0.1:{git_https}/{full}.git"),
                        "ssh_url": ssh.url(full)})
                };
                let prefix = if gitea { "/api/v1/" } else { "/api/v3/" };
                let seg: Vec<&str> = path.trim_start_matches(prefix).split('/').collect();
                let create = |s: &mut State, full: String, private: bool| {
                    init_repo(&root, &full);
                    s.repos.insert(full.clone(), (private, vec![]));
                    repo_json(&full, private)
                };
                match (method.as_str(), seg.as_slice()) {
                    ("GET", ["repos", o, r]) => match s.repos.get(&format!("{o}/{r}")) {
                        Some((p, _)) => reply(200, repo_json(&format!("{o}/{r}"), *p)),
                        None => reply(404, json!({"message": "Not Found"})),
                    },
                    ("POST", ["user", "repos"]) => {
                        let name = body["name"].as_str().unwrap_or_default();
                        let v = create(&mut s, format!("{usr}/{name}"), body["private"].as_bool().unwrap_or(false));
                        reply(201, v)
                    }
                    ("POST", ["orgs", org, "repos"]) => {
                        if !orgs.iter().any(|o| o == org) {
                            return reply(404, json!({"message": "Not Found"}));
                        }
                        let name = body["name"].as_str().unwrap_or_default();
                        let v = create(&mut s, format!("{org}/{name}"), body["private"].as_bool().unwrap_or(false));
                        reply(201, v)
                    }
                    ("PUT", ["orgs", _org, "teams", _slug, "repos", _o, _r]) if !gitea => reply(204, Value::Null),
                    ("GET", ["orgs", _org, "teams", "search"]) if gitea => {
                        let q = parts.uri.query().unwrap_or_default().trim_start_matches("q=").to_string();
                        reply(200, json!({"ok": true, "data": [{"id": 7, "name": q}]}))
                    }
                    ("PUT", ["teams", "7", "repos", _o, _r]) if gitea => reply(204, Value::Null),
                    ("GET", ["repos", o, r, "keys"]) => match s.repos.get(&format!("{o}/{r}")) {
                        Some((_, keys)) => reply(200, Value::Array(keys.iter().map(|(id, t, k, ro)| json!({"id": id, "title": t, "key": k, "read_only": ro})).collect())),
                        None => reply(404, json!({"message": "Not Found"})),
                    },
                    ("POST", ["repos", o, r, "keys"]) => {
                        s.next_id += 1;
                        let id = s.next_id;
                        let key = body["key"].as_str().unwrap_or_default().to_string();
                        let entry = (id, body["title"].as_str().unwrap_or_default().to_string(), key.clone(), body["read_only"].as_bool().unwrap_or(true));
                        match s.repos.get_mut(&format!("{o}/{r}")) {
                            Some((_, keys)) => keys.push(entry),
                            None => return reply(404, json!({"message": "Not Found"})),
                        }
                        ssh.authorize(&key);
                        reply(201, json!({"id": id}))
                    }
                    ("PATCH", ["repos", o, r]) => {
                        let full = format!("{o}/{r}");
                        match s.repos.get_mut(&full) {
                            Some(repo) => {
                                if let Some(p) = body["private"].as_bool() {
                                    repo.0 = p;
                                }
                                let private = repo.0;
                                reply(200, repo_json(&full, private))
                            }
                            None => reply(404, json!({"message": "Not Found"})),
                        }
                    }
                    ("GET", ["repos", o, r, "pulls"]) => {
                        // GitHub filters by `head=owner:branch` and `base`; Gitea lists them all.
                        let full = format!("{o}/{r}");
                        let query = parts.uri.query().unwrap_or_default().to_string();
                        let param = |k: &str| {
                            query.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}="))).map(str::to_string)
                        };
                        let list: Vec<Value> = s.pulls.iter()
                            .filter(|p| p.0 == full && !p.4)
                            .filter(|p| gitea || param("head").is_none_or(|h| h == format!("{o}:{}", p.2)))
                            .filter(|p| gitea || param("base").is_none_or(|b| b == p.3))
                            .map(|p| json!({"number": p.1, "state": "open", "html_url": format!("https://{full}/pull/{}", p.1),
                                "head": {"ref": p.2}, "base": {"ref": p.3}}))
                            .collect();
                        reply(200, json!(list))
                    }
                    ("POST", ["repos", o, r, "pulls"]) => {
                        let full = format!("{o}/{r}");
                        let n = s.pulls.len() as i64 + 1;
                        let (head, base) = (body["head"].as_str().unwrap_or_default().to_string(), body["base"].as_str().unwrap_or_default().to_string());
                        if s.pulls.iter().any(|p| p.0 == full && !p.4 && p.2 == head && p.3 == base) {
                            return reply(422, json!({"message": "Validation Failed", "errors": [{"message": format!("A pull request already exists for {o}:{head}.")}]}));
                        }
                        s.pulls.push((full.clone(), n, head, base, false));
                        reply(201, json!({"number": n, "html_url": format!("https://{full}/pull/{n}")}))
                    }
                    ("GET", ["repos", o, r, "pulls", n]) => {
                        let full = format!("{o}/{r}");
                        match s.pulls.iter().find(|p| p.0 == full && p.1.to_string() == *n) {
                            Some(p) => reply(200, json!({"number": p.1, "merged": p.4, "state": if p.4 { "closed" } else { "open" }})),
                            None => reply(404, json!({"message": "Not Found"})),
                        }
                    }
                    ("DELETE", ["repos", o, r, "keys", id]) => {
                        if let Some((_, keys)) = s.repos.get_mut(&format!("{o}/{r}")) {
                            keys.retain(|k| k.0.to_string() != *id);
                        }
                        reply(204, Value::Null)
                    }
                    _ => reply(404, json!({"message": "Not Found"})),
                }
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let api_tls = TlsProxy::start(api_port);
        GitHubStandIn {
            hostname: format!("127.0.0.1:{}", api_tls.port),
            ca_pem: format!("{}{}", api_tls.ca_pem, git_tls.ca_pem),
            token: token.to_string(),
            git,
            state,
            _api_tls: api_tls,
            _git_tls: git_tls,
            _ssh: ssh,
            _task: task,
        }
    }

    /// Registers a GitHub App (its RS256 public key) installed for the user `owner`
    /// (installation 42).
    pub fn register_app(&self, app_id: i64, public_pem: &str, owner: &str) {
        self.state.lock().unwrap().app = Some((app_id, public_pem.to_string(), owner.to_string()));
    }

    /// How many installation tokens were issued.
    pub fn app_tokens(&self) -> usize {
        self.state.lock().unwrap().app_tokens
    }

    /// Protects `main` of a repository: pushes to it are refused by a pre-receive hook.
    pub fn protect(&self, full: &str) {
        protect_main(
            &self.git.root.join(format!("{full}.git")),
            "GH006: Protected branch update failed for refs/heads/main",
        );
    }

    /// The open pull requests: (number, head, base).
    pub fn pulls(&self, full: &str) -> Vec<(i64, String, String)> {
        self.state
            .lock()
            .unwrap()
            .pulls
            .iter()
            .filter(|p| p.0 == full && !p.4)
            .map(|p| (p.1, p.2.clone(), p.3.clone()))
            .collect()
    }

    /// Merges a pull request (fast-forwards its base to its head) as a reviewer would.
    pub fn merge(&self, full: &str, number: i64) {
        let mut s = self.state.lock().unwrap();
        let p = s
            .pulls
            .iter_mut()
            .find(|p| p.0 == full && p.1 == number)
            .unwrap();
        fast_forward(&self.git.root.join(format!("{full}.git")), &p.3, &p.2);
        p.4 = true;
    }

    /// The API requests received so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Whether a repository is private.
    pub fn is_private(&self, full: &str) -> Option<bool> {
        self.state.lock().unwrap().repos.get(full).map(|r| r.0)
    }

    /// The deploy keys of a repository: (title, key, read_only).
    pub fn deploy_keys(&self, full: &str) -> Vec<(String, String, bool)> {
        self.state
            .lock()
            .unwrap()
            .repos
            .get(full)
            .map(|(_, k)| {
                k.iter()
                    .map(|(_, t, k, r)| (t.clone(), k.clone(), *r))
                    .collect()
            })
            .unwrap_or_default()
    }
}
