//! MAN006: an add-in's XML manifest and its unified manifest ask for different permissions.

use super::Context;
use crate::finding::Finding;
use crate::manifest::{Format, Manifest};
use crate::source::display_path;

declare_rule!(
    /// ## What it does
    /// When an add-in ships both an XML (add-in only) manifest and a unified JSON manifest —
    /// the same add-in id, found among the manifests audited or in the manifest's own project
    /// — compares what they ask for: the permission tier and the supplementary permissions
    /// (`AppendOnSend` / `Mailbox.AppendOnSend.User`, shared folders /
    /// `Mailbox.SharedFolder`). A difference is reported on each manifest, at its own line.
    ///
    /// ## Why is this bad?
    /// The two are the same add-in deployed two ways (Microsoft, "Convert an add-in to use the
    /// unified manifest": the conversion maps `<Permissions>` to
    /// `authorization.permissions.resourceSpecific`, ms.date 2025). When they disagree, users
    /// get a different add-in depending on how it was installed: one copy fails with
    /// "elevated permission is required", or one asks for more than the code needs.
    ///
    /// ## How to fix
    /// Give both the tier (and supplementary permissions) the audit says the add-in needs.
    pub ManifestsDisagree {
        code: "MAN006",
        name: "manifests-disagree",
        severity: Warning,
        summary: "the add-in's XML and unified manifests declare different permissions",
    }
);

fn describe(m: &Manifest) -> String {
    let kind = match m.format {
        Format::Xml => "XML manifest",
        Format::Json => "unified manifest",
    };
    let at = m.source.position(m.declared_span);
    format!(
        "its {kind} {}:{}:{}",
        display_path(m.source.path()),
        at.line,
        at.column
    )
}

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let me = a.manifest;
    for twin in a.twins {
        if twin.declared != me.declared {
            out.push(
                Finding::new(
                    ManifestsDisagree::META.code,
                    ManifestsDisagree::META.severity,
                    format!(
                        "this manifest declares {} but {} (the same add-in) declares {}",
                        me.declared,
                        describe(twin),
                        twin.declared
                    ),
                )
                .at(a.manifest_location(me.declared_span))
                .with_help(
                    "declare the same tier in both: the one the audit says the add-in needs",
                ),
            );
        }
        let names = |m: &Manifest| -> Vec<String> {
            let mut v: Vec<String> = m.supplementary.iter().map(|s| s.value.clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        let (mine, theirs) = (names(me), names(twin));
        for s in me
            .supplementary
            .iter()
            .filter(|s| !theirs.contains(&s.value))
        {
            out.push(
                Finding::new(
                    ManifestsDisagree::META.code,
                    ManifestsDisagree::META.severity,
                    format!(
                        "this manifest declares the {} supplementary permission but {} does not",
                        s.value,
                        describe(twin)
                    ),
                )
                .at(a.manifest_location(s.span))
                .with_help("declare it in both, or in neither"),
            );
        }
        for s in theirs.iter().filter(|s| !mine.contains(s)) {
            out.push(
                Finding::new(
                    ManifestsDisagree::META.code,
                    ManifestsDisagree::META.severity,
                    format!(
                        "{} declares the {s} supplementary permission but this manifest does not",
                        describe(twin)
                    ),
                )
                .at(a.manifest_location(me.declared_span))
                .with_help("declare it in both, or in neither"),
            );
        }
    }
}
