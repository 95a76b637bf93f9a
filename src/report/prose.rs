//! What the reports people read say (HTML for admins, Markdown for pull requests): one
//! wording and one selection for both, so the two never disagree.

use std::collections::BTreeMap;

use super::{Excerpt, ManifestReport, Verdict};
use crate::finding::Finding;
use crate::source::Location;
use crate::tiers::Tier;

/// How many groups of evidence a report lists before "and N more".
pub(super) const GROUPS: usize = 25;

/// The sections' headings and the sentences under them.
pub(super) const GAPS: &str = "What the analysis could not see";
pub(super) const NOTHING_NEEDED: &str =
    "Nothing in its code or manifest needs more than Restricted.";
pub(super) const LEGACY: &str = "Legacy Exchange tokens and EWS";
pub(super) const LEGACY_WHY: &str =
    "Exchange Online has turned these off; the add-in must move to Microsoft Graph.";
pub(super) const GRAPH: &str = "Microsoft Graph";
pub(super) const UNREACHABLE: &str = "Code present but not loaded";
pub(super) const UNREACHABLE_WHY: &str =
    "These files use Office but nothing the manifest loads reaches them: they are not counted.";

/// ` and 3 more place(s)` after a group's first place, or nothing.
pub(super) fn more_places(g: &Group<'_>) -> String {
    if g.more > 0 {
        format!(" and {} more place(s)", g.more)
    } else {
        String::new()
    }
}

/// After the groups shown, how many were not (`None` when all were).
pub(super) fn more_kinds(groups: usize) -> Option<String> {
    (groups > GROUPS).then(|| {
        format!(
            "and {} more kinds of use; the JSON report lists them all.",
            groups - GROUPS
        )
    })
}

/// How many uses need no permission.
pub(super) fn free_uses(free: usize) -> String {
    format!("{free} other use(s) need no permission.")
}

/// The legacy-token and EWS findings, and whether the section is shown at all.
pub(super) fn legacy(m: &ManifestReport) -> Option<Vec<&Finding>> {
    let found: Vec<&Finding> = m.findings.iter().filter(|f| is_legacy(f)).collect();
    (!m.requests.is_empty() || !found.is_empty()).then_some(found)
}

/// The scopes requested, in words: `Mail.Read, User.Read`, `none found`, and whether the
/// list may be incomplete (` (maybe more: not all could be read)`).
pub(super) fn requested_words(g: &super::MsGraphReport) -> (String, &'static str) {
    let requested = requested_scopes(g);
    (
        if requested.is_empty() {
            "none found".to_owned()
        } else {
            requested.join(", ")
        },
        if g.requested_known {
            ""
        } else {
            " (maybe more: not all could be read)"
        },
    )
}

/// The scopes that allow a Graph request, in words.
pub(super) fn least(c: &super::GraphCallRow) -> String {
    if c.least.is_empty() {
        "a scope not known".to_owned()
    } else {
        c.least.join(" or ")
    }
}

/// Where a callback-token request is, as `file:line:col`.
pub(super) fn request_place(r: &super::RequestRow) -> String {
    format!("{}:{}:{}", r.file, r.line, r.column)
}

/// The verdict as a banner: a class, a title and a sentence.
pub(super) struct Banner {
    /// `ok`, `under`, `over`, `unverified`.
    pub class: &'static str,
    /// A few words.
    pub title: &'static str,
    /// What it means for this add-in.
    pub sentence: String,
}

/// The banner of a manifest.
pub(super) fn banner(m: &ManifestReport) -> Banner {
    let (d, r) = (m.declared, m.required);
    let declared = if m.declared_explicitly {
        format!("declares {d}")
    } else {
        format!("declares no tier (so it gets {d})")
    };
    match m.verdict {
        Verdict::Ok => Banner {
            class: "ok",
            title: "Tier: least privilege",
            sentence: format!("The manifest {declared}, which is what its code needs."),
        },
        Verdict::Under => Banner {
            class: "under",
            title: "Tier: under-privileged",
            sentence: format!(
                "The manifest {declared} but its code needs {r}: Outlook refuses the calls that need more, and the add-in fails where it makes them."
            ),
        },
        Verdict::Over => Banner {
            class: "over",
            title: "Tier: over-privileged",
            sentence: format!(
                "The manifest {declared} but everything its code does needs only {r}: it asks users and administrators for more than it uses."
            ),
        },
        Verdict::Unverified => Banner {
            class: "unverified",
            title: "Tier: not verified",
            sentence: format!(
                "The manifest {declared}. The code found needs only {r}, but the analysis is incomplete, so no lower tier is advised."
            ),
        },
    }
}

