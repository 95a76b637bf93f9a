//! The JavaScript/TypeScript scanner: turns one file into facts about Office API use.
//!
//! It parses with oxc, builds scopes, and follows every reference to the global `Office`
//! (directly or as `window.`/`self.`/`globalThis.Office`) that no local binding shadows,
//! through member accesses, calls, aliases and destructuring, resolving each step in the
//! typings' type graph ([`crate::kb`]). It knows nothing of rules or manifests: it reports
//! what the code touches ([`ApiUse`]), and the rules judge.

mod angular;
mod ast;
pub mod calls;
pub mod depth;
mod ews;
pub mod guards;
mod http;
pub mod module;
pub mod msgraph;
pub mod quick;
pub mod regions;
mod token;
mod values;
mod walk;

use std::collections::BTreeMap;

use oxc_allocator::Allocator;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

use crate::kb::Member;
use crate::source::Span;

/// The Office type of a value that crosses a module boundary (an export, an argument).
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeType(walk::Ty);

impl OfficeType {
    /// What the value is, for messages.
    #[must_use]
    pub fn describe(&self) -> String {
        self.0.describe()
    }
}

/// What the module graph tells one file about its neighbours before it is scanned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seeds {
    /// For each specifier the file imports: the Office-typed exports of that module.
    pub imports: BTreeMap<String, BTreeMap<String, OfficeType>>,
    /// Office values other modules pass to the file's exported functions: export name →
    /// (parameter index, type).
    pub params: BTreeMap<String, Vec<(usize, OfficeType)>>,
    /// Global functions (top-level `function` declarations of a classic script) that another
    /// script of the add-in passes a callback token to: what each parameter does with one is
    /// worked out ([`FileFacts::token_fns`]).
    pub token_fns: std::collections::BTreeSet<String>,
    /// AngularJS services another script of the page registers with an Office-typed
    /// instance: service name → the instance's type ([`FileFacts::services`]).
    pub injected: BTreeMap<String, OfficeType>,
    /// Office values other scripts of the page pass to a service's methods:
    /// `"service.method"` → (parameter index, type) ([`FileFacts::service_calls`]).
    pub service_params: BTreeMap<String, Vec<(usize, OfficeType)>>,
    /// Office values other scripts of the page pass to the file's top-level functions (a
    /// classic script's globals): name → (parameter index, type)
    /// ([`FileFacts::global_calls`]).
    pub globals: BTreeMap<String, Vec<(usize, OfficeType)>>,
    /// Office values other classic scripts of the page keep in global bindings (a top-level
    /// `var item = …`, a top-level function returning one): name → types
    /// ([`FileFacts::global_values`]).
    pub global_values: BTreeMap<String, Vec<OfficeType>>,
    /// The file is a component's script whose top-level bindings its template reads (Vue's
    /// `<script setup>`, Svelte's instance script): a template the audit does not read.
    pub template_reads_top_level: bool,
}

impl Seeds {
    /// Whether there is nothing to seed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.imports.is_empty()
            && self.params.is_empty()
            && self.token_fns.is_empty()
            && self.injected.is_empty()
            && self.service_params.is_empty()
            && self.globals.is_empty()
            && self.global_values.is_empty()
    }
}

/// A callback token passed to a function no binding of the file declares (a global another
/// classic script of the page defines: `decodeToken(token)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalCall {
    /// The call.
    pub span: Span,
    /// The function's name.
    pub name: String,
    /// Which argument is the token.
    pub index: usize,
    /// For a function imported from another module (`import { flag } from "./rest"`): its
    /// specifier, `name` being the export's name. `None` for a global.
    pub module: Option<String>,
}

/// What a global function does with a callback token passed as its parameter `index`.
#[derive(Debug, Clone)]
pub struct TokenFn {
    /// The function's name.
    pub name: String,
    /// The parameter.
    pub index: usize,
    /// Where the token goes from there.
    pub flow: TokenFlow,
}

/// An Office value passed to a function another module exports (`stamp(item)` after
/// `import { stamp } from "./stamp"`).
#[derive(Debug, Clone)]
pub struct CallOut {
    /// The module's specifier, as written.
    pub specifier: String,
    /// The export called.
    pub name: String,
    /// The argument's position.
    pub index: usize,
    /// The value's type.
    pub ty: OfficeType,
    /// The escape it is if no exported function of the module takes it (a package, a class,
    /// a value that is not a function): `None` when the value reaches nothing.
    pub lost: Option<Escape>,
}

/// An AngularJS service registered with an instance that holds Office values.
#[derive(Debug, Clone)]
pub struct Service {
    /// The instance's type.
    pub ty: OfficeType,
    /// The escape it is unless every script of the page that may be injected with it was
    /// read for where it goes.
    pub lost: Option<Escape>,
}

/// One place where code touches an Office API member.
#[derive(Debug, Clone)]
pub struct ApiUse {
    /// The table members this access may be (one per item mode, say `MessageRead.to` and
    /// `MessageCompose.to`); the rules narrow them by the manifest's modes.
    pub candidates: Vec<&'static Member>,
    /// The member name's span in the file.
    pub span: Span,
    /// A feature probe (`typeof item.x`, `if (item.x)`), not a real use.
    pub probe: bool,
    /// The highest `Mailbox` requirement set (minor version) an enclosing
    /// `isSetSupported("Mailbox", "1.x")` check guarantees here.
    pub guarded_set: Option<u8>,
    /// Inside a branch that runs only when legacy Exchange tokens work ([`guards`]).
    pub token_guarded: bool,
}

/// A chain rooted in `Office` that could not be followed statically (`item[name]`).
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// The computed access.
    pub span: Span,
    /// What was being accessed (`Office.MessageRead | …`).
    pub on: String,
    /// The most any member it could be needs.
    pub could_need: crate::tiers::Tier,
}

