//! EWS001: a `makeEwsRequestAsync` request names an EWS operation add-ins may not call.

use super::Context;
use crate::finding::Finding;
use crate::kb::overrides;

declare_rule!(
    /// ## What it does
    /// Reads the SOAP request passed to `Office.context.mailbox.makeEwsRequestAsync` (string
    /// literals, concatenations, templates, constants) and flags an operation outside the
    /// list add-ins may call: the 14 on Microsoft's permissions page plus `ExpandDL`,
    /// `GetUserAvailability` and `ResolveNames` from the EWS page.
    ///
    /// ## Why is this bad?
    /// "Attempting to use an unsupported operation will result in an error response."
    /// The request always fails, whatever tier the add-in declares.
    ///
    /// ## How to fix
    /// Use an allowed operation, or call Exchange from your server (EWS with a callback
    /// token, or Microsoft Graph).
    pub EwsOperationNotAllowed {
        code: "EWS001",
        name: "ews-operation-not-allowed",
        severity: Error,
        summary: "an EWS request names an operation add-ins may not call",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let ov = overrides::get();
    for f in &a.files {
        for call in f.facts.ews.iter().filter(|c| a.counts(f, c.span)) {
            for (op, span) in &call.operations {
                if !ov.ews_allowed(op) {
                    out.push(
                        Finding::new(
                            EwsOperationNotAllowed::META.code,
                            EwsOperationNotAllowed::META.severity,
                            format!("EWS operation `{op}` is not one add-ins may call through makeEwsRequestAsync"),
                        )
                        .at(f.location(*span))
                        .with_help(format!("allowed: {}", ov.ews.operations.join(", "))),
                    );
                }
            }
        }
    }
}
