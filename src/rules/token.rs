//! What an HTTP request made with the callback token needs (not a rule: the judgement the
//! rules share).
//!
//! Microsoft's permissions page ("Understanding Outlook add-in permissions", ms.date
//! 12/02/2025, in `shared/reference/outlook-add-in-permissions.md`): with read item the
//! callback token may "get item attachments or the full item" through EWS or the Outlook REST
//! API; read item and read/write item "can't … use the token … to update or delete the current
//! item using the Outlook REST API or access any other items in the user's mailbox", nor "get
//! the current calendar event item using the Outlook REST API"; read/write mailbox's token may
//! "read and write all properties of any item", "create, read, and write to any folder or item"
//! and "send an item".

use crate::scan::TokenRequest;
use crate::tiers::Tier;

/// What a request needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Proven: this tier, for this reason.
    Tier(Tier, &'static str),
    /// Not known statically, with why.
    Unknown(String),
}

const READS_ITEM: &str = "it reads the current item through the Outlook REST API";
const WRITES_ITEM: &str = "only ReadWriteMailbox's callback token may update or delete the current item through the Outlook REST API";
const OTHER_ITEMS: &str = "only ReadWriteMailbox's callback token may reach items or folders beyond the current one through the Outlook REST API";
const EVENTS: &str = "only ReadWriteMailbox's callback token may get calendar events, even the current one, through the Outlook REST API";

/// Judges one request.
#[must_use]
pub fn need(r: &TokenRequest) -> Need {
    let Some(url) = r.url.as_deref() else {
        return Need::Unknown("its URL cannot be read".to_owned());
    };
    if url.contains("{ewsUrl}") {
        return Need::Unknown(
            "it calls Exchange Web Services, and the operations it sends are not followed"
                .to_owned(),
        );
    }
    if url.starts_with("{?}") {
        return Need::Unknown(format!(
            "its URL is built from values the audit cannot read (`{url}`)"
        ));
    }
    let Some(path) = rest_path(url) else {
        return Need::Unknown(format!(
            "it goes to `{url}`, not the mailbox's Outlook REST endpoint: what is done there with the token is not seen"
        ));
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let lit = |s: &str| !s.contains('{');
    let unknown = || {
        Need::Unknown(format!(
            "which part of the mailbox `{url}` names is not known"
        ))
    };
    match segs.as_slice() {
        [me, coll, rest @ ..] if me.eq_ignore_ascii_case("me") && lit(coll) => {
            if coll.eq_ignore_ascii_case("events") {
                return Need::Tier(Tier::ReadWriteMailbox, EVENTS);
            }
            if !coll.eq_ignore_ascii_case("messages") {
                return Need::Tier(Tier::ReadWriteMailbox, OTHER_ITEMS);
            }
            match rest.first() {
                None => Need::Tier(Tier::ReadWriteMailbox, OTHER_ITEMS),
                Some(&"{item}") => match r.method.as_deref() {
                    Some("GET" | "HEAD") => Need::Tier(Tier::ReadItem, READS_ITEM),
                    Some(_) => Need::Tier(Tier::ReadWriteMailbox, WRITES_ITEM),
                    None => Need::Unknown(format!(
                        "the method of the request to `{url}` is not known: a read of the current item needs ReadItem, a change ReadWriteMailbox"
                    )),
                },
                Some(id) if lit(id) => Need::Tier(Tier::ReadWriteMailbox, OTHER_ITEMS),
                Some(_) => unknown(),
            }
        }
        _ => unknown(),
    }
}

/// The path after the REST endpoint and its version (`me/messages/{item}`), when the URL is
/// the mailbox's REST endpoint: built on `restUrl`, or Outlook's REST host written out.
fn rest_path(url: &str) -> Option<&str> {
    let after = if let Some(rest) = url.strip_prefix("{restUrl}") {
        rest
    } else {
        let lower = url.to_ascii_lowercase();
        let host = ["outlook.office.com/api", "outlook.office365.com/api"]
            .iter()
            .find_map(|h| lower.find(h).map(|i| i + h.len()))?;
        &url[host..]
    };
    let after = after.split(['?', '#']).next().unwrap_or("");
    let after = after.trim_start_matches('/');
    let after = after.strip_prefix("api/").unwrap_or(after);
    let (first, rest) = after.split_once('/').unwrap_or((after, ""));
    let versioned = ["v1.0", "v2.0", "beta"]
        .iter()
        .any(|v| first.eq_ignore_ascii_case(v));
    Some(if versioned { rest } else { after })
}

/// The request as the evidence names it: `PATCH {restUrl}/v2.0/me/messages/{item}`.
#[must_use]
pub fn describe(r: &TokenRequest) -> String {
    format!(
        "{} {}",
        r.method.as_deref().unwrap_or("(method unknown)"),
        r.url.as_deref().unwrap_or("(URL unknown)")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn req(method: Option<&str>, url: &str) -> TokenRequest {
        TokenRequest {
            span: Span::default(),
            client: "fetch",
            method: method.map(str::to_owned),
            url: Some(url.to_owned()),
        }
    }

    fn tier(method: Option<&str>, url: &str) -> Option<Tier> {
        match need(&req(method, url)) {
            Need::Tier(t, _) => Some(t),
            Need::Unknown(_) => None,
        }
    }

    #[test]
    fn requests_are_judged_by_path_and_method() {
        let item = "{restUrl}/v2.0/me/messages/{item}";
        assert_eq!(tier(Some("GET"), item), Some(Tier::ReadItem));
        assert_eq!(
            tier(
                Some("GET"),
                "{restUrl}/v2.0/me/messages/{item}/attachments?$select=Name"
            ),
            Some(Tier::ReadItem)
        );
        assert_eq!(tier(Some("PATCH"), item), Some(Tier::ReadWriteMailbox));
        assert_eq!(tier(None, item), None);
        assert_eq!(
            tier(
                Some("GET"),
                "https://outlook.office.com/api/v2.0/me/mailfolders/inbox/messages"
            ),
            Some(Tier::ReadWriteMailbox)
        );
        assert_eq!(
            tier(Some("POST"), "{restUrl}/v2.0/me/sendmail"),
            Some(Tier::ReadWriteMailbox)
        );
        assert_eq!(
            tier(Some("GET"), "{restUrl}/v2.0/me/events/{item}"),
            Some(Tier::ReadWriteMailbox)
        );
        // Which item, or where the token goes, is not known: never a guess.
        assert_eq!(tier(Some("GET"), "{restUrl}/v2.0/me/messages/{?}"), None);
        assert_eq!(tier(Some("GET"), "{restUrl}/v2.0/{?}"), None);
        assert_eq!(
            tier(Some("POST"), "https://example.com/api/attachments"),
            None
        );
        assert_eq!(tier(Some("POST"), "{ewsUrl}"), None);
    }
}
