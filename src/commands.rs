//! The knowledge-base commands: `audit apis`, `audit explain`, `audit rules`.
//!
//! Each writes to a writer and returns an error message for bad input; `main.rs` decides
//! where the output goes and what the exit code is.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Value, json};

use crate::kb::{self, Member, ROOT, TierFrom, TierOrigin, overrides};
use crate::rules;
use crate::tiers::Tier;

/// Output formats of `audit apis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// `{"version":1,"apis":[…]}`.
    Json,
}

/// Where a member's tier comes from, for `apis` ([`Member::tier_decision`]).
#[must_use]
pub fn tier_source(m: &Member) -> String {
    match m.tier_decision().origin {
        TierOrigin::Override(f) => format!("override: {}", f.reason),
        TierOrigin::Typings => format!("{} {}", kb::SOURCE_PACKAGE, kb::SOURCE_VERSION),
        TierOrigin::Untiered(Some(r)) => format!("untiered: {r}"),
        TierOrigin::Untiered(None) => "untiered".to_owned(),
    }
}

fn api_json(m: &Member) -> Value {
    json!({
        "api": m.api(),
        "tier": m.effective_tier().map(Tier::as_str),
        "kind": m.kind,
        "type": m.ty,
        "modes": kb::modes::names(m.modes),
        "requirement_set": m.requirement_set(),
        "deprecated": m.deprecated,
        "status": m.status_decision().0,
        "source": tier_source(m),
    })
}

/// `audit apis`: the whole table.
///
/// # Errors
/// When writing fails.
pub fn apis(w: &mut dyn Write, format: ListFormat) -> io::Result<()> {
    match format {
        ListFormat::Json => {
            let apis: Vec<Value> = kb::MEMBERS.iter().map(api_json).collect();
            serde_json::to_writer_pretty(&mut *w, &json!({"version": 1, "apis": apis}))?;
            writeln!(w)
        }
        ListFormat::Table => {
            let mut t = Table::new();
            t.load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(["API", "Tier", "Kind", "Modes", "Set", "Source"]);
            for m in kb::MEMBERS {
                let modes = if m.modes == kb::modes::ALL {
                    "all".to_owned()
                } else {
                    kb::modes::names(m.modes).join(", ")
                };
                let mut source = tier_source(m);
                if source.len() > 60 {
                    source = format!("{}…", source.chars().take(59).collect::<String>());
                }
                t.add_row([
                    m.api(),
                    m.effective_tier().map_or("-".to_owned(), |t| t.to_string()),
                    format!("{:?}", m.kind).to_lowercase(),
                    modes,
                    m.requirement_set(),
                    source,
                ]);
            }
            writeln!(w, "{t}")?;
            writeln!(
                w,
                "{} APIs from {} {}; `audit explain <API>` shows the sources of one.",
                kb::MEMBERS.len(),
                kb::SOURCE_PACKAGE,
                kb::SOURCE_VERSION
            )
        }
    }
}

/// The members a query names: `Office.Body.setAsync`, `Body.setAsync`,
/// `Office.context.mailbox.item.body.setAsync`, `body.setAsync`, or `setAsync`.
#[must_use]
pub fn lookup(query: &str) -> Vec<&'static Member> {
    let q = query.trim().trim_end_matches("()");
    let q = q.strip_prefix("Office.").unwrap_or(q);
    let segs: Vec<&str> = q.split('.').filter(|s| !s.is_empty()).collect();
    let mut out: Vec<&'static Member> = Vec::new();
    let add = |out: &mut Vec<&'static Member>, ms: Vec<&'static Member>| {
        for m in ms {
            if !out.iter().any(|o| std::ptr::eq(*o, m)) {
                out.push(m);
            }
        }
    };
    match segs.as_slice() {
        [] => {}
        [name] => {
            add(&mut out, kb::own_member(ROOT, name).into_iter().collect());
            add(&mut out, kb::members_named(name).collect());
        }
        [init @ .., name] => {
            let iface_last = init.last().copied().unwrap_or_default();
            // `Interface.member` (interface names may contain dots: `AddinCommands.Event`).
            let iface = init.join(".");
            add(&mut out, kb::own_member(&iface, name).into_iter().collect());
            add(&mut out, kb::member(&iface, name).into_iter().collect());
            if out.is_empty() {
                // A chain from `Office` (`context.mailbox.item.body.setAsync`).
                add(&mut out, kb::resolve_path(&[ROOT], &segs));
                if out.is_empty() {
                    add(&mut out, kb::resolve_path(&["Context"], &segs));
                }
            }
            if out.is_empty() {
                // `body.setAsync`: a property named like the segment, then the member.
                let holders: Vec<&'static Member> = kb::members_named(iface_last).collect();
                add(&mut out, kb::step(&kb::refs_of(&holders), name));
            }
        }
    }
    out.sort_by(|a, b| (a.interface, a.name).cmp(&(b.interface, b.name)));
    out
}

