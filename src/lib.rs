//! `flux`: the Flux v2 GitOps toolkit re-implemented in Rust as one binary.
//!
//! The map (see `DESIGN.md` in the shared folder for the full contract):
//! - [`api`]: every Flux API type, the CRDs generated from them, and the kind registry
//!   ([`api::registry`]: group, version, kind, plural, short names, categories). Depends on
//!   nothing else.
//! - [`cluster`]: client construction from the global flags, the discovery cache, a dynamic
//!   API per GVK, server-side apply of one object, reconcile requests, API error helpers.
//! - [`runtime`]: the reconciler runtime every controller runs on (the per-kind
//!   `Reconciler` trait and the one reconcile shell; the manager running any subset of
//!   controllers on shared watches with leader election per controller; events, metrics,
//!   backoff; `dependsOn` and tenancy shared by the appliers).
//! - [`controllers`]: the reconcilers and servers `flux serve` runs (source: GitRepository,
//!   HelmRepository, OCIRepository, Bucket; kustomize; notification), each a list of named
//!   steps on the runtime.
//! - [`sources`]: every source kind's artifact behind one interface, and the reference rules
//!   consumers share.
//! - [`artifact`]: tar.gz artifacts byte-identical to Go Flux's (Go's `archive/tar` layout in
//!   [`artifact::gotar`], Go's gzip in [`artifact::goflate`]), source-ignore filtering, safe
//!   extraction, storage and the shared fetcher.
//! - [`oci`]: OCI references, the registry client and keychain, Flux's OCI artifact format.
//! - [`bucket`]: object storage for the Bucket source (the S3 client, the etag index).
//! - [`helm`]: Helm repository indexes as source-controller reads and stores them.
//! - [`git`]: fetching and checking out Git references (auth, known_hosts, revisions,
//!   verification), and writable clones for bootstrap (commit, sign, push).
//! - [`kustomize`]: the kustomize build engine (byte-identical to kustomize v5). Pure: files in,
//!   objects out; no cluster, no SOPS, no network unless remote bases are allowed.
//! - [`sops`]: SOPS decryption (age and OpenPGP master keys; YAML, JSON, dotenv, binary).
//! - [`build`]: Flux's build of a Kustomization (generated kustomization, spec fields,
//!   post-build substitution, SOPS), above [`kustomize`] and [`sops`].
//! - [`goyaml`]: YAML printing as Go's `sigs.k8s.io/yaml` (go-yaml v2) prints it, shared by the
//!   CLI's output and the kustomize engine.
//! - [`apply`]: server-side apply in stages with an owner (field manager + ownership labels),
//!   dry-run diff, inventory, and prune of what the owner still owns.
//! - [`health`]: readiness of arbitrary objects (kstatus rules, CEL expressions).
//! - [`notify`]: the notification-controller's pure core (event payload, Alert matching,
//!   provider requests, webhook receiver verification, OIDC).
//! - [`install`]: the install manifest set (`flux install --export`), applying it, checking it
//!   and removing it. Only the installer commands and bootstrap use it.
//! - [`bootstrap`]: `flux bootstrap`: Flux's repository layout, the bootstrap sequence, and the
//!   GitHub, Gitea and GitLab API clients.
//! - [`migrate`]: Flux v1 → v2 migration planning, its report and the repository commit.
//! - [`masterminds`]: Masterminds semver ranges (Git tags, later Helm and image policies).
//! - [`output`]: Flux's human output style (`✚ ► ✔ ◎ ✗`) and the CLI's YAML printer.
//! - [`cli`]: one file per command; flags -> options -> one library call. Nothing imports it.
//!
//! Dependency direction: `cli` -> `controllers` -> shared libraries (`runtime`, `sources`,
//! `apply`, `build`, `artifact`, `git`, ...) -> `cluster` -> `api`. `kustomize`, `sops`,
//! `goyaml`, `health`'s kstatus rules and `notify`'s builders know nothing of a cluster.
// One audited exception: libgit2's socket timeouts (`git::socket_timeouts`).
#![deny(unsafe_code)]

pub mod api;
pub mod apply;
pub mod artifact;
pub mod bootstrap;
pub mod bucket;
pub mod build;
pub mod cli;
pub mod cloud;
pub mod cluster;
pub mod controllers;
pub mod git;
pub mod goyaml;
pub mod health;
pub mod helm;
pub mod image;
pub mod install;
pub mod kustomize;
pub mod masterminds;
pub mod migrate;
pub mod notify;
pub mod oci;
pub mod output;
pub mod runtime;
pub mod sops;
pub mod sources;
pub mod version;

/// A reqwest error as one line without its URL: the error and each of its sources, joined by
/// `: ` (what the HTTP clients of the sources, buckets and cloud logins report).
pub fn http_error_message(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut message = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message = format!("{message}: {s}");
        src = s.source();
    }
    message
}

/// Standard base64 decoded as Go's `base64.StdEncoding` does it: line breaks are skipped
/// (kustomize's secretGenerator wraps long values at 70 columns).
pub fn go_base64_decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine;
    let joined: String = text.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
    base64::engine::general_purpose::STANDARD.decode(joined)
}

/// An I/O error as Go's `syscall.Errno` prints it (`no such file or directory`).
pub fn go_io_error(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = s.split(" (os error").next().unwrap_or(&s).to_string();
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => s,
    }
}
