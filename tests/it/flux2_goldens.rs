//! Conformance with flux2's own CLI golden files (`cmd/flux/testdata` of the flux2 module we
//! replace, read from the Go module cache): the same command line prints the same bytes.
//! Golden templates (`{{ .fluxns }}`) are filled with the namespace passed on the command line.

use crate::support;

/// Runs our binary (no cluster: every case is `--export` or fails validation).
fn flux(args: &str, cwd: &std::path::Path) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args.split_whitespace())
        .current_dir(cwd)
        .env_remove("KUBECONFIG")
        .output()
        .expect("running flux");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (command line, golden file under cmd/flux/testdata, namespace for the template).
const CASES: &[(&str, &str, &str)] = &[
    (
        "create source helm podinfo --url=https://stefanprodan.github.io/charts/podinfo --interval 5m --export -n flux-test",
        "create_source_helm/https.golden",
        "flux-test",
    ),
    (
        "create source helm podinfo --url=oci://ghcr.io/stefanprodan/charts/podinfo --interval 5m --export -n flux-test",
        "create_source_helm/oci.golden",
        "flux-test",
    ),
    (
        "create source helm podinfo --url=oci://ghcr.io/stefanprodan/charts/podinfo --interval 5m --secret-ref=creds --export -n flux-test",
        "create_source_helm/oci-with-secret.golden",
        "flux-test",
    ),
    (
        "create secret helm helm-secret --username=my-username --password=my-password --namespace=my-namespace --export",
        "create_secret/helm/secret-helm.yaml",
        "",
    ),
    (
        "create secret oci ghcr --namespace=my-namespace --url ghcr.io --username stefanprodan --password=password --export",
        "create_secret/oci/create-secret.yaml",
        "",
    ),
    (
        "create secret proxy proxy-secret --address=https://my-proxy.com --username=my-username --password=my-password --namespace=my-namespace --export",
        "create_secret/proxy/secret-proxy.yaml",
        "",
    ),
    (
        "create secret tls certs --namespace=my-namespace --tls-crt-file=./testdata/create_secret/tls/test-cert.pem --tls-key-file=./testdata/create_secret/tls/test-key.pem --ca-crt-file=./testdata/create_secret/tls/test-ca.pem --export",
        "create_secret/tls/secret-tls.yaml",
        "",
    ),
    (
        "create helmrelease podinfo --source Helmrepository/podinfo --chart podinfo --interval=1m0s --export -n flux-hr",
        "create_hr/basic.yaml",
        "flux-hr",
    ),
    (
        "create helmrelease podinfo --chart-ref OCIRepository/podinfo --interval=1m0s --export -n flux-hr",
        "create_hr/or_basic.yaml",
        "flux-hr",
    ),
    (
        "create helmrelease podinfo --chart-ref HelmChart/podinfo --interval=1m0s --export -n flux-hr",
        "create_hr/hc_basic.yaml",
        "flux-hr",
    ),
];

