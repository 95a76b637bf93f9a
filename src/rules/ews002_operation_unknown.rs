//! EWS002: the EWS operation of a request could not be read statically.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes a `makeEwsRequestAsync` call whose SOAP request is built at run time (a
    /// parameter, a function's result), so the operation it names cannot be checked.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; it means EWS001 could not check this call. Review the
    /// request by hand.
    ///
    /// ## How to fix
    /// Nothing to fix; build the request from literals or constants to let the audit check it.
    pub EwsOperationUnknown {
        code: "EWS002",
        name: "ews-operation-unknown",
        severity: Note,
        summary: "an EWS request's operation could not be determined statically",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in &a.files {
        for call in f
            .facts
            .ews
            .iter()
            .filter(|c| c.operations.is_empty() && a.counts(f, c.span))
        {
            out.push(
                Finding::new(
                    EwsOperationUnknown::META.code,
                    EwsOperationUnknown::META.severity,
                    "the EWS operation of this makeEwsRequestAsync request could not be determined statically",
                )
                .at(f.location(call.span))
                .with_help("check by hand that the request uses an operation add-ins may call"),
            );
        }
    }
}
