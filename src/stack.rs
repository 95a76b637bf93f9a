//! Worker threads with the largest stack the system allows.
//!
//! Parsers and visitors recurse, and hostile sources nest deep, so workers reserve large
//! stacks: only address space, of which real code touches a few pages. Under an
//! address-space limit (`ulimit -v`, as some CI runners and shared hosts set) a 1 GiB
//! reservation fails, so each thread tries smaller ones in turn, and the work runs on the
//! calling thread when no thread can start at all. What was obtained bounds how deep a source
//! may nest before it is skipped with a finding ([`crate::scan::depth`]), so that a smaller
//! stack means more JS004 findings, never a crash.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack reservations to try, largest first.
pub const SIZES: [usize; 7] = [
    1 << 30,
    512 << 20,
    256 << 20,
    128 << 20,
    64 << 20,
    32 << 20,
    16 << 20,
];

/// The stack of a thread the tool does not start (the main thread's usual 8 MiB).
pub const CALLING_THREAD: usize = 8 << 20;

/// The smallest stack a worker obtained (0 before any started).
static OBTAINED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The stack of the thread this runs on, when the tool started it.
    static MINE: std::cell::Cell<usize> = const { std::cell::Cell::new(CALLING_THREAD) };
}

fn note(size: usize) {
    let _ = OBTAINED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
        Some(if old == 0 { size } else { old.min(size) })
    });
}

/// The sizes to try, up to `max`; `ADDIN_AUDIT_MAX_STACK` (in MiB) caps them too.
fn sizes(max: usize) -> impl Iterator<Item = usize> {
    let cap = std::env::var("ADDIN_AUDIT_MAX_STACK")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(usize::MAX, |mib| mib.saturating_mul(1 << 20));
    SIZES.into_iter().filter(move |s| *s <= cap && *s <= max)
}

/// The stack analysis runs with: the pool's workers' (the smallest, if several pools were
/// built), or, without a pool, this thread's.
#[must_use]
pub fn obtained() -> usize {
    match OBTAINED.load(Ordering::Relaxed) {
        0 => MINE.with(std::cell::Cell::get),
        n => n,
    }
}

/// Runs `f` on a thread with the largest stack up to `max` that can be had (on the calling
/// thread when no thread starts).
///
/// # Errors
/// When `f` panics, with the panic's payload.
pub fn run<T: Send>(
    name: &str,
    max: usize,
    f: impl FnOnce() -> T + Send,
) -> std::thread::Result<T> {
    // `spawn_scoped` drops the closure when the thread cannot start, so each attempt borrows
    // it from a slot instead, and it stays there for the next.
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().ok().and_then(|mut s| s.take());
    let outcome = std::thread::scope(|scope| {
        for size in sizes(max) {
            let started = std::thread::Builder::new()
                .name(name.to_owned())
                .stack_size(size)
                .spawn_scoped(scope, {
                    let take = &take;
                    move || {
                        MINE.with(|m| m.set(size));
                        take().map(|g| g())
                    }
                });
            if let Ok(handle) = started {
                return Some(handle.join());
            }
        }
        None
    });
    match outcome {
        Some(Ok(Some(value))) => Ok(value),
        Some(Err(panic)) => Err(panic),
        // No thread started (or, impossibly, one started without the closure).
        Some(Ok(None)) | None => match take() {
            Some(g) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(g)),
            None => Err(Box::new("the work was lost between threads")),
        },
    }
}

/// How many workers a pool has: `RAYON_NUM_THREADS`, or one per core.
fn workers() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
}

/// The address space left under `ulimit -v` (Linux's `/proc`); `None` when unlimited or
/// unknown.
fn address_space_left() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let limit: usize = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let used_kib: usize = status
        .lines()
        .find(|l| l.starts_with("VmSize:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(limit.saturating_sub(used_kib.saturating_mul(1024)))
}

/// The stack that hostile-input shapes real tools meet need (100,000 nested arrows take
/// 128 MiB): below it, keeping the stack is worth more than a second worker.
const ENOUGH: usize = 256 << 20;

/// How many workers, with what stacks: all `n` with the largest stack that fits beside them,
/// unless that is below [`ENOUGH`] where fewer workers could have it. What fits is what is left
/// of the address space (`ulimit -v`) once each worker's malloc arena (64 MiB reserved) and
/// 384 MiB of heap (a large bundle's syntax tree) are set aside. (Trying a size by starting
/// threads is no test: glibc keeps an exited thread's stack mapped for a while.)
fn plan(n: usize, max: usize) -> Vec<(usize, usize)> {
    const ARENA: usize = 64 << 20;
    const HEAP: usize = 384 << 20;
    let room = address_space_left().map(|left| left.saturating_sub(HEAP));
    let fitting = |size: usize| room.map_or(n, |r| (r / size.saturating_add(ARENA)).min(n));
    let mut out = Vec::new();
    for size in sizes(max) {
        let k = fitting(size);
        if k == n || (size <= ENOUGH && k >= 1) {
            out.push((k, size));
        }
    }
    // What the system said may be wrong (another limit, no `/proc`): every size is tried.
    out.extend(sizes(max).map(|s| (1, s)));
    out
}

/// A rayon pool whose workers have the largest stack that can be had, or, when no thread
/// can start, a pool of one that runs on the calling thread.
///
/// # Errors
/// When not even that can be built.
pub fn pool() -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    let mut last = None;
    for (n, size) in plan(workers(), usize::MAX) {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .stack_size(size)
            .thread_name(|i| format!("audit-worker-{i}"))
            .build()
        {
            Ok(p) => {
                note(size);
                return Ok(p);
            }
            Err(e) => last = Some(e),
        }
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
    {
        Ok(p) => {
            note(MINE.with(std::cell::Cell::get));
            Ok(p)
        }
        Err(e) => Err(last.unwrap_or(e)),
    }
}
