//! Flux v1 daemon settings: fluxd's command-line flags (from an args file, a Deployment
//! manifest or the live Deployment) and its environment, parsed with fluxd's defaults. Flags with
//! no Flux v2 equivalent are collected as warnings naming the flag.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Error;
use crate::api::Duration;

/// Where an environment variable's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvValue {
    /// A literal value.
    Plain(String),
    /// `valueFrom.secretKeyRef`.
    Secret {
        /// Secret name.
        name: String,
        /// Key.
        key: String,
    },
    /// `valueFrom.configMapKeyRef`.
    ConfigMap {
        /// ConfigMap name.
        name: String,
        /// Key.
        key: String,
    },
}

/// fluxd's settings that matter for the migration.
#[derive(Clone, Debug, PartialEq)]
pub struct Fluxd {
    /// `--git-url`.
    pub git_url: String,
    /// `--git-branch` (master).
    pub git_branch: String,
    /// `--git-path` entries (empty: the repository root).
    pub git_paths: Vec<String>,
    /// `--git-poll-interval` (5m).
    pub git_poll_interval: Duration,
    /// `--git-timeout` (20s).
    pub git_timeout: Duration,
    /// `--sync-interval` (5m).
    pub sync_interval: Duration,
    /// `--sync-timeout` (1m).
    pub sync_timeout: Duration,
    /// `--sync-garbage-collection`.
    pub sync_gc: bool,
    /// `--sync-garbage-collection-dry`.
    pub sync_gc_dry: bool,
    /// `--sops`.
    pub sops: bool,
    /// `--manifest-generation`.
    pub manifest_generation: bool,
    /// `--k8s-secret-name` (flux-git-deploy).
    pub secret_name: String,
    /// `--k8s-secret-data-key` (identity).
    pub secret_key: String,
    /// `--k8s-default-namespace`.
    pub default_namespace: Option<String>,
    /// `--git-readonly`.
    pub git_readonly: bool,
    /// `--connect` (FluxCloud or Weave Cloud).
    pub connect: Option<String>,
    /// `--git-user` (commit author of image updates).
    pub git_user: String,
    /// `--git-email`.
    pub git_email: String,
    /// `--automation-interval` (old name `--registry-poll-interval`): how often fluxd scanned
    /// registries and updated images.
    pub automation_interval: Duration,
    /// The container's environment.
    pub env: BTreeMap<String, EnvValue>,
    /// Flags that have no v2 equivalent: (flag, why / what to do).
    pub lossy: Vec<(String, String)>,
}

impl Default for Fluxd {
    fn default() -> Self {
        Fluxd {
            git_url: String::new(),
            git_branch: String::from("master"),
            git_paths: vec![],
            git_poll_interval: Duration::from_secs(300),
            git_timeout: Duration::from_secs(20),
            sync_interval: Duration::from_secs(300),
            sync_timeout: Duration::from_secs(60),
            sync_gc: false,
            sync_gc_dry: false,
            sops: false,
            manifest_generation: false,
            secret_name: String::from("flux-git-deploy"),
            secret_key: String::from("identity"),
            default_namespace: None,
            git_readonly: false,
            connect: None,
            git_user: String::from("Weave Flux"),
            git_email: String::from("support@weave.works"),
            automation_interval: Duration::from_secs(300),
            env: BTreeMap::new(),
            lossy: vec![],
        }
    }
}

fn parse_bool(flag: &str, v: Option<&str>) -> Result<bool, Error> {
    match v {
        None | Some("true") | Some("1") | Some("t") | Some("T") | Some("TRUE") | Some("True") => {
            Ok(true)
        }
        Some("false") | Some("0") | Some("f") | Some("F") | Some("FALSE") | Some("False") => {
            Ok(false)
        }
        Some(other) => Err(Error::Input(format!(
            "fluxd flag --{flag}: {other:?} is not a boolean"
        ))),
    }
}

fn parse_duration(flag: &str, v: Option<&str>) -> Result<Duration, Error> {
    let v = v.ok_or_else(|| Error::Input(format!("fluxd flag --{flag} needs a value")))?;
    v.parse()
        .map_err(|e| Error::Input(format!("fluxd flag --{flag}={v}: {e}")))
}

/// Flags fluxd takes as booleans (no separate value argument).
const BOOL_FLAGS: &[&str] = &[
    "sync-garbage-collection",
    "sync-garbage-collection-dry",
    "sops",
    "manifest-generation",
    "git-readonly",
    "git-verify-signatures",
    "git-ci-skip",
    "registry-disable-scanning",
    "registry-trace",
    "registry-use-labels",
    "k8s-verbosity",
    "listen-metrics",
];