/// The verdict on the add-in's Microsoft Graph scopes, when it uses Graph: the one the GRAPH
/// rules report (GRAPH001 missing, GRAPH002 broader than needed, GRAPH004 not checkable),
/// read from the model rather than from which findings survived suppression.
pub(super) fn graph_banner(m: &ManifestReport) -> Option<Banner> {
    use crate::rules::msgraph::ScopeVerdict;
    let g = &m.graph;
    let verdict = g.verdict?;
    let needed = needed_scopes(g);
    Some(if verdict == ScopeVerdict::Missing {
        Banner {
            class: "under",
            title: "Graph scopes: missing",
            sentence: format!(
                "A Microsoft Graph request needs a scope the add-in does not request (its requests need: {needed})."
            ),
        }
    } else if verdict == ScopeVerdict::Broader {
        Banner {
            class: "over",
            title: "Graph scopes: broader than needed",
            sentence: format!(
                "The add-in requests Microsoft Graph scopes its requests do not use; they need only: {needed}."
            ),
        }
    } else if verdict == ScopeVerdict::Unverified {
        Banner {
            class: "unverified",
            title: "Graph scopes: not verified",
            sentence: match (g.leaves.first(), g.leaves_followed) {
                (Some(at), true) => format!(
                    "Its Microsoft Graph access token is sent to a server outside Microsoft Graph ({}), which can use it for every scope it holds: {}.",
                    place(at),
                    token_powers(g)
                ),
                (Some(at), false) => format!(
                    "Where its Microsoft Graph access token goes could not be followed, and it makes requests outside Microsoft Graph ({}): that server may receive it and use it for {}.",
                    place(at),
                    token_powers(g)
                ),
                (None, _) => "Not every requested scope or Graph request could be read, so the scopes are not judged.".to_owned(),
            },
        }
    } else {
        Banner {
            class: "ok",
            title: "Graph scopes: least privilege",
            sentence: format!(
                "The requested Microsoft Graph scopes are what its requests need: {needed}."
            ),
        }
    })
}

/// What a token's scopes let its holder do, in Microsoft's words: "its server can read your
/// mail" — `Read user mail (Mail.Read)`.
pub(super) fn token_powers(g: &super::MsGraphReport) -> String {
    let mut scopes: Vec<&str> = g.requested.iter().map(|(s, _)| s.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let mut words: Vec<String> = scopes
        .iter()
        .map(|s| match crate::msgraph::scope(s) {
            Some(known) if !known.display.is_empty() => {
                format!("{} ({})", known.display.trim(), known.name)
            }
            _ => (*s).to_owned(),
        })
        .collect();
    if !g.requested_known || words.is_empty() {
        words.push("scopes the audit could not read".to_owned());
    }
    words.join("; ")
}

/// What separates the declared tier from the needed one, in plain words: a heading and the
/// lines (for an add-in at least privilege, everything its tier allows).
pub(super) fn difference(m: &ManifestReport) -> (&'static str, Vec<&'static str>) {
    let (d, r) = (m.declared, m.required);
    let between = |lo: Tier, hi: Tier| -> Vec<&'static str> {
        Tier::ALL
            .into_iter()
            .rev()
            .filter(|t| *t > lo && *t <= hi)
            .flat_map(|t| t.allows().iter().copied())
            .collect()
    };
    match m.verdict {
        Verdict::Over => ("What it asks for and does not use", between(r, d)),
        Verdict::Unverified => (
            "What it asks for beyond what the code found uses",
            between(r, d),
        ),
        Verdict::Under => (
            "What its code needs and the manifest does not give",
            between(d, r),
        ),
        Verdict::Ok => ("What it may do", d.allows_all().collect()),
    }
}

