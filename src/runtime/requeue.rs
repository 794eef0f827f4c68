//! When each object of a controller runs again on its own: after its interval, a retry
//! delay or a dependency wait, whatever its last run decided. kube's scheduler holds two
//! copies of a whole object reference (name, namespace, resourceVersion and uid, each its
//! own allocation) for every object waiting for its interval, about a KiB each; here an
//! object waiting costs one shared `namespace/name` string, a map entry and a heap entry.
//!
//! A run's outcome replaces whatever was scheduled for the object before (a run that asks
//! for nothing cancels it), as kube's scheduler does when a watch event runs an object early.
//! Due objects come out of [`Requeues::due`], a stream the controller reconciles from.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::Stream;
use kube::runtime::reflector::ObjectRef;
use kube::Resource;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The pending runs of one controller's objects.
#[derive(Default)]
pub struct Requeues {
    inner: Mutex<Inner>,
    /// Woken when a run is scheduled earlier than every other (a stored permit covers a
    /// schedule that lands before the stream waits).
    earlier: Notify,
}

#[derive(Default)]
struct Inner {
    /// When each waiting object is due, by `namespace/name`.
    due: HashMap<Arc<str>, Instant>,
    /// Deadlines, earliest first; an entry whose time no longer matches `due` is stale and
    /// skipped (rescheduling pushes a new entry instead of searching the heap).
    heap: BinaryHeap<Reverse<(Instant, Arc<str>)>>,
}

/// What the heap holds next.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// This object is due now (and no longer scheduled).
    Due(Arc<str>),
    /// Nothing is due before this instant.
    At(Instant),
    /// Nothing is scheduled.
    Idle,
}

impl Inner {
    fn schedule(&mut self, key: &str, at: Instant) -> bool {
        let key = match self.due.get_key_value(key) {
            Some((k, _)) => k.clone(),
            None => Arc::from(key),
        };
        self.due.insert(key.clone(), at);
        let earliest = self.heap.peek().is_none_or(|Reverse((t, _))| at < *t);
        self.heap.push(Reverse((at, key)));
        // Stale entries pile up only while objects are rescheduled faster than they come
        // due; rebuild from `due` before they outnumber the live ones.
        if self.heap.len() > 2 * self.due.len() + 64 {
            self.heap = self
                .due
                .iter()
                .map(|(k, t)| Reverse((*t, k.clone())))
                .collect();
        }
        earliest
    }

    fn cancel(&mut self, key: &str) {
        self.due.remove(key);
    }

    fn next(&mut self, now: Instant) -> Next {
        while let Some(Reverse((at, key))) = self.heap.peek() {
            if self.due.get(key) != Some(at) {
                self.heap.pop();
                continue;
            }
            if *at > now {
                return Next::At(*at);
            }
            let key = key.clone();
            self.heap.pop();
            self.due.remove(&key);
            return Next::Due(key);
        }
        Next::Idle
    }
}

