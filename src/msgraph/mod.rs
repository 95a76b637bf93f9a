//! Microsoft Graph permission scopes: which delegated scope each Graph request needs.
//!
//! [`generated`] is produced from Microsoft's current permission map (microsoft-graph-devx-
//! content `permissions/new/permissions.json`, 2026-08-07, pinned in `data/graph-permissions/`)
//! by [`codegen`], keeping the delegated work-account scheme only: the scopes an add-in's
//! nested app authentication or `getAccessToken` request can ask for, and, for each request
//! path and method, the scopes that allow it and those the map marks least privileged. What
//! the map does not model is hand-kept in [`facts`], each fact with its reason and a dated
//! Microsoft source. [`includes`] is the scope hierarchy (`Mail.ReadWrite` includes
//! `Mail.Read` includes `Mail.ReadBasic`; `.Shared` and `.All` widen a scope), from which
//! [`need`] picks the narrowest scopes a request needs.

#[cfg(test)]
mod codegen;
pub mod facts;
#[rustfmt::skip]
mod generated;

/// A delegated (work account) permission scope.
#[derive(Debug)]
pub struct Scope {
    /// `Mail.ReadWrite`.
    pub name: &'static str,
    /// Whether an administrator must consent (`requiresAdminConsent`).
    pub admin: bool,
    /// Microsoft's short description for admins.
    pub display: &'static str,
    /// Microsoft's description for admins.
    pub description: &'static str,
}

/// The scopes that allow one method on one path.
#[derive(Debug)]
pub struct Grant {
    /// `GET`, `POST`, `PATCH`, `PUT`, `DELETE`.
    pub method: &'static str,
    /// The path, lower-case, with `{id}` for an identifier and `...` for any segments.
    pub path: &'static str,
    /// Every scope that allows it.
    pub scopes: &'static [&'static str],
    /// Those the map marks least privileged for it.
    pub least: &'static [&'static str],
}

/// Every delegated scope, by name.
#[must_use]
pub fn all() -> &'static [Scope] {
    generated::SCOPES
}

/// The scope of this name (any case).
#[must_use]
pub fn scope(name: &str) -> Option<&'static Scope> {
    generated::SCOPES
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))
}

/// A scope's parts: resource (`Mail`), operation rank, and reach (`""`, `Shared`, `All`).
fn parts(name: &str) -> (&str, Option<u8>, &str) {
    let mut it = name.split('.');
    let resource = it.next().unwrap_or("");
    let operation = it.next().unwrap_or("");
    let reach = it.next().unwrap_or("");
    let rank = match operation {
        "ReadBasic" => Some(1),
        "Read" => Some(2),
        "ReadWrite" => Some(3),
        _ => None,
    };
    (resource, rank, reach)
}

fn reach_rank(reach: &str) -> Option<u8> {
    match reach {
        "" => Some(0),
        "Shared" => Some(1),
        "All" => Some(2),
        _ => None,
    }
}

/// Whether scope `a` allows everything scope `b` allows. Microsoft names permissions
/// `resource.operation.constraint` (Microsoft Graph permissions overview): within one
/// resource, `ReadWrite` includes `Read` includes `ReadBasic`, and the constraint `Shared`
/// (the user's and shared items) or `All` (every user's) widens the user's own. Other
/// operations (`Send`, `Export`) and constraints (`Selected`, `AppFolder`) include only
/// themselves.
#[must_use]
pub fn includes(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if facts::INCLUDES.iter().any(|i| {
        i.wider.iter().any(|w| w.eq_ignore_ascii_case(a)) && i.narrower.eq_ignore_ascii_case(b)
    }) {
        return true;
    }
    let (ra, oa, ca) = parts(a);
    let (rb, ob, cb) = parts(b);
    match (oa, ob, reach_rank(ca), reach_rank(cb)) {
        (Some(oa), Some(ob), Some(ca), Some(cb)) => ra == rb && oa >= ob && ca >= cb,
        _ => false,
    }
}

