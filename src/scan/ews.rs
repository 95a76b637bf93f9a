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

/// A piece of an evaluated string: known text (with the span of the literal it came from), a
/// value the caller named (`restUrl`), or a hole.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    Text(String, oxc_span::Span),
    Slot(&'static str),
    Hole,
}

/// Names values the evaluation cannot read but the caller knows (`mailbox.restUrl`).
pub(super) type Labeler<'l> = &'l dyn Fn(&Expression<'_>) -> Option<&'static str>;

/// Parameters bound to the pieces of their arguments, for helper calls.
type Env = Vec<(SymbolId, Vec<Piece>)>;

/// Evaluates a string expression to text: known text as it is, and each slot or hole as
/// `other` writes it (`None` from `other` means the text cannot be written).
pub(super) fn render(
    sem: &Semantic<'_>,
    e: &Expression<'_>,
    label: Labeler<'_>,
    other: impl Fn(&Piece) -> Option<String>,
) -> Option<String> {
    let mut pieces = Vec::new();
    eval(sem, e, label, &mut pieces);
    let mut out = String::new();
    for p in &pieces {
        match p {
            Piece::Text(t, _) => out.push_str(t),
            _ => out.push_str(&other(p)?),
        }
    }
    Some(out)
}

/// Evaluates a string expression into pieces; `label` names the values it knows.
pub(super) fn eval(
    sem: &Semantic<'_>,
    e: &Expression<'_>,
    label: Labeler<'_>,
    out: &mut Vec<Piece>,
) {
    eval_in(sem, e, label, &Vec::new(), 0, out);
}

fn eval_in(
    sem: &Semantic<'_>,
    e: &Expression<'_>,
    label: Labeler<'_>,
    env: &Env,
    depth: usize,
    out: &mut Vec<Piece>,
) {
    if depth > MAX_DEPTH || out.len() > MAX_LEN {
        out.push(Piece::Hole);
        return;
    }
    if let Some(l) = label(e) {
        out.push(Piece::Slot(l));
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
                    eval_in(sem, x, label, env, depth + 1, out);
                }
            }
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            eval_in(sem, &b.left, label, env, depth + 1, out);
            eval_in(sem, &b.right, label, env, depth + 1, out);
        }
        Expression::ParenthesizedExpression(p) => {
            eval_in(sem, &p.expression, label, env, depth + 1, out);
        }
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
                Some(init) => eval_in(sem, init, label, &Vec::new(), depth + 1, out),
                None => out.push(Piece::Hole),
            }
        }
        Expression::CallExpression(c) => {
            let Some((params, ret)) = super::ast::local_function(sem, &c.callee)
                .and_then(|f| Some((f.params, f.returns?)))
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
                    Some(arg) => eval_in(sem, arg, label, env, depth + 1, &mut pieces),
                    None => pieces.push(Piece::Hole),
                }
                inner.push((id.symbol_id(), pieces));
            }
            eval_in(sem, ret, label, &inner, depth + 1, out);
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
            Piece::Slot(_) | Piece::Hole => text.push('\u{0}'),
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
        eval(sem, arg, &|_| None, &mut pieces);
    } else {
        pieces.push(Piece::Hole);
    }
    let incomplete = pieces
        .iter()
        .any(|p| matches!(p, Piece::Hole | Piece::Slot(_)));
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
