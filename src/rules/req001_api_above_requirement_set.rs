//! REQ001: code uses an API from a newer Mailbox requirement set than the manifest declares.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags uses of APIs introduced in a `Mailbox` requirement set above the one the
    /// manifest declares (`<Requirements><Sets>`, `VersionOverrides` requirements, or the
    /// unified manifest's `extensions[].requirements.capabilities`), unless the use sits in an
    /// `if` guarded by `Office.context.requirements.isSetSupported("Mailbox", "1.x")` with a
    /// version at or above the API's.
    ///
    /// ## Why is this bad?
    /// On clients that support only the declared set, the API is missing and the call throws.
    ///
    /// ## How to fix
    /// Raise the declared minimum requirement set, or guard the call with `isSetSupported`.
    pub ApiAboveRequirementSet {
        code: "REQ001",
        name: "api-above-requirement-set",
        severity: Warning,
        summary: "code uses an API from a newer Mailbox requirement set than the manifest declares",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let declared = a
        .manifest
        .mailbox_sets
        .iter()
        .map(|(v, _)| *v)
        .max()
        .unwrap_or(1);
    let wording = if a.manifest.mailbox_sets.is_empty() {
        "declares no Mailbox requirement set, which means Mailbox 1.1".to_owned()
    } else {
        format!("declares Mailbox 1.{declared}")
    };
    // One finding per line and set: `item.categories.addAsync` is one problem, not two.
    let mut flagged: Vec<_> = a
        .uses
        .iter()
        .filter(|u| !u.probe)
        .filter(|u| u.oldest.set > declared && u.guarded_set.is_none_or(|g| g < u.oldest.set))
        .map(|u| (u.location(), u))
        .collect();
    flagged.sort_by(|x, y| x.0.cmp(&y.0));
    flagged.dedup_by(|later, first| {
        later.0.file == first.0.file
            && later.0.position.line == first.0.position.line
            && later.1.oldest.set == first.1.oldest.set
    });
    for (location, u) in flagged {
        let need = u.oldest.set;
        {
            out.push(
                Finding::new(
                    ApiAboveRequirementSet::META.code,
                    ApiAboveRequirementSet::META.severity,
                    format!(
                        "`{}` needs requirement set Mailbox 1.{need} but the manifest {wording}",
                        u.oldest.api()
                    ),
                )
                .at(location)
                .with_help(format!(
                    "declare Mailbox 1.{need}, or guard the call with Office.context.requirements.isSetSupported(\"Mailbox\", \"1.{need}\")"
                )),
            );
        }
    }
}