/// What to tell the user about flags that do not carry over.
fn lossy_reason(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "git-label" | "git-sync-tag" | "git-notes-ref" | "sync-state" => {
            "Flux v2 records the applied revision in the Kustomization status; the sync tag/notes can be deleted"
        }
        "git-secret" => "git-secret is not supported; encrypt secrets with SOPS (decryption in the Kustomization)",
        "k8s-allow-namespace" | "k8s-namespace-whitelist" => {
            "no namespace allow-list in v2: restrict with RBAC and spec.serviceAccountName on the Kustomization"
        }
        "k8s-unsafe-exclude-resource" => "no equivalent in v2",
        "git-verify-signatures" | "git-verify-signatures-mode" => {
            "set GitRepository spec.verify (mode HEAD) with the public keys as *.asc in a Secret; v1's history modes have no equivalent"
        }
        "git-signing-key" | "git-gpg-key-import" | "git-ci-skip"
        | "git-ci-skip-message" | "registry-insecure-host" | "docker-config" | "registry-ecr-region" | "registry-require"
        | "registry-include-image" | "registry-exclude-image" | "registry-disable-scanning" => {
            "image automation settings: configure ImageRepository/ImagePolicy/ImageUpdateAutomation (later migration step)"
        }
        "registry-rps" | "registry-burst" | "registry-trace" | "registry-use-labels"
        | "memcached-hostname" | "memcached-port" | "memcached-service" | "memcached-timeout" => {
            "registry scanning tuning has no v2 equivalent"
        }
        "token" => "Weave Cloud token: no v2 equivalent",
        _ => return None,
    })
}

impl Fluxd {
    /// Parses fluxd's arguments (`--flag=value`, `--flag value`, bare booleans).
    pub fn from_args(args: &[String]) -> Result<Fluxd, Error> {
        let mut f = Fluxd::default();
        let mut i = 0;
        while i < args.len() {
            let arg = args[i].trim();
            i += 1;
            if arg.is_empty() || arg.starts_with('#') {
                continue;
            }
            let Some(body) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')) else {
                return Err(Error::Input(format!(
                    "fluxd argument {arg:?} is not a flag"
                )));
            };
            let (flag, inline) = match body.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (body.to_string(), None),
            };
            let value = if inline.is_some() || BOOL_FLAGS.contains(&flag.as_str()) {
                inline
            } else if i < args.len() && !args[i].starts_with('-') {
                i += 1;
                Some(args[i - 1].trim().to_string())
            } else {
                None
            };
            let v = value.as_deref();
            let need = |v: Option<&str>| {
                v.map(str::to_string)
                    .ok_or_else(|| Error::Input(format!("fluxd flag --{flag} needs a value")))
            };
            match flag.as_str() {
                "git-url" => f.git_url = need(v)?,
                "git-branch" => f.git_branch = need(v)?,
                "git-path" => f.git_paths.extend(
                    need(v)?
                        .split(',')
                        .map(|p| p.trim().trim_start_matches('/').to_string())
                        .filter(|p| !p.is_empty()),
                ),
                "git-poll-interval" => f.git_poll_interval = parse_duration(&flag, v)?,
                "git-timeout" => f.git_timeout = parse_duration(&flag, v)?,
                "sync-interval" => f.sync_interval = parse_duration(&flag, v)?,
                "sync-timeout" => f.sync_timeout = parse_duration(&flag, v)?,
                "sync-garbage-collection" => f.sync_gc = parse_bool(&flag, v)?,
                "sync-garbage-collection-dry" => {
                    f.sync_gc_dry = parse_bool(&flag, v)?;
                    if f.sync_gc_dry {
                        f.lossy.push((
                            format!("--{flag}"),
                            String::from("v2 has no dry-run garbage collection: prune is set to false; enable it when ready"),
                        ));
                    }
                }
                "sops" => f.sops = parse_bool(&flag, v)?,
                "manifest-generation" => f.manifest_generation = parse_bool(&flag, v)?,
                "k8s-secret-name" => f.secret_name = need(v)?,
                "k8s-secret-data-key" => f.secret_key = need(v)?,
                "k8s-default-namespace" => {
                    f.default_namespace = Some(need(v)?);
                    f.lossy.push((
                        format!("--{flag}"),
                        String::from("v1 filled in missing namespaces only; spec.targetNamespace would override all of them, so it is not set: add `namespace:` to the objects or a kustomization.yaml"),
                    ));
                }
                "git-readonly" => f.git_readonly = parse_bool(&flag, v)?,
                "connect" => f.connect = Some(need(v)?),
                "git-user" => f.git_user = need(v)?,
                "git-email" => f.git_email = need(v)?,
                "automation-interval" | "registry-poll-interval" => {
                    f.automation_interval = parse_duration(&flag, v)?
                }
                other => {
                    if let Some(reason) = lossy_reason(other) {
                        f.lossy.push((format!("--{other}"), reason.to_string()));
                    }
                }
            }
        }
        if f.git_url.is_empty() {
            return Err(Error::Input(String::from(
                "the fluxd arguments have no --git-url",
            )));
        }
        Ok(f)
    }

    /// Reads `--fluxd-args-file`: one argument per line, or a Deployment manifest.
    pub fn from_file_text(text: &str, file: &str) -> Result<Fluxd, Error> {
        if text.lines().any(|l| l.trim_start().starts_with("kind:")) {
            let docs: Vec<Value> = crate::kustomize::yaml::parse_stream(text)
                .map_err(|e| Error::Input(format!("{file}: {e}")))?;
            let dep = docs
                .iter()
                .find(|d| d["kind"] == "Deployment" && fluxd_container(d).is_some())
                .ok_or_else(|| {
                    Error::Input(format!(
                        "{file}: no Deployment with a fluxd container (a container whose args hold --git-url)"
                    ))
                })?;
            return Fluxd::from_deployment(dep);
        }
        let args: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
        Fluxd::from_args(&args).map_err(|e| Error::Input(format!("{file}: {e}")))
    }

    /// Reads the fluxd container of a Deployment (args and env).
    pub fn from_deployment(dep: &Value) -> Result<Fluxd, Error> {
        let c = fluxd_container(dep).ok_or_else(|| {
            Error::Input(format!(
                "Deployment {}: no container with --git-url in its args",
                dep["metadata"]["name"].as_str().unwrap_or("?")
            ))
        })?;
        let args: Vec<String> = c["args"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(String::from))
            .collect();
        let mut f = Fluxd::from_args(&args)?;
        f.env = container_env(c);
        Ok(f)
    }
}

