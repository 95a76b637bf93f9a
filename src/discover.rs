//! Finding things on disk: manifests in a folder, an add-in's project root, its source files,
//! and the inline scripts of its HTML pages.
//!
//! Walks honour `.gitignore` and `.ignore` (with or without a git repository), never enter
//! `node_modules`, `bower_components` or `jspm_packages`, and skip copies of Microsoft's own
//! `office.js` library files, which mention every API and would make every add-in look like
//! it needs everything.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Folders never entered.
pub const VENDOR_DIRS: &[&str] = &["node_modules", "bower_components", "jspm_packages"];

/// Extensions of script files.
pub const SCRIPT_EXTS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

/// Extensions of pages whose inline `<script>` blocks are scanned.
pub const PAGE_EXTS: &[&str] = &["html", "htm", "cshtml", "aspx", "vue", "svelte"];

/// What kind of file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// A script file.
    Script,
    /// A page with inline scripts.
    Page,
}

/// A walk over `root`, honouring ignore files, skipping vendored folders.
fn walk_builder(root: &Path) -> WalkBuilder {
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

fn ext_of(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
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
    std::path::Path::new(&name)
        .extension()
        .is_some_and(|e| e == "js")
        && platform_prefixes.iter().any(|p| name.starts_with(p))
}

/// Files found under a project root.
#[derive(Debug, Default)]
pub struct SourceSet {
    /// Script and page files to scan, sorted.
    pub files: Vec<(PathBuf, SourceKind)>,
    /// Microsoft library copies that were skipped, sorted.
    pub skipped_libraries: Vec<PathBuf>,
    /// Walk errors (unreadable folders), as messages.
    pub errors: Vec<String>,
}

/// Collects the source files under each of `roots`.
#[must_use]
pub fn sources(roots: &[PathBuf]) -> SourceSet {
    let set = std::sync::Mutex::new(SourceSet::default());
    for root in roots {
        // ripgrep's parallel walker: directory reads are a large part of a zero-config run.
        walk_builder(root).build_parallel().run(|| {
            Box::new(|entry| {
                let verdict = classify(entry);
                if let Ok(mut set) = set.lock() {
                    match verdict {
                        Found::Error(e) => set.errors.push(e),
                        Found::Library(p) => set.skipped_libraries.push(p),
                        Found::Source(p, k) => set.files.push((p, k)),
                        Found::Nothing => {}
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }
    let mut set = set
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    set.files.sort();
    set.files.dedup();
    set.skipped_libraries.sort();
    set.skipped_libraries.dedup();
    set.errors.sort();
    set
}

/// What one walk entry is.
enum Found {
    Error(String),
    Library(PathBuf),
    Source(PathBuf, SourceKind),
    Nothing,
}

fn classify(entry: Result<ignore::DirEntry, ignore::Error>) -> Found {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => return Found::Error(e.to_string()),
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return Found::Nothing;
    }
    let path = entry.into_path();
    let Some(ext) = ext_of(&path) else {
        return Found::Nothing;
    };
    let kind = if SCRIPT_EXTS.contains(&ext.as_str()) {
        // Declaration files hold types, not code.
        if path.to_string_lossy().ends_with(".d.ts") {
            return Found::Nothing;
        }
        SourceKind::Script
    } else if PAGE_EXTS.contains(&ext.as_str()) {
        SourceKind::Page
    } else {
        return Found::Nothing;
    };
    if kind == SourceKind::Script && is_office_library(&path) {
        return Found::Library(path);
    }
    Found::Source(path, kind)
}

/// Finds add-in manifest candidates under a folder: `*.xml` that mention `<OfficeApp` and
/// `*.json` that mention `manifestVersion` (the parsers decide).
#[must_use]
pub fn manifest_candidates(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    walk_builder(dir).build_parallel().run(|| {
        Box::new(|entry| {
            let verdict = match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    is_manifest_candidate(e.path()).then(|| Ok(e.into_path()))
                }
                Ok(_) => None,
                Err(e) => Some(Err(e.to_string())),
            };
            if let (Some(v), Ok(mut found)) = (verdict, found.lock()) {
                match v {
                    Ok(p) => found.0.push(p),
                    Err(e) => found.1.push(e),
                }
            }
            ignore::WalkState::Continue
        })
    });
    let (mut out, mut errors) = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.sort();
    errors.sort();
    (out, errors)
}

/// Whether a file looks like a manifest: `.xml` naming `OfficeApp`, or `.json` naming
/// `manifestVersion`, in its first [`SNIFF_BYTES`].
fn is_manifest_candidate(path: &Path) -> bool {
    let needle: &[u8] = match ext_of(path).as_deref() {
        Some("xml") => b"OfficeApp",
        Some("json") => b"manifestVersion",
        _ => return false,
    };
    // The root element or `manifestVersion` comes first: read only the start of each file
    // (package-lock.json and data files can be large).
    let Ok(bytes) = read_prefix(path, SNIFF_BYTES) else {
        return false;
    };
    let (text, _) = crate::source::decode(&bytes);
    memchr::memmem::find(text.as_bytes(), needle).is_some()
}

/// How much of a `.xml`/`.json` file is read to decide whether it is a manifest.
const SNIFF_BYTES: u64 = 256 << 10;

fn read_prefix(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// The add-in's project root: the nearest folder, from the manifest's own upwards, that holds
/// `.git`, `package.json` or a `*.sln`; otherwise the manifest's folder.
#[must_use]
pub fn project_root(manifest: &Path) -> PathBuf {
    let abs = std::path::absolute(manifest).unwrap_or_else(|_| manifest.to_path_buf());
    let start = abs
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        let marker = d.join(".git").exists()
            || d.join("package.json").is_file()
            || std::fs::read_dir(d).is_ok_and(|rd| {
                rd.flatten().any(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("sln"))
                })
            });
        if marker {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start
}

/// An inline script block of a page: its text's byte range in the page and whether it is
/// TypeScript (`lang="ts"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptBlock {
    /// The first byte of the script's text in the page.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `lang="ts"` / `type="text/typescript"`.
    pub typescript: bool,
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// The inline `<script>` blocks of a page that have no `src` and hold JavaScript or
/// TypeScript. HTML comments are skipped.
#[must_use]
pub fn script_blocks(page: &str) -> Vec<ScriptBlock> {
    let b = page.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = b
            .get(i..)
            .and_then(|rest| rest.iter().position(|&c| c == b'<'))
        else {
            break;
        };
        let at = i + lt;
        if b.get(at..at + 4) == Some(b"<!--") {
            i = find_ci(b, b"-->", at + 4).map_or(b.len(), |e| e + 3);
            continue;
        }
        let is_script = b
            .get(at + 1..at + 7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"script"))
            && b.get(at + 7)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/');
        if !is_script {
            i = at + 1;
            continue;
        }
        // The open tag's end: the first `>` outside quotes.
        let mut j = at + 7;
        let mut quote = None;
        while let Some(&c) = b.get(j) {
            match quote {
                Some(q) if c == q => quote = None,
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                Some(_) | None => {}
            }
            j += 1;
        }
        let tag = page.get(at..j).unwrap_or("");
        let attrs = parse_attrs(tag.get(7..).unwrap_or(""));
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let content_start = (j + 1).min(b.len());
        let Some(close) = find_ci(b, b"</script", content_start) else {
            break;
        };
        let ty = get("type").unwrap_or_default();
        let lang = get("lang").unwrap_or_default();
        let js_type = ty.is_empty()
            || ty == "module"
            || ty.contains("javascript")
            || ty.contains("ecmascript")
            || ty.contains("typescript")
            || ty == "text/babel"
            || ty == "text/jsx";
        let self_closing = tag.trim_end().ends_with('/');
        if get("src").is_none() && js_type && !self_closing {
            out.push(ScriptBlock {
                start: content_start,
                end: close,
                typescript: lang == "ts" || lang == "tsx" || ty.contains("typescript"),
            });
        }
        i = close + 8;
    }
    out
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                body[..end].clone_into(&mut value);
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                after[..end].clone_into(&mut value);
                rest = &after[end..];
            }
        }
        if name.is_empty() {
            break;
        }
        out.push((name, value));
    }
    out
}

