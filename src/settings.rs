//! Resolved settings: what the core sees, whatever the command line looked like. The
//! configuration file ([`crate::config`]) fills in what the command line leaves open.

use crate::finding::Severity;
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

/// Which Exchange the add-in's users have mailboxes on: legacy tokens, Outlook REST and EWS
/// are off in Exchange Online and still work on premises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Exchange {
    /// Exchange Online (Microsoft 365), the default.
    #[default]
    Online,
    /// Exchange Server on premises only.
    OnPremises,
    /// Both.
    Any,
}

impl Exchange {
    /// Parses `online`, `on-premises` or `any`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Exchange> {
        Some(match s {
            "online" => Exchange::Online,
            "on-premises" => Exchange::OnPremises,
            "any" => Exchange::Any,
            _ => return None,
        })
    }
}

/// Bounds that keep hostile input from costing unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Source files larger than this many bytes are skipped with a finding.
    pub max_file_size: u64,
    /// At most this many source files are scanned per manifest.
    pub max_files: usize,
    /// Sources nesting brackets deeper than this are skipped with a finding (real code stays
    /// below 70; parsers recurse).
    pub max_nesting: usize,
    /// Manifests larger than this many bytes are errors.
    pub max_manifest_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 << 20,
            max_files: 100_000,
            max_nesting: 10_000,
            max_manifest_size: 64 << 20,
        }
    }
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
    /// Which Exchange the add-in serves; `None` leaves it to the configuration (default:
    /// online).
    pub exchange: Option<Exchange>,
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
    /// Limits; `None` fields of the configuration keep these.
    pub limits: Limits,
    /// Show a progress bar on stderr for long scans (the caller checks for a terminal).
    pub progress: bool,
}

/// What a code's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Dropped.
    Allow,
    /// Reported as notes.
    Note,
    /// Reported as warnings.
    Warn,
    /// Reported as errors.
    Deny,
}

impl Level {
    /// Parses `allow`, `note`, `warn` or `deny`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "allow" => Level::Allow,
            "note" => Level::Note,
            "warn" => Level::Warn,
            "deny" => Level::Deny,
            _ => return None,
        })
    }

    /// The severity findings get, or `None` when they are dropped.
    #[must_use]
    pub const fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}
