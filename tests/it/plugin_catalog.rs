//! `flux plugin install|search|update` against a plugin catalog served on loopback
//! (`FLUXCD_PLUGIN_CATALOG`), run beside Flux's own CLI (v2.9.4, the oracle) with the same
//! catalog: the same output and exit status at every step, the same binaries installed, the
//! same receipts (but the install time).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use sha2::Digest;

fn script(text: &str) -> Vec<u8> {
    format!("#!/bin/sh\necho \"{text} $*\"\n").into_bytes()
}

fn digest(b: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(b)))
}

fn tar_gz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    ));
    for (name, body) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o755);
        h.set_cksum();
        builder.append_data(&mut h, name, *body).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// This machine's Go platform names.
fn platform() -> (&'static str, &'static str) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    (std::env::consts::OS, arch)
}

/// The catalog: `op` (1.0.0 as a tar.gz with the binary in a directory, 2.0.0 as a zip),
/// `raw` (a bare binary), `bad` (wrong checksum), `nobuild` (no build for this machine),
/// `evil` (a `bin` with a path). Returns the files and the digest of op 1.0.0's download.
fn catalog(base: &str) -> (BTreeMap<String, Vec<u8>>, String) {
    let (os, arch) = platform();
    let mut files = BTreeMap::new();
    let op1 = tar_gz(&[
        ("README.md", b"docs"),
        ("dist/flux-op", &script("op 1.0.0")),
    ]);
    let op2 = zip(&[("LICENSE", b"x"), ("flux-op", &script("op 2.0.0"))]);
    let raw = script("raw 0.3.0");
    let (d1, d2, draw) = (digest(&op1), digest(&op2), digest(&raw));
    files.insert("op-1.0.0.tar.gz".to_string(), op1);
    files.insert("op-2.0.0.zip".to_string(), op2);
    files.insert("raw-bin".to_string(), raw.clone());
    files.insert("bad-bin".to_string(), raw);
    files.insert(
        "catalog.yaml".into(),
        "apiVersion: cli.fluxcd.io/v1beta1\nkind: PluginCatalog\nplugins:\n\
         - {name: op, description: Operates Flux clusters, homepage: h, source: s, license: Apache-2.0}\n\
         - {name: raw, description: A bare binary for the Model Context Protocol, homepage: h, source: s, license: MIT}\n\
         - {name: bad, description: Broken checksum, homepage: h, source: s, license: MIT}\n"
            .into(),
    );
    files.insert(
        "op.yaml".into(),
        format!(
            "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: op\ndescription: Operates\nbin: flux-op\nversions:\n\
             - version: 2.0.0\n  platforms:\n  - {{os: {os}, arch: {arch}, url: '{base}op-2.0.0.zip', checksum: '{d2}'}}\n\
             - version: 1.0.0\n  platforms:\n  - {{os: plan9, arch: {arch}, url: '{base}nope', checksum: 'sha256:00'}}\n\
             \x20 - {{os: {os}, arch: {arch}, url: '{base}op-1.0.0.tar.gz', checksum: '{d1}', extractPath: dist/flux-op}}\n"
        )
        .into_bytes(),
    );
    files.insert(
        "raw.yaml".into(),
        format!(
            "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: raw\nbin: flux-raw\nversions:\n\
             - version: 0.3.0\n  platforms:\n  - {{os: {os}, arch: {arch}, url: '{base}raw-bin', checksum: '{draw}'}}\n"
        )
        .into_bytes(),
    );
    files.insert(
        "bad.yaml".into(),
        format!(
            "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: bad\nbin: flux-bad\nversions:\n\
             - version: 1.0.0\n  platforms:\n  - {{os: {os}, arch: {arch}, url: '{base}bad-bin', checksum: 'sha256:{}'}}\n",
            "0".repeat(64)
        )
        .into_bytes(),
    );
    files.insert(
        "nobuild.yaml".into(),
        "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: nobuild\nbin: flux-nobuild\nversions:\n\
         - version: 1.0.0\n  platforms:\n  - {os: plan9, arch: mips, url: x, checksum: 'sha256:00'}\n"
            .into(),
    );
    files.insert(
        "evil.yaml".into(),
        "apiVersion: cli.fluxcd.io/v1beta1\nkind: Plugin\nname: evil\nbin: ../flux-evil\nversions: []\n"
            .into(),
    );
    files.insert(
        "oldapi.yaml".into(),
        "apiVersion: cli.fluxcd.io/v1alpha1\nkind: Plugin\nname: oldapi\nbin: flux-oldapi\n".into(),
    );
    (files, d1)
}

fn run(bin: &Path, dir: &Path, base: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(bin)
        .args(args)
        .env("FLUXCD_PLUGINS", dir)
        .env("FLUXCD_PLUGIN_CATALOG", base)
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&dir.display().to_string(), "DIR");
    (out.status.code(), clean(&out.stdout), clean(&out.stderr))
}

