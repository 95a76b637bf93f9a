//! The judgement of one manifest: what its own code needs, by the rules, into the report model.
//!
//! Takes the plan, the entry points and the module graph; decides which functions of a
//! shared function file this manifest's handlers can reach; runs the rules; applies levels,
//! suppressions and fingerprints; and sets the verdict. `unverified` is the verdict whenever
//! the code found needs less than declared but the analysis is incomplete: a lower tier is
//! only ever advised on complete evidence.

use std::collections::BTreeSet;

use crate::finding::Finding;
use crate::modules::entry::Entry;
use crate::modules::file::ScannedFile;
use crate::modules::{ModuleGraph, Store};
use crate::plan::Plan;
use crate::report::{EntryRow, ManifestReport, RequestRow, UnreachableRow, UseRow};
use crate::rules::{self, Context, Gap, GapKind};
use crate::scan::module::{FnGraph, RefKind};
use crate::settings::Level;
use crate::source::Location;
use crate::source::{SourceText, Span, display_path};
use crate::suppress;
use crate::tiers::Tier;

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

/// The level the settings give a code: the last word wins.
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

/// The functions of a file that none of this manifest's handlers can reach: registered for,
/// or named by, handlers only other manifests name. `mine` empty means the manifest's
/// handlers are unknown, and then everything counts.
fn unreachable_functions(
    g: &FnGraph,
    mine: &BTreeSet<String>,
    others: &BTreeSet<String>,
) -> Vec<usize> {
    let n = g.fns.len();
    if mine.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut root = vec![false; n];
    let mut referenced = vec![false; n];
    for (from, to, kind) in &g.refs {
        let Some(r) = root.get_mut(*to) else { continue };
        if let Some(x) = referenced.get_mut(*to) {
            *x = true;
        }
        match kind {
            // Used by top-level code (an event handler, a callback of `Office.onReady`).
            RefKind::Plain => *r |= from.is_none(),
            RefKind::Associate(name) => *r |= mine.contains(name),
            // `g.action = action`: a handler registration when a manifest names `action`;
            // any other assignment (`button.onclick = f`) may run it.
            RefKind::Assign(name) => *r |= mine.contains(name) || !others.contains(name),
        }
    }
    for (i, f) in g.fns.iter().enumerate() {
        let only_others = others.contains(&f.name) && !mine.contains(&f.name);
        let unreferenced = !referenced.get(i).copied().unwrap_or(true);
        if let Some(r) = root.get_mut(i) {
            // Exported: another module may call it. Never referenced: invoked by name (from
            // a page's `onclick`, or by Outlook) unless only other manifests name it.
            *r |= f.exported || (unreferenced && !only_others);
        }
    }
    // Whatever a reachable function refers to (except registrations for others) is reachable.
    g.spread(&mut root, |kind| match kind {
        RefKind::Plain => true,
        RefKind::Associate(name) => mine.contains(name),
        RefKind::Assign(name) => mine.contains(name) || !others.contains(name),
    });
    (0..n)
        .filter(|i| !root.get(*i).copied().unwrap_or(true))
        .collect()
}

/// What a file outside the graph would need; `None` when it uses no Office API.
fn unreachable_row(f: &ScannedFile, modes: u8, named_modes: u8) -> Option<UnreachableRow> {
    let mut uses: Vec<(Tier, String)> = f
        .facts
        .uses
        .iter()
        .filter(|u| !u.probe)
        .filter_map(|u| rules::resolve_candidates(&u.candidates, modes, named_modes))
        .map(|(m, t, _)| (t, m.api()))
        .collect();
    if uses.is_empty() {
        return None;
    }
    uses.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    uses.dedup_by(|a, b| a.1 == b.1);
    Some(UnreachableRow {
        file: display_path(&f.path),
        tier: uses.first().map_or(Tier::Restricted, |u| u.0),
        apis: uses.into_iter().take(3).map(|u| u.1).collect(),
    })
}

/// A page served by a framework's router (Next.js) may navigate client-side to the app's
/// other routes, which the audit does not follow: each file of that app outside the graph,
/// with what it would need (more than the graph needs leaves the analysis incomplete).
fn route_gaps(entries: &[Entry], outside: &[(&ScannedFile, UnreachableRow)]) -> Vec<Gap> {
    let routers: BTreeSet<&std::path::Path> = entries
        .iter()
        .filter_map(|e| e.mapping.as_ref()?.router.as_deref())
        .collect();
    let gap = |row: &UnreachableRow| Gap {
        kind: GapKind::Route,
        could_need: Some(row.tier),
        what: format!(
            "{} is in the same app as the add-in's pages, whose router may navigate to it client-side (not followed); it would need {} ({}). If Outlook never shows it, list it under `ignore`",
            row.file,
            row.tier,
            row.apis.join(", ")
        ),
        location: None,
    };
    outside
        .iter()
        .filter(|(f, _)| routers.iter().any(|r| f.path.starts_with(r)))
        .map(|(_, row)| gap(row))
        .collect()
}

