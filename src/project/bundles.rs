//! ASP.NET (MVC 5) script bundles: `@Scripts.Render("~/bundles/app")` in a Razor view or
//! layout loads the files that `App_Start/BundleConfig.cs` puts in that bundle:
//!
//! ```csharp
//! bundles.Add(new ScriptBundle("~/bundles/app").Include(
//!     "~/Scripts/app.js",
//!     "~/Scripts/jquery-{version}.js"));
//! bundles.Add(new ScriptBundle("~/bundles/views").IncludeDirectory("~/Scripts/views", "*.js"));
//! ```
//!
//! `BundleConfig.cs` is read with a small C# lexer (comments, regular and verbatim strings,
//! identifiers, punctuation), never run. Only literal bundle names and include paths are
//! used; a bundle built any other way (kept in a variable, an interpolated or computed path,
//! an `Include` with a transform) is unreadable, and the view's bundle then stays unresolved
//! (a gap), never guessed.

use std::path::{Path, PathBuf};

/// One C# token, as far as bundles need.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
    /// Anything else that is a value (a number, an interpolated string, a char literal).
    Other,
}

fn lex(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    // The byte at `i`, or 0 past the end (never in C# source text that matters here).
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut out = Vec::new();
    let mut i = 0;
    // A string literal from its opening quote at `*i`: its value, `None` if unterminated.
    let string = |i: &mut usize, verbatim: bool| -> Option<String> {
        let mut s = Vec::new();
        *i += 1;
        while *i < b.len() {
            let c = at(*i);
            if c == b'"' {
                if verbatim && at(*i + 1) == b'"' {
                    s.push(b'"');
                    *i += 2;
                    continue;
                }
                *i += 1;
                return Some(String::from_utf8_lossy(&s).into_owned());
            }
            if c == b'\\' && !verbatim {
                s.push(match at(*i + 1) {
                    b'n' => b'\n',
                    b't' => b'\t',
                    other => other,
                });
                *i += 2;
                continue;
            }
            if c == b'\n' && !verbatim {
                return None;
            }
            s.push(c);
            *i += 1;
        }
        None
    };
    while i < b.len() {
        let c = at(i);
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if at(i + 1) == b'/' => {
                while i < b.len() && at(i) != b'\n' {
                    i += 1;
                }
            }
            b'/' if at(i + 1) == b'*' => {
                i += 2;
                while i < b.len() && !(at(i) == b'*' && at(i + 1) == b'/') {
                    i += 1;
                }
                i += 2;
            }
            // A preprocessor line (`#if DEBUG`), at the start of a statement.
            b'#' if out
                .last()
                .is_none_or(|t| matches!(t, Tok::Punct(';' | '{' | '}'))) =>
            {
                while i < b.len() && at(i) != b'\n' {
                    i += 1;
                }
            }
            b'"' => out.push(string(&mut i, false).map_or(Tok::Other, Tok::Str)),
            b'@' if at(i + 1) == b'"' => {
                i += 1;
                out.push(string(&mut i, true).map_or(Tok::Other, Tok::Str));
            }
            b'$' if matches!(at(i + 1), b'"' | b'@') => {
                i += 1;
                let verbatim = at(i) == b'@';
                if verbatim {
                    i += 1;
                }
                let _ = string(&mut i, verbatim);
                out.push(Tok::Other);
            }
            b'\'' => {
                i += 1;
                while i < b.len() && at(i) != b'\'' && at(i) != b'\n' {
                    if at(i) == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push(Tok::Other);
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'@' => {
                let start = i;
                i += 1;
                while at(i).is_ascii_alphanumeric() || at(i) == b'_' {
                    i += 1;
                }
                let word = text
                    .get(start..i)
                    .unwrap_or_default()
                    .trim_start_matches('@');
                out.push(Tok::Ident(word.to_owned()));
            }
            c if c.is_ascii_digit() => {
                while at(i).is_ascii_alphanumeric() || at(i) == b'.' {
                    i += 1;
                }
                out.push(Tok::Other);
            }
            c if c.is_ascii() => {
                out.push(Tok::Punct(c as char));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// What a `BundleConfig.cs` says about one bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bundle {
    /// Its include paths (`~/Scripts/app.js`, with `*` and `{version}` wildcards) and
    /// directories (`~/Scripts/views`, pattern).
    Files(Vec<String>, Vec<(String, String)>),
    /// Made in a way that is not read.
    Unreadable,
}

/// The bundles a `BundleConfig.cs` makes, by virtual path (for tests of the lexer on any
/// text: it must answer, never panic).
#[cfg(test)]
pub(crate) fn read(text: &str) -> Vec<String> {
    bundles(text).into_iter().map(|(n, _)| n).collect()
}

/// The bundles a `BundleConfig.cs` makes, by virtual path.
fn bundles(text: &str) -> Vec<(String, Bundle)> {
    let toks = lex(text);
    let tok = |k: usize| toks.get(k);
    let ident = |k: usize, w: &str| matches!(tok(k), Some(Tok::Ident(x)) if x == w);
    let punct = |k: usize, p: char| tok(k) == Some(&Tok::Punct(p));
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < toks.len() {
        let is_bundle =
            ident(pos, "new") && (ident(pos + 1, "ScriptBundle") || ident(pos + 1, "Bundle"));
        let (true, true, Some(Tok::Str(name))) = (is_bundle, punct(pos + 2, '('), tok(pos + 3))
        else {
            pos += 1;
            continue;
        };
        let name = name.clone();
        // Kept in a variable, it may get files elsewhere.
        let mut ok = !(pos > 0 && punct(pos - 1, '='));
        // The rest of the constructor's arguments (a CDN path).
        let mut next = pos + 4;
        while next < toks.len() && !punct(next, ')') {
            if !matches!(tok(next), Some(Tok::Str(_) | Tok::Punct(','))) {
                ok = false;
            }
            next += 1;
        }
        next += 1;
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        // `.Include(…)` / `.IncludeDirectory(…)` calls chained on it.
        while punct(next, '.') && punct(next + 2, '(') {
            let Some(Tok::Ident(method)) = tok(next + 1) else {
                ok = false;
                break;
            };
            let mut args = Vec::new();
            let mut arg = next + 3;
            while arg < toks.len() && !punct(arg, ')') {
                match tok(arg) {
                    Some(Tok::Str(s)) => args.push(Some(s.clone())),
                    Some(Tok::Punct(',')) => {}
                    // `IncludeDirectory(dir, "*.js", true)`: searching subfolders.
                    Some(Tok::Ident(w)) if w == "true" || w == "false" => args.push(None),
                    _ => ok = false,
                }
                arg += 1;
            }
            match method.as_str() {
                "Include" => files.extend(args.into_iter().flatten()),
                "IncludeDirectory" => match (args.first(), args.get(1), args.len()) {
                    (Some(Some(d)), Some(Some(p)), 2) => dirs.push((d.clone(), p.clone())),
                    _ => ok = false,
                },
                _ => ok = false,
            }
            next = arg + 1;
        }
        out.push((
            name,
            if ok {
                Bundle::Files(files, dirs)
            } else {
                Bundle::Unreadable
            },
        ));
        pos = next.max(pos + 1);
    }
    out
}

/// Whether a file name matches a bundle pattern: `*` any run of characters, `{version}` a
/// version number (digits, dots, dashes and letters of pre-releases).
fn matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        if let Some(rest) = p.strip_prefix(b"{version}") {
            if !n.first().is_some_and(u8::is_ascii_digit) {
                return false;
            }
            return (1..=n.len()).any(|k| {
                n.get(..k).is_some_and(|v| {
                    v.iter()
                        .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-')
                }) && n.get(k..).is_some_and(|tail| go(rest, tail))
            });
        }
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => {
                let rest = p.get(1..).unwrap_or_default();
                go(rest, n) || n.get(1..).is_some_and(|tail| go(p, tail))
            }
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => go(
                p.get(1..).unwrap_or_default(),
                n.get(1..).unwrap_or_default(),
            ),
            _ => false,
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

/// The files of the bundle `virtual_path` that a Razor page at `page` renders, as `~/`
/// paths of the web project (what a `<script src>` would name): from the nearest
/// `App_Start/BundleConfig.cs` above the page. `None` when there is no such file, the bundle
/// is not in it, or it is made in a way that is not read.
#[must_use]
pub fn files(page: &Path, virtual_path: &str) -> Option<Vec<String>> {
    let root = page
        .ancestors()
        .skip(1)
        .take(8)
        .find(|d| d.join("App_Start/BundleConfig.cs").is_file())?;
    let bytes = std::fs::read(root.join("App_Start/BundleConfig.cs")).ok()?;
    let (text, _) = crate::source::decode(&bytes);
    let (files, dirs) = bundles(&text)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(virtual_path))
        .and_then(|(_, b)| match b {
            Bundle::Files(f, d) => Some((f, d)),
            Bundle::Unreadable => None,
        })?;
    let mut out = Vec::new();
    let expand = |out: &mut Vec<String>, dir: &str, pattern: &str| -> Option<()> {
        let rel = dir.strip_prefix("~/")?.trim_end_matches('/');
        let folder: PathBuf = root.join(rel);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .ok()?
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|n| matches(pattern, n))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("~/{rel}/{n}")));
        Some(())
    };
    for f in files {
        if f.contains('*') || f.contains("{version}") {
            let (dir, pattern) = f.rsplit_once('/')?;
            expand(&mut out, dir, pattern)?;
        } else {
            out.push(f);
        }
    }
    for (dir, pattern) in dirs {
        expand(&mut out, &dir, &pattern)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literal_bundles_only() {
        let text = r#"
using System.Web.Optimization;
namespace Contoso {
    public class BundleConfig {
        // bundles.Add(new ScriptBundle("~/bundles/old").Include("~/Scripts/old.js"));
        public static void RegisterBundles(BundleCollection bundles) {
            bundles.Add(new ScriptBundle("~/bundles/jquery").Include(
                        "~/Scripts/jquery-{version}.js"));
            bundles.Add(new ScriptBundle("~/bundles/app")
                .Include("~/Scripts/app.js", @"~/Scripts/helpers.js")
                .IncludeDirectory("~/Scripts/views", "*.js"));
            bundles.Add(new StyleBundle("~/Content/css").Include("~/Content/site.css"));
            var dynamic = new ScriptBundle("~/bundles/dynamic");
            bundles.Add(new ScriptBundle("~/bundles/computed").Include(Path + "/x.js"));
        }
    }
}
"#;
        let b = bundles(text);
        let names: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "~/bundles/jquery",
                "~/bundles/app",
                "~/bundles/dynamic",
                "~/bundles/computed"
            ]
        );
        assert_eq!(
            b[1].1,
            Bundle::Files(
                vec!["~/Scripts/app.js".into(), "~/Scripts/helpers.js".into()],
                vec![("~/Scripts/views".into(), "*.js".into())]
            )
        );
        assert_eq!(b[2].1, Bundle::Unreadable);
        assert_eq!(b[3].1, Bundle::Unreadable);
        assert!(matches("jquery-{version}.js", "jquery-3.7.1.js"));
        assert!(!matches("jquery-{version}.js", "jquery-ui.js"));
        assert!(matches("*.js", "Home.js") && !matches("*.js", "Home.css"));
    }
}
