//! `flux migrate v1` on fixture repositories (one per v1 pattern): the dry-run diff + report and
//! the exported bundle match goldens (`UPDATE_GOLDEN=1` rewrites them); writing commits the
//! edits as one reviewable commit; bad input fails with a clear message and writes nothing; and
//! plain `flux migrate -f` rewrites old API versions. The equivalence of the v2 result with what
//! v1 applied is in `tests/migrate_equivalence.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/migrate").join(name)
}

/// The fixture's fluxd input: `fluxd.args` or `fluxd.yaml`.
fn fluxd_file(name: &str) -> PathBuf {
    let args = fixture(name).join("fluxd.args");
    if args.exists() {
        args
    } else {
        fixture(name).join("fluxd.yaml")
    }
}

fn flux(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .env_remove("FLUX_SYSTEM_NAMESPACE")
        .env("KUBECONFIG", "/nonexistent")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_golden(path: &Path, got: &str) {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run UPDATE_GOLDEN=1 cargo test --test it migrate::",
            path.display()
        )
    });
    assert_eq!(
        want,
        got,
        "{} is stale; run UPDATE_GOLDEN=1 cargo test --test it migrate::",
        path.display()
    );
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dst = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@localhost")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@localhost")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Git checkout holding a fixture's repository, committed.
fn checkout(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name).join("repo"), dir.path());
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "t"]);
    git(dir.path(), &["config", "user.email", "t@localhost"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "v1"]);
    dir
}

/// Every file below a directory with its content.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

const FIXTURES: &[&str] = &[
    "command-kustomize",
    "patch-referenced",
    "patch-unreferenced",
    "sops",
    "envsubst",
    "multi-path",
    "plain-chart",
    "image-automation",
];

#[test]
fn every_fixture_migrates_to_the_golden_diff_report_and_bundle() {
    for name in FIXTURES {
        let repo = fixture(name).join("repo");
        let before = snapshot(&repo);
        let fluxd = fluxd_file(name);
        let (ok, out, err) = flux(&[
            "migrate",
            "v1",
            "--repo",
            repo.to_str().unwrap(),
            "--fluxd-args-file",
            fluxd.to_str().unwrap(),
            "--dry-run",
        ]);
        assert!(ok, "{name}: {err}");
        check_golden(
            &root().join(format!("tests/golden/migrate/{name}.txt")),
            &out,
        );
        let (ok, out, err) = flux(&[
            "migrate",
            "v1",
            "--repo",
            repo.to_str().unwrap(),
            "--fluxd-args-file",
            fluxd.to_str().unwrap(),
            "--export",
        ]);
        assert!(ok, "{name}: {err}");
        check_golden(
            &root().join(format!("tests/golden/migrate/{name}.export.yaml")),
            &out,
        );
        // Dry runs and exports change nothing.
        assert_eq!(snapshot(&repo), before, "{name}: the fixture changed");
    }
}

