//! Microsoft Graph in the add-in's code: the scopes it requests and the requests it makes.
//!
//! Scopes: the `scopes` of the request object passed to MSAL's `acquireTokenSilent`,
//! `acquireTokenPopup`, `acquireTokenRedirect`, `ssoSilent`, `loginPopup` and `loginRedirect`
//! (nested app authentication uses the same calls), read from literals, `const` arrays and
//! objects (spreads of `const` arrays included). Requests: `fetch`, `$.ajax`, `axios` and
//! `XMLHttpRequest.open` to `https://graph.microsoft.com/{v1.0,beta}/…`, and the Graph JS
//! client (`client.api("/me/messages").select(…).get()`), each with its method and path
//! pattern: a URL segment built from a value that cannot be read becomes `{id}`; a path that
//! cannot be read at all is kept as unknown, never guessed.

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, ArrayExpressionElement, CallExpression, Expression};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

use super::ast::{const_init, dotted, object, property};
use super::ews;
use super::{GraphCall, ParamSink, ScopeArg, ScopeArgValue, ScopeRequest, http};
use crate::source::Span;

/// How a call gives an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCall {
    /// MSAL: a promise of a result whose `accessToken` is the token.
    Msal,
    /// Office single sign-on's `getAccessToken`: a promise of the token.
    Promise,
    /// `getAccessTokenAsync(options, callback)`: the callback's `AsyncResult.value`.
    Callback,
}

/// The MSAL calls that take a request with `scopes`.
const MSAL: &[&str] = &[
    "acquireTokenSilent",
    "acquireTokenPopup",
    "acquireTokenRedirect",
    "ssoSilent",
    "loginPopup",
    "loginRedirect",
];

/// The Graph client's request methods and their HTTP methods.
const CLIENT_VERBS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("update", "PATCH"),
    ("delete", "DELETE"),
    ("del", "DELETE"),
];

const HOST: &str = "https://graph.microsoft.com";

/// Words without which a script that does not mention Office has nothing this scanner reads:
/// an HTTP client (a Graph URL or an MSAL token is only used through one; jQuery's `$.post`
/// and `$.get` included), the Graph client's
/// `.api(`, and scopes (`scopes`, `Scopes`, `SCOPES`). Office single sign-on
/// (`Office.auth`, `OfficeRuntime.auth`) mentions Office, and such scripts are parsed anyway.
/// As few as cover them: each is one `memmem` pass over the script (one Aho-Corasick pass
/// over all of them measured slower).
const WORDS: &[&str] = &[
    "fetch",
    "ajax",
    "axios",
    "XMLHttpRequest",
    "$.",
    "jQuery.",
    ".api(",
    "copes",
    "COPES",
];

/// Whether the text can hold anything this scanner reads.
#[must_use]
pub fn may_use(text: &str) -> bool {
    let b = text.as_bytes();
    WORDS
        .iter()
        .any(|n| memchr::memmem::find(b, n.as_bytes()).is_some())
}

/// What the scanner finds in one file.
pub(super) struct Found {
    pub scopes: Vec<ScopeRequest>,
    pub calls: Vec<GraphCall>,
    /// HTTP requests to anything but a Graph URL: an MSAL token may go there.
    pub others: Vec<Span>,
    /// Exported string arrays, by key ([`super::FileFacts::scope_exports`]).
    pub exports: std::collections::BTreeMap<String, Vec<(String, Span)>>,
    /// Call arguments that may carry scopes to a parameter ([`super::FileFacts::scope_args`]).
    pub args: Vec<ScopeArg>,
    /// Functions returning a request whose scopes are a parameter
    /// ([`super::FileFacts::scope_returns`]).
    pub returns: Vec<ParamSink>,
    /// The MSAL calls that give an access token to the code: (node, call span).
    /// The calls that give an access token, and how.
    pub token_calls: Vec<(oxc_semantic::NodeId, oxc_span::Span, TokenCall)>,
}

