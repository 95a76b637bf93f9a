//! TIER002: an activation rule needs a higher tier than the manifest declares.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags activation rules (`<Rule>` in the XML manifest) that need more than the declared
    /// tier: `ItemHasAttachment`, `ItemHasRegularExpressionMatch` and `ItemHasKnownEntity` on
    /// entities other than phone numbers, addresses and URLs need `ReadItem` — and item
    /// multi-select (`<SupportsMultiSelect>true</SupportsMultiSelect>`, unified
    /// `runtimes[].actions[].multiselect`), which needs `ReadWriteMailbox`.
    ///
    /// ## Why is this bad?
    /// Microsoft's permissions page ("Understanding Outlook add-in permissions", ms.date
    /// 12/02/2025): a restricted add-in "can't use" these rules; the add-in
    /// does not activate as intended. "Activate your Outlook add-in on multiple messages":
    /// "Assign the `<Permissions>` element the `ReadWriteMailbox` value" for multi-select.
    ///
    /// ## How to fix
    /// Declare at least the tier named in the finding, or use a rule the tier allows.
    pub RuleNeedsHigherTier {
        code: "TIER002",
        name: "rule-needs-higher-tier",
        severity: Error,
        summary: "an activation rule or item multi-select needs a higher permission tier than the manifest declares",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let declared = a.manifest.declared;
    for r in &a.manifest.activation_rules {
        let tier = Context::activation_rule_tier(r);
        if tier > declared {
            let what = r.describe();
            out.push(
                Finding::new(
                    RuleNeedsHigherTier::META.code,
                    RuleNeedsHigherTier::META.severity,
                    format!("the {what} needs {tier} but the manifest declares {declared}"),
                )
                .at(a.manifest_location(r.span))
                .with_help(format!("declare {tier}, or remove it from the manifest")),
            );
        }
    }
}
