//! The audit pipeline: find manifests → find sources → scan → rules → report model → exit status.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, Level, Scope, Suppress};
use crate::discover::{self, SourceKind};
use crate::finding::{Finding, Location, Severity};
use crate::manifest::{self, Loaded, Manifest};
use crate::report::{ManifestReport, Report, UseRow, Verdict};
use crate::rules::man004_too_many_files::TooManyFiles;
use crate::rules::{self, Audit, ScannedFile};
use crate::scan::{self, FileFacts};
use crate::settings::{FailOn, Limits, Settings};
use crate::source::{SourceText, Span, display_path};
use crate::suppress;

/// How a run ended, as an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above `--fail-on` (exit 0).
    Success,
    /// Findings at or above `--fail-on` (exit 1).
    Failure,
    /// The tool could not do its job: unreadable path, malformed manifest, bad arguments (exit 2).
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// Whether a file's scan found nothing at all.
fn facts_are_empty(f: &FileFacts) -> bool {
    f.uses.is_empty()
        && f.unresolved.is_empty()
        && f.ews.is_empty()
        && f.suppressions.is_empty()
        && f.parse_error.is_none()
        && !f.by_regions
}

/// A file that was not analysed, with why.
fn skipped_file(path: &Path, text: String, at: u32, why: String) -> ScannedFile {
    ScannedFile {
        path: path.to_path_buf(),
        source: SourceText::new(path.to_path_buf(), text),
        facts: FileFacts::default(),
        lossy: false,
        skipped: Some((Span::new(at, at), why)),
    }
}

/// Reads and scans one source file; files that cannot be analysed come back with a reason.
fn scan_file(path: &Path, kind: SourceKind, limits: &Limits) -> ScannedFile {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > limits.max_file_size {
        let why = format!(
            "{} MB is above the {} MB source size limit ([limits] max-file-size)",
            size >> 20,
            limits.max_file_size >> 20
        );
        return skipped_file(path, String::new(), 0, why);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return skipped_file(path, String::new(), 0, format!("cannot be read: {e}")),
    };
    let (text, lossy) = crate::source::decode_owned(bytes);
    analyse_text(path, text, lossy, kind, limits)
}

/// Analyses one source's text as the audit does (nesting guard, then the script or the page's
/// blocks). Public for the fuzz targets, which must run what the tool runs.
#[must_use]
pub fn analyse_text(
    path: &Path,
    text: String,
    lossy: bool,
    kind: SourceKind,
    limits: &Limits,
) -> ScannedFile {
    // Large files are analysed by regions, each checked for nesting on its own.
    if text.len() <= scan::regions::LARGE_FILE
        && scan::may_use_office(&text)
        && let Some(at) = scan::nesting_beyond(&text, limits.max_nesting)
    {
        let why = format!(
            "brackets nest deeper than {} levels here ([limits] max-nesting); real code stays below 100, so this file is generated or hostile",
            limits.max_nesting
        );
        return skipped_file(path, text, u32::try_from(at).unwrap_or(0), why);
    }
    let facts = match kind {
        SourceKind::Script => scan::scan(&text, scan::source_type_for(path), 0),
        SourceKind::Page => {
            let mut facts = FileFacts::default();
            if scan::may_use_office(&text) {
                for block in discover::script_blocks(&text) {
                    let Some(code) = text.get(block.start..block.end) else {
                        continue;
                    };
                    let st = oxc_span::SourceType::unambiguous().with_typescript(block.typescript);
                    facts.extend(scan::scan(
                        code,
                        st,
                        u32::try_from(block.start).unwrap_or(u32::MAX),
                    ));
                }
            }
            facts
        }
    };
    // Most files never mention Office: keep no text for them (positions are never needed),
    // so that memory stays flat however large the tree.
    let text = if facts_are_empty(&facts) && !lossy {
        String::new()
    } else {
        text
    };
    ScannedFile {
        path: path.to_path_buf(),
        source: SourceText::new(path.to_path_buf(), text),
        facts,
        lossy,
        skipped: None,
    }
}

