//! MAN001: a unified manifest names a permission Outlook does not know.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags names in `authorization.permissions.resourceSpecific` that are neither one of
    /// the four mailbox tiers nor a known supplementary permission.
    ///
    /// ## Why is this bad?
    /// A misspelt permission is ignored: the add-in gets a lower tier than intended.
    ///
    /// ## How to fix
    /// Use one of the names listed in the help.
    pub UnknownPermissionName {
        code: "MAN001",
        name: "unknown-permission-name",
        severity: Warning,
        summary: "the unified manifest names an unknown permission",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(UnknownPermissionName::META.code, out);
}