/// Scans the file's calls.
pub(super) fn analyse(sem: &Semantic<'_>, base: u32) -> Found {
    let span = |s: oxc_span::Span| Span::new(base + s.start, base + s.end);
    let mut scopes = Vec::new();
    let mut calls = Vec::new();
    let mut others = Vec::new();
    let mut exports = std::collections::BTreeMap::new();
    let mut args = Vec::new();
    let mut returns = Vec::new();
    let mut token_calls = Vec::new();
    for node in sem.nodes().iter() {
        let c = match node.kind() {
            AstKind::CallExpression(c) => c,
            AstKind::ExportDeclaration(e) => {
                exported_arrays(sem, base, e, &mut exports);
                continue;
            }
            // `return { scopes, …extra }` with `scopes` a parameter: a request builder.
            AstKind::ReturnStatement(r) => {
                if let Some(obj) = r.argument.as_ref().and_then(|a| object(sem, a))
                    && let Source::Param(p) = request_scopes(sem, obj, 0)
                    && !returns.contains(&p)
                {
                    returns.push(p);
                }
                continue;
            }
            _ => continue,
        };
        let member = match &c.callee {
            Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
            _ => None,
        };
        if member.is_some_and(|n| n == "getAccessToken" || n == "getAccessTokenAsync")
            && dotted(&c.callee).is_some_and(|d| {
                d.ends_with(".auth.getAccessToken") || d.ends_with(".auth.getAccessTokenAsync")
            })
        {
            // Office single sign-on: the scopes are the manifest's `WebApplicationInfo`. The
            // promise `getAccessToken` returns gives the token itself; `getAccessTokenAsync`
            // gives it to its callback, as the `value` of an `AsyncResult`.
            let how = if member == Some("getAccessToken") {
                TokenCall::Promise
            } else {
                TokenCall::Callback
            };
            token_calls.push((node.id(), c.span, how));
            scopes.push(ScopeRequest {
                span: span(c.span),
                via: "getAccessToken".to_owned(),
                scopes: None,
                import: None,
                param: None,
                unread: None,
                returned_by: None,
            });
            continue;
        }
        if let Some(name) = member.filter(|n| MSAL.contains(n)) {
            if forwards(sem, node.id(), c, name) {
                // MSAL's own `acquireTokenPopup(request) { return this.controller.acquireTokenPopup(request) }`,
                // bundled with the add-in: a wrapper passing its parameter on, not a request.
                continue;
            }
            let (read, param, returned_by) = match requested(sem, node.id(), c) {
                Source::Read(list) => (Some(list), None, None),
                Source::Param(p) => (None, Some(p), None),
                Source::Returned(f) => (None, None, Some(f)),
                Source::Unknown => (None, None, None),
            };
            let import = if read.is_none() && param.is_none() && returned_by.is_none() {
                imported(sem, c)
            } else {
                None
            };
            let unread = (read.is_none() && param.is_none() && import.is_none())
                .then(|| scopes_text(sem, c))
                .flatten();
            // The redirect flows hand the token over in another page load.
            if !name.ends_with("Redirect") {
                token_calls.push((node.id(), c.span, TokenCall::Msal));
            }
            scopes.push(ScopeRequest {
                span: span(c.span),
                via: name.to_owned(),
                scopes: read.map(|v| v.into_iter().map(|(s, at)| (s, span(at))).collect()),
                import,
                param,
                unread,
                returned_by,
            });
            continue;
        }
        scope_args(sem, c, &span, &mut args);
        let found = match client_call(sem, c) {
            Some(call) => Request::Graph(call),
            None => http_call(sem, c),
        };
        match found {
            Request::Graph(call) => calls.push(GraphCall {
                span: span(c.span),
                ..call
            }),
            Request::Other => others.push(span(c.span)),
            Request::None => {}
        }
    }
    Found {
        scopes,
        calls,
        others,
        exports,
        args,
        returns,
        token_calls,
    }
}

/// The source text of an MSAL call's scopes expression (the request's `scopes`, or the request
/// itself), whitespace collapsed, at most 80 characters.
fn scopes_text(sem: &Semantic<'_>, c: &CallExpression<'_>) -> Option<String> {
    let arg = c.arguments.first()?.as_expression()?;
    let e = object(sem, arg)
        .and_then(|o| property(o, "scopes"))
        .unwrap_or(arg);
    let s = e.span();
    let text = sem.source_text().get(s.start as usize..s.end as usize)?;
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text
    })
}

/// Where an MSAL call's scopes come from.
enum Source {
    /// Written there (or in `const` bindings it reads).
    Read(Vec<(String, oxc_span::Span)>),
    /// A parameter of the function or method the call is in.
    Param(ParamSink),
    /// What the named function returns.
    Returned(String),
    /// Nowhere the scanner can read.
    Unknown,
}

/// A parameter of a named function or method: the name its callers use and its position.
/// `None` for anything else, and for a parameter the function assigns to.
fn param_of(
    sem: &Semantic<'_>,
    id: &oxc_ast::ast::IdentifierReference<'_>,
) -> Option<(String, usize)> {
    param_site(sem, id).map(|(name, index, _)| (name, index))
}