/// flux2's notation cases: CA files it writes itself (`ca-data-crt`, `ca-data-pem`), the trust
/// policy from its testdata.
#[test]
fn create_secret_notation_matches_flux2_golden_files() {
    let cmd_dir = support::go_module(support::FLUX2_MODULE).join("cmd/flux");
    let dir = tempfile::tempdir().unwrap();
    let (crt, pem) = (dir.path().join("ca.crt"), dir.path().join("ca.pem"));
    std::fs::write(&crt, "ca-data-crt").unwrap();
    std::fs::write(&pem, "ca-data-pem").unwrap();
    let policy = "./testdata/create_secret/notation/test-trust-policy.json";
    let (crt, pem) = (crt.display().to_string(), pem.display().to_string());
    for (files, golden) in [
        (vec![crt.clone()], "secret-ca-crt.yaml"),
        (vec![pem.clone()], "secret-ca-pem.yaml"),
        (vec![crt.clone(), pem.clone()], "secret-ca-multi.yaml"),
    ] {
        let mut args = String::from("create secret notation notation-config");
        for f in &files {
            args.push_str(&format!(" --ca-cert-file={f}"));
        }
        args.push_str(&format!(
            " --trust-policy-file={policy} --namespace=my-namespace --export"
        ));
        let want = std::fs::read_to_string(support::flux2_testdata(&format!(
            "create_secret/notation/{golden}"
        )))
        .unwrap();
        let (ok, got, err) = flux(&args, &cmd_dir);
        assert!(ok, "{args}: {err}");
        assert_eq!(got, want, "{args}");
    }
    let p12 = dir.path().join("ca.p12");
    std::fs::write(&p12, "x").unwrap();
    for (args, want) in [
        ("create secret notation".to_string(), "name is required".to_string()),
        (
            format!("create secret notation notation-config --trust-policy-file={policy}"),
            "--ca-cert-file is required".to_string(),
        ),
        (
            format!("create secret notation notation-config --ca-cert-file={crt}"),
            "--trust-policy-file is required".to_string(),
        ),
        (
            format!("create secret notation notation-config --ca-cert-file={} --trust-policy-file={policy}", p12.display()),
            "ca.p12 must end with either .crt or .pem".to_string(),
        ),
        (
            format!("create secret notation notation-config --ca-cert-file={crt} --trust-policy-file=./testdata/create_secret/notation/invalid-trust-policy.json"),
            "invalid trust policy: trust policy: a trust policy statement is missing a name, every statement requires a name".to_string(),
        ),
        (
            format!("create secret notation notation-config --ca-cert-file={crt} --trust-policy-file=./testdata/create_secret/notation/invalid.json"),
            "failed to unmarshal trust policy ./testdata/create_secret/notation/invalid.json: json: cannot unmarshal string into Go value of type trustpolicy.Document".to_string(),
        ),
    ] {
        let (ok, _, err) = flux(&args, &cmd_dir);
        assert!(!ok, "{args} succeeded");
        assert!(err.lines().any(|l| l == format!("✗ {want}")), "{args}: want '✗ {want}', got {err}");
    }
}

