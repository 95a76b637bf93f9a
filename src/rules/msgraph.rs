//! The add-in's Microsoft Graph privilege, judged (not a rule: what the GRAPH rules share).
//!
//! What the code requests (MSAL scopes) against what its Graph requests need
//! ([`crate::msgraph::least`]). Requested scopes are judged only when every request's scopes
//! were read and none is `.default`; a requested scope is called unneeded only when, besides,
//! every Graph request's method and path were read and known to the permission map, the add-in
//! makes no other HTTP request (where a token could go), and the audit has no gaps.

use std::fmt::Write as _;

use super::call_sites::CallSites;
use super::{Context, ScannedFile};
use crate::scan::{GraphCall, ParamSink, ScopeArg, ScopeArgValue};
use crate::source::Location;

/// Scopes MSAL adds or that only sign the user in: never judged.
const SIGN_IN: &[&str] = &["openid", "profile", "offline_access", "email"];

/// A requested scope, where it is written (code, or the manifest's `WebApplicationInfo`).
pub struct Requested {
    /// The scope, without `https://graph.microsoft.com/`.
    pub scope: String,
    /// Where.
    pub location: Location,
}

impl Requested {
    /// Where.
    #[must_use]
    pub fn location(&self) -> Location {
        self.location.clone()
    }
}

/// A Graph request and the narrowest scopes it needs.
pub struct Call<'a> {
    /// The request.
    pub call: &'a GraphCall,
    /// The file.
    pub file: &'a ScannedFile,
    /// What it needs ([`crate::msgraph::need`]): `need.least` is empty when neither the map
    /// nor a hand-kept fact knows it.
    pub need: crate::msgraph::Need,
    /// The path: the request's own, or one a call of its function passes as the path
    /// parameter ([`GraphCall::path_param`]).
    pub path: Option<String>,
}

impl Call<'_> {
    /// Where.
    #[must_use]
    pub fn location(&self) -> Location {
        self.file.location(self.call.span)
    }

    /// `PATCH /me/messages/{id}`.
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "{} {}",
            self.call.method.as_deref().unwrap_or("(method unknown)"),
            self.path.as_deref().unwrap_or("(path unknown)")
        )
    }
}

/// What the add-in asks of Microsoft Graph and what it uses.
#[expect(
    clippy::struct_excessive_bools,
    reason = "four independent facts read from the code, not a state machine"
)]
pub struct Model<'a> {
    /// Every scope requested, where written.
    pub requested: Vec<Requested>,
    /// MSAL calls whose scopes cannot be read, or that ask for `.default`.
    pub unreadable: Vec<(Location, String)>,
    /// Whether any MSAL call was found.
    pub any_request: bool,
    /// Whether the manifest's single sign-on scopes were added.
    sso_seen: bool,
    /// The Graph requests.
    pub calls: Vec<Call<'a>>,
    /// Other HTTP requests (a token may go there).
    pub others: Vec<Location>,
    /// Whether every MSAL token was followed to its end: then [`Model::others`] are the
    /// requests outside Microsoft Graph that carry one (its scopes leave for that server);
    /// otherwise every request outside Microsoft Graph, any of which may carry one.
    pub followed: bool,
    /// When not [`Model::followed`]: where the first token goes out of sight and how (the
    /// construct a note names).
    pub lost: Option<(Location, String)>,
    /// Whether some scopes came through a function's parameter from the calls the audit
    /// found: those are requested, but a call it cannot see may request more.
    pub partial: bool,
    /// Whether the tier analysis saw all the code that could make requests.
    code_complete: bool,
}

/// Scopes never called unneeded: nested app authentication needs one resource scope.
const KEEP: &[&str] = &["User.Read"];

/// The verdict on the add-in's Microsoft Graph scopes: the one the GRAPH rules report and
/// the reports' banner shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeVerdict {
    /// A request needs a scope that is not requested (GRAPH001).
    Missing,
    /// A requested scope is broader than, or beside, what the requests need (GRAPH002).
    Broader,
    /// Not every requested scope or request could be read (GRAPH004), so nothing is judged.
    Unverified,
    /// The requested scopes are what the requests need.
    Least,
}

