//! An ordered parallel map on scoped threads, without a crate: `work` runs on every core, `sink`
//! sees the results one by one in item order, on the calling thread.
//!
//! Memory is bounded: a worker may start item `i` only once fewer than `window` items before it
//! are still waiting for the sink, so at most `window` results exist at any time however many items
//! there are, and however slow one of them is. The results wait in a ring of `window` slots
//! (item `i` in slot `i % window`), so no map or sort is needed to restore the order.
//!
//! Why not rayon: its `par_iter().map().collect()` keeps every result until the end, and its
//! ordered streaming needs the same reorder buffer as here, which is most of this module.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Results that may wait for the sink, per worker thread.
const WINDOW_PER_THREAD: usize = 32;

/// The number of worker threads: one per core the process may use.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How far the sink has got, and a way for workers to wait for it.
struct Progress {
    /// Items handed to the sink so far.
    written: AtomicUsize,
    /// Set when the sink failed or a worker panicked: everyone stops.
    stop: AtomicBool,
    lock: Mutex<()>,
    moved: Condvar,
}

impl Progress {
    /// Waits until item `i` may start; `false` when the batch is stopping.
    fn wait_for_room(&self, i: usize, window: usize) -> bool {
        if i < window {
            return !self.stop.load(Ordering::Acquire);
        }
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.stop.load(Ordering::Acquire) {
                return false;
            }
            if i < self.written.load(Ordering::Acquire) + window {
                return true;
            }
            guard = self.moved.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn advance(&self, written: usize) {
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.written.store(written, Ordering::Release);
        drop(guard);
        self.moved.notify_all();
    }

    fn halt(&self) {
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.stop.store(true, Ordering::Release);
        drop(guard);
        self.moved.notify_all();
    }
}

/// Stops the other workers if this one panics, so the batch ends instead of waiting forever
/// for the item the panicking worker had; the scope then passes the panic on.
struct HaltOnPanic<'a>(&'a Progress);

impl Drop for HaltOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.halt();
        }
    }
}

/// Runs `work` on every item on up to `threads` threads and passes each result to `sink` in item
/// order. Stops early, returning the sink's error, when the sink fails (a closed pipe, say).
pub fn for_each_ordered<I, T, E>(
    items: &[I],
    threads: usize,
    work: impl Fn(&I) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Sync,
    T: Send,
{
    let workers = threads.min(items.len());
    if workers <= 1 {
        for item in items {
            sink(work(item))?;
        }
        return Ok(());
    }
    let window = workers * WINDOW_PER_THREAD;
    let next = AtomicUsize::new(0);
    let progress = Progress {
        written: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        lock: Mutex::new(()),
        moved: Condvar::new(),
    };
    // Never full: at most `window` results are unwritten, and the channel holds only those.
    let (sender, receiver) = mpsc::sync_channel::<(usize, T)>(window);
    std::thread::scope(|scope| {
        let mut spawned = 0usize;
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, progress, work) = (&next, &progress, &work);
            // A failed spawn (`ulimit -u`, no memory) is not fatal: the items go to the workers
            // that did start, or, with none, run here on the calling thread.
            let started = std::thread::Builder::new().spawn_scoped(scope, move || {
                let _halt = HaltOnPanic(progress);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || !progress.wait_for_room(i, window) {
                        return;
                    }
                    if sender.send((i, work(&items[i]))).is_err() {
                        return;
                    }
                }
            });
            match started {
                Ok(_) => spawned = spawned.saturating_add(1),
                Err(_) => break,
            }
        }
        drop(sender);
        if spawned == 0 {
            for item in items {
                sink(work(item))?;
            }
            return Ok(());
        }

        let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(window).collect();
        let mut written = 0;
        let mut outcome = Ok(());
        'receive: for (i, result) in receiver.iter() {
            slots[i % window] = Some(result);
            let before = written;
            while let Some(result) = slots[written % window].take() {
                if let Err(e) = sink(result) {
                    outcome = Err(e);
                    break 'receive;
                }
                written += 1;
            }
            if written > before {
                progress.advance(written);
            }
        }
        if outcome.is_err() {
            progress.halt();
        }
        drop(receiver);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_item_order_whatever_the_timing() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        let result: Result<(), ()> = for_each_ordered(
            &items,
            4,
            |&n| {
                // Early items are the slow ones, so later ones finish first.
                if n % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                n * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, (0..500).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_window_in_flight() {
        let items: Vec<usize> = (0..2000).collect();
        let started = AtomicUsize::new(0);
        let mut written = 0usize;
        let threads = 3;
        let result: Result<(), ()> = for_each_ordered(
            &items,
            threads,
            |&n| {
                started.fetch_max(n + 1, Ordering::SeqCst);
                n
            },
            |n| {
                assert_eq!(n, written);
                // Everything started is at most a window ahead of what the sink has seen.
                let ahead = started.load(Ordering::SeqCst) - written;
                assert!(ahead <= threads * WINDOW_PER_THREAD, "{ahead} in flight");
                written += 1;
                if n % 100 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(written, 2000);
    }

    #[test]
    fn stops_when_the_sink_fails() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut seen = 0;
        let result = for_each_ordered(
            &items,
            2,
            |&n| {
                done.fetch_add(1, Ordering::SeqCst);
                n
            },
            |n| {
                seen += 1;
                if n == 10 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("closed"));
        assert_eq!(seen, 11);
        assert!(done.load(Ordering::SeqCst) < 10 + 2 * WINDOW_PER_THREAD + 2 + 1);
    }

    #[test]
    fn a_panicking_worker_ends_the_batch_instead_of_hanging_it() {
        let items: Vec<usize> = (0..5000).collect();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for_each_ordered(
                &items,
                2,
                |&n| {
                    assert!(n != 7, "worker fails on item 7");
                    n
                },
                |_| Ok::<(), ()>(()),
            )
        }));
        assert!(result.is_err(), "the panic reaches the caller");
    }

    #[test]
    fn one_thread_or_one_item_runs_inline() {
        let mut seen = Vec::new();
        let result: Result<(), ()> = for_each_ordered(
            &[1, 2, 3],
            1,
            |n| n + 1,
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, [2, 3, 4]);
    }
}
