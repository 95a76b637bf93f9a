//! Where an add-in's files are: the repository around a manifest, its own project inside it,
//! the files of both, and the build configurations that turn sources into what the manifest's
//! URLs serve.
//!
//! - The **repository** is the nearest folder above the manifest with `.git` (or `.hg`,
//!   `.svn`); without version control, the outermost folder above it that looks like the top
//!   of a checkout (`package.json`, `*.sln`, `README*`, `LICENSE*`, `.gitignore`), never the
//!   home folder or `/`.
//! - The manifest's **projects** are its own folder, then the folders above it, up to the
//!   repository, that hold `package.json`, `*.sln` or `*.csproj` (the sample around a
//!   configuration copy, a monorepo's root), nearest first. A URL is looked for in the nearest
//!   project that has a candidate.
//!
//! Walks honour `.gitignore` and `.ignore` (with or without a git repository), never enter
//! `node_modules`, `bower_components` or `jspm_packages`, and index only what the audit can
//! use: scripts, pages and `package.json` files.

pub mod build;
pub mod bundles;
pub mod urls;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::source::SourceKind;

/// Folders never entered.
pub const VENDOR_DIRS: &[&str] = &["node_modules", "bower_components", "jspm_packages"];

/// A walk over `root`, honouring ignore files, skipping vendored folders.
#[must_use]
pub fn walk_builder(root: &Path) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.require_git(false)
        .follow_links(false)
        .threads(
            std::thread::available_parallelism()
                .map_or(2, std::num::NonZero::get)
                .min(8),
        )
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| VENDOR_DIRS.contains(&n)))
        });
    b
}

/// Whether a file name is one of Microsoft's Office JavaScript library files.
#[must_use]
pub fn is_office_library(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    if matches!(
        name.as_str(),
        "office.js"
            | "office.debug.js"
            | "office.min.js"
            | "office_strings.js"
            | "office_strings.debug.js"
    ) {
        return true;
    }
    let platform_prefixes = [
        "outlook-win32-",
        "outlook-web-",
        "outlook-mac-",
        "outlook-ios-",
        "outlook-android-",
        "outlookwebapp-",
        "o15apptofilemappingtable",
    ];
    Path::new(&name).extension().is_some_and(|e| e == "js")
        && platform_prefixes.iter().any(|p| name.starts_with(p))
}

/// Whether a file is inside a copy of Microsoft's Office library (the `NuGet` and npm layouts:
/// a folder named `Office` or `office-js` holding `office.js`, or a version folder with it —
/// `Scripts/Office/1.1/office.js` — with its platform, locale and telemetry files below).
#[must_use]
pub fn in_office_library_copy(path: &Path) -> bool {
    // Most paths have no folder of that name: a byte search says so without walking the
    // path's components (this runs for every file of the project).
    let bytes = path.as_os_str().as_encoded_bytes();
    if !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"office")) {
        return false;
    }
    path.ancestors().skip(1).take(5).any(|d| {
        let named = d.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            n.eq_ignore_ascii_case("office") || n.eq_ignore_ascii_case("office-js")
        });
        named
            && (d.join("office.js").is_file()
                || d.join("dist/office.js").is_file()
                || std::fs::read_dir(d).is_ok_and(|rd| {
                    rd.flatten().any(|e| {
                        e.path().join("office.js").is_file()
                            || e.path().join("office.debug.js").is_file()
                    })
                }))
    })
}

/// Bundlers and build tools a `package.json` may depend on or run.
const BUNDLERS: &[&str] = &[
    "webpack",
    "vite",
    "parcel",
    "rollup",
    "esbuild",
    "gulp",
    "grunt",
    "browserify",
    "react-scripts",
    "@vue/cli-service",
    "@angular/cli",
    "next",
    "snowpack",
    "@rspack/core",
    "office-addin-dev-settings",
];

