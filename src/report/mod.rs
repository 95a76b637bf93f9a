//! Reports: the model of an audit's results and the reporters that write it.
//!
//! Reporters are swappable, take a writer, and are deterministic (everything is sorted
//! before it gets here). Only `main.rs` and reporters write output.

mod excerpt;
mod github;
mod html;
mod json;
mod markdown;
mod prose;
mod sarif;
mod table;

use crate::finding::Finding;
use crate::manifest::Format;
use crate::rules::Evidence;
use crate::source::Location;
use crate::tiers::Tier;
use std::io::{self, Write};

pub use excerpt::{Excerpt, excerpt};
pub use github::{GithubReporter, step_summary};
pub use html::HtmlReporter;
pub use json::JsonReporter;
pub use markdown::MarkdownReporter;
pub use sarif::SarifReporter;
pub use table::TableReporter;

pub use crate::tiers::Verdict;

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

/// One HTTP request made with the callback token, for reports.
#[derive(Debug, Clone)]
pub struct RequestRow {
    /// `fetch`, `XMLHttpRequest`, `$.ajax`, `axios`.
    pub client: &'static str,
    /// The method, when known.
    pub method: Option<String>,
    /// The URL with its slots (`{restUrl}/v2.0/me/messages/{item}`), when readable.
    pub url: Option<String>,
    /// The tier it needs, when known.
    pub tier: Option<Tier>,
    /// Why that tier, or why it is not known.
    pub why: String,
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// The add-in's Microsoft Graph privilege, for reports.
#[derive(Debug, Clone, Default)]
pub struct MsGraphReport {
    /// Requested scopes (sign-in scopes left out), each with where it is written.
    pub requested: Vec<(String, Location)>,
    /// The narrowest scopes the Graph requests need together, when every request is known.
    pub needed: Option<Vec<String>>,
    /// The Graph requests.
    pub calls: Vec<GraphCallRow>,
    /// Whether the requested scopes could all be read (no `.default`, nothing computed).
    pub requested_known: bool,
    /// The verdict on the scopes, when the add-in uses Microsoft Graph.
    pub verdict: Option<crate::rules::msgraph::ScopeVerdict>,
    /// Requests outside Microsoft Graph that carry the add-in's access token (when
    /// `leaves_followed`), or that may (when not): its scopes leave for that server.
    pub leaves: Vec<Location>,
    /// Whether every access token was followed, so that `leaves` are the requests that carry
    /// one.
    pub leaves_followed: bool,
}

/// One Microsoft Graph request, for reports.
#[derive(Debug, Clone)]
pub struct GraphCallRow {
    /// `fetch`, `Graph client`, ….
    pub client: &'static str,
    /// The method, when known.
    pub method: Option<String>,
    /// The path pattern, when known.
    pub path: Option<String>,
    /// The narrowest scopes that allow it (empty when not known).
    pub least: Vec<&'static str>,
    /// Where.
    pub location: Location,
}

/// One entry point of a manifest and the local files it maps to.
#[derive(Debug, Clone, Default)]
pub struct EntryRow {
    /// The URL.
    pub url: String,
    /// Where the manifest names it (1-based).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The local files (pages first), empty when unmapped.
    pub files: Vec<String>,
    /// How they were found.
    pub via: Option<String>,
}

/// A file of the project that uses Office but is not loaded by the manifest: listed, never
/// counted.
#[derive(Debug, Clone)]
pub struct UnreachableRow {
    /// The file.
    pub file: String,
    /// The highest tier its uses would need.
    pub tier: Tier,
    /// The APIs it uses (the strictest first, at most a few).
    pub apis: Vec<String>,
}

/// What a fix does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixKind {
    /// Gives the manifest the tier its code needs (justified by TIER003, or TIER001/TIER002
    /// when it raises).
    Tier,
    /// Removes a supplementary permission nothing uses: justified by the SUP002 finding at
    /// that place, of this manifest or its twin's.
    Remove {
        /// The supplementary permission (`AppendOnSend`).
        name: String,
        /// Where the SUP002 finding that justifies it is.
        because: Location,
    },
}

