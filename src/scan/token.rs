//! Following the callback token of `getCallbackTokenAsync` to the HTTP requests that carry it.
//!
//! The token is the callback's `asyncResult.value`. From there it is followed, forwards, as
//! the walker follows Office values: through bindings, concatenation (`"Bearer " + token`),
//! object and array literals (`{ headers: { Authorization: … } }`), local functions'
//! parameters, `return`, and promises (`resolve(token)` in a `new Promise` executor, `await`,
//! `.then(token => …)`). Where it meets an HTTP client — `fetch`, `XMLHttpRequest`
//! (`setRequestHeader` paired with the same object's `open`), jQuery's `$.ajax`, `axios` —
//! the request's method and URL are read statically; the URL keeps the values it is built
//! from as slots (`{restUrl}`, `{item}` for the current item's id). Anything else the token
//! reaches (a property, an unknown function, storage) is an escape: what happens there is
//! not seen. The scanner only reports; the rules decide what a request needs.

use std::collections::{HashMap, HashSet};

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, ArrowFunctionBody, AssignmentOperator, AssignmentTarget, BinaryOperator,
    BindingPattern, CallExpression, Expression,
};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

use super::ast::{dotted, property};
use super::ews::{self, Piece};
use super::http;
use super::{GlobalCall, TokenFlow, TokenFn, TokenRequest};
use crate::source::Span;

/// Functions that only read a token (decode a JWT's parts): what they return is not the token.
const TOKEN_READERS: &[&str] = &[
    "jwt_decode",
    "jwtDecode",
    "jwt.decode",
    "jose.decodeJwt",
    "atob",
    "JSON.parse",
    "decodeURIComponent",
];

/// A bound on the steps of one flow (never reached by real code).
const MAX_WORK: usize = 100_000;

/// What a followed value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Label {
    /// The callback's `AsyncResult`: its `value` is the token.
    Result,
    /// The token, or a value that contains it (`"Bearer " + token`, a headers object).
    Token,
    /// A promise of the token.
    Promise,
    /// A promise of the result (MSAL's `acquireTokenSilent(…)`): `await` or `.then` give it.
    ResultPromise,
}

/// The slots a request URL can hold, keyed by the start of the member name the walker
/// resolved (`restUrl`, `ewsUrl`, `itemId`, `convertToRestId`, `convertToEwsId`).
pub(super) type Parts = HashMap<u32, &'static str>;

struct Flow<'s, 'a> {
    sem: &'s Semantic<'a>,
    base: u32,
    parts: &'s Parts,
    work: Vec<(NodeId, Label)>,
    seen: HashSet<(SymbolId, Label)>,
    requests: Vec<TokenRequest>,
    escapes: Vec<(Span, String)>,
    global_calls: Vec<GlobalCall>,
    /// The arguments of the calls the flow went through, for parameters called later.
    bindings: super::values::Bindings<'a>,
    /// Where the flow starts (the token's call, or the function given the token).
    origin: oxc_span::Span,
    /// Instance fields (class node, name) the value was stored in, followed once.
    fields: HashSet<(NodeId, String, Label)>,
    /// The result's member that is the token: `value` (an Office `AsyncResult`) or
    /// `accessToken` (MSAL's `AuthenticationResult`).
    result_member: &'static str,
    /// Escapes by a return from a function called by name elsewhere: (escape, name, promise,
    /// calls in this file followed).
    returned_by: Vec<(Span, String, bool, bool)>,
}

/// What returns a token to callers elsewhere, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Returner {
    /// A class method: its calls are `x.name(…)`, none followed here.
    Method,
    /// An exported function: its calls in this file are followed, other modules' are not.
    Exported,
    /// A classic script's top-level function: likewise, for the page's other scripts.
    Global,
}

/// Follows the token of the `getCallbackTokenAsync` call at `call`.
pub(super) fn follow(
    sem: &Semantic<'_>,
    base: u32,
    parts: &Parts,
    call: &CallExpression<'_>,
    name: oxc_span::Span,
) -> TokenFlow {
    let mut f = Flow::new(sem, base, parts, call.span);
    let rest = rest_option(call);
    match call
        .arguments
        .iter()
        .filter_map(Argument::as_expression)
        .find(|a| is_function_like(sem, a))
    {
        Some(cb) => f.bind_first_param(cb, Label::Result),
        None => f.escape(call.span, "its callback cannot be followed".to_owned()),
    }
    f.run(call.span);
    f.into_flow(Span::new(base + name.start, base + name.end), rest)
}

