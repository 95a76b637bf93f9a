//! `addin-audit.toml` (or `.addin-audit.toml`): per-project settings, found in the add-in's
//! project root or any folder above it. Unknown keys and bad values are errors with
//! `file:line:col`. Paths in the file are relative to the file's folder.
//!
//! ```toml
//! fail-on = "warning"              # error | warning | never
//! exchange = "online"              # online | on-premises | any: where users' mailboxes are
//! extra-src = ["../web"]           # extra source folders, searched after the project
//! ignore = ["dist/legacy/", "**/*.spec.ts"]   # gitignore syntax
//!
//! [rules]                          # per code: allow | note | warn | deny
//! TIER003 = "deny"
//!
//! [[suppress]]                     # manifest findings (JSON has no comments)
//! manifest = "manifest.json"
//! code = "TIER003"
//! reason = "our server uses the REST token to file mail into folders"
//!
//! [[map]]                          # where a URL's files are, when the audit cannot tell
//! url = "https://addin.contoso.com/"
//! path = "web/public/"
//!
//! [limits]                         # bounds for hostile input (these are the defaults)
//! max-file-size = 67108864         # bytes; larger sources are skipped with JS004
//! max-files = 100000               # sources per manifest; the rest are skipped with MAN004
//! max-nesting = 10000              # bracket depth; deeper sources are skipped with JS004
//!
//! [[manifest]]                     # settings for one manifest of a monorepo
//! path = "packages/reader/manifest.xml"
//! extra-src = ["packages/reader/web"]
//! ignore = ["packages/reader/legacy/"]
//! rules = { REQ001 = "allow" }
//! fail-on = "never"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::settings::Level;
use crate::settings::{Exchange, FailOn};
use crate::source::{SourceText, Span, canonical, display_path};

/// The canonical code of a finding code or rule name, `None` when no rule has it: the rules'
/// registry, which `app` passes to [`Config::load`].
pub type KnownCode = fn(&str) -> Option<&'static str>;

