//! `--fix` and `--diff`: the tier each manifest's code needs, written into the manifest.
//!
//! Only the declaring value changes (the text between `<Permissions>` tags, or the unified
//! manifest's permission name); every other byte stays as it was. The file is read again,
//! decoded as the audit decoded it (a UTF-8 BOM kept, UTF-16 with its BOM and byte order),
//! checked to still hold the value the audit saw at that place, changed, and encoded back
//! the same way, so line endings, indentation, comments and attribute order are untouched.
//! Lowering a tier needs a complete analysis (TIER003); raising one widens what the add-in
//! may do and is applied only with `--unsafe-fixes` (ruff's word).

use std::fmt::Write as _;
use std::path::Path;

use crate::report::{Report, TierFix};
use crate::source::{Encoding, display_path};

/// What applying the fixes did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    /// Under-privilege fixes left out without `--unsafe-fixes`.
    pub unsafe_skipped: usize,
    /// The unified diff (with `--diff`).
    pub diff: String,
    /// Files that could not be fixed, with why.
    pub errors: Vec<String>,
}

/// The fixes the report holds, each once per file (an XML manifest audited twice is fixed
/// once), that still have the finding that justifies them.
fn fixes(report: &Report) -> Vec<&TierFix> {
    let mut out: Vec<&TierFix> = Vec::new();
    for m in &report.manifests {
        for f in &m.fix {
            let justified = m.findings.iter().any(|x| {
                if f.raises {
                    x.code == "TIER001" || x.code == "TIER002"
                } else {
                    x.code == "TIER003"
                }
            });
            if justified && !out.iter().any(|o| o.path == f.path && o.span == f.span) {
                out.push(f);
            }
        }
    }
    out
}

/// Applies (or, when `write` is false, shows as a diff) the report's fixes.
#[must_use]
pub fn apply(report: &Report, unsafe_fixes: bool, write: bool) -> Outcome {
    let mut outcome = Outcome::default();
    for f in fixes(report) {
        if f.raises && !unsafe_fixes {
            outcome.unsafe_skipped += 1;
            continue;
        }
        match fix_file(&f.path, f, write) {
            Ok(diff) => {
                outcome.applied += 1;
                outcome.diff.push_str(&diff);
            }
            Err(e) => outcome
                .errors
                .push(format!("{}: not fixed: {e}", display_path(&f.path))),
        }
    }
    outcome
}

/// Changes one file; returns its unified diff.
fn fix_file(path: &Path, f: &TierFix, write: bool) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let encoding = Encoding::of(&bytes);
    let (text, lossy) = crate::source::decode(&bytes);
    if lossy {
        return Err("it is not valid text in its encoding, so it is left as it is".to_owned());
    }
    let (start, end) = (f.span.start as usize, f.span.end as usize);
    if text.get(start..end) != Some(f.from.as_str()) {
        return Err(format!(
            "it changed since it was audited (expected `{}` there)",
            f.from
        ));
    }
    let mut new = String::with_capacity(text.len() + f.to.len());
    new.push_str(text.get(..start).unwrap_or_default());
    new.push_str(&f.to);
    new.push_str(text.get(end..).unwrap_or_default());
    let encoded = encoding.encode(&new);
    // Everything but the value must be byte for byte what it was.
    if encoding.encode(&text) != bytes {
        return Err(
            "its bytes do not round-trip through their encoding, so it is left as it is".to_owned(),
        );
    }
    if write {
        std::fs::write(path, &encoded).map_err(|e| format!("cannot write it: {e}"))?;
    }
    Ok(diff(path, &text, &new, start))
}

/// A unified diff of the one line the change is on.
fn diff(path: &Path, old: &str, new: &str, at: usize) -> String {
    let line_start = old
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_no = old.get(..line_start).map_or(0, |s| s.matches('\n').count()) + 1;
    let line = |t: &str| -> String {
        let rest = t.get(line_start..).unwrap_or_default();
        rest.split_inclusive('\n')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let (a, b) = (line(old), line(new));
    let shown = display_path(path);
    let mut out = String::new();
    // `a/` and `b/` as git writes them, for paths relative to the current folder.
    let (a_side, b_side) = if Path::new(&shown).is_absolute() {
        (shown.clone(), shown.clone())
    } else {
        (format!("a/{shown}"), format!("b/{shown}"))
    };
    let _ = writeln!(out, "--- {a_side}");
    let _ = writeln!(out, "+++ {b_side}");
    let _ = writeln!(out, "@@ -{line_no} +{line_no} @@");
    for (sign, l) in [('-', a), ('+', b)] {
        let body = l.trim_end_matches(['\n', '\r']);
        let _ = writeln!(out, "{sign}{body}");
    }
    out
}
