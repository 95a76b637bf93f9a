//! The EWS operations named by a `makeEwsRequestAsync(request, …)` call.
//!
//! The request is evaluated statically where it is built from string literals,
//! concatenations, template literals, unmutated bindings, and calls of local helper
//! functions whose last statement returns such an expression (`soap("<m:GetItem>…")`, the
//! way add-ins wrap the SOAP envelope); the operation is the first element inside the SOAP
//! `Body`. Parts that cannot be read make the result incomplete rather than wrong.

use oxc_ast::AstKind;
use oxc_ast::ast::{BinaryOperator, BindingPattern, CallExpression, Expression};
use oxc_semantic::{Semantic, SymbolId};
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

/// Parameters bound to the pieces of their arguments, for helper calls.
type Env = Vec<(SymbolId, Vec<Piece>)>;

fn eval(sem: &Semantic<'_>, e: &Expression<'_>, depth: usize, out: &mut Vec<Piece>) {
    eval_in(sem, e, &Vec::new(), depth, out);
}

fn eval_in(sem: &Semantic<'_>, e: &Expression<'_>, env: &Env, depth: usize, out: &mut Vec<Piece>) {
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
                    eval_in(sem, x, env, depth + 1, out);
                }
            }
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            eval_in(sem, &b.left, env, depth + 1, out);
            eval_in(sem, &b.right, env, depth + 1, out);
        }
        Expression::ParenthesizedExpression(p) => eval_in(sem, &p.expression, env, depth + 1, out),
        Expression::Identifier(id) => {
            let scoping = sem.scoping();
            let sym = scoping.get_reference(id.reference_id()).symbol_id();
            if let Some((_, pieces)) = sym.and_then(|s| env.iter().find(|(p, _)| *p == s)) {
                out.extend(pieces.iter().cloned());
                return;
            }
            let init = sym
                .filter(|s| !scoping.symbol_is_mutated(*s))
                .and_then(|s| match sem.nodes().kind(scoping.symbol_declaration(s)) {
                    AstKind::VariableDeclarator(d) => d.init.as_ref(),
                    _ => None,
                });
            match init {
                Some(init) => eval_in(sem, init, &Vec::new(), depth + 1, out),
                None => out.push(Piece::Hole),
            }
        }
        Expression::CallExpression(c) => {
            let Some((params, ret)) =
                super::local_function(sem, &c.callee).and_then(|f| Some((f.params, f.returns?)))
            else {
                out.push(Piece::Hole);
                return;
            };
            let mut inner: Env = Vec::new();
            for (i, p) in params.items.iter().enumerate() {
                let BindingPattern::BindingIdentifier(id) = &p.pattern else {
                    continue;
                };
                let mut pieces = Vec::new();
                match c.arguments.get(i).and_then(|a| a.as_expression()) {
                    Some(arg) => eval_in(sem, arg, env, depth + 1, &mut pieces),
                    None => pieces.push(Piece::Hole),
                }
                inner.push((id.symbol_id(), pieces));
            }
            eval_in(sem, ret, &inner, depth + 1, out);
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
