//! End-to-end tests: run the built `audit` binary on the fixture add-ins under `fixtures/`
//! and assert verdicts, tiers, positions, findings and exit codes.
//!
//! One test binary for every CLI test (linking is the slow part on small machines), one
//! module per concern.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod commands;
mod common;
mod config;
mod errors;
mod exchange;
mod fix;
mod formats;
mod graph;
mod hostile;
mod layouts;
mod verdicts;
