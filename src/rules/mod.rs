//! The rules: each judges the scanner's facts and the manifest, and emits findings.
//!
//! One file per rule, each with its docs and metadata ([`RuleMeta`]); [`ALL`] lists every
//! rule once, in code order. Codes are stable and never reused: a removed rule's code stays
//! reserved. Prefixes group them: `AUD` (the audit's own suppressions), `TIER` (permission
//! tiers), `EVT` (event-based activation), `EWS`, `GRAPH` (Microsoft Graph scopes), `LEG`
//! (legacy Exchange APIs), `SUP`
//! (supplementary permissions), `REQ` (requirement sets), `JS` (source analysis), `MAN`
//! (manifest).

use crate::finding::{Finding, Severity};
use crate::kb::{Member, modes};
use crate::manifest::{ActivationRule, Manifest};
use crate::modules::Missing;
use crate::modules::entry::Entry;
pub use crate::modules::file::ScannedFile;
use crate::source::Location;
use crate::source::Span;
use crate::tiers::Tier;
pub use judgement::{Gap, GapKind, Judgement};

/// A rule's static metadata and documentation.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// The stable code (`TIER001`).
    pub code: &'static str,
    /// The kebab-case name.
    pub name: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, how to fix.
    pub docs: &'static str,
}

/// Declares a rule: a unit struct whose `META` carries its `///` docs.
macro_rules! declare_rule {
    ($(#[doc = $d:literal])* pub $name:ident { code: $code:literal, name: $kebab:literal, severity: $sev:ident, summary: $summary:literal $(,)? }) => {
        $(#[doc = $d])*
        pub struct $name;
        impl $name {
            /// The rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $kebab,
                severity: $crate::finding::Severity::$sev,
                summary: $summary,
                docs: concat!($($d, "\n"),*),
            };
        }
    };
}

pub mod aud001_unused_suppression;
pub mod aud002_suppression_without_reason;
mod call_sites;
mod evt001_blocked_in_event_handler;
mod evt002_undocumented_in_event_handler;
mod ews001_operation_not_allowed;
mod ews002_operation_unknown;
mod graph001_scope_missing;
mod graph002_scope_unneeded;
mod graph003_admin_consent;
mod graph004_not_checkable;
mod js001_parse_error;
mod js002_unresolved_access;
mod js003_feature_probe;
mod js004_source_skipped;
mod js005_invalid_utf8;
mod js006_analysed_by_regions;
pub mod judgement;
mod leg001_legacy_exchange_api;
mod leg002_retired_api;
mod man001_unknown_permission_name;
mod man002_no_sources;
mod man003_url_not_local;
pub mod man004_too_many_files;
pub mod man005_not_strict_json;
mod man006_manifests_disagree;
mod man007_duplicate_permissions;
mod man008_invalid_extended_permission;
mod man009_nested_app_auth_declared;
mod man010_on_send_item_send;
mod man011_send_mode_block;
mod man012_launch_event_requirement;
mod man013_url_not_served;
mod mod001_unresolved_dependency;
pub mod msgraph;
mod req001_api_above_requirement_set;
mod sup001_missing_supplementary;
mod sup002_unused_supplementary;
mod tier001_code_needs_higher_tier;
mod tier002_rule_needs_higher_tier;
mod tier003_over_privileged;
mod tier004_over_privilege_unverified;
pub mod token;

/// A rule's check: reads the audit, appends findings.
type Check = fn(&Context<'_>, &mut Vec<Finding>);

/// Every rule, in code order, with its check.
const REGISTRY: &[(RuleMeta, Check)] = &[
    (
        aud001_unused_suppression::UnusedSuppression::META,
        aud001_unused_suppression::check,
    ),
    (
        aud002_suppression_without_reason::SuppressionWithoutReason::META,
        aud002_suppression_without_reason::check,
    ),
    (
        evt001_blocked_in_event_handler::BlockedInEventHandler::META,
        evt001_blocked_in_event_handler::check,
    ),
    (
        evt002_undocumented_in_event_handler::UndocumentedInEventHandler::META,
        evt002_undocumented_in_event_handler::check,
    ),
    (
        ews001_operation_not_allowed::EwsOperationNotAllowed::META,
        ews001_operation_not_allowed::check,
    ),
    (
        ews002_operation_unknown::EwsOperationUnknown::META,
        ews002_operation_unknown::check,
    ),
    (
        graph001_scope_missing::GraphScopeMissing::META,
        graph001_scope_missing::check,
    ),
    (
        graph002_scope_unneeded::GraphScopeUnneeded::META,
        graph002_scope_unneeded::check,
    ),
    (
        graph003_admin_consent::GraphAdminConsent::META,
        graph003_admin_consent::check,
    ),
    (
        graph004_not_checkable::GraphNotCheckable::META,
        graph004_not_checkable::check,
    ),
    (
        js001_parse_error::ParseError::META,
        js001_parse_error::check,
    ),
    (
        js002_unresolved_access::UnresolvedAccess::META,
        js002_unresolved_access::check,
    ),
    (
        js003_feature_probe::FeatureProbe::META,
        js003_feature_probe::check,
    ),
    (
        js004_source_skipped::SourceSkipped::META,
        js004_source_skipped::check,
    ),
    (
        js005_invalid_utf8::InvalidUtf8::META,
        js005_invalid_utf8::check,
    ),
    (
        js006_analysed_by_regions::AnalysedByRegions::META,
        js006_analysed_by_regions::check,
    ),
    (
        leg001_legacy_exchange_api::LegacyExchangeApi::META,
        leg001_legacy_exchange_api::check,
    ),
    (
        leg002_retired_api::RetiredApi::META,
        leg002_retired_api::check,
    ),
    (
        man001_unknown_permission_name::UnknownPermissionName::META,
        man001_unknown_permission_name::check,
    ),
    (man002_no_sources::NoSources::META, man002_no_sources::check),
    (
        man003_url_not_local::UrlNotLocal::META,
        man003_url_not_local::check,
    ),
    (
        man004_too_many_files::TooManyFiles::META,
        man004_too_many_files::check,
    ),
    (
        man005_not_strict_json::NotStrictJson::META,
        man005_not_strict_json::check,
    ),
    (
        man006_manifests_disagree::ManifestsDisagree::META,
        man006_manifests_disagree::check,
    ),
    (
        man007_duplicate_permissions::DuplicatePermissions::META,
        man007_duplicate_permissions::check,
    ),
    (
        man008_invalid_extended_permission::InvalidExtendedPermission::META,
        man008_invalid_extended_permission::check,
    ),
    (
        man009_nested_app_auth_declared::NestedAppAuthDeclared::META,
        man009_nested_app_auth_declared::check,
    ),
    (
        man010_on_send_item_send::OnSendItemSend::META,
        man010_on_send_item_send::check,
    ),
    (
        man011_send_mode_block::SendModeBlock::META,
        man011_send_mode_block::check,
    ),
    (
        man012_launch_event_requirement::LaunchEventRequirement::META,
        man012_launch_event_requirement::check,
    ),
    (
        man013_url_not_served::UrlNotServed::META,
        man013_url_not_served::check,
    ),
    (
        mod001_unresolved_dependency::UnresolvedDependency::META,
        mod001_unresolved_dependency::check,
    ),
    (
        req001_api_above_requirement_set::ApiAboveRequirementSet::META,
        req001_api_above_requirement_set::check,
    ),
    (
        sup001_missing_supplementary::MissingSupplementary::META,
        sup001_missing_supplementary::check,
    ),
    (
        sup002_unused_supplementary::UnusedSupplementary::META,
        sup002_unused_supplementary::check,
    ),
    (
        tier001_code_needs_higher_tier::CodeNeedsHigherTier::META,
        tier001_code_needs_higher_tier::check,
    ),
    (
        tier002_rule_needs_higher_tier::RuleNeedsHigherTier::META,
        tier002_rule_needs_higher_tier::check,
    ),
    (
        tier003_over_privileged::OverPrivileged::META,
        tier003_over_privileged::check,
    ),
    (
        tier004_over_privilege_unverified::OverPrivilegeUnverified::META,
        tier004_over_privilege_unverified::check,
    ),
];

/// Every rule's metadata, in code order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    REGISTRY.iter().map(|(m, _)| m)
}

/// The code of the rule with this code or name (any case): what a configuration may name.
#[must_use]
pub fn known_code(code: &str) -> Option<&'static str> {
    by_code(code).map(|m| m.code)
}

