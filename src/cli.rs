//! The command line, as clap types only. `main.rs` turns these into [`crate::settings::Settings`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Audits Microsoft Outlook add-ins for least privilege: compares the manifest's permission
/// tier with the Office JavaScript APIs the add-in's code uses, and reports under- and
/// over-privilege with evidence at <file:line:col>.
#[derive(Debug, Parser)]
#[command(
    name = "audit",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the tool could not do its job.\nA folder named like a subcommand (apis, explain, rules) must be written as ./apis."
)]
pub struct Cli {
    /// A command other than auditing.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of an audit.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `audit [PATH]...`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifest files (XML or unified JSON) or folders to search for manifests [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Scan these source folders instead of discovering them from the manifest (repeatable).
    #[arg(long, value_name = "DIR")]
    pub src: Vec<PathBuf>,
    /// The lowest severity that makes the run fail (exit 1) [default: error, or the config's fail-on]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Where the add-in's users' mailboxes are: legacy Exchange tokens, Outlook REST and EWS are off in Exchange Online [default: online, or the config's exchange]
    #[arg(long, value_enum, value_name = "WHERE")]
    pub exchange: Option<Exchange>,
    /// Drop the findings of CODE (repeatable; overrides the config).
    #[arg(long, value_name = "CODE", help_heading = "Finding levels")]
    pub allow: Vec<String>,
    /// Report CODE as a warning (repeatable; overrides --allow and the config).
    #[arg(long, value_name = "CODE", help_heading = "Finding levels")]
    pub warn: Vec<String>,
    /// Report CODE as an error (repeatable; overrides --allow, --warn and the config).
    #[arg(long, value_name = "CODE", help_heading = "Finding levels")]
    pub deny: Vec<String>,
    /// Use this configuration file instead of looking for addin-audit.toml.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "no_config",
        help_heading = "Configuration"
    )]
    pub config: Option<PathBuf>,
    /// Do not look for a configuration file.
    #[arg(long, help_heading = "Configuration")]
    pub no_config: bool,
    /// Report findings that audit-ignore comments or [[suppress]] entries would hide.
    #[arg(long, help_heading = "Configuration")]
    pub no_suppress: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (and exit 0 unless the tool failed).
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,
    /// List every API use, every piece of evidence and every scanned file (table format).
    #[arg(long, short)]
    pub verbose: bool,
    /// When to colour the table.
    #[arg(
        long,
        value_enum,
        default_value_t = Color::Auto,
        value_name = "WHEN",
        help = "Colour the table: auto (only on a terminal, and never with NO_COLOR set), always, never"
    )]
    pub color: Color,
    /// Write the report to FILE; with a format other than table, the table still goes to the terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Writing the tier the code needs into the manifests.
    #[command(flatten)]
    pub fixes: FixArgs,
}

/// `--fix`, `--diff`, `--unsafe-fixes`.
#[derive(Debug, Clone, Args)]
pub struct FixArgs {
    /// Lower each over-privileged manifest's tier to what its code needs (only the tier's value
    /// changes; never when the analysis is incomplete), then report what remains.
    #[arg(long, help_heading = "Fixes")]
    pub fix: bool,
    /// Print the changes --fix would make as a unified diff, and write nothing.
    #[arg(long, conflicts_with = "fix", help_heading = "Fixes")]
    pub diff: bool,
    /// With --fix or --diff, also raise under-privileged tiers (this widens what the add-in may do).
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings, verdicts and evidence for people.
    Table,
    /// A versioned JSON document for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page, for people deciding whether to deploy an add-in.
    Html,
    /// The HTML page's content as Markdown, for pull-request comments and step summaries.
    Markdown,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Formats of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// JSON for tools.
    Json,
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Findings never fail the run.
    Never,
}

/// `--exchange` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Exchange {
    /// Exchange Online (Microsoft 365).
    Online,
    /// Exchange Server on premises.
    OnPremises,
    /// Both.
    Any,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every Office API in the knowledge base with its tier, modes, requirement set and source.
    Apis {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Explain an API (`Office.Body.setAsync`, `body.setAsync`, `setAsync`), a finding code (`TIER003`) or a tier.
    Explain {
        /// What to explain.
        #[arg(value_name = "API|CODE|TIER")]
        what: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from these definitions.
    Man,
    /// List every finding code.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}
