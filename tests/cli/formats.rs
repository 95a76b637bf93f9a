//! Output formats: table, SARIF, GitHub annotations, `--output`.

use super::common::*;
use serde_json::Value;
use std::process::Command;

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
    let dir = fixture_copy("under-privileged");
    let src = root().join("fixtures/projects/under-privileged");
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
    assert!(md.contains("| `fixtures/projects/under-privileged/manifest.xml` | ReadItem | ReadWriteItem | under | — | 1 | 0 |"), "{md}");
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
fn html_report_is_one_self_contained_page_that_escapes_what_it_quotes() {
    let r = audit(&["fixtures/projects/markup-in-names", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = &r.stdout;
    assert!(page.starts_with("<!doctype html>"), "{page}");
    // Nothing can load or run: no script, no external reference, a policy that forbids both.
    assert!(
        page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""),
        "{page}"
    );
    for banned in ["<script", "<img", "<link", "src=\"http", "href=\"http"] {
        assert!(!page.contains(banned), "{banned} in {page}");
    }
    // The vendor's markup and the code's markup are shown as text.
    assert!(
        page.contains("Notes &lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Tags &amp; &quot;Quotes&quot; Ltd &lt;b&gt;"));
    assert!(page.contains("&lt;img src=https://example.com/x.png&gt;"));
    // What an admin reads: identity, the verdict, what the extra tier allows, the fix.
    for text in [
        "<dt>Id</dt><dd>3e9f6a10-8c2d-4b57-9e41-0d6c2a7f5b83</dd>",
        "<dt>Version</dt><dd>0.9.1.0</dd>",
        "Tier: over-privileged",
        "What it asks for and does not use",
        "Change the item you have open or are writing",
        "line 15: change ReadWriteItem to ReadItem (audit --fix does it)",
        "<mark>subject</mark>",
        // A message add-in (ItemIs Message) is told about MessageRead, not AppointmentRead,
        // though both have the member at the same tier.
        "<code>Office.MessageRead.subject</code>",
        "TIER003",
    ] {
        assert!(page.contains(text), "{text} not in {page}");
    }
}

#[test]
fn markdown_report_has_the_verdict_code_and_a_findings_table() {
    let r = audit(&[EXAMPLE, "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    for text in [
        "## addin-audit: 1 manifest(s), 0 error(s), 1 warning(s), 0 note(s)",
        "### Summarize Email",
        "> [!WARNING]\n> **Tier: over-privileged.**",
        "| Asks for | **ReadWriteMailbox** | reads, changes and sends any mail in your mailbox |",
        "- Only an administrator can install it: users cannot add it themselves.",
        "- **ReadItem** `Office.MessageRead.subject` at `fixtures/projects/summarize-email/src/taskpane.ts:10:32`",
        "  > 10 |     heading.textContent = item.subject;",
        "| warning | `TIER003` | `fixtures/projects/summarize-email/manifest.xml:29:16` |",
    ] {
        assert!(md.contains(text), "{text} not in {md}");
    }
    // Exit codes follow the findings, as with every format.
    // The JSON report names the add-in the same way.
    let m = only_manifest(&audit(&[EXAMPLE, "--format", "json"]).json()).clone();
    assert_eq!(m["id"], "5b0c1d8e-2f4a-4c3e-9a51-6a8f0e2d7c11");
    assert_eq!(m["provider"], "Fixture Labs");
    assert_eq!(m["version"], "1.0.0.0");
    let under = audit(&["fixtures/projects/under-privileged", "--format", "markdown"]);
    assert_eq!(under.code, 1);
    assert!(
        under
            .stdout
            .contains("> [!CAUTION]\n> **Tier: under-privileged.**")
    );
}