/// The rule with this code or name (`TIER003`, `tier003`, `over-privileged`; any case).
#[must_use]
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    all().find(|m| m.code.eq_ignore_ascii_case(code) || m.name.eq_ignore_ascii_case(code))
}

/// A use resolved against the manifest's modes: one member, one tier.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedUse<'a> {
    /// The file.
    pub file: &'a ScannedFile,
    /// The member it is taken to be.
    pub member: &'static Member,
    /// The tier it needs.
    pub tier: Tier,
    /// The member name's span.
    pub span: Span,
    /// Only a feature probe.
    pub probe: bool,
    /// The requirement set an enclosing guard guarantees.
    pub guarded_set: Option<u8>,
    /// Runs only where legacy Exchange tokens work (a token-status or account-type check).
    pub token_guarded: bool,
    /// Among the members the use may be (in the manifest's modes), the one from the oldest
    /// requirement set: `item.from` is Mailbox 1.1 when reading and 1.7 when composing, and
    /// a requirement-set warning must hold for every mode.
    pub oldest: &'static Member,
}

impl ResolvedUse<'_> {
    /// Where the use is.
    #[must_use]
    pub fn location(&self) -> Location {
        self.file.location(self.span)
    }
}

/// An HTTP request made with the callback token, judged ([`token::need`]).
#[derive(Debug, Clone)]
pub struct ResolvedRequest<'a> {
    /// The file.
    pub file: &'a ScannedFile,
    /// The request.
    pub request: &'a crate::scan::TokenRequest,
    /// Where the token came from: the `getCallbackTokenAsync` member name.
    pub call: Span,
    /// What it needs.
    pub need: token::Need,
}

