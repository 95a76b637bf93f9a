//! MAN005: a unified manifest that is not strict JSON (comments, trailing commas).

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes the first comment or trailing comma in a unified manifest. The manifest is read
    /// and audited anyway.
    ///
    /// ## Why is this bad?
    /// The Microsoft 365 app manifest is JSON (its schema is a JSON Schema), and JSON (RFC
    /// 8259, 2017-12) has no comments or trailing commas. Outlook and Teams Toolkit tolerate
    /// them, but strict JSON readers, schema validators and store submission may not.
    ///
    /// ## How to fix
    /// Remove the comment or the trailing comma.
    pub NotStrictJson {
        code: "MAN005",
        name: "not-strict-json",
        severity: Note,
        summary: "the unified manifest has comments or trailing commas (read anyway)",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(NotStrictJson::META.code, out);
}
