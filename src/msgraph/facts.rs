//! Hand-kept Microsoft Graph facts: what Microsoft's permission map does not model.
//!
//! The map (see [`super`]) lists, per request path, the scopes that allow it. Checked by hand
//! against Microsoft's documentation (2026-12-08), four things real add-ins do are missing or
//! wrong there for delegated access: raw MIME and attachment downloads (`$value`) have no
//! entries; the app folder is not listed under the scope that exists for it; another user's
//! or a shared mailbox needs the `.Shared` scopes, where the map says the own ones; and a
//! `ReadBasic` scope is the least privileged for reads that touch no body, preview,
//! attachment or extended property, where the map (or the audit's former rule) says `Read`.
//! One more is wrong there: the map gives a message attachment's upload session to
//! `Calendars.ReadWrite`. Each fact below carries its reason and the Microsoft page it rests
//! on; `audit explain <path>` prints them when they answer. A fact adds allowing scopes (or,
//! where the map is wrong, replaces them) and, when it names least privileged ones, replaces
//! the map's choice among the narrowest.

use super::{Need, Source, parts};

/// Scopes that allow requests the map does not list, or lists under other scopes.
#[derive(Debug, PartialEq, Eq)]
pub struct Fact {
    /// `GET`, …, or `*` for every method.
    pub method: &'static str,
    /// The path as the table spells it (`{id}` any one segment, `...` any segments).
    pub path: &'static str,
    /// The scopes that allow it.
    pub scopes: &'static [&'static str],
    /// The least privileged of them.
    pub least: &'static [&'static str],
    /// Whether these are the only scopes that allow it: the map's entry is wrong, not
    /// incomplete.
    pub replaces: bool,
    /// Why the map's answer is not enough.
    pub why: &'static str,
    /// The Microsoft page, and when it was read.
    pub source: &'static str,
}

const MIME_WHY: &str = "a message's raw MIME holds its body and attachments, which Mail.ReadBasic leaves out (its own description); Microsoft's permission map has no `$value` entries";
const MIME_SOURCE: &str = "Microsoft Graph, \"Get message\" (learn.microsoft.com/graph/api/message-get: \"To get the MIME content of the specified message: GET /me/messages/{id}/$value\") and \"Get MIME content of a message\" (graph/outlook-get-mime-message: the app needs the permissions of the get-message or get-attachment operation); read 2026-12-08";
const EVENT_WHY: &str = "an event attachment's raw content is the attachment itself, which Calendars.ReadBasic leaves out; the map has no `$value` entries";
const EVENT_SOURCE: &str = "Microsoft Graph, \"Get attachment\" (learn.microsoft.com/graph/api/attachment-get, \"Get the raw contents of a file attachment\": GET /me/events/{id}/attachments/{id}/$value); read 2026-12-08";
const APP_WHY: &str = "the app folder (`special/approot`) is what Files.ReadWrite.AppFolder exists for, the narrowest Files scope; the map lists it only for workbook paths";
const APP_SOURCE: &str = "Microsoft Graph, \"Use the app folder\" (learn.microsoft.com/graph/onedrive-sharepoint-appfolder: \"Supported by a dedicated scope, Files.ReadWrite.AppFolder, you can build consistent least-privilege applications\"); OneDrive, \"App folder\" (onedrive/developer/rest-api/concepts/special-folders-appfolder: \"you must request either the Files.ReadWrite.AppFolder or Files.ReadWrite permission scope\"); read 2026-12-08";

const UPLOAD_WHY: &str = "the map gives the message's upload session to Calendars.ReadWrite (the attachment page covers messages and events together); a message's attachments are its mail: Mail.ReadWrite, as for adding a small attachment";
const UPLOAD_SOURCE: &str = "Microsoft Graph, \"Add attachment\" to a message (learn.microsoft.com/graph/api/message-post-attachments: least privileged Mail.ReadWrite) and to an event (api/event-post-attachments: Calendars.ReadWrite); \"attachment: createUploadSession\" (api/attachment-createuploadsession: \"The item can be a message or event\"); read 2026-12-08";
const MAIL_WRITE: &[&str] = &["Mail.ReadWrite"];
const CALENDARS_WRITE: &[&str] = &["Calendars.ReadWrite"];

/// A fact that adds to the map's answer.
const ADDS: bool = false;
/// A fact that replaces the map's (wrong) answer.
const REPLACES: bool = true;

