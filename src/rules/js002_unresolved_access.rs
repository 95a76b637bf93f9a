//! JS002: an Office chain the analysis cannot follow (`item[name]`).

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes a computed member access on an Office object whose key is not a literal, such
    /// as `item[field]`: the member it reaches, and so its tier, is decided at run time.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; it means the audit cannot see which API is used there.
    ///
    /// ## How to fix
    /// Use a literal member name, or check by hand which members can be reached.
    pub UnresolvedAccess {
        code: "JS002",
        name: "unresolved-access",
        severity: Note,
        summary: "an Office API access with a computed name cannot be resolved statically",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in &a.files {
        for u in f.facts.unresolved.iter().filter(|u| a.counts(f, u.span)) {
            out.push(
                Finding::new(
                    UnresolvedAccess::META.code,
                    UnresolvedAccess::META.severity,
                    format!(
                        "a computed member of `{}` cannot be resolved statically",
                        u.on
                    ),
                )
                .at(f.location(u.span)),
            );
        }
    }
}
