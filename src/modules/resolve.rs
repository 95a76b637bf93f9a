//! Where a specifier or a `<script src>` leads: a local file, a package, Microsoft's Office
//! library, something external, an asset, or nowhere.
//!
//! Module specifiers go through [`oxc_resolver`] (the resolver rolldown and rspack use:
//! Node's algorithm, `exports`/`imports` maps, `browser` fields, tsconfig `paths`/`baseUrl`
//! and project references, `.js` → `.ts` extension aliases). Script sources are paths or URLs
//! relative to their page.

use std::path::{Path, PathBuf};

use oxc_resolver::{ResolveError, ResolveOptions, Resolver, TsconfigDiscovery};

use crate::project::{self, build::normalize};
use crate::source::SourceKind;

/// Where a dependency leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local source file: part of the add-in.
    File(PathBuf, SourceKind),
    /// An npm package (installed or not): a library, not the add-in's code.
    Package(String),
    /// Microsoft's Office library (`office.js` from the CDN or a local copy).
    OfficeLibrary,
    /// A script from another site.
    External(String),
    /// A stylesheet, an image, JSON: no code to audit.
    Asset,
    /// A local path that does not exist or cannot be resolved, with why.
    Unresolved(String),
}

/// The resolver the run shares (its caches of folders and `package.json` files with it).
#[must_use]
pub fn resolver() -> Resolver {
    let ext = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    Resolver::new(ResolveOptions {
        tsconfig: Some(TsconfigDiscovery::Auto),
        extensions: ext(&[
            ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte",
            ".json",
        ]),
        extension_alias: vec![
            (".js".into(), ext(&[".ts", ".tsx", ".js", ".jsx"])),
            (".mjs".into(), ext(&[".mts", ".mjs"])),
            (".cjs".into(), ext(&[".cts", ".cjs"])),
        ],
        condition_names: ext(&["browser", "import", "module", "require", "default"]),
        main_fields: ext(&["browser", "module", "main"]),
        builtin_modules: true,
        ..ResolveOptions::default()
    })
}

/// Whether a specifier names a package (not a path).
fn is_bare(spec: &str) -> bool {
    !(spec.starts_with('.') || spec.starts_with('/') || Path::new(spec).is_absolute())
}

/// Specifiers that look like packages but are project aliases (`@/x`, `~/x`, `#x`): when they
/// do not resolve, local code is missing.
fn is_alias_like(spec: &str) -> bool {
    spec.starts_with("@/") || spec.starts_with("~/") || spec.starts_with('#')
}

/// The package a bare specifier names (`@scope/name/x` → `@scope/name`).
fn package_name(spec: &str) -> String {
    let mut parts = spec.split('/');
    match (parts.next(), parts.next()) {
        (Some(scope), Some(name)) if scope.starts_with('@') => format!("{scope}/{name}"),
        (Some(name), _) => name.to_owned(),
        _ => spec.to_owned(),
    }
}

fn in_node_modules(p: &Path) -> bool {
    p.components().any(|c| c.as_os_str() == "node_modules")
}

/// What a resolved path is.
fn classify(path: PathBuf) -> Target {
    if project::is_office_library(&path) || project::in_office_library_copy(&path) {
        return Target::OfficeLibrary;
    }
    match SourceKind::of(&path) {
        Some(kind) => Target::File(path, kind),
        None => Target::Asset,
    }
}

/// Where `import`/`require` of `spec` from `from` leads.
#[must_use]
pub fn import(resolver: &Resolver, from: &Path, spec: &str) -> Target {
    // webpack loader syntax (`raw-loader!./x.txt`) and queries (`./x.svg?raw`).
    let spec = spec.rsplit('!').next().unwrap_or(spec);
    let spec = spec.split('?').next().unwrap_or(spec);
    if spec.is_empty() {
        return Target::Asset;
    }
    if spec.starts_with("http:") || spec.starts_with("https:") {
        return Target::External(spec.to_owned());
    }
    if spec.starts_with("node:") {
        return Target::Package(spec.to_owned());
    }
    // SvelteKit's `$lib` is the app's `src/lib` (its generated tsconfig, which says so, is
    // not committed); `$app/…` and `$env/…` are the framework's.
    if let Some(rest) = spec.strip_prefix("$lib") {
        if !(rest.is_empty() || rest.starts_with('/')) {
            return Target::Package(package_name(spec));
        }
        let kit = from.ancestors().skip(1).find(|d| {
            ["js", "ts", "mjs", "cjs"]
                .iter()
                .any(|e| d.join(format!("svelte.config.{e}")).is_file())
        });
        return match kit {
            Some(dir) => import(
                resolver,
                &dir.join("svelte.config.js"),
                &format!("./src/lib{rest}"),
            ),
            None => Target::Unresolved(
                "`$lib` is SvelteKit's, and no svelte.config.* is above this file".to_owned(),
            ),
        };
    }
    let bare = is_bare(spec);
    // A relative specifier never goes through tsconfig `paths`: resolve it from the folder,
    // without looking up the tsconfig of every importing file.
    let outcome = if spec.starts_with("./") || spec.starts_with("../") {
        match from.parent() {
            Some(dir) => resolver.resolve(dir, spec),
            None => resolver.resolve_file(from, spec),
        }
    } else {
        resolver.resolve_file(from, spec)
    };
    match outcome {
        Ok(r) => {
            let path = r.into_path_buf();
            if bare && in_node_modules(&path) {
                Target::Package(package_name(spec))
            } else {
                classify(path)
            }
        }
        Err(ResolveError::Builtin { .. }) => Target::Package(spec.to_owned()),
        Err(ResolveError::Ignored(_)) => Target::Asset,
        // What cannot hold code is never a gap, whether or not it is there: a style, an
        // image, a font, data, or a declaration file (`./types/shared` → `shared.d.ts`).
        Err(_) if !bare && (holds_no_code(spec) || declaration_only(from, spec)) => Target::Asset,
        Err(e) => {
            if bare && !is_alias_like(spec) {
                Target::Package(package_name(spec))
            } else {
                Target::Unresolved(e.to_string())
            }
        }
    }
}

