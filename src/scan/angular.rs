//! AngularJS (1.x) dependency injection, read from the AST.
//!
//! An AngularJS add-in hands Office values from one script to another by name: a service
//! registered with `app.service("officeService", ["$q", officeService])` returns an object
//! whose methods give the item, and a controller registered with
//! `["$q", "officeService", homeController]` receives that object as its second parameter.
//! No import connects the two files, so the module graph cannot; the page can (every script
//! of a page shares one injector). This file answers the syntactic questions: which call
//! registers which service with which factory, which parameter a dependency array (or
//! `$inject`, or an implicitly annotated function) gives which service, and what a factory
//! returns. [`super::walk`] follows the values; [`crate::modules`] carries them between the
//! scripts of a page.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    ArrayExpressionElement, AssignmentTarget, CallExpression, Expression, FormalParameters,
    ObjectExpression, Statement,
};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

/// The `angular.module(…)` methods that register something whose function the injector
/// calls with its dependencies.
const REGISTERS: &[&str] = &[
    "service",
    "factory",
    "controller",
    "directive",
    "filter",
    "run",
    "config",
    "provider",
];

/// A registration call: `angular.module("app").service("name", factory)`.
pub(crate) struct Registration<'a> {
    /// `service`, `factory`, `controller` …
    pub kind: &'static str,
    /// The name registered (`None` for `run`/`config`).
    pub name: Option<String>,
    /// The function or dependency array the injector calls (the last argument).
    pub target: &'a Expression<'a>,
}

/// Whether `e` is `angular.module(…)`, a chain of calls on it
/// (`angular.module("app").service(…).controller(…)`), or a binding initialised so.
fn module_chain(sem: &Semantic<'_>, e: &Expression<'_>, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    match e {
        Expression::CallExpression(c) => {
            super::ast::dotted(&c.callee).as_deref() == Some("angular.module")
                || matches!(&c.callee, Expression::StaticMemberExpression(m)
                    if module_chain(sem, &m.object, depth + 1))
        }
        Expression::ParenthesizedExpression(p) => module_chain(sem, &p.expression, depth + 1),
        Expression::Identifier(id) => {
            let scoping = sem.scoping();
            let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
                return false;
            };
            if scoping.symbol_is_mutated(sym) {
                return false;
            }
            match sem.nodes().kind(scoping.symbol_declaration(sym)) {
                AstKind::VariableDeclarator(d) => d
                    .init
                    .as_ref()
                    .is_some_and(|i| module_chain(sem, i, depth + 1)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The registration `c` is, if it is one.
pub(crate) fn registration<'a>(
    sem: &Semantic<'a>,
    c: &'a CallExpression<'a>,
) -> Option<Registration<'a>> {
    let Expression::StaticMemberExpression(m) = &c.callee else {
        return None;
    };
    let kind = *REGISTERS.iter().find(|k| **k == m.property.name.as_str())?;
    if !module_chain(sem, &m.object, 0) {
        return None;
    }
    let target = c.arguments.last()?.as_expression()?;
    let name = match c.arguments.len() {
        2 => Some(super::module::literal(
            c.arguments.first()?.as_expression()?,
        )?),
        1 if matches!(kind, "run" | "config") => None,
        _ => return None,
    };
    Some(Registration { kind, name, target })
}

/// A dependency array (`["$q", "officeService", function ($q, officeService) {…}]`): the
/// names, and the function (the last element).
pub(crate) fn annotation<'a>(e: &'a Expression<'a>) -> Option<(Vec<String>, &'a Expression<'a>)> {
    let Expression::ArrayExpression(a) = e else {
        return None;
    };
    let (last, names) = a.elements.split_last()?;
    let names: Vec<String> = string_elements(names)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let f = last.as_expression()?;
    let function_like = matches!(
        f,
        Expression::FunctionExpression(_)
            | Expression::ArrowFunctionExpression(_)
            | Expression::Identifier(_)
    );
    (function_like && !names.is_empty()).then_some((names, f))
}

/// The parameters of the function `e` is: a function expression, or a binding of a local
/// function.
pub(crate) fn params_of<'a>(
    sem: &Semantic<'a>,
    e: &'a Expression<'a>,
) -> Option<&'a FormalParameters<'a>> {
    match e {
        Expression::FunctionExpression(f) => Some(&f.params),
        Expression::ArrowFunctionExpression(a) => Some(&a.params),
        other => super::ast::local_function(sem, other).map(|f| f.params),
    }
}