/// An Office value that leaves the analysis: passed to a function the audit does not
/// follow, stored in a property or a collection, or returned where nobody is known to read
/// it. What happens to it there is unseen, so it bounds what the add-in may need.
#[derive(Debug, Clone)]
pub struct Escape {
    /// The value's expression where it leaves.
    pub span: Span,
    /// How it leaves ("passed to `deferred.resolve`").
    pub how: String,
    /// What it is (`Office.MessageRead (or 7 related types)`).
    pub on: String,
    /// What it can reach.
    pub reach: Reach,
    /// When it leaves only by a class member of this name (a method or getter returning it,
    /// followed in its class): other files may read that member on an instance. The rules
    /// drop the escape when no other file of the add-in spells the name.
    pub member: Option<String>,
}

/// What an Office value can reach, for the bound on code that gets it.
#[derive(Debug, Clone)]
pub enum Reach {
    /// Anything: the `Office` namespace itself, or a module of Office values.
    Anything,
    /// A value of these interfaces.
    Types(Vec<&'static str>),
    /// The value of one of these properties (which one depends on the mode: `item.subject`
    /// is a string when reading and a `Subject` object when composing).
    Properties(Vec<&'static Member>),
    /// What any of these reach (an object literal holding several Office values).
    Each(Vec<Reach>),
}

/// A `makeEwsRequestAsync` call and the EWS operations its request names.
#[derive(Debug, Clone)]
pub struct EwsCall {
    /// The call's span.
    pub span: Span,
    /// The operations found, with the span of the string that names each.
    pub operations: Vec<(String, Span)>,
    /// Whether parts of the request could not be read statically.
    pub incomplete: bool,
}

/// Where the callback token of one `getCallbackTokenAsync` call goes.
#[derive(Debug, Clone)]
pub struct TokenFlow {
    /// The call's member name (the span of its [`ApiUse`]).
    pub call: Span,
    /// `Some(true)` for a REST token (`isRest: true`), `Some(false)` for an EWS token, `None`
    /// when the options cannot be read.
    pub rest: Option<bool>,
    /// The HTTP requests that carry the token.
    pub requests: Vec<TokenRequest>,
    /// Where the token goes out of sight, and how.
    pub escapes: Vec<(Span, String)>,
    /// Of those, the ones where it is returned from a function or method other code calls by
    /// name: (escape, name, whether its calls give a promise of the token, whether its calls
    /// in this file were followed — a function's are, a method's are not). The rules may
    /// follow it to those calls ([`calls::token_flows`]) when they can see every one.
    pub returned: Vec<(Span, String, bool, bool)>,
    /// Global functions it is passed to, followed where another script defines them.
    pub global_calls: Vec<GlobalCall>,
}

/// An MSAL token request and the Microsoft Graph scopes it asks for.
#[derive(Debug, Clone)]
pub struct ScopeRequest {
    /// The call.
    pub span: Span,
    /// The MSAL method (`acquireTokenSilent`).
    pub via: String,
    /// The scopes, each with the span of its string; `None` when they cannot be read.
    pub scopes: Option<Vec<(String, Span)>>,
    /// When the scopes are another module's export: (specifier, key), the key being the
    /// export's name, with `.field` for a property of an exported object
    /// (`loginRequest.scopes`). The module graph resolves it ([`FileFacts::scope_exports`]).
    pub import: Option<(String, String)>,
    /// When the scopes are a parameter of the function or method the call is in: the rules
    /// follow them to the calls of that name ([`ScopeArg`]).
    pub param: Option<ParamSink>,
    /// When the scopes cannot be read at all: their expression as written (`this.apiScopes`,
    /// at most 80 characters), so that calls with the same one get one note.
    pub unread: Option<String>,
    /// When the request is what a named function returns (`getTokenRequest(scopes, …)`,
    /// directly or through a binding): the rules look for that function's
    /// [`FileFacts::scope_returns`].
    pub returned_by: Option<String>,
}

/// A parameter of a named function or method that carries MSAL scopes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamSink {
    /// The name callers use (`ssoGetAccessToken`).
    pub function: String,
    /// The parameter's position.
    pub index: usize,
    /// Whether it is the whole request object (`{ scopes }`) rather than the scopes array.
    pub request: bool,
}

/// An argument of a call that may carry MSAL scopes into a [`ParamSink`]: scopes written
/// there, or a parameter of the calling function passed on.
#[derive(Debug, Clone)]
pub struct ScopeArg {
    /// The callee's name (`ssoGetAccessToken` for `accountManager.ssoGetAccessToken(…)`).
    pub callee: String,
    /// The argument's position.
    pub index: usize,
    /// What it is.
    pub value: ScopeArgValue,
    /// The call.
    pub span: Span,
}

/// What a [`ScopeArg`] carries.
#[derive(Debug, Clone)]
pub enum ScopeArgValue {
    /// An array of scope strings, each with its span.
    Scopes(Vec<(String, Span)>),
    /// A request object with such a `scopes` array.
    Request(Vec<(String, Span)>),
    /// The calling function's own parameter, passed on: (function, index).
    Forward(String, usize),
    /// An imported value (`defaultScopes` from `./msalconfig`): (specifier, export name),
    /// resolved through the module graph like [`ScopeRequest::import`].
    Import(String, String),
    /// A Graph path written as a string (`"/me/drive/root/children"`), for a request whose
    /// path is that parameter ([`GraphCall::path_param`]).
    Path(String),
}

/// A request to Microsoft Graph.
#[derive(Debug, Clone)]
pub struct GraphCall {
    /// The call.
    pub span: Span,
    /// `fetch`, `XMLHttpRequest`, `$.ajax`, `axios`, `Graph client`.
    pub client: &'static str,
    /// The HTTP method, when known.
    pub method: Option<String>,
    /// The path pattern (`/me/messages/{id}`), when it can be read.
    pub path: Option<String>,
    /// The properties its `$select` (or the Graph client's `.select(…)`) names, lower-case,
    /// when the whole query could be read and expands nothing: what decides between a
    /// `ReadBasic` and a `Read` scope.
    pub select: Option<Vec<String>>,
    /// When the path is a parameter of the function the request is in
    /// (`` fetch(`https://graph.microsoft.com/v1.0${path}`) `` in `makeGraphRequest(…, path)`):
    /// the rules read it from the calls of that function.
    pub path_param: Option<ParamSink>,
}

/// An HTTP request that carries the callback token.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The call that makes it (`fetch(…)`, `$.ajax(…)`, `xhr.open(…)`).
    pub span: Span,
    /// The client: `fetch`, `XMLHttpRequest`, `$.ajax`, `axios`.
    pub client: &'static str,
    /// The HTTP method, upper-case, when it is a literal (or the client's default).
    pub method: Option<String>,
    /// The URL, with the values it is built from as slots — `{restUrl}`, `{ewsUrl}`, `{item}`
    /// (the current item's id) — and `{?}` for what cannot be read; `None` when there is no
    /// URL to read.
    pub url: Option<String>,
}

