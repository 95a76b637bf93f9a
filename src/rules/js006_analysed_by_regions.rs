//! JS006: a large file analysed by regions.

use super::Context;
use crate::finding::Finding;
use crate::source::Span;

declare_rule!(
    /// ## What it does
    /// Notes a source file larger than 2 MB that was analysed region by region: each `Office`
    /// reference within the largest enclosing block (up to 512 KB) that parses on its own,
    /// instead of one AST of the whole file (which would take about 25 times the file's size
    /// in memory).
    ///
    /// ## Why is this bad?
    /// An alias of `Office` made outside the region of its use (a bundle-wide
    /// `var o = window.Office` used in another module) is not followed, so a use may be
    /// missed.
    ///
    /// ## How to fix
    /// Nothing, usually: bundlers keep each module's code together. Audit the sources the
    /// bundle is built from too, or allow this note in the configuration.
    pub AnalysedByRegions {
        code: "JS006",
        name: "analysed-by-regions",
        severity: Note,
        summary: "a large source file was analysed region by region around its Office references",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in a.files.iter().filter(|f| f.facts.by_regions) {
        out.push(
            Finding::new(
                AnalysedByRegions::META.code,
                AnalysedByRegions::META.severity,
                format!(
                    "{} MB file analysed by regions around its Office references; aliases made outside a region are not followed",
                    f.source.text.len() >> 20
                ),
            )
            .at(f.location(Span::new(0, 0))),
        );
    }
}