#[test]
fn writing_commits_every_edit_in_one_commit_and_prints_the_report() {
    let dir = checkout("patch-unreferenced");
    let fluxd = fluxd_file("patch-unreferenced");
    let (ok, out, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        dir.path().to_str().unwrap(),
        "--fluxd-args-file",
        fluxd.to_str().unwrap(),
        "--path",
        "clusters/prod",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("committed"), "{err}");
    assert!(out.contains("Manual steps:"), "{out}");
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
    assert_eq!(
        git(dir.path(), &["log", "--format=%s"]).lines().next(),
        Some("Migrate Flux v1 configuration to Flux v2")
    );
    let files = git(dir.path(), &["show", "--name-status", "--format=", "HEAD"]);
    assert_eq!(
        files,
        "A\tclusters/prod/flux-v1.yaml\nD\tprod/.flux.yaml\nM\tprod/kustomization.yaml\n"
    );
    let k = std::fs::read_to_string(dir.path().join("prod/kustomization.yaml")).unwrap();
    assert_eq!(
        k,
        "resources:\n- app.yaml\npatches:\n- path: flux-patch.yaml\n"
    );
    // The migrated overlay builds, with the v1 patch applied, in our kustomize engine.
    let (ok, built, err) = flux(&[
        "kustomize",
        "build",
        dir.path().join("prod").to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(built.contains("image: nginx:1.2"), "{built}");
    // Running again on the migrated checkout finds nothing left to do but the bundle.
    let (ok, out, _) = flux(&[
        "migrate",
        "v1",
        "--repo",
        dir.path().to_str().unwrap(),
        "--fluxd-args-file",
        fluxd.to_str().unwrap(),
        "--path",
        "clusters/prod",
        "--dry-run",
    ]);
    assert!(ok);
    assert!(!out.contains("prod/kustomization.yaml"), "{out}");
}

#[test]
fn a_dirty_checkout_is_refused_unless_forced() {
    let dir = checkout("command-kustomize");
    std::fs::write(dir.path().join("apps/extra.yaml"), "x: 1\n").unwrap();
    let fluxd = fluxd_file("command-kustomize");
    let (ok, _, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        dir.path().to_str().unwrap(),
        "--fluxd-args-file",
        fluxd.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("uncommitted changes"), "{err}");
    assert!(dir.path().join("apps/.flux.yaml").exists());
}

#[test]
fn bad_input_fails_clearly_and_writes_nothing() {
    let dir = checkout("command-kustomize");
    let path = dir.path().to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let args = tmp.path().join("fluxd.args");
    // A .flux.yaml that fails v1's schema.
    std::fs::write(
        dir.path().join("apps/.flux.yaml"),
        "version: 1\ncommandUpdated:\n  generator: []\n",
    )
    .unwrap();
    git(dir.path(), &["commit", "-qam", "broken"]);
    std::fs::write(
        &args,
        "--git-url=ssh://git@example.com/x\n--git-path=apps\n--manifest-generation\n",
    )
    .unwrap();
    let (ok, _, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        path,
        "--fluxd-args-file",
        args.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        err.contains("apps/.flux.yaml: commandUpdated: unknown field 'generator'"),
        "{err}"
    );
    // A --git-path that does not exist.
    std::fs::write(
        &args,
        "--git-url=ssh://git@example.com/x\n--git-path=missing\n",
    )
    .unwrap();
    let (ok, _, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        path,
        "--fluxd-args-file",
        args.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        err.contains("--git-path missing") && err.contains("does not exist"),
        "{err}"
    );
    // fluxd arguments without --git-url, and a manifest without a fluxd container.
    std::fs::write(&args, "--git-path=apps\n").unwrap();
    let (ok, _, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        path,
        "--fluxd-args-file",
        args.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("no --git-url"), "{err}");
    let dep = tmp.path().join("dep.yaml");
    std::fs::write(&dep, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec:\n  template:\n    spec:\n      containers:\n      - name: x\n        image: nginx\n").unwrap();
    let (ok, _, err) = flux(&[
        "migrate",
        "v1",
        "--repo",
        path,
        "--fluxd-args-file",
        dep.to_str().unwrap(),
    ]);
    assert!(
        !ok && err.contains("no Deployment with a fluxd container"),
        "{err}"
    );
    // Reading the cluster without one: the error names the problem.
    let (ok, _, err) = flux(&["migrate", "v1", "--repo", path]);
    assert!(!ok && !err.is_empty());
    // Nothing was written by any of these.
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
    assert_eq!(git(dir.path(), &["log", "--format=%s"]).lines().count(), 2);
}

#[test]
fn plain_migrate_rewrites_old_api_versions_in_files() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("sync.yaml");
    std::fs::write(&f, "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: GitRepository\nmetadata:\n  name: a\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\nmetadata:\n  name: a\n").unwrap();
    let (ok, _, err) = flux(&["migrate", "-f", tmp.path().to_str().unwrap(), "--dry-run"]);
    assert!(ok, "{err}");
    // Absolute paths work too (Flux's CLI refuses them: its os.Root wants a relative path).
    assert!(
        err.contains(&format!("✚ {}:1: GitRepository v1beta2 -> v1", f.display())),
        "{err}"
    );
    assert!(std::fs::read_to_string(&f).unwrap().contains("v1beta2"));
    let (ok, _, err) = flux(&["migrate", "-f", f.to_str().unwrap(), "--yes"]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(
        text.contains("apiVersion: source.toolkit.fluxcd.io/v1\n")
            && text.contains("apiVersion: kustomize.toolkit.fluxcd.io/v1\n"),
        "{text}"
    );
}

/// `flux migrate -f` against Flux's own CLI on two copies of the same tree (nested list
/// items, CRLF lines, an invalid group/version, a symlink, a non-matching extension, a file
/// already at the latest versions): the same lines printed, the same exit status and the
/// same files afterwards, for dry runs, single files, `-e` and the migration itself.
#[test]
fn migrate_path_does_what_fluxs_cli_does() {
    let theirs = crate::support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let work = tempfile::tempdir().unwrap();
    let make = |name: &str| {
        let d = work.path().join(name);
        std::fs::create_dir_all(d.join("sub/deep")).unwrap();
        let files = [
            ("sub/a.yaml", "apiVersion: source.toolkit.fluxcd.io/v1beta2\r\nkind: GitRepository\r\nmetadata:\r\n  name: a\r\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\nmetadata:\n  name: b\n"),
            ("c.json", "{\"apiVersion\":\"source.toolkit.fluxcd.io/v1beta2\",\"kind\":\"HelmRepository\"}\n"),
            ("list.yml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: source.toolkit.fluxcd.io/v1beta2\n  kind: GitRepository\n---\napiVersion: a/b/c\nkind: X\n"),
            ("sub/deep/z.yaml", "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\n"),
            ("plain.yaml", "apiVersion: v1\nkind: ConfigMap\n"),
        ];
        for (f, text) in files {
            std::fs::write(d.join(f), text).unwrap();
        }
        std::os::unix::fs::symlink("sub/deep/z.yaml", d.join("link.yaml")).unwrap();
    };
    make("ours");
    make("flux");
    let run = |bin: &Path, name: &str, args: &[&str]| {
        let mut a: Vec<String> = vec!["migrate".into()];
        a.extend(args.iter().map(|s| s.replace("TREE", name)));
        let out = Command::new(bin)
            .args(&a)
            .current_dir(work.path())
            .env("KUBECONFIG", "/nonexistent")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).replace(name, "TREE"),
            String::from_utf8_lossy(&out.stderr).replace(name, "TREE"),
        )
    };
    let ours = Path::new(env!("CARGO_BIN_EXE_flux"));
    for args in [
        vec!["-f", "TREE", "--dry-run"],
        vec!["-f", "TREE/sub/a.yaml", "--dry-run"],
        vec!["-f", "TREE/c.json"],
        vec!["-f", "TREE/nope"],
        vec!["-f", "TREE/link.yaml"],
        vec!["-f", "TREE/", "-e", ".json", "--dry-run"],
        vec!["-f", "TREE/plain.yaml", "--yes"],
        vec!["-f", "TREE", "--yes"],
        vec!["-f", "TREE", "--yes"],
    ] {
        assert_eq!(
            run(ours, "ours", &args),
            run(Path::new(&theirs), "flux", &args),
            "flux migrate {args:?}"
        );
    }
    for f in ["sub/a.yaml", "list.yml", "c.json", "sub/deep/z.yaml"] {
        assert_eq!(
            std::fs::read(work.path().join("ours").join(f)).unwrap(),
            std::fs::read(work.path().join("flux").join(f)).unwrap(),
            "{f}"
        );
    }
    let migrated = std::fs::read_to_string(work.path().join("ours/list.yml")).unwrap();
    assert!(
        migrated.contains("- apiVersion: source.toolkit.fluxcd.io/v1\n"),
        "{migrated}"
    );
}
