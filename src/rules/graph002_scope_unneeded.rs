//! GRAPH002: a requested Microsoft Graph scope is broader than, or beside, what is needed.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags each scope the add-in requests from MSAL that none of its Microsoft Graph
    /// requests needs (`Mail.Send` when nothing sends), or that is broader than what they need
    /// (`Mail.ReadWrite` where only `Mail.Read` is used), and names the minimal set. `User.Read`
    /// (nested app authentication needs one resource scope) and the sign-in scopes are never
    /// flagged. Only when the analysis is complete: every requested scope read and none
    /// `.default`, every Graph request's method and path read and in Microsoft's permission
    /// map and covered by a requested scope (otherwise GRAPH001 says what is missing), no other
    /// HTTP request in the add-in's code (a token could go there, for example to a server that
    /// calls Graph on the user's behalf), and no gap in the audit.
    ///
    /// ## Why is this bad?
    /// Each delegated scope is consent the user, or an administrator for everyone, must give;
    /// broad mail scopes are exactly what a compromised add-in would abuse. Microsoft's
    /// guidance (Microsoft Graph permissions overview, "best practices": request the least
    /// privileged permissions) and the permission map (msgraph-metadata commit 7a4530b,
    /// 2022-08-16) say which scope each request needs.
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
