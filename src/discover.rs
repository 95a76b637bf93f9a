//! Finding manifests in a folder: `*.xml` with `<OfficeApp>` and unified `*.json` manifests,
//! decided by content. Walks honour ignore files and skip vendored folders (see
//! [`crate::project`]).

use std::path::{Path, PathBuf};

use crate::project::walk_builder;

fn ext_of(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Finds add-in manifest candidates under a folder: `*.xml` that mention `<OfficeApp` and
/// `*.json` that mention `manifestVersion` (the parsers decide).
#[must_use]
pub fn manifest_candidates(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    walk_builder(dir).build_parallel().run(|| {
        Box::new(|entry| {
            let verdict = match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    is_manifest_candidate(e.path()).then(|| Ok(e.into_path()))
                }
                Ok(_) => None,
                Err(e) => Some(Err(e.to_string())),
            };
            if let (Some(v), Ok(mut found)) = (verdict, found.lock()) {
                match v {
                    Ok(p) => found.0.push(p),
                    Err(e) => found.1.push(e),
                }
            }
            ignore::WalkState::Continue
        })
    });
    let (mut out, mut errors) = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.sort();
    errors.sort();
    (out, errors)
}

/// Whether a file looks like a manifest: `.xml` naming `OfficeApp`, or `.json` naming
/// `manifestVersion`, in its first [`SNIFF_BYTES`].
fn is_manifest_candidate(path: &Path) -> bool {
    let needle: &[u8] = match ext_of(path).as_deref() {
        Some("xml") => b"OfficeApp",
        Some("json") => b"manifestVersion",
        _ => return false,
    };
    // The root element or `manifestVersion` comes first: read only the start of each file
    // (package-lock.json and data files can be large).
    let Ok(bytes) = read_prefix(path, SNIFF_BYTES) else {
        return false;
    };
    let (text, _) = crate::source::decode(&bytes);
    memchr::memmem::find(text.as_bytes(), needle).is_some()
}

/// How much of a `.xml`/`.json` file is read to decide whether it is a manifest.
const SNIFF_BYTES: u64 = 256 << 10;

fn read_prefix(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut buf)?;
    Ok(buf)
}
