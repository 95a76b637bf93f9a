//! MAN013: a manifest URL of code that nothing in the project serves.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Warns for each page or script URL of the manifest that maps to no local file when the
    /// audit can tell that nothing in the project serves it: another URL of the manifest on
    /// the same origin is served by a build (webpack, Vite, Angular) whose configurations were
    /// all read, that build emits no file of this name, and no file of this name is anywhere
    /// in the project (a static folder, a copied page, a server's page would be one).
    ///
    /// ## Why is this bad?
    /// Outlook loads that URL and gets an error page: the button, event or form that uses it
    /// fails for every user. It is usually a page renamed in the build and not in the
    /// manifest, or a template's page deleted with its entry. Since no code runs there, it
    /// hides no permission use, and the tier verdict does not wait for it (unlike MAN003).
    ///
    /// ## How to fix
    /// Add the page to the build (an `HtmlWebpackPlugin` with that `filename`, a Vite input),
    /// or change or remove the manifest's URL.
    pub UrlNotServed {
        code: "MAN013",
        name: "url-not-served",
        severity: Warning,
        summary: "a manifest URL of code that nothing in the project serves: Outlook gets an error page",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for e in a.entries {
        let Some(why) = &e.unserved else {
            continue;
        };
        out.push(
            Finding::new(
                UrlNotServed::META.code,
                UrlNotServed::META.severity,
                format!(
                    "nothing in the project serves `{}`: {why}; Outlook would load an error page there",
                    e.url
                ),
            )
            .at(a.manifest_location(e.span))
            .with_help(
                "add the page to the build, or change the manifest's URL to a page the build emits"
                    .to_owned(),
            ),
        );
    }
}
