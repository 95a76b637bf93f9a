//! The knowledge base: which Office JavaScript API needs which permission tier.
//!
//! Two sources, kept apart so that every fact can be traced:
//! - [`generated`]: interfaces and members read from the pinned `@types/office-js` typings
//!   by the generator in `codegen.rs` (`UPDATE_GENERATED=1 cargo test --lib codegen`);
//! - [`overrides`]: the small hand-kept table in `data/overrides.toml`, each entry with its
//!   reason and citation (conflicts with Microsoft's permissions page, EWS operations,
//!   activation rules, supplementary permissions, roots the typings do not declare).
//!
//! Lookups go through [`Kb`], which merges the two: where they disagree the stricter tier wins.

#[cfg(test)]
pub(crate) mod codegen;
#[rustfmt::skip]
mod generated;
pub mod overrides;

use serde::Serialize;

use crate::tiers::Tier;

pub use generated::{INTERFACES, MEMBERS, SOURCE_PACKAGE, SOURCE_VERSION};

/// The name of the pseudo-interface that holds the `Office` namespace's own variables
/// (`Office.context`).
pub const ROOT: &str = "";

/// Whether a member is a property or a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A property (or a namespace variable).
    Property,
    /// A method; its `ty` is the return type.
    Method,
}

/// Where a member's generated tier comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TierFrom {
    /// The member's own `Minimum permission level` line.
    Member,
    /// The enclosing interface's `Minimum permission level` line.
    Interface,
    /// The `Minimum permission level` line of the interface that is the property's type.
    PropertyType,
    /// No line documents a tier for this member.
    None,
}

/// What the typings' warnings say of a member's fate, strongest last (overloads merge to
/// the strongest).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No warning.
    #[default]
    Current,
    /// "Entity-based contextual Outlook add-ins are now retired".
    Retired,
    /// "The Outlook REST v2.0 and beta endpoints are now deprecated".
    LegacyRest,
    /// Useful only with Exchange Web Services, which Exchange Online blocks (hand-kept facts
    /// only: the typings say nothing of it).
    LegacyEws,
    /// "Legacy Exchange Online user identity tokens and callback tokens are no longer
    /// supported and are turned off across all Microsoft 365 tenants".
    LegacyTokens,
}

/// Outlook modes (surfaces), as a bit set.
pub mod modes {
    /// Reading a message.
    pub const MESSAGE_READ: u8 = 1;
    /// Composing a message.
    pub const MESSAGE_COMPOSE: u8 = 2;
    /// Reading an appointment (attendee).
    pub const APPOINTMENT_ATTENDEE: u8 = 4;
    /// Composing an appointment (organizer).
    pub const APPOINTMENT_ORGANIZER: u8 = 8;
    /// Every mode.
    pub const ALL: u8 = 15;

    /// The modes a manifest names, or every mode when it names none.
    #[must_use]
    pub fn or_all(bits: u8) -> u8 {
        if bits == 0 { ALL } else { bits }
    }
    /// The read surfaces.
    pub const READ: u8 = MESSAGE_READ | APPOINTMENT_ATTENDEE;
    /// The compose surfaces.
    pub const COMPOSE: u8 = MESSAGE_COMPOSE | APPOINTMENT_ORGANIZER;

    /// Parses the typings' `Applicable Outlook mode` text (`Compose or Read`,
    /// `Message Read`, `Appointment Organizer, Appointment Attendee`); 0 when unknown.
    #[must_use]
    pub fn parse(text: &str) -> u8 {
        let mut bits = 0;
        for part in text.split([',', ';']).flat_map(|p| p.split(" or ")) {
            bits |= match part.trim().to_ascii_lowercase().as_str() {
                "compose" => COMPOSE,
                "read" => READ,
                "message read" => MESSAGE_READ,
                "message compose" => MESSAGE_COMPOSE,
                "appointment attendee" | "appointment read" => APPOINTMENT_ATTENDEE,
                "appointment organizer" | "appointment compose" => APPOINTMENT_ORGANIZER,
                _ => 0,
            };
        }
        bits
    }

    /// The names of the modes in a bit set, for reports.
    #[must_use]
    pub fn names(bits: u8) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (bit, name) in [
            (MESSAGE_READ, "Message Read"),
            (MESSAGE_COMPOSE, "Message Compose"),
            (APPOINTMENT_ATTENDEE, "Appointment Attendee"),
            (APPOINTMENT_ORGANIZER, "Appointment Organizer"),
        ] {
            if bits & bit != 0 {
                out.push(name);
            }
        }
        out
    }
}