#[test]
fn export_output_matches_flux2_golden_files() {
    // flux2's tests run from cmd/flux, so relative file flags resolve there.
    let cmd_dir = support::go_module(support::FLUX2_MODULE).join("cmd/flux");
    let mut failures = vec![];
    for (args, golden, ns) in CASES {
        let want = std::fs::read_to_string(support::flux2_testdata(golden))
            .unwrap_or_else(|e| panic!("reading {golden}: {e}"))
            .replace("{{ .fluxns }}", ns);
        let (ok, got, err) = flux(args, &cmd_dir);
        if !ok || got != want {
            failures.push(format!(
                "flux {args}\n--- want ({golden})\n{want}\n--- got\n{got}{err}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// (command line, the error flux2's test expects).
const ERRORS: &[(&str, &str)] = &[
    (
        "create source helm podinfo --url=git://example.com/charts --export",
        "url scheme 'git' not supported, can be: http, https and oci",
    ),
    ("create secret oci ghcr", "--url is required"),
    ("create secret proxy proxy-secret", "address is required"),
];

#[test]
fn validation_errors_match_flux2_tests() {
    let dir = tempfile::tempdir().unwrap();
    for (args, want) in ERRORS {
        let (ok, _, err) = flux(args, dir.path());
        assert!(!ok, "flux {args} succeeded");
        assert!(
            err.lines().any(|l| l == format!("✗ {want}")),
            "flux {args}: want '✗ {want}', got {err}"
        );
    }
}

/// flux2's `TestBuildLocalKustomization` cases that need no cluster (`--dry-run`): the
/// Kustomization file is the `podinfo` literal of that Go test (read from the module, filled
/// with the namespace), the golden files are its `testdata/build-kustomization` results.
#[test]
fn dry_run_builds_match_flux2_golden_files() {
    let cmd_dir = support::go_module(support::FLUX2_MODULE).join("cmd/flux");
    let source = std::fs::read_to_string(cmd_dir.join("build_kustomization_test.go")).unwrap();
    let start = source
        .find("func TestBuildLocalKustomization")
        .expect("TestBuildLocalKustomization in flux2");
    let literal = source[start..]
        .split_once("podinfo := `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(lit, _)| lit)
        .expect("the podinfo Kustomization literal");
    let ns = "flux-dry-run";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("podinfo.yaml");
    std::fs::write(&file, literal.replace("{{ .fluxns }}", ns)).unwrap();
    let f = file.display();
    let recursive =
        "--recursive --local-sources GitRepository/default/podinfo=./testdata/build-kustomization";
    let mut failures = vec![];
    for (args, golden) in [
        (
            format!("build kustomization podinfo --kustomization-file {f} --path ./testdata/build-kustomization/var-substitution --dry-run"),
            "build-kustomization/podinfo-with-var-substitution-result.yaml",
        ),
        (
            format!("build kustomization podinfo --kustomization-file {f} --path ./testdata/build-kustomization/podinfo-with-my-app {recursive} --dry-run"),
            "build-kustomization/podinfo-with-my-app-result.yaml",
        ),
        (
            format!("build kustomization podinfo --kustomization-file {f} --path ./testdata/build-kustomization/podinfo-with-my-app {recursive} --in-memory-build=true --dry-run"),
            "build-kustomization/podinfo-with-my-app-result.yaml",
        ),
    ] {
        let args = format!("{args} -n {ns}");
        let want = std::fs::read_to_string(support::flux2_testdata(golden))
            .unwrap()
            .replace("{{ .fluxns }}", ns);
        let (ok, got, err) = flux(&args, &cmd_dir);
        if !ok || got != want {
            failures.push(format!("flux {args}\n--- want ({golden})\n{want}\n--- got\n{got}{err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `flux logs` formats and filters controller log lines as flux2's own unit test says
/// (`cmd/flux/logs_unit_test.go`: its log lines, its filter cases and its expected files in
/// `testdata/logs`, read from the Go module).
#[test]
fn logs_lines_are_formatted_and_filtered_as_flux2s_unit_test_expects() {
    use flux::cli::logs::{render, Filter};
    let cmd_dir = support::go_module(support::FLUX2_MODULE).join("cmd/flux");
    let test = std::fs::read_to_string(cmd_dir.join("logs_unit_test.go")).unwrap();
    let start = test.find("var testPodLogs = `").unwrap() + "var testPodLogs = `".len();
    let lines = &test[start..start + test[start..].find('`').unwrap()];
    // (namespace or all, level, kind, name, expected file), as the Go test's table has them.
    type Case<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );
    let cases: [Case; 5] = [
        (None, None, None, None, "all-logs.txt"),
        (Some("default"), None, None, None, "namespace.txt"),
        (
            Some("flux-system"),
            None,
            Some("Kustomization"),
            None,
            "kind.txt",
        ),
        (None, Some("error"), None, None, "log-level.txt"),
        (
            Some("flux-system"),
            Some("error"),
            Some("Kustomization"),
            Some("podinfo"),
            "multiple-filters.txt",
        ),
    ];
    for (ns, level, kind, name, file) in cases {
        let filter = Filter {
            level: level.map(str::to_string),
            kind: kind.map(str::to_string),
            name: name.map(str::to_string),
            namespace: ns.map(str::to_string),
        };
        let got: String = lines
            .lines()
            .filter_map(|l| render(l, &filter).unwrap())
            .collect();
        let want = std::fs::read_to_string(cmd_dir.join("testdata/logs").join(file)).unwrap();
        assert_eq!(got, want, "{file}");
    }
}
