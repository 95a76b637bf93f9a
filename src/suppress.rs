//! Applying suppressions: `// audit-ignore CODE: reason` (the next line, or its own line when
//! it trails code), `// audit-ignore-file CODE: reason`, and the configuration's
//! `[[suppress]]` entries for manifest findings. A suppression without a reason suppresses
//! nothing (AUD002); one that matches nothing is reported (AUD001).

use crate::config::Suppress;
use crate::finding::Finding;
use crate::rules::aud001_unused_suppression::UnusedSuppression;
use crate::rules::aud002_suppression_without_reason::SuppressionWithoutReason;
use crate::rules::{self, ScannedFile};
use crate::source::Location;

/// Findings after suppression.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What is still reported (with AUD findings added).
    pub findings: Vec<Finding>,
    /// How many findings were suppressed.
    pub suppressed: usize,
}

struct Comment<'f> {
    file: &'f ScannedFile,
    location: Location,
    codes: Vec<String>,
    file_wide: bool,
    /// The line whose findings it covers (next-line comments).
    covers: u32,
    used: bool,
}

/// Applies the comments in `files` and the config entries in `entries` to `findings`.
#[must_use]
pub fn apply(findings: Vec<Finding>, files: &[&ScannedFile], entries: &[&Suppress]) -> Outcome {
    let mut out = Outcome::default();
    let mut comments: Vec<Comment<'_>> = Vec::new();
    for f in files.iter().copied() {
        for s in &f.facts.suppressions {
            let location = f.location(s.span);
            let unknown: Vec<&str> = s
                .codes
                .iter()
                .filter(|c| rules::by_code(c).is_none())
                .map(String::as_str)
                .collect();
            let problem = if s.codes.is_empty() {
                Some("names no finding code".to_owned())
            } else if !unknown.is_empty() {
                Some(format!("names unknown code(s) {}", unknown.join(", ")))
            } else if s.reason.is_empty() {
                Some("gives no reason (write `audit-ignore CODE: why`)".to_owned())
            } else {
                None
            };
            if let Some(p) = problem {
                out.findings.push(
                    Finding::new(
                        SuppressionWithoutReason::META.code,
                        SuppressionWithoutReason::META.severity,
                        format!("this suppression {p}, so it suppresses nothing"),
                    )
                    .at(location),
                );
                continue;
            }
            let start = location.position.line;
            let before = f
                .source
                .line_text(start)
                .chars()
                .take(location.position.column.saturating_sub(1) as usize)
                .collect::<String>();
            let trailing = !before.trim().is_empty();
            let covers = if trailing {
                start
            } else {
                location.position.end_line + 1
            };
            comments.push(Comment {
                file: f,
                location,
                codes: s.codes.clone(),
                file_wide: s.file_wide,
                covers,
                used: false,
            });
        }
    }
    let mut entry_used = vec![false; entries.len()];
    for finding in findings {
        let mut hit = false;
        if let Some(loc) = &finding.location {
            for c in &mut comments {
                let same_file = crate::source::display_path(&c.file.path) == loc.file;
                if same_file
                    && c.codes.iter().any(|x| x == finding.code)
                    && (c.file_wide || c.covers == loc.position.line)
                {
                    c.used = true;
                    hit = true;
                }
            }
        }
        for (i, e) in entries.iter().enumerate() {
            if e.code == finding.code {
                if let Some(u) = entry_used.get_mut(i) {
                    *u = true;
                }
                hit = true;
            }
        }
        if hit {
            out.suppressed += 1;
        } else {
            out.findings.push(finding);
        }
    }
    for c in comments.into_iter().filter(|c| !c.used) {
        out.findings.push(
            Finding::new(
                UnusedSuppression::META.code,
                UnusedSuppression::META.severity,
                format!(
                    "this suppression of {} matches no finding",
                    c.codes.join(", ")
                ),
            )
            .at(c.location)
            .with_help("delete it"),
        );
    }
    for (e, used) in entries.iter().zip(entry_used) {
        if !used {
            out.findings.push(
                Finding::new(
                    UnusedSuppression::META.code,
                    UnusedSuppression::META.severity,
                    format!(
                        "this [[suppress]] entry for {} matches no finding of that manifest",
                        e.code
                    ),
                )
                .at(e.at.clone())
                .with_help("delete the entry"),
            );
        }
    }
    out
}
