//! The EWS operations named by a `makeEwsRequestAsync(request, …)` call.
//!
//! The request is evaluated statically where it is built from string literals,
//! concatenations, template literals and `const` bindings; the operation is the first element
//! inside the SOAP `Body`. Parts that cannot be read (parameters, calls) make the result
//! incomplete rather than wrong.

use oxc_ast::AstKind;
use oxc_ast::ast::{BinaryOperator, CallExpression, Expression};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

use super::EwsCall;
use crate::source::Span;

/// Bounds on evaluation: how deep through bindings, and how much text.
const MAX_DEPTH: usize = 16;
const MAX_LEN: usize = 1 << 20;

/// A piece of an evaluated string: known text (with the span of the literal it came from), or
/// a hole.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, oxc_span::Span),
    Hole,
}

fn eval(sem: &Semantic<'_>, e: &Expression<'_>, depth: usize, out: &mut Vec<Piece>) {
    if depth > MAX_DEPTH || out.len() > MAX_LEN {
        out.push(Piece::Hole);
        return;
    }
    match e {
        Expression::StringLiteral(s) => out.push(Piece::Text(s.value.to_string(), s.span)),
        Expression::TemplateLiteral(t) => {
            for (i, q) in t.quasis.iter().enumerate() {
                let text = q
                    .value
                    .cooked
                    .as_ref()
                    .map_or_else(|| q.value.raw.to_string(), ToString::to_string);
                out.push(Piece::Text(text, q.span));
                if let Some(x) = t.expressions.get(i) {
                    eval(sem, x, depth + 1, out);
                }
            }
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            eval(sem, &b.left, depth + 1, out);
            eval(sem, &b.right, depth + 1, out);
        }
        Expression::ParenthesizedExpression(p) => eval(sem, &p.expression, depth + 1, out),
        Expression::Identifier(id) => {
            let scoping = sem.scoping();
            let sym = scoping.get_reference(id.reference_id()).symbol_id();
            let init = sym
                .filter(|s| !scoping.symbol_is_mutated(*s))
                .and_then(|s| match sem.nodes().kind(scoping.symbol_declaration(s)) {
                    AstKind::VariableDeclarator(d) => d.init.as_ref(),
                    _ => None,
                });
            match init {
                Some(init) => eval(sem, init, depth + 1, out),
                None => out.push(Piece::Hole),
            }
        }
        _ => out.push(Piece::Hole),
    }
}

/// Finds the operation: the first element after the SOAP `Body` start tag.
fn operation(pieces: &[Piece]) -> Option<(String, oxc_span::Span)> {
    // Join the known text, keeping where each piece starts.
    let mut text = String::new();
    let mut starts: Vec<(usize, oxc_span::Span)> = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t, s) => {
                starts.push((text.len(), *s));
                text.push_str(t);
            }
            Piece::Hole => text.push('\u{0}'),
        }
    }
    let body_end = ["Body>", "Body >"]
        .iter()
        .filter_map(|pat| {
            text.match_indices(pat)
                .find(|(i, _)| {
                    let before = &text[..*i];
                    before.ends_with('<') || before.ends_with(':')
                })
                .map(|(i, m)| i + m.len())
        })
        .min()?;
    let rest = &text[body_end..];
    let trimmed = rest.trim_start();
    let tag = trimmed.strip_prefix('<')?;
    let name_len = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let qname = &tag[..name_len];
    let local = qname.rsplit_once(':').map_or(qname, |(_, l)| l);
    if local.is_empty() || !local.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let at = body_end + (rest.len() - trimmed.len());
    let span = starts
        .iter()
        .rev()
        .find(|(s, _)| *s <= at)
        .map_or(oxc_span::Span::default(), |(_, sp)| *sp);
    Some((local.to_owned(), span))
}

pub(super) fn analyse(sem: &Semantic<'_>, call: &CallExpression<'_>, base: u32) -> EwsCall {
    let mut pieces = Vec::new();
    if let Some(arg) = call.arguments.first().and_then(|a| a.as_expression()) {
        eval(sem, arg, 0, &mut pieces);
    } else {
        pieces.push(Piece::Hole);
    }
    let incomplete = pieces.iter().any(|p| matches!(p, Piece::Hole));
    let operations = operation(&pieces)
        .map(|(op, s)| (op, Span::new(base + s.start, base + s.end)))
        .into_iter()
        .collect();
    let span = call.span();
    EwsCall {
        span: Span::new(base + span.start, base + span.end),
        operations,
        incomplete,
    }
}
