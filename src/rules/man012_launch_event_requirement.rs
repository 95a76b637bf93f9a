//! MAN012: a launch event needs a newer Mailbox requirement set than the manifest's minimum.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags each launch event (event-based activation) whose `Mailbox` requirement set is
    /// above every `Mailbox` version the manifest requires (top level, `VersionOverrides`,
    /// unified `requirements`): `OnNewMessageCompose` needs
    /// 1.10, the attachment/recipient/attendee/time/recurrence events 1.11, `OnMessageSend`,
    /// `OnAppointmentSend`, `OnMessageCompose` and `OnAppointmentOrganizer` 1.12, the
    /// from-changed and sensitivity-label events 1.13, `OnMessageDecrypt` 1.16. The table is
    /// hand-kept in `data/overrides.toml` with its source.
    ///
    /// ## Why is this bad?
    /// Microsoft, "Activate add-ins with events" (`develop/event-based-activation.md`, ms.date
    /// 07/30/2026), supported-events table: clients below the event's set install the add-in
    /// and never fire the event, so the feature silently does nothing for those users.
    ///
    /// ## How to fix
    /// Raise the manifest's `Mailbox` `MinVersion` (XML `<Requirements>`, unified
    /// `extensions[].requirements.capabilities`) to the event's set, or accept that older
    /// clients run without the event.
    pub LaunchEventRequirement {
        code: "MAN012",
        name: "launch-event-requirement",
        severity: Warning,
        summary: "a launch event needs a newer Mailbox requirement set than the manifest's minimum",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    let ov = crate::kb::overrides::get();
    // The `Mailbox` version that governs the events: the highest the manifest requires. Launch
    // events live in `VersionOverrides` (unified: `autoRunEvents`), whose own requirement
    // (1.10 in Microsoft's samples, over a top-level 1.1) keeps older clients on the plain
    // add-in: those never see the events, by design. 1.1 when it names none.
    let floor = a.manifest.mailbox_sets.iter().map(|(v, _)| *v).max();
    let minimum = floor.unwrap_or(1);
    for ev in &a.manifest.launch_events {
        let Some(fact) = ov.launch_event(&ev.kind.value) else {
            continue;
        };
        if fact.set <= minimum {
            continue;
        }
        let declared = match floor {
            Some(v) => format!("the manifest requires only Mailbox 1.{v}"),
            None => "the manifest requires no Mailbox version (1.1)".to_owned(),
        };
        out.push(
            Finding::new(
                LaunchEventRequirement::META.code,
                LaunchEventRequirement::META.severity,
                format!(
                    "the `{}` event needs Mailbox 1.{} but {declared}: clients from 1.{minimum} to 1.{} install the add-in and never fire the event",
                    ev.kind.value,
                    fact.set,
                    fact.set - 1
                ),
            )
            .at(a.manifest_location(ev.kind.span))
            .with_help(format!(
                "require Mailbox 1.{} (MinVersion) if the add-in cannot work without the event",
                fact.set
            )),
        );
    }
}
