//! Microsoft Graph scopes: what the add-in requests from MSAL against what its Graph requests
//! need (GRAPH001–GRAPH004), and the `graph` part of the JSON report.

use super::common::*;

/// (code, line) of a report's GRAPH findings, but the note on an unused sign-in scope
/// (`User.Read`), which [`sign_in_notes`] reads.
fn graph_findings(m: &serde_json::Value) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("GRAPH"))
        .filter(|f| !(f["code"] == "GRAPH002" && f["severity"] == "note"))
        .map(|f| (f["code"].as_str().unwrap().to_owned(), at(f).1))
        .collect();
    v.sort();
    v
}

/// The scopes the report says were requested, in order.
fn requested(m: &serde_json::Value) -> Vec<&str> {
    m["graph"]["requested"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["scope"].as_str().unwrap())
        .collect()
}

/// The GRAPH002 notes on an unused sign-in scope: (file, line).
fn sign_in_notes(m: &serde_json::Value) -> Vec<(String, u64)> {
    m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "GRAPH002" && f["severity"] == "note")
        .map(|f| {
            assert!(
                f["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("`User.Read` is requested but no Microsoft Graph request"),
                "{f}"
            );
            let (file, line, _) = at(f);
            (file, line)
        })
        .collect()
}

/// The first GRAPH finding of `code` at warning or error.
fn warning<'m>(m: &'m serde_json::Value, code: &str) -> &'m serde_json::Value {
    m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code && f["severity"] != "note")
        .unwrap_or_else(|| panic!("no {code} warning in {m:#}"))
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(c, l)| ((*c).to_owned(), *l)).collect()
}

#[test]
fn broader_and_unused_scopes_are_warnings_at_the_scope_literal() {
    let (code, m) = project("graph-naa");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(
        graph_findings(&m),
        pairs(&[("GRAPH002", 6), ("GRAPH002", 6)])
    );
    let msgs: Vec<&str> = all_of(&m, "GRAPH002")
        .into_iter()
        .filter(|f| f["severity"] == "warning")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs[0].contains("`Mail.ReadWrite` is broader than needed")
            && msgs[0].contains("only Mail.Read"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("`Mail.Send` is requested but no Microsoft Graph request"),
        "{msgs:?}"
    );
    // User.Read, the sign-in scope most apps carry, unused here: a note, never a warning.
    assert!(!msgs.iter().any(|m| m.contains("User.Read`")));
    assert_eq!(sign_in_notes(&m).len(), 1, "{m:#}");
    let g = &m["graph"];
    assert_eq!(g["needed"], serde_json::json!(["Mail.Read"]));
    assert_eq!(g["requested_known"], true);
    assert_eq!(g["calls"][0]["method"], "GET");
    assert_eq!(g["calls"][0]["path"], "/me/messages/{id}");
    assert_eq!(g["calls"][0]["line"], 15);
}

#[test]
fn a_patch_with_only_read_scopes_is_an_error_at_the_request() {
    let (code, m) = project("graph-patch-read");
    assert_eq!(code, 1, "{m:#}");
    // The Graph client's PATCH (through `.header()`), not the GET that Mail.Read allows; and
    // no GRAPH002: the scopes are too narrow, not too broad.
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH001", 13)]));
    let msg = finding(&m, "GRAPH001")["message"].as_str().unwrap();
    assert!(
        msg.contains(
            "`PATCH /me/messages/{id}` needs Mail.ReadWrite but the add-in requests Mail.Read"
        ),
        "{msg}"
    );
    let calls: Vec<(String, String)> = m["graph"]["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["client"].as_str().unwrap().to_owned(),
                c["method"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("Graph client".to_owned(), "PATCH".to_owned()),
            ("Graph client".to_owned(), "GET".to_owned())
        ]
    );
}

#[test]
fn default_scope_is_a_note_and_nothing_is_guessed() {
    let (code, m) = project("graph-default");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH004", 6)]));
    assert_eq!(m["graph"]["requested_known"], false);
    assert_eq!(
        m["graph"]["calls"][0]["least"],
        serde_json::json!(["Mail.Read"])
    );
}

