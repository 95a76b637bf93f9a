//! GRAPH002: a requested Microsoft Graph scope is broader than, or beside, what is needed.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags each scope the add-in requests from MSAL that none of its Microsoft Graph
    /// requests needs (`Mail.Send` when nothing sends), or that is broader than what they need
    /// (`Mail.ReadWrite` where only `Mail.Read` is used, `Files.ReadWrite` for the app folder,
    /// `Mail.Read` for a `$select` without the body), and names the minimal set. An unused
    /// `User.Read` (the sign-in scope most apps carry) is only a note; the OpenID scopes are
    /// never flagged. Only when the analysis is complete: every requested scope read and none
    /// `.default`, every Graph request's method and path read, known (map or hand-kept fact),
    /// of a known mailbox and covered by a requested scope (otherwise GRAPH001 says what is
    /// missing), no other
    /// HTTP request in the add-in's code (a token could go there, for example to a server that
    /// calls Graph on the user's behalf), and no gap in the audit.
    ///
    /// ## Why is this bad?
    /// Each delegated scope is consent the user, or an administrator for everyone, must give;
    /// broad mail scopes are exactly what a compromised add-in would abuse. Microsoft's
    /// guidance (Microsoft Graph permissions overview, "best practices": request the least
    /// privileged permissions), Microsoft's permission map (microsoft-graph-devx-content `permissions/new/permissions.json`,
    /// weekly sync of 2026-08-07) and the hand-kept facts of `src/msgraph/facts.rs` say which
    /// scope each request needs.
    ///
    /// ## How to fix
    /// Request the minimal set the finding names, in code and in the app registration.
    pub GraphScopeUnneeded {
        code: "GRAPH002",
        name: "graph-scope-unneeded",
        severity: Warning,
        summary: "the add-in requests a Microsoft Graph scope broader than, or beside, what its requests need",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let m = a.graph();
    // `User.Read`, the sign-in scope most apps carry: a note, not a warning.
    for r in m.unused_sign_in() {
        out.push(
            Finding::new(
                GraphScopeUnneeded::META.code,
                crate::finding::Severity::Note,
                format!(
                    "`{}` is requested but no Microsoft Graph request of the add-in needs it; most apps carry it to sign the user in (it reads their basic profile), so this is only a note",
                    r.scope
                ),
            )
            .at(r.location()),
        );
    }
    let unneeded = m.unneeded();
    // `unneeded` is empty unless every request is known, so `needed` is there.
    let (false, Some(needed)) = (unneeded.is_empty(), m.needed()) else {
        return;
    };
    let minimal = if needed.is_empty() {
        "none beyond signing in (User.Read)".to_owned()
    } else {
        needed.join(", ")
    };
    for (r, narrower) in unneeded {
        let message = if narrower.is_empty() {
            format!(
                "`{}` is requested but no Microsoft Graph request of the add-in needs it (needed: {minimal})",
                r.scope
            )
        } else {
            format!(
                "`{}` is broader than needed: the add-in's Microsoft Graph requests need only {} (needed: {minimal})",
                r.scope,
                narrower.join(", ")
            )
        };
        out.push(
            Finding::new(
                GraphScopeUnneeded::META.code,
                GraphScopeUnneeded::META.severity,
                message,
            )
            .at(r.location())
            .with_help(format!(
                "request {minimal} instead (in code and in the app registration)"
            )),
        );
    }
}