/// The file names looked for, in order.
pub const FILE_NAMES: &[&str] = &["addin-audit.toml", ".addin-audit.toml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    fail_on: Option<Spanned<String>>,
    exchange: Option<Spanned<String>>,
    /// `extra-src`; `src`, its name before 0.2, is still read (the command line's `--src`
    /// means "only these", so the file's key says "as well").
    #[serde(default, alias = "src")]
    extra_src: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    suppress: Vec<Spanned<RawSuppress>>,
    #[serde(default)]
    manifest: Vec<Spanned<RawManifest>>,
    #[serde(default)]
    map: Vec<Spanned<RawMap>>,
    limits: Option<RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMap {
    url: String,
    path: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[expect(clippy::struct_field_names, reason = "the TOML keys are max-*")]
struct RawLimits {
    max_file_size: Option<u32>,
    max_files: Option<u32>,
    max_nesting: Option<u32>,
    max_manifest_size: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSuppress {
    manifest: String,
    code: Spanned<String>,
    reason: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawManifest {
    path: String,
    fail_on: Option<Spanned<String>>,
    exchange: Option<Spanned<String>>,
    /// `extra-src`; `src`, its name before 0.2, is still read (the command line's `--src`
    /// means "only these", so the file's key says "as well").
    #[serde(default, alias = "src")]
    extra_src: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    map: Vec<Spanned<RawMap>>,
}

/// A `[[suppress]]` entry.
#[derive(Debug, Clone)]
pub struct Suppress {
    /// The manifest, resolved against the config's folder.
    pub manifest: PathBuf,
    /// The code.
    pub code: String,
    /// Why.
    pub reason: String,
    /// Where the entry is, for "matches nothing" findings.
    pub at: crate::source::Location,
}

/// Settings of one scope (the whole file, or one `[[manifest]]`).
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `exchange`.
    pub exchange: Option<Exchange>,
    /// `extra-src`: source folders searched after the project's own (absolute, or relative
    /// to the current folder). Unlike `--src`, they add to discovery rather than replace it.
    pub extra_src: Vec<PathBuf>,
    /// Gitignore-style patterns, relative to [`Config::dir`].
    pub ignore: Vec<String>,
    /// Levels per code.
    pub rules: Vec<(String, Level)>,
    /// `[[map]]` entries: URL prefixes and the local paths that serve them.
    pub maps: Vec<crate::config::UrlMap>,
}

/// A parsed configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its folder (paths in the file are relative to it).
    pub dir: PathBuf,
    /// Top-level settings.
    pub global: Section,
    /// `[[manifest]]` settings, by resolved manifest path.
    pub manifests: Vec<(PathBuf, Section)>,
    /// `[[suppress]]` entries.
    pub suppress: Vec<Suppress>,
    /// `[limits]`, applied over the defaults.
    pub limits: crate::settings::Limits,
}

/// A configuration error with its place.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn error_at(src: &SourceText, span: std::ops::Range<usize>, msg: &str) -> ConfigError {
    let (line, col) = src.line_col(u32::try_from(span.start).unwrap_or(0));
    ConfigError(format!("{}:{line}:{col}: {msg}", display_path(src.path())))
}

fn fail_on(src: &SourceText, v: Option<&Spanned<String>>) -> Result<Option<FailOn>, ConfigError> {
    let Some(v) = v else { return Ok(None) };
    let f = match v.get_ref().as_str() {
        "error" => FailOn::Error,
        "warning" => FailOn::Warning,
        "never" => FailOn::Never,
        other => {
            return Err(error_at(
                src,
                v.span(),
                &format!("invalid fail-on `{other}`; expected error, warning or never"),
            ));
        }
    };
    Ok(Some(f))
}

fn exchange(
    src: &SourceText,
    v: Option<&Spanned<String>>,
) -> Result<Option<Exchange>, ConfigError> {
    let Some(v) = v else { return Ok(None) };
    Exchange::parse(v.get_ref()).map(Some).ok_or_else(|| {
        error_at(
            src,
            v.span(),
            &format!(
                "invalid exchange `{}`; expected online, on-premises or any",
                v.get_ref()
            ),
        )
    })
}

fn maps(
    src: &SourceText,
    dir: &Path,
    raw: &[Spanned<RawMap>],
) -> Result<Vec<crate::config::UrlMap>, ConfigError> {
    let mut out = Vec::new();
    for m in raw {
        let span = m.span();
        let v = m.get_ref();
        let path = dir.join(&v.path);
        if !path.exists() {
            return Err(error_at(
                src,
                span,
                &format!("[[map]] path `{}` does not exist", v.path),
            ));
        }
        if !(v.url.contains("://") || v.url.starts_with("~remoteAppUrl")) {
            return Err(error_at(
                src,
                span,
                &format!(
                    "[[map]] url `{}` is not a URL; expected the start of a manifest URL, like `https://localhost:3000/`",
                    v.url
                ),
            ));
        }
        let (line, _) = src.line_col(u32::try_from(span.start).unwrap_or(0));
        out.push(crate::config::UrlMap {
            url: v.url.clone(),
            path: canonical(&path),
            at: format!("{}:{line}", display_path(src.path())),
        });
    }
    Ok(out)
}

fn rules(
    src: &SourceText,
    table: &BTreeMap<String, Spanned<String>>,
    known: KnownCode,
) -> Result<Vec<(String, Level)>, ConfigError> {
    let mut out = Vec::new();
    for (code, level) in table {
        let Some(code_of_rule) = known(code) else {
            return Err(error_at(
                src,
                level.span(),
                &format!("unknown finding code `{code}` in [rules]; `audit rules` lists them"),
            ));
        };
        let Some(l) = Level::parse(level.get_ref()) else {
            return Err(error_at(
                src,
                level.span(),
                &format!(
                    "invalid level `{}` for {code}; expected allow, note, warn or deny",
                    level.get_ref()
                ),
            ));
        };
        out.push((code_of_rule.to_owned(), l));
    }
    Ok(out)
}

impl Config {
    /// Reads and checks a configuration file. `known` names the finding codes it may use
    /// (the rules' registry, passed in so that settings stay below the rules).
    ///
    /// # Errors
    /// Unreadable file, TOML syntax, unknown keys, bad values — each with `file:line:col`.
    pub fn load(path: &Path, known: KnownCode) -> Result<Config, ConfigError> {
        let bytes = std::fs::read(path)
            .map_err(|e| ConfigError(format!("{}: cannot read: {e}", display_path(path))))?;
        let (text, _) = crate::source::decode(&bytes);
        let src = SourceText::new(path.to_path_buf(), text);
        let raw: RawFile = toml::from_str(&src.text).map_err(|e| {
            let msg = e.message().to_owned();
            match e.span() {
                Some(span) => error_at(&src, span, &msg),
                None => ConfigError(format!("{}: {msg}", display_path(path))),
            }
        })?;
        let dir = canonical(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        let global = Section {
            fail_on: fail_on(&src, raw.fail_on.as_ref())?,
            exchange: exchange(&src, raw.exchange.as_ref())?,
            extra_src: raw.extra_src.iter().map(|s| dir.join(s)).collect(),
            ignore: raw.ignore,
            rules: rules(&src, &raw.rules, known)?,
            maps: maps(&src, &dir, &raw.map)?,
        };
        let mut manifests = Vec::new();
        for m in &raw.manifest {
            let span = m.span();
            let m = m.get_ref();
            let path = dir.join(&m.path);
            if !path.is_file() {
                return Err(error_at(
                    &src,
                    span,
                    &format!("[[manifest]] path `{}` is not a file", m.path),
                ));
            }
            manifests.push((
                canonical(&path),
                Section {
                    fail_on: fail_on(&src, m.fail_on.as_ref())?,
                    exchange: exchange(&src, m.exchange.as_ref())?,
                    extra_src: m.extra_src.iter().map(|s| dir.join(s)).collect(),
                    ignore: m.ignore.clone(),
                    rules: rules(&src, &m.rules, known)?,
                    maps: maps(&src, &dir, &m.map)?,
                },
            ));
        }
        let mut suppress = Vec::new();
        for s in &raw.suppress {
            let span = s.span();
            let s = s.get_ref();
            let Some(code_of_rule) = known(s.code.get_ref()) else {
                return Err(error_at(
                    &src,
                    s.code.span(),
                    &format!(
                        "unknown finding code `{}`; `audit rules` lists them",
                        s.code.get_ref()
                    ),
                ));
            };
            if !dir.join(&s.manifest).is_file() {
                return Err(error_at(
                    &src,
                    span,
                    &format!("[[suppress]] manifest `{}` is not a file", s.manifest),
                ));
            }
            if s.reason.get_ref().trim().is_empty() {
                return Err(error_at(
                    &src,
                    s.reason.span(),
                    "a [[suppress]] entry needs a non-empty reason",
                ));
            }
            suppress.push(Suppress {
                manifest: canonical(&dir.join(&s.manifest)),
                code: code_of_rule.to_owned(),
                reason: s.reason.get_ref().clone(),
                at: src.location(Span::new(
                    u32::try_from(span.start).unwrap_or(0),
                    u32::try_from(span.end).unwrap_or(0),
                )),
            });
        }
        let mut limits = crate::settings::Limits::default();
        if let Some(l) = raw.limits {
            if let Some(v) = l.max_file_size {
                limits.max_file_size = u64::from(v);
            }
            if let Some(v) = l.max_files {
                limits.max_files = v as usize;
            }
            if let Some(v) = l.max_nesting {
                limits.max_nesting = v as usize;
            }
            if let Some(v) = l.max_manifest_size {
                limits.max_manifest_size = u64::from(v);
            }
        }
        Ok(Config {
            limits,
            path: path.to_path_buf(),
            dir,
            global,
            manifests,
            suppress,
        })
    }

    /// Finds the configuration for a project root: the first file named in [`FILE_NAMES`] in
    /// the root or a folder above it.
    #[must_use]
    pub fn find(root: &Path) -> Option<PathBuf> {
        let abs = canonical(root);
        abs.ancestors()
            .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    /// The scopes that apply to a manifest: the global one, then its `[[manifest]]` entry.
    #[must_use]
    pub fn sections_for(&self, manifest: &Path) -> Vec<&Section> {
        let m = canonical(manifest);
        let mut out = vec![&self.global];
        out.extend(
            self.manifests
                .iter()
                .filter(|(p, _)| *p == m)
                .map(|(_, s)| s),
        );
        out
    }
}

/// A `[[map]]` entry: a URL prefix served from a local path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMap {
    /// The URL prefix (`https://localhost:3000/`).
    pub url: String,
    /// The local folder or file (absolute).
    pub path: PathBuf,
    /// Where the entry is, for reports (`addin-audit.toml:7`).
    pub at: String,
}
