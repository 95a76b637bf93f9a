//! How deep a source would make the parser and the visitors recurse, estimated before parsing.
//!
//! oxc's parser and every AST visitor recurse once per nesting level, and a hostile source can
//! nest 100,000 deep: past the stack, the process aborts. This byte pass bounds two things:
//! bracket depth (`[limits] max-nesting`), and the stack an expression may take, which also
//! grows without brackets — `x => x => …`, `a ? b : a ? b : …`, `!!!…`, `a.b.b.b…`,
//! `1+1+1…`. It ignores strings and comments, which can only make it count more.
//!
//! The costs per level are what oxc 0.146 and this tool's visitors take, measured with
//! `ADDIN_AUDIT_MAX_STACK` on the hostile-input shapes (100,000 arrows need 128 MiB: 1.3 KiB
//! each; 100,000 ternaries 64 MiB; 10,000 object literals 32 MiB; a million `.` or binary
//! `+` 64 MiB), each about doubled.

/// Stack per bracket level (an object literal's property takes the most: 3.3 KiB measured).
const BRACKET: usize = 6 << 10;
/// Stack per arrow `=>` (between 0.7 and 1.3 KiB measured).
const ARROW: usize = 1536;
/// Stack per ternary `?` (0.7 KiB measured).
const TERNARY: usize = 1 << 10;
/// Stack per prefix operator (`!`, `~`, unary `+`/`-`: 0.2 KiB measured).
const UNARY: usize = 384;
/// Stack per binary operator or member `.` (0.07 KiB measured; the tree is left-deep).
const BINARY: usize = 128;

/// Which bound a source goes beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooDeep {
    /// Brackets nest deeper than `[limits] max-nesting`.
    Brackets,
    /// The estimated recursion needs more stack than the workers have.
    Stack,
}

/// Whether a byte ends an operand, so that a `+`/`-` after it is binary.
fn ends_operand(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b')' | b']' | b'}' | b'_' | b'$' | b'"' | b'\'' | b'`')
}

/// What a byte does to the estimate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Nothing (identifiers, digits, whitespace, quotes …).
    None,
    Open,
    Close,
    Semicolon,
    /// `>`: an arrow after `=`, else a binary operator.
    Greater,
    Question,
    /// `+`/`-`: binary after an operand, else prefix.
    PlusMinus,
    /// `!`, `~`.
    Prefix,
    /// `.`, `*`, `/`, `%`, `&`, `|`, `^`, `<`, `=`.
    Binary,
}

const fn classify(b: u8) -> Class {
    match b {
        b'(' | b'[' | b'{' => Class::Open,
        b')' | b']' | b'}' => Class::Close,
        b';' => Class::Semicolon,
        b'>' => Class::Greater,
        b'?' => Class::Question,
        b'+' | b'-' => Class::PlusMinus,
        b'!' | b'~' => Class::Prefix,
        // `,` is not counted: element lists and sequences are parsed in loops.
        b'.' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'=' => Class::Binary,
        _ => Class::None,
    }
}

#[expect(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "a const table of 256 entries indexed by 0..256"
)]
const CLASSES: [Class; 256] = {
    let mut t = [Class::None; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = classify(i as u8);
        i += 1;
    }
    t
};

/// Where `text` first goes beyond `max_nesting` bracket levels or an estimated `stack` bytes
/// of recursion (three quarters of it are used, the rest is the margin for the frames below).
#[must_use]
pub fn too_deep(text: &str, max_nesting: usize, stack: usize) -> Option<(usize, TooDeep)> {
    let budget = stack / 4 * 3;
    // No byte costs more than a bracket level: a short text cannot go beyond either bound.
    if text.len() <= max_nesting && text.len().saturating_mul(BRACKET) <= budget {
        return None;
    }
    // The stack the enclosing levels take (brackets and their expressions), and the current
    // level's expression.
    let mut outer: usize = 0;
    let mut chain: usize = 0;
    let mut saved: Vec<usize> = Vec::new();
    let mut prev = b';';
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let add = match CLASSES.get(usize::from(b)).copied().unwrap_or(Class::None) {
            Class::None => {
                if !b.is_ascii_whitespace() {
                    prev = b;
                }
                continue;
            }
            Class::Open => {
                if saved.len() >= max_nesting {
                    return Some((i, TooDeep::Brackets));
                }
                saved.push(chain);
                outer = outer.saturating_add(chain).saturating_add(BRACKET);
                chain = 0;
                0
            }
            Class::Close => {
                // The enclosing expression goes on (`f(function () {…}).g`); only `;` ends it.
                chain = saved.pop().unwrap_or(0);
                outer = outer.saturating_sub(chain).saturating_sub(BRACKET);
                0
            }
            Class::Semicolon => {
                chain = 0;
                0
            }
            Class::Greater if prev == b'=' => ARROW,
            Class::Question => TERNARY,
            Class::PlusMinus if ends_operand(prev) => BINARY,
            Class::PlusMinus | Class::Prefix => UNARY,
            Class::Greater | Class::Binary => BINARY,
        };
        prev = b;
        chain = chain.saturating_add(add);
        if outer.saturating_add(chain) > budget {
            return Some((i, TooDeep::Stack));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: usize = 1 << 30;

    #[test]
    fn brackets_beyond_the_limit() {
        let text = format!("f({}1{})", "(".repeat(20), ")".repeat(20));
        assert_eq!(too_deep(&text, 10, GIB), Some((11, TooDeep::Brackets)));
        assert_eq!(too_deep(&text, 21, GIB), None);
    }

    #[test]
    fn chains_without_brackets_count_against_the_stack() {
        let arrows = format!("var f = {}1;", "x => ".repeat(100_000));
        assert_eq!(too_deep(&arrows, 10_000, GIB), None);
        assert!(matches!(
            too_deep(&arrows, 10_000, 64 << 20),
            Some((_, TooDeep::Stack))
        ));
        // Statements end a chain; a block's brackets count, its statements do not add up.
        let statements = "a.b.c = d ? e : f;\n".repeat(200_000);
        assert_eq!(too_deep(&statements, 10_000, 16 << 20), None);
        let blocks = format!("{}{}", "{ a.b; ".repeat(100), "}".repeat(100));
        assert_eq!(too_deep(&blocks, 10_000, 16 << 20), None);
        // What encloses a block still counts inside it.
        let wrapped = format!("{}function () {{ a; }}", "x => ".repeat(100_000));
        assert!(too_deep(&wrapped, 10_000, 64 << 20).is_some());
    }

    #[test]
    fn binary_plus_is_cheaper_than_unary() {
        let binary = vec!["1"; 100_000].join("+");
        let unary = format!("{}1", "+".repeat(100_000));
        let stack = 32 << 20;
        assert_eq!(too_deep(&binary, 10_000, stack), None);
        assert!(too_deep(&unary, 10_000, stack).is_some());
    }
}
