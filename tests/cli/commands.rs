//! The subcommands: `apis`, `explain`, `rules`, `completions`, `man`; colour.

use super::common::*;
use serde_json::Value;

#[test]
fn apis_lists_the_table_with_sources() {
    let r = audit(&["apis", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    assert_eq!(v["version"], 1);
    let apis = v["apis"].as_array().unwrap();
    assert!(apis.len() > 500, "{}", apis.len());
    let get = |name: &str| {
        apis.iter()
            .find(|a| a["api"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let body = get("Office.Body.setAsync");
    assert_eq!(body["tier"], "ReadWriteItem");
    assert_eq!(body["kind"], "method");
    assert_eq!(
        body["modes"],
        serde_json::json!(["Message Compose", "Appointment Organizer"])
    );
    assert_eq!(body["requirement_set"], "Mailbox 1.3");
    assert_eq!(body["source"], "@types/office-js 1.0.612");
    let subject = get("Office.Subject.setAsync");
    assert_eq!(subject["tier"], "ReadWriteItem");
    assert!(
        subject["source"]
            .as_str()
            .unwrap()
            .starts_with("override: ")
    );
    assert_eq!(
        get("Office.Mailbox.getCallbackTokenAsync")["tier"],
        "ReadItem"
    );
    assert_eq!(
        get("Office.Mailbox.makeEwsRequestAsync")["tier"],
        "ReadWriteMailbox"
    );
    let table = audit(&["apis"]);
    assert!(table.stdout.contains("Office.Body.setAsync"));
}

#[test]
fn explain_accepts_every_spelling_and_codes() {
    for q in [
        "Office.Body.setAsync",
        "body.setAsync",
        "Office.context.mailbox.item.body.setAsync",
    ] {
        let r = audit(&["explain", q]);
        assert_eq!(r.code, 0, "{q}");
        assert!(
            r.stdout.starts_with("Office.Body.setAsync\n"),
            "{q}: {}",
            r.stdout
        );
        assert!(r.stdout.contains("tier: ReadWriteItem"), "{q}");
        assert!(r.stdout.contains("requirement set: Mailbox 1.3"), "{q}");
        assert!(r.stdout.contains("ReadWriteItem allows:"), "{q}");
    }
    let r = audit(&["explain", "setAsync"]);
    assert!(
        r.stdout.contains("APIs match `setAsync`") && r.stdout.contains("Office.Location.setAsync"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "Office.Subject.setAsync"]);
    assert!(
        r.stdout
            .contains("conflict: the typings say ReadItem, a hand-kept fact says ReadWriteItem: the stricter tier wins"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "getCallbackTokenAsync"]);
    assert!(
        r.stdout.contains("tier: ReadItem") && r.stdout.contains("ReadWriteMailbox"),
        "{}",
        r.stdout
    );
    // A code or a rule's name, in any case.
    for q in ["TIER003", "tier003", "over-privileged", "Over-Privileged"] {
        let r = audit(&["explain", q]);
        assert_eq!(r.code, 0, "{q}: {}", r.stderr);
        assert!(
            r.stdout.starts_with("TIER003 (over-privileged)") && r.stdout.contains("## How to fix"),
            "{q}: {}",
            r.stdout
        );
    }
    let r = audit(&["explain", "nothing.here"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: no Office API"), "{}", r.stderr);
    let r = audit(&["rules", "--format", "json"]);
    let v = r.json();
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "TIER001" && x["severity"] == "error")
    );
}

#[test]
fn colour_completions_and_man_page() {
    let r = audit(&[EXAMPLE, "--color", "always"]);
    assert!(r.stdout.contains("\u{1b}["), "colour on request");
    let r = audit(&[EXAMPLE]);
    assert!(
        !r.stdout.contains("\u{1b}["),
        "no colour when not a terminal"
    );
    let r = audit(&["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("_audit()"), "{}", r.stdout);
    let r = audit(&["man"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains(".TH audit 1"), "{}", r.stdout);
}

#[test]
fn apis_and_explain_give_every_api_the_same_tier() {
    let r = audit(&["apis", "--format", "json"]);
    let v = r.json();
    let apis = v["apis"].as_array().unwrap();
    // Every member whose tier a hand-kept fact raises above the typings, and a sample of the
    // rest (explain runs one process per API).
    let overridden: Vec<&Value> = apis
        .iter()
        .filter(|a| a["source"].as_str().unwrap().starts_with("override: "))
        .collect();
    assert!(!overridden.is_empty());
    for a in overridden.iter().copied().chain(apis.iter().step_by(97)) {
        let api = a["api"].as_str().unwrap();
        let r = audit(&["explain", api]);
        let tier = match a["tier"].as_str() {
            Some(t) => format!("  tier: {t}\n"),
            None => "  tier: none documented\n".to_owned(),
        };
        assert!(
            r.stdout.contains(&tier),
            "{api}: apis says {tier:?}\n{}",
            r.stdout
        );
    }
}

#[test]
fn explain_knows_graph_scopes_and_paths() {
    let r = audit(&["explain", "mail.readwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Mail.ReadWrite (Microsoft Graph, delegated)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("includes: Mail.Read, Mail.ReadBasic"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("PATCH /me/mailfolders/{id}"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("commit 6cbd6bb, 2026-08-07"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "User.Read.All"]);
    assert!(
        r.stdout.contains("an administrator must consent"),
        "{}",
        r.stdout
    );
    // A path, as written in code: any case, with the host and version.
    let r = audit(&["explain", "https://graph.microsoft.com/v1.0/me/sendMail"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("POST: needs Mail.Send"), "{}", r.stdout);
    let r = audit(&["explain", "/me/messages/{id}"]);
    // Mail.ReadBasic also allows the GET, but without the body: the advice only for a
    // `$select` that reads none, and the hand-kept rule that says so is cited.
    assert!(
        r.stdout
            .contains("GET: needs Mail.Read (allowed by: Mail.Read)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "source: hand-kept rule: Mail.ReadBasic and Calendars.ReadBasic leave out the body"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("PATCH: needs Mail.ReadWrite"),
        "{}",
        r.stdout
    );
    let s = audit(&["explain", "/me/messages/{id}?$select=subject,from"]);
    assert!(
        s.stdout.contains("GET: needs Mail.ReadBasic"),
        "{}",
        s.stdout
    );
    // As in an audit: a query that expands the attachments reads more than the basic scope.
    let s = audit(&[
        "explain",
        "/me/messages/{id}?$select=subject&$expand=attachments",
    ]);
    assert!(s.stdout.contains("GET: needs Mail.Read "), "{}", s.stdout);
    // What the map does not list: the hand-kept fact answers, with its Microsoft page.
    let s = audit(&["explain", "/me/messages/{id}/$value"]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert!(s.stdout.contains("GET: needs Mail.Read"), "{}", s.stdout);
    assert!(
        s.stdout
            .contains("source: hand-kept fact (GET /me/.../messages/{id}/$value)")
            && s.stdout
                .contains("learn.microsoft.com/graph/api/message-get"),
        "{}",
        s.stdout
    );
    let r = audit(&["explain", "/me/no-such-thing"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Graph path"), "{}", r.stderr);
}
