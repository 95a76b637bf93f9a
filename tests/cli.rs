//! End-to-end tests: run the built `audit` binary on the fixture add-ins under `fixtures/`
//! and assert verdicts, tiers, positions, findings and exit codes.
//!
//! One test binary for every CLI test (linking is the slow part on small machines).
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// Runs `audit` with `args` in `dir`.
fn audit_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("runs");
    let run = Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    run
}

/// Runs `audit` with `args` from the repository root.
fn audit(args: &[&str]) -> Run {
    audit_in(&root(), args)
}

/// The single manifest report of a JSON run.
fn only_manifest(v: &Value) -> &Value {
    let ms = v["manifests"].as_array().expect("manifests");
    assert_eq!(ms.len(), 1, "{v:#}");
    &ms[0]
}

fn codes(m: &Value) -> Vec<String> {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Every finding of one code.
fn all_of<'v>(m: &'v Value, code: &str) -> Vec<&'v Value> {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn finding<'v>(m: &'v Value, code: &str) -> &'v Value {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {m:#}"))
}

fn apis(m: &Value) -> Vec<String> {
    let mut v: Vec<String> = m["uses"]
        .as_array()
        .expect("uses")
        .iter()
        .map(|u| u["api"].as_str().unwrap_or_default().to_owned())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn at(f: &Value) -> (String, u64, u64) {
    (
        f["file"].as_str().unwrap_or_default().to_owned(),
        f["line"].as_u64().unwrap_or_default(),
        f["column"].as_u64().unwrap_or_default(),
    )
}

const EXAMPLE: &str = "fixtures/projects/summarize-email/manifest.xml";

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
fn table_output_shows_finding_verdict_and_evidence() {
    let r = audit(&[EXAMPLE]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("warning[TIER003]: the manifest declares ReadWriteMailbox but the add-in needs only ReadItem"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("  --> {EXAMPLE}:29:16")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("over-privileged: ReadItem is enough"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Office.Body.getAsync"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 manifest audited: 0 errors, 1 warning, 0 notes"),
        "{}",
        r.stdout
    );
}

/// Audits one fixture project as JSON; returns the exit code and its only manifest report.
fn project(name: &str) -> (i32, Value) {
    let r = audit(&[&format!("fixtures/projects/{name}"), "--format", "json"]);
    let v = r.json();
    assert!(
        v["errors"].as_array().is_some_and(Vec::is_empty),
        "{name}: {}",
        r.stderr
    );
    (r.code, only_manifest(&v).clone())
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
    // The PhoneNumber entity rule needs only Restricted.
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
    // ItemHasKnownEntity with EntityType="Url" needs only Restricted.
    assert!(!rules.iter().any(|r| r.0.contains("ItemHasKnownEntity")));
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
fn built_bundles_are_audited_and_vendored_libraries_skipped() {
    let (code, m) = project("built-bundle");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "ok");
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        files,
        [
            "fixtures/projects/built-bundle/dist/taskpane.html",
            "fixtures/projects/built-bundle/dist/taskpane.js",
            "fixtures/projects/built-bundle/src/taskpane.ts",
        ],
        "node_modules, .gitignore'd folders and office.js copies are not scanned"
    );
    let skipped: Vec<&str> = m["skipped_libraries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        skipped,
        [
            "fixtures/projects/built-bundle/public/lib/office.js",
            "fixtures/projects/built-bundle/public/lib/outlook-web-16.01.js",
        ]
    );
    // A use in the minified one-line bundle, at its column.
    assert!(m["uses"].as_array().unwrap().iter().any(|u| u["file"]
        == "fixtures/projects/built-bundle/dist/taskpane.js"
        && u["line"] == 1
        && u["column"] == 177));
    // item.from is Mailbox 1.1 when reading: no requirement-set warning.
    assert!(codes(&m).is_empty(), "{:?}", codes(&m));
}

#[test]
fn ews_operations_are_checked() {
    let (code, m) = project("ews-requests");
    assert_eq!(code, 1);
    assert_eq!(m["required"], "ReadWriteMailbox");
    assert_eq!(codes(&m), ["EWS001"]);
    let f = finding(&m, "EWS001");
    assert!(f["message"].as_str().unwrap().contains("`DeleteItem`"));
    assert_eq!(at(f).1, 15);
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
fn visual_studio_layout_finds_sources_beside_the_manifest_folder() {
    let (_, m) = project("visual-studio");
    assert_eq!(m["roots"][0], "fixtures/projects/visual-studio");
    assert_eq!(m["verdict"], "over");
    assert_eq!(m["required"], "ReadItem");
    // Passed to a local function: loadItemProps(Office.context.mailbox.item).
    assert!(
        apis(&m).contains(&"Office.MessageRead.from".to_owned()),
        "{:?}",
        apis(&m)
    );
    assert_eq!(
        m["urls"][0]["file"],
        "fixtures/projects/visual-studio/ContosoWeb/MessageRead/MessageRead.html"
    );
    assert_eq!(
        m["skipped_libraries"][0],
        "fixtures/projects/visual-studio/ContosoWeb/Scripts/office.js"
    );
}

#[test]
fn a_folder_audits_every_manifest_with_its_own_sources() {
    let r = audit(&["fixtures/projects/monorepo", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let ms = v["manifests"].as_array().unwrap();
    let names: Vec<&str> = ms.iter().filter_map(|m| m["manifest"].as_str()).collect();
    assert_eq!(
        names,
        [
            "fixtures/projects/monorepo/packages/composer/manifest.json",
            "fixtures/projects/monorepo/packages/reader/manifest.xml"
        ]
    );
    assert_eq!(ms[0]["verdict"], "over");
    assert_eq!(
        finding(&ms[0], "TIER003")["help"],
        "change \"Mailbox.ReadWrite.User\" to \"MailboxItem.ReadWrite.User\""
    );
    assert_eq!(ms[1]["verdict"], "ok");
    assert_eq!(
        ms[1]["files"].as_array().unwrap().len(),
        2,
        "only the reader's own sources"
    );
    assert_eq!(
        v["skipped"][0]["path"],
        "fixtures/projects/monorepo/packages/excel-addin/manifest.xml"
    );
    assert!(
        v["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("TaskPaneApp")
    );
}

#[test]
fn no_path_means_the_current_folder() {
    let r = audit_in(
        &root().join("fixtures/projects/under-privileged"),
        &["--format", "json"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(only_manifest(&r.json())["manifest"], "manifest.xml");
}

#[test]
fn src_overrides_discovery() {
    let r = audit(&[
        EXAMPLE,
        "--src",
        "fixtures/projects/under-privileged/src",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["roots"][0], "fixtures/projects/under-privileged/src");
    assert_eq!(
        m["verdict"], "over",
        "ReadWriteMailbox vs the stamper's ReadWriteItem"
    );
    assert_eq!(m["required"], "ReadWriteItem");
}

#[test]
fn bad_manifests_are_clear_errors_with_exit_2() {
    let cases = [
        (
            "bad-permission.xml",
            "fixtures/manifests/bad-permission.xml:5:16: invalid <Permissions> value `ReadWriteMailBox`; expected one of Restricted, ReadItem, ReadWriteItem, ReadWriteMailbox (did you mean `ReadWriteMailbox`?",
        ),
        (
            "unclosed.xml",
            "fixtures/manifests/unclosed.xml:4:24: malformed XML",
        ),
        (
            "empty.xml",
            "fixtures/manifests/empty.xml: the file is empty",
        ),
        (
            "not-a-manifest.xml",
            "not an add-in manifest: the root element is <project>",
        ),
        (
            "trailing-comma.json",
            "fixtures/manifests/trailing-comma.json:6:65: malformed JSON",
        ),
        (
            "wrong-type.json",
            "fixtures/manifests/wrong-type.json:3:17: `extensions` must be an array",
        ),
    ];
    for (file, expected) in cases {
        let r = audit(&[&format!("fixtures/manifests/{file}")]);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{file}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{file}: {}", r.stderr);
    }
    let r = audit(&["fixtures/manifests/contentapp.xml"]);
    assert_eq!(r.code, 0, "another host is skipped, not an error");
    assert!(
        r.stdout.contains(
            "skipped fixtures/manifests/contentapp.xml: ContentApp manifest, not an Outlook add-in"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_bad_manifest_does_not_hide_the_others() {
    let r = audit(&[
        "fixtures/manifests/unclosed.xml",
        "fixtures/projects/under-privileged",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(only_manifest(&v)["verdict"], "under");
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn missing_paths_and_bad_arguments_exit_2() {
    let r = audit(&["no/such/manifest.xml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("error: no/such/manifest.xml: no such file or folder"),
        "{}",
        r.stderr
    );
    let r = audit(&["--format", "yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'yaml'"), "{}", r.stderr);
    let r = audit(&["--fail-on", "sometimes"]);
    assert_eq!(r.code, 2);
    let r = audit(&["fixtures/projects/summarize-email/src"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no add-in manifest found"),
        "{}",
        r.stderr
    );
}

/// Turns manifest text into the bytes of one encoding.
type Encoder = Box<dyn Fn(&str) -> Vec<u8>>;

/// Writes the example manifest in another encoding into a temporary copy of the project.
fn encoded_copy(encode: impl Fn(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/projects/summarize-email");
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in ["taskpane.ts", "summarize.ts"] {
        std::fs::copy(src.join("src").join(f), dir.path().join("src").join(f)).unwrap();
    }
    let text = std::fs::read_to_string(src.join("manifest.xml")).unwrap();
    std::fs::write(dir.path().join("manifest.xml"), encode(&text)).unwrap();
    dir
}

#[test]
fn manifests_in_visual_studio_encodings_work() {
    let crlf = |t: &str| t.replace('\n', "\r\n");
    let variants: Vec<(&str, Encoder)> = vec![
        (
            "utf-8 BOM + CRLF",
            Box::new(move |t: &str| [b"\xEF\xBB\xBF".as_slice(), crlf(t).as_bytes()].concat()),
        ),
        (
            "utf-16le BOM",
            Box::new(|t: &str| {
                let t = t.replace("encoding=\"UTF-8\"", "encoding=\"utf-16\"");
                let mut v = vec![0xFF, 0xFE];
                v.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
                v
            }),
        ),
        (
            "utf-16be BOM",
            Box::new(|t: &str| {
                let mut v = vec![0xFE, 0xFF];
                v.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
                v
            }),
        ),
        (
            "processing instruction",
            Box::new(|t: &str| {
                t.replacen("<OfficeApp", "<?bash $ip ?>\n<OfficeApp", 1)
                    .into_bytes()
            }),
        ),
    ];
    for (what, encode) in variants {
        let dir = encoded_copy(encode);
        let r = audit_in(dir.path(), &["manifest.xml", "--format", "json"]);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        let v = r.json();
        let m = only_manifest(&v);
        assert_eq!(m["verdict"], "over", "{what}");
        let line = if what == "processing instruction" {
            30
        } else {
            29
        };
        assert_eq!(
            at(finding(m, "TIER003")),
            ("manifest.xml".to_owned(), line, 16),
            "{what}"
        );
    }
}

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
            .contains("conflict: the typings say ReadItem, the hand-kept facts say ReadWriteItem"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "getCallbackTokenAsync"]);
    assert!(
        r.stdout.contains("tier: ReadItem") && r.stdout.contains("ReadWriteMailbox"),
        "{}",
        r.stdout
    );
    let r = audit(&["explain", "TIER003"]);
    assert!(
        r.stdout.starts_with("TIER003 (over-privileged)") && r.stdout.contains("## How to fix"),
        "{}",
        r.stdout
    );
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
fn probes_computed_members_and_parse_errors_are_reported_not_counted() {
    let (code, m) = project("partial-analysis");
    assert_eq!(code, 0);
    assert_eq!(
        m["required"], "ReadItem",
        "the probe of setSignatureAsync is not a use"
    );
    assert_eq!(m["verdict"], "ok");
    assert_eq!(codes(&m), ["SUP002", "JS001", "JS003", "JS002"]);
    let sev = |c: &str| finding(&m, c)["severity"].as_str().unwrap().to_owned();
    assert_eq!(
        (sev("SUP002"), sev("JS001"), sev("JS003"), sev("JS002")),
        (
            "warning".into(),
            "warning".into(),
            "note".into(),
            "note".into()
        )
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
    assert_eq!(
        at(finding(&m, "SUP002")),
        (
            "fixtures/projects/partial-analysis/manifest.xml".to_owned(),
            50,
            29
        )
    );
    let probe = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.Body.setSignatureAsync")
        .expect("probe listed");
    assert_eq!(probe["probe"], true);
}

#[test]
fn sarif_has_rules_regions_and_stable_fingerprints() {
    let r = audit(&["fixtures/projects/under-privileged", "--format", "sarif"]);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 14);
    let res = &run["results"][0];
    assert_eq!(res["ruleId"], "TIER001");
    assert_eq!(
        rules[usize::try_from(res["ruleIndex"].as_u64().unwrap()).unwrap()]["id"],
        "TIER001"
    );
    assert_eq!(res["level"], "error");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "fixtures/projects/under-privileged/src/stamp.js"
    );
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["region"]["startColumn"], 13);
    assert_eq!(loc["region"]["endColumn"], 33);

    // Insert unrelated lines above the finding: the fingerprint stays.
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/projects/under-privileged");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in [
        "manifest.xml",
        "package.json",
        "src/stamp.js",
        "src/index.html",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let before = audit_in(dir.path(), &["--format", "sarif"]).json();
    let fp = before["runs"][0]["results"][0]["partialFingerprints"]["addinAudit/v1"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = std::fs::read_to_string(src.join("src/stamp.js")).unwrap();
    std::fs::write(
        dir.path().join("src/stamp.js"),
        format!("// a new comment\n// and another\n{code}"),
    )
    .unwrap();
    let moved = audit_in(dir.path(), &["--format", "sarif"]).json();
    let res2 = moved["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "TIER001")
        .unwrap();
    assert_eq!(
        res2["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(res2["partialFingerprints"]["addinAudit/v1"], fp.as_str());
}

#[test]
fn github_annotations_are_escaped_most_severe_first_with_a_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let out = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args([
            "fixtures/projects/partial-analysis",
            "fixtures/projects/under-privileged",
            "--format",
            "github",
        ])
        .current_dir(root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("::error file=fixtures/projects/under-privileged/src/stamp.js,line=4,col=13,endLine=4,endColumn=33,title=TIER001 (code-needs-higher-tier)::"), "{text}");
    assert!(
        lines[0].contains("%0Ahelp: "),
        "newlines are escaped: {}",
        lines[0]
    );
    assert!(lines[1].starts_with("::warning "), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("::notice ")), "{text}");
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("addin-audit: 2 manifest(s), 1 error(s)"),
        "{text}"
    );
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.contains("| `fixtures/projects/under-privileged/manifest.xml` | ReadItem | ReadWriteItem | under | 1 | 0 |"), "{md}");
}

#[test]
fn output_writes_the_report_to_a_file_and_the_table_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.sarif");
    let r = audit(&[
        EXAMPLE,
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("1 manifest audited"), "{}", r.stdout);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "TIER003");
    let r = audit(&[EXAMPLE, "--output", "/no/such/dir/out.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("error: /no/such/dir/out.json: cannot write the report"),
        "{}",
        r.stderr
    );
}

#[test]
fn configuration_levels_ignores_and_suppressions() {
    let r = audit(&["fixtures/projects/configured", "--format", "json"]);
    assert_eq!(
        r.code, 1,
        "the config's fail-on = \"warning\": {}",
        r.stderr
    );
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(
        m["config"]
            .as_str()
            .map(|c| c.ends_with("fixtures/projects/configured/addin-audit.toml")),
        Some(true),
        "{}",
        m["config"]
    );
    // TIER003 ([[suppress]]) and REQ001 (comment) are suppressed; JS003 is allowed; legacy/ is ignored.
    assert_eq!(codes(m), ["AUD001", "AUD002", "JS002"]);
    assert_eq!(m["suppressed"], 2);
    assert_eq!(at(finding(m, "AUD001")).1, 8);
    assert_eq!(at(finding(m, "AUD002")).1, 12);
    assert!(
        !m["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("legacy"))
    );
    // The command line wins over the file.
    assert_eq!(
        audit(&["fixtures/projects/configured", "--fail-on", "error"]).code,
        0
    );
    let r = audit(&[
        "fixtures/projects/configured",
        "--no-suppress",
        "--format",
        "json",
    ]);
    let all = codes(only_manifest(&r.json()));
    assert!(
        all.contains(&"TIER003".to_owned()) && all.contains(&"REQ001".to_owned()),
        "{all:?}"
    );
    let r = audit(&[
        "fixtures/projects/configured",
        "--deny",
        "JS002",
        "--allow",
        "AUD001",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(codes(m), ["AUD002", "JS002"]);
    assert_eq!(finding(m, "JS002")["severity"], "error");
    let r = audit(&[
        "fixtures/projects/configured",
        "--no-config",
        "--format",
        "json",
    ]);
    assert!(
        codes(only_manifest(&r.json())).contains(&"EWS001".to_owned()),
        "without the config legacy/ is scanned"
    );
    let r = audit(&["fixtures/projects/configured", "--deny", "NOPE1"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error: unknown finding code `NOPE1`"),
        "{}",
        r.stderr
    );
}

#[test]
fn configuration_errors_name_file_line_and_column() {
    let cases = [
        (
            "fail-on = \"warning\"\ncolour = \"red\"\n",
            ":2:1: unknown field `colour`",
        ),
        (
            "[rules]\nTIER003 = \"forbid\"\n",
            ":2:11: invalid level `forbid` for TIER003; expected allow, note, warn or deny",
        ),
        (
            "[rules]\nTIER999 = \"deny\"\n",
            ":2:11: unknown finding code `TIER999`",
        ),
        (
            "fail-on = \"sometimes\"\n",
            ":1:11: invalid fail-on `sometimes`",
        ),
        (
            "[[suppress]]\nmanifest = \"manifest.xml\"\ncode = \"TIER003\"\nreason = \"\"\n",
            ":4:10: a [[suppress]] entry needs a non-empty reason",
        ),
        (
            "[[suppress]]\nmanifest = \"manifest.xml\"\ncode = \"TIER003\"\n",
            "missing field `reason`",
        ),
        ("fail-on = \n", ":1:"),
    ];
    for (toml, expected) in cases {
        let dir = encoded_copy(|t| t.as_bytes().to_vec());
        std::fs::write(dir.path().join("addin-audit.toml"), toml).unwrap();
        let r = audit_in(dir.path(), &[]);
        assert_eq!(r.code, 2, "{toml}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error: ") && r.stderr.contains("addin-audit.toml"),
            "{toml}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(expected),
            "{toml}: expected {expected} in {}",
            r.stderr
        );
    }
}

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = encoded_copy(|t| t.replace("ReadWriteMailbox", "Restricted").into_bytes());
    let base = dir.path().join("baseline.json");
    let r = audit_in(dir.path(), &["--write-baseline", "baseline.json"]);
    assert_eq!(
        r.code, 0,
        "writing a baseline accepts the findings: {}",
        r.stderr
    );
    let r = audit_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    assert!(codes(only_manifest(&v)).is_empty());
    assert!(v["summary"]["baselined"].as_u64().unwrap() >= 3);
    // A new use that needs more than Restricted is reported; the old ones stay hidden.
    let ts = dir.path().join("src/taskpane.ts");
    let code = std::fs::read_to_string(&ts).unwrap();
    std::fs::write(
        &ts,
        format!("// moved down\n{code}\nOffice.context.mailbox.item.body.setAsync(\"x\");\n"),
    )
    .unwrap();
    let r = audit_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let v = r.json();
    let m = only_manifest(&v);
    let lines: Vec<u64> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert!(
        lines.iter().all(|l| *l == 30),
        "only the new line: {lines:?} {m:#}"
    );
    std::fs::write(&base, "[]").unwrap();
    let r = audit_in(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not an addin-audit baseline"),
        "{}",
        r.stderr
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

// ---------------------------------------------------------------------------------------
// Hostile input: generated at test time, never committed. Each asserts an exit code, no panic
// (checked in `audit_in`), and that a good file beside the hostile one is still reported.

/// Runs `audit` in `dir` and fails unless it ends within `secs` seconds with a peak resident
/// memory below `mb` megabytes (measured with /usr/bin/time where it exists).
fn audit_bounded(dir: &Path, args: &[&str], secs: u64, mb: u64) -> Run {
    let time = Path::new("/usr/bin/time");
    let peak_file = dir.join(".audit-peak");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&peak_file)
            .arg(env!("CARGO_BIN_EXE_audit"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_audit"))
    };
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes on threads so that a large report cannot block the child.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out_pipe, &mut s).ok();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err_pipe, &mut s).ok();
        s
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("audit {args:?} took longer than {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().expect("exited"),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    if let Ok(text) = std::fs::read_to_string(&peak_file) {
        let kb: u64 = text
            .trim()
            .lines()
            .last()
            .unwrap_or("0")
            .trim()
            .parse()
            .unwrap_or(0);
        assert!(
            kb / 1024 < mb,
            "audit {args:?} peaked at {} MB (bound {mb} MB)",
            kb / 1024
        );
        std::fs::remove_file(&peak_file).ok();
    }
    run
}

/// A copy of the under-privileged add-in (one TIER001 at src/stamp.js:4:13) to put hostile
/// files beside.
fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/projects/under-privileged");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in [
        "manifest.xml",
        "package.json",
        "src/stamp.js",
        "src/index.html",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn still_reports_the_good_file(r: &Run) -> Value {
    let v = r.json();
    let m = only_manifest(&v).clone();
    assert!(
        all_of(&m, "TIER001")
            .into_iter()
            .any(|f| at(f) == ("src/stamp.js".to_owned(), 4, 13)),
        "{m:#}"
    );
    m
}

#[test]
fn deep_nesting_is_skipped_with_a_finding_and_long_chains_survive() {
    let dir = hostile_project();
    let n = 100_000;
    let s = dir.path().join("src");
    // Deep brackets (the pre-scan skips these), then shapes it does not count: unary
    // operators, ternaries, arrows, and million-long `+` and member chains (the parser and
    // visitors recurse on these).
    let shapes = [
        (
            "parens.js",
            format!(
                "var a = 1;\nOffice.context.roamingSettings.get({}1{});\n",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "objects.ts",
            format!(
                "Office.context;\nvar o = {}{};\n",
                "{a:".repeat(n),
                "}".repeat(n)
            ),
        ),
        (
            "unary.js",
            format!("Office.context;\nvar u = {}1;\n", "!".repeat(n)),
        ),
        (
            "ternary.js",
            format!("Office.context;\nvar t = {}1;\n", "a ? b : ".repeat(n)),
        ),
        (
            "arrows.js",
            format!("Office.context;\nvar f = {}1;\n", "x => ".repeat(n)),
        ),
        (
            "plus.js",
            format!(
                "Office.context.roamingSettings.get({});\n",
                vec!["1"; 1_000_000].join("+")
            ),
        ),
        (
            "member.js",
            format!(
                "Office.context.roamingSettings.get(a{});\n",
                ".b".repeat(1_000_000)
            ),
        ),
    ];
    for (name, text) in shapes {
        std::fs::write(s.join(name), text).unwrap();
    }
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let m = still_reports_the_good_file(&r);
    let skipped: Vec<(String, u64)> = all_of(&m, "JS004")
        .into_iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("src/objects.ts".to_owned(), 2),
            ("src/parens.js".to_owned(), 2)
        ]
    );
    assert!(
        finding(&m, "JS004")["message"]
            .as_str()
            .unwrap()
            .contains("deeper than 10000 levels")
    );
}

#[test]
fn binary_invalid_utf8_and_odd_files_are_reported_not_fatal() {
    let dir = hostile_project();
    let s = dir.path().join("src");
    std::fs::write(
        s.join("binary.js"),
        b"\x00\x01Office\xff\xfe\x00".repeat(1000),
    )
    .unwrap();
    let mut latin1 = b"// caf\xe9\n".to_vec();
    latin1.extend_from_slice(b"Office.context.mailbox.item.body.getAsync(function () {});\n");
    std::fs::write(s.join("latin1.js"), latin1).unwrap();
    std::fs::write(s.join("empty.js"), b"").unwrap();
    std::fs::create_dir(s.join("folder.js")).unwrap();
    std::fs::write(
        s.join("folder.js").join("inner.js"),
        "Office.context.roamingSettings.get('a');\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", s.join("loop")).unwrap();
        std::os::unix::fs::symlink("/etc", s.join("outside")).unwrap();
        std::os::unix::fs::symlink("missing.js", s.join("dangling.js")).unwrap();
    }
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let m = still_reports_the_good_file(&r);
    assert!(
        codes(&m).contains(&"JS001".to_owned()),
        "binary.js does not parse: {m:#}"
    );
    let lossy: Vec<(String, u64, u64)> = all_of(&m, "JS005").into_iter().map(at).collect();
    assert!(
        lossy.contains(&("src/latin1.js".to_owned(), 1, 7)),
        "{lossy:?}"
    );
    assert!(
        m["uses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["file"] == "src/latin1.js" && u["api"] == "Office.Body.getAsync")
    );
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(files.contains(&"src/folder.js/inner.js"), "{files:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("loop") || f.contains("outside")),
        "symlinks are not followed: {files:?}"
    );
}

#[test]
fn unreadable_files_are_skipped_with_a_finding() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = hostile_project();
        let p = dir.path().join("src/secret.js");
        std::fs::write(&p, "Office.context.mailbox.item.body.setAsync('x');\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&p).is_ok() {
            return; // running as root: permissions do not apply
        }
        let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let m = still_reports_the_good_file(&r);
        let f = finding(&m, "JS004");
        assert_eq!(at(f).0, "src/secret.js");
        assert!(f["message"].as_str().unwrap().contains("cannot be read"));
    }
}

#[test]
fn limits_from_the_configuration_skip_large_files_and_many_files() {
    let dir = hostile_project();
    let big = format!(
        "Office.context.mailbox.item.body.setAsync('{}');\n",
        "x".repeat(2_000_000)
    );
    std::fs::write(dir.path().join("src/big.js"), big).unwrap();
    std::fs::write(
        dir.path().join("addin-audit.toml"),
        "[limits]\nmax-file-size = 1000000\n",
    )
    .unwrap();
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    let m = still_reports_the_good_file(&r);
    let f = finding(&m, "JS004");
    assert_eq!(at(f).0, "src/big.js");
    assert!(
        f["message"].as_str().unwrap().contains("source size limit"),
        "{f}"
    );
    std::fs::write(
        dir.path().join("addin-audit.toml"),
        "[limits]\nmax-files = 1\n",
    )
    .unwrap();
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["files"].as_array().unwrap().len(), 1);
    assert!(
        finding(m, "MAN004")["message"]
            .as_str()
            .unwrap()
            .contains("were not scanned")
    );
}

#[test]
fn hostile_manifests_fail_cleanly() {
    let dir = hostile_project();
    let base = std::fs::read_to_string(dir.path().join("manifest.xml")).unwrap();
    let body = base.split_once("?>").unwrap().1;
    // Billion laughs: entities are never expanded.
    let mut dtd =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE OfficeApp [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            String::new()
        } else {
            (i - 1).to_string()
        };
        let refs = format!("&lol{prev};").repeat(10);
        let _ = writeln!(dtd, "<!ENTITY lol{i} \"{refs}\">");
    }
    dtd.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>");
    let laughs = format!("{dtd}{}", body.replace("Signature Stamper", "&lol9; &xxe;"));
    std::fs::write(dir.path().join("manifest.xml"), &laughs).unwrap();
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let m = only_manifest(&v);
    assert!(
        !m["name"].as_str().unwrap_or_default().contains("root:"),
        "no external entity: {}",
        m["name"]
    );
    assert!(
        m["name"].as_str().unwrap_or_default().len() < 100,
        "no expansion"
    );
    // A 30 MB comment is fine.
    let comment = format!("<!-- {} -->", "x".repeat(30 << 20));
    std::fs::write(
        dir.path().join("manifest.xml"),
        base.replacen("<Id>", &format!("{comment}<Id>"), 1),
    )
    .unwrap();
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    still_reports_the_good_file(&r);
    // Deep JSON and wrong types: clear errors with line:col.
    let deep = format!(
        "{{\"manifestVersion\": \"1.22\", \"x\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.json"), deep).unwrap();
    let r = audit_bounded(dir.path(), &["deep.json"], 60, 1024);
    assert!(r.code == 2 || r.code == 0, "{}", r.stderr);
    std::fs::write(dir.path().join("types.json"), "{\"manifestVersion\": 1.22,\n \"authorization\": {\"permissions\": {\"resourceSpecific\": \"MailboxItem.Read.User\"}}}").unwrap();
    let r = audit_bounded(dir.path(), &["types.json"], 60, 1024);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("types.json:2:"), "{}", r.stderr);
}

#[test]
fn paths_with_spaces_and_non_ascii_and_many_small_files() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("my add-in ü");
    std::fs::create_dir_all(proj.join("src/many")).unwrap();
    let src = root().join("fixtures/projects/under-privileged");
    for f in ["manifest.xml", "package.json"] {
        std::fs::copy(src.join(f), proj.join(f)).unwrap();
    }
    std::fs::copy(src.join("src/stamp.js"), proj.join("src/stämp ő.js")).unwrap();
    for i in 0..20_000 {
        std::fs::write(
            proj.join("src/many").join(format!("m{i}.js")),
            format!("export const v{i} = {i};\n"),
        )
        .unwrap();
    }
    let r = audit_bounded(dir.path(), &["my add-in ü", "--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(
        at(finding(m, "TIER001")),
        ("my add-in ü/src/stämp ő.js".to_owned(), 4, 13)
    );
    assert_eq!(m["files"].as_array().unwrap().len(), 20_001);
    let sarif = audit_bounded(dir.path(), &["my add-in ü", "--format", "sarif"], 60, 1024).json();
    assert_eq!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "TIER001")
            .unwrap()["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20add-in%20%C3%BC/src/st%C3%A4mp%20%C5%91.js"
    );
}

#[test]
fn large_bundles_are_analysed_by_regions_with_exact_positions() {
    let dir = hostile_project();
    // A 3 MB single-line bundle: filler modules, then one module that aliases the item and
    // uses it in a later statement, then more filler.
    let mut filler = String::new();
    for i in 0..20_000 {
        let _ = write!(
            filler,
            "function f{i}(a,b){{var c=a+b*{};return c>9?[a,b,c]:/[{{]/.test(\"}}\")}}",
            i % 7
        );
    }
    let module = "var it=window.Office.context.mailbox.item;it.body.setAsync(\"x\");";
    let text = format!("!function(){{{filler}{module}{filler}}}();\n");
    assert!(text.len() > 2 << 20);
    std::fs::write(dir.path().join("src/bundle.js"), &text).unwrap();
    let r = audit_bounded(dir.path(), &["--format", "json"], 60, 1024);
    let m = still_reports_the_good_file(&r);
    assert_eq!(at(finding(&m, "JS006")).0, "src/bundle.js");
    let col = text.find("setAsync").unwrap() + 1;
    assert!(
        m["uses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["file"] == "src/bundle.js"
                && u["api"] == "Office.Body.setAsync"
                && u["line"] == 1
                && u["column"].as_u64() == Some(col as u64)),
        "{m:#}"
    );
}

#[test]
fn a_50_mb_single_line_bundle_is_audited_in_bounded_memory() {
    let dir = hostile_project();
    let mut text = String::from("!function(){");
    let mut n = 0u64;
    while text.len() < 50 << 20 {
        n += 1;
        let _ = write!(
            text,
            "function f{n}(a,b){{var c=a+b*{};return c>9?[a,b,c]:`${{a}}`}}",
            n % 7
        );
        if n.is_multiple_of(20_000) {
            text.push_str("var it=window.Office.context.mailbox.item;it.body.setAsync(\"x\");");
        }
    }
    text.push_str("}();\n");
    // A UTF-8 BOM must not shift columns.
    std::fs::write(
        dir.path().join("src/bundle.js"),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    drop(text);
    let r = audit_bounded(dir.path(), &["--format", "json"], 120, 300);
    let m = still_reports_the_good_file(&r);
    let uses: Vec<&Value> = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["file"] == "src/bundle.js" && u["api"] == "Office.Body.setAsync")
        .collect();
    assert!(uses.len() > 10, "{}", uses.len());
    let content = std::fs::read_to_string(dir.path().join("src/bundle.js")).unwrap();
    let first = content
        .trim_start_matches('\u{FEFF}')
        .find("setAsync")
        .unwrap()
        + 1;
    assert_eq!(uses[0]["column"].as_u64(), Some(first as u64));
}
