//! What a script that never mentions `Office` loads, without parsing it.
//!
//! Every file of the module graph must be read for its imports, but most never touch Office,
//! and a parse costs ten times a lexical pass. This lexer (the approach of Vite's
//! es-module-lexer) skips comments, strings, template literals and regular expressions and
//! reads `import … from "x"`, `import "x"`, `import("x")` and `require("x")`, and string
//! literals that name pages. It answers `None`, and the parser decides, for anything it does
//! not read in full: `export … from` (re-exports carry names), JSX, an unterminated literal,
//! or a computed `import(…)`/`require(…)`.

use super::module::{Import, ImportKind};
use super::regions::{is_ident_byte as is_ident, regex_allowed};
use crate::source::Span;

/// What the lexer read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Quick {
    /// Modules loaded.
    pub imports: Vec<Import>,
    /// Page names in string literals.
    pub pages: Vec<(String, Span)>,
}

struct Lexer<'t> {
    b: &'t [u8],
    text: &'t str,
    at: usize,
    base: u32,
    /// The last significant byte and, when it ended a word, the word (for `/` as regex).
    prev: Option<u8>,
    prev_word: (usize, usize),
    out: Quick,
}

impl<'t> Lexer<'t> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let c = |n: usize| self.base + u32::try_from(n).unwrap_or(u32::MAX);
        Span::new(c(start), c(end))
    }

    /// Skips whitespace and comments from `i`; `None` at an unterminated comment.
    fn skip_trivia(&self, mut i: usize) -> Option<usize> {
        loop {
            match (self.byte(i), self.byte(i + 1)) {
                (Some(c), _) if c.is_ascii_whitespace() => i += 1,
                (Some(b'/'), Some(b'/')) => {
                    i = memchr::memchr(b'\n', self.b.get(i..)?).map_or(self.b.len(), |n| i + n);
                }
                (Some(b'/'), Some(b'*')) => {
                    i = i + 2 + memchr::memmem::find(self.b.get(i + 2..)?, b"*/")? + 2;
                }
                _ => return Some(i),
            }
        }
    }

    /// A string literal starting at `i` (its quote): (value, end past the closing quote).
    /// `None` for a template with substitutions, a line break, or no end.
    fn string_at(&self, i: usize) -> Option<(String, usize)> {
        let quote = self.byte(i)?;
        let mut j = i + 1;
        let mut value = String::new();
        loop {
            let c = self.byte(j)?;
            match c {
                b'\\' => {
                    // Escapes are kept as written: specifiers and page names never need them.
                    value.push_str(self.text.get(j..j + 2)?);
                    j += 2;
                }
                b'\n' if quote != b'`' => return None,
                b'$' if quote == b'`' && self.byte(j + 1) == Some(b'{') => return None,
                _ if c == quote => return Some((value, j + 1)),
                _ => {
                    let start = j;
                    j += 1;
                    while self
                        .byte(j)
                        .is_some_and(|x| x != quote && x != b'\\' && x != b'\n' && x != b'$')
                    {
                        j += 1;
                    }
                    value.push_str(self.text.get(start..j)?);
                }
            }
        }
    }

    /// The end (past the closing quote) of a `'…'` or `"…"` string starting at `i`, found with
    /// memchr, without building its value; `None` at a line break or the end of the text.
    fn string_end(&self, i: usize) -> Option<usize> {
        let quote = self.byte(i)?;
        let mut j = i + 1;
        loop {
            let rest = self.b.get(j..)?;
            let k = memchr::memchr3(quote, b'\\', b'\n', rest)?;
            match rest.get(k)? {
                b'\\' => j += k + 2,
                b'\n' => return None,
                _ => return Some(j + k + 1),
            }
        }
    }

    /// Skips a string or template starting at `i` (a template's `${}` may nest); returns the
    /// end past the closing quote, noting page names.
    fn skip_literal(&mut self, i: usize) -> Option<usize> {
        let quote = self.byte(i)?;
        if quote != b'`' {
            let end = self.string_end(i)?;
            // Only a literal that ends like `.html`/`.htm` (before a query) can name a page.
            if self
                .b
                .get(i + 1..end - 1)
                .is_some_and(|v| memchr::memmem::find(v, b".htm").is_some())
            {
                let (value, _) = self.string_at(i)?;
                self.note_page(value, i, end);
            }
            return Some(end);
        }
        // A template: text, and `${ … }` code (with its own strings and templates).
        let mut j = i + 1;
        let mut text_start = j;
        loop {
            let rest = self.b.get(j..)?;
            let k = memchr::memchr3(b'\\', b'`', b'$', rest)?;
            j += k;
            match self.byte(j)? {
                b'\\' => j += 2,
                b'`' => {
                    self.note_page_str(text_start, j);
                    return Some(j + 1);
                }
                _ if self.byte(j + 1) == Some(b'{') => {
                    self.note_page_str(text_start, j);
                    j = self.skip_code_until_brace(j + 2)?;
                    text_start = j;
                }
                _ => j += 1,
            }
        }
    }

    /// Skips code from `i` up to the `}` that closes a template substitution; returns past it.
    fn skip_code_until_brace(&mut self, mut i: usize) -> Option<usize> {
        let mut depth = 0usize;
        loop {
            let c = self.byte(i)?;
            match c {
                b'{' => {
                    depth += 1;
                    i += 1;
                }
                b'}' if depth == 0 => return Some(i + 1),
                b'}' => {
                    depth -= 1;
                    i += 1;
                }
                b'"' | b'\'' | b'`' => i = self.skip_literal(i)?,
                b'/' if matches!(self.byte(i + 1), Some(b'/' | b'*')) => i = self.skip_trivia(i)?,
                _ => i += 1,
            }
        }
    }

    fn note_page_str(&mut self, start: usize, end: usize) {
        if let Some(t) = self.text.get(start..end)
            && memchr::memmem::find(t.as_bytes(), b".htm").is_some()
        {
            let t = t.to_owned();
            self.note_page(t, start, end);
        }
    }

    fn note_page(&mut self, value: String, start: usize, end: usize) {
        if value.len() >= 5 && crate::html::names_page(&value) {
            let span = self.span(start, end);
            self.out.pages.push((value, span));
        }
    }

    /// Skips a regular expression literal starting at `i` (its `/`); returns past its flags.
    fn skip_regex(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        let mut class = false;
        loop {
            match self.byte(j)? {
                b'\\' => j += 2,
                b'\n' => return None,
                b'[' => {
                    class = true;
                    j += 1;
                }
                b']' => {
                    class = false;
                    j += 1;
                }
                b'/' if !class => {
                    j += 1;
                    while self.byte(j).is_some_and(is_ident) {
                        j += 1;
                    }
                    return Some(j);
                }
                _ => j += 1,
            }
        }
    }

    fn word(&self, start: usize, end: usize) -> &'t [u8] {
        self.b.get(start..end).unwrap_or_default()
    }

    fn push(&mut self, specifier: Option<String>, start: usize, end: usize, kind: ImportKind) {
        let span = self.span(start, end);
        self.out.imports.push(Import {
            specifier,
            span,
            kind,
        });
    }

    /// After `import` at `end`: reads the import; `None` to give up.
    fn import(&mut self, end: usize) -> Option<usize> {
        let next = self.skip_trivia(end)?;
        match self.byte(next)? {
            b'(' => self.dynamic_import(next + 1),
            b'"' | b'\'' => {
                let (value, after) = self.string_at(next)?;
                self.push(Some(value), next, after, ImportKind::Static);
                Some(after)
            }
            b'.' => Some(next + 1), // import.meta
            _ => self.import_bindings(next),
        }
    }

    /// `import("x")` from inside its parenthesis; `None` when the module is computed.
    fn dynamic_import(&mut self, inside: usize) -> Option<usize> {
        let quote = self.skip_trivia(inside)?;
        if !matches!(self.byte(quote)?, b'"' | b'\'' | b'`') {
            return None;
        }
        let (value, after) = self.string_at(quote)?;
        // `import("x" + y)` is computed: the parser says so.
        if !matches!(self.byte(self.skip_trivia(after)?)?, b')' | b',') {
            return None;
        }
        self.push(Some(value), quote, after, ImportKind::Dynamic);
        Some(after)
    }

    /// `import a, { b as c }, * as d from "x"` (or `import type … from "x"`) from its first
    /// binding.
    fn import_bindings(&mut self, first_binding: usize) -> Option<usize> {
        let mut at = first_binding;
        let mut first = true;
        let mut type_only = false;
        loop {
            at = self.skip_trivia(at)?;
            let byte = self.byte(at)?;
            if is_ident(byte) {
                let word_start = at;
                while self.byte(at).is_some_and(is_ident) {
                    at += 1;
                }
                let word = self.word(word_start, at);
                if word == b"from" {
                    let quote = self.skip_trivia(at)?;
                    if matches!(self.byte(quote)?, b'"' | b'\'') {
                        let (value, after) = self.string_at(quote)?;
                        if !type_only {
                            self.push(Some(value), quote, after, ImportKind::Static);
                        }
                        return Some(after);
                    }
                    // `import from from "x"`: `from` was the binding's name.
                }
                if first && word == b"type" {
                    let following = self.skip_trivia(at)?;
                    type_only = matches!(self.byte(following)?, b'{' | b'*')
                        || (self.byte(following).is_some_and(is_ident)
                            && self.word(following, following + 4) != b"from");
                }
                first = false;
            } else if matches!(byte, b'{' | b'}' | b',' | b'*') {
                at += 1;
                first = false;
            } else {
                // `import x = require("y")` (TypeScript): the require is read on its own.
                return Some(at);
            }
        }
    }

    /// After `require` at `end`: reads `require("x")`; `None` to give up.
    fn require(&mut self, end: usize) -> Option<usize> {
        let i = self.skip_trivia(end)?;
        if self.byte(i) != Some(b'(') {
            return Some(i);
        }
        let j = self.skip_trivia(i + 1)?;
        if !matches!(self.byte(j)?, b'"' | b'\'' | b'`') {
            return None;
        }
        let (value, e) = self.string_at(j)?;
        if self.byte(self.skip_trivia(e)?)? != b')' {
            return None;
        }
        self.push(Some(value), j, e, ImportKind::Require);
        Some(e)
    }

    /// After `export` at `end`: `export … from` gives up (re-exports carry names).
    fn export(&self, end: usize) -> Option<usize> {
        let i = self.skip_trivia(end)?;
        match self.byte(i)? {
            b'*' | b'{' => {
                // A local `export { a, b };` has no `from`; a re-export does.
                let close = if self.byte(i)? == b'{' {
                    i + memchr::memchr(b'}', self.b.get(i..)?)? + 1
                } else {
                    i + 1
                };
                let k = self.skip_trivia(close)?;
                if self.word(k, k + 2) == b"as" || self.word(k, k + 4) == b"from" {
                    None
                } else {
                    Some(close)
                }
            }
            _ => Some(i),
        }
    }

    /// The last code byte before `at` (whitespace aside) back to `mark`, the end of the last
    /// literal, comment or statement read; `None` when only whitespace is in between.
    fn code_before(&self, at: usize, mark: usize) -> Option<usize> {
        let span = self.b.get(mark..at)?;
        span.iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map(|i| mark + i)
    }

    /// The identifier ending at `last` (inclusive).
    fn word_ending(&self, last: usize) -> (usize, usize) {
        let start = self
            .b
            .get(..=last)
            .and_then(|w| {
                w.iter()
                    .rposition(|c| CLASS.get(usize::from(*c)) != Some(&IDENT))
            })
            .map_or(0, |i| i + 1);
        (start, last + 1)
    }

    /// Between events the bytes are plain code: the lexer jumps from one quote, slash or
    /// keyword to the next with memchr, and looks back for the token before a `/` (a regular
    /// expression or a division) or a keyword (a member after a `.`).
    fn run(mut self) -> Option<Quick> {
        if self.b.starts_with(b"#!") {
            self.at = memchr::memchr(b'\n', self.b).unwrap_or(self.b.len());
        }
        // Where plain code resumed, and the last code byte before it (a literal's quote …).
        let mut mark = self.at;
        let mut mark_prev: Option<u8> = None;
        let mut keywords: Vec<(usize, usize)> = KEYWORDS
            .iter()
            .flat_map(|k| memchr::memmem::find_iter(self.b, k).map(move |p| (p, k.len())))
            .collect();
        keywords.sort_unstable();
        let mut next_kw = 0;
        let start = self.at;
        let tail = self.b.get(start..).unwrap_or_default();
        let mut next_quote = memchr::memchr3(b'"', b'\'', b'`', tail).map(|p| start + p);
        let mut next_slash = memchr::memchr(b'/', tail).map(|p| start + p);
        loop {
            let at = self.at;
            let find = |cached: Option<usize>, f: &dyn Fn(&[u8]) -> Option<usize>| match cached {
                Some(p) if p >= at => Some(p),
                Some(_) => self.b.get(at..).and_then(f).map(|p| at + p),
                None => None,
            };
            next_quote = find(next_quote, &|h| memchr::memchr3(b'"', b'\'', b'`', h));
            next_slash = find(next_slash, &|h| memchr::memchr(b'/', h));
            while keywords.get(next_kw).is_some_and(|k| k.0 < at) {
                next_kw += 1;
            }
            let kw = keywords.get(next_kw).copied();
            let event = [next_quote, next_slash, kw.map(|k| k.0)]
                .into_iter()
                .flatten()
                .min();
            let Some(e) = event else { break };
            // The token before the event: the nearest code byte, or what preceded `mark`.
            let prev = match self.code_before(e, mark) {
                Some(i) => {
                    self.prev_word = self.word_ending(i);
                    self.b.get(i).copied()
                }
                None => mark_prev,
            };
            self.prev = prev;
            match self.byte(e)? {
                c @ (b'"' | b'\'' | b'`') if Some(e) == next_quote => {
                    self.at = self.skip_literal(e)?;
                    (mark, mark_prev) = (self.at, Some(c));
                }
                b'/' if Some(e) == next_slash => match self.byte(e + 1) {
                    Some(b'/' | b'*') => {
                        self.at = self.skip_trivia(e)?;
                        // A comment is not a token: what came before it still counts.
                        (mark, mark_prev) = (self.at, prev);
                    }
                    _ if regex_allowed(prev, self.word(self.prev_word.0, self.prev_word.1)) => {
                        self.at = self.skip_regex(e)?;
                        (mark, mark_prev) = (self.at, Some(b')'));
                    }
                    _ => self.at = e + 1,
                },
                _ => {
                    let (start, len) = kw.filter(|k| k.0 == e)?;
                    let end = start + len;
                    let bounded = (start == 0
                        || self
                            .byte(start - 1)
                            .is_some_and(|c| CLASS.get(usize::from(c)) != Some(&IDENT)))
                        && self
                            .byte(end)
                            .is_none_or(|c| CLASS.get(usize::from(c)) != Some(&IDENT));
                    // After a `.` it is a member name (`obj.import(…)`).
                    if !bounded || prev == Some(b'.') {
                        self.at = end;
                        continue;
                    }
                    let next = match self.word(start, end) {
                        b"import" => self.import(end)?,
                        b"export" => self.export(end)?,
                        _ => self.require(end)?,
                    };
                    self.at = next.max(end);
                    let last = self.code_before(self.at, start).unwrap_or(start);
                    (mark, mark_prev) = (self.at, self.b.get(last).copied());
                }
            }
        }
        Some(self.out)
    }
}

