//! Work shared between threads, with how many threads a run may use decided once, here.
//!
//! [`count`] is the one decision: `--threads N` ([`set`], which also sizes polars' own pool),
//! else the cores available. Every helper below follows it, and with one thread each does its
//! work in turn on the caller's thread. On the two-core machines lscb is tuned on:
//!
//! * [`two_at_a_time`] (lists while loading, indicators while computing): two items at a time,
//!   whatever the count above one; more at once would hold more rows in memory, and on more
//!   cores polars' own pool parallelises each item's queries;
//! * [`both`] (a file's layout scan beside its read; the link's two sorts): two things at once;
//! * [`each_on_the_pool`] (a list's columns decoded, a file's chunks split): on polars' own
//!   pool, beside the queries; chunks are cut one per thread of [`count`].
//!
//! On 16 cores, then, loading and computing still take two items at a time, polars' pool
//! uses all 16 for each query and for a list's columns, and splitting a large file uses 16
//! chunks.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// The threads set with `--threads` (0: not set).
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many threads a run may use: `--threads`, else the cores available.
pub fn count() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        n => n,
    }
}

/// Sets the threads for the run, polars' pool included; called once, before any work (polars
/// sizes its pool when it first uses it).
pub fn set(threads: NonZeroUsize) {
    THREADS.store(threads.get(), Ordering::Relaxed);
    std::env::set_var("POLARS_MAX_THREADS", threads.to_string());
}

/// Whether the run is on one thread, where the helpers work in turn.
fn one_thread() -> bool {
    count() == 1
}

/// `first` done on a thread of its own while `second` is done on this one. A panic on the
/// other thread is resumed on this one.
pub fn both<A: Send, B>(first: impl FnOnce() -> A + Send, second: impl FnOnce() -> B) -> (A, B) {
    if one_thread() {
        let first = first();
        return (first, second());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(first);
        let second = second();
        let first = first
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

/// `work` done for each of `items` on polars' thread pool (the pool every query runs on, sized
/// by [`count`]), the results in item order. Fine-grained work, a list's columns or a file's
/// chunks, shares the cores with the queries instead of starting a thread per item. A panic
/// in the work is resumed on the caller's thread.
pub fn each_on_the_pool<T: Send, R: Send>(
    items: Vec<T>,
    work: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    if one_thread() {
        return items.into_iter().map(work).collect();
    }
    polars_core::runtime::THREAD_POOL.install(|| items.into_par_iter().map(work).collect())
}

/// `work` done for each of `items`, two at a time (on this thread and one other, each taking
/// the next item when it is done), the results in item order. Work such as an indicator's
/// queries leaves a core idle at times (collecting a result, linking records), which a second
/// item fills; more at once would hold more rows in memory without cores to compute them on.
/// A panic on the other thread is resumed on this one.
pub fn two_at_a_time<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let take_turns = || -> Vec<(usize, R)> {
        std::iter::from_fn(|| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            items.get(i).map(|item| (i, work(item)))
        })
        .collect()
    };
    let (mut done, mine) = both(take_turns, take_turns);
    done.extend(mine);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_at_a_time_keeps_the_items_order() {
        let items: Vec<u64> = (0..100).collect();
        let slow_first = |n: &u64| {
            std::thread::sleep(std::time::Duration::from_micros(100 - n));
            n * n
        };
        let squares: Vec<u64> = items.iter().map(|n| n * n).collect();
        assert_eq!(two_at_a_time(&items, slow_first), squares);
        assert!(two_at_a_time(&[] as &[u64], slow_first).is_empty());
    }

    #[test]
    fn each_on_the_pool_keeps_the_items_order() {
        let items: Vec<u64> = (0..100).collect();
        let squares: Vec<u64> = items.iter().map(|n| n * n).collect();
        assert_eq!(each_on_the_pool(items, |n| n * n), squares);
    }
}