/// What a call gives that holds an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gives {
    /// MSAL's `acquireTokenSilent`, `acquireTokenPopup`, `ssoSilent`, `loginPopup`: a promise
    /// of a result whose `accessToken` is the token.
    MsalResult,
    /// A promise of the token itself: Office single sign-on's `getAccessToken`, an `async`
    /// function returning it.
    TokenPromise,
    /// The token itself: a function returning it.
    Token,
}

/// Follows the access token that the call `call` (node `node`) gives.
pub(super) fn follow_given(
    sem: &Semantic<'_>,
    base: u32,
    parts: &Parts,
    node: NodeId,
    call: oxc_span::Span,
    gives: Gives,
) -> TokenFlow {
    let mut f = Flow::new(sem, base, parts, call);
    let label = match gives {
        Gives::MsalResult => {
            f.result_member = "accessToken";
            Label::ResultPromise
        }
        Gives::TokenPromise => Label::Promise,
        Gives::Token => Label::Token,
    };
    f.work.push((node, label));
    f.run(call);
    f.into_flow(Span::new(base + call.start, base + call.end), None)
}

/// What the global functions `names` (top-level `function` declarations) do with a callback
/// token passed as each of their parameters.
pub(super) fn global_functions(
    sem: &Semantic<'_>,
    program: &oxc_ast::ast::Program<'_>,
    base: u32,
    parts: &Parts,
    names: &std::collections::BTreeSet<String>,
) -> Vec<TokenFn> {
    let mut out = Vec::new();
    for s in &program.body {
        // A classic script's function, or a module's exported one (`export function f`).
        let func = match s {
            oxc_ast::ast::Statement::FunctionDeclaration(func) => func,
            oxc_ast::ast::Statement::ExportDeclaration(e) => match &e.declaration {
                oxc_ast::ast::Declaration::FunctionDeclaration(func) => func,
                _ => continue,
            },
            _ => continue,
        };
        let Some(id) = &func.id else {
            continue;
        };
        if !names.contains(id.name.as_str()) {
            continue;
        }
        for (index, p) in func.params.items.iter().enumerate() {
            let mut f = Flow::new(sem, base, parts, func.span);
            f.bind(&p.pattern, Label::Token);
            f.run(func.span);
            out.push(TokenFn {
                name: id.name.to_string(),
                index,
                flow: f.into_flow(Span::new(base + id.span.start, base + id.span.end), None),
            });
        }
    }
    out
}

/// `Some(true)` for `{ isRest: true }`, `Some(false)` for the EWS token (no options, or
/// `isRest: false`), `None` when the options cannot be read.
fn rest_option(call: &CallExpression<'_>) -> Option<bool> {
    match call.arguments.first().and_then(Argument::as_expression) {
        Some(Expression::ObjectExpression(o)) => match property(o, "isRest") {
            None => Some(false),
            Some(Expression::BooleanLiteral(b)) => Some(b.value),
            Some(_) => None,
        },
        Some(Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)) => {
            Some(false)
        }
        _ => None,
    }
}

fn is_function_like(sem: &Semantic<'_>, e: &Expression<'_>) -> bool {
    match e {
        Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_) => true,
        other => super::ast::local_function(sem, other).is_some(),
    }
}

impl<'s, 'a> Flow<'s, 'a> {
    fn span(&self, s: oxc_span::Span) -> Span {
        Span::new(self.base + s.start, self.base + s.end)
    }

    fn node_span(&self, id: NodeId) -> oxc_span::Span {
        self.sem.nodes().kind(id).span()
    }

    fn new(sem: &'s Semantic<'a>, base: u32, parts: &'s Parts, origin: oxc_span::Span) -> Self {
        Flow {
            origin,
            fields: HashSet::new(),
            sem,
            base,
            parts,
            work: Vec::new(),
            seen: HashSet::new(),
            requests: Vec::new(),
            escapes: Vec::new(),
            global_calls: Vec::new(),
            bindings: super::values::Bindings::default(),
            result_member: "value",
            returned_by: Vec::new(),
        }
    }

    /// Follows the work list to its end (bounded: `at` is where a flow too long is noted).
    fn run(&mut self, at: oxc_span::Span) {
        let mut steps = 0;
        while let Some((node, label)) = self.work.pop() {
            steps += 1;
            if steps > MAX_WORK {
                self.escape(at, "the flow is too long to follow".to_owned());
                break;
            }
            self.climb(node, label);
        }
    }

