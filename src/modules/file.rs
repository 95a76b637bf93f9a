//! One source file, read and analysed: the file stage of the pipeline.
//!
//! Reads the bytes (within `[limits]`), decodes them, guards against hostile nesting, and
//! scans a script, or a page's inline scripts, into [`FileFacts`]; a page also lists the
//! scripts it loads. Knows nothing of manifests or of the module graph.

use std::path::{Path, PathBuf};

use crate::html::{self, ScriptSrc};
use crate::scan::{self, FileFacts, Seeds};
use crate::settings::Limits;
use crate::source::Location;
use crate::source::{Position, SourceKind, SourceText, Span};

/// One analysed source file.
#[derive(Debug)]
pub struct ScannedFile {
    /// The file's path.
    pub path: PathBuf,
    /// Script or page.
    pub kind: SourceKind,
    /// Its text (empty for files that never mention `Office`: positions are never needed).
    pub source: SourceText,
    /// Its facts.
    pub facts: FileFacts,
    /// A page's `<script src>` references.
    pub scripts: Vec<ScriptSrc>,
    /// The pages a page leads to (refresh, frames, links).
    pub links: Vec<ScriptSrc>,
    /// How many inline scripts with code a page has.
    pub inline_scripts: usize,
    /// Where each of `facts.imports`, `scripts`, `links` and `facts.pages` is, in that order
    /// (kept even when the text is not).
    pub dep_positions: Vec<Position>,
    /// Whether invalid UTF-8 was replaced when reading it.
    pub lossy: bool,
    /// Why the file was not analysed (too large, nested too deeply, unreadable), and where.
    pub skipped: Option<(Span, String)>,
}

impl ScannedFile {
    /// The location of a span in this file.
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        self.source.location(span)
    }

    /// Whether the analysis of this file is incomplete: what it uses may be more than found.
    #[must_use]
    pub fn incomplete(&self) -> bool {
        self.facts.parse_error.is_some() || self.facts.by_regions || self.skipped.is_some()
    }
}

/// Whether a file's scan found nothing worth positions.
fn facts_are_empty(f: &FileFacts) -> bool {
    f.uses.is_empty()
        && f.unresolved.is_empty()
        && f.escapes.is_empty()
        && f.token_fns.is_empty()
        && f.ews.is_empty()
        && f.tokens.is_empty()
        && f.scope_requests.is_empty()
        && f.graph_calls.is_empty()
        && f.other_requests.is_empty()
        && f.scope_exports.is_empty()
        && f.scope_args.is_empty()
        && f.suppressions.is_empty()
        && f.calls_out.is_empty()
        && f.parse_error.is_none()
        && !f.by_regions
}

/// A file that was not analysed, with why.
fn skipped_file(path: &Path, kind: SourceKind, text: String, at: u32, why: String) -> ScannedFile {
    ScannedFile {
        path: path.to_path_buf(),
        kind,
        source: SourceText::new(path.to_path_buf(), text),
        facts: FileFacts::default(),
        scripts: Vec::new(),
        links: Vec::new(),
        inline_scripts: 0,
        dep_positions: Vec::new(),
        lossy: false,
        skipped: Some((Span::new(at, at), why)),
    }
}

/// Reads and analyses one source file; files that cannot be analysed come back with a reason.
#[must_use]
pub fn file(path: &Path, kind: SourceKind, limits: &Limits, seeds: &Seeds) -> ScannedFile {
    // The size from the open file (`fstat`): no second walk of the path, as `fs::metadata`
    // then `fs::read` would take.
    let read = std::fs::File::open(path).and_then(|mut f| {
        let size = f.metadata()?.len();
        if size > limits.max_file_size {
            return Ok(Err(size));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        // No more than the limit, should the file grow meanwhile.
        std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut f, limits.max_file_size + 1),
            &mut bytes,
        )?;
        Ok(Ok(bytes))
    });
    let bytes = match read {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            let why = format!(
                "{} is above the source size limit of {} ([limits] max-file-size)",
                crate::source::size_text(size),
                crate::source::size_text(limits.max_file_size)
            );
            return skipped_file(path, kind, String::new(), 0, why);
        }
        Err(e) => {
            return skipped_file(path, kind, String::new(), 0, format!("cannot be read: {e}"));
        }
    };
    let (text, lossy) = crate::source::decode_owned(bytes);
    text_with_seeds(path, text, lossy, kind, limits, seeds)
}

/// Analyses one source's text as the audit does (nesting guard, then the script or the page's
/// blocks). Public for the fuzz targets, which must run what the tool runs.
#[must_use]
pub fn text(
    path: &Path,
    text: String,
    lossy: bool,
    kind: SourceKind,
    limits: &Limits,
) -> ScannedFile {
    text_with_seeds(path, text, lossy, kind, limits, &Seeds::default())
}

