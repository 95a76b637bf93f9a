//! Source text and positions: byte spans, and their 1-based line and column.
//!
//! Every position the tool reports is computed here, from a file's line starts, so manifests,
//! scripts inside HTML and JavaScript all count lines and columns the same way (columns in
//! Unicode code points, as SARIF's `unicodeCodePoints`).

use std::path::{Path, PathBuf};

/// A byte range in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The first byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from two byte offsets.
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
}

/// A 1-based line and column, with the end of the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column (code points) of the start.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column (code points) one past the end.
    pub end_column: u32,
}

/// A file's text with its line index.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file's path as given or found.
    pub path: PathBuf,
    /// The text (decoded to UTF-8; a BOM removed).
    pub text: String,
    line_starts: Vec<u32>,
    /// For non-ASCII text: the number of characters before every [`CHECKPOINT`]-th byte, so
    /// that a column on a 50 MB line costs at most one chunk's count, not the whole line's.
    char_checkpoints: Option<Vec<u32>>,
}

/// The distance between character-count checkpoints.
const CHECKPOINT: usize = 4096;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl SourceText {
    /// Indexes `text`.
    #[must_use]
    pub fn new(path: PathBuf, text: String) -> SourceText {
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr_newlines(text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        let char_checkpoints = (!text.is_ascii()).then(|| {
            let mut count = 0u32;
            text.as_bytes()
                .chunks(CHECKPOINT)
                .map(|chunk| {
                    let before = count;
                    count += u32::try_from(chunk.iter().filter(|b| starts_char(**b)).count())
                        .unwrap_or(0);
                    before
                })
                .collect()
        });
        SourceText {
            path,
            text,
            line_starts,
            char_checkpoints,
        }
    }

    /// The number of characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let Some(points) = &self.char_checkpoints else {
            return offset;
        };
        let k = offset / CHECKPOINT;
        let base = points.get(k).copied().unwrap_or(0) as usize;
        let chunk = self
            .text
            .as_bytes()
            .get(k * CHECKPOINT..offset)
            .unwrap_or_default();
        base + chunk.iter().filter(|b| starts_char(**b)).count()
    }

    /// The path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text of a 1-based line, without its line break (empty past the end).
    #[must_use]
    pub fn line_text(&self, line: u32) -> &str {
        let i = line.saturating_sub(1) as usize;
        let start = self
            .line_starts
            .get(i)
            .map_or(self.text.len(), |s| *s as usize);
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |s| *s as usize);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// How many lines the text has (a final line break starts an empty last line).
    #[must_use]
    pub fn line_count(&self) -> u32 {
        u32::try_from(self.line_starts.len()).unwrap_or(u32::MAX)
    }

    /// The 1-based line and column of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let idx = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let col = self.chars_before(offset as usize) - self.chars_before(start as usize);
        (
            u32::try_from(idx + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }

    /// Where a span is, as reports show it (the path from [`display_path`]).
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        Location {
            file: display_path(&self.path),
            position: self.position(span),
        }
    }

    /// The position of a span.
    #[must_use]
    pub fn position(&self, span: Span) -> Position {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end.max(span.start));
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The lines a byte range touches: from the start of its first line to the end of its last,
/// line break included (a range that ends just after a line break does not touch the next
/// line).
#[must_use]
pub fn line_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text
        .get(..start)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let ends_line = end > start && text.get(..end).is_some_and(|t| t.ends_with('\n'));
    let line_end = if ends_line {
        end
    } else {
        text.get(end..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| end + i + 1)
    };
    (line_start, line_end)
}

/// The positions of a few spans of a text, without indexing all of its lines (for files whose
/// text is not kept: only where their imports are is needed).
#[must_use]
pub fn positions(text: &str, spans: &[Span]) -> Vec<Position> {
    let at = |offset: u32| -> (u32, u32) {
        let offset = (offset as usize).min(text.len());
        let before = text.as_bytes().get(..offset).unwrap_or_default();
        let line = memchr::memchr_iter(b'\n', before).count();
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count());
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    };
    spans
        .iter()
        .map(|s| {
            let (line, column) = at(s.start);
            let (end_line, end_column) = at(s.end.max(s.start));
            Position {
                line,
                column,
                end_line,
                end_column,
            }
        })
        .collect()
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// How a file's bytes encode its text, by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a BOM (or anything else, read as UTF-8).
    Utf8,
    /// UTF-8 after a BOM.
    Utf8Bom,
    /// UTF-16, little-endian, after its BOM.
    Utf16Le,
    /// UTF-16, big-endian, after its BOM.
    Utf16Be,
}

