//! Finding the add-in's code: entry points, build tools, Visual Studio, monorepos, mirrors,
//! cross-module values, shared function files, and the `unverified` contract.

use super::common::*;
use serde_json::Value;

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
        ],
        "the manifest serves the built page: its bundle is the add-in"
    );
    // The bundle's source is listed as present but not loaded, never counted.
    assert_eq!(
        m["unreachable"][0]["file"],
        "fixtures/projects/built-bundle/src/taskpane.ts"
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
fn src_names_where_the_urls_are_served_from() {
    // The under-privileged manifest's URL (index.html) served from another folder: --src is
    // the only place looked in, and what its page loads is audited.
    let r = audit(&[
        "fixtures/projects/under-privileged/manifest.xml",
        "--src",
        "fixtures/projects/least-privilege/src",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["roots"][0], "fixtures/projects/least-privilege/src");
    assert_eq!(
        m["files"],
        serde_json::json!([
            "fixtures/projects/least-privilege/src/app.js",
            "fixtures/projects/least-privilege/src/index.html"
        ])
    );
    assert_eq!(m["verdict"], "over", "ReadItem vs roaming settings only");
    assert_eq!(m["required"], "Restricted");
    // A URL that is not in the --src folder is not looked for elsewhere.
    let r = audit(&[
        EXAMPLE,
        "--src",
        "fixtures/projects/least-privilege/src",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified");
    assert_eq!(codes(m), ["MAN003", "TIER004"]);
}

/// The uses of a manifest report as (api, file, line).
fn uses_at(m: &Value) -> Vec<(String, String, u64)> {
    m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["api"].as_str().unwrap().to_owned(),
                u["file"].as_str().unwrap().to_owned(),
                u["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

// See issue 10: a unified manifest in manifest-configurations/unified/ (with its own
// package.json and a webpack.config.js copy meant to be moved) was audited against one
// webpack.config.js and told to lower ReadWriteMailbox to Restricted.
#[test]
fn a_unified_manifest_in_a_nested_folder_audits_the_code_two_folders_up() {
    let r = audit(&[
        "fixtures/projects/nested-unified/manifest-configurations/unified/manifest.json",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["declared"], "ReadWriteMailbox");
    assert_eq!(m["required"], "ReadWriteMailbox");
    assert_eq!(m["verdict"], "ok");
    assert!(codes(m).is_empty(), "{m:#}");
    assert_eq!(m["roots"][0], "fixtures/projects/nested-unified");
    // The page is the webpack template with its entry chunk; the module it imports is found.
    let taskpane = &m["entries"][0];
    assert_eq!(taskpane["url"], "https://localhost:3000/taskpane.html");
    assert_eq!(
        strings(&taskpane["files"]),
        [
            "fixtures/projects/nested-unified/src/taskpane/taskpane.html",
            "fixtures/projects/nested-unified/src/taskpane/taskpane.ts"
        ]
    );
    assert!(
        taskpane["via"]
            .as_str()
            .unwrap()
            .starts_with("served by webpack (fixtures/projects/nested-unified/webpack.config.js:"),
        "{taskpane}"
    );
    assert!(uses_at(m).contains(&(
        "Office.MasterCategories.getAsync".to_owned(),
        "fixtures/projects/nested-unified/src/taskpane/categories.ts".to_owned(),
        3
    )));
    // The unified `script` URL (commands.js) is the webpack entry built from commands.ts.
    assert_eq!(
        strings(&m["entries"][2]["files"]),
        ["fixtures/projects/nested-unified/src/commands/commands.ts"]
    );
}

// See issue 10: `~remoteAppUrl/Pages/Index/Index.html` served from another top folder of a
// Visual Studio repository, beside a NuGet copy of office.js whose files mention every API.
#[test]
fn a_visual_studio_solution_serving_pages_from_another_top_folder() {
    let (code, m) = project("sibling-web");
    assert_eq!(code, 0);
    assert_eq!(m["required"], "ReadWriteMailbox");
    assert_eq!(m["verdict"], "ok");
    assert_eq!(
        strings(&m["files"]),
        [
            "fixtures/projects/sibling-web/lib/public/Pages/Index/Index.html",
            "fixtures/projects/sibling-web/lib/public/Pages/Index/Index.js"
        ]
    );
    assert_eq!(
        strings(&m["skipped_libraries"]),
        [
            "fixtures/projects/sibling-web/FabrikamWeb/Scripts/Office/1/office.js",
            "fixtures/projects/sibling-web/FabrikamWeb/Scripts/Office/1/outlook-web-16.01.js",
            "fixtures/projects/sibling-web/FabrikamWeb/Scripts/Office/1/telemetry/oteljs.js"
        ]
    );
    assert!(m["unreachable"].as_array().unwrap().is_empty());
}

// See issue 10: a yo-office template leftover that no webpack entry imports raised the tier.
#[test]
fn a_template_leftover_no_entry_imports_never_raises_the_tier() {
    let (code, m) = project("webpack-leftover");
    assert_eq!(code, 0);
    assert_eq!(
        (
            m["declared"].as_str(),
            m["required"].as_str(),
            m["verdict"].as_str()
        ),
        (Some("ReadItem"), Some("ReadItem"), Some("ok"))
    );
    assert_eq!(
        strings(&m["files"]),
        [
            "fixtures/projects/webpack-leftover/src/app/index.html",
            "fixtures/projects/webpack-leftover/src/app/main.ts",
            "fixtures/projects/webpack-leftover/src/app/view.ts"
        ]
    );
    let leftover = &m["unreachable"][0];
    assert_eq!(
        leftover["file"],
        "fixtures/projects/webpack-leftover/src/taskpane/taskpane.ts"
    );
    assert_eq!(leftover["tier"], "ReadWriteItem");
    assert_eq!(leftover["apis"][0], "Office.Body.setAsync");
    // The table lists it with --verbose, and counts it otherwise.
    let t = audit(&["fixtures/projects/webpack-leftover"]);
    assert!(
        t.stdout
            .contains("1 file that uses Office is not loaded by the manifest"),
        "{}",
        t.stdout
    );
    let t = audit(&["fixtures/projects/webpack-leftover", "--verbose"]);
    assert!(
        t.stdout.contains(
            "fixtures/projects/webpack-leftover/src/taskpane/taskpane.ts (would need ReadWriteItem: Office.Body.setAsync"
        ),
        "{}",
        t.stdout
    );
}

// See issue 10: two manifests share one function file; each counts its own handlers.
#[test]
fn a_shared_function_file_counts_each_manifests_own_handlers() {
    let r = audit(&["fixtures/projects/shared-function-file", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    let ms = v["manifests"].as_array().unwrap();
    let reader = &ms[0];
    let stamper = &ms[1];
    assert_eq!(
        reader["manifest"],
        "fixtures/projects/shared-function-file/reader.xml"
    );
    assert_eq!(
        (reader["required"].as_str(), reader["verdict"].as_str()),
        (Some("ReadItem"), Some("ok"))
    );
    assert_eq!(
        (stamper["required"].as_str(), stamper["verdict"].as_str()),
        (Some("ReadWriteItem"), Some("ok"))
    );
    assert_eq!(strings(&reader["handlers"]), ["showSender"]);
    assert_eq!(
        strings(&reader["excluded_functions"]),
        ["stampSubject (fixtures/projects/shared-function-file/src/commands.js:18:1)"]
    );
    assert!(
        !uses_at(reader)
            .iter()
            .any(|u| u.0 == "Office.Subject.setAsync")
    );
    // Alone, the reader is judged the same way (associate names its handlers).
    let (_, alone) = project("shared-function-file/reader.xml");
    assert_eq!(alone["verdict"], "ok");
}

// See issue 10: two add-ins in one tree without a package.json each.
#[test]
fn two_add_ins_without_project_markers_keep_their_code_apart() {
    let r = audit(&["fixtures/projects/two-addins", "--format", "json"]);
    let v = r.json();
    let ms = v["manifests"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    for (m, own, tier) in [
        (&ms[0], "alpha", "ReadItem"),
        (&ms[1], "beta", "ReadWriteMailbox"),
    ] {
        assert_eq!(m["verdict"], "ok", "{m:#}");
        assert_eq!(m["required"], tier);
        assert!(
            strings(&m["files"])
                .iter()
                .all(|f| f.starts_with(&format!("fixtures/projects/two-addins/{own}/"))),
            "{m:#}"
        );
    }
}

#[test]
fn office_values_cross_module_boundaries() {
    let (code, m) = project("cross-module");
    assert_eq!(code, 1);
    assert_eq!(m["verdict"], "under");
    let errors: Vec<(String, u64, u64)> = all_of(&m, "TIER001").into_iter().map(at).collect();
    let dir = "fixtures/projects/cross-module/src";
    assert_eq!(
        errors,
        [
            (format!("{dir}/main.ts"), 5, 13), // an exported const, re-exported
            (format!("{dir}/main.ts"), 6, 28), // what an exported function returns
            (format!("{dir}/stamp.ts"), 3, 18)  // a parameter another module passes the item to
        ]
    );
    // The default export is the mailbox.
    assert!(uses_at(&m).contains(&(
        "Office.Mailbox.userProfile".to_owned(),
        format!("{dir}/main.ts"),
        8
    )));
}

#[test]
fn a_saved_mirror_of_the_deployed_add_in_is_audited_by_host_and_path() {
    let (code, m) = project("saved-mirror");
    assert_eq!(code, 0);
    assert_eq!(m["verdict"], "over");
    assert_eq!(m["required"], "ReadItem");
    assert_eq!(
        strings(&m["files"]),
        [
            "fixtures/projects/saved-mirror/addin.contoso.com/outlook/js/app.min.js",
            "fixtures/projects/saved-mirror/addin.contoso.com/outlook/taskpane.html"
        ],
        "the other site's page with the same path is not the add-in's"
    );
    assert_eq!(
        finding(&m, "TIER003")["help"],
        "change <Permissions>ReadWriteMailbox</Permissions> to <Permissions>ReadItem</Permissions>"
    );
}

// See issue 10: the verdict contract. What was found still proves under-privilege, but
// over-privilege is claimed only on complete evidence.
#[test]
fn an_incomplete_analysis_is_unverified_and_never_advises_a_lower_tier() {
    let (code, m) = project("unverified");
    assert_eq!(code, 0, "warnings do not fail by default");
    assert_eq!(m["declared"], "ReadWriteMailbox");
    assert_eq!(m["required"], "ReadItem");
    assert_eq!(m["verdict"], "unverified");
    assert_eq!(codes(&m), ["TIER004", "MAN003", "MOD001"]);
    let t4 = finding(&m, "TIER004");
    let msg = t4["message"].as_str().unwrap();
    assert!(msg.starts_with("unverified: the code found needs only ReadItem but the manifest declares ReadWriteMailbox"), "{msg}");
    assert!(
        msg.contains(
            "`https://cdn.fixture-labs.example/outlook/v1/functions.html` maps to no local file"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("`./generated/config.js` cannot be resolved"),
        "{msg}"
    );
    assert!(msg.contains("keep ReadWriteMailbox"), "{msg}");
    assert!(!msg.contains("change"), "no advice to lower: {msg}");
    let man3 = finding(&m, "MAN003");
    assert_eq!(
        at(man3),
        (
            "fixtures/projects/unverified/manifest.xml".to_owned(),
            26,
            57
        )
    );
    assert!(
        man3["help"].as_str().unwrap().contains(
            "[[map]] url = \"https://cdn.fixture-labs.example/outlook/v1/\" path = \"<folder or file>\""
        ),
        "{man3}"
    );
    assert_eq!(
        at(finding(&m, "MOD001")),
        (
            "fixtures/projects/unverified/web/taskpane.js".to_owned(),
            1,
            24
        )
    );
    assert_eq!(m["gaps"].as_array().unwrap().len(), 2);
    assert_eq!(
        audit(&["fixtures/projects/unverified", "--fail-on", "warning"]).code,
        1
    );
    let t = audit(&["fixtures/projects/unverified"]);
    assert!(
        t.stdout.contains("unverified: code found needs ReadItem"),
        "{}",
        t.stdout
    );
}

#[test]
fn a_map_entry_completes_the_analysis() {
    let (code, m) = project("mapped-by-config");
    assert_eq!(code, 0);
    assert_eq!(m["verdict"], "over");
    assert_eq!(m["required"], "ReadItem");
    let functions = &m["entries"][0];
    assert_eq!(
        functions["url"],
        "https://cdn.fixture-labs.example/outlook/v1/functions.html"
    );
    assert!(
        functions["via"]
            .as_str()
            .unwrap()
            .starts_with("[[map]] at fixtures/projects/mapped-by-config/addin-audit.toml:2"),
        "{functions}"
    );
    assert_eq!(codes(&m), ["TIER003"]);
}

// See issue 10: a page loads an EWS helper from a node_modules folder committed with the add-in.
#[test]
fn a_committed_node_modules_script_a_page_loads_is_part_of_the_add_in() {
    let (code, m) = project("ews-helper");
    assert_eq!(code, 0);
    assert_eq!(m["verdict"], "ok");
    assert_eq!(m["required"], "ReadWriteMailbox");
    assert!(uses_at(&m).contains(&(
        "Office.Mailbox.makeEwsRequestAsync".to_owned(),
        "fixtures/projects/ews-helper/node_modules/ews-lite/ews.js".to_owned(),
        8
    )));
}

#[test]
fn jsx_in_js_files_is_parsed_and_a_lazy_import_after_it_is_followed() {
    let (code, m) = project("react-js");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "ok");
    assert_eq!(m["required"], "ReadWriteMailbox");
    assert!(m["gaps"].as_array().is_some_and(Vec::is_empty), "{m:#}");
    assert!(uses_at(&m).contains(&(
        "Office.MasterCategories.getAsync".to_owned(),
        "fixtures/projects/react-js/src/Categories.js".to_owned(),
        2
    )));
}

#[test]
fn a_next_js_route_is_audited_and_the_apps_other_routes_keep_it_unverified() {
    let (code, m) = project("nextjs-app");
    assert_eq!(code, 0);
    assert_eq!(m["required"], "ReadItem");
    let dir = "fixtures/projects/nextjs-app/src";
    assert_eq!(
        strings(&m["entries"][0]["files"]),
        [
            format!("{dir}/app/(addin)/taskpane/page.tsx"),
            format!("{dir}/app/layout.tsx")
        ]
    );
    // The admin page may be one client-side navigation away: no lower tier is advised.
    assert_eq!(m["verdict"], "unverified");
    assert_eq!(codes(&m), ["TIER004"]);
    assert!(m["gaps"][0].as_str().unwrap().contains("admin/page.tsx"));

    // Once the admin page is declared not to be the add-in's, the advice is ReadItem.
    let copy = fixture_copy("nextjs-app");
    std::fs::write(
        copy.path().join("addin-audit.toml"),
        "ignore = [\"src/app/admin/\"]\n",
    )
    .unwrap();
    let r = audit_in(copy.path(), &["manifest.xml", "--format", "json"]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{}", r.stderr);
    assert_eq!(codes(m), ["TIER003"]);
}

#[test]
fn a_manifest_named_twice_is_audited_once() {
    // Two spellings of one file, and the folder that holds it.
    let dir = root().join("fixtures/projects/summarize-email");
    let r = audit_in(
        &dir,
        &["manifest.xml", "./manifest.xml", ".", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let manifests = v["manifests"].as_array().unwrap();
    assert_eq!(manifests.len(), 1, "{v:#}");
    assert_eq!(manifests[0]["manifest"], "manifest.xml");
}

#[test]
fn every_build_that_serves_a_page_counts() {
    // webpack.config.js makes one page per folder of src/ (`readdirSync` filtered by
    // `existsSync`, plugins from `.map`, entries from `.reduce`, an async export);
    // webpack.config.fallback.js emits the same app.html as a stub. The page is the union,
    // so the real page's `setSignatureAsync` counts; taking the stub alone advised
    // Restricted, below need.
    let (code, m) = project("two-builds");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "ok", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem");
    let files = &m["entries"][0]["files"];
    for f in ["src/app/app.js", "fallback/notice.js"] {
        assert!(
            files
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str().unwrap().ends_with(f)),
            "{f}: {m:#}"
        );
    }
    let via = m["entries"][0]["via"].as_str().unwrap();
    assert!(
        via.contains("webpack.config.js:18") && via.contains("webpack.config.fallback.js:7"),
        "{via}"
    );
    // A configuration that still cannot be read keeps the verdict from going below it.
    let dir = fixture_copy("two-builds");
    replace_in(dir.path(), "webpack.config.js", "fs.existsSync(", "isPage(");
    unverified_because(
        dir.path(),
        "could not be read completely (webpack.config.js:",
    );
}

#[test]
fn scripts_on_the_add_ins_own_origin_and_template_hosts_map_like_its_urls() {
    // A GitHub Pages add-in: the page loads its script by absolute URL on the manifest's own
    // origin. manifest.template.xml has `{domain}` where a release script writes the host.
    for manifest in ["manifest.xml", "manifest.template.xml"] {
        let r = audit(&[
            &format!("fixtures/projects/github-pages/{manifest}"),
            "--format",
            "json",
        ]);
        let v = r.json();
        let m = only_manifest(&v);
        assert_eq!(m["verdict"], "over", "{manifest}: {m:#}");
        assert_eq!(m["required"], "ReadWriteItem", "{manifest}");
        assert!(
            m["gaps"].as_array().unwrap().is_empty(),
            "{manifest}: {m:#}"
        );
        assert!(
            m["files"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().ends_with("docs/replies.js")),
            "{manifest}: {m:#}"
        );
    }
    // A script on the add-in's origin that is not in the repository is code the audit did
    // not see: a gap, never nothing.
    let dir = fixture_copy("github-pages");
    std::fs::remove_file(dir.path().join("docs/replies.js")).unwrap();
    let v = audit_in(dir.path(), &["--format", "json", "manifest.xml"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    assert!(codes(m).contains(&"MOD001".to_owned()), "{m:#}");
}

#[test]
fn a_page_without_scripts_in_a_project_nothing_builds_runs_nothing() {
    // help.html loads only office.js, in a static add-in with no build: it runs nothing of
    // the add-in's, and the audit is complete.
    judged_complete("static-help", 0, "over", "ReadItem");
    // With a bundler in the project, a build may inject scripts into that page: a gap.
    let dir = fixture_copy("static-help");
    std::fs::write(
        dir.path().join("package.json"),
        r#"{ "name": "subject-help", "private": true, "scripts": { "build": "webpack --mode production" } }"#,
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    assert!(
        m["gaps"][0].as_str().unwrap().contains("loads no script"),
        "{m:#}"
    );
}

#[test]
fn a_call_after_a_large_bundles_unterminated_tail_is_found() {
    // A 2.5 MB webpack bundle that ends `})({ … })` with no semicolon, then a source-map
    // comment, then a call on the item: the statement around that call, cut at braces,
    // starts with `)`; the line it stands on parses. Its ReadWriteItem need is reported.
    let dir = fixture_copy("built-bundle");
    let bundle = dir.path().join("dist/taskpane.js");
    let mut text = std::fs::read_to_string(&bundle).unwrap();
    text.push_str("(function(modules){var cache={};function load(id){return modules[id].call(null)}return load(0)})({\n");
    let modules: Vec<String> = (0..40_000)
        .map(|i| format!("{i}:function(){{var m{i}=\"module {i}\";return m{i}.length+{i}}}"))
        .collect();
    text.push_str(&modules.join(",\n"));
    text.push_str("\n})\n//# sourceMappingURL=taskpane.js.map\n");
    text.push_str(
        "Office.context.mailbox.item.body.setAsync(\"Checked\", { coercionType: \"text\" });\n",
    );
    assert!(text.len() > 2 << 20);
    std::fs::write(&bundle, &text).unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "under", "{m:#}");
    let line = text.lines().count() as u64;
    assert_eq!(
        at(finding(m, "TIER001")),
        ("dist/taskpane.js".to_owned(), line, 34),
        "{m:#}"
    );
    assert!(!codes(m).contains(&"JS001".to_owned()), "{m:#}");
}

#[test]
fn an_aspnet_core_web_project_named_by_core_web_project() {
    // A Visual Studio add-in solution on ASP.NET Core: the add-in project names its web
    // project with <CoreWebProject>, `~remoteAppUrl/` is Home/Index with the shared layout,
    // and the view's `@section Scripts` loads `~/js/attachments.js` from wwwroot. A stale
    // `ContosoWeb` folder beside it holds an empty view, and must not answer.
    let r = audit(&[
        "fixtures/projects/aspnet-core/Contoso/ContosoManifest/Contoso.xml",
        "--format",
        "json",
    ]);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("Contoso-Web/wwwroot/js/attachments.js"))
            && files
                .iter()
                .any(|f| f.ends_with("Contoso-Web/Views/Shared/_Layout.cshtml"))
            && !files.iter().any(|f| f.contains("ContosoWeb/")),
        "{files:?}"
    );
}

#[test]
fn a_sibling_add_ins_handlers_are_its_own_when_audited_alone() {
    // Without `Office.actions.associate`, the function file's handlers are global functions
    // that each manifest names. Audited alone, the reader still leaves the stamper's handler
    // to the stamper (another add-in: another id), as when both are audited together.
    let dir = fixture_copy("shared-function-file");
    replace_in(
        dir.path(),
        "src/commands.js",
        "Office.actions.associate(\"showSender\", showSender);\nOffice.actions.associate(\"stampSubject\", stampSubject);\n",
        "",
    );
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let v = audit_in(dir.path(), &["--format", "json", "reader.xml"]).json();
    let reader = only_manifest(&v);
    assert_eq!(reader["required"], "ReadItem", "{reader:#}");
    assert_eq!(reader["verdict"], "ok", "{reader:#}");
    assert!(
        strings(&reader["excluded_functions"])
            .iter()
            .any(|f| f.starts_with("stampSubject (")),
        "{reader:#}"
    );
}

#[test]
fn a_page_nothing_serves_is_a_broken_url_not_a_gap() {
    // The manifest's FunctionFile names commands.html on the origin whose taskpane.html the
    // webpack build serves; the build, read completely, emits no commands.html and no file
    // of that name exists. Outlook gets an error page there: no code runs, so the verdict
    // does not wait for it, and MAN013 says the URL is broken. (Audited as its own
    // repository: inside this one, another fixture's build serves a commands.html.)
    let dir = fixture_copy("renamed-page");
    let r = audit_in(dir.path(), &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    let codes: Vec<&str> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"MAN013") && !codes.contains(&"MAN003"),
        "{m:#}"
    );
    let f = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "MAN013")
        .unwrap();
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("`https://localhost:3000/commands.html`")
            && msg.contains("webpack.config.js:13")
            && msg.contains("no `commands.html`"),
        "{msg}"
    );
    assert_eq!(f["line"], 49, "{f:#}");
    // A file of that name anywhere in the project could be what serves it: it is audited.
    let dir = fixture_copy("renamed-page");
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(
        dir.path().join("public/commands.html"),
        "<!DOCTYPE html><html><head><script src=\"commands.js\"></script></head><body></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("public/commands.js"),
        "Office.onReady(() => {});\nfunction stamp(event) {\n  Office.context.mailbox.item.body.setSelectedDataAsync(\"ok\", () => event.completed());\n}\nOffice.actions.associate(\"stamp\", stamp);\n",
    )
    .unwrap();
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "ok", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    // A build that cannot be read completely may serve it: the verdict waits (MAN003).
    let dir = fixture_copy("renamed-page");
    replace_in(
        dir.path(),
        "webpack.config.js",
        "chunks: [\"taskpane\"]",
        "chunks: pick()",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    let codes: Vec<&str> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"MAN013"), "{m:#}");
}

#[test]
fn frameworks_that_build_by_convention_serve_their_pages() {
    // Create React App and Vue CLI have no build configuration: `public/index.html` gets
    // `src/index.js` (CRA) or `src/main.js` (Vue CLI) injected. Without that, the page loads
    // no script of the add-in and the verdict could only be unverified.
    for (name, via, required, entry) in [
        (
            "create-react-app",
            "served by Create React App (package.json:1)",
            "ReadWriteItem",
            "src/index.js",
        ),
        (
            "vue-cli",
            "served by Vue CLI (package.json:1)",
            "ReadItem",
            "src/main.js",
        ),
    ] {
        let dir = fixture_copy(name);
        let v = audit_in(dir.path(), &["--format", "json"]).json();
        let m = only_manifest(&v);
        assert_eq!(m["verdict"], "over", "{name}: {m:#}");
        assert_eq!(m["required"], required, "{name}: {m:#}");
        assert!(m["gaps"].as_array().unwrap().is_empty(), "{name}: {m:#}");
        assert_eq!(m["entries"][0]["via"], via, "{name}");
        assert_eq!(
            m["entries"][0]["files"],
            serde_json::json!(["public/index.html", entry]),
            "{name}"
        );
    }
    // What could change the convention is not read: the page may get other scripts.
    let dir = fixture_copy("create-react-app");
    std::fs::write(
        dir.path().join("craco.config.js"),
        "module.exports = { webpack: { configure: (config) => config } };\n",
    )
    .unwrap();
    unverified_because(dir.path(), "the build's overrides in craco.config.js");
    let dir = fixture_copy("vue-cli");
    std::fs::write(
        dir.path().join("vue.config.js"),
        "module.exports = {\n  pages: {\n    index: \"src/main.js\",\n    settings: \"src/settings.js\",\n  },\n};\n",
    )
    .unwrap();
    unverified_because(dir.path(), "vue.config.js:2 (its `pages`)");
}

#[test]
fn asp_net_bundles_load_what_bundle_config_puts_in_them() {
    // The MVC layout renders `@Scripts.Render("~/bundles/jquery", "~/bundles/addin")`;
    // App_Start/BundleConfig.cs puts `~/Scripts/jquery-{version}.js` and every `*.js` of
    // `~/Scripts/app` in them. The add-in's scripts are those: `categories.addAsync` needs
    // ReadWriteItem.
    let dir = fixture_copy("mvc-bundles");
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    for f in [
        "NorthwindWeb/Scripts/app/notes.js",
        "NorthwindWeb/Scripts/app/order-lookup.js",
        "NorthwindWeb/Scripts/jquery-3.7.1.js",
    ] {
        assert!(
            m["files"].as_array().unwrap().iter().any(|x| x == f),
            "{f}: {m:#}"
        );
    }
    // A bundle BundleConfig.cs does not make cannot be followed: a gap, never a guess.
    replace_in(
        dir.path(),
        "NorthwindWeb/Views/Shared/_Layout.cshtml",
        "\"~/bundles/addin\"",
        "\"~/bundles/addin-v2\"",
    );
    unverified_because(dir.path(), "`~/bundles/addin-v2` cannot be resolved");
}

#[test]
fn an_office_value_passed_to_an_import_nothing_follows_is_an_escape() {
    // `stamp(item)` into the project's module is followed (see above); the same item passed
    // to a package's function reaches code the audit never reads, so the declared tier
    // stays: before, the call was dropped without a word.
    let dir = fixture_copy("cross-module");
    replace_in(
        dir.path(),
        "manifest.xml",
        "<Permissions>ReadItem</Permissions>",
        "<Permissions>ReadWriteMailbox</Permissions>",
    );
    replace_in(
        dir.path(),
        "src/main.ts",
        "import mailbox from \"./office\";",
        "import mailbox from \"./office\";\nimport { archive } from \"mail-archiver\";",
    );
    replace_in(
        dir.path(),
        "src/main.ts",
        "  stamp(item, \"[checked]\");",
        "  stamp(item, \"[checked]\");\n  archive(item);",
    );
    unverified_because(
        dir.path(),
        "passed to `archive` of `mail-archiver`, which is not a function the audit can follow",
    );
}

#[test]
fn a_committed_dist_page_maps_its_bundles_back_to_their_sources() {
    // dist/encrypt.html is committed; vendor.js and encrypt.js, which it loads, are built on
    // deploy (ignored). The webpack configuration's entry names say which sources they are.
    let (code, m) = project("committed-dist");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        files,
        [
            "fixtures/projects/committed-dist/dist/encrypt.html",
            "fixtures/projects/committed-dist/src/encrypt/index.js",
            "fixtures/projects/committed-dist/src/vendor/index.js",
        ]
    );
    // An entry the configuration does not name: a bundle the audit cannot see, a gap.
    let dir = fixture_copy("committed-dist");
    replace_in(
        dir.path(),
        "webpack.config.js",
        "encrypt: \"./src/encrypt/index.js\"",
        "seal: \"./src/encrypt/index.js\"",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    assert!(codes(m).contains(&"MOD001".to_owned()), "{m:#}");
}

#[test]
fn a_sveltekit_dev_server_serves_the_apps_root_route() {
    // `http://localhost:5175/` is the app's root route: src/routes/+page.svelte inside the
    // root layout and src/app.html; it imports `$lib/tags.js` (SvelteKit's src/lib).
    let (code, m) = project("sveltekit");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert_eq!(
        m["entries"][0]["via"],
        "served by SvelteKit (fixtures/projects/sveltekit/svelte.config.js:1)"
    );
    assert!(
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "fixtures/projects/sveltekit/src/lib/tags.js"),
        "{m:#}"
    );
    // Another route of the app, which the router may show, needs more: a gap.
    let dir = fixture_copy("sveltekit");
    std::fs::write(
        dir.path().join("src/routes/settings/+page.svelte"),
        "<script>\n  Office.context.mailbox.makeEwsRequestAsync(\"<soap/>\", () => {});\n</script>\n",
    )
    .unwrap();
    unverified_because(dir.path(), "whose router may navigate to it client-side");
}

#[test]
fn an_ejs_template_is_the_page_the_build_serves() {
    // HtmlWebpackPlugin's template may be EJS (`<%= … %>` in the page): it is read as the
    // page, and the build's entries are injected into it.
    let dir = fixture_copy("committed-dist");
    std::fs::rename(
        dir.path().join("src/encrypt/encrypt.html"),
        dir.path().join("src/encrypt/encrypt.ejs"),
    )
    .unwrap();
    replace_in(
        dir.path(),
        "webpack.config.js",
        "template: \"./src/encrypt/encrypt.html\"",
        "template: \"./src/encrypt/encrypt.ejs\"",
    );
    replace_in(
        dir.path(),
        "src/encrypt/encrypt.ejs",
        "<title>Seal Message</title>",
        "<title><%= htmlWebpackPlugin.options.title %></title>",
    );
    replace_in(
        dir.path(),
        "manifest.xml",
        "/dist/encrypt.html",
        "/encrypt.html",
    );
    let v = audit_in(dir.path(), &["--format", "json"]).json();
    let m = only_manifest(&v);
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadWriteItem", "{m:#}");
    assert_eq!(
        m["entries"][0]["files"],
        serde_json::json!([
            "src/encrypt/encrypt.ejs",
            "src/vendor/index.js",
            "src/encrypt/index.js"
        ]),
        "{m:#}"
    );
}

#[test]
fn a_vite_dev_server_serves_its_root_page() {
    // `https://localhost:5173/` is what `vite` serves: the `index.html` of its root, which
    // loads `/src/main.js` as a module.
    let (code, m) = project("vite-app");
    assert_eq!(code, 0, "{m:#}");
    assert_eq!(m["verdict"], "over", "{m:#}");
    assert_eq!(m["required"], "ReadItem");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{m:#}");
    assert_eq!(
        m["entries"][0]["via"],
        "served by Vite (fixtures/projects/vite-app/vite.config.js:1)"
    );
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        files,
        [
            "fixtures/projects/vite-app/index.html",
            "fixtures/projects/vite-app/src/main.js",
            "fixtures/projects/vite-app/src/time.js",
        ]
    );
}
