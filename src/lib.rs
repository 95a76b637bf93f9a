//! addin-audit: audits Microsoft Outlook add-ins for least privilege.
//!
//! The pipeline: find manifests ([`manifest`]), find and read the add-in's sources
//! ([`discover`], [`source`]), scan them for Office API use ([`scan`]), judge the facts
//! against the declared tier ([`rules`]), and report ([`report`]).
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod kb;
pub mod tiers;
pub mod finding;
pub mod manifest;
pub mod source;
pub mod discover;
pub mod scan;
