//! GRAPH004: requested scopes or a Graph request that cannot be checked statically.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes what keeps the add-in's Microsoft Graph privilege from being checked: MSAL calls
    /// whose `scopes` cannot be read (built at run time, imported from a module that is not
    /// followed), a `.default` scope (whatever the app registration holds), and Graph
    /// requests whose method or path cannot be read or that Microsoft's permission map
    /// (msgraph-metadata commit 7a4530b, 2022-08-16) does not list. Nothing is guessed: these
    /// are left out of GRAPH001 and keep GRAPH002 silent.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; it says where the audit stopped, so that a reviewer knows
    /// which scopes and requests to check by hand.
    ///
    /// ## How to fix
    /// Write scopes as literal arrays (a shared `const` is fine), name explicit scopes instead
    /// of `.default`, and build Graph paths from literals so that the audit can read them.
    pub GraphNotCheckable {
        code: "GRAPH004",
        name: "graph-not-checkable",
        severity: Note,
        summary: "requested scopes or a Microsoft Graph request that cannot be checked statically",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let m = a.graph();
    for (at, why) in &m.unreadable {
        out.push(
            Finding::new(
                GraphNotCheckable::META.code,
                GraphNotCheckable::META.severity,
                why.clone(),
            )
            .at(at.clone()),
        );
    }
    for c in m.calls.iter().filter(|c| c.least.is_empty()) {
        let why = match (&c.call.method, &c.path) {
            (None, _) => "its method cannot be read".to_owned(),
            (_, None) => "its path cannot be read".to_owned(),
            (Some(_), Some(_)) => "Microsoft's permission map does not list it".to_owned(),
        };
        out.push(
            Finding::new(
                GraphNotCheckable::META.code,
                GraphNotCheckable::META.severity,
                format!(
                    "the Microsoft Graph request `{}` ({}) is not checked: {why}",
                    c.describe(),
                    c.call.client
                ),
            )
            .at(c.location()),
        );
    }
}
