//! The hand-kept facts of `data/overrides.toml`, embedded in the binary.
//!
//! Each fact carries its reason and source. Page facts (Microsoft's permissions page lists)
//! are resolved to table members here, so that [`Overrides::tier_override`] can answer for
//! any member and `audit explain` can show where the page and the typings disagree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Member, Status};
use crate::tiers::Tier;

const DATA: &str = include_str!("../../data/overrides.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    page: Vec<PageList>,
    member: Vec<MemberFact>,
    status: Vec<StatusFact>,
    ews: Ews,
    rule: Vec<RuleFact>,
    launch_event: Vec<LaunchEventFact>,
    event_blocked: EventBlocked,
    event_undocumented: EventBlocked,
    supplementary: Vec<Supplementary>,
    cast: Vec<Cast>,
    cast_source: CastSource,
    untiered: BTreeMap<String, String>,
    tiers: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageList {
    tier: Tier,
    source: String,
    paths: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberFact {
    api: String,
    tier: Tier,
    reason: String,
    source: String,
}

/// A hand-kept correction of a member's [`Status`].
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct StatusFact {
    /// `Interface.member`.
    pub api: String,
    /// What its fate is.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// Where it comes from.
    pub source: String,
}

/// The EWS operations `makeEwsRequestAsync` may call.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Ews {
    /// Where the list comes from.
    pub source: String,
    /// The operation names.
    pub operations: Vec<String>,
}

/// The APIs event-based activation handlers may not call.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct EventBlocked {
    /// Where the list comes from.
    pub source: String,
    /// Where entries the event page does not list come from (the typings' remarks).
    #[serde(default)]
    pub typings_source: String,
    /// `Office.Mailbox.displayNewMessageForm` (table members) or dotted paths of shared APIs
    /// (`Office.context.ui.displayDialogAsync`).
    pub apis: Vec<String>,
}

/// Launch events and the `Mailbox` requirement set (minor version) they need.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct LaunchEventFact {
    /// The XML manifest's `<LaunchEvent Type>` names.
    pub xml: Vec<String>,
    /// The unified manifest's `autoRunEvents[].events[].type` names.
    pub json: Vec<String>,
    /// `Mailbox` 1.x.
    pub set: u8,
    /// Where it comes from.
    pub source: String,
}

/// An activation rule type and the tier it needs.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RuleFact {
    /// The `xsi:type` of the `<Rule>`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "tier")]
    tier_name: Tier,
    /// For `ItemHasKnownEntity`: the entity types that need only Restricted.
    #[serde(default)]
    pub restricted_entities: Vec<String>,
    /// Where the fact comes from.
    pub source: String,
}

impl RuleFact {
    /// The tier the rule needs (for `ItemHasKnownEntity`, on entities outside the restricted list).
    #[must_use]
    pub fn tier(&self) -> Tier {
        self.tier_name
    }
}

/// A supplementary permission and the APIs that need it.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Supplementary {
    /// Its name (`AppendOnSend`, `SharedFolders`).
    pub name: String,
    /// How an XML manifest declares it.
    pub xml: String,
    /// The unified manifest's names for it.
    pub json: Vec<String>,
    /// The APIs that need it, as `Interface.member`.
    pub apis: Vec<String>,
    /// Where the fact comes from.
    pub source: String,
}

/// One `Office.cast.item.toX` function.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Cast {
    /// The function's name.
    pub function: String,
    /// The interface it returns.
    pub returns: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CastSource {
    source: String,
}

/// Why a member's tier is what it is, beyond the typings.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The least tier the fact allows.
    pub tier: Tier,
    /// Page list or explicit member fact.
    pub kind: FactKind,
    /// Why (for member facts) or what the page says.
    pub reason: String,
    /// Where it comes from.
    pub source: String,
}

/// The kind of a [`Fact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// From a list on Microsoft's permissions page.
    Page,
    /// An explicit, hand-kept fact about one member.
    Member,
}

/// All hand-kept facts, resolved against the generated table.
pub struct Overrides {
    facts: BTreeMap<(&'static str, &'static str), Vec<Fact>>,
    /// Page paths or member names that matched nothing in the table (a test keeps this empty).
    pub unresolved: Vec<String>,
    /// Hand-kept member statuses.
    pub statuses: Vec<StatusFact>,
    /// The EWS operations allowed.
    pub ews: Ews,
    /// Activation rule facts.
    pub rules: Vec<RuleFact>,
    /// Launch events' requirement sets.
    pub launch_events: Vec<LaunchEventFact>,
    /// APIs event handlers may not call.
    pub event_blocked: EventBlocked,
    /// The table members among them, as (interface, member), split once at load: the walker
    /// asks for every use it records.
    blocked_members: Vec<(String, String)>,
    /// UI APIs no Microsoft page covers for event handlers (EVT002 warns).
    pub event_undocumented: EventBlocked,
    undocumented_members: Vec<(String, String)>,
    /// Supplementary permissions.
    pub supplementary: Vec<Supplementary>,
    /// `Office.cast.item` functions.
    pub casts: Vec<Cast>,
    /// Where the cast facts come from.
    pub cast_source: String,
    untiered: BTreeMap<String, String>,
    tiers: BTreeMap<String, String>,
}