/// The text a fingerprint covers: up to 60 characters either side of the column, trimmed, so
/// that moving a line, or editing far away on a long minified line, keeps the fingerprint.
fn fingerprint_context(line: &str, column: u32) -> String {
    let start = (column as usize).saturating_sub(61);
    line.chars()
        .skip(start)
        .take(121)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Sets each finding's fingerprint: hash(code, file, context) and its rank among findings with
/// the same hash.
fn set_fingerprints(findings: &mut [Finding], sources: &[&SourceText]) {
    let paths: Vec<String> = sources.iter().map(|s| display_path(s.path())).collect();
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for f in findings {
        let (file, context) = match &f.location {
            Some(loc) => {
                let text = paths
                    .iter()
                    .position(|p| *p == loc.file)
                    .and_then(|i| sources.get(i))
                    .map(|s| {
                        fingerprint_context(s.line_text(loc.position.line), loc.position.column)
                    })
                    .unwrap_or_default();
                (loc.file.as_str(), text)
            }
            None => ("", String::new()),
        };
        let base = crate::finding::stable_hash(&[f.code, file, &context]);
        let rank = seen.entry(base).or_insert(0);
        *rank += 1;
        f.fingerprint = format!("{base:016x}:{rank}");
    }
}

/// Scans with at least this many files show a progress bar.
const PROGRESS_MIN_FILES: usize = 300;

/// The level the settings give a code: the command line's last word, else the configuration's.
fn level_for(levels: &[(String, Level)], code: &str) -> Option<Level> {
    levels
        .iter()
        .rev()
        .find(|(c, _)| c == code)
        .map(|(_, l)| *l)
}

/// Applies per-code levels: drops allowed findings, sets the others' severity.
fn apply_levels(findings: &mut Vec<Finding>, levels: &[(String, Level)]) {
    findings.retain_mut(|f| match level_for(levels, f.code) {
        None => true,
        Some(l) => match l.severity() {
            None => false,
            Some(s) => {
                f.severity = s;
                true
            }
        },
    });
}

/// Drops files the configuration's `ignore` patterns match.
fn apply_ignores(
    files: &mut Vec<(PathBuf, SourceKind)>,
    config: &Config,
    patterns: &[&String],
    errors: &mut Vec<String>,
) {
    if patterns.is_empty() {
        return;
    }
    let mut b = ignore::gitignore::GitignoreBuilder::new(&config.dir);
    for p in patterns {
        if let Err(e) = b.add_line(None, p) {
            errors.push(format!(
                "{}: invalid ignore pattern `{p}`: {e}",
                display_path(&config.path)
            ));
        }
    }
    let Ok(gi) = b.build() else { return };
    files.retain(|(p, _)| {
        let abs = crate::config::canonical(p);
        !(abs.starts_with(&config.dir) && gi.matched_path_or_any_parents(&abs, false).is_ignore())
    });
}

/// Audits one manifest with its sources.
fn audit_manifest(
    m: &Manifest,
    settings: &Settings,
    config: Option<&Config>,
    errors: &mut Vec<String>,
) -> ManifestReport {
    let scopes: Vec<&Scope> = config
        .map(|c| c.scopes_for(m.source.path()))
        .unwrap_or_default();
    let roots = if settings.src.is_empty() {
        let mut r = vec![discover::project_root(m.source.path())];
        r.extend(scopes.iter().flat_map(|s| s.src.iter().cloned()));
        r
    } else {
        settings.src.clone()
    };
    let limits = config.map_or(settings.limits, |c| c.limits);
    let mut set = discover::sources(&roots);
    let mut truncated = 0;
    if set.files.len() > limits.max_files {
        truncated = set.files.len() - limits.max_files;
        set.files.truncate(limits.max_files);
    }
    if let Some(c) = config {
        let patterns: Vec<&String> = scopes.iter().flat_map(|s| &s.ignore).collect();
        apply_ignores(&mut set.files, c, &patterns, errors);
    }
    errors.extend(
        set.errors
            .iter()
            .map(|e| format!("while walking the sources: {e}")),
    );
    // A progress bar only when a scan is long enough to wonder about.
    let bar = (settings.progress && set.files.len() >= PROGRESS_MIN_FILES).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(set.files.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {wide_msg}")
        {
            bar.set_style(style);
        }
        bar.set_message(display_path(m.source.path()));
        bar
    });
    // Largest files first, so that one big bundle does not finish last on one core while the
    // other idles; results go back to path order afterwards.
    let mut order: Vec<(u64, usize)> = set
        .files
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (std::fs::metadata(p).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut results: Vec<(usize, Result<ScannedFile, String>)> = order
        .par_iter()
        .filter_map(|&(_, i)| set.files.get(i).map(|f| (i, f)))
        .map(|(i, (p, k))| {
            if let Some(b) = &bar {
                b.inc(1);
            }
            // Last line of defence: a bug in one file's analysis must not lose the others.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                scan_file(p, *k, &limits)
            }))
            .map_err(|_| {
                format!(
                    "{}: internal error while analysing this file (a bug in audit; please report it); the other files were audited",
                    display_path(p)
                )
            })
            .map_or_else(|e| (i, Err(e)), |f| (i, Ok(f)))
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    results.sort_unstable_by_key(|(i, _)| *i);
    let mut files = Vec::new();
    for (_, r) in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    let candidates: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let urls: Vec<(String, Span, Option<PathBuf>)> = m
        .urls
        .iter()
        .map(|u| {
            (
                u.value.clone(),
                u.span,
                discover::resolve_url(&u.value, &candidates),
            )
        })
        .collect();

    let audit = Audit::new(m, &files, urls);
    let mut findings = rules::check(&audit);
    if truncated > 0 {
        findings.push(
            Finding::new(
                TooManyFiles::META.code,
                TooManyFiles::META.severity,
                format!(
                    "{truncated} source file(s) beyond the limit of {} were not scanned ([limits] max-files)",
                    limits.max_files
                ),
            )
            .at(audit.manifest_location(Span::new(0, 0)))
            .with_help("point --src at the add-in's own code, or add ignore patterns for generated folders"),
        );
    }
    let mut levels: Vec<(String, Level)> = scopes
        .iter()
        .flat_map(|s| s.rules.iter().cloned())
        .collect();
    levels.extend(settings.levels.iter().cloned());
    apply_levels(&mut findings, &levels);
    let mut suppressed = 0;
    if !settings.no_suppress {
        let me = crate::config::canonical(m.source.path());
        let entries: Vec<&Suppress> = config
            .map(|c| c.suppress.iter().filter(|s| s.manifest == me).collect())
            .unwrap_or_default();
        let outcome = suppress::apply(findings, &files, &entries);
        findings = outcome.findings;
        suppressed = outcome.suppressed;
        apply_levels(&mut findings, &levels);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut sources: Vec<&SourceText> = files.iter().map(|f| &f.source).collect();
    sources.push(&m.source);
    set_fingerprints(&mut findings, &sources);

    let evidence = audit.evidence();
    let required = evidence
        .first()
        .map_or(crate::tiers::Tier::Restricted, |e| e.tier);
    let declared = m.declared;
    let verdict = match required.cmp(&declared) {
        std::cmp::Ordering::Greater => Verdict::Under,
        std::cmp::Ordering::Less => Verdict::Over,
        std::cmp::Ordering::Equal => Verdict::Ok,
    };
    let mut uses: Vec<UseRow> = audit
        .uses
        .iter()
        .map(|u| {
            let loc = u.location();
            UseRow {
                api: u.member.api(),
                tier: u.tier,
                file: loc.file,
                line: loc.position.line,
                column: loc.position.column,
                probe: u.probe,
            }
        })
        .collect();
    uses.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.api).cmp(&(&b.file, b.line, b.column, &b.api))
    });

    ManifestReport {
        manifest: display_path(m.source.path()),
        format: m.format,
        name: m.name.clone(),
        declared,
        declared_at: Location {
            file: display_path(m.source.path()),
            position: m.source.position(m.declared_span),
        },
        declared_explicitly: m.declared_explicitly,
        required,
        verdict,
        modes: m.modes,
        uses,
        evidence,
        findings,
        roots: roots.iter().map(|r| display_path(r)).collect(),
        files: files.iter().map(|f| display_path(&f.path)).collect(),
        lossy_files: files
            .iter()
            .filter(|f| f.lossy)
            .map(|f| display_path(&f.path))
            .collect(),
        urls: audit
            .urls
            .iter()
            .map(|(u, _, local)| (u.clone(), local.as_deref().map(display_path)))
            .collect(),
        skipped_libraries: set
            .skipped_libraries
            .iter()
            .map(|p| display_path(p))
            .collect(),
        config: config.map(|c| display_path(&c.path)),
        fail_on: settings
            .fail_on
            .or_else(|| scopes.iter().rev().find_map(|s| s.fail_on))
            .unwrap_or_default(),
        suppressed,
        baselined: 0,
    }
}

