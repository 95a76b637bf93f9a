//! Microsoft Graph permission scopes: which delegated scope each Graph request needs.
//!
//! [`generated`] is produced from Microsoft's permission map (msgraph-metadata's
//! `permissions/*.json`, pinned in `data/graph-permissions/`) by [`codegen`], keeping the
//! delegated work-account scheme only: the scopes an add-in's nested app authentication or
//! `getAccessToken` request can ask for, and, for each request path and method, the scopes
//! that allow it. [`includes`] is the scope hierarchy (`Mail.ReadWrite` includes `Mail.Read`
//! includes `Mail.ReadBasic`; `.Shared` and `.All` widen a scope), from which [`least`] picks
//! the narrowest scopes a request needs.

#[cfg(test)]
mod codegen;
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

/// The grants whose path matches `path` (normalized), for `method` or, when `None`, any.
#[must_use]
pub fn grants(method: Option<&str>, path: &str) -> Vec<&'static Grant> {
    let path = normalize(path);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    generated::GRANTS
        .iter()
        .filter(|g| method.is_none_or(|m| g.method.eq_ignore_ascii_case(m)))
        .filter(|g| {
            let t: Vec<&str> = g.path.split('/').filter(|s| !s.is_empty()).collect();
            matches(&t, &segs)
        })
        .collect()
}

/// The narrowest scopes that allow `method` on `path`: those no other allowing scope is
/// included in. Empty when the map does not know the request.
///
/// `ReadBasic` scopes are never the answer when a `Read` scope also allows the request: they
/// leave out the body, attachments and extended properties, and which properties the add-in
/// reads is not known statically, so advising one could break the add-in.
#[must_use]
pub fn least(method: &str, path: &str) -> Vec<&'static str> {
    let mut allowing: Vec<&'static str> = grants(Some(method), path)
        .into_iter()
        .flat_map(|g| g.scopes.iter().copied())
        .collect();
    allowing.sort_unstable();
    allowing.dedup();
    if allowing.iter().any(|s| parts(s).1 == Some(2)) {
        allowing.retain(|s| parts(s).1 != Some(1));
    }
    allowing
        .iter()
        .copied()
        .filter(|s| !allowing.iter().any(|o| o != s && includes(s, o)))
        .collect()
}

/// The request paths and methods for which `scope` is among the narrowest.
#[must_use]
pub fn needed_for(scope: &str) -> Vec<&'static Grant> {
    generated::GRANTS
        .iter()
        .filter(|g| g.scopes.iter().any(|s| s.eq_ignore_ascii_case(scope)))
        .filter(|g| {
            !g.scopes
                .iter()
                .any(|o| !o.eq_ignore_ascii_case(scope) && includes(scope, o))
        })
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
        // Mail.ReadBasic allows it too, but without the body: never advised.
        assert_eq!(least("GET", "/me/messages/{id}"), ["Mail.Read"]);
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
