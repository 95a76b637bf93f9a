//! From a URL the manifest names to the local files that serve it.
//!
//! In order, the first that answers wins:
//! 1. the configuration's `[[map]]` entries (a URL prefix served from a local folder or file);
//! 2. for `~remoteAppUrl/…` in a Visual Studio solution, the web project the add-in project
//!    references: the file at that path, an MVC view (`Views/{controller}/{action}.cshtml`
//!    with the shared layouts), a Razor page, or `wwwroot/`;
//! 3. with `--src`, only those folders, at any depth;
//! 4. the manifest's projects, nearest first (see [`super::project_levels`]), then the
//!    configuration's extra `src` folders: what a build configuration serves under that name
//!    (webpack, Vite, Angular), or a file whose path ends like the URL's path
//!    (`…/MessageRead/MessageRead.html`, a saved `host/path` mirror, `public/`, `wwwroot/`,
//!    `dist/`);
//! 5. the rest of the repository, but only for a match of two or more path segments (a bare
//!    file name there is more likely another add-in's file than this one's), or what the one
//!    build configuration of the repository that serves that name serves.
//!
//! Among candidates the longest match wins, then the one nearest the manifest (fewest folders
//! up, then down), then what a build serves over a plain file. Candidates that tie are all
//! taken and the mapping says it was ambiguous.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::Repo;
use super::build::Build;
use crate::config::UrlMap;
use crate::source::SourceKind;
use crate::source::display_path;

/// Where the code behind one URL is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Pages to read.
    pub pages: Vec<PathBuf>,
    /// Scripts that run (entry modules, function files).
    pub scripts: Vec<PathBuf>,
    /// How it was found, for reports.
    pub via: String,
    /// Served by a build: its scripts are a bundler's entries, not files a browser runs.
    pub built: bool,
    /// A framework's routes folder (Next.js) whose other pages the page may navigate to
    /// client-side, which the audit does not follow.
    pub router: Option<PathBuf>,
    /// Served by a build whose configuration (this one or another of the project) says
    /// something that could not be read: where and what. The page may get more scripts.
    pub partial: Option<String>,
}

impl Mapping {
    /// Every file, pages first.
    pub fn files(&self) -> impl Iterator<Item = (&PathBuf, SourceKind)> {
        // A component a build serves as a script (`+page.svelte`) is read as the page it is.
        self.pages
            .iter()
            .map(|p| (p, SourceKind::Page))
            .chain(self.scripts.iter().map(|s| {
                let kind = match SourceKind::of(s) {
                    Some(SourceKind::Page) => SourceKind::Page,
                    _ => SourceKind::Script,
                };
                (s, kind)
            }))
    }
}

/// Where to look for one manifest's URLs.
#[derive(Debug)]
pub struct SearchRoots<'r> {
    /// The manifest's folder.
    pub manifest_dir: &'r Path,
    /// The manifest's projects, nearest first (tier 4).
    pub projects: &'r [PathBuf],
    /// Repositories searched within `project` (tier 3): the one around the manifest, and one
    /// for the manifest's own folder when the repository's ignore files exclude it.
    pub project_repos: Vec<&'r Repo>,
    /// Extra folders searched as the project is (configuration `src`).
    pub extra: Vec<&'r Repo>,
    /// `--src` folders: the only places searched when given (tier 2).
    pub explicit: Vec<&'r Repo>,
    /// The whole repository (tier 4).
    pub repository: Option<&'r Repo>,
    /// `[[map]]` entries (tier 1).
    pub maps: &'r [UrlMap],
    /// The Visual Studio web projects `~remoteAppUrl` names (before tier 2).
    pub remote_app: Vec<PathBuf>,
    /// The add-in's own origins, lower-cased hosts: its manifest URLs' and its `<AppDomain>`s.
    pub origins: Vec<String>,
}

impl<'r> SearchRoots<'r> {
    /// Every indexed folder searched (a folder may come twice: the repository holds the
    /// project's).
    pub fn repos(&self) -> impl Iterator<Item = &'r Repo> + '_ {
        self.project_repos
            .iter()
            .chain(&self.explicit)
            .chain(&self.extra)
            .copied()
            .chain(self.repository)
    }