/// The container of a Deployment that runs fluxd.
pub fn fluxd_container(dep: &Value) -> Option<&Value> {
    dep["spec"]["template"]["spec"]["containers"]
        .as_array()?
        .iter()
        .find(|c| {
            c["args"].as_array().is_some_and(|a| {
                a.iter()
                    .any(|x| x.as_str().is_some_and(|s| s.starts_with("--git-url")))
            })
        })
}

/// `{name, key}` of a `secretKeyRef`/`configMapKeyRef`.
fn key_ref(r: &Value) -> Option<(String, String)> {
    let text = |k: &str| {
        r.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    r.is_object().then(|| (text("name"), text("key")))
}

/// A container's `env` entries.
pub fn container_env(c: &Value) -> BTreeMap<String, EnvValue> {
    let mut out = BTreeMap::new();
    for e in c["env"].as_array().into_iter().flatten() {
        let Some(name) = e["name"].as_str() else {
            continue;
        };
        let value = if let Some(v) = e["value"].as_str() {
            EnvValue::Plain(v.to_string())
        } else if let Some((name, key)) = key_ref(&e["valueFrom"]["secretKeyRef"]) {
            EnvValue::Secret { name, key }
        } else if let Some((name, key)) = key_ref(&e["valueFrom"]["configMapKeyRef"]) {
            EnvValue::ConfigMap { name, key }
        } else {
            EnvValue::Plain(String::new())
        };
        out.insert(name.to_string(), value);
    }
    out
}

/// `git@host:org/repo` → `ssh://git@host/org/repo`; other URLs unchanged.
pub fn normalize_git_url(url: &str) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    match url.split_once(':') {
        Some((user_host, path)) if !user_host.contains('/') => {
            format!("ssh://{user_host}/{}", path.trim_start_matches('/'))
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_parse_with_fluxd_defaults() {
        let f = Fluxd::from_args(&args(&[
            "--git-url=git@github.com:org/fleet",
            "--git-branch",
            "main",
            "--git-path=clusters/prod,apps",
            "--git-path=/infra",
            "--sync-garbage-collection",
            "--git-poll-interval=1m",
            "--manifest-generation=true",
            "--git-label=flux-sync",
            "--memcached-hostname=memcached.flux",
        ]))
        .unwrap();
        assert_eq!(f.git_branch, "main");
        assert_eq!(f.git_paths, ["clusters/prod", "apps", "infra"]);
        assert!(f.sync_gc && f.manifest_generation && !f.sops);
        assert_eq!(f.git_poll_interval.to_string(), "1m0s");
        assert_eq!(f.sync_interval.to_string(), "5m0s");
        assert_eq!(f.git_timeout.to_string(), "20s");
        assert_eq!(f.lossy.len(), 2);
        assert_eq!(f.lossy[0].0, "--git-label");
        assert_eq!(
            normalize_git_url(&f.git_url),
            "ssh://git@github.com/org/fleet"
        );
        assert_eq!(normalize_git_url("https://x/y"), "https://x/y");
    }

    #[test]
    fn bad_flags_are_named() {
        let e = Fluxd::from_args(&args(&["--git-url=x", "--sync-interval=soon"])).unwrap_err();
        assert!(e.to_string().contains("--sync-interval=soon"), "{e}");
        let e = Fluxd::from_args(&args(&["--git-branch=main"])).unwrap_err();
        assert!(e.to_string().contains("--git-url"), "{e}");
    }

    #[test]
    fn deployments_give_args_and_env() {
        let text = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: flux, namespace: flux}
spec:
  template:
    spec:
      containers:
      - name: flux
        image: docker.io/fluxcd/flux:1.25.4
        args: ["--git-url=ssh://git@example.com/fleet", "--sops"]
        env:
        - {name: CLUSTER, value: prod}
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: db, key: password}}
"#;
        let f = Fluxd::from_file_text(text, "fluxd.yaml").unwrap();
        assert!(f.sops);
        assert_eq!(f.env["CLUSTER"], EnvValue::Plain("prod".into()));
        assert_eq!(
            f.env["DB_PASSWORD"],
            EnvValue::Secret {
                name: "db".into(),
                key: "password".into()
            }
        );
    }
}