/// Extensions of files a bundler imports as styles, assets or data, never as code.
const NO_CODE_EXTS: &[&str] = &[
    "css", "scss", "sass", "less", "styl", "pcss", "png", "jpg", "jpeg", "gif", "svg", "ico",
    "webp", "avif", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot", "json", "json5",
    "txt", "md", "html", "htm", "xml", "yaml", "yml", "csv", "mp3", "mp4", "wav", "ogg", "webm",
    "pdf", "graphql", "gql", "wasm",
];

/// Whether a specifier names a file that holds no code, by its extension.
fn holds_no_code(spec: &str) -> bool {
    let name = spec.rsplit('/').next().unwrap_or(spec);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| NO_CODE_EXTS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// Whether a relative specifier leads only to a TypeScript declaration file (types, no
/// code): `./types/shared` with `shared.d.ts` beside it, or a folder with `index.d.ts`.
fn declaration_only(from: &Path, spec: &str) -> bool {
    let Some(dir) = from.parent() else {
        return false;
    };
    let base = dir.join(spec);
    let with = |suffix: &str| {
        let mut s = base.clone().into_os_string();
        s.push(suffix);
        std::path::PathBuf::from(s).is_file()
    };
    with(".d.ts") || with(".d.mts") || with(".d.cts") || base.join("index.d.ts").is_file()
}

/// Hosts that serve libraries, never the add-in's own code.
const LIBRARY_HOSTS: &[&str] = &[
    "appsforoffice.microsoft.com",
    "ajax.aspnetcdn.com",
    "ajax.googleapis.com",
    "cdnjs.cloudflare.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "code.jquery.com",
    "res-1.cdn.office.net",
    "res.cdn.office.net",
    "static2.sharepointonline.com",
    "alcdn.msauth.net",
    "alcdn.msftauth.net",
    "secure.aadcdn.microsoftonline-p.com",
];

/// A path from the page's folder or, for `/x` and `~/x`, from the nearest folder above it
/// that has `x`.
fn local(page_dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = crate::project::urls::percent_decode(path);
    if decoded != path
        && let Some(found) = local(page_dir, &decoded)
    {
        return Some(found);
    }
    let rooted = path.strip_prefix("~/").or_else(|| path.strip_prefix('/'));
    let candidates: Vec<PathBuf> = match rooted {
        Some(rest) => page_dir.ancestors().take(8).map(|d| d.join(rest)).collect(),
        None => vec![normalize(&page_dir.join(path))],
    };
    for c in &candidates {
        if c.is_file() {
            return Some(c.clone());
        }
    }
    // `taskpane.js` next to `taskpane.ts`: the page loads what the compiler makes of it.
    for c in &candidates {
        if let Some(stem) = c.to_str().and_then(|s| s.strip_suffix(".js")) {
            for e in ["ts", "tsx", "mts", "jsx", "mjs"] {
                let alt = PathBuf::from(format!("{stem}.{e}"));
                if alt.is_file() {
                    return Some(alt);
                }
            }
        }
    }
    None
}

/// Where a page's `<script src>` leads.
#[must_use]
pub fn script_src(page: &Path, src: &str) -> Target {
    let clean = src.split(['?', '#']).next().unwrap_or("").trim();
    if clean.is_empty() {
        return Target::Asset;
    }
    let page_dir = page.parent().unwrap_or(page);
    let (host, path) = if let Some((_, rest)) = clean.split_once("://") {
        let (h, p) = rest.split_once('/').unwrap_or((rest, ""));
        (
            Some(h.split(':').next().unwrap_or(h).to_ascii_lowercase()),
            format!("/{p}"),
        )
    } else if let Some(rest) = clean.strip_prefix("//") {
        let (h, p) = rest.split_once('/').unwrap_or((rest, ""));
        (Some(h.to_ascii_lowercase()), format!("/{p}"))
    } else {
        (None, clean.to_owned())
    };
    let name_is_office = project::is_office_library(Path::new(&path));
    if let Some(h) = &host {
        if name_is_office || LIBRARY_HOSTS.contains(&h.as_str()) {
            return if name_is_office {
                Target::OfficeLibrary
            } else {
                Target::External(clean.to_owned())
            };
        }
        // The add-in's own server during development: the path is a local file.
        if !matches!(h.as_str(), "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]") {
            return match local(page_dir, &path) {
                Some(p) => classify(p),
                None => Target::External(clean.to_owned()),
            };
        }
    }
    match local(page_dir, &path) {
        Some(p) => classify(p),
        None if name_is_office => Target::OfficeLibrary,
        None => match vendored_package(&path) {
            Some(name) => Target::Package(name),
            None => Target::Unresolved("no such file".to_owned()),
        },
    }
}

/// Folders that hold other people's packages: a missing script there is a library that is not
/// installed (`/node_modules/jquery/dist/jquery.js`), not missing add-in code.
const PACKAGE_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "vendor",
    "vendors",
    "packages",
];

