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

/// The module a binding imports and the export it names (`None` for a whole module:
/// `import * as m`, `const m = require("m")`); `const App = require("./App").default` names
/// `default`.
pub(crate) fn import_of(
    sem: &Semantic<'_>,
    sym: oxc_semantic::SymbolId,
) -> Option<(String, Option<String>)> {
    let nodes = sem.nodes();
    let decl = sem.scoping().symbol_declaration(sym);
    let name = match nodes.kind(decl) {
        AstKind::ImportSpecifier(s) => Some(s.imported.name().to_string()),
        AstKind::ImportDefaultSpecifier(_) => Some("default".to_owned()),
        AstKind::ImportNamespaceSpecifier(_) => None,
        AstKind::VariableDeclarator(d) => {
            if !matches!(d.id, oxc_ast::ast::BindingPattern::BindingIdentifier(_))
                || sem.scoping().symbol_is_mutated(sym)
            {
                return None;
            }
            return match d.init.as_ref()?.get_inner_expression() {
                Expression::CallExpression(c) => Some((require_of(c)?, None)),
                Expression::StaticMemberExpression(m) => match m.object.get_inner_expression() {
                    Expression::CallExpression(c) => {
                        Some((require_of(c)?, Some(m.property.name.to_string())))
                    }
                    _ => None,
                },
                _ => None,
            };
        }
        _ => return None,
    };
    nodes
        .ancestor_ids(decl)
        .take(4)
        .find_map(|a| match nodes.kind(a) {
            AstKind::ImportDeclaration(d) => Some((d.source.value.to_string(), name.clone())),
            _ => None,
        })
}

