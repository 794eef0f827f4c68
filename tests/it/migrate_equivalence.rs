//! Equivalence of `flux migrate v1`: for each fixture, what Flux v1 would have applied — its
//! `.flux.yaml` generators run as fluxd ran them (`sh -c` in the target path, fluxd's
//! environment, the real kustomize, sops and envsubst), patch files merged, plain YAML scanned,
//! `fluxcd.io/ignore` honoured — equals what our source- and kustomize-controllers apply on the
//! test control plane from the migrated repository and bundle.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::git_server::{GitServer, ServerAuth};
use base64::Engine as _;
use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

/// How fluxd ran for a fixture (written out here, independently of our fluxd parser).
struct V1 {
    fixture: &'static str,
    targets: &'static [&'static str],
    manifest_generation: bool,
    env: &'static [(&'static str, &'static str)],
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dst = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

fn yaml_docs(text: &str) -> Vec<Value> {
    flux::kustomize::yaml::parse_stream(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| !d.is_null())
        .collect()
}

fn is_object(d: &Value) -> bool {
    d["apiVersion"].is_string() && d["kind"].is_string()
}

/// v1's plain scan: every YAML file's objects, skipping chart directories and non-manifests.
fn scan(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            !(e.file_type().is_dir()
                && e.path().join("Chart.yaml").is_file()
                && e.path().join("values.yaml").is_file())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            (n.ends_with(".yaml") || n.ends_with(".yml")) && !n.starts_with('.')
        })
        .collect();
    files.sort();
    let mut out = vec![];
    for f in files {
        let docs = yaml_docs(&std::fs::read_to_string(&f).unwrap());
        if docs.iter().all(is_object) {
            out.extend(docs);
        }
    }
    out
}

/// What fluxd would have applied for the fixture checkout at `repo`.
fn v1_objects(v1: &V1, repo: &Path, env: &[(String, String)]) -> Vec<Value> {
    let mut path = format!(
        "{}:{}",
        support::kustomize_bin().parent().unwrap().display(),
        support::sops_bin().parent().unwrap().display()
    );
    path.push_str(":/usr/local/bin:/usr/bin:/bin");
    let mut objects = vec![];
    for target in v1.targets {
        let dir = repo.join(target);
        let config = if v1.manifest_generation {
            let mut d = dir.clone();
            loop {
                if d.join(".flux.yaml").is_file() {
                    break Some(d.join(".flux.yaml"));
                }
                if d == repo || !d.pop() {
                    break None;
                }
            }
        } else {
            None
        };
        let cfg = config.map(|c| {
            flux::kustomize::yaml::parse_one(&std::fs::read_to_string(c).unwrap()).unwrap()
        });
        let body = cfg.as_ref().and_then(|c| {
            c.get("commandUpdated")
                .or_else(|| c.get("patchUpdated"))
                .or_else(|| c.get("generators").map(|_| c))
        });
        let generated = match body {
            None => scan(&dir),
            Some(b) => {
                let gens: Vec<String> = b["generators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g["command"].as_str().unwrap().to_string())
                    .collect();
                if gens.iter().any(|g| g.starts_with("ytt")) {
                    continue; // not reproducible in v2: a manual step
                }
                let mut out = String::new();
                for g in gens {
                    let r = Command::new("/bin/sh")
                        .arg("-c")
                        .arg(&g)
                        .current_dir(&dir)
                        .env_clear()
                        .env("PATH", &path)
                        .env("HOME", repo)
                        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                        .output()
                        .unwrap();
                    assert!(
                        r.status.success(),
                        "{}: `{g}`: {}",
                        v1.fixture,
                        String::from_utf8_lossy(&r.stderr)
                    );
                    out.push_str(&String::from_utf8_lossy(&r.stdout));
                    out.push('\n');
                }
                let mut docs = yaml_docs(&out);
                if let Some(pf) = b["patchFile"].as_str() {
                    let patches =
                        yaml_docs(&std::fs::read_to_string(dir.join(pf)).unwrap_or_default());
                    for p in patches {
                        for d in docs.iter_mut().filter(|d| {
                            d["kind"] == p["kind"] && d["metadata"]["name"] == p["metadata"]["name"]
                        }) {
                            for (k, v) in p["data"].as_object().into_iter().flatten() {
                                d["data"][k] = v.clone();
                            }
                        }
                    }
                }
                docs
            }
        };
        objects.extend(
            generated
                .into_iter()
                .filter(|o| o["metadata"]["annotations"]["fluxcd.io/ignore"] != "true"),
        );
    }
    objects
}

/// The data of a ConfigMap or Secret as strings (Secret data decoded, stringData merged).
fn data_of(o: &Value) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let secret = o["kind"] == "Secret";
    for (k, v) in o["data"].as_object().into_iter().flatten() {
        let s = v.as_str().unwrap_or_default();
        let s = if secret {
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(s).unwrap()).unwrap()
        } else {
            s.to_string()
        };
        m.insert(k.clone(), s);
    }
    for (k, v) in o["stringData"].as_object().into_iter().flatten() {
        m.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
    }
    m
}

