//! LEG002: code or an activation rule uses retired entity-based contextual features.

use super::Context;
use crate::finding::Finding;
use crate::kb::Status;

declare_rule!(
    /// ## What it does
    /// Reports uses of the retired entity APIs — `getEntities`, `getEntitiesByType`,
    /// `getFilteredEntitiesByName`, `getSelectedEntities` and the members of `Entities`,
    /// `Contact`, `MeetingSuggestion`, `TaskSuggestion` and `PhoneNumber` (generated from the
    /// typings' warning "Entity-based contextual Outlook add-ins are now retired") — and
    /// `ItemHasKnownEntity` activation rules.
    ///
    /// ## Why is this bad?
    /// The feature is gone: the typings (@types/office-js 1.0.612, pinned; read 2026-11-24)
    /// say "Entity-based contextual Outlook add-ins are now retired. However, regular expression rules are
    /// still supported." Entity rules no longer activate the add-in and the entity APIs
    /// return nothing useful, so the code behind them is dead. (Their tiers still count: the
    /// audit never advises less than the code calls for.)
    ///
    /// ## How to fix
    /// Use an `ItemHasRegularExpressionMatch` rule and `getRegExMatches`, or read the body
    /// (`item.body.getAsync`) and match in code.
    pub RetiredApi {
        code: "LEG002",
        name: "retired-api",
        severity: Warning,
        summary: "code or an activation rule uses the retired entity-based contextual features",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let help = "use an ItemHasRegularExpressionMatch rule and getRegExMatches, or match the body's text in code";
    for r in a
        .manifest
        .activation_rules
        .iter()
        .filter(|r| r.kind == "ItemHasKnownEntity")
    {
        out.push(
            Finding::new(
                RetiredApi::META.code,
                RetiredApi::META.severity,
                "the `ItemHasKnownEntity` activation rule no longer activates the add-in: entity-based contextual add-ins are retired",
            )
            .at(a.manifest_location(r.span))
            .with_help(help),
        );
    }
    for u in a
        .uses
        .iter()
        .filter(|u| !u.probe && u.member.status_decision().0 == Status::Retired)
    {
        out.push(
            Finding::new(
                RetiredApi::META.code,
                RetiredApi::META.severity,
                format!(
                    "`{}` no longer works: entity-based contextual add-ins are retired",
                    u.member.api()
                ),
            )
            .at(u.location())
            .with_help(help),
        );
    }
}