/// [`param_of`], with the symbol callers use when the function is a local binding
/// (`function f(…)`, `const f = (…) => …`), for [`all_calls`].
fn param_site(
    sem: &Semantic<'_>,
    id: &oxc_ast::ast::IdentifierReference<'_>,
) -> Option<(String, usize, Option<oxc_semantic::SymbolId>)> {
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    if scoping.symbol_is_mutated(sym) {
        return None;
    }
    let nodes = sem.nodes();
    let decl = scoping.symbol_declaration(sym);
    let params = std::iter::once(decl)
        .chain(nodes.ancestor_ids(decl))
        .take(4)
        .find(|a| matches!(nodes.kind(*a), AstKind::FormalParameters(_)))?;
    let AstKind::FormalParameters(list) = nodes.kind(params) else {
        return None;
    };
    let index = list.items.iter().position(|p| {
        matches!(&p.pattern, oxc_ast::ast::BindingPattern::BindingIdentifier(b) if b.symbol_id() == sym)
    })?;
    let function = nodes.parent_id(params);
    // The name callers use, and the binding when it is a local variable.
    let named = |n: oxc_semantic::NodeId| -> Option<(String, Option<oxc_semantic::SymbolId>)> {
        let key = |k: Option<std::borrow::Cow<'_, str>>| k.map(|k| (k.to_string(), None));
        match nodes.kind(n) {
            AstKind::MethodDefinition(m) => key(m.key.static_name()),
            AstKind::PropertyDefinition(p) => key(p.key.static_name()),
            AstKind::ObjectProperty(p) => key(p.key.static_name()),
            AstKind::VariableDeclarator(d) => match &d.id {
                oxc_ast::ast::BindingPattern::BindingIdentifier(b) => {
                    Some((b.name.to_string(), Some(b.symbol_id())))
                }
                _ => None,
            },
            _ => None,
        }
    };
    let (name, binding) = match nodes.kind(function) {
        AstKind::Function(f) if let Some(id) = &f.id => (id.name.to_string(), Some(id.symbol_id())),
        AstKind::Function(_) | AstKind::ArrowFunctionExpression(_) => {
            named(nodes.parent_id(function))?
        }
        _ => return None,
    };
    Some((name, index, binding))
}

/// The source of scopes that are parameter `id`: the scopes of every call when the audit sees
/// them all ([`all_calls`]), else the parameter, for the rules to follow by name.
fn from_param(
    sem: &Semantic<'_>,
    id: &oxc_ast::ast::IdentifierReference<'_>,
    request: bool,
) -> Option<Source> {
    let (function, index, binding) = param_site(sem, id)?;
    Some(
        match binding.and_then(|f| all_calls(sem, f, index, request)) {
            Some(list) => Source::Read(list),
            None => Source::Param(ParamSink {
                function,
                index,
                request,
            }),
        },
    )
}

/// The strings of a request object's `scopes` (`{ scopes: ["Mail.Read"] }`, or a `const`
/// holding one).
fn request_strings<'a>(
    sem: &Semantic<'a>,
    e: &'a Expression<'a>,
) -> Option<Vec<(String, oxc_span::Span)>> {
    strings(sem, property(object(sem, e)?, "scopes")?, 0)
}

/// The scopes every call of a local function passes to its parameter `index`, when the audit
/// sees every call: the function is not exported, is not a script's global (callable from
/// other scripts), is never reassigned, no string spells its name, and every reference to it
/// is a direct call whose argument there can be read. `None` otherwise (then the rules follow the name, and never
/// call the list complete).
fn all_calls(
    sem: &Semantic<'_>,
    function: oxc_semantic::SymbolId,
    index: usize,
    request: bool,
) -> Option<Vec<(String, oxc_span::Span)>> {
    let scoping = sem.scoping();
    if scoping.symbol_is_mutated(function) {
        return None;
    }
    let nodes = sem.nodes();
    if super::ast::within_export(sem, scoping.symbol_declaration(function))
        || super::ast::script_global(sem, function)
    {
        return None;
    }
    let refs = scoping.get_resolved_reference_ids(function);
    if refs.is_empty() {
        return None;
    }
    // `obj["name"](…)`, `Office.actions.associate("name", …)`: a call by a name spelled as a
    // string is no reference of the symbol, and may be one the audit does not see.
    let name = scoping.symbol_name(function);
    if nodes
        .iter()
        .any(|n| matches!(n.kind(), AstKind::StringLiteral(s) if s.value.as_str() == name))
    {
        return None;
    }
    let mut out = Vec::new();
    for r in refs {
        let at = scoping.get_reference(*r).node_id();
        let AstKind::CallExpression(call) = nodes.kind(nodes.parent_id(at)) else {
            return None;
        };
        if call.callee.get_inner_expression().span() != nodes.kind(at).span() {
            return None;
        }
        let arg = call.arguments.get(index)?.as_expression()?;
        let list = if request {
            request_strings(sem, arg)?
        } else {
            strings(sem, arg, 0)?
        };
        out.extend(list);
    }
    Some(out)
}

/// Where a `scopes` value comes from: strings, or a parameter.
fn scopes_source(sem: &Semantic<'_>, e: &Expression<'_>) -> Source {
    if let Some(list) = strings(sem, e, 0) {
        return Source::Read(list);
    }
    match e.get_inner_expression() {
        Expression::Identifier(id) => from_param(sem, id, false).unwrap_or(Source::Unknown),
        _ => Source::Unknown,
    }
}

