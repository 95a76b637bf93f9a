//! The four Outlook add-in permission tiers and their order.
//!
//! The tiers are cumulative: each one allows everything the tier below it allows
//! (Microsoft, "Understanding Outlook add-in permissions").

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An Outlook add-in permission tier, ordered from least to most privileged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// `Restricted`: the default; only members that say nothing about the user or the item.
    Restricted,
    /// `ReadItem`: read every property of the current item, get a callback token, write custom properties.
    ReadItem,
    /// `ReadWriteItem`: read and write the current item, add and remove its attachments.
    ReadWriteItem,
    /// `ReadWriteMailbox`: everything, plus EWS requests and a token that reaches the whole mailbox.
    ReadWriteMailbox,
}

impl Tier {
    /// Every tier, least privileged first.
    pub const ALL: [Tier; 4] = [
        Tier::Restricted,
        Tier::ReadItem,
        Tier::ReadWriteItem,
        Tier::ReadWriteMailbox,
    ];

    /// The name used in the XML manifest's `<Permissions>` element.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Restricted => "Restricted",
            Tier::ReadItem => "ReadItem",
            Tier::ReadWriteItem => "ReadWriteItem",
            Tier::ReadWriteMailbox => "ReadWriteMailbox",
        }
    }

    /// The wording of the typings' `Minimum permission level` lines.
    #[must_use]
    pub const fn doc_name(self) -> &'static str {
        match self {
            Tier::Restricted => "restricted",
            Tier::ReadItem => "read item",
            Tier::ReadWriteItem => "read/write item",
            Tier::ReadWriteMailbox => "read/write mailbox",
        }
    }

    /// What the tier lets an add-in do, in plain words, for someone deciding whether to
    /// deploy it: each tier's own additions (the tiers are cumulative). From Microsoft's
    /// "Understanding Outlook add-in permissions" (`outlook-add-in-permissions.md` in the
    /// team's references) and, for the install rule, "Privacy, permissions, and security for
    /// Outlook add-ins" (the platform reference's R20).
    #[must_use]
    pub const fn allows(self) -> &'static [&'static str] {
        match self {
            Tier::Restricted => &[
                "Nothing about you or the item you have open: no subject, body, recipients or attachments.",
                "It may only look for phone numbers, addresses and web links in the item to decide when to appear.",
            ],
            Tier::ReadItem => &[
                "Read the message or appointment you have open: subject, body, people and attachments.",
                "Get a token that fetches that item and its attachments from the mail server.",
                "Save its own data on that item.",
            ],
            Tier::ReadWriteItem => &[
                "Change the item you have open or are writing: its body, subject, recipients, times and location.",
                "Add and remove that item's attachments.",
            ],
            Tier::ReadWriteMailbox => &[
                "Read and change every message, appointment and folder in your mailbox, not only the item you have open.",
                "Create items and send mail as you.",
                "Only an administrator can install it: users cannot add it themselves.",
            ],
        }
    }

    /// Everything the tier allows, its own additions and those of the tiers below it, the
    /// highest first (Restricted's "nothing about you" only for Restricted itself).
    pub fn allows_all(self) -> impl Iterator<Item = &'static str> {
        Tier::ALL
            .into_iter()
            .rev()
            .filter(move |t| *t <= self && (*t > Tier::Restricted || self == Tier::Restricted))
            .flat_map(|t| t.allows().iter().copied())
    }

    /// The tier in a few plain words.
    #[must_use]
    pub const fn summary(self) -> &'static str {
        match self {
            Tier::Restricted => "no access to your mail",
            Tier::ReadItem => "reads the item you have open",
            Tier::ReadWriteItem => "reads and changes the item you have open",
            Tier::ReadWriteMailbox => "reads, changes and sends any mail in your mailbox",
        }
    }

    /// The unified (JSON) manifest's resource-specific permission name for this tier.
    #[must_use]
    pub const fn json_name(self) -> &'static str {
        match self {
            Tier::Restricted => "MailboxItem.Restricted.User",
            Tier::ReadItem => "MailboxItem.Read.User",
            Tier::ReadWriteItem => "MailboxItem.ReadWrite.User",
            Tier::ReadWriteMailbox => "Mailbox.ReadWrite.User",
        }
    }

    /// Parses the typings' wording (`read/write item`), tolerating stray spaces and case.
    #[must_use]
    pub fn from_doc(text: &str) -> Option<Tier> {
        let norm: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase()
            .replace(" / ", "/");
        Tier::ALL.into_iter().find(|t| t.doc_name() == norm)
    }

    /// Parses a unified-manifest permission name.
    #[must_use]
    pub fn from_json_name(name: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.json_name() == name)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Tier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read from the XML spelling: a misspelt tier in a data file is an error at its line, never
/// a default.
impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The error for a string that names no tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTier(pub String);

impl fmt::Display for UnknownTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a permission tier; expected one of Restricted, ReadItem, ReadWriteItem, ReadWriteMailbox",
            self.0
        )
    }
}

impl std::error::Error for UnknownTier {}

impl FromStr for Tier {
    type Err = UnknownTier;

    /// Parses the XML manifest spelling, exactly (the schema is case-sensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTier(s.to_owned()))
    }
}

/// The verdict for one manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The declared tier is what the add-in needs.
    Ok,
    /// The add-in needs more than it declares: it fails at run time.
    Under,
    /// The add-in declares more than it needs.
    Over,
    /// The code found needs less than declared, but the analysis is incomplete: no lower
    /// tier is advised.
    Unverified,
}

impl Verdict {
    /// `ok`, `under`, `over` or `unverified`, as JSON and SARIF write it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Under => "under",
            Verdict::Over => "over",
            Verdict::Unverified => "unverified",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictly_ordered_and_round_trips() {
        for pair in Tier::ALL.windows(2) {
            assert!(pair[0] < pair[1]);
        }
        for t in Tier::ALL {
            assert_eq!(t.as_str().parse::<Tier>(), Ok(t));
            assert_eq!(Tier::from_doc(t.doc_name()), Some(t));
            assert_eq!(Tier::from_json_name(t.json_name()), Some(t));
        }
    }

    #[test]
    fn doc_wording_tolerates_spaces() {
        assert_eq!(
            Tier::from_doc(" read /  write  item "),
            Some(Tier::ReadWriteItem)
        );
        assert_eq!(Tier::from_doc("Read Item"), Some(Tier::ReadItem));
        assert_eq!(Tier::from_doc("write item"), None);
    }

    #[test]
    fn xml_spelling_is_exact() {
        assert!("readitem".parse::<Tier>().is_err());
        assert!("ReadWrite".parse::<Tier>().is_err());
    }
}
