//! The audit pipeline, conducted: manifests and their plans ([`crate::plan`]) → entry points
//! and module graphs ([`crate::modules`]) over the run's file store (each file read and parsed
//! once) → cross-module types → the judgement of each manifest ([`crate::judge`]) → baseline
//! → exit status. This module only calls the stages in order and carries their results.

use crate::config::Config;
use crate::finding::Severity;
use crate::manifest::{self, Loaded};
use crate::modules::file::ScannedFile;
use crate::modules::{self, ModuleGraph, Store, entry};
use crate::plan::{self, Plan};
use crate::project::{self, Repos};
use crate::report::Report;
use crate::settings::{FailOn, Settings};
use crate::source::SourceKind;
use crate::source::display_path;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

/// Runs an audit over the settings' paths, on worker threads with large stacks
/// ([`crate::stack`]).
#[must_use]
pub fn run(settings: &Settings) -> (Report, ExitStatus) {
    match crate::stack::pool() {
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

/// The manifests the settings' paths name: (path, named explicitly). Folders are indexed
/// once, for this and for finding the add-ins' files.
fn manifest_paths(
    settings: &Settings,
    repos: &mut Repos,
    errors: &mut Vec<String>,
) -> BTreeMap<PathBuf, bool> {
    let mut manifests: BTreeMap<PathBuf, bool> = BTreeMap::new();
    // One file named twice (`manifest.xml` and `./manifest.xml`, or inside a folder also
    // given) is audited once, under the first spelling; named explicitly if either was.
    let mut spelled: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut add = |manifests: &mut BTreeMap<PathBuf, bool>, f: PathBuf, explicit: bool| {
        let first = spelled
            .entry(crate::source::canonical(&f))
            .or_insert_with(|| f.clone())
            .clone();
        let e = manifests.entry(first).or_insert(false);
        *e |= explicit;
    };
    for p in &settings.paths {
        if p.is_dir() {
            repos.index(p);
            let found = repos
                .find(p)
                .map(crate::discover::manifest_candidates)
                .unwrap_or_default();
            if found.is_empty() {
                errors.push(format!(
                    "{}: no add-in manifest found (looked for *.xml with <OfficeApp> and *.json unified manifests)",
                    display_path(p)
                ));
            }
            for f in found {
                add(&mut manifests, f, false);
            }
        } else if p.exists() {
            add(&mut manifests, p.clone(), true);
        } else {
            errors.push(format!("{}: no such file or folder", display_path(p)));
        }
    }
    manifests
}

/// The configuration of each manifest, each file read once: `Err` when the one that applies
/// is broken (the manifest's settings are then unknown).
struct Configs {
    explicit: Option<Config>,
    found: BTreeMap<PathBuf, Option<Config>>,
}

impl Configs {
    fn load(
        settings: &Settings,
        paths: &BTreeMap<PathBuf, bool>,
        report: &mut Report,
    ) -> Option<Configs> {
        let explicit = match &settings.config {
            Some(p) => match Config::load(p, crate::rules::known_code) {
                Ok(c) => Some(c),
                Err(e) => {
                    report.errors.push(e.to_string());
                    return None;
                }
            },
            None => None,
        };
        let mut found = BTreeMap::new();
        if explicit.is_none() && !settings.no_config {
            for path in paths.keys() {
                if let Some(f) = Config::find(&project::manifest_dir(path)) {
                    found.entry(f.clone()).or_insert_with(|| {
                        Config::load(&f, crate::rules::known_code)
                            .map_err(|e| report.errors.push(e.to_string()))
                            .ok()
                    });
                }
            }
        }
        Some(Configs { explicit, found })
    }

    /// The configuration for a manifest: `Ok(None)` when there is none.
    fn for_manifest(&self, settings: &Settings, path: &Path) -> Result<Option<&Config>, ()> {
        if settings.no_config {
            return Ok(None);
        }
        if let Some(c) = &self.explicit {
            return Ok(Some(c));
        }
        match Config::find(&project::manifest_dir(path)) {
            Some(f) => match self.found.get(&f) {
                Some(Some(c)) => Ok(Some(c)),
                _ => Err(()),
            },
            None => Ok(None),
        }
    }
}

/// The files of a plan's own project outside its graph (candidates for the "present but not
/// loaded" list), and the copies of Microsoft's Office library there (never audited).
fn outside_candidates(
    plan: &Plan<'_>,
    own: &Path,
    repos: &Repos,
    graph: &ModuleGraph,
) -> (Vec<(PathBuf, SourceKind)>, Vec<PathBuf>) {
    let in_graph: std::collections::HashSet<&PathBuf> = graph.files.iter().collect();
    let mut out = Vec::new();
    let mut libraries = Vec::new();
    let mut push = |repo: &project::Repo, under: &Path| {
        for (p, k) in repo.sources_under(under) {
            if project::is_office_library(p) || project::in_office_library_copy(p) {
                libraries.push(p.clone());
            } else if !in_graph.contains(p) && !plan.ignored(p) {
                out.push((p.clone(), k));
            }
        }
    };
    if plan.src.is_empty() {
        if let Some(r) = repos.find(&plan.repository) {
            push(r, own);
        }
        // The manifest's own folder, when it is not inside the project already searched.
        let dir = project::manifest_dir(plan.manifest.source.path());
        if let Some(r) = repos.find(&dir)
            && !(r.root == plan.repository && dir.starts_with(own))
        {
            push(r, &dir);
        }
    } else {
        for s in &plan.src {
            if let Some(r) = repos.find(s) {
                push(r, &r.root);
            }
        }
    }
    out.sort_unstable_by(|a, b| crate::source::path_order(&a.0, &b.0));
    out.dedup_by(|a, b| a.0 == b.0);
    libraries.sort();
    libraries.dedup();
    (out, libraries)
}

/// The other manifests of each plan's add-in: same id, the other format (an XML manifest and
/// its unified twin), among the run's manifests and `extra`, those [`project_manifests`]
/// read from the plans' own projects.
fn twins<'m>(
    plans: &'m [Plan<'_>],
    extra: &'m [manifest::Manifest],
) -> Vec<Vec<&'m manifest::Manifest>> {
    let id = |m: &manifest::Manifest| m.id.as_ref().map(|i| i.value.trim().to_ascii_lowercase());
    plans
        .iter()
        .map(|p| {
            let me = &p.manifest;
            let Some(mine) = id(me) else {
                return Vec::new();
            };
            plans
                .iter()
                .map(|q| &q.manifest)
                .chain(extra)
                .filter(|m| {
                    m.format != me.format
                        && m.source.path() != me.source.path()
                        && id(m).as_deref() == Some(mine.as_str())
                })
                .collect()
        })
        .collect()
}

