//! GRAPH003: a requested Microsoft Graph scope needs an administrator's consent.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags each scope the add-in requests that Microsoft's permission map marks
    /// `requiresAdminConsent` for the delegated scheme (`User.Read.All`, `People.Read.All`, …).
    ///
    /// ## Why is this bad?
    /// No user can consent to it: an administrator must, for the whole tenant, before the
    /// add-in works (Microsoft's permission map, `requiresAdminConsent`, weekly sync of 2026-08-07; Microsoft,
    /// "Publish an add-in that requires admin consent for Microsoft Graph scopes", ms.date
    /// 12/15/2025). It is also what a tenant admin reviewing the add-in weighs most.
    ///
    /// ## How to fix
    /// Use a scope users can consent to where one allows the requests (`User.ReadBasic.All`
    /// instead of `User.Read.All`), or document why the add-in needs it.
    pub GraphAdminConsent {
        code: "GRAPH003",
        name: "graph-admin-consent",
        severity: Warning,
        summary: "the add-in requests a Microsoft Graph scope that needs an administrator's consent",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for r in &a.graph().requested {
        let Some(s) = crate::msgraph::scope(&r.scope).filter(|s| s.admin) else {
            continue;
        };
        out.push(
            Finding::new(
                GraphAdminConsent::META.code,
                GraphAdminConsent::META.severity,
                format!(
                    "`{}` needs an administrator's consent for the whole tenant ({})",
                    s.name, s.display
                ),
            )
            .at(r.location())
            .with_help("use a scope users can consent to, or tell the tenant's admins why the add-in needs this one"),
        );
    }
}