impl ResolvedRequest<'_> {
    /// Where the request is made.
    #[must_use]
    pub fn location(&self) -> Location {
        self.file.location(self.request.span)
    }
}

/// What forces a tier: a code use or an activation rule.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The tier it needs.
    pub tier: Tier,
    /// What it is (`Office.Body.setAsync`, `<Rule xsi:type="ItemHasAttachment">`).
    pub what: String,
    /// Where.
    pub location: Location,
}

/// Everything the rules see for one manifest.
pub struct Context<'a> {
    /// The manifest.
    pub manifest: &'a Manifest,
    /// The files of its module graph.
    pub files: Vec<&'a ScannedFile>,
    /// Per file: spans of functions none of this manifest's handlers can reach.
    excluded: Vec<Vec<Span>>,
    /// The manifest's entry points and where they map.
    pub entries: &'a [Entry],
    /// Dependencies that could not be followed.
    pub missing: &'a [Missing],
    /// Files beyond `max-files` that were not followed.
    pub truncated: usize,
    /// Whether cross-module types settled.
    pub settled: bool,
    /// Entry points whose pages load no code of the add-in (a stub, or a template a build
    /// fills in): their code was not found.
    pub codeless: Vec<usize>,
    /// Code the add-in's pages may reach by a way the audit does not follow (a framework's
    /// client-side routes), with the tier it would need: a gap when that is more than found.
    pub navigable: Vec<Gap>,
    /// Every use that counts, resolved.
    pub uses: Vec<ResolvedUse<'a>>,
    /// Every request made with a callback token that counts, judged.
    pub requests: Vec<ResolvedRequest<'a>>,
    /// Every flow of a callback token that counts: from the callbacks, then into the global
    /// functions other scripts define (with the file each is in and the call it came from).
    pub token_flows: Vec<(&'a ScannedFile, &'a crate::scan::TokenFlow, Span)>,
    /// Global functions a token is passed to that no script of the add-in defines.
    pub unfollowed_globals: Vec<(Location, String)>,
    /// Where the add-in's users' mailboxes are.
    pub exchange: crate::settings::Exchange,
    /// The add-in's manifests in the other format (an XML manifest's unified twin).
    pub twins: &'a [&'a Manifest],
    /// MSAL scopes another module exports, resolved through the module graph.
    pub imported_scopes: Vec<ImportedScopes<'a>>,
    /// The add-in's Microsoft Graph privilege, read once ([`Context::graph`]).
    graph: std::cell::OnceCell<msgraph::Model<'a>>,
    /// The tier judgement, made once ([`Context::judgement`]).
    judgement: std::cell::OnceCell<Judgement>,
}

