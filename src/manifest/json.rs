//! The unified manifest for Microsoft 365 (JSON).
//!
//! Parsed with `jsonc-parser`, which keeps the byte range of every value; strict JSON except
//! that comments are tolerated.

use jsonc_parser::ast::{Array, Object, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::{
    ActivationRule, Format, LaunchEvent, Loaded, Manifest, ManifestError, Problem, Spanned,
    Supplementary,
};
use crate::finding::Severity;
use crate::kb::{modes, overrides};
use crate::source::{SourceText, Span};
use crate::tiers::Tier;

fn span(r: jsonc_parser::common::Range) -> Span {
    Span::new(
        u32::try_from(r.start).unwrap_or(u32::MAX),
        u32::try_from(r.end).unwrap_or(u32::MAX),
    )
}

fn objects<'a, 'b>(arr: Option<&'b Array<'a>>) -> impl Iterator<Item = &'b Object<'a>> {
    arr.into_iter()
        .flat_map(|a| a.elements.iter())
        .filter_map(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        })
}

/// What to delete to remove one entry of an array: the entry and the comma after it (or,
/// for the last, the comma before it); an only entry with its line when alone on it.
fn entry_removal(arr: Option<&Array<'_>>, entry: jsonc_parser::common::Range, text: &str) -> Span {
    let elements = arr.map_or(&[][..], |a| a.elements.as_slice());
    let ranges: Vec<jsonc_parser::common::Range> = elements.iter().map(value_range).collect();
    let Some(k) = ranges.iter().position(|r| r.start == entry.start) else {
        return span(entry);
    };
    match (
        k.checked_sub(1).and_then(|i| ranges.get(i)),
        ranges.get(k + 1),
    ) {
        (_, Some(next)) => Span::new(span(entry).start, span(*next).start),
        (Some(prev), None) => Span::new(span(*prev).end, span(entry).end),
        (None, None) => super::whole_lines(text, span(entry)),
    }
}

fn strings<'a, 'b>(
    arr: Option<&'b Array<'a>>,
) -> impl Iterator<Item = &'b jsonc_parser::ast::StringLit<'a>> {
    arr.into_iter()
        .flat_map(|a| a.elements.iter())
        .filter_map(|v| match v {
            Value::StringLit(s) => Some(s),
            _ => None,
        })
}

/// A unified-manifest `ribbons[].contexts` or `autoRunEvents[].events[].type` value's modes.
fn context_modes(ctx: &str) -> u8 {
    let l = ctx.to_ascii_lowercase();
    let appointment = l.contains("meeting") || l.contains("appointment");
    let read = l.contains("read") || l.contains("attendee");
    match (appointment, read) {
        (true, true) => modes::APPOINTMENT_ATTENDEE,
        (true, false) => modes::APPOINTMENT_ORGANIZER,
        (false, true) => modes::MESSAGE_READ,
        (false, false) => modes::MESSAGE_COMPOSE,
    }
}

/// Parses the manifest's JSON: strictly, or, failing that, with comments and trailing commas
/// (noted as MAN005 at the first offence).
fn read_json<'t>(
    source: &'t SourceText,
    problems: &mut Vec<Problem>,
) -> Result<jsonc_parser::ParseResult<'t>, ManifestError> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    // Teams Toolkit and hand edits leave comments and trailing commas; Microsoft's tools read
    // them. Such a manifest is audited, with a note at the first offence; only structure that
    // cannot be read at all is an error.
    let lenient = ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        ..strict.clone()
    };
    let collect = CollectOptions::default();
    let parsed = match parse_to_ast(&source.text, &collect, &strict) {
        Ok(p) => p,
        Err(first) => {
            let p = parse_to_ast(&source.text, &collect, &lenient).map_err(|e| {
                ManifestError::at(
                    source,
                    Some(u32::try_from(e.range().start).unwrap_or(0)),
                    format!("malformed JSON: {}", e.kind()),
                )
            })?;
            let at = u32::try_from(first.range().start).unwrap_or(0);
            problems.push(Problem {
                code: "MAN005",
                severity: Severity::Note,
                message: format!("not strict JSON: {} (read anyway)", first.kind()),
                span: Span::new(at, at),
                help: Some(
                    "remove comments and trailing commas: the Microsoft 365 app manifest schema is JSON, and stricter tools (Partner Center, JSON schema validators) reject them".to_owned(),
                ),
            });
            p
        }
    };
    Ok(parsed)
}

