//! Property tests: any bytes as a manifest, a script or a page give a result or a clear error,
//! never a panic; token soups reach deeper into the parsers than random bytes do.

use std::path::Path;

use proptest::prelude::*;

use crate::settings::Limits;
use crate::source::SourceKind;

const JS_TOKENS: &[&str] = &[
    "Office",
    ".",
    "context",
    "mailbox",
    "item",
    "body",
    "setAsync",
    "getAsync",
    "subject",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "=",
    "const x",
    "let y",
    "x",
    "y",
    ";",
    ",",
    "\"",
    "'",
    "`",
    "${",
    "?.",
    "=>",
    "!",
    "typeof",
    "if",
    "else",
    " ",
    "\n",
    "as Office.MessageRead",
    "window",
    "function f",
    "return",
    "makeEwsRequestAsync",
    "\"<soap:Body><m:GetItem/>\"",
    "+",
    "isSetSupported",
    "\"Mailbox\"",
    "\"1.8\"",
    "requirements",
    "// audit-ignore TIER001: x\n",
    "/*",
    "*/",
    "#",
    "\u{FEFF}",
    "é",
    "\r\n",
];

/// Statements of module code (most parse), for the import lexer against the parser: every
/// way of loading a module, beside the look-alikes a lexer could take for one.
const MODULE_STATEMENTS: &[&str] = &[
    "import a from \"./a\";\n",
    "import { b as c, d } from './b.js';\n",
    "import * as ns from \"./ns\";\n",
    "import \"./side.css\";\n",
    "import type { T } from \"./types\";\n",
    "import from from './from';\n",
    "const m = await import(\"./m\");\n",
    "const r = require('./r');\n",
    "export const e = 1;\n",
    "export function f() { return /re[/]x/.test(s); }\n",
    "export default class {}\n",
    "// import \"./commented\"\n",
    "// a comment that ends with a full stop.\n",
    "/* require(\"./commented\") */\n",
    "const s = \"import './in-a-string'\";\n",
    "const t = `${a}/page.html ${\"}\"} ${`import(\"./nested\")`}`;\n",
    "const re = /import \"x\"[/]/g;\n",
    "const q = a / b / c;\n",
    "if (x) { y(); } else { z(); }\n",
    "obj.import(\"./member\"); obj.require(\"./member\");\n",
    "location.href = 'next.html';\n",
    "const u = '</script>' + \"a\\\"b\";\n",
    "label: for (const i of [1, 2]) { continue label; }\n",
    "x = y\n/re/g.test(z);\n",
];

const XML_TOKENS: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<OfficeApp xmlns:xsi=\"x\" xsi:type=\"MailApp\">",
    "</OfficeApp>",
    "<Permissions>",
    "</Permissions>",
    "ReadItem",
    "ReadWriteMailbox",
    "<Rule xsi:type=\"",
    "ItemHasKnownEntity",
    "\" EntityType=\"Url\"/>",
    "<Rule xsi:type=\"RuleCollection\">",
    "</Rule>",
    "<!DOCTYPE a [<!ENTITY e \"x\">]>",
    "&e;",
    "&amp;",
    "&#x41;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?bash $ip ?>",
    "<Set Name=\"Mailbox\" MinVersion=\"1.",
    "\"/>",
    "<",
    ">",
    "/",
    "\"",
    " ",
    "\n",
    "<bt:Url id=\"u\" DefaultValue=\"https://a/b.html\"/>",
    "<FunctionFile resid=\"u\"/>",
    "<ExtendedPermission>AppendOnSend</ExtendedPermission>",
];

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"manifestVersion\"",
    "\"1.22\"",
    "\"authorization\"",
    "\"permissions\"",
    "\"resourceSpecific\"",
    "\"name\"",
    "\"MailboxItem.Read.User\"",
    "\"Mailbox.AppendOnSend.User\"",
    "\"extensions\"",
    "\"requirements\"",
    "\"scopes\"",
    "\"mail\"",
    "\"capabilities\"",
    "\"minVersion\"",
    "\"runtimes\"",
    "\"code\"",
    "\"page\"",
    "1",
    "true",
    "null",
    "//",
    "/*",
    "*/",
    " ",
    "\n",
];

fn soup(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(tokens), 0..200).prop_map(|v| v.concat())
}

fn check_source(text: String, kind: SourceKind, name: &str) {
    let f = crate::modules::file::text(Path::new(name), text, false, kind, &Limits::default());
    for u in &f.facts.uses {
        assert!(u.span.end as usize <= f.source.text.len());
        let _ = f.location(u.span);
    }
}

fn check_manifest(bytes: &[u8], name: &str) {
    match crate::manifest::parse(Path::new(name), bytes) {
        Ok(_) => {}
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with(name) && msg.len() > name.len() + 2, "{msg}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_manifest(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_manifest(&bytes, "m.xml");
    }

    #[test]
    fn xml_soup_as_a_manifest(text in soup(XML_TOKENS)) {
        check_manifest(text.as_bytes(), "m.xml");
    }

    #[test]
    fn json_soup_as_a_manifest(text in soup(JSON_TOKENS)) {
        check_manifest(text.as_bytes(), "m.json");
    }

    #[test]
    fn any_bytes_as_a_source(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let (text, _) = crate::source::decode(&bytes);
        check_source(format!("Office.{text}"), SourceKind::Script, "a.ts");
    }

    #[test]
    fn the_import_lexer_agrees_with_the_parser(text in soup(MODULE_STATEMENTS)) {
        crate::scan::quick::agrees(&text);
    }

    #[test]
    fn js_soup_as_scripts_and_pages(text in soup(JS_TOKENS)) {
        check_source(text.clone(), SourceKind::Script, "a.js");
        check_source(text.clone(), SourceKind::Script, "a.tsx");
        check_source(format!("<script>{text}</script><script type=\"module\">{text}"), SourceKind::Page, "a.html");
        for b in crate::html::scripts(&text).blocks {
            assert!(text.get(b.start..b.end).is_some());
        }
        // The import lexer agrees with the parser whenever both answer.
        crate::scan::quick::agrees(&text);
    }

    #[test]
    fn csharp_soup_as_a_bundle_config(text in soup(CSHARP_TOKENS)) {
        // Any text: an answer, never a panic or a hang.
        let _ = crate::project::bundles::read(&text);
        let _ = crate::html::scripts(&format!("<p>@Scripts.Render({text})</p>"));
    }
}

const CSHARP_TOKENS: &[&str] = &[
    "bundles.Add(",
    "new ",
    "ScriptBundle",
    "(",
    ")",
    ".Include(",
    ".IncludeDirectory(",
    "\"~/bundles/a\"",
    "\"~/Scripts/*.js\"",
    "@\"~/x\"\"y\"",
    "$\"{x}\"",
    "\"",
    "@",
    "'a'",
    "'\\",
    ",",
    ";",
    "=",
    "true",
    "//",
    "/*",
    "*/",
    "#if DEBUG\n",
    " ",
    "\n",
    "\\",
];