fn explain_member(w: &mut dyn Write, m: &Member) -> io::Result<()> {
    let ov = overrides::get();
    writeln!(w, "{}", m.api())?;
    let kind = match m.kind {
        kb::Kind::Property => "property",
        kb::Kind::Method => "method (returns)",
    };
    writeln!(w, "  {kind}: {}", m.ty)?;
    match m.tier_decision().tier {
        Some(t) => writeln!(w, "  tier: {t}")?,
        None => writeln!(w, "  tier: none documented")?,
    }
    let from = match m.tier_from {
        TierFrom::Member => "its own `Minimum permission level` line".to_owned(),
        TierFrom::Interface => format!(
            "the `Minimum permission level` line of interface {}",
            m.interface
        ),
        TierFrom::PropertyType => {
            "the `Minimum permission level` line of its property type".to_owned()
        }
        TierFrom::None => "no `Minimum permission level` line".to_owned(),
    };
    match m.tier {
        Some(t) => writeln!(
            w,
            "    typings: {t}, from {from} ({} {}, index.d.ts line {})",
            kb::SOURCE_PACKAGE,
            kb::SOURCE_VERSION,
            m.line
        )?,
        None => writeln!(
            w,
            "    typings: {from} ({} {}, index.d.ts line {})",
            kb::SOURCE_PACKAGE,
            kb::SOURCE_VERSION,
            m.line
        )?,
    }
    for f in ov.facts(m.interface, m.name) {
        let what = match f.kind {
            overrides::FactKind::Page => "permissions page",
            overrides::FactKind::Member => "override",
        };
        writeln!(
            w,
            "    {what}: {} — {} (source: {})",
            f.tier, f.reason, f.source
        )?;
    }
    let decision = m.tier_decision();
    if let Some(t) = m.tier {
        for f in ov.facts(m.interface, m.name).iter().filter(|f| f.tier != t) {
            let outcome = match decision.origin {
                TierOrigin::Override(o) if std::ptr::eq(o, f) => "the stricter tier wins",
                _ if f.tier > t => "a stricter fact wins",
                _ => "the typings' tier stands: hand-kept facts only ever raise a tier",
            };
            writeln!(
                w,
                "    conflict: the typings say {t}, a hand-kept fact says {}: {outcome}",
                f.tier
            )?;
        }
    }
    if m.tier.is_none()
        && let Some(r) = ov.untiered_reason(m.interface)
    {
        writeln!(w, "    why no tier: {r}")?;
    }
    let modes = if m.mode_text.is_empty() {
        kb::modes::names(m.modes).join(", ")
    } else {
        m.mode_text.to_owned()
    };
    if !modes.is_empty() {
        writeln!(w, "  modes: {modes}")?;
    }
    let set_note = if m.set_text.is_empty() {
        " (untagged)"
    } else {
        ""
    };
    writeln!(w, "  requirement set: {}{set_note}", m.requirement_set())?;
    if m.deprecated {
        writeln!(w, "  deprecated")?;
    }
    explain_status(w, m)?;
    if let Some(s) = ov.supplementary_for(m.interface, m.name) {
        writeln!(
            w,
            "  also needs the supplementary permission {} ({}; unified manifest: {}) — {}",
            s.name,
            s.xml,
            s.json.join(" or "),
            s.source
        )?;
    }
    if let Some(t) = m.effective_tier() {
        writeln!(w, "  {t} allows: {}", ov.tier_description(t))?;
    }
    Ok(())
}

/// The member's fate, with the sentence or fact and the dates behind it.
fn explain_status(w: &mut dyn Write, m: &Member) -> io::Result<()> {
    let (status, fact) = m.status_decision();
    let typings = format!(
        "{} {}, index.d.ts line {}",
        kb::SOURCE_PACKAGE,
        kb::SOURCE_VERSION,
        m.line
    );
    let said = match (status, fact) {
        (_, Some(f)) => format!("{} (source: {})", f.reason, f.source),
        (kb::Status::LegacyTokens, None) => format!(
            "the typings ({typings}): \"Legacy Exchange Online user identity tokens and callback tokens are no longer supported and are turned off across all Microsoft 365 tenants.\" Microsoft's legacy-token FAQ (ms.date 11/03/2025): off with no exceptions since October 2025; still supported on Exchange Server on premises"
        ),
        (kb::Status::LegacyRest, None) => format!(
            "the typings ({typings}): \"The Outlook REST v2.0 and beta endpoints are now deprecated\"; the exemption ended when extended support for Outlook 2019 ended on 2025-10-14, and REST needs a legacy callback token, off since October 2025"
        ),
        (kb::Status::Retired, None) => format!(
            "the typings ({typings}): \"Entity-based contextual Outlook add-ins are now retired.\" (regular-expression rules still work)"
        ),
        (kb::Status::Current | kb::Status::LegacyEws, None) => return Ok(()),
    };
    let what = match status {
        kb::Status::Current => "status: works as documented",
        kb::Status::Retired => "retired: no longer works",
        kb::Status::LegacyRest | kb::Status::LegacyEws | kb::Status::LegacyTokens => {
            "legacy: fails in Exchange Online (LEG001); EWS in Exchange Online is blocked by default since 2026-10-01 and off for good on 2027-04-01"
        }
    };
    writeln!(w, "  {what}")?;
    writeln!(w, "    {said}")
}

