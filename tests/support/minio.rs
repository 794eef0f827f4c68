//! A real MinIO server (built from its Go module by `scripts/ensure-minio.sh`, or `MINIO_BIN`)
//! whose identities come from a real OpenLDAP `slapd` (Debian's package) holding one user:
//! the peers of the Bucket STS tests. MinIO's STS API trades the LDAP user's password for
//! temporary keys (`AssumeRoleWithLDAPIdentity`); `mc` (built alongside, or `MC_BIN`) attaches
//! a list-and-read policy to that user, creates buckets and uploads objects. Both servers bind
//! loopback ports and are stopped when dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ChildGuard;

/// The LDAP user's name.
pub const LDAP_USER: &str = "reader";
/// The LDAP user's password.
pub const LDAP_PASSWORD: &str = "reader-pa55w0rd";
const SUFFIX: &str = "dc=flux,dc=test";

fn minio_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| super::ensured("MINIO_BIN", "ensure-minio.sh"))
        .clone()
}

fn mc_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(p) = std::env::var("MC_BIN") {
            return PathBuf::from(p);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-minio.sh");
        let out = Command::new("bash")
            .arg(script)
            .arg("--mc")
            .stderr(Stdio::inherit())
            .output()
            .expect("running ensure-minio.sh --mc");
        assert!(out.status.success(), "ensure-minio.sh --mc failed");
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    })
    .clone()
}

/// An OpenLDAP program: from PATH, else /usr/sbin (not on a non-root user's PATH).
fn sbin(name: &str) -> PathBuf {
    let sbin = Path::new("/usr/sbin").join(name);
    if sbin.exists() {
        sbin
    } else {
        PathBuf::from(name)
    }
}

