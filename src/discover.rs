//! Finding manifests in a folder: `*.xml` with `<OfficeApp>` and unified `*.json` manifests,
//! decided by content, among the files of the folder's index (the same walk the audit uses to
//! find the add-in's files: ignore files honoured, vendored folders skipped; see
//! [`crate::project`]).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::project::Repo;

fn ext_of(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The add-in manifest candidates of an indexed folder: `*.xml` that mention `OfficeApp` and
/// `*.json` that mention `manifestVersion` (the parsers decide).
#[must_use]
pub fn manifest_candidates(repo: &Repo) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = repo
        .data_files
        .par_iter()
        .filter(|p| is_manifest_candidate(p))
        .cloned()
        .collect();
    out.sort();
    out
}

/// Whether a file looks like a manifest: `.xml` naming `OfficeApp`, or `.json` naming
/// `manifestVersion`, in its first [`SNIFF_BYTES`].
#[must_use]
pub fn is_manifest_candidate(path: &Path) -> bool {
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
