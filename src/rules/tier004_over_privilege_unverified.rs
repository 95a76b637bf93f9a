//! TIER004: the declared tier may be more than needed, but the analysis is incomplete.

use super::{Context, Gap};
use crate::finding::Finding;
use crate::tiers::Verdict;

declare_rule!(
    /// ## What it does
    /// When the code the audit found needs less than the declared tier, but some of the
    /// add-in's code was not found or not fully analysed (a URL that maps to no local file, an
    /// import that cannot be resolved, a file that does not parse, a computed member that
    /// could need more), the verdict is `unverified`: this finding says what was found, what
    /// is missing, and how to complete the analysis. It never advises a lower tier.
    ///
    /// ## Why is this bad?
    /// Lowering the tier to what part of the code needs breaks the add-in at run time if the
    /// missing part needs more ("elevated permission is required"). The declared tier may
    /// still be more than the add-in needs; the audit cannot tell yet.
    ///
    /// ## How to fix
    /// Complete the analysis: map the URLs (`--src`, `[[map]]`), fix or provide the missing
    /// files. The audit then says `ok` or names the least tier (TIER003).
    pub OverPrivilegeUnverified {
        code: "TIER004",
        name: "over-privilege-unverified",
        severity: Warning,
        summary: "the code found needs less than declared, but the analysis is incomplete, so no lower tier is advised",
    }
);

/// How many gaps the message lists before counting the rest.
const SHOWN: usize = 3;

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let j = a.judgement();
    if j.verdict != Verdict::Unverified {
        return;
    }
    let (declared, required) = (j.declared, j.required);
    let gaps: Vec<&Gap> = j.gaps().collect();
    let listed: Vec<String> = gaps.iter().take(SHOWN).map(ToString::to_string).collect();
    let more = if gaps.len() > SHOWN {
        format!(" and {} more", gaps.len() - SHOWN)
    } else {
        String::new()
    };
    // What is unseen is bounded (an Office object that escapes reaches only so much): the
    // add-in cannot need more than the ceiling, whatever the unseen code does.
    let ceiling = j.ceiling();
    let keep = if ceiling < declared {
        format!(
            "whatever the unseen code does, it cannot need more than {ceiling}: {ceiling} is enough, and a lower tier waits until the rest is audited"
        )
    } else {
        format!("keep {declared} until the rest is audited")
    };
    out.push(
        Finding::new(
            OverPrivilegeUnverified::META.code,
            OverPrivilegeUnverified::META.severity,
            format!(
                "unverified: the code found needs only {required} but the manifest declares {declared}, and the analysis is incomplete: {}{more}; {keep}",
                listed.join("; ")
            ),
        )
        .at(a.manifest_location(a.manifest.declared_span))
        .with_help("complete the analysis: map each URL to its files (--src DIR, or [[map]] in addin-audit.toml) and make every import resolvable; `audit --verbose` lists what was found"),
    );
}
