//! The module graph: from a manifest's entry points to every file its pages and scripts load.
//!
//! [`Store`] holds every file the run analyses, each read and parsed once however many
//! manifests load it, with its dependencies resolved ([`resolve`]). [`reach`] walks one
//! manifest's graph from its entry files: pages → `<script src>` and inline module scripts →
//! `import`, `export … from`, literal `import()`, `require`. Only what is reached is the
//! add-in; what cannot be followed is recorded as missing, so that the verdict can say the
//! analysis is incomplete instead of claiming too little.
//!
//! [`Store::propagate`] then carries Office types across module boundaries (exported Office
//! values, functions that return them, Office values passed to exported functions) until
//! nothing changes, re-scanning only the files whose inputs changed.

pub mod entry;
pub mod file;
pub mod resolve;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::project::urls::{self, SearchRoots};
use crate::scan::module::ImportKind;
use crate::scan::{OfficeType, Seeds};
use crate::settings::Limits;
use crate::source::Position;
use crate::source::SourceKind;
use file::ScannedFile;
use rayon::prelude::*;
pub use resolve::Target;

/// How a file depends on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepKind {
    /// An `import`, `export … from`, `import()` or `require`.
    Import(ImportKind),
    /// A page's `<script src>`.
    Script {
        /// `type="module"`.
        module: bool,
    },
    /// A page it may navigate to, frame or open (a refresh, an iframe, a link, a page named
    /// in code): followed when it exists, never a gap when it does not.
    Page,
}

/// One dependency of a file: an import, a page's script, a page it leads to.
#[derive(Debug, Clone)]
pub struct Dep {
    /// The specifier or `src` as written; `None` when computed (`import(name)`).
    pub specifier: Option<String>,
    /// Where it is written.
    pub position: Position,
    /// How.
    pub kind: DepKind,
    /// Where it leads.
    pub target: Target,
}

/// A file in the store.
#[derive(Debug)]
pub struct Node {
    /// The analysed file.
    pub file: ScannedFile,
    /// Its dependencies, resolved.
    pub deps: Vec<Dep>,
    /// What it was last scanned with.
    seeds: Seeds,
    /// Part of some manifest's graph: its exports and calls feed its neighbours.
    linked: bool,
    /// The limits of the manifest that first loaded it: a re-scan keeps them.
    limits: Limits,
}

/// Every file the run has analysed, by path.
pub struct Store {
    nodes: HashMap<PathBuf, Node>,
    resolver: oxc_resolver::Resolver,
    /// How many times a file was read and analysed (loads and re-scans).
    analysed: usize,
    /// Show a progress bar on stderr for long loads.
    pub progress: bool,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            nodes: HashMap::new(),
            resolver: resolve::resolver(),
            analysed: 0,
            progress: false,
        }
    }
}

/// Loads with at least this many files show a progress bar.
const PROGRESS_MIN_FILES: usize = 300;

impl Store {
    /// The node of a loaded file.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// How many times files were read and analysed so far (each file once, plus the re-scans
    /// of files whose neighbours' Office types changed).
    #[must_use]
    pub fn analysed(&self) -> usize {
        self.analysed
    }

