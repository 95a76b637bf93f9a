//! GRAPH004: requested scopes or a Graph request that cannot be checked statically.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes what keeps the add-in's Microsoft Graph privilege from being checked: MSAL calls
    /// whose `scopes` cannot be read (built at run time, imported from a module that is not
    /// followed), a `.default` scope (whatever the app registration holds), Graph requests
    /// whose method or path cannot be read or that neither Microsoft's permission map
    /// (microsoft-graph-devx-content, 2026-08-07) nor the hand-kept facts know, requests to
    /// `/users/{id}/…` whose mailbox the code does not name (the own scope or the `.Shared`
    /// one), and an access token that leaves for a server outside Microsoft Graph (the
    /// add-in's own API, an on-behalf-of exchange): it names the scopes that server may use.
    /// Nothing is guessed: these are left out of GRAPH001 and keep GRAPH002 silent.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; it says where the audit stopped, so that a reviewer knows
    /// which scopes and requests to check by hand. A token that leaves is worth a reviewer's
    /// look: the server that receives it can use its scopes (or exchange it, on behalf of the
    /// user, for the scopes the app registration holds) without the add-in's code showing
    /// what for.
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
    for c in m.calls.iter().filter(|c| c.need.least.is_empty()) {
        let why = match (&c.call.method, &c.path) {
            (None, _) => "its method cannot be read".to_owned(),
            (_, None) => "its path cannot be read".to_owned(),
            (Some(_), Some(_)) => {
                "neither Microsoft's permission map nor the audit's hand-kept facts list it"
                    .to_owned()
            }
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
    for c in m.calls.iter().filter(|c| c.need.owner_unknown) {
        let own: Vec<&str> = c
            .need
            .least
            .iter()
            .copied()
            .filter(|s| !s.ends_with(".Shared"))
            .collect();
        let shared: Vec<&str> = c
            .need
            .least
            .iter()
            .copied()
            .filter(|s| s.ends_with(".Shared"))
            .collect();
        out.push(
            Finding::new(
                GraphNotCheckable::META.code,
                GraphNotCheckable::META.severity,
                format!(
                    "the Microsoft Graph request `{}` ({}) reads a mailbox the code does not name: {} is enough for the signed-in user's own, {} is needed for another's or a shared one",
                    c.describe(),
                    c.call.client,
                    own.join(" or "),
                    shared.join(" or ")
                ),
            )
            .at(c.location()),
        );
    }
    leaving(a, out);
}

/// The access token that leaves for a server outside Microsoft Graph: where, and with which
/// scopes.
fn leaving(a: &Context<'_>, out: &mut Vec<Finding>) {
    let m = a.graph();
    let leaves = m.token_leaves();
    let Some(first) = leaves.first() else {
        return;
    };
    let mut scopes: Vec<&str> = m.requested.iter().map(|r| r.scope.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let scopes = if scopes.is_empty() {
        "scopes the audit could not read".to_owned()
    } else if m.requested_read() {
        scopes.join(", ")
    } else {
        format!("{} and scopes the audit could not read", scopes.join(", "))
    };
    if m.followed {
        let message = if m.single_sign_on() {
            format!(
                "the add-in's single sign-on token is sent here to a server outside Microsoft Graph, which can exchange it on behalf of the user for the Graph scopes of the add-in's app registration ({scopes}): the scopes are not judged while it is"
            )
        } else {
            format!(
                "the add-in's Microsoft Graph access token ({scopes}) is sent here to a server outside Microsoft Graph, which can use it for those scopes: the scopes are not judged while it is"
            )
        };
        for at in leaves {
            out.push(
                Finding::new(
                    GraphNotCheckable::META.code,
                    GraphNotCheckable::META.severity,
                    message.clone(),
                )
                .at(at.clone()),
            );
        }
    } else {
        let more = leaves.len() - 1;
        let also = if more == 0 {
            String::new()
        } else {
            format!(" (and {more} more)")
        };
        let why = m.lost.as_ref().map_or_else(
            || "where the add-in's Microsoft Graph or single sign-on token goes could not be followed".to_owned(),
            |(at, how)| format!("the add-in's Microsoft Graph token goes out of sight at {at} ({how})"),
        );
        out.push(
            Finding::new(
                GraphNotCheckable::META.code,
                GraphNotCheckable::META.severity,
                format!(
                    "{why}, and this request{also} goes to a server outside Microsoft Graph: it may receive the token and use it for {scopes}, so the scopes are not judged"
                ),
            )
            .at(first.clone()),
        );
    }
}