pub(super) fn parse(source: SourceText) -> Result<Loaded, ManifestError> {
    let mut problems = Vec::new();
    let parsed = read_json(&source, &mut problems)?;
    let Some(Value::Object(root)) = parsed.value else {
        return Err(ManifestError::at(
            &source,
            Some(0),
            "expected a JSON object (the unified manifest) at the top level",
        ));
    };
    if root.get("manifestVersion").is_none() {
        return Ok(Loaded::NotManifest {
            why: "a JSON file without `manifestVersion` is not a unified manifest".to_owned(),
        });
    }
    let expect_type = |value: &Value<'_>, what: &str, path: &str| -> ManifestError {
        ManifestError::at(
            &source,
            Some(span(value_range(value)).start),
            format!("`{path}` must be {what}"),
        )
    };

    let extensions = match root.get("extensions").map(|p| &p.value) {
        Some(Value::Array(a)) => Some(a),
        Some(other) => return Err(expect_type(other, "an array", "extensions")),
        None => None,
    };
    let rsc = root
        .get_object("authorization")
        .and_then(|a| a.get_object("permissions"))
        .and_then(|p| p.get("resourceSpecific"));
    let rsc = match rsc.map(|p| &p.value) {
        Some(Value::Array(a)) => Some(a),
        Some(other) => {
            return Err(expect_type(
                other,
                "an array",
                "authorization.permissions.resourceSpecific",
            ));
        }
        None => None,
    };

    // Is this an Outlook add-in? A mail scope, or any mailbox permission.
    let mail_scope = objects(extensions).any(|ext| {
        strings(
            ext.get_object("requirements")
                .and_then(|r| r.get_array("scopes")),
        )
        .any(|s| s.value == "mail")
    });
    let mailbox_permission = objects(rsc).any(|p| {
        p.get_string("name")
            .is_some_and(|n| n.value.starts_with("Mailbox"))
    });
    if !mail_scope && !mailbox_permission {
        return Ok(Loaded::OtherHost {
            kind: "a unified manifest without the `mail` scope or mailbox permissions".to_owned(),
        });
    }

    let name = root
        .get_object("name")
        .and_then(|n| n.get_string("short"))
        .map(|s| s.value.to_string());

    let ov = overrides::get();
    let mut declared = Tier::Restricted;
    let mut declared_span = rsc.map_or_else(|| span(root.range), |a| span(a.range));
    let mut declared_explicitly = false;
    let mut supplementary = Vec::new();
    for p in objects(rsc) {
        let Some(n) = p.get_string("name") else {
            return Err(ManifestError::at(
                &source,
                Some(span(p.range).start),
                "each `authorization.permissions.resourceSpecific` entry needs a string `name`",
            ));
        };
        let s = span(n.range);
        if let Some(t) = Tier::from_json_name(&n.value) {
            if declared_explicitly {
                let (line, col) = source.line_col(declared_span.start);
                problems.push(Problem {
                    code: "MAN007",
                    severity: Severity::Error,
                    message: format!(
                        "a second permission tier `{}` (another is at {line}:{col}): a manifest declares one tier",
                        n.value
                    ),
                    span: s,
                    help: Some("keep only the tier the add-in needs".to_owned()),
                });
            }
            if !declared_explicitly || t > declared {
                declared = t;
                declared_span = s;
            }
            declared_explicitly = true;
        } else if let Some(sup) = ov.supplementary_by_json(&n.value) {
            supplementary.push(Supplementary {
                value: sup.name.clone(),
                span: s,
                declaration: entry_removal(rsc, p.range, &source.text),
            });
        } else {
            problems.push(Problem {
                code: "MAN001",
                severity: Severity::Warning,
                message: format!("unknown permission name `{}`", n.value),
                span: s,
                help: Some(format!(
                    "Outlook knows {}, {}, {}, {} and the supplementary {}",
                    Tier::Restricted.json_name(),
                    Tier::ReadItem.json_name(),
                    Tier::ReadWriteItem.json_name(),
                    Tier::ReadWriteMailbox.json_name(),
                    ov.supplementary
                        .iter()
                        .flat_map(|s| s.json.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
        }
    }

    let Parts {
        urls,
        mut handlers,
        mailbox_sets,
        mode_bits,
        rules,
        launch_events,
    } = parts(extensions, &mut problems);
    handlers.sort_by(|a, b| a.value.cmp(&b.value).then(a.span.cmp(&b.span)));
    handlers.dedup_by(|a, b| a.value == b.value);

    Ok(Loaded::Outlook(Box::new(Manifest {
        format: Format::Json,
        id: root.get_string("id").map(|s| Spanned {
            value: s.value.to_string(),
            span: span(s.range),
        }),
        name,
        provider: root
            .get_object("developer")
            .and_then(|d| d.get_string("name"))
            .map(|s| s.value.to_string()),
        version: root.get_string("version").map(|s| s.value.to_string()),
        declared,
        declared_span,
        declared_explicitly,
        activation_rules: rules,
        supplementary,
        modes: modes::or_all(mode_bits),
        named_modes: mode_bits,
        urls,
        handlers,
        mailbox_sets,
        sso_scopes: None,
        app_domains: match root.get("validDomains").map(|p| &p.value) {
            Some(Value::Array(a)) => a
                .elements
                .iter()
                .filter_map(|v| match v {
                    Value::StringLit(s) => Some(s.value.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        launch_events,
        problems,
        source,
    })))
}

/// What the manifest's `extensions` say.
#[derive(Default)]
struct Parts {
    urls: Vec<Spanned>,
    handlers: Vec<Spanned>,
    mailbox_sets: Vec<(u8, Span)>,
    mode_bits: u8,
    rules: Vec<ActivationRule>,
    launch_events: Vec<LaunchEvent>,
}

/// Reads `extensions`: code URLs, handlers, requirement sets, modes, multi-select, launch
/// events, and the problems of their requirements and send modes.
fn parts(extensions: Option<&Array<'_>>, problems: &mut Vec<Problem>) -> Parts {
    let mut p = Parts::default();
    for ext in objects(extensions) {
        // `requirements.capabilities` of the extension and of its parts.
        let parts = ["runtimes", "ribbons", "autoRunEvents", "alternates"];
        let requirements = std::iter::once(ext.get_object("requirements")).chain(
            parts
                .iter()
                .flat_map(|k| objects(ext.get_array(k)))
                .map(|o| o.get_object("requirements")),
        );
        for caps in requirements
            .flatten()
            .filter_map(|r| r.get_array("capabilities"))
        {
            for cap in objects(Some(caps)) {
                if let Some(n) = cap
                    .get_string("name")
                    .filter(|n| n.value == "NestedAppAuth")
                {
                    problems.push(super::xml::nested_app_auth(span(n.range)));
                }
            }
        }
        for rt in objects(ext.get_array("runtimes")) {
            for action in objects(rt.get_array("actions")) {
                if let Some(id) = action.get_string("id") {
                    p.handlers.push(Spanned {
                        value: id.value.to_string(),
                        span: span(id.range),
                    });
                }
                if let Some(Value::BooleanLit(b)) = action.get("multiselect").map(|p| &p.value)
                    && b.value
                {
                    p.rules.push(ActivationRule {
                        kind: "SupportsMultiSelect".to_owned(),
                        entity: None,
                        span: span(b.range),
                    });
                }
            }
            if let Some(code) = rt.get_object("code") {
                for key in ["page", "script"] {
                    if let Some(s) = code.get_string(key) {
                        p.urls.push(Spanned {
                            value: s.value.to_string(),
                            span: span(s.range),
                        });
                    }
                }
            }
        }
        let caps = ext
            .get_object("requirements")
            .and_then(|r| r.get_array("capabilities"));
        for cap in objects(caps) {
            if cap.get_string("name").is_some_and(|n| n.value == "Mailbox")
                && let Some(v) = cap.get_string("minVersion")
                && let Some(minor) = super::xml::mailbox_minor(&v.value)
            {
                p.mailbox_sets.push((minor, span(v.range)));
            }
        }
        for ribbon in objects(ext.get_array("ribbons")) {
            for c in strings(ribbon.get_array("contexts")) {
                p.mode_bits |= context_modes(&c.value);
            }
        }
        for are in objects(ext.get_array("autoRunEvents")) {
            for ev in objects(are.get_array("events")) {
                if let Some(t) = ev.get_string("type") {
                    p.mode_bits |= context_modes(&t.value);
                    p.launch_events.push(LaunchEvent {
                        kind: Spanned {
                            value: t.value.to_string(),
                            span: span(t.range),
                        },
                        handler: ev.get_string("actionId").map(|a| a.value.to_string()),
                    });
                }
                if let Some(m) = ev
                    .get_object("options")
                    .and_then(|o| o.get_string("sendMode"))
                    .filter(|m| m.value.eq_ignore_ascii_case("block"))
                {
                    problems.push(super::xml::send_mode_block(span(m.range)));
                }
                if let Some(id) = ev.get_string("actionId") {
                    p.handlers.push(Spanned {
                        value: id.value.to_string(),
                        span: span(id.range),
                    });
                }
            }
        }
    }

    p
}

fn value_range(v: &Value<'_>) -> jsonc_parser::common::Range {
    match v {
        Value::StringLit(x) => x.range,
        Value::NumberLit(x) => x.range,
        Value::BooleanLit(x) => x.range,
        Value::Object(x) => x.range,
        Value::Array(x) => x.range,
        Value::NullKeyword(x) => x.range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text left when the unified manifest's supplementary entry is deleted.
    fn without_supplementary(entries: &str) -> String {
        let text = format!(
            "{{\n  \"manifestVersion\": \"1.22\",\n  \"id\": \"x\",\n  \"authorization\": {{ \"permissions\": {{ \"resourceSpecific\": [\n{entries}\n  ] }} }},\n  \"extensions\": [{{ \"requirements\": {{ \"scopes\": [\"mail\"] }} }}]\n}}\n"
        );
        let Ok(Loaded::Outlook(m)) =
            super::super::parse(std::path::Path::new("m.json"), text.as_bytes())
        else {
            panic!("not an Outlook manifest: {text}");
        };
        let d = m
            .supplementary
            .first()
            .expect("one supplementary")
            .declaration;
        format!("{}{}", &text[..d.start as usize], &text[d.end as usize..])
    }

    #[test]
    fn removing_an_entry_takes_one_comma_and_no_blank_line() {
        let tier = r#"    { "name": "MailboxItem.Read.User", "type": "Delegated" }"#;
        let sup = r#"    { "name": "Mailbox.AppendOnSend.User", "type": "Delegated" }"#;
        let expected = format!("[\n{tier}\n  ]");
        // First of two: the comma after it goes.
        assert!(without_supplementary(&format!("{sup},\n{tier}")).contains(&expected));
        // Last of two: the comma before it goes.
        assert!(without_supplementary(&format!("{tier},\n{sup}")).contains(&expected));
        // Alone: its line goes.
        assert!(without_supplementary(sup).contains("[\n  ]"));
    }
}
