//! MAN009: the manifest declares `NestedAppAuth` as a requirement.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags `NestedAppAuth` in the manifest's requirements: `<Set Name="NestedAppAuth">` in
    /// the XML manifest, or a `requirements.capabilities` entry in the unified manifest.
    ///
    /// ## Why is this bad?
    /// Microsoft, "Nested app authentication requirement sets" (office-js-docs-reference
    /// `common/nested-app-auth-requirement-sets.md`, ms.date 03/31/2026): declaring
    /// `NestedAppAuth` in an Outlook add-in's manifest is not supported; support is detected at
    /// run time. Nested app authentication is generally available in Outlook on every
    /// platform, but not for Outlook.com or Gmail mailboxes, so the check belongs in code.
    ///
    /// ## How to fix
    /// Remove it from the requirements and test
    /// `Office.context.requirements.isSetSupported("NestedAppAuth", "1.1")` before using MSAL's
    /// nested app authentication.
    pub NestedAppAuthDeclared {
        code: "MAN009",
        name: "nested-app-auth-declared",
        severity: Warning,
        summary: "the manifest declares NestedAppAuth as a requirement, which Outlook manifests do not support",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(NestedAppAuthDeclared::META.code, out);
}
