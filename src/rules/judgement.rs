//! The one judgement of a manifest: what the code is proven to need, what the audit could
//! not see, and the verdict. Every rule, report and `--fix` reads it from here
//! ([`Context::judgement`]); nothing else compares the required tier with the declared one.
//!
//! The promise it keeps: **never advise a tier below what the code may need.** Each
//! [`Gap`] carries the most the unseen code could need (`could_need`): an unmapped URL or an
//! unresolved import could hide anything (`ReadWriteMailbox`), a computed member of a known
//! type only what that type's members need, an Office object that leaves the analysis only
//! what can be reached from it. A gap counts against the verdict when that is more than the
//! evidence already proves; a lower tier is advised only when no gap counts.

use super::{Context, Evidence, token};
use crate::scan::Reach;
use crate::source::{Location, Span, display_path};
use crate::tiers::{Tier, Verdict};

/// Why part of the add-in was not seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// A manifest URL that maps to no local file.
    UnmappedUrl,
    /// A page that loads none of the add-in's scripts (a build injects them).
    CodelessPage,
    /// A page served by a build whose configuration could not be read completely.
    BuildUnread,
    /// The callback token goes where the audit does not follow it.
    CallbackToken,
    /// An import or script that cannot be resolved.
    UnresolvedImport,
    /// A file skipped, unparsable, or analysed only by regions.
    IncompleteFile,
    /// A computed member (`item[name]`) of a known Office type.
    ComputedMember,
    /// Code the pages may reach by a way the audit does not follow (client-side routes).
    Route,
    /// Files beyond `[limits] max-files`.
    Truncated,
    /// Office types passed between modules did not settle.
    Unsettled,
    /// An Office object (the item, the mailbox, or something reached from them) passed where
    /// the audit does not follow it.
    OfficeObjectEscapes,
}

impl GapKind {
    /// Whether the gap hides code from the audit (a file, page, route or import it did not
    /// read), rather than a value it did not follow: with such a gap, a function may have
    /// callers the audit never saw.
    #[must_use]
    pub const fn hides_code(self) -> bool {
        matches!(
            self,
            GapKind::UnmappedUrl
                | GapKind::CodelessPage
                | GapKind::BuildUnread
                | GapKind::UnresolvedImport
                | GapKind::IncompleteFile
                | GapKind::Route
                | GapKind::Truncated
        )
    }
}

/// Something that keeps the analysis from being complete: the code may need more than found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Why.
    pub kind: GapKind,
    /// What is missing, in a sentence.
    pub what: String,
    /// Where, when it has a place.
    pub location: Option<Location>,
    /// The most the code the audit did not see could need; `None` when it could be
    /// anything (an unmapped URL, an unresolved import): such a gap is always reported.
    pub could_need: Option<Tier>,
}

impl Gap {
    /// A gap that could hide anything.
    #[must_use]
    pub fn unbounded(kind: GapKind, what: String, location: Option<Location>) -> Gap {
        Gap {
            kind,
            what,
            location,
            could_need: None,
        }
    }

    /// A gap in what a callback token is used for: bounded only by the strictest tier.
    #[must_use]
    pub fn token(what: String, location: Option<Location>) -> Gap {
        Gap {
            kind: GapKind::CallbackToken,
            what,
            location,
            could_need: Some(Tier::ReadWriteMailbox),
        }
    }

    /// Whether the unseen code could need more than `required`.
    #[must_use]
    pub fn could_exceed(&self, required: Tier) -> bool {
        self.could_need.is_none_or(|t| t > required)
    }
}

impl std::fmt::Display for Gap {
    /// The sentence, then the place in parentheses.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{} ({l})", self.what),
            None => f.write_str(&self.what),
        }
    }
}

/// The verdict table, the only place it is written: more needed than declared is `Under`
/// whatever is missing (the proof stands); equal is `Ok`; less is `Over` only when nothing
/// unseen could need more than what was found, else `Unverified`.
#[must_use]
pub fn verdict(declared: Tier, required: Tier, unseen_could_need_more: bool) -> Verdict {
    match required.cmp(&declared) {
        std::cmp::Ordering::Greater => Verdict::Under,
        std::cmp::Ordering::Equal => Verdict::Ok,
        std::cmp::Ordering::Less if unseen_could_need_more => Verdict::Unverified,
        std::cmp::Ordering::Less => Verdict::Over,
    }
}

/// One manifest's judgement, computed once.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// The tier the manifest declares.
    pub declared: Tier,
    /// Everything that needs more than Restricted, strictest first, then by place.
    pub evidence: Vec<Evidence>,
    /// The least tier the evidence needs.
    pub required: Tier,
    /// Every gap, whether or not it could need more than `required`.
    pub all_gaps: Vec<Gap>,
    /// The verdict.
    pub verdict: Verdict,
}

