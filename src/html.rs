//! The scripts of an HTML page (also `.cshtml`, `.aspx`, `.vue`, `.svelte`): inline blocks to
//! scan and `src` references to follow.
//!
//! Tokenised by [html5gum], a WHATWG-conformant tokeniser, with the spec's state switches for
//! `<script>`, `<style>`, `<textarea>` and friends, so comments, `<!--` inside scripts,
//! attribute quoting and character references behave as in a browser. A hand-written scanner
//! got those edge cases wrong or needed a rule for each.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::source::Span;

/// An inline script: its text's byte range in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "four independent attributes of the <script> tag, read as written"
)]
pub struct ScriptBlock {
    /// The first byte of the script's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `lang="ts"` / `type="text/typescript"`.
    pub typescript: bool,
    /// `type="module"`: it may `import`.
    pub module: bool,
    /// `<script setup>`: in a Vue single-file component, its template reads the script's
    /// top-level bindings.
    pub setup: bool,
    /// `context="module"`: in a Svelte component, the one script its template does not read.
    pub context_module: bool,
}

/// A `<script src="…">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptSrc {
    /// The `src` value, character references decoded.
    pub value: String,
    /// The attribute's span in the page.
    pub span: Span,
    /// `type="module"`.
    pub module: bool,
}

/// The scripts of one page, and the pages it leads to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageScripts {
    /// Inline JavaScript or TypeScript blocks, in order.
    pub blocks: Vec<ScriptBlock>,
    /// External scripts, in order.
    pub srcs: Vec<ScriptSrc>,
    /// Pages it navigates to or frames: `<meta http-equiv="refresh">`, `<iframe src>`,
    /// `<frame src>`, `<a href>` naming a local `.html` page (`module` is always false).
    pub links: Vec<ScriptSrc>,
    /// ASP.NET script bundles a Razor page renders (`@Scripts.Render("~/bundles/app")`), by
    /// virtual path; an argument that is not a string literal is an empty value.
    pub bundles: Vec<ScriptSrc>,
}

/// Whether a link names a page (`x.html`, `x.htm`, with a query or fragment).
#[must_use]
pub fn names_page(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    !path.is_empty()
        && path.len() < 512
        && !path.contains(char::is_whitespace)
        && !lower.starts_with("javascript:")
        && !lower.starts_with("mailto:")
        && matches!(ext.as_deref(), Some("html" | "htm"))
}

/// Whether a `type` attribute (lower-cased) names JavaScript or TypeScript. Templates
/// (`text/template`, `text/x-handlebars`), JSON and import maps are not scripts.
fn is_script_type(ty: &str) -> bool {
    ty.is_empty()
        || ty == "module"
        || ty.contains("javascript")
        || ty.contains("ecmascript")
        || ty.contains("typescript")
        || ty == "text/babel"
        || ty == "text/jsx"
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads the scripts of a page.
#[must_use]
pub fn scripts(page: &str) -> PageScripts {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut out = PageScripts::default();
    // An open `<script>` without `src`: (content start, typescript, module, setup,
    // context="module").
    let mut open: Option<(usize, bool, bool, bool, bool)> = None;
    for token in Tokenizer::new_with_emitter(page, emitter) {
        // The tokeniser reports parse errors as tokens and recovers; reading cannot fail.
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) if tag.name.as_slice() == b"script" => {
                let attr = |k: &str| {
                    tag.attributes
                        .get(k.as_bytes())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                };
                let ty = attr("type").unwrap_or_default().trim().to_ascii_lowercase();
                let lang = attr("lang").unwrap_or_default().to_ascii_lowercase();
                if !is_script_type(&ty) {
                    continue;
                }
                let module = ty == "module";
                if let Some(src) = tag.attributes.get(b"src".as_slice()) {
                    out.srcs.push(ScriptSrc {
                        value: String::from_utf8_lossy(&src.value).trim().to_owned(),
                        span: Span::new(to_u32(src.span.start), to_u32(src.span.end)),
                        module,
                    });
                } else if !tag.self_closing {
                    let typescript = lang == "ts" || lang == "tsx" || ty.contains("typescript");
                    let setup = tag.attributes.contains_key(b"setup".as_slice());
                    let context_module = attr("context").is_some_and(|c| c == "module");
                    open = Some((tag.span.end, typescript, module, setup, context_module));
                }
            }
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                let key: &[u8] = match name {
                    b"iframe" | b"frame" => b"src",
                    b"a" => b"href",
                    b"meta" => b"content",
                    _ => continue,
                };
                let Some(v) = tag.attributes.get(key) else {
                    continue;
                };
                let value = String::from_utf8_lossy(&v.value).into_owned();
                let target = if name == b"meta" {
                    let refresh = tag
                        .attributes
                        .get(b"http-equiv".as_slice())
                        .is_some_and(|h| h.value.eq_ignore_ascii_case(b"refresh"));
                    // content="0; url=next.html"
                    let url = value
                        .split_once(';')
                        .map(|(_, rest)| rest.trim())
                        .and_then(|rest| {
                            let (k, v) = rest.split_once('=')?;
                            k.trim()
                                .eq_ignore_ascii_case("url")
                                .then(|| v.trim().trim_matches(['\'', '"']).to_owned())
                        });
                    match (refresh, url) {
                        (true, Some(u)) => u,
                        _ => continue,
                    }
                } else {
                    value.trim().to_owned()
                };
                if names_page(&target) {
                    out.links.push(ScriptSrc {
                        value: target,
                        span: Span::new(to_u32(v.span.start), to_u32(v.span.end)),
                        module: false,
                    });
                }
            }
            Token::String(s) if open.is_none() => {
                razor_bundles(s.value.as_slice(), s.span.start, &mut out.bundles);
            }
            Token::EndTag(tag) if tag.name.as_slice() == b"script" => {
                if let Some((start, typescript, module, setup, context_module)) = open.take() {
                    out.blocks.push(ScriptBlock {
                        start,
                        end: tag.span.start.max(start),
                        typescript,
                        module,
                        setup,
                        context_module,
                    });
                }
            }
            _ => {}
        }
    }
    // A script left open at the end of the page runs to the end.
    if let Some((start, typescript, module, setup, context_module)) = open {
        out.blocks.push(ScriptBlock {
            start,
            end: page.len().max(start),
            typescript,
            module,
            setup,
            context_module,
        });
    }
    out
}

