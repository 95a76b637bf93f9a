//! JS003: a feature probe of an API that needs a higher tier.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes feature probes (`typeof item.x`, `if (item.getComposeTypeAsync)`, `x === undefined`)
    /// of APIs above the declared tier. Probes are not requirements: they do not count
    /// towards the needed tier.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; a probe of a member the add-in's tier does not allow always
    /// finds nothing, which may not be what the code expects.
    ///
    /// ## How to fix
    /// Nothing, if the probe guards an optional feature.
    pub FeatureProbe {
        code: "JS003",
        name: "feature-probe",
        severity: Note,
        summary: "a feature probe of an API above the declared tier (not counted as a use)",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let declared = a.manifest.declared;
    for u in a.uses.iter().filter(|u| u.probe && u.tier > declared) {
        out.push(
            Finding::new(
                FeatureProbe::META.code,
                FeatureProbe::META.severity,
                format!(
                    "feature probe of `{}` (needs {}); not counted as a use",
                    u.member.api(),
                    u.tier
                ),
            )
            .at(u.location()),
        );
    }
}