#[test]
fn scopes_from_a_shared_config_module_are_read_through_the_module_graph() {
    let (code, m) = project("graph-shared-config");
    assert_eq!(code, 0, "{m:#}");
    // `acquireTokenSilent(loginRequest)` and `ssoSilent({ scopes: MAIL_SCOPES })`, both
    // imported: the finding is where the scope is written, in authConfig.js.
    let f = warning(&m, "GRAPH002");
    let (file, line, column) = at(f);
    assert!(file.ends_with("authConfig.js"), "{file}");
    assert_eq!((line, column), (7, 38));
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("`Calendars.Read` is requested but no Microsoft Graph request")
    );
    assert_eq!(graph_findings(&m).len(), 1, "{m:#}");
    let requested = requested(&m);
    assert_eq!(
        requested,
        ["User.Read", "Mail.Read", "Calendars.Read", "Mail.Read"]
    );
}

#[test]
fn single_sign_on_scopes_come_from_the_manifest() {
    let (code, m) = project("graph-sso");
    assert_eq!(code, 0, "{m:#}");
    // `Office.auth.getAccessToken`: the scopes are <WebApplicationInfo><Scopes>. The token
    // goes to the add-in's server, so nothing is called unneeded; the admin-consent scope is
    // reported where the manifest declares it. The token is followed from
    // `getAccessToken`'s promise to the request that carries it: a note there names the
    // scopes the server can exchange it for.
    assert_eq!(
        graph_findings(&m),
        pairs(&[("GRAPH003", 30), ("GRAPH004", 6)])
    );
    let note = finding(&m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.starts_with("the add-in's single sign-on token is sent here to a server outside Microsoft Graph, which can exchange it on behalf of the user for the Graph scopes of the add-in's app registration (User.Read, User.Read.All)"),
        "{note}"
    );
    assert_eq!(m["graph"]["token_leaves_followed"], true);
    assert!(at(finding(&m, "GRAPH003")).0.ends_with("manifest.xml"));
    let requested = requested(&m);
    assert_eq!(requested, ["User.Read", "User.Read.All"]);
    assert_eq!(m["graph"]["needed"], serde_json::Value::Null);
}