    fn into_flow(mut self, call: Span, rest: Option<bool>) -> TokenFlow {
        self.requests.sort_by_key(|r| r.span.start);
        self.requests.dedup_by_key(|r| r.span.start);
        self.escapes.sort_by_key(|e| e.0.start);
        self.escapes.dedup_by_key(|e| e.0.start);
        self.global_calls.sort_by_key(|g| g.span.start);
        self.global_calls.dedup();
        TokenFlow {
            call,
            rest,
            requests: self.requests,
            escapes: self.escapes,
            global_calls: self.global_calls,
            returned: self.returned_by,
        }
    }

    fn escape(&mut self, at: oxc_span::Span, why: String) {
        let at = self.span(at);
        self.escapes.push((at, why));
    }

    fn follow_symbol(&mut self, sym: SymbolId, label: Label) {
        if !self.seen.insert((sym, label)) {
            return;
        }
        let scoping = self.sem.scoping();
        for r in scoping.get_resolved_references(sym) {
            if r.is_read() {
                self.work.push((r.node_id(), label));
            }
        }
    }

    fn bind(&mut self, pat: &BindingPattern<'_>, label: Label) {
        match pat {
            BindingPattern::BindingIdentifier(id) => self.follow_symbol(id.symbol_id(), label),
            BindingPattern::AssignmentPattern(ap) => self.bind(&ap.left, label),
            BindingPattern::ObjectPattern(op) if label == Label::Result => {
                for p in &op.properties {
                    if p.key.static_name().as_deref() == Some(self.result_member) {
                        self.bind(&p.value, Label::Token);
                    }
                }
                if let Some(rest) = &op.rest {
                    self.escape(rest.span, "it is gathered with `...rest`".to_owned());
                }
            }
            // `const { Authorization } = headers`: a part of the token taken apart is not
            // followed.
            other => self.escape(
                other.span(),
                "it is taken apart by destructuring".to_owned(),
            ),
        }
    }

    /// Binds the first parameter of a callback (inline or a local function) to `label`.
    fn bind_first_param(&mut self, cb: &Expression<'_>, label: Label) {
        let params = match cb {
            Expression::FunctionExpression(f) => Some(&*f.params),
            Expression::ArrowFunctionExpression(a) => Some(&*a.params),
            other => super::ast::local_function(self.sem, other).map(|f| f.params),
        };
        match params {
            Some(p) => match p.items.first() {
                Some(first) => self.bind(&first.pattern, label),
                None if p.rest.is_some() => {
                    self.escape(cb.span(), "it goes to a rest parameter".to_owned());
                }
                None => {}
            },
            None => self.escape(
                cb.span(),
                "it goes to a callback the audit cannot follow".to_owned(),
            ),
        }
    }

