//! The plan of one manifest's audit: its settings resolved once, from the command line, the
//! configuration file and the manifest's place in its repository. Later stages read the plan;
//! none of them merges settings again.

use crate::config::UrlMap;
use crate::config::{Config, Section, Suppress};
use crate::manifest::Manifest;
use crate::project;
use crate::settings::Level;
use crate::settings::{Exchange, FailOn, Limits, Settings};
use crate::source::display_path;
use std::path::{Path, PathBuf};

/// Everything one manifest's audit needs to know besides its code.
pub struct Plan<'c> {
    /// The manifest.
    pub manifest: Manifest,
    /// The configuration file that applies, if any.
    pub config: Option<&'c Config>,
    /// Bounds for hostile input.
    pub limits: Limits,
    /// Levels per code: the configuration's, then the command line's (the last word wins).
    pub levels: Vec<(String, Level)>,
    /// When this manifest's findings fail the run.
    pub fail_on: FailOn,
    /// Where the add-in's users' mailboxes are.
    pub exchange: Exchange,
    /// `[[suppress]]` entries for this manifest (none with `--no-suppress`).
    pub suppress: Vec<&'c Suppress>,
    /// Whether suppressions apply at all.
    pub suppressions: bool,
    /// The configuration's `ignore` patterns.
    ignore: Option<ignore::gitignore::Gitignore>,
    /// `--src` folders: the only places the manifest's URLs are looked for.
    pub src: Vec<PathBuf>,
    /// The configuration's `extra-src` folders: searched after the project, as it is.
    pub extra_src: Vec<PathBuf>,
    /// `[[map]]` entries.
    pub maps: Vec<UrlMap>,
    /// The repository around the manifest.
    pub repository: PathBuf,
    /// The manifest's projects inside it, nearest first.
    pub projects: Vec<PathBuf>,
}

impl Plan<'_> {
    /// Whether the configuration's `ignore` patterns exclude a file.
    #[must_use]
    pub fn ignored(&self, path: &Path) -> bool {
        let (Some(gi), Some(c)) = (&self.ignore, self.config) else {
            return false;
        };
        path.starts_with(&c.dir) && gi.matched_path_or_any_parents(path, false).is_ignore()
    }
}

/// The configuration sections for a manifest: the file's own, then its `[[manifest]]` entry.
fn sections<'c>(config: Option<&'c Config>, manifest: &Path) -> Vec<&'c Section> {
    config.map(|c| c.sections_for(manifest)).unwrap_or_default()
}

/// The limits for a manifest: its configuration's `[limits]`, else the defaults. Decided
/// here only (the manifest is read under them before its plan exists).
#[must_use]
pub fn limits(settings: &Settings, config: Option<&Config>) -> Limits {
    config.map_or(settings.limits, |c| c.limits)
}

/// Resolves the plan of one manifest. Problems with the configuration's patterns are added
/// to `errors`.
#[must_use]
pub fn resolve<'c>(
    manifest: Manifest,
    settings: &Settings,
    config: Option<&'c Config>,
    errors: &mut Vec<String>,
) -> Plan<'c> {
    let path = manifest.source.path().to_path_buf();
    let sections = sections(config, &path);
    let mut levels: Vec<(String, Level)> = sections
        .iter()
        .flat_map(|s| s.rules.iter().cloned())
        .collect();
    levels.extend(settings.levels.iter().cloned());
    let fail_on = settings
        .fail_on
        .or_else(|| sections.iter().rev().find_map(|s| s.fail_on))
        .unwrap_or_default();
    let exchange = settings
        .exchange
        .or_else(|| sections.iter().rev().find_map(|s| s.exchange))
        .unwrap_or_default();
    let suppress = match config {
        Some(c) if !settings.no_suppress => {
            let me = crate::source::canonical(&path);
            c.suppress.iter().filter(|s| s.manifest == me).collect()
        }
        _ => Vec::new(),
    };
    let patterns: Vec<&String> = sections.iter().flat_map(|s| &s.ignore).collect();
    let ignore = match config {
        Some(c) if !patterns.is_empty() => {
            let mut b = ignore::gitignore::GitignoreBuilder::new(&c.dir);
            for p in &patterns {
                if let Err(e) = b.add_line(None, p) {
                    errors.push(format!(
                        "{}: invalid ignore pattern `{p}`: {e}",
                        display_path(&c.path)
                    ));
                }
            }
            b.build().ok()
        }
        _ => None,
    };
    let repository = project::repository_root(&path);
    let projects = project::project_levels(&path, &repository);
    Plan {
        limits: limits(settings, config),
        levels,
        fail_on,
        exchange,
        suppress,
        suppressions: !settings.no_suppress,
        ignore,
        src: settings
            .src
            .iter()
            .map(|s| crate::source::canonical(s))
            .collect(),
        extra_src: sections
            .iter()
            .flat_map(|s| s.extra_src.iter().map(|p| crate::source::canonical(p)))
            .collect(),
        maps: sections
            .iter()
            .rev()
            .flat_map(|s| s.maps.iter().cloned())
            .collect(),
        repository,
        projects,
        config,
        manifest,
    }
}
