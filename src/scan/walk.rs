//! Following `Office` chains through the AST (see [`super`]).
//!
//! A work list of (expression node, type) pairs: each item climbs its parents while the
//! parent extends the chain (member access, call, parentheses, TypeScript wrappers) and, where
//! the chain is stored (`const x = …`, destructuring, a single assignment), queues the
//! binding's read references with the same type. No recursion over the AST, so deep code
//! cannot overflow the stack here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    ArrowFunctionBody, AssignmentOperator, AssignmentTarget, BinaryOperator, BindingPattern,
    Declaration, ExportDefaultDeclarationKind, Expression, FormalParameters, IdentifierReference,
    ImportDeclarationSpecifier, LogicalOperator, ModuleExportName, TSType, TSTypeName,
    UnaryOperator,
};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

use super::{ApiUse, CallOut, Escape, EwsCall, OfficeType, Reach, Seeds, TokenFlow, Unresolved};
use crate::kb::{self, Kind, Member, overrides};
use crate::source::Span;

/// Stop following after this many steps in one file (a bound, never reached by real code).
const MAX_WORK: usize = 2_000_000;

/// What an expression evaluates to, as far as the typings tell.
#[derive(Debug, Clone)]
pub(super) enum Ty {
    /// The `Office` namespace.
    Office,
    /// `Office.cast`.
    Cast,
    /// `Office.cast.item`.
    CastItem,
    /// `Office.cast.item.toX`, returning the named interface.
    CastFn(&'static str),
    /// A value of one of these interfaces.
    Ifaces(Vec<&'static str>),
    /// The value of a member access: properties give their types, methods can be called.
    Members(Vec<&'static Member>),
    /// A function whose call returns a value of this type.
    Returns(Box<Ty>),
    /// A module's namespace object (`import * as m`, `require("m")`): its Office-typed exports.
    Namespace(Arc<BTreeMap<String, Ty>>),
    /// A shared (not Outlook-specific) namespace the typings table does not hold, followed
    /// only for the members event handlers may not call: `Office.context.auth`,
    /// `Office.devicePermission`.
    Shared(&'static str),
    /// A React context whose `Provider` is given a value of this type: `useContext` of it
    /// gives the value.
    Context(Box<Ty>),
}

impl PartialEq for Ty {
    fn eq(&self, other: &Self) -> bool {
        fn same(a: &[&'static Member], b: &[&'static Member]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(*x, *y))
        }
        match (self, other) {
            (Ty::Office, Ty::Office) | (Ty::Cast, Ty::Cast) | (Ty::CastItem, Ty::CastItem) => true,
            (Ty::CastFn(a), Ty::CastFn(b)) | (Ty::Shared(a), Ty::Shared(b)) => a == b,
            (Ty::Ifaces(a), Ty::Ifaces(b)) => a == b,
            (Ty::Members(a), Ty::Members(b)) => same(a, b),
            (Ty::Returns(a), Ty::Returns(b)) | (Ty::Context(a), Ty::Context(b)) => a == b,
            (Ty::Namespace(a), Ty::Namespace(b)) => a == b,
            _ => false,
        }
    }
}

impl Ty {
    /// The properties a member value may be (its methods left out).
    fn properties(ms: &[&'static Member]) -> Vec<&'static Member> {
        ms.iter()
            .copied()
            .filter(|m| m.kind == Kind::Property)
            .collect()
    }

    fn property_types(&self) -> Vec<&'static str> {
        match self {
            Ty::Ifaces(v) => v.clone(),
            Ty::Members(ms) => kb::refs_of(&Ty::properties(ms)),
            _ => Vec::new(),
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Ty::Office => "Office".to_owned(),
            Ty::Cast => "Office.cast".to_owned(),
            Ty::CastItem => "Office.cast.item".to_owned(),
            Ty::CastFn(r) => format!("Office.cast.item → {r}"),
            Ty::Returns(t) => format!("a function returning {}", t.describe()),
            Ty::Namespace(_) => "an object holding Office values".to_owned(),
            Ty::Shared(p) => (*p).to_owned(),
            Ty::Context(t) => format!("a React context of {}", t.describe()),
            other => {
                let types = other.property_types();
                match types.as_slice() {
                    [] => "an Office value".to_owned(),
                    [one] => format!("Office.{one}"),
                    [first, rest @ ..] => {
                        format!("Office.{first} (or {} related types)", rest.len())
                    }
                }
            }
        }
    }
}

/// The result of one member step.
struct Step {
    candidates: Vec<&'static Member>,
    ty: Ty,
}

fn member_step(ty: &Ty, name: &str) -> Option<Step> {
    match ty {
        Ty::Office => {
            if name == "cast" {
                Some(Step {
                    candidates: Vec::new(),
                    ty: Ty::Cast,
                })
            } else {
                let m = kb::own_member(kb::ROOT, name)?;
                Some(Step {
                    candidates: vec![m],
                    ty: Ty::Members(vec![m]),
                })
            }
        }
        Ty::Cast => (name == "item").then_some(Step {
            candidates: Vec::new(),
            ty: Ty::CastItem,
        }),
        Ty::CastItem => {
            let c = overrides::get().casts.iter().find(|c| c.function == name)?;
            let ret = kb::interface(&c.returns)?.name;
            Some(Step {
                candidates: Vec::new(),
                ty: Ty::CastFn(ret),
            })
        }
        Ty::CastFn(_) | Ty::Returns(_) | Ty::Shared(_) | Ty::Context(_) => None,
        Ty::Namespace(exports) => exports.get(name).map(|t| Step {
            candidates: Vec::new(),
            ty: t.clone(),
        }),
        Ty::Ifaces(_) | Ty::Members(_) => {
            let types = ty.property_types();
            let candidates = kb::step(&types, name);
            if candidates.is_empty() {
                return None;
            }
            Some(Step {
                ty: Ty::Members(candidates.clone()),
                candidates,
            })
        }
    }
}

fn call_result(ty: &Ty) -> Option<Ty> {
    match ty {
        // The cast's type and what extends it: `toItemRead` gives an `ItemRead`, whose
        // members are declared on `MessageRead` and `AppointmentRead`.
        Ty::CastFn(r) => Some(Ty::Ifaces(kb::with_subtypes(r))),
        Ty::Returns(t) => Some((**t).clone()),
        Ty::Members(ms) => {
            let methods: Vec<&'static Member> = ms
                .iter()
                .copied()
                .filter(|m| m.kind == Kind::Method)
                .collect();
            if methods.is_empty() {
                return None;
            }
            let refs = kb::refs_of(&methods);
            (!refs.is_empty()).then_some(Ty::Ifaces(refs))
        }
        _ => None,
    }
}

/// The Office interfaces a TypeScript type names (`Office.MessageCompose`), if any. Only
/// names qualified with `Office.` count: a bare `Body` may be the add-in's own type.
fn ts_ifaces(ty: &TSType<'_>) -> Option<Vec<&'static str>> {
    fn name(n: &TSTypeName<'_>) -> String {
        match n {
            TSTypeName::IdentifierReference(id) => id.name.to_string(),
            TSTypeName::QualifiedName(q) => format!("{}.{}", name(&q.left), q.right.name),
            TSTypeName::ThisExpression(_) => String::new(),
        }
    }
    let mut out = Vec::new();
    let mut push = |t: &TSType<'_>| -> bool {
        if let TSType::TSTypeReference(r) = t {
            let full = name(&r.type_name);
            if let Some(i) = full.strip_prefix("Office.").and_then(kb::interface) {
                // A base type (`Office.ItemRead`) stands for what extends it.
                for s in kb::with_subtypes(i.name) {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
                return true;
            }
        }
        false
    };
    let ok = match ty {
        TSType::TSUnionType(u) => u.types.iter().all(&mut push),
        TSType::TSIntersectionType(u) => u.types.iter().all(&mut push),
        other => push(other),
    };
    (ok && !out.is_empty()).then_some(out)
}

/// How many different Office types one binding is followed with.
const MAX_TYPES_PER_BINDING: usize = 4;

pub(super) struct Walker<'s, 'a> {
    sem: &'s Semantic<'a>,
    base: u32,
    seeds: &'s Seeds,
    work: Vec<(NodeId, Ty)>,
    /// The type each followed binding was given first (what an export carries).
    sym_types: HashMap<SymbolId, Ty>,
    /// Other types a binding was given, each followed too.
    more_types: HashMap<SymbolId, Vec<Ty>>,
    guards: Vec<(Span, u8)>,
    /// `export default <Office value>`.
    default_export: Option<Ty>,
    /// `exports.x = <Office value>` / `module.exports.x = …`.
    cjs_exports: BTreeMap<String, Ty>,
    pub(super) uses: Vec<ApiUse>,
    pub(super) unresolved: Vec<Unresolved>,
    /// Office values that leave the analysis.
    pub(super) escapes: Vec<Escape>,
    pub(super) ews: Vec<EwsCall>,
    pub(super) calls_out: Vec<CallOut>,
    /// Seeded parameters no exported function has ([`super::FileFacts::undelivered`]).
    pub(super) undelivered: Vec<(String, usize)>,
    pub(super) tokens: Vec<TokenFlow>,
    /// Uses of APIs event-based handlers may not call (`Office.context.ui.displayDialogAsync`).
    pub(super) handler_blocked: Vec<(String, Span, bool)>,
    /// `getCallbackTokenAsync` calls (call node, member name span), followed once the walk
    /// has found every URL part.
    token_calls: Vec<(NodeId, oxc_span::Span)>,
    /// The members a callback-token request URL is built from, by name start.
    url_parts: super::token::Parts,
    /// Instance fields (class node, name) an Office value was stored in, followed once.
    fields: HashSet<(NodeId, String)>,
    /// Properties (object binding, name) an Office value was stored in, followed once.
    props: HashSet<(SymbolId, String)>,
    /// AngularJS services the file registers whose instance holds Office values, with
    /// where each is registered.
    services: BTreeMap<String, (Ty, oxc_span::Span)>,
    /// The seeded services whose injection sites the file read.
    pub(super) injected_seen: Vec<String>,
    /// Office values passed to methods of injected AngularJS services.
    pub(super) service_calls: Vec<CallOut>,
    /// Seeded service parameters the file took ([`super::FileFacts::services_taken`]).
    pub(super) services_taken: Vec<(String, usize)>,
    /// A classic script (no `import`/`export`): its top-level bindings are the page's globals.
    classic: bool,
    /// Global bindings given Office values: name → (types, the declaration's span).
    globals_out: BTreeMap<String, (Vec<Ty>, oxc_span::Span)>,
    /// The seeded globals whose uses the file read.
    pub(super) global_values_seen: Vec<String>,
    /// Office values passed to global functions another script may define.
    pub(super) global_calls: Vec<CallOut>,
    /// Seeded global parameters the file took ([`super::FileFacts::globals_taken`]).
    pub(super) globals_taken: Vec<(String, usize)>,
    /// The file's AngularJS injection sites and the string literals they read, found once
    /// when first asked.
    injection: Option<(Vec<super::angular::Site<'a>>, Vec<oxc_span::Span>)>,
}

impl<'s, 'a> Walker<'s, 'a> {
    pub(super) fn new(sem: &'s Semantic<'a>, base: u32, seeds: &'s Seeds) -> Self {
        Walker {
            sem,
            base,
            seeds,
            work: Vec::new(),
            sym_types: HashMap::new(),
            more_types: HashMap::new(),
            fields: HashSet::new(),
            props: HashSet::new(),
            services: BTreeMap::new(),
            injected_seen: Vec::new(),
            service_calls: Vec::new(),
            services_taken: Vec::new(),
            injection: None,
            global_calls: Vec::new(),
            globals_taken: Vec::new(),
            classic: !sem
                .nodes()
                .program()
                .body
                .iter()
                .any(oxc_ast::ast::Statement::is_module_declaration),
            globals_out: BTreeMap::new(),
            global_values_seen: Vec::new(),
            guards: Vec::new(),
            default_export: None,
            cjs_exports: BTreeMap::new(),
            uses: Vec::new(),
            unresolved: Vec::new(),
            escapes: Vec::new(),
            ews: Vec::new(),
            calls_out: Vec::new(),
            undelivered: Vec::new(),
            tokens: Vec::new(),
            handler_blocked: Vec::new(),
            token_calls: Vec::new(),
            url_parts: super::token::Parts::new(),
        }
    }

    fn span(&self, s: oxc_span::Span) -> Span {
        Span::new(self.base + s.start, self.base + s.end)
    }

    fn node_span(&self, id: NodeId) -> oxc_span::Span {
        self.sem.nodes().kind(id).span()
    }

    pub(super) fn run(&mut self) {
        let scoping = self.sem.scoping();
        let unresolved = scoping.root_unresolved_references();
        for (name, refs) in unresolved {
            let global = match name.as_str() {
                "Office" => false,
                "window" | "self" | "globalThis" => true,
                _ => continue,
            };
            for &rid in refs {
                let node = scoping.get_reference(rid).node_id();
                if global {
                    // `window.Office` (or `window["Office"]`): the member node is the root.
                    let parent = self.sem.nodes().parent_id(node);
                    let is_office = match self.sem.nodes().kind(parent) {
                        AstKind::StaticMemberExpression(m) => {
                            m.property.name == "Office" && m.object.span() == self.node_span(node)
                        }
                        AstKind::ComputedMemberExpression(m) => {
                            matches!(&m.expression, Expression::StringLiteral(s) if s.value == "Office")
                                && m.object.span() == self.node_span(node)
                        }
                        _ => false,
                    };
                    if is_office {
                        self.work.push((parent, Ty::Office));
                    }
                } else {
                    self.work.push((node, Ty::Office));
                }
            }
        }
        // Parameters typed as an Office interface (`function f(item: Office.MessageRead)`):
        // their uses are API uses wherever the value comes from.
        if self.office_types_in_scope() {
            for node in self.sem.nodes().iter() {
                if let AstKind::FormalParameter(p) = node.kind()
                    && let Some(n) = p
                        .type_annotation
                        .as_ref()
                        .and_then(|a| ts_ifaces(&a.type_annotation))
                {
                    self.bind(&p.pattern, &Ty::Ifaces(n));
                }
            }
        }
        if !self.seeds.is_empty() {
            self.seed();
        }
        let mut steps = 0usize;
        while let Some((node, ty)) = self.work.pop() {
            steps += 1;
            if steps > MAX_WORK {
                break;
            }
            self.follow(node, ty);
        }
        // Follow each callback token to the requests that carry it.
        let calls = std::mem::take(&mut self.token_calls);
        for (node, name) in calls {
            if let AstKind::CallExpression(c) = self.sem.nodes().kind(node) {
                let flow = super::token::follow(self.sem, self.base, &self.url_parts, c, name);
                self.tokens.push(flow);
            }
        }
        // Apply requirement-set guards to the uses inside their `if` blocks.
        for u in &mut self.uses {
            for &(range, v) in &self.guards {
                if range.start <= u.span.start && u.span.end <= range.end {
                    u.guarded_set = Some(u.guarded_set.map_or(v, |g| g.max(v)));
                }
            }
        }
        // And the legacy-token checks to the uses in the branches they select.
        if !self.uses.is_empty() && super::guards::may_have(self.sem.source_text()) {
            let ranges: Vec<Span> = super::guards::token_guards(self.sem)
                .into_iter()
                .map(|r| self.span(r))
                .collect();
            for u in &mut self.uses {
                u.token_guarded = ranges
                    .iter()
                    .any(|r| r.start <= u.span.start && u.span.end <= r.end);
            }
        }
    }

    /// Whether `Office` in type positions is the global namespace: no top-level binding of
    /// that name shadows it.
    fn office_types_in_scope(&self) -> bool {
        let scoping = self.sem.scoping();
        scoping
            .get_binding(scoping.root_scope_id(), "Office".into())
            .is_none()
    }

    /// Climbs from `cur`, whose value has type `ty`, while the parent extends the chain.
    fn follow(&mut self, mut cur: NodeId, mut ty: Ty) {
        let nodes = self.sem.nodes();
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return;
            }
            let cur_span = self.node_span(cur);
            match nodes.kind(parent) {
                // `(log(), item)`: the last expression is the value.
                AstKind::SequenceExpression(s)
                    if s.expressions.last().is_some_and(|e| e.span() == cur_span) => {}
                // `await` of a promise of the value (or of the value itself) is the value.
                AstKind::ParenthesizedExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSSatisfiesExpression(_)
                | AstKind::ChainExpression(_)
                | AstKind::AwaitExpression(_) => {}
                // The value of `a || b`, `a ?? b` and `c ? a : b` may be the value itself
                // (`const item = Office.context.mailbox.item || fallback`); `a && b` is `b`.
                AstKind::LogicalExpression(l)
                    if l.operator != LogicalOperator::And || l.right.span() == cur_span => {}
                AstKind::ConditionalExpression(c) if c.test.span() != cur_span => {}
                AstKind::TSAsExpression(e) => {
                    if let Some(n) = ts_ifaces(&e.type_annotation) {
                        ty = Ty::Ifaces(n);
                    }
                }
                AstKind::TSTypeAssertion(e) => {
                    if let Some(n) = ts_ifaces(&e.type_annotation) {
                        ty = Ty::Ifaces(n);
                    }
                }
                AstKind::StaticMemberExpression(m)
                    if m.object.span() == cur_span && matches!(ty, Ty::Context(_)) =>
                {
                    let name = m.property.name.as_str();
                    if !matches!(name, "Provider" | "displayName") {
                        self.escape(cur_span, format!("read through `.{name}`"), &ty);
                    }
                    return;
                }
                AstKind::StaticMemberExpression(m) if m.object.span() == cur_span => {
                    let name = m.property.name.as_str();
                    // A promise of the value: `p.then(item => …)`, jQuery's `d.done(…)`. No
                    // Office object has such a member.
                    if matches!(name, "then" | "done" | "always") {
                        self.settled(parent, m.span, name, &ty);
                        return;
                    }
                    let Some(step) = member_step(&ty, name) else {
                        match shared_step(&ty, name) {
                            SharedStep::Into(p) => {
                                ty = Ty::Shared(p);
                                cur = parent;
                                continue;
                            }
                            SharedStep::Member(api) => {
                                let span = self.span(m.property.span);
                                self.handler_blocked.push((format!("`{api}`"), span, true));
                            }
                            SharedStep::None => {}
                        }
                        return;
                    };
                    self.record(parent, m.property.span, &step.candidates);
                    ty = step.ty;
                }
                AstKind::ComputedMemberExpression(m) if m.object.span() == cur_span => {
                    let key = match (&m.expression, super::module::literal(&m.expression)) {
                        (_, Some(k)) => Some(k),
                        // An array element (`attachments[0]`, `attachments[i]` on an
                        // array-typed member): the element has the array's type.
                        // An element of `Promise.all([…])`'s result: the value at that index.
                        (Expression::NumericLiteral(n), None) if matches!(ty, Ty::Namespace(_)) => {
                            Some(format!("{}", n.value))
                        }
                        (Expression::NumericLiteral(_), None) => {
                            cur = parent;
                            continue;
                        }
                        _ if is_array(&ty) => {
                            cur = parent;
                            continue;
                        }
                        _ => None,
                    };
                    let keys = key
                        .map(|k| vec![k])
                        .or_else(|| self.literal_keys(&m.expression));
                    if let Some(keys) = keys {
                        // One key, or each of a string-literal union (`field: "to" | "cc"`).
                        let steps: Vec<Step> =
                            keys.iter().filter_map(|k| member_step(&ty, k)).collect();
                        if steps.is_empty() {
                            return;
                        }
                        let mut candidates: Vec<&'static Member> = Vec::new();
                        for c in steps.iter().flat_map(|s| s.candidates.iter().copied()) {
                            if !candidates.iter().any(|x| std::ptr::eq(*x, c)) {
                                candidates.push(c);
                            }
                        }
                        self.record(parent, m.expression.span(), &candidates);
                        ty = match steps.as_slice() {
                            [one] => one.ty.clone(),
                            _ => Ty::Members(candidates),
                        };
                    } else {
                        self.unresolved_key(m.expression.span(), &ty);
                        return;
                    }
                }
                AstKind::CallExpression(c) if c.callee.span() == cur_span => {
                    self.office_call(parent, c, &ty);
                    match call_result(&ty) {
                        Some(t) => ty = t,
                        None => return,
                    }
                }
                AstKind::CallExpression(c) => {
                    self.passed(parent, c, cur_span, ty);
                    return;
                }
                AstKind::NewExpression(n) if n.arguments.iter().any(|a| a.span() == cur_span) => {
                    let name = super::ast::dotted(&n.callee).unwrap_or_default();
                    self.escape(cur_span, format!("passed to `new {name}`"), &ty);
                    return;
                }
                // `{ item: item }`: the object holds it under that name.
                AstKind::ObjectProperty(p) if p.value.span() == cur_span => {
                    let Some(object) = self.holding_object(parent, p, cur_span, &ty) else {
                        return;
                    };
                    ty = object_of(p.key.static_name().unwrap_or_default().to_string(), ty);
                    cur = object;
                    continue;
                }
                AstKind::ArrayExpression(_) => {
                    let Some((call, held)) = self.in_array(parent, cur, &ty) else {
                        return;
                    };
                    ty = held;
                    cur = call;
                    continue;
                }
                AstKind::ReturnStatement(r)
                    if r.argument.as_ref().is_some_and(|a| a.span() == cur_span) =>
                {
                    self.returned(parent, &ty);
                    return;
                }
                AstKind::ArrowFunctionExpression(a)
                    if !matches!(&a.body, ArrowFunctionBody::FunctionBody(_))
                        && a.body.span() == cur_span =>
                {
                    self.returned(parent, &ty);
                    return;
                }
                AstKind::ExportDefaultDeclaration(d)
                    if d.declaration
                        .as_expression()
                        .is_some_and(|e| e.span() == cur_span) =>
                {
                    self.default_export.get_or_insert(ty);
                    return;
                }
                AstKind::VariableDeclarator(d)
                    if d.init.as_ref().is_some_and(|i| i.span() == cur_span) =>
                {
                    if let Some(n) = d
                        .type_annotation
                        .as_ref()
                        .and_then(|a| ts_ifaces(&a.type_annotation))
                    {
                        ty = Ty::Ifaces(n);
                    }
                    self.bind(&d.id, &ty);
                    return;
                }
                AstKind::AssignmentExpression(a)
                    if a.right.span() == cur_span && a.operator == AssignmentOperator::Assign =>
                {
                    if let Some(name) = cjs_export_name(&a.left) {
                        self.cjs_exports.entry(name).or_insert(ty);
                        return;
                    }
                    self.assigned(&a.left, parent, cur_span, &ty);
                    return;
                }
                // Anything else (a JSX prop, a spread, a loop's iterable, a default value,
                // a thrown or yielded value, a class field) goes where the walk does not
                // follow, which bounds the advice; unless it cannot pass the value on.
                // A JSX prop of a component the file declares: its props hold it.
                AstKind::JSXExpressionContainer(_) if self.context_provider(parent, &ty) => return,
                AstKind::JSXExpressionContainer(_) if self.jsx_prop(parent, &ty) => return,
                // `<ItemContext.Provider>` gives the value; `<ItemContext.Consumer>` takes it
                // in a render function the audit does not follow.
                AstKind::JSXMemberExpression(m) if matches!(ty, Ty::Context(_)) => {
                    if m.property.name != "Provider" {
                        self.escape(
                            cur_span,
                            format!("read through `.{}`", m.property.name),
                            &ty,
                        );
                    }
                    return;
                }
                other => {
                    if !Self::consumes(nodes, parent, &other) {
                        self.escape(cur_span, Self::kind_name(&other), &ty);
                    }
                    return;
                }
            }
            cur = parent;
        }
    }

    /// A call of an Office method the audit looks into: `makeEwsRequestAsync` (its SOAP),
    /// `getCallbackTokenAsync` (its token, followed once the walk is done), `isSetSupported`
    /// (a guard).
    fn office_call(&mut self, call: NodeId, c: &oxc_ast::ast::CallExpression<'_>, ty: &Ty) {
        let Ty::Members(ms) = ty else {
            return;
        };
        if ms
            .iter()
            .any(|m| m.interface == "Mailbox" && m.name == "makeEwsRequestAsync")
        {
            let analysed = super::ews::analyse(self.sem, c, self.base);
            self.ews.push(analysed);
        }
        if ms
            .iter()
            .any(|m| m.interface == "Mailbox" && m.name == "getCallbackTokenAsync")
        {
            let name = match &c.callee {
                Expression::StaticMemberExpression(m) => m.property.span,
                Expression::ComputedMemberExpression(m) => m.expression.span(),
                other => other.span(),
            };
            self.token_calls.push((call, name));
        }
        if ms
            .iter()
            .any(|m| m.interface == "RequirementSetSupport" && m.name == "isSetSupported")
        {
            self.guard(call, c);
        }
    }

    /// A value put in an object literal's property `p` (node `property`): the object
    /// literal's node, to follow on with the object holding it. `None`, after recording an
    /// escape, for a computed key, a getter or setter, or an object whose own methods may
    /// read it as `this`.
    fn holding_object(
        &mut self,
        property: NodeId,
        p: &oxc_ast::ast::ObjectProperty<'_>,
        cur_span: oxc_span::Span,
        ty: &Ty,
    ) -> Option<NodeId> {
        let nodes = self.sem.nodes();
        let object = nodes.parent_id(property);
        let plain = !p.computed
            && p.kind == oxc_ast::ast::PropertyKind::Init
            && p.key.static_name().is_some();
        let own_this = match nodes.kind(object) {
            AstKind::ObjectExpression(o) => super::ast::methods_may_read_this(self.sem, o),
            _ => true,
        };
        if plain && !own_this {
            Some(object)
        } else {
            self.escape(cur_span, "put in an object".to_owned(), ty);
            None
        }
    }

    /// The JSX attribute whose value the `{…}` container `container` is, its name, and the
    /// element it is written on.
    fn jsx_attribute(
        &self,
        container: NodeId,
    ) -> Option<(
        &'a oxc_ast::ast::JSXAttribute<'a>,
        &'a str,
        &'a oxc_ast::ast::JSXOpeningElement<'a>,
    )> {
        let nodes = self.sem.nodes();
        let attr = nodes.parent_id(container);
        let AstKind::JSXAttribute(a) = nodes.kind(attr) else {
            return None;
        };
        let oxc_ast::ast::JSXAttributeName::Identifier(name) = &a.name else {
            return None;
        };
        let opening = nodes
            .ancestor_ids(attr)
            .take(3)
            .find_map(|n| nodes.kind(n).as_jsx_opening_element())?;
        Some((a, name.name.as_str(), opening))
    }

    /// `<ItemContext.Provider value={item}>`: the context holds the value. A context the file
    /// creates (`createContext(…)`) is followed to its `useContext` calls (and to the modules
    /// that import it); one imported from another module is handed there. False for any other
    /// element or attribute.
    fn context_provider(&mut self, container: NodeId, ty: &Ty) -> bool {
        let Some((a, attr_name, opening)) = self.jsx_attribute(container) else {
            return false;
        };
        if attr_name != "value" {
            return false;
        }
        let oxc_ast::ast::JSXElementName::MemberExpression(m) = &opening.name else {
            return false;
        };
        let oxc_ast::ast::JSXMemberExpressionObject::IdentifierReference(id) = &m.object else {
            return false;
        };
        if m.property.name != "Provider" {
            return false;
        }
        let Some(sym) = self
            .sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()
        else {
            return false;
        };
        let held = Ty::Context(Box::new(ty.clone()));
        if super::ast::creates_context(self.sem, sym) {
            self.follow_symbol(sym, &held);
            return true;
        }
        if let Some((specifier, Some(name))) = self.import_binding(sym) {
            let lost = self.escape_at(
                a.span,
                format!(
                    "given to `{}.Provider`, a context of `{specifier}` the audit does not follow",
                    id.name
                ),
                ty,
            );
            self.calls_out.push(CallOut {
                specifier,
                name,
                index: 0,
                ty: OfficeType(held),
                lost,
            });
            return true;
        }
        false
    }

    /// `<Pane item={item} />` with `Pane` a function component the file declares: its props'
    /// `item` (`({ item })`, or `props.item` of a `props` kept whole) holds the value. False
    /// when the component is anything else (a class, an import, a parameter).
    fn jsx_prop(&mut self, container: NodeId, ty: &Ty) -> bool {
        let Some((a, prop, opening)) = self.jsx_attribute(container) else {
            return false;
        };
        let oxc_ast::ast::JSXElementName::IdentifierReference(id) = &opening.name else {
            return false;
        };
        let Some(sym) = self
            .sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()
        else {
            return false;
        };
        // The components the element can be: a function the file declares, an import (its
        // module gets the props as the export's first argument; a class component takes them
        // as `this.props`; if nothing there takes them, the graph makes it an escape), or a
        // parameter (`render(Component)`): what its callers pass.
        let found = super::values::of_symbol(self.sem, sym, &id.name);
        if found.functions.is_empty() && found.imports.is_empty() {
            return false;
        }
        let props = Ty::Namespace(std::sync::Arc::new(BTreeMap::from([(
            prop.to_owned(),
            ty.clone(),
        )])));
        for params in found.functions {
            let Some(p) = params.items.first() else {
                // A component that takes no props: the value goes nowhere.
                continue;
            };
            if let BindingPattern::ObjectPattern(op) = &p.pattern
                && op.rest.is_some()
            {
                self.escape(a.span, "a JSX prop gathered with `...rest`".to_owned(), ty);
            }
            self.bind(&p.pattern, &props);
        }
        for (specifier, export) in found.imports {
            let lost = self.escape_at(
                a.span,
                format!(
                    "a JSX prop of `{}` from `{specifier}`, a component the audit does not follow",
                    id.name
                ),
                ty,
            );
            self.calls_out.push(CallOut {
                specifier,
                name: export,
                index: 0,
                ty: OfficeType(props.clone()),
                lost,
            });
        }
        for why in found.unknown {
            self.escape(
                a.span,
                format!(
                    "a JSX prop of `{}`, which may be a component the audit does not see: {why}",
                    id.name
                ),
                ty,
            );
        }
        true
    }

    /// Whether a parent ends the walk without passing the value on: it is read, tested,
    /// compared, turned into text, or only a TypeScript type.
    fn consumes(nodes: &oxc_semantic::AstNodes<'_>, parent: NodeId, kind: &AstKind<'_>) -> bool {
        match kind {
            AstKind::ExpressionStatement(_)
            | AstKind::IfStatement(_)
            | AstKind::WhileStatement(_)
            | AstKind::DoWhileStatement(_)
            | AstKind::ForStatement(_)
            | AstKind::SwitchStatement(_)
            | AstKind::SwitchCase(_)
            | AstKind::UnaryExpression(_)
            | AstKind::UpdateExpression(_)
            | AstKind::BinaryExpression(_)
            | AstKind::LogicalExpression(_)
            | AstKind::ConditionalExpression(_)
            | AstKind::TemplateLiteral(_)
            | AstKind::SequenceExpression(_)
            | AstKind::StaticMemberExpression(_)
            | AstKind::ComputedMemberExpression(_)
            | AstKind::PrivateFieldExpression(_)
            | AstKind::VariableDeclarator(_)
            | AstKind::ReturnStatement(_)
            | AstKind::ArrowFunctionExpression(_)
            | AstKind::ExportDefaultDeclaration(_)
            // `export { item }`: the module graph gives importers its type.
            | AstKind::ExportSpecifier(_)
            | AstKind::NewExpression(_) => true,
            // `x += item.subject`: arithmetic or text; `x ??= item` stores it.
            AstKind::AssignmentExpression(a) => !a.operator.is_logical(),
            // Rendered as a child of a JSX element: text on the page.
            AstKind::JSXExpressionContainer(_) => matches!(
                nodes.kind(nodes.parent_id(parent)),
                AstKind::JSXElement(_) | AstKind::JSXFragment(_)
            ),
            // A TypeScript type (`Office.AsyncResult` in an annotation): no value.
            other => {
                other.debug_name().starts_with("TS")
                    && !matches!(
                        other,
                        AstKind::TSInstantiationExpression(_) | AstKind::TSExportAssignment(_)
                    )
            }
        }
    }

    /// What a node is, in a few words, for escape messages.
    fn kind_name(kind: &AstKind<'_>) -> String {
        match kind {
            AstKind::JSXExpressionContainer(_) | AstKind::JSXAttribute(_) => {
                "put in a JSX attribute".to_owned()
            }
            AstKind::SpreadElement(_) => "spread".to_owned(),
            AstKind::ForOfStatement(_) | AstKind::ForInStatement(_) => "looped over".to_owned(),
            AstKind::ThrowStatement(_) => "thrown".to_owned(),
            AstKind::YieldExpression(_) => "yielded".to_owned(),
            AstKind::PropertyDefinition(_) => "kept in a class field".to_owned(),
            AstKind::AssignmentPattern(_) | AstKind::FormalParameter(_) => {
                "used as a default value".to_owned()
            }
            other => format!("used in {}", other.debug_name()),
        }
    }

    /// A value passed as an argument: to a local function, its parameter has the value's
    /// type (`loadItemProps(Office.context.mailbox.item)`); to an imported one, the module
    /// graph carries it over; to a React state setter, the state holds it. Passed to
    /// anything else, it leaves the analysis (`deferred.resolve(item)`).
    fn passed(
        &mut self,
        call: NodeId,
        c: &'a oxc_ast::ast::CallExpression<'a>,
        cur_span: oxc_span::Span,
        ty: Ty,
    ) {
        let Some(i) = c.arguments.iter().position(|a| a.span() == cur_span) else {
            return;
        };
        // `super(props)` in a component's constructor: the base class keeps them as
        // `this.props`, which is followed.
        if matches!(c.callee, Expression::Super(_)) && matches!(ty, Ty::Namespace(_)) {
            return;
        }
        // `resolve(item)` in a `new Promise` executor, `deferred.resolve(item)`: the promise
        // carries it (and `await`/`.then` give it back).
        let carriers = super::ast::promised_by(self.sem, &c.callee);
        if !carriers.is_empty() {
            for n in carriers {
                self.work.push((n, ty.clone()));
            }
            return;
        }
        // An AngularJS service's function, handed to the injector.
        if let Ty::Returns(instance) = &ty
            && let Some(r) = super::angular::registration(self.sem, c)
            && matches!(r.kind, "service" | "factory")
            && r.target.span() == cur_span
            && let Some(name) = r.name
        {
            self.register_service(name, instance, cur_span);
            return;
        }
        // `useContext(ItemContext)`: the value its Provider was given.
        if let Ty::Context(inner) = &ty
            && i == 0
            && let Some(callee) = super::ast::dotted(&c.callee)
            && matches!(
                callee.as_str(),
                "useContext" | "React.useContext" | "use" | "React.use"
            )
        {
            self.work.push((call, (**inner).clone()));
            return;
        }
        // Vue's reactivity: `ref(x)` holds it as `.value`; `reactive(o)`, `readonly(o)` are
        // proxies of the object itself.
        if i == 0
            && let Some(name) = self.vue_function(&c.callee)
        {
            let held = match name.as_str() {
                "ref" | "shallowRef" => Some(object_of("value".to_owned(), ty.clone())),
                "reactive" | "shallowReactive" | "readonly" | "shallowReadonly" => Some(ty.clone()),
                _ => None,
            };
            if let Some(held) = held {
                self.work.push((call, held));
                return;
            }
        }
        if let Some(f) = super::ast::local_function(self.sem, &c.callee) {
            self.bind_argument(f.params, i, cur_span, &ty);
        } else if let Some((service, method)) = self.service_method(&c.callee) {
            // `restService.getFiles(item)`: the script that registers the service is asked
            // what its method does with it.
            let lost = self.escape_at(
                cur_span,
                format!("passed to `{method}` of the AngularJS service `{service}`, which no script of the page was seen to register with that method"),
                &ty,
            );
            self.service_calls.push(CallOut {
                specifier: service,
                name: method,
                index: i,
                ty: OfficeType(ty),
                lost,
            });
        } else if let Some((specifier, name)) = self.imported_callee(&c.callee) {
            let lost = self.escape_at(
                cur_span,
                format!("passed to `{name}` of `{specifier}`, which is not a function the audit can follow"),
                &ty,
            );
            self.calls_out.push(CallOut {
                specifier,
                name,
                index: i,
                ty: OfficeType(ty),
                lost,
            });
        } else if let Some(state) = self.react_state_of_setter(&c.callee) {
            // `setSubject(item.subject)`: the state variable holds it.
            self.follow_symbol(state, &ty);
        } else if self.keeps_it(&c.callee) {
        } else if let Some(name) = self.global_callee(&c.callee) {
            // `showSender(item)` with `showSender` declared by another script of the page:
            // the scripts that declare it are asked what it does with the value.
            let lost = self.escape_at(
                cur_span,
                format!("passed to `{name}`, a global function no script of the page was seen to declare"),
                &ty,
            );
            self.global_calls.push(CallOut {
                specifier: String::new(),
                name,
                index: i,
                ty: OfficeType(ty),
                lost,
            });
        } else {
            let name = super::ast::dotted(&c.callee)
                .map_or_else(|| "a function".to_owned(), |d| format!("`{d}`"));
            // A parameter, or a property of one: the functions its callers pass.
            let found = super::values::callees(
                self.sem,
                &super::values::Bindings::default(),
                c.span,
                &c.callee,
            );
            if found.functions.is_empty() {
                self.escape(cur_span, format!("passed to {name}"), &ty);
                return;
            }
            for params in found.functions {
                self.bind_argument(params, i, cur_span, &ty);
            }
            for why in found.unknown {
                self.escape(
                    cur_span,
                    format!(
                        "passed to {name}, which may be a function the audit does not see: {why}"
                    ),
                    &ty,
                );
            }
        }
    }

    /// A value passed as argument `i` to a function with these parameters: its parameter
    /// holds it; a rest parameter is where the walk stops; past the last, the function never
    /// sees it.
    fn bind_argument(
        &mut self,
        params: &FormalParameters<'_>,
        i: usize,
        at: oxc_span::Span,
        ty: &Ty,
    ) {
        match params.items.get(i) {
            Some(p) => self.bind(&p.pattern, ty),
            None if params.rest.is_some() => {
                self.escape(at, "passed to a rest parameter".to_owned(), ty);
            }
            None => {}
        }
    }

    /// `promise.then(callback)` on a promise of a value of type `ty`: the callback's first
    /// parameter holds the value.
    fn settled(&mut self, member: NodeId, member_span: oxc_span::Span, name: &str, ty: &Ty) {
        let nodes = self.sem.nodes();
        let call = nodes.parent_id(member);
        let call_of_member = match nodes.kind(call) {
            AstKind::CallExpression(c) if c.callee.span() == member_span => Some(c),
            _ => None,
        };
        // `p.then` not called (`f(p.then)`, `p.then.bind(…)`): whoever calls it gets the value.
        let Some(c) = call_of_member else {
            self.escape(
                member_span,
                format!("`.{name}` of a promise of it, used other than called"),
                ty,
            );
            return;
        };
        let Some(first) = c.arguments.first() else {
            return;
        };
        let Some(cb) = first.as_expression() else {
            self.escape(
                first.span(),
                format!("spread into `.{name}(…)` of a promise of it"),
                ty,
            );
            return;
        };
        let found =
            super::values::callees(self.sem, &super::values::Bindings::default(), c.span, cb);
        for params in found.functions {
            self.bind_argument(params, 0, cb.span(), ty);
        }
        for why in found.unknown {
            self.escape(
                cb.span(),
                format!("given to `.{name}(…)` of a promise of it, to a function the audit does not see: {why}"),
                ty,
            );
        }
    }

    /// A value assigned (`=`) to `left`: a binding written once is followed; a binding
    /// written elsewhere too, an undeclared global, or a property it leaves the analysis
    /// through (unless it is written into the page as text).
    fn assigned(
        &mut self,
        left: &AssignmentTarget<'_>,
        at: NodeId,
        cur_span: oxc_span::Span,
        ty: &Ty,
    ) {
        match left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                let scoping = self.sem.scoping();
                match scoping.get_reference(id.reference_id()).symbol_id() {
                    Some(sym) => {
                        let writes = scoping
                            .get_resolved_references(sym)
                            .filter(|r| r.is_write())
                            .count();
                        if writes == 1 {
                            self.follow_symbol(sym, ty);
                        } else {
                            self.escape(
                                cur_span,
                                format!(
                                    "assigned to `{}`, which is assigned elsewhere too",
                                    id.name
                                ),
                                ty,
                            );
                        }
                    }
                    // An undeclared global (`item = …` in a classic script):
                    // other scripts of the page may read it.
                    None => self.escape(
                        cur_span,
                        format!("assigned to the global `{}`", id.name),
                        ty,
                    ),
                }
            }
            // A property's value written into the page: turned into text. (A whole Office
            // object stored in `x.value` is more likely a ref than an input box.)
            AssignmentTarget::StaticMemberExpression(m)
                if super::ast::PAGE_TEXT_PROPERTIES.contains(&m.property.name.as_str())
                    && matches!(ty, Ty::Members(_))
                    && !self.own_object(&m.object) => {}
            // `this.item = item` in a class: its methods' `this.item` reads hold it.
            AssignmentTarget::StaticMemberExpression(m)
                if matches!(m.object, Expression::ThisExpression(_))
                    && super::ast::this_class(self.sem, at).is_some() =>
            {
                let Some(class) = super::ast::this_class(self.sem, at) else {
                    return;
                };
                let name = m.property.name.to_string();
                if !self.fields.insert((class, name.clone())) {
                    return;
                }
                let (reads, elsewhere) = super::ast::field_reads(self.sem, class, &name);
                for r in reads {
                    self.work.push((r, ty.clone()));
                }
                if let Some(why) = elsewhere {
                    self.escape(cur_span, format!("stored in `this.{name}`: {why}"), ty);
                }
            }
            // `vm.item = item`, `store.item = item`: the binding's `.item` reads hold it.
            // `vm.item = item`, `store.item = item`: the binding's `.item` reads hold it; the
            // store leaves the analysis too unless the binding is an object literal read only
            // through static members.
            AssignmentTarget::StaticMemberExpression(m)
                if !self.property_store(&m.object, m.property.name.as_str(), ty) => {}
            target => {
                let name = target
                    .as_simple_assignment_target()
                    .and_then(|t| t.as_member_expression())
                    .and_then(|m| {
                        Some(format!(
                            "{}.{}",
                            super::ast::dotted(m.object())?,
                            m.static_property_name()?
                        ))
                    })
                    .map_or_else(|| "a property".to_owned(), |n| format!("`{n}`"));
                self.escape(cur_span, format!("stored in {name}"), ty);
            }
        }
    }

    /// The string literals a computed key can be: a `const` bound to one, or a parameter or
    /// variable typed as a union of them (`field: "to" | "cc" | "bcc"`).
    fn literal_keys(&self, key: &Expression<'_>) -> Option<Vec<String>> {
        let Expression::Identifier(id) = key else {
            return None;
        };
        let scoping = self.sem.scoping();
        let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
        if scoping.symbol_is_mutated(sym) {
            return None;
        }
        let nodes = self.sem.nodes();
        let mut cur = scoping.symbol_declaration(sym);
        for _ in 0..3 {
            match nodes.kind(cur) {
                AstKind::FormalParameter(p) => {
                    return p
                        .type_annotation
                        .as_ref()
                        .and_then(|a| string_literals(&a.type_annotation));
                }
                AstKind::VariableDeclarator(d) => {
                    if let Some(t) = d
                        .type_annotation
                        .as_ref()
                        .and_then(|a| string_literals(&a.type_annotation))
                    {
                        return Some(t);
                    }
                    return match &d.init {
                        Some(Expression::StringLiteral(s)) => Some(vec![s.value.to_string()]),
                        _ => None,
                    };
                }
                _ => cur = nodes.parent_id(cur),
            }
        }
        None
    }

    /// A value returned from a function: calls of the function (`getItem()`) have its type.
    fn returned(&mut self, from: NodeId, ty: &Ty) {
        let nodes = self.sem.nodes();
        let mut cur = from;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return;
            }
            let sym = match nodes.kind(parent) {
                AstKind::Function(f) => match &f.id {
                    Some(id) => Some(id.symbol_id()),
                    None => self.declared_as(parent),
                },
                AstKind::ArrowFunctionExpression(_) => self.declared_as(parent),
                _ => {
                    cur = parent;
                    continue;
                }
            };
            if let Some(sym) = sym {
                self.follow_symbol(sym, &Ty::Returns(Box::new(ty.clone())));
            } else if self.class_member_returns(parent, from, ty) {
                // A method or getter of a class: followed to its uses in the class.
            } else if !matches!(nodes.kind(parent), AstKind::Function(f) if f.is_declaration()) {
                // A function expression: where it goes decides (a property of an object, a
                // service's factory, a callback).
                self.work.push((parent, Ty::Returns(Box::new(ty.clone()))));
            } else {
                let at = self.node_span(from);
                self.escape(
                    at,
                    "returned from a function the audit does not follow".to_owned(),
                    ty,
                );
            }
            return;
        }
    }

