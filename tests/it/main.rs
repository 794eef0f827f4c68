//! The one integration test binary: every area is a module here, and they share one real
//! control plane per run (started on first use by [`support`], stopped when the binary exits).
//! Tests that change cluster-wide state (uninstalling Flux's CRDs) use a second, isolated
//! control plane (`support::isolated_kubeconfig`). Run one area with `cargo test --test it <module>::`.

#[path = "../support/mod.rs"]
mod support;

mod api_types;
mod artifact_fetch;
mod bootstrap;
mod bootstrap_bitbucket;
mod bootstrap_gitea;
mod bootstrap_github;
mod bootstrap_gitlab;
mod cli;
mod cluster;
mod crash_campaign;
mod flux2_cli_cases;
mod flux2_goldens;
mod flux2_trace;
mod flux_crds;
mod flux_helm_controller;
mod flux_image_automation;
mod flux_image_reflector;
mod flux_kustomize_controller;
mod flux_source_controller;
mod git;
mod golden;
mod harness;
mod helm_controller;
mod helm_digest;
mod helm_storage;
mod helm_template_conformance;
mod helm_template_exec;
mod helm_template_parse;
mod hostile;
mod image_automation;
mod image_reflector;
mod image_setters;
mod kustomize_conformance;
mod kustomize_controller;
mod migrate;
mod migrate_equivalence;
mod node;
mod notification_controller;
mod oci_artifact;
mod plugin_catalog;
mod reliability;
mod sops;
mod source_bucket;
mod source_chart;
mod source_controller;
mod source_helm;
mod source_oci;
mod source_watcher;
mod verify;