/// `audit explain <API|CODE>`.
///
/// # Errors
/// A message naming what was not found, or a write error.
pub fn explain(w: &mut dyn Write, query: &str) -> Result<(), ExplainError> {
    if let Some(rule) = rules::by_code(query.trim()) {
        writeln!(w, "{} ({}): {}", rule.code, rule.name, rule.summary)?;
        writeln!(w, "default severity: {}", rule.severity.as_str())?;
        writeln!(w)?;
        for line in rule.docs.lines() {
            writeln!(w, "{}", line.strip_prefix(' ').unwrap_or(line))?;
        }
        return Ok(());
    }
    if let Ok(t) = query.trim().parse::<Tier>() {
        writeln!(w, "{t}: {}", overrides::get().tier_description(t))?;
        return Ok(());
    }
    if let Some(scope) = crate::msgraph::scope(query.trim()) {
        explain_scope(w, scope)?;
        return Ok(());
    }
    let q = query.trim();
    if q.starts_with('/')
        || q.to_ascii_lowercase()
            .starts_with("https://graph.microsoft.com/")
    {
        return explain_graph_path(w, q);
    }
    let found = lookup(query);
    if found.is_empty() {
        return Err(ExplainError::NotFound(query.to_owned()));
    }
    if found.len() > 1 {
        writeln!(w, "{} APIs match `{query}`:", found.len())?;
        writeln!(w)?;
    }
    for (i, m) in found.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        explain_member(w, m)?;
    }
    Ok(())
}

/// Where the Graph facts come from, for `explain`.
const GRAPH_SOURCE: &str = "Microsoft's Graph permission map (microsoft-graph-devx-content permissions/new/permissions.json, commit 6cbd6bb, 2026-08-07; data/graph-permissions/), delegated work-account scheme";

/// How many paths `explain` lists before counting the rest.
const PATHS_SHOWN: usize = 12;

fn explain_scope(w: &mut dyn Write, s: &crate::msgraph::Scope) -> io::Result<()> {
    writeln!(w, "{} (Microsoft Graph, delegated)", s.name)?;
    writeln!(w, "  {}: {}", s.display, s.description)?;
    writeln!(
        w,
        "  consent: {}",
        if s.admin {
            "an administrator must consent"
        } else {
            "users can consent for themselves (unless the tenant requires admin consent)"
        }
    )?;
    let wider: Vec<&str> = crate::msgraph::all()
        .iter()
        .filter(|o| o.name != s.name && crate::msgraph::includes(o.name, s.name))
        .map(|o| o.name)
        .collect();
    let narrower: Vec<&str> = crate::msgraph::all()
        .iter()
        .filter(|o| o.name != s.name && crate::msgraph::includes(s.name, o.name))
        .map(|o| o.name)
        .collect();
    if !narrower.is_empty() {
        writeln!(w, "  includes: {}", narrower.join(", "))?;
    }
    if !wider.is_empty() {
        writeln!(w, "  included in: {}", wider.join(", "))?;
    }
    let needed = crate::msgraph::needed_for(s.name);
    writeln!(
        w,
        "  the narrowest scope for {} request(s), for example:",
        needed.len()
    )?;
    for g in needed.iter().take(PATHS_SHOWN) {
        writeln!(w, "    {} {}", g.method, g.path)?;
    }
    if needed.len() > PATHS_SHOWN {
        writeln!(
            w,
            "    … and {} more (`audit explain <path>` for one)",
            needed.len() - PATHS_SHOWN
        )?;
    }
    writeln!(w, "  source: {GRAPH_SOURCE}")
}

