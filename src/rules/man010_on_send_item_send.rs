//! MAN010: the manifest uses the `ItemSend` on-send event.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags `<Event Type="ItemSend">` (on-send add-ins) in the XML manifest: a warning for
    /// the first, an error for any second one.
    ///
    /// ## Why is this bad?
    /// Microsoft, "On-send feature for Outlook add-ins" (`outlook/outlook-on-send-addins.md`,
    /// ms.date 07/22/2025): on-send works only in add-in-only (XML) manifests, with
    /// `VersionOverridesV1_1`, one `ItemSend` event per manifest; Microsoft Marketplace refuses
    /// add-ins that use it ("Mailbox add-in containing `ItemSend` event is invalid"), so they
    /// reach users only through an administrator's deployment. Calling `appendOnSendAsync` from
    /// the handler fails.
    ///
    /// ## How to fix
    /// For an add-in meant for Marketplace, use Smart Alerts (the `OnMessageSend` /
    /// `OnAppointmentSend` launch events, Mailbox 1.12) with `SendMode` `SoftBlock` or
    /// `PromptUser`; they also work in the unified manifest.
    pub OnSendItemSend {
        code: "MAN010",
        name: "on-send-item-send",
        severity: Warning,
        summary: "the manifest uses the ItemSend on-send event: not accepted in Microsoft Marketplace, admin deployment only",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(OnSendItemSend::META.code, out);
}