/// The path part of a manifest URL (`https://host:3000/a/b.html?x#y` → `a/b.html`), or the
/// value itself when it is a relative path.
#[must_use]
pub fn url_path(url: &str) -> Option<String> {
    let no_frag = url.split(['#', '?']).next().unwrap_or("");
    let path = match no_frag.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
        None => no_frag,
    };
    let path = path.trim_start_matches('/');
    (!path.is_empty()).then(|| path.to_owned())
}

/// The local file a manifest URL most likely serves: the file under `root` whose path ends
/// with the longest run of the URL's path segments (at least the file name).
#[must_use]
pub fn resolve_url(url: &str, candidates: &[PathBuf]) -> Option<PathBuf> {
    let path = url_path(url)?;
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut best: Option<(usize, &PathBuf)> = None;
    for c in candidates {
        let comps: Vec<String> = c
            .components()
            .map(|x| x.as_os_str().to_string_lossy().into_owned())
            .collect();
        let matched = segs
            .iter()
            .rev()
            .zip(comps.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        if matched > 0 && best.is_none_or(|(n, _)| matched > n) {
            best = Some((matched, c));
        }
    }
    best.map(|(_, p)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let page = "<html><!-- <script>no()</script> --><script src=\"a.js\"></script>\n<SCRIPT type=\"text/javascript\">one()</SCRIPT><script type=\"text/template\">x</script><script lang=\"ts\">two()</script></html>";
        let blocks = script_blocks(page);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&page[blocks[0].start..blocks[0].end], "one()");
        assert_eq!(&page[blocks[1].start..blocks[1].end], "two()");
        assert!(blocks[1].typescript);
    }

    #[test]
    fn recognises_office_library_files() {
        assert!(is_office_library(Path::new("lib/office.js")));
        assert!(is_office_library(Path::new("x/outlook-web-16.01.js")));
        assert!(!is_office_library(Path::new("src/outlook-helpers.js")));
    }

    #[test]
    fn urls_resolve_by_suffix() {
        assert_eq!(
            url_path("https://localhost:3000/taskpane.html?v=1").as_deref(),
            Some("taskpane.html")
        );
        let files = vec![
            PathBuf::from("/p/src/taskpane/taskpane.html"),
            PathBuf::from("/p/other/taskpane.html"),
            PathBuf::from("/p/dist/commands.html"),
        ];
        assert_eq!(
            resolve_url("https://x/src/taskpane/taskpane.html", &files),
            Some(files[0].clone())
        );
        assert_eq!(resolve_url("https://x/nothing.html", &files), None);
    }
}
