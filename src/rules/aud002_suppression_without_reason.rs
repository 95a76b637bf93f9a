//! AUD002: a suppression comment without a reason.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports an `// audit-ignore CODE` or `// audit-ignore-file CODE` comment that gives no
    /// reason after a colon, or names no code. Such a comment suppresses nothing.
    ///
    /// ## Why is this bad?
    /// Least-privilege exceptions are reviewed by people who did not write the code (tenant
    /// admins, security reviewers); a suppression must say why it is safe.
    ///
    /// ## How to fix
    /// Write `// audit-ignore TIER001: <why this is fine>`.
    pub SuppressionWithoutReason {
        code: "AUD002",
        name: "suppression-without-reason",
        severity: Warning,
        summary: "a suppression comment gives no code or no reason, so it suppresses nothing",
    }
);

/// Emitted by the suppression pass in `app.rs`, not from the facts.
pub(super) fn check(_: &Context<'_>, _: &mut Vec<Finding>) {}
