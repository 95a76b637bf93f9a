//! MAN007: the manifest declares more than one permission tier.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags a second `<Permissions>` element in an XML manifest, or a second tier name in a
    /// unified manifest's `authorization.permissions.resourceSpecific`.
    ///
    /// ## Why is this bad?
    /// A manifest declares exactly one tier (Microsoft, manifest reference "Permissions
    /// element"; the unified-manifest permission table in "Understanding Outlook add-in
    /// permissions", ms.date 12/02/2025). Two `<Permissions>` elements make the manifest
    /// invalid: Outlook refuses to sideload it (office-js#5402, 2025-02-05, where the fix was
    /// to keep one). The audit reads the first XML element and the highest unified name.
    ///
    /// ## How to fix
    /// Keep one declaration: the tier the audit says the add-in needs.
    pub DuplicatePermissions {
        code: "MAN007",
        name: "duplicate-permissions",
        severity: Error,
        summary: "the manifest declares more than one permission tier",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(DuplicatePermissions::META.code, out);
}
