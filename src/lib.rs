//! addin-audit: audits Microsoft Outlook add-ins for least privilege.
//!
//! The pipeline, conducted by [`app`]: find manifests ([`discover`], [`manifest`]), resolve
//! each one's settings ([`plan`]), map its entry points to files and follow its module graph
//! ([`project`], [`modules`]), scan each file once for facts ([`scan`]), judge the facts
//! against the declared tier ([`judge`], [`rules`]), and report ([`report`]). The knowledge
//! the rules consult is in [`kb`] (Office API → tier) and [`msgraph`] (Graph request →
//! scope). Low types every stage shares are in [`source`], [`tiers`] and [`finding`].
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod finding;
pub mod fix;
pub mod fuzzing;
pub mod html;
pub mod judge;
pub mod kb;
pub mod manifest;
pub mod modules;
pub mod msgraph;
pub mod plan;
pub mod project;
#[cfg(test)]
mod proptests;
pub mod report;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod source;
pub mod stack;
pub mod suppress;
pub mod tiers;