/// The scopes of an MSAL call in one file that another module exports.
#[derive(Debug, Clone, Copy)]
pub struct ImportedScopes<'a> {
    /// The file of the call.
    pub file: &'a ScannedFile,
    /// The call's span.
    pub call: Span,
    /// For a call that passes them to a function (a [`crate::scan::ScopeArg`]): the
    /// argument's position; `None` for an MSAL call's own request.
    pub argument: Option<usize>,
    /// The module that exports them.
    pub target: &'a ScannedFile,
    /// The scopes, with their spans in `target`.
    pub scopes: &'a [(String, Span)],
}

/// Picks the member and tier of a use: candidates outside the manifest's modes are dropped
/// (unless that drops all), then the strictest remaining tier counts. Also returns the
/// remaining candidate from the oldest requirement set.
pub(crate) fn resolve_candidates(
    candidates: &[&'static Member],
    manifest_modes: u8,
    named_modes: u8,
) -> Option<(&'static Member, Tier, &'static Member)> {
    let in_mode: Vec<&'static Member> = candidates
        .iter()
        .copied()
        .filter(|m| m.modes == 0 || m.modes & manifest_modes != 0)
        .collect();
    let pool = if in_mode.is_empty() {
        candidates.to_vec()
    } else {
        in_mode
    };
    // Of members with the same tier, the one of a mode the manifest names by item type: only
    // which name is shown, never which tier.
    let named = |m: &Member| m.modes & named_modes != 0;
    let (member, tier) = pool
        .iter()
        .filter_map(|m| m.effective_tier().map(|t| (*m, t)))
        .fold(
            None,
            |best: Option<(&'static Member, Tier)>, (m, t)| match best {
                Some((_, bt)) if bt > t => best,
                Some((bm, bt)) if bt == t && (named(bm) || !named(m)) => best,
                _ => Some((m, t)),
            },
        )?;
    let oldest = pool.iter().copied().min_by_key(|m| m.set).unwrap_or(member);
    Some((member, tier, oldest))
}

impl<'a> Context<'a> {
    /// Builds the audit: resolves every use that counts against the manifest's modes.
    #[must_use]
    pub fn new(
        manifest: &'a Manifest,
        files: Vec<&'a ScannedFile>,
        excluded: Vec<Vec<Span>>,
        entries: &'a [Entry],
        missing: &'a [Missing],
    ) -> Self {
        let mut a = Context {
            manifest,
            files,
            excluded,
            entries,
            missing,
            truncated: 0,
            settled: true,
            codeless: Vec::new(),
            navigable: Vec::new(),
            uses: Vec::new(),
            requests: Vec::new(),
            token_flows: Vec::new(),
            unfollowed_globals: Vec::new(),
            exchange: crate::settings::Exchange::default(),
            twins: &[],
            imported_scopes: Vec::new(),
            graph: std::cell::OnceCell::new(),
            judgement: std::cell::OnceCell::new(),
        };
        let mut uses = Vec::new();
        for (i, f) in a.files.iter().enumerate() {
            for u in &f.facts.uses {
                if !a.counts_at(i, u.span) {
                    continue;
                }
                if let Some((member, tier, oldest)) =
                    resolve_candidates(&u.candidates, manifest.modes, manifest.named_modes)
                {
                    uses.push(ResolvedUse {
                        file: f,
                        member,
                        tier,
                        span: u.span,
                        probe: u.probe,
                        guarded_set: u.guarded_set,
                        token_guarded: u.token_guarded,
                        oldest,
                    });
                }
            }
        }
        a.uses = uses;
        let mut requests = Vec::new();
        let mut flows: Vec<(&'a ScannedFile, &'a crate::scan::TokenFlow, Span)> = Vec::new();
        for (i, f) in a.files.iter().enumerate() {
            for flow in f.facts.tokens.iter().filter(|t| a.counts_at(i, t.call)) {
                flows.push((f, flow, flow.call));
            }
        }
        // Into the global functions other scripts define (bounded: a helper may call itself).
        let mut seen: Vec<(&str, usize)> = Vec::new();
        let mut next = 0;
        while let Some(&(f, flow, call)) = flows.get(next) {
            next += 1;
            for g in &flow.global_calls {
                let defined: Vec<(&'a ScannedFile, &'a crate::scan::TokenFn)> = a
                    .files
                    .iter()
                    .flat_map(|h| {
                        h.facts
                            .token_fns
                            .iter()
                            .filter(|t| t.name == g.name && t.index == g.index)
                            .map(move |t| (*h, t))
                    })
                    .collect();
                if defined.is_empty() {
                    a.unfollowed_globals
                        .push((f.location(g.span), g.name.clone()));
                    continue;
                }
                if seen.contains(&(g.name.as_str(), g.index)) || seen.len() > 64 {
                    continue;
                }
                seen.push((g.name.as_str(), g.index));
                flows.extend(defined.into_iter().map(|(h, t)| (h, &t.flow, call)));
            }
        }
        for &(f, flow, call) in &flows {
            for r in &flow.requests {
                requests.push(ResolvedRequest {
                    file: f,
                    request: r,
                    call,
                    need: token::need(r),
                });
            }
        }
        a.token_flows = flows;
        a.requests = requests;
        a
    }

    /// The add-in's Microsoft Graph privilege (what the GRAPH rules and the report share), read
    /// on first use: set [`Context::imported_scopes`] before.
    pub fn graph(&self) -> &msgraph::Model<'a> {
        self.graph.get_or_init(|| msgraph::Model::of(self))
    }

    /// The manifest's judgement (evidence, required tier, gaps, verdict), made on first use:
    /// set every field before.
    pub fn judgement(&self) -> &Judgement {
        self.judgement.get_or_init(|| Judgement::of(self))
    }

    /// Where the token of the `getCallbackTokenAsync` use `u` goes, if it was followed.
    #[must_use]
    pub fn token_flow(&self, u: &ResolvedUse<'_>) -> Option<&'a crate::scan::TokenFlow> {
        let f = self.files.iter().find(|f| std::ptr::eq(**f, u.file))?;
        f.facts.tokens.iter().find(|t| t.call == u.span)
    }

    fn counts_at(&self, file: usize, span: Span) -> bool {
        self.excluded.get(file).is_none_or(|ex| {
            !ex.iter()
                .any(|e| e.start <= span.start && span.end <= e.end)
        })
    }

    /// Whether a fact of `file` at `span` counts for this manifest: it is not inside a
    /// function only other manifests' handlers reach.
    #[must_use]
    pub fn counts(&self, file: &ScannedFile, span: Span) -> bool {
        self.files
            .iter()
            .position(|f| std::ptr::eq(*f, file))
            .is_none_or(|i| self.counts_at(i, span))
    }

    /// A location in the manifest.
    #[must_use]
    pub fn manifest_location(&self, span: Span) -> Location {
        self.manifest.source.location(span)
    }

    /// The findings for the problems the manifest's parser recorded under `code`.
    pub fn manifest_problems(&self, code: &str, out: &mut Vec<Finding>) {
        for p in self.manifest.problems.iter().filter(|p| p.code == code) {
            let mut f = Finding::new(p.code, p.severity, p.message.clone())
                .at(self.manifest_location(p.span));
            if let Some(h) = &p.help {
                f = f.with_help(h.clone());
            }
            out.push(f);
        }
    }

    /// The tier an activation rule needs.
    #[must_use]
    pub fn activation_rule_tier(rule: &ActivationRule) -> Tier {
        let ov = crate::kb::overrides::get();
        match ov.rule(&rule.kind) {
            Some(fact) if rule.kind == "ItemHasKnownEntity" => {
                if rule
                    .entity
                    .as_deref()
                    .is_some_and(|e| fact.restricted_entities.iter().any(|r| r == e))
                {
                    Tier::Restricted
                } else {
                    fact.tier()
                }
            }
            Some(fact) => fact.tier(),
            None => Tier::Restricted,
        }
    }

    /// Everything that needs more than Restricted, strictest first, then by place.
    #[must_use]
    pub fn evidence(&self) -> Vec<Evidence> {
        let mut out = Vec::new();
        for u in self.uses.iter().filter(|u| !u.probe) {
            out.push(Evidence {
                tier: u.tier,
                what: u.member.api(),
                location: u.location(),
            });
        }
        for r in &self.requests {
            if let token::Need::Tier(tier, _) = r.need {
                out.push(Evidence {
                    tier,
                    what: format!("{} with the callback token", token::describe(r.request)),
                    location: r.location(),
                });
            }
        }
        for r in &self.manifest.activation_rules {
            let tier = Self::activation_rule_tier(r);
            out.push(Evidence {
                tier,
                what: r.markup(),
                location: self.manifest_location(r.span),
            });
        }
        out.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then_with(|| a.location.cmp(&b.location))
        });
        out
    }

    /// How many files could not be analysed completely.
    #[must_use]
    pub fn incomplete_files(&self) -> usize {
        self.files.iter().filter(|f| f.incomplete()).count()
    }
}

