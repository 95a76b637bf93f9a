//! TIER001: code uses an API that needs a higher tier than the manifest declares.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags every use of an Office API whose minimum permission is above the tier the
    /// manifest declares (`<Permissions>` or the unified manifest's permission names), and
    /// every HTTP request made with the callback token of `getCallbackTokenAsync` that needs
    /// more: a write to the current item, or any request to another item or folder, through
    /// the Outlook REST API needs `ReadWriteMailbox` (Microsoft's permissions page,
    /// "Understanding Outlook add-in permissions", ms.date 12/02/2025).
    ///
    /// ## Why is this bad?
    /// Outlook refuses the call at run time: the API returns `null` or fails with an error
    /// that says the add-in needs elevated permission. The feature is broken for every user.
    ///
    /// ## Example
    /// A manifest with `<Permissions>ReadItem</Permissions>` and code that calls
    /// `Office.context.mailbox.item.body.setAsync(…)`, which needs `ReadWriteItem`.
    ///
    /// ## How to fix
    /// Raise the declared tier to the one named in the finding, or stop using the API.
    pub CodeNeedsHigherTier {
        code: "TIER001",
        name: "code-needs-higher-tier",
        severity: Error,
        summary: "code uses an API that needs a higher permission tier than the manifest declares",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let declared = a.manifest.declared;
    for u in a.uses.iter().filter(|u| !u.probe && u.tier > declared) {
        out.push(
            Finding::new(
                CodeNeedsHigherTier::META.code,
                CodeNeedsHigherTier::META.severity,
                format!(
                    "`{}` needs {} but the manifest declares {}",
                    u.member.api(),
                    u.tier,
                    declared
                ),
            )
            .at(u.location())
            .with_help(format!(
                "declare {} in the manifest, or stop using `{}`",
                u.tier,
                u.member.api()
            )),
        );
    }
    for r in &a.requests {
        let super::token::Need::Tier(tier, why) = r.need else {
            continue;
        };
        if tier <= declared {
            continue;
        }
        out.push(
            Finding::new(
                CodeNeedsHigherTier::META.code,
                CodeNeedsHigherTier::META.severity,
                format!(
                    "`{}` with the callback token needs {tier} ({why}) but the manifest declares {declared}",
                    super::token::describe(r.request)
                ),
            )
            .at(r.location())
            .with_help(format!(
                "declare {tier}, or better, move the request to Microsoft Graph with nested app authentication: the callback token is off in Exchange Online"
            )),
        );
    }
}
