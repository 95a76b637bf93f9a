//! EVT002: a launch-event handler reaches a UI API that no Microsoft page covers for event
//! handlers.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Warns for calls, inside the functions a launch event's handler reaches in its file (as
    /// EVT001 finds them), of the Mailbox 1.9 `…Async` twins of the form methods that
    /// event-based activation blocks (`displayAppointmentFormAsync`,
    /// `displayMessageFormAsync`, `displayNewAppointmentFormAsync`,
    /// `displayNewMessageFormAsync`) and of the item's reply forms (`displayReplyForm`,
    /// `displayReplyAllForm` and their `…Async` versions). The list is hand-kept in
    /// `data/overrides.toml` with its source.
    ///
    /// ## Why is this bad?
    /// Microsoft's event page ("Activate add-ins with events", `develop/event-based-activation.md`,
    /// ms.date 07/30/2026) blocks the four `display*Form` methods because they "change or alter
    /// the UI", and says nothing of these; no Microsoft page says whether they work in an event
    /// handler (checked 2026-12-07). They open the same kind of form, so they may fail the same
    /// way, and a handler that fails never calls `event.completed()`.
    ///
    /// ## How to fix
    /// Open forms from a task pane or a function command, not from an event handler; in a
    /// Smart Alerts handler, let the user act through `event.completed({ errorMessage,
    /// commandId })`.
    pub UndocumentedInEventHandler {
        code: "EVT002",
        name: "undocumented-in-event-handler",
        severity: Warning,
        summary: "a launch-event handler reaches a UI API no Microsoft page covers for event handlers",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for (f, api, span, handler, ev) in super::evt001_blocked_in_event_handler::reached(a, false) {
        let at = a.manifest_location(ev.kind.span);
        out.push(
            Finding::new(
                UndocumentedInEventHandler::META.code,
                UndocumentedInEventHandler::META.severity,
                format!(
                    "{api} opens a form, which Microsoft neither allows nor blocks in event handlers, and `{handler}`, the handler of the `{}` event ({at}), reaches it",
                    ev.kind.value
                ),
            )
            .at(f.location(span))
            .with_help(
                "open forms from a task pane or a function command; in a Smart Alerts handler, use event.completed({ errorMessage, commandId })",
            ),
        );
    }
}