    /// Whether an absolute URL is on one of the add-in's own origins.
    #[must_use]
    pub fn is_own_origin(&self, url: &str) -> bool {
        parts(url)
            .0
            .is_some_and(|h| self.origins.iter().any(|o| *o == h || o == "*"))
    }
}

/// A URL's origin (`https://localhost:3000`), lower-cased, when it is written out literally
/// (no host a template fills in).
#[must_use]
pub fn literal_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    };
    (ok(scheme) && ok(host)).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// The host of an origin as a manifest writes it (`https://contoso.com`, `contoso.com`); `*`
/// for a host a template fills in (`{domain}`), which could be any.
#[must_use]
pub fn origin_host(origin: &str) -> Option<String> {
    let o = origin.trim();
    let url = if o.contains("://") {
        o.to_owned()
    } else {
        format!("https://{o}")
    };
    // A host a template fills in could be any: `*`.
    parts(&url).0.map(|h| {
        if is_template_host(&h) {
            "*".to_owned()
        } else {
            h
        }
    })
}

/// A URL's host (without port, lower-cased) and path segments (decoded); a path ending in
/// `/` names `index.html`.
#[must_use]
pub fn parts(url: &str) -> (Option<String>, Vec<String>) {
    let no_frag = url.split(['#', '?']).next().unwrap_or("").trim();
    let (host, path) = if let Some(rest) = no_frag.strip_prefix("~remoteAppUrl") {
        (None, rest)
    } else if let Some((_, rest)) = no_frag.split_once("://") {
        rest.split_once('/')
            .map_or((Some(rest), ""), |(h, p)| (Some(h), p))
    } else if let Some(rest) = no_frag.strip_prefix("//") {
        rest.split_once('/')
            .map_or((Some(rest), ""), |(h, p)| (Some(h), p))
    } else {
        // A host a template fills in (`{domain}/taskpane.html`, `<%= host %>/x`,
        // `$(BaseUrl)/x`): the path maps as the manifest's own.
        match no_frag.split_once('/') {
            Some((first, rest)) if is_template_host(first) => (Some(first), rest),
            _ => (None, no_frag),
        }
    };
    let host = host
        .map(|h| h.rsplit('@').next().unwrap_or(h))
        .map(|h| h.split(':').next().unwrap_or(h).to_ascii_lowercase())
        .filter(|h| !h.is_empty());
    let mut segs: Vec<String> = path
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".")
        .map(percent_decode)
        .collect();
    if path.is_empty() || path.ends_with('/') {
        segs.push("index.html".to_owned());
    }
    (host, segs)
}