    /// Reads, analyses and resolves the files not loaded yet, in parallel (rayon splits the
    /// work as it goes, so one large bundle does not hold the others back).
    /// Returns the internal errors (a bug in the analysis of one file, caught).
    pub fn load(&mut self, files: &[(PathBuf, SourceKind)], limits: &Limits) -> Vec<String> {
        let mut todo: Vec<(&PathBuf, SourceKind)> = files
            .iter()
            .filter(|(p, _)| !self.nodes.contains_key(p))
            .map(|(p, k)| (p, *k))
            .collect();
        todo.sort_unstable_by(|a, b| crate::source::path_order(a.0, b.0));
        todo.dedup_by(|a, b| a.0 == b.0);
        let bar = (self.progress && todo.len() >= PROGRESS_MIN_FILES).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(todo.len() as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files")
            {
                bar.set_style(style);
            }
            bar
        });
        let resolver = &self.resolver;
        let done: Vec<(PathBuf, Result<Node, String>)> = todo
            .par_iter()
            .map(|(path, kind)| {
                if let Some(b) = &bar {
                    b.inc(1);
                }
                // Last line of defence: a bug in one file's analysis must not lose the others.
                let node = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let file = file::file(path, *kind, limits, &Seeds::default());
                    let deps = deps_of(resolver, &file);
                    Node {
                        file,
                        deps,
                        seeds: Seeds::default(),
                        linked: false,
                        limits: *limits,
                    }
                }))
                .map_err(|_| {
                    format!(
                        "{}: internal error while analysing this file (a bug in audit; please report it); the other files were audited",
                        crate::source::display_path(path)
                    )
                });
                ((*path).clone(), node)
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        self.analysed += done.len();
        let mut errors = Vec::new();
        for (path, node) in done {
            match node {
                Ok(n) => {
                    self.nodes.insert(path, n);
                }
                Err(e) => errors.push(e),
            }
        }
        errors
    }

    /// Carries Office types across module boundaries until nothing changes (at most
    /// `MAX_ROUNDS` rounds); re-scans only files whose inputs changed. Returns whether it
    /// settled.
    pub fn propagate(&mut self) -> bool {
        const MAX_ROUNDS: usize = 8;
        // Nothing crosses a module boundary unless some module exports an Office value or
        // passes one to another module's function (most add-ins: nothing to do).
        let crossing = self.nodes.values().any(|n| {
            n.linked
                && !(n.file.facts.exports.is_empty()
                    && n.file.facts.calls_out.is_empty()
                    && n.file.facts.services.is_empty()
                    && n.file.facts.service_calls.is_empty()
                    && n.file.facts.global_calls.is_empty()
                    && n.file.facts.global_values.is_empty()
                    && token_calls(&n.file.facts).next().is_none())
        });
        if !crossing {
            return true;
        }
        for _ in 0..MAX_ROUNDS {
            let wanted = self.wanted_seeds();
            let changed: Vec<(PathBuf, Seeds)> = wanted
                .into_iter()
                .filter(|(p, s)| self.nodes.get(p).is_some_and(|n| n.seeds != *s))
                .collect();
            if changed.is_empty() {
                self.mark_lost_calls();
                return true;
            }
            let rescanned: Vec<(PathBuf, ScannedFile, Seeds)> = changed
                .into_par_iter()
                .filter_map(|(p, seeds)| {
                    let node = self.nodes.get(&p)?;
                    let (kind, limits) = (node.file.kind, node.limits);
                    let file = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        file::file(&p, kind, &limits, &seeds)
                    }))
                    .ok()?;
                    Some((p, file, seeds))
                })
                .collect();
            self.analysed += rescanned.len();
            for (p, file, seeds) in rescanned {
                if let Some(n) = self.nodes.get_mut(&p) {
                    n.file = file;
                    n.seeds = seeds;
                }
            }
        }
        false
    }

    /// An Office value passed to an imported function that no module takes it into (a
    /// package, a class, a re-export the graph cannot follow, a parameter that is not there)
    /// leaves the analysis: the call's escape is recorded in its file, once.
    fn mark_lost_calls(&mut self) {
        let mut lost: Vec<(PathBuf, crate::scan::Escape)> = Vec::new();
        for (path, node) in &self.nodes {
            if !node.linked {
                continue;
            }
            for call in &node.file.facts.calls_out {
                let Some(escape) = &call.lost else {
                    continue;
                };
                let candidates = self.call_targets(path, call);
                let delivered = candidates.iter().any(|(file, name)| {
                    self.nodes.get(file).is_some_and(|n| {
                        n.seeds
                            .params
                            .get(name)
                            .is_some_and(|p| p.iter().any(|(i, _)| *i == call.index))
                            && !n
                                .file
                                .facts
                                .undelivered
                                .iter()
                                .any(|(u, i)| u == name && *i == call.index)
                    })
                });
                if !delivered {
                    lost.push((path.clone(), escape.clone()));
                }
            }
        }
        lost.extend(self.lost_services());
        for (path, escape) in lost {
            if let Some(n) = self.nodes.get_mut(&path)
                && !n.file.facts.escapes.iter().any(|e| e.span == escape.span)
            {
                n.file.facts.escapes.push(escape);
            }
        }
    }

    /// Whether some linked file hands Office values to another script of its page by name:
    /// an AngularJS service, a call of one's method, a call of another script's global
    /// function.
    fn crosses_pages(&self) -> bool {
        self.nodes.values().any(|n| {
            n.linked
                && !(n.file.facts.services.is_empty()
                    && n.file.facts.service_calls.is_empty()
                    && n.file.facts.global_calls.is_empty()
                    && n.file.facts.global_values.is_empty())
        })
    }

    /// The files each page runs in one global scope (its scripts, inline ones included, and
    /// what they import): what one AngularJS injector serves.
    fn page_groups(&self) -> Vec<Vec<PathBuf>> {
        let mut groups = Vec::new();
        for (path, node) in &self.nodes {
            // Every page is one (its inline scripts share its globals too).
            if !node.linked || node.file.kind == SourceKind::Script {
                continue;
            }
            let scripts: Vec<&PathBuf> = node
                .deps
                .iter()
                .filter(|d| matches!(d.kind, DepKind::Script { .. }))
                .filter_map(|d| match &d.target {
                    Target::File(p, _) => Some(p),
                    _ => None,
                })
                .collect();
            let mut seen: BTreeSet<PathBuf> = BTreeSet::from([path.clone()]);
            let mut todo = scripts;
            while let Some(p) = todo.pop() {
                if !seen.insert(p.clone()) {
                    continue;
                }
                for d in self
                    .nodes
                    .get(p)
                    .map(|n| n.deps.as_slice())
                    .unwrap_or_default()
                {
                    if let (DepKind::Import(_) | DepKind::Script { .. }, Target::File(t, _)) =
                        (d.kind, &d.target)
                    {
                        todo.push(t);
                    }
                }
            }
            groups.push(seen.into_iter().collect());
        }
        groups
    }

    /// The escapes of values handed between the scripts of a page by name that stand once the
    /// graph has settled: an AngularJS service registered with Office values, or a global
    /// holding one, where some script of its page that names it was not read for it (or the
    /// file is on no page); an Office value passed to a service's method, or to a global
    /// function, that no script of the page was seen to take.
    fn lost_services(&self) -> Vec<(PathBuf, crate::scan::Escape)> {
        let mut lost = Vec::new();
        if !self.crosses_pages() {
            return lost;
        }
        let groups = self.page_groups();
        for (path, node) in &self.nodes {
            if !node.linked {
                continue;
            }
            let mine: Vec<&Vec<PathBuf>> = groups.iter().filter(|g| g.contains(path)).collect();
            let facts = &node.file.facts;
            // A value named in other scripts: lost unless each of them was read for it.
            let named = facts
                .services
                .iter()
                .map(|(name, s)| (name, &s.lost, Seen::Service))
                .chain(
                    facts
                        .global_values
                        .iter()
                        .map(|(name, (_, lost))| (name, lost, Seen::Global)),
                );
            for (name, escape, seen) in named {
                if let Some(escape) = escape
                    && !self.read_for(&mine, name, seen)
                {
                    lost.push((path.clone(), escape.clone()));
                }
            }
            // A value passed to another script's function: lost unless one of them took it.
            let calls = facts
                .service_calls
                .iter()
                .map(|c| (format!("{}.{}", c.specifier, c.name), c, Seen::Service))
                .chain(
                    facts
                        .global_calls
                        .iter()
                        .map(|c| (c.name.clone(), c, Seen::Global)),
                );
            for (key, call, seen) in calls {
                if let Some(escape) = &call.lost
                    && !self.taken_by(&mine, &key, call.index, seen)
                {
                    lost.push((path.clone(), escape.clone()));
                }
            }
        }
        lost
    }

    /// Whether every script of every page in `groups` that names `name` was read for it
    /// (seeded with it and scanned), or cannot ask for it: a page with no inline script, a
    /// script that never names it. False on no page.
    fn read_for(&self, groups: &[&Vec<PathBuf>], name: &str, seen: Seen) -> bool {
        let read = |q: &PathBuf| {
            self.nodes.get(q).is_none_or(|n| {
                let facts = &n.file.facts;
                let was = match seen {
                    Seen::Service => &facts.injected_seen,
                    Seen::Global => &facts.global_values_seen,
                };
                was.iter().any(|w| w == name)
                    || (n.file.kind != SourceKind::Script && n.file.inline_scripts == 0)
                    || text_of(q, n).is_some_and(|text| !text.contains(name))
            })
        };
        !groups.is_empty() && groups.iter().all(|g| g.iter().all(read))
    }

    /// Whether on every page in `groups` some script took parameter `index` of `key` (a
    /// service's method, `service.method`, or a global function). False on no page.
    fn taken_by(&self, groups: &[&Vec<PathBuf>], key: &str, index: usize, seen: Seen) -> bool {
        let taken = |g: &&Vec<PathBuf>| {
            g.iter().any(|q| {
                self.nodes.get(q).is_some_and(|n| {
                    let facts = &n.file.facts;
                    let took = match seen {
                        Seen::Service => &facts.services_taken,
                        Seen::Global => &facts.globals_taken,
                    };
                    took.iter().any(|(k, i)| k == key && *i == index)
                })
            })
        };
        !groups.is_empty() && groups.iter().all(taken)
    }

    /// Seeds the scripts of each page with the AngularJS services other scripts of the page
    /// register with Office values, with the Office values passed to those services'
    /// methods, and with those passed to global functions; only scripts that name the
    /// service or declare the function are asked.
    fn seed_services(&self, wanted: &mut BTreeMap<PathBuf, Seeds>) {
        if !self.crosses_pages() {
            return;
        }
        for group in self.page_groups() {
            let mut services: BTreeMap<&str, &OfficeType> = BTreeMap::new();
            let mut calls: Vec<&crate::scan::CallOut> = Vec::new();
            let mut globals: Vec<&crate::scan::CallOut> = Vec::new();
            let mut values: BTreeMap<&str, Vec<&OfficeType>> = BTreeMap::new();
            for n in group.iter().filter_map(|p| self.nodes.get(p)) {
                for (k, (types, _)) in &n.file.facts.global_values {
                    let all = values.entry(k.as_str()).or_default();
                    for ty in types {
                        if !all.contains(&ty) {
                            all.push(ty);
                        }
                    }
                }
                for (k, s) in &n.file.facts.services {
                    services.entry(k.as_str()).or_insert(&s.ty);
                }
                calls.extend(&n.file.facts.service_calls);
                globals.extend(&n.file.facts.global_calls);
            }
            if services.is_empty() && calls.is_empty() && globals.is_empty() && values.is_empty() {
                continue;
            }
            for p in &group {
                let Some(text) = self.nodes.get(p).and_then(|n| text_of(p, n)) else {
                    continue;
                };
                for (name, ty) in &services {
                    if text.contains(name) {
                        wanted
                            .entry(p.clone())
                            .or_default()
                            .injected
                            .entry((*name).to_owned())
                            .or_insert_with(|| (*ty).clone());
                    }
                }
                for c in &calls {
                    if !text.contains(c.specifier.as_str()) {
                        continue;
                    }
                    let params = wanted
                        .entry(p.clone())
                        .or_default()
                        .service_params
                        .entry(format!("{}.{}", c.specifier, c.name))
                        .or_default();
                    add_param(params, c.index, &c.ty);
                }
                for (name, types) in &values {
                    if !text.contains(name) {
                        continue;
                    }
                    let seeded = wanted
                        .entry(p.clone())
                        .or_default()
                        .global_values
                        .entry((*name).to_owned())
                        .or_default();
                    for ty in types {
                        if !seeded.contains(ty) {
                            seeded.push((*ty).clone());
                        }
                    }
                }
                for c in globals.iter().filter(|c| defines_function(&text, &c.name)) {
                    let params = wanted
                        .entry(p.clone())
                        .or_default()
                        .globals
                        .entry(c.name.clone())
                        .or_default();
                    add_param(params, c.index, &c.ty);
                }
            }
        }
    }

    /// Where a call into another module may land, as (file, export name): the module the
    /// specifier leads to, and, since the function may be defined where it is re-exported
    /// from, each module it re-exports that name from. Empty for a package.
    fn call_targets(&self, from: &Path, call: &crate::scan::CallOut) -> Vec<(PathBuf, String)> {
        self.export_targets(from, &call.specifier, &call.name)
    }

    /// Where export `name` of the module `from` imports as `specifier` may be defined, as
    /// (file, name there): that module, and each module it re-exports the name from.
    fn export_targets(&self, from: &Path, specifier: &str, name: &str) -> Vec<(PathBuf, String)> {
        let Some(target) = self.dep_file(from, specifier) else {
            return Vec::new();
        };
        let mut at = vec![(target.clone(), name.to_owned())];
        if let Some(t) = self.nodes.get(target) {
            for re in &t.file.facts.reexports {
                let there = re
                    .names
                    .iter()
                    .find(|(_, to)| to == name)
                    .map(|(f, _)| f.clone())
                    .or_else(|| re.all.then(|| name.to_owned()));
                if let (Some(there), Some(u)) = (there, self.dep_file(target, &re.specifier)) {
                    at.push((u.clone(), there));
                }
            }
        }
        at
    }

    /// The file a dependency of `from` with this specifier leads to.
    fn dep_file(&self, from: &Path, specifier: &str) -> Option<&PathBuf> {
        self.nodes
            .get(from)?
            .deps
            .iter()
            .find_map(|d| match &d.target {
                Target::File(p, _) if d.specifier.as_deref() == Some(specifier) => Some(p),
                _ => None,
            })
    }

    /// A module's Office-typed exports, its own and re-exported.
    fn exports_of(
        &self,
        path: &Path,
        visiting: &mut HashSet<PathBuf>,
    ) -> BTreeMap<String, OfficeType> {
        let Some(node) = self.nodes.get(path) else {
            return BTreeMap::new();
        };
        if !visiting.insert(path.to_path_buf()) {
            return BTreeMap::new();
        }
        let mut out = node.file.facts.exports.clone();
        for re in &node.file.facts.reexports {
            let Some(target) = self.dep_file(path, &re.specifier) else {
                continue;
            };
            let theirs = self.exports_of(target, visiting);
            if re.all {
                for (k, v) in theirs {
                    if k != "default" {
                        out.entry(k).or_insert(v);
                    }
                }
            } else {
                for (from, to) in &re.names {
                    if let Some(v) = theirs.get(from) {
                        out.entry(to.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
        }
        visiting.remove(path);
        out
    }

    /// The seeds every linked file should be scanned with, given its neighbours' facts now.
    fn wanted_seeds(&self) -> Vec<(PathBuf, Seeds)> {
        let mut wanted: BTreeMap<PathBuf, Seeds> = BTreeMap::new();
        let linked: Vec<&PathBuf> = self
            .nodes
            .iter()
            .filter(|(_, n)| n.linked)
            .map(|(p, _)| p)
            .collect();
        for path in &linked {
            let Some(node) = self.nodes.get(*path) else {
                continue;
            };
            let seeds = wanted.entry((*path).clone()).or_default();
            for d in &node.deps {
                if let (Some(spec), Target::File(t, _)) = (&d.specifier, &d.target) {
                    let exports = self.exports_of(t, &mut HashSet::new());
                    if !exports.is_empty() {
                        seeds.imports.insert(spec.clone(), exports);
                    }
                }
            }
        }
        for path in &linked {
            let Some(node) = self.nodes.get(*path) else {
                continue;
            };
            for call in &node.file.facts.calls_out {
                let at = self.call_targets(path, call);
                for (file, name) in at {
                    let params = wanted
                        .entry(file)
                        .or_default()
                        .params
                        .entry(name)
                        .or_default();
                    add_param(params, call.index, &call.ty);
                }
            }
        }
        self.seed_services(&mut wanted);
        // A callback token passed to an imported function: that module is asked what its
        // export does with it.
        for path in &linked {
            let Some(node) = self.nodes.get(*path) else {
                continue;
            };
            for g in token_calls(&node.file.facts) {
                let Some(module) = &g.module else {
                    continue;
                };
                // The module, and the modules it re-exports that name from.
                for (target, name) in self.export_targets(path, module, &g.name) {
                    wanted.entry(target).or_default().token_fns.insert(name);
                }
            }
        }
        // A callback token passed to a global function: the scripts that may define it (they
        // name it after `function`) are asked what it does with the token.
        let globals: BTreeSet<&str> = linked
            .iter()
            .filter_map(|p| self.nodes.get(*p))
            .flat_map(|n| global_token_calls(&n.file.facts))
            .collect();
        if globals.is_empty() {
            return wanted.into_iter().collect();
        }
        for path in &linked {
            let Some(node) = self.nodes.get(*path) else {
                continue;
            };
            let Some(text) = text_of(path, node) else {
                continue;
            };
            for name in globals.iter().filter(|n| defines_function(&text, n)) {
                wanted
                    .entry((*path).clone())
                    .or_default()
                    .token_fns
                    .insert((*name).to_owned());
            }
        }
        wanted.into_iter().collect()
    }
}

/// What a value handed between a page's scripts by name is: an AngularJS service (or a
/// call of its method), or a global (or a call of a global function).
#[derive(Debug, Clone, Copy)]
enum Seen {
    Service,
    Global,
}

/// Adds (parameter `index`, `ty`) to a function's seeded parameters, once.
fn add_param(params: &mut Vec<(usize, OfficeType)>, index: usize, ty: &OfficeType) {
    if !params.iter().any(|(i, t)| *i == index && t == ty) {
        params.push((index, ty.clone()));
    }
}

/// A file's text; a script with nothing to report kept none, so it is read again. `None` for
/// a file that is neither (or cannot be read).
fn text_of<'n>(path: &Path, node: &'n Node) -> Option<std::borrow::Cow<'n, str>> {
    if !node.file.source.text.is_empty() {
        return Some(std::borrow::Cow::Borrowed(node.file.source.text.as_str()));
    }
    if node.file.kind != SourceKind::Script {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(std::borrow::Cow::Owned(crate::source::decode(&bytes).0))
}

/// The functions no binding of the file declares, or that it imports, that it passes a
/// callback token to, directly or from a function it was asked about.
fn token_calls(facts: &crate::scan::FileFacts) -> impl Iterator<Item = &crate::scan::GlobalCall> {
    facts
        .tokens
        .iter()
        .chain(facts.token_fns.iter().map(|f| &f.flow))
        .flat_map(|t| t.global_calls.iter())
}

/// The global functions a file passes a callback token to, directly or from a global
/// function it was asked about.
fn global_token_calls(facts: &crate::scan::FileFacts) -> impl Iterator<Item = &str> {
    token_calls(facts)
        .filter(|g| g.module.is_none())
        .map(|g| g.name.as_str())
}

/// Whether a script's text declares `function name` (a cheap look before it is parsed again;
/// the scan decides).
fn defines_function(text: &str, name: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("function") {
        let after = rest.get(i + "function".len()..).unwrap_or_default();
        let after = after.trim_start();
        if after.starts_with(name)
            && !after
                .get(name.len()..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            return true;
        }
        rest = after;
    }
    false
}

/// A file's dependencies, resolved: its imports, then a page's scripts and the pages it leads
/// to (in parallel for a file with many, such as an entry that imports every module).
fn deps_of(resolver: &oxc_resolver::Resolver, file: &ScannedFile) -> Vec<Dep> {
    let pos = |i: usize| file.dep_positions.get(i).copied().unwrap_or_default();
    let mut todo: Vec<(Option<&str>, DepKind)> = file
        .facts
        .imports
        .iter()
        .map(|imp| (imp.specifier.as_deref(), DepKind::Import(imp.kind)))
        .collect();
    todo.extend(
        file.scripts
            .iter()
            .map(|s| (Some(s.value.as_str()), DepKind::Script { module: s.module })),
    );
    todo.extend(
        file.links
            .iter()
            .map(|l| l.value.as_str())
            .chain(file.facts.pages.iter().map(|p| p.0.as_str()))
            .map(|v| (Some(v), DepKind::Page)),
    );
    let one = |(i, (spec, kind)): (usize, &(Option<&str>, DepKind))| {
        let target = match (spec, kind) {
            (None, _) => Target::Unresolved("the module is computed at run time".to_owned()),
            (Some(s), DepKind::Import(_)) => resolve::import(resolver, &file.path, s),
            (Some(s), _) => resolve::script_src(&file.path, s),
        };
        Dep {
            specifier: spec.map(str::to_owned),
            position: pos(i),
            kind: *kind,
            target,
        }
    };
    if todo.len() > 64 {
        todo.par_iter().enumerate().map(one).collect()
    } else {
        todo.iter().enumerate().map(one).collect()
    }
}

/// A dependency that could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The file that has it.
    pub file: PathBuf,
    /// Where.
    pub position: Position,
    /// What it names (`None`: computed).
    pub specifier: Option<String>,
    /// Why it could not be followed.
    pub why: String,
}

/// One manifest's module graph.
#[derive(Debug, Default)]
pub struct ModuleGraph {
    /// The reachable files, sorted.
    pub files: Vec<PathBuf>,
    /// What could not be followed.
    pub missing: Vec<Missing>,
    /// Packages the add-in loads (libraries, not audited).
    pub packages: BTreeSet<String>,
    /// Scripts from other sites.
    pub external: BTreeSet<String>,
    /// Files that load a script found like the manifest's URLs (by absolute URL on the
    /// add-in's own origin, `~/js/x.js` in an ASP.NET view): a page that does has code,
    /// though no dependency of it is a local path.
    pub loads_mapped: BTreeSet<PathBuf>,
    /// Whether a page loads Microsoft's Office library.
    pub office_library: bool,
    /// Files beyond `max-files` that were not followed.
    pub truncated: usize,
    /// Internal errors while analysing files.
    pub errors: Vec<String>,
}

/// Walks one manifest's graph from its entry files, loading what is not loaded yet.
/// Unresolved page scripts and pages are looked for as the manifest's URLs are (`scope`): a
/// page made by a build names what the build serves. `entries` are (file, kind, the URL, and
/// whether it is a script a browser runs as is rather than a build's or compiler's input).
pub fn reach(
    store: &mut Store,
    entries: &[(PathBuf, SourceKind, String, bool)],
    scope: &SearchRoots<'_>,
    limits: &Limits,
    ignored: &dyn Fn(&Path) -> bool,
) -> ModuleGraph {
    let mut g = ModuleGraph::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    // (file, kind, run as is by a browser: `require` and `import` do not run there).
    let mut frontier: Vec<(PathBuf, SourceKind, bool)> = Vec::new();
    for (p, k, _, raw) in entries {
        if seen.insert(p.clone()) {
            frontier.push((p.clone(), *k, *raw));
        }
    }
    while !frontier.is_empty() {
        if seen.len() > limits.max_files {
            g.truncated = seen.len() - limits.max_files;
            break;
        }
        let load: Vec<(PathBuf, SourceKind)> =
            frontier.iter().map(|(p, k, _)| (p.clone(), *k)).collect();
        g.errors.extend(store.load(&load, limits));
        let mut next = Vec::new();
        for (path, _, raw) in &frontier {
            if let Some(n) = store.nodes.get_mut(path) {
                n.linked = true;
            }
            let Some(node) = store.nodes.get(path) else {
                continue;
            };
            for d in &node.deps {
                // A classic script runs as is: a UMD wrapper's `require` never runs there.
                if *raw
                    && matches!(
                        d.kind,
                        DepKind::Import(
                            ImportKind::Require | ImportKind::Static | ImportKind::ReExport
                        )
                    )
                {
                    continue;
                }
                let mut follow = |p: &PathBuf, k: SourceKind, _: &mut ModuleGraph| {
                    // The configuration's `ignore` patterns take files out of the add-in.
                    if !ignored(p) && seen.insert(p.clone()) {
                        let raw = match d.kind {
                            DepKind::Script { module } => !module && runs_as_is(p),
                            DepKind::Page | DepKind::Import(_) => false,
                        };
                        next.push((p.clone(), k, raw));
                    }
                };
                match &d.target {
                    Target::File(p, k) => follow(p, *k, &mut g),
                    Target::Package(name) => {
                        g.packages.insert(name.clone());
                    }
                    Target::OfficeLibrary => g.office_library = true,
                    // A script on the add-in's own origin (a manifest URL's host or an
                    // AppDomain) is its code, found like the manifest's URLs; on another
                    // origin it is a library.
                    Target::External(url) if scope.is_own_origin(url) => {
                        match urls::map(url, scope) {
                            Some(m) => {
                                g.loads_mapped.insert(path.clone());
                                for (p, k) in m.files() {
                                    follow(p, k, &mut g);
                                }
                            }
                            None => g.missing.push(Missing {
                                file: path.clone(),
                                position: d.position,
                                specifier: d.specifier.clone(),
                                why:
                                    "a script on the add-in's own origin that maps to no local file"
                                        .to_owned(),
                            }),
                        }
                    }
                    Target::External(url) => {
                        g.external.insert(url.clone());
                    }
                    Target::Asset => {}
                    Target::Unresolved(why) => {
                        let mapped = d
                            .specifier
                            .as_deref()
                            .filter(|_| !matches!(d.kind, DepKind::Import(_)))
                            .and_then(|s| urls::map(s, scope));
                        match mapped {
                            Some(m) => {
                                if m.files().any(|(_, k)| k == SourceKind::Script) {
                                    g.loads_mapped.insert(path.clone());
                                }
                                for (p, k) in m.files() {
                                    follow(p, k, &mut g);
                                }
                            }
                            // A page that is not there is a link to somewhere else.
                            None if d.kind == DepKind::Page => {}
                            None => g.missing.push(Missing {
                                file: path.clone(),
                                position: d.position,
                                specifier: d.specifier.clone(),
                                why: why.clone(),
                            }),
                        }
                    }
                }
            }
        }
        frontier = next;
    }
    g.files = seen.into_iter().collect();
    g.files
        .sort_unstable_by(|a, b| crate::source::path_order(a, b));
    g.missing
        .sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    g.missing.dedup();
    g
}

/// Whether a browser runs this file as it is (JavaScript), rather than a compiler's output of
/// it (`taskpane.js` found as `taskpane.ts`).
#[must_use]
pub fn runs_as_is(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "js" | "cjs" | "mjs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_sharing_modules_parse_each_file_once() {
        let t = tempfile::tempdir().unwrap();
        let root = crate::source::canonical(t.path());
        let write = |p: &str, s: &str| std::fs::write(root.join(p), s).unwrap();
        write(
            "read.html",
            "<script type=\"module\" src=\"read.js\"></script>",
        );
        write(
            "compose.html",
            "<script type=\"module\" src=\"compose.js\"></script>",
        );
        write(
            "read.js",
            "import { item } from './shared.js'; console.log(item.subject);",
        );
        write(
            "compose.js",
            "import { item } from './shared.js'; item.body.setAsync('x');",
        );
        write(
            "shared.js",
            "export const item = Office.context.mailbox.item;",
        );
        let maps = Vec::new();
        let scope = SearchRoots {
            manifest_dir: &root,
            projects: &[],
            project_repos: Vec::new(),
            extra: Vec::new(),
            explicit: Vec::new(),
            repository: None,
            maps: &maps,
            remote_app: Vec::new(),
            origins: Vec::new(),
        };
        let mut store = Store::default();
        let limits = Limits::default();
        for page in ["read.html", "compose.html", "read.html"] {
            let entries = [(root.join(page), SourceKind::Page, page.to_owned(), false)];
            let g = reach(&mut store, &entries, &scope, &limits, &|_| false);
            assert_eq!(g.files.len(), 3, "{:?}", g.files);
        }
        assert_eq!(store.analysed(), 5, "each of the five files once");
        // The shared module's export reaches both importers: each is scanned again, once.
        assert!(store.propagate());
        assert_eq!(store.analysed(), 7);
        let compose = store.get(&root.join("compose.js")).unwrap();
        assert!(
            compose
                .file
                .facts
                .uses
                .iter()
                .any(|u| u.candidates.iter().any(|m| m.name == "setAsync"))
        );
    }
}