/// One change `--fix` makes to a manifest ([`crate::fix`]): a span of its text replaced.
#[derive(Debug, Clone)]
pub struct Fix {
    /// The manifest file.
    pub path: std::path::PathBuf,
    /// What it does.
    pub kind: FixKind,
    /// The span in the decoded text: the declaring value (`ReadWriteMailbox` between the
    /// `<Permissions>` tags; the unified permission name's string literal), or the whole
    /// declaration a removal deletes.
    pub span: crate::source::Span,
    /// Where that is, as reported.
    pub at: Location,
    /// The text there now.
    pub from: String,
    /// The text it becomes.
    pub to: String,
    /// Whether it raises the tier (under-privilege: applied only with `--unsafe-fixes`).
    pub raises: bool,
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
    /// The add-in's id.
    pub id: Option<String>,
    /// Who publishes it.
    pub provider: Option<String>,
    /// Its version.
    pub version: Option<String>,
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
    /// HTTP requests made with the callback token.
    pub requests: Vec<RequestRow>,
    /// Microsoft Graph: scopes requested and needed, and the requests.
    pub graph: MsGraphReport,
    /// The changes `--fix` would make: this manifest's tier and unused supplementary
    /// permissions, and its twin's in the other format (the same add-in, fixed together) when
    /// the twin declares the same.
    pub fix: Vec<Fix>,
    /// What needs which tier, strictest first.
    pub evidence: Vec<Evidence>,
    /// The findings, sorted.
    pub findings: Vec<Finding>,
    /// Code around the evidence, the findings and the Graph requests (the first place of
    /// each, a bounded number), for the reports people read.
    pub excerpts: Vec<Excerpt>,
    /// The folders whose sources were scanned.
    pub roots: Vec<String>,
    /// The files scanned.
    pub files: Vec<String>,
    /// Files with invalid UTF-8 (read lossily).
    pub lossy_files: Vec<String>,
    /// Manifest source URLs and the local file each resolved to.
    pub urls: Vec<(String, Option<String>)>,
    /// The entry points with every file each maps to, and how.
    pub entries: Vec<EntryRow>,
    /// Files of the project that use Office but that the manifest does not load.
    pub unreachable: Vec<UnreachableRow>,
    /// Packages the add-in's code loads (libraries, not audited).
    pub packages: Vec<String>,
    /// What keeps the analysis from being complete.
    pub gaps: Vec<String>,
    /// The handler names the manifest gives.
    pub handlers: Vec<String>,
    /// Functions not counted because only other manifests' handlers reach them.
    pub excluded_functions: Vec<String>,
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

impl Report {
    /// How many findings of a severity the report holds.
    #[must_use]
    pub fn count(&self, severity: crate::finding::Severity) -> usize {
        self.manifests
            .iter()
            .flat_map(|m| &m.findings)
            .filter(|f| f.severity == severity)
            .count()
    }

    /// How many findings suppressions hid.
    #[must_use]
    pub fn suppressed(&self) -> usize {
        self.manifests.iter().map(|m| m.suppressed).sum()
    }

    /// How many findings the baseline hid.
    #[must_use]
    pub fn baselined(&self) -> usize {
        self.manifests.iter().map(|m| m.baselined).sum()
    }
}

/// Writes a report in one format.
pub trait Reporter {
    /// Writes the report.
    ///
    /// # Errors
    /// When writing fails.
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()>;
}

#[cfg(test)]
mod tests {
    //! Each reporter on one shared sample report, snapshotted (insta).
    use super::*;
    use crate::finding::Severity;
    use crate::source::Position;

    fn loc(file: &str, line: u32, column: u32, len: u32) -> Location {
        Location {
            file: file.to_owned(),
            position: Position {
                line,
                column,
                end_line: line,
                end_column: column + len,
            },
        }
    }

    fn finding(
        code: &'static str,
        severity: Severity,
        message: &str,
        at: Location,
        help: Option<&str>,
        fp: &str,
    ) -> Finding {
        let mut f = Finding::new(code, severity, message).at(at);
        f.help = help.map(str::to_owned);
        f.fingerprint = fp.to_owned();
        f
    }