async fn apply(client: &kube::Client, ns: &str, mut obj: Value) {
    obj["metadata"]["namespace"] = json!(ns);
    flux::cluster::Cluster::new(client.clone())
        .apply(&obj)
        .await
        .expect("apply");
}

async fn equivalent(v1: V1) {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, &format!("mig-{}", v1.fixture)).await;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/migrate")
        .join(v1.fixture);
    let server = GitServer::start(ServerAuth::default());
    let work = server.repo(v1.fixture, "main");
    copy_tree(&fixture.join("repo"), &work.dir);
    let mut env: Vec<(String, String)> = v1
        .env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (agekey, recipient) = support::age_key();
    if fixture.join("db.plain.yaml").exists() {
        let enc = support::sops_encrypt(
            &[
                "--age",
                &recipient,
                "--encrypted-regex",
                "^(data|stringData)$",
            ],
            &fixture.join("db.plain.yaml"),
            None,
        );
        std::fs::write(work.dir.join("secrets/db.enc.yaml"), enc).unwrap();
        let secret_line = agekey
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY"))
            .unwrap()
            .to_string();
        env.push((String::from("SOPS_AGE_KEY"), secret_line));
    }
    work.commit(&[], "v1");
    // What v1 applied, from a separate copy (generators may write and delete files).
    let v1_copy = tempfile::tempdir().unwrap();
    copy_tree(&work.dir, v1_copy.path());
    let want = v1_objects(&v1, v1_copy.path(), &env);
    assert!(!want.is_empty(), "{}: v1 produced nothing", v1.fixture);
    // Migrate, push, apply the bundle.
    let fluxd = ["fluxd.args", "fluxd.yaml"]
        .iter()
        .map(|f| fixture.join(f))
        .find(|p| p.exists())
        .unwrap();
    let (ok, out, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        work.dir.to_str().unwrap(),
        "--fluxd-args-file",
        fluxd.to_str().unwrap(),
    ]);
    assert!(ok, "{}: {err}", v1.fixture);
    assert!(out.contains("Objects (Flux v2):"), "{out}");
    work.push();
    let bundle = yaml_docs(
        &std::fs::read_to_string(work.dir.join("clusters/default/flux-v1.yaml")).unwrap(),
    );
    let mut ks_names = vec![];
    for mut o in bundle {
        match o["kind"].as_str() {
            Some("GitRepository") => {
                o["spec"]["url"] = json!(server.url(v1.fixture));
                o["spec"]["ref"] = json!({"branch": "main"});
                o["spec"].as_object_mut().unwrap().remove("secretRef");
            }
            Some("Kustomization") => {
                o["spec"]["targetNamespace"] = json!(ns);
                ks_names.push(o["metadata"]["name"].as_str().unwrap().to_string());
                if o["spec"]["postBuild"]["substituteFrom"].is_array() {
                    let secrets: BTreeMap<&str, &str> = v1
                        .env
                        .iter()
                        .filter(|(k, _)| *k == "DB_PASSWORD")
                        .cloned()
                        .collect();
                    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "flux-system-env"}, "stringData": secrets})).await;
                }
                if o["spec"]["decryption"].is_object() {
                    apply(&client, &ns, json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "sops-keys"}, "stringData": {"age.agekey": agekey}})).await;
                }
            }
            _ => continue,
        }
        apply(&client, &ns, o).await;
    }
    let serve = support::serve(&["source-controller", "kustomize-controller"], &ns, &[]);
    let kapi: Api<flux::api::kustomize::Kustomization> = Api::namespaced(client.clone(), &ns);
    for name in &ks_names {
        let mut last = None;
        for _ in 0..600 {
            let k = kapi.get(name).await.unwrap();
            let ready = k
                .status
                .as_ref()
                .and_then(|s| s.conditions.iter().find(|c| c.type_ == "Ready").cloned());
            if ready.as_ref().is_some_and(|c| c.status == "True") {
                last = None;
                break;
            }
            last = ready;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            last.is_none(),
            "{}: Kustomization {name} not ready: {last:?}\n{}",
            v1.fixture,
            serve.log()
        );
    }
    // Every object v1 applied is in the cluster with the same data.
    for o in &want {
        let kind = o["kind"].as_str().unwrap();
        let name = o["metadata"]["name"].as_str().unwrap();
        let ar =
            kube::api::ApiResource::from_gvk(&kube::api::GroupVersionKind::gvk("", "v1", kind));
        let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
        let live = serde_json::to_value(
            api.get(name)
                .await
                .unwrap_or_else(|e| panic!("{}: {kind} {name} missing: {e}", v1.fixture)),
        )
        .unwrap();
        assert_eq!(data_of(&live), data_of(o), "{}: {kind} {name}", v1.fixture);
    }
    // And nothing else was applied.
    let ar =
        kube::api::ApiResource::from_gvk(&kube::api::GroupVersionKind::gvk("", "v1", "ConfigMap"));
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
    let mut applied: Vec<String> = api
        .list(&kube::api::ListParams::default().labels("kustomize.toolkit.fluxcd.io/namespace"))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|o| o.metadata.name)
        .collect();
    applied.sort();
    let mut expected: Vec<String> = want
        .iter()
        .filter(|o| o["kind"] == "ConfigMap")
        .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    expected.sort();
    assert_eq!(applied, expected, "{}", v1.fixture);
}