fn text_with_seeds(
    path: &Path,
    text: String,
    lossy: bool,
    kind: SourceKind,
    limits: &Limits,
    seeds: &Seeds,
) -> ScannedFile {
    // A script that never mentions Office is only lexed for what it loads: no parser, no
    // nesting guard needed.
    let quick = match kind {
        SourceKind::Script if text.len() <= scan::regions::LARGE_FILE => {
            scan::without_parsing(&text, scan::source_type_for(path), 0, seeds)
        }
        _ => None,
    };
    // Large scripts are analysed by regions, each checked for depth on its own; a page's
    // inline scripts are parsed whole, so a page is checked whatever its size.
    let max_nesting = limits.max_nesting;
    let stack = crate::stack::obtained();
    if quick.is_none()
        && (kind == SourceKind::Page || text.len() <= scan::regions::LARGE_FILE)
        && (scan::may_use_office(&text)
            || scan::module::may_import(&text)
            || scan::msgraph::may_use(&text))
        && let Some((at, bound)) = scan::depth::too_deep(&text, max_nesting, stack)
    {
        let why = match bound {
            scan::depth::TooDeep::Brackets => format!(
                "brackets nest deeper than {max_nesting} levels here ([limits] max-nesting); real code stays below 100, so this file is generated or hostile"
            ),
            scan::depth::TooDeep::Stack => format!(
                "expressions nest deeper here than a {} MiB stack can parse (the most this system allowed; a higher `ulimit -v` allows more); real code stays far below, so this file is generated or hostile",
                stack >> 20
            ),
        };
        return skipped_file(path, kind, text, u32::try_from(at).unwrap_or(0), why);
    }
    let mut inline_scripts = 0;
    let (facts, scripts, links) = match (kind, quick) {
        (SourceKind::Script, Some(facts)) => (facts, Vec::new(), Vec::new()),
        (SourceKind::Script, None) => (
            scan::scan_seeded(&text, scan::source_type_for(path), 0, seeds, max_nesting),
            Vec::new(),
            Vec::new(),
        ),
        (SourceKind::Page, _) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            let page = html::scripts(&text);
            let mut facts = FileFacts::default();
            for block in &page.blocks {
                let Some(code) = text.get(block.start..block.end) else {
                    continue;
                };
                if !code.trim().is_empty() {
                    inline_scripts += 1;
                }
                let st = oxc_span::SourceType::unambiguous().with_typescript(block.typescript);
                let st = if block.module {
                    st.with_module(true)
                } else {
                    st
                };
                let component;
                // A component's template reads the top-level bindings of Vue's
                // `<script setup>` and of Svelte's instance script.
                let template_reads = match ext {
                    "vue" => block.setup,
                    "svelte" => !block.context_module,
                    _ => false,
                };
                let block_seeds = if template_reads {
                    component = scan::Seeds {
                        template_reads_top_level: true,
                        ..seeds.clone()
                    };
                    &component
                } else {
                    seeds
                };
                facts.extend(scan::scan_seeded(
                    code,
                    st,
                    u32::try_from(block.start).unwrap_or(u32::MAX),
                    block_seeds,
                    max_nesting,
                ));
            }
            // ASP.NET bundles: the files `BundleConfig.cs` puts in them, as if the page named
            // each; a bundle that cannot be read stays as named (unresolved: a gap).
            let mut srcs = page.srcs;
            for b in page.bundles {
                match crate::project::bundles::files(path, &b.value) {
                    Some(files) => srcs.extend(files.into_iter().map(|value| html::ScriptSrc {
                        value,
                        span: b.span,
                        module: false,
                    })),
                    None => srcs.push(b),
                }
            }
            (facts, srcs, page.links)
        }
    };
    let dep_spans: Vec<Span> = facts
        .imports
        .iter()
        .map(|i| i.span)
        .chain(scripts.iter().map(|s| s.span))
        .chain(links.iter().map(|s| s.span))
        .chain(facts.pages.iter().map(|p| p.1))
        .collect();
    // Most files never mention Office: keep no text for them (only where their imports are is
    // needed, and that is computed without indexing every line), so that memory stays flat
    // however large the tree.
    let (source, dep_positions) = if facts_are_empty(&facts) && !lossy {
        let positions = crate::source::positions(&text, &dep_spans);
        (
            SourceText::new(path.to_path_buf(), String::new()),
            positions,
        )
    } else {
        let source = SourceText::new(path.to_path_buf(), text);
        let positions = dep_spans.iter().map(|s| source.position(*s)).collect();
        (source, positions)
    };
    ScannedFile {
        path: path.to_path_buf(),
        kind,
        source,
        facts,
        scripts,
        links,
        inline_scripts,
        dep_positions,
        lossy,
        skipped: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        let kind = |p: &str| SourceKind::of(Path::new(p));
        assert_eq!(kind("/a/b.TS"), Some(SourceKind::Script));
        assert_eq!(kind("/a.html/b.mjs"), Some(SourceKind::Script));
        assert_eq!(kind("src/x.Vue"), Some(SourceKind::Page));
        assert_eq!(kind("types/x.d.ts"), None);
        assert_eq!(kind("/a/.ts"), None);
        assert_eq!(kind("/a.js/b"), None);
        assert_eq!(kind("/a/b."), None);
        assert_eq!(kind("/a/b.json"), None);
    }
}
