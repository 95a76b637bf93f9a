//! Verdicts and findings on the fixture add-ins: over, under, ok, activation rules, aliases,
//! look-alikes, EWS, supplementary permissions, requirement sets, partial analysis.

use super::common::*;

#[test]
fn example_is_over_privileged_with_the_line_to_change() {
    let r = audit(&[EXAMPLE, "--format", "json"]);
    assert_eq!(
        r.code, 0,
        "a warning does not fail by default: {}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(v["version"], 1);
    let m = only_manifest(&v);
    assert_eq!(m["declared"], "ReadWriteMailbox");
    assert_eq!(m["required"], "ReadItem");
    assert_eq!(m["verdict"], "over");
    assert_eq!(codes(m), ["TIER003"]);
    let f = finding(m, "TIER003");
    assert_eq!(f["severity"], "warning");
    assert_eq!(at(f), (EXAMPLE.to_owned(), 29, 16));
    assert_eq!(
        f["help"],
        "change <Permissions>ReadWriteMailbox</Permissions> to <Permissions>ReadItem</Permissions>"
    );
    assert_eq!(
        apis(m),
        [
            "Office.Body.getAsync",
            "Office.Context.mailbox",
            "Office.Context.roamingSettings",
            "Office.Mailbox.item",
            "Office.MessageRead.body",
            "Office.MessageRead.subject",
            "Office.RoamingSettings.saveAsync",
            "Office.RoamingSettings.set",
        ]
    );
    let subject = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.MessageRead.subject")
        .expect("subject use");
    assert_eq!(
        subject["file"],
        "fixtures/projects/summarize-email/src/taskpane.ts"
    );
    assert_eq!(
        (subject["line"].as_u64(), subject["column"].as_u64()),
        (Some(10), Some(32))
    );
    // The comment that names body.setAsync is not a use.
    assert!(!apis(m).contains(&"Office.Body.setAsync".to_owned()));
    assert_eq!(
        m["urls"][0]["file"],
        "fixtures/projects/summarize-email/src/taskpane.html"
    );
}

#[test]
fn fail_on_warning_fails_on_over_privilege() {
    assert_eq!(audit(&[EXAMPLE, "--fail-on", "warning"]).code, 1);
    assert_eq!(audit(&[EXAMPLE, "--fail-on", "never"]).code, 0);
}

#[test]
fn under_privileged_code_is_an_error_at_the_call() {
    let (code, m) = project("under-privileged");
    assert_eq!(code, 1);
    assert_eq!(
        (
            m["declared"].as_str(),
            m["required"].as_str(),
            m["verdict"].as_str()
        ),
        (Some("ReadItem"), Some("ReadWriteItem"), Some("under"))
    );
    assert_eq!(codes(&m), ["TIER001"]);
    let f = finding(&m, "TIER001");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        at(f),
        (
            "fixtures/projects/under-privileged/src/stamp.js".to_owned(),
            4,
            13
        )
    );
    assert!(f["message"].as_str().unwrap().contains(
        "`Office.Body.setSelectedDataAsync` needs ReadWriteItem but the manifest declares ReadItem"
    ));
}

#[test]
fn a_manifest_without_permissions_gets_restricted() {
    let (code, m) = project("no-permissions");
    assert_eq!(code, 1);
    assert_eq!(m["declared"], "Restricted");
    assert_eq!(m["declared_explicitly"], false);
    assert_eq!(m["required"], "ReadItem");
    let f = finding(&m, "TIER001");
    assert_eq!(at(f).1, 3);
}

