//! The crash-and-restart campaign: a tree of 20 Kustomizations (`dependsOn`, prune, post-build
//! substitution, SOPS) follows a repository that a driver keeps changing (objects added,
//! changed, moved between files and deleted, encrypted Secrets rotated) while `flux serve` is
//! killed with SIGKILL at random moments and started again. A watcher records every delete in
//! the namespace and checks it against the commits pushed so far; after the last kill the
//! cluster must equal the last commit exactly and every Kustomization be Ready.
//!
//! CI runs a short campaign; `FLUX_RS_CRASH_CYCLES=100` makes the long one (one commit and
//! one kill per cycle), `FLUX_RS_CRASH_SEED` repeats a run's choices.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::git_server::{GitServer, ServerAuth, WorkTree};
use flux::api::kustomize::Kustomization;
use futures::StreamExt;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kube::api::{Api, ListParams};
use kube::runtime::watcher;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

/// Kustomizations in the tree.
const KS: usize = 20;
/// Every fifth Kustomization decrypts a SOPS-encrypted Secret of its directory.
const SOPS_EVERY: usize = 5;
/// Files per Kustomization directory that objects are spread over (and moved between).
const FILES: usize = 4;
/// The label kustomize-controller puts on what it applies.
const OWNER_LABEL: &str = "kustomize.toolkit.fluxcd.io/name";

/// What the repository holds: per Kustomization, its ConfigMaps (name → file, value) and, for
/// the SOPS ones, the Secret's password.
struct Model {
    objects: Vec<BTreeMap<String, (usize, String)>>,
    secrets: BTreeMap<usize, String>,
    /// Names are never reused, so a delete is rightful exactly when the commit it follows no
    /// longer has the object.
    next_name: usize,
}

/// An object the cluster must hold: (kind, name) → its data.
type Expected = BTreeMap<(String, String), BTreeMap<String, String>>;

fn ks_name(i: usize) -> String {
    format!("ks-{i:02}")
}

impl Model {
    fn new(rng: &mut StdRng) -> Model {
        let mut m = Model {
            objects: vec![BTreeMap::new(); KS],
            secrets: BTreeMap::new(),
            next_name: 0,
        };
        for ks in 0..KS {
            for _ in 0..3 {
                m.add(rng, ks, 0);
            }
            if ks % SOPS_EVERY == 0 {
                m.secrets.insert(ks, format!("pw-0-{}", rng.gen::<u32>()));
            }
        }
        m
    }

    fn add(&mut self, rng: &mut StdRng, ks: usize, cycle: usize) {
        let name = format!("obj-{}", self.next_name);
        self.next_name += 1;
        let value = format!("v{cycle}-{}", rng.gen::<u32>());
        self.objects[ks].insert(name, (rng.gen_range(0..FILES), value));
    }

    /// One random change; returns what it did (for the commit message).
    fn mutate(&mut self, rng: &mut StdRng, cycle: usize) -> String {
        let ks = rng.gen_range(0..KS);
        let names: Vec<String> = self.objects[ks].keys().cloned().collect();
        let pick = names[rng.gen_range(0..names.len())].clone();
        match rng.gen_range(0..5) {
            0 => {
                self.add(rng, ks, cycle);
                format!("add to {}", ks_name(ks))
            }
            1 => {
                self.objects[ks].get_mut(&pick).unwrap().1 =
                    format!("v{cycle}-{}", rng.gen::<u32>());
                format!("change {pick}")
            }
            2 => {
                let file = &mut self.objects[ks].get_mut(&pick).unwrap().0;
                *file = (*file + rng.gen_range(1..FILES)) % FILES;
                format!("move {pick}")
            }
            3 if names.len() > 1 => {
                self.objects[ks].remove(&pick);
                format!("delete {pick}")
            }
            _ => {
                let sops_ks = SOPS_EVERY * rng.gen_range(0..KS / SOPS_EVERY);
                self.secrets
                    .insert(sops_ks, format!("pw-{cycle}-{}", rng.gen::<u32>()));
                format!("rotate the secret of {}", ks_name(sops_ks))
            }
        }
    }

