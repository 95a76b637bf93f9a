//! SUP002: the manifest declares a supplementary permission nothing uses.

use super::Context;
use crate::finding::Finding;
use crate::kb::overrides;

declare_rule!(
    /// ## What it does
    /// Warns when the manifest declares a supplementary permission (`AppendOnSend`, shared
    /// folders) that no scanned code uses.
    ///
    /// ## Why is this bad?
    /// Least privilege: users and admins are asked for a capability the add-in does not use.
    ///
    /// ## How to fix
    /// Remove the declaration.
    pub UnusedSupplementary {
        code: "SUP002",
        name: "unused-supplementary-permission",
        severity: Warning,
        summary: "the manifest declares a supplementary permission nothing uses",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    // "Nothing uses it" needs all of the code: with anything missing, say nothing.
    if a.files.is_empty() || !a.judgement().saw_everything() {
        return;
    }
    let ov = overrides::get();
    for s in &a.manifest.supplementary {
        let Some(sup) = ov.supplementary.iter().find(|x| x.name == s.value) else {
            continue;
        };
        let used = a.uses.iter().any(|u| {
            sup.apis
                .iter()
                .any(|api| api.split_once('.') == Some((u.member.interface, u.member.name)))
        });
        if !used {
            out.push(
                Finding::new(
                    UnusedSupplementary::META.code,
                    UnusedSupplementary::META.severity,
                    format!(
                        "the {} supplementary permission is declared but nothing uses it ({})",
                        sup.name,
                        sup.apis.join(", ")
                    ),
                )
                .at(a.manifest_location(s.span))
                .with_help("remove the declaration"),
            );
        }
    }
}
