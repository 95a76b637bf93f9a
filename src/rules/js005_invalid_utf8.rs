//! JS005: a source file that is not valid UTF-8.

use super::Context;
use crate::finding::Finding;
use crate::source::Span;

declare_rule!(
    /// ## What it does
    /// Notes a source file with bytes that are not UTF-8 (nor UTF-16 with a BOM). It is
    /// analysed anyway, with the bad bytes replaced, so code around them still counts.
    ///
    /// ## Why is this bad?
    /// Browsers may decode the file differently; a replaced byte inside an identifier can hide
    /// an API use.
    ///
    /// ## How to fix
    /// Save the file as UTF-8, or exclude it if it is not script.
    pub InvalidUtf8 {
        code: "JS005",
        name: "invalid-encoding",
        severity: Note,
        summary: "a source file is not valid UTF-8 and was read lossily",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in a.files.iter().filter(|f| f.lossy && f.skipped.is_none()) {
        let at = f
            .source
            .text
            .find('\u{FFFD}')
            .map_or(0, |i| u32::try_from(i).unwrap_or(0));
        out.push(
            Finding::new(
                InvalidUtf8::META.code,
                InvalidUtf8::META.severity,
                "not valid UTF-8: analysed with the invalid bytes replaced",
            )
            .at(f.location(Span::new(at, at))),
        );
    }
}