impl Encoding {
    /// The encoding the bytes' BOM names.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            Encoding::Utf8Bom
        } else if bytes.starts_with(&[0xFF, 0xFE]) {
            Encoding::Utf16Le
        } else if bytes.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        }
    }

    /// The bytes of `text` in this encoding, BOM included: what [`decode`] reads back.
    #[must_use]
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// [`decode`] of owned bytes: valid UTF-8 without a BOM (the usual case) is not copied.
#[must_use]
pub fn decode_owned(bytes: Vec<u8>) -> (String, bool) {
    if Encoding::of(&bytes) != Encoding::Utf8 {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes file bytes to text: strips a UTF-8 BOM, decodes UTF-16 with a BOM, and replaces
/// invalid UTF-8. Returns the text and whether anything was replaced.
#[must_use]
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let utf16 = |le: bool, rest: &[u8]| {
        let units = rest.chunks(2).map(|c| match (c, le) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        let mut lossy = rest.len() % 2 == 1;
        let text = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    lossy = true;
                    '\u{FFFD}'
                })
            })
            .collect();
        (text, lossy)
    };
    let after_bom = |n: usize| bytes.get(n..).unwrap_or_default();
    match Encoding::of(bytes) {
        Encoding::Utf8 => decode_utf8(bytes),
        Encoding::Utf8Bom => decode_utf8(after_bom(3)),
        Encoding::Utf16Le => utf16(true, after_bom(2)),
        Encoding::Utf16Be => utf16(false, after_bom(2)),
    }
}