/// One fact, in a row.
const fn fact(
    method: &'static str,
    path: &'static str,
    scopes: &'static [&'static str],
    least: &'static [&'static str],
    replaces: bool,
    (why, source): (&'static str, &'static str),
) -> Fact {
    Fact {
        method,
        path,
        scopes,
        least,
        replaces,
        why,
        source,
    }
}

const MAIL: &[&str] = &["Mail.Read", "Mail.ReadWrite"];
const MAIL_LEAST: &[&str] = &["Mail.Read"];
const CALENDARS: &[&str] = &["Calendars.Read", "Calendars.ReadWrite"];
const CALENDARS_LEAST: &[&str] = &["Calendars.Read"];
const APP: &[&str] = &["Files.ReadWrite.AppFolder"];

/// The hand-kept facts.
#[rustfmt::skip]
pub static FACTS: &[Fact] = &[
    fact("GET", "/me/.../messages/{id}/$value", MAIL, MAIL_LEAST, ADDS, (MIME_WHY, MIME_SOURCE)),
    fact("GET", "/users/{id}/.../messages/{id}/$value", MAIL, MAIL_LEAST, ADDS, (MIME_WHY, MIME_SOURCE)),
    fact("GET", "/me/.../messages/{id}/attachments/{id}/$value", MAIL, MAIL_LEAST, ADDS, (MIME_WHY, MIME_SOURCE)),
    fact("GET", "/users/{id}/.../messages/{id}/attachments/{id}/$value", MAIL, MAIL_LEAST, ADDS, (MIME_WHY, MIME_SOURCE)),
    fact("GET", "/me/.../events/{id}/attachments/{id}/$value", CALENDARS, CALENDARS_LEAST, ADDS, (EVENT_WHY, EVENT_SOURCE)),
    fact("GET", "/users/{id}/.../events/{id}/attachments/{id}/$value", CALENDARS, CALENDARS_LEAST, ADDS, (EVENT_WHY, EVENT_SOURCE)),
    fact("POST", "/me/.../messages/{id}/attachments/createuploadsession", MAIL_WRITE, MAIL_WRITE, REPLACES, (UPLOAD_WHY, UPLOAD_SOURCE)),
    fact("POST", "/users/{id}/.../messages/{id}/attachments/createuploadsession", MAIL_WRITE, MAIL_WRITE, REPLACES, (UPLOAD_WHY, UPLOAD_SOURCE)),
    fact("POST", "/me/.../events/{id}/attachments/createuploadsession", CALENDARS_WRITE, CALENDARS_WRITE, REPLACES, (UPLOAD_WHY, UPLOAD_SOURCE)),
    fact("POST", "/users/{id}/.../events/{id}/attachments/createuploadsession", CALENDARS_WRITE, CALENDARS_WRITE, REPLACES, (UPLOAD_WHY, UPLOAD_SOURCE)),
    fact("*", "/me/drive/special/approot", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
    fact("*", "/me/drive/special/approot/...", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
    fact("*", "/me/drive/special/approot:/...", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
    fact("*", "/drive/special/approot", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
    fact("*", "/drive/special/approot/...", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
    fact("*", "/drive/special/approot:/...", APP, APP, ADDS, (APP_WHY, APP_SOURCE)),
];

/// A scope that includes another although the names' hierarchy does not say so.
#[derive(Debug)]
pub struct Inclusion {
    /// The wider scopes.
    pub wider: &'static [&'static str],
    /// The scope they include.
    pub narrower: &'static str,
    /// Why.
    pub why: &'static str,
}

/// The hand-kept inclusions.
pub static INCLUDES: &[Inclusion] = &[Inclusion {
    wider: &[
        "Files.ReadWrite",
        "Files.ReadWrite.All",
        "Sites.ReadWrite.All",
    ],
    narrower: "Files.ReadWrite.AppFolder",
    why: "the app folder is a folder of the user's drive: OneDrive's app folder page accepts Files.ReadWrite for it, and the map lists Files.ReadWrite.All and Sites.ReadWrite.All wherever Files.ReadWrite writes the drive",
}];

/// The hand-kept rules: facts about a whole kind of request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `ReadBasic` scopes allow a request only where it reads no body, preview, attachment or
    /// extended property.
    ReadBasic,
    /// Another user's (or a shared) mailbox, calendar or contacts need the `.Shared` scopes.
    Shared,
}

impl Rule {
    /// Why, and the Microsoft page it rests on.
    #[must_use]
    pub const fn describe(self) -> (&'static str, &'static str) {
        match self {
            Rule::ReadBasic => (
                "Mail.ReadBasic and Calendars.ReadBasic leave out the body, preview, attachments and extended properties: they are least privileged only for a request whose `$select` reads none of those (and expands nothing); otherwise the Read scope is",
                "Microsoft Graph permissions reference, Mail.ReadBasic (\"read email in the signed-in user's mailbox except body, previewBody, attachments and any extended properties\"); \"Get message\" (api/message-get) lists Mail.ReadBasic first, from least to most privileged; read 2026-12-08",
            ),
            Rule::Shared => (
                "`/users/{id}/…` with a mailbox other than the signed-in user's needs the delegated .Shared scope (Mail.Read.Shared, Mail.ReadWrite.Shared, Mail.Send.Shared, Calendars.Read.Shared, Contacts.Read.Shared, …); where the mailbox cannot be read from the code, either may be needed",
                "Microsoft Graph, \"Get Outlook messages in a shared or delegated folder\" (learn.microsoft.com/graph/outlook-share-messages-folders: \"Use the delegated permissions, Mail.Read.Shared or Mail.ReadWrite.Shared, to respectively read or write messages in a shared or delegated folder\"), and its calendar and contacts counterparts; read 2026-12-08",
            ),
        }
    }
}

/// Properties a `ReadBasic` scope does not read (lower-case): its description's body,
/// preview, attachments and extended properties, and, as nothing says they are basic, the
/// attachment flag and the headers.
const NOT_BASIC: &[&str] = &[
    "body",
    "uniquebody",
    "bodypreview",
    "attachments",
    "hasattachments",
    "singlevalueextendedproperties",
    "multivalueextendedproperties",
    "extensions",
    "internetmessageheaders",
    "mimecontent",
];

/// Whether the `ReadBasic` scope `scope` allows a request that reads `select`
/// ([`super::Select`]): a mail or calendar one, and a `$select` that names only basic
/// properties.
#[must_use]
pub fn basic_allowed(scope: &str, select: super::Select<'_>) -> bool {
    let (resource, _, _) = parts(scope);
    matches!(resource, "Mail" | "Calendars")
        && select.is_some_and(|s| {
            !s.is_empty()
                && s.iter()
                    .all(|p| !NOT_BASIC.iter().any(|n| n.eq_ignore_ascii_case(p.trim())))
        })
}

/// The `.Shared` scope for another user's mailbox that `scope` stands for, when there is
/// one: `Mail.Read` → `Mail.Read.Shared`, `Mail.ReadBasic` → `Mail.Read.Shared`,
/// `Mail.Send` → `Mail.Send.Shared`.
fn shared_of(scope: &str) -> Option<&'static str> {
    let (resource, rank, reach) = parts(scope);
    if !matches!(resource, "Mail" | "Calendars" | "Contacts") || !reach.is_empty() {
        return None;
    }
    let operation = match rank {
        Some(1 | 2) => "Read",
        Some(3) => "ReadWrite",
        _ => scope.split('.').nth(1)?,
    };
    super::scope(&format!("{resource}.{operation}.Shared")).map(|s| s.name)
}

/// [`Rule::Shared`] on a request's need: `/users/<someone>/…` needs the `.Shared` scopes;
/// `/users/{id}/…`, whose mailbox is not known, needs either.
pub(super) fn shared(segs: &[&str], n: &mut Need) {
    let (Some(&"users"), Some(owner), true) = (segs.first(), segs.get(1), segs.len() >= 3) else {
        return;
    };
    let least: Vec<&'static str> = n.least.iter().filter_map(|s| shared_of(s)).collect();
    if least.is_empty() {
        return;
    }
    let allowing: Vec<&'static str> = n.allowing.iter().filter_map(|s| shared_of(s)).collect();
    n.sources.push(Source::Rule(Rule::Shared));
    if *owner == "{id}" {
        n.owner_unknown = true;
        for s in least {
            if !n.least.contains(&s) {
                n.least.push(s);
            }
        }
        n.allowing.extend(allowing);
    } else {
        // A mailbox written in the code is not the signed-in user's: only the .Shared scopes
        // (and those wider, such as `.All` ones, already allowing) reach it.
        n.allowing.retain(|s| shared_of(s).is_none());
        n.allowing.extend(allowing);
        n.least = least;
    }
    n.allowing.sort_unstable();
    n.allowing.dedup();
    n.least.dedup();
}
