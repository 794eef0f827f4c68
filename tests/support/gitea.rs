//! A real Gitea for tests, built from its Go module by `scripts/ensure-gitea.sh` (or
//! `GITEA_BIN`): SQLite in a temporary directory, its built-in SSH server on a loopback port,
//! HTTPS through the test TLS front (a test CA, certificate for 127.0.0.1), and an admin user
//! with an API token made by Gitea's own CLI. Killed when dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::tls_proxy::TlsProxy;
use super::ChildGuard;

/// A running Gitea.
pub struct Gitea {
    /// `127.0.0.1:<https port>`, what `--hostname` takes.
    pub hostname: String,
    /// The admin user.
    pub user: String,
    /// An API token of the admin user (all scopes).
    pub token: String,
    /// The CA that signed the HTTPS certificate (PEM).
    pub ca_pem: String,
    /// The built-in SSH server's port.
    pub ssh_port: u16,
    log: PathBuf,
    _child: ChildGuard,
    _tls: TlsProxy,
    _tmp: tempfile::TempDir,
}

fn gitea_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("GITEA_BIN", "ensure-gitea.sh"))
        .clone()
}

fn run(bin: &Path, ini: &Path, args: &[&str]) -> String {
    let out = Command::new(bin)
        .args(args)
        .arg("-c")
        .arg(ini)
        .stdin(Stdio::null())
        .output()
        .expect("running gitea");
    assert!(
        out.status.success(),
        "gitea {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Gitea {
    /// Starts Gitea with user `flux` and a token for it.
    pub fn start() -> Gitea {
        let bin = gitea_bin();
        let share = bin.parent().unwrap().join("share");
        let tmp = tempfile::Builder::new()
            .prefix("flux-rs-gitea-")
            .tempdir()
            .unwrap();
        let d = tmp.path();
        let (http_port, ssh_port) = (super::free_port(), super::free_port());
        let tls = TlsProxy::start(http_port);
        let user = String::from_utf8_lossy(&Command::new("id").arg("-un").output().unwrap().stdout)
            .trim()
            .to_string();
        let secret = |name: &str| {
            let out = Command::new(&bin)
                .args(["generate", "secret", name])
                .output()
                .expect("gitea generate secret");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let ini = d.join("app.ini");
        std::fs::write(
            &ini,
            format!(
                "APP_NAME = flux-rs-test\nRUN_MODE = prod\nRUN_USER = {user}\nWORK_PATH = {work}\n\
                 I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true\n\n\
                 [database]\nDB_TYPE = sqlite3\nPATH = {work}/gitea.db\n\n\
                 [repository]\nROOT = {work}/repos\nDEFAULT_BRANCH = main\n\n\
                 [server]\nPROTOCOL = http\nHTTP_ADDR = 127.0.0.1\nHTTP_PORT = {http_port}\n\
                 DOMAIN = 127.0.0.1\nSSH_DOMAIN = 127.0.0.1\nROOT_URL = https://127.0.0.1:{https}/\n\
                 PUBLIC_URL_DETECTION = legacy\n\
                 START_SSH_SERVER = true\nSSH_LISTEN_HOST = 127.0.0.1\nSSH_PORT = {ssh_port}\n\
                 SSH_LISTEN_PORT = {ssh_port}\nBUILTIN_SSH_SERVER_USER = git\nSSH_USER = git\n\
                 OFFLINE_MODE = true\nLFS_START_SERVER = false\nSTATIC_ROOT_PATH = {share}\n\
                 APP_DATA_PATH = {work}/data\n\n\
                 [security]\nINSTALL_LOCK = true\nSECRET_KEY = {key}\nINTERNAL_TOKEN = {internal}\n\n\
                 [oauth2]\nJWT_SECRET = {jwt}\n\n\
                 [service]\nDISABLE_REGISTRATION = true\n\n\
                 [log]\nLEVEL = Warn\nROOT_PATH = {work}/log\n",
                work = d.display(),
                https = tls.port,
                share = share.display(),
                key = secret("SECRET_KEY"),
                internal = secret("INTERNAL_TOKEN"),
                jwt = secret("JWT_SECRET"),
            ),
        )
        .unwrap();
        run(&bin, &ini, &["migrate"]);
        run(
            &bin,
            &ini,
            &[
                "admin",
                "user",
                "create",
                "--admin",
                "--username",
                "flux",
                "--password",
                "Flux-test-pass-1",
                "--email",
                "flux@localhost",
                "--must-change-password=false",
            ],
        );
        let token = run(
            &bin,
            &ini,
            &[
                "admin",
                "user",
                "generate-access-token",
                "--username",
                "flux",
                "--token-name",
                "bootstrap",
                "--scopes",
                "all",
                "--raw",
            ],
        )
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("gitea printed no token")
        .to_string();
        let log = d.join("web.log");
        let child = ChildGuard(
            Command::new(&bin)
                .arg("web")
                .arg("-c")
                .arg(&ini)
                .stdin(Stdio::null())
                .stdout(std::fs::File::create(&log).unwrap())
                .stderr(Stdio::from(
                    std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
                ))
                .spawn()
                .expect("starting gitea web"),
        );
        let g = Gitea {
            hostname: format!("127.0.0.1:{}", tls.port),
            user: String::from("flux"),
            token,
            ca_pem: tls.ca_pem.clone(),
            ssh_port,
            log,
            _child: child,
            _tls: tls,
            _tmp: tmp,
        };
        for _ in 0..300 {
            let up = std::net::TcpStream::connect(("127.0.0.1", http_port)).is_ok()
                && std::net::TcpStream::connect(("127.0.0.1", ssh_port)).is_ok();
            if up {
                return g;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("gitea did not start: {}", g.log());
    }

    /// What Gitea printed.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Calls Gitea's API as the admin user: (status, JSON body or Null).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(self.ca_pem.as_bytes()).unwrap())
            .build()
            .unwrap();
        let url = format!("https://{}/api/v1{path}", self.hostname);
        let mut req = client
            .request(method.parse().unwrap(), url)
            .header("Authorization", format!("token {}", self.token));
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&b).unwrap());
        }
        let resp = req.send().await.expect("gitea API");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.unwrap_or_default();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }
}