fn wait_port(addr: &str, what: &str, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// MinIO with LDAP identities.
pub struct MinioLdap {
    /// `127.0.0.1:<port>` of the S3 and STS API.
    pub endpoint: String,
    /// The root user.
    pub root_user: String,
    /// The root password.
    pub root_password: String,
    dir: tempfile::TempDir,
    _minio: ChildGuard,
    _slapd: ChildGuard,
}

impl MinioLdap {
    /// Starts slapd with the user, then MinIO against it, and gives the user a policy
    /// to list and read every bucket.
    pub fn start() -> MinioLdap {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // slapd: a config file, the directory loaded with slapadd, then the daemon.
        std::fs::create_dir_all(d.join("ldap-db")).unwrap();
        let conf = d.join("slapd.conf");
        std::fs::write(
            &conf,
            format!(
                "include /etc/ldap/schema/core.schema\n\
                 include /etc/ldap/schema/cosine.schema\n\
                 include /etc/ldap/schema/inetorgperson.schema\n\
                 modulepath /usr/lib/ldap\n\
                 moduleload back_mdb\n\
                 pidfile {pid}\n\
                 database mdb\n\
                 maxsize 10485760\n\
                 suffix \"{SUFFIX}\"\n\
                 rootdn \"cn=admin,{SUFFIX}\"\n\
                 rootpw admin-s3cr3t\n\
                 directory {db}\n",
                pid = d.join("slapd.pid").display(),
                db = d.join("ldap-db").display(),
            ),
        )
        .unwrap();
        let ldif = d.join("data.ldif");
        std::fs::write(
            &ldif,
            format!(
                "dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: flux\ndc: flux\n\n\
                 dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n\
                 dn: uid={LDAP_USER},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {LDAP_USER}\n\
                 cn: {LDAP_USER}\nsn: {LDAP_USER}\nuserPassword: {LDAP_PASSWORD}\n"
            ),
        )
        .unwrap();
        let out = Command::new(sbin("slapadd"))
            .arg("-f")
            .arg(&conf)
            .arg("-l")
            .arg(&ldif)
            .output()
            .expect("running slapadd (Debian package slapd)");
        assert!(
            out.status.success(),
            "slapadd: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ldap_port = super::free_port();
        let slapd_log = d.join("slapd.log");
        let slapd = Command::new(sbin("slapd"))
            .arg("-f")
            .arg(&conf)
            .arg("-h")
            .arg(format!("ldap://127.0.0.1:{ldap_port}/"))
            .args(["-d", "0"])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&slapd_log).unwrap())
            .stderr(std::fs::File::create(d.join("slapd.err")).unwrap())
            .spawn()
            .expect("starting slapd");
        let slapd = ChildGuard(slapd);
        wait_port(
            &format!("127.0.0.1:{ldap_port}"),
            "slapd",
            &d.join("slapd.err"),
        );

        let port = super::free_port();
        let console = super::free_port();
        let endpoint = format!("127.0.0.1:{port}");
        let (root_user, root_password) = ("flux-root".to_string(), "flux-root-s3cr3t".to_string());
        let log = d.join("minio.log");
        std::fs::create_dir_all(d.join("minio-data")).unwrap();
        let minio = Command::new(minio_bin())
            .arg("server")
            .arg(d.join("minio-data"))
            .args([
                "--address",
                &endpoint,
                "--console-address",
                &format!("127.0.0.1:{console}"),
                "--quiet",
            ])
            .env("MINIO_ROOT_USER", &root_user)
            .env("MINIO_ROOT_PASSWORD", &root_password)
            .env("MINIO_BROWSER", "off")
            .env("MINIO_UPDATE", "off")
            .env(
                "MINIO_IDENTITY_LDAP_SERVER_ADDR",
                format!("127.0.0.1:{ldap_port}"),
            )
            .env("MINIO_IDENTITY_LDAP_SERVER_INSECURE", "on")
            .env(
                "MINIO_IDENTITY_LDAP_LOOKUP_BIND_DN",
                format!("cn=admin,{SUFFIX}"),
            )
            .env("MINIO_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD", "admin-s3cr3t")
            .env(
                "MINIO_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN",
                format!("ou=people,{SUFFIX}"),
            )
            .env("MINIO_IDENTITY_LDAP_USER_DN_SEARCH_FILTER", "(uid=%s)")
            .env("HOME", d)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(d.join("minio.err")).unwrap())
            .spawn()
            .expect("starting minio");
        let minio = ChildGuard(minio);
        wait_port(&endpoint, "minio", &d.join("minio.err"));
        let server = MinioLdap {
            endpoint,
            root_user,
            root_password,
            dir,
            _minio: minio,
            _slapd: slapd,
        };
        let url = format!("http://{}", server.endpoint);
        // MinIO answers before it is ready for admin calls: retry the alias until it works.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (ok, out) = server.try_mc(&[
                "alias",
                "set",
                "t",
                &url,
                &server.root_user,
                &server.root_password,
            ]);
            if ok && server.try_mc(&["admin", "info", "t"]).0 {
                break;
            }
            assert!(Instant::now() < deadline, "mc alias set: {out}");
            std::thread::sleep(Duration::from_millis(200));
        }
        // Listing and reading, what a Bucket source needs (MinIO's `readonly` cannot list).
        let policy = server.dir.path().join("flux-read.json");
        std::fs::write(
            &policy,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation","s3:GetObject"],"Resource":["arn:aws:s3:::*"]}]}"#,
        )
        .unwrap();
        server.mc(&[
            "admin",
            "policy",
            "create",
            "t",
            "flux-read",
            policy.to_str().unwrap(),
        ]);
        server.mc(&[
            "idp",
            "ldap",
            "policy",
            "attach",
            "t",
            "flux-read",
            &format!("--user=uid={LDAP_USER},ou=people,{SUFFIX}"),
        ]);
        server
    }

    fn try_mc(&self, args: &[&str]) -> (bool, String) {
        let out = Command::new(mc_bin())
            .arg("--config-dir")
            .arg(self.dir.path().join("mc"))
            .arg("--quiet")
            .args(args)
            .output()
            .expect("running mc");
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    /// Runs `mc` against the server (alias `t`) and asserts success.
    pub fn mc(&self, args: &[&str]) -> String {
        let (ok, out) = self.try_mc(args);
        assert!(ok, "mc {args:?}: {out}");
        out
    }

    /// Creates a bucket with `objects` (key, body).
    pub fn bucket(&self, name: &str, objects: &[(&str, &str)]) {
        self.mc(&["mb", &format!("t/{name}")]);
        for (key, body) in objects {
            let f = self.dir.path().join("upload");
            std::fs::write(&f, body).unwrap();
            self.mc(&["cp", f.to_str().unwrap(), &format!("t/{name}/{key}")]);
        }
    }

    /// The STS endpoint URL.
    pub fn sts_url(&self) -> String {
        format!("http://{}", self.endpoint)
    }
}
