//! Entry points for the cargo-fuzz targets in `fuzz/`: the same code paths as the tool, on a
//! worker thread with the tool's stack ([`crate::stack`]).

use std::path::Path;

use crate::settings::Limits;
use crate::source::SourceKind;

fn on_worker(f: impl FnOnce() + Send + 'static) {
    // A panic on the worker is re-raised so that the fuzzer sees it.
    if let Err(p) = crate::stack::run("fuzz-worker", usize::MAX, f) {
        std::panic::resume_unwind(p);
    }
}

/// Parses bytes as a manifest named `name` (the extension does not matter: format is sniffed).
pub fn manifest(name: &'static str, bytes: &[u8]) {
    let bytes = bytes.to_vec();
    on_worker(move || {
        let _ = crate::manifest::parse(Path::new(name), &bytes);
    });
}

/// Analyses bytes as a source file (decoded as the tool decodes files).
pub fn source(name: &'static str, kind: SourceKind, bytes: &[u8]) {
    let (text, lossy) = crate::source::decode(bytes);
    on_worker(move || {
        let f = crate::modules::file::text(Path::new(name), text, lossy, kind, &Limits::default());
        for u in &f.facts.uses {
            let _ = f.location(u.span);
        }
    });
}

/// Runs the large-file region analysis on any text, whatever its size (the tool does so only
/// above [`crate::scan::regions::LARGE_FILE`]).
///
/// # Panics
/// When a region or a use falls outside the text: the invariant the fuzzer checks.
pub fn regions(bytes: &[u8]) {
    let (text, _) = crate::source::decode(bytes);
    on_worker(move || {
        let s = crate::scan::regions::structure(&text);
        for o in &s.occurrences {
            for r in crate::scan::regions::candidates(&s, o) {
                assert!(
                    r.start <= r.end && r.end <= text.len(),
                    "{r:?} outside {}",
                    text.len()
                );
            }
        }
        let facts = crate::scan::scan_regions(&text, oxc_span::SourceType::mjs(), 0, 10_000);
        for u in &facts.uses {
            assert!(u.span.end as usize <= text.len());
        }
    });
}