    /// A value returned from a class's method (`getItem() { return item }`) or getter (`get
    /// current() { return item }`), `function` being the member's function: its uses in the
    /// class (`this.getItem()`, `this.current`) have the value's type, when every use of that
    /// name in the file is one of those. Other files may read the member on an instance: that
    /// stays an escape, which the rules drop when no other file spells the name. Whether the
    /// member was handled so.
    fn class_member_returns(&mut self, function: NodeId, from: NodeId, ty: &Ty) -> bool {
        let nodes = self.sem.nodes();
        let member = nodes.parent_id(function);
        let AstKind::MethodDefinition(def) = nodes.kind(member) else {
            return false;
        };
        let getter = match def.kind {
            oxc_ast::ast::MethodDefinitionKind::Get => true,
            oxc_ast::ast::MethodDefinitionKind::Method => false,
            _ => return false,
        };
        let Some(name) = def
            .key
            .static_name()
            .filter(|_| !def.computed && !def.r#static)
        else {
            return false;
        };
        let Some(class) = nodes
            .ancestor_ids(member)
            .find(|a| matches!(nodes.kind(*a), AstKind::Class(_)))
        else {
            return false;
        };
        // The class whose `this` a node sees: past arrows, to the nearest method's class.
        let this_class = |n: NodeId| {
            nodes.ancestor_ids(n).find_map(|a| match nodes.kind(a) {
                AstKind::Function(_) => Some(
                    matches!(nodes.parent_kind(a), AstKind::MethodDefinition(_))
                        .then(|| {
                            nodes
                                .ancestor_ids(a)
                                .find(|c| matches!(nodes.kind(*c), AstKind::Class(_)))
                        })
                        .flatten(),
                ),
                _ => None,
            })?
        };
        let mut uses = Vec::new();
        for n in nodes.iter() {
            let at = match n.kind() {
                AstKind::StaticMemberExpression(m) if m.property.name.as_str() == name.as_ref() => {
                    // Office's own member of that name (`Office.context.mailbox`) is not the
                    // class's.
                    if super::ast::dotted(&m.object)
                        .is_some_and(|d| d == "Office" || d.starts_with("Office."))
                    {
                        continue;
                    }
                    if !matches!(
                        m.object.get_inner_expression(),
                        Expression::ThisExpression(_)
                    ) || this_class(n.id()) != Some(class)
                    {
                        return false;
                    }
                    if getter {
                        n.id()
                    } else {
                        let call = nodes.parent_id(n.id());
                        match nodes.kind(call) {
                            AstKind::CallExpression(c)
                                if c.callee.get_inner_expression().span() == m.span =>
                            {
                                call
                            }
                            _ => return false,
                        }
                    }
                }
                AstKind::StringLiteral(s) if s.value.as_str() == name.as_ref() => return false,
                AstKind::BindingProperty(p)
                    if p.key.static_name().as_deref() == Some(name.as_ref()) =>
                {
                    return false;
                }
                AstKind::IdentifierReference(id) if id.name.as_str() == name.as_ref() => {
                    // `{ getItem }` shorthand, or a binding of that name: not the member, but
                    // a shorthand property would hand it out.
                    if matches!(nodes.parent_kind(n.id()), AstKind::ObjectProperty(_)) {
                        return false;
                    }
                    continue;
                }
                _ => continue,
            };
            uses.push(at);
        }
        for at in uses {
            self.work.push((at, ty.clone()));
        }
        // Other files may read it on an instance: an escape, dropped by the rules when none
        // spells the name.
        let at = self.node_span(from);
        if let Some(mut e) = self.escape_at(
            at,
            format!("returned from `{name}`, a member other files may read on an instance"),
            ty,
        ) {
            e.member = Some(name.into_owned());
            self.escapes.push(e);
        }
        true
    }

    /// The URL parts the walk found, for following tokens in the file's other functions.
    pub(super) fn url_parts(&self) -> &super::token::Parts {
        &self.url_parts
    }

    /// Records that a value of type `ty` leaves the analysis at `at`, when it can reach
    /// anything that needs a permission (a string read from the item cannot).
    fn escape(&mut self, at: oxc_span::Span, how: String, ty: &Ty) {
        if let Some(e) = self.escape_at(at, how, ty) {
            self.escapes.push(e);
        }
    }

    /// The escape a value of type `ty` leaving at `at` is, if it can reach anything that
    /// needs a permission.
    fn escape_at(&self, at: oxc_span::Span, how: String, ty: &Ty) -> Option<Escape> {
        fn reach(ty: &Ty) -> Option<Reach> {
            match ty {
                Ty::Office | Ty::Cast | Ty::CastItem => Some(Reach::Anything),
                // An object (or module) of Office values: what its members reach.
                Ty::Namespace(members) => {
                    let mut all: Vec<Reach> = members.values().filter_map(reach).collect();
                    match all.len() {
                        0 => None,
                        1 => all.pop(),
                        _ => Some(Reach::Each(all)),
                    }
                }
                Ty::CastFn(i) => Some(Reach::Types(kb::with_subtypes(i))),
                Ty::Returns(inner) | Ty::Context(inner) => reach(inner),
                Ty::Shared(_) => None,
                Ty::Ifaces(v) => Some(Reach::Types(v.clone())),
                // A property's value; a method (a function value) reaches nothing its own
                // use did not already record.
                Ty::Members(ms) => {
                    let props = Ty::properties(ms);
                    props
                        .iter()
                        .any(|m| !m.refs.is_empty())
                        .then_some(Reach::Properties(props))
                }
            }
        }
        Some(Escape {
            span: self.span(at),
            how,
            on: ty.describe(),
            reach: reach(ty)?,
            member: None,
        })
    }

    /// The state variable whose setter the callee is: `setX` of
    /// `const [x, setX] = useState(…)` (React's hook, imported or as `React.useState`).
    fn react_state_of_setter(&self, callee: &Expression<'_>) -> Option<SymbolId> {
        let Expression::Identifier(id) = callee else {
            return None;
        };
        let scoping = self.sem.scoping();
        let sym = scoping.get_reference(id.reference_id()).symbol_id()?;
        let nodes = self.sem.nodes();
        let mut cur = scoping.symbol_declaration(sym);
        // The declaration's node is the binding identifier; climb to the declarator.
        for _ in 0..4 {
            if let AstKind::VariableDeclarator(d) = nodes.kind(cur) {
                let BindingPattern::ArrayPattern(arr) = &d.id else {
                    return None;
                };
                let Some(Expression::CallExpression(init)) = d.init.as_ref() else {
                    return None;
                };
                let hook = super::ast::dotted(&init.callee)?;
                if hook != "useState" && hook != "React.useState" {
                    return None;
                }
                let setter = arr.elements.get(1)?.as_ref()?;
                let state = arr.elements.first()?.as_ref()?;
                return match (setter, state) {
                    (
                        BindingPattern::BindingIdentifier(s),
                        BindingPattern::BindingIdentifier(v),
                    ) if s.symbol_id() == sym => Some(v.symbol_id()),
                    _ => None,
                };
            }
            cur = nodes.parent_id(cur);
        }
        None
    }

    /// Whether a call keeps what it is passed in sight: an Office API (`Office.cast.item.
    /// toItemRead(item)`, `mailbox.displayMessageForm(id)`: the walker follows its result),
    /// or a standard function that only reads or prints its argument.
    fn keeps_it(&self, callee: &Expression<'_>) -> bool {
        const READERS: &[&str] = &[
            "console",
            "JSON.stringify",
            "String",
            "Number",
            "Boolean",
            "encodeURIComponent",
            "encodeURI",
            "Array.isArray",
            "isNaN",
            "parseInt",
            "parseFloat",
            "alert",
        ];
        // Written into the page as text: `$("#subject").text(x)`, `el.append(document.
        // createTextNode(x))`.
        if let Expression::StaticMemberExpression(m) = callee
            && super::ast::PAGE_TEXT_CALLS.contains(&m.property.name.as_str())
        {
            return true;
        }
        let Some(name) = super::ast::dotted(callee) else {
            return false;
        };
        let root = name.split('.').next().unwrap_or_default();
        if READERS
            .iter()
            .any(|r| name == *r || (root == *r && !r.contains('.')))
        {
            return true;
        }
        // The callee is itself an Office chain: rooted at `Office`, or at a binding the walker
        // gave an Office type.
        if ["Office", "window", "self", "globalThis"].contains(&root)
            && name.split('.').any(|p| p == "Office")
        {
            return true;
        }
        let mut e = callee;
        while let Expression::StaticMemberExpression(m) = e {
            e = &m.object;
        }
        let Expression::Identifier(id) = e else {
            return false;
        };
        self.sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()
            .is_some_and(|s| self.sym_types.contains_key(&s))
    }

    /// The binding a function expression initialises (`const f = () => …`), if any.
    fn declared_as(&self, function: NodeId) -> Option<SymbolId> {
        super::ast::declared_as(self.sem, function)
    }

    /// `object.name = <value of type ty>` with `object` a binding never reassigned: queues
    /// every `object.name` read of it. True when the object may be read other than by static
    /// member reads of that binding (it is not an object literal of its own, or the binding
    /// is passed on), so that the store also leaves the analysis.
    fn property_store(&mut self, object: &Expression<'_>, name: &str, ty: &Ty) -> bool {
        let Expression::Identifier(id) = object else {
            return true;
        };
        let scoping = self.sem.scoping();
        let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
            return true;
        };
        if scoping.symbol_is_mutated(sym) {
            return true;
        }
        let nodes = self.sem.nodes();
        let own_literal = self.own_object(object);
        // A component's template reads the top-level bindings of its script.
        let in_template = self.seeds.template_reads_top_level
            && scoping.symbol_scope_id(sym) == scoping.root_scope_id();
        let mut whole = !own_literal || in_template;
        let mut reads = Vec::new();
        for r in scoping.get_resolved_references(sym) {
            let node = r.node_id();
            let span = nodes.kind(node).span();
            let parent = nodes.parent_id(node);
            match nodes.kind(parent) {
                AstKind::StaticMemberExpression(pm) if pm.object.span() == span => {
                    let written = matches!(
                        nodes.parent_kind(parent),
                        AstKind::AssignmentExpression(a) if a.left.span() == pm.span
                    );
                    if pm.property.name == name && !written {
                        reads.push(parent);
                    }
                }
                _ => whole = true,
            }
        }
        if self.props.insert((sym, name.to_owned())) {
            for r in reads {
                self.work.push((r, ty.clone()));
            }
        }
        whole
    }

