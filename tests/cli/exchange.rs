//! Exchange Online as it is in 2026 and the manifest's own rules: legacy tokens, Outlook REST
//! and EWS (LEG001), manifest twins and duplicates (MAN006–MAN008), the
//! `exchange` setting, and what the tier would be after migrating.

use super::common::*;

fn legacy_findings(m: &serde_json::Value) -> Vec<(String, u64, String)> {
    all_of(m, "LEG001")
        .into_iter()
        .map(|f| {
            let (file, line, _) = at(f);
            let file = file.rsplit('/').next().unwrap_or_default().to_owned();
            (
                format!("{file}:{line}"),
                line,
                f["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn legacy_apis_fail_in_exchange_online_and_guards_make_them_notes() {
    let (code, m) = project("legacy-tokens");
    assert_eq!(code, 0, "warnings and notes only: {m:#}");
    // The tier is what the code needs, legacy or not: no lower tier is advised.
    assert_eq!(m["verdict"], "ok");
    assert_eq!(m["required"], "ReadWriteMailbox");
    let found: Vec<(String, String)> = legacy_findings(&m)
        .into_iter()
        .map(|(at, _, s)| (at, s))
        .collect();
    // Comments and the string naming getCallbackTokenAsync are not calls; the two uses
    // behind the token-status and account-type checks are notes.
    assert_eq!(
        found,
        [
            ("ews.js:8".to_owned(), "warning".to_owned()),
            ("ews.js:9".to_owned(), "warning".to_owned()),
            ("pane.js:18".to_owned(), "note".to_owned()),
            ("pane.js:27".to_owned(), "note".to_owned()),
        ]
    );
    let ews = all_of(&m, "LEG001")
        .into_iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("makeEwsRequestAsync")
        })
        .unwrap();
    let msg = ews["message"].as_str().unwrap();
    assert!(
        msg.contains("ReadWriteMailbox is needed only for legacy APIs")
            && msg.contains("without them the add-in needs ReadItem"),
        "{msg}"
    );
    let url = all_of(&m, "LEG001")
        .into_iter()
        .find(|f| f["message"].as_str().unwrap().contains("ewsUrl"))
        .unwrap();
    assert!(url["message"].as_str().unwrap().contains("2027-04-01"));
}

#[test]
fn on_premises_add_ins_are_not_told_and_any_names_the_online_users() {
    let r = audit(&[
        "fixtures/projects/legacy-tokens",
        "--exchange",
        "on-premises",
        "--format",
        "json",
    ]);
    assert!(legacy_findings(only_manifest(&r.json())).is_empty());

    let dir = fixture_copy("legacy-tokens");
    std::fs::write(dir.path().join("addin-audit.toml"), "exchange = \"any\"\n").unwrap();
    let r = audit_in(dir.path(), &[".", "--format", "json"]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(legacy_findings(m).len(), 4);
    assert!(all_of(m, "LEG001").iter().all(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("for mailboxes in Exchange Online")
    }));
    // The command line wins over the file.
    let r = audit_in(
        dir.path(),
        &[".", "--exchange", "on-premises", "--format", "json"],
    );
    assert!(legacy_findings(only_manifest(&r.json())).is_empty());

    std::fs::write(
        dir.path().join("addin-audit.toml"),
        "fail-on = \"warning\"\nexchange = \"cloud\"\n",
    )
    .unwrap();
    let r = audit_in(dir.path(), &["."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "addin-audit.toml:2:12: invalid exchange `cloud`; expected online, on-premises or any"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn explain_cites_the_typings_sentence_and_dates() {
    let r = audit(&["explain", "makeEwsRequestAsync"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("legacy: fails in Exchange Online (LEG001)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "are no longer supported and are turned off across all Microsoft 365 tenants"
        )
    );
    assert!(r.stdout.contains("ms.date 11/03/2025"));
    // The token-status check is the guard, not a legacy use.
    let r = audit(&["explain", "Diagnostics.ews"]);
    assert!(
        r.stdout.contains("status: works as documented"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "LEG001"]);
    assert!(r.stdout.contains("2026-10-01") && r.stdout.contains("2027-04-01"));
}

#[test]
fn an_add_ins_xml_and_unified_manifests_must_agree() {
    // Both audited: each reports the difference at its own line.
    let r = audit(&["fixtures/projects/twin-manifests", "--format", "json"]);
    let v = r.json();
    let ms = v["manifests"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    for m in ms {
        let lines: Vec<u64> = all_of(m, "MAN006").into_iter().map(|f| at(f).1).collect();
        let json = m["format"] == "json";
        // The tier on its line; SharedFolders on the unified manifest's own line, and on
        // the XML manifest's tier line (it has no line of its own there).
        assert_eq!(lines, if json { [20, 21] } else { [15, 15] }, "{m:#}");
    }
    // Both named on the command line (relative paths): each twin counted once.
    let r = audit(&[
        "fixtures/projects/twin-manifests/manifest.xml",
        "fixtures/projects/twin-manifests/manifest.json",
        "--format",
        "json",
    ]);
    for m in r.json()["manifests"].as_array().unwrap() {
        assert_eq!(all_of(m, "MAN006").len(), 2, "{m:#}");
    }
    // Given only the XML manifest, its unified twin in the project is still compared.
    let r = audit(&[
        "fixtures/projects/twin-manifests/manifest.xml",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    let f = all_of(m, "MAN006");
    assert_eq!(f.len(), 2);
    assert!(f.iter().any(|f| f["message"].as_str().unwrap().contains(
        "this manifest declares ReadItem but its unified manifest fixtures/projects/twin-manifests/manifest.json:20:19 (the same add-in) declares ReadWriteMailbox"
    )));
}

#[test]
fn one_tier_per_manifest_and_no_prepend_on_send() {
    let (code, m) = project("manifest-rules");
    assert_eq!(code, 1);
    assert_eq!(at(finding(&m, "MAN007")).1, 18);
    assert_eq!(finding(&m, "MAN007")["severity"], "error");
    assert_eq!(at(finding(&m, "MAN008")).1, 23);
    // AppendOnSend is declared and used: no supplementary findings.
    assert!(!codes(&m).iter().any(|c| c.starts_with("SUP")), "{m:#}");
    let r = audit(&["fixtures/manifests/two-tiers.json", "--format", "json"]);
    let v = r.json();
    let m = only_manifest(&v);
    let f = finding(m, "MAN007");
    assert_eq!(at(f).1, 10);
    assert!(f["message"].as_str().unwrap().contains("another is at 9:"));
    assert_eq!(m["declared"], "ReadWriteMailbox");
}

/// The requests one report says were made with the callback token: (method, url, tier, line).
fn requests(m: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    m["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap_or("?").to_owned(),
                r["url"].as_str().unwrap_or("?").to_owned(),
                r["tier"].as_str().unwrap_or("unknown").to_owned(),
                r["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_rest_write_to_the_current_item_needs_read_write_mailbox_at_the_request() {
    let (code, m) = project("rest-write");
    assert_eq!(code, 1, "{m:#}");
    assert_eq!(m["verdict"], "under");
    assert_eq!(m["required"], "ReadWriteMailbox");
    // Only the callback-token request counts: the comment, the string and the MSAL token's
    // Graph request (line 24) raise nothing.
    assert_eq!(
        requests(&m),
        [(
            "PATCH".to_owned(),
            "{restUrl}/v2.0/me/messages/{item}".to_owned(),
            "ReadWriteMailbox".to_owned(),
            14
        )]
    );
    let tier = all_of(&m, "TIER001");
    assert_eq!(tier.len(), 1, "{m:#}");
    assert_eq!(at(tier[0]).1, 14);
    let msg = tier[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("PATCH") && msg.contains("declares ReadWriteItem"),
        "{msg}"
    );
    // The tier after migrating: the callback token is why ReadWriteMailbox is needed.
    let legacy = all_of(&m, "LEG001")
        .into_iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("getCallbackTokenAsync")
        })
        .unwrap();
    assert!(
        legacy["message"]
            .as_str()
            .unwrap()
            .contains("without them the add-in needs ReadItem"),
        "{legacy:#}"
    );
}

#[test]
fn a_token_followed_through_a_promise_to_a_read_of_the_current_item_proves_read_item() {
    let (code, m) = project("rest-read");
    assert_eq!(code, 0, "{m:#}");
    // Every use of the token is seen, and each reads the current item: the lower tier is
    // advised, not left unverified.
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert_eq!(
        requests(&m),
        [(
            "GET".to_owned(),
            "{restUrl}/v2.0/me/messages/{item}/attachments?$select=Name,Size".to_owned(),
            "ReadItem".to_owned(),
            24
        )]
    );
}

#[test]
fn a_token_sent_to_the_add_ins_own_server_leaves_the_verdict_unverified() {
    let (code, m) = project("token-to-server");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "unverified");
    let gaps = m["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{m:#}");
    let gap = gaps[0].as_str().unwrap();
    assert!(
        gap.contains("/api/attachments") && gap.contains("pane.js:12:7"),
        "{gap}"
    );
    assert_eq!(
        requests(&m),
        [(
            "POST".to_owned(),
            "/api/attachments".to_owned(),
            "unknown".to_owned(),
            12
        )]
    );
    assert!(!codes(&m).contains(&"TIER003".to_owned()));
}

/// (code, severity, line) of a report's findings from these codes.
fn manifest_findings(m: &serde_json::Value, wanted: &[&str]) -> Vec<(String, String, u64)> {
    m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| wanted.contains(&f["code"].as_str().unwrap()))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                at(f).1,
            )
        })
        .collect()
}

fn owned(v: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    v.iter()
        .map(|(c, s, l)| ((*c).to_owned(), (*s).to_owned(), *l))
        .collect()
}

#[test]
fn event_and_send_rules_of_the_xml_manifest() {
    let (code, m) = project("event-rules");
    assert_eq!(code, 1, "{m:#}");
    // Multi-select needs ReadWriteMailbox: an activation fact like a rule.
    assert_eq!(m["verdict"], "under");
    assert_eq!(m["required"], "ReadWriteMailbox");
    let wanted = ["MAN009", "MAN010", "MAN011", "MAN012", "TIER002"];
    let mut found = manifest_findings(&m, &wanted);
    found.sort_by_key(|f| f.2);
    assert_eq!(
        found,
        owned(&[
            ("MAN009", "warning", 16),
            ("TIER002", "error", 43),
            ("MAN012", "warning", 51),
            ("MAN012", "warning", 52),
            ("MAN011", "warning", 52),
            ("MAN010", "warning", 57),
            ("MAN010", "error", 58),
        ])
    );
    let msg = |code: &str, line: u64| {
        all_of(&m, code)
            .into_iter()
            .find(|f| at(f).1 == line)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        msg("MAN012", 52).contains("needs Mailbox 1.12 but the manifest requires only Mailbox 1.8")
    );
    assert!(msg("MAN010", 58).contains("the first is at 57:28"));
    // APIs event handlers may not call, where a launch event's handler reaches them (through
    // a helper, or a callback); the legacy on-send handler's dialog (line 26) and the ribbon
    // command's dialog and token (lines 36-37) are fine.
    let evt: Vec<(String, u64)> = all_of(&m, "EVT001")
        .into_iter()
        .map(|f| {
            let (file, line, _) = at(f);
            (file.rsplit('/').next().unwrap().to_owned(), line)
        })
        .collect();
    assert_eq!(
        evt,
        [
            ("guard.js".to_owned(), 9),
            ("guard.js".to_owned(), 10),
            ("guard.js".to_owned(), 17)
        ]
    );
    assert!(msg("EVT001", 10).contains("`Office.Context.officeTheme`"));
    // A form method no Microsoft page covers for handlers: a warning.
    let evt2: Vec<(String, u64)> = all_of(&m, "EVT002")
        .into_iter()
        .map(|f| (f["severity"].as_str().unwrap().to_owned(), at(f).1))
        .collect();
    assert_eq!(evt2, [("warning".to_owned(), 11)]);
    assert!(
        msg("EVT001", 9).contains("`onCompose`, the handler of the `OnNewMessageCompose` event")
    );
}

#[test]
fn event_and_send_rules_of_the_unified_manifest() {
    let r = audit(&["fixtures/manifests/unified-events.json", "--format", "json"]);
    let v = r.json();
    let m = only_manifest(&v);
    let wanted = ["MAN009", "MAN010", "MAN011", "MAN012", "TIER002", "EVT001"];
    let mut found = manifest_findings(m, &wanted);
    found.sort_by_key(|f| f.2);
    assert_eq!(
        found,
        owned(&[
            ("MAN009", "warning", 18),
            ("TIER002", "error", 27),
            ("MAN011", "warning", 36),
            ("MAN012", "warning", 37),
        ])
    );
    // Every code cites a dated source in `explain`.
    for code in wanted {
        let e = audit(&["explain", code]);
        assert_eq!(e.code, 0, "{code}");
        assert!(
            e.stdout.contains("20") && e.stdout.contains("## Why is this bad?"),
            "{code}: {}",
            e.stdout
        );
    }
}

#[test]
fn the_token_passed_to_another_modules_function_is_followed_there() {
    // The move is in archive.js, which mail.js imports: the callback token handed to
    // `moveToArchive(message, token)` is followed into that module's export, and the POST
    // there proves ReadWriteMailbox, at its line.
    let dir = fixture_copy("token-callbacks");
    let mail = dir.path().join("src/taskpane/mail.js");
    let text = std::fs::read_to_string(&mail).unwrap();
    let start = text.find("function moveToArchive").unwrap();
    let end = text.find("export function archiveCurrent").unwrap();
    let moved = text.get(start..end).unwrap().to_owned();
    let rest = text.replace(&moved, "");
    std::fs::write(
        &mail,
        format!("import {{ moveToArchive }} from \"./archive\";\n{rest}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/taskpane/archive.js"),
        format!(
            "/* global Office, fetch */\n// Moves a message to the archive folder with the callback token.\n\nfunction restBase() {{\n  return Office.context.mailbox.restUrl + \"/v2.0/me/\";\n}}\n\nfunction currentId() {{\n  return Office.context.mailbox.convertToRestId(\n    Office.context.mailbox.item.itemId,\n    Office.MailboxEnums.RestVersion.v2_0\n  );\n}}\n\nexport {moved}"
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok", "{m:#}");
    assert_eq!(m["required"], "ReadWriteMailbox", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert!(
        m["requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["file"] == "src/taskpane/archive.js" && r["method"] == "POST"),
        "{m:#}"
    );
    // Imported through a module that re-exports it: followed to where it is declared.
    std::fs::write(
        dir.path().join("src/taskpane/actions.js"),
        "// The pane's actions, in one place.\nexport { moveToArchive } from \"./archive\";\n",
    )
    .unwrap();
    replace_in(
        dir.path(),
        "src/taskpane/mail.js",
        "from \"./archive\";",
        "from \"./actions\";",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
}

#[test]
fn the_token_follows_parameters_to_what_callers_pass() {
    // `withToken(run, options)` hands the callback token to `run(token, options)`; its one
    // caller passes `readMessage` and an object whose `onRead` moves the message. The
    // parameter is the union of what its callers pass, through the call that reached
    // `readMessage` (`options.onRead(message, token)`): the move proves ReadWriteMailbox.
    let m = judged_complete("token-callbacks", 0, "ok", "ReadWriteMailbox");
    let requests: Vec<(String, u64)> = m["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["url"].as_str().unwrap()
                ),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        requests,
        [
            ("GET {restUrl}/v2.0/me/messages/{item}".to_owned(), 27),
            ("POST {restUrl}/v2.0/me/messages/{item}/move".to_owned(), 35),
        ],
        "{m:#}"
    );
    // Its callers all known and none moving anything: reading the item is all it needs.
    let dir = fixture_copy("token-callbacks");
    replace_in(
        dir.path(),
        "src/taskpane/mail.js",
        "onRead: (message, token) => moveToArchive(message, token).then(() => report(\"Archived\")),",
        "onRead: (message, token) => report(message.Subject),",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    // Exported, it may have callers the file does not show: never below what they could do.
    replace_in(
        dir.path(),
        "src/taskpane/mail.js",
        "\nfunction withToken",
        "\nexport function withToken",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    let gaps = m["gaps"].as_array().unwrap();
    assert!(
        gaps.iter()
            .any(|g| g.as_str().unwrap().contains(
                "`withToken` is exported, so its callers elsewhere may pass another `run`"
            )),
        "{m:#}"
    );
}
