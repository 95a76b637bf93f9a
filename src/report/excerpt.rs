//! A few lines of code around a place, for the reports people read (HTML, Markdown).
//!
//! Lines are clipped to a window around the marked column: a built bundle's one line can be
//! megabytes long, and a report shows the call, not the bundle.

use crate::source::Location;
use crate::source::SourceText;

/// How many characters of a long line are shown, around the mark.
const WIDTH: usize = 120;
/// How many of them come before the mark.
const BEFORE: usize = 40;

/// Lines around one place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The place (file, line and column as reported).
    pub at: Location,
    /// The number of the first line shown.
    pub first: u32,
    /// The lines, each clipped to [`WIDTH`] characters (`…` where text was cut).
    pub lines: Vec<String>,
    /// Within the marked line (`at.position.line`), the 0-based character range to mark.
    pub mark: (usize, usize),
}

impl Excerpt {
    /// The lines with their numbers, and whether each is the marked one.
    pub fn numbered(&self) -> impl Iterator<Item = (u32, &str, bool)> {
        (self.first..)
            .zip(&self.lines)
            .map(|(n, l)| (n, l.as_str(), n == self.at.position.line))
    }
}

/// `radius` lines either side of `at` in `source`.
#[must_use]
pub fn excerpt(source: &SourceText, at: &Location, radius: u32) -> Excerpt {
    let line = at.position.line.max(1);
    let first = line.saturating_sub(radius).max(1);
    let last = line.saturating_add(radius).min(source.line_count());
    let column = (at.position.column as usize).saturating_sub(1);
    let end_column = if at.position.end_line == line {
        (at.position.end_column as usize).saturating_sub(1)
    } else {
        usize::MAX
    };
    let mut mark = (0, 0);
    let mut lines = Vec::new();
    for n in first..=last.max(line) {
        let text = source.line_text(n).replace('\t', "    ");
        // Tabs widen the line: the mark moves by what the tabs before it added.
        let widen = |c: usize| -> usize {
            source
                .line_text(n)
                .chars()
                .take(c)
                .filter(|&ch| ch == '\t')
                .count()
                * 3
                + c
        };
        let (start, stop) = if n == line {
            (widen(column), widen(end_column.min(column + WIDTH)))
        } else {
            (0, 0)
        };
        let (clipped, cut, prefix) = clip(&text, start);
        if n == line {
            let len = clipped.chars().count();
            let moved = |c: usize| (c.saturating_sub(cut) + prefix).min(len);
            let from = moved(start);
            mark = (from, moved(stop.max(start + 1)).max(from));
        }
        lines.push(clipped);
    }
    Excerpt {
        at: at.clone(),
        first,
        lines,
        mark,
    }
}

/// A line clipped to [`WIDTH`] characters around character `at`: the text, how many
/// characters were cut before, and how many the `…` put there adds.
fn clip(text: &str, at: usize) -> (String, usize, usize) {
    let count = text.chars().count();
    if count <= WIDTH {
        return (text.to_owned(), 0, 0);
    }
    let from = at.saturating_sub(BEFORE).min(count.saturating_sub(WIDTH));
    let mut out = String::new();
    let prefix = usize::from(from > 0);
    if from > 0 {
        out.push('…');
    }
    out.extend(text.chars().skip(from).take(WIDTH));
    if from + WIDTH < count {
        out.push('…');
    }
    (out, from, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    fn at(line: u32, column: u32, end_column: u32) -> Location {
        Location {
            file: "a.js".into(),
            position: Position {
                line,
                column,
                end_line: line,
                end_column,
            },
        }
    }

    #[test]
    fn lines_around_with_the_mark() {
        let src = SourceText::new("a.js".into(), "one\ntwo\n\tthree(x);\nfour\nfive\n".into());
        let e = excerpt(&src, &at(3, 2, 7), 1);
        assert_eq!(e.first, 2);
        assert_eq!(e.lines, ["two", "    three(x);", "four"]);
        // The tab widened the line by three: `three` is still what is marked.
        assert_eq!(&e.lines[1][e.mark.0..e.mark.1], "three");
        let marked: Vec<bool> = e.numbered().map(|(_, _, m)| m).collect();
        assert_eq!(marked, [false, true, false]);
        // At the start and the end of a file the window is cut, not padded.
        assert_eq!(
            excerpt(&src, &at(1, 1, 4), 2).lines,
            ["one", "two", "    three(x);"]
        );
    }

    #[test]
    fn long_lines_are_clipped_around_the_mark() {
        let line = format!(
            "{}Office.context.mailbox.item{}",
            "x".repeat(5000),
            "y".repeat(5000)
        );
        let src = SourceText::new("b.js".into(), line);
        let e = excerpt(&src, &at(1, 5001, 5028), 3);
        assert_eq!(e.lines.len(), 1);
        let l = &e.lines[0];
        assert!(l.starts_with('…') && l.ends_with('…'), "{l}");
        assert_eq!(l.chars().count(), WIDTH + 2);
        let marked: String = l.chars().skip(e.mark.0).take(e.mark.1 - e.mark.0).collect();
        assert_eq!(marked, "Office.context.mailbox.item");
    }
}