    /// A callee no binding of the file declares, by name: a global function another classic
    /// script of the page may define (not a browser's or a library's well-known global).
    fn global_callee(&self, callee: &Expression<'_>) -> Option<String> {
        let Expression::Identifier(id) = callee else {
            return None;
        };
        let scoping = self.sem.scoping();
        if scoping
            .get_reference(id.reference_id())
            .symbol_id()
            .is_some()
        {
            return None;
        }
        Some(id.name.to_string())
    }

    /// Whether `object` is a binding of a fresh object of the file's own: an object literal,
    /// or Vue's `reactive({…})`/`ref(…)`.
    fn own_object(&self, object: &Expression<'_>) -> bool {
        let Expression::Identifier(id) = object else {
            return false;
        };
        let scoping = self.sem.scoping();
        let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() else {
            return false;
        };
        match self.sem.nodes().kind(scoping.symbol_declaration(sym)) {
            AstKind::VariableDeclarator(d) => match &d.init {
                Some(Expression::ObjectExpression(_)) => true,
                Some(Expression::CallExpression(c)) => self.is_vue_reactive(&c.callee),
                _ => false,
            },
            _ => false,
        }
    }

    /// A value put in the array literal `array` (as its element `element`): what holds it on
    /// (`Promise.all([…])`'s result, at its index), or `None` when it goes no further: an
    /// AngularJS service's function handed to the injector, or any other array (an escape).
    fn in_array(&mut self, array: NodeId, element: NodeId, ty: &Ty) -> Option<(NodeId, Ty)> {
        let at = self.node_span(element);
        if let Some(name) = super::angular::registers_service(self.sem, element)
            && let Ty::Returns(instance) = ty
        {
            self.register_service(name, instance, at);
            return None;
        }
        if let Some((call, index)) = self.promise_all_element(array, at) {
            return Some((call, object_of(index.to_string(), ty.clone())));
        }
        self.escape(at, "put in an array".to_owned(), ty);
        None
    }

