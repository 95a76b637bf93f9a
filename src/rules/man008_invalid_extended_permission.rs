//! MAN008: `PrependOnSend` declared as an extended permission.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags `<ExtendedPermission>PrependOnSend</ExtendedPermission>`.
    ///
    /// ## Why is this bad?
    /// `PrependOnSend` is not a valid value: it was removed and `AppendOnSend` now covers
    /// `prependOnSendAsync` as well (Microsoft, manifest reference `ExtendedPermission`;
    /// office-js-docs-reference commit 2ac9378f87, 2023-01-23; "Implement append-on-send",
    /// ms.date 11/18/2025). The manifest does not validate, and the add-in lacks the
    /// permission it meant to ask for.
    ///
    /// ## How to fix
    /// Declare `AppendOnSend` (unified manifest: `Mailbox.AppendOnSend.User`).
    pub InvalidExtendedPermission {
        code: "MAN008",
        name: "invalid-extended-permission",
        severity: Error,
        summary: "the manifest declares PrependOnSend, which is not an extended permission",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(InvalidExtendedPermission::META.code, out);
}