impl Judgement {
    /// Judges the context's evidence and gaps.
    #[must_use]
    pub fn of(ctx: &Context<'_>) -> Judgement {
        let evidence = ctx.evidence();
        let required = evidence.first().map_or(Tier::Restricted, |e| e.tier);
        let all_gaps = gaps(ctx);
        let declared = ctx.manifest.declared;
        let verdict = verdict(
            declared,
            required,
            all_gaps.iter().any(|g| g.could_exceed(required)),
        );
        Judgement {
            declared,
            evidence,
            required,
            all_gaps,
            verdict,
        }
    }

    /// The gaps that could hide more than what was found: why a lower tier is not advised.
    pub fn gaps(&self) -> impl Iterator<Item = &Gap> {
        self.all_gaps
            .iter()
            .filter(|g| g.could_exceed(self.required))
    }

    /// Whether the audit saw everything that could need any permission at all (what "nothing
    /// uses it" findings need).
    #[must_use]
    pub fn saw_everything(&self) -> bool {
        !self
            .all_gaps
            .iter()
            .any(|g| g.could_exceed(Tier::Restricted))
    }

    /// The most the add-in could need, counting what the audit could not see: the required
    /// tier raised to every gap's bound. Always at least `required`.
    #[must_use]
    pub fn ceiling(&self) -> Tier {
        self.all_gaps
            .iter()
            .map(|g| g.could_need.unwrap_or(Tier::ReadWriteMailbox))
            .fold(self.required, Tier::max)
    }

    /// The tier the manifest should declare, when the verdict advises a change: the required
    /// tier when over- or under-privileged, nothing otherwise.
    #[must_use]
    pub fn advised(&self) -> Option<Tier> {
        matches!(self.verdict, Verdict::Over | Verdict::Under).then_some(self.required)
    }
}

/// Everything that keeps the analysis from being complete, each with what it could hide.
fn gaps(ctx: &Context<'_>) -> Vec<Gap> {
    let mut out = Vec::new();
    // A URL served by nothing runs no code: MAN013 reports it, and it hides nothing.
    for e in ctx
        .entries
        .iter()
        .filter(|e| e.mapping.is_none() && e.unserved.is_none())
    {
        out.push(Gap::unbounded(
            GapKind::UnmappedUrl,
            format!("`{}` maps to no local file", e.url),
            Some(ctx.manifest_location(e.span)),
        ));
    }
    for e in ctx.entries {
        if let Some(why) = e.mapping.as_ref().and_then(|m| m.partial.as_ref()) {
            out.push(Gap::unbounded(
                GapKind::BuildUnread,
                format!(
                    "`{}` is served by a build whose configuration could not be read completely ({why}): it may put more scripts on the page",
                    e.url
                ),
                Some(ctx.manifest_location(e.span)),
            ));
        }
    }
    for e in ctx.codeless.iter().filter_map(|i| ctx.entries.get(*i)) {
        out.push(Gap::unbounded(
            GapKind::CodelessPage,
            format!(
                "`{}` is a page that loads no script of the add-in: its code is injected by a build the audit does not know, or lives elsewhere",
                e.url
            ),
            Some(ctx.manifest_location(e.span)),
        ));
    }
    token_gaps(ctx, &mut out);
    for m in ctx.missing {
        let what = match &m.specifier {
            Some(s) => format!("`{s}` cannot be resolved"),
            None => "a module loaded by a computed name cannot be followed".to_owned(),
        };
        out.push(Gap::unbounded(
            GapKind::UnresolvedImport,
            what,
            Some(Location {
                file: display_path(&m.file),
                position: m.position,
            }),
        ));
    }
    for f in &ctx.files {
        let why = if let Some((span, why)) = &f.skipped {
            Some((
                format!("{} was skipped: {why}", display_path(&f.path)),
                *span,
            ))
        } else if let Some((span, msg)) = &f.facts.parse_error {
            Some((
                format!("{} does not parse: {msg}", display_path(&f.path)),
                *span,
            ))
        } else if f.facts.by_regions {
            Some((
                format!(
                    "{} was analysed by regions (aliases across regions are not followed)",
                    display_path(&f.path)
                ),
                Span::default(),
            ))
        } else {
            None
        };
        if let Some((what, span)) = why {
            out.push(Gap::unbounded(
                GapKind::IncompleteFile,
                what,
                Some(f.location(span)),
            ));
        }
        for e in f.facts.escapes.iter().filter(|e| ctx.counts(f, e.span)) {
            // A class member followed in its file, which no other file names.
            if e.member
                .as_deref()
                .is_some_and(|m| !super::call_sites::spelled_elsewhere(&ctx.files, f, m))
            {
                continue;
            }
            let could_need = reach_bound(&e.reach, ctx.manifest.modes);
            out.push(Gap {
                kind: GapKind::OfficeObjectEscapes,
                what: format!(
                    "`{}` is {}, where the audit does not follow it; what is done with it there could need {could_need}",
                    e.on, e.how
                ),
                location: Some(f.location(e.span)),
                could_need: Some(could_need),
            });
        }
        for u in &f.facts.unresolved {
            if ctx.counts(f, u.span) {
                out.push(Gap {
                    kind: GapKind::ComputedMember,
                    what: format!(
                        "a computed member of `{}` could be one that needs {}",
                        u.on, u.could_need
                    ),
                    location: Some(f.location(u.span)),
                    could_need: Some(u.could_need),
                });
            }
        }
    }
    out.extend(ctx.navigable.iter().cloned());
    if ctx.truncated > 0 {
        out.push(Gap::unbounded(
            GapKind::Truncated,
            format!(
                "{} file(s) beyond [limits] max-files were not followed",
                ctx.truncated
            ),
            None,
        ));
    }
    if !ctx.settled {
        out.push(Gap::unbounded(
            GapKind::Unsettled,
            "Office types passed between modules did not settle".to_owned(),
            None,
        ));
    }
    out
}