/// Whether a table path (with `{id}` and `...`) matches a request path pattern (lower-case,
/// `{id}` where the request's segment is not known).
fn matches(table: &[&str], path: &[&str]) -> bool {
    match (table.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((&"...", rest)), _) => {
            (0..=path.len()).any(|skip| path.get(skip..).is_some_and(|p| matches(rest, p)))
        }
        (Some((t, trest)), Some((p, prest))) => (*t == "{id}" || t == p) && matches(trest, prest),
        _ => false,
    }
}

/// The request path as the table spells it: lower-case, without the host, version and query.
#[must_use]
pub fn normalize(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://graph.microsoft.com")
        .unwrap_or(&lower);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = rest
        .strip_prefix("/v1.0")
        .or_else(|| rest.strip_prefix("/beta"))
        .unwrap_or(rest);
    let trimmed = rest.trim_end_matches('/');
    if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

/// A path's segments as the table matches them: [`normalize`]d, and a OneDrive path address
/// (`root:/Folder/file.txt:`, `items/{id}:/name:`) as one segment, `{id}:` (or `{id}` when
/// it runs to the end): the map writes both `root:/{id}:/content` and examples such as
/// `root:/foldera/fileb.txt:/content`, and a request's address is any path.
#[must_use]
pub fn segments(path: &str) -> Vec<String> {
    let path = normalize(path);
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if open {
            if seg.ends_with(':') {
                out.push("{id}:".to_owned());
                open = false;
            }
            continue;
        }
        out.push(seg.to_owned());
        open = seg.ends_with(':');
    }
    if open {
        out.push("{id}".to_owned());
    }
    out
}

/// Whether a table path matches a request path's [`segments`].
fn path_matches(table: &str, segs: &[&str]) -> bool {
    let mut t = table.split('/').filter(|s| !s.is_empty());
    // Most of the table starts elsewhere: decided on the first segment before collecting.
    match (t.next(), segs.first()) {
        (Some(first), Some(s)) if first == *s || first == "{id}" || first == "..." => {}
        (None, None) => return true,
        _ => return false,
    }
    let t: Vec<&str> = table.split('/').filter(|s| !s.is_empty()).collect();
    matches(&t, segs)
}

/// The grants whose path matches `path`, for `method` or, when `None`, any.
#[must_use]
pub fn grants(method: Option<&str>, path: &str) -> Vec<&'static Grant> {
    let segs = segments(path);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    generated::GRANTS
        .iter()
        .filter(|g| method.is_none_or(|m| g.method.eq_ignore_ascii_case(m)))
        .filter(|g| path_matches(g.path, &segs))
        .collect()
}

/// Where a request's need was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Microsoft's permission map.
    Map,
    /// A hand-kept fact ([`facts`]).
    Fact(&'static facts::Fact),
    /// A hand-kept rule ([`facts::Rule`]).
    Rule(facts::Rule),
}

/// What one Graph request needs.
#[derive(Debug, Clone, Default)]
pub struct Need {
    /// Every scope that allows it (empty: neither the map nor a fact knows the request).
    pub allowing: Vec<&'static str>,
    /// The narrowest of them, the advice: any one suffices, the first is advised.
    pub least: Vec<&'static str>,
    /// Whose mailbox `/users/{id}/…` names cannot be read: the own scopes suffice for the
    /// signed-in user's, the `.Shared` ones are needed for another's (then in [`Need::least`]
    /// too). Such a request is never the ground for calling a scope broader.
    pub owner_unknown: bool,
    /// What answered, beside the map.
    pub sources: Vec<Source>,
}

/// What a request reads, where it decides between a `ReadBasic` and a `Read` scope: the
/// `$select`ed properties (lower-case), when the request's query could be read and expands
/// nothing.
pub type Select<'a> = Option<&'a [String]>;

