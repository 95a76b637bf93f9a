//! Reports: the model of an audit's results and the reporters that write it.
//!
//! Reporters are swappable, take a writer, and are deterministic (everything is sorted
//! before it gets here). Only `main.rs` and reporters write output.

mod github;
mod json;
mod sarif;
mod table;

use std::io::{self, Write};

use crate::finding::{Finding, Location};
use crate::manifest::Format;
use crate::rules::Evidence;
use crate::tiers::Tier;

pub use github::{GithubReporter, step_summary};
pub use json::JsonReporter;
pub use sarif::SarifReporter;
pub use table::TableReporter;

/// The verdict for one manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The declared tier is what the add-in needs.
    Ok,
    /// The add-in needs more than it declares: it fails at run time.
    Under,
    /// The add-in declares more than it needs.
    Over,
}

impl Verdict {
    /// `ok`, `under` or `over`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Under => "under",
            Verdict::Over => "over",
        }
    }
}

/// One API use, for reports.
#[derive(Debug, Clone)]
pub struct UseRow {
    /// `Office.Interface.member`.
    pub api: String,
    /// The tier it needs.
    pub tier: Tier,
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Only a feature probe.
    pub probe: bool,
}

/// The results for one manifest.
#[derive(Debug, Clone)]
pub struct ManifestReport {
    /// The manifest's path as shown.
    pub manifest: String,
    /// XML or JSON.
    pub format: Format,
    /// The add-in's display name.
    pub name: Option<String>,
    /// The declared tier.
    pub declared: Tier,
    /// Where it is declared (or where a declaration would go).
    pub declared_at: Location,
    /// Whether the manifest declares a tier at all.
    pub declared_explicitly: bool,
    /// The least tier the evidence needs.
    pub required: Tier,
    /// The verdict.
    pub verdict: Verdict,
    /// The modes the add-in activates in.
    pub modes: u8,
    /// Every API use (probes included, marked).
    pub uses: Vec<UseRow>,
    /// What needs which tier, strictest first.
    pub evidence: Vec<Evidence>,
    /// The findings, sorted.
    pub findings: Vec<Finding>,
    /// The folders whose sources were scanned.
    pub roots: Vec<String>,
    /// The files scanned.
    pub files: Vec<String>,
    /// Files with invalid UTF-8 (read lossily).
    pub lossy_files: Vec<String>,
    /// Manifest source URLs and the local file each resolved to.
    pub urls: Vec<(String, Option<String>)>,
    /// Copies of Microsoft's office.js library that were skipped.
    pub skipped_libraries: Vec<String>,
    /// The configuration file that applied, if any.
    pub config: Option<String>,
    /// When this manifest's findings fail the run.
    pub fail_on: crate::settings::FailOn,
    /// How many findings suppressions hid.
    pub suppressed: usize,
    /// How many findings the baseline hid.
    pub baselined: usize,
}

/// The results of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The audited Outlook manifests.
    pub manifests: Vec<ManifestReport>,
    /// Manifests skipped as not for Outlook: (path, why).
    pub skipped: Vec<(String, String)>,
    /// What kept the tool from doing its job (exit 2).
    pub errors: Vec<String>,
}

/// Writes a report in one format.
pub trait Reporter {
    /// Writes the report.
    ///
    /// # Errors
    /// When writing fails.
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()>;
}
