//! Large files are analysed by regions: the parts around each `Office` identifier.
//!
//! A full AST costs about 25 bytes of memory per byte of minified source (a 50 MB bundle needs
//! 1.2 GB to parse and 2.5 GB with scopes), while the code that touches Office is a tiny part
//! of it. One linear pass over the bytes finds every `Office` identifier outside strings and
//! comments and the `{…}` blocks around it; each occurrence is analysed within the largest
//! enclosing block of at most [`REGION_MAX`] bytes that parses on its own (a module's function
//! in a bundle), or its top-level statement. Aliases made in that block are followed; an alias
//! made outside it is not, which is why findings say the file was analysed by regions.

use std::ops::Range;

/// Files above this size are analysed by regions.
pub const LARGE_FILE: usize = 2 << 20;

/// The largest region analysed at once.
pub const REGION_MAX: usize = 512 << 10;

/// An `Office` identifier outside strings and comments, with what surrounds it.
#[derive(Debug, Clone, Default)]
pub struct Occurrence {
    /// Its byte offset.
    pub at: usize,
    /// Indices in [`Structure::blocks`] of the blocks around it, outermost first.
    pub enclosing: Vec<usize>,
    /// Its statement at its own brace depth, between `;`, `{` or `}` boundaries.
    pub statement: Range<usize>,
    /// The same, between `;` or `{`…`}` boundaries only (a `}` may end an expression).
    pub statement_by_semicolons: Range<usize>,
    /// Its statement and the ones after it at the same depth, about [`WINDOW`] bytes: so that
    /// an alias made in one statement of a huge block is followed into the next ones.
    pub window: Range<usize>,
}

/// The size of [`Occurrence::window`].
pub const WINDOW: usize = 8 << 10;

/// What the lexical pass found.
#[derive(Debug, Default)]
pub struct Structure {
    /// The `Office` identifiers.
    pub occurrences: Vec<Occurrence>,
    /// `{…}` pairs, as (open, close) offsets, in order of their opening (`close` is
    /// `usize::MAX` for a brace never closed).
    pub blocks: Vec<(usize, usize)>,
}

/// Statement boundaries per brace depth, and the occurrences still waiting for their ends.
#[derive(Default)]
struct Statements {
    /// Per depth: where the current statement started (any boundary, semicolons only).
    starts: Vec<(usize, usize)>,
    /// Occurrences (index, depth) whose statement end is not known yet.
    open_any: Vec<(usize, usize)>,
    open_semi: Vec<(usize, usize)>,
    open_window: Vec<(usize, usize)>,
    /// Per depth: open parentheses and brackets (a `;` inside `for (;;)` ends nothing).
    parens: Vec<usize>,
}

impl Statements {
    fn start_at(&mut self, depth: usize, any: usize, semi: Option<usize>) {
        if self.starts.len() <= depth {
            self.starts.resize(depth + 1, (0, 0));
        }
        if let Some(st) = self.starts.get_mut(depth) {
            st.0 = any;
            if let Some(s) = semi {
                st.1 = s;
            }
        }
    }
    fn parens_mut(&mut self, depth: usize) -> Option<&mut usize> {
        if self.parens.len() <= depth {
            self.parens.resize(depth + 1, 0);
        }
        self.parens.get_mut(depth)
    }
    /// Ends the windows at `depth` that are long enough (all of them when `force`).
    fn end_windows(&mut self, out: &mut [Occurrence], depth: usize, end: usize, force: bool) {
        let mut k = self.open_window.len();
        while k > 0 {
            k -= 1;
            let Some(&(idx, d)) = self.open_window.get(k) else {
                break;
            };
            if d < depth {
                break;
            }
            let Some(o) = out.get_mut(idx) else { continue };
            if force || d > depth || end - o.window.start >= WINDOW {
                o.window.end = end;
                self.open_window.remove(k);
            }
        }
    }
    fn current(&self, depth: usize) -> (usize, usize) {
        self.starts.get(depth).copied().unwrap_or((0, 0))
    }
    /// Ends the statements at `depth` (and deeper) at `end`.
    fn end(
        out: &mut [Occurrence],
        open: &mut Vec<(usize, usize)>,
        depth: usize,
        end: usize,
        semi: bool,
    ) {
        while let Some(&(idx, d)) = open.last() {
            if d < depth {
                break;
            }
            open.pop();
            if let Some(o) = out.get_mut(idx) {
                if semi {
                    o.statement_by_semicolons.end = end;
                } else {
                    o.statement.end = end;
                }
            }
        }
    }
}

