//! CLI behaviour that needs no cluster: errors are one line, name what failed, exit 1, and
//! nothing panics.

use std::process::Command;
use std::time::{Duration, Instant};

fn flux(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_line_failure(stderr: &str, needle: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with('✗')).collect();
    assert_eq!(lines.len(), 1, "expected one ✗ line: {stderr}");
    assert!(lines[0].contains(needle), "{needle:?} not in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unknown_component_is_a_one_line_error_naming_it() {
    let (code, _, err) = flux(&[
        "install",
        "--export",
        "--components",
        "source-controller,magic-controller",
    ]);
    assert_eq!(code, 1);
    assert_one_line_failure(&err, "\"magic-controller\"");
}

#[test]
fn missing_kubeconfig_names_the_file() {
    let (code, _, err) = flux(&["check", "--kubeconfig", "/nonexistent/kubeconfig"]);
    assert_eq!(code, 1);
    assert_one_line_failure(&err, "/nonexistent/kubeconfig");
}

#[test]
fn invalid_kubeconfig_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kubeconfig");
    std::fs::write(&path, "this: [is not a kubeconfig").unwrap();
    let (code, _, err) = flux(&["install", "--kubeconfig", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_one_line_failure(&err, path.to_str().unwrap());
}

#[test]
fn unreachable_api_server_fails_within_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on, and a non-routable-free loopback address: the connection is
    // refused or times out locally.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let path = dir.path().join("kubeconfig");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:{port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n"
        ),
    )
    .unwrap();
    let start = Instant::now();
    let (code, _, err) = flux(&[
        "install",
        "--kubeconfig",
        path.to_str().unwrap(),
        "--timeout",
        "5s",
    ]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(code, 1);
    assert_one_line_failure(&err, "");
    assert!(!err.contains("install finished"), "{err}");
}

#[test]
fn invalid_namespace_is_refused() {
    let (code, _, err) = flux(&["install", "--export", "--namespace", "Not_Valid"]);
    assert_ne!(code, 0);
    assert!(err.contains("Not_Valid"), "{err}");
}

#[test]
fn bad_timeout_is_refused() {
    let (code, _, err) = flux(&["install", "--export", "--timeout", "5 minutes"]);
    assert_ne!(code, 0);
    // Go's time.ParseDuration wording, as Flux's CLI prints it.
    assert_eq!(
        err,
        "✗ invalid argument \"5 minutes\" for \"--timeout\" flag: time: unknown unit \" minutes\" in duration \"5 minutes\"\n"
    );
}