    /// `Promise.all([…])` (or `$q.all`) whose array literal `array` holds the value at
    /// `element`: the call's node and the element's index. A spread before it moves the
    /// indexes: `None`.
    fn promise_all_element(
        &self,
        array: NodeId,
        element: oxc_span::Span,
    ) -> Option<(NodeId, usize)> {
        let nodes = self.sem.nodes();
        let AstKind::ArrayExpression(a) = nodes.kind(array) else {
            return None;
        };
        let call = nodes.parent_id(array);
        let AstKind::CallExpression(c) = nodes.kind(call) else {
            return None;
        };
        let first = c.arguments.first()?;
        if first.span() != a.span
            || !matches!(
                super::ast::dotted(&c.callee).as_deref(),
                Some("Promise.all" | "$q.all")
            )
        {
            return None;
        }
        let index = a.elements.iter().position(|e| e.span() == element)?;
        let before = a.elements.get(..index)?;
        if before
            .iter()
            .any(|e| matches!(e, oxc_ast::ast::ArrayExpressionElement::SpreadElement(_)))
        {
            return None;
        }
        Some((call, index))
    }

    /// The name of the Vue function `callee` is (`ref` after `import { ref } from "vue"`).
    fn vue_function(&self, callee: &Expression<'_>) -> Option<String> {
        let Expression::Identifier(id) = callee else {
            return None;
        };
        let sym = self
            .sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()?;
        match self.import_binding(sym)? {
            (source, Some(name)) if source == "vue" => Some(name),
            _ => None,
        }
    }