/// The one-line changes `--fix` makes, as sentences.
pub(super) fn fixes(m: &ManifestReport) -> Vec<String> {
    m.fix
        .iter()
        .map(|f| {
            let how = if f.raises {
                "audit --fix --unsafe-fixes does it"
            } else {
                "audit --fix does it"
            };
            let (file, line) = (&f.at.file, f.at.position.line);
            match &f.kind {
                super::FixKind::Tier => format!(
                    "{file}, line {line}: change {} to {} ({how})",
                    f.from, f.to
                ),
                super::FixKind::Remove { name, .. } => format!(
                    "{file}, line {line}: remove the {name} supplementary permission, which nothing uses ({how})"
                ),
            }
        })
        .collect()
}

/// Evidence of one kind: what, the tier it needs, its first place and how many others.
pub(super) struct Group<'a> {
    /// `Office.Body.setAsync`, a rule's markup, a request.
    pub what: &'a str,
    /// The tier.
    pub tier: Tier,
    /// The first place.
    pub first: &'a Location,
    /// How many other places.
    pub more: usize,
}

/// The evidence that needs a permission, grouped by what it is, strictest first (the order
/// the model keeps); uses that need none (Restricted) are only counted.
pub(super) fn groups(m: &ManifestReport) -> (Vec<Group<'_>>, usize) {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out: Vec<Group<'_>> = Vec::new();
    let mut free = 0;
    for e in &m.evidence {
        if e.tier == Tier::Restricted {
            free += 1;
            continue;
        }
        if let Some(g) = index.get(e.what.as_str()).and_then(|&i| out.get_mut(i)) {
            g.more += 1;
        } else {
            index.insert(&e.what, out.len());
            out.push(Group {
                what: &e.what,
                tier: e.tier,
                first: &e.location,
                more: 0,
            });
        }
    }
    (out, free)
}

/// The code around a place, when the model has it.
pub(super) fn excerpt_at<'m>(m: &'m ManifestReport, at: &Location) -> Option<&'m Excerpt> {
    m.excerpts.iter().find(|e| &e.at == at)
}

/// The code a report has shown, so that each line is shown once: a later place on a line
/// already shown gets no excerpt of its own.
#[derive(Default)]
pub(super) struct Shown(std::collections::BTreeSet<(String, u32)>);

impl Shown {
    /// The code around `at`, unless its line was shown already.
    pub(super) fn take<'m>(&mut self, m: &'m ManifestReport, at: &Location) -> Option<&'m Excerpt> {
        let e = excerpt_at(m, at)?;
        self.0
            .insert((at.file.clone(), at.position.line))
            .then_some(e)
    }
}

/// Whether a finding is about legacy Exchange tokens or EWS.
pub(super) fn is_legacy(f: &Finding) -> bool {
    f.code.starts_with("LEG") || f.code.starts_with("EWS")
}

/// `file:line:col`.
pub(super) fn place(l: &Location) -> String {
    l.to_string()
}

/// The add-in's title: its name, or its manifest's path.
pub(super) fn title(m: &ManifestReport) -> &str {
    m.name.as_deref().unwrap_or(&m.manifest)
}

/// A Graph request as `GET /me/messages/{id}`.
pub(super) fn graph_request(c: &super::GraphCallRow) -> String {
    format!(
        "{} {}",
        c.method.as_deref().unwrap_or("?"),
        c.path.as_deref().unwrap_or("(path not known)")
    )
}

/// The scopes requested, each once, sorted.
pub(super) fn requested_scopes(g: &super::MsGraphReport) -> Vec<&str> {
    let mut requested: Vec<&str> = g.requested.iter().map(|(s, _)| s.as_str()).collect();
    requested.sort_unstable();
    requested.dedup();
    requested
}

/// The scopes a Graph model needs, in words.
pub(super) fn needed_scopes(g: &super::MsGraphReport) -> String {
    match &g.needed {
        Some(n) if n.is_empty() => "none".to_owned(),
        Some(n) => n.join(", "),
        None => "not known (a request could not be read)".to_owned(),
    }
}

/// A callback-token request as `GET {restUrl}/v2.0/me/messages/{item}`.
pub(super) fn token_request(r: &super::RequestRow) -> String {
    format!(
        "{} {} {}",
        r.client,
        r.method.as_deref().unwrap_or("?"),
        r.url.as_deref().unwrap_or("(URL not known)")
    )
}