/// The properties a URL's query `$select`s (lower-case), when the whole query is text (a
/// value built into it, marked `\0` by the scan, could add anything) and has a `$select` and
/// no `$expand`: the [`Select`] of a request, for the scan and for `audit explain`.
#[must_use]
pub fn select_of(url: &str) -> Option<Vec<String>> {
    let (_, query) = url.split_once('?')?;
    if query.contains('\0') {
        return None;
    }
    let mut select = None;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = key.trim().to_ascii_lowercase().replace("%24", "$");
        match key.as_str() {
            "$select" | "select" => {
                select = Some(
                    value
                        .split(',')
                        .map(|s| s.trim().to_ascii_lowercase())
                        .filter(|s| !s.is_empty())
                        .collect(),
                );
            }
            "$expand" | "expand" => return None,
            _ => {}
        }
    }
    select
}

/// The narrowest scopes that allow `method` on `path`, with what answered: [`need`]'s scopes.
/// Empty when neither the map nor a fact knows the request.
#[must_use]
pub fn least(method: &str, path: &str) -> Vec<&'static str> {
    need(method, path, None).least
}

/// What `method` on `path` needs, reading `select` for the `ReadBasic` scopes.
///
/// The allowing scopes are the map's and the hand-kept facts'; a `ReadBasic` scope allows it
/// only where it reads no body, preview, attachment or extended property ([`facts::Rule::
/// ReadBasic`]); the narrowest are those including no other allowing scope, narrowed to the
/// ones marked least privileged (by a matching fact, else by the map) when any is. Another
/// user's mailbox, calendar or contacts need the `.Shared` scopes ([`facts::Rule::Shared`]).
#[must_use]
pub fn need(method: &str, path: &str, select: Select<'_>) -> Need {
    let segs = segments(path);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let mut n = Need::default();
    let mut map_least: Vec<&'static str> = Vec::new();
    for g in generated::GRANTS
        .iter()
        .filter(|g| g.method.eq_ignore_ascii_case(method))
        .filter(|g| path_matches(g.path, &segs))
    {
        if !n.sources.contains(&Source::Map) {
            n.sources.push(Source::Map);
        }
        n.allowing.extend(g.scopes.iter().copied());
        map_least.extend(g.least.iter().copied());
    }
    let mut fact_least: Vec<&'static str> = Vec::new();
    for f in facts::FACTS
        .iter()
        .filter(|f| f.method == "*" || f.method.eq_ignore_ascii_case(method))
        .filter(|f| path_matches(f.path, &segs))
    {
        if f.replaces {
            n.allowing.clear();
            n.sources.retain(|s| *s != Source::Map);
        }
        n.sources.push(Source::Fact(f));
        n.allowing.extend(f.scopes.iter().copied());
        fact_least.extend(f.least.iter().copied());
    }
    n.allowing.sort_unstable();
    n.allowing.dedup();
    // A `ReadBasic` scope beside its `Read` scope allows the request only where it reads
    // nothing the basic one leaves out.
    let read = n.allowing.clone();
    let before = n.allowing.len();
    n.allowing.retain(|s| {
        let (resource, rank, reach) = parts(s);
        rank != Some(1)
            || facts::basic_allowed(s, select)
            || !read.iter().any(|o| parts(o) == (resource, Some(2), reach))
    });
    if n.allowing.len() != before || read.iter().any(|s| facts::basic_allowed(s, select)) {
        n.sources.push(Source::Rule(facts::Rule::ReadBasic));
    }
    let narrow: Vec<&'static str> = n
        .allowing
        .iter()
        .copied()
        .filter(|s| !n.allowing.iter().any(|o| o != s && includes(s, o)))
        .collect();
    let marked = if fact_least.is_empty() {
        &map_least
    } else {
        &fact_least
    };
    let flagged: Vec<&'static str> = narrow
        .iter()
        .copied()
        .filter(|s| marked.contains(s))
        .collect();
    n.least = if flagged.is_empty() { narrow } else { flagged };
    facts::shared(&segs, &mut n);
    n
}