/// `%20` → ` `, `%C3%A4` → `ä` (invalid sequences are kept).
#[must_use]
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let hex = |j: usize| bytes.get(j).and_then(|x| char::from(*x).to_digit(16));
        if let (b'%', Some(high), Some(low)) = (byte, hex(at + 1), hex(at + 2)) {
            out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
            at += 3;
        } else {
            out.push(byte);
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn components(p: &Path) -> Vec<String> {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Folders up from `from` to the common ancestor, then down to `to`.
fn distance(from: &Path, to: &Path) -> (usize, usize) {
    let a = components(from);
    let b = components(to);
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    (a.len() - common, b.len() - common)
}

/// Whether a URL segment is a placeholder a build fills in (`%version%`, `{{hash}}`,
/// `[contenthash]`, `${ver}`): it matches any folder.
fn is_placeholder(seg: &str) -> bool {
    (seg.starts_with('[') && seg.ends_with(']')) || is_template_host(seg)
}

/// Whether a URL part is a template's placeholder: `{domain}`, `{{host}}`, `<%= host %>`,
/// `${BASE_URL}`, `$(BaseUrl)`, `%DOMAIN%`, `__HOST__`.
#[must_use]
pub fn is_template_host(part: &str) -> bool {
    let p = part.trim();
    let wrapped = |open: &str, close: &str| {
        p.len() > open.len() + close.len() && p.starts_with(open) && p.ends_with(close)
    };
    wrapped("{", "}")
        || wrapped("${", "}")
        || wrapped("<%", "%>")
        || wrapped("$(", ")")
        || wrapped("%", "%")
        || (wrapped("__", "__")
            && p.trim_matches('_')
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
}

/// How many trailing segments of `segs` (then the host, for a `host/path` mirror) the path's
/// trailing components match, case-insensitively; a placeholder segment matches any.
fn suffix_match(path: &Path, segs: &[String], host: Option<&str>) -> usize {
    let comps = components(path);
    let n = segs
        .iter()
        .rev()
        .zip(comps.iter().rev())
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b) || is_placeholder(a))
        .count();
    let mirror = n == segs.len()
        && host.is_some_and(|h| {
            comps
                .len()
                .checked_sub(n + 1)
                .and_then(|i| comps.get(i))
                .is_some_and(|c| c.eq_ignore_ascii_case(h))
        });
    n + usize::from(mirror)
}

/// A candidate for a URL.
#[derive(Debug)]
struct Candidate {
    mapping: Mapping,
    /// Segments matched.
    matched: usize,
    /// The file has the URL's own name (not a `.ts` beside a `.js` URL).
    exact: bool,
    up: usize,
    down: usize,
    /// Served by a build configuration.
    build: bool,
}

impl Candidate {
    fn key(&self) -> (std::cmp::Reverse<usize>, bool, usize, usize, bool) {
        (
            std::cmp::Reverse(self.matched),
            !self.exact,
            self.up,
            self.down,
            !self.build,
        )
    }
}

/// Script extensions a `.js` URL may be built from.
const SCRIPT_SOURCES: &[&str] = &["ts", "tsx", "mts", "jsx", "mjs"];

fn file_mapping(file: &Path, via: String) -> Option<Mapping> {
    let kind = SourceKind::of(file)?;
    Some(match kind {
        SourceKind::Page => Mapping {
            pages: vec![file.to_path_buf()],
            scripts: Vec::new(),
            via,
            ..Mapping::default()
        },
        SourceKind::Script => Mapping {
            pages: Vec::new(),
            scripts: vec![file.to_path_buf()],
            via,
            ..Mapping::default()
        },
    })
}

/// Candidates among a repository's files (within `under`, if given).
fn file_candidates(
    repo: &Repo,
    under: Option<&Path>,
    host: Option<&str>,
    segs: &[String],
    manifest_dir: &Path,
    out: &mut Vec<Candidate>,
) {
    let Some(last) = segs.last() else { return };
    let mut names = vec![(last.clone(), true)];
    if let Some(stem) = last.strip_suffix(".js") {
        // `x.js` built from `x.ts`; `x.min.js` minified from `x.js` or `x.ts`.
        let stems = [Some(stem), stem.strip_suffix(".min")];
        for stem in stems.into_iter().flatten() {
            if stem != last.trim_end_matches(".js") {
                names.push((format!("{stem}.js"), false));
            }
            names.extend(
                SCRIPT_SOURCES
                    .iter()
                    .map(|e| (format!("{stem}.{e}"), false)),
            );
        }
    }
    for (name, exact) in names {
        let mut alt = segs.to_vec();
        if let Some(l) = alt.last_mut() {
            l.clone_from(&name);
        }
        for f in repo.named(&name) {
            if under.is_some_and(|u| !f.starts_with(u)) || super::in_office_library_copy(f) {
                continue;
            }
            let matched = suffix_match(f, &alt, host);
            let dir = f.parent().unwrap_or(f);
            let (up, down) = distance(manifest_dir, dir);
            if let Some(mapping) = file_mapping(f, "matched by path".to_owned()) {
                out.push(Candidate {
                    mapping,
                    matched,
                    exact,
                    up,
                    down,
                    build: false,
                });
            }
        }
    }
}

/// Candidates among what the builds in `under` serve.
fn build_candidates(
    builds: &[Build],
    under: &Path,
    segs: &[String],
    manifest_dir: &Path,
    out: &mut Vec<Candidate>,
) {
    let in_project: Vec<&Build> = builds.iter().filter(|b| b.dir.starts_with(under)).collect();
    // Any configuration of the project may serve the page too, or add to it.
    let partial = in_project.iter().find_map(|b| {
        let (line, what) = b.unread.first()?;
        Some(format!("{}:{line} ({what})", display_path(&b.config)))
    });
    for b in &in_project {
        for s in &b.served {
            let served: Vec<&str> = s.name.split('/').filter(|x| !x.is_empty()).collect();
            let fits = served.len() <= segs.len()
                && served
                    .iter()
                    .rev()
                    .zip(segs.iter().rev())
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !fits || (s.page.is_none() && s.scripts.is_empty()) {
                continue;
            }
            let (up, down) = distance(manifest_dir, &b.dir);
            out.push(Candidate {
                mapping: Mapping {
                    pages: s.page.iter().cloned().collect(),
                    scripts: s.scripts.clone(),
                    built: true,
                    router: matches!(
                        b.tool,
                        super::build::Tool::Next | super::build::Tool::SvelteKit
                    )
                    .then(|| b.dir.clone()),
                    partial: partial.clone(),
                    via: format!(
                        "served by {} ({}:{})",
                        b.tool.as_str(),
                        display_path(&b.config),
                        s.line
                    ),
                },
                matched: served.len(),
                exact: true,
                up,
                down,
                build: true,
            });
        }
    }
}

/// The best candidates: all that tie with the first.
fn best(mut cands: Vec<Candidate>) -> Option<Mapping> {
    cands.sort_by_key(Candidate::key);
    let first = cands.first()?;
    let key = first.key();
    // Every build configuration that serves the name counts, wherever it sits (a main and a
    // fallback configuration may both emit the page); otherwise the nearest files tie.
    let mut tied: Vec<&Candidate> = if first.build {
        cands
            .iter()
            .filter(|c| c.build && c.matched == first.matched && c.exact == first.exact)
            .collect()
    } else {
        cands.iter().filter(|c| c.key() == key).collect()
    };
    // Overlapping indexes (a project inside the repository) offer one file twice.
    let mut seen: Vec<&Mapping> = Vec::new();
    tied.retain(|c| {
        let new = !seen.contains(&&c.mapping);
        seen.push(&c.mapping);
        new
    });
    let mut m = Mapping {
        built: tied.iter().any(|c| c.mapping.built),
        router: tied.iter().find_map(|c| c.mapping.router.clone()),
        partial: tied.iter().find_map(|c| c.mapping.partial.clone()),
        ..Mapping::default()
    };
    for c in &tied {
        for p in &c.mapping.pages {
            if !m.pages.contains(p) {
                m.pages.push(p.clone());
            }
        }
        for s in &c.mapping.scripts {
            if !m.scripts.contains(s) {
                m.scripts.push(s.clone());
            }
        }
    }
    m.via = if tied.len() > 1 && tied.iter().all(|c| c.build) {
        // Every configuration that serves the name, each with the files it puts there.
        tied.iter()
            .map(|c| {
                let files: Vec<String> = c.mapping.files().map(|(p, _)| display_path(p)).collect();
                format!("{} → {}", c.mapping.via, files.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    } else if tied.len() > 1 {
        format!(
            "{}; ambiguous: {} files match equally",
            first.mapping.via,
            tied.len()
        )
    } else {
        first.mapping.via.clone()
    };
    Some(m)
}

/// A `[[map]]` entry's answer for a URL.
fn mapped_by_config(url: &str, maps: &[UrlMap]) -> Option<Mapping> {
    let clean = url.split(['#', '?']).next().unwrap_or(url);
    for m in maps {
        let Some(rest) = strip_prefix_ci(clean, &m.url) else {
            continue;
        };
        let via = format!("[[map]] at {}", m.at);
        let target = if rest.is_empty() {
            m.path.clone()
        } else {
            m.path.join(percent_decode(rest.trim_start_matches('/')))
        };
        let target = if target.is_dir() {
            target.join("index.html")
        } else {
            target
        };
        if target.is_file() {
            return file_mapping(&target, via);
        }
        if let Some(stem) = target.to_str().and_then(|t| t.strip_suffix(".js")) {
            for e in SCRIPT_SOURCES {
                let alt = PathBuf::from(format!("{stem}.{e}"));
                if alt.is_file() {
                    return file_mapping(&alt, via);
                }
            }
        }
    }
    None
}

fn strip_prefix_ci<'u>(url: &'u str, prefix: &str) -> Option<&'u str> {
    let head = url.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| url.get(prefix.len()..))
        .flatten()
}

/// A path under `base` whose components match `segs` case-insensitively (IIS serves URLs that
/// way), if it exists.
fn find_ci(base: &Path, segs: &[&str]) -> Option<PathBuf> {
    let mut cur = base.to_path_buf();
    for s in segs {
        let direct = cur.join(s);
        if direct.exists() {
            cur = direct;
            continue;
        }
        let found = std::fs::read_dir(&cur).ok()?.flatten().find(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(s))
        })?;
        cur = found.path();
    }
    Some(cur)
}

