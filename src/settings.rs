//! Resolved settings: what the core sees, whatever the command line looked like.

use std::path::PathBuf;

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Errors fail the run (the default).
    #[default]
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Nothing fails the run (exit 2 for tool errors still applies).
    Never,
}

/// The settings of an audit run.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Manifests or folders to audit.
    pub paths: Vec<PathBuf>,
    /// Source folders that replace discovery, when given.
    pub src: Vec<PathBuf>,
    /// When the run fails.
    pub fail_on: FailOn,
}
