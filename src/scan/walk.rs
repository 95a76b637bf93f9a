//! Following `Office` chains through the AST (see [`super`]).
//!
//! A work list of (expression node, type) pairs: each item climbs its parents while the
//! parent extends the chain (member access, call, parentheses, TypeScript wrappers) and, where
//! the chain is stored (`const x = …`, destructuring, a single assignment), queues the
//! binding's read references with the same type. No recursion over the AST, so deep code
//! cannot overflow the stack here.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    AssignmentOperator, AssignmentTarget, BinaryOperator, BindingPattern, Expression,
    LogicalOperator, TSType, TSTypeName, UnaryOperator,
};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

use super::{ApiUse, EwsCall, Unresolved};
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
}

impl Ty {
    fn property_types(&self) -> Vec<&'static str> {
        match self {
            Ty::Ifaces(v) => v.clone(),
            Ty::Members(ms) => {
                let props: Vec<&'static Member> = ms
                    .iter()
                    .copied()
                    .filter(|m| m.kind == Kind::Property)
                    .collect();
                kb::refs_of(&props)
            }
            _ => Vec::new(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Ty::Office => "Office".to_owned(),
            Ty::Cast => "Office.cast".to_owned(),
            Ty::CastItem => "Office.cast.item".to_owned(),
            Ty::CastFn(r) => format!("Office.cast.item → {r}"),
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
        Ty::CastFn(_) => None,
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
        Ty::CastFn(r) => Some(Ty::Ifaces(vec![r])),
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
                out.push(i.name);
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

pub(super) struct Walker<'s, 'a> {
    sem: &'s Semantic<'a>,
    base: u32,
    work: Vec<(NodeId, Ty)>,
    followed: std::collections::HashSet<SymbolId>,
    guards: Vec<(Span, u8)>,
    pub(super) uses: Vec<ApiUse>,
    pub(super) unresolved: Vec<Unresolved>,
    pub(super) ews: Vec<EwsCall>,
}

impl<'s, 'a> Walker<'s, 'a> {
    pub(super) fn new(sem: &'s Semantic<'a>, base: u32) -> Self {
        Walker {
            sem,
            base,
            work: Vec::new(),
            followed: std::collections::HashSet::new(),
            guards: Vec::new(),
            uses: Vec::new(),
            unresolved: Vec::new(),
            ews: Vec::new(),
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
        let mut steps = 0usize;
        while let Some((node, ty)) = self.work.pop() {
            steps += 1;
            if steps > MAX_WORK {
                break;
            }
            self.follow(node, ty);
        }
        // Apply requirement-set guards to the uses inside their `if` blocks.
        for u in &mut self.uses {
            for &(range, v) in &self.guards {
                if range.start <= u.span.start && u.span.end <= range.end {
                    u.guarded_set = Some(u.guarded_set.map_or(v, |g| g.max(v)));
                }
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
                AstKind::ParenthesizedExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSSatisfiesExpression(_)
                | AstKind::ChainExpression(_) => {}
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
                AstKind::StaticMemberExpression(m) if m.object.span() == cur_span => {
                    let Some(step) = member_step(&ty, m.property.name.as_str()) else {
                        return;
                    };
                    self.record(parent, m.property.span, &step.candidates);
                    ty = step.ty;
                }
                AstKind::ComputedMemberExpression(m) if m.object.span() == cur_span => {
                    let key = match &m.expression {
                        Expression::StringLiteral(s) => Some(s.value.to_string()),
                        Expression::TemplateLiteral(t) if t.expressions.is_empty() => t
                            .quasis
                            .first()
                            .and_then(|q| q.value.cooked.as_ref())
                            .map(ToString::to_string),
                        Expression::NumericLiteral(_) => {
                            // An array element: the element has the array's type.
                            cur = parent;
                            continue;
                        }
                        _ => None,
                    };
                    if let Some(k) = key {
                        let Some(step) = member_step(&ty, &k) else {
                            return;
                        };
                        self.record(parent, m.expression.span(), &step.candidates);
                        ty = step.ty;
                    } else {
                        self.unresolved.push(Unresolved {
                            span: self.span(m.expression.span()),
                            on: ty.describe(),
                        });
                        return;
                    }
                }
                AstKind::CallExpression(c) if c.callee.span() == cur_span => {
                    if let Ty::Members(ms) = &ty {
                        if ms
                            .iter()
                            .any(|m| m.interface == "Mailbox" && m.name == "makeEwsRequestAsync")
                        {
                            let call = super::ews::analyse(self.sem, c, self.base);
                            self.ews.push(call);
                        }
                        if ms.iter().any(|m| {
                            m.interface == "RequirementSetSupport" && m.name == "isSetSupported"
                        }) {
                            self.guard(parent, c);
                        }
                    }
                    match call_result(&ty) {
                        Some(t) => ty = t,
                        None => return,
                    }
                }
                AstKind::CallExpression(c) => {
                    // Passed to a local function: its parameter has the value's type
                    // (`loadItemProps(Office.context.mailbox.item)`).
                    let index = c.arguments.iter().position(|a| a.span() == cur_span);
                    if let (Some(i), Some(f)) = (index, super::local_function(self.sem, &c.callee))
                        && let Some(p) = f.params.items.get(i)
                    {
                        self.bind(&p.pattern, &ty);
                    }
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
                    if let AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left {
                        let scoping = self.sem.scoping();
                        if let Some(sym) = scoping.get_reference(id.reference_id()).symbol_id() {
                            let writes = scoping
                                .get_resolved_references(sym)
                                .filter(|r| r.is_write())
                                .count();
                            if writes == 1 {
                                self.follow_symbol(sym, &ty);
                            }
                        }
                    }
                    return;
                }
                _ => return,
            }
            cur = parent;
        }
    }

    /// Queues the read references of a binding pattern's symbols.
    fn bind(&mut self, pat: &BindingPattern<'_>, ty: &Ty) {
        match pat {
            BindingPattern::BindingIdentifier(id) => {
                let sym = id.symbol_id();
                if !self.sem.scoping().symbol_is_mutated(sym) {
                    self.follow_symbol(sym, ty);
                }
            }
            BindingPattern::ObjectPattern(op) => {
                for prop in &op.properties {
                    let Some(key) = prop.key.static_name() else {
                        continue;
                    };
                    let Some(step) = member_step(ty, &key) else {
                        continue;
                    };
                    let node = prop.node_id();
                    self.record(node, prop.key.span(), &step.candidates);
                    self.bind(&prop.value, &step.ty);
                }
            }
            BindingPattern::AssignmentPattern(ap) => self.bind(&ap.left, ty),
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    fn follow_symbol(&mut self, sym: SymbolId, ty: &Ty) {
        if !self.followed.insert(sym) {
            return;
        }
        let scoping = self.sem.scoping();
        for r in scoping.get_resolved_references(sym) {
            if r.is_read() {
                self.work.push((r.node_id(), ty.clone()));
            }
        }
    }

    fn record(&mut self, node: NodeId, name_span: oxc_span::Span, candidates: &[&'static Member]) {
        if candidates.is_empty() || candidates.iter().all(|m| m.effective_tier().is_none()) {
            return;
        }
        let probe = self.is_probe(node);
        self.uses.push(ApiUse {
            candidates: candidates.to_vec(),
            span: self.span(name_span),
            probe,
            guarded_set: None,
        });
    }

    /// Whether the expression at `node` is only tested for existence.
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