/// `~remoteAppUrl/…` in a Visual Studio web project.
fn in_web_project(dir: &Path, url: &str, repo: Option<&Repo>) -> Option<Mapping> {
    let path = url
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .get("~remoteAppUrl".len()..)
        .unwrap_or("");
    let raw: Vec<String> = path
        .split(['/', '\\'])
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let segs: Vec<&str> = raw.iter().map(String::as_str).collect();
    let via = format!("in the web project {}", display_path(dir));
    // The file itself, or under wwwroot/ (ASP.NET Core).
    for base in [dir.to_path_buf(), dir.join("wwwroot")] {
        if let Some(f) = find_ci(&base, &segs).filter(|f| f.is_file())
            && let Some(m) = file_mapping(&f, via.clone())
        {
            return Some(m);
        }
    }
    let has_ext = segs.last().is_some_and(|l| l.contains('.'));
    if !has_ext && segs.len() <= 2 {
        // MVC: /{controller}/{action}, Home/Index by default.
        let controller = segs.first().copied().unwrap_or("Home");
        let action = format!("{}.cshtml", segs.get(1).copied().unwrap_or("Index"));
        if let Some(view) = find_ci(dir, &["Views", controller, &action]).filter(|f| f.is_file()) {
            let mut pages = vec![view];
            if let Some(shared) = find_ci(dir, &["Views", "Shared"])
                && let Ok(rd) = std::fs::read_dir(shared)
            {
                let mut layouts: Vec<PathBuf> = rd
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.starts_with('_')
                                && n.to_ascii_lowercase().contains("layout")
                                && n.ends_with(".cshtml")
                        })
                    })
                    .collect();
                layouts.sort();
                pages.extend(layouts);
            }
            return Some(Mapping {
                pages,
                scripts: Vec::new(),
                via: format!("an MVC view {via}"),
                ..Mapping::default()
            });
        }
    }
    if !has_ext {
        // Razor pages: /x → Pages/x.cshtml or Pages/x/Index.cshtml.
        let mut file = segs.clone();
        let last = format!("{}.cshtml", segs.last().copied().unwrap_or("Index"));
        if file.is_empty() {
            file.push(&last);
        } else if let Some(l) = file.last_mut() {
            *l = &last;
        }
        let mut candidates = vec![[&["Pages"][..], &file[..]].concat()];
        candidates.push([&["Pages"][..], &segs[..], &["Index.cshtml"][..]].concat());
        for c in candidates {
            if let Some(page) = find_ci(dir, &c).filter(|f| f.is_file()) {
                return file_mapping(&page, format!("a Razor page {via}"));
            }
        }
    }
    // Otherwise the file whose path ends like the URL's, inside the web project.
    let repo = repo?;
    let (host, segs) = parts(url);
    let mut c = Vec::new();
    file_candidates(repo, Some(dir), host.as_deref(), &segs, dir, &mut c);
    best(c.into_iter().filter(|c| c.matched > 0).collect())
}