impl ScopeVerdict {
    /// `missing`, `broader`, `unverified` or `least`, as JSON writes it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ScopeVerdict::Missing => "missing",
            ScopeVerdict::Broader => "broader",
            ScopeVerdict::Unverified => "unverified",
            ScopeVerdict::Least => "least",
        }
    }
}

/// The Graph paths the calls of a function pass to its parameter, through the functions that
/// pass their own parameter on, and whether those are every call's.
fn paths_through(
    args: &ArgsBySink<'_, '_>,
    sites: &mut CallSites<'_>,
    sink: &ParamSink,
) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let (found, complete) = reaching(args, sites, sink);
    for (_, arg) in found {
        if let ScopeArgValue::Path(p) = &arg.value
            && !out.contains(p)
        {
            out.push(p.clone());
        }
    }
    (out, complete)
}

/// The arguments recorded for each (function, parameter index).
type ArgsBySink<'f, 'g> =
    std::collections::HashMap<(&'f str, usize), Vec<(&'g ScannedFile, &'g ScopeArg)>>;

/// The arguments that reach a function's parameter from its calls, through the functions
/// that pass their own parameter on (bounded: a helper may call itself), those pass-ons
/// left out; and whether they are every call's ([`CallSites`]), along the whole way.
fn reaching<'g>(
    args: &ArgsBySink<'_, 'g>,
    sites: &mut CallSites<'_>,
    sink: &ParamSink,
) -> (Vec<(&'g ScannedFile, &'g ScopeArg)>, bool) {
    let mut todo = vec![(sink.function.clone(), sink.index)];
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut complete = true;
    while let Some((name, index)) = todo.pop() {
        if seen.len() > 64 {
            complete = false;
            break;
        }
        if !seen.insert((name.clone(), index)) {
            continue;
        }
        let recorded = args.get(&(name.as_str(), index)).map_or(0, Vec::len);
        if complete && (recorded == 0 || !sites.complete(&name, index, recorded)) {
            complete = false;
        }
        for &(file, arg) in args.get(&(name.as_str(), index)).into_iter().flatten() {
            match &arg.value {
                ScopeArgValue::Forward(f, j) => todo.push((f.clone(), *j)),
                _ => out.push((file, arg)),
            }
        }
    }
    (out, complete)
}

/// A scope as the map names it: `https://graph.microsoft.com/Mail.Read` → `Mail.Read`.
fn bare(scope: &str) -> &str {
    let s = scope.trim();
    s.strip_prefix("https://graph.microsoft.com/").unwrap_or(s)
}

/// Whether the token of `flow` (in `file`) reaches only requests once followed through the
/// functions and methods that return it to their callers ([`CallSites::token_flows`]), at
/// most a few returns deep: then those requests are added to `carrying`.
fn through_returns<'f>(
    sites: &mut CallSites<'f>,
    file: &'f ScannedFile,
    flow: &crate::scan::TokenFlow,
    carrying: &mut Carrying<'f>,
    depth: usize,
) -> bool {
    let resolvable = depth < 4
        && flow.global_calls.is_empty()
        && flow
            .escapes
            .iter()
            .all(|(at, _)| flow.returned.iter().any(|(r, ..)| r == at));
    if !resolvable {
        return false;
    }
    let mut reached: Carrying<'f> = std::collections::HashSet::new();
    reached.extend(flow.requests.iter().map(|q| (file.path.as_path(), q.span)));
    for (_, name, promise, here) in &flow.returned {
        let Some(calls) = sites.token_flows(name, *promise, !*here) else {
            return false;
        };
        for (f, fl) in calls {
            reached.extend(fl.requests.iter().map(|q| (f.path.as_path(), q.span)));
            let done = fl.escapes.is_empty() && fl.global_calls.is_empty();
            if !done && !through_returns(sites, f, &fl, &mut reached, depth + 1) {
                return false;
            }
        }
    }
    carrying.extend(reached);
    true
}

/// The requests (file, call) that carry an access token.
type Carrying<'f> = std::collections::HashSet<(&'f std::path::Path, crate::source::Span)>;

