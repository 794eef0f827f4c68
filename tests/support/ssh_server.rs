//! A real SSH Git server for tests: Debian's `sshd` on a loopback port with key authentication,
//! serving the bare repositories of a directory through `git-upload-pack`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ChildGuard;

/// A running sshd.
pub struct SshServer {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// The login user.
    pub user: String,
    /// The client private key (PEM) that may log in.
    pub identity: String,
    /// Its public key.
    pub identity_pub: String,
    /// A `known_hosts` line for this server.
    pub known_hosts: String,
    /// A private key that is NOT authorized.
    pub other_identity: String,
    root: PathBuf,
    _child: ChildGuard,
    _tmp: tempfile::TempDir,
}

fn keygen(path: &Path, kind: &[&str]) {
    let out = Command::new("ssh-keygen")
        .args(kind)
        .args(["-q", "-N", "", "-C", "flux-test", "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen");
    assert!(
        out.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl SshServer {
    /// Starts sshd serving the bare repositories under `root`, with an ed25519 host key.
    pub fn start(root: &Path) -> SshServer {
        SshServer::start_with_host_keys(root, false)
    }

    /// Starts sshd with an ed25519 host key and, with `rsa_too`, an RSA one as well (sshd then
    /// logs at DEBUG1, so that [`SshServer::log`] shows the host key algorithm negotiated).
    pub fn start_with_host_keys(root: &Path, rsa_too: bool) -> SshServer {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        keygen(&d.join("host_key"), &["-t", "ed25519"]);
        let extra = if rsa_too {
            keygen(&d.join("host_key_rsa"), &["-t", "rsa", "-b", "2048"]);
            format!(
                "HostKey {}\nLogLevel DEBUG1\n",
                d.join("host_key_rsa").display()
            )
        } else {
            "LogLevel ERROR\n".into()
        };
        keygen(
            &d.join("client"),
            &["-t", "ecdsa", "-b", "384", "-m", "PEM"],
        );
        keygen(&d.join("other"), &["-t", "ecdsa", "-b", "384", "-m", "PEM"]);
        std::fs::copy(d.join("client.pub"), d.join("authorized_keys")).unwrap();
        let user = std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| {
                String::from_utf8_lossy(&Command::new("id").arg("-un").output().unwrap().stdout)
                    .trim()
                    .to_string()
            });
        let port = super::free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nAuthorizedKeysFile {ak}\nPidFile {pid}\n\
             PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nAllowUsers {user}\n{extra}",
            hk = d.join("host_key").display(),
            ak = d.join("authorized_keys").display(),
            pid = d.join("sshd.pid").display(),
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("sshd.log")).unwrap())
            .spawn()
            .expect("starting sshd (install openssh-server)");
        let guard = ChildGuard(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let host_pub = std::fs::read_to_string(d.join("host_key.pub")).unwrap();
        let mut parts = host_pub.split_whitespace();
        let known_hosts = format!(
            "[127.0.0.1]:{port} {} {}\n",
            parts.next().unwrap(),
            parts.next().unwrap()
        );
        SshServer {
            port,
            user,
            identity: std::fs::read_to_string(d.join("client")).unwrap(),
            identity_pub: std::fs::read_to_string(d.join("client.pub")).unwrap(),
            other_identity: std::fs::read_to_string(d.join("other")).unwrap(),
            known_hosts,
            root: root.to_path_buf(),
            _child: guard,
            _tmp: tmp,
        }
    }

    /// Authorizes another public key (sshd reads authorized_keys on every login).
    pub fn authorize(&self, public_key: &str) {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self._tmp.path().join("authorized_keys"))
            .unwrap();
        writeln!(f, "{}", public_key.trim()).unwrap();
    }

    /// What sshd logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._tmp.path().join("sshd.log")).unwrap_or_default()
    }

    /// The host key algorithms sshd negotiated, one per successful key exchange, in order.
    pub fn negotiated_host_key_algorithms(&self) -> Vec<String> {
        self.log()
            .lines()
            .filter_map(|l| l.split("kex: host key algorithm: ").nth(1))
            .map(|a| a.split_whitespace().next().unwrap_or_default().to_string())
            // A failed negotiation logs "(no match)".
            .filter(|a| !a.starts_with('('))
            .collect()
    }

    /// The ssh:// URL of a repository under the root.
    pub fn url(&self, name: &str) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}/{name}.git",
            self.user,
            self.port,
            self.root.display()
        )
    }
}