/// An `// audit-ignore CODE[, CODE]: reason` (next line) or `// audit-ignore-file …` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionComment {
    /// The codes it names (upper-cased).
    pub codes: Vec<String>,
    /// The reason after the colon (empty when missing).
    pub reason: String,
    /// For the whole file rather than the next line.
    pub file_wide: bool,
    /// The comment's span.
    pub span: Span,
}

/// Reads a suppression from a comment's text (delimiters included), if it is one.
#[must_use]
pub fn parse_suppression(comment: &str, span: Span) -> Option<SuppressionComment> {
    let body = comment
        .trim_start_matches("//")
        .trim_start_matches("/*")
        .trim_end_matches("*/")
        .trim()
        .trim_start_matches('*')
        .trim();
    let (file_wide, rest) = if let Some(r) = body.strip_prefix("audit-ignore-file") {
        (true, r)
    } else {
        (false, body.strip_prefix("audit-ignore")?)
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with(':')) {
        return None;
    }
    let (codes, reason) = rest.split_once(':').unwrap_or((rest, ""));
    let codes: Vec<String> = codes
        .split([',', ' ', '\t'])
        .filter(|c| !c.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    Some(SuppressionComment {
        codes,
        reason: reason.trim().to_owned(),
        file_wide,
        span,
    })
}

/// What one file (or one inline script) says.
#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    /// Suppression comments.
    pub suppressions: Vec<SuppressionComment>,
    /// API uses.
    pub uses: Vec<ApiUse>,
    /// Chains that could not be followed.
    pub unresolved: Vec<Unresolved>,
    /// Office values that leave the analysis.
    pub escapes: Vec<Escape>,
    /// What the global functions [`Seeds::token_fns`] names do with a callback token.
    pub token_fns: Vec<TokenFn>,
    /// EWS calls.
    pub ews: Vec<EwsCall>,
    /// Where callback tokens go.
    pub tokens: Vec<TokenFlow>,
    /// Where the access tokens of MSAL calls go (`call` is the MSAL call's span).
    pub msal_tokens: Vec<TokenFlow>,
    /// MSAL token requests and their Graph scopes.
    pub scope_requests: Vec<ScopeRequest>,
    /// Requests to Microsoft Graph.
    pub graph_calls: Vec<GraphCall>,
    /// HTTP requests to anything else (or to URLs that cannot be read).
    pub other_requests: Vec<Span>,
    /// Exported `const` arrays of strings (`SCOPES`) and the string-array properties of
    /// exported `const` objects (`loginRequest.scopes`): what other modules' MSAL calls may
    /// import as scopes.
    pub scope_exports: BTreeMap<String, Vec<(String, Span)>>,
    /// Call arguments that may carry scopes to a function's parameter ([`ParamSink`]).
    pub scope_args: Vec<ScopeArg>,
    /// Functions that return an MSAL request whose scopes are one of their parameters
    /// (`function getTokenRequest(scopes, …) { return { scopes, … }; }`).
    pub scope_returns: Vec<ParamSink>,
    /// Uses of APIs that event-based activation handlers may not call: (the API or the
    /// members it may be, quoted for messages; the member name's span; true when Microsoft
    /// documents it as blocked, false for a UI API no page covers).
    pub handler_blocked: Vec<(String, Span, bool)>,
    /// The first syntax error, if the file did not parse cleanly (span, message).
    pub parse_error: Option<(Span, String)>,
    /// The file was large and analysed by regions around its `Office` references.
    pub by_regions: bool,
    /// The modules it loads.
    pub imports: Vec<module::Import>,
    /// What it re-exports from other modules.
    pub reexports: Vec<module::ReExport>,
    /// Pages it names (`"dialog.html"`): pages the add-in may open, frame or navigate to.
    pub pages: Vec<(String, Span)>,
    /// Its exports that carry Office types.
    pub exports: BTreeMap<String, OfficeType>,
    /// Office values it passes to other modules' functions.
    pub calls_out: Vec<CallOut>,
    /// Seeded parameters (export name, position) that no exported function of this module
    /// has: what another module passed there is not followed here.
    pub undelivered: Vec<(String, usize)>,
    /// Its top-level functions and who refers to them (files that mention `Office` only).
    pub fns: module::FnGraph,
    /// AngularJS services it registers whose instance carries Office values.
    pub services: BTreeMap<String, Service>,
    /// Office values it passes to functions no binding of the file declares (globals another
    /// classic script of the page may define; `specifier` is empty).
    pub global_calls: Vec<CallOut>,
    /// The seeded global parameters ([`Seeds::globals`]) it took: (name, index).
    pub globals_taken: Vec<(String, usize)>,
    /// Office values it keeps in global bindings (it is a classic script: its top-level
    /// bindings are the page's globals), with the escape each is unless every script of the
    /// page that names it was read for its uses.
    pub global_values: BTreeMap<String, (Vec<OfficeType>, Option<Escape>)>,
    /// The globals of [`Seeds::global_values`] whose uses it read.
    pub global_values_seen: Vec<String>,
    /// The services of [`Seeds::injected`] whose injection sites it read.
    pub injected_seen: Vec<String>,
    /// Office values it passes to methods of AngularJS services it is injected with
    /// (`specifier` is the service's name, `name` the method's).
    pub service_calls: Vec<CallOut>,
    /// The seeded service parameters ([`Seeds::service_params`]) it took: (`"service.method"`,
    /// index).
    pub services_taken: Vec<(String, usize)>,
}

