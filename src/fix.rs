//! `--fix` and `--diff`: the tier each manifest's code needs, written into the manifest.
//!
//! Only the declaring value changes (the text between `<Permissions>` tags, or the unified
//! manifest's permission name); every other byte stays as it was. The file is read again,
//! decoded as the audit decoded it (a UTF-8 BOM kept, UTF-16 with its BOM and byte order),
//! checked to still hold the value the audit saw at that place, changed, and encoded back
//! the same way, so line endings, indentation, comments and attribute order are untouched.
//! Lowering a tier needs a complete analysis (TIER003); raising one widens what the add-in
//! may do and is applied only with `--unsafe-fixes` (ruff's word).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::report::{Fix, FixKind, Report};
use crate::source::{Encoding, display_path, line_bounds};

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

/// The fixes the report holds, each once per place (an XML manifest audited twice is fixed
/// once), that still have the finding that justifies them (a suppressed or baselined one
/// does not).
fn fixes(report: &Report) -> Vec<&Fix> {
    let mut out: Vec<&Fix> = Vec::new();
    for m in &report.manifests {
        for f in &m.fix {
            let justified = m.findings.iter().any(|x| match &f.kind {
                FixKind::Tier if f.raises => x.code == "TIER001" || x.code == "TIER002",
                FixKind::Tier => x.code == "TIER003",
                FixKind::Remove { because, .. } => {
                    x.code == "SUP002" && x.location.as_ref() == Some(because)
                }
            });
            if justified && !out.iter().any(|o| o.path == f.path && o.span == f.span) {
                out.push(f);
            }
        }
    }
    out
}

/// Applies (or, when `write` is false, shows as a diff) the report's fixes: each file read,
/// changed and written once, whatever number of changes it gets.
#[must_use]
pub fn apply(report: &Report, unsafe_fixes: bool, write: bool) -> Outcome {
    let mut outcome = Outcome::default();
    let mut by_file: BTreeMap<&Path, Vec<&Fix>> = BTreeMap::new();
    for f in fixes(report) {
        if f.raises && !unsafe_fixes {
            outcome.unsafe_skipped += 1;
            continue;
        }
        by_file.entry(&f.path).or_default().push(f);
    }
    for (path, mut edits) in by_file {
        edits.sort_by_key(|f| f.span.start);
        match fix_file(path, &edits, write) {
            Ok(diff) => {
                outcome.applied += 1;
                outcome.diff.push_str(&diff);
            }
            Err(e) => outcome
                .errors
                .push(format!("{}: not fixed: {e}", display_path(path))),
        }
    }
    outcome
}

/// Changes one file (`edits` in order, not overlapping); returns its unified diff.
fn fix_file(path: &Path, edits: &[&Fix], write: bool) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let encoding = Encoding::of(&bytes);
    let (text, lossy) = crate::source::decode(&bytes);
    if lossy {
        return Err("it is not valid text in its encoding, so it is left as it is".to_owned());
    }
    // Everything but the values must be byte for byte what it was.
    if encoding.encode(&text) != bytes {
        return Err(
            "its bytes do not round-trip through their encoding, so it is left as it is".to_owned(),
        );
    }
    let mut new = String::with_capacity(text.len());
    let mut done = 0;
    for f in edits {
        let (start, end) = (f.span.start as usize, f.span.end as usize);
        if start < done {
            return Err("two of its changes overlap, so it is left as it is".to_owned());
        }
        if text.get(start..end) != Some(f.from.as_str()) {
            return Err(format!(
                "it changed since it was audited (expected `{}` there)",
                f.from.trim()
            ));
        }
        new.push_str(text.get(done..start).unwrap_or_default());
        new.push_str(&f.to);
        done = end;
    }
    new.push_str(text.get(done..).unwrap_or_default());
    if write {
        std::fs::write(path, encoding.encode(&new)).map_err(|e| format!("cannot write it: {e}"))?;
    }
    Ok(diff(path, &text, edits))
}

/// A unified diff with one hunk per edit, no context lines (`git apply --unidiff-zero`).
fn diff(path: &Path, old: &str, edits: &[&Fix]) -> String {
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
    // A CRLF file's lines keep their `\r`, so that `git apply` matches them.
    let lines = |t: &str| -> Vec<String> {
        t.split_inclusive('\n')
            .map(|l| l.strip_suffix('\n').unwrap_or(l).to_owned())
            .collect()
    };
    // Edits whose lines overlap share a hunk.
    let mut hunks: Vec<(usize, usize, Vec<&Fix>)> = Vec::new();
    for f in edits {
        let (ls, le) = line_bounds(old, f.span.start as usize, f.span.end as usize);
        match hunks.last_mut() {
            Some((_, end, group)) if ls < *end => {
                *end = (*end).max(le);
                group.push(f);
            }
            _ => hunks.push((ls, le, vec![f])),
        }
    }
    // How many lines the hunks before this one added (or, negative, removed).
    let mut shift: i64 = 0;
    for (ls, le, group) in hunks {
        let before = lines(old.get(ls..le).unwrap_or_default());
        let mut changed = String::new();
        let mut at = ls;
        for f in group {
            changed.push_str(old.get(at..f.span.start as usize).unwrap_or_default());
            changed.push_str(&f.to);
            at = f.span.end as usize;
        }
        changed.push_str(old.get(at..le).unwrap_or_default());
        let after = lines(&changed);
        let first = old.get(..ls).map_or(0, |s| s.matches('\n').count()) + 1;
        let range = |line: i64, count: usize| -> String {
            match count {
                1 => line.to_string(),
                // An empty side names the line before it.
                0 => format!("{},0", line - 1),
                n => format!("{line},{n}"),
            }
        };
        let old_line = i64::try_from(first).unwrap_or(i64::MAX);
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(old_line, before.len()),
            range(old_line + shift, after.len())
        );
        for l in &before {
            let _ = writeln!(out, "-{l}");
        }
        for l in &after {
            let _ = writeln!(out, "+{l}");
        }
        shift += i64::try_from(after.len()).unwrap_or(0) - i64::try_from(before.len()).unwrap_or(0);
    }
    out
}