/// Runs every rule.
#[must_use]
pub fn check(audit: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, check) in REGISTRY {
        check(audit, &mut out);
    }
    out
}

/// The names of the modes the manifest activates in, for messages.
#[must_use]
pub fn mode_names(bits: u8) -> String {
    if bits == modes::ALL {
        "every mode".to_owned()
    } else {
        modes::names(bits).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_documented() {
        let mut seen = std::collections::HashSet::new();
        let mut prev = "";
        for m in all() {
            assert!(seen.insert(m.code), "duplicate {}", m.code);
            assert!(m.code > prev, "registry not in code order at {}", m.code);
            prev = m.code;
            let letters = m.code.trim_end_matches(|c: char| c.is_ascii_digit());
            assert!(
                letters.chars().all(|c| c.is_ascii_uppercase()) && !letters.is_empty(),
                "{}",
                m.code
            );
            assert_eq!(m.code.len() - letters.len(), 3, "{}", m.code);
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
            assert!(m.docs.contains("## What it does"), "{}", m.code);
            assert!(m.docs.contains("## Why is this bad?"), "{}", m.code);
            assert!(!m.summary.is_empty());
        }
        let codes: Vec<&str> = all().map(|m| m.code).collect();
        assert_eq!(
            codes,
            [
                "AUD001", "AUD002", "EVT001", "EVT002", "EWS001", "EWS002", "GRAPH001", "GRAPH002",
                "GRAPH003", "GRAPH004", "JS001", "JS002", "JS003", "JS004", "JS005", "JS006",
                "LEG001", "LEG002", "MAN001", "MAN002", "MAN003", "MAN004", "MAN005", "MAN006",
                "MAN007", "MAN008", "MAN009", "MAN010", "MAN011", "MAN012", "MAN013", "MOD001",
                "REQ001", "SUP001", "SUP002", "TIER001", "TIER002", "TIER003", "TIER004"
            ],
            "codes are stable: never rename or reuse one"
        );
    }
}