    fn expected(&self) -> Expected {
        let mut out = Expected::new();
        for (ks, objects) in self.objects.iter().enumerate() {
            for (name, (_, value)) in objects {
                let data = BTreeMap::from([
                    ("value".to_string(), value.clone()),
                    ("ks".to_string(), ks_name(ks)),
                    ("greeting".to_string(), "hello".to_string()),
                ]);
                out.insert(("ConfigMap".into(), name.clone()), data);
            }
        }
        for (ks, password) in &self.secrets {
            let data = BTreeMap::from([("password".to_string(), password.clone())]);
            out.insert(("Secret".into(), format!("secret-{}", ks_name(*ks))), data);
        }
        out
    }
}

/// Writes the model into the working tree (encrypting each Secret with the real sops once per
/// password) and commits; returns the commit SHA.
fn write_tree(
    repo: &WorkTree,
    model: &Model,
    encrypted: &mut BTreeMap<usize, (String, String)>,
    recipient: &str,
    scratch: &std::path::Path,
    message: &str,
) -> String {
    for ks in 0..KS {
        let dir = repo.dir.join(ks_name(ks));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut files = vec![String::new(); FILES];
        for (name, (file, value)) in &model.objects[ks] {
            files[*file].push_str(&format!(
                "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: \"{value}\"\n  ks: ${{ks_name}}\n  greeting: ${{greeting}}\n"
            ));
        }
        for (i, body) in files.iter().enumerate() {
            if !body.is_empty() {
                std::fs::write(dir.join(format!("f{i}.yaml")), body).unwrap();
            }
        }
        if let Some(password) = model.secrets.get(&ks) {
            let current = encrypted.get(&ks).filter(|(p, _)| p == password);
            let text = match current {
                Some((_, text)) => text.clone(),
                None => {
                    let plain = scratch.join("secret.yaml");
                    std::fs::write(
                        &plain,
                        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-{}\nstringData:\n  password: {password}\n", ks_name(ks)),
                    )
                    .unwrap();
                    let args = [
                        "--age",
                        recipient,
                        "--encrypted-regex",
                        "^(data|stringData)$",
                    ];
                    let text =
                        String::from_utf8(support::sops_encrypt(&args, &plain, None)).unwrap();
                    encrypted.insert(ks, (password.clone(), text.clone()));
                    text
                }
            };
            std::fs::write(dir.join("secret.yaml"), text).unwrap();
        }
    }
    repo.commit(&[], message)
}

/// Every delete of a ConfigMap or Secret in the namespace, with when it was seen, and whether
/// a watch ever had to relist (which could hide a delete).
#[derive(Default)]
struct Deletes {
    seen: Vec<(String, String, Instant)>,
    relists: usize,
}