#[tokio::test(flavor = "multi_thread")]
async fn command_updated_kustomize_build_applies_what_v1_applied() {
    equivalent(V1 {
        fixture: "command-kustomize",
        targets: &["apps"],
        manifest_generation: true,
        env: &[],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_updated_with_a_referenced_patch_applies_what_v1_applied() {
    equivalent(V1 {
        fixture: "patch-referenced",
        targets: &["staging"],
        manifest_generation: true,
        env: &[],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_updated_with_an_unreferenced_patch_applies_what_v1_applied() {
    equivalent(V1 {
        fixture: "patch-unreferenced",
        targets: &["prod"],
        manifest_generation: true,
        env: &[],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sops_decrypting_generators_apply_what_v1_applied() {
    equivalent(V1 {
        fixture: "sops",
        targets: &["secrets"],
        manifest_generation: true,
        env: &[],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn envsubst_with_plain_and_secret_variables_applies_what_v1_applied() {
    equivalent(V1 {
        fixture: "envsubst",
        targets: &["cluster"],
        manifest_generation: true,
        env: &[
            ("CLUSTER_NAME", "prod-eu"),
            ("REPLICAS", "3"),
            ("DB_PASSWORD", "from-a-secret"),
        ],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_flux_yaml_scan_for_files_and_the_legacy_form_apply_what_v1_applied() {
    equivalent(V1 {
        fixture: "multi-path",
        targets: &["infra", "apps", "plain", "rendered"],
        manifest_generation: true,
        env: &[],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_yaml_with_a_chart_directory_applies_what_v1_applied() {
    equivalent(V1 {
        fixture: "plain-chart",
        targets: &["deploy"],
        manifest_generation: false,
        env: &[],
    })
    .await;
}

/// Cluster mode: fluxd's Deployment (and the FluxCloud sidecar) read from the cluster give the
/// same bundle as the manifest file; writing is refused while fluxd runs.
#[tokio::test(flavor = "multi_thread")]
async fn the_live_fluxd_deployment_gives_the_same_bundle_and_blocks_writes_while_running() {
    let client = support::client().await;
    let ns = support::namespace(&client, "fluxd").await;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrate/envsubst");
    let manifest = std::fs::read_to_string(fixture.join("fluxd.yaml")).unwrap();
    let dep = flux::kustomize::yaml::parse_one(&manifest).unwrap();
    apply(&client, &ns, dep).await;
    let repo = fixture.join("repo");
    let (ok, from_file, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        repo.to_str().unwrap(),
        "--fluxd-args-file",
        fixture.join("fluxd.yaml").to_str().unwrap(),
        "--flux-namespace",
        &ns,
        "--export",
    ]);
    assert!(ok, "{err}");
    let (ok, from_cluster, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        repo.to_str().unwrap(),
        "--flux-namespace",
        &ns,
        "--export",
    ]);
    assert!(ok, "{err}");
    assert_eq!(from_cluster, from_file);
    // Without the flux-git-deploy Secret the report says so.
    let (ok, out, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        repo.to_str().unwrap(),
        "--flux-namespace",
        &ns,
        "--dry-run",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Secret {ns}/flux-git-deploy: not found")),
        "{out}"
    );
    // fluxd has replicas: 1 — writing is refused, and nothing changes.
    let work = tempfile::tempdir().unwrap();
    copy_tree(&repo, work.path());
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@localhost",
            "commit",
            "-q",
            "-m",
            "v1",
        ],
    ] {
        assert!(Command::new("git")
            .args(args)
            .current_dir(work.path())
            .status()
            .unwrap()
            .success());
    }
    let (ok, _, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        work.path().to_str().unwrap(),
        "--flux-namespace",
        &ns,
    ]);
    assert!(!ok);
    assert!(err.contains("fluxd is still running"), "{err}");
    assert!(work.path().join("cluster/.flux.yaml").exists());
    // A namespace without fluxd is a clear error.
    let (ok, _, err) = support::flux(&[
        "migrate",
        "v1",
        "--repo",
        work.path().to_str().unwrap(),
        "--flux-namespace",
        "no-such-flux",
    ]);
    assert!(!ok);
    assert!(err.contains("no fluxd Deployment"), "{err}");
}