/// Where the add-in's access tokens go: whether every one was followed to its end, the
/// requests (file, span) that carry one, and, when not, where the first goes out of sight.
fn token_reach<'f>(
    a: &Context<'f>,
    sites: &mut CallSites<'f>,
) -> (bool, Carrying<'f>, Option<(Location, String)>) {
    let mut followed = true;
    let mut lost = None;
    let mut carrying = std::collections::HashSet::new();
    for f in &a.files {
        for r in f
            .facts
            .scope_requests
            .iter()
            .filter(|r| a.counts(f, r.span))
        {
            match f.facts.msal_tokens.iter().find(|t| t.call == r.span) {
                Some(flow) if flow.escapes.is_empty() && flow.global_calls.is_empty() => {
                    carrying.extend(flow.requests.iter().map(|q| (f.path.as_path(), q.span)));
                }
                Some(flow) if through_returns(sites, f, flow, &mut carrying, 0) => {}
                Some(flow) => {
                    followed = false;
                    let at = match (flow.escapes.first(), flow.global_calls.first()) {
                        (Some((at, how)), _) => (f.location(*at), how.clone()),
                        (None, Some(g)) => (
                            f.location(g.span),
                            format!("it is passed to `{}`, a function of another script", g.name),
                        ),
                        (None, None) => (f.location(r.span), "it is not followed".to_owned()),
                    };
                    lost.get_or_insert(at);
                }
                None => {
                    followed = false;
                    let how = if r.via == "getAccessToken" {
                        "the single sign-on token of `getAccessToken` is not followed".to_owned()
                    } else {
                        format!("the token of `{}` is not followed", r.via)
                    };
                    lost.get_or_insert((f.location(r.span), how));
                }
            }
        }
    }
    (followed, carrying, lost)
}

