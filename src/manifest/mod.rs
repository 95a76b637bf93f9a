//! One manifest model, two parsers (XML and the unified JSON manifest).
//!
//! Every value the rules use keeps its [`Span`] in the manifest text, so findings point at
//! the `<Permissions>` element, the `<Rule>` or the JSON permission name.

mod json;
mod xml;

use std::path::Path;

use crate::finding::Severity;
use crate::source::{SourceText, Span, decode};
use crate::tiers::Tier;

/// The two manifest formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The add-in only manifest (`OfficeApp` XML).
    Xml,
    /// The unified manifest for Microsoft 365 (JSON).
    Json,
}

impl Format {
    /// `xml` or `json`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }
}

/// An activation rule from an XML manifest.
#[derive(Debug, Clone)]
pub struct ActivationRule {
    /// The rule's `xsi:type`.
    pub kind: String,
    /// For `ItemHasKnownEntity`: its `EntityType`.
    pub entity: Option<String>,
    /// The `<Rule>` element.
    pub span: Span,
}

/// An event that launches the add-in (event-based activation).
#[derive(Debug, Clone)]
pub struct LaunchEvent {
    /// Its type as the manifest spells it (`OnMessageSend`, `messageSending`), with its span.
    pub kind: Spanned,
    /// The handler: the XML `FunctionName`, or the unified `actionId`.
    pub handler: Option<String>,
}

impl ActivationRule {
    /// How the manifest writes it, for evidence: `<Rule xsi:type="ItemHasAttachment">`.
    #[must_use]
    pub fn markup(&self) -> String {
        match (&self.entity, self.kind.as_str()) {
            (_, "SupportsMultiSelect") => "item multi-select".to_owned(),
            (Some(e), k) => format!("<Rule xsi:type=\"{k}\" EntityType=\"{e}\">"),
            (None, k) => format!("<Rule xsi:type=\"{k}\">"),
        }
    }

    /// How a message names it: the `ItemHasAttachment` rule.
    #[must_use]
    pub fn describe(&self) -> String {
        match (&self.entity, self.kind.as_str()) {
            (_, "SupportsMultiSelect") => "item multi-select".to_owned(),
            (Some(e), k) => format!("`{k}` rule on `{e}`"),
            (None, k) => format!("`{k}` rule"),
        }
    }
}

/// A value with its place in the manifest.
#[derive(Debug, Clone)]
pub struct Spanned {
    /// The value.
    pub value: String,
    /// Where it is.
    pub span: Span,
}

/// A supplementary permission the manifest declares (`AppendOnSend`, `SharedFolders`).
#[derive(Debug, Clone)]
pub struct Supplementary {
    /// Its name in the overrides table.
    pub value: String,
    /// The declaring value (the element's text, the permission name's literal).
    pub span: Span,
    /// What to delete to remove the declaration: the element (with its `<ExtendedPermissions>`
    /// parent when it is the only child), or the unified entry with the comma that separates
    /// it, widened to whole lines when it stands alone on them.
    pub declaration: Span,
}

/// The span widened to whole lines when nothing but blanks shares its first and last lines:
/// deleting it then leaves no empty line behind.
#[must_use]
pub fn whole_lines(text: &str, span: Span) -> Span {
    let (start, end) = (span.start as usize, span.end as usize);
    let (line_start, line_end) = crate::source::line_bounds(text, start, end);
    let blank = |t: Option<&str>| t.is_some_and(|t| t.trim().is_empty());
    if blank(text.get(line_start..start)) && blank(text.get(end..line_end)) {
        Span::new(
            u32::try_from(line_start).unwrap_or(span.start),
            u32::try_from(line_end).unwrap_or(span.end),
        )
    } else {
        span
    }
}

/// A problem with a manifest that is not fatal (a finding of the manifest's own).
#[derive(Debug, Clone)]
pub struct Problem {
    /// The rule code.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// What to do.
    pub help: Option<String>,
}