/// The stack each worker reserves: parsers and visitors recurse, and hostile sources nest
/// 100,000 deep. Only reserved address space; real code touches a few pages of it.
pub const WORKER_STACK: usize = 1 << 30;

/// Runs an audit over the settings' paths, on worker threads with large stacks.
#[must_use]
pub fn run(settings: &Settings) -> (Report, ExitStatus) {
    match rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("audit-worker-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| run_here(settings)),
        Err(e) => {
            let report = Report {
                errors: vec![format!("cannot start worker threads: {e}")],
                ..Report::default()
            };
            (report, ExitStatus::Error)
        }
    }
}

fn run_here(settings: &Settings) -> (Report, ExitStatus) {
    let mut report = Report::default();
    let explicit_config = match &settings.config {
        Some(p) => match Config::load(p) {
            Ok(c) => Some(c),
            Err(e) => {
                report.errors.push(e.to_string());
                return (report, ExitStatus::Error);
            }
        },
        None => None,
    };
    // Discovered configuration files, by path (each read and reported once).
    let mut configs: BTreeMap<PathBuf, Option<Config>> = BTreeMap::new();
    // Manifests to audit, in order; explicit files must be manifests.
    let mut manifests: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for p in &settings.paths {
        if p.is_dir() {
            let (found, errs) = discover::manifest_candidates(p);
            report.errors.extend(errs);
            if found.is_empty() {
                report.errors.push(format!(
                    "{}: no add-in manifest found (looked for *.xml with <OfficeApp> and *.json unified manifests)",
                    display_path(p)
                ));
            }
            for f in found {
                manifests.entry(f).or_insert(false);
            }
        } else if p.exists() {
            manifests.insert(p.clone(), true);
        } else {
            report
                .errors
                .push(format!("{}: no such file or folder", display_path(p)));
        }
    }
    for (path, explicit) in manifests {
        match manifest::load_limited(&path, settings.limits.max_manifest_size) {
            Ok(Loaded::Outlook(m)) => {
                let mut errors = Vec::new();
                let config = if settings.no_config {
                    None
                } else if explicit_config.is_some() {
                    explicit_config.as_ref()
                } else if let Some(found) = Config::find(&discover::project_root(&path)) {
                    let entry = configs.entry(found.clone()).or_insert_with(|| {
                        Config::load(&found)
                            .map_err(|e| report.errors.push(e.to_string()))
                            .ok()
                    });
                    match entry {
                        Some(c) => Some(&*c),
                        // A broken configuration: the audit's settings are unknown.
                        None => continue,
                    }
                } else {
                    None
                };
                let r = audit_manifest(&m, settings, config, &mut errors);
                report.errors.extend(errors);
                report.manifests.push(r);
            }
            Ok(Loaded::OtherHost { kind }) => report.skipped.push((
                display_path(&path),
                format!("{kind} manifest, not an Outlook add-in"),
            )),
            Ok(Loaded::NotManifest { why }) => {
                if explicit {
                    report.errors.push(format!(
                        "{}: not an add-in manifest: {why}",
                        display_path(&path)
                    ));
                }
            }
            Err(e) => report.errors.push(e.to_string()),
        }
    }
    if let Some(b) = &settings.baseline {
        match crate::baseline::load(b) {
            Ok(known) => {
                for m in &mut report.manifests {
                    let before = m.findings.len();
                    m.findings.retain(|f| !known.contains(&f.fingerprint));
                    m.baselined = before - m.findings.len();
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
    if let Some(w) = &settings.write_baseline {
        if let Err(e) = crate::baseline::write(w, &report) {
            report.errors.push(e);
        }
        // Writing a baseline accepts the current findings.
        let status = if report.errors.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Error
        };
        return (report, status);
    }
    let status = exit_status(&report);
    (report, status)
}

/// The exit status of a report: each manifest's findings against its own `fail-on`.
#[must_use]
pub fn exit_status(report: &Report) -> ExitStatus {
    if !report.errors.is_empty() {
        return ExitStatus::Error;
    }
    let failing = report.manifests.iter().any(|m| {
        let threshold = match m.fail_on {
            FailOn::Never => return false,
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        };
        m.findings.iter().any(|f: &Finding| f.severity >= threshold)
    });
    if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