impl FileFacts {
    /// Adds another block's facts (for pages with several scripts).
    pub fn extend(&mut self, other: FileFacts) {
        self.uses.extend(other.uses);
        self.unresolved.extend(other.unresolved);
        self.escapes.extend(other.escapes);
        self.token_fns.extend(other.token_fns);
        self.ews.extend(other.ews);
        self.tokens.extend(other.tokens);
        self.msal_tokens.extend(other.msal_tokens);
        self.scope_requests.extend(other.scope_requests);
        self.scope_args.extend(other.scope_args);
        self.scope_returns.extend(other.scope_returns);
        self.graph_calls.extend(other.graph_calls);
        self.other_requests.extend(other.other_requests);
        for (k, v) in other.scope_exports {
            self.scope_exports.entry(k).or_insert(v);
        }
        self.handler_blocked.extend(other.handler_blocked);
        self.suppressions.extend(other.suppressions);
        self.imports.extend(other.imports);
        self.reexports.extend(other.reexports);
        self.pages.extend(other.pages);
        for (k, v) in other.exports {
            self.exports.entry(k).or_insert(v);
        }
        self.calls_out.extend(other.calls_out);
        self.undelivered.extend(other.undelivered);
        for (k, v) in other.services {
            self.services.entry(k).or_insert(v);
        }
        self.injected_seen.extend(other.injected_seen);
        self.global_calls.extend(other.global_calls);
        for (k, v) in other.global_values {
            self.global_values.entry(k).or_insert(v);
        }
        self.global_values_seen.extend(other.global_values_seen);
        self.globals_taken.extend(other.globals_taken);
        self.service_calls.extend(other.service_calls);
        self.services_taken.extend(other.services_taken);
        // The blocks of a page share one global scope that no block's scopes see, so a page
        // keeps no function graph: all of its code counts.
        self.by_regions |= other.by_regions;
        if self.parse_error.is_none() {
            self.parse_error = other.parse_error;
        }
    }
}

/// Whether the text can contain an Office API use at all: every root is the identifier `Office`.
#[must_use]
pub fn may_use_office(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"Office").is_some()
}

/// Scans one script. `base` is the script's byte offset in its file (for inline scripts), so
/// that every span is a span of the file.
#[must_use]
pub fn scan(text: &str, source_type: SourceType, base: u32) -> FileFacts {
    let nesting = crate::settings::Limits::default().max_nesting;
    scan_seeded(text, source_type, base, &Seeds::default(), nesting)
}

/// [`scan`], with what the module graph knows of the file's imports and callers. Regions of a
/// large file that nest deeper than `max_nesting` are not parsed.
#[must_use]
pub fn scan_seeded(
    text: &str,
    source_type: SourceType,
    base: u32,
    seeds: &Seeds,
    max_nesting: usize,
) -> FileFacts {
    // A file the module graph seeds is read whatever it mentions (a classic script's helper
    // that another script passes a token to need not name Office).
    let office = may_use_office(text) || !seeds.is_empty();
    // The Graph words are looked for only where the answer decides something: in a script
    // that does not mention Office (one that does is parsed anyway, and every parsed script
    // is read for Graph).
    let graph = !office && msgraph::may_use(text);
    if !office && !graph && !module::may_import(text) {
        return FileFacts::default();
    }
    if text.len() > regions::LARGE_FILE {
        // A bundle: its modules are inside it; only the Office regions are parsed.
        return if office {
            scan_regions(text, source_type, base, max_nesting)
        } else {
            FileFacts::default()
        };
    }
    if !office
        && !graph
        && let Some(f) = lexed(text, source_type, base, seeds)
    {
        return f;
    }
    scan_whole(text, source_type, base, seeds, office, graph)
}

/// The facts of a script that never mentions Office, read by a lexical pass about ten times
/// faster than a parse: what it loads. `None` when the script needs the parser (it mentions
/// Office, has seeds, is JSX, or the lexer leaves it to the parser).
#[must_use]
pub fn without_parsing(
    text: &str,
    source_type: SourceType,
    base: u32,
    seeds: &Seeds,
) -> Option<FileFacts> {
    if may_use_office(text) || msgraph::may_use(text) {
        return None;
    }
    lexed(text, source_type, base, seeds)
}

/// [`without_parsing`] for a script known not to mention Office or Graph.
fn lexed(text: &str, source_type: SourceType, base: u32, seeds: &Seeds) -> Option<FileFacts> {
    // Every JSX element closes with `</…>` or `/>`: a file with neither has no JSX for the
    // lexer to misread.
    let may_have_jsx = source_type.is_jsx()
        && (memchr::memmem::find(text.as_bytes(), b"</").is_some()
            || memchr::memmem::find(text.as_bytes(), b"/>").is_some());
    if !seeds.is_empty() || may_have_jsx {
        return None;
    }
    if !module::may_import(text) {
        return Some(FileFacts::default());
    }
    let q = quick::imports(text, base)?;
    Some(FileFacts {
        imports: q.imports,
        pages: q.pages,
        ..FileFacts::default()
    })
}

