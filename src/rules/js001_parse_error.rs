//! JS001: a source file could not be parsed.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports a JavaScript or TypeScript file (or inline script) with a syntax error, at the
    /// error's position. The rest of the audit goes on.
    ///
    /// ## Why is this bad?
    /// The parser recovers from little: uses in a file that does not parse may be missed, so
    /// the verdict for the add-in may be too lenient (or an over-privilege warning too strict).
    ///
    /// ## How to fix
    /// Fix the syntax error, or exclude the file (for example a template that is not
    /// JavaScript) with `.ignore`.
    pub ParseError {
        code: "JS001",
        name: "parse-error",
        severity: Warning,
        summary: "a source file could not be parsed, so its API uses may be missed",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in &a.files {
        if let Some((span, msg)) = &f.facts.parse_error {
            out.push(
                Finding::new(
                    ParseError::META.code,
                    ParseError::META.severity,
                    format!("could not parse this file: {msg}"),
                )
                .at(f.location(*span))
                .with_help("fix the syntax error or exclude the file with .ignore; its API uses may be missed"),
            );
        }
    }
}
