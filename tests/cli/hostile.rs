//! Hostile input: generated at test time, never committed. Each asserts an exit code, no panic
//! (checked in `audit_in`), and that a good file beside the hostile one is still reported.

use super::common::*;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

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
    fixture_copy("under-privileged")
}

/// Makes the hostile project's page load each of `files` (under `src/`), as an add-in's page
/// loads its scripts: only what the add-in loads is audited.
fn load_from_page(dir: &Path, files: &[&str]) {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html>\n<head>\n<script src=\"https://appsforoffice.microsoft.com/lib/1/hosted/office.js\"></script>\n<script src=\"stamp.js\"></script>\n",
    );
    for f in files {
        let _ = writeln!(page, "<script src=\"{f}\"></script>");
    }
    page.push_str("</head>\n<body></body>\n</html>\n");
    std::fs::write(dir.join("src/index.html"), page).unwrap();
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
    let names: Vec<&str> = shapes.iter().map(|(n, _)| *n).collect();
    load_from_page(dir.path(), &names);
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
    load_from_page(
        dir.path(),
        &[
            "binary.js",
            "latin1.js",
            "empty.js",
            "folder.js/inner.js",
            "dangling.js",
        ],
    );
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
        load_from_page(dir.path(), &["secret.js"]);
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
    load_from_page(dir.path(), &["big.js"]);
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
            .contains("were not followed")
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
    // The page loads the stamper by a percent-encoded name, and a module that imports 20,000
    // small modules (a large module graph).
    std::fs::write(
        proj.join("src/index.html"),
        "<script src=\"st%C3%A4mp%20%C5%91.js\"></script><script type=\"module\" src=\"many/index.js\"></script>",
    )
    .unwrap();
    let mut index = String::new();
    for i in 0..20_000 {
        std::fs::write(
            proj.join("src/many").join(format!("m{i}.js")),
            format!("export const v{i} = {i};\n"),
        )
        .unwrap();
        let _ = writeln!(index, "import \"./m{i}.js\";");
    }
    std::fs::write(proj.join("src/many/index.js"), index).unwrap();
    let r = audit_bounded(dir.path(), &["my add-in ü", "--format", "json"], 60, 1024);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(
        at(finding(m, "TIER001")),
        ("my add-in ü/src/stämp ő.js".to_owned(), 4, 13)
    );
    assert_eq!(m["files"].as_array().unwrap().len(), 20_003);
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
    load_from_page(dir.path(), &["bundle.js"]);
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
    load_from_page(dir.path(), &["bundle.js"]);
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

#[test]
fn a_small_stack_skips_deep_expressions_with_a_finding_never_a_crash() {
    let dir = hostile_project();
    let n = 100_000;
    let shapes = [
        (
            "arrows.js",
            format!("Office.context;\nvar f = {}1;\n", "x => ".repeat(n)),
        ),
        (
            "ternary.js",
            format!("Office.context;\nvar t = {}1;\n", "a ? b : ".repeat(n)),
        ),
        (
            "calls.js",
            format!(
                "Office.context;\nvar c = {}{};\n",
                "f(".repeat(5_000),
                ")".repeat(5_000)
            ),
        ),
    ];
    let names: Vec<&str> = shapes.iter().map(|(n, _)| *n).collect();
    load_from_page(dir.path(), &names);
    for (name, text) in &shapes {
        std::fs::write(dir.path().join("src").join(name), text).unwrap();
    }
    // As on a system that allows threads no more than 16 MiB of stack.
    let out = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(["--format", "json"])
        .current_dir(dir.path())
        .env("ADDIN_AUDIT_MAX_STACK", "16")
        .output()
        .unwrap();
    let r = Run {
        code: out
            .status
            .code()
            .expect("exited, not killed by a stack overflow"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(r.code, 1, "{}", r.stderr);
    let m = still_reports_the_good_file(&r);
    let skipped: Vec<&str> = all_of(&m, "JS004")
        .into_iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["src/arrows.js", "src/calls.js", "src/ternary.js"]);
    assert!(
        finding(&m, "JS004")["message"]
            .as_str()
            .unwrap()
            .contains("than a 16 MiB stack can parse")
    );
}
