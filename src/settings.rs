//! Resolved settings: what the core sees, whatever the command line looked like. The
//! configuration file ([`crate::config`]) fills in what the command line leaves open.

use std::path::PathBuf;

use crate::config::Level;

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
    /// When the run fails; `None` leaves it to the configuration (default: errors).
    pub fail_on: Option<FailOn>,
    /// Levels per code from the command line (they win over the configuration), in order.
    pub levels: Vec<(String, Level)>,
    /// A configuration file that replaces discovery.
    pub config: Option<PathBuf>,
    /// Do not look for configuration files.
    pub no_config: bool,
    /// Report suppressed findings too.
    pub no_suppress: bool,
    /// Report only findings whose fingerprints are not in this baseline file.
    pub baseline: Option<PathBuf>,
    /// Write the findings' fingerprints to this baseline file.
    pub write_baseline: Option<PathBuf>,
    /// Show a progress bar on stderr for long scans (the caller checks for a terminal).
    pub progress: bool,
}
