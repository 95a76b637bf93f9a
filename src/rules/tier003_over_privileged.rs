//! TIER003: the manifest declares more than anything the add-in needs.

use super::Context;
use crate::finding::Finding;
use crate::manifest::Format;
use crate::tiers::{Tier, Verdict};

declare_rule!(
    /// ## What it does
    /// Compares the declared tier with the highest tier that any code use or activation rule
    /// needs, and warns when the declared tier is higher. The finding names the minimal tier,
    /// the manifest line to change, and the evidence that forces the minimal tier.
    ///
    /// ## Why is this bad?
    /// Users and admins are asked to grant more than the add-in uses. `ReadWriteMailbox` even
    /// forces an admin-only install and, with `getCallbackTokenAsync`, hands out a token that
    /// reads and writes the whole mailbox.
    ///
    /// ## How to fix
    /// Lower the declared tier to the one named. If a server uses the callback token to reach
    /// other items (which only `ReadWriteMailbox` allows), keep the tier and suppress this
    /// finding with that reason.
    pub OverPrivileged {
        code: "TIER003",
        name: "over-privileged",
        severity: Warning,
        summary: "the manifest declares a higher permission tier than the add-in needs",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let j = a.judgement();
    // A lower tier is advised only when nothing unseen could need more; otherwise TIER004
    // says what is missing.
    if j.verdict != Verdict::Over {
        return;
    }
    let (declared, required, evidence) = (j.declared, j.required, &j.evidence);
    let forcing: Vec<String> = evidence
        .iter()
        .filter(|e| e.tier == required && required > Tier::Restricted)
        .take(3)
        .map(|e| format!("`{}` at {}", e.what, e.location))
        .collect();
    let why = if forcing.is_empty() {
        "nothing the audit found needs more than Restricted".to_owned()
    } else {
        let more = evidence
            .iter()
            .filter(|e| e.tier == required)
            .count()
            .saturating_sub(forcing.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{required} is forced by {}{tail}", forcing.join(", "))
    };
    let token_note = a
        .uses
        .iter()
        .any(|u| !u.probe && u.member.name == "getCallbackTokenAsync")
        && declared == Tier::ReadWriteMailbox;
    let mut help = match a.manifest.format {
        Format::Xml => format!(
            "change <Permissions>{declared}</Permissions> to <Permissions>{required}</Permissions>"
        ),
        Format::Json => format!(
            "change \"{}\" to \"{}\"",
            declared.json_name(),
            required.json_name()
        ),
    };
    if token_note {
        help.push_str("; if your server uses the getCallbackTokenAsync token to reach other items or folders, ReadWriteMailbox is needed: suppress this finding with that reason");
    }
    out.push(
        Finding::new(
            OverPrivileged::META.code,
            OverPrivileged::META.severity,
            format!("the manifest declares {declared} but the add-in needs only {required}: {why}"),
        )
        .at(a.manifest_location(a.manifest.declared_span))
        .with_help(help),
    );
}
