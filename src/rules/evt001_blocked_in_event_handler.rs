//! EVT001: a launch-event handler reaches an API that event-based activation does not support.

use std::collections::BTreeMap;

use super::Context;
use crate::finding::Finding;
use crate::scan::module::{FnGraph, RefKind};
use crate::source::Span;

declare_rule!(
    /// ## What it does
    /// Flags calls, inside the functions a launch event's handler reaches in its file, of APIs
    /// that event-based activation does not support: `Office.context.ui.displayDialogAsync`
    /// and `messageParent`, `Office.context.auth.getAccessToken(Async)`,
    /// `Office.devicePermission.requestPermissionsAsync`, the mailbox's `displayAppointmentForm`,
    /// `displayMessageForm`, `displayNewAppointmentForm` and `displayNewMessageForm`,
    /// `item.close`, `loadItemByIdAsync`, and `Office.context.officeTheme`. The handler is the launch event's
    /// `FunctionName` (unified: `actionId`), found as a function of that name or through
    /// `Office.actions.associate`; from it, the calls between the file's top-level functions
    /// are followed (not yet across modules). The list is hand-kept in `data/overrides.toml`.
    ///
    /// ## Why is this bad?
    /// Microsoft, "Activate add-ins with events", event-based activation behavior and
    /// limitations (`develop/event-based-activation.md`, ms.date 07/30/2026): these APIs are not
    /// supported in event handlers, which run without a task pane and, in classic Outlook on
    /// Windows, in a JavaScript-only runtime; "Activate your Outlook add-in on multiple
    /// messages" adds `loadItemByIdAsync`, and the typings (`@types/office-js` 1.0.612, remarks
    /// on `Context.officeTheme`) the Office theme. A legacy on-send add-in (`ItemSend`) is not
    /// event-based activation: it may open a dialog (`outlook-on-send-addins.md`, 07/22/2025). The call fails, and the handler typically never
    /// calls `event.completed()`, so Outlook waits and then reports the add-in as
    /// unresponsive.
    ///
    /// ## How to fix
    /// Keep dialogs, forms and `item.close` out of event handlers (use a notification message,
    /// or Smart Alerts' own dialog through `event.completed({ errorMessage })`); get tokens
    /// with `OfficeRuntime.auth.getAccessToken` or nested app authentication (MSAL).
    pub BlockedInEventHandler {
        code: "EVT001",
        name: "blocked-in-event-handler",
        severity: Error,
        summary: "a launch-event handler reaches an API that event-based activation does not support",
    }
);

/// The top-level functions of `g` the handler `name` reaches: the function of that name, or
/// one registered for it, and whatever they call.
fn reachable(g: &FnGraph, name: &str) -> Vec<bool> {
    let mut on = vec![false; g.fns.len()];
    for (i, f) in g.fns.iter().enumerate() {
        if f.name == name
            && let Some(r) = on.get_mut(i)
        {
            *r = true;
        }
    }
    for (_, to, kind) in &g.refs {
        let registered = match kind {
            RefKind::Associate(n) | RefKind::Assign(n) => n == name,
            RefKind::Plain => false,
        };
        if registered && let Some(r) = on.get_mut(*to) {
            *r = true;
        }
    }
    g.spread(&mut on, |kind| matches!(kind, RefKind::Plain));
    on
}

/// Each use of `documented` (or undocumented) handler-blocked APIs that a launch event's
/// handler reaches in its file, once, with the first such event: (file, API, span, handler,
/// event). Legacy on-send (`ItemSend`) handlers are not launch events: not included.
pub(super) fn reached<'c>(
    a: &'c Context<'_>,
    documented: bool,
) -> Vec<(
    &'c crate::modules::file::ScannedFile,
    &'c str,
    Span,
    &'c str,
    &'c crate::manifest::LaunchEvent,
)> {
    let mut out = Vec::new();
    let events: Vec<(&str, &crate::manifest::LaunchEvent)> = a
        .manifest
        .launch_events
        .iter()
        .filter_map(|e| Some((e.handler.as_deref()?, e)))
        .collect();
    if events.is_empty() {
        return out;
    }
    for f in &a.files {
        if f.facts.handler_blocked.is_empty() {
            continue;
        }
        let g = &f.facts.fns;
        // Each use once, with the first event whose handler reaches it.
        let mut found: BTreeMap<u32, (&str, Span, &str, &crate::manifest::LaunchEvent)> =
            BTreeMap::new();
        for (handler, ev) in &events {
            let reach = reachable(g, handler);
            for (api, span, _) in f
                .facts
                .handler_blocked
                .iter()
                .filter(|(_, _, d)| *d == documented)
            {
                let Some(i) = g.container(*span) else {
                    continue;
                };
                if reach.get(i).copied().unwrap_or(false) && a.counts(f, *span) {
                    found.entry(span.start).or_insert((api, *span, handler, ev));
                }
            }
        }
        out.extend(
            found
                .into_values()
                .map(|(api, span, handler, ev)| (*f, api, span, handler, ev)),
        );
    }
    out
}

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for (f, api, span, handler, ev) in reached(a, true) {
        let at = a.manifest_location(ev.kind.span);
        out.push(
                Finding::new(
                    BlockedInEventHandler::META.code,
                    BlockedInEventHandler::META.severity,
                    format!(
                        "{api} is not supported in event-based activation, and `{handler}`, the handler of the `{}` event ({}), reaches it", ev.kind.value, at
                    ),
                )
                .at(f.location(span))
                .with_help(
                    "keep dialogs, forms and item.close out of event handlers; get tokens with OfficeRuntime.auth.getAccessToken or nested app authentication",
                ),
            );
    }
}
