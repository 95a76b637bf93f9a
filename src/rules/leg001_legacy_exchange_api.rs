//! LEG001: code uses an API that depends on legacy Exchange tokens, Outlook REST or EWS.

use std::fmt::Write as _;

use super::{Context, ResolvedUse};
use crate::finding::{Finding, Severity};
use crate::kb::Status;
use crate::settings::Exchange;
use crate::tiers::Tier;

declare_rule!(
    /// ## What it does
    /// Reports every use of an Office API that works only with legacy Exchange tokens,
    /// the Outlook REST v2.0 API or Exchange Web Services: `makeEwsRequestAsync`,
    /// `getCallbackTokenAsync`, `getUserIdentityTokenAsync`, `convertToEwsId` (the typings
    /// mark them "Legacy Exchange Online user identity tokens and callback tokens are no
    /// longer supported and are turned off across all Microsoft 365 tenants"), `restUrl`
    /// (typings: "The Outlook REST v2.0 and beta endpoints are now deprecated"), and, from
    /// the hand-kept facts, `ewsUrl`, `convertToRestId` and `SharedProperties.targetRestUrl`.
    /// The list is generated from the pinned typings' own warnings; `audit explain <api>`
    /// shows which sentence or fact put an API on it.
    ///
    /// When the use is the only reason for the tier the add-in needs, the finding says which
    /// tier remains once the legacy calls move to Microsoft Graph.
    ///
    /// A use inside a branch that runs only where the tokens work —
    /// `mailbox.diagnostics.ews.getTokenStatusAsync` reporting `TokenStatus.Enabled`, or
    /// `userProfile.accountType === "enterprise"` (an on-premises mailbox) — is a note. With
    /// `exchange = "on-premises"` in the configuration (or `--exchange on-premises`) nothing is
    /// reported: these APIs still work on Exchange Server.
    ///
    /// ## Why is this bad?
    /// The call fails for every Exchange Online mailbox (errors 9017/9018,
    /// `GenericTokenError`):
    /// - 2025-10 (Microsoft's legacy-token FAQ, ms.date 11/03/2025): legacy Exchange Online
    ///   user identity and callback tokens are "no longer supported and turned off across all
    ///   Microsoft 365 tenants", with no exceptions since October 2025; `makeEwsRequestAsync`
    ///   uses them too (Microsoft on office-js#5344, 2025-04-30).
    ///   learn.microsoft.com/office/dev/add-ins/outlook/faq-nested-app-auth-outlook-legacy-tokens
    /// - 2025-10-14 (typings, `Mailbox.restUrl`): the Outlook REST v2.0 exemption ended with
    ///   extended support for Outlook 2019.
    /// - 2026-10-01 and 2027-04-01 (Microsoft, "Deprecation of Exchange Web Services in
    ///   Exchange Online"; Exchange Team blog 2026-02-05): EWS is blocked by default from
    ///   October 2026 and turned off for good in April 2027.
    ///   learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-ews-exchange-online
    ///
    /// Much of the `ReadWriteMailbox` in real manifests exists only for these calls.
    ///
    /// ## How to fix
    /// Use nested app authentication (MSAL's `createNestablePublicClientApplication`) and
    /// Microsoft Graph with the narrowest delegated scopes, then lower the tier to what the
    /// finding says remains. Where on-premises users must keep the old path, guard it with
    /// `getTokenStatusAsync` (Mailbox 1.16) and keep Graph as the default. If every user is on
    /// Exchange Server, set `exchange = "on-premises"`.
    pub LegacyExchangeApi {
        code: "LEG001",
        name: "legacy-exchange-api",
        severity: Warning,
        summary: "code uses an API that needs legacy Exchange tokens, Outlook REST or EWS, which are off in Exchange Online",
    }
);

/// Why the API fails, in a clause.
fn why(status: Status) -> &'static str {
    match status {
        Status::LegacyRest => {
            "it is for the Outlook REST v2.0 API, which needs a legacy callback token and whose exemption ended on 2025-10-14"
        }
        Status::LegacyEws => {
            "it serves only Exchange Web Services, blocked by default in Exchange Online since 2026-10-01 and turned off for good on 2027-04-01"
        }
        _ => {
            "it uses legacy Exchange tokens, turned off in every Microsoft 365 tenant since October 2025 (errors 9017/9018)"
        }
    }
}

/// The tier the add-in needs without its legacy uses: what remains after migrating.
#[must_use]
pub(crate) fn tier_without_legacy(a: &Context<'_>) -> Tier {
    let code = a
        .uses
        .iter()
        .filter(|u| !u.probe && !u.member.legacy())
        .map(|u| u.tier);
    let rules = a
        .manifest
        .activation_rules
        .iter()
        .map(Context::activation_rule_tier);
    code.chain(rules).max().unwrap_or(Tier::Restricted)
}

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    if a.exchange == Exchange::OnPremises {
        return;
    }
    let legacy: Vec<&ResolvedUse<'_>> = a
        .uses
        .iter()
        .filter(|u| !u.probe && u.member.legacy())
        .collect();
    if legacy.is_empty() {
        return;
    }
    let without = tier_without_legacy(a);
    let required = a.judgement().required;
    let declared = a.manifest.declared;
    for u in legacy {
        let status = u.member.status_decision().0;
        let whom = match a.exchange {
            Exchange::Any => "for mailboxes in Exchange Online",
            _ => "in Exchange Online",
        };
        let mut message = format!("`{}` fails {whom}: {}", u.member.api(), why(status));
        let severity = if u.token_guarded {
            message.push_str(
                "; here it runs only where the tokens work (a token-status or account-type check guards it)",
            );
            Severity::Note
        } else {
            LegacyExchangeApi::META.severity
        };
        // What the tier is for: when this use is why the add-in needs more than the rest
        // of its code, say what remains after migrating.
        // A callback token needs what its requests need.
        let tier = a
            .requests
            .iter()
            .filter(|r| std::ptr::eq(r.file, u.file) && r.call == u.span)
            .filter_map(|r| match r.need {
                super::token::Need::Tier(t, _) => Some(t),
                super::token::Need::Unknown(_) => None,
            })
            .fold(u.tier, Tier::max);
        if tier > without && tier == required {
            let _ = write!(
                message,
                "; {required} is needed only for legacy APIs like this one: without them the add-in needs {without}"
            );
            if declared > without {
                let _ = write!(message, " (declared: {declared})");
            }
        }
        out.push(
            Finding::new(LegacyExchangeApi::META.code, severity, message)
                .at(u.location())
                .with_help(
                    "use nested app authentication (MSAL createNestablePublicClientApplication) and Microsoft Graph; keep an on-premises path only behind mailbox.diagnostics.ews.getTokenStatusAsync() reporting TokenStatus.Enabled; if every user is on Exchange Server, set exchange = \"on-premises\"",
                ),
        );
    }
}
