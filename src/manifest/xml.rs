//! The XML add-in manifest (`<OfficeApp xsi:type="MailApp">`).
//!
//! quick-xml reads events; we build a small element tree that keeps the span of every
//! element, attribute value and text, then query it. Entities other than the five predefined
//! ones and character references are never expanded (no DTD expansion, nothing fetched).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{
    ActivationRule, Format, LaunchEvent, Loaded, Manifest, ManifestError, Problem, Spanned,
    Supplementary,
};
use crate::finding::Severity;
use crate::kb::modes;
use crate::source::{SourceText, Span};
use crate::tiers::Tier;

/// Nesting deeper than this is not a manifest (and would only cost memory).
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
struct Attr {
    name: String,
    value: String,
    span: Span,
}

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<Attr>,
    text: String,
    text_span: Option<Span>,
    span: Span,
    /// Where its end tag ends (its start tag's end for an empty element).
    end: u32,
    children: Vec<usize>,
}

impl Element {
    /// The whole element, start tag to end tag.
    fn outer(&self) -> Span {
        Span::new(self.span.start, self.end.max(self.span.end))
    }

    fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

struct Tree {
    elements: Vec<Element>,
}

impl Tree {
    fn children<'t>(&'t self, el: &'t Element) -> impl Iterator<Item = &'t Element> + 't {
        el.children.iter().filter_map(|&i| self.elements.get(i))
    }
    fn named<'t>(&'t self, name: &'t str) -> impl Iterator<Item = &'t Element> + 't {
        self.elements.iter().filter(move |e| e.name == name)
    }
}

fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name, |(_, l)| l).to_owned()
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Finds the span of attribute `raw_key`'s value inside the tag text starting at `tag_start`.
fn attr_value_span(text: &str, tag: Span, raw_key: &str) -> Option<Span> {
    let tag_text = text.get(tag.start as usize..tag.end as usize)?;
    let mut from = 0;
    while let Some(i) = tag_text.get(from..)?.find(raw_key) {
        let at = from + i;
        let before_ok = tag_text[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag_text[at + raw_key.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let after_eq = rest[1..].trim_start();
            let quote = after_eq.chars().next()?;
            let value_start = tag_text.len() - after_eq.len() + 1;
            let len = after_eq[1..].find(quote)?;
            return Some(Span::new(
                tag.start + u32::try_from(value_start).ok()?,
                tag.start + u32::try_from(value_start + len).ok()?,
            ));
        }
        from = at + raw_key.len();
    }
    None
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn build_tree(source: &SourceText) -> Result<Tree, ManifestError> {
    let text = source.text.as_str();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut roots = 0usize;
    let err = |reader: &Reader<&[u8]>, e: quick_xml::Error| {
        ManifestError::at(
            source,
            Some(to_u32(reader.error_position())),
            format!("malformed XML: {e}"),
        )
    };
    loop {
        let before = to_u32(reader.buffer_position());
        let event = reader.read_event().map_err(|e| err(&reader, e))?;
        let after = to_u32(reader.buffer_position());
        let span = Span::new(before, after);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let el = element(source, e, span)?;
                let idx = elements.len();
                elements.push(el);
                if let Some(&parent) = stack.last() {
                    if let Some(p) = elements.get_mut(parent) {
                        p.children.push(idx);
                    }
                } else {
                    roots += 1;
                    if roots > 1 {
                        return Err(ManifestError::at(
                            source,
                            Some(before),
                            "malformed XML: a second root element; a manifest has one <OfficeApp> root",
                        ));
                    }
                }
                if !is_empty {
                    stack.push(idx);
                    if stack.len() > MAX_DEPTH {
                        return Err(ManifestError::at(
                            source,
                            Some(before),
                            format!(
                                "elements nest deeper than {MAX_DEPTH} levels; this is not an add-in manifest"
                            ),
                        ));
                    }
                }
            }
            Event::End(_) => {
                if let Some(el) = stack.pop().and_then(|i| elements.get_mut(i)) {
                    el.end = after;
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                push_text(&mut elements, &stack, &content, span, text);
            }
            Event::CData(t) => {
                let content = t.xml10_content().into_owned();
                push_text(&mut elements, &stack, &content, span, text);
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    predefined_entity(&name)
                };
                // Unknown entities are kept literally, never expanded.
                let s = ch.map_or_else(|| format!("&{name};"), String::from);
                push_text(&mut elements, &stack, &s, span, text);
            }
            Event::Eof => {
                if let Some(&open) = stack.last() {
                    let name = elements.get(open).map_or("?", |e| e.name.as_str());
                    let at = elements.get(open).map(|e| e.span.start);
                    return Err(ManifestError::at(
                        source,
                        at,
                        format!("malformed XML: the file ends before <{name}> is closed"),
                    ));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if elements.is_empty() {
        return Err(ManifestError::at(
            source,
            None,
            "no XML element found; expected an <OfficeApp> manifest",
        ));
    }
    Ok(Tree { elements })
}

fn push_text(elements: &mut [Element], stack: &[usize], content: &str, span: Span, text: &str) {
    let Some(el) = stack.last().and_then(|&i| elements.get_mut(i)) else {
        return;
    };
    el.text.push_str(content);
    // The trimmed extent of the raw text, for positions.
    let raw = text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    if raw.trim().is_empty() {
        return;
    }
    let s = Span::new(
        span.start + u32::try_from(lead).unwrap_or(0),
        span.end - u32::try_from(trail).unwrap_or(0),
    );
    el.text_span = Some(match el.text_span {
        Some(prev) => Span::new(prev.start, s.end),
        None => s,
    });
}

fn element(source: &SourceText, e: &BytesStart<'_>, span: Span) -> Result<Element, ManifestError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| {
            ManifestError::at(
                source,
                Some(span.start),
                format!("malformed XML attribute: {err}"),
            )
        })?;
        let raw_key: String = a.key.as_ref().to_owned();
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_or_else(
            |_| a.value.clone().into_owned(),
            std::borrow::Cow::into_owned,
        );
        let vspan = attr_value_span(&source.text, span, &raw_key).unwrap_or(span);
        attrs.push(Attr {
            name: local(&raw_key),
            value,
            span: vspan,
        });
    }
    Ok(Element {
        name: local(e.name().as_ref()),
        attrs,
        text: String::new(),
        text_span: None,
        span,
        end: span.end,
        children: Vec::new(),
    })
}

/// The modes an extension point, form or launch event activates in.
fn extension_point_modes(kind: &str) -> u8 {
    match kind {
        "MessageReadCommandSurface" | "MobileMessageReadCommandSurface" => modes::MESSAGE_READ,
        "MessageComposeCommandSurface" => modes::MESSAGE_COMPOSE,
        "AppointmentAttendeeCommandSurface" | "MobileLogEventAppointmentAttendee" => {
            modes::APPOINTMENT_ATTENDEE
        }
        "AppointmentOrganizerCommandSurface" | "MobileOnlineMeetingCommandSurface" => {
            modes::APPOINTMENT_ORGANIZER
        }
        "DetectedEntity" => modes::READ,
        "Events" => modes::COMPOSE,
        "Module" => modes::ALL,
        _ => 0,
    }
}

fn launch_event_modes(kind: &str) -> u8 {
    let appointment = kind.contains("Appointment");
    let read = kind.contains("Read");
    match (appointment, read) {
        (true, true) => modes::APPOINTMENT_ATTENDEE,
        (true, false) => modes::APPOINTMENT_ORGANIZER,
        (false, true) => modes::MESSAGE_READ,
        (false, false) => modes::MESSAGE_COMPOSE,
    }
}

fn item_is_modes(form: Option<&str>, item: Option<&str>) -> u8 {
    let forms = match form {
        Some("Read") => modes::READ,
        Some("Edit") => modes::COMPOSE,
        _ => modes::ALL,
    };
    let items = match item {
        Some("Message") => modes::MESSAGE_READ | modes::MESSAGE_COMPOSE,
        Some("Appointment") => modes::APPOINTMENT_ATTENDEE | modes::APPOINTMENT_ORGANIZER,
        _ => modes::ALL,
    };
    forms & items
}

/// The declared tier from `<Permissions>`: (tier, span, declared at all). Exactly one is
/// allowed (a second makes the manifest invalid: MAN007); the first counts.
fn permissions(
    tree: &Tree,
    root: &Element,
    source: &SourceText,
    problems: &mut Vec<Problem>,
) -> Result<(Tier, Span, bool), ManifestError> {
    let mut perms = tree.children(root).filter(|e| e.name == "Permissions");
    let perm = perms.next();
    for extra in perms {
        let (line, col) = perm.map_or((0, 0), |p| {
            source.line_col(p.text_span.unwrap_or(p.span).start)
        });
        problems.push(Problem {
            code: "MAN007",
            severity: Severity::Error,
            message: format!(
                "a second <Permissions> element (the first is at {line}:{col}): a manifest may declare one tier, and Outlook refuses to install one with two"
            ),
            span: extra.text_span.unwrap_or(extra.span),
            help: Some("keep one <Permissions> element".to_owned()),
        });
    }
    Ok(match perm {
        Some(p) => {
            let value = p.text.trim();
            let span = p.text_span.unwrap_or(p.span);
            let tier: Tier = value.parse().map_err(|_| {
                let hint = Tier::ALL
                    .iter()
                    .find(|t| t.as_str().eq_ignore_ascii_case(value))
                    .map_or(String::new(), |t| format!(" (did you mean `{t}`? the value is case-sensitive)"));
                ManifestError::at(
                    source,
                    Some(span.start),
                    format!(
                        "invalid <Permissions> value `{value}`; expected one of Restricted, ReadItem, ReadWriteItem, ReadWriteMailbox{hint}"
                    ),
                )
            })?;
            (tier, span, true)
        }
        None => (Tier::Restricted, root.span, false),
    })
}

/// The supplementary permissions declared (`<ExtendedPermission>`, `<SupportsSharedFolders>`),
/// each with what deleting its declaration takes.
fn supplementary(
    tree: &Tree,
    source: &SourceText,
    problems: &mut Vec<Problem>,
) -> Vec<Supplementary> {
    let mut supplementary = Vec::new();
    for (i, ep) in tree.elements.iter().enumerate() {
        if ep.name != "ExtendedPermission" {
            continue;
        }
        if ep.text.trim() == "PrependOnSend" {
            problems.push(Problem {
                code: "MAN008",
                severity: Severity::Error,
                message: "`PrependOnSend` is not an extended permission: it was removed, and `AppendOnSend` now covers prependOnSendAsync too".to_owned(),
                span: ep.text_span.unwrap_or(ep.span),
                help: Some("declare <ExtendedPermission>AppendOnSend</ExtendedPermission> instead".to_owned()),
            });
            continue;
        }
        // The only child of <ExtendedPermissions>: the parent goes with it.
        let parent = tree
            .elements
            .iter()
            .find(|p| p.children.contains(&i))
            .filter(|p| p.name == "ExtendedPermissions" && p.children.len() == 1);
        supplementary.push(Supplementary {
            value: ep.text.trim().to_owned(),
            span: ep.text_span.unwrap_or(ep.span),
            declaration: super::whole_lines(&source.text, parent.unwrap_or(ep).outer()),
        });
    }
    for sf in tree.named("SupportsSharedFolders") {
        if sf.text.trim().eq_ignore_ascii_case("true") {
            supplementary.push(Supplementary {
                value: "SharedFolders".to_owned(),
                span: sf.text_span.unwrap_or(sf.span),
                declaration: super::whole_lines(&source.text, sf.outer()),
            });
        }
    }
    supplementary
}

/// The trimmed text of an element's first child of that name, when it has any.
fn child_text(tree: &Tree, el: &Element, name: &str) -> Option<String> {
    tree.children(el)
        .find(|e| e.name == name)
        .map(|e| e.text.trim().to_owned())
        .filter(|t| !t.is_empty())
}

pub(super) fn parse(source: SourceText) -> Result<Loaded, ManifestError> {
    let tree = build_tree(&source)?;
    let Some(root) = tree.elements.first() else {
        return Err(ManifestError::at(&source, None, "no root element"));
    };
    if root.name != "OfficeApp" {
        return Ok(Loaded::NotManifest {
            why: format!("the root element is <{}>, not <OfficeApp>", root.name),
        });
    }
    let app_type = root
        .attr("type")
        .map(|a| a.value.clone())
        .unwrap_or_default();
    if app_type != "MailApp" {
        return Ok(Loaded::OtherHost {
            kind: if app_type.is_empty() {
                "an <OfficeApp> without xsi:type".to_owned()
            } else {
                app_type
            },
        });
    }

    let name = tree
        .children(root)
        .find(|e| e.name == "DisplayName")
        .and_then(|e| e.attr("DefaultValue"))
        .map(|a| a.value.clone());

    let provider = child_text(&tree, root, "ProviderName");
    let version = child_text(&tree, root, "Version");

    let mut problems = Vec::new();
    let id = tree
        .children(root)
        .find(|e| e.name == "Id")
        .map(|e| Spanned {
            value: e.text.trim().to_owned(),
            span: e.text_span.unwrap_or(e.span),
        });

    let (declared, declared_span, declared_explicitly) =
        permissions(&tree, root, &source, &mut problems)?;

    // The forms the add-in has: an `ItemIs` rule activates only in those. A schema-1.0 mail
    // app (`DesktopSettings` with no `FormSettings`) has read forms only.
    let mut form_bits = 0u8;
    for f in tree.named("Form") {
        form_bits |= match f.attr("type").map(|a| a.value.as_str()) {
            Some("ItemRead") => modes::READ,
            Some("ItemEdit") => modes::COMPOSE,
            _ => 0,
        };
    }
    let rule_forms = if form_bits != 0 {
        form_bits
    } else if tree.named("FormSettings").next().is_none()
        && tree.named("DesktopSettings").next().is_some()
    {
        modes::READ
    } else {
        modes::ALL
    };

    // Activation rules, at any nesting.
    let mut rules = Vec::new();
    let mut mode_bits = 0u8;
    for r in tree.named("Rule") {
        let kind = r.attr("type").map(|a| a.value.clone()).unwrap_or_default();
        if kind == "ItemIs" {
            mode_bits |= item_is_modes(
                r.attr("FormType").map(|a| a.value.as_str()),
                r.attr("ItemType").map(|a| a.value.as_str()),
            ) & rule_forms;
        }
        rules.push(ActivationRule {
            entity: r.attr("EntityType").map(|a| a.value.clone()),
            kind,
            span: r.span,
        });
    }
    rules.extend(multi_select(&tree));
    for ep in tree.named("ExtensionPoint") {
        mode_bits |= extension_point_modes(ep.attr("type").map_or("", |a| a.value.as_str()));
    }
    for le in tree.named("LaunchEvent") {
        mode_bits |= launch_event_modes(le.attr("Type").map_or("", |a| a.value.as_str()));
    }
    let named_modes = mode_bits;
    mode_bits |= form_bits;

    let launch_events = launch_events(&tree, &source, &mut problems);
    problems.extend(
        tree.named("Set")
            .filter_map(|set| set.attr("Name").filter(|n| n.value == "NestedAppAuth"))
            .map(|n| nested_app_auth(n.span)),
    );

    let supplementary = supplementary(&tree, &source, &mut problems);

    // Source URLs: direct ones and `resid` references resolved through <bt:Urls>.
    let url_ids: Vec<(&str, &Attr)> = tree
        .named("Url")
        .filter_map(|u| Some((u.attr("id")?.value.as_str(), u.attr("DefaultValue")?)))
        .collect();
    let mut urls = Vec::new();
    for el in &tree.elements {
        let is_source = matches!(
            el.name.as_str(),
            "SourceLocation" | "FunctionFile" | "Runtime" | "Override" | "Script"
        );
        if !is_source {
            continue;
        }
        if el.name == "Override" && el.attr("type").is_some_and(|t| t.value != "javascript") {
            continue;
        }
        if let Some(v) = el.attr("DefaultValue") {
            urls.push(Spanned {
                value: v.value.clone(),
                span: v.span,
            });
        }
        if let Some(resid) = el.attr("resid")
            && let Some((_, v)) = url_ids.iter().find(|(id, _)| *id == resid.value)
        {
            urls.push(Spanned {
                value: v.value.clone(),
                span: v.span,
            });
        }
    }
    urls.sort_by(|a, b| a.value.cmp(&b.value).then(a.span.cmp(&b.span)));
    urls.dedup_by(|a, b| a.value == b.value);

    // Handlers Outlook invokes by name.
    let mut handlers = Vec::new();
    for f in tree.named("FunctionName") {
        if !f.text.trim().is_empty() {
            handlers.push(Spanned {
                value: f.text.trim().to_owned(),
                span: f.text_span.unwrap_or(f.span),
            });
        }
    }
    for el in tree.named("LaunchEvent").chain(tree.named("Event")) {
        if let Some(a) = el.attr("FunctionName") {
            handlers.push(Spanned {
                value: a.value.trim().to_owned(),
                span: a.span,
            });
        }
    }
    handlers.sort_by(|a, b| a.value.cmp(&b.value).then(a.span.cmp(&b.span)));
    handlers.dedup_by(|a, b| a.value == b.value);

    // Requirement sets: <Set Name="Mailbox" MinVersion="1.x"/>, with <Sets DefaultMinVersion>.
    let mut mailbox_sets = Vec::new();
    for sets in tree.named("Sets") {
        let default = sets.attr("DefaultMinVersion");
        for s in tree.children(sets).filter(|c| c.name == "Set") {
            if s.attr("Name").is_none_or(|n| n.value != "Mailbox") {
                continue;
            }
            let v = s.attr("MinVersion").or(default);
            if let Some(minor) = v.and_then(|v| mailbox_minor(&v.value)) {
                mailbox_sets.push((minor, v.map_or(s.span, |v| v.span)));
            }
        }
    }

    Ok(Loaded::Outlook(Box::new(Manifest {
        format: Format::Xml,
        id,
        name,
        provider,
        version,
        declared,
        declared_span,
        declared_explicitly,
        activation_rules: rules,
        supplementary,
        modes: modes::or_all(mode_bits),
        named_modes,
        urls,
        handlers,
        mailbox_sets,
        sso_scopes: sso_scopes(&tree),
        app_domains: tree
            .named("AppDomain")
            .map(|d| d.text.trim().to_owned())
            .filter(|d| !d.is_empty())
            .collect(),
        launch_events,
        problems,
        source,
    })))
}

/// Multi-select (`<SupportsMultiSelect>true</SupportsMultiSelect>` on an action) needs a tier
/// of its own: counted as an activation rule.
fn multi_select(tree: &Tree) -> impl Iterator<Item = ActivationRule> + '_ {
    tree.named("SupportsMultiSelect")
        .filter(|ms| ms.text.trim().eq_ignore_ascii_case("true"))
        .map(|ms| ActivationRule {
            kind: "SupportsMultiSelect".to_owned(),
            entity: None,
            span: ms.text_span.unwrap_or(ms.span),
        })
}