    /// Climbs from `cur`, whose value is `label`, while the parent passes the value on.
    fn climb(&mut self, mut cur: NodeId, mut label: Label) {
        let nodes = self.sem.nodes();
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return;
            }
            let cur_span = self.node_span(cur);
            match nodes.kind(parent) {
                // A test: nothing passes on.
                AstKind::ConditionalExpression(c) if c.test.span() == cur_span => return,
                AstKind::ParenthesizedExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSAsExpression(_)
                | AstKind::TSSatisfiesExpression(_)
                | AstKind::TSTypeAssertion(_)
                | AstKind::ChainExpression(_)
                | AstKind::TemplateLiteral(_)
                | AstKind::ConditionalExpression(_)
                | AstKind::LogicalExpression(_)
                | AstKind::SpreadElement(_)
                | AstKind::ObjectExpression(_) => {}
                // `Promise.all([acquireTokenSilent(…), …])`: element-wise; any other array
                // holds the value as a whole.
                AstKind::ArrayExpression(_) => {
                    if self.promise_all(parent, cur_span, label) {
                        return;
                    }
                }
                AstKind::AwaitExpression(_) => match label {
                    Label::Promise => label = Label::Token,
                    Label::ResultPromise => label = Label::Result,
                    _ => {}
                },
                AstKind::StaticMemberExpression(m) if m.object.span() == cur_span => {
                    match (label, m.property.name.as_str()) {
                        (Label::Result, name) if name == self.result_member => label = Label::Token,
                        (Label::Promise, "then") => {
                            self.then(parent, Label::Token);
                            return;
                        }
                        (Label::ResultPromise, "then") => {
                            self.then(parent, Label::Result);
                            return;
                        }
                        // `result.status`, `token.length`, `promise.catch`: reads that do not
                        // pass the token on.
                        _ => return,
                    }
                }
                AstKind::ComputedMemberExpression(m) if m.object.span() == cur_span => {
                    match (&m.expression, label) {
                        (Expression::StringLiteral(s), Label::Result)
                            if s.value == self.result_member =>
                        {
                            label = Label::Token;
                        }
                        _ => return,
                    }
                }
                AstKind::StaticMemberExpression(_) | AstKind::ComputedMemberExpression(_) => {
                    // The token as a computed key: it names nothing.
                    return;
                }
                AstKind::BinaryExpression(b) => {
                    if b.operator != BinaryOperator::Addition {
                        // A comparison: nothing passes on.
                        return;
                    }
                }
                AstKind::IfStatement(_)
                | AstKind::WhileStatement(_)
                | AstKind::DoWhileStatement(_)
                | AstKind::SwitchStatement(_)
                | AstKind::SwitchCase(_)
                | AstKind::UnaryExpression(_)
                | AstKind::ExpressionStatement(_) => return,
                // `(log(), token)`: the last expression is the value.
                AstKind::SequenceExpression(seq) => {
                    if seq.expressions.last().is_none_or(|e| e.span() != cur_span) {
                        return;
                    }
                }
                AstKind::ObjectProperty(p) => {
                    if p.value.span() != cur_span {
                        return;
                    }
                }
                AstKind::CallExpression(c) if c.callee.span() == cur_span => return,
                AstKind::CallExpression(c) => {
                    if self.argument(c, cur_span, label) {
                        label = Label::Token;
                    } else {
                        return;
                    }
                }
                AstKind::NewExpression(n) => {
                    // `new Headers({ Authorization: … })` holds the token; other
                    // constructors are not followed.
                    if !matches!(&n.callee, Expression::Identifier(id) if id.name == "Headers") {
                        self.escape(n.span, "it is passed to a constructor".to_owned());
                        return;
                    }
                }
                AstKind::VariableDeclarator(d)
                    if d.init.as_ref().is_some_and(|i| i.span() == cur_span) =>
                {
                    self.bind(&d.id, label);
                    return;
                }
                AstKind::AssignmentExpression(a) if a.right.span() == cur_span => {
                    match &a.left {
                        AssignmentTarget::AssignmentTargetIdentifier(id)
                            if a.operator == AssignmentOperator::Assign =>
                        {
                            let scoping = self.sem.scoping();
                            if let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id()
                            {
                                self.follow_symbol(sym, label);
                            } else {
                                self.escape(
                                    a.span,
                                    format!("it is stored in the global `{}`", id.name),
                                );
                            }
                        }
                        // `el.textContent = token`: shown on the page, not passed on.
                        AssignmentTarget::StaticMemberExpression(m)
                            if super::ast::PAGE_TEXT_PROPERTIES
                                .contains(&m.property.name.as_str()) => {}
                        // `this.token = result.value` in a class: its methods' reads.
                        AssignmentTarget::StaticMemberExpression(m)
                            if matches!(m.object, Expression::ThisExpression(_))
                                && super::ast::this_class(self.sem, parent).is_some() =>
                        {
                            self.field(parent, &m.property.name, label, a.span);
                        }
                        other => {
                            self.escape(other.span(), "it is stored in a property".to_owned());
                        }
                    }
                    return;
                }
                AstKind::ReturnStatement(r)
                    if r.argument.as_ref().is_some_and(|a| a.span() == cur_span) =>
                {
                    self.returned(parent, label);
                    return;
                }
                AstKind::ArrowFunctionExpression(a)
                    if !matches!(&a.body, ArrowFunctionBody::FunctionBody(_))
                        && a.body.span() == cur_span =>
                {
                    self.returned(parent, label);
                    return;
                }
                other => {
                    self.escape(
                        other.span(),
                        "it is used in a way the audit does not follow".to_owned(),
                    );
                    return;
                }
            }
            cur = parent;
        }
    }

    /// A value stored in the instance field `this.name` of the class around `at`: followed
    /// into the class's reads of it; where it may be read elsewhere is an escape.
    fn field(&mut self, at: NodeId, name: &str, label: Label, span: oxc_span::Span) {
        let Some(class) = super::ast::this_class(self.sem, at) else {
            return;
        };
        if !self.fields.insert((class, name.to_owned(), label)) {
            return;
        }
        let (reads, elsewhere) = super::ast::field_reads(self.sem, class, name);
        for r in reads {
            self.work.push((r, label));
        }
        if let Some(why) = elsewhere {
            self.escape(span, format!("it is stored in `this.{name}`: {why}"));
        }
    }

    /// `promise.then(token => …)`: the callback's parameter is the token.
    fn then(&mut self, member: NodeId, settled: Label) {
        let nodes = self.sem.nodes();
        let call = nodes.parent_id(member);
        let member_span = self.node_span(member);
        let AstKind::CallExpression(c) = nodes.kind(call) else {
            // `f(p.then)`, `p.then.bind(…)`: whoever calls it gets the token.
            self.escape(
                member_span,
                "`.then` of its promise, used other than called".to_owned(),
            );
            return;
        };
        if c.callee.span() != member_span {
            self.escape(
                member_span,
                "`.then` of its promise, used other than called".to_owned(),
            );
            return;
        }
        match c.arguments.first() {
            Some(Argument::SpreadElement(s)) => {
                self.escape(s.span, "spread into `.then(…)` of its promise".to_owned());
            }
            Some(a) => {
                if let Some(cb) = a.as_expression() {
                    self.bind_first_param(cb, settled);
                }
            }
            None => {}
        }
    }

    /// The value is element `element` of the array literal `array`: when that array is what
    /// `Promise.all` (or `$q.all`) settles, the element's settled value goes to the same index
    /// of the result, given back by `const [a, b] = await Promise.all(…)` or
    /// `.then(([a, b]) => …)`; the result used any other way is an escape. False when the
    /// array is not `Promise.all`'s (it then holds the value as a whole).
    fn promise_all(&mut self, array: NodeId, element: oxc_span::Span, label: Label) -> bool {
        let nodes = self.sem.nodes();
        let AstKind::ArrayExpression(list) = nodes.kind(array) else {
            return false;
        };
        let call = nodes.parent_id(array);
        let AstKind::CallExpression(all) = nodes.kind(call) else {
            return false;
        };
        if all.arguments.first().map(GetSpan::span) != Some(list.span)
            || !matches!(
                dotted(&all.callee).as_deref(),
                Some("Promise.all" | "$q.all")
            )
        {
            return false;
        }
        let settled = match label {
            Label::Promise => Label::Token,
            Label::ResultPromise => Label::Result,
            other => other,
        };
        let index = list.elements.iter().position(|e| e.span() == element);
        let spread_before = index.is_some_and(|i| {
            list.elements
                .iter()
                .take(i)
                .any(|e| matches!(e, oxc_ast::ast::ArrayExpressionElement::SpreadElement(_)))
        });
        let (Some(index), false) = (index, spread_before) else {
            self.escape(list.span, "it is spread into `Promise.all`".to_owned());
            return true;
        };
        // The array pattern the results go to.
        let pattern = match nodes.parent_kind(call) {
            AstKind::AwaitExpression(wait) => match nodes.parent_kind(nodes.parent_id(call)) {
                AstKind::VariableDeclarator(d)
                    if d.init.as_ref().is_some_and(|i| i.span() == wait.span) =>
                {
                    Some(&d.id)
                }
                _ => None,
            },
            AstKind::StaticMemberExpression(member) if member.property.name == "then" => {
                let then_call = nodes.parent_id(nodes.parent_id(call));
                match nodes.kind(then_call) {
                    AstKind::CallExpression(then) if then.callee.span() == member.span => then
                        .arguments
                        .first()
                        .and_then(Argument::as_expression)
                        .and_then(|cb| match cb.get_inner_expression() {
                            Expression::ArrowFunctionExpression(arrow) => {
                                arrow.params.items.first()
                            }
                            Expression::FunctionExpression(func) => func.params.items.first(),
                            _ => None,
                        })
                        .map(|param| &param.pattern),
                    _ => None,
                }
            }
            _ => None,
        };
        match pattern {
            Some(BindingPattern::ArrayPattern(ap)) => match ap.elements.get(index) {
                Some(Some(element)) => self.bind(element, settled),
                Some(None) => {}
                None => {
                    if let Some(rest) = &ap.rest {
                        self.escape(rest.span, "it is gathered with `...rest`".to_owned());
                    }
                }
            },
            _ => self.escape(
                all.span,
                "`Promise.all`'s results are used other than taken apart by position".to_owned(),
            ),
        }
        true
    }

    /// The value is argument `arg` of `c`. Records a request, follows it into a local function
    /// or a promise, or records an escape. True when the call's result carries the token on
    /// (`JSON.stringify(…)`, `encodeURIComponent(…)`).
    fn argument(&mut self, c: &'a CallExpression<'a>, arg: oxc_span::Span, label: Label) -> bool {
        let Some(index) = c.arguments.iter().position(|a| a.span() == arg) else {
            return false;
        };
        let name = dotted(&c.callee).unwrap_or_default();
        let bare = http::bare(&name);
        if label == Label::Token {
            match bare {
                "JSON.stringify" | "encodeURIComponent" | "encodeURI" | "String" | "btoa" => {
                    return true;
                }
                _ => {}
            }
            if self.client(c, bare) {
                return false;
            }
            // Read, not sent: decoding it, printing it, or writing it into the page as text.
            if name.starts_with("console.") || TOKEN_READERS.contains(&bare) {
                return false;
            }
            if let Expression::StaticMemberExpression(m) = &c.callee
                && super::ast::PAGE_TEXT_CALLS.contains(&m.property.name.as_str())
            {
                return false;
            }
            if let Expression::StaticMemberExpression(m) = &c.callee
                && matches!(m.property.name.as_str(), "setRequestHeader" | "open")
                && self.xhr(m.object.get_inner_expression())
            {
                return false;
            }
        }
        // `resolve(token)` in a `new Promise((resolve, reject) => …)` executor.
        // `resolve(token)` in a `new Promise` executor, `deferred.resolve(token)`.
        let carriers = super::ast::promised_by(self.sem, &c.callee);
        if !carriers.is_empty() {
            let l = match label {
                Label::Token => Label::Promise,
                Label::Result => Label::ResultPromise,
                other => other,
            };
            for n in carriers {
                self.work.push((n, l));
            }
            return false;
        }
        if let Some(f) = super::ast::local_function(self.sem, &c.callee) {
            self.enter(f.params, c, index, label, &name);
            return false;
        }
        // A function no binding declares: a global another classic script of the page may
        // define. The module graph asks that script what the function does with a token.
        if let Expression::Identifier(id) = &c.callee
            && label == Label::Token
            && self
                .sem
                .scoping()
                .get_reference(id.reference_id())
                .symbol_id()
                .is_none()
        {
            self.global_calls.push(GlobalCall {
                span: self.span(c.span),
                name: id.name.to_string(),
                index,
                module: None,
            });
            return false;
        }
        // A function imported from another module: the module graph asks that module what
        // its export does with a token.
        if let Expression::Identifier(id) = &c.callee
            && label == Label::Token
            && let Some(sym) = self
                .sem
                .scoping()
                .get_reference(id.reference_id())
                .symbol_id()
            && let Some((module, Some(export))) = super::ast::import_of(self.sem, sym)
        {
            self.global_calls.push(GlobalCall {
                span: self.span(c.span),
                name: export,
                index,
                module: Some(module),
            });
            return false;
        }
        let what = if name.is_empty() {
            "a function".to_owned()
        } else {
            format!("`{name}`")
        };
        // A parameter, or a property of one: the functions its callers pass.
        let found = super::values::callees(self.sem, &self.bindings, self.origin, &c.callee);
        if found.functions.is_empty() {
            let why = if found.unknown.is_empty() {
                String::new()
            } else {
                format!(": {}", found.unknown.join("; "))
            };
            self.escape(
                c.span,
                format!("it is passed to {what}, which the audit does not follow{why}"),
            );
            return false;
        }
        for params in found.functions {
            self.enter(params, c, index, label, &name);
        }
        for why in found.unknown {
            self.escape(
                c.span,
                format!(
                    "it is passed to {what}, which may be a function the audit does not see: {why}"
                ),
            );
        }
        false
    }

    /// Follows the value into a function `c` calls, as argument `index`; the call's other
    /// arguments bind the function's other parameters.
    fn enter(
        &mut self,
        params: &'a oxc_ast::ast::FormalParameters<'a>,
        c: &'a CallExpression<'a>,
        index: usize,
        label: Label,
        name: &str,
    ) {
        if self.bindings.enter(params, c) {
            // New arguments for parameters already followed: follow them again.
            for p in &params.items {
                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                    self.seen.retain(|(s, _)| *s != id.symbol_id());
                }
            }
        }
        match params.items.get(index) {
            Some(p) => self.bind(&p.pattern, label),
            None => self.escape(
                c.span,
                format!("it is passed to `{name}` as an extra argument"),
            ),
        }
    }

    /// A value returned from a function: its calls give the value (a promise of it when the
    /// function is `async`).
    fn returned(&mut self, from: NodeId, label: Label) {
        let nodes = self.sem.nodes();
        let mut cur = from;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return;
            }
            let (is_async, sym) = match nodes.kind(parent) {
                AstKind::Function(f) => (
                    f.r#async,
                    f.id.as_ref()
                        .map(oxc_ast::ast::BindingIdentifier::symbol_id)
                        .or_else(|| self.declared_as(parent)),
                ),
                AstKind::ArrowFunctionExpression(a) => (a.r#async, self.declared_as(parent)),
                _ => {
                    cur = parent;
                    continue;
                }
            };
            let label = match label {
                Label::Token if is_async => Label::Promise,
                Label::Result if is_async => Label::ResultPromise,
                other => other,
            };
            // A promise executor's arrow returns nothing anyone reads.
            if let AstKind::NewExpression(_) = nodes.kind(nodes.parent_id(parent)) {
                return;
            }
            let promise = matches!(label, Label::Promise);
            let Some(sym) = sym else {
                let at = self.node_span(parent);
                // A class method: its calls (`x.name(…)`) are found by name, by the rules.
                let method = match nodes.parent_kind(parent) {
                    AstKind::MethodDefinition(d) if !d.computed => d.key.static_name(),
                    _ => None,
                };
                match method {
                    Some(name) if matches!(label, Label::Token | Label::Promise) => {
                        self.returned_from(at, &name, promise, Returner::Method);
                    }
                    _ => self.escape(
                        at,
                        "it is returned from a function whose callers are not followed".to_owned(),
                    ),
                }
                return;
            };
            // An exported function, or a classic script's global: callers elsewhere.
            let scoping = self.sem.scoping();
            let returner = if super::ast::within_export(self.sem, scoping.symbol_declaration(sym)) {
                Some(Returner::Exported)
            } else if super::ast::script_global(self.sem, sym) {
                Some(Returner::Global)
            } else {
                None
            };
            if let (Some(returner), Label::Token | Label::Promise) = (returner, label) {
                let at = self.node_span(parent);
                let name = scoping.symbol_name(sym).to_owned();
                self.returned_from(at, &name, promise, returner);
            } else if returner.is_some() {
                let at = self.node_span(parent);
                self.escape(
                    at,
                    "it is returned from a function called from elsewhere".to_owned(),
                );
            }
            if !self.seen.insert((sym, label)) {
                return;
            }
            let scoping = self.sem.scoping();
            for r in scoping.get_resolved_references(sym) {
                let node = r.node_id();
                let call = nodes.parent_id(node);
                let called = matches!(nodes.kind(call), AstKind::CallExpression(c) if c.callee.span() == self.node_span(node));
                if called {
                    self.work.push((call, label));
                } else if r.is_read() {
                    let at = self.node_span(node);
                    self.escape(
                        at,
                        "it is returned from a function passed around as a value".to_owned(),
                    );
                }
            }
            return;
        }
    }

    /// The token returned from `name` (a method, an exported or global function), whose calls
    /// elsewhere are not followed here: an escape, which the rules may resolve by following
    /// it to every call of that name.
    fn returned_from(&mut self, at: oxc_span::Span, name: &str, promise: bool, by: Returner) {
        let span = self.span(at);
        let what = match by {
            Returner::Method => "a method",
            Returner::Exported => "an exported function",
            Returner::Global => "a function other scripts may call",
        };
        self.escapes
            .push((span, format!("it is returned from `{name}`, {what}")));
        // A named function's calls in this file are followed (its references); a method's
        // are not (it has none).
        let here = by != Returner::Method;
        self.returned_by
            .push((span, name.to_owned(), promise, here));
    }

    /// The binding a function expression initialises (`const f = () => …`), if any.
    fn declared_as(&self, function: NodeId) -> Option<SymbolId> {
        super::ast::declared_as(self.sem, function)
    }

    /// The URL with its known values as slots and unknown parts as `{?}`.
    fn url(&self, e: Option<&Expression<'_>>) -> Option<String> {
        let e = e?;
        let parts = self.parts;
        let sem = self.sem;
        let label = |x: &Expression<'_>| -> Option<&'static str> { slot(sem, parts, x) };
        ews::render(sem, e, &label, |p| match p {
            Piece::Slot(s) => Some(format!("{{{s}}}")),
            _ => Some("{?}".to_owned()),
        })
    }

    fn push(
        &mut self,
        c: &CallExpression<'_>,
        client: &'static str,
        method: Option<String>,
        url: Option<String>,
    ) {
        let span = self.span(c.span);
        self.requests.push(TokenRequest {
            span,
            client,
            method,
            url,
        });
    }

    /// A request by `fetch`, `$.ajax` or `axios` ([`http::request`]).
    fn client(&mut self, c: &CallExpression<'a>, name: &str) -> bool {
        let Some(r) = http::request(self.sem, c, name) else {
            return false;
        };
        let url = self.url(r.url);
        self.push(c, r.client, r.method, url);
        true
    }

    /// `xhr.setRequestHeader(…, token)` or `xhr.open(method, url + token)`: the request is
    /// the same object's `open` call. False when `object` is not a local binding with one.
    fn xhr(&mut self, object: &Expression<'a>) -> bool {
        let Expression::Identifier(id) = object else {
            return false;
        };
        let scoping = self.sem.scoping();
        let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
            return false;
        };
        let nodes = self.sem.nodes();
        let mut opens = Vec::new();
        for r in scoping.get_resolved_references(sym) {
            let member = nodes.parent_id(r.node_id());
            let AstKind::StaticMemberExpression(m) = nodes.kind(member) else {
                continue;
            };
            if m.property.name != "open" {
                continue;
            }
            let call = nodes.parent_id(member);
            if let AstKind::CallExpression(oc) = nodes.kind(call)
                && oc.callee.span() == m.span
            {
                opens.push(oc);
            }
        }
        let [open] = opens.as_slice() else {
            // No `open`, or several (a reused object): which request carries the token is not
            // known.
            return false;
        };
        let r = http::xhr_open(self.sem, open);
        let url = self.url(r.url);
        self.push(open, r.client, r.method, url);
        true
    }
}