/// The entry points whose pages load no code: no entry script, and no page with an inline
/// script or a local script or page it loads.
fn codeless_entries(entries: &[Entry], store: &Store, graph: &ModuleGraph) -> Vec<usize> {
    entries
        .iter()
        .enumerate()
        // A page in a project that nothing builds runs only what it names.
        .filter(|(_, e)| !e.buildless)
        .filter(|(_, e)| {
            e.mapping.as_ref().is_some_and(|m| {
                m.scripts.is_empty()
                    && m.pages.iter().all(|p| {
                        store.get(p).is_some_and(|n| {
                            n.file.inline_scripts == 0
                                && !graph.loads_mapped.contains(p)
                                && !n
                                    .deps
                                    .iter()
                                    .any(|d| matches!(d.target, crate::modules::Target::File(..)))
                        })
                    })
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// The MSAL scopes the audited files import from other modules, resolved through the store's
/// dependencies and through modules that re-export them (`export { X } from "./config"`, or
/// `import { X } …; export { X }`).
fn imported_scopes<'a>(
    files: &[&'a ScannedFile],
    store: &'a Store,
) -> Vec<rules::ImportedScopes<'a>> {
    let mut out = Vec::new();
    for f in files {
        for r in &f.facts.scope_requests {
            let Some((module, key)) = &r.import else {
                continue;
            };
            if let Some((target, scopes)) = exported_scopes(store, &f.path, module, key, 0) {
                out.push(rules::ImportedScopes {
                    file: f,
                    call: r.span,
                    argument: None,
                    target,
                    scopes,
                });
            }
        }
        for g in &f.facts.scope_args {
            let crate::scan::ScopeArgValue::Import(module, key) = &g.value else {
                continue;
            };
            if let Some((target, scopes)) = exported_scopes(store, &f.path, module, key, 0) {
                out.push(rules::ImportedScopes {
                    file: f,
                    call: g.span,
                    argument: Some(g.index),
                    target,
                    scopes,
                });
            }
        }
    }
    out
}

/// The scopes module `specifier` (as `from` imports it) exports under `key` (`SCOPES`,
/// `loginRequest.scopes`), following re-exports a few modules deep.
fn exported_scopes<'a>(
    store: &'a Store,
    from: &std::path::Path,
    specifier: &str,
    key: &str,
    depth: usize,
) -> Option<(&'a ScannedFile, &'a [(String, Span)])> {
    if depth > 8 {
        return None;
    }
    let target = store.get(from)?.deps.iter().find_map(|d| match &d.target {
        crate::modules::Target::File(p, _) if d.specifier.as_deref() == Some(specifier) => {
            store.get(p)
        }
        _ => None,
    })?;
    let file = &target.file;
    if let Some(scopes) = file.facts.scope_exports.get(key) {
        return Some((file, scopes.as_slice()));
    }
    let (head, rest) = key.split_once('.').map_or((key, ""), |(h, r)| (h, r));
    file.facts.reexports.iter().find_map(|re| {
        let name = if re.all {
            head.to_owned()
        } else {
            re.names.iter().find(|(_, here)| here == head)?.0.clone()
        };
        let inner = if rest.is_empty() {
            name
        } else {
            format!("{name}.{rest}")
        };
        exported_scopes(store, &file.path, &re.specifier, &inner, depth + 1)
    })
}

/// The tier changes that `--fix` would make: lower an over-privileged tier when TIER003 (a
/// complete analysis) says so and no suppression hid it, or raise an under-privileged one
/// (TIER001/TIER002) that the manifest declares; the same change in each twin that declares
/// the same tier (the XML and unified manifests of one add-in are fixed together).
fn manifest_fixes(
    m: &crate::manifest::Manifest,
    twins: &[&crate::manifest::Manifest],
    findings: &[Finding],
    required: Tier,
) -> Vec<crate::report::Fix> {
    let mut out = tier_fixes(m, twins, findings, required);
    out.extend(removals(m, twins, findings));
    // The tier first, then removals in the order of the file.
    out.sort_by(|a, b| {
        (a.kind != crate::report::FixKind::Tier, &a.at)
            .cmp(&(b.kind != crate::report::FixKind::Tier, &b.at))
    });
    out
}

/// The tier change of this manifest and of its twins that declare the same tier.
fn tier_fixes(
    m: &crate::manifest::Manifest,
    twins: &[&crate::manifest::Manifest],
    findings: &[Finding],
    required: Tier,
) -> Vec<crate::report::Fix> {
    let has = |code: &str| findings.iter().any(|f| f.code == code);
    let raises = if has("TIER003") {
        false
    } else if (has("TIER001") || has("TIER002")) && m.declared_explicitly && required > m.declared {
        true
    } else {
        return Vec::new();
    };
    std::iter::once(m)
        .chain(
            twins
                .iter()
                .copied()
                .filter(|t| t.declared_explicitly && t.declared == m.declared),
        )
        .filter_map(|x| tier_fix(x, required, raises))
        .collect()
}

/// The removal of each supplementary permission a SUP002 finding says nothing uses, in this
/// manifest and in its twins that declare it too.
fn removals(
    m: &crate::manifest::Manifest,
    twins: &[&crate::manifest::Manifest],
    findings: &[Finding],
) -> Vec<crate::report::Fix> {
    let mut out = Vec::new();
    for f in findings.iter().filter(|f| f.code == "SUP002") {
        let Some(because) = &f.location else {
            continue;
        };
        let Some(sup) = m
            .supplementary
            .iter()
            .find(|s| &m.source.location(s.span) == because)
        else {
            continue;
        };
        for x in std::iter::once(m).chain(twins.iter().copied()) {
            for s in x.supplementary.iter().filter(|s| s.value == sup.value) {
                let Some(from) = x
                    .source
                    .text
                    .get(s.declaration.start as usize..s.declaration.end as usize)
                else {
                    continue;
                };
                out.push(crate::report::Fix {
                    path: x.source.path().to_path_buf(),
                    kind: crate::report::FixKind::Remove {
                        name: s.value.clone(),
                        because: because.clone(),
                    },
                    span: s.declaration,
                    at: x.source.location(s.span),
                    from: from.to_owned(),
                    to: String::new(),
                    raises: false,
                });
            }
        }
    }
    out
}

/// One manifest's change to `required`.
fn tier_fix(
    m: &crate::manifest::Manifest,
    required: Tier,
    raises: bool,
) -> Option<crate::report::Fix> {
    let from = m
        .source
        .text
        .get(m.declared_span.start as usize..m.declared_span.end as usize)?
        .to_owned();
    let to = match m.format {
        crate::manifest::Format::Xml => required.as_str().to_owned(),
        crate::manifest::Format::Json => {
            // The span is the string literal, quotes included.
            let quote = if from.starts_with('"') { "\"" } else { "" };
            format!("{quote}{}{quote}", required.json_name())
        }
    };
    (from != to).then(|| crate::report::Fix {
        path: m.source.path().to_path_buf(),
        kind: crate::report::FixKind::Tier,
        span: m.declared_span,
        at: m.source.location(m.declared_span),
        from,
        to,
        raises,
    })
}

/// The requests made with the callback token, for reports.
fn request_rows(audit: &Context<'_>) -> Vec<RequestRow> {
    audit
        .requests
        .iter()
        .map(|r| {
            let loc = r.location();
            let (tier, why) = match &r.need {
                rules::token::Need::Tier(t, why) => (Some(*t), (*why).to_owned()),
                rules::token::Need::Unknown(why) => (None, why.clone()),
            };
            RequestRow {
                client: r.request.client,
                method: r.request.method.clone(),
                url: r.request.url.clone(),
                tier,
                why,
                file: loc.file,
                line: loc.position.line,
                column: loc.position.column,
            }
        })
        .collect()
}

/// The add-in's Microsoft Graph privilege, for reports.
fn graph_report(audit: &Context<'_>) -> crate::report::MsGraphReport {
    let g = audit.graph();
    crate::report::MsGraphReport {
        requested: g
            .requested
            .iter()
            .map(|r| (r.scope.clone(), r.location()))
            .collect(),
        needed: g
            .needed()
            .map(|v| v.into_iter().map(str::to_owned).collect()),
        requested_known: g.requested_known(),
        verdict: g.verdict(),
        leaves: g.token_leaves().to_vec(),
        leaves_followed: g.followed,
        calls: g
            .calls
            .iter()
            .map(|c| crate::report::GraphCallRow {
                client: c.call.client,
                method: c.call.method.clone(),
                path: c.path.clone(),
                least: c.need.least.clone(),
                location: c.location(),
            })
            .collect(),
    }
}

/// How many places a report shows code around, per manifest and kind (evidence, findings,
/// Graph requests): enough for a reader, bounded for a bundle with thousands of uses.
const EXCERPTS: usize = 40;

/// Code around the first place of each piece of evidence (by what it is), of each finding at
/// warning or above, and of each Graph request.
fn excerpts(
    audit: &Context<'_>,
    files: &[String],
    evidence: &[rules::Evidence],
    findings: &[Finding],
    graph: &crate::report::MsGraphReport,
) -> Vec<crate::report::Excerpt> {
    let mut seen_what = BTreeSet::new();
    let first_evidence = evidence
        .iter()
        .filter(|e| seen_what.insert(e.what.as_str()))
        .map(|e| &e.location)
        .take(EXCERPTS);
    let serious = findings
        .iter()
        .filter(|f| f.severity >= crate::finding::Severity::Warning)
        .filter_map(|f| f.location.as_ref())
        .take(EXCERPTS);
    let calls = graph.calls.iter().map(|c| &c.location).take(EXCERPTS);
    let mut places: Vec<&Location> = first_evidence.chain(serious).chain(calls).collect();
    places.sort();
    places.dedup();
    if places.is_empty() {
        return Vec::new();
    }
    let mut sources: std::collections::HashMap<&str, &SourceText> = files
        .iter()
        .map(String::as_str)
        .zip(audit.files.iter().map(|f| &f.source))
        .collect();
    let manifest = display_path(audit.manifest.source.path());
    sources.insert(&manifest, &audit.manifest.source);
    places
        .into_iter()
        .filter_map(|at| {
            let source = sources.get(at.file.as_str())?;
            (!source.text.is_empty()).then(|| crate::report::excerpt(source, at, 2))
        })
        .collect()
}

/// What the judgement of one manifest needs.
pub struct Input<'a> {
    /// The plan.
    pub plan: &'a Plan<'a>,
    /// The folder whose code is the add-in's.
    pub own: &'a std::path::Path,
    /// Its entry points.
    pub entries: &'a [Entry],
    /// Its module graph.
    pub graph: &'a ModuleGraph,
    /// The run's files.
    pub store: &'a Store,
    /// Handler names the other manifests of the run give.
    pub others: &'a BTreeSet<String>,
    /// Files of the project outside the graph that use Office.
    pub outside: Vec<&'a ScannedFile>,
    /// Copies of Microsoft's Office library in the project (never audited).
    pub libraries: &'a [std::path::PathBuf],
    /// The add-in's manifests in the other format (same id).
    pub twins: &'a [&'a crate::manifest::Manifest],
    /// Whether cross-module types settled.
    pub settled: bool,
}

/// Judges one manifest.
#[must_use]
pub fn manifest(input: &Input<'_>) -> ManifestReport {
    let m = &input.plan.manifest;
    let files: Vec<&ScannedFile> = input
        .graph
        .files
        .iter()
        .filter_map(|p| input.store.get(p).map(|n| &n.file))
        .collect();
    let mine: BTreeSet<String> = m.handlers.iter().map(|h| h.value.clone()).collect();
    let mut excluded_functions = Vec::new();
    let excluded: Vec<Vec<Span>> = files
        .iter()
        .map(|f| {
            let g = &f.facts.fns;
            unreachable_functions(g, &mine, input.others)
                .into_iter()
                .filter_map(|i| g.fns.get(i))
                .map(|func| {
                    let at = f.location(func.span);
                    excluded_functions.push(format!("{} ({})", func.name, at));
                    func.span
                })
                .collect()
        })
        .collect();

    let mut audit = Context::new(m, files, excluded, input.entries, &input.graph.missing);
    audit.truncated = input.graph.truncated;
    audit.settled = input.settled;
    audit.exchange = input.plan.exchange;
    audit.twins = input.twins;
    audit.imported_scopes = imported_scopes(&audit.files, input.store);
    audit.codeless = codeless_entries(input.entries, input.store, input.graph);
    // The files of the project outside the graph that use Office, with what they would need.
    let outside: Vec<(&ScannedFile, UnreachableRow)> = input
        .outside
        .iter()
        .filter_map(|f| Some((*f, unreachable_row(f, m.modes, m.named_modes)?)))
        .collect();
    audit.navigable = route_gaps(input.entries, &outside);
    let mut findings = rules::check(&audit);
    let levels = &input.plan.levels;
    apply_levels(&mut findings, levels);
    let mut suppressed = 0;
    if input.plan.suppressions {
        let outcome = suppress::apply(findings, &audit.files, &input.plan.suppress);
        findings = outcome.findings;
        suppressed = outcome.suppressed;
        apply_levels(&mut findings, levels);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut sources: Vec<&SourceText> = audit.files.iter().map(|f| &f.source).collect();
    sources.push(&m.source);
    set_fingerprints(&mut findings, &sources);

    let judgement = audit.judgement();
    let (declared, required, verdict) = (judgement.declared, judgement.required, judgement.verdict);
    let evidence = judgement.evidence.clone();
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
    let requests = request_rows(&audit);
    let graph = graph_report(&audit);
    let entries: Vec<EntryRow> = input
        .entries
        .iter()
        .map(|e| {
            let at = m.source.position(e.span);
            EntryRow {
                url: e.url.clone(),
                line: at.line,
                column: at.column,
                files: e
                    .mapping
                    .iter()
                    .flat_map(|mp| mp.files().map(|(p, _)| display_path(p)))
                    .collect(),
                via: e.mapping.as_ref().map(|mp| mp.via.clone()).or_else(|| {
                    e.unserved
                        .as_ref()
                        .map(|_| "served by nothing in the project: MAN013".to_owned())
                }),
            }
        })
        .collect();
    let roots = if input.plan.src.is_empty() {
        vec![display_path(input.own)]
    } else {
        input.plan.src.iter().map(|s| display_path(s)).collect()
    };
    let files: Vec<String> = audit.files.iter().map(|f| display_path(&f.path)).collect();
    let excerpts = excerpts(&audit, &files, &evidence, &findings, &graph);
    ManifestReport {
        manifest: display_path(m.source.path()),
        format: m.format,
        name: m.name.clone(),
        id: m.id.as_ref().map(|i| i.value.clone()),
        provider: m.provider.clone(),
        version: m.version.clone(),
        excerpts,
        declared,
        declared_at: m.source.location(m.declared_span),
        declared_explicitly: m.declared_explicitly,
        required,
        verdict,
        modes: m.modes,
        uses,
        requests,
        graph,
        fix: manifest_fixes(m, input.twins, &findings, required),
        evidence,
        findings,
        roots,
        files,
        lossy_files: audit
            .files
            .iter()
            .filter(|f| f.lossy)
            .map(|f| display_path(&f.path))
            .collect(),
        urls: entries
            .iter()
            .map(|e| (e.url.clone(), e.files.first().cloned()))
            .collect(),
        entries,
        unreachable: outside.into_iter().map(|(_, row)| row).collect(),
        packages: input.graph.packages.iter().cloned().collect(),
        gaps: judgement.gaps().map(ToString::to_string).collect(),
        handlers: mine.into_iter().collect(),
        excluded_functions,
        skipped_libraries: input.libraries.iter().map(|p| display_path(p)).collect(),
        config: input.plan.config.map(|c| display_path(&c.path)),
        fail_on: input.plan.fail_on,
        suppressed,
        baselined: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::module::TopFn;

    fn graph(names: &[(&str, bool)], refs: Vec<(Option<usize>, usize, RefKind)>) -> FnGraph {
        FnGraph {
            fns: names
                .iter()
                .enumerate()
                .map(|(i, (n, exported))| TopFn {
                    name: (*n).to_owned(),
                    span: Span::new(
                        u32::try_from(i * 10).unwrap(),
                        u32::try_from(i * 10 + 9).unwrap(),
                    ),
                    exported: *exported,
                })
                .collect(),
            refs,
        }
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn handlers_of_other_manifests_do_not_count() {
        // onSend (associated) calls helper; onRead (associated) is another manifest's;
        // legacy() is a global function only the other manifest names; util is exported.
        let g = graph(
            &[
                ("onSend", false),
                ("helper", false),
                ("onRead", false),
                ("legacy", false),
                ("util", true),
                ("clicked", false),
            ],
            vec![
                (None, 0, RefKind::Associate("onSend".into())),
                (Some(0), 1, RefKind::Plain),
                (None, 2, RefKind::Associate("onRead".into())),
                (None, 5, RefKind::Assign("onclick".into())),
            ],
        );
        let mine = set(&["onSend"]);
        let others = set(&["onRead", "legacy"]);
        assert_eq!(unreachable_functions(&g, &mine, &others), [2, 3]);
        // Handlers unknown: everything counts.
        assert!(unreachable_functions(&g, &set(&[]), &others).is_empty());
        // Alone in the run, an associated handler is still only this manifest's if named.
        assert_eq!(unreachable_functions(&g, &mine, &set(&[])), [2]);
    }
}
