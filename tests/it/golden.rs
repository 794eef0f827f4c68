//! Golden files: `--export` output, `--help` of every command, and the generated CRDs and
//! completions committed in the repository. Run with `UPDATE_GOLDEN=1` to rewrite them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

fn check_golden(path: &Path, got: &[u8]) {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return;
    }
    let want = std::fs::read(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run UPDATE_GOLDEN=1 cargo test --test it golden::",
            path.display()
        )
    });
    if want != got {
        panic!(
            "{} is stale; run UPDATE_GOLDEN=1 cargo test --test it golden:: and review the diff\n--- got ---\n{}",
            path.display(),
            String::from_utf8_lossy(got)
        );
    }
}

fn flux(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "flux {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn install_export_matches_golden() {
    check_golden(
        &root().join("tests/golden/install-export.yaml"),
        &flux(&["install", "--export"]),
    );
}

#[test]
fn install_export_with_options_matches_golden() {
    check_golden(
        &root().join("tests/golden/install-export-options.yaml"),
        &flux(&[
            "install",
            "--export",
            "--namespace=gitops",
            "--components=source-controller,kustomize-controller",
            "--registry=registry.example.com/flux",
            "--image-pull-secret=regcred",
            "--watch-all-namespaces=false",
            "--network-policy=false",
            "--log-level=debug",
            "--cluster-domain=example.internal",
            "--toleration-keys=node.kubernetes.io/not-ready,dedicated",
        ]),
    );
}

#[test]
fn create_export_variants_match_golden() {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.crt");
    std::fs::write(
        &ca,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let ca = ca.to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "create-kustomization-basic",
            vec![
                "create",
                "kustomization",
                "podinfo",
                "--source=podinfo",
                "--path=./kustomize",
                "--prune=true",
                "--interval=5m",
            ],
        ),
        (
            "create-kustomization-all-flags",
            vec![
                "create",
                "ks",
                "apps",
                "--source=OCIRepository/apps.infra",
                "--path=deploy",
                "--prune=false",
                "--wait",
                "--health-check=Deployment/app.apps",
                "--depends-on=infra/base,crds",
                "--target-namespace=apps",
                "--interval=10m",
                "--retry-interval=2m",
                "--health-check-timeout=3m",
                "--decryption-provider=sops",
                "--decryption-secret=sops-age",
                "--service-account=deployer",
                "--kubeconfig-secret-ref=remote",
                "--label=team=a",
            ],
        ),
        (
            "create-source-git-branch",
            vec![
                "create",
                "source",
                "git",
                "podinfo",
                "--url=https://github.com/stefanprodan/podinfo",
                "--branch=master",
                "--interval=1m",
            ],
        ),
        (
            "create-source-git-tag",
            vec![
                "create",
                "source",
                "git",
                "podinfo",
                "--url=https://github.com/stefanprodan/podinfo",
                "--tag=6.5.0",
                "--interval=10m",
                "--fetch-timeout=2m",
            ],
        ),
        (
            "create-source-git-semver-auth",
            vec![
                "create",
                "source",
                "git",
                "podinfo",
                "--url=https://github.com/stefanprodan/podinfo",
                "--tag-semver=6.x",
                "-u",
                "git",
                "-p",
                "token",
            ],
        ),
        (
            "create-source-git-commit",
            vec![
                "create",
                "source",
                "git",
                "podinfo",
                "--url=https://github.com/stefanprodan/podinfo",
                "--branch=main",
                "--commit=363a6a8fe6a7f13e05d34c163b0ef02a777da20a",
            ],
        ),
        (
            "create-source-git-ref-name-options",
            vec![
                "create",
                "source",
                "git",
                "podinfo",
                "--url=ssh://git@github.com/stefanprodan/podinfo",
                "--ref-name=refs/pull/1/head",
                "--secret-ref=podinfo-ssh",
                "--recurse-submodules",
                "--ignore-paths=/*,!/deploy",
                "--sparse-checkout-paths=deploy,charts",
                "--provider=github",
                "--proxy-secret-ref=proxy",
                "--label=env=prod,team=a",
                "--namespace=apps",
            ],
        ),
        (
            "create-secret-git-basic",
            vec![
                "create",
                "secret",
                "git",
                "podinfo-auth",
                "--url=https://github.com/stefanprodan/podinfo",
                "-u",
                "git",
                "-p",
                "password",
            ],
        ),
        (
            "create-secret-git-bearer",
            vec![
                "create",
                "secret",
                "git",
                "podinfo-token",
                "--url=https://github.com/stefanprodan/podinfo",
                "--bearer-token=ghp_token",
                "--ca-crt-file",
                ca,
            ],
        ),
        (
            "create-secret-tls",
            vec![
                "create",
                "secret",
                "tls",
                "podinfo-tls",
                "--ca-crt-file",
                ca,
            ],
        ),
        (
            "create-alert-provider",
            vec![
                "create",
                "alert-provider",
                "slack",
                "--type=slack",
                "--channel=general",
                "--address=https://hooks.slack.com/services/x",
                "--secret-ref=webhook-url",
            ],
        ),
        (
            "create-alert",
            vec![
                "create",
                "alert",
                "podinfo",
                "--provider-ref=slack",
                "--event-severity=error",
                "--event-source=GitRepository/*,Kustomization/podinfo.apps",
                "--label=env=prod",
            ],
        ),
        (
            "create-receiver",
            vec![
                "create",
                "receiver",
                "github-receiver",
                "--type=github",
                "--event=ping,push",
                "--secret-ref=webhook-token",
                "--resource=GitRepository/webapp,HelmRepository/*",
            ],
        ),
        (
            "create-secret-receiver",
            vec![
                "create",
                "secret",
                "receiver",
                "github-receiver",
                "--type=github",
                "--token=s3cr3t",
                "--hostname=flux.example.com",
            ],
        ),
    ];
    for (name, mut args) in cases {
        args.push("--export");
        check_golden(
            &root().join(format!("tests/golden/{name}.yaml")),
            &flux(&args),
        );
    }
}

