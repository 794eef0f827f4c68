//! A local stand-in for Bitbucket Server's REST API (`/rest/api/1.0` and the SSH access keys
//! of `/rest/keys/1.0`, `Authorization: Bearer`): repositories get/create/update in projects
//! and personal `~user` spaces (created empty, as Bitbucket creates them), group permissions,
//! access keys list/create/delete with Bitbucket's paging fields — statefully, behind TLS with
//! a test CA, serving Git for its repositories over HTTPS (`/scm/<project>/<slug>.git`, the
//! user and token as basic auth) and SSH (registered access keys may log in). Every API
//! request is recorded.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::git_server::{GitServer, ServerAuth};
use super::github_standin::Call;
use super::ssh_server::SshServer;
use super::tls_proxy::TlsProxy;

/// A repository: (public, access keys (id, label, text, permission)).
type Repository = (bool, Vec<(i64, String, String, String)>);

#[derive(Default)]
struct State {
    /// By `<project>/<slug>`.
    repos: BTreeMap<String, Repository>,
    next_id: i64,
    calls: Vec<Call>,
}

/// The running stand-in.
pub struct BitbucketStandIn {
    /// `127.0.0.1:<port>` for `--hostname`.
    pub hostname: String,
    /// PEM bundle of the CAs behind the API and Git fronts.
    pub ca_pem: String,
    /// The accepted personal access token.
    pub token: String,
    state: Arc<Mutex<State>>,
    git: GitServer,
    _api_tls: TlsProxy,
    _git_tls: TlsProxy,
    _ssh: Arc<SshServer>,
    _task: tokio::task::JoinHandle<()>,
}

fn err(message: &str) -> Value {
    json!({"errors": [{"context": null, "message": message, "exceptionName": null}]})
}

