//! SUP001: code uses an API that needs a supplementary permission the manifest lacks.

use super::Context;
use crate::finding::Finding;
use crate::kb::overrides;

declare_rule!(
    /// ## What it does
    /// Flags `appendOnSendAsync`/`prependOnSendAsync` without the `AppendOnSend` extended
    /// permission, and `getSharedPropertiesAsync` without shared-folder support.
    ///
    /// ## Why is this bad?
    /// Supplementary permissions are granted apart from the four tiers; without one the call
    /// fails whatever tier the add-in declares.
    ///
    /// ## How to fix
    /// Declare the supplementary permission named in the help.
    pub MissingSupplementary {
        code: "SUP001",
        name: "missing-supplementary-permission",
        severity: Error,
        summary: "code uses an API that needs a supplementary permission the manifest does not declare",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let ov = overrides::get();
    for u in a.uses.iter().filter(|u| !u.probe) {
        let Some(sup) = ov.supplementary_for(u.member.interface, u.member.name) else {
            continue;
        };
        if a.manifest.supplementary.iter().any(|s| s.value == sup.name) {
            continue;
        }
        let how = match a.manifest.format {
            crate::manifest::Format::Xml => sup.xml.clone(),
            crate::manifest::Format::Json => format!(
                "\"{}\" in authorization.permissions.resourceSpecific",
                sup.json.first().map_or("", String::as_str)
            ),
        };
        out.push(
            Finding::new(
                MissingSupplementary::META.code,
                MissingSupplementary::META.severity,
                format!("`{}` needs the {} supplementary permission, which the manifest does not declare", u.member.api(), sup.name),
            )
            .at(u.location())
            .with_help(format!("declare it: {how}")),
        );
    }
}