/// The package a missing script path names inside a package folder.
fn vendored_package(path: &str) -> Option<String> {
    let segs: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    let i = segs
        .iter()
        .position(|s| PACKAGE_DIRS.iter().any(|d| s.eq_ignore_ascii_case(d)))?;
    let rest = segs.get(i + 1..)?;
    match rest {
        [scope, name, _, ..] if scope.starts_with('@') => Some(format!("{scope}/{name}")),
        [name, _, ..] => Some((*name).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_resolve_to_files_packages_or_nowhere() {
        let t = tempfile::tempdir().unwrap();
        let root = crate::source::canonical(t.path());
        let write = |p: &str, s: &str| {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, s).unwrap();
        };
        write("src/a.ts", "");
        write("src/b/index.tsx", "");
        write("src/c.ts", "");
        write("src/style.css", "");
        write(
            "src/types/shared.d.ts",
            "export interface Shared { id: string }",
        );
        write(
            "node_modules/lib/package.json",
            r#"{"name":"lib","main":"main.js"}"#,
        );
        write("node_modules/lib/main.js", "");
        write(
            "tsconfig.json",
            r#"{"compilerOptions":{"baseUrl":".","paths":{"@/*":["src/*"]}}}"#,
        );
        let r = resolver();
        let from = root.join("src/a.ts");
        assert_eq!(
            import(&r, &from, "./b"),
            Target::File(root.join("src/b/index.tsx"), SourceKind::Script)
        );
        assert_eq!(
            import(&r, &from, "./c.js"),
            Target::File(root.join("src/c.ts"), SourceKind::Script)
        );
        assert_eq!(
            import(&r, &from, "@/c"),
            Target::File(root.join("src/c.ts"), SourceKind::Script)
        );
        assert_eq!(import(&r, &from, "./style.css"), Target::Asset);
        // Present or not, a style, an image or data holds no code.
        for spec in [
            "./missing.scss",
            "../images/logo.png",
            "./strings.json",
            "./x.svg?raw",
        ] {
            assert_eq!(import(&r, &from, spec), Target::Asset, "{spec}");
        }
        // Types only: a declaration file holds no code to follow.
        assert_eq!(import(&r, &from, "./types/shared"), Target::Asset);
        assert_eq!(import(&r, &from, "lib"), Target::Package("lib".into()));
        assert_eq!(
            import(&r, &from, "@azure/msal-browser"),
            Target::Package("@azure/msal-browser".into())
        );
        assert!(matches!(
            import(&r, &from, "./missing"),
            Target::Unresolved(_)
        ));
        assert!(matches!(
            import(&r, &from, "@/missing"),
            Target::Unresolved(_)
        ));
    }

    #[test]
    fn script_sources() {
        let t = tempfile::tempdir().unwrap();
        let root = crate::source::canonical(t.path());
        std::fs::create_dir_all(root.join("web/src")).unwrap();
        std::fs::write(root.join("web/src/app.ts"), "").unwrap();
        std::fs::write(root.join("web/main.js"), "").unwrap();
        let page = root.join("web/src/index.html");
        assert_eq!(
            script_src(&page, "app.js?v=2"),
            Target::File(root.join("web/src/app.ts"), SourceKind::Script)
        );
        assert_eq!(
            script_src(&page, "/main.js"),
            Target::File(root.join("web/main.js"), SourceKind::Script)
        );
        assert_eq!(
            script_src(&page, "https://localhost:3000/main.js"),
            Target::File(root.join("web/main.js"), SourceKind::Script)
        );
        assert_eq!(
            script_src(
                &page,
                "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
            ),
            Target::OfficeLibrary
        );
        assert!(matches!(
            script_src(&page, "https://code.jquery.com/jquery.js"),
            Target::External(_)
        ));
        assert!(matches!(
            script_src(&page, "missing.js"),
            Target::Unresolved(_)
        ));
        assert_eq!(
            script_src(&page, "../../node_modules/jquery/dist/jquery.js"),
            Target::Package("jquery".into())
        );
        assert_eq!(
            script_src(&page, "/vendor/angular/angular.min.js"),
            Target::Package("angular".into())
        );
    }
}
