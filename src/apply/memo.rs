//! What the applier last verified about each object it applies, kept across runs so that an
//! object still as it was left costs no request: the digest of what was sent, and the
//! `resourceVersion` the object had once it matched. A metadata-only watch per kind (objects
//! carrying the controller's ownership label, managed fields dropped) tells whether the object
//! has been written since; any write (a hand edit, another controller, a deletion) changes
//! its `resourceVersion`, and the applier then reads and dry-runs it as before, so drift is
//! still corrected on the next run. Flux reads and dry-runs every object on every run.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use futures::StreamExt;
use kube::api::{Api, ApiResource, DynamicObject};
use kube::core::PartialObjectMeta;
use kube::runtime::{watcher, WatchStreamExt};
use serde_json::Value;

type Meta = PartialObjectMeta<DynamicObject>;

/// `namespace/name` → `resourceVersion` of one kind's labelled objects, both as [`token`]s:
/// sixteen bytes an object instead of two strings.
type Versions = HashMap<u64, u64>;

// The memo's digests of keys and resource versions; a collision would cost one skipped
// dry-run of an object, corrected on a later write to it.
use crate::runtime::keyed_digest as token;

/// One kind's cache: only what the memo compares, the `resourceVersion` by object (a
/// reflector store would keep every object's whole metadata and, in each key, the kind's
/// `ApiResource`: several hundred bytes per applied object).
#[derive(Clone)]
struct KindCache {
    versions: Arc<RwLock<Versions>>,
    /// Set once the first list has been read (before that, every lookup misses).
    synced: Arc<AtomicBool>,
}

fn object_key(namespace: Option<&str>, name: &str) -> u64 {
    token(&[namespace.unwrap_or_default(), name])
}

/// Folds one watch event into the kind's versions; a relist is gathered in `pending` and
/// replaces the map once complete, as a reflector store does.
fn fold_event(
    cache: &KindCache,
    pending: &mut Option<Versions>,
    event: watcher::Result<watcher::Event<Meta>>,
) {
    let key_rv = |m: Meta| {
        let md = m.metadata;
        let key = object_key(
            md.namespace.as_deref(),
            md.name.as_deref().unwrap_or_default(),
        );
        (
            key,
            token(&[md.resource_version.as_deref().unwrap_or_default()]),
        )
    };
    let write = || cache.versions.write().unwrap_or_else(|p| p.into_inner());
    match event {
        Ok(watcher::Event::Init) => {
            // A relist may have missed writes: lookups miss until it is done.
            cache.synced.store(false, Ordering::Release);
            *pending = Some(Versions::new());
        }
        Ok(watcher::Event::InitApply(m)) => {
            let (k, rv) = key_rv(m);
            pending.get_or_insert_with(Versions::new).insert(k, rv);
        }
        Ok(watcher::Event::InitDone) => {
            let mut fresh = pending.take().unwrap_or_default();
            fresh.shrink_to_fit();
            *write() = fresh;
            cache.synced.store(true, Ordering::Release);
        }
        Ok(watcher::Event::Apply(m)) => {
            let (k, rv) = key_rv(m);
            write().insert(k, rv);
        }
        Ok(watcher::Event::Delete(m)) => {
            let (k, _) = key_rv(m);
            write().remove(&k);
        }
        Err(e) => tracing::debug!(error = %e, "applied-object watch"),
    }
}

/// The memo of one controller, shared by its runs.
pub struct AppliedMemo {
    client: kube::Client,
    /// The label every object the controller applies carries (`<group>/name`).
    label: String,
    kinds: Mutex<HashMap<String, KindCache>>,
    /// Per applied object (its key's [`token`]): (digest of what was sent, token of the
    /// resourceVersion when it matched).
    verified: Mutex<HashMap<u64, (u64, u64)>>,
}

/// Where one desired object stands in the memo.
pub struct Entry {
    key: u64,
    digest: u64,
    /// `namespace/name` in the kind's cache.
    object: u64,
    cache: KindCache,
}