/// An interface of the `Office` namespace, as the typings declare it.
#[derive(Debug)]
pub struct Interface {
    /// The name inside `Office` (`Body`, `AddinCommands.Event`).
    pub name: &'static str,
    /// The interfaces it extends.
    pub extends: &'static [&'static str],
    /// The interface's own documented tier.
    pub tier: Option<Tier>,
    /// The documented modes ([`modes`] bits; 0 when not stated).
    pub modes: u8,
    /// The requirement set minor version (`Mailbox 1.x`), when tagged.
    pub set: Option<u8>,
    /// The line in the typings.
    pub line: u32,
}

/// A member (property or method) of an interface, as the typings declare it.
#[derive(Debug)]
pub struct Member {
    /// The interface's name ([`ROOT`] for namespace variables).
    pub interface: &'static str,
    /// The member's name.
    pub name: &'static str,
    /// Property or method.
    pub kind: Kind,
    /// The property's type, or the method's return type, as written (whitespace folded).
    pub ty: &'static str,
    /// The `Office` interfaces that `ty` refers to (through unions, intersections, arrays, generics).
    pub refs: &'static [&'static str],
    /// The tier the typings give, directly or by inheritance.
    pub tier: Option<Tier>,
    /// Where `tier` comes from.
    pub tier_from: TierFrom,
    /// The documented modes ([`modes`] bits), the member's own or else its interface's.
    pub modes: u8,
    /// The `Applicable Outlook mode` text as written (may be empty).
    pub mode_text: &'static str,
    /// The `Mailbox 1.x` minor version; untagged members get their interface's, else 1.
    pub set: u8,
    /// The `[Api set: …]` text as written (empty when untagged).
    pub set_text: &'static str,
    /// Whether every declaration of the member is `@deprecated`.
    pub deprecated: bool,
    /// What its warnings say of its fate.
    pub status: Status,
    /// The line of the first declaration in the typings.
    pub line: u32,
}

/// Where a member's tier comes from.
#[derive(Debug, Clone, Copy)]
pub enum TierOrigin {
    /// The typings' `Minimum permission level`.
    Typings,
    /// A hand-kept fact stricter than the typings (or the only tier there is).
    Override(&'static overrides::Fact),
    /// No tier anywhere, with the reason when one is stated.
    Untiered(Option<&'static str>),
}

/// A member's tier and its origin.
#[derive(Debug, Clone, Copy)]
pub struct TierDecision {
    /// The tier, if any source gives one.
    pub tier: Option<Tier>,
    /// Where it comes from.
    pub origin: TierOrigin,
}

impl Member {
    /// `Office.Interface.member` (or `Office.member` for namespace variables).
    #[must_use]
    pub fn api(&self) -> String {
        if self.interface == ROOT {
            format!("Office.{}", self.name)
        } else {
            format!("Office.{}.{}", self.interface, self.name)
        }
    }

    /// The tier this member needs, and where it comes from: the one decision `apis`,
    /// `explain` and the audit all use. The typings' `Minimum permission level` stands unless
    /// a hand-kept fact (`data/overrides.toml`) is stricter: facts only ever raise a tier, so
    /// an advised tier is never below what a cited source says.
    #[must_use]
    pub fn tier_decision(&self) -> TierDecision {
        let ov = overrides::get();
        let (tier, origin) = match (self.tier, ov.tier_override(self.interface, self.name)) {
            (Some(t), Some(f)) if f.tier > t => (Some(f.tier), TierOrigin::Override(f)),
            (Some(t), _) => (Some(t), TierOrigin::Typings),
            (None, Some(f)) => (Some(f.tier), TierOrigin::Override(f)),
            (None, None) => (
                None,
                TierOrigin::Untiered(ov.untiered_reason(self.interface)),
            ),
        };
        TierDecision { tier, origin }
    }

    /// What this member's fate is: a hand-kept fact (`[[status]]` in `data/overrides.toml`)
    /// where there is one, else what the typings' warnings say. With the fact, when it decides.
    #[must_use]
    pub fn status_decision(&self) -> (Status, Option<&'static overrides::StatusFact>) {
        match overrides::get().status_fact(self.interface, self.name) {
            Some(f) => (f.status, Some(f)),
            None => (self.status, None),
        }
    }

    /// Whether the member depends on legacy Exchange tokens, Outlook REST or EWS.
    #[must_use]
    pub fn legacy(&self) -> bool {
        matches!(
            self.status_decision().0,
            Status::LegacyTokens | Status::LegacyRest | Status::LegacyEws
        )
    }

    /// The tier this member needs ([`Member::tier_decision`]).
    #[must_use]
    pub fn effective_tier(&self) -> Option<Tier> {
        self.tier_decision().tier
    }

    /// The requirement set as `Mailbox 1.x`.
    #[must_use]
    pub fn requirement_set(&self) -> String {
        format!("Mailbox 1.{}", self.set)
    }
}

/// Finds an interface by name.
#[must_use]
pub fn interface(name: &str) -> Option<&'static Interface> {
    INTERFACES
        .binary_search_by(|i| i.name.cmp(name))
        .ok()
        .and_then(|i| INTERFACES.get(i))
}

/// Finds a member declared directly on `iface`.
#[must_use]
pub fn own_member(iface: &str, name: &str) -> Option<&'static Member> {
    MEMBERS
        .binary_search_by(|m| (m.interface, m.name).cmp(&(iface, name)))
        .ok()
        .and_then(|i| MEMBERS.get(i))
}

