//! `addin-audit.toml`: levels, ignores, suppressions, maps, errors; baselines.

use super::common::*;

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
    // TIER004 ([[suppress]]: the server uses the callback token) and REQ001 (comment) are
    // suppressed; JS003 is allowed; legacy/ is ignored although the page loads it.
    assert_eq!(m["verdict"], "unverified");
    assert_eq!(codes(m), ["LEG001", "AUD001", "AUD002", "JS002"]);
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
        all.contains(&"TIER004".to_owned()) && all.contains(&"REQ001".to_owned()),
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
    assert_eq!(codes(m), ["LEG001", "AUD002", "JS002"]);
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
fn max_manifest_size_from_the_configuration_is_applied() {
    let copy = fixture_copy("under-privileged");
    let manifest = copy.path().join("manifest.xml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let padded = text.replacen("<Id>", &format!("<!-- {} --><Id>", "x".repeat(4000)), 1);
    std::fs::write(&manifest, padded).unwrap();
    std::fs::write(
        copy.path().join("addin-audit.toml"),
        "[limits]\nmax-manifest-size = 2000\n",
    )
    .unwrap();
    let r = audit_in(copy.path(), &["manifest.xml"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("manifest.xml: the file is ") && r.stderr.contains("limit of 2000 bytes"),
        "{}",
        r.stderr
    );
}

#[test]
fn max_files_counts_what_is_left_after_ignore() {
    let copy = fixture_copy("under-privileged");
    let src = copy.path().join("src");
    let mut page = std::fs::read_to_string(src.join("index.html")).unwrap();
    for i in 0..5 {
        std::fs::write(src.join(format!("old{i}.js")), "var x = 1;\n").unwrap();
        page = page.replace(
            "</head>",
            &format!("  <script src=\"old{i}.js\"></script>\n</head>"),
        );
    }
    std::fs::write(src.join("index.html"), page).unwrap();
    // Five old scripts over the limit of three: MAN004, until they are ignored.
    std::fs::write(
        copy.path().join("addin-audit.toml"),
        "[limits]\nmax-files = 3\n",
    )
    .unwrap();
    let v = audit_in(copy.path(), &["--format", "json"]).json();
    assert!(codes(only_manifest(&v)).contains(&"MAN004".to_owned()));
    std::fs::write(
        copy.path().join("addin-audit.toml"),
        "ignore = [\"src/old*.js\"]\n\n[limits]\nmax-files = 3\n",
    )
    .unwrap();
    let v = audit_in(copy.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert!(!codes(m).contains(&"MAN004".to_owned()), "{m:#}");
    assert_eq!(m["verdict"], "under");
}

#[test]
fn extra_src_adds_folders_and_the_old_key_still_works() {
    // The add-in's pages live in a sibling folder the project walk does not reach: the
    // configuration's `extra-src` adds it (where `--src` would replace discovery). `src`, the
    // key's earlier name, means the same.
    let copy = fixture_copy("under-privileged");
    let addin = copy.path().join("addin");
    std::fs::create_dir_all(&addin).unwrap();
    std::fs::rename(copy.path().join("manifest.xml"), addin.join("manifest.xml")).unwrap();
    std::fs::rename(copy.path().join("src"), copy.path().join("web")).unwrap();
    std::fs::write(addin.join(".git"), "").unwrap();
    let before = audit_in(&addin, &["--no-config", "--format", "json", "manifest.xml"]);
    assert_eq!(only_manifest(&before.json())["verdict"], "unverified");
    for key in ["extra-src", "src"] {
        std::fs::write(
            addin.join("addin-audit.toml"),
            format!("{key} = [\"../web\"]\n"),
        )
        .unwrap();
        let v = audit_in(&addin, &["--format", "json", "manifest.xml"]).json();
        let m = only_manifest(&v);
        assert_eq!(m["verdict"], "under", "{key}: {m:#}");
        assert!(
            m["files"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().ends_with("web/stamp.js")),
            "{key}: {m:#}"
        );
    }
}

#[test]
fn each_manifest_keeps_its_own_limits_when_types_cross_modules() {
    // Two add-ins in one run, each with its own configuration. The first one's tight
    // `max-file-size` must not reach the second's files when they are scanned again with the
    // Office types their imports carry (it did: the first manifest's limits governed every
    // re-scan).
    let run = tempfile::tempdir().unwrap();
    for (name, limits) in [("a", "max-file-size = 200\n"), ("b", "")] {
        let copy = fixture_copy("cross-module");
        let dir = run.path().join(name);
        std::fs::rename(copy.path(), &dir).unwrap();
        std::fs::create_dir(dir.join(".git")).unwrap();
        std::fs::write(dir.join("addin-audit.toml"), format!("[limits]\n{limits}")).unwrap();
    }
    let alone = audit_in(&run.path().join("b"), &["--format", "json", "manifest.xml"]).json();
    let together = audit_in(
        run.path(),
        &["--format", "json", "a/manifest.xml", "b/manifest.xml"],
    )
    .json();
    let b = &together["manifests"][1];
    assert_eq!(b["manifest"], "b/manifest.xml");
    let want = only_manifest(&alone);
    assert_eq!(codes(b), codes(want), "{b:#}");
    assert_eq!(b["verdict"], want["verdict"]);
    assert_eq!(b["required"], want["required"]);
    // The first add-in's own files are held to its limit.
    assert!(codes(&together["manifests"][0]).contains(&"JS004".to_owned()));
}