/// The most anything reachable from an escaped value needs in the manifest's modes: of a
/// property's possible members, those of these modes (all of them if none is), then what
/// their values' types reach.
fn reach_bound(reach: &Reach, modes: u8) -> Tier {
    match reach {
        Reach::Anything => Tier::ReadWriteMailbox,
        Reach::Types(types) => crate::kb::reachable_tier(types, modes),
        Reach::Properties(members) => {
            let in_mode: Vec<&'static crate::kb::Member> = members
                .iter()
                .copied()
                .filter(|m| m.modes == 0 || m.modes & modes != 0)
                .collect();
            let pool = if in_mode.is_empty() {
                members.clone()
            } else {
                in_mode
            };
            crate::kb::reachable_tier(&crate::kb::refs_of(&pool), modes)
        }
        Reach::Each(all) => all
            .iter()
            .map(|r| reach_bound(r, modes))
            .max()
            .unwrap_or(Tier::Restricted),
    }
}

/// The callback tokens whose use is not fully known: not followed, going out of sight, or
/// in a request whose need cannot be read. What a callback token is used for is bounded
/// only by the declared tier: the most it could need is `ReadWriteMailbox`.
fn token_gaps(ctx: &Context<'_>, out: &mut Vec<Gap>) {
    for u in ctx
        .uses
        .iter()
        .filter(|u| !u.probe && u.member.name == "getCallbackTokenAsync")
    {
        if ctx.token_flow(u).is_none() {
            out.push(Gap::token(
                "the callback token from getCallbackTokenAsync is not followed; what it is used for, which the declared tier bounds, cannot be seen".to_owned(),
                Some(u.location()),
            ));
        }
    }
    for (file, flow, _) in &ctx.token_flows {
        for (span, why) in &flow.escapes {
            // Returned from a function whose calls in its file were followed, and which no
            // other file of the add-in names: every call was followed.
            if flow.returned.iter().any(|(at, name, _, here)| {
                at == span && *here && !super::call_sites::spelled_elsewhere(&ctx.files, file, name)
            }) {
                continue;
            }
            out.push(Gap::token(
                format!(
                    "the callback token from getCallbackTokenAsync goes out of sight ({why}); what it is used for, which the declared tier bounds, cannot be seen"
                ),
                Some(file.location(*span)),
            ));
        }
    }
    for (at, name) in &ctx.unfollowed_globals {
        out.push(Gap::token(
            format!(
                "the callback token from getCallbackTokenAsync goes out of sight (it is passed to `{name}`, which no script of the add-in defines); what it is used for, which the declared tier bounds, cannot be seen"
            ),
            Some(at.clone()),
        ));
    }
    for r in &ctx.requests {
        if let token::Need::Unknown(why) = &r.need {
            out.push(Gap::token(
                format!(
                    "a request with the callback token ({}): {why}",
                    r.request.client
                ),
                Some(r.location()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_table() {
        use Tier::{ReadItem, ReadWriteItem, ReadWriteMailbox, Restricted};
        use Verdict::{Ok, Over, Under, Unverified};
        for (declared, required, unseen, want) in [
            (ReadItem, ReadWriteItem, false, Under),
            // A proven need above the declared tier stands, whatever else is unseen.
            (ReadItem, ReadWriteItem, true, Under),
            (ReadItem, ReadItem, false, Ok),
            (ReadItem, ReadItem, true, Ok),
            (ReadWriteMailbox, ReadItem, false, Over),
            // Never below what unseen code could need.
            (ReadWriteMailbox, ReadItem, true, Unverified),
            (ReadItem, Restricted, true, Unverified),
            (ReadItem, Restricted, false, Over),
        ] {
            assert_eq!(
                verdict(declared, required, unseen),
                want,
                "{declared} declared, {required} required, unseen could need more: {unseen}"
            );
        }
    }

    #[test]
    fn a_gap_counts_only_above_what_was_found() {
        let gap = |could_need| Gap {
            kind: GapKind::ComputedMember,
            what: String::new(),
            location: None,
            could_need,
        };
        let j = Judgement {
            declared: Tier::ReadWriteMailbox,
            evidence: Vec::new(),
            required: Tier::ReadItem,
            all_gaps: vec![gap(Some(Tier::ReadItem)), gap(Some(Tier::ReadWriteItem))],
            verdict: Verdict::Unverified,
        };
        assert_eq!(j.gaps().count(), 1);
        assert!(!j.saw_everything());
        assert_eq!(j.advised(), None);
    }
}