/// Bytes that continue an identifier (ASCII letters, digits, `_`, `$`, and any non-ASCII byte).
#[expect(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "a const table of 256 entries indexed by 0..256"
)]
const IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
        i += 1;
    }
    t
};

/// Whether a byte continues an identifier (shared with the import lexer, [`super::quick`]).
pub(super) fn is_ident_byte(b: u8) -> bool {
    // A u8 always indexes a 256-entry table.
    IDENT.get(usize::from(b)).copied().unwrap_or(true)
}

/// Whether a `/` at this point starts a regular expression: after an operator, a keyword or
/// an opening bracket, not after a value (shared with the import lexer, [`super::quick`]).
pub(super) fn regex_allowed(prev: Option<u8>, prev_word: &[u8]) -> bool {
    match prev {
        Some(b) if is_ident_byte(b) => matches!(
            prev_word,
            b"return"
                | b"typeof"
                | b"instanceof"
                | b"in"
                | b"of"
                | b"new"
                | b"delete"
                | b"void"
                | b"throw"
                | b"case"
                | b"do"
                | b"else"
                | b"yield"
                | b"await"
        ),
        Some(b')' | b']' | b'}' | b'"' | b'\'' | b'`') => false,
        None | Some(_) => true,
    }
}

/// One pass over the bytes: strings, template literals (with `${}` nesting), comments and
/// regular expressions are skipped; braces are matched.
#[must_use]
pub fn structure(text: &str) -> Structure {
    let b = text.as_bytes();
    let mut out = Structure::default();
    let mut st = Statements::default();
    // Open braces: the index of the block, or `None` for a template literal's `${`.
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut prev: Option<u8> = None;
    let mut word_start = 0usize;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        // Fast paths for the bytes that make up most of a file.
        if is_ident_byte(c) {
            let start = i;
            i += b
                .get(i..)
                .unwrap_or_default()
                .iter()
                .position(|&d| !is_ident_byte(d))
                .unwrap_or(b.len() - i);
            word_start = start;
            prev = b.get(i - 1).copied();
            if b.get(start..i) == Some(b"Office") {
                let d = stack.len();
                let (any, semi) = st.current(d);
                let idx = out.occurrences.len();
                out.occurrences.push(Occurrence {
                    at: start,
                    enclosing: stack.iter().flatten().copied().collect(),
                    statement: any..b.len(),
                    statement_by_semicolons: semi..b.len(),
                    window: any..b.len(),
                });
                st.open_any.push((idx, d));
                st.open_semi.push((idx, d));
                st.open_window.push((idx, d));
            }
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' => {
                i += 1;
                while let Some(&d) = b.get(i) {
                    if d == b'\\' {
                        i += 2;
                        continue;
                    }
                    if d == c || d == b'\n' {
                        break;
                    }
                    i += 1;
                }
                // `prev` becomes the quote below, after the closing quote is skipped.
            }
            b'`' => {
                i = skip_template(b, i + 1, &mut stack);
                prev = Some(b'`');
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while b.get(i).is_some_and(|&d| d != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while b
                    .get(i)
                    .is_some_and(|&d| !(d == b'*' && b.get(i + 1) == Some(&b'/')))
                {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'/' if regex_allowed(prev, b.get(word_start..i).unwrap_or_default()) => {
                i += 1;
                let mut class = false;
                while let Some(&d) = b.get(i) {
                    match d {
                        b'\\' => i += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'/' if !class => break,
                        b'\n' => break,
                        _ => {}
                    }
                    i += 1;
                }
                // Flags; then a regex is a value, like a closing parenthesis.
                i += 1;
                while b.get(i).is_some_and(|&d| is_ident_byte(d)) {
                    i += 1;
                }
                prev = Some(b')');
                continue;
            }
            b'{' => {
                stack.push(Some(out.blocks.len()));
                out.blocks.push((i, usize::MAX));
                st.start_at(stack.len(), i + 1, Some(i + 1));
                if let Some(p) = st.parens_mut(stack.len()) {
                    *p = 0;
                }
            }
            b'(' | b'[' => {
                if let Some(p) = st.parens_mut(stack.len()) {
                    *p += 1;
                }
            }
            b')' | b']' => {
                if let Some(p) = st.parens_mut(stack.len()) {
                    *p = p.saturating_sub(1);
                }
            }
            b'}' => match stack.pop() {
                Some(Some(block)) => {
                    if let Some(pair) = out.blocks.get_mut(block) {
                        pair.1 = i;
                    }
                    let inner = stack.len() + 1;
                    st.end_windows(&mut out.occurrences, inner, i, true);
                    Statements::end(&mut out.occurrences, &mut st.open_any, inner, i, false);
                    Statements::end(&mut out.occurrences, &mut st.open_semi, inner, i, true);
                    Statements::end(
                        &mut out.occurrences,
                        &mut st.open_any,
                        stack.len(),
                        i + 1,
                        false,
                    );
                    st.end_windows(&mut out.occurrences, stack.len(), i + 1, false);
                    st.start_at(stack.len(), i + 1, None);
                }
                Some(None) => {
                    // The end of a template substitution: the template goes on.
                    i = skip_template(b, i + 1, &mut stack);
                    prev = Some(b'`');
                    continue;
                }
                None => {}
            },
            b';' if st.parens.get(stack.len()).is_none_or(|p| *p == 0) => {
                let d = stack.len();
                Statements::end(&mut out.occurrences, &mut st.open_any, d, i + 1, false);
                Statements::end(&mut out.occurrences, &mut st.open_semi, d, i + 1, true);
                st.end_windows(&mut out.occurrences, d, i + 1, false);
                st.start_at(d, i + 1, Some(i + 1));
            }
            _ => {}
        }
        prev = Some(c);
        i += 1;
    }
    out.occurrences.shrink_to_fit();
    out
}

/// Skips template text from `i` to the closing backtick (returning the offset after it) or to
/// a `${` (pushing it on the stack and returning the offset after it).
fn skip_template(b: &[u8], mut i: usize, stack: &mut Vec<Option<usize>>) -> usize {
    while let Some(&d) = b.get(i) {
        match d {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                stack.push(None);
                return i + 2;
            }
            _ => i += 1,
        }
    }
    i
}