#[test]
fn version_client_prints_this_version() {
    let (code, out, _) = flux(&["version", "--client"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("flux: v{}\n", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = flux(&["version", "--client", "-o", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["flux"], format!("v{}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completion_scripts_are_generated_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = flux(&["completion", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("flux"), "{shell}");
        assert!(out.contains("install"), "{shell}");
    }
}

#[test]
fn installed_source_controller_args_are_accepted_by_flux_serve() {
    use clap::Parser;
    let objs = flux::install::manifests::objects(&Default::default()).unwrap();
    let deploy = objs
        .iter()
        .find(|o| o["kind"] == "Deployment" && o["metadata"]["name"] == "source-controller")
        .unwrap();
    let args: Vec<String> = deploy["spec"]["template"]["spec"]["containers"][0]["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let cli =
        flux::cli::Cli::try_parse_from(std::iter::once("flux".to_string()).chain(args.clone()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    match cli.command {
        flux::cli::Command::Serve(s) => {
            assert_eq!(s.controllers, ["source-controller"]);
            assert!(s.enable_leader_election);
            assert_eq!(s.storage_path, std::path::PathBuf::from("/data"));
            assert_eq!(
                s.events_addr.as_deref(),
                Some("http://notification-controller.flux-system.svc.cluster.local./")
            );
        }
        other => panic!("not serve: {other:?}"),
    }
}

fn flux_stdin(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flux"));
    cmd.args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn envsubst_expands_environment_variables_from_stdin() {
    let input = "name: ${APP_NAME}\nreplicas: ${REPLICAS:=1}\nlevel: ${LEVEL^^}\nkeep: $${APP_NAME} and $HOME\n";
    let (code, out, err) = flux_stdin(
        &["envsubst"],
        input,
        &[("APP_NAME", "podinfo"), ("LEVEL", "debug")],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "name: podinfo\nreplicas: 1\nlevel: DEBUG\nkeep: ${APP_NAME} and $HOME\n"
    );
}

#[test]
fn envsubst_strict_fails_on_unset_variables_and_prints_nothing() {
    let (code, out, err) = flux_stdin(
        &["envsubst", "--strict"],
        "a: ${FLUX_TEST_SURELY_UNSET}\n",
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_one_line_failure(&err, "FLUX_TEST_SURELY_UNSET");
    let (code, out, _) = flux_stdin(&["envsubst"], "a: ${FLUX_TEST_SURELY_UNSET}\n", &[]);
    assert_eq!((code, out.as_str()), (0, "a: \n"));
}

#[test]
fn kustomize_build_failure_names_the_file_and_prints_only_the_error() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/kustomize/cases/err-missing-resource"
    );
    let (code, out, err) = flux(&["kustomize", "build", dir]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_one_line_failure(&err, "kustomization.yaml: resources: missing.yaml");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/kustomize/cases/err-invalid-yaml"
    );
    let (code, out, err) = flux(&["kustomize", "build", dir]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_one_line_failure(&err, "bad.yaml:4:");
}

#[test]
fn build_kustomization_strict_substitute_fails_on_unset_variables() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/build");
    let tmp = tempfile::tempdir().unwrap();
    let ks = std::fs::read_to_string(format!("{root}/kustomization-podinfo.yaml")).unwrap();
    // Without `region` in postBuild.substitute the default applies; `zone` has one too, so
    // drop `cluster_env`, which has none.
    let ks = ks.replace("      cluster_env: production\n", "");
    let file = tmp.path().join("ks.yaml");
    std::fs::write(&file, ks).unwrap();
    let args = [
        "build",
        "kustomization",
        "podinfo",
        "--path",
        &format!("{root}/apps"),
        "--kustomization-file",
        file.to_str().unwrap(),
        "--dry-run",
    ];
    let (code, out, _) = flux(&args);
    assert_eq!(code, 0);
    // As in Flux, `value: ${unset}` becomes `value: ` and so YAML null.
    assert!(out.contains("name: ENV\n          value: null\n"), "{out}");
    let mut strict = args.to_vec();
    strict.push("--strict-substitute");
    let (code, out, err) = flux(&strict);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_one_line_failure(&err, "cluster_env");
}

#[test]
fn build_kustomization_keeps_quoted_variables_strings_after_substitution() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  double: \"${n}\"\n  single: '${n}'\n  plain: ${m}\n  flag: ${on}\n",
    )
    .unwrap();
    let ks = tmp.path().join("ks.yaml");
    std::fs::write(
        &ks,
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 1m\n  prune: true\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: repo\n  postBuild:\n    substitute:\n      n: \"3\"\n      m: \"3\"\n      on: \"true\"\n",
    )
    .unwrap();
    let (code, out, err) = flux(&[
        "build",
        "kustomization",
        "app",
        "--path",
        dir.to_str().unwrap(),
        "--kustomization-file",
        ks.to_str().unwrap(),
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    // Quoted in the source: still strings (kyaml keeps the style); plain: typed anew.
    assert!(out.contains("  double: \"3\"\n"), "{out}");
    assert!(out.contains("  single: \"3\"\n"), "{out}");
    assert!(out.contains("  plain: 3\n"), "{out}");
    assert!(out.contains("  flag: true\n"), "{out}");
}

/// Nothing installed that cannot run: for every component name, `flux install --export`
/// renders Deployments whose `flux serve` arguments this binary accepts (it then fails only
/// for want of a cluster).
#[test]
fn every_deployment_install_renders_runs_a_controller_flux_serve_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-kubeconfig");
    for c in flux::api::Controller::ALL {
        let name = c.name();
        let (code, out, err) = flux(&["install", "--export", "--components", name]);
        assert_eq!(code, 0, "{name}: {err}");
        let docs: Vec<serde_json::Value> = out
            .split("\n---\n")
            .map(|d| serde_saphyr::from_str(d).expect("document"))
            .collect();
        let deployments: Vec<&serde_json::Value> =
            docs.iter().filter(|d| d["kind"] == "Deployment").collect();
        assert_eq!(deployments.len(), 1, "{name}");
        for d in deployments {
            let args: Vec<String> = d["spec"]["template"]["spec"]["containers"][0]["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect();
            assert_eq!(args[0], "serve", "{name}: {args:?}");
            let controllers: Vec<&str> = args[1..]
                .iter()
                .take_while(|a| !a.starts_with("--"))
                .map(String::as_str)
                .collect();
            assert_eq!(controllers, vec![name]);
            let mut serve = vec!["serve"];
            serve.extend(&controllers);
            serve.extend(["--kubeconfig", missing.to_str().unwrap()]);
            let (code, _, err) = flux(&serve);
            assert_eq!(code, 1, "{name}: {err}");
            assert!(!err.contains("unknown controller"), "{name}: {err}");
            assert!(err.contains("no-kubeconfig"), "{name}: {err}");
        }
    }
    // And `flux serve` refuses what it does not know, naming what it knows.
    let (code, _, err) = flux(&["serve", "nope-controller"]);
    assert_eq!(code, 1);
    assert_one_line_failure(&err, "unknown controller \"nope-controller\"");
    assert!(err.contains("helm-controller"), "{err}");
}

/// The SSH signing flags of bootstrap are checked as Flux checks them, before any Git or
/// cluster access; a key reused from `--private-key-file` is decrypted with `--password`, and
/// a wrong one fails naming the flag, never printing a secret.
#[test]
fn bootstrap_ssh_signing_flags_are_checked_before_anything_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let key =
        ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519)
            .unwrap()
            .encrypt(&mut ssh_key::rand_core::OsRng, "transport-pass")
            .unwrap();
    let key_file = dir.path().join("id");
    std::fs::write(
        &key_file,
        key.to_openssh(ssh_key::LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    let key_arg = format!("--private-key-file={}", key_file.display());
    let base = [
        "bootstrap",
        "git",
        "--url=ssh://git@127.0.0.1:1/repo.git",
        "--kubeconfig=/nonexistent",
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        flux(&args)
    };
    let (code, _, err) = run(&["--ssh-signing-reuse-private-key"]);
    assert_ne!(code, 0);
    assert_one_line_failure(
        &err,
        "--ssh-signing-reuse-private-key requires --private-key-file",
    );
    let (_, _, err) = run(&[
        "--ssh-signing-reuse-private-key",
        "--ssh-signing-key-file=/x",
    ]);
    assert_one_line_failure(
        &err,
        "--ssh-signing-key-file and --ssh-signing-reuse-private-key are mutually exclusive",
    );
    let (_, _, err) = run(&["--ssh-signing-password=p"]);
    assert_one_line_failure(
        &err,
        "--ssh-signing-password requires --ssh-signing-key-file",
    );
    let (_, _, err) = run(&[
        "--ssh-signing-password=p",
        "--ssh-signing-passphrase=q",
        "--ssh-signing-key-file=/x",
    ]);
    assert_one_line_failure(
        &err,
        "--ssh-signing-password and --ssh-signing-passphrase are aliases; do not pass both",
    );
    let (_, _, err) = run(&["--gpg-key-ring=/x", "--ssh-signing-key-file=/x"]);
    assert_one_line_failure(
        &err,
        "--gpg-* and --ssh-signing-* are mutually exclusive; pick one signing format",
    );
    let (_, _, err) = run(&[
        &key_arg,
        "--ssh-signing-reuse-private-key",
        "--password=wrong-pass",
    ]);
    assert_one_line_failure(&err, "invalid signing key (reused from --private-key-file)");
    assert!(
        !err.contains("wrong-pass") && !err.contains("transport-pass"),
        "{err}"
    );
    // With the right passphrase the flags pass and bootstrap goes on to the cluster.
    let (code, _, err) = run(&[
        &key_arg,
        "--ssh-signing-reuse-private-key",
        "--password=transport-pass",
    ]);
    assert_ne!(code, 0);
    assert!(!err.contains("signing"), "{err}");
}

#[test]
fn a_host_key_scan_of_a_closed_port_says_the_connection_was_refused() {
    let port = crate::support::free_port();
    let url = format!("--url=ssh://git@127.0.0.1:{port}/repo.git");
    let (code, out, err) = flux(&["create", "secret", "git", "repo", &url, "--export"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_one_line_failure(&err, "Connection refused");
    assert!(!err.contains("presented no SSH host key"), "{err}");
}

#[test]
fn an_unreachable_api_server_is_named_in_one_clean_line() {
    let port = crate::support::free_port();
    let server = format!("--server=https://127.0.0.1:{port}");
    let (code, _, err) = flux(&["get", "kustomizations", &server]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("✗ listing Kustomization: cannot reach the Kubernetes API server at https://127.0.0.1:{port}: connection refused\n")
    );
    let (code, _, err) = flux(&["tree", "ks", "nope", &server, "-n", "apps"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("✗ Kustomization/apps/nope: cannot reach the Kubernetes API server at https://127.0.0.1:{port}: connection refused\n")
    );
    // A missing kubeconfig is named once, in kubectl's words.
    let (code, _, err) = flux(&["get", "kustomizations", "--kubeconfig=/nonexistent/config"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "✗ kubeconfig /nonexistent/config: no such file or directory\n"
    );
    // An unknown context is named once, with the file it was looked up in.
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("config");
    std::fs::write(
        &kc,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: \"https://127.0.0.1:{port}\"}}\n\
             users:\n- name: u\n  user: {{token: x}}\ncontexts:\n- name: ctx\n  context: {{cluster: c, user: u}}\n\
             current-context: ctx\n"
        ),
    )
    .unwrap();
    let kc_arg = format!("--kubeconfig={}", kc.display());
    let (code, _, err) = flux(&["get", "kustomizations", &kc_arg, "--context=nope"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "✗ kubeconfig {}: context \"nope\" does not exist\n",
            kc.display()
        )
    );
}

#[test]
fn a_provider_api_that_cannot_be_reached_is_reported_with_the_cause() {
    let port = crate::support::free_port();
    let host = format!("--hostname=127.0.0.1:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "bootstrap",
            "github",
            "--owner=me",
            "--repository=fleet",
            &host,
            "--kubeconfig=/nonexistent",
        ])
        .env("GITHUB_TOKEN", "not-a-real-token")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_one_line_failure(&err, "GitHub GET /repos/me/fleet: error sending request");
    assert!(err.contains("Connection refused"), "{err}");
    assert!(!err.contains("not-a-real-token"), "{err}");
}

#[test]
fn a_mistyped_command_gets_cobras_suggestion_block() {
    let (code, out, err) = flux(&["sttus"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        "✗ unknown command \"sttus\" for \"flux\"\n\nDid you mean this?\n\tstats\n\n"
    );
    // Nothing close: the one line alone.
    let (_, _, err) = flux(&["zzzzzz"]);
    assert_eq!(err, "✗ unknown command \"zzzzzz\" for \"flux\"\n");
}

#[test]
fn version_flags_print_cobras_version_line() {
    for flag in ["--version", "-v"] {
        let (code, out, _) = flux(&[flag]);
        assert_eq!(code, 0);
        assert_eq!(out, format!("flux version {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn version_output_formats_are_checked_with_fluxs_words() {
    let (code, out, err) = flux(&["version", "--client", "-o", "xml"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_eq!(err, "✗ --output must be json or yaml, not xml\n");
    let (code, out, _) = flux(&["version", "--client"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("flux: {}\n", flux::version::version()));
}

/// Plugins as Flux 2.9 runs them, checked against Flux's own CLI on the same plugin
/// directory: `flux <name> args…` runs `flux-<name>` with the arguments as they are,
/// `plugin list` shows the receipt's version, `plugin uninstall` removes binary and receipt.
#[test]
fn plugins_are_found_run_listed_and_uninstalled_as_fluxs_cli_does() {
    let theirs = crate::support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let ours = std::path::PathBuf::from(env!("CARGO_BIN_EXE_flux"));
    let run = |bin: &std::path::Path, dir: &std::path::Path, args: &[&str]| {
        let out = Command::new(bin)
            .args(args)
            .env("FLUXCD_PLUGINS", dir)
            .env_remove("KUBECONFIG")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let setup = || {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("flux-hello");
        std::fs::write(&p, "#!/bin/sh\necho \"hello got: $*\"\nexit 3\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(
            d.path().join("flux-hello.yaml"),
            "name: hello\nversion: 1.2.3\n",
        )
        .unwrap();
        // A built-in name is never a plugin.
        let g = d.path().join("flux-get");
        std::fs::write(&g, "#!/bin/sh\necho hijacked\n").unwrap();
        std::fs::set_permissions(&g, std::fs::Permissions::from_mode(0o755)).unwrap();
        d
    };
    let (mine, flux_dir) = (setup(), setup());
    let normalise = |s: String, d: &std::path::Path| s.replace(&d.display().to_string(), "DIR");
    for args in [
        vec!["hello", "--flag", "-n", "x"],
        vec!["plugin", "list"],
        vec!["plugin", "uninstall", "hello"],
        vec!["plugin", "list"],
        vec!["plugin", "uninstall", "hello"],
    ] {
        let a = run(&ours, mine.path(), &args);
        let b = run(std::path::Path::new(&theirs), flux_dir.path(), &args);
        assert_eq!(
            (a.0, normalise(a.1, mine.path()), a.2),
            (b.0, normalise(b.1, flux_dir.path()), b.2),
            "flux {args:?}"
        );
    }
    assert!(!mine.path().join("flux-hello.yaml").exists());
}