fn explain_graph_path(w: &mut dyn Write, q: &str) -> Result<(), ExplainError> {
    let path = crate::msgraph::normalize(q);
    let segs = crate::msgraph::segments(q);
    let mut methods: Vec<&str> = crate::msgraph::grants(None, q)
        .iter()
        .map(|g| g.method)
        .collect();
    for f in crate::msgraph::facts::FACTS {
        let probe = crate::msgraph::need(if f.method == "*" { "GET" } else { f.method }, q, None);
        if probe.sources.contains(&crate::msgraph::Source::Fact(f)) {
            if f.method == "*" {
                methods.extend(["GET", "POST", "PUT", "PATCH", "DELETE"]);
            } else {
                methods.push(f.method);
            }
        }
    }
    if methods.is_empty() {
        return Err(ExplainError::NotFound(q.to_owned()));
    }
    methods.sort_unstable();
    methods.dedup();
    // The `$select` of the query, as the audit reads a request's.
    let select = crate::msgraph::select_of(q);
    writeln!(w, "{path} (Microsoft Graph)")?;
    if segs.len() != path.split('/').filter(|s| !s.is_empty()).count() {
        writeln!(w, "  read as /{}", segs.join("/"))?;
    }
    let mut sources: Vec<crate::msgraph::Source> = Vec::new();
    for m in methods {
        let need = crate::msgraph::need(m, q, select.as_deref());
        let mut line = format!(
            "  {m}: needs {} (allowed by: {})",
            need.least.join(" or "),
            need.allowing.join(", ")
        );
        if need.owner_unknown {
            line.push_str(
                "; the mailbox `{id}` names decides between the own scope and the .Shared one",
            );
        }
        writeln!(w, "{line}")?;
        for s in need.sources {
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
    }
    for s in sources {
        match s {
            crate::msgraph::Source::Map => writeln!(w, "  source: {GRAPH_SOURCE}")?,
            crate::msgraph::Source::Fact(f) => {
                writeln!(
                    w,
                    "  source: hand-kept fact ({} {}): {}",
                    f.method, f.path, f.why
                )?;
                writeln!(w, "    from {}", f.source)?;
            }
            crate::msgraph::Source::Rule(r) => {
                let (why, from) = r.describe();
                writeln!(w, "  source: hand-kept rule: {why}")?;
                writeln!(w, "    from {from}")?;
            }
        }
    }
    Ok(())
}

/// Why `explain` failed.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// Nothing matched.
    #[error(
        "no Office API, finding code, tier, Graph scope or Graph path matches `{0}` (try `Office.Body.setAsync`, `body.setAsync`, `setAsync`, `TIER001`, `ReadItem`, `Mail.Read` or `/me/sendMail`; `audit apis` lists every API, `audit rules` every code)"
    )]
    NotFound(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// `audit rules`: every finding code.
///
/// # Errors
/// When writing fails.
pub fn rules(w: &mut dyn Write, format: ListFormat) -> io::Result<()> {
    match format {
        ListFormat::Json => {
            let list: Vec<Value> = rules::all()
                .map(|r| {
                    json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary})
                })
                .collect();
            serde_json::to_writer_pretty(&mut *w, &json!({"version": 1, "rules": list}))?;
            writeln!(w)
        }
        ListFormat::Table => {
            let mut t = Table::new();
            t.load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(["Code", "Name", "Severity", "Finds"]);
            for r in rules::all() {
                t.add_row([r.code, r.name, r.severity.as_str(), r.summary]);
            }
            writeln!(w, "{t}")?;
            writeln!(w, "`audit explain <CODE>` explains one.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apis_of(q: &str) -> Vec<String> {
        lookup(q).iter().map(|m| m.api()).collect()
    }

    #[test]
    fn lookup_accepts_every_spelling() {
        for q in [
            "Office.Body.setAsync",
            "Body.setAsync",
            "body.setAsync",
            "Office.context.mailbox.item.body.setAsync",
            "context.mailbox.item.body.setAsync",
        ] {
            assert_eq!(apis_of(q), ["Office.Body.setAsync"], "{q}");
        }
        let all = apis_of("setAsync");
        assert!(
            all.len() > 5 && all.contains(&"Office.Subject.setAsync".to_owned()),
            "{all:?}"
        );
        assert_eq!(apis_of("Office.context"), ["Office.context"]);
        assert!(apis_of("noSuchThing").is_empty());
    }

    #[test]
    fn sources_name_the_package_or_the_override() {
        let body = kb::own_member("Body", "setAsync").expect("member");
        assert_eq!(tier_source(body), "@types/office-js 1.0.612");
        let subject = kb::own_member("Subject", "setAsync").expect("member");
        assert!(
            tier_source(subject).starts_with("override: "),
            "{}",
            tier_source(subject)
        );
        assert_eq!(subject.effective_tier(), Some(Tier::ReadWriteItem));
    }
}
