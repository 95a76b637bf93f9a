//! MAN011: a Smart Alerts event blocks sending, which limits the add-in to admin deployment.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Flags Smart Alerts events (`OnMessageSend`, `OnAppointmentSend`; unified
    /// `messageSending`, `appointmentSending`) whose send mode is `Block`.
    ///
    /// ## Why is this bad?
    /// Microsoft, "Smart Alerts deployment" (`includes/outlook-smart-alerts-deployment.md`;
    /// `outlook/onmessagesend-onappointmentsend-events.md`, 2026-04-03): Microsoft Marketplace
    /// accepts Smart Alerts add-ins only with `SendMode` `PromptUser` or `SoftBlock`; with
    /// `Block` the add-in can be deployed only by an administrator.
    ///
    /// ## How to fix
    /// Use `SoftBlock` (blocks until the user fixes the item, but lets them send when the
    /// add-in is unavailable) or `PromptUser`; keep `Block` only for admin-deployed add-ins.
    pub SendModeBlock {
        code: "MAN011",
        name: "send-mode-block",
        severity: Warning,
        summary: "a Smart Alerts event blocks sending, which limits the add-in to admin deployment",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    a.manifest_problems(SendModeBlock::META.code, out);
}