    /// Whether `callee` is one of Vue's functions that make a reactive object or ref.
    fn is_vue_reactive(&self, callee: &Expression<'_>) -> bool {
        self.vue_function(callee).is_some_and(|name| {
            matches!(
                name.as_str(),
                "ref" | "shallowRef" | "reactive" | "shallowReactive"
            )
        })
    }

    /// The file's AngularJS injection sites.
    fn injection_sites(&mut self) -> &[super::angular::Site<'a>] {
        let sem = self.sem;
        &self
            .injection
            .get_or_insert_with(|| super::angular::sites(sem))
            .0
    }

    /// `service.method` where `service` is a parameter the AngularJS injector fills: the
    /// service's and the method's names.
    fn service_method(&mut self, callee: &Expression<'_>) -> Option<(String, String)> {
        let Expression::StaticMemberExpression(m) = callee else {
            return None;
        };
        let Expression::Identifier(id) = &m.object else {
            return None;
        };
        let sym = self
            .sem
            .scoping()
            .get_reference(id.reference_id())
            .symbol_id()?;
        let sem = self.sem;
        let service = super::angular::injected_as(sem, self.injection_sites(), sym)?;
        Some((service, m.property.name.to_string()))
    }

    /// An AngularJS service whose instance has type `instance`: the scripts of the page
    /// injected with it follow it there.
    fn register_service(&mut self, name: String, instance: &Ty, at: oxc_span::Span) {
        let (old, at) = match self.services.remove(&name) {
            Some((old, first)) => (Some(old), first),
            None => (None, at),
        };
        let merged = match old {
            Some(Ty::Namespace(old)) => match instance {
                Ty::Namespace(new) => {
                    let mut all = (*old).clone();
                    for (k, v) in new.iter() {
                        all.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    Ty::Namespace(Arc::new(all))
                }
                _ => Ty::Namespace(old),
            },
            Some(other) => other,
            None => instance.clone(),
        };
        self.services.insert(name, (merged, at));
    }

    /// The global bindings the file gives Office values, with the escape each is unless the
    /// page's other scripts that name it are read.
    pub(super) fn global_values(&self) -> BTreeMap<String, (Vec<OfficeType>, Option<Escape>)> {
        self.globals_out
            .iter()
            .map(|(name, (types, at))| {
                let lost = types.iter().find_map(|ty| {
                    self.escape_at(
                        *at,
                        format!(
                            "kept in the global `{name}`, which other scripts of the page may read"
                        ),
                        ty,
                    )
                });
                let types = types.iter().map(|t| OfficeType(t.clone())).collect();
                (name.clone(), (types, lost))
            })
            .collect()
    }

    /// The AngularJS services the file registers with Office-typed instances.
    pub(super) fn services(&self) -> BTreeMap<String, super::Service> {
        self.services
            .iter()
            .map(|(k, (ty, at))| {
                let lost = self.escape_at(
                    *at,
                    format!("registered as the AngularJS service `{k}` and injected"),
                    ty,
                );
                (
                    k.clone(),
                    super::Service {
                        ty: OfficeType(ty.clone()),
                        lost,
                    },
                )
            })
            .collect()
    }

    /// Seeds what AngularJS's injector gives the file's functions: services other scripts
    /// of the page register with Office values, and the parameters of the file's own
    /// services' methods that other scripts pass Office values to.
    fn seed_injected(&mut self) {
        let seeds = self.seeds;
        if !seeds.injected.is_empty() {
            let sem = self.sem;
            // Taken out while the walk binds through them, and put back.
            let (sites, named) = self
                .injection
                .take()
                .unwrap_or_else(|| super::angular::sites(sem));
            for site in &sites {
                for (i, name) in site.names.iter().enumerate() {
                    if let (Some(ty), Some(p)) =
                        (seeds.injected.get(name), site.params.items.get(i))
                    {
                        self.bind(&p.pattern, &ty.0);
                    }
                }
            }
            // The service named anywhere else (`$injector.get("officeService")`): taken where
            // the audit does not follow.
            for node in sem.nodes().iter() {
                if let AstKind::StringLiteral(s) = node.kind()
                    && let Some(ty) = seeds.injected.get(s.value.as_str())
                    && !named.contains(&s.span)
                {
                    let how = format!("looked up by name as the AngularJS service `{}`", s.value);
                    self.escape(s.span, how, &ty.0);
                }
            }
            self.injection = Some((sites, named));
            self.injected_seen = seeds.injected.keys().cloned().collect();
        }
        if !seeds.globals.is_empty() {
            let sem = self.sem;
            let scoping = sem.scoping();
            for (name, seeded) in &seeds.globals {
                let Some(sym) = scoping.get_binding(scoping.root_scope_id(), name.as_str().into())
                else {
                    continue;
                };
                let Some(f) = super::ast::function_of_symbol(sem, sym) else {
                    continue;
                };
                for (i, ty) in seeded {
                    self.bind_argument(f.params, *i, scoping.symbol_span(sym), &ty.0);
                    self.globals_taken.push((name.clone(), *i));
                }
            }
        }
        if !seeds.global_values.is_empty() {
            let sem = self.sem;
            let scoping = sem.scoping();
            for (name, types) in &seeds.global_values {
                // The page's global, declared here too (`var item;`) or read undeclared.
                if self.classic
                    && let Some(sym) =
                        scoping.get_binding(scoping.root_scope_id(), name.as_str().into())
                {
                    for ty in types {
                        self.follow_symbol(sym, &ty.0);
                    }
                }
                let refs: Vec<oxc_semantic::ReferenceId> = scoping
                    .root_unresolved_references()
                    .get(name.as_str())
                    .map(|r| r.iter().copied().collect())
                    .unwrap_or_default();
                for rid in refs {
                    let node = scoping.get_reference(rid).node_id();
                    for ty in types {
                        self.work.push((node, ty.0.clone()));
                    }
                }
                self.global_values_seen.push(name.clone());
            }
        }
        for (key, seeded) in &seeds.service_params {
            let Some((service, method)) = key.split_once('.') else {
                continue;
            };
            let sem = self.sem;
            let Some(factory) = super::angular::factory_of(sem, service) else {
                continue;
            };
            let methods: Vec<&Expression<'_>> = super::angular::returned_objects(sem, factory)
                .into_iter()
                .filter_map(|o| super::ast::property(o, method))
                .collect();
            for (i, ty) in seeded {
                let mut taken = false;
                for m in &methods {
                    if let Some(params) = super::angular::params_of(sem, m) {
                        self.bind_argument(params, *i, m.span(), &ty.0);
                        taken = true;
                    }
                }
                if taken {
                    self.services_taken.push((key.clone(), *i));
                }
            }
        }
    }

    /// The module and export name of a callee bound by an import or `require`
    /// (`stamp(…)` after `import { stamp } from "./x"`, `helpers.stamp(…)`).
    fn imported_callee(&self, callee: &Expression<'_>) -> Option<(String, String)> {
        match callee {
            Expression::Identifier(id) => {
                let sym = self
                    .sem
                    .scoping()
                    .get_reference(id.reference_id())
                    .symbol_id()?;
                let (source, name) = self.import_binding(sym)?;
                Some((source, name?))
            }
            Expression::StaticMemberExpression(m) => {
                let Expression::Identifier(id) = &m.object else {
                    return None;
                };
                let sym = self
                    .sem
                    .scoping()
                    .get_reference(id.reference_id())
                    .symbol_id()?;
                match self.import_binding(sym)? {
                    (source, None) => Some((source, m.property.name.to_string())),
                    (_, Some(_)) => None,
                }
            }
            _ => None,
        }
    }

    /// The module a binding imports and the export it names (`None` for a namespace:
    /// `import * as m`, `const m = require("m")`).
    fn import_binding(&self, sym: SymbolId) -> Option<(String, Option<String>)> {
        super::ast::import_of(self.sem, sym)
    }

    /// Gives imported bindings the Office types of what their modules export, and the
    /// parameters of exported functions the types other modules pass in.
    fn seed(&mut self) {
        let seeds = self.seeds;
        let nodes = self.sem.nodes();
        for node in nodes.iter() {
            match node.kind() {
                AstKind::ImportDeclaration(d) => {
                    let Some(exports) = seeds.imports.get(d.source.value.as_str()) else {
                        continue;
                    };
                    for spec in d.specifiers.iter().flatten() {
                        let (local, ty) = match spec {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => (
                                &s.local,
                                exports.get(s.imported.name().as_str()).map(|t| t.0.clone()),
                            ),
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                (&s.local, exports.get("default").map(|t| t.0.clone()))
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                (&s.local, Some(namespace(exports)))
                            }
                        };
                        if let Some(ty) = ty {
                            self.follow_symbol(local.symbol_id(), &ty);
                        }
                    }
                }
                AstKind::CallExpression(c) => {
                    if let Some(exports) =
                        super::ast::require_of(c).and_then(|s| seeds.imports.get(s.as_str()))
                    {
                        self.work.push((node.id(), namespace(exports)));
                    }
                }
                _ => {}
            }
        }
        self.seed_injected();
        if seeds.params.is_empty() {
            return;
        }
        let functions = self.exported_functions();
        let classes = self.exported_classes();
        for (name, seeded) in &seeds.params {
            for (i, ty) in seeded {
                let target = functions
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, params)| (params.items.get(*i), params.rest.is_some()));
                // A context created here and given a value where it is imported.
                if *i == 0
                    && matches!(ty.0, Ty::Context(_))
                    && let Some(sym) = self.exported_symbol(name)
                    && super::ast::creates_context(self.sem, sym)
                {
                    self.follow_symbol(sym, &ty.0);
                    continue;
                }
                match target {
                    Some((Some(p), _)) => self.bind(&p.pattern, &ty.0),
                    // An extra argument: the function never sees it.
                    Some((None, false)) => {}
                    None if *i == 0 && matches!(ty.0, Ty::Namespace(_)) => {
                        // The props of a JSX element whose component is an exported class.
                        match classes.iter().find(|(n, _)| n == name) {
                            Some((_, class)) => self.class_props(*class, &ty.0),
                            None => self.undelivered.push((name.clone(), *i)),
                        }
                    }
                    Some((None, true)) | None => self.undelivered.push((name.clone(), *i)),
                }
            }
        }
    }

    /// What the module exports by name, in source order: `export function`, `export const`,
    /// `export { a as b }` and `export default`.
    fn exported(&self) -> Vec<(String, Exported<'a>)> {
        let mut out = Vec::new();
        let resolve = |r: &IdentifierReference<'_>| {
            self.sem
                .scoping()
                .get_reference(r.reference_id())
                .symbol_id()
        };
        for node in self.sem.nodes().iter() {
            match node.kind() {
                AstKind::ExportDeclaration(e) => match &e.declaration {
                    Declaration::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            let target = Exported::Function(&f.params, Some(id.symbol_id()));
                            out.push((id.name.to_string(), target));
                        }
                    }
                    Declaration::VariableDeclaration(v) => {
                        for d in &v.declarations {
                            for id in d.id.get_binding_identifiers() {
                                out.push((id.name.to_string(), Exported::Symbol(id.symbol_id())));
                            }
                        }
                    }
                    _ => {}
                },
                AstKind::ExportNamedDeclaration(e) => {
                    for s in &e.specifiers {
                        if let ModuleExportName::IdentifierReference(r) = &s.local
                            && let Some(sym) = resolve(r)
                        {
                            out.push((s.exported.name().to_string(), Exported::Symbol(sym)));
                        }
                    }
                }
                AstKind::ExportDefaultDeclaration(e) => {
                    let target = match &e.declaration {
                        ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                            Some(Exported::Function(
                                &f.params,
                                f.id.as_ref()
                                    .map(oxc_ast::ast::BindingIdentifier::symbol_id),
                            ))
                        }
                        ExportDefaultDeclarationKind::ArrowFunctionExpression(a) => {
                            Some(Exported::Function(&a.params, None))
                        }
                        ExportDefaultDeclarationKind::Identifier(r) => {
                            resolve(r).map(Exported::Symbol)
                        }
                        _ => None,
                    };
                    if let Some(t) = target {
                        out.push(("default".to_owned(), t));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The exported classes of the module, by export name (`export class`, `export default
    /// class`, a class exported by its binding).
    fn exported_classes(&self) -> Vec<(String, NodeId)> {
        let nodes = self.sem.nodes();
        let mut out = Vec::new();
        for node in nodes.iter() {
            match node.kind() {
                AstKind::ExportDeclaration(e) => {
                    if let Declaration::ClassDeclaration(c) = &e.declaration
                        && let Some(id) = &c.id
                    {
                        out.push((id.name.to_string(), c.node_id()));
                    }
                }
                AstKind::ExportDefaultDeclaration(e) => {
                    if let ExportDefaultDeclarationKind::ClassDeclaration(c) = &e.declaration {
                        out.push(("default".to_owned(), c.node_id()));
                    }
                }
                _ => {}
            }
        }
        for (name, target) in self.exported() {
            if let Exported::Symbol(sym) = target {
                let decl = self.sem.scoping().symbol_declaration(sym);
                if matches!(nodes.kind(decl), AstKind::Class(_)) {
                    out.push((name, decl));
                }
            }
        }
        out
    }

    /// A React class component given props (a namespace of the followed ones): its
    /// `this.props` (read, destructured or passed on), and the first parameter of the methods
    /// React calls with props (the constructor, `componentDidUpdate(prevProps)`,
    /// `shouldComponentUpdate(nextProps)`, `getDerivedStateFromProps(props)`, …).
    fn class_props(&mut self, class: NodeId, props: &Ty) {
        const WITH_PROPS: &[&str] = &[
            "constructor",
            "componentWillReceiveProps",
            "UNSAFE_componentWillReceiveProps",
            "shouldComponentUpdate",
            "componentDidUpdate",
            "getSnapshotBeforeUpdate",
            "getDerivedStateFromProps",
        ];
        let nodes = self.sem.nodes();
        let AstKind::Class(c) = nodes.kind(class) else {
            return;
        };
        let span = c.span;
        for m in &c.body.body {
            if let oxc_ast::ast::ClassElement::MethodDefinition(md) = m
                && md
                    .key
                    .static_name()
                    .is_some_and(|k| WITH_PROPS.contains(&k.as_ref()))
                && let Some(p) = md.value.params.items.first()
            {
                self.bind(&p.pattern, props);
            }
        }
        let reads: Vec<NodeId> = nodes
            .iter()
            .filter(|n| {
                matches!(n.kind(), AstKind::StaticMemberExpression(m)
                    if m.property.name == "props"
                        && matches!(m.object, Expression::ThisExpression(_))
                        && span.start <= m.span.start
                        && m.span.end <= span.end)
                    && super::ast::this_class(self.sem, n.id()) == Some(class)
            })
            .map(oxc_semantic::AstNode::id)
            .collect();
        for r in reads {
            self.work.push((r, props.clone()));
        }
    }

    /// The exported functions of the module, by export name, with their parameters.
    fn exported_functions(&self) -> Vec<(String, &'a FormalParameters<'a>)> {
        self.exported()
            .into_iter()
            .filter_map(|(name, target)| {
                let params = match target {
                    Exported::Function(params, _) => params,
                    Exported::Symbol(sym) => super::ast::function_of_symbol(self.sem, sym)?.params,
                };
                Some((name, params))
            })
            .collect()
    }

    /// The binding exported under `name`, if it is one.
    fn exported_symbol(&self, name: &str) -> Option<SymbolId> {
        self.exported()
            .into_iter()
            .find_map(|(n, target)| match target {
                Exported::Symbol(sym) if n == name => Some(sym),
                Exported::Function(_, sym) if n == name => sym,
                _ => None,
            })
    }

    /// What the module exports that carries an Office type, by export name.
    pub(super) fn exports(&self) -> BTreeMap<String, OfficeType> {
        let mut out: BTreeMap<String, OfficeType> = BTreeMap::new();
        let mut put = |name: String, ty: Option<Ty>| {
            if let Some(t) = ty {
                out.entry(name).or_insert(OfficeType(t));
            }
        };
        for (name, target) in self.exported() {
            let sym = match target {
                Exported::Function(_, sym) => sym,
                Exported::Symbol(sym) => Some(sym),
            };
            put(name, sym.and_then(|s| self.sym_types.get(&s).cloned()));
        }
        if let Some(t) = &self.default_export {
            put("default".to_owned(), Some(t.clone()));
        }
        for (name, t) in &self.cjs_exports {
            put(name.clone(), Some(t.clone()));
        }
        out
    }

    /// Queues the read references of a binding pattern's symbols.
    fn bind(&mut self, pat: &BindingPattern<'_>, ty: &Ty) {
        match pat {
            BindingPattern::BindingIdentifier(id) => {
                let sym = id.symbol_id();
                if self.sem.scoping().symbol_is_mutated(sym) {
                    // Followed until it is reassigned: where the audit does not know.
                    self.escape(
                        id.span,
                        format!("kept in `{}`, which is reassigned", id.name),
                        ty,
                    );
                }
                self.follow_symbol(sym, ty);
            }
            BindingPattern::ObjectPattern(op) => {
                for prop in &op.properties {
                    let Some(key) = prop.key.static_name().filter(|_| !prop.computed) else {
                        // `const { [k]: v } = item`: any member.
                        self.unresolved_key(prop.key.span(), ty);
                        continue;
                    };
                    let Some(step) = member_step(ty, &key) else {
                        continue;
                    };
                    let node = prop.node_id();
                    self.record(node, prop.key.span(), &step.candidates);
                    self.bind(&prop.value, &step.ty);
                }
                if let Some(rest) = &op.rest {
                    self.escape(rest.span, "gathered with `...rest`".to_owned(), ty);
                }
            }
            BindingPattern::AssignmentPattern(ap) => self.bind(&ap.left, ty),
            // `const [item, settings] = await Promise.all([…])`: each at its index.
            BindingPattern::ArrayPattern(ap) if matches!(ty, Ty::Namespace(_)) => {
                for (i, el) in ap.elements.iter().enumerate() {
                    if let (Some(el), Some(step)) = (el, member_step(ty, &i.to_string())) {
                        self.bind(el, &step.ty);
                    }
                }
                if let Some(rest) = &ap.rest {
                    self.escape(rest.span, "gathered with `...rest`".to_owned(), ty);
                }
            }
            // `const [first] = item.attachments`: each element has the array's type.
            BindingPattern::ArrayPattern(ap) if is_array(ty) => {
                for el in ap.elements.iter().flatten() {
                    self.bind(el, ty);
                }
                if let Some(rest) = &ap.rest {
                    self.bind(&rest.argument, ty);
                }
            }
            BindingPattern::ArrayPattern(ap) => {
                self.escape(ap.span, "destructured as an array".to_owned(), ty);
            }
        }
    }

    /// A member of a value of type `ty` read with a key the audit cannot know.
    fn unresolved_key(&mut self, at: oxc_span::Span, ty: &Ty) {
        let types = ty.property_types();
        let could_need = if types.is_empty() {
            None
        } else {
            kb::most_needed(&types)
        };
        self.unresolved.push(Unresolved {
            span: self.span(at),
            on: ty.describe(),
            could_need: could_need.unwrap_or(crate::tiers::Tier::ReadWriteMailbox),
        });
    }

    fn follow_symbol(&mut self, sym: SymbolId, ty: &Ty) {
        // A binding given another type too (a function called with the item and with the
        // mailbox, a component given two props) is followed with each, up to a few; past
        // that the value is not followed there, which bounds the advice.
        if let Some(first) = self.sym_types.get(&sym) {
            if first == ty {
                return;
            }
            let more = self.more_types.entry(sym).or_default();
            if more.contains(ty) {
                return;
            }
            if more.len() >= MAX_TYPES_PER_BINDING {
                let at = self
                    .sem
                    .nodes()
                    .kind(self.sem.scoping().symbol_declaration(sym))
                    .span();
                self.escape(
                    at,
                    "given more kinds of Office values than the audit follows".to_owned(),
                    ty,
                );
                return;
            }
            more.push(ty.clone());
        } else {
            self.sym_types.insert(sym, ty.clone());
        }
        let scoping = self.sem.scoping();
        // A component's template reads its script's top-level bindings.
        if self.seeds.template_reads_top_level
            && scoping.symbol_scope_id(sym) == scoping.root_scope_id()
        {
            let at = scoping.symbol_span(sym);
            let how = format!(
                "kept in `{}`, which the component's template reads",
                scoping.symbol_name(sym)
            );
            self.escape(at, how, ty);
        }
        // A classic script's top-level binding is a global: the page's other scripts may
        // read it.
        if self.classic && scoping.symbol_scope_id(sym) == scoping.root_scope_id() {
            let name = scoping.symbol_name(sym).to_owned();
            let at = scoping.symbol_span(sym);
            let (types, _) = self.globals_out.entry(name).or_insert((Vec::new(), at));
            if !types.contains(ty) {
                types.push(ty.clone());
            }
        }
        for r in scoping.get_resolved_references(sym) {
            if r.is_read() {
                self.work.push((r.node_id(), ty.clone()));
            }
        }
    }

    fn record(&mut self, node: NodeId, name_span: oxc_span::Span, candidates: &[&'static Member]) {
        // What event handlers may not call, whatever its tier (`officeTheme` needs none).
        let ov = overrides::get();
        let blocked = candidates
            .iter()
            .any(|m| ov.member_blocked_in_event_handlers(m));
        if blocked
            || candidates
                .iter()
                .any(|m| ov.member_undocumented_in_event_handlers(m))
        {
            let apis: Vec<String> = candidates
                .iter()
                .map(|m| format!("`{}`", m.api()))
                .collect();
            self.handler_blocked
                .push((apis.join(" or "), self.span(name_span), blocked));
        }
        if candidates.is_empty() || candidates.iter().all(|m| m.effective_tier().is_none()) {
            return;
        }
        if let Some(part) = candidates.iter().find_map(|m| {
            [
                "restUrl",
                "ewsUrl",
                "itemId",
                "convertToRestId",
                "convertToEwsId",
            ]
            .into_iter()
            .find(|n| *n == m.name)
        }) {
            self.url_parts.insert(name_span.start, part);
        }
        let probe = self.is_probe(node);
        // `if (mailbox.addHandlerAsync !== undefined) { … }`: inside, the member (and its
        // requirement set) is there.
        if probe
            && let Some(block) = self.probe_guard(node)
            && let Some(set) = candidates.iter().map(|m| m.set).max()
        {
            let span = self.span(block);
            self.guards.push((span, set));
        }
        self.uses.push(ApiUse {
            candidates: candidates.to_vec(),
            span: self.span(name_span),
            probe,
            guarded_set: None,
            token_guarded: false,
        });
    }

    /// Whether the expression at `node` is only tested for existence.
    /// The block a positive existence check of the member at `node` guards: the consequent
    /// of `if (M)`, `if (M !== undefined)`, `if (M != null)`, `if (typeof M === "function")`,
    /// `if (typeof M !== "undefined")`. A negated check guards nothing here.
    fn probe_guard(&self, node: NodeId) -> Option<oxc_span::Span> {
        let nodes = self.sem.nodes();
        let mut cur = node;
        let mut positive = true;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return None;
            }
            let cur_span = self.node_span(cur);
            match nodes.kind(parent) {
                AstKind::ParenthesizedExpression(_)
                | AstKind::ChainExpression(_)
                | AstKind::TSNonNullExpression(_) => {}
                AstKind::UnaryExpression(u) if u.operator == UnaryOperator::Typeof => {
                    let AstKind::BinaryExpression(b) = nodes.kind(nodes.parent_id(parent)) else {
                        return None;
                    };
                    let other = if b.left.span() == self.node_span(parent) {
                        &b.right
                    } else {
                        &b.left
                    };
                    let Expression::StringLiteral(s) = other else {
                        return None;
                    };
                    let equal = matches!(
                        b.operator,
                        BinaryOperator::Equality | BinaryOperator::StrictEquality
                    );
                    positive = if s.value == "undefined" {
                        !equal
                    } else {
                        equal
                    };
                    cur = nodes.parent_id(parent);
                    continue;
                }
                AstKind::BinaryExpression(b) => {
                    positive = matches!(
                        b.operator,
                        BinaryOperator::Inequality | BinaryOperator::StrictInequality
                    );
                }
                AstKind::IfStatement(s) if s.test.span() == cur_span => {
                    return positive.then(|| s.consequent.span());
                }
                _ => return None,
            }
            cur = parent;
        }
    }

    fn is_probe(&self, node: NodeId) -> bool {
        let nodes = self.sem.nodes();
        let mut cur = node;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return false;
            }
            let cur_span = self.node_span(cur);
            match nodes.kind(parent) {
                AstKind::ParenthesizedExpression(_)
                | AstKind::ChainExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSAsExpression(_) => {}
                AstKind::UnaryExpression(u) => {
                    return matches!(
                        u.operator,
                        UnaryOperator::Typeof | UnaryOperator::LogicalNot
                    );
                }
                AstKind::IfStatement(s) => return s.test.span() == cur_span,
                AstKind::WhileStatement(s) => return s.test.span() == cur_span,
                AstKind::ConditionalExpression(c) => return c.test.span() == cur_span,
                AstKind::LogicalExpression(l) => {
                    // `a && b` / `a || b` is a probe of `a` when the whole is one.
                    if !matches!(l.operator, LogicalOperator::And | LogicalOperator::Or) {
                        return false;
                    }
                }
                AstKind::BinaryExpression(b) => {
                    let eq = matches!(
                        b.operator,
                        BinaryOperator::Equality
                            | BinaryOperator::Inequality
                            | BinaryOperator::StrictEquality
                            | BinaryOperator::StrictInequality
                    );
                    let other = if b.left.span() == cur_span {
                        &b.right
                    } else {
                        &b.left
                    };
                    let nullish = match other {
                        Expression::Identifier(id) => id.name == "undefined",
                        Expression::NullLiteral(_) => true,
                        Expression::UnaryExpression(u) => u.operator == UnaryOperator::Void,
                        _ => false,
                    };
                    return eq && nullish;
                }
                _ => return false,
            }
            cur = parent;
        }
    }

    /// Records the block an `isSetSupported("Mailbox", "1.x")` test guards.
    fn guard(&mut self, call_node: NodeId, call: &oxc_ast::ast::CallExpression<'_>) {
        let arg = |i: usize| match call.arguments.get(i).and_then(|a| a.as_expression()) {
            Some(Expression::StringLiteral(s)) => Some(s.value.to_string()),
            _ => None,
        };
        if arg(0).as_deref() != Some("Mailbox") {
            return;
        }
        let Some(version) =
            arg(1).and_then(|v| v.strip_prefix("1.").and_then(|m| m.parse::<u8>().ok()))
        else {
            return;
        };
        let nodes = self.sem.nodes();
        let mut cur = call_node;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return;
            }
            let cur_span = self.node_span(cur);
            match nodes.kind(parent) {
                AstKind::ParenthesizedExpression(_) => {}
                AstKind::LogicalExpression(l) if l.operator == LogicalOperator::And => {
                    if l.left.span() == cur_span {
                        self.guards.push((self.span(l.right.span()), version));
                    }
                }
                AstKind::IfStatement(s) if s.test.span() == cur_span => {
                    self.guards.push((self.span(s.consequent.span()), version));
                    return;
                }
                AstKind::ConditionalExpression(c) if c.test.span() == cur_span => {
                    self.guards.push((self.span(c.consequent.span()), version));
                    return;
                }
                _ => return,
            }
            cur = parent;
        }
    }
}