/// The receipt without its install time, after checking that the time is RFC 3339 UTC.
fn receipt(dir: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(dir.join(format!("flux-{name}.yaml"))).unwrap();
    let (kept, times): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| !l.starts_with("installedAt: "));
    assert_eq!(times.len(), 1, "{text}");
    let t = times[0]
        .trim_start_matches("installedAt: ")
        .trim_matches('"');
    assert!(
        chrono::DateTime::parse_from_rfc3339(t).is_ok() && t.ends_with('Z'),
        "{text}"
    );
    kept.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_install_search_and_update_from_a_catalog_as_fluxs_cli_does() {
    let theirs = crate::support::ensured("FLUX_CLI", "ensure-flux-cli.sh");
    let ours = std::path::PathBuf::from(env!("CARGO_BIN_EXE_flux"));
    // The served files name the server's own URL: bind first, then fill in.
    let placeholder = "http://BASE/";
    let (files, d1) = catalog(placeholder);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let files: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .map(|(k, v)| {
            let text = String::from_utf8_lossy(&v).into_owned();
            let v = if k.ends_with(".yaml") {
                text.replace(placeholder, &base).into_bytes()
            } else {
                v
            };
            (k, v)
        })
        .collect();
    let files = std::sync::Arc::new(files);
    let app = axum::Router::new().route(
        "/{name}",
        axum::routing::get(
            move |axum::extract::Path(name): axum::extract::Path<String>| {
                let files = files.clone();
                async move {
                    match files.get(&name) {
                        Some(b) => (axum::http::StatusCode::OK, b.clone()),
                        None => (axum::http::StatusCode::NOT_FOUND, Vec::new()),
                    }
                }
            },
        ),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let (mine, flux_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let pinned = format!("op@{d1}");
    let steps: Vec<Vec<&str>> = vec![
        vec!["plugin", "search"],
        vec!["plugin", "search", "CONTEXT"],
        vec!["plugin", "search", "zzz"],
        vec!["plugin", "list"],
        vec!["plugin", "update"],
        vec!["plugin", "install", "op@1.0.0"],
        vec!["plugin", "install", "nope"],
        vec!["plugin", "install", "bad"],
        vec!["plugin", "install", "op@9.9.9"],
        vec!["plugin", "install", "nobuild"],
        vec!["plugin", "install", "evil"],
        vec!["plugin", "install", "oldapi"],
        vec!["plugin", "install", "op@sha256:0000"],
        vec!["plugin", "install", "raw"],
        vec!["plugin", "list"],
        vec!["plugin", "search"],
        vec!["op", "--some", "args"],
        vec!["plugin", "update", "nope"],
        vec!["plugin", "update"],
        vec!["op", "again"],
        vec!["plugin", "update", "op"],
        vec!["plugin", "install", &pinned],
        vec!["plugin", "list"],
        vec!["plugin", "uninstall", "op"],
        vec!["plugin", "list"],
    ];
    let mut outputs = vec![];
    for (i, args) in steps.iter().enumerate() {
        if i == 18 {
            // A plugin put there by hand is skipped by update.
            for d in [mine.path(), flux_dir.path()] {
                use std::os::unix::fs::PermissionsExt;
                let p = d.join("flux-manual");
                std::fs::write(&p, script("manual")).unwrap();
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let a = run(&ours, mine.path(), &base, args);
        let b = run(Path::new(&theirs), flux_dir.path(), &base, args);
        assert_eq!(a, b, "flux {args:?}");
        outputs.push(a);
        if i == 13 {
            for name in ["op", "raw"] {
                assert_eq!(
                    receipt(mine.path(), name),
                    receipt(flux_dir.path(), name),
                    "receipt of {name}"
                );
            }
        }
    }
    // Some of what both printed, spelled out.
    assert!(
        outputs[0].1.contains("op  \tOperates Flux clusters"),
        "{:?}",
        outputs[0]
    );
    assert_eq!(outputs[5].2, "✔ installed op v1.0.0\n");
    assert_eq!(outputs[16].1, "op 1.0.0 --some args\n");
    assert_eq!(outputs[19].1, "op 2.0.0 again\n");
    assert_eq!(
        outputs[18].2,
        "⚠️ skipping manual (manually installed)\n✔ updated op v1.0.0 → v2.0.0\n✔ raw already up to date (v0.3.0)\n"
    );
    // What is left is the same: raw and manual binaries and raw's receipt.
    let listing = |d: &Path| {
        let mut names: Vec<(String, Vec<u8>)> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.to_string_lossy().ends_with(".yaml"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(listing(mine.path()), listing(flux_dir.path()));
    assert_eq!(receipt(mine.path(), "raw"), receipt(flux_dir.path(), "raw"));
}