#[test]
fn scopes_passed_to_a_helper_are_followed_to_the_call_that_writes_them() {
    // draft.js (no Office API in it): graphToken(["Mail.ReadWrite", "User.Read"]) → graph.js:
    // graphToken(requestScopes) passes them on to accounts.getToken → auth.js: getToken(scopes)
    // builds { scopes } for acquireTokenSilent and acquireTokenPopup.
    let (code, m) = project("graph-scopes-helper");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH002", 6)]), "{m:#}");
    let f = warning(&m, "GRAPH002");
    assert_eq!(
        at(f),
        (
            "fixtures/projects/graph-scopes-helper/src/draft.js".to_owned(),
            6,
            35
        )
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("`Mail.ReadWrite` is broader than needed"),
        "{f:#}"
    );
    assert_eq!(requested(&m), ["Mail.ReadWrite", "User.Read"]);
    // Every use of `graphToken` and `getToken` in the add-in's code is a direct call the
    // audit read (the exported helpers are only imported and called): the list is complete.
    assert_eq!(m["graph"]["requested_known"], true);
}

#[test]
fn scopes_through_a_parameter_make_a_missing_scope_error_only_when_every_call_is_seen() {
    let dir = fixture_copy("graph-scopes-helper");
    let pane = dir.path().join("src/draft.js");
    let text = std::fs::read_to_string(&pane).unwrap();
    // Only Mail.Read reaches the helper, and the add-in now changes the message. Every call
    // of the helpers is seen: Mail.ReadWrite is missing.
    let read_only = text.replace("[\"Mail.ReadWrite\", \"User.Read\"]", "[\"Mail.Read\"]");
    std::fs::write(&pane, &read_only).unwrap();
    let graph = dir.path().join("src/graph.js");
    let patched = std::fs::read_to_string(&graph).unwrap().replace(
        "headers: { Authorization",
        "method: \"PATCH\", body: \"{}\", headers: { Authorization",
    );
    std::fs::write(&graph, &patched).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let codes: Vec<String> = graph_findings(m).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["GRAPH001"], "{m:#}");
    assert_eq!(requested(m), ["Mail.Read"]);
    // A call whose scopes the audit cannot read (they come with a message from a dialog): a
    // call may request Mail.ReadWrite, so no GRAPH001 is claimed.
    std::fs::write(
        &pane,
        format!(
            "{read_only}\nwindow.addEventListener(\"message\", (e) => graphToken(e.data.scopes));\n"
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert!(graph_findings(m).is_empty(), "{m:#}");
    assert_eq!(m["graph"]["requested_known"], false, "{m:#}");

    // Scopes the helper's callers pass in a form the audit cannot read: a note, no claim.
    std::fs::write(
        &pane,
        text.replace("[\"Mail.ReadWrite\", \"User.Read\"]", "window.addinScopes"),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(
        graph_findings(m)
            .into_iter()
            .map(|(c, _)| c)
            .collect::<Vec<_>>(),
        // One note for the helper's parameter, though its silent and popup calls both use it.
        ["GRAPH004"],
        "{m:#}"
    );
    assert!(
        all_of(m, "GRAPH004")[0]["message"]
            .as_str()
            .unwrap()
            .contains("parameter 1 of `getToken`"),
        "{m:#}"
    );
}

#[test]
fn a_module_helper_whose_every_call_is_seen_gives_a_complete_list() {
    let dir = fixture_copy("graph-naa");
    let pane = dir.path().join("src/taskpane.js");
    let helper = r#"// A module-private helper: every call of it is in this file.
import { createNestablePublicClientApplication } from "@azure/msal-browser";

async function token(pca, scopes) {
  return (await pca.acquireTokenSilent({ scopes })).accessToken;
}

async function markRead() {
  const pca = await createNestablePublicClientApplication({ auth: { clientId: "0" } });
  const accessToken = await token(pca, ["Mail.Read"]);
  const id = Office.context.mailbox.item.itemId;
  await fetch(`https://graph.microsoft.com/v1.0/me/messages/${id}`, {
    method: "PATCH",
    body: JSON.stringify({ isRead: true }),
    headers: { Authorization: `Bearer ${accessToken}` },
  });
}

Office.onReady(() => markRead());
"#;
    std::fs::write(&pane, helper).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    // Every call is seen: the list is complete, and the PATCH's missing scope is an error.
    assert_eq!(m["graph"]["requested_known"], true, "{m:#}");
    assert_eq!(requested(m), ["Mail.Read"]);
    assert_eq!(graph_findings(m), pairs(&[("GRAPH001", 12)]), "{m:#}");

    // Exported, or a classic script's global, it is still complete: every use of its name
    // in the add-in's code is a call the audit read.
    for (why, from, to) in [
        (
            "exported",
            "async function token",
            "export async function token",
        ),
        (
            "a script's global",
            "import { createNestablePublicClientApplication } from \"@azure/msal-browser\";",
            "const { createNestablePublicClientApplication } = window.msal;",
        ),
    ] {
        std::fs::write(&pane, helper.replace(from, to)).unwrap();
        let v = audit_in(dir.path(), &["--format", "json"]).json();
        let m = only_manifest(&v);
        assert_eq!(m["graph"]["requested_known"], true, "{why}: {m:#}");
    }
    // Not every call can be seen, so nothing is claimed: the helper is re-exported (under a
    // name the audit does not follow), passed around, or named in a string.
    for (why, from, to) in [
        (
            "re-exported",
            "Office.onReady(() => markRead());",
            "Office.onReady(() => markRead());\nexport { token as getToken };",
        ),
        (
            "passed around",
            "Office.onReady(() => markRead());",
            "Office.onReady(() => markRead());\nwindow.token = token;",
        ),
        (
            "named in a string",
            "Office.onReady(() => markRead());",
            "Office.onReady(() => markRead());\nwindow[\"token\"](pca, []);",
        ),
    ] {
        std::fs::write(&pane, helper.replace(from, to)).unwrap();
        let v = audit_in(dir.path(), &["--format", "json"]).json();
        let m = only_manifest(&v);
        assert_eq!(m["graph"]["requested_known"], false, "{why}: {m:#}");
        assert!(graph_findings(m).is_empty(), "{why}: {m:#}");
    }
    // Exported from the page's entry module and called from the page itself (a webpack
    // library exposed to an inline handler): the page names it, so a call the audit cannot
    // read may pass more.
    std::fs::write(
        &pane,
        helper.replace("async function token", "export async function token"),
    )
    .unwrap();
    replace_in(
        dir.path(),
        "src/taskpane.html",
        "<body>",
        "<body><button onclick=\"ThreadReader.token(window.pca, window.extraScopes)\">Sign in</button>",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(
        m["graph"]["requested_known"], false,
        "called from the page: {m:#}"
    );
}

#[test]
fn calls_with_the_same_unreadable_scopes_get_one_note() {
    let dir = fixture_copy("graph-naa");
    let pane = dir.path().join("src/taskpane.js");
    let text = std::fs::read_to_string(&pane).unwrap().replace(
        "const result = await pca.acquireTokenSilent(loginRequest);",
        "const result = await pca\n    .acquireTokenSilent({ scopes: window.config.scopes })\n    .catch(() => pca.acquireTokenPopup({ scopes: window.config.scopes }));",
    );
    std::fs::write(&pane, text).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let notes = all_of(m, "GRAPH004");
    assert_eq!(notes.len(), 1, "{m:#}");
    assert_eq!(
        notes[0]["message"],
        "the scopes of this `acquireTokenSilent` call (`window.config.scopes`) cannot be read, nor those of 1 more call(s) in this file that use it"
    );
}

#[test]
fn scopes_and_paths_through_helpers_in_other_modules_are_read() {
    // Built like Microsoft's nested-app-authentication sample: `getTokenRequest(scopes, …)`
    // (msalcommon.js) returns `{ scopes, ...extra }`; `ssoGetAccessToken(scopes)` keeps it in
    // a binding it copies with `claims`; the fallback passes `defaultScopes` imported from
    // msalconfig.js; `makeGraphRequest(…, scopes, path, query)` fetches
    // `https://graph.microsoft.com/v1.0${path}${query}`, and taskpane.js passes "/me/messages".
    let (_, m) = project("graph-naa-helpers");
    assert_eq!(
        requested(&m),
        ["User.Read", "Mail.Read", "Mail.Read"],
        "{m:#}"
    );
    assert!(graph_findings(&m).is_empty(), "{m:#}");
    let calls = m["graph"]["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "{m:#}");
    assert_eq!(calls[0]["path"], "/me/messages");
    // Without Mail.Read anywhere, the request the helper makes for taskpane.js needs more
    // than the scopes found. Scopes that come through a function's parameters may be more
    // where a caller the audit cannot see passes them, so it is not called missing
    // (GRAPH001 needs every requested scope known): the verdict waits, and says why.
    let dir = fixture_copy("graph-naa-helpers");
    replace_in(
        dir.path(),
        "src/taskpane/taskpane.js",
        "[\"Mail.Read\"]",
        "[\"User.Read\"]",
    );
    replace_in(
        dir.path(),
        "src/taskpane/msalconfig.js",
        "[\"User.Read\", \"Mail.Read\"]",
        "[\"User.Read\"]",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    // Every call of the helpers is seen (each name only ever called directly, across the
    // modules): the scopes are known, and the request's Mail.Read is missing.
    assert_eq!(m["graph"]["verdict"], "missing", "{m:#}");
    assert_eq!(m["graph"]["needed"], serde_json::json!(["Mail.Read"]));
    assert_eq!(requested(m), ["User.Read", "User.Read"], "{m:#}");
    let codes: Vec<String> = graph_findings(m).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["GRAPH001"], "{m:#}");
}

#[test]
fn a_request_without_the_msal_token_does_not_keep_graph002_silent() {
    // The add-in also calls its own API, with a key of its own: the MSAL token is followed
    // to the one Graph request that carries it, so the broader scopes are still called so.
    let dir = fixture_copy("graph-naa");
    replace_in(
        dir.path(),
        "src/taskpane.js",
        "  document.getElementById(\"out\").textContent = (await response.json()).subject;",
        "  document.getElementById(\"out\").textContent = (await response.json()).subject;\n  await fetch(\"https://api.fixture-labs.example/v1/seen\", { method: \"POST\", headers: { \"X-Api-Key\": \"public-demo-key\" } });",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let codes: Vec<String> = graph_findings(m).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["GRAPH002", "GRAPH002"], "{m:#}");
    // The token itself sent there: the server may use it for anything its scopes allow.
    let dir = fixture_copy("graph-naa");
    replace_in(
        dir.path(),
        "src/taskpane.js",
        "  document.getElementById(\"out\").textContent = (await response.json()).subject;",
        "  document.getElementById(\"out\").textContent = (await response.json()).subject;\n  await fetch(\"https://api.fixture-labs.example/v1/seen\", { method: \"POST\", headers: { Authorization: `Bearer ${result.accessToken}` } });",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    // A note where it leaves, naming the scopes that server can use.
    let codes: Vec<String> = graph_findings(m).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["GRAPH004"], "{m:#}");
    let note = finding(m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.contains("access token (Mail.ReadWrite, Mail.Send, User.Read) is sent here to a server outside Microsoft Graph"),
        "{note}"
    );
    assert_eq!(m["graph"]["verdict"], "unverified", "{m:#}");
}

#[test]
fn a_mime_download_needs_mail_read() {
    // "Save as .eml": `GET /me/messages/{id}/$value`, which Microsoft's map does not list (a
    // hand-kept fact: the raw MIME holds the body and attachments), then a PUT by path
    // (`root:/Saved mail/${name}.eml:/content`) that Files.ReadWrite allows.
    let (code, m) = project("graph-mime-download");
    assert_eq!(code, 1, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH001", 14)]), "{m:#}");
    let msg = finding(&m, "GRAPH001")["message"].as_str().unwrap();
    assert!(
        msg.starts_with("`GET /me/messages/{id}/$value` needs Mail.Read but the add-in requests User.Read, Files.ReadWrite"),
        "{msg}"
    );
    let calls = m["graph"]["calls"].as_array().unwrap();
    assert_eq!(calls[1]["method"], "PUT");
    assert_eq!(calls[1]["least"], serde_json::json!(["Files.ReadWrite"]));
}

#[test]
fn another_users_mailbox_needs_the_shared_scope() {
    // `/users/support@contoso.com/mailFolders/inbox/messages` with Mail.Read: a delegate
    // reads another mailbox with Mail.Read.Shared. The `$select` reads no body, but there is
    // no ReadBasic scope for shared mail: Mail.Read.Shared.
    let (code, m) = project("graph-shared-mailbox");
    assert_eq!(code, 1, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH001", 13)]), "{m:#}");
    let msg = finding(&m, "GRAPH001")["message"].as_str().unwrap();
    assert!(
        msg.contains("needs Mail.Read.Shared but the add-in requests User.Read, Mail.Read"),
        "{msg}"
    );
    // A mailbox the code does not name (`/users/${owner}/…`): the own scope or the shared
    // one, not judged, and the note says which.
    let dir = fixture_copy("graph-shared-mailbox");
    replace_in(
        dir.path(),
        "src/taskpane/taskpane.js",
        "const SUPPORT_MAILBOX = \"support@contoso.com\";",
        "const SUPPORT_MAILBOX = document.getElementById(\"mailbox\").value;",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(graph_findings(m), pairs(&[("GRAPH004", 13)]), "{m:#}");
    let note = finding(m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.contains("reads a mailbox the code does not name: Mail.ReadBasic is enough for the signed-in user's own, Mail.Read.Shared is needed for another's"),
        "{note}"
    );
    assert_eq!(m["graph"]["verdict"], "unverified");
}

#[test]
fn the_app_folder_needs_only_its_own_scope() {
    // Templates kept in `special/approot:/templates.json:` (GET and PUT), with Files.ReadWrite:
    // Files.ReadWrite.AppFolder is what the app folder exists for.
    let (code, m) = project("graph-app-folder");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH002", 6)]), "{m:#}");
    let msg = warning(&m, "GRAPH002")["message"].as_str().unwrap();
    assert!(
        msg.starts_with("`Files.ReadWrite` is broader than needed: the add-in's Microsoft Graph requests need only Files.ReadWrite.AppFolder"),
        "{msg}"
    );
    assert_eq!(
        m["graph"]["needed"],
        serde_json::json!(["Files.ReadWrite.AppFolder"])
    );
    // User.Read, unused: a note where it is written.
    assert_eq!(
        sign_in_notes(&m),
        [(
            "fixtures/projects/graph-app-folder/src/taskpane/taskpane.js".to_owned(),
            6
        )]
    );
}

#[test]
fn a_select_without_the_body_needs_only_read_basic() {
    // `/me/messages?$select=subject,receivedDateTime` with Mail.Read: Mail.ReadBasic is the
    // least privileged for it.
    let (code, m) = project("graph-select");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH002", 4)]), "{m:#}");
    let msg = warning(&m, "GRAPH002")["message"].as_str().unwrap();
    assert!(
        msg.starts_with("`Mail.Read` is broader than needed: the add-in's Microsoft Graph requests need only Mail.ReadBasic"),
        "{msg}"
    );
    // The same list with the body: Mail.Read is what it needs.
    let dir = fixture_copy("graph-select");
    replace_in(
        dir.path(),
        "src/taskpane/taskpane.js",
        "$select=subject,receivedDateTime",
        "$select=subject,body,receivedDateTime",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert!(graph_findings(m).is_empty(), "{m:#}");
    assert_eq!(m["graph"]["verdict"], "least");
    assert_eq!(m["graph"]["needed"], serde_json::json!(["Mail.Read"]));
}

#[test]
fn a_token_sent_to_the_add_ins_server_is_a_note_naming_its_scopes() {
    // `fetch("/api/summarize", { headers: { Authorization: `Bearer ${result.accessToken}` } })`:
    // the server can read the user's mail with it. The HTML report says so in plain words.
    let (code, m) = project("graph-token-server");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(graph_findings(&m), pairs(&[("GRAPH004", 12)]), "{m:#}");
    let note = finding(&m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.starts_with("the add-in's Microsoft Graph access token (Mail.Read, User.Read) is sent here to a server outside Microsoft Graph"),
        "{note}"
    );
    assert_eq!(m["graph"]["token_leaves"][0]["line"], 12);
    assert_eq!(m["graph"]["token_leaves_followed"], true);
    let html = audit(&["fixtures/projects/graph-token-server", "--format", "html"]).stdout;
    assert!(
        html.contains(
            "Its Microsoft Graph access token is sent to a server outside Microsoft Graph"
        ) && html.contains("Read user mail (Mail.Read)"),
        "{html}"
    );
}

#[test]
fn a_request_from_a_class_getter_is_read() {
    // `acquireTokenSilent(this.tokenRequest)` with `get tokenRequest() { return { scopes } }`
    // in the same class: the getter's object is the request.
    let dir = fixture_copy("graph-naa");
    let session = r#"import { createNestablePublicClientApplication } from "@azure/msal-browser";

class GraphSession {
  get tokenRequest() {
    return { scopes: ["User.Read", "Mail.ReadWrite"] };
  }

  async token() {
    const pca = await createNestablePublicClientApplication({ auth: { clientId: "0" } });
    const result = await pca.acquireTokenSilent(this.tokenRequest);
    return result.accessToken;
  }
}

async function readMessage() {
  const token = await new GraphSession().token();
  const id = Office.context.mailbox.item.itemId;
  const response = await fetch(`https://graph.microsoft.com/v1.0/me/messages/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  document.getElementById("out").textContent = (await response.json()).subject;
}

Office.onReady(() => readMessage());
"#;
    std::fs::write(dir.path().join("src/taskpane.js"), session).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(requested(m), ["User.Read", "Mail.ReadWrite"], "{m:#}");
    assert_eq!(graph_findings(m), pairs(&[("GRAPH002", 5)]), "{m:#}");
    // A field of the same name beside it: which one `this.tokenRequest` is, is not read.
    std::fs::write(
        dir.path().join("src/taskpane.js"),
        session.replace(
            "class GraphSession {",
            "class GraphSession {\n  tokenRequest = window.request;",
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert!(requested(m).is_empty(), "{m:#}");
}

#[test]
fn the_token_a_method_returns_is_followed_to_its_callers_in_other_modules() {
    // auth.js: `TokenSource.token()` returns the MSAL token; taskpane.js awaits it and reads
    // the message through Graph, and also tells the add-in's own API, with a key of its own,
    // that it did. The token is followed through the method's return to every call of it,
    // so the API request does not carry it and the broader scope is called so.
    let dir = fixture_copy("graph-naa");
    std::fs::write(
        dir.path().join("src/auth.js"),
        r#"import { createNestablePublicClientApplication } from "@azure/msal-browser";

export class TokenSource {
  async token() {
    const pca = await createNestablePublicClientApplication({ auth: { clientId: "0" } });
    const result = await pca.acquireTokenSilent({ scopes: ["User.Read", "Mail.ReadWrite"] });
    return result.accessToken;
  }
}
"#,
    )
    .unwrap();
    let pane = r#"import { TokenSource } from "./auth.js";

async function readMessage() {
  const token = await new TokenSource().token();
  const id = Office.context.mailbox.item.itemId;
  const response = await fetch(`https://graph.microsoft.com/v1.0/me/messages/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  document.getElementById("out").textContent = (await response.json()).subject;
  await fetch("https://api.fixture-labs.example/v1/seen", { method: "POST", headers: { "X-Api-Key": "public-demo-key" } });
}

Office.onReady(() => readMessage());
"#;
    std::fs::write(dir.path().join("src/taskpane.js"), pane).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(graph_findings(m), pairs(&[("GRAPH002", 6)]), "{m:#}");
    // The token itself sent to the API: a note there, with its scopes.
    std::fs::write(
        dir.path().join("src/taskpane.js"),
        pane.replace(
            "\"X-Api-Key\": \"public-demo-key\"",
            "Authorization: `Bearer ${token}`",
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(graph_findings(m), pairs(&[("GRAPH004", 10)]), "{m:#}");
    assert!(
        finding(m, "GRAPH004")["message"]
            .as_str()
            .unwrap()
            .contains("is sent here to a server outside Microsoft Graph"),
        "{m:#}"
    );
    // The method also handed to a library as a callback: its calls there are not seen.
    std::fs::write(
        dir.path().join("src/taskpane.js"),
        pane.replace(
            "Office.onReady(() => readMessage());",
            "Office.onReady(() => readMessage());\nwindow.graphAuth = { getToken: new TokenSource().token };",
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let note = finding(m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.contains("it is returned from `token`, a method"),
        "{note}"
    );
}

#[test]
fn the_token_is_followed_element_wise_through_promise_all() {
    // `const [result, settings] = await Promise.all([acquireTokenSilent(…), fetch(…)])`: the
    // token is the first result; the settings request and the API call do not carry it.
    let dir = fixture_copy("graph-naa");
    let pane = r#"import { createNestablePublicClientApplication } from "@azure/msal-browser";

async function readMessage() {
  const pca = await createNestablePublicClientApplication({ auth: { clientId: "0" } });
  const [result, settings] = await Promise.all([
    pca.acquireTokenSilent({ scopes: ["User.Read", "Mail.ReadWrite"] }),
    fetch("/settings.json").then((r) => r.json()),
  ]);
  const id = Office.context.mailbox.item.itemId;
  const response = await fetch(`https://graph.microsoft.com/v1.0/me/messages/${id}`, {
    headers: { Authorization: `Bearer ${result.accessToken}` },
  });
  document.getElementById("out").textContent = (await response.json()).subject + settings.title;
}

Office.onReady(() => readMessage());
"#;
    std::fs::write(dir.path().join("src/taskpane.js"), pane).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(graph_findings(m), pairs(&[("GRAPH002", 6)]), "{m:#}");
    // The results kept as one array: where the token goes is not followed.
    std::fs::write(
        dir.path().join("src/taskpane.js"),
        pane.replace("const [result, settings] =", "const all =")
            .replace("result.accessToken", "all[0].accessToken")
            .replace("settings.title", "all[1].title"),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let note = finding(m, "GRAPH004")["message"].as_str().unwrap();
    assert!(
        note.contains("`Promise.all`'s results are used other than taken apart by position"),
        "{note}"
    );
}
