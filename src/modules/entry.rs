//! A manifest's entry points: every URL it loads code from, mapped to local files.

use std::path::PathBuf;

use crate::plan::Plan;
use crate::project::urls::{self, Mapping, SearchRoots};
use crate::project::{self, Repos};
use crate::source::Span;

/// One URL the manifest loads code from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The URL as written.
    pub url: String,
    /// Where the manifest names it.
    pub span: Span,
    /// The local files that serve it, if found.
    pub mapping: Option<Mapping>,
    /// Nothing around it could build pages (no build configuration or bundler): a page found
    /// for it runs what it names, and nothing else.
    pub buildless: bool,
    /// Unmapped, and provably served by nothing in the project: why (its origin's pages come
    /// from a build read completely, which serves no such name, and no file of that name is
    /// in the project). Outlook gets an error page there: no code runs, so it is no gap.
    pub unserved: Option<String>,
}

/// Indexes every folder the plan searches (each repository once per run).
pub fn index(plan: &Plan<'_>, repos: &mut Repos) {
    for s in plan.src.iter().chain(&plan.extra_src) {
        repos.index(s);
    }
    if plan.src.is_empty() {
        let dir = project::manifest_dir(plan.manifest.source.path());
        repos.index(&plan.repository);
        // A manifest in a folder the repository's ignore files exclude (a build's `dist/`,
        // audited on purpose): its own folder is searched too.
        if !repos.find(&plan.repository).is_some_and(|r| r.covers(&dir)) {
            repos.index(&dir);
        }
    }
}

/// The search scope of a plan, over repositories [`index`] has indexed.
#[must_use]
pub fn scope<'r>(
    plan: &'r Plan<'_>,
    repos: &'r Repos,
    manifest_dir: &'r std::path::Path,
) -> SearchRoots<'r> {
    let find = |p: &PathBuf| repos.find(p);
    let repository = repos.find(&plan.repository);
    let mut project_repos: Vec<&project::Repo> = repository.into_iter().collect();
    if let Some(own) = repos.find(manifest_dir)
        && own.root != plan.repository
    {
        project_repos.insert(0, own);
    }
    SearchRoots {
        manifest_dir,
        projects: &plan.projects,
        project_repos,
        extra: plan.extra_src.iter().filter_map(find).collect(),
        explicit: plan.src.iter().filter_map(find).collect(),
        repository,
        maps: &plan.maps,
        origins: plan
            .manifest
            .urls
            .iter()
            .map(|u| u.value.as_str())
            .chain(plan.manifest.app_domains.iter().map(String::as_str))
            .filter_map(urls::origin_host)
            .collect(),
        remote_app: if plan.src.is_empty() {
            project::remote_app_dirs(plan.manifest.source.path(), &plan.repository)
        } else {
            Vec::new()
        },
    }
}

/// The manifest's entry points, mapped.
#[must_use]
pub fn entries(plan: &Plan<'_>, scope: &SearchRoots<'_>) -> Vec<Entry> {
    // The page's project: the outermost of the manifest's projects, else its folder. Whether
    // anything there may build pages is asked once, and only for a page with nothing of the
    // add-in's own to run (it reads `package.json` files).
    let project = scope
        .projects
        .last()
        .map_or(scope.manifest_dir, PathBuf::as_path);
    let may_build = std::cell::OnceCell::new();
    let may_build = || *may_build.get_or_init(|| scope.repos().any(|r| r.may_build(project)));
    // Static pages only: a server page (`.cshtml`, `.aspx`) gets scripts from its layout, a
    // component (`.vue`) from its app.
    let static_page = |p: &PathBuf| {
        p.starts_with(project)
            && p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"))
    };
    let mut entries = plan
        .manifest
        .urls
        .iter()
        .map(|u| {
            let mapping = urls::map(&u.value, scope)
                .map(|mut m| {
                    m.pages.retain(|p| !plan.ignored(p));
                    m.scripts.retain(|p| !plan.ignored(p));
                    m
                })
                .filter(|m| !(m.pages.is_empty() && m.scripts.is_empty()));
            let buildless = mapping.as_ref().is_some_and(|m| {
                m.scripts.is_empty() && !m.built && m.pages.iter().all(static_page)
            }) && !may_build();
            Entry {
                url: u.value.clone(),
                span: u.span,
                mapping,
                buildless,
                unserved: None,
            }
        })
        .collect::<Vec<Entry>>();
    let unserved: Vec<Option<String>> = entries
        .iter()
        .map(|e| {
            if e.mapping.is_some() {
                None
            } else {
                unserved(&e.url, &entries, scope)
            }
        })
        .collect();
    for (e, why) in entries.iter_mut().zip(unserved) {
        e.unserved = why;
    }
    entries
}

/// Why an unmapped URL is served by nothing in the project, if it provably is not: another
/// URL of the manifest on the same origin is served by a build whose configurations were all
/// read (no client-side router), so that build serves the origin, and it serves no such
/// name; and no file of the URL's name is anywhere the audit searched (a build's static
/// folder, a copied page, a server's page would be one).
fn unserved(url: &str, entries: &[Entry], scope: &SearchRoots<'_>) -> Option<String> {
    let origin = urls::literal_origin(url)?;
    let name = urls::parts(url).1.pop()?;
    if name.contains(['{', '<', '$', '%']) {
        return None;
    }
    let builder = entries.iter().find_map(|o| {
        let m = o.mapping.as_ref()?;
        (m.built
            && m.partial.is_none()
            && m.router.is_none()
            && urls::literal_origin(&o.url).as_deref() == Some(origin.as_str()))
        .then_some(m)
    })?;
    // Where such a file would be served from: the folder that holds the manifest and the
    // build's pages (a server or static folder of another project in the repository does
    // not serve this origin).
    let mut home = scope.manifest_dir.to_path_buf();
    for f in builder.files().map(|(p, _)| p) {
        while !f.starts_with(&home) {
            if !home.pop() {
                return None;
            }
        }
    }
    for r in scope.repos() {
        if r.named(&name).any(|f| f.starts_with(&home)) {
            return None;
        }
    }
    Some(format!(
        "its origin `{origin}` is {}, which serves no `{name}`, and no file of that name is in the project",
        builder.via
    ))
}

/// The folder whose code is this add-in's: the nearest of the manifest's projects that holds
/// every file its URLs map to, else the nearest folder that holds them and the manifest.
#[must_use]
pub fn own_project(plan: &Plan<'_>, entries: &[Entry]) -> PathBuf {
    let mapped: Vec<&PathBuf> = entries
        .iter()
        .filter_map(|e| e.mapping.as_ref())
        .flat_map(|m| m.files().map(|(p, _)| p))
        .collect();
    if let Some(level) = plan
        .projects
        .iter()
        .find(|l| mapped.iter().all(|f| f.starts_with(l)))
    {
        return level.clone();
    }
    let mut common = project::manifest_dir(plan.manifest.source.path());
    for f in &mapped {
        while !f.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    if common.starts_with(&plan.repository) {
        common
    } else {
        plan.repository.clone()
    }
}
