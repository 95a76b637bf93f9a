//! addin-audit: audits Microsoft Outlook add-ins for least privilege.
//!
//! The pipeline: find manifests ([`manifest`]), find and read the add-in's sources
//! ([`discover`], [`source`]), scan them for Office API use ([`scan`]), judge the facts
//! against the declared tier ([`rules`]), and report ([`report`]).
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyse;
pub mod app;
pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod finding;
pub mod fix;
pub mod fuzzing;
pub mod graph;
pub mod html;
pub mod judge;
pub mod kb;
pub mod manifest;
pub mod plan;
pub mod project;
#[cfg(test)]
mod proptests;
pub mod report;
pub mod rules;
pub mod scan;
pub mod scopes;
pub mod settings;
pub mod source;
pub mod stack;
pub mod suppress;
pub mod tiers;