impl<'a> Model<'a> {
    /// Reads the model from the facts that count for the audit (once: [`Context::graph`]).
    #[must_use]
    pub(super) fn of(a: &Context<'a>) -> Self {
        let mut m = Model {
            requested: Vec::new(),
            unreadable: Vec::new(),
            any_request: false,
            sso_seen: false,
            calls: Vec::new(),
            others: Vec::new(),
            followed: true,
            lost: None,
            partial: false,
            code_complete: a.judgement().gaps().next().is_none(),
        };
        let mut sinks: std::collections::HashSet<&ParamSink> = std::collections::HashSet::new();
        // Every call of a helper can be known only where no code is hidden from the audit.
        let code_seen = a.judgement().gaps().all(|g| !g.kind.hides_code());
        let mut sites = CallSites::new(if code_seen { &a.files } else { &[] }, code_seen);
        // Unreadable scopes by (file, expression): the note's index and how many more calls.
        let mut same: std::collections::HashMap<(&std::path::Path, &str), (usize, usize)> =
            std::collections::HashMap::new();
        let mut args: std::collections::HashMap<(&str, usize), Vec<(&ScannedFile, &ScopeArg)>> =
            std::collections::HashMap::new();
        // Where the access tokens go. When every token is followed to its end (nothing
        // escapes, no redirect flow), only the requests that carry one can use the scopes:
        // another request (the add-in's own API, with its own key) does not keep the verdict
        // from being drawn.
        let (followed, carrying, out_of_sight) = token_reach(a, &mut sites);
        m.lost = out_of_sight;
        // Request builders by name: the parameter that gives the request's scopes.
        let mut returns: std::collections::HashMap<&str, Vec<&ParamSink>> =
            std::collections::HashMap::new();
        for f in &a.files {
            for g in f.facts.scope_args.iter().filter(|g| a.counts(f, g.span)) {
                args.entry((g.callee.as_str(), g.index))
                    .or_default()
                    .push((*f, g));
            }
            for p in &f.facts.scope_returns {
                returns.entry(p.function.as_str()).or_default().push(p);
            }
        }
        for f in &a.files {
            for r in f
                .facts
                .scope_requests
                .iter()
                .filter(|r| a.counts(f, r.span))
            {
                m.any_request = true;
                let imported = a
                    .imported_scopes
                    .iter()
                    .find(|i| std::ptr::eq(i.file, *f) && i.call == r.span && i.argument.is_none());
                if r.via == "getAccessToken" {
                    m.sso(a, f.location(r.span));
                    continue;
                }
                // The request a helper builds (`getTokenRequest(scopes, …)`): its scopes are
                // the helper's parameter, given by the helper's calls.
                if let (None, Some(builder)) = (&r.scopes, &r.returned_by) {
                    let built: Vec<&ParamSink> =
                        returns.get(builder.as_str()).cloned().unwrap_or_default();
                    let mut found = false;
                    for p in built {
                        if sinks.insert(p) {
                            found |= m.through_param(&args, &mut sites, &a.imported_scopes, p);
                        } else {
                            found = true;
                        }
                    }
                    if !found {
                        m.unreadable.push((
                            f.location(r.span),
                            format!(
                                "the scopes of this `{}` call are in the request `{builder}` returns, and no call of `{builder}` whose scopes could be read was found",
                                r.via
                            ),
                        ));
                    }
                    continue;
                }
                if let (None, Some(p)) = (&r.scopes, &r.param) {
                    // A helper's silent, popup and redirect calls share one parameter: it is
                    // followed, and noted when unreadable, once.
                    if sinks.insert(p) && !m.through_param(&args, &mut sites, &a.imported_scopes, p)
                    {
                        m.unreadable.push((
                            f.location(r.span),
                            format!(
                                "the scopes of this `{}` call are parameter {} of `{}`, and no call of `{}` that passes them could be read",
                                r.via,
                                p.index + 1,
                                p.function,
                                p.function
                            ),
                        ));
                    }
                    continue;
                }
                let (list, file) = match (&r.scopes, imported) {
                    (Some(list), _) => (Some(list.as_slice()), *f),
                    (None, Some(i)) => (Some(i.scopes), i.target),
                    (None, None) => (None, *f),
                };
                let Some(list) = list else {
                    // Calls of one file with the same unreadable scopes get one note.
                    let same_as = match (&r.import, &r.unread) {
                        (None, Some(text)) => Some((f.path.as_path(), text.as_str())),
                        _ => None,
                    };
                    if let Some(key) = same_as {
                        if let Some(n) = same.get_mut(&key) {
                            n.1 += 1;
                            continue;
                        }
                        same.insert(key, (m.unreadable.len(), 0));
                    }
                    let why = match (&r.import, &r.unread) {
                        (Some((module, key)), _) => format!(
                            "the scopes of this `{}` call are `{key}` from `{module}`, which the audit cannot read there",
                            r.via
                        ),
                        (None, Some(text)) => {
                            format!(
                                "the scopes of this `{}` call (`{text}`) cannot be read",
                                r.via
                            )
                        }
                        (None, None) => {
                            format!("the scopes of this `{}` call cannot be read", r.via)
                        }
                    };
                    m.unreadable.push((f.location(r.span), why));
                    continue;
                };
                m.written(file, list);
            }
            for c in f.facts.graph_calls.iter().filter(|c| a.counts(f, c.span)) {
                // A helper's path parameter: one request per path its calls pass (more may
                // come from calls the audit cannot see: the model is partial then).
                let (paths, complete) = match (&c.path, &c.path_param) {
                    (None, Some(p)) => paths_through(&args, &mut sites, p),
                    _ => (Vec::new(), true),
                };
                if !paths.is_empty() && !complete {
                    m.partial = true;
                }
                let paths = if paths.is_empty() {
                    vec![c.path.clone()]
                } else {
                    paths.into_iter().map(Some).collect()
                };
                for path in paths {
                    let need = match (&c.method, &path) {
                        (Some(method), Some(path)) => {
                            crate::msgraph::need(method, path, c.select.as_deref())
                        }
                        _ => crate::msgraph::Need::default(),
                    };
                    m.calls.push(Call {
                        call: c,
                        file: f,
                        need,
                        path,
                    });
                }
            }
            for s in f.facts.other_requests.iter().filter(|s| a.counts(f, **s)) {
                if !followed || carrying.contains(&(f.path.as_path(), *s)) {
                    m.others.push(f.location(*s));
                }
            }
        }
        m.followed = followed;
        for (i, more) in same.into_values() {
            if more > 0
                && let Some((_, why)) = m.unreadable.get_mut(i)
            {
                let _ = write!(
                    why,
                    ", nor those of {more} more call(s) in this file that use it"
                );
            }
        }
        m
    }