/// Whether a `package.json` depends on a bundler, runs one, or has a script named for
/// building (unreadable: yes).
fn package_builds(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return true;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return true;
    };
    let names = ["dependencies", "devDependencies"]
        .iter()
        .filter_map(|k| v.get(k)?.as_object())
        .flat_map(|o| o.keys());
    let scripts = v.get("scripts").and_then(|s| s.as_object());
    // A script named for building runs a build, whatever it calls (`node tasks/build.js`).
    let builds_by_name = scripts.is_some_and(|o| {
        o.keys().any(|k| {
            ["build", "bundle", "compile", "dist", "pack"]
                .iter()
                .any(|w| k.to_ascii_lowercase().starts_with(w))
        })
    });
    let scripts = scripts
        .into_iter()
        .flat_map(|o| o.values().filter_map(|x| x.as_str()));
    builds_by_name
        || names.into_iter().any(|n| BUNDLERS.contains(&n.as_str()))
        || scripts.into_iter().any(|s| {
            s.split(|c: char| c.is_whitespace() || c == '&' || c == ';')
                .any(|w| BUNDLERS.contains(&w) || w == "ng")
        })
}

/// The indexed files of one folder tree.
#[derive(Debug, Default)]
pub struct Repo {
    /// The folder (absolute, canonical where possible).
    pub root: PathBuf,
    /// Scripts, pages, `package.json` and `angular.json` files, absolute, sorted.
    pub files: Vec<PathBuf>,
    /// `*.xml` and `*.json` files: manifest candidates, decided by content later.
    pub data_files: Vec<PathBuf>,
    /// Lower-cased file name → indices into `files`.
    by_name: HashMap<String, Vec<usize>>,
    /// The webpack and Vite configurations found, read.
    pub builds: Vec<build::Build>,
    /// Walk errors (unreadable folders), as messages.
    pub errors: Vec<String>,
}

impl Repo {
    /// Whether anything under `dir` could build the add-in's pages (and inject scripts into
    /// them): a build configuration (read or not), a task runner's file, or a `package.json`
    /// that depends on or runs a bundler.
    #[must_use]
    pub fn may_build(&self, dir: &Path) -> bool {
        const CONFIGS: &[&str] = &[
            "rollup.config.",
            "gulpfile.",
            "gruntfile.",
            "esbuild.",
            "vue.config.",
            "svelte.config.",
            "parcel.config.",
            "snowpack.config.",
            "rspack.config.",
        ];
        self.builds.iter().any(|b| b.dir.starts_with(dir))
            || self.files_under(dir).any(|f| {
                let name = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                build::is_build_config(f)
                    || CONFIGS.iter().any(|c| name.starts_with(c))
                    || (name == "package.json" && package_builds(f))
            })
    }

