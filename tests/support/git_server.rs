//! A real Git HTTP server for tests: Debian's `git http-backend` run as CGI behind a small
//! loopback HTTP/1.1 server that checks basic auth or a bearer token. Repositories are bare
//! repos under a temporary root, created and pushed to with the `git` CLI.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Who may fetch.
#[derive(Clone, Debug, Default)]
pub struct ServerAuth {
    /// Basic auth user and password.
    pub basic: Option<(String, String)>,
    /// Bearer token.
    pub bearer: Option<String>,
}

/// A running server; stops accepting when dropped (the thread ends with the process).
pub struct GitServer {
    /// Directory holding the bare repositories.
    pub root: PathBuf,
    /// The listening port on 127.0.0.1.
    pub port: u16,
    _tmp: tempfile::TempDir,
}

fn git(dir: &Path, args: &[&str]) {
    git_env(dir, args, &[]);
}

/// Runs git in `dir` with a fixed identity, no system config, and extra environment.
fn git_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Flux Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Flux Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .envs(env.iter().copied())
        .output()
        .expect("running git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A working copy that pushes to a bare repository of the server.
pub struct WorkTree {
    /// The working directory.
    pub dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl WorkTree {
    /// Writes files (path, content) and commits them; returns the commit SHA.
    pub fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
        for (path, body) in files {
            let p = self.dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        git(&self.dir, &["add", "-A"]);
        git(&self.dir, &["commit", "-q", "--allow-empty", "-m", message]);
        git_out(&self.dir, &["rev-parse", "HEAD"])
    }

    /// Runs git in the working copy.
    pub fn git(&self, args: &[&str]) {
        git(&self.dir, args);
    }

    /// Runs git in the working copy and returns its stdout.
    pub fn git_output(&self, args: &[&str]) -> String {
        git_out(&self.dir, args)
    }

    /// Runs git in the working copy with extra environment (e.g. GNUPGHOME for signing).
    pub fn git_env(&self, args: &[&str], env: &[(&str, &str)]) {
        git_env(&self.dir, args, env);
    }

    /// Writes files and makes a commit with extra git arguments before `commit` (e.g. signing
    /// configuration) and extra environment; returns the SHA.
    pub fn commit_with(
        &self,
        files: &[(&str, &str)],
        message: &str,
        config: &[&str],
        env: &[(&str, &str)],
    ) -> String {
        for (path, body) in files {
            let p = self.dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        self.git(&["add", "-A"]);
        let mut args: Vec<&str> = config.to_vec();
        args.extend(["commit", "-q", "-S", "-m", message]);
        self.git_env(&args, env);
        git_out(&self.dir, &["rev-parse", "HEAD"])
    }

    /// Pushes all branches and tags (forcing).
    pub fn push(&self) {
        git(&self.dir, &["push", "-q", "--force", "--all", "origin"]);
        git(&self.dir, &["push", "-q", "--force", "--tags", "origin"]);
    }
}

impl GitServer {
    /// Starts a server on a free loopback port.
    pub fn start(auth: ServerAuth) -> GitServer {
        let tmp = tempfile::tempdir().expect("git server root");
        let root = tmp.path().to_path_buf();
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding git server");
        let port = listener.local_addr().unwrap().port();
        let serve_root = root.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = serve_root.clone();
                let auth = auth.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &root, &auth);
                });
            }
        });
        GitServer {
            root,
            port,
            _tmp: tmp,
        }
    }

    /// Creates a bare repository `name.git` and a working copy pushing to it on `branch`.
    pub fn repo(&self, name: &str, branch: &str) -> WorkTree {
        let bare = self.root.join(format!("{name}.git"));
        std::fs::create_dir_all(&bare).unwrap();
        git(&bare, &["init", "-q", "--bare", "-b", branch]);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        git(&dir, &["init", "-q", "-b", branch]);
        git(&dir, &["remote", "add", "origin", bare.to_str().unwrap()]);
        WorkTree { dir, _tmp: tmp }
    }

    /// The HTTP URL of a repository.
    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}.git", self.port)
    }
}

fn authorized(headers: &[(String, String)], auth: &ServerAuth) -> bool {
    if auth.basic.is_none() && auth.bearer.is_none() {
        return true;
    }
    let Some(value) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
    else {
        return false;
    };
    if let (Some(token), Some(given)) = (&auth.bearer, value.strip_prefix("Bearer ")) {
        return given.trim() == token;
    }
    if let (Some((u, p)), Some(given)) = (&auth.basic, value.strip_prefix("Basic ")) {
        use base64::Engine;
        let want = base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
        return given.trim() == want;
    }
    false
}

/// Reads an HTTP/1.1 chunked body (through the final empty chunk).
pub fn read_chunked(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let n =
            usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
        if n == 0 {
            let mut crlf = String::new();
            reader.read_line(&mut crlf)?;
            return Ok(body);
        }
        let mut chunk = vec![0; n];
        reader.read_exact(&mut chunk)?;
        body.extend_from_slice(&chunk);
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
    }
}

fn handle(stream: TcpStream, root: &Path, auth: &ServerAuth) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let mut body = Vec::new();
        if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            body = read_chunked(&mut reader)?;
        } else if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
            body.resize(len, 0);
            reader.read_exact(&mut body)?;
        }
        if !authorized(&headers, auth) {
            let msg = "authentication required\n";
            write!(
                out,
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: {}\r\n\r\n{msg}",
                msg.len()
            )?;
            out.flush()?;
            continue;
        }
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let mut cmd = Command::new("git");
        cmd.arg("http-backend")
            .env_clear()
            .env("GIT_PROJECT_ROOT", root)
            .env("GIT_HTTP_EXPORT_ALL", "1")
            .env("REQUEST_METHOD", &method)
            .env("PATH_INFO", path)
            .env("QUERY_STRING", query)
            .env("CONTENT_TYPE", header("content-type").unwrap_or_default())
            .env("CONTENT_LENGTH", body.len().to_string())
            .env("REMOTE_ADDR", "127.0.0.1")
            .env("REMOTE_USER", "test")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(p) = header("git-protocol") {
            cmd.env("GIT_PROTOCOL", p);
        }
        if header("content-encoding").is_some_and(|v| v.contains("gzip")) {
            cmd.env("HTTP_CONTENT_ENCODING", "gzip");
        }
        let mut child = cmd.spawn()?;
        {
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(&body)?;
        }
        let output = child.wait_with_output()?;
        let raw = output.stdout;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
        let (head, payload) = match split {
            Some((i, n)) => (
                String::from_utf8_lossy(&raw[..i]).to_string(),
                &raw[i + n..],
            ),
            None => (String::new(), &raw[..]),
        };
        let mut status = "200 OK".to_string();
        let mut resp_headers = String::new();
        for l in head.lines() {
            if let Some(s) = l.strip_prefix("Status:") {
                status = s.trim().to_string();
            } else if !l.trim().is_empty() {
                resp_headers.push_str(l.trim());
                resp_headers.push_str("\r\n");
            }
        }
        write!(
            out,
            "HTTP/1.1 {status}\r\n{resp_headers}Content-Length: {}\r\n\r\n",
            payload.len()
        )?;
        out.write_all(payload)?;
        out.flush()?;
    }
}