    /// The scopes the calls of a function pass to its parameter, followed through the
    /// functions that pass their own parameter on: whether any were found (then recorded, and
    /// the model is [`Model::partial`]).
    fn through_param(
        &mut self,
        args: &ArgsBySink<'_, '_>,
        sites: &mut CallSites<'_>,
        imports: &[super::ImportedScopes<'_>],
        sink: &ParamSink,
    ) -> bool {
        let mut found = false;
        let (reached, complete) = reaching(args, sites, sink);
        for (file, arg) in reached {
            let (file, list) = match &arg.value {
                ScopeArgValue::Scopes(l) if !sink.request => (file, l.as_slice()),
                ScopeArgValue::Request(l) if sink.request => (file, l.as_slice()),
                // An imported array of scopes (`defaultScopes`), read where it is declared.
                ScopeArgValue::Import(..) if !sink.request => {
                    let Some(i) = imports.iter().find(|i| {
                        std::ptr::eq(i.file, file)
                            && i.call == arg.span
                            && i.argument == Some(arg.index)
                    }) else {
                        continue;
                    };
                    (i.target, i.scopes)
                }
                _ => continue,
            };
            found = true;
            self.written(file, list);
        }
        if found && !complete {
            self.partial = true;
        }
        found
    }

    /// Records the scopes written in a file: each requested, `.default` not checkable.
    fn written(&mut self, file: &ScannedFile, list: &[(String, crate::source::Span)]) {
        for (s, span) in list {
            let s = bare(s);
            if s == ".default" || s.ends_with("/.default") {
                self.unreadable.push((
                    file.location(*span),
                    "`.default` asks for whatever the app registration has: which scopes that is cannot be checked from the code".to_owned(),
                ));
            } else {
                self.request(s, file.location(*span));
            }
        }
    }

    /// Records a requested scope (sign-in scopes are left out).
    fn request(&mut self, scope: &str, location: Location) {
        // Entra treats scope names case-insensitively (`mail.read` in many manifests): the
        // map's spelling, where it knows the scope.
        let s = bare(scope);
        let s = crate::msgraph::scope(s).map_or(s, |known| known.name);
        // Two MSAL calls of one helper (silent, then popup) read the same scopes once.
        let known = self
            .requested
            .iter()
            .any(|r| r.scope == s && r.location == location);
        if !known && !SIGN_IN.iter().any(|x| x.eq_ignore_ascii_case(s)) {
            self.requested.push(Requested {
                scope: s.to_owned(),
                location,
            });
        }
    }

    /// `Office.auth.getAccessToken`: the scopes the manifest's `WebApplicationInfo` declares.
    fn sso(&mut self, a: &Context<'_>, call: Location) {
        if self.sso_seen {
            return;
        }
        self.sso_seen = true;
        match &a.manifest.sso_scopes {
            Some(list) => {
                for s in list {
                    self.request(&s.value, a.manifest_location(s.span));
                }
            }
            None => self.unreadable.push((
                call,
                "`getAccessToken` gets the scopes of the app registration, which this manifest does not list (no <WebApplicationInfo><Scopes>)".to_owned(),
            )),
        }
    }

    /// The requests outside Microsoft Graph where a token leaves ([`Model::others`]), when
    /// there is a token to carry (some scopes are requested, readable or not).
    #[must_use]
    pub fn token_leaves(&self) -> &[Location] {
        if self.requested.is_empty() && self.unreadable.is_empty() {
            &[]
        } else {
            &self.others
        }
    }

    /// Whether the add-in uses Office single sign-on (`getAccessToken`): its token goes to the
    /// add-in's own server, which exchanges it for Graph scopes.
    #[must_use]
    pub fn single_sign_on(&self) -> bool {
        self.sso_seen
    }

    /// Whether every requested scope is known: some were requested, all could be read, none
    /// is `.default`, and none came through a parameter (a call the audit cannot see may pass
    /// more).
    #[must_use]
    pub fn requested_known(&self) -> bool {
        self.requested_read() && !self.partial
    }

    /// Whether every requested scope the audit found could be read (none `.default`): each
    /// of them is requested, whether or not calls it cannot see request more.
    #[must_use]
    pub fn requested_read(&self) -> bool {
        self.any_request && self.unreadable.is_empty()
    }

    /// Whether a requested scope allows the request.
    #[must_use]
    pub fn covered(&self, c: &Call<'_>) -> bool {
        self.requested.iter().any(|r| {
            c.need
                .allowing
                .iter()
                .any(|l| crate::msgraph::includes(&r.scope, l))
        })
    }

    /// The requests whose need no requested scope covers, when every requested scope is
    /// known (GRAPH001).
    #[must_use]
    pub fn missing(&self) -> Vec<&Call<'a>> {
        if !self.requested_known() {
            return Vec::new();
        }
        self.calls
            .iter()
            .filter(|c| !c.need.least.is_empty() && !self.covered(c))
            .collect()
    }