    /// Walks and indexes `root`.
    #[must_use]
    pub fn index(root: &Path) -> Repo {
        let root = crate::source::canonical(root);
        let found = std::sync::Mutex::new((Vec::new(), Vec::new(), Vec::new()));
        walk_builder(&root).build_parallel().run(|| {
            Box::new(|entry| {
                let verdict = match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let p = e.into_path();
                        let data = p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                            x.eq_ignore_ascii_case("xml") || x.eq_ignore_ascii_case("json")
                        });
                        let wanted = SourceKind::of(&p).is_some()
                            || p.file_name()
                                .is_some_and(|n| n == "package.json" || n == "angular.json");
                        Some(Ok((p, wanted, data)))
                    }
                    Ok(_) => None,
                    Err(e) => Some(Err(e.to_string())),
                };
                if let (Some(v), Ok(mut found)) = (verdict, found.lock()) {
                    match v {
                        Ok((p, wanted, data)) => {
                            if data {
                                found.2.push(p.clone());
                            }
                            if wanted {
                                found.0.push(p);
                            }
                        }
                        Err(e) => found.1.push(e),
                    }
                }
                ignore::WalkState::Continue
            })
        });
        let (mut files, mut errors, mut data_files) = found
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_unstable_by(|a, b| crate::source::path_order(a, b));
        errors.sort();
        data_files.sort_unstable_by(|a, b| crate::source::path_order(a, b));
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            if let Some(n) = f.file_name().and_then(|n| n.to_str()) {
                by_name.entry(n.to_ascii_lowercase()).or_default().push(i);
            }
        }
        let mut builds: Vec<build::Build> = files
            .iter()
            .filter(|f| build::is_build_config(f))
            .filter_map(|f| build::read(f, &files))
            .collect();
        // Frameworks that build by convention, where no configuration of the folder says
        // otherwise.
        let conventional: Vec<build::Build> = files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n == "package.json"))
            .filter(|f| !builds.iter().any(|b| Some(b.dir.as_path()) == f.parent()))
            .filter_map(|f| build::read_package(f))
            .collect();
        builds.extend(conventional);
        Repo {
            root,
            files,
            data_files,
            by_name,
            builds,
            errors,
        }
    }

    /// The indexed files named `name` (case-insensitive).
    pub fn named<'r>(&'r self, name: &str) -> impl Iterator<Item = &'r PathBuf> + 'r {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|&i| self.files.get(i))
    }

    /// The indexed files under `dir`: one run of the sorted list ([`crate::source::path_order`]
    /// keeps a folder's files together).
    fn files_under<'r>(&'r self, dir: &'r Path) -> impl Iterator<Item = &'r PathBuf> + 'r {
        let start = self
            .files
            .partition_point(|f| crate::source::path_order(f, dir).is_lt());
        self.files
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |f| f.starts_with(dir))
    }

    /// The indexed source files under `dir`, with their kinds.
    pub fn sources_under<'r>(
        &'r self,
        dir: &'r Path,
    ) -> impl Iterator<Item = (&'r PathBuf, SourceKind)> + 'r {
        self.files_under(dir)
            .filter_map(|f| SourceKind::of(f).map(|k| (f, k)))
    }

    /// Whether any indexed file is under `dir`.
    #[must_use]
    pub fn covers(&self, dir: &Path) -> bool {
        self.files_under(dir).next().is_some()
    }
}

/// Every repository the run has indexed, by root, each walked once.
#[derive(Debug, Default)]
pub struct Repos {
    repos: Vec<Repo>,
}

impl Repos {
    /// Indexes the repository at `root`, unless it is indexed already.
    pub fn index(&mut self, root: &Path) {
        let root = crate::source::canonical(root);
        if !self.repos.iter().any(|r| r.root == root) {
            self.repos.push(Repo::index(&root));
        }
    }

    /// The repository indexed at `root`, if it has been.
    #[must_use]
    pub fn find(&self, root: &Path) -> Option<&Repo> {
        let root = crate::source::canonical(root);
        self.repos.iter().find(|r| r.root == root)
    }

    /// Every indexed repository.
    pub fn all(&self) -> impl Iterator<Item = &Repo> {
        self.repos.iter()
    }
}

fn has_file(dir: &Path, name: &str) -> bool {
    dir.join(name).exists()
}

fn has_ext(dir: &Path, exts: &[&str]) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.iter().any(|w| x.eq_ignore_ascii_case(w)))
        })
    })
}

fn has_prefix(dir: &Path, prefixes: &[&str]) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            e.file_name()
                .to_str()
                .map(str::to_ascii_uppercase)
                .is_some_and(|n| prefixes.iter().any(|p| n.starts_with(p)))
        })
    })
}

/// Whether a folder is the top of a project (`package.json`, `*.sln`, `*.csproj`).
fn is_project(dir: &Path) -> bool {
    has_file(dir, "package.json") || has_ext(dir, &["sln", "csproj"])
}