/// What a member step the typings table cannot take leads to.
enum SharedStep {
    /// Into a shared namespace that holds members event handlers may not call.
    Into(&'static str),
    /// To such a member (its dotted name).
    Member(String),
    None,
}

/// `Office.context.ui.displayDialogAsync`, `Office.context.auth.getAccessToken`,
/// `Office.devicePermission.requestPermissionsAsync`: shared APIs outside the Outlook table,
/// followed only to tell event handlers which they may not call.
fn shared_step(ty: &Ty, name: &str) -> SharedStep {
    let path = match ty {
        Ty::Office if name == "devicePermission" => {
            return SharedStep::Into("Office.devicePermission");
        }
        Ty::Shared(p) => (*p).to_owned(),
        Ty::Members(ms)
            if ms
                .iter()
                .any(|m| m.interface == "Context" && m.name == "ui") =>
        {
            "Office.context.ui".to_owned()
        }
        other => {
            if name == "auth" && other.property_types().contains(&"Context") {
                return SharedStep::Into("Office.context.auth");
            }
            return SharedStep::None;
        }
    };
    let api = format!("{path}.{name}");
    if overrides::get().blocked_in_event_handlers(&api) {
        SharedStep::Member(api)
    } else {
        SharedStep::None
    }
}

/// An object literal holding a value of type `ty` under `key`.
fn object_of(key: String, ty: Ty) -> Ty {
    Ty::Namespace(Arc::new(BTreeMap::from([(key, ty)])))
}

/// A namespace type over a module's exports.
fn namespace(exports: &BTreeMap<String, OfficeType>) -> Ty {
    Ty::Namespace(Arc::new(
        exports
            .iter()
            .map(|(k, v)| (k.clone(), v.0.clone()))
            .collect(),
    ))
}

/// `exports.x` / `module.exports.x` as an assignment target: `x`.
fn cjs_export_name(target: &AssignmentTarget<'_>) -> Option<String> {
    let AssignmentTarget::StaticMemberExpression(m) = target else {
        return None;
    };
    let is_exports = match &m.object {
        Expression::Identifier(id) => id.name == "exports",
        Expression::StaticMemberExpression(o) => {
            o.property.name == "exports"
                && matches!(&o.object, Expression::Identifier(id) if id.name == "module")
        }
        _ => false,
    };
    is_exports.then(|| m.property.name.to_string())
}

/// The strings of a string-literal type or a union of them (`"to" | "cc"`).
fn string_literals(ty: &TSType<'_>) -> Option<Vec<String>> {
    let one = |t: &TSType<'_>| match t {
        TSType::TSLiteralType(l) => match &l.literal {
            oxc_ast::ast::TSLiteral::StringLiteral(s) => Some(s.value.to_string()),
            _ => None,
        },
        _ => None,
    };
    match ty {
        TSType::TSUnionType(u) => u.types.iter().map(one).collect(),
        other => one(other).map(|s| vec![s]),
    }
}

/// Whether a value is an array of Office values or strings (every member it may be has an
/// array type): indexing it gives an element, not a member.
fn is_array(ty: &Ty) -> bool {
    match ty {
        Ty::Members(ms) => {
            !ms.is_empty()
                && ms.iter().all(|m| {
                    m.kind == Kind::Property && (m.ty.ends_with("[]") || m.ty.starts_with("Array<"))
                })
        }
        _ => false,
    }
}

/// What an export name stands for.
#[derive(Clone, Copy)]
enum Exported<'a> {
    /// A function declared in the export (`export function f`, `export default () => …`),
    /// with its symbol when it has a name.
    Function(&'a FormalParameters<'a>, Option<SymbolId>),
    /// A local binding (`export const`, `export { a }`, `export default a`).
    Symbol(SymbolId),
}