/// The strings of array elements that are all string literals, with their spans.
fn string_elements(
    elements: &[ArrayExpressionElement<'_>],
) -> Option<Vec<(String, oxc_span::Span)>> {
    elements
        .iter()
        .map(|n| match n {
            ArrayExpressionElement::StringLiteral(s) => Some((s.value.to_string(), s.span)),
            _ => None,
        })
        .collect()
}

/// One place the injector calls a function with services: its parameters and the service
/// each receives.
pub(crate) struct Site<'a> {
    /// The function's parameters.
    pub params: &'a FormalParameters<'a>,
    /// For each parameter position: the service's name.
    pub names: Vec<String>,
}

/// Every injection site of the file: dependency arrays, `f.$inject = [...]`, and functions
/// registered bare (annotated by their parameters' names). Also the spans of every string
/// literal these read, so that other mentions of a service's name can be told apart.
pub(crate) fn sites<'a>(sem: &Semantic<'a>) -> (Vec<Site<'a>>, Vec<oxc_span::Span>) {
    let mut out = Vec::new();
    let mut literals = Vec::new();
    for node in sem.nodes().iter() {
        match node.kind() {
            AstKind::ArrayExpression(a) => {
                let Some((last, rest)) = a.elements.split_last() else {
                    continue;
                };
                let Some(f) = last.as_expression() else {
                    continue;
                };
                let Some(names) = string_elements(rest).filter(|n| !n.is_empty()) else {
                    continue;
                };
                if let Some(params) = params_of(sem, f) {
                    literals.extend(names.iter().map(|(_, s)| *s));
                    out.push(Site {
                        params,
                        names: names.into_iter().map(|(n, _)| n).collect(),
                    });
                }
            }
            // `homeController.$inject = ["$q", "officeService"];`
            AstKind::AssignmentExpression(a) => {
                let AssignmentTarget::StaticMemberExpression(m) = &a.left else {
                    continue;
                };
                if m.property.name != "$inject" {
                    continue;
                }
                let Expression::ArrayExpression(arr) = &a.right else {
                    continue;
                };
                if let (Some(names), Some(params)) =
                    (string_elements(&arr.elements), params_of(sem, &m.object))
                {
                    literals.extend(names.iter().map(|(_, s)| *s));
                    out.push(Site {
                        params,
                        names: names.into_iter().map(|(n, _)| n).collect(),
                    });
                }
            }
            AstKind::CallExpression(c) => {
                let Some(r) = registration(sem, c) else {
                    continue;
                };
                if let Some(Expression::StringLiteral(s)) =
                    c.arguments.first().and_then(|a| a.as_expression())
                {
                    literals.push(s.span);
                }
                // A function registered bare: the injector reads its parameters' names.
                if annotation(r.target).is_none()
                    && let Some(params) = params_of(sem, r.target)
                {
                    let names = params
                        .items
                        .iter()
                        .map(|p| p.pattern.get_identifier_name().map(|n| n.to_string()))
                        .collect::<Option<Vec<_>>>();
                    if let Some(names) = names {
                        out.push(Site { params, names });
                    }
                }
            }
            _ => {}
        }
    }
    (out, literals)
}

/// The service a parameter receives from the injector: `sym` is a parameter of a function
/// that one of the file's injection `sites` annotates.
pub(crate) fn injected_as(sem: &Semantic<'_>, sites: &[Site<'_>], sym: SymbolId) -> Option<String> {
    let nodes = sem.nodes();
    let decl = sem.scoping().symbol_declaration(sym);
    let param = std::iter::once(decl)
        .chain(nodes.ancestor_ids(decl))
        .take(4)
        .find(|n| matches!(nodes.kind(*n), AstKind::FormalParameter(_)))?;
    let AstKind::FormalParameters(params) = nodes.parent_kind(param) else {
        return None;
    };
    let at = nodes.kind(param).span();
    let i = params.items.iter().position(|p| p.span == at)?;
    sites
        .iter()
        .find(|s| std::ptr::eq(s.params, params))
        .and_then(|s| s.names.get(i).cloned())
}