/// The web projects a Visual Studio add-in project serves `~remoteAppUrl` from: the
/// `<ProjectReference>` with `<RoleType>Web</RoleType>` in a `.csproj` beside the manifest or
/// above it (inside the repository), else a sibling folder named like the project plus `Web`.
#[must_use]
pub fn remote_app_dirs(manifest: &Path, repository: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in manifest_dir(manifest).ancestors().take(4) {
        if !d.starts_with(repository) {
            break;
        }
        let Ok(rd) = std::fs::read_dir(d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if !p
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csproj"))
            {
                continue;
            }
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let (text, _) = crate::source::decode(&bytes);
            for web in web_references(&text) {
                let target = build::normalize(&d.join(web.replace('\\', "/")));
                if let Some(dir) = target.parent().filter(|t| t.is_dir()) {
                    out.push(dir.to_path_buf());
                }
            }
            if out.is_empty()
                && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                && let Some(parent) = d.parent()
            {
                let sibling = parent.join(format!("{stem}Web"));
                if sibling.is_dir() {
                    out.push(sibling);
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The web projects an add-in's project file names: the `Include` paths of its
/// `<ProjectReference>` elements whose `<RoleType>` is `Web`, and its `<CoreWebProject>` (an
/// ASP.NET Core web project).
fn web_references(csproj: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(csproj);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_role = false;
    let mut in_core = false;
    let mut web = false;
    loop {
        match reader.read_event() {
            // An ASP.NET Core add-in project names its web project directly.
            Ok(Event::Start(e)) if e.local_name().as_ref() == "CoreWebProject" => in_core = true,
            Ok(Event::Text(t)) if in_core => {
                let path = t.as_ref().trim().to_owned();
                if !path.is_empty() {
                    out.push(path);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "CoreWebProject" => in_core = false,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "ProjectReference" => {
                current = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "Include")
                    .map(|a| a.value.to_string());
                web = false;
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "RoleType" => in_role = true,
            Ok(Event::Text(t)) if in_role => {
                web |= t.as_ref().trim() == "Web";
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "RoleType" => in_role = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == "ProjectReference" => {
                if let (true, Some(c)) = (web, current.take()) {
                    out.push(c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The folder the manifest is in, absolute and canonical.
#[must_use]
pub fn manifest_dir(manifest: &Path) -> PathBuf {
    let abs = crate::source::canonical(manifest);
    abs.parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

/// The repository around a manifest (see the module docs).
#[must_use]
pub fn repository_root(manifest: &Path) -> PathBuf {
    let start = manifest_dir(manifest);
    let home = std::env::var_os("HOME").map(|h| crate::source::canonical(Path::new(&h)));
    let stop = |d: &Path| d.parent().is_none() || home.as_deref() == Some(d);
    // The outermost folder from `start` up to `top` (inclusive) that looks like a checkout's
    // top or a project, else `start`.
    let outermost = |top: Option<&Path>| {
        let mut found = None;
        for d in start.ancestors() {
            if stop(d) {
                break;
            }
            if is_project(d) || has_file(d, ".gitignore") || has_prefix(d, &["README", "LICENSE"]) {
                found = Some(d.to_path_buf());
            }
            if Some(d) == top {
                break;
            }
        }
        found.unwrap_or_else(|| start.clone())
    };
    for d in start.ancestors() {
        if stop(d) {
            break;
        }
        if [".git", ".hg", ".svn"].iter().any(|v| has_file(d, v)) {
            // A manifest in a folder the repository ignores (a build's `dist/`, a workload
            // generated under `target/`) belongs to that folder's world, not the repository's.
            return match ignored_ancestor(d, &start) {
                Some(ignored) => outermost(Some(&ignored)),
                None => d.to_path_buf(),
            };
        }
    }
    outermost(None)
}

/// The folder nearest the repository, between it and `dir` (inclusive), that the repository's
/// `.gitignore` files exclude, if any.
fn ignored_ancestor(repo: &Path, dir: &Path) -> Option<PathBuf> {
    let rel = dir.strip_prefix(repo).ok()?;
    let mut builder = ignore::gitignore::GitignoreBuilder::new(repo);
    let mut cur = repo.to_path_buf();
    for c in rel.components() {
        let gi = cur.join(".gitignore");
        if gi.is_file() {
            // Patterns of a nested .gitignore are relative to its folder; the builder is rooted
            // at the repository, so only the root's file is exact. Nested ones are rare for the
            // folders this looks for (dist/, target/, out/).
            if cur == repo {
                let _ = builder.add(&gi);
            }
        }
        cur.push(c);
        let gi_matcher = builder.build().ok()?;
        if gi_matcher.matched(&cur, true).is_ignore() {
            return Some(cur);
        }
    }
    None
}

/// The manifest's projects inside the repository, nearest first: the manifest's own folder,
/// then every folder above it, up to the repository, that holds `package.json`, `*.sln` or
/// `*.csproj` (the sample around a configuration copy, a monorepo's root). URLs are looked for
/// in the nearest first.
#[must_use]
pub fn project_levels(manifest: &Path, repository: &Path) -> Vec<PathBuf> {
    let start = manifest_dir(manifest);
    let mut out = vec![start.clone()];
    out.extend(
        start
            .ancestors()
            .skip(1)
            .take_while(|d| d.starts_with(repository))
            .filter(|d| is_project(d))
            .map(Path::to_path_buf),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_office_library_files() {
        assert!(is_office_library(Path::new("lib/office.js")));
        assert!(is_office_library(Path::new("x/outlook-web-16.01.js")));
        assert!(!is_office_library(Path::new("src/outlook-helpers.js")));
        assert!(!is_office_library(Path::new("src/telemetry.js")));
        let t = tempfile::tempdir().unwrap();
        let lib = t.path().join("Scripts/Office/1");
        std::fs::create_dir_all(lib.join("telemetry")).unwrap();
        std::fs::write(lib.join("office.js"), "").unwrap();
        assert!(in_office_library_copy(&lib.join("telemetry/oteljs.js")));
        assert!(!in_office_library_copy(&t.path().join("Scripts/app.js")));
    }

    #[test]
    fn web_project_references() {
        let csproj = r#"<Project><ItemGroup>
            <ProjectReference Include="..\ContosoWeb\ContosoWeb.csproj"><RoleType>Web</RoleType></ProjectReference>
            <ProjectReference Include="..\Lib\Lib.csproj"><Private>True</Private></ProjectReference>
        </ItemGroup></Project>"#;
        assert_eq!(
            web_references(csproj),
            ["..\\ContosoWeb\\ContosoWeb.csproj"]
        );
    }

    #[test]
    fn a_manifest_in_an_ignored_folder_is_its_own_repository() {
        let t = tempfile::tempdir().unwrap();
        let repo = crate::source::canonical(t.path());
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(repo.join(".gitignore"), "/target\ndist/\n").unwrap();
        let work = repo.join("target/bench/tree");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("package.json"), "{}").unwrap();
        assert_eq!(repository_root(&work.join("manifest.xml")), work);
        let dist = repo.join("web/dist");
        std::fs::create_dir_all(&dist).unwrap();
        assert_eq!(repository_root(&dist.join("manifest.xml")), dist);
        assert_eq!(repository_root(&repo.join("web/manifest.xml")), repo);
    }

    #[test]
    fn roots_of_a_nested_manifest() {
        let t = tempfile::tempdir().unwrap();
        let repo = crate::source::canonical(t.path());
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        let sample = repo.join("samples/one");
        let nested = sample.join("configs/unified");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(sample.join("package.json"), "{}").unwrap();
        std::fs::write(nested.join("package.json"), "{}").unwrap();
        std::fs::write(nested.join("manifest.json"), "{}").unwrap();
        let m = nested.join("manifest.json");
        assert_eq!(repository_root(&m), repo);
        assert_eq!(project_levels(&m, &repo), [nested.clone(), sample.clone()]);
        assert_eq!(
            project_levels(&sample.join("manifest.xml"), &repo),
            std::slice::from_ref(&sample)
        );
        // Without a project of its own, a manifest's folder is its project.
        let bare = repo.join("addins/a");
        std::fs::create_dir_all(&bare).unwrap();
        std::fs::write(bare.join("manifest.xml"), "").unwrap();
        assert_eq!(project_levels(&bare.join("manifest.xml"), &repo), [bare]);
    }
}