    /// The requested scopes no request needs, each with the needed scopes it includes
    /// (GRAPH002): only when every request is read and allowed, no other HTTP request may
    /// carry the token, and the tier analysis saw all the code (unseen code may request
    /// more). Scopes found through a parameter are requested even if unseen calls request
    /// more, so a broader one among them is still one.
    #[must_use]
    pub fn unneeded(&self) -> Vec<(&Requested, Vec<&'static str>)> {
        let Some(needed) = self.judged_needed() else {
            return Vec::new();
        };
        self.requested
            .iter()
            .filter(|r| {
                !KEEP.iter().any(|k| k.eq_ignore_ascii_case(&r.scope))
                    && !needed.iter().any(|n| n.eq_ignore_ascii_case(&r.scope))
            })
            .map(|r| {
                let narrower = needed
                    .iter()
                    .copied()
                    .filter(|n| crate::msgraph::includes(&r.scope, n))
                    .collect();
                (r, narrower)
            })
            .collect()
    }

    /// The sign-in scopes kept out of [`Model::unneeded`] (`User.Read`) that no request needs,
    /// where [`Model::unneeded`] would judge: a note, as most apps carry it to sign in.
    #[must_use]
    pub fn unused_sign_in(&self) -> Vec<&Requested> {
        let Some(needed) = self.judged_needed() else {
            return Vec::new();
        };
        self.requested
            .iter()
            .filter(|r| {
                KEEP.iter().any(|k| k.eq_ignore_ascii_case(&r.scope))
                    && !needed.iter().any(|n| crate::msgraph::includes(&r.scope, n))
            })
            .collect()
    }

    /// [`Model::needed`], when a requested scope may be judged against it: every requested
    /// scope read, every request read, allowed and of a known mailbox, no other HTTP request
    /// where the token may go, and no gap in the tier analysis (unseen code may request more).
    fn judged_needed(&self) -> Option<Vec<&'static str>> {
        if !self.requested_read()
            || !self.others.is_empty()
            || !self.code_complete
            || self.calls.iter().any(|c| {
                c.need.least.is_empty()
                    || c.need.owner_unknown
                    || c.call.method.is_none()
                    || !self.covered(c)
            })
        {
            return None;
        }
        self.needed()
    }

    /// The verdict, when the add-in uses Microsoft Graph at all.
    #[must_use]
    pub fn verdict(&self) -> Option<ScopeVerdict> {
        if self.requested.is_empty() && self.calls.is_empty() {
            return None;
        }
        Some(if !self.missing().is_empty() {
            ScopeVerdict::Missing
        } else if !self.unneeded().is_empty() {
            ScopeVerdict::Broader
        } else if self.needed().is_none()
            || !self.requested_known()
            || !self.unreadable.is_empty()
            || self
                .calls
                .iter()
                .any(|c| c.need.least.is_empty() || c.need.owner_unknown)
        {
            ScopeVerdict::Unverified
        } else {
            ScopeVerdict::Least
        })
    }

    /// The narrowest scopes the requests need together (the first of each request's
    /// choices), when every request is known and the code makes no other HTTP request (a
    /// server it calls may use the token for more).
    #[must_use]
    pub fn needed(&self) -> Option<Vec<&'static str>> {
        if !self.others.is_empty() {
            return None;
        }
        let mut out: Vec<&'static str> = Vec::new();
        for c in &self.calls {
            let first = *c.need.least.first()?;
            if !out.iter().any(|o| crate::msgraph::includes(o, first)) {
                out.retain(|o| !crate::msgraph::includes(first, o));
                out.push(first);
            }
        }
        out.sort_unstable();
        Some(out)
    }
}
