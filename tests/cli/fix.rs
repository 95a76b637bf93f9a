//! `--fix`, `--diff` and `--unsafe-fixes`: the tier the code needs, written into the manifest
//! with every other byte kept.

use std::path::Path;

use super::common::*;

/// The lines of two texts that differ, as (old, new) pairs, when they have the same count.
fn changed_lines(old: &str, new: &str) -> Vec<(String, String)> {
    assert_eq!(old.lines().count(), new.lines().count());
    old.lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

fn json_run(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec![dir.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    let r = audit(&all);
    (r.code, r.json())
}

#[test]
fn fix_lowers_every_over_privileged_fixture_by_its_tier_line_only() {
    for (project, manifest, from, to) in [
        (
            "summarize-email",
            "manifest.xml",
            "ReadWriteMailbox",
            "ReadItem",
        ),
        (
            "mapped-by-config",
            "manifest.xml",
            "ReadWriteMailbox",
            "ReadItem",
        ),
        ("rest-read", "manifest.xml", "ReadWriteMailbox", "ReadItem"),
        (
            "saved-mirror",
            "manifest.xml",
            "ReadWriteMailbox",
            "ReadItem",
        ),
        (
            "visual-studio",
            "ContosoManifest/ContosoManifest.xml",
            "ReadWriteItem",
            "ReadItem",
        ),
        (
            "monorepo",
            "packages/composer/manifest.json",
            "Mailbox.ReadWrite.User",
            "MailboxItem.ReadWrite.User",
        ),
    ] {
        let dir = fixture_copy(project);
        let path = dir.path().join(manifest);
        let before = std::fs::read_to_string(&path).unwrap();
        let (code, v) = json_run(dir.path(), &["--fix"]);
        assert_ne!(code, 2, "{project}: {v:#}");
        let after = std::fs::read_to_string(&path).unwrap();
        let changed = changed_lines(&before, &after);
        assert_eq!(changed.len(), 1, "{project}: {changed:?}");
        let (a, b) = &changed[0];
        assert_eq!(a.replacen(from, to, 1), *b, "{project}");
        // The report is of what remains: nothing over-privileged.
        for m in v["manifests"].as_array().unwrap() {
            assert_ne!(m["verdict"], "over", "{project}: {m:#}");
            assert!(!codes(m).contains(&"TIER003".to_owned()), "{project}");
        }
    }
}

#[test]
fn every_over_privileged_fixture_re_audits_clean_after_fix() {
    let mut fixed = Vec::new();
    let mut projects: Vec<_> = std::fs::read_dir(root().join("fixtures/projects"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    projects.sort();
    for project in projects {
        let dir = fixture_copy(&project);
        let (_, v) = json_run(dir.path(), &[]);
        let over = v["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["verdict"] == "over");
        if !over {
            continue;
        }
        let (code, after) = json_run(dir.path(), &["--fix"]);
        assert_ne!(code, 2, "{project}: {after:#}");
        for m in after["manifests"].as_array().unwrap() {
            assert_ne!(m["verdict"], "over", "{project}: {m:#}");
            for code in ["TIER003", "SUP002"] {
                assert!(!codes(m).contains(&code.to_owned()), "{project}: {m:#}");
            }
        }
        fixed.push(project);
    }
    // The list is found, not written down: this guards that the search found them.
    assert!(fixed.len() >= 9, "{fixed:?}");
}

#[test]
fn fix_keeps_bom_crlf_and_utf16_byte_for_byte() {
    let encoders: Vec<(&str, Encoder)> = vec![
        (
            "utf-8 BOM, CRLF",
            Box::new(|t: &str| {
                let mut b = vec![0xEF, 0xBB, 0xBF];
                b.extend(t.replace('\n', "\r\n").into_bytes());
                b
            }),
        ),
        (
            "UTF-16LE",
            Box::new(|t: &str| {
                let mut b = vec![0xFF, 0xFE];
                b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
                b
            }),
        ),
        (
            "UTF-16BE CRLF",
            Box::new(|t: &str| {
                let mut b = vec![0xFE, 0xFF];
                b.extend(
                    t.replace('\n', "\r\n")
                        .encode_utf16()
                        .flat_map(u16::to_be_bytes),
                );
                b
            }),
        ),
    ];
    let original = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let fixed = original.replace(
        "<Permissions>ReadWriteMailbox</Permissions>",
        "<Permissions>ReadItem</Permissions>",
    );
    for (name, encode) in encoders {
        let dir = encoded_copy(&encode);
        let (code, v) = json_run(dir.path(), &["--fix"]);
        assert_eq!(code, 0, "{name}: {v:#}");
        let bytes = std::fs::read(dir.path().join("manifest.xml")).unwrap();
        assert_eq!(bytes, encode(&fixed), "{name}");
        assert_eq!(only_manifest(&v)["verdict"], "ok", "{name}");
    }
}

#[test]
fn fix_keeps_the_comments_and_trailing_commas_of_a_unified_manifest() {
    let dir = fixture_copy("twin-manifests");
    let path = dir.path().join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "  \"authorization\": {",
        "  // Least privilege, checked by addin-audit.\n  \"authorization\": {",
        1,
    );
    let text = text.replacen(
        "{ \"name\": \"Mailbox.SharedFolder\", \"type\": \"Delegated\" }",
        "{ \"name\": \"Mailbox.SharedFolder\", \"type\": \"Delegated\" },",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let r = audit(&[path.to_str().unwrap(), "--fix", "--format", "json"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    // The tier lowered, and the unused shared-folders entry (SUP002) removed with the comma
    // before it; the trailing comma and the comment stay.
    assert_eq!(
        after,
        text.replacen("\"Mailbox.ReadWrite.User\"", "\"MailboxItem.Read.User\"", 1)
            .replacen(
                ",\n        { \"name\": \"Mailbox.SharedFolder\", \"type\": \"Delegated\" }",
                "",
                1
            )
    );
}

#[test]
fn fix_removes_unused_supplementary_permissions_with_their_lines() {
    let dir = fixture_copy("unused-supplementary");
    let path = dir.path().join("manifest.xml");
    let before = std::fs::read_to_string(&path).unwrap();
    assert!(before.contains("\r\n"));
    let d = audit(&[dir.path().to_str().unwrap(), "--diff"]);
    assert_eq!(d.code, 1, "{}", d.stderr);
    assert_eq!(
        d.stdout.lines().skip(2).collect::<Vec<_>>(),
        [
            "@@ -13 +13 @@",
            "-  <Permissions>ReadWriteItem</Permissions>",
            "+  <Permissions>ReadItem</Permissions>",
            "@@ -20 +19,0 @@",
            "-            <SupportsSharedFolders>true</SupportsSharedFolders>",
            "@@ -43,3 +41,0 @@",
            "-      <ExtendedPermissions>",
            "-        <ExtendedPermission>AppendOnSend</ExtendedPermission>",
            "-      </ExtendedPermissions>",
        ]
    );
    // Allowed (or suppressed, or baselined) SUP002: the declaration stays.
    let (_, v) = json_run(dir.path(), &["--fix", "--allow", "SUP002"]);
    assert_eq!(only_manifest(&v)["verdict"], "ok");
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("<ExtendedPermission>AppendOnSend</ExtendedPermission>"));
    assert!(kept.contains("<Permissions>ReadItem</Permissions>"));

    std::fs::write(&path, &before).unwrap();
    let (code, v) = json_run(dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{v:#}");
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok");
    assert!(codes(m).is_empty(), "{m:#}");
    let expected: String = before
        .split_inclusive("\r\n")
        .filter(|l| !l.contains("SupportsSharedFolders") && !l.contains("ExtendedPermission"))
        .collect::<String>()
        .replace(
            "<Permissions>ReadWriteItem</Permissions>",
            "<Permissions>ReadItem</Permissions>",
        );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = fixture_copy("summarize-email");
    let path = dir.path().join("manifest.xml");
    let before = std::fs::read(&path).unwrap();
    let r = audit(&[dir.path().to_str().unwrap(), "--diff"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("@@ -29 +29 @@"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "-  <Permissions>ReadWriteMailbox</Permissions>\n+  <Permissions>ReadItem</Permissions>"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn raising_a_tier_needs_unsafe_fixes_and_unverified_is_never_fixed() {
    let dir = fixture_copy("under-privileged");
    let path = dir.path().join("manifest.xml");
    let before = std::fs::read_to_string(&path).unwrap();
    let r = audit(&[dir.path().to_str().unwrap(), "--fix"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--unsafe-fixes raises it"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    let (code, v) = json_run(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only_manifest(&v)["verdict"], "ok");
    let changed = changed_lines(&before, &std::fs::read_to_string(&path).unwrap());
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0]
            .1
            .contains("<Permissions>ReadWriteItem</Permissions>")
    );

    // The analysis is incomplete: no lower tier is written.
    let dir = fixture_copy("unverified");
    let path = dir.path().join("manifest.xml");
    let before = std::fs::read(&path).unwrap();
    let (_, v) = json_run(dir.path(), &["--fix"]);
    assert_eq!(only_manifest(&v)["verdict"], "unverified");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_add_ins_xml_and_unified_manifests_are_fixed_together() {
    let dir = visible_fixture_copy("twin-manifests");
    let xml = dir.path().join("manifest.xml");
    let json = dir.path().join("manifest.json");
    let text = std::fs::read_to_string(&xml).unwrap().replace(
        "<Permissions>ReadItem</Permissions>",
        "<Permissions>ReadWriteMailbox</Permissions>",
    );
    std::fs::write(&xml, text).unwrap();
    // Only the unified manifest is named; its XML twin (same id) declares the same tier.
    let r = audit(&[json.to_str().unwrap(), "--fix"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&xml)
            .unwrap()
            .contains("<Permissions>ReadItem</Permissions>"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let unified = std::fs::read_to_string(&json).unwrap();
    assert!(unified.contains("\"MailboxItem.Read.User\""));
    // Its unused shared-folders permission (SUP002) went in the same write.
    assert!(!unified.contains("Mailbox.SharedFolder"), "{unified}");
    assert!(r.stderr.contains("fixed 2 manifest(s)"), "{}", r.stderr);
}

#[test]
fn diff_applies_with_git_to_a_crlf_manifest() {
    // The printed diff, applied by git, gives the bytes --fix writes.
    let shown = fixture_copy("unused-supplementary");
    let d = audit_in(shown.path(), &["--diff"]);
    assert_eq!(d.code, 1, "{}", d.stderr);
    let patch = shown.path().join("fix.patch");
    std::fs::write(&patch, &d.stdout).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "--unidiff-zero", "fix.patch"])
        .current_dir(shown.path())
        .output()
        .expect("git runs");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let fixed = fixture_copy("unused-supplementary");
    audit_in(fixed.path(), &["--fix"]);
    assert_eq!(
        std::fs::read(shown.path().join("manifest.xml")).unwrap(),
        std::fs::read(fixed.path().join("manifest.xml")).unwrap()
    );
}