fn watch_deletes<K>(api: Api<K>, kind: &'static str, into: Arc<Mutex<Deletes>>)
where
    K: kube::Resource + Clone + std::fmt::Debug + serde::de::DeserializeOwned + Send + 'static,
{
    tokio::spawn(async move {
        let mut inits = 0;
        let mut events = watcher(api, watcher::Config::default()).boxed();
        while let Some(event) = events.next().await {
            match event {
                Ok(watcher::Event::Delete(obj)) => {
                    let name = obj.meta().name.clone().unwrap_or_default();
                    into.lock()
                        .unwrap()
                        .seen
                        .push((kind.to_string(), name, Instant::now()));
                }
                Ok(watcher::Event::Init) => {
                    inits += 1;
                    if inits > 1 {
                        into.lock().unwrap().relists += 1;
                    }
                }
                _ => {}
            }
        }
    });
}

/// The managed ConfigMaps and Secrets of the namespace with their data, as the model writes it.
async fn cluster_state(client: &kube::Client, ns: &str) -> Expected {
    let mut out = Expected::new();
    let lp = ListParams::default().labels(OWNER_LABEL);
    for cm in Api::<ConfigMap>::namespaced(client.clone(), ns)
        .list(&lp)
        .await
        .map(|l| l.items)
        .unwrap_or_default()
    {
        let data = cm.data.unwrap_or_default().into_iter().collect();
        out.insert(
            ("ConfigMap".into(), cm.metadata.name.unwrap_or_default()),
            data,
        );
    }
    for s in Api::<Secret>::namespaced(client.clone(), ns)
        .list(&lp)
        .await
        .map(|l| l.items)
        .unwrap_or_default()
    {
        let data = s
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
            .collect();
        out.insert(("Secret".into(), s.metadata.name.unwrap_or_default()), data);
    }
    out
}

/// Kustomizations not yet Ready at `revision`, with their Ready message.
async fn not_ready(client: &kube::Client, ns: &str, revision: &str) -> Vec<String> {
    let list = Api::<Kustomization>::namespaced(client.clone(), ns)
        .list(&ListParams::default())
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    let mut out = Vec::new();
    for i in 0..KS {
        let name = ks_name(i);
        let k = list
            .iter()
            .find(|k| k.metadata.name.as_deref() == Some(name.as_str()));
        let status = k.and_then(|k| k.status.as_ref());
        let ready = status.and_then(|s| support::condition(&s.conditions, "Ready"));
        let applied = status.and_then(|s| s.last_applied_revision.clone());
        let ok =
            ready.as_ref().is_some_and(|r| r.0 == "True") && applied.as_deref() == Some(revision);
        if !ok {
            out.push(format!("{name}: {ready:?} at {applied:?}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_at_random_moments_never_deletes_wrongly_and_converges_to_the_last_commit() {
    let cycles: usize = std::env::var("FLUX_RS_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let seed: u64 = std::env::var("FLUX_RS_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("crash campaign: {cycles} cycles, FLUX_RS_CRASH_SEED={seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "crash").await;
    let scratch = tempfile::tempdir().unwrap();
    let (age_file, recipient) = support::age_key();

    let deletes = Arc::new(Mutex::new(Deletes::default()));
    watch_deletes(
        Api::<ConfigMap>::namespaced(client.clone(), &ns),
        "ConfigMap",
        deletes.clone(),
    );
    watch_deletes(
        Api::<Secret>::namespaced(client.clone(), &ns),
        "Secret",
        deletes.clone(),
    );

    let server = GitServer::start(ServerAuth::default());
    let repo = server.repo("tree", "main");
    let mut model = Model::new(&mut rng);
    let mut encrypted = BTreeMap::new();
    // Each commit's objects, from just before its push.
    let mut history: Vec<(Instant, String, Expected)> = Vec::new();
    let sha = write_tree(
        &repo,
        &model,
        &mut encrypted,
        &recipient,
        scratch.path(),
        "initial",
    );
    history.push((Instant::now(), sha, model.expected()));
    repo.push();

    support::apply_in(
        &client,
        &ns,
        json!({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "sops-age"},
            "stringData": {"identity.agekey": age_file}
        }),
    )
    .await;
    support::apply_in(
        &client,
        &ns,
        json!({
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "campaign-vars"},
            "data": {"greeting": "hello"}
        }),
    )
    .await;
    support::apply_in(&client, &ns, json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "metadata": {"name": "tree"},
        "spec": {"interval": "2s", "url": server.url("tree"), "ref": {"branch": "main"}}
    }))
    .await;
    for i in 0..KS {
        let mut spec = json!({
            "interval": "5s", "retryInterval": "2s", "path": format!("./{}", ks_name(i)),
            "prune": true, "targetNamespace": ns,
            "sourceRef": {"kind": "GitRepository", "name": "tree"},
            "postBuild": {
                "substitute": {"ks_name": ks_name(i)},
                "substituteFrom": [{"kind": "ConfigMap", "name": "campaign-vars"}]
            }
        });
        // A tree: each Kustomization depends on its parent.
        if i > 0 {
            spec["dependsOn"] = json!([{"name": ks_name((i - 1) / 2)}]);
        }
        if i % SOPS_EVERY == 0 {
            spec["decryption"] = json!({"provider": "sops", "secretRef": {"name": "sops-age"}});
        }
        support::apply_in(
            &client,
            &ns,
            json!({
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": {"name": ks_name(i)}, "spec": spec
            }),
        )
        .await;
    }

    // Leader election on, as Flux installs it, with short durations: a killed replica's lease
    // has to expire before the next one takes over.
    let mut serve = support::serve(
        &["source-controller", "kustomize-controller"],
        &ns,
        &[
            "--enable-leader-election",
            "--leader-election-lease-duration=3s",
            "--leader-election-renew-deadline=2s",
            "--leader-election-retry-period=500ms",
        ],
    );

    let mut kills = 0;
    for cycle in 1..=cycles {
        let changes: Vec<String> = (0..rng.gen_range(2..6))
            .map(|_| model.mutate(&mut rng, cycle))
            .collect();
        let message = format!("cycle {cycle}: {}", changes.join(", "));
        let expected = model.expected();
        let pushed_at = Instant::now();
        let sha = write_tree(
            &repo,
            &model,
            &mut encrypted,
            &recipient,
            scratch.path(),
            &message,
        );
        history.push((pushed_at, sha, expected));
        repo.push();
        // The kill lands anywhere from the fetch of this commit to the status patches of its
        // applies and prunes (a run of the tree takes a few seconds here).
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..4000))).await;
        serve.kill_and_restart();
        kills += 1;
    }
    let last_kill = Instant::now();
    let (_, last_sha, last_expected) = history.last().cloned().unwrap();
    let revision = format!("main@sha1:{last_sha}");
    let mut last_report = Instant::now();
    let converged = loop {
        let waiting = not_ready(&client, &ns, &revision).await;
        let state = cluster_state(&client, &ns).await;
        if waiting.is_empty() && state == last_expected {
            break last_kill.elapsed();
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            last_report = Instant::now();
            eprintln!(
                "{:?} after the last kill, waiting for {waiting:?}",
                last_kill.elapsed()
            );
        }
        if last_kill.elapsed() > Duration::from_secs(180) {
            let missing: Vec<_> = last_expected
                .iter()
                .filter(|(k, v)| state.get(*k) != Some(*v))
                .map(|(k, _)| k)
                .collect();
            let extra: Vec<_> = state
                .keys()
                .filter(|k| !last_expected.contains_key(*k))
                .collect();
            panic!(
                "not converged 180 s after the last kill: not ready {waiting:#?}; missing or different {missing:?}; extra {extra:?}\n{}",
                serve.log()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        serve.child.0.try_wait().unwrap().is_none(),
        "flux serve exited: {}",
        serve.log()
    );

    // Let the watches deliver the last events, then judge every delete by the newest commit
    // pushed before it was seen.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let deletes = std::mem::take(&mut *deletes.lock().unwrap());
    assert_eq!(
        deletes.relists, 0,
        "a delete watch relisted: deletes may be missing"
    );
    let mut wrongful = Vec::new();
    for (kind, name, at) in &deletes.seen {
        let (_, sha, objects) = history
            .iter()
            .rev()
            .find(|(pushed, _, _)| pushed <= at)
            .expect("a commit before every delete");
        if objects.contains_key(&(kind.clone(), name.clone())) {
            wrongful.push(format!("{kind} {name} (still in {sha})"));
        }
    }
    let ever: BTreeSet<&(String, String)> = history.iter().flat_map(|(_, _, e)| e.keys()).collect();
    eprintln!(
        "crash campaign: {kills} kills survived over {cycles} commits; {} objects checked at the end ({} ever managed); {} deletes, {} wrongful; converged {converged:?} after the last kill",
        last_expected.len(),
        ever.len(),
        deletes.seen.len(),
        wrongful.len()
    );
    assert!(wrongful.is_empty(), "wrongful deletes: {wrongful:#?}");
}