/// `require("m")`: `m`.
pub(crate) fn require_of(c: &oxc_ast::ast::CallExpression<'_>) -> Option<String> {
    match (&c.callee, c.arguments.as_slice()) {
        (Expression::Identifier(id), [arg]) if id.name == "require" => match arg.as_expression()? {
            Expression::StringLiteral(s) => Some(s.value.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a declaration (a function or class, or the expression a `const` holds) is
/// exported where it is declared (`export function f`, `export const f = …`, `export default
/// class C`).
pub(crate) fn exported(sem: &Semantic<'_>, declaration: oxc_semantic::NodeId) -> bool {
    let nodes = sem.nodes();
    let mut cur = declaration;
    for _ in 0..4 {
        cur = nodes.parent_id(cur);
        match nodes.kind(cur) {
            AstKind::ExportDeclaration(_)
            | AstKind::ExportNamedDeclaration(_)
            | AstKind::ExportDefaultDeclaration(_) => return true,
            AstKind::VariableDeclarator(_) | AstKind::VariableDeclaration(_) => {}
            _ => return false,
        }
    }
    false
}

/// Whether `node` lies inside an export declaration (`export function f`, `export default
/// …`, a function nested in one): what is declared there may be called from other modules.
pub(crate) fn within_export(sem: &Semantic<'_>, node: oxc_semantic::NodeId) -> bool {
    let nodes = sem.nodes();
    nodes.ancestor_ids(node).any(|a| {
        matches!(
            nodes.kind(a),
            AstKind::ExportNamedDeclaration(_)
                | AstKind::ExportDefaultDeclaration(_)
                | AstKind::ExportDeclaration(_)
        )
    })
}

/// Whether `sym` is declared at the top of a classic script (no `import`/`export`): a global
/// other scripts of the page can call or read.
pub(crate) fn script_global(sem: &Semantic<'_>, sym: oxc_semantic::SymbolId) -> bool {
    let scoping = sem.scoping();
    scoping.symbol_scope_id(sym) == scoping.root_scope_id()
        && !sem
            .nodes()
            .program()
            .body
            .iter()
            .any(oxc_ast::ast::Statement::is_module_declaration)
}

/// The class whose instance `this` is at `node` (inside its methods, constructors, field
/// initialisers and the arrows in them), if it is one; `None` in a plain function (its own
/// `this`), a static member, or outside any class.
pub(crate) fn this_class(
    sem: &Semantic<'_>,
    node: oxc_semantic::NodeId,
) -> Option<oxc_semantic::NodeId> {
    let nodes = sem.nodes();
    let mut cur = node;
    loop {
        let parent = nodes.parent_id(cur);
        if parent == cur {
            return None;
        }
        match nodes.kind(parent) {
            AstKind::Function(_) => {
                let method = nodes.parent_id(parent);
                return match nodes.kind(method) {
                    AstKind::MethodDefinition(m) if !m.r#static => class_of_body(sem, method),
                    _ => None,
                };
            }
            AstKind::PropertyDefinition(p) => {
                return if p.r#static {
                    None
                } else {
                    class_of_body(sem, parent)
                };
            }
            AstKind::StaticBlock(_) | AstKind::Program(_) => return None,
            _ => cur = parent,
        }
    }
}

fn class_of_body(sem: &Semantic<'_>, member: oxc_semantic::NodeId) -> Option<oxc_semantic::NodeId> {
    let nodes = sem.nodes();
    let body = nodes.parent_id(member);
    let class = nodes.parent_id(body);
    matches!(nodes.kind(class), AstKind::Class(_)).then_some(class)
}

/// Where a value stored in the instance field `this.name` of `class` is read: the
/// `this.name` reads of the class's own code, and why it may also be read where the audit
/// does not look (`None` when it cannot): the class is exported or decorated (a framework
/// makes it, and a template may read its fields), used other than by `new`, an instance is
/// not kept in a `const` whose fields the file reads as members, or `this` itself is passed
/// on.
pub(crate) fn field_reads(
    sem: &Semantic<'_>,
    class: oxc_semantic::NodeId,
    name: &str,
) -> (Vec<oxc_semantic::NodeId>, Option<String>) {
    let nodes = sem.nodes();
    let class_span = nodes.kind(class).span();
    let mut reads = Vec::new();
    let mut elsewhere = None;
    let AstKind::Class(decl) = nodes.kind(class) else {
        return (reads, Some("it is not a class".to_owned()));
    };
    let cname = decl.id.as_ref().map_or("", |i| i.name.as_str());
    // A TypeScript `private` field: code outside the class cannot read it (it would not
    // compile), wherever its instances go.
    let private = decl.body.body.iter().any(|element| {
        matches!(element, oxc_ast::ast::ClassElement::PropertyDefinition(field)
            if field.key.static_name().as_deref() == Some(name)
                && field.accessibility == Some(oxc_ast::ast::TSAccessibility::Private))
    });
    if private {
        // Only `this` passed on is checked below.
    } else if exported(sem, class) {
        elsewhere = Some(format!(
            "the class `{cname}` is exported, so its instances' `{name}` may be read elsewhere"
        ));
    } else if !decl.decorators.is_empty() {
        elsewhere = Some(format!(
            "the class `{cname}` is decorated: a framework makes it, and its template may read `{name}`"
        ));
    } else if let Some(id) = &decl.id {
        let scoping = sem.scoping();
        for r in scoping.get_resolved_references(id.symbol_id()) {
            let at = nodes.kind(r.node_id()).span();
            let new = nodes.parent_id(r.node_id());
            let kept = match nodes.kind(new) {
                AstKind::NewExpression(expr) if expr.callee.span() == at => {
                    match nodes.kind(nodes.parent_id(new)) {
                        AstKind::VariableDeclarator(d) => match &d.id {
                            oxc_ast::ast::BindingPattern::BindingIdentifier(b)
                                if !scoping.symbol_is_mutated(b.symbol_id()) =>
                            {
                                // Its fields read as members of the `const` are read
                                // elsewhere; calls of its methods are the class's own code.
                                !scoping.get_resolved_references(b.symbol_id()).any(|u| {
                                    let m = nodes.parent_id(u.node_id());
                                    matches!(nodes.kind(m), AstKind::StaticMemberExpression(s) if s.property.name == name)
                                        || !matches!(nodes.kind(m), AstKind::StaticMemberExpression(_))
                                })
                            }
                            _ => false,
                        },
                        AstKind::ExpressionStatement(_) => true,
                        // `private pane = new C()` in a class: kept there if that field is
                        // only used to call methods.
                        AstKind::PropertyDefinition(p) if !p.r#static => {
                            let holder = class_of_body(sem, nodes.parent_id(new));
                            match (holder, p.key.static_name()) {
                                (Some(h), Some(field)) if h != class => {
                                    let (uses, out) = field_reads(sem, h, &field);
                                    out.is_none()
                                        && uses.iter().all(|u| {
                                            let m = nodes.parent_id(*u);
                                            matches!(nodes.kind(m), AstKind::StaticMemberExpression(s) if s.property.name != name
                                                && matches!(nodes.kind(nodes.parent_id(m)), AstKind::CallExpression(c) if c.callee.span() == s.span))
                                        })
                                }
                                _ => false,
                            }
                        }
                        // `new C().run()`: a method of its own.
                        AstKind::StaticMemberExpression(s) if s.property.name != name => {
                            let call = nodes.parent_id(nodes.parent_id(new));
                            matches!(nodes.kind(call), AstKind::CallExpression(c) if c.callee.span() == s.span)
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if !kept {
                elsewhere.get_or_insert_with(|| {
                    format!("an instance of `{cname}` goes where its `{name}` may be read")
                });
            }
        }
    } else {
        elsewhere = Some("the class has no name the file can follow".to_owned());
    }
    for n in nodes.iter() {
        match n.kind() {
            AstKind::StaticMemberExpression(m)
                if m.property.name == name
                    && matches!(m.object, Expression::ThisExpression(_))
                    && class_span.start <= m.span.start
                    && m.span.end <= class_span.end
                    && this_class(sem, n.id()) == Some(class) =>
            {
                let parent = nodes.kind(nodes.parent_id(n.id()));
                let written =
                    matches!(parent, AstKind::AssignmentExpression(a) if a.left.span() == m.span);
                if !written {
                    reads.push(n.id());
                }
            }
            // `this` as a value (passed, destructured, stored, `this[k]`): the instance, and
            // its field, go where the audit does not look.
            AstKind::ThisExpression(t)
                if class_span.start <= t.span.start
                    && t.span.end <= class_span.end
                    && this_class(sem, n.id()) == Some(class) =>
            {
                let parent = nodes.kind(nodes.parent_id(n.id()));
                if !matches!(parent, AstKind::StaticMemberExpression(m) if m.object.span() == t.span)
                {
                    elsewhere.get_or_insert_with(|| "the instance itself is passed on".to_owned());
                }
            }
            _ => {}
        }
    }
    (reads, elsewhere)
}

/// Functions that make a deferred: an object whose `resolve(x)` settles a promise of `x`
/// (`AngularJS`'s `$q`, jQuery's, Q's).
const DEFERRED_FACTORIES: &[&str] = &["$q.defer", "$.Deferred", "jQuery.Deferred", "Q.defer"];

/// Where a value passed to `callee` comes out as a promise, when `callee` settles one: the
/// `new Promise(…)` whose executor's first parameter it is, or, for `deferred.resolve` of a
/// deferred kept in a binding, the deferred's promise (`deferred.promise`, jQuery's
/// `deferred.promise()`) and the deferred itself where it is used as one (`.then`, `.done`,
/// returned, passed on). Empty when `callee` is neither.
pub(crate) fn promised_by(
    sem: &Semantic<'_>,
    callee: &Expression<'_>,
) -> Vec<oxc_semantic::NodeId> {
    let scoping = sem.scoping();
    let nodes = sem.nodes();
    match callee.get_inner_expression() {
        Expression::Identifier(id) => {
            let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
                return Vec::new();
            };
            executor_promise(sem, scoping.symbol_declaration(sym))
                .into_iter()
                .collect()
        }
        Expression::StaticMemberExpression(m)
            if matches!(m.property.name.as_str(), "resolve" | "resolveWith") =>
        {
            let Expression::Identifier(id) = &m.object else {
                return Vec::new();
            };
            let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
                return Vec::new();
            };
            if scoping.symbol_is_mutated(sym) {
                return Vec::new();
            }
            let init = match nodes.kind(scoping.symbol_declaration(sym)) {
                AstKind::VariableDeclarator(d) => d.init.as_ref(),
                _ => None,
            };
            let made = match init.map(Expression::get_inner_expression) {
                Some(Expression::CallExpression(c)) => dotted(&c.callee),
                Some(Expression::NewExpression(n)) => dotted(&n.callee),
                _ => None,
            };
            if !made.is_some_and(|f| DEFERRED_FACTORIES.contains(&f.as_str())) {
                return Vec::new();
            }
            let mut out = Vec::new();
            for r in scoping.get_resolved_references(sym) {
                let at = r.node_id();
                let parent = nodes.parent_id(at);
                match nodes.kind(parent) {
                    AstKind::StaticMemberExpression(pm) => match pm.property.name.as_str() {
                        "resolve" | "resolveWith" | "reject" | "rejectWith" | "notify"
                        | "notifyWith" | "state" => {}
                        // `$q`: a property; jQuery: a method returning it.
                        "promise" => {
                            let call = nodes.parent_id(parent);
                            match nodes.kind(call) {
                                AstKind::CallExpression(c) if c.callee.span() == pm.span => {
                                    out.push(call);
                                }
                                _ => out.push(parent),
                            }
                        }
                        _ => out.push(at),
                    },
                    _ => out.push(at),
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The `new Promise(…)` node whose executor's first parameter `decl` declares.
fn executor_promise(
    sem: &Semantic<'_>,
    decl: oxc_semantic::NodeId,
) -> Option<oxc_semantic::NodeId> {
    let nodes = sem.nodes();
    // BindingIdentifier → FormalParameter → FormalParameters → function → NewExpression.
    let mut cur = decl;
    let mut param = None;
    for _ in 0..4 {
        match nodes.kind(cur) {
            AstKind::FormalParameter(p) => param = Some(p.span),
            AstKind::FormalParameters(ps) if ps.items.first().map(|p| p.span) != param => {
                return None;
            }
            AstKind::Function(_) | AstKind::ArrowFunctionExpression(_) => {
                let function = cur;
                let new = nodes.parent_id(function);
                return match nodes.kind(new) {
                    AstKind::NewExpression(n)
                        if matches!(&n.callee, Expression::Identifier(p) if p.name == "Promise")
                            && n.arguments
                                .first()
                                .is_some_and(|a| a.span() == nodes.kind(function).span()) =>
                    {
                        Some(new)
                    }
                    _ => None,
                };
            }
            _ => {}
        }
        cur = nodes.parent_id(cur);
    }
    None
}

/// Whether a function an object literal holds may read the object as `this`
/// (`{ item, show() { this.item… } }`): a method, accessor or `function` whose text says
/// `this`, held directly or by a binding of a local function. Arrow functions do not bind
/// `this`. A cheap, conservative look: a false "may" only costs following the object.
pub(crate) fn methods_may_read_this(sem: &Semantic<'_>, o: &ObjectExpression<'_>) -> bool {
    let says_this = |span: oxc_span::Span| {
        sem.source_text()
            .get(span.start as usize..span.end as usize)
            .is_none_or(|t| t.contains("this"))
    };
    o.properties.iter().any(|p| {
        let ObjectPropertyKind::ObjectProperty(p) = p else {
            return false;
        };
        match &p.value {
            Expression::FunctionExpression(f) => says_this(f.span),
            Expression::Identifier(id) => {
                let scoping = sem.scoping();
                let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
                    return false;
                };
                match sem.nodes().kind(scoping.symbol_declaration(sym)) {
                    AstKind::Function(f) => says_this(f.span),
                    AstKind::VariableDeclarator(d) => match &d.init {
                        Some(Expression::FunctionExpression(f)) => says_this(f.span),
                        _ => false,
                    },
                    _ => false,
                }
            }
            _ => false,
        }
    })
}

/// Whether a never-reassigned binding is a React context the file creates
/// (`const ItemContext = createContext(null)`, `React.createContext(…)`).
pub(crate) fn creates_context(sem: &Semantic<'_>, sym: oxc_semantic::SymbolId) -> bool {
    let scoping = sem.scoping();
    if scoping.symbol_is_mutated(sym) {
        return false;
    }
    match sem.nodes().kind(scoping.symbol_declaration(sym)) {
        AstKind::VariableDeclarator(d) => match &d.init {
            Some(Expression::CallExpression(c)) => matches!(
                dotted(&c.callee).as_deref(),
                Some("createContext" | "React.createContext")
            ),
            _ => false,
        },
        _ => false,
    }
}
