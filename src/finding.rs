//! Findings: plain data with a code, a severity, a message, a place and help.

use serde::Serialize;

use crate::source::Location;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information worth knowing; never fails a run.
    Note,
    /// Something to fix; fails a run with `--fail-on warning`.
    Warning,
    /// Something that breaks the add-in or its least-privilege promise.
    Error,
}

impl Severity {
    /// The lowercase name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code.
    pub code: &'static str,
    /// The severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where (absent for findings about a whole run).
    pub location: Option<Location>,
    /// What to do about it.
    pub help: Option<String>,
    /// A fingerprint that survives unrelated edits: the code, the file, the text around the
    /// finding and its rank among identical ones (empty until the audit sets it).
    pub fingerprint: String,
}

impl Finding {
    /// A finding of `code` with its default severity.
    #[must_use]
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            location: None,
            help: None,
            fingerprint: String::new(),
        }
    }

    /// Sets the place.
    #[must_use]
    pub fn at(mut self, location: Location) -> Finding {
        self.location = Some(location);
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// The sort key: file, line, column, code.
    #[must_use]
    pub fn sort_key(&self) -> (Option<&Location>, &'static str, &str) {
        (self.location.as_ref(), self.code, &self.message)
    }
}

/// FNV-1a, 64 bits: a small, stable, dependency-free hash for fingerprints (not security).
#[must_use]
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