impl AppliedMemo {
    /// A memo for objects labelled `label` (their owner's name label), read through `client`.
    pub fn new(client: kube::Client, label: &str) -> AppliedMemo {
        AppliedMemo {
            client,
            label: label.to_string(),
            kinds: Mutex::new(HashMap::new()),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// The memo entry of `obj` (as it will be sent, labels stamped) applied by `owner` with
    /// `force`; starts the kind's watch the first time the kind is seen.
    pub fn entry(&self, ar: &ApiResource, owner: &str, obj: &Value, force: bool) -> Option<Entry> {
        let name = obj["metadata"]["name"].as_str()?;
        let ns = obj["metadata"]["namespace"].as_str();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(obj).ok()?.hash(&mut h);
        force.hash(&mut h);
        let key = token(&[
            owner,
            &ar.api_version,
            &ar.kind,
            ns.unwrap_or_default(),
            name,
        ]);
        Some(Entry {
            key,
            digest: h.finish(),
            object: object_key(ns, name),
            cache: self.kind(ar),
        })
    }

    /// True when the object was verified with this very content and nothing has written it
    /// since (its cached resourceVersion is the one recorded).
    pub fn still_as_left(&self, e: &Entry) -> bool {
        if !e.cache.synced.load(Ordering::Acquire) {
            return false;
        }
        let recorded = self
            .verified
            .lock()
            .ok()
            .and_then(|v| v.get(&e.key).copied());
        let Some((digest, rv)) = recorded else {
            return false;
        };
        if digest != e.digest {
            return false;
        }
        e.cache
            .versions
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&e.object)
            .is_some_and(|live| *live == rv)
    }

    /// Records that the object matched what was sent at `resource_version`.
    pub fn record(&self, e: &Entry, resource_version: Option<&str>) {
        let Ok(mut v) = self.verified.lock() else {
            return;
        };
        match resource_version {
            Some(rv) if !rv.is_empty() => {
                v.insert(e.key, (e.digest, token(&[rv])));
            }
            _ => {
                v.remove(&e.key);
            }
        }
    }

    /// The kind's cache, its watch started on first use.
    fn kind(&self, ar: &ApiResource) -> KindCache {
        let id = format!("{}/{}", ar.api_version, ar.kind);
        let mut kinds = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = kinds.get(&id) {
            return c.clone();
        }
        let cache = KindCache {
            versions: Arc::default(),
            synced: Arc::new(AtomicBool::new(false)),
        };
        // An `Api` of partial metadata makes metadata-only list and watch requests.
        let api: Api<Meta> = Api::all_with(self.client.clone(), ar);
        let config = watcher::Config::default().labels(&self.label);
        let fold = cache.clone();
        let mut pending = None;
        tokio::spawn(
            watcher(api, config)
                .default_backoff()
                .for_each(move |event| {
                    fold_event(&fold, &mut pending, event);
                    futures::future::ready(())
                }),
        );
        kinds.insert(id, cache.clone());
        cache
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(ns: &str, name: &str, rv: &str) -> Meta {
        serde_json::from_value(serde_json::json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": ns, "resourceVersion": rv,
                          "labels": {"a": "b"}, "uid": "u"},
        }))
        .unwrap()
    }

    fn lookup(c: &KindCache, ns: &str, name: &str) -> Option<u64> {
        c.versions
            .read()
            .unwrap()
            .get(&object_key(Some(ns), name))
            .copied()
    }

    fn rv(v: &str) -> Option<u64> {
        Some(token(&[v]))
    }

    #[test]
    fn the_kind_cache_keeps_resource_versions_and_swaps_a_relist_in_whole() {
        let c = KindCache {
            versions: Arc::default(),
            synced: Arc::new(AtomicBool::new(false)),
        };
        let mut pending = None;
        fold_event(&c, &mut pending, Ok(watcher::Event::Init));
        fold_event(
            &c,
            &mut pending,
            Ok(watcher::Event::InitApply(meta("a", "x", "1"))),
        );
        assert!(!c.synced.load(Ordering::Acquire));
        assert_eq!(
            lookup(&c, "a", "x"),
            None,
            "a list in progress is not visible"
        );
        fold_event(&c, &mut pending, Ok(watcher::Event::InitDone));
        assert!(c.synced.load(Ordering::Acquire));
        assert_eq!(lookup(&c, "a", "x"), rv("1"));
        fold_event(
            &c,
            &mut pending,
            Ok(watcher::Event::Apply(meta("a", "x", "2"))),
        );
        fold_event(
            &c,
            &mut pending,
            Ok(watcher::Event::Apply(meta("b", "x", "3"))),
        );
        assert_eq!(lookup(&c, "a", "x"), rv("2"));
        assert_eq!(lookup(&c, "b", "x"), rv("3"));
        fold_event(
            &c,
            &mut pending,
            Ok(watcher::Event::Delete(meta("b", "x", "4"))),
        );
        assert_eq!(lookup(&c, "b", "x"), None);
        // A relist: unsynced until done, then exactly what it listed.
        fold_event(&c, &mut pending, Ok(watcher::Event::Init));
        assert!(!c.synced.load(Ordering::Acquire));
        fold_event(
            &c,
            &mut pending,
            Ok(watcher::Event::InitApply(meta("c", "y", "5"))),
        );
        fold_event(&c, &mut pending, Ok(watcher::Event::InitDone));
        assert!(c.synced.load(Ordering::Acquire));
        assert_eq!(lookup(&c, "a", "x"), None, "gone from the relist");
        assert_eq!(lookup(&c, "c", "y"), rv("5"));
    }
}