/// Whether a string is written like a scope (`Mail.Read`, `api://…/access_as_user`,
/// `openid`): what an argument must hold to be recorded as scopes.
fn scope_like(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && (s.contains('.')
            || s.contains('/')
            || ["openid", "profile", "offline_access", "email"].contains(&s))
}

/// Whether a parameter's name says it carries scopes or a token request (`scopes`,
/// `tokenRequest`): only those are recorded as passed on, so that a bundle's many other
/// forwarded parameters are not.
fn carries_scopes(name: &str) -> bool {
    // Asked of every identifier passed to any call: no allocation.
    let has = |word: &str| {
        name.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    has("scope") || has("request")
}

/// The arguments of a call that may carry scopes to the callee's parameter.
fn scope_args(
    sem: &Semantic<'_>,
    c: &CallExpression<'_>,
    span: &dyn Fn(oxc_span::Span) -> Span,
    out: &mut Vec<ScopeArg>,
) {
    let Some(callee) = callee_name(c) else {
        return;
    };
    for (index, arg) in c.arguments.iter().enumerate().take(8) {
        let Some(e) = arg.as_expression() else {
            break;
        };
        let inner = e.get_inner_expression();
        let forwarded = match inner {
            Expression::Identifier(id) if carries_scopes(&id.name) => param_of(sem, id),
            _ => None,
        };
        let spans = |v: Vec<(String, oxc_span::Span)>| -> Vec<(String, Span)> {
            v.into_iter().map(|(s, at)| (s, span(at))).collect()
        };
        let imported = match inner {
            Expression::Identifier(id) if carries_scopes(&id.name) => import_of(sem, id),
            _ => None,
        };
        let value = if let Some((f, j)) = forwarded {
            Some(ScopeArgValue::Forward(f, j))
        } else if let Some((module, name)) = imported {
            Some(ScopeArgValue::Import(module, name))
        } else if let Expression::StringLiteral(s) = inner
            && s.value.starts_with('/')
            && !s.value.contains(char::is_whitespace)
        {
            // A Graph path (`"/me/drive/root/children"`): a request helper's parameter.
            path_of(sem, inner, false).map(ScopeArgValue::Path)
        } else if matches!(
            inner,
            Expression::ObjectExpression(_)
                | Expression::Identifier(_)
                | Expression::ArrayExpression(_)
                | Expression::StaticMemberExpression(_)
        ) {
            if let Some(list) =
                strings(sem, e, 0).filter(|l| !l.is_empty() && l.iter().all(|(s, _)| scope_like(s)))
            {
                Some(ScopeArgValue::Scopes(spans(list)))
            } else {
                request_strings(sem, e)
                    .filter(|l| l.iter().all(|(s, _)| scope_like(s)))
                    .map(|l| ScopeArgValue::Request(spans(l)))
            }
        } else {
            None
        };
        if let Some(value) = value {
            out.push(ScopeArg {
                callee: callee.to_owned(),
                index,
                value,
                span: span(c.span),
            });
        }
    }
}

/// The name callers use for a call's function: `f` of `f(…)` and of `accounts.f(…)`.
fn callee_name<'e>(c: &'e CallExpression<'_>) -> Option<&'e str> {
    match c.callee.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
        _ => None,
    }
}

/// The module and name an identifier is imported as (`import { x as y } from "m"` → ("m",
/// "x")).
fn import_of(
    sem: &Semantic<'_>,
    id: &oxc_ast::ast::IdentifierReference<'_>,
) -> Option<(String, String)> {
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    let nodes = sem.nodes();
    let decl = scoping.symbol_declaration(sym);
    let AstKind::ImportSpecifier(spec) = nodes.kind(decl) else {
        return None;
    };
    let name = spec.imported.name().to_string();
    nodes
        .ancestor_ids(decl)
        .take(4)
        .find_map(|a| match nodes.kind(a) {
            AstKind::ImportDeclaration(d) => Some((d.source.value.to_string(), name.clone())),
            _ => None,
        })
}