#[test]
fn build_kustomization_dry_run_matches_golden() {
    let root = root().join("tests/fixtures/build");
    check_golden(
        &root
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("golden/build-kustomization-podinfo.yaml"),
        &flux(&[
            "build",
            "kustomization",
            "podinfo",
            "--path",
            root.join("apps").to_str().unwrap(),
            "--kustomization-file",
            root.join("kustomization-podinfo.yaml").to_str().unwrap(),
            "--dry-run",
        ]),
    );
}

#[test]
fn kustomize_build_matches_golden() {
    let dir = root().join("tests/kustomize/cases/03-nested-bases/overlay");
    check_golden(
        &root().join("tests/golden/kustomize-build-nested-bases.yaml"),
        &flux(&["kustomize", "build", dir.to_str().unwrap()]),
    );
}

#[test]
fn help_output_matches_golden() {
    for cmd in [
        vec![],
        vec!["install"],
        vec!["uninstall"],
        vec!["check"],
        vec!["version"],
        vec!["completion"],
        vec!["serve"],
        vec!["create", "source", "git"],
        vec!["create", "secret", "git"],
        vec!["create", "kustomization"],
        vec!["get", "kustomizations"],
        vec!["reconcile", "kustomization"],
        vec!["tree", "kustomization"],
        vec!["events"],
        vec!["get", "sources", "git"],
        vec!["reconcile", "source", "git"],
        vec!["suspend", "source", "git"],
        vec!["resume", "source", "git"],
        vec!["delete", "source", "git"],
        vec!["export", "source", "git"],
        vec!["build", "kustomization"],
        vec!["diff", "kustomization"],
        vec!["trace"],
        vec!["kustomize", "build"],
        vec!["envsubst"],
        vec!["create", "alert"],
        vec!["create", "alert-provider"],
        vec!["create", "receiver"],
        vec!["create", "secret", "receiver"],
        vec!["get", "alerts"],
        vec!["get", "alert-providers"],
        vec!["get", "receivers"],
        vec!["reconcile", "receiver"],
        vec!["trigger", "receiver"],
        vec!["stats"],
        vec!["migrate"],
        vec!["migrate", "v1"],
        vec!["bootstrap", "git"],
        vec!["bootstrap", "github"],
        vec!["bootstrap", "gitlab"],
        vec!["bootstrap", "gitea"],
        vec!["get", "all"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        let name = if cmd.is_empty() {
            "flux".to_string()
        } else {
            format!("flux-{}", cmd.join("-"))
        };
        check_golden(
            &root().join(format!("tests/golden/help/{name}.txt")),
            &flux(&args),
        );
    }
}

#[test]
fn committed_crds_are_generated_by_this_binary() {
    let dir = tempfile::tempdir().unwrap();
    flux(&["gen", "crds", dir.path().to_str().unwrap()]);
    compare_dirs(
        dir.path(),
        &root().join("manifests/crds"),
        "flux gen crds manifests/crds",
    );
}

#[test]
fn committed_completions_are_generated_by_this_binary() {
    let dir = tempfile::tempdir().unwrap();
    flux(&["gen", "completions", dir.path().to_str().unwrap()]);
    compare_dirs(
        dir.path(),
        &root().join("completions"),
        "flux gen completions completions",
    );
}

fn compare_dirs(generated: &Path, committed: &Path, regen: &str) {
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    assert_eq!(
        names(generated),
        names(committed),
        "file set differs; run `{regen}`"
    );
    for name in names(generated) {
        let a = std::fs::read(generated.join(&name)).unwrap();
        let b = std::fs::read(committed.join(&name)).unwrap();
        assert!(
            a == b,
            "{}/{name} is stale; run `{regen}`",
            committed.display()
        );
    }
}

#[test]
fn export_is_valid_multi_document_yaml_with_header() {
    let out = String::from_utf8(flux(&["install", "--export"])).unwrap();
    assert!(out.starts_with(
        "---\n# This manifest was generated by flux. DO NOT EDIT.\n# Flux Version: v"
    ));
    assert!(out.contains(
        "# Components: source-controller,kustomize-controller,helm-controller,notification-controller\n"
    ));
    let docs: Vec<serde_json::Value> = out
        .split("\n---\n")
        .map(|d| serde_saphyr::from_str(d).expect("document parses"))
        .collect();
    assert_eq!(docs.len(), out.matches("\n---\n").count() + 1);
    assert!(docs
        .iter()
        .all(|d| d["apiVersion"].is_string() && d["kind"].is_string()));
}

#[test]
fn committed_crd_yaml_parses_back_to_the_generated_objects() {
    for k in flux::api::kinds() {
        let name = format!("{}_{}.yaml", k.crd.spec.group, k.crd.spec.names.plural);
        let text = std::fs::read_to_string(root().join("manifests/crds").join(&name)).unwrap();
        // Parsed into the CRD type, so `minimum: 0` equals the generated 0.0.
        let parsed: k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition =
            serde_saphyr::from_str(text.trim_start_matches("---\n")).unwrap();
        assert_eq!(parsed, k.crd, "{name}");
    }
}