/// The slot an expression fills in a URL: the mailbox's REST or EWS URL, or the current
/// item's id (`item.itemId`, or `convertToRestId(item.itemId, …)`).
fn slot(sem: &Semantic<'_>, parts: &Parts, e: &Expression<'_>) -> Option<&'static str> {
    slot_in(sem, parts, e, 0)
}

/// [`slot`], `depth` helper calls deep (bounded: a helper may return its own call).
fn slot_in(
    sem: &Semantic<'_>,
    parts: &Parts,
    e: &Expression<'_>,
    depth: usize,
) -> Option<&'static str> {
    if depth > 4 {
        return None;
    }
    match e.get_inner_expression() {
        Expression::StaticMemberExpression(m) => match *parts.get(&m.property.span.start)? {
            "restUrl" => Some("restUrl"),
            "ewsUrl" => Some("ewsUrl"),
            "itemId" => Some("item"),
            _ => None,
        },
        Expression::CallExpression(c) => {
            if let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression()
                && matches!(
                    parts.get(&m.property.span.start),
                    Some(&"convertToRestId" | &"convertToEwsId")
                )
            {
                let arg = c.arguments.first().and_then(Argument::as_expression)?;
                return (item_id(sem, parts, arg, depth + 1) == Some("item")).then_some("item");
            }
            // A local helper whose every return is the current item's id (Microsoft's
            // `getItemRestId()` returns `itemId` on iOS and `convertToRestId` elsewhere).
            let f = local_returns(sem, &c.callee)?;
            (!f.is_empty()
                && f.iter()
                    .all(|r| slot_in(sem, parts, r, depth + 1) == Some("item")))
            .then_some("item")
        }
        _ => None,
    }
}