/// Scans a large file region by region (see [`regions`]); a region nesting deeper than
/// `max_nesting` is not parsed.
#[must_use]
pub fn scan_regions(
    text: &str,
    source_type: SourceType,
    base: u32,
    max_nesting: usize,
) -> FileFacts {
    let s = regions::structure(text);
    let mut facts = FileFacts {
        by_regions: true,
        ..FileFacts::default()
    };
    let mut done: Vec<std::ops::Range<usize>> = Vec::new();
    for occ in &s.occurrences {
        let at = occ.at;
        if done.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let mut found = false;
        let mut try_region = |r: std::ops::Range<usize>, facts: &mut FileFacts| -> bool {
            let Some(part) = text.get(r.clone()) else {
                return false;
            };
            if depth::too_deep(part, max_nesting, crate::stack::obtained()).is_some() {
                return false;
            }
            let offset = base + u32::try_from(r.start).unwrap_or(u32::MAX);
            let mut f = scan_whole(part, source_type, offset, &Seeds::default(), true, false);
            if f.parse_error.is_some() {
                return false;
            }
            // A region is not a module: what it imports or exports is not the file's. Nor is
            // its top level the file's, so what it hands to other modules or scripts (by an
            // import, a global, a global function or an AngularJS service) leaves here.
            f.imports.clear();
            f.reexports.clear();
            f.pages.clear();
            f.exports.clear();
            let lost: Vec<Escape> = std::mem::take(&mut f.calls_out)
                .into_iter()
                .chain(std::mem::take(&mut f.global_calls))
                .chain(std::mem::take(&mut f.service_calls))
                .filter_map(|c| c.lost)
                .chain(
                    std::mem::take(&mut f.global_values)
                        .into_values()
                        .filter_map(|(_, lost)| lost),
                )
                .chain(
                    std::mem::take(&mut f.services)
                        .into_values()
                        .filter_map(|s| s.lost),
                )
                .collect();
            f.escapes.extend(lost);
            facts.extend(f);
            done.push(r);
            true
        };
        for r in regions::candidates(&s, occ) {
            if try_region(r, &mut facts) {
                found = true;
                break;
            }
        }
        // Last, from the start of the reference's line (or one or two lines up) to its
        // statement's end: a line break ends a statement where the next line cannot go on
        // (`})` then `Office.context.mailbox.item…` with no semicolon between them). Only
        // here: on a one-line bundle, finding a line's start reads back to the file's start.
        if !found {
            let end = occ
                .statement
                .end
                .max(occ.statement_by_semicolons.end)
                .max(at + 1);
            let mut line_start = at;
            for _ in 0..3 {
                line_start = text
                    .get(..line_start)
                    .and_then(|b| memchr::memrchr(b'\n', b.as_bytes()))
                    .map_or(0, |i| i + 1);
                if end - line_start < regions::REGION_MAX && try_region(line_start..end, &mut facts)
                {
                    found = true;
                    break;
                }
                if line_start == 0 {
                    break;
                }
                line_start -= 1;
            }
        }
        if !found && facts.parse_error.is_none() {
            let at = base + u32::try_from(at).unwrap_or(u32::MAX);
            facts.parse_error = Some((
                Span::new(at, at),
                "the code around this Office reference in a large file could not be parsed on its own".to_owned(),
            ));
        }
    }
    facts
}

/// Scans one whole script; `office` when it mentions Office, `graph` when it does not but has
/// the words of [`msgraph::may_use`] (the caller looked once).
fn scan_whole(
    text: &str,
    source_type: SourceType,
    base: u32,
    seeds: &Seeds,
    office: bool,
    graph: bool,
) -> FileFacts {
    let alloc = Allocator::default();
    let options = ParseOptions {
        allow_return_outside_function: true,
        ..ParseOptions::default()
    };
    let mut ret = Parser::new(&alloc, text, source_type)
        .with_options(options)
        .parse();
    // A classic script that is not valid as a module (octal literals, `with`): parse again as a
    // script before giving up.
    if (ret.panicked || !ret.diagnostics.is_empty()) && source_type.is_module() {
        let retry = Parser::new(&alloc, text, source_type.with_script(true))
            .with_options(options)
            .parse();
        if !retry.panicked && retry.diagnostics.is_empty() {
            ret = retry;
        }
    }
    let mut facts = FileFacts::default();
    for c in &ret.program.comments {
        let (start, end) = (c.span.start, c.span.end);
        if let Some(t) = text.get(start as usize..end as usize)
            && t.contains("audit-ignore")
        {
            facts
                .suppressions
                .extend(parse_suppression(t, Span::new(base + start, base + end)));
        }
    }
    if let Some(d) = ret.diagnostics.first() {
        let at = d.labels.first().map_or(0, oxc_span::LabeledSpan::offset);
        facts.parse_error = Some((Span::new(base + at, base + at), d.message.to_string()));
    }
    if ret.panicked {
        return facts;
    }
    (facts.imports, facts.reexports, facts.pages) = module::imports(&ret.program, base);
    let office = office || !seeds.is_empty();
    if !office && !graph {
        return facts;
    }
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(&ret.program)
        .semantic;
    // One pass over the nodes: cheaper, for a script parsed anyway, than looking for the words.
    let found = msgraph::analyse(&semantic, base);
    facts.scope_requests = found.scopes;
    facts.graph_calls = found.calls;
    facts.other_requests = found.others;
    facts.scope_exports = found.exports;
    facts.scope_args = found.args;
    facts.scope_returns = found.returns;
    facts.msal_tokens = found
        .token_calls
        .iter()
        .map(
            |(node, call, how)| match (how, semantic.nodes().kind(*node)) {
                (msgraph::TokenCall::Callback, oxc_ast::AstKind::CallExpression(c)) => {
                    token::follow(&semantic, base, &token::Parts::new(), c, *call)
                }
                _ => token::follow_given(
                    &semantic,
                    base,
                    &token::Parts::new(),
                    *node,
                    *call,
                    if *how == msgraph::TokenCall::Promise {
                        token::Gives::TokenPromise
                    } else {
                        token::Gives::MsalResult
                    },
                ),
            },
        )
        .collect();
    if !office {
        return facts;
    }
    let mut w = walk::Walker::new(&semantic, base, seeds);
    w.run();
    if !seeds.token_fns.is_empty() {
        facts.token_fns = token::global_functions(
            &semantic,
            &ret.program,
            base,
            w.url_parts(),
            &seeds.token_fns,
        );
    }
    facts.exports = w.exports();
    facts.services = w.services();
    facts.global_values = w.global_values();
    facts.fns = module::fn_graph(&semantic, &ret.program, base);
    facts.uses = w.uses;
    facts.unresolved = w.unresolved;
    facts.escapes = w.escapes;
    facts.ews = w.ews;
    facts.tokens = w.tokens;
    facts.handler_blocked = w.handler_blocked;
    facts.calls_out = w.calls_out;
    facts.undelivered = w.undelivered;
    facts.service_calls = w.service_calls;
    facts.services_taken = w.services_taken;
    facts.injected_seen = w.injected_seen;
    facts.global_values_seen = w.global_values_seen;
    facts.global_calls = w.global_calls;
    facts.globals_taken = w.globals_taken;
    facts
}

