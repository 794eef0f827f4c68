//! `flux`: the Flux v2 GitOps toolkit re-implemented in Rust as one binary.
//!
//! The map (see `DESIGN.md` in the shared folder for the full contract):
//! - [`api`]: every Flux API type and the CRDs generated from them. Depends on nothing else.
//! - [`artifact`]: deterministic tar.gz artifacts, source-ignore filtering, safe extraction.
//! - [`git`]: fetching and checking out Git references (auth, known_hosts, revisions), and
//!   writable clones for bootstrap (commit, sign, push).
//! - [`bootstrap`]: `flux bootstrap`: Flux's repository layout, the bootstrap sequence, and the
//!   GitHub, Gitea and GitLab API clients.
//! - [`controllers`]: the reconcilers and servers `flux serve` runs (source, kustomize,
//!   notification).
//! - [`http`]: a minimal HTTP/1.1 client for in-cluster http:// URLs (events, artifacts).
//! - [`output`]: Flux's human output style (`✚ ► ✔ ◎ ✗`) and YAML printing.
//! - [`install`]: the install manifest set (`flux install --export`), applying it, checking it
//!   and removing it. Uses [`kube_client`] for cluster access.
//! - [`kube_client`]: building a Kubernetes client from the global flags, with timeouts.
//! - [`kustomize`]: the kustomize build engine (byte-identical to kustomize v5) and Flux's build
//!   on top (generated kustomization, spec fields, post-build substitution). Pure: files in,
//!   objects out; no cluster, no network unless remote bases are allowed.
//! - [`notify`]: the notification-controller's pure core (event payload, Alert matching,
//!   provider requests, webhook receiver verification).
//! - [`migrate`]: Flux v1 → v2 migration planning (fluxd flags, `.flux.yaml`, FluxCloud).
//! - [`sops`]: SOPS decryption (age and OpenPGP master keys; YAML, JSON, dotenv, binary).
//! - [`cli`]: one file per command; flags -> options -> one library call. Nothing imports it.
//!
//! Dependency direction: `cli` -> `install` -> `kube_client`/`output` -> `api`.
#![forbid(unsafe_code)]

pub mod api;
pub mod apply;
pub mod artifact;
pub mod bootstrap;
pub mod cli;
pub mod cluster;
pub mod controllers;
pub mod git;
pub mod goyaml;
pub mod health;
pub mod http;
pub mod install;

pub mod kustomize;
pub mod masterminds;
pub mod migrate;
pub mod notify;
pub mod output;
pub mod runtime;
pub mod sops;
pub mod version;