/// When an MSAL call's scopes are one imported value: the request object
/// (`acquireTokenSilent(loginRequest)` → `loginRequest.scopes`), its `scopes` (`{ scopes:
/// SCOPES }`, `{ scopes: [...SCOPES] }`, `{ scopes: config.scopes }`).
fn imported(sem: &Semantic<'_>, c: &CallExpression<'_>) -> Option<(String, String)> {
    let arg = c.arguments.first()?.as_expression()?.get_inner_expression();
    if let Expression::Identifier(id) = arg
        && let Some((m, name)) = import_of(sem, id)
    {
        return Some((m, format!("{name}.scopes")));
    }
    let req = object(sem, arg)?;
    let value = property(req, "scopes")?.get_inner_expression();
    let value = match value {
        Expression::ArrayExpression(a) => match a.elements.as_slice() {
            [ArrayExpressionElement::SpreadElement(s)] => s.argument.get_inner_expression(),
            _ => return None,
        },
        other => other,
    };
    match value {
        Expression::Identifier(id) => import_of(sem, id),
        Expression::StaticMemberExpression(m) => match m.object.get_inner_expression() {
            Expression::Identifier(id) => import_of(sem, id)
                .map(|(module, name)| (module, format!("{name}.{}", m.property.name))),
            _ => None,
        },
        _ => None,
    }
}

/// `export const X = ["…"]` → `X`; `export const X = { scopes: ["…"] }` → `X.scopes`.
fn exported_arrays(
    sem: &Semantic<'_>,
    base: u32,
    e: &oxc_ast::ast::ExportDeclaration<'_>,
    out: &mut std::collections::BTreeMap<String, Vec<(String, Span)>>,
) {
    let to_spans = |v: Vec<(String, oxc_span::Span)>| -> Vec<(String, Span)> {
        v.into_iter()
            .map(|(s, at)| (s, Span::new(base + at.start, base + at.end)))
            .collect()
    };
    let oxc_ast::ast::Declaration::VariableDeclaration(v) = &e.declaration else {
        return;
    };
    for d in &v.declarations {
        let (oxc_ast::ast::BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init)
        else {
            continue;
        };
        match init.get_inner_expression() {
            Expression::ObjectExpression(o) => {
                for p in &o.properties {
                    if let oxc_ast::ast::ObjectPropertyKind::ObjectProperty(p) = p
                        && let Some(key) = p.key.static_name()
                        && let Some(list) = strings(sem, &p.value, 0)
                    {
                        out.insert(format!("{}.{key}", id.name), to_spans(list));
                    }
                }
            }
            other => {
                if let Some(list) = strings(sem, other, 0) {
                    out.insert(id.name.to_string(), to_spans(list));
                }
            }
        }
    }
}

/// Whether the call passes its enclosing function's own parameter on to a method of the same
/// name as that function: a wrapper (MSAL's public client forwarding to its controller).
fn forwards(
    sem: &Semantic<'_>,
    node: oxc_semantic::NodeId,
    c: &CallExpression<'_>,
    name: &str,
) -> bool {
    let Some(Expression::Identifier(arg)) = c.arguments.first().and_then(Argument::as_expression)
    else {
        return false;
    };
    let nodes = sem.nodes();
    let Some(function) = nodes
        .ancestor_ids(node)
        .find(|a| matches!(nodes.kind(*a), AstKind::Function(_)))
    else {
        return false;
    };
    let AstKind::Function(f) = nodes.kind(function) else {
        return false;
    };
    let named = match nodes.kind(nodes.parent_id(function)) {
        AstKind::MethodDefinition(m) => m.key.static_name().as_deref() == Some(name),
        _ => f.id.as_ref().is_some_and(|id| id.name == name),
    };
    let scoping = sem.scoping();
    let is_param = scoping
        .get_reference(arg.reference_id())
        .symbol_id()
        .is_some_and(|s| {
            f.params.items.iter().any(|p| {
                matches!(&p.pattern, oxc_ast::ast::BindingPattern::BindingIdentifier(b) if b.symbol_id() == s)
            })
        });
    named && is_param
}

/// Where the scopes of an MSAL call's request come from.
fn requested<'a>(
    sem: &Semantic<'a>,
    node: oxc_semantic::NodeId,
    c: &'a CallExpression<'a>,
) -> Source {
    let Some(arg) = c.arguments.first() else {
        // `loginPopup()`: only the OpenID scopes MSAL always adds.
        return Source::Read(Vec::new());
    };
    let Some(arg) = arg.as_expression() else {
        return Source::Unknown;
    };
    let Some(req) = object(sem, arg).or_else(|| getter_object(sem, node, arg)) else {
        if let Some(f) = built_by(sem, arg) {
            return Source::Returned(f);
        }
        // The request is the function's parameter: its callers give it.
        return match arg.get_inner_expression() {
            Expression::Identifier(id) => from_param(sem, id, true).unwrap_or(Source::Unknown),
            _ => Source::Unknown,
        };
    };
    request_scopes(sem, req, 0)
}