/// The table members of a list, as (interface, member).
fn members_of(list: &EventBlocked) -> Vec<(String, String)> {
    list.apis
        .iter()
        .filter_map(|a| a.strip_prefix("Office.")?.split_once('.'))
        .map(|(i, n)| (i.to_owned(), n.to_owned()))
        .collect()
}

/// The parsed and resolved overrides (parsed once).
///
/// # Panics
/// Never on user input: the file is embedded, and a test parses it.
pub fn get() -> &'static Overrides {
    static CELL: OnceLock<Overrides> = OnceLock::new();
    CELL.get_or_init(|| {
        // The file is ours and embedded; a test parses it, so a failure here is our bug.
        #[expect(clippy::expect_used, reason = "embedded data, checked by a test")]
        let file: File = toml::from_str(DATA).expect("data/overrides.toml is valid");
        Overrides::resolve(file)
    })
}

impl Overrides {
    fn resolve(file: File) -> Overrides {
        let mut facts: BTreeMap<(&'static str, &'static str), Vec<Fact>> = BTreeMap::new();
        let mut unresolved = Vec::new();
        let mut push = |m: &'static Member, f: Fact| {
            facts.entry((m.interface, m.name)).or_default().push(f);
        };
        for list in &file.page {
            let tier = list.tier;
            for path in &list.paths {
                let members: Vec<&'static Member> =
                    if let Some(iface) = path.strip_prefix("interface:") {
                        super::MEMBERS
                            .iter()
                            .filter(|m| m.interface == iface)
                            .collect()
                    } else {
                        let segs: Vec<&str> = path.split('.').collect();
                        super::resolve_path(&["Context"], &segs)
                    };
                if members.is_empty() {
                    unresolved.push(path.clone());
                }
                for m in members {
                    push(
                        m,
                        Fact {
                            tier,
                            kind: FactKind::Page,
                            reason: format!(
                                "the permissions page lists `{path}` as needing at least {tier}"
                            ),
                            source: list.source.clone(),
                        },
                    );
                }
            }
        }
        for fact in &file.member {
            let tier = fact.tier;
            match fact
                .api
                .split_once('.')
                .and_then(|(i, n)| super::own_member(i, n))
            {
                Some(m) => push(
                    m,
                    Fact {
                        tier,
                        kind: FactKind::Member,
                        reason: fact.reason.clone(),
                        source: fact.source.clone(),
                    },
                ),
                None => unresolved.push(fact.api.clone()),
            }
        }
        Overrides {
            facts,
            unresolved,
            statuses: file.status,
            ews: file.ews,
            rules: file.rule,
            launch_events: file.launch_event,
            blocked_members: members_of(&file.event_blocked),
            event_blocked: file.event_blocked,
            undocumented_members: members_of(&file.event_undocumented),
            event_undocumented: file.event_undocumented,
            supplementary: file.supplementary,
            casts: file.cast,
            cast_source: file.cast_source.source,
            untiered: file.untiered,
            tiers: file.tiers,
        }
    }

    /// The facts that bear on a member.
    #[must_use]
    pub fn facts(&self, iface: &str, name: &str) -> &[Fact] {
        self.facts
            .iter()
            .find(|((i, n), _)| *i == iface && *n == name)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// The strictest hand-kept fact about a member, if any.
    #[must_use]
    pub fn tier_override(&self, iface: &str, name: &str) -> Option<&Fact> {
        self.facts(iface, name).iter().max_by_key(|f| f.tier)
    }

    /// The hand-kept status of a member, if any.
    #[must_use]
    pub fn status_fact(&self, iface: &str, name: &str) -> Option<&StatusFact> {
        self.statuses
            .iter()
            .find(|f| f.api.split_once('.') == Some((iface, name)))
    }

    /// Why an interface's members have no tier, if that is stated.
    #[must_use]
    pub fn untiered_reason(&self, iface: &str) -> Option<&str> {
        self.untiered.get(iface).map(String::as_str)
    }

    /// What a tier allows, in a sentence.
    #[must_use]
    pub fn tier_description(&self, tier: Tier) -> &str {
        self.tiers.get(tier.as_str()).map_or("", String::as_str)
    }

    /// Whether `op` is an EWS operation add-ins may call.
    #[must_use]
    pub fn ews_allowed(&self, op: &str) -> bool {
        self.ews.operations.iter().any(|o| o == op)
    }

    /// The fact for an activation rule type.
    #[must_use]
    pub fn rule(&self, kind: &str) -> Option<&RuleFact> {
        self.rules.iter().find(|r| r.kind == kind)
    }

    /// Whether event-based activation handlers may not call `api`.
    #[must_use]
    pub fn blocked_in_event_handlers(&self, api: &str) -> bool {
        self.event_blocked.apis.iter().any(|a| a == api)
    }

    /// Whether the table member `m` is a UI API no Microsoft page covers for event handlers.
    #[must_use]
    pub fn member_undocumented_in_event_handlers(&self, m: &Member) -> bool {
        self.undocumented_members
            .iter()
            .any(|(i, n)| n == m.name && i == m.interface)
    }

    /// Whether event-based activation handlers may not call the table member `m`.
    #[must_use]
    pub fn member_blocked_in_event_handlers(&self, m: &Member) -> bool {
        self.blocked_members
            .iter()
            .any(|(i, n)| n == m.name && i == m.interface)
    }

    /// The facts of a launch event, by its XML or unified name.
    #[must_use]
    pub fn launch_event(&self, name: &str) -> Option<&LaunchEventFact> {
        self.launch_events
            .iter()
            .find(|e| e.xml.iter().chain(&e.json).any(|n| n == name))
    }

    /// The supplementary permission an API needs, if any.
    #[must_use]
    pub fn supplementary_for(&self, iface: &str, name: &str) -> Option<&Supplementary> {
        self.supplementary.iter().find(|s| {
            s.apis
                .iter()
                .any(|a| a.split_once('.') == Some((iface, name)))
        })
    }

    /// The supplementary permission a unified-manifest name grants, if any.
    #[must_use]
    pub fn supplementary_by_json(&self, json_name: &str) -> Option<&Supplementary> {
        self.supplementary
            .iter()
            .find(|s| s.json.iter().any(|j| j == json_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_tier_is_an_error_at_its_line() {
        let text = DATA.replacen("tier = \"ReadItem\"", "tier = \"ReadItems\"", 1);
        let line = text
            .lines()
            .position(|l| l.contains("\"ReadItems\""))
            .expect("replaced")
            + 1;
        let err = toml::from_str::<File>(&text)
            .err()
            .expect("an error")
            .to_string();
        assert!(err.contains(&format!("line {line}")), "{err}");
        assert!(
            err.contains("`ReadItems` is not a permission tier"),
            "{err}"
        );
    }

    #[test]
    fn every_fact_resolves_and_cites_a_source() {
        let ov = get();
        assert!(ov.unresolved.is_empty(), "unresolved: {:?}", ov.unresolved);
        for facts in ov.facts.values() {
            for f in facts {
                assert!(!f.source.trim().is_empty() && !f.reason.trim().is_empty());
            }
        }
        assert!(!ov.ews.source.is_empty() && !ov.cast_source.is_empty());
        for f in &ov.statuses {
            let (i, n) = f.api.split_once('.').expect("Interface.member");
            assert!(super::super::own_member(i, n).is_some(), "{}", f.api);
            assert!(!f.reason.trim().is_empty() && !f.source.trim().is_empty());
        }
        for r in &ov.rules {
            assert!(!r.source.is_empty(), "{}", r.kind);
        }
        for s in &ov.supplementary {
            assert!(!s.source.is_empty());
            for a in &s.apis {
                let (i, n) = a.split_once('.').expect("Interface.member");
                assert!(super::super::own_member(i, n).is_some(), "{a}");
            }
        }
        for c in &ov.casts {
            assert!(
                super::super::interface(&c.returns).is_some(),
                "{}",
                c.returns
            );
        }
        for t in Tier::ALL {
            assert!(!ov.tier_description(t).is_empty(), "{t}");
        }
        assert!(!ov.event_blocked.source.is_empty());
        assert!(!ov.event_undocumented.source.is_empty());
        for a in ov
            .event_blocked
            .apis
            .iter()
            .chain(&ov.event_undocumented.apis)
        {
            // A table member (`Office.Mailbox.x`) must exist; shared paths start lower-case.
            let (i, n) = a
                .strip_prefix("Office.")
                .and_then(|r| r.split_once('.'))
                .expect("Office.<Interface or namespace>.<member>");
            if i.starts_with(char::is_uppercase) {
                assert!(super::super::own_member(i, n).is_some(), "{a}");
            }
        }
        for e in &ov.launch_events {
            assert!(!e.source.is_empty() && e.xml.len() == e.json.len());
        }
    }

    #[test]
    fn ews_has_the_seventeen_operations() {
        let ov = get();
        assert_eq!(ov.ews.operations.len(), 17);
        assert!(ov.ews_allowed("GetItem") && ov.ews_allowed("ResolveNames"));
        assert!(!ov.ews_allowed("DeleteItem"));
    }
}