/// The objects a factory function returns from its own body (`return { getItem: getItem };`
/// among the statements a service's function runs).
pub(crate) fn returned_objects<'a>(
    sem: &Semantic<'a>,
    factory: &'a Expression<'a>,
) -> Vec<&'a ObjectExpression<'a>> {
    let body = match factory {
        Expression::FunctionExpression(f) => f.body.as_ref().map(|b| &b.statements),
        Expression::Identifier(id) => {
            let scoping = sem.scoping();
            scoping
                .get_reference(id.reference_id())
                .symbol_id()
                .filter(|s| !scoping.symbol_is_mutated(*s))
                .and_then(|s| match sem.nodes().kind(scoping.symbol_declaration(s)) {
                    AstKind::Function(f) => f.body.as_ref().map(|b| &b.statements),
                    AstKind::VariableDeclarator(d) => match &d.init {
                        Some(Expression::FunctionExpression(f)) => {
                            f.body.as_ref().map(|b| &b.statements)
                        }
                        _ => None,
                    },
                    _ => None,
                })
        }
        _ => None,
    };
    body.into_iter()
        .flatten()
        .filter_map(|s| match s {
            Statement::ReturnStatement(r) => match r.argument.as_ref()? {
                Expression::ObjectExpression(o) => Some(&**o),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The registration (of a service or factory named `name`) in the file, and its factory
/// function (the dependency array's last element, or the function itself).
pub(crate) fn factory_of<'a>(sem: &Semantic<'a>, name: &str) -> Option<&'a Expression<'a>> {
    sem.nodes().iter().find_map(|n| {
        let AstKind::CallExpression(c) = n.kind() else {
            return None;
        };
        let r = registration(sem, c)?;
        if !matches!(r.kind, "service" | "factory") || r.name.as_deref() != Some(name) {
            return None;
        }
        Some(annotation(r.target).map_or(r.target, |(_, f)| f))
    })
}

/// `node`'s position as the function a registration of a service or factory hands the
/// injector (directly or as a dependency array's last element): the service's name.
pub(crate) fn registers_service(sem: &Semantic<'_>, node: NodeId) -> Option<String> {
    let nodes = sem.nodes();
    let span = nodes.kind(node).span();
    let mut parent = nodes.parent_id(node);
    if let AstKind::ArrayExpression(a) = nodes.kind(parent) {
        if a.elements.last().is_none_or(|l| l.span() != span) {
            return None;
        }
        let array = parent;
        parent = nodes.parent_id(array);
        let AstKind::CallExpression(c) = nodes.kind(parent) else {
            return None;
        };
        let r = registration(sem, c)?;
        let (_, f) = annotation(r.target)?;
        return (f.span() == span && matches!(r.kind, "service" | "factory"))
            .then_some(r.name)
            .flatten();
    }
    let AstKind::CallExpression(c) = nodes.kind(parent) else {
        return None;
    };
    let r = registration(sem, c)?;
    (r.target.span() == span && matches!(r.kind, "service" | "factory"))
        .then_some(r.name)
        .flatten()
}

#[cfg(test)]
mod tests {
    use crate::scan::{Seeds, scan, scan_seeded};
    use oxc_span::SourceType;

    /// What a controller written `controller` does with the item of a service registered in
    /// another script: whether it is seen to call `setAsync`, and its escapes.
    fn injected(controller: &str) -> (bool, Vec<String>) {
        let service = "angular.module('app').factory('mail', ['$q', function ($q) {\n  return { item: function () { return Office.context.mailbox.item; } };\n}]);\n";
        let facts = scan(service, SourceType::cjs(), 0);
        let mut seeds = Seeds::default();
        for (name, s) in facts.services {
            assert!(s.lost.is_some(), "a registration escapes unless delivered");
            seeds.injected.insert(name, s.ty);
        }
        assert!(seeds.injected.contains_key("mail"));
        let facts = scan_seeded(controller, SourceType::cjs(), 0, &seeds, 64);
        let found = facts
            .uses
            .iter()
            .any(|u| u.candidates.iter().any(|m| m.name == "setAsync"));
        (found, facts.escapes.into_iter().map(|e| e.how).collect())
    }

    #[test]
    fn every_way_of_asking_the_injector_is_followed() {
        for src in [
            // A dependency array, `$inject`, and a function annotated by its parameters.
            "angular.module('app').controller('c', ['$scope', 'mail', function ($scope, mail) { mail.item().body.setAsync('x'); }]);",
            "function C(mail) { mail.item().body.setAsync('x'); }\nC.$inject = ['mail'];\nangular.module('app').controller('c', C);",
            "var app = angular.module('app');\napp.controller('c', function (mail) { mail.item().body.setAsync('x'); });",
        ] {
            assert_eq!(injected(src), (true, Vec::new()), "{src}");
        }
        // Asked for by name at run time: not followed, and said.
        let (found, escapes) =
            injected("var mail = $injector.get('mail');\nmail.item().body.setAsync('x');");
        assert!(!found);
        assert_eq!(escapes.len(), 1, "{escapes:?}");
        assert!(
            escapes[0].contains("AngularJS service `mail`"),
            "{escapes:?}"
        );
    }
}
