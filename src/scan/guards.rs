//! Where code runs only when legacy Exchange tokens work: behind the checks Microsoft
//! documents for it.
//!
//! - `getTokenStatusAsync` (Mailbox 1.16) reporting `Office.MailboxEnums.TokenStatus.Enabled`
//!   (docs-pr `outlook/web-services.md`, 2025-11-14: "issue EWS requests only if it returns
//!   Enabled");
//! - `Office.context.mailbox.userProfile.accountType === "enterprise"`, an on-premises
//!   mailbox (the legacy-token FAQ, ms.date 11/03/2025).
//!
//! A test of either guards the branch it selects: `if (t) {…}`, `t ? … : …`, `t && …`, the
//! `else` of a negated test, and the rest of a block after `if (!t) return;`.

use oxc_ast::AstKind;
use oxc_ast::ast::{BinaryExpression, BinaryOperator, Expression, LogicalOperator, Statement};
use oxc_semantic::{NodeId, Semantic};
use oxc_span::GetSpan;

/// Whether a text may hold such a test (the walk over its nodes is skipped otherwise).
#[must_use]
pub fn may_have(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"TokenStatus").is_some()
        || memchr::memmem::find(text.as_bytes(), b"accountType").is_some()
}

/// The ranges (in the program's own offsets) where legacy tokens are known to work.
#[must_use]
pub fn token_guards(sem: &Semantic<'_>) -> Vec<oxc_span::Span> {
    let mut out = Vec::new();
    for node in sem.nodes().iter() {
        if let AstKind::BinaryExpression(b) = node.kind()
            && let Some(positive) = token_test(sem, b)
        {
            guarded_by(sem, node.id(), positive, &mut out);
        }
    }
    out
}

/// `Some(true)` when the comparison holds exactly when tokens work, `Some(false)` when it
/// holds exactly when they do not; `None` for any other comparison.
fn token_test(sem: &Semantic<'_>, b: &BinaryExpression<'_>) -> Option<bool> {
    let positive = match b.operator {
        BinaryOperator::StrictEquality | BinaryOperator::Equality => true,
        BinaryOperator::StrictInequality | BinaryOperator::Inequality => false,
        _ => return None,
    };
    let is_enabled = |e: &Expression<'_>| match e.without_parentheses() {
        Expression::StaticMemberExpression(m) => {
            m.property.name == "Enabled" && names_token_status(sem, &m.object)
        }
        _ => false,
    };
    let is_account_type = |e: &Expression<'_>| matches!(e.without_parentheses(), Expression::StaticMemberExpression(m) if m.property.name == "accountType");
    let is_enterprise = |e: &Expression<'_>| matches!(e.without_parentheses(), Expression::StringLiteral(s) if s.value == "enterprise");
    let (l, r) = (&b.left, &b.right);
    let found = is_enabled(l)
        || is_enabled(r)
        || (is_account_type(l) && is_enterprise(r))
        || (is_account_type(r) && is_enterprise(l));
    found.then_some(positive)
}

/// Whether an expression is the `TokenStatus` enum: `….TokenStatus`, or a constant bound to
/// it (`const S = Office.MailboxEnums.TokenStatus`).
fn names_token_status(sem: &Semantic<'_>, e: &Expression<'_>) -> bool {
    match e.without_parentheses() {
        Expression::StaticMemberExpression(o) => o.property.name == "TokenStatus",
        Expression::Identifier(i) => {
            if i.name == "TokenStatus" {
                return true;
            }
            let scoping = sem.scoping();
            let Some(sym) = scoping.get_reference(i.reference_id()).symbol_id() else {
                return false;
            };
            if scoping.symbol_is_mutated(sym) {
                return false;
            }
            match sem.nodes().kind(scoping.symbol_declaration(sym)) {
                AstKind::VariableDeclarator(d) => d.init.as_ref().is_some_and(|init| {
                    matches!(init.without_parentheses(), Expression::StaticMemberExpression(o) if o.property.name == "TokenStatus")
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether a statement always leaves its block (`return`, `throw`, or a block ending so).
fn exits(s: &Statement<'_>) -> bool {
    match s {
        Statement::ReturnStatement(_) | Statement::ThrowStatement(_) => true,
        Statement::BlockStatement(b) => b.body.last().is_some_and(exits),
        _ => false,
    }
}

/// Climbs from the test at `node` to the branches it guards.
fn guarded_by(sem: &Semantic<'_>, node: NodeId, positive: bool, out: &mut Vec<oxc_span::Span>) {
    let nodes = sem.nodes();
    let mut cur = node;
    loop {
        let parent = nodes.parent_id(cur);
        if parent == cur {
            return;
        }
        let cur_span = nodes.kind(cur).span();
        match nodes.kind(parent) {
            AstKind::ParenthesizedExpression(_) => {}
            // `t && x` (or `a && t` inside a larger test): with a positive test, the right
            // side runs only when tokens work; the test as a whole still guards its branch.
            AstKind::LogicalExpression(l) if l.operator == LogicalOperator::And && positive => {
                if l.left.span() == cur_span {
                    out.push(l.right.span());
                }
            }
            AstKind::IfStatement(s) if s.test.span() == cur_span => {
                if positive {
                    out.push(s.consequent.span());
                    return;
                }
                if let Some(alt) = &s.alternate {
                    out.push(alt.span());
                }
                // `if (status !== Enabled) return;` guards the rest of the block.
                if exits(&s.consequent) {
                    let block = nodes.parent_id(parent);
                    let end = nodes.kind(block).span().end;
                    out.push(oxc_span::Span::new(s.span.end, end));
                }
                return;
            }
            AstKind::ConditionalExpression(c) if c.test.span() == cur_span => {
                out.push(if positive {
                    c.consequent.span()
                } else {
                    c.alternate.span()
                });
                return;
            }
            _ => return,
        }
        cur = parent;
    }
}