/// An expression's slot through unmutated `const` bindings.
fn item_id(
    sem: &Semantic<'_>,
    parts: &Parts,
    e: &Expression<'_>,
    depth: usize,
) -> Option<&'static str> {
    if let Some(s) = slot_in(sem, parts, e, depth) {
        return Some(s);
    }
    let Expression::Identifier(id) = e.get_inner_expression() else {
        return None;
    };
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    if scoping.symbol_is_mutated(sym) {
        return None;
    }
    match sem.nodes().kind(scoping.symbol_declaration(sym)) {
        AstKind::VariableDeclarator(d) => slot_in(sem, parts, d.init.as_ref()?, depth),
        _ => None,
    }
}

/// Every expression a local function returns (its own `return`s, not nested functions').
fn local_returns<'a>(
    sem: &Semantic<'a>,
    callee: &Expression<'a>,
) -> Option<Vec<&'a Expression<'a>>> {
    let Expression::Identifier(id) = callee else {
        return None;
    };
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    if scoping.symbol_is_mutated(sym) {
        return None;
    }
    let decl = scoping.symbol_declaration(sym);
    let nodes = sem.nodes();
    let AstKind::Function(f) = nodes.kind(decl) else {
        return None;
    };
    let mut out = Vec::new();
    for n in nodes.iter() {
        let AstKind::ReturnStatement(r) = n.kind() else {
            continue;
        };
        if r.span.start < f.span.start || f.span.end < r.span.end {
            continue;
        }
        // Only returns whose nearest function is `f`.
        let owner = nodes.ancestor_ids(n.id()).find(|a| {
            matches!(
                nodes.kind(*a),
                AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
            )
        });
        if owner == Some(decl) {
            out.push(r.argument.as_ref()?);
        }
    }
    Some(out)
}