/// `<WebApplicationInfo><Scopes><Scope>…` (single sign-on's Graph scopes), if present.
fn sso_scopes(tree: &Tree) -> Option<Vec<Spanned>> {
    let info = tree.named("WebApplicationInfo").next()?;
    let scopes = tree.children(info).find(|c| c.name == "Scopes")?;
    Some(
        tree.children(scopes)
            .filter(|c| c.name == "Scope" && !c.text.trim().is_empty())
            .map(|c| Spanned {
                value: c.text.trim().to_owned(),
                span: c.text_span.unwrap_or(c.span),
            })
            .collect(),
    )
}

/// MAN009: `NestedAppAuth` declared as a requirement.
pub(super) fn nested_app_auth(span: Span) -> Problem {
    Problem {
        code: "MAN009",
        severity: Severity::Warning,
        message: "`NestedAppAuth` is declared as a requirement: Outlook add-in manifests do not support declaring it".to_owned(),
        span,
        help: Some(
            "remove it from the manifest's requirements and check at run time with Office.context.requirements.isSetSupported(\"NestedAppAuth\", \"1.1\")".to_owned(),
        ),
    }
}

/// MAN011: a Smart Alerts event in `Block` send mode.
pub(super) fn send_mode_block(span: Span) -> Problem {
    Problem {
        code: "MAN011",
        severity: Severity::Warning,
        message: "Smart Alerts in `Block` send mode: Microsoft Marketplace accepts only `PromptUser` or `SoftBlock`, so the add-in can only be deployed by an administrator".to_owned(),
        span,
        help: Some(
            "use SoftBlock (or PromptUser) to publish in Marketplace; keep Block only for admin-deployed add-ins".to_owned(),
        ),
    }
}