impl BitbucketStandIn {
    /// Starts the stand-in: `user` owns the token (and `~user`), `projects` and `groups` exist.
    pub async fn start(
        token: &str,
        user: &str,
        projects: &[&str],
        groups: &[&str],
    ) -> BitbucketStandIn {
        let git = GitServer::start(ServerAuth {
            basic: Some((user.into(), token.into())),
            bearer: None,
        });
        let git_tls = TlsProxy::start(git.port);
        let ssh = Arc::new(SshServer::start(&git.root));
        let state: Arc<Mutex<State>> = Default::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let api_port = listener.local_addr().unwrap().port();
        let mut projects: Vec<String> = projects.iter().map(|s| s.to_string()).collect();
        projects.push(format!("~{user}"));
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        let (st, tok, usr, root, ssh2) = (
            state.clone(),
            token.to_string(),
            user.to_string(),
            git.root.clone(),
            ssh.clone(),
        );
        let git_https = git_tls.port;
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (st, tok, usr, root, ssh, projects, groups) = (
                st.clone(),
                tok.clone(),
                usr.clone(),
                root.clone(),
                ssh2.clone(),
                projects.clone(),
                groups.clone(),
            );
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let auth = parts
                    .headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let method = parts.method.to_string();
                let path = parts.uri.path().to_string();
                let query: BTreeMap<String, String> = parts
                    .uri
                    .query()
                    .map(|q| {
                        url::form_urlencoded::parse(q.as_bytes())
                            .into_owned()
                            .collect()
                    })
                    .unwrap_or_default();
                let mut s = st.lock().unwrap();
                s.calls.push(Call {
                    method: method.clone(),
                    path: match parts.uri.query() {
                        Some(q) => format!("{path}?{q}"),
                        None => path.clone(),
                    },
                    auth: auth.clone(),
                    body: body.clone(),
                });
                let reply = |code: u16, v: Value| {
                    (
                        axum::http::StatusCode::from_u16(code).unwrap(),
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        if v.is_null() { String::new() } else { v.to_string() },
                    )
                };
                if auth != format!("Bearer {tok}") {
                    return reply(
                        401,
                        err("Authentication failed. Please check your credentials and try again."),
                    );
                }
                let repo_json = |project: &str, slug: &str, public: bool| {
                    let full = format!("scm/{project}/{slug}");
                    json!({"slug": slug, "name": slug, "scmId": "git", "public": public,
                        "project": {"key": project},
                        "links": {"clone": [
                            {"href": format!("https://{usr}@127.0.0.1:{git_https}/{full}.git"), "name": "http"},
                            {"href": ssh.url(&full), "name": "ssh"}]}})
                };
                let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
                match (method.as_str(), seg.as_slice()) {
                    ("GET", ["rest", "api", "1.0", "projects", p, "repos", r]) => {
                        match s.repos.get(&format!("{p}/{r}")) {
                            Some((public, _)) => reply(200, repo_json(p, r, *public)),
                            None => reply(404, err(&format!("Repository {p}/{r} does not exist."))),
                        }
                    }
                    ("PUT", ["rest", "api", "1.0", "projects", p, "repos", r]) => {
                        match s.repos.get_mut(&format!("{p}/{r}")) {
                            Some(repo) => {
                                if let Some(public) = body["public"].as_bool() {
                                    repo.0 = public;
                                }
                                let public = repo.0;
                                reply(200, repo_json(p, r, public))
                            }
                            None => reply(404, err(&format!("Repository {p}/{r} does not exist."))),
                        }
                    }
                    ("POST", ["rest", "api", "1.0", "projects", p, "repos"]) => {
                        if !projects.iter().any(|x| x == p) {
                            return reply(404, err(&format!("Project {p} does not exist.")));
                        }
                        let slug = body["name"].as_str().unwrap_or_default().to_lowercase();
                        let key = format!("{p}/{slug}");
                        if s.repos.contains_key(&key) {
                            return reply(409, err("This repository URL is already taken."));
                        }
                        // Created empty, HEAD on the requested default branch.
                        let bare = root.join(format!("scm/{key}.git"));
                        std::fs::create_dir_all(&bare).unwrap();
                        let branch = body["defaultBranch"].as_str().unwrap_or("master");
                        let ok = std::process::Command::new("git")
                            .args(["init", "-q", "--bare", "-b", branch])
                            .current_dir(&bare)
                            .status()
                            .unwrap()
                            .success();
                        assert!(ok, "git init --bare");
                        let public = body["public"].as_bool().unwrap_or(false);
                        s.repos.insert(key, (public, vec![]));
                        reply(201, repo_json(p, &slug, public))
                    }
                    ("PUT", ["rest", "api", "1.0", "projects", p, "repos", r, "permissions", "groups"]) => {
                        if !s.repos.contains_key(&format!("{p}/{r}")) {
                            return reply(404, err(&format!("Repository {p}/{r} does not exist.")));
                        }
                        let name = query.get("name").cloned().unwrap_or_default();
                        if !groups.contains(&name) {
                            return reply(404, err(&format!("No group named '{name}' exists.")));
                        }
                        reply(204, Value::Null)
                    }
                    ("GET", ["rest", "keys", "1.0", "projects", p, "repos", r, "ssh"]) => {
                        match s.repos.get(&format!("{p}/{r}")) {
                            Some((_, keys)) => {
                                let values: Vec<Value> = keys
                                    .iter()
                                    .map(|(id, label, text, perm)| {
                                        json!({"key": {"id": id, "label": label, "text": text},
                                            "permission": perm})
                                    })
                                    .collect();
                                reply(200, json!({"size": values.len(), "limit": 100, "start": 0,
                                    "isLastPage": true, "values": values}))
                            }
                            None => reply(404, err(&format!("Repository {p}/{r} does not exist."))),
                        }
                    }
                    ("POST", ["rest", "keys", "1.0", "projects", p, "repos", r, "ssh"]) => {
                        let key = format!("{p}/{r}");
                        if !s.repos.contains_key(&key) {
                            return reply(404, err(&format!("Repository {p}/{r} does not exist.")));
                        }
                        s.next_id += 1;
                        let id = s.next_id;
                        let text = body["key"]["text"].as_str().unwrap_or_default().to_string();
                        let label = body["key"]["label"].as_str().unwrap_or_default().to_string();
                        let perm = body["permission"].as_str().unwrap_or_default().to_string();
                        ssh.authorize(&text);
                        s.repos
                            .get_mut(&key)
                            .unwrap()
                            .1
                            .push((id, label.clone(), text.clone(), perm.clone()));
                        reply(201, json!({"key": {"id": id, "label": label, "text": text},
                            "permission": perm}))
                    }
                    ("DELETE", ["rest", "keys", "1.0", "projects", p, "repos", r, "ssh", id]) => {
                        if let Some(repo) = s.repos.get_mut(&format!("{p}/{r}")) {
                            repo.1.retain(|k| k.0.to_string() != *id);
                        }
                        reply(204, Value::Null)
                    }
                    _ => reply(404, err("not found")),
                }
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let api_tls = TlsProxy::start(api_port);
        BitbucketStandIn {
            hostname: format!("127.0.0.1:{}", api_tls.port),
            ca_pem: format!("{}{}", api_tls.ca_pem, git_tls.ca_pem),
            token: token.to_string(),
            state,
            git,
            _api_tls: api_tls,
            _git_tls: git_tls,
            _ssh: ssh,
            _task: task,
        }
    }

    /// The API requests received so far (paths with their query).
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Whether the repository `<project>/<slug>` is public.
    pub fn is_public(&self, full: &str) -> Option<bool> {
        self.state.lock().unwrap().repos.get(full).map(|r| r.0)
    }

    /// The files of `branch` of `<project>/<slug>`.
    pub fn files(&self, full: &str, branch: &str) -> Vec<String> {
        let out = std::process::Command::new("git")
            .args(["ls-tree", "-r", "--name-only", branch])
            .current_dir(self.git.root.join(format!("scm/{full}.git")))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    }
}