/// `@Scripts.Render("~/bundles/a", "~/bundles/b")` in a page's text (Razor): each argument,
/// a C# string literal, as a bundle's virtual path.
fn razor_bundles(text: &[u8], base: usize, out: &mut Vec<ScriptSrc>) {
    const CALL: &[u8] = b"@Scripts.Render(";
    let mut i = 0;
    while let Some(at) = text
        .get(i..)
        .and_then(|rest| rest.windows(CALL.len()).position(|w| w == CALL))
    {
        let mut j = i + at + CALL.len();
        loop {
            while text.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            let start = j;
            let value = if text.get(j) == Some(&b'"') {
                let end = text
                    .get(j + 1..)
                    .and_then(|r| r.iter().position(|c| *c == b'"' || *c == b'\n'))
                    .map(|e| j + 1 + e);
                match end {
                    Some(e) if text.get(e) == Some(&b'"') => {
                        j = e + 1;
                        String::from_utf8_lossy(text.get(start + 1..e).unwrap_or_default())
                            .into_owned()
                    }
                    _ => String::new(),
                }
            } else {
                // Not a literal: skip to the next `,` or `)`.
                while text.get(j).is_some_and(|c| *c != b',' && *c != b')') {
                    j += 1;
                }
                String::new()
            };
            out.push(ScriptSrc {
                value,
                span: Span::new(to_u32(base + start), to_u32(base + j)),
                module: false,
            });
            while text.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match text.get(j) {
                Some(b',') => j += 1,
                _ => break,
            }
        }
        i = j.max(i + at + CALL.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn razor_script_bundles() {
        let page = "@{ Layout = null; }\n<html><head>@Scripts.Render(\"~/bundles/jquery\", \"~/bundles/app\")\n<script>var x = '@Scripts.Render(\"~/no\")';</script></head><body>@Scripts.Render(BundleName)</body></html>";
        let b: Vec<String> = scripts(page).bundles.into_iter().map(|s| s.value).collect();
        assert_eq!(b, ["~/bundles/jquery", "~/bundles/app", ""]);
    }

    #[test]
    fn inline_blocks_and_sources() {
        let page = "<html><!-- <script>no()</script> --><script src=\"a.js\"></script>\n<SCRIPT type=\"text/javascript\">one('</scr'+'ipt>') <!-- x --></SCRIPT><script type=\"text/template\">x</script><script lang=\"ts\">two()</script><script type=module src='m.ts?v=1&amp;x'></script></html>";
        let s = scripts(page);
        let texts: Vec<&str> = s.blocks.iter().map(|b| &page[b.start..b.end]).collect();
        assert_eq!(texts, ["one('</scr'+'ipt>') <!-- x -->", "two()"]);
        assert!(s.blocks[1].typescript && !s.blocks[0].typescript);
        let srcs: Vec<(&str, bool)> = s
            .srcs
            .iter()
            .map(|x| (x.value.as_str(), x.module))
            .collect();
        assert_eq!(srcs, [("a.js", false), ("m.ts?v=1&x", true)]);
        let at = s.srcs[0].span;
        assert!(page[at.start as usize..at.end as usize].contains("a.js"));
    }

    #[test]
    fn pages_a_page_leads_to() {
        let page = r#"<meta http-equiv="refresh" content="0; url=parentframe.html?x=1"><iframe src="frame.htm"></iframe><a href="help.html#top">h</a><a href="https://example.com/">x</a><a href="javascript:void(0)">y</a>"#;
        let links: Vec<String> = scripts(page).links.into_iter().map(|l| l.value).collect();
        assert_eq!(
            links,
            ["parentframe.html?x=1", "frame.htm", "help.html#top"]
        );
    }

    #[test]
    fn an_unclosed_script_runs_to_the_end() {
        let page = "<script>Office.context.mailbox.item";
        let s = scripts(page);
        assert_eq!(
            &page[s.blocks[0].start..s.blocks[0].end],
            "Office.context.mailbox.item"
        );
    }
}
