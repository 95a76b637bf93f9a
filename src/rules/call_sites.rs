//! Every call of a function, found by name: what lets a value that leaves a function by name
//! (scopes a helper takes, a token or an Office value it returns) be followed to all of its
//! calls, or be known not to be.
//!
//! The scan follows values inside a file; a function (or class member) the add-in's other
//! files name is reached from there by name. [`CallSites`] re-reads, on demand, the files that
//! spell such a name and says whether every use of it is a direct call the audit read
//! ([`crate::scan::calls`]); [`spelled_elsewhere`] is the quick question "does any other file
//! name it at all". Both are asked only for add-ins that have such functions, so the scan's hot
//! path never pays for them.

use std::collections::HashMap;
use std::rc::Rc;

use crate::modules::file::ScannedFile;
use crate::scan::TokenFlow;

/// The text of an audited file: the scan's, or read and decoded again (the scan keeps only the
/// text of files that mention Office). `None` when it cannot be read.
fn text_of(f: &ScannedFile) -> Option<Rc<str>> {
    if f.source.text.is_empty() {
        let bytes = std::fs::read(&f.path).ok()?;
        Some(crate::source::decode_owned(bytes).0.into())
    } else {
        Some(f.source.text.as_str().into())
    }
}

/// The token flows from the calls of one name: each with its file.
pub(crate) type Flows<'f> = Vec<(&'f ScannedFile, TokenFlow)>;

/// Every call of a function, found by name in the audited files, when the audit can tell it
/// saw them all ([`crate::scan::calls`]): each file that spells the name is a script it can
/// parse, small enough, and uses the name only in direct calls. Read on demand, once per
/// name.
pub(crate) struct CallSites<'f> {
    files: Vec<&'f ScannedFile>,
    /// Each file's text, once read ([`text_of`]).
    texts: Vec<std::cell::OnceCell<Option<Rc<str>>>>,
    cache: HashMap<(String, bool), Option<Vec<usize>>>,
    /// The token flows from the calls of (name, promise, method), once followed.
    flows: HashMap<(String, bool, bool), Option<Flows<'f>>>,
    /// Bytes parsed so far, against [`CallSites::BUDGET`].
    spent: usize,
    /// Whether the audit saw all the add-in's code (no gap hides any): otherwise no list is
    /// complete.
    code_seen: bool,
}

impl<'f> CallSites<'f> {
    /// Files larger than this (analysed by regions) are not re-read: a name in one is not
    /// known to be called only directly.
    const LARGEST: usize = 2 << 20;
    /// Bytes re-read per manifest, at most: past it, names are not known to be complete.
    const BUDGET: usize = 16 << 20;

    pub(crate) fn new(files: &[&'f ScannedFile], code_seen: bool) -> Self {
        CallSites {
            files: files.to_vec(),
            texts: vec![std::cell::OnceCell::new(); files.len()],
            cache: HashMap::new(),
            flows: HashMap::new(),
            spent: 0,
            code_seen,
        }
    }

    /// The argument counts of every call of `name`, or `None` when some use of it is not a
    /// direct call the audit can read (or it cannot tell).
    pub(crate) fn all(&mut self, name: &str) -> Option<&Vec<usize>> {
        self.all_of(name, false)
    }

    /// [`CallSites::all`], for a function or (`method`) a class method: only member uses
    /// count then.
    fn all_of(&mut self, name: &str, method: bool) -> Option<&Vec<usize>> {
        let key = (name.to_owned(), method);
        if !self.cache.contains_key(&key) {
            let found = self.read(name, method);
            self.cache.insert(key.clone(), found);
        }
        self.cache.get(&key).and_then(Option::as_ref)
    }

    fn read(&mut self, name: &str, method: bool) -> Option<Vec<usize>> {
        let mut calls = Vec::new();
        self.each_script(name, |f, text| {
            let uses = crate::scan::calls::uses(
                text,
                crate::scan::source_type_for(&f.path),
                &[name],
                method,
            )?;
            if let Some(u) = uses.get(name) {
                if u.other {
                    return None;
                }
                calls.extend(&u.calls);
            }
            Some(())
        })?;
        Some(calls)
    }

    /// Runs `read` on the text of every audited file that spells `name`: `None` when one of
    /// them is not a script it can read within the limits (or `read` says so), or when code
    /// is hidden from the audit.
    fn each_script(
        &mut self,
        name: &str,
        mut read: impl FnMut(&'f ScannedFile, &str) -> Option<()>,
    ) -> Option<()> {
        if !self.code_seen {
            return None;
        }
        for (i, f) in self.files.clone().into_iter().enumerate() {
            let text = self.texts.get(i)?.get_or_init(|| text_of(f)).clone()?;
            if !text.contains(name) {
                continue;
            }
            let script = f.kind == crate::source::SourceKind::Script
                && f.path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| crate::source::SCRIPT_EXTS.contains(&e));
            self.spent += text.len();
            if !script || text.len() > Self::LARGEST || self.spent > Self::BUDGET {
                return None;
            }
            read(f, &text)?;
        }
        Some(())
    }

    /// The token every call of `name` gives (a promise of it when `promise`), followed from
    /// each call: `None` unless every use of `name` is a direct call the audit read.
    pub(crate) fn token_flows(
        &mut self,
        name: &str,
        promise: bool,
        method: bool,
    ) -> Option<Flows<'f>> {
        let key = (name.to_owned(), promise, method);
        if let Some(done) = self.flows.get(&key) {
            return done.clone();
        }
        let found = self.follow_calls(name, promise, method);
        self.flows.insert(key, found.clone());
        found
    }

    fn follow_calls(&mut self, name: &str, promise: bool, method: bool) -> Option<Flows<'f>> {
        self.all_of(name, method)?;
        let mut out = Vec::new();
        self.each_script(name, |f, text| {
            let flows = crate::scan::calls::token_flows(
                text,
                crate::scan::source_type_for(&f.path),
                name,
                promise,
                method,
            )?;
            out.extend(flows.into_iter().map(|flow| (f, flow)));
            Some(())
        })?;
        Some(out)
    }

    /// Whether the recorded arguments for parameter `index` of `name` are those of every call
    /// that passes one.
    pub(crate) fn complete(&mut self, name: &str, index: usize, recorded: usize) -> bool {
        self.all(name)
            .is_some_and(|calls| calls.iter().filter(|n| **n > index).count() == recorded)
    }
}

/// Whether an audited file other than `here` spells `name` (read again where its text was not
/// kept; a file that cannot be read counts as spelling it): a function of `here` returning a
/// value may have callers there that the scan of `here` did not follow.
pub(crate) fn spelled_elsewhere(files: &[&ScannedFile], here: &ScannedFile, name: &str) -> bool {
    files
        .iter()
        .filter(|f| !std::ptr::eq(**f, here))
        .any(|f| text_of(f).is_none_or(|text| text.contains(name)))
}