/// The `<LaunchEvent>`s, and the on-send (`ItemSend`) and send-mode problems of the events.
fn launch_events(
    tree: &Tree,
    source: &SourceText,
    problems: &mut Vec<Problem>,
) -> Vec<LaunchEvent> {
    let mut out = Vec::new();
    for le in tree.named("LaunchEvent") {
        if let Some(t) = le.attr("Type") {
            out.push(LaunchEvent {
                kind: Spanned {
                    value: t.value.trim().to_owned(),
                    span: t.span,
                },
                handler: le.attr("FunctionName").map(|f| f.value.trim().to_owned()),
            });
        }
        if let Some(m) = le.attr("SendMode").filter(|m| m.value.trim() == "Block") {
            problems.push(send_mode_block(m.span));
        }
    }
    let mut first: Option<(u32, u32)> = None;
    for ev in tree.named("Event") {
        let Some(t) = ev.attr("Type").filter(|t| t.value.trim() == "ItemSend") else {
            continue;
        };
        let (severity, message) = match first {
            None => (
                Severity::Warning,
                "an on-send add-in (`ItemSend`): Microsoft Marketplace does not accept it, so it can only be deployed by an administrator, and the unified manifest has no equivalent".to_owned(),
            ),
            Some((line, col)) => (
                Severity::Error,
                format!("a second `ItemSend` event (the first is at {line}:{col}): a manifest may have one"),
            ),
        };
        if first.is_none() {
            first = Some(source.line_col(t.span.start));
        }
        problems.push(Problem {
            code: "MAN010",
            severity,
            message,
            span: t.span,
            help: Some(
                "for Marketplace, use Smart Alerts (the OnMessageSend launch event, Mailbox 1.12) with SoftBlock or PromptUser".to_owned(),
            ),
        });
    }
    out
}

/// `1.8` → 8.
pub(super) fn mailbox_minor(v: &str) -> Option<u8> {
    v.trim().strip_prefix("1.")?.split('.').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_value_spans() {
        let text = r#"<Rule xsi:type="ItemIs" FormType = 'Read'/>"#;
        let tag = Span::new(0, u32::try_from(text.len()).unwrap());
        let s = attr_value_span(text, tag, "FormType").unwrap();
        assert_eq!(&text[s.start as usize..s.end as usize], "Read");
        let s = attr_value_span(text, tag, "xsi:type").unwrap();
        assert_eq!(&text[s.start as usize..s.end as usize], "ItemIs");
    }

    #[test]
    fn mailbox_versions() {
        assert_eq!(mailbox_minor("1.13"), Some(13));
        assert_eq!(mailbox_minor(" 1.1 "), Some(1));
        assert_eq!(mailbox_minor("2.0"), None);
    }
}
