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
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use kube::api::{Api, ApiResource, DynamicObject};
use kube::core::PartialObjectMeta;
use kube::runtime::reflector::{self, ObjectRef, Store};
use kube::runtime::{watcher, WatchStreamExt};
use serde_json::Value;

type Meta = PartialObjectMeta<DynamicObject>;

/// One kind's metadata cache.
#[derive(Clone)]
struct KindCache {
    store: Store<Meta>,
    /// Set once the first list has been read (before that, every lookup misses).
    synced: Arc<AtomicBool>,
}

/// The memo of one controller, shared by its runs.
pub struct AppliedMemo {
    client: kube::Client,
    /// The label every object the controller applies carries (`<group>/name`).
    label: String,
    kinds: Mutex<HashMap<String, KindCache>>,
    /// Per applied object: (digest of what was sent, resourceVersion when it matched).
    verified: Mutex<HashMap<String, (u64, String)>>,
}

/// Where one desired object stands in the memo.
pub struct Entry {
    key: String,
    digest: u64,
    object: ObjectRef<Meta>,
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
        let key = format!(
            "{owner}|{}|{}|{}|{name}",
            ar.api_version,
            ar.kind,
            ns.unwrap_or_default()
        );
        let mut object = ObjectRef::new_with(name, ar.clone());
        if let Some(ns) = ns {
            object = object.within(ns);
        }
        Some(Entry {
            key,
            digest: h.finish(),
            object,
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
            .and_then(|v| v.get(&e.key).cloned());
        let Some((digest, rv)) = recorded else {
            return false;
        };
        if digest != e.digest {
            return false;
        }
        e.cache
            .store
            .get(&e.object)
            .and_then(|m| m.metadata.resource_version.clone())
            .is_some_and(|live| live == rv)
    }

    /// Records that the object matched what was sent at `resource_version`.
    pub fn record(&self, e: &Entry, resource_version: Option<&str>) {
        let Ok(mut v) = self.verified.lock() else {
            return;
        };
        match resource_version {
            Some(rv) if !rv.is_empty() => {
                v.insert(e.key.clone(), (e.digest, rv.to_string()));
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
        let writer = reflector::store::Writer::<Meta>::new(ar.clone());
        let cache = KindCache {
            store: writer.as_reader(),
            synced: Arc::new(AtomicBool::new(false)),
        };
        // An `Api` of partial metadata makes metadata-only list and watch requests.
        let api: Api<Meta> = Api::all_with(self.client.clone(), ar);
        let config = watcher::Config::default().labels(&self.label);
        let synced = cache.synced.clone();
        let stream = watcher(api, config)
            .default_backoff()
            .modify(|m: &mut Meta| m.metadata.managed_fields = None);
        tokio::spawn(reflector::reflector(writer, stream).for_each(move |event| {
            match &event {
                Ok(watcher::Event::InitDone) => synced.store(true, Ordering::Release),
                // A relist may have missed writes: lookups miss until it is done.
                Ok(watcher::Event::Init) => synced.store(false, Ordering::Release),
                Err(e) => tracing::debug!(error = %e, "applied-object watch"),
                _ => {}
            }
            futures::future::ready(())
        }));
        kinds.insert(id, cache.clone());
        cache
    }
}
