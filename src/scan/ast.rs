//! Small questions about oxc's AST that the followers share: which local function a callee
//! is, what an unmutated `const` is initialised with, an object literal's property, a
//! callee's dotted name. No facts are recorded here; the followers ([`super::walk`],
//! [`super::token`], [`super::msgraph`], [`super::http`]) do that.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    ArrowFunctionBody, Expression, FormalParameters, ObjectExpression, ObjectPropertyKind,
    Statement,
};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

/// Properties that show what is assigned to them on the page as text (`el.textContent = x`):
/// a value written there is not passed on.
pub(crate) const PAGE_TEXT_PROPERTIES: &[&str] = &[
    "textContent",
    "innerText",
    "innerHTML",
    "outerHTML",
    "value",
    "placeholder",
    "title",
    "nodeValue",
];

/// Methods that write their argument into the page as text (the DOM's and jQuery's:
/// `document.createTextNode(x)`, `$("#id").text(x)`).
pub(crate) const PAGE_TEXT_CALLS: &[&str] =
    &["createTextNode", "write", "writeln", "text", "html", "val"];

/// A function declared in the same file and never reassigned: its parameters, and the
/// expression its last statement returns (if it ends in `return x` or is an arrow `=> x`).
pub(crate) struct LocalFn<'a> {
    /// The parameters.
    pub params: &'a FormalParameters<'a>,
    /// What it returns last.
    pub returns: Option<&'a Expression<'a>>,
}

/// The binding a function expression initialises (`const f = () => …`), if any.
pub(crate) fn declared_as(
    sem: &Semantic<'_>,
    function: oxc_semantic::NodeId,
) -> Option<oxc_semantic::SymbolId> {
    let nodes = sem.nodes();
    let span = nodes.kind(function).span();
    match nodes.kind(nodes.parent_id(function)) {
        AstKind::VariableDeclarator(d) if d.init.as_ref().is_some_and(|i| i.span() == span) => {
            match &d.id {
                oxc_ast::ast::BindingPattern::BindingIdentifier(id) => Some(id.symbol_id()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Resolves a callee to a local function (`function f() {}`, `const f = () => …`).
pub(crate) fn local_function<'a>(
    sem: &Semantic<'a>,
    callee: &Expression<'a>,
) -> Option<LocalFn<'a>> {
    let Expression::Identifier(id) = callee else {
        return None;
    };
    let sym = sem.scoping().get_reference(id.reference_id()).symbol_id()?;
    function_of_symbol(sem, sym)
}

/// The function a never-reassigned binding names (`function f() {}`, `const f = () => …`).
pub(crate) fn function_of_symbol<'a>(
    sem: &Semantic<'a>,
    sym: oxc_semantic::SymbolId,
) -> Option<LocalFn<'a>> {
    let scoping = sem.scoping();
    if scoping.symbol_is_mutated(sym) {
        return None;
    }
    let last_return = |stmts: &'a [Statement<'a>]| match stmts.last() {
        Some(Statement::ReturnStatement(r)) => r.argument.as_ref(),
        _ => None,
    };
    match sem.nodes().kind(scoping.symbol_declaration(sym)) {
        AstKind::Function(f) => Some(LocalFn {
            params: &f.params,
            returns: f.body.as_ref().and_then(|b| last_return(&b.statements)),
        }),
        AstKind::VariableDeclarator(d) => match d.init.as_ref()? {
            Expression::FunctionExpression(f) => Some(LocalFn {
                params: &f.params,
                returns: f.body.as_ref().and_then(|b| last_return(&b.statements)),
            }),
            Expression::ArrowFunctionExpression(a) => Some(LocalFn {
                params: &a.params,
                returns: match &a.body {
                    ArrowFunctionBody::FunctionBody(b) => last_return(&b.statements),
                    other => other.as_expression(),
                },
            }),
            _ => None,
        },
        _ => None,
    }
}

/// The value of an object literal's property `name` (a static key), if present.
pub(crate) fn property<'e, 'a>(
    o: &'e ObjectExpression<'a>,
    name: &str,
) -> Option<&'e Expression<'a>> {
    o.properties.iter().rev().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(name) => {
            Some(&p.value)
        }
        _ => None,
    })
}

/// The callee's dotted name (`$.ajax`, `window.fetch`), for recognising clients.
pub(crate) fn dotted(e: &Expression<'_>) -> Option<String> {
    match e {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => {
            Some(format!("{}.{}", dotted(&m.object)?, m.property.name))
        }
        Expression::ParenthesizedExpression(p) => dotted(&p.expression),
        _ => None,
    }
}

/// The expression an unmutated binding is initialised with (`const x = …`), if any.
pub(crate) fn const_init<'a>(
    sem: &Semantic<'a>,
    id: &oxc_ast::ast::IdentifierReference<'a>,
) -> Option<&'a Expression<'a>> {
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    if scoping.symbol_is_mutated(sym) {
        return None;
    }
    match sem.nodes().kind(scoping.symbol_declaration(sym)) {
        AstKind::VariableDeclarator(d) => d.init.as_ref(),
        _ => None,
    }
}

/// The object literal an expression is, directly or through an unmutated `const`.
pub(crate) fn object<'a>(
    sem: &Semantic<'a>,
    e: &'a Expression<'a>,
) -> Option<&'a ObjectExpression<'a>> {
    match e.get_inner_expression() {
        Expression::ObjectExpression(o) => Some(o),
        Expression::Identifier(id) => match const_init(sem, id)?.get_inner_expression() {
            Expression::ObjectExpression(o) => Some(o),
            _ => None,
        },
        _ => None,
    }
}