/// `this.tokenRequest` where `tokenRequest` is a getter of the class the call is in whose body
/// only returns an object literal (`get tokenRequest() { return { scopes: [...] } }`).
fn getter_object<'a>(
    sem: &Semantic<'a>,
    node: oxc_semantic::NodeId,
    request: &'a Expression<'a>,
) -> Option<&'a oxc_ast::ast::ObjectExpression<'a>> {
    let Expression::StaticMemberExpression(member) = request.get_inner_expression() else {
        return None;
    };
    if !matches!(
        member.object.get_inner_expression(),
        Expression::ThisExpression(_)
    ) {
        return None;
    }
    let nodes = sem.nodes();
    // The nearest class, past the methods' own functions (an arrow keeps `this`; a
    // `function` does not, and then nothing is read).
    let class = nodes
        .ancestor_ids(node)
        .find_map(|a| match nodes.kind(a) {
            AstKind::Class(class) => Some(Some(class)),
            AstKind::Function(_)
                if !matches!(nodes.parent_kind(a), AstKind::MethodDefinition(_)) =>
            {
                Some(None)
            }
            _ => None,
        })??;
    let mut found = None;
    for el in &class.body.body {
        let oxc_ast::ast::ClassElement::MethodDefinition(def) = el else {
            if let oxc_ast::ast::ClassElement::PropertyDefinition(field) = el
                && field.key.static_name().as_deref() == Some(member.property.name.as_str())
            {
                // A field of that name as well: not only the getter.
                return None;
            }
            continue;
        };
        if def.key.static_name().as_deref() != Some(member.property.name.as_str()) || def.r#static {
            continue;
        }
        if def.kind != oxc_ast::ast::MethodDefinitionKind::Get || found.is_some() {
            return None;
        }
        let body = def.value.body.as_ref()?;
        let [oxc_ast::ast::Statement::ReturnStatement(ret)] = body.statements.as_slice() else {
            return None;
        };
        let Expression::ObjectExpression(obj) = ret.argument.as_ref()?.get_inner_expression()
        else {
            return None;
        };
        found = Some(&**obj);
    }
    found
}