    pub(super) fn sample_report() -> Report {
        let under = ManifestReport {
            manifest: "addins/stamper/manifest.xml".into(),
            format: Format::Xml,
            name: Some("Stamper".into()),
            id: Some("7f1c2d3e-0000-4000-8000-000000000001".into()),
            provider: Some("Contoso <Labs>".into()),
            version: Some("1.2.0.0".into()),
            excerpts: vec![excerpt(
                &crate::source::SourceText::new(
                    "addins/stamper/src/a b,c.js".into(),
                    "// stamp the body\nOffice.onReady(() => {\n  const item = Office.context.mailbox.item;\n  item.body.setAsync(\"<b>x</b> & y\", done);\n});\n".into(),
                ),
                &loc("addins/stamper/src/a b,c.js", 4, 13, 8),
                2,
            )],
            declared: Tier::ReadItem,
            declared_at: loc("addins/stamper/manifest.xml", 15, 16, 8),
            declared_explicitly: true,
            required: Tier::ReadWriteItem,
            verdict: Verdict::Under,
            modes: crate::kb::modes::COMPOSE,
            uses: vec![UseRow {
                api: "Office.Body.setAsync".into(),
                tier: Tier::ReadWriteItem,
                file: "addins/stamper/src/a b,c.js".into(),
                line: 4,
                column: 13,
                probe: false,
            }],
            requests: vec![],
            graph: MsGraphReport::default(),
            fix: Vec::new(),
            evidence: vec![Evidence {
                tier: Tier::ReadWriteItem,
                what: "Office.Body.setAsync".into(),
                location: loc("addins/stamper/src/a b,c.js", 4, 13, 8),
            }],
            findings: vec![
                finding(
                    "TIER001",
                    Severity::Error,
                    "`Office.Body.setAsync` needs ReadWriteItem but the manifest declares ReadItem",
                    loc("addins/stamper/src/a b,c.js", 4, 13, 8),
                    Some(
                        "declare ReadWriteItem in the manifest, or stop using `Office.Body.setAsync`",
                    ),
                    "00000000000000a1:1",
                ),
                finding(
                    "JS002",
                    Severity::Note,
                    "a computed member of `Office.MessageCompose` cannot be resolved statically: 100% sure\nsecond line",
                    loc("addins/stamper/src/a b,c.js", 9, 20, 5),
                    None,
                    "00000000000000a2:1",
                ),
            ],
            roots: vec!["addins/stamper".into()],
            files: vec!["addins/stamper/src/a b,c.js".into()],
            lossy_files: vec![],
            urls: vec![("https://localhost:3000/index.html".into(), None)],
            entries: vec![EntryRow {
                url: "https://localhost:3000/index.html".into(),
                line: 12,
                column: 40,
                files: vec![],
                via: None,
            }],
            unreachable: vec![UnreachableRow {
                file: "addins/stamper/old/legacy.js".into(),
                tier: Tier::ReadWriteMailbox,
                apis: vec!["Office.Mailbox.makeEwsRequestAsync".into()],
            }],
            packages: vec!["@azure/msal-browser".into()],
            gaps: vec![],
            handlers: vec!["onSend".into()],
            excluded_functions: vec![],
            skipped_libraries: vec!["addins/stamper/lib/office.js".into()],
            config: None,
            fail_on: crate::settings::FailOn::Error,
            suppressed: 1,
            baselined: 0,
        };
        let over = ManifestReport {
            manifest: "addins/reader/manifest.json".into(),
            format: Format::Json,
            name: Some("Reader".into()),
            id: None,
            provider: None,
            version: None,
            excerpts: Vec::new(),
            declared: Tier::ReadWriteMailbox,
            declared_at: loc("addins/reader/manifest.json", 20, 19, 24),
            declared_explicitly: true,
            required: Tier::ReadItem,
            verdict: Verdict::Over,
            modes: crate::kb::modes::READ,
            uses: vec![],
            requests: vec![],
            graph: MsGraphReport::default(),
            fix: vec![Fix {
                path: "addins/reader/manifest.json".into(),
                kind: FixKind::Tier,
                span: crate::source::Span::new(400, 424),
                at: loc("addins/reader/manifest.json", 20, 19, 24),
                from: "\"Mailbox.ReadWrite.User\"".into(),
                to: "\"MailboxItem.Read.User\"".into(),
                raises: false,
            }],
            evidence: vec![],
            findings: vec![finding(
                "TIER003",
                Severity::Warning,
                "the manifest declares ReadWriteMailbox but the add-in needs only ReadItem",
                loc("addins/reader/manifest.json", 20, 19, 24),
                Some("change \"Mailbox.ReadWrite.User\" to \"MailboxItem.Read.User\""),
                "00000000000000b1:1",
            )],
            roots: vec!["addins/reader".into()],
            files: vec![],
            lossy_files: vec![],
            urls: vec![],
            entries: vec![],
            unreachable: vec![],
            packages: vec![],
            gaps: vec![],
            handlers: vec![],
            excluded_functions: vec![],
            skipped_libraries: vec![],
            config: Some("addin-audit.toml".into()),
            fail_on: crate::settings::FailOn::Warning,
            suppressed: 0,
            baselined: 2,
        };
        Report {
            manifests: vec![under, over],
            skipped: vec![(
                "addins/excel/manifest.xml".into(),
                "TaskPaneApp manifest, not an Outlook add-in".into(),
            )],
            errors: vec![],
        }
    }

    fn render(r: &mut dyn Reporter) -> String {
        let mut out = Vec::new();
        r.report(&mut out, &sample_report()).expect("writes");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn table() {
        insta::assert_snapshot!(render(&mut TableReporter {
            verbose: true,
            color: false
        }));
    }

    #[test]
    fn json() {
        let text = render(&mut JsonReporter);
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        insta::assert_json_snapshot!(v);
    }

    #[test]
    fn sarif() {
        let text = render(&mut SarifReporter);
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        insta::assert_json_snapshot!(v, {
            ".runs[0].tool.driver.version" => "[VERSION]",
            ".runs[0].tool.driver.semanticVersion" => "[VERSION]",
            ".runs[0].originalUriBaseIds" => "[CWD]",
            ".runs[0].tool.driver.rules" => "[RULES]",
        });
    }

    #[test]
    fn html() {
        let page = render(&mut HtmlReporter).replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
        insta::assert_snapshot!(page);
    }

    #[test]
    fn markdown() {
        insta::assert_snapshot!(render(&mut MarkdownReporter));
    }

    #[test]
    fn github() {
        insta::assert_snapshot!(render(&mut GithubReporter));
        insta::assert_snapshot!("github_step_summary", step_summary(&sample_report()));
    }
}