/// The oxc source type for a file name: TypeScript by extension, JSX in `.jsx`/`.tsx` and in
/// every JavaScript file (React projects made with Create React App write JSX in `.js`, and
/// JSX is unambiguous in JavaScript: `<` never starts a plain expression), modules by default.
#[must_use]
pub fn source_type_for(path: &std::path::Path) -> SourceType {
    let st = SourceType::from_path(path).unwrap_or_else(|_| SourceType::mjs());
    if st.is_javascript() {
        st.with_jsx(true)
    } else {
        st
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_the_configured_nesting_limit() {
        let deep = format!(
            "var a = {}Office.context.mailbox.item.body.setAsync('x'){};\n",
            "(".repeat(50),
            ")".repeat(50)
        );
        let apis = |max_nesting| {
            let f = scan_regions(&deep, SourceType::mjs(), 0, max_nesting);
            f.uses
                .iter()
                .filter_map(|u| u.candidates.first().map(|m| m.api()))
                .collect::<Vec<_>>()
        };
        assert!(apis(100).contains(&"Office.Body.setAsync".to_owned()));
        // The call's region nests 50 deep: beyond a limit of 10, it is not parsed.
        assert!(!apis(10).contains(&"Office.Body.setAsync".to_owned()));
    }

    #[test]
    fn what_a_region_hands_on_by_name_leaves_the_analysis_there() {
        // A region's top level is not the file's: a global it keeps, a global function it
        // calls, are escapes, not values for other scripts to be asked about.
        let text = "var current = Office.context.mailbox.item;\nshowSender(Office.context.mailbox.item);\n";
        let f = scan_regions(text, SourceType::cjs(), 0, 64);
        assert!(f.global_values.is_empty() && f.global_calls.is_empty());
        let hows: Vec<&str> = f.escapes.iter().map(|e| e.how.as_str()).collect();
        assert!(
            hows.iter()
                .any(|h| h.contains("kept in the global `current`")),
            "{hows:?}"
        );
        assert!(
            hows.iter().any(|h| h.contains("passed to `showSender`")),
            "{hows:?}"
        );
    }

    #[test]
    fn suppression_comments() {
        let s = Span::new(0, 0);
        let p = parse_suppression("// audit-ignore TIER001, req001: the server checks", s).unwrap();
        assert_eq!(p.codes, ["TIER001", "REQ001"]);
        assert_eq!(p.reason, "the server checks");
        assert!(!p.file_wide);
        let p = parse_suppression("/* audit-ignore-file JS002 */", s).unwrap();
        assert!(p.file_wide && p.reason.is_empty());
        assert!(parse_suppression("// audit-ignored", s).is_none());
        assert!(parse_suppression("// see audit-ignore docs", s).is_none());
    }

    fn apis(src: &str) -> Vec<String> {
        let facts = scan(src, SourceType::ts(), 0);
        facts
            .uses
            .iter()
            .map(|u| {
                let mut names: Vec<String> = u.candidates.iter().map(|m| m.api()).collect();
                names.sort();
                names.dedup();
                format!(
                    "{}{}@{}",
                    if u.probe { "probe:" } else { "" },
                    names.join("|"),
                    u.span.start
                )
            })
            .collect()
    }

    #[test]
    fn follows_chains_aliases_and_destructuring() {
        let u = apis("Office.context.mailbox.item.body.setAsync('x');");
        assert!(
            u.iter().any(|s| s.starts_with("Office.Body.setAsync")),
            "{u:?}"
        );
        let u = apis(
            "const item = Office.context.mailbox.item; const { body: b } = item; b.prependAsync('x');",
        );
        assert!(
            u.iter().any(|s| s.starts_with("Office.Body.prependAsync")),
            "{u:?}"
        );
        let u = apis(
            "const m = (window.Office as any).context.mailbox; m.makeEwsRequestAsync('', () => {});",
        );
        assert!(
            u.iter()
                .any(|s| s.starts_with("Office.Mailbox.makeEwsRequestAsync")),
            "{u:?}"
        );
        let u = apis(
            "const it = Office.context.mailbox.item as Office.MessageCompose; it.to.setAsync([]);",
        );
        assert!(
            u.iter().any(|s| s.starts_with("Office.MessageCompose.to@")),
            "{u:?}"
        );
        assert!(
            u.iter()
                .any(|s| s.starts_with("Office.Recipients.setAsync")),
            "{u:?}"
        );
        let u = apis("Office.context.mailbox.item?.['subject']!.setAsync('x')");
        assert!(
            u.iter().any(|s| s.starts_with("Office.Subject.setAsync")),
            "{u:?}"
        );
        let u =
            apis("const c = Office.cast.item.toMessageRead(Office.context.mailbox.item); c.from;");
        assert!(
            u.iter().any(|s| s.starts_with("Office.MessageRead.from")),
            "{u:?}"
        );
    }

    #[test]
    fn computed_keys_that_are_known() {
        // A parameter typed as a union of literals names each member.
        let u = apis(
            "function get(field: 'to' | 'cc') { return (Office.context.mailbox.item as Office.MessageCompose)[field].getAsync(cb); }",
        );
        assert!(
            u.iter().any(|s| s.contains("Office.MessageCompose.to")),
            "{u:?}"
        );
        assert!(
            u.iter().any(|s| s.contains("Office.MessageCompose.cc")),
            "{u:?}"
        );
        assert!(
            u.iter()
                .any(|s| s.starts_with("Office.Recipients.getAsync")),
            "{u:?}"
        );
        // Indexing an array member gives its element.
        let f = scan(
            "const a = Office.context.mailbox.item.attachments; for (let i = 0; i < a.length; i++) { console.log(a[i].name); }",
            SourceType::mjs(),
            0,
        );
        assert!(f.unresolved.is_empty(), "{:?}", f.unresolved);
        assert!(
            f.uses
                .iter()
                .any(|u| u.candidates.iter().any(|m| m.name == "name"))
        );
    }

    #[test]
    fn ignores_lookalikes_and_shadowing() {
        assert!(
            apis("function f(Office) { Office.context.mailbox.item.body.setAsync(); }").is_empty()
        );
        assert!(apis("// Office.context.mailbox.makeEwsRequestAsync\nconst s = 'Office.context.mailbox.item';").is_empty());
        assert!(apis("var body = { setAsync() {} }; body.setAsync(); function getCallbackTokenAsync() {} getCallbackTokenAsync();").is_empty());
    }

    #[test]
    fn probes_are_marked() {
        let u = apis(
            "if (Office.context.mailbox.item.getComposeTypeAsync) {} typeof Office.context.mailbox.item.body;",
        );
        assert!(
            u.iter()
                .any(|s| s.starts_with("probe:") && s.contains("getComposeTypeAsync")),
            "{u:?}"
        );
        assert!(
            u.iter()
                .any(|s| s.starts_with("probe:") && s.contains(".body@")),
            "{u:?}"
        );
    }

    #[test]
    fn ews_operations_are_read() {
        let f = scan(
            "const op = 'GetItem'; const req = `<soap:Envelope><soap:Body><m:${op}>`; const body = '<s:Envelope><s:Body><DeleteItem xmlns=\"x\"/></s:Body>';\nOffice.context.mailbox.makeEwsRequestAsync(body, cb);",
            SourceType::mjs(),
            0,
        );
        assert_eq!(f.ews.len(), 1);
        assert_eq!(f.ews[0].operations[0].0, "DeleteItem");
    }

    /// Each flow's requests as `client METHOD url`, and its escape count.
    fn flows(src: &str) -> Vec<(Vec<String>, usize)> {
        scan(src, SourceType::mjs(), 0)
            .tokens
            .iter()
            .map(|t| {
                let reqs = t
                    .requests
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {}",
                            r.client,
                            r.method.as_deref().unwrap_or("?"),
                            r.url.as_deref().unwrap_or("?")
                        )
                    })
                    .collect();
                (reqs, t.escapes.len())
            })
            .collect()
    }

    #[test]
    fn callback_tokens_are_followed_to_their_requests() {
        let mb = "const mb = Office.context.mailbox; const id = mb.convertToRestId(mb.item.itemId, 'v2.0');\n";
        // Destructured result, axios with the verb in the name.
        let f = flows(&format!(
            "{mb}mb.getCallbackTokenAsync({{ isRest: true }}, ({{ value }}) => axios.delete(mb.restUrl + '/v2.0/me/messages/' + id, {{ headers: {{ Authorization: `Bearer ${{value}}` }} }}));"
        ));
        assert_eq!(
            f,
            [(
                vec!["axios DELETE {restUrl}/v2.0/me/messages/{item}".to_owned()],
                0
            )]
        );
        // An async helper, `.then`, jQuery settings in a const, its default method. The
        // helper is a classic script's global, which other scripts may call: its return is
        // also an escape (the rules follow it to every call of that name they can see).
        let f = flows(&format!(
            "{mb}async function tok() {{ const r = await new Promise(res => mb.getCallbackTokenAsync({{ isRest: true }}, x => res(x.value))); return r; }}\n\
             const settings = {{ url: mb.restUrl + '/v2.0/me/mailfolders/inbox/messages', headers: {{}} }};\n\
             tok().then(t => {{ $.ajax({{ url: mb.restUrl + '/v2.0/me/messages/' + id, headers: {{ Authorization: 'Bearer ' + t }} }}); }});"
        ));
        assert_eq!(
            f,
            [(
                vec!["$.ajax GET {restUrl}/v2.0/me/messages/{item}".to_owned()],
                1
            )]
        );
        // XMLHttpRequest: the object's one `open` is the request; a method in a variable is
        // not known.
        let f = flows(&format!(
            "{mb}let m = 'GET'; m = 'PATCH';\nmb.getCallbackTokenAsync({{ isRest: true }}, function (r) {{ const x = new XMLHttpRequest(); x.open(m, mb.restUrl + '/v2.0/me/messages/' + id); x.setRequestHeader('Authorization', 'Bearer ' + r.value); x.send(); }});"
        ));
        assert_eq!(
            f,
            [(
                vec!["XMLHttpRequest ? {restUrl}/v2.0/me/messages/{item}".to_owned()],
                0
            )]
        );
        // Out of sight: a property, storage, an unknown method; reading the status or
        // logging is not. A function no binding declares is a global another script may
        // define: recorded for the module graph to follow.
        let src = "Office.context.mailbox.getCallbackTokenAsync(r => { if (r.status === 'failed') return; console.log(r.value); window.tok = r.value; localStorage.setItem('t', r.value); send(r.value); });";
        assert_eq!(flows(src), [(vec![], 2)]);
        let globals: Vec<(String, usize)> = scan(src, SourceType::mjs(), 0).tokens[0]
            .global_calls
            .iter()
            .map(|g| (g.name.clone(), g.index))
            .collect();
        assert_eq!(globals, [("send".to_owned(), 0)]);
        // A callback that cannot be followed.
        let f = flows("Office.context.mailbox.getCallbackTokenAsync(this.onToken);");
        assert_eq!(f, [(vec![], 1)]);
    }

    #[test]
    fn graph_scopes_requests_and_other_requests_are_read() {
        let f = scan(
            "const SCOPES = ['Mail.Read'];\n\
             const req = { scopes: [...SCOPES, 'https://graph.microsoft.com/Mail.Send'] };\n\
             pca.acquireTokenSilent(req);\n\
             pca.loginPopup();\n\
             pca.acquireTokenPopup({ scopes: makeScopes() });\n\
             client.api(`/me/messages/${id}/move`).version('beta').post({});\n\
             fetch('https://graph.microsoft.com/beta/me/mailFolders?$top=2');\n\
             fetch(GRAPH + path);\n\
             $.post('/api/save', { t: token });\n\
             window.open('https://example.com', '_blank');\n\
             export const shared = { scopes: ['User.Read'] };",
            SourceType::mjs(),
            0,
        );
        let scopes: Vec<Option<Vec<String>>> = f
            .scope_requests
            .iter()
            .map(|r| {
                r.scopes
                    .as_ref()
                    .map(|v| v.iter().map(|(s, _)| s.clone()).collect())
            })
            .collect();
        assert_eq!(
            scopes,
            [
                Some(vec![
                    "Mail.Read".to_owned(),
                    "https://graph.microsoft.com/Mail.Send".to_owned()
                ]),
                Some(vec![]),
                None,
            ]
        );
        let calls: Vec<(Option<&str>, Option<&str>)> = f
            .graph_calls
            .iter()
            .map(|c| (c.method.as_deref(), c.path.as_deref()))
            .collect();
        assert_eq!(
            calls,
            [
                (Some("POST"), Some("/me/messages/{id}/move")),
                (Some("GET"), Some("/me/mailfolders")),
            ]
        );
        // `fetch(GRAPH + path)` (unreadable) and `$.post` may carry a token; `window.open` no.
        assert_eq!(f.other_requests.len(), 2);
        assert_eq!(f.scope_exports.get("shared.scopes").map(Vec::len), Some(1));
    }

    #[test]
    fn guards_are_found() {
        let f = scan(
            "if (Office.context.requirements.isSetSupported('Mailbox', '1.8')) { Office.context.mailbox.item.getAttachmentsAsync(cb); }",
            SourceType::mjs(),
            0,
        );
        let u = f
            .uses
            .iter()
            .find(|u| u.candidates.iter().any(|m| m.name == "getAttachmentsAsync"))
            .unwrap();
        assert_eq!(u.guarded_set, Some(8));
    }

    #[test]
    fn token_checks_guard_the_branches_they_select() {
        let guarded = |code: &str| -> Vec<bool> {
            scan(code, SourceType::mjs(), 0)
                .uses
                .iter()
                .filter(|u| u.candidates.iter().any(|m| m.name == "makeEwsRequestAsync"))
                .map(|u| u.token_guarded)
                .collect()
        };
        let mb = "const mb = Office.context.mailbox; const E = Office.MailboxEnums.TokenStatus;";
        for (code, want) in [
            (
                "s === E.Enabled ? mb.makeEwsRequestAsync(x, f) : 0;",
                vec![true],
            ),
            (
                "s == Office.MailboxEnums.TokenStatus.Enabled && mb.makeEwsRequestAsync(x, f);",
                vec![true],
            ),
            (
                "if (s !== E.Enabled) { go(); } else { mb.makeEwsRequestAsync(x, f); }",
                vec![true],
            ),
            (
                "function g() { if (mb.userProfile.accountType != 'enterprise') { throw 1; } mb.makeEwsRequestAsync(x, f); }",
                vec![true],
            ),
            // Not guards: another comparison, a test that does not leave, the other branch.
            (
                "if (s === E.Disabled) { mb.makeEwsRequestAsync(x, f); }",
                vec![false],
            ),
            (
                "if (s !== E.Enabled) { go(); } mb.makeEwsRequestAsync(x, f);",
                vec![false],
            ),
            (
                "if (s === E.Enabled) { go(); } else { mb.makeEwsRequestAsync(x, f); }",
                vec![false],
            ),
            (
                "if ('enterprise' === kind) { mb.makeEwsRequestAsync(x, f); }",
                vec![false],
            ),
        ] {
            assert_eq!(guarded(&format!("{mb}\n{code}")), want, "{code}");
        }
    }
}
