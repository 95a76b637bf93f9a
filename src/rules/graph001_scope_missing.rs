//! GRAPH001: a Microsoft Graph request needs a scope the add-in does not request.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// For each Microsoft Graph request in the add-in's code (`fetch`, `XMLHttpRequest`,
    /// `$.ajax`, `axios` to `https://graph.microsoft.com/…`, or the Graph JS client's
    /// `client.api(path).get()`), finds the narrowest delegated scopes that allow its method
    /// and path in Microsoft's permission map or the hand-kept facts (`$value` downloads need
    /// `Mail.Read`; another user's mailbox the `.Shared` scopes), and flags the request when no
    /// scope the add-in requests from MSAL (`acquireTokenSilent`, `acquireTokenPopup`,
    /// `ssoSilent`, …) allows it. Only when every requested scope could be read and none is
    /// `.default`.
    ///
    /// ## Why is this bad?
    /// Microsoft Graph answers 403 Forbidden: the token lacks the permission. With legacy
    /// Exchange tokens off in Exchange Online (Microsoft's legacy-token FAQ, ms.date
    /// 11/03/2025), Graph with nested app authentication is how add-ins reach the mailbox, so
    /// the feature is broken for every user. The sources are Microsoft's permission map (microsoft-graph-devx-content `permissions/new/permissions.json`,
    /// weekly sync of 2026-08-07) and the hand-kept facts of `src/msgraph/facts.rs`.
    ///
    /// ## How to fix
    /// Add the scope the finding names to the request's `scopes` (and to the app
    /// registration), or stop making the request.
    pub GraphScopeMissing {
        code: "GRAPH001",
        name: "graph-scope-missing",
        severity: Error,
        summary: "a Microsoft Graph request needs a scope the add-in does not request",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let m = a.graph();
    let requested: Vec<&str> = m.requested.iter().map(|r| r.scope.as_str()).collect();
    for c in m.missing() {
        let asked = if requested.is_empty() {
            "only sign-in scopes".to_owned()
        } else {
            requested.join(", ")
        };
        out.push(
            Finding::new(
                GraphScopeMissing::META.code,
                GraphScopeMissing::META.severity,
                format!(
                    "`{}` needs {} but the add-in requests {asked}: Microsoft Graph refuses it (403)",
                    c.describe(),
                    c.need.least.join(" or ")
                ),
            )
            .at(c.location())
            .with_help(format!(
                "add {} to the scopes the add-in requests (and to its app registration)",
                c.need.least.first().copied().unwrap_or_default()
            )),
        );
    }
}
