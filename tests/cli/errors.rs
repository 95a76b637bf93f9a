//! Bad input that stops the tool (exit 2) with `file:line:col`, and manifest encodings.

use super::common::*;

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
            "malformed.json",
            "fixtures/manifests/malformed.json:3:19: malformed JSON: Expected colon",
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
fn a_unified_manifest_with_comments_or_trailing_commas_is_read_with_a_note() {
    for (file, line, column, what) in [
        ("trailing-comma.json", 6, 65, "Trailing commas"),
        ("commented.json", 2, 3, "Comments"),
    ] {
        let r = audit(&[&format!("fixtures/manifests/{file}"), "--format", "json"]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let v = r.json();
        let m = only_manifest(&v);
        let note = finding(m, "MAN005");
        assert_eq!(note["severity"], "note");
        assert_eq!(
            at(note),
            (format!("fixtures/manifests/{file}"), line, column)
        );
        assert!(note["message"].as_str().unwrap().contains(what), "{note}");
    }
}

#[test]
fn fix_and_diff_say_why_they_could_not_work() {
    // Every exit 2 says why, with --fix and --diff too (--diff printed nothing at all).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("manifest.xml"), "").unwrap();
    for flag in ["--fix", "--diff"] {
        let r = audit_in(dir.path(), &[flag, "manifest.xml"]);
        assert_eq!(r.code, 2, "{flag}");
        assert!(
            r.stderr
                .contains("error: manifest.xml: the file is empty; expected an XML (<OfficeApp>) or JSON add-in manifest"),
            "{flag}: {}",
            r.stderr
        );
    }
}
