//! Sharing the pure steps of a render (reading chart files, parsing subcharts, parsing
//! templates, reading manifest heads) over the machine's cores, with the results kept in the
//! input's order so that the first error in that order is the one reported, as in Helm's
//! sequential code. Work already running on one of these threads stays on it (no nesting), and
//! small inputs are not split at all: a thread costs tens of microseconds.

use std::cell::Cell;

thread_local! {
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// The number of threads a split uses: the cores, at most four. Asked once per process: the
/// standard library reads the cgroup files on every call.
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().min(4))
            .unwrap_or(1)
    })
}

/// `items.iter().map(f).collect()`, computed on several threads when `split` holds (the caller's
/// judgement that the work is worth it), more than one core is there and this is not already a
/// worker of a split. Thread `t` of `n` takes items `t`, `t + n`, …; the results come back in
/// the items' order. A panic in `f` is resumed on the caller.
pub fn map<T: Sync, R: Send>(items: &[T], split: bool, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_owned(items.iter().collect(), split, f)
}

/// [`map`] over owned items, each moved into `f`.
pub fn map_owned<T: Send, R: Send>(
    items: Vec<T>,
    split: bool,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    if !split || items.len() < 2 || INSIDE.with(Cell::get) {
        return items.into_iter().map(f).collect();
    }
    let n = threads().min(items.len());
    if n < 2 {
        return items.into_iter().map(f).collect();
    }
    let total = items.len();
    let mut shares: Vec<Vec<T>> = (0..n).map(|_| Vec::with_capacity(total / n + 1)).collect();
    for (i, item) in items.into_iter().enumerate() {
        shares[i % n].push(item);
    }
    let f = &f;
    let work = move |share: Vec<T>| -> Vec<R> {
        INSIDE.with(|i| i.set(true));
        let out = share.into_iter().map(f).collect();
        INSIDE.with(|i| i.set(false));
        out
    };
    let mut shares = shares.into_iter();
    let first = shares.next().unwrap_or_default();
    let parts: Vec<Vec<R>> = std::thread::scope(|s| {
        let handles: Vec<_> = shares.map(|share| s.spawn(move || work(share))).collect();
        let mut parts = vec![work(first)];
        for h in handles {
            parts.push(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        parts
    });
    let mut iters: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
    (0..total).filter_map(|i| iters[i % n].next()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order_whether_split_or_not() {
        let items: Vec<u32> = (0..1000).collect();
        let split = map(&items, true, |i| i * 2);
        let plain = map(&items, false, |i| i * 2);
        assert_eq!(split, plain);
        assert_eq!(split[999], 1998);
    }

    #[test]
    fn a_split_inside_a_split_runs_on_the_worker_it_is_in() {
        let outer: Vec<u32> = (0..8).collect();
        let sums = map(&outer, true, |o| {
            let inner: Vec<u32> = (0..10).collect();
            assert!(INSIDE.with(Cell::get) || threads() < 2);
            map(&inner, true, |i| i + o).into_iter().sum::<u32>()
        });
        assert_eq!(sums, (0..8).map(|o| 45 + 10 * o).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_item_order_is_the_one_found() {
        let items: Vec<u32> = (0..100).collect();
        let res: Result<Vec<u32>, u32> =
            map(&items, true, |&i| if i % 7 == 3 { Err(i) } else { Ok(i) })
                .into_iter()
                .collect();
        assert_eq!(res, Err(3));
    }
}