/// Finds a member on `iface` or, failing that, on the interfaces it extends.
#[must_use]
pub fn member(iface: &str, name: &str) -> Option<&'static Member> {
    let mut stack = vec![iface];
    let mut seen = 0;
    while let Some(i) = stack.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        if let Some(m) = own_member(i, name) {
            return Some(m);
        }
        if let Some(decl) = interface(i) {
            stack.extend(decl.extends.iter().rev());
        }
    }
    None
}

/// The members named `name` on any of `types` (or the interfaces they extend), without repeats.
#[must_use]
pub fn step(types: &[&'static str], name: &str) -> Vec<&'static Member> {
    let mut out: Vec<&'static Member> = Vec::new();
    for t in types {
        if let Some(m) = member(t, name)
            && !out.iter().any(|o| std::ptr::eq(*o, m))
        {
            out.push(m);
        }
    }
    out
}

/// The interface and every interface that extends it, directly or not: what a value typed
/// as a base interface (`ItemRead`, whose members the typings declare only on `MessageRead`
/// and `AppointmentRead`) may be at run time.
#[must_use]
pub fn with_subtypes(name: &'static str) -> Vec<&'static str> {
    let mut out = vec![name];
    let mut i = 0;
    while let Some(&t) = out.get(i) {
        for sub in INTERFACES.iter().filter(|x| x.extends.contains(&t)) {
            if !out.contains(&sub.name) {
                out.push(sub.name);
            }
        }
        i += 1;
    }
    out
}

/// The interfaces the members' types refer to, without repeats, in table order.
#[must_use]
pub fn refs_of(members: &[&'static Member]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = members
        .iter()
        .flat_map(|m| m.refs.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Follows `segs` from the interfaces `start`; returns the members the last segment names.
#[must_use]
pub fn resolve_path(start: &[&'static str], segs: &[&str]) -> Vec<&'static Member> {
    let mut types: Vec<&'static str> = start.to_vec();
    let mut found = Vec::new();
    for seg in segs {
        found = step(&types, seg);
        types = refs_of(&found);
    }
    found
}

/// The highest tier any member of these interfaces (or the interfaces they extend) needs:
/// what a computed access (`item[name]`) on such a value could need at most.
#[must_use]
pub fn most_needed(types: &[&'static str]) -> Option<Tier> {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<&str> = types.to_vec();
    let mut best: Option<Tier> = None;
    while let Some(t) = stack.pop() {
        if seen.contains(&t) || seen.len() > 256 {
            continue;
        }
        seen.push(t);
        for m in declared_on(t) {
            best = best.max(m.effective_tier());
        }
        if let Some(i) = interface(t) {
            stack.extend(i.extends.iter().copied());
        }
    }
    best
}

/// The members declared on the interface itself (not inherited), in table order.
fn declared_on(iface: &str) -> impl Iterator<Item = &'static Member> + '_ {
    let start = MEMBERS.partition_point(|m| m.interface < iface);
    MEMBERS
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(move |m| m.interface == iface)
}

/// The most that anything reachable from a value of these interfaces needs, in the given
/// modes ([`modes`] bits): every member of each interface (and of the interfaces it
/// extends) that applies in those modes, and, through their types, every member of the
/// interfaces those reach. This is the bound on what code the audit cannot see could do with
/// such a value: the item of a read-only add-in reaches `ReadWriteItem` (through
/// `categories.addAsync`), a composed item and the mailbox `ReadWriteMailbox` (through
/// `item.sendAsync`, `makeEwsRequestAsync`), the body of a read item `ReadItem`.
#[must_use]
pub fn reachable_tier(types: &[&'static str], modes: u8) -> Tier {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<&'static str> = types.to_vec();
    let mut best = Tier::Restricted;
    while let Some(t) = stack.pop() {
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        if seen.len() > 1024 {
            // A bound, never reached by the typings: nothing above the strictest tier.
            return Tier::ReadWriteMailbox;
        }
        for m in declared_on(t).filter(|m| m.modes == 0 || modes == 0 || m.modes & modes != 0) {
            best = best.max(m.effective_tier().unwrap_or(Tier::Restricted));
            stack.extend(m.refs.iter().copied());
        }
        if let Some(i) = interface(t) {
            stack.extend(i.extends.iter().copied());
        }
    }
    best
}

/// All members named `name`, on any interface.
pub fn members_named(name: &str) -> impl Iterator<Item = &'static Member> + '_ {
    MEMBERS.iter().filter(move |m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_value_can_reach() {
        let item = resolve_path(&[ROOT], &["context", "mailbox", "item"]);
        let types = refs_of(&item);
        // Read mode too: `item.categories.addAsync` needs ReadWriteItem (the typings'
        // `Minimum permission level`), so an item that escapes can reach that much.
        assert_eq!(
            reachable_tier(&types, modes::MESSAGE_READ),
            Tier::ReadWriteItem
        );
        // Composing: `item.sendAsync` (Mailbox 1.15) needs ReadWriteMailbox.
        assert_eq!(
            reachable_tier(&types, modes::MESSAGE_READ | modes::MESSAGE_COMPOSE),
            Tier::ReadWriteMailbox
        );
        let body = resolve_path(&[ROOT], &["context", "mailbox", "item", "body"]);
        assert_eq!(
            reachable_tier(&refs_of(&body), modes::MESSAGE_READ),
            Tier::ReadItem
        );
        let mailbox = resolve_path(&[ROOT], &["context", "mailbox"]);
        assert_eq!(
            reachable_tier(&refs_of(&mailbox), modes::MESSAGE_READ),
            Tier::ReadWriteMailbox
        );
    }

    #[test]
    fn tables_are_sorted_without_duplicates() {
        for w in INTERFACES.windows(2) {
            assert!(w[0].name < w[1].name, "{} !< {}", w[0].name, w[1].name);
        }
        for w in MEMBERS.windows(2) {
            assert!(
                (w[0].interface, w[0].name) < (w[1].interface, w[1].name),
                "{} !< {}",
                w[0].api(),
                w[1].api()
            );
        }
    }

    #[test]
    fn every_reference_and_base_is_a_known_interface() {
        for m in MEMBERS {
            assert!(
                m.interface == ROOT || interface(m.interface).is_some(),
                "{}",
                m.api()
            );
            for r in m.refs {
                assert!(interface(r).is_some(), "{} refers to unknown {r}", m.api());
            }
        }
        for i in INTERFACES {
            for b in i.extends {
                assert!(interface(b).is_some(), "{} extends unknown {b}", i.name);
            }
        }
    }

    #[test]
    fn every_outlook_member_has_a_tier_or_a_stated_reason() {
        // Members without a documented tier are either reached only through a member that has
        // one (their tier is then the parent's), or belong to interfaces the typings leave
        // untiered; each such interface is listed in the overrides with its reason.
        let ov = overrides::get();
        for m in MEMBERS {
            if m.effective_tier().is_none() {
                assert!(
                    ov.untiered_reason(m.interface).is_some(),
                    "{} has no tier and its interface `{}` has no stated reason in data/overrides.toml",
                    m.api(),
                    m.interface
                );
            }
        }
    }

    #[test]
    fn about_490_members_carry_a_tier() {
        let n = MEMBERS.iter().filter(|m| m.tier.is_some()).count();
        assert!((450..700).contains(&n), "{n} members carry a tier");
    }

    #[test]
    fn well_known_members_have_their_documented_tiers() {
        // Spot checks against Microsoft's documentation of each member (and, for
        // Subject/Location.setAsync and getCallbackTokenAsync, the hand-kept facts).
        let spots = [
            ("Mailbox.makeEwsRequestAsync", Tier::ReadWriteMailbox),
            ("Mailbox.getCallbackTokenAsync", Tier::ReadItem),
            ("Body.setAsync", Tier::ReadWriteItem),
            ("MessageRead.from", Tier::ReadItem),
            ("RoamingSettings.set", Tier::Restricted),
            ("AppointmentCompose.organizer", Tier::ReadWriteItem),
            ("AppointmentRead.organizer", Tier::ReadItem),
            ("Mailbox.masterCategories", Tier::ReadWriteMailbox),
            ("MessageCompose.sensitivityLabel", Tier::ReadWriteItem),
            ("Mailbox.loadItemByIdAsync", Tier::ReadWriteMailbox),
            ("Mailbox.userProfile", Tier::ReadItem),
            ("Mailbox.diagnostics", Tier::ReadItem),
            ("Mailbox.ewsUrl", Tier::ReadItem),
            ("Mailbox.restUrl", Tier::ReadItem),
            ("Mailbox.convertToRestId", Tier::Restricted),
            ("Mailbox.displayMessageForm", Tier::ReadItem),
            ("Mailbox.displayNewMessageForm", Tier::ReadItem),
            ("Mailbox.getUserIdentityTokenAsync", Tier::ReadItem),
            ("Mailbox.item", Tier::Restricted),
            ("MessageRead.subject", Tier::ReadItem),
            ("Subject.setAsync", Tier::ReadWriteItem),
            ("Subject.getAsync", Tier::ReadItem),
            ("Location.setAsync", Tier::ReadWriteItem),
            ("Body.getAsync", Tier::ReadItem),
            ("Body.prependAsync", Tier::ReadWriteItem),
            ("Body.setSelectedDataAsync", Tier::ReadWriteItem),
            ("Body.appendOnSendAsync", Tier::ReadWriteItem),
            ("Recipients.addAsync", Tier::ReadWriteItem),
            ("Recipients.getAsync", Tier::ReadItem),
            ("MessageCompose.addFileAttachmentAsync", Tier::ReadWriteItem),
            ("MessageCompose.removeAttachmentAsync", Tier::ReadWriteItem),
            ("MessageCompose.saveAsync", Tier::ReadWriteItem),
            ("MessageCompose.sendAsync", Tier::ReadWriteMailbox),
            ("MessageCompose.close", Tier::Restricted),
            ("MessageCompose.to", Tier::ReadItem),
            ("MessageRead.attachments", Tier::ReadItem),
            ("MessageRead.getRegExMatches", Tier::ReadItem),
            ("MessageRead.getEntitiesByType", Tier::Restricted),
            ("MessageRead.displayReplyForm", Tier::ReadItem),
            ("MessageRead.internetMessageId", Tier::ReadItem),
            ("MessageRead.getAllInternetHeadersAsync", Tier::ReadItem),
            ("InternetHeaders.setAsync", Tier::ReadWriteItem),
            ("CustomProperties.set", Tier::ReadItem),
            ("Categories.addAsync", Tier::ReadWriteItem),
            ("Categories.getAsync", Tier::ReadItem),
            ("MasterCategories.addAsync", Tier::ReadWriteMailbox),
            ("Time.setAsync", Tier::ReadWriteItem),
            ("AppointmentRead.start", Tier::ReadItem),
            ("RoamingSettings.saveAsync", Tier::Restricted),
            ("NotificationMessages.addAsync", Tier::ReadItem),
            ("UserProfile.emailAddress", Tier::ReadItem),
            ("Diagnostics.hostName", Tier::ReadItem),
        ];
        assert!(spots.len() >= 40);
        for (api, tier) in spots {
            let (iface, name) = api.split_once('.').expect("Interface.member");
            let m = own_member(iface, name).unwrap_or_else(|| panic!("{api} is not in the table"));
            assert_eq!(m.effective_tier(), Some(tier), "{api}");
        }
    }

    #[test]
    fn mode_text_parses() {
        assert_eq!(modes::parse("Compose or Read"), modes::ALL);
        assert_eq!(modes::parse("Message Compose, Message Read"), 3);
        assert_eq!(
            modes::parse(" Appointment Attendee"),
            modes::APPOINTMENT_ATTENDEE
        );
        assert_eq!(modes::parse(""), 0);
    }
}