/// The key of an object: `namespace/name` (`/name` for a cluster-scoped one).
pub fn key_of(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

impl Requeues {
    /// Runs the object `key` ([`key_of`]) again after `after`, instead of whatever was
    /// scheduled for it.
    pub fn schedule(&self, key: &str, after: Duration) {
        let at = Instant::now() + after;
        let earliest = self.lock().schedule(key, at);
        if earliest {
            self.earlier.notify_one();
        }
    }

    /// Nothing scheduled for the object `key` any more.
    pub fn cancel(&self, key: &str) {
        self.lock().cancel(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The objects as they come due, each once per schedule.
    pub fn due<K>(self: Arc<Self>) -> impl Stream<Item = ObjectRef<K>> + Send + 'static
    where
        K: Resource + 'static,
        K::DynamicType: Default + Send,
    {
        futures::stream::unfold(self, |me| async move {
            loop {
                let next = me.lock().next(Instant::now());
                match next {
                    Next::Due(key) => {
                        let (ns, name) = key.split_once('/').unwrap_or(("", &key));
                        let mut r = ObjectRef::<K>::new(name);
                        if !ns.is_empty() {
                            r = r.within(ns);
                        }
                        return Some((r, me));
                    }
                    Next::At(at) => {
                        tokio::select! {
                            _ = tokio::time::sleep_until(at) => {}
                            _ = me.earlier.notified() => {}
                        }
                    }
                    Next::Idle => me.earlier.notified().await,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use k8s_openapi::api::core::v1::ConfigMap;

    fn at(base: Instant, secs: u64) -> Instant {
        base + Duration::from_secs(secs)
    }

    #[test]
    fn objects_come_due_in_time_order_once_each() {
        let mut q = Inner::default();
        let t0 = Instant::now();
        q.schedule("ns/b", at(t0, 20));
        q.schedule("ns/a", at(t0, 10));
        assert_eq!(q.next(t0), Next::At(at(t0, 10)));
        assert_eq!(q.next(at(t0, 30)), Next::Due(Arc::from("ns/a")));
        assert_eq!(q.next(at(t0, 30)), Next::Due(Arc::from("ns/b")));
        assert_eq!(q.next(at(t0, 30)), Next::Idle);
        assert!(q.due.is_empty());
    }

    #[test]
    fn a_new_schedule_replaces_the_old_one_earlier_or_later() {
        let mut q = Inner::default();
        let t0 = Instant::now();
        q.schedule("ns/a", at(t0, 10));
        q.schedule("ns/a", at(t0, 60));
        assert_eq!(q.next(at(t0, 30)), Next::At(at(t0, 60)));
        q.schedule("ns/a", at(t0, 40));
        assert_eq!(q.next(at(t0, 45)), Next::Due(Arc::from("ns/a")));
        // The replaced deadline does not fire again.
        assert_eq!(q.next(at(t0, 100)), Next::Idle);
    }

    #[test]
    fn a_cancelled_object_never_comes_due() {
        let mut q = Inner::default();
        let t0 = Instant::now();
        q.schedule("ns/a", at(t0, 10));
        q.cancel("ns/a");
        assert_eq!(q.next(at(t0, 100)), Next::Idle);
    }

    #[test]
    fn rescheduling_often_keeps_the_heap_bounded() {
        let mut q = Inner::default();
        let t0 = Instant::now();
        for i in 0..10_000 {
            q.schedule("ns/a", at(t0, 10 + i));
            q.schedule("ns/b", at(t0, 10 + i));
        }
        assert!(q.heap.len() <= 2 * 2 + 64 + 1, "{} entries", q.heap.len());
        assert_eq!(q.next(at(t0, 10_000)), Next::At(at(t0, 10_009)));
        assert_eq!(q.next(at(t0, 10_009)), Next::Due(Arc::from("ns/a")));
        assert_eq!(q.next(at(t0, 10_009)), Next::Due(Arc::from("ns/b")));
        assert_eq!(q.next(at(t0, 20_000)), Next::Idle);
    }

    #[tokio::test(start_paused = true)]
    async fn the_stream_yields_references_when_due_and_wakes_for_an_earlier_one() {
        let q = Arc::new(Requeues::default());
        q.schedule(&key_of("ns", "late"), Duration::from_secs(600));
        let mut due = Box::pin(q.clone().due::<ConfigMap>());
        let started = Instant::now();
        // The stream is asleep until the late one; an earlier schedule wakes it.
        let q2 = q.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(5)).await;
            q2.schedule(&key_of("ns", "early"), Duration::from_secs(10));
        });
        let first = due.next().await.unwrap();
        assert_eq!(first, ObjectRef::new("early").within("ns"));
        assert_eq!(started.elapsed(), Duration::from_secs(15));
        let second = due.next().await.unwrap();
        assert_eq!(second, ObjectRef::new("late").within("ns"));
        assert_eq!(started.elapsed(), Duration::from_secs(600));
        assert!(q.lock().due.is_empty());
    }
}
