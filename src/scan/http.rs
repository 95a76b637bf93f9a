//! Reading HTTP requests from code: which client, which method, which URL expression.
//!
//! Shared by the callback-token follower ([`super::token`]) and the Microsoft Graph scanner
//! ([`super::msgraph`]): `fetch(url, { method })`, jQuery's `$.ajax(settings)` /
//! `$.ajax(url, settings)` (`type` or `method`), and `axios(config)`, `axios(url, config)`,
//! `axios.get(url)`, `axios.post(url, data, config)`, `axios.request(config)`. Settings objects
//! are read directly or through an unmutated `const`.

use oxc_ast::ast::{Argument, CallExpression, Expression, ObjectPropertyKind};
use oxc_semantic::Semantic;

use super::ast::{object, property};
use super::ews;

/// A request's parts.
pub(super) struct Request<'a> {
    /// `fetch`, `$.ajax`, `axios`.
    pub client: &'static str,
    /// The method, upper-case, when it is a literal or the client's default.
    pub method: Option<String>,
    /// The URL expression, when there is one to read.
    pub url: Option<&'a Expression<'a>>,
}

/// What reading a settings object's field gives.
enum Field<'a> {
    Absent,
    Present(&'a Expression<'a>),
    Unknown,
}

/// A settings object's field: absent, present, or unknown (the object cannot be read, or has
/// a spread that may set it).
fn field<'a>(sem: &Semantic<'a>, settings: Option<&'a Expression<'a>>, name: &str) -> Field<'a> {
    let Some(settings) = settings else {
        return Field::Absent;
    };
    let Some(o) = object(sem, settings) else {
        return Field::Unknown;
    };
    match property(o, name) {
        Some(v) => Field::Present(v),
        None if o
            .properties
            .iter()
            .any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_))) =>
        {
            Field::Unknown
        }
        None => Field::Absent,
    }
}

/// A method from a field (`method: "PATCH"`), with the client's default when absent.
fn method(sem: &Semantic<'_>, field: &Field<'_>, default: &str) -> Option<String> {
    match field {
        Field::Absent => Some(default.to_owned()),
        Field::Present(e) => literal(sem, e).map(|m| m.to_ascii_uppercase()),
        Field::Unknown => None,
    }
}

/// A string the expression always is, when it can be read completely.
pub(super) fn literal(sem: &Semantic<'_>, e: &Expression<'_>) -> Option<String> {
    ews::render(sem, e, &|_| None, |_| None)
}

/// A callee's dotted name without the global object it may be reached through
/// (`window.fetch` → `fetch`).
pub(super) fn bare(name: &str) -> &str {
    ["window.", "self.", "globalThis."]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name)
}

/// The request an `XMLHttpRequest`'s `open(method, url)` call makes.
pub(super) fn xhr_open<'a>(sem: &Semantic<'a>, open: &'a CallExpression<'a>) -> Request<'a> {
    let arg = |i: usize| open.arguments.get(i).and_then(Argument::as_expression);
    Request {
        client: "XMLHttpRequest",
        method: arg(0)
            .and_then(|m| literal(sem, m))
            .map(|m| m.to_ascii_uppercase()),
        url: arg(1),
    }
}

/// The request `c` makes, when its callee (`name`, without `window.`) is a client it knows.
pub(super) fn request<'a>(
    sem: &Semantic<'a>,
    c: &'a CallExpression<'a>,
    name: &str,
) -> Option<Request<'a>> {
    let arg = |i: usize| c.arguments.get(i).and_then(Argument::as_expression);
    let url_field = |settings| match field(sem, settings, "url") {
        Field::Present(u) => Some(u),
        _ => None,
    };
    match name {
        "fetch" => Some(Request {
            client: "fetch",
            method: method(sem, &field(sem, arg(1), "method"), "GET"),
            url: arg(0),
        }),
        "$.ajax" | "jQuery.ajax" => {
            let settings_first = arg(0).is_some_and(|a| object(sem, a).is_some());
            let (url, settings) = if settings_first {
                (None, arg(0))
            } else if c.arguments.len() > 1 {
                (arg(0), arg(1))
            } else {
                (arg(0), None)
            };
            let m = match field(sem, settings, "type") {
                Field::Absent => method(sem, &field(sem, settings, "method"), "GET"),
                other => method(sem, &other, "GET"),
            };
            Some(Request {
                client: "$.ajax",
                method: m,
                url: url.or_else(|| url_field(settings)),
            })
        }
        "axios" | "axios.request" => {
            let config_first = arg(0).is_some_and(|a| object(sem, a).is_some());
            let (url, config) = if config_first {
                (None, arg(0))
            } else {
                (arg(0), arg(1))
            };
            Some(Request {
                client: "axios",
                method: method(sem, &field(sem, config, "method"), "GET"),
                url: url.or_else(|| url_field(config)),
            })
        }
        "axios.get" | "axios.delete" | "axios.head" | "axios.options" | "axios.post"
        | "axios.put" | "axios.patch" => Some(Request {
            client: "axios",
            method: name.strip_prefix("axios.").map(str::to_ascii_uppercase),
            url: arg(0),
        }),
        _ => None,
    }
}