/// Maps a URL to the local files that serve it, or `None` when no local file does.
#[must_use]
pub fn map(url: &str, scope: &SearchRoots<'_>) -> Option<Mapping> {
    if let Some(m) = mapped_by_config(url, scope.maps) {
        return Some(m);
    }
    if strip_prefix_ci(url, "~remoteAppUrl").is_some() {
        for dir in &scope.remote_app {
            if let Some(m) = in_web_project(dir, url, scope.repository) {
                return Some(m);
            }
        }
    }
    let (host, segs) = parts(url);
    if segs
        .iter()
        .any(|s| (s.contains(['<', '>', '{', '$'])) && !is_placeholder(s))
    {
        return None;
    }
    let host = host.as_deref();
    if !scope.explicit.is_empty() {
        let mut c = Vec::new();
        for r in &scope.explicit {
            file_candidates(r, None, host, &segs, scope.manifest_dir, &mut c);
            build_candidates(&r.builds, &r.root, &segs, scope.manifest_dir, &mut c);
        }
        return best(c.into_iter().filter(|c| c.matched > 0).collect());
    }
    // The nearest project with a candidate answers.
    for project in scope.projects {
        let mut c = Vec::new();
        for r in &scope.project_repos {
            if !(project.starts_with(&r.root) || r.root.starts_with(project)) {
                continue;
            }
            let under = if project.starts_with(&r.root) {
                project.as_path()
            } else {
                r.root.as_path()
            };
            file_candidates(r, Some(under), host, &segs, scope.manifest_dir, &mut c);
            build_candidates(&r.builds, under, &segs, scope.manifest_dir, &mut c);
        }
        if let Some(m) = best(c.into_iter().filter(|c| c.matched > 0).collect()) {
            return Some(m);
        }
    }
    let mut c = Vec::new();
    for r in &scope.extra {
        file_candidates(r, None, host, &segs, scope.manifest_dir, &mut c);
        build_candidates(&r.builds, &r.root, &segs, scope.manifest_dir, &mut c);
    }
    if let Some(m) = best(c.into_iter().filter(|c| c.matched > 0).collect()) {
        return Some(m);
    }
    let repo = scope.repository?;
    let mut c = Vec::new();
    file_candidates(repo, None, host, &segs, scope.manifest_dir, &mut c);
    let mut c: Vec<Candidate> = c.into_iter().filter(|c| c.matched >= 2).collect();
    // What one build alone in the repository serves (an Angular or webpack front end kept
    // beside the manifests' folder).
    let mut served = Vec::new();
    build_candidates(
        &repo.builds,
        &repo.root,
        &segs,
        scope.manifest_dir,
        &mut served,
    );
    let configs: BTreeSet<&str> = served.iter().map(|c| c.mapping.via.as_str()).collect();
    if configs.len() == 1 {
        c.extend(served);
    }
    best(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts() {
        assert_eq!(
            parts("https://Contoso.com:443/add%20in/taskpane.html?v=1#x"),
            (
                Some("contoso.com".into()),
                vec!["add in".into(), "taskpane.html".into()]
            )
        );
        assert_eq!(
            parts("~remoteAppUrl/MessageRead/MessageRead.html"),
            (None, vec!["MessageRead".into(), "MessageRead.html".into()])
        );
        assert_eq!(
            parts("https://localhost:3000/"),
            (Some("localhost".into()), vec!["index.html".into()])
        );
        // Hosts a template fills in map by their path.
        for url in [
            "{domain}/taskpane.html",
            "{{host}}/taskpane.html",
            "<%= host %>/taskpane.html",
            "${BASE_URL}/taskpane.html",
            "$(BaseUrl)/taskpane.html",
            "%DOMAIN%/taskpane.html",
            "__HOST__/taskpane.html",
            "https://{domain}/taskpane.html",
        ] {
            assert_eq!(parts(url).1, vec!["taskpane.html".to_owned()], "{url}");
        }
        assert_eq!(parts("assets/taskpane.html").1.len(), 2);
    }

    #[test]
    fn suffix_matching_counts_a_mirror_host() {
        let segs = vec!["addin".to_owned(), "taskpane.html".to_owned()];
        assert_eq!(
            suffix_match(
                Path::new("/m/contoso.com/addin/taskpane.html"),
                &segs,
                Some("contoso.com")
            ),
            3
        );
        assert_eq!(
            suffix_match(Path::new("/m/src/taskpane.html"), &segs, None),
            1
        );
        assert_eq!(distance(Path::new("/r/a/b"), Path::new("/r/c")), (2, 1));
    }
}