/// The function whose returned request `e` is: `getTokenRequest(…)`, or a binding whose
/// every write is such a call or a copy of itself that keeps its scopes
/// (`tokenRequest = { ...tokenRequest, claims }`).
fn built_by(sem: &Semantic<'_>, request: &Expression<'_>) -> Option<String> {
    let callee = |value: &Expression<'_>| match value.get_inner_expression() {
        Expression::CallExpression(call) => callee_name(call).map(str::to_owned),
        Expression::AwaitExpression(wait) => match wait.argument.get_inner_expression() {
            Expression::CallExpression(call) => match call.callee.get_inner_expression() {
                Expression::Identifier(id) => Some(id.name.to_string()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    if let Some(builder) = callee(request) {
        return Some(builder);
    }
    let Expression::Identifier(id) = request.get_inner_expression() else {
        return None;
    };
    let scoping = sem.scoping();
    let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
    let nodes = sem.nodes();
    let AstKind::VariableDeclarator(decl) = nodes.kind(scoping.symbol_declaration(sym)) else {
        return None;
    };
    let builder = callee(decl.init.as_ref()?)?;
    for r in scoping
        .get_resolved_references(sym)
        .filter(|r| r.is_write())
    {
        // `x = { ...x, claims }`: the same scopes.
        let AstKind::AssignmentExpression(assign) = nodes.parent_kind(r.node_id()) else {
            return None;
        };
        let Expression::ObjectExpression(copy) = assign.right.get_inner_expression() else {
            return None;
        };
        let keeps = property(copy, "scopes").is_none()
            && copy.properties.iter().all(|prop| match prop {
                oxc_ast::ast::ObjectPropertyKind::SpreadProperty(spread) => matches!(
                    spread.argument.get_inner_expression(),
                    Expression::Identifier(i) if i.name == id.name
                ),
                oxc_ast::ast::ObjectPropertyKind::ObjectProperty(_) => true,
            });
        if !keeps {
            return None;
        }
    }
    Some(builder)
}

/// The scopes of a request object: its `scopes`, or those of the objects it spreads
/// (`{ ...tokenRequest, ...(select ? { prompt: "select_account" } : {}) }`), the last that
/// sets them winning. A spread that cannot be read leaves them unknown.
fn request_scopes(
    sem: &Semantic<'_>,
    req: &oxc_ast::ast::ObjectExpression<'_>,
    depth: usize,
) -> Source {
    if let Some(s) = property(req, "scopes") {
        return scopes_source(sem, s);
    }
    if depth > 4 {
        return Source::Unknown;
    }
    let mut found = Source::Read(Vec::new());
    for p in &req.properties {
        let oxc_ast::ast::ObjectPropertyKind::SpreadProperty(spread) = p else {
            continue;
        };
        // Each object the spread may be: all must be readable.
        let arg = spread.argument.get_inner_expression();
        let options: Vec<&Expression<'_>> = match arg {
            Expression::ConditionalExpression(c) => vec![&c.consequent, &c.alternate],
            other => vec![other],
        };
        let mut sets = Vec::new();
        for o in options {
            let Some(obj) = object(sem, o) else {
                return Source::Unknown;
            };
            let has = property(obj, "scopes").is_some()
                || obj
                    .properties
                    .iter()
                    .any(|p| matches!(p, oxc_ast::ast::ObjectPropertyKind::SpreadProperty(_)));
            if has {
                sets.push(request_scopes(sem, obj, depth + 1));
            }
        }
        match sets.len() {
            0 => {}
            // A condition choosing whether scopes change: not one answer.
            1 if matches!(arg, Expression::ConditionalExpression(_)) => return Source::Unknown,
            1 => found = sets.pop().unwrap_or(Source::Unknown),
            _ => return Source::Unknown,
        }
    }
    found
}

/// The strings of an array literal, through `const` bindings and spreads.
fn strings(
    sem: &Semantic<'_>,
    e: &Expression<'_>,
    depth: usize,
) -> Option<Vec<(String, oxc_span::Span)>> {
    if depth > 8 {
        return None;
    }
    match e.get_inner_expression() {
        Expression::ArrayExpression(a) => {
            let mut out = Vec::new();
            for el in &a.elements {
                match el {
                    ArrayExpressionElement::SpreadElement(s) => {
                        out.extend(strings(sem, &s.argument, depth + 1)?);
                    }
                    other => {
                        let x = other.as_expression()?;
                        let value = http::literal(sem, x)?;
                        out.push((value, x.span()));
                    }
                }
            }
            Some(out)
        }
        Expression::Identifier(id) => strings(sem, const_init(sem, id)?, depth + 1),
        Expression::StaticMemberExpression(m) => {
            // `config.scopes`, `loginRequest.scopes` on a `const` object.
            let o = object(sem, &m.object)?;
            strings(sem, property(o, &m.property.name)?, depth + 1)
        }
        _ => None,
    }
}

/// `client.api(path)…get()`: the Graph JS client.
fn client_call(sem: &Semantic<'_>, c: &CallExpression<'_>) -> Option<GraphCall> {
    let Expression::StaticMemberExpression(m) = &c.callee else {
        return None;
    };
    let method = CLIENT_VERBS
        .iter()
        .find(|(v, _)| *v == m.property.name.as_str())?
        .1;
    // Down the chain (`.select(…)`, `.top(…)`, `.header(…)`, `.version(…)`) to `.api(path)`:
    // the properties `.select(…)` names, unless the chain expands or selects what cannot be
    // read.
    let mut cur = m.object.get_inner_expression();
    let mut select: Option<Vec<String>> = None;
    let mut select_known = true;
    for _ in 0..32 {
        let Expression::CallExpression(inner) = cur else {
            return None;
        };
        let Expression::StaticMemberExpression(im) = &inner.callee else {
            return None;
        };
        match im.property.name.as_str() {
            "api" => {
                let arg = inner.arguments.first().and_then(Argument::as_expression);
                let path = arg.and_then(|p| path_of(sem, p, false));
                // `.api("/me/messages?$select=subject")`, or the chain's `.select(…)`.
                let in_path = arg
                    .map(|p| text_of(sem, p))
                    .and_then(|t| crate::msgraph::select_of(&t));
                return Some(GraphCall {
                    span: Span::default(),
                    client: "Graph client",
                    method: Some(method.to_owned()),
                    path,
                    select: if select_known {
                        select.or(in_path)
                    } else {
                        None
                    },
                    path_param: None,
                });
            }
            "select" => {
                let names: Option<Vec<String>> = inner
                    .arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .and_then(|a| {
                        http::literal(sem, a)
                            .map(|s| vec![(s, a.span())])
                            .or_else(|| strings(sem, a, 0))
                    })
                    .map(|l| {
                        l.iter()
                            .flat_map(|(s, _)| s.split(','))
                            .map(|s| s.trim().to_ascii_lowercase())
                            .filter(|s| !s.is_empty())
                            .collect()
                    });
                match names {
                    Some(n) if select.is_none() => select = Some(n),
                    _ => select_known = false,
                }
            }
            "expand" | "query" | "queryParameters" => select_known = false,
            _ => {}
        }
        cur = im.object.get_inner_expression();
    }
    None
}

/// What a call is, as an HTTP request.
enum Request {
    /// A request to Microsoft Graph.
    Graph(GraphCall),
    /// A request to anything else, or to a URL that cannot be read.
    Other,
    /// Not a request.
    None,
}

/// `fetch`, `$.ajax`, `axios` or `xhr.open`.
fn http_call(sem: &Semantic<'_>, c: &CallExpression<'_>) -> Request {
    // Most calls are none of these: decide on the callee's last name before building strings.
    let last = match &c.callee {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::StaticMemberExpression(m) => m.property.name.as_str(),
        _ => return Request::None,
    };
    if !matches!(
        last,
        "fetch"
            | "axios"
            | "ajax"
            | "request"
            | "get"
            | "delete"
            | "head"
            | "options"
            | "post"
            | "put"
            | "patch"
            | "open"
            | "getJSON"
            | "sendBeacon"
    ) {
        return Request::None;
    }
    let Some(name) = dotted(&c.callee) else {
        return Request::None;
    };
    let bare = http::bare(&name);
    let r = if let Some(r) = http::request(sem, c, bare) {
        r
    } else if bare != "open"
        && name.rsplit('.').next() == Some("open")
        && name.contains('.')
        && c.arguments.len() >= 2
    {
        http::xhr_open(sem, c)
    } else if matches!(
        bare,
        "$.get" | "$.post" | "$.getJSON" | "jQuery.get" | "jQuery.post" | "jQuery.getJSON"
    ) || name.ends_with("navigator.sendBeacon")
    {
        // Requests the audit does not read for Graph, but where a token may go.
        return Request::Other;
    } else {
        return Request::None;
    };
    let Some(url) = r.url.filter(|u| graph_url(sem, u)) else {
        return Request::Other;
    };
    let path = path_of(sem, url, true);
    let select = crate::msgraph::select_of(&text_of(sem, url));
    let path_param = if path.is_none() {
        path_parameter(sem, url)
    } else {
        None
    };
    Request::Graph(GraphCall {
        span: Span::default(),
        client: r.client,
        method: r.method,
        path,
        select,
        path_param,
    })
}

/// `` `https://graph.microsoft.com/v1.0${path}${query}` `` with `path` a parameter of the
/// function the request is in: that parameter (what follows it may only be a query).
fn path_parameter(sem: &Semantic<'_>, url: &Expression<'_>) -> Option<ParamSink> {
    let Expression::TemplateLiteral(tl) = url.get_inner_expression() else {
        return None;
    };
    let head = tl
        .quasis
        .first()?
        .value
        .cooked
        .as_deref()?
        .to_ascii_lowercase();
    let version = head.strip_prefix(HOST)?;
    if !matches!(version, "" | "/" | "/v1.0" | "/beta") {
        return None;
    }
    let Expression::Identifier(id) = tl.expressions.first()?.get_inner_expression() else {
        return None;
    };
    // After the path: nothing, or a query (a `?…` string, or another parameter).
    let after_ok = tl.quasis.iter().skip(1).all(|q| {
        q.value
            .cooked
            .as_deref()
            .is_some_and(|s| s.is_empty() || s.starts_with('?'))
    });
    if !after_ok {
        return None;
    }
    let (function, index) = param_of(sem, id)?;
    Some(ParamSink {
        function,
        index,
        request: false,
    })
}

/// The URL's known text with holes marked `\0`.
fn text_of(sem: &Semantic<'_>, e: &Expression<'_>) -> String {
    ews::render(sem, e, &|_| None, |_| Some("\0".to_owned())).unwrap_or_default()
}

fn graph_url(sem: &Semantic<'_>, e: &Expression<'_>) -> bool {
    text_of(sem, e).to_ascii_lowercase().starts_with(HOST)
}

/// The path pattern (`/me/messages/{id}`), lower-case, without host, version and query;
/// `None` when a segment is built from more than one unreadable value or mixes text and one.
fn path_of(sem: &Semantic<'_>, e: &Expression<'_>, full_url: bool) -> Option<String> {
    let text = text_of(sem, e);
    let lower = text.to_ascii_lowercase();
    let rest = if full_url {
        lower.strip_prefix(HOST)?
    } else {
        lower.as_str()
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = rest
        .strip_prefix("/v1.0")
        .or_else(|| rest.strip_prefix("/beta"))
        .unwrap_or(rest);
    let mut out = String::new();
    // Inside a OneDrive path address (`root:/…/name:`), a segment built from values is a name,
    // however mixed: `{id}` (`{id}:` where it closes the address).
    let mut address = false;
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        let closes = seg.ends_with(':');
        if seg == "\0" {
            out.push_str("{id}");
        } else if seg.contains('\0') && (address || closes) {
            out.push_str(if closes { "{id}:" } else { "{id}" });
        } else if seg.contains('\0') {
            return None;
        } else {
            out.push_str(seg);
        }
        address = if address { !closes } else { closes };
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::carries_scopes;

    #[test]
    fn parameter_names_that_carry_scopes() {
        for n in [
            "scopes",
            "requestScopes",
            "SCOPE",
            "tokenRequest",
            "Request",
        ] {
            assert!(carries_scopes(n), "{n}");
        }
        for n in ["s", "options", "scop", "rq", "ünïcode"] {
            assert!(!carries_scopes(n), "{n}");
        }
    }
}