/// The candidate regions for an occurrence, largest first: enclosing blocks of at most
/// [`REGION_MAX`] bytes, then its statement (bounded by semicolons, then by any boundary).
#[must_use]
pub fn candidates(s: &Structure, o: &Occurrence) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = o
        .enclosing
        .iter()
        .filter_map(|&i| s.blocks.get(i))
        .filter(|(open, close)| *close != usize::MAX && close - open < REGION_MAX)
        .map(|(open, close)| *open..close + 1)
        .collect();
    for r in [&o.window, &o.statement_by_semicolons, &o.statement] {
        if r.len() < REGION_MAX && !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_strings_comments_templates_and_regexes() {
        let src = r#"var a = "Office {"; // Office {
/* Office { */ var r = /[{]Office/g; var t = `Office ${ {x: Office} } {`;
function f() { return Office.context; }"#;
        let s = structure(src);
        let found: Vec<&str> = s.occurrences.iter().map(|o| &src[o.at..o.at + 8]).collect();
        assert_eq!(found, ["Office} ", "Office.c"]);
        // Blocks: the object in the template substitution and the function body.
        let body = s
            .blocks
            .iter()
            .find(|(o, _)| src[*o..].starts_with("{ return"))
            .unwrap();
        assert!(src[body.0..=body.1].ends_with("context; }"));
        assert_eq!(s.occurrences.len(), 2);
    }

    #[test]
    fn division_is_not_a_regex() {
        let src = "var x = a / b; var y = (c) / 2; function g() { Office.context; }";
        let s = structure(src);
        assert_eq!(s.occurrences.len(), 1);
        assert_eq!(s.blocks.len(), 1);
    }

    #[test]
    fn candidates_are_largest_first_then_the_statement() {
        let src = "a(); !function(){ var o = function(){ Office.context; }; }(); b();";
        let s = structure(src);
        let c = candidates(&s, &s.occurrences[0]);
        let texts: Vec<&str> = c.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(texts[0], "{ var o = function(){ Office.context; }; }");
        assert_eq!(texts[1], "{ Office.context; }");
        assert_eq!(
            texts[2], " Office.context; ",
            "the window ends with its block"
        );
        assert_eq!(texts[3], " Office.context;");
    }

    #[test]
    fn statements_inside_a_huge_block() {
        let src = "!function(){function a(){return 1}var it=window.Office.context.mailbox.item;it.subject&&f();function b(){}}();";
        let s = structure(src);
        let o = &s.occurrences[0];
        assert_eq!(
            &src[o.statement.clone()],
            "var it=window.Office.context.mailbox.item;"
        );
        assert_eq!(
            &src[o.statement_by_semicolons.clone()],
            "function a(){return 1}var it=window.Office.context.mailbox.item;"
        );
    }
}