fn decode_utf8(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// A size for messages: `2000 bytes`, `64 KB`, `1.5 MB`, `64 MB` (binary units).
#[must_use]
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    if bytes >= 10 * MIB {
        format!("{} MB", bytes / MIB)
    } else if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else if bytes >= 10 * KIB {
        format!("{} KB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// The order of [`Path`]'s own `Ord` on the clean paths a folder walk yields (no `.`
/// components, no repeated or trailing separators), at the cost of a byte comparison: a
/// separator sorts before every other byte, so comparing bytes compares component by
/// component. `Path::cmp` parses components on every comparison, which showed in profiles of
/// large trees. Files under a folder stay one contiguous run in this order.
#[must_use]
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| {
        if std::path::is_separator(char::from(c)) {
            0
        } else {
            c
        }
    };
    let (left, right) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    match left.iter().zip(right).position(|(p, q)| p != q) {
        Some(at) => {
            let byte = |s: &[u8]| key(s.get(at).copied().unwrap_or(0));
            byte(left).cmp(&byte(right))
        }
        None => left.len().cmp(&right.len()),
    }
}

/// A path as reports show it: relative to the current folder when inside it, with `/`.
#[must_use]
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<Option<(PathBuf, String)>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| {
        std::env::current_dir().ok().map(|c| {
            let mut s = c.to_string_lossy().into_owned();
            if !s.ends_with(std::path::MAIN_SEPARATOR) {
                s.push(std::path::MAIN_SEPARATOR);
            }
            (c, s)
        })
    });
    let text = path.to_string_lossy();
    // The usual case, an absolute path below the current folder: a prefix of bytes.
    if let Some((_, prefix)) = cwd
        && let Some(rest) = text.strip_prefix(prefix.as_str())
        && !rest.is_empty()
    {
        return rest.replace('\\', "/");
    }
    let rel = cwd
        .as_ref()
        .and_then(|(cwd, _)| {
            let abs = if path.is_absolute() {
                path.to_path_buf()
            } else {
                cwd.join(path)
            };
            abs.strip_prefix(cwd).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./").unwrap_or(&s) {
        // The current folder itself.
        "" | "." => ".".to_owned(),
        rest => rest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_folder_is_shown_as_a_dot() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(&cwd), ".");
        assert_eq!(display_path(&cwd.join("a/b.js")), "a/b.js");
    }

    #[test]
    fn lines_and_columns_are_one_based_code_points() {
        let s = SourceText::new("x".into(), "ab\r\nçd e\nf".into());
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(4), (2, 1));
        assert_eq!(s.line_col(7), (2, 3)); // after the two-byte ç
        assert_eq!(s.line_col(10), (3, 1));
        assert_eq!(s.line_col(999), (3, 2));
    }

    #[test]
    fn columns_on_long_non_ascii_lines() {
        let line = format!("{}é{}x", "a".repeat(5000), "ü".repeat(3000));
        let s = SourceText::new("x".into(), format!("z\n{line}"));
        let x = u32::try_from(s.text.len() - 1).unwrap();
        assert_eq!(s.line_col(x), (2, 5000 + 1 + 3000 + 1));
        // Inside a two-byte character: the column of that character's end.
        assert_eq!(s.line_col(2 + 5001).1, 5002);
    }

    #[test]
    fn positions_without_an_index_agree_with_the_index() {
        let text = "import a from './a';\r\nconst é = 1; import('./b');\n\nrequire('./c')";
        let s = SourceText::new("x".into(), text.into());
        let spans: Vec<Span> = ["'./a'", "'./b'", "'./c'"]
            .iter()
            .map(|n| {
                let i = u32::try_from(text.find(n).unwrap()).unwrap();
                Span::new(i, i + 5)
            })
            .collect();
        let indexed: Vec<Position> = spans.iter().map(|sp| s.position(*sp)).collect();
        assert_eq!(positions(text, &spans), indexed);
    }

    #[test]
    fn path_order_is_paths_own_order_on_clean_paths() {
        let mut paths: Vec<PathBuf> = [
            "/r/a",
            "/r/a-b/x.js",
            "/r/a/b.js",
            "/r/a.js",
            "/r/a/b/c.ts",
            "/r/A",
            "/r/a0",
            "/r/a/b",
            "/r/ab",
            "/r/a/-",
            "/r",
            "/s/a",
            "/r/é/x",
            "/r/e/x",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut by_path = paths.clone();
        by_path.sort();
        paths.sort_by(|a, b| path_order(a, b));
        assert_eq!(paths, by_path);
    }

    #[test]
    fn encodings_round_trip() {
        for e in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let text = "<a>\r\n  é ReadWriteMailbox\r\n</a>";
            let bytes = e.encode(text);
            assert_eq!(Encoding::of(&bytes), e);
            assert_eq!(decode(&bytes).0, text);
        }
    }

    #[test]
    fn decodes_boms() {
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>"), ("<a/>".into(), false));
        assert_eq!(decode(b"\xFF\xFE<\x00a\x00"), ("<a".into(), false));
        assert_eq!(decode(b"\xFE\xFF\x00<\x00a"), ("<a".into(), false));
        assert!(decode(b"a\xFFb").1);
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The path as reports show it.
    pub file: String,
    /// Where in the file.
    pub position: Position,
}

impl std::fmt::Display for Location {
    /// `file:line:col`, as compilers and editors write a place.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file, self.position.line, self.position.column
        )
    }
}

/// What kind of file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// A script file.
    Script,
    /// A page with inline scripts.
    Page,
}

/// Extensions of script files.
pub const SCRIPT_EXTS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

/// Extensions of pages whose scripts are read.
pub const PAGE_EXTS: &[&str] = &["html", "htm", "cshtml", "aspx", "vue", "svelte"];

impl SourceKind {
    /// The kind of a file by its name, if it is a source at all (`.d.ts` declarations are
    /// not: they hold types, not code).
    #[must_use]
    pub fn of(path: &Path) -> Option<SourceKind> {
        // On the name's bytes: this runs for every file of every tree walked, and
        // `Path::extension` parses components each time.
        let bytes = path.as_os_str().as_encoded_bytes();
        let name = bytes
            .rsplit(|&b| std::path::is_separator(char::from(b)))
            .next()
            .unwrap_or(bytes);
        let dot = name.iter().rposition(|&b| b == b'.').filter(|&i| i > 0)?;
        let ext = name.get(dot + 1..)?;
        let is = |list: &[&str]| list.iter().any(|e| e.as_bytes().eq_ignore_ascii_case(ext));
        if is(SCRIPT_EXTS) {
            let declaration = name.len() >= 5
                && name
                    .get(name.len() - 5..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(b".d.ts"));
            (!declaration).then_some(SourceKind::Script)
        } else if is(PAGE_EXTS) {
            Some(SourceKind::Page)
        } else {
            None
        }
    }
}

/// The canonical form of a path when it exists (for comparing), else the path itself.
#[must_use]
pub fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}