/// The request paths and methods for which the map marks `scope` least privileged.
#[must_use]
pub fn needed_for(scope: &str) -> Vec<&'static Grant> {
    generated::GRANTS
        .iter()
        .filter(|g| g.least.iter().any(|s| s.eq_ignore_ascii_case(scope)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hierarchy_follows_the_names() {
        assert!(includes("Mail.ReadWrite", "Mail.Read"));
        assert!(includes("Mail.Read", "Mail.ReadBasic"));
        assert!(includes("Mail.ReadWrite.Shared", "Mail.Read"));
        assert!(!includes("Mail.Read", "Mail.ReadWrite"));
        assert!(!includes("Mail.ReadWrite", "Mail.Send"));
        assert!(!includes("Mail.ReadWrite", "Calendars.Read"));
        assert!(!includes("Files.ReadWrite", "Files.Read.All"));
        assert!(includes("Files.ReadWrite.All", "Files.Read"));
    }

    #[test]
    fn least_scopes_of_requests() {
        // Mail.ReadBasic allows it too, but without the body: advised only for a `$select`
        // that reads none.
        assert_eq!(least("GET", "/me/messages/{id}"), ["Mail.Read"]);
        let basic = ["subject".to_owned(), "from".to_owned()];
        assert_eq!(
            need("GET", "/me/messages", Some(&basic)).least,
            ["Mail.ReadBasic"]
        );
        let body = ["subject".to_owned(), "body".to_owned()];
        assert_eq!(
            need("GET", "/me/messages", Some(&body)).least,
            ["Mail.Read"]
        );
        // Where the map marks one scope least among several narrow ones, that one.
        assert_eq!(least("GET", "/me"), ["User.Read"]);
        // Hand-kept: the MIME download, the app folder, another user's mailbox.
        assert_eq!(least("GET", "/me/messages/{id}/$value"), ["Mail.Read"]);
        assert_eq!(
            least("PUT", "/me/drive/special/approot:/notes/today.txt:/content"),
            ["Files.ReadWrite.AppFolder"]
        );
        assert_eq!(
            least("GET", "/users/shared@contoso.com/messages"),
            ["Mail.Read.Shared"]
        );
        let unknown = need("GET", "/users/{id}/messages/{id}", None);
        assert!(unknown.owner_unknown);
        assert_eq!(unknown.least, ["Mail.Read", "Mail.Read.Shared"]);
        // What add-ins do with mail and files, from the map: copy, move, reply, forward,
        // send, and large uploads.
        for (method, path, scope) in [
            ("POST", "/me/messages/{id}/move", "Mail.ReadWrite"),
            ("POST", "/me/messages/{id}/copy", "Mail.ReadWrite"),
            ("POST", "/me/messages/{id}/createReply", "Mail.ReadWrite"),
            ("POST", "/me/messages/{id}/forward", "Mail.Send"),
            ("POST", "/me/messages/{id}/send", "Mail.Send"),
            (
                "POST",
                "/me/messages/{id}/attachments/createUploadSession",
                "Mail.ReadWrite",
            ),
            (
                "POST",
                "/me/drive/root:/big/file.zip:/createUploadSession",
                "Files.ReadWrite",
            ),
        ] {
            let need = need(method, path, None);
            assert!(
                need.least.iter().any(|s| includes(scope, s)),
                "{method} {path}: {:?}",
                need.least
            );
        }
        // A OneDrive path address is one segment, however deep.
        assert_eq!(
            least("PUT", "/me/drive/root:/uploads/{id}:/content"),
            ["Files.ReadWrite"]
        );
        assert_eq!(least("PATCH", "/me/messages/{id}"), ["Mail.ReadWrite"]);
        assert_eq!(
            least("POST", "https://graph.microsoft.com/v1.0/me/sendMail"),
            ["Mail.Send"]
        );
        assert_eq!(
            least("GET", "/me/mailboxSettings"),
            ["MailboxSettings.Read"]
        );
        assert!(least("GET", "/me/nothing-like-this").is_empty());
        // `...` in the map stands for any segments.
        assert!(!least("GET", "/me/mailfolders/{id}/childfolders/{id}/childfolders/{id}/messages/{id}/attachments/{id}").is_empty());
    }
}