/// An Outlook add-in manifest, parsed.
#[derive(Debug)]
pub struct Manifest {
    /// The manifest's text.
    pub source: SourceText,
    /// XML or JSON.
    pub format: Format,
    /// The add-in's display name, when the manifest gives one.
    pub name: Option<String>,
    /// The add-in's id (XML `<Id>`, unified `id`), which an XML manifest and its unified
    /// twin share.
    pub id: Option<Spanned>,
    /// Who publishes it (XML `<ProviderName>`, unified `developer.name`).
    pub provider: Option<String>,
    /// Its version (XML `<Version>`, unified `version`).
    pub version: Option<String>,
    /// The declared tier (Restricted when none is declared).
    pub declared: Tier,
    /// The declaring value (`<Permissions>` text, JSON permission name) or, when nothing is
    /// declared, the place a declaration would go.
    pub declared_span: Span,
    /// Whether the manifest declares a tier at all.
    pub declared_explicitly: bool,
    /// Activation rules (XML only).
    pub activation_rules: Vec<ActivationRule>,
    /// Supplementary permissions declared (`AppendOnSend`, `SharedFolders`).
    pub supplementary: Vec<Supplementary>,
    /// The Outlook modes the add-in activates in ([`crate::kb::modes`] bits).
    pub modes: u8,
    /// The modes its rules and surfaces name by item type (`ItemIs ItemType="Message"`,
    /// `MessageReadCommandSurface`), without what a bare `<Form>` adds: which of two members
    /// of equal tier a report names (`MessageRead.itemId`, not `AppointmentRead.itemId`, for
    /// a message add-in). Never a tier's reason.
    pub named_modes: u8,
    /// Source URLs (task panes, function files, runtimes, scripts).
    pub urls: Vec<Spanned>,
    /// The other origins the add-in's pages load from or navigate to (XML `<AppDomain>`,
    /// unified `validDomains`): scripts there are the add-in's own.
    pub app_domains: Vec<String>,
    /// The JavaScript functions the manifest names as handlers (`FunctionName`, launch
    /// events, `ItemSend`, unified `actions[].id`): what Outlook invokes by name.
    pub handlers: Vec<Spanned>,
    /// Declared minimum `Mailbox` requirement set minor versions.
    pub mailbox_sets: Vec<(u8, Span)>,
    /// The Graph scopes `<WebApplicationInfo><Scopes>` declares for single sign-on
    /// (`Office.auth.getAccessToken`); `None` when the manifest has no such list (the unified
    /// manifest's `webApplicationInfo` leaves them to the app registration).
    pub sso_scopes: Option<Vec<Spanned>>,
    /// Launch events (XML `<LaunchEvent Type>`, unified `autoRunEvents[].events[].type`),
    /// each with the handler Outlook runs for it.
    pub launch_events: Vec<LaunchEvent>,
    /// Non-fatal problems.
    pub problems: Vec<Problem>,
}

/// What a file turned out to be.
#[derive(Debug)]
pub enum Loaded {
    /// An Outlook add-in manifest.
    Outlook(Box<Manifest>),
    /// A manifest for another host (Excel, Word, …).
    OtherHost {
        /// What it is (`TaskPaneApp`, `ContentApp`, a JSON manifest without mail scope).
        kind: String,
    },
    /// Not an add-in manifest at all.
    NotManifest {
        /// Why we think so.
        why: String,
    },
}

/// Why a manifest could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", .line_col.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ManifestError {
    /// The manifest's path as shown.
    pub path: String,
    /// Where in the file, when known.
    pub line_col: Option<(u32, u32)>,
    /// What went wrong and what was expected.
    pub message: String,
}

impl ManifestError {
    pub(crate) fn at(source: &SourceText, offset: Option<u32>, message: impl Into<String>) -> Self {
        ManifestError {
            path: crate::source::display_path(source.path()),
            line_col: offset.map(|o| source.line_col(o)),
            message: message.into(),
        }
    }
}

/// Reads and parses a manifest file, deciding its format by content.
///
/// # Errors
/// When the file cannot be read, or is a malformed manifest.
pub fn load(path: &Path) -> Result<Loaded, ManifestError> {
    load_limited(path, crate::settings::Limits::default().max_manifest_size)
}

/// [`load`], refusing files larger than `max_size` bytes.
///
/// # Errors
/// When the file cannot be read, is too large, or is a malformed manifest.
pub fn load_limited(path: &Path, max_size: u64) -> Result<Loaded, ManifestError> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > max_size {
        return Err(ManifestError {
            path: crate::source::display_path(path),
            line_col: None,
            message: format!(
                "the file is {}, above the manifest size limit of {} ([limits] max-manifest-size); real manifests are a few KB",
                crate::source::size_text(size),
                crate::source::size_text(max_size)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ManifestError {
        path: crate::source::display_path(path),
        line_col: None,
        message: format!("cannot read the file: {e}"),
    })?;
    parse(path, &bytes)
}

/// Parses manifest bytes, deciding the format by content.
///
/// # Errors
/// When the bytes are a malformed manifest.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded, ManifestError> {
    let (text, _lossy) = decode(bytes);
    let source = SourceText::new(path.to_path_buf(), text);
    let first = source.text.trim_start().chars().next();
    match first {
        Some('<') => xml::parse(source),
        Some('{') => json::parse(source),
        None => Err(ManifestError::at(
            &source,
            None,
            "the file is empty; expected an XML (<OfficeApp>) or JSON add-in manifest",
        )),
        Some(_) => Err(ManifestError::at(
            &source,
            Some(u32::try_from(source.text.len() - source.text.trim_start().len()).unwrap_or(0)),
            "not a manifest: expected an XML (<OfficeApp>) or JSON add-in manifest",
        )),
    }
}
