//! A local stand-in for GitLab's REST API v4 (`https://<host>/api/v4`, `PRIVATE-TOKEN`):
//! projects get/create in a user namespace or a (sub)group, deploy keys list/create/delete and
//! deploy tokens — statefully, behind TLS with a test CA, serving Git for its projects over
//! HTTPS (token or deploy token as the password) and SSH (registered deploy keys may log in).
//! Every API request is recorded.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::git_server::{GitServer, ServerAuth};
use super::github_standin::{fast_forward, init_repo, protect_main, Call};
use super::ssh_server::SshServer;
use super::tls_proxy::TlsProxy;

/// A project: (id, visibility, deploy keys (id, title, key, can_push)).
type Project = (i64, String, Vec<(i64, String, String, bool)>);

#[derive(Default)]
struct State {
    /// By full path.
    projects: BTreeMap<String, Project>,
    next_id: i64,
    calls: Vec<Call>,
    /// Merge requests: (project path, iid, source, target, merged).
    mrs: Vec<(String, i64, String, String, bool)>,
}

/// The running stand-in.
pub struct GitLabStandIn {
    /// `127.0.0.1:<port>` for `--hostname`.
    pub hostname: String,
    /// PEM bundle of the CAs behind the API and Git fronts.
    pub ca_pem: String,
    /// The accepted personal access token.
    pub token: String,
    state: Arc<Mutex<State>>,
    _git: GitServer,
    _api_tls: TlsProxy,
    _git_tls: TlsProxy,
    _ssh: Arc<SshServer>,
    _task: tokio::task::JoinHandle<()>,
}

fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl GitLabStandIn {
    /// Starts the stand-in; `user` owns personal projects, `groups` exist.
    pub async fn start(token: &str, user: &str, groups: &[&str]) -> GitLabStandIn {
        // Git over HTTPS accepts the token; deploy tokens are added as they are created.
        let git = GitServer::start(ServerAuth {
            basic: Some(("git".into(), token.into())),
            bearer: None,
        });
        let git_tls = TlsProxy::start(git.port);
        let ssh = Arc::new(SshServer::start(&git.root));
        let state: Arc<Mutex<State>> = Default::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let api_port = listener.local_addr().unwrap().port();
        let (st, tok, usr, root, ssh2) = (
            state.clone(),
            token.to_string(),
            user.to_string(),
            git.root.clone(),
            ssh.clone(),
        );
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        let git_https = git_tls.port;
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (st, tok, usr, root, ssh, groups) = (st.clone(), tok.clone(), usr.clone(), root.clone(), ssh2.clone(), groups.clone());
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let auth = parts.headers.get("private-token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                let method = parts.method.to_string();
                // Keep the encoded path segments as sent (project paths are URL-encoded).
                let path = parts.uri.path().to_string();
                let mut s = st.lock().unwrap();
                s.calls.push(Call { method: method.clone(), path: path.clone(), auth: auth.clone(), body: body.clone() });
                let reply = |code: u16, v: Value| {
                    (axum::http::StatusCode::from_u16(code).unwrap(), [(axum::http::header::CONTENT_TYPE, "application/json")], if v.is_null() { String::new() } else { v.to_string() })
                };
                if auth != tok {
                    return reply(401, json!({"message": "401 Unauthorized"}));
                }
                let project_json = |full: &str, id: i64, vis: &str| {
                    json!({"id": id, "path_with_namespace": full, "visibility": vis,
                        "http_url_to_repo": format!("https://127.0.0.1:{git_https}/{full}.git"),
                        "ssh_url_to_repo": ssh.url(full)})
                };
                let seg: Vec<String> = path.trim_start_matches("/api/v4/").split('/').map(decode).collect();
                let seg: Vec<&str> = seg.iter().map(String::as_str).collect();
                let by_id = |s: &mut State, id: &str| s.projects.iter().find(|(_, p)| p.0.to_string() == id).map(|(k, _)| k.clone());
                match (method.as_str(), seg.as_slice()) {
                    ("GET", ["projects", full]) => match s.projects.get(*full) {
                        Some((id, vis, _)) => reply(200, project_json(full, *id, vis)),
                        None => reply(404, json!({"message": "404 Project Not Found"})),
                    },
                    ("GET", ["groups", g]) => match groups.iter().position(|x| x == g) {
                        Some(i) => reply(200, json!({"id": 1000 + i as i64, "full_path": g})),
                        None => reply(404, json!({"message": "404 Group Not Found"})),
                    },
                    ("POST", ["projects"]) => {
                        let name = body["path"].as_str().unwrap_or_default();
                        let ns = match body["namespace_id"].as_i64() {
                            Some(nid) => match groups.get((nid - 1000) as usize) {
                                Some(g) => g.clone(),
                                None => return reply(400, json!({"message": {"namespace": ["is not valid"]}})),
                            },
                            None => usr.clone(),
                        };
                        let full = format!("{ns}/{name}");
                        init_repo(&root, &full);
                        s.next_id += 1;
                        let id = s.next_id;
                        let vis = body["visibility"].as_str().unwrap_or("private").to_string();
                        s.projects.insert(full.clone(), (id, vis.clone(), vec![]));
                        reply(201, project_json(&full, id, &vis))
                    }
                    ("GET", ["projects", id, "deploy_keys"]) => match by_id(&mut s, id) {
                        Some(full) => reply(200, Value::Array(s.projects[&full].2.iter().map(|(i, t, k, p)| json!({"id": i, "title": t, "key": k, "can_push": p})).collect())),
                        None => reply(404, Value::Null),
                    },
                    ("POST", ["projects", id, "deploy_keys"]) => match by_id(&mut s, id) {
                        Some(full) => {
                            s.next_id += 1;
                            let kid = s.next_id;
                            let key = body["key"].as_str().unwrap_or_default().to_string();
                            let p = s.projects.get_mut(&full).unwrap();
                            p.2.push((kid, body["title"].as_str().unwrap_or_default().into(), key.clone(), body["can_push"].as_bool().unwrap_or(false)));
                            ssh.authorize(&key);
                            reply(201, json!({"id": kid}))
                        }
                        None => reply(404, Value::Null),
                    },
                    ("DELETE", ["projects", id, "deploy_keys", kid]) => {
                        if let Some(full) = by_id(&mut s, id) {
                            s.projects.get_mut(&full).unwrap().2.retain(|k| k.0.to_string() != *kid);
                        }
                        reply(204, Value::Null)
                    }
                    ("POST", ["projects", _id, "deploy_tokens"]) => {
                        // The Git front accepts one user; the deploy token is issued for it, so
                        // the cluster's clones with the deploy token work.
                        reply(201, json!({"id": 1, "username": "git", "token": tok, "scopes": body["scopes"]}))
                    }
                    ("POST", ["projects", id, "merge_requests"]) => match by_id(&mut s, id) {
                        Some(full) => {
                            let iid = s.mrs.len() as i64 + 1;
                            let (src, tgt) = (body["source_branch"].as_str().unwrap_or_default().to_string(), body["target_branch"].as_str().unwrap_or_default().to_string());
                            s.mrs.push((full.clone(), iid, src, tgt, false));
                            reply(201, json!({"iid": iid, "web_url": format!("https://{full}/-/merge_requests/{iid}"), "state": "opened"}))
                        }
                        None => reply(404, Value::Null),
                    },
                    ("GET", ["projects", id, "merge_requests"]) => match by_id(&mut s, id) {
                        Some(full) => {
                            let query = parts.uri.query().unwrap_or_default().to_string();
                            let param = |k: &str| {
                                query.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}="))).map(decode)
                            };
                            let list: Vec<Value> = s.mrs.iter()
                                .filter(|m| m.0 == full && !m.4)
                                .filter(|m| param("source_branch").is_none_or(|b| b == m.2))
                                .filter(|m| param("target_branch").is_none_or(|b| b == m.3))
                                .map(|m| json!({"iid": m.1, "state": "opened", "source_branch": m.2, "target_branch": m.3,
                                    "web_url": format!("https://{full}/-/merge_requests/{}", m.1)}))
                                .collect();
                            reply(200, json!(list))
                        }
                        None => reply(404, Value::Null),
                    },
                    ("GET", ["projects", id, "merge_requests", iid]) => match by_id(&mut s, id) {
                        Some(full) => match s.mrs.iter().find(|m| m.0 == full && m.1.to_string() == *iid) {
                            Some(m) => reply(200, json!({"iid": m.1, "state": if m.4 { "merged" } else { "opened" }})),
                            None => reply(404, Value::Null),
                        },
                        None => reply(404, Value::Null),
                    },
                    ("POST", ["projects", _id, "share"]) => reply(201, json!({"group_id": body["group_id"], "group_access": body["group_access"]})),
                    ("PUT", ["projects", id]) => match by_id(&mut s, id) {
                        Some(full) => {
                            let p = s.projects.get_mut(&full).unwrap();
                            if let Some(v) = body["visibility"].as_str() {
                                p.1 = v.to_string();
                            }
                            let (pid, vis) = (p.0, p.1.clone());
                            reply(200, project_json(&full, pid, &vis))
                        }
                        None => reply(404, Value::Null),
                    },
                    _ => reply(404, json!({"message": "404 Not Found"})),
                }
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let api_tls = TlsProxy::start(api_port);
        GitLabStandIn {
            hostname: format!("127.0.0.1:{}", api_tls.port),
            ca_pem: format!("{}{}", api_tls.ca_pem, git_tls.ca_pem),
            token: token.to_string(),
            state,
            _git: git,
            _api_tls: api_tls,
            _git_tls: git_tls,
            _ssh: ssh,
            _task: task,
        }
    }

    /// Protects `main`: pushes to it are refused by a pre-receive hook.
    pub fn protect(&self, full: &str) {
        protect_main(
            &self._git.root.join(format!("{full}.git")),
            "You are not allowed to push code to protected branches on this project.",
        );
    }

    /// The directory of the bare repositories (`<full>.git`).
    pub fn git_root(&self) -> std::path::PathBuf {
        self._git.root.clone()
    }

    /// Open merge requests: (iid, source, target).
    pub fn merge_requests(&self, full: &str) -> Vec<(i64, String, String)> {
        self.state
            .lock()
            .unwrap()
            .mrs
            .iter()
            .filter(|m| m.0 == full && !m.4)
            .map(|m| (m.1, m.2.clone(), m.3.clone()))
            .collect()
    }

    /// Merges a merge request (fast-forwards the target) as a reviewer would.
    pub fn merge(&self, full: &str, iid: i64) {
        let mut s = self.state.lock().unwrap();
        let m = s
            .mrs
            .iter_mut()
            .find(|m| m.0 == full && m.1 == iid)
            .unwrap();
        fast_forward(&self._git.root.join(format!("{full}.git")), &m.3, &m.2);
        m.4 = true;
    }

    /// The API requests received so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }
}