/// The words that load a module.
const KEYWORDS: [&[u8]; 3] = [b"import", b"export", b"require"];

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const IDENT: u8 = 2;
const QUOTE: u8 = 3;
const SLASH: u8 = 4;

/// Each byte's class for the lexer's main loop.
#[expect(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "a const table of 256 entries indexed by 0..256"
)]
const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_whitespace() {
            SPACE
        } else if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 {
            IDENT
        } else if b == b'"' || b == b'\'' || b == b'`' {
            QUOTE
        } else if b == b'/' {
            SLASH
        } else {
            OTHER
        };
        i += 1;
    }
    t
};

/// Reads what a script loads without parsing it; `None` when the parser must decide.
#[must_use]
pub fn imports(text: &str, base: u32) -> Option<Quick> {
    Lexer {
        b: text.as_bytes(),
        text,
        at: 0,
        base,
        prev: None,
        prev_word: (0, 0),
        out: Quick::default(),
    }
    .run()
}

/// Checks that the lexer agrees with the parser whenever both answer (for tests and property
/// tests).
///
/// # Panics
/// When they disagree.
#[cfg(test)]
pub(crate) fn agrees(text: &str) {
    tests::agrees(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    /// The parser's answer, for comparison.
    fn parsed(text: &str) -> Option<Vec<(Option<String>, ImportKind)>> {
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, text, SourceType::ts()).parse();
        if ret.panicked || !ret.diagnostics.is_empty() {
            return None;
        }
        let (imports, _, _) = super::super::module::imports(&ret.program, 0);
        Some(imports.into_iter().map(|i| (i.specifier, i.kind)).collect())
    }

    fn lexed(text: &str) -> Option<Vec<(Option<String>, ImportKind)>> {
        imports(text, 0).map(|q| {
            q.imports
                .into_iter()
                .map(|i| (i.specifier, i.kind))
                .collect()
        })
    }

    /// The lexer agrees with the parser, or leaves the file to it.
    pub(crate) fn agrees(text: &str) {
        if let (Some(l), Some(p)) = (lexed(text), parsed(text)) {
            assert_eq!(l, p, "{text}");
        }
    }

    #[test]
    fn reads_imports_past_strings_comments_templates_and_regexes() {
        let src = r#"#!/usr/bin/env node
// import "./commented"
/* require("./also") */
// A comment that ends with a full stop.
import a, { b as c } from "./a";
import * as d from './d';
import "./side.css";
import type { T } from "./types";
const s = "import './in-a-string'";
const t = `require("./in-a-template") ${ x ? "}" : `${"import('./nested')"}` }`;
const r = /import "\.\/regex"[/]/g;
const q = a / b / c;
const lazy = await import("./lazy");
const cjs = require('./cjs');
obj.import("./not-a-module"); obj.require("./nor-this");
export const e = 1;
export { a, c };
export default d;
"#;
        assert_eq!(
            lexed(src).unwrap(),
            [
                (Some("./a".into()), ImportKind::Static),
                (Some("./d".into()), ImportKind::Static),
                (Some("./side.css".into()), ImportKind::Static),
                (Some("./lazy".into()), ImportKind::Dynamic),
                (Some("./cjs".into()), ImportKind::Require),
            ]
        );
        agrees(src);
    }

    #[test]
    fn leaves_re_exports_computed_loads_and_broken_literals_to_the_parser() {
        assert!(imports("export * from './x';", 0).is_none());
        assert!(imports("export { a } from './x';", 0).is_none());
        assert!(imports("import(name);", 0).is_none());
        assert!(imports("require('./x' + y);", 0).is_none());
        assert!(imports("const s = 'unterminated\n';", 0).is_none());
    }

    #[test]
    fn notes_page_names() {
        let q = imports(
            "location.href = 'next.html?x=1'; open(`${origin}/dialog.html`);",
            0,
        )
        .unwrap();
        let pages: Vec<&str> = q.pages.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(pages, ["next.html?x=1", "/dialog.html"]);
    }
}