/// The Outlook manifests in the plans' own projects that the run has not read already
/// (`considered`: every manifest path it was given or discovered), candidates for [`twins`].
/// Each is read with its plan's size limit.
fn project_manifests(
    plans: &[Plan<'_>],
    owns: &[PathBuf],
    repos: &Repos,
    considered: &BTreeSet<PathBuf>,
) -> Vec<manifest::Manifest> {
    let mut paths: Vec<(&PathBuf, u64)> = plans
        .iter()
        .zip(owns)
        .filter(|(p, _)| p.manifest.id.is_some())
        .filter_map(|(p, own)| Some((repos.find(&p.repository)?, own, p.limits)))
        .flat_map(|(r, own, limits)| {
            r.data_files
                .iter()
                .filter(move |f| f.starts_with(own))
                .map(move |f| (f, limits.max_manifest_size))
        })
        .filter(|(f, _)| !considered.contains(*f))
        .collect();
    paths.sort();
    paths.dedup_by(|a, b| a.0 == b.0);
    paths
        .into_iter()
        .filter(|(f, _)| crate::discover::is_manifest_candidate(f))
        .filter_map(|(f, max)| match manifest::load_limited(f, max) {
            Ok(Loaded::Outlook(m)) => Some(*m),
            _ => None,
        })
        .collect()
}

/// Whether a file not loaded by any manifest is worth listing: it mentions `Office` and is not
/// a large bundle (those are analysed when a page loads them, never just to be listed).
fn mentions_office(path: &Path) -> bool {
    use std::io::Read as _;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut bytes = Vec::new();
    f.metadata()
        .is_ok_and(|m| m.len() <= crate::scan::regions::LARGE_FILE as u64)
        && f.read_to_end(&mut bytes).is_ok()
        && memchr::memmem::find(&bytes, b"Office").is_some()
}

fn run_here(settings: &Settings) -> (Report, ExitStatus) {
    let mut report = Report::default();
    let mut repos = Repos::default();
    let paths = manifest_paths(settings, &mut repos, &mut report.errors);
    let Some(configs) = Configs::load(settings, &paths, &mut report) else {
        return (report, ExitStatus::Error);
    };

    // 1. Plans: each manifest with its settings, resolved once.
    let considered: BTreeSet<PathBuf> = paths.keys().map(|p| crate::source::canonical(p)).collect();
    let mut plans: Vec<Plan<'_>> = Vec::new();
    for (path, explicit) in paths {
        let Ok(config) = configs.for_manifest(settings, &path) else {
            continue;
        };
        let max = plan::limits(settings, config).max_manifest_size;
        match manifest::load_limited(&path, max) {
            Ok(Loaded::Outlook(m)) => {
                plans.push(plan::resolve(*m, settings, config, &mut report.errors));
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

    // 2. Entry points: every folder searched is indexed once; each URL mapped.
    for p in &plans {
        entry::index(p, &mut repos);
    }
    for r in repos.all() {
        report.errors.extend(
            r.errors
                .iter()
                .map(|e| format!("while walking the sources: {e}")),
        );
    }
    let dirs: Vec<PathBuf> = plans
        .iter()
        .map(|p| project::manifest_dir(p.manifest.source.path()))
        .collect();
    let scopes: Vec<_> = plans
        .iter()
        .zip(&dirs)
        .map(|(p, d)| entry::scope(p, &repos, d))
        .collect();
    let entries: Vec<Vec<entry::Entry>> = plans
        .iter()
        .zip(&scopes)
        .map(|(p, s)| entry::entries(p, s))
        .collect();

    // 3. Module graphs over one store, then Office types across modules.
    let mut store = Store::default();
    store.progress = settings.progress;
    let graphs: Vec<ModuleGraph> = plans
        .iter()
        .zip(&scopes)
        .zip(&entries)
        .map(|((p, scope), es)| {
            let starts: Vec<(PathBuf, SourceKind, String, bool)> = es
                .iter()
                .flat_map(|e| {
                    e.mapping.iter().flat_map(|m| {
                        m.files().map(|(f, k)| {
                            // A script served as it is (not a build's entry) runs raw.
                            let raw = !m.built && modules::runs_as_is(f);
                            (f.clone(), k, e.url.clone(), raw)
                        })
                    })
                })
                .collect();
            modules::reach(&mut store, &starts, scope, &p.limits, &|f| p.ignored(f))
        })
        .collect();
    for g in &graphs {
        report.errors.extend(g.errors.iter().cloned());
    }
    // Each file is re-scanned with the limits it was loaded with (its manifest's).
    let settled = store.propagate();

    // 4. What each project has that its manifest does not load (listed, never counted).
    let owns: Vec<PathBuf> = plans
        .iter()
        .zip(&entries)
        .map(|(p, es)| entry::own_project(p, es))
        .collect();
    let mut libraries: Vec<Vec<PathBuf>> = Vec::new();
    let outside: Vec<Vec<PathBuf>> = plans
        .iter()
        .zip(&graphs)
        .zip(&owns)
        .map(|((p, g), own)| {
            let (candidates, libs) = outside_candidates(p, own, &repos, g);
            libraries.push(libs);
            let found: Vec<(PathBuf, SourceKind)> = candidates
                .into_par_iter()
                .filter(|(f, _)| store.get(f).is_some() || mentions_office(f))
                .collect();
            report.errors.extend(store.load(&found, &p.limits));
            found.into_iter().map(|(f, _)| f).collect()
        })
        .collect();

    // 5. The judgement of each manifest, beside its twin in the other format.
    let extra = project_manifests(&plans, &owns, &repos, &considered);
    let twins = twins(&plans, &extra);
    for (i, ((p, es), g)) in plans.iter().zip(&entries).zip(&graphs).enumerate() {
        // Handlers the other add-ins give: the other manifests of the run, and the project's
        // manifests of other add-ins (another id) that the run did not name. A function only
        // they reach is theirs, as when they are audited together.
        let id =
            |m: &manifest::Manifest| m.id.as_ref().map(|i| i.value.trim().to_ascii_lowercase());
        let others: BTreeSet<String> = plans
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, q)| &q.manifest)
            .chain(
                extra
                    .iter()
                    .filter(|m| id(m).is_some() && id(m) != id(&p.manifest)),
            )
            .flat_map(|q| q.handlers.iter().map(|h| h.value.clone()))
            .collect();
        let outside_files: Vec<&ScannedFile> = outside
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(|f| store.get(f).map(|n| &n.file))
            .collect();
        report
            .manifests
            .push(crate::judge::manifest(&crate::judge::Input {
                plan: p,
                own: owns.get(i).map_or(p.repository.as_path(), PathBuf::as_path),
                entries: es,
                graph: g,
                store: &store,
                others: &others,
                outside: outside_files,
                libraries: libraries.get(i).map_or(&[][..], Vec::as_slice),
                twins: twins.get(i).map_or(&[][..], Vec::as_slice),
                settled,
            }));
    }

    // Freeing every analysed file takes milliseconds the report does not need to wait for.
    std::thread::spawn(move || drop((store, repos)));

    // 6. Baseline, and how the run ends.
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
        m.findings.iter().any(|f| f.severity >= threshold)
    });
    if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