#[test]
fn least_privilege_is_clean_even_with_fail_on_warning() {
    let r = audit(&[
        "fixtures/projects/least-privilege",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok");
    assert!(codes(m).is_empty(), "{m:#}");
    let t = audit(&["fixtures/projects/least-privilege"]);
    assert!(
        t.stdout
            .contains("Nothing the audit found needs more than Restricted."),
        "{}",
        t.stdout
    );
}

#[test]
fn activation_rules_need_read_item() {
    let (code, m) = project("activation-rules");
    assert_eq!(code, 1);
    assert_eq!(m["required"], "ReadItem");
    let rules: Vec<(String, u64)> = all_of(&m, "TIER002")
        .into_iter()
        .map(|f| {
            (
                f["message"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(
        rules[0].0.contains("ItemHasAttachment") && rules[0].1 == 19,
        "{rules:?}"
    );
    assert!(
        rules[1].0.contains("ItemHasRegularExpressionMatch") && rules[1].1 == 22,
        "{rules:?}"
    );
    // ItemHasKnownEntity with EntityType="Url" needs only Restricted, and no longer
    // activates anything: entity-based contextual add-ins are retired (LEG002).
    assert!(!rules.iter().any(|r| r.0.contains("ItemHasKnownEntity")));
    let retired: Vec<(String, u64, u64)> = all_of(&m, "LEG002").into_iter().map(at).collect();
    assert_eq!(
        retired,
        [
            (
                "fixtures/projects/activation-rules/manifest.xml".to_owned(),
                20,
                7
            ),
            (
                "fixtures/projects/activation-rules/src/app.js".to_owned(),
                4,
                45
            ),
        ]
    );
}

#[test]
fn every_alias_form_is_followed() {
    let (code, m) = project("aliases");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "ok");
    assert_eq!(m["required"], "ReadWriteItem");
    let found = apis(&m);
    for api in [
        "Office.Body.prependAsync",   // alias of an alias, narrowed with `as`
        "Office.Subject.getAsync",    // destructured
        "Office.Categories.getAsync", // window.Office?.…?.["categories"]
        "Office.Recipients.getAsync", // globalThis.Office
        "Office.From.getAsync",       // a parameter typed Office.MessageCompose
    ] {
        assert!(found.contains(&api.to_owned()), "{api} not in {found:?}");
    }
}

#[test]
fn comments_strings_and_lookalike_names_are_not_api_calls() {
    let (code, m) = project("lookalikes");
    assert_eq!(code, 0);
    assert_eq!(m["verdict"], "ok");
    assert_eq!(
        apis(&m),
        [
            "Office.Context.roamingSettings",
            "Office.RoamingSettings.set"
        ]
    );
    assert!(codes(&m).is_empty());
}

#[test]
fn unified_json_manifest_with_inline_html_script() {
    let (code, m) = project("unified-json");
    assert_eq!(code, 0);
    assert_eq!(m["format"], "json");
    assert_eq!(m["declared"], "ReadWriteItem");
    assert_eq!(m["verdict"], "ok");
    // The unknown permission name is a warning that names it, at its line.
    assert_eq!(codes(&m), ["MAN001"]);
    let f = finding(&m, "MAN001");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("MailboxItem.Frobnicate.User")
    );
    assert_eq!(
        at(f),
        (
            "fixtures/projects/unified-json/manifest.json".to_owned(),
            22,
            19
        )
    );
    // The inline <script> use points into the HTML file.
    let u = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.Body.appendOnSendAsync")
        .expect("use");
    assert_eq!(
        (u["file"].as_str(), u["line"].as_u64(), u["column"].as_u64()),
        (
            Some("fixtures/projects/unified-json/src/commands.html"),
            Some(11),
            Some(40)
        )
    );
    assert_eq!(m["urls"][0]["url"], "https://localhost:3000/commands.html");
}

#[test]
fn ews_operations_are_checked() {
    let (code, m) = project("ews-requests");
    assert_eq!(code, 1);
    assert_eq!(m["required"], "ReadWriteMailbox");
    // Both requests also fail in Exchange Online (LEG001).
    assert_eq!(codes(&m), ["LEG001", "LEG001", "EWS001"]);
    let f = finding(&m, "EWS001");
    assert!(f["message"].as_str().unwrap().contains("`DeleteItem`"));
    assert_eq!(at(f).1, 15);
}

#[test]
fn an_ews_request_built_at_run_time_is_a_note_not_a_guess() {
    // A helper sends whatever SOAP text it is given, here a request the user pasted: the
    // operation cannot be read, so EWS001 cannot check it and EWS002 says so at the call.
    let dir = fixture_copy("ews-requests");
    let app = dir.path().join("src/app.js");
    let text = std::fs::read_to_string(&app).unwrap();
    std::fs::write(
        &app,
        format!(
            "{text}\nfunction sendRaw(request) {{\n  Office.context.mailbox.makeEwsRequestAsync(request, (r) => console.log(r.value));\n}}\n\ndocument.getElementById(\"send\").onclick = () => sendRaw(document.getElementById(\"soap\").value);\n"
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let f = finding(m, "EWS002");
    assert_eq!(f["severity"], "note", "{f:#}");
    assert_eq!(at(f).1, 21, "{f:#}");
    // The two readable requests are still checked.
    assert_eq!(all_of(m, "EWS001").len(), 1, "{m:#}");
}

#[test]
fn a_manifest_that_names_no_code_is_a_warning_and_rests_on_its_rules() {
    // A manifest whose forms were removed (a template, a half-edited copy): no page, no
    // script. MAN002 says so at the manifest; the verdict rests on its activation rules.
    let dir = fixture_copy("ews-requests");
    let manifest = dir.path().join("manifest.xml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let start = text.find("  <FormSettings>").unwrap();
    let end = text.find("</FormSettings>\n").unwrap() + "</FormSettings>\n".len();
    std::fs::write(&manifest, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let f = finding(m, "MAN002");
    assert_eq!(f["severity"], "warning", "{f:#}");
    assert!(at(f).0.ends_with("manifest.xml"), "{f:#}");
    assert!(m["uses"].as_array().unwrap().is_empty(), "{m:#}");
}

#[test]
fn append_on_send_without_the_extended_permission_is_an_error() {
    let (code, m) = project("append-on-send");
    assert_eq!(code, 1);
    assert_eq!(codes(&m), ["SUP001"]);
    assert_eq!(
        at(finding(&m, "SUP001")),
        (
            "fixtures/projects/append-on-send/src/commands.js".to_owned(),
            3,
            36
        )
    );
    // FunctionFile resid resolves through <bt:Urls>.
    let urls: Vec<&str> = m["urls"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["url"].as_str())
        .collect();
    assert!(
        urls.contains(&"https://localhost:3000/commands.html"),
        "{urls:?}"
    );
}

#[test]
fn requirement_sets_respect_is_set_supported_guards() {
    let (code, m) = project("requirement-sets");
    assert_eq!(code, 0);
    let lines: Vec<u64> = all_of(&m, "REQ001")
        .into_iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    // Line 7 is guarded by isSetSupported("Mailbox", "1.8"); line 12's guard is too low.
    assert_eq!(lines, [12, 16]);
    assert_eq!(
        audit(&["fixtures/projects/requirement-sets", "--fail-on", "warning"]).code,
        1
    );
}

#[test]
fn probes_computed_members_and_parse_errors_are_reported_not_counted() {
    let (code, m) = project("partial-analysis");
    assert_eq!(code, 0);
    assert_eq!(
        m["required"], "ReadItem",
        "the probe of setSignatureAsync is not a use"
    );
    assert_eq!(m["verdict"], "ok");
    // AppendOnSend is declared and nothing found uses it, but broken.js does not parse and a
    // computed member could be appendOnSendAsync: "unused" cannot be claimed (no SUP002).
    assert_eq!(codes(&m), ["JS001", "JS003", "JS002"]);
    let sev = |c: &str| finding(&m, c)["severity"].as_str().unwrap().to_owned();
    assert_eq!(
        (sev("JS001"), sev("JS003"), sev("JS002")),
        ("warning".into(), "note".into(), "note".into())
    );
    assert_eq!(
        at(finding(&m, "JS001")),
        (
            "fixtures/projects/partial-analysis/src/broken.js".to_owned(),
            4,
            26
        )
    );
    assert_eq!(at(finding(&m, "JS003")).1, 5);
    assert_eq!(at(finding(&m, "JS002")).1, 9);
    let probe = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.Body.setSignatureAsync")
        .expect("probe listed");
    assert_eq!(probe["probe"], true);
}

#[test]
fn an_unused_supplementary_permission_is_reported_only_on_complete_evidence() {
    // The partial-analysis add-in with its parse error and computed member gone: nothing
    // uses AppendOnSend, and now that is known.
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/projects/partial-analysis");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in [
        "manifest.xml",
        "package.json",
        "src/taskpane.html",
        "src/commands.html",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("src/broken.js"),
        "Office.context.roamingSettings.get('a');\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/commands.js"),
        "function addFooter(event) {\n  Office.context.mailbox.item.subject.getAsync(function () { event.completed(); });\n}\nOffice.actions.associate(\"addFooter\", addFooter);\n",
    )
    .unwrap();
    let r = audit_in(dir.path(), &["--format", "json"]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(codes(m), ["SUP002"], "{m:#}");
    assert_eq!(
        at(finding(m, "SUP002")),
        ("manifest.xml".to_owned(), 50, 29)
    );
    assert_eq!(finding(m, "SUP002")["severity"], "warning");
}

#[test]
fn a_schema_1_0_mail_app_counts_read_forms_only() {
    let (code, m) = project("schema-1-0");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "ok");
    assert_eq!(
        m["modes"],
        serde_json::json!(["Message Read", "Appointment Attendee"])
    );
    assert!(apis(&m).contains(&"Office.AppointmentRead.organizer".to_owned()));
    // One file, not an ambiguous match: the project's index and the repository's overlap.
    assert_eq!(m["entries"][0]["via"], "matched by path");
}

#[test]
fn an_item_handed_through_angular_injection_is_followed() {
    // AngularJS: a service resolves a `$q` deferred with the item and returns its promise; a
    // controller gets the service by dependency injection (by name, from another script of
    // the page) and hands the item on to a second service, whose method reads the sender.
    // Each step is followed, so the need is proven where the item is read.
    let (code, m) = project("angular-deferred");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem");
    assert!(
        m["gaps"].as_array().is_some_and(Vec::is_empty),
        "{:#}",
        m["gaps"]
    );
    assert_eq!(
        at(finding(&m, "TIER003")),
        (
            "fixtures/projects/angular-deferred/manifest.xml".to_owned(),
            21,
            16
        )
    );
    let message = finding(&m, "TIER003")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("`Office.MessageRead.from` at fixtures/projects/angular-deferred/app/services/lookupService.js:12:71"),
        "{message}"
    );
}

#[test]
fn an_item_handed_through_a_jquery_deferred_is_followed() {
    // A Visual Studio web add-in: a shared script resolves a jQuery `$.Deferred()` with the
    // item once Office is ready and hands out its promise from a global service object; the
    // page's script writes the body in `.done(…)`. The need is proven where it writes, with
    // no gap, so the advice is ReadWriteItem.
    let (code, m) = project("jquery-deferred");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem");
    assert!(m["gaps"].as_array().is_some_and(Vec::is_empty), "{m:#}");
    let (file, line, _) = at(&m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.Body.prependAsync")
        .unwrap()
        .clone());
    assert!(file.ends_with("MessageCompose/MessageCompose.js"), "{file}");
    assert_eq!(line, 7);
    // Resolved with something else, the promise carries no item: nothing is needed.
    let dir = fixture_copy("jquery-deferred");
    replace_in(
        dir.path(),
        "StamperWeb/Scripts/itemService.js",
        "ready.resolve(Office.context.mailbox.item);",
        "ready.resolve(window.draftSettings);",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    assert_eq!(only_manifest(&v)["required"], "Restricted");
}

#[test]
fn angular_injection_the_audit_cannot_follow_bounds_the_advice() {
    // The service looked up by name at run time: what is done with it there is not seen.
    let dir = fixture_copy("angular-deferred");
    replace_in(
        dir.path(),
        "app/controllers/senderController.js",
        "mailboxService.getCurrentItem()",
        "angular.element(document).injector().get('mailboxService').getCurrentItem()",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    let message = finding(m, "TIER004")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("is looked up by name as the AngularJS service `mailboxService`")
            && message.contains("app/controllers/senderController.js:12:46")
            && message.contains("cannot need more than ReadWriteItem"),
        "{message}"
    );
    // The second service's script is not on the page: nothing takes the item there.
    let dir = fixture_copy("angular-deferred");
    replace_in(
        dir.path(),
        "index.html",
        "<script src=\"app/services/lookupService.js\"></script>",
        "",
    );
    let v = audit_in(dir.path(), &["--format", "json", "--fix"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    let message = finding(m, "TIER004")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("passed to `findSender` of the AngularJS service `lookupService`"),
        "{message}"
    );
    let after = std::fs::read_to_string(dir.path().join("manifest.xml")).unwrap();
    assert!(after.contains("<Permissions>ReadWriteMailbox</Permissions>"));
}

#[test]
fn an_escaped_item_never_yields_advice_below_its_bound() {
    // However the item leaves the analysis, and whatever tier is declared, the audit never
    // says `over` and `--fix` never writes a tier below what the item can reach.
    let escapes = [
        "deferred.resolve(keep(item));",
        "$rootScope.currentItem = item;",
        "deferred.resolve(keep({ item: item }));",
        "deferred.resolve([item]);",
        "deferred.resolve(new MailItem(item));",
        "deferred.resolve(keep(function () { return item; }));",
        "window.currentItem = item;",
    ];
    for declared in ["ReadItem", "ReadWriteItem", "ReadWriteMailbox"] {
        for escape in escapes {
            let dir = fixture_copy("angular-deferred");
            replace_in(
                dir.path(),
                "app/services/mailboxService.js",
                "deferred.resolve(item);",
                escape,
            );
            replace_in(
                dir.path(),
                "manifest.xml",
                "<Permissions>ReadWriteMailbox</Permissions>",
                &format!("<Permissions>{declared}</Permissions>"),
            );
            let v = audit_in(dir.path(), &["--format", "json", "--fix"]).json();
            let m = only_manifest(&v);
            assert_eq!(m["verdict"], "unverified", "{declared}, {escape}: {m:#}");
            let after = std::fs::read_to_string(dir.path().join("manifest.xml")).unwrap();
            assert!(
                after.contains(&format!("<Permissions>{declared}</Permissions>")),
                "{declared}, {escape}: --fix changed the tier"
            );
        }
    }
}

#[test]
fn react_state_holding_the_item_is_followed() {
    // `setSubject(item.subject)`: the state variable holds what the setter is given, and the
    // component only renders it. In a compose form `item.subject` is an object that could
    // write the subject, so losing it would leave the verdict unverified; followed, the code
    // is seen to need ReadItem.
    judged_complete("react-state", 0, "over", "ReadItem");
    // Passed to anything else, the same value is an escape that could write.
    let dir = fixture_copy("react-state");
    replace_in(
        dir.path(),
        "src/taskpane/components/App.jsx",
        "setSubject(item.subject",
        "remember(item.subject",
    );
    unverified_because(dir.path(), "passed to `remember`");
}

#[test]
fn reading_or_showing_the_callback_token_is_not_sending_it() {
    // The token is decoded (`jwt_decode`, `atob(token.split(".")[1])`, `JSON.parse`), printed
    // and written into the page: none of that passes it on, so the add-in's use of it is
    // complete and the tier it needs is known.
    let m = judged_complete("token-display", 0, "over", "ReadItem");
    assert!(m["requests"].as_array().unwrap().is_empty(), "{m:#}");
}

#[test]
fn imports_that_cannot_hold_code_are_never_gaps() {
    // A webpack TypeScript add-in importing a style that is there, one that is not, an image
    // the design pipeline produces, a declaration file and a type-only module.
    let m = judged_complete("typed-imports", 0, "over", "ReadItem");
    assert!(!codes(&m).contains(&"MOD001".to_owned()), "{m:#}");
    // A missing module that could hold code still is one.
    let dir = fixture_copy("typed-imports");
    let ts = dir.path().join("src/taskpane/taskpane.ts");
    let text = std::fs::read_to_string(&ts).unwrap();
    std::fs::write(&ts, format!("import \"./generated/strings\";\n{text}")).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    assert!(codes(m).contains(&"MOD001".to_owned()), "{m:#}");
}

#[test]
fn classic_scripts_of_a_page_share_their_functions() {
    // pane.js passes the callback token to `decodeToken` (helpers/jwt.js: only reads it) and
    // to `flagMessage` (helpers/message.js: a REST PATCH of the current item). Both are
    // globals of other `<script src>` files of the page: followed there, the read is no gap
    // and the write is evidence at the helper's request.
    let m = judged_complete("shared-scripts", 1, "under", "ReadWriteMailbox");
    assert_eq!(
        at(finding(&m, "TIER001")),
        (
            "fixtures/projects/shared-scripts/app/helpers/message.js".to_owned(),
            8,
            10
        )
    );
    // Without the script that defines it, the token goes where the audit cannot follow
    // (display.js too goes, whose ReadWriteItem need would make the declared tier right).
    let dir = fixture_copy("shared-scripts");
    replace_in(
        dir.path(),
        "app/pane/pane.html",
        "  <script src=\"../helpers/message.js\"></script>\n  <script src=\"../helpers/display.js\"></script>\n",
        "",
    );
    unverified_because(
        dir.path(),
        "passed to `flagMessage`, which no script of the add-in defines",
    );
}

#[test]
fn an_office_value_kept_in_a_global_is_followed_into_the_scripts_that_read_it() {
    // pane.js keeps the item in a top-level `var` of a classic script, which is a global of
    // the page; display.js files it under a category through that global (ReadWriteItem).
    // Read alone, pane.js needs ReadItem: the advice to lower would have been unsafe.
    let dir = fixture_copy("shared-scripts");
    replace_in(
        dir.path(),
        "app/pane/pane.js",
        "  showSender(Office.context.mailbox.item);\n",
        "  currentItem = Office.context.mailbox.item;\n  showSender();\n",
    );
    replace_in(
        dir.path(),
        "app/pane/pane.js",
        "Office.onReady(function () {",
        "var currentItem = null;\n\nOffice.onReady(function () {",
    );
    replace_in(
        dir.path(),
        "app/pane/pane.js",
        "flagMessage(token)",
        "Promise.resolve()",
    );
    std::fs::write(
        dir.path().join("app/helpers/display.js"),
        "// Files the message the pane keeps in `currentItem`.\nfunction showSender() {\n  currentItem.categories.addAsync([\"Seen by triage\"]);\n}\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert!(
        m["uses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["file"] == "app/helpers/display.js"
                && u["api"] == "Office.Categories.addAsync"),
        "{m:#}"
    );
}

#[test]
fn an_office_value_passed_to_another_scripts_global_function_is_followed() {
    // pane.js hands the item to `showSender`, which display.js declares: its uses count
    // there, where they are.
    let (_, m) = project("shared-scripts");
    let display: Vec<String> = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["file"] == "fixtures/projects/shared-scripts/app/helpers/display.js")
        .map(|u| format!("{}:{}", u["line"], u["api"].as_str().unwrap()))
        .collect();
    assert!(
        display.contains(&"4:Office.Categories.addAsync".to_owned()),
        "{display:?}"
    );
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    // Without the script that declares it (and without the REST write, which proves more
    // than the item can reach), the item goes where the audit cannot follow.
    let dir = fixture_copy("shared-scripts");
    replace_in(
        dir.path(),
        "app/pane/pane.html",
        "  <script src=\"../helpers/display.js\"></script>\n",
        "",
    );
    replace_in(
        dir.path(),
        "app/pane/pane.js",
        "flagMessage(token)",
        "Promise.resolve()",
    );
    unverified_because(
        dir.path(),
        "passed to `showSender`, a global function no script of the page was seen to declare",
    );
}

#[test]
fn checking_a_member_exists_guards_its_use() {
    // `if (mailbox.addHandlerAsync !== undefined)` is a feature-detection guard: the call
    // inside it runs only where the member is, so REQ001 is not raised for it; the same
    // call unguarded, or under a negated check, still is.
    let dir = fixture_copy("requirement-sets");
    let app = dir.path().join("src/app.js");
    std::fs::write(
        &app,
        "Office.onReady(() => {\n  const mailbox = Office.context.mailbox;\n  if (mailbox.addHandlerAsync !== undefined) {\n    mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => {});\n  }\n  if (typeof mailbox.removeHandlerAsync === \"function\") {\n    mailbox.removeHandlerAsync(Office.EventType.ItemChanged, () => {});\n  }\n  if (mailbox.item.categories === undefined) {\n    mailbox.item.categories.getAsync(() => {});\n  }\n  mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => {});\n});\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let lines: Vec<u64> = all_of(m, "REQ001")
        .into_iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [10, 12], "{m:#}");
}

#[test]
fn an_item_kept_in_a_class_field_is_followed_into_its_methods() {
    // `this.item = Office.context.mailbox.item` in the constructor, `this.item.body.
    // setSelectedDataAsync(…)` in a method: the field's reads hold the item (a TypeScript
    // `private` field is read only by the class), so ReadWriteItem is proven and enough.
    let m = judged_complete("class-fields", 0, "over", "ReadWriteItem");
    assert!(
        m["uses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["api"] == "Office.Body.setSelectedDataAsync" && u["line"] == 10),
        "{m:#}"
    );
    // A public field of an exported class may be read by code elsewhere: the item escapes
    // there, bounded by what a composed item reaches, so ReadWriteMailbox stays.
    let dir = fixture_copy("class-fields");
    replace_in(
        dir.path(),
        "src/taskpane/pane.ts",
        "\nclass Pane {",
        "\nexport class Pane {",
    );
    replace_in(dir.path(), "src/taskpane/pane.ts", "private item:", "item:");
    unverified_because(
        dir.path(),
        "stored in `this.item`: the class `Pane` is exported",
    );
}

#[test]
fn a_jsx_prop_goes_into_the_imported_component_that_takes_it() {
    // `<Stamp item={item} />` with `Stamp` a function component of another module: its
    // `({ item })` holds the item, and what it does there counts (setAsync: ReadWriteItem).
    let dir = fixture_copy("react-state");
    let app = "src/taskpane/components/App.jsx";
    replace_in(
        dir.path(),
        app,
        "import { useEffect, useState } from \"react\";",
        "import { useEffect, useState } from \"react\";\nimport Stamp from \"./Stamp\";",
    );
    replace_in(
        dir.path(),
        app,
        "      <p>{sender}</p>",
        "      <p>{sender}</p>\n      <Stamp item={Office.context.mailbox.item} label=\"Stamp\" />",
    );
    std::fs::write(
        dir.path().join("src/taskpane/components/Stamp.jsx"),
        "import * as React from \"react\";\n\nexport default function Stamp({ item, label }) {\n  const stamp = () => item.body.setSelectedDataAsync(\"[reviewed]\");\n  return <button onClick={stamp}>{label}</button>;\n}\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    // A class component takes them as `this.props` (and in the constructor and lifecycle
    // methods): followed there.
    let class = "import * as React from \"react\";\n\nclass Stamp extends React.Component {\n  constructor(props) {\n    super(props);\n  }\n  render() {\n    return <button onClick={() => this.props.item.body.setSelectedDataAsync(\"[reviewed]\")}>{this.props.label}</button>;\n  }\n}\n";
    let stamp = dir.path().join("src/taskpane/components/Stamp.jsx");
    std::fs::write(&stamp, format!("{class}\nexport default Stamp;\n")).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    // Wrapped by a higher-order component, the export is not the component: an escape.
    std::fs::write(
        &stamp,
        format!("{class}\nexport default withTheme(Stamp);\n"),
    )
    .unwrap();
    unverified_because(dir.path(), "a JSX prop of `Stamp` from `./Stamp`");
}

#[test]
fn vue_refs_and_reactive_objects_hold_what_is_stored_in_them() {
    // useSender.js keeps the item in a local `ref` and reads its sender through `.value`;
    // only the sender's name leaves, so the need is proven there and nothing escapes.
    let (_, m) = project("vue-cli");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert!(m["uses"].as_array().unwrap().iter().any(|u| u["file"]
        == "fixtures/projects/vue-cli/src/composables/useSender.js"
        && u["api"] == "Office.MessageRead.from"));
    // The ref itself handed out: whoever takes it may do anything with the item.
    let dir = fixture_copy("vue-cli");
    replace_in(
        dir.path(),
        "src/composables/useSender.js",
        "return { sender };",
        "return { sender, item };",
    );
    unverified_because(dir.path(), "stored in `item.value`");
    // Kept at the top of a `<script setup>`: the component's template reads it.
    let dir = fixture_copy("vue-cli");
    replace_in(
        dir.path(),
        "src/components/SenderCard.vue",
        "const { sender } = useSender();",
        "const { sender } = useSender();\nconst item = Office.context.mailbox.item;",
    );
    unverified_because(
        dir.path(),
        "kept in `item`, which the component's template reads",
    );
}

#[test]
fn a_react_context_gives_its_providers_value_to_use_context() {
    // index.js provides the item through `MailContext` (created in MailContext.js);
    // App.js takes it with `useContext` and tags the message (ReadWriteItem).
    let (_, m) = project("create-react-app");
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert!(m["uses"].as_array().unwrap().iter().any(|u| u["file"]
        == "fixtures/projects/create-react-app/src/App.js"
        && u["api"] == "Office.Categories.addAsync"));
    // Read through the context's Consumer (a render function): not followed, a gap.
    let dir = fixture_copy("create-react-app");
    std::fs::write(
        dir.path().join("src/Subject.js"),
        "import { MailContext } from \"./MailContext\";\n\nexport function Subject() {\n  return <MailContext.Consumer>{(item) => <h2>{item.subject}</h2>}</MailContext.Consumer>;\n}\n",
    )
    .unwrap();
    replace_in(
        dir.path(),
        "src/App.js",
        "import { MailContext } from \"./MailContext\";",
        "import { MailContext } from \"./MailContext\";\nimport { Subject } from \"./Subject\";",
    );
    replace_in(
        dir.path(),
        "src/App.js",
        "item.categories.addAsync",
        "item.subject.toString",
    );
    unverified_because(dir.path(), "read through `.Consumer`");
}

#[test]
fn a_computed_member_is_a_gap_only_where_its_type_could_need_more() {
    // `item.from[field]`: every member of EmailAddressDetails needs ReadItem, which the
    // add-in already needs: no gap. `item[field]` could be a method that writes: a gap.
    let dir = fixture_copy("vite-app");
    replace_in(
        dir.path(),
        "src/main.js",
        "waitingSince(item.dateTimeCreated);",
        "waitingSince(item.dateTimeCreated) + item.from[document.body.dataset.field];",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    replace_in(
        dir.path(),
        "src/main.js",
        "item.from[document.body.dataset.field]",
        "item[document.body.dataset.field]",
    );
    unverified_because(dir.path(), "a computed member of `Office.");
}

#[test]
fn an_item_a_class_method_or_getter_returns_is_followed_in_its_class() {
    // `getItem()` and `get mailbox()` return Office values; the class uses them through
    // `this`. Each use is followed, so the need is proven where the body is written.
    let dir = fixture_copy("graph-naa");
    let pane = r#"import { log } from "./log.js";

class Stamp {
  getItem() {
    return Office.context.mailbox.item;
  }

  get mailbox() {
    return Office.context.mailbox;
  }

  apply() {
    this.getItem().body.prependAsync("Reviewed. ");
    log(this.mailbox.userProfile.displayName);
  }
}

Office.onReady(() => new Stamp().apply());
"#;
    std::fs::write(dir.path().join("src/taskpane.js"), pane).unwrap();
    std::fs::write(
        dir.path().join("src/log.js"),
        "export function log(text) { console.log(text); }\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert!(m["gaps"].as_array().is_some_and(Vec::is_empty), "{m:#}");
    // Another module reads `mailbox` on something: it may be an instance of the class, so
    // what it does with the mailbox is not known.
    std::fs::write(
        dir.path().join("src/log.js"),
        "export function log(text, stamp) { console.log(text, stamp && stamp.mailbox); }\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "under", "{m:#}");
    let gaps = m["gaps"].as_array().unwrap();
    assert!(
        gaps.iter().any(|g| g.as_str().is_some_and(
            |g| g.contains("returned from `mailbox`, a member other files may read on an instance")
        )),
        "{gaps:#?}"
    );
    // The same file saved as UTF-16 (with its byte-order mark): read as text, the same gap.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "export function log(text, stamp) { console.log(text, stamp && stamp.mailbox); }\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.path().join("src/log.js"), utf16).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    let gaps = m["gaps"].as_array().unwrap();
    assert!(
        gaps.iter().any(|g| g
            .as_str()
            .is_some_and(|g| g.contains("returned from `mailbox`"))),
        "{gaps:#?}"
    );
    // A use the class does not make through `this` (`new Stamp().getItem()`): not followed.
    std::fs::write(
        dir.path().join("src/taskpane.js"),
        pane.replace(
            "Office.onReady(() => new Stamp().apply());",
            "Office.onReady(() => new Stamp().getItem().close());",
        ),
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert!(!m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
}
