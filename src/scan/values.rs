//! Call-site binding inside one file: what a parameter can hold is the union of what the
//! function's callers pass for it.
//!
//! The followers ask "which functions can this callee be?" when a value they follow is passed
//! to something that is not a declared function: a parameter (`function run(callback) { …
//! callback(token) }`) or a property of one (`options.onDone(data, token)`). The answer looks
//! at every call of the enclosing function in the file and reads the argument there, through
//! further parameters, object literals and `const` bindings, and at the arguments of the
//! calls the follower itself went through (a function reached as `callback(…)` has no call
//! site of its own; the call that reached it binds its parameters).
//!
//! What cannot be seen is said, never guessed: a function that is exported or used as a
//! value (its other callers are elsewhere), an argument that is not a function the file
//! declares, a global. The follower records that as an escape and still follows the
//! functions that were found, so a need proven through them stands. The work is bounded by
//! depth and by the symbols visited.

use std::collections::{HashMap, HashSet};

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, CallExpression, Expression, FormalParameters};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

/// How deep a value is chased through parameters and properties.
const MAX_DEPTH: u8 = 8;

/// What a callee can be, as far as the file shows.
#[derive(Default)]
pub(super) struct Resolved<'a> {
    /// The functions it can be: their parameters.
    pub functions: Vec<&'a FormalParameters<'a>>,
    /// The imported bindings it can be: (module specifier, export name), followed by the
    /// module graph.
    pub imports: Vec<(String, String)>,
    /// Why it may also be something else (each a phrase: "`run` is exported, so …").
    pub unknown: Vec<String>,
}

/// The arguments the follower's calls passed to parameters: a function reached through a
/// call of a parameter has no call site of its own.
#[derive(Default)]
pub(super) struct Bindings<'a> {
    args: HashMap<SymbolId, Vec<&'a Expression<'a>>>,
}

impl<'a> Bindings<'a> {
    /// Records that `call` passes its arguments to `params`; true when that is new for a
    /// parameter already bound (what was followed in the function must be followed again).
    pub fn enter(
        &mut self,
        params: &'a FormalParameters<'a>,
        call: &'a CallExpression<'a>,
    ) -> bool {
        let mut grew = false;
        for (p, a) in params.items.iter().zip(&call.arguments) {
            if let (oxc_ast::ast::BindingPattern::BindingIdentifier(id), Some(e)) =
                (&p.pattern, a.as_expression())
            {
                let v = self.args.entry(id.symbol_id()).or_default();
                if !v.iter().any(|x| x.span() == e.span()) {
                    grew |= !v.is_empty();
                    v.push(e);
                }
            }
        }
        grew
    }
}

/// A value as far as the file shows.
enum Leaf<'a> {
    Function(&'a FormalParameters<'a>),
    Object(&'a oxc_ast::ast::ObjectExpression<'a>),
    Import(String, String),
}

struct Resolver<'s, 'a> {
    sem: &'s Semantic<'a>,
    bindings: &'s Bindings<'a>,
    origin: oxc_span::Span,
    seen: HashSet<SymbolId>,
    leaves: Vec<Leaf<'a>>,
    unknown: Vec<String>,
}

/// The functions `callee` can be, in a flow that starts at `origin` (the call that makes
/// the value followed).
pub(super) fn callees<'a>(
    sem: &Semantic<'a>,
    bindings: &Bindings<'a>,
    origin: oxc_span::Span,
    callee: &'a Expression<'a>,
) -> Resolved<'a> {
    let mut r = Resolver::new(sem, bindings, origin);
    r.value(callee, 0);
    r.into_resolved()
}

/// The functions and imports a binding (a component's name) can be.
pub(super) fn of_symbol<'a>(sem: &Semantic<'a>, sym: SymbolId, name: &str) -> Resolved<'a> {
    let bindings = Bindings::default();
    let mut r = Resolver::new(sem, &bindings, oxc_span::Span::default());
    r.symbol(sym, name, 0);
    r.into_resolved()
}

impl<'s, 'a> Resolver<'s, 'a> {
    fn new(sem: &'s Semantic<'a>, bindings: &'s Bindings<'a>, origin: oxc_span::Span) -> Self {
        Resolver {
            sem,
            bindings,
            origin,
            seen: HashSet::new(),
            leaves: Vec::new(),
            unknown: Vec::new(),
        }
    }

    fn into_resolved(self) -> Resolved<'a> {
        let mut out = Resolved {
            unknown: self.unknown,
            ..Resolved::default()
        };
        for l in self.leaves {
            match l {
                Leaf::Function(p) if !out.functions.iter().any(|q| std::ptr::eq(*q, p)) => {
                    out.functions.push(p);
                }
                Leaf::Import(s, n) if !out.imports.contains(&(s.clone(), n.clone())) => {
                    out.imports.push((s, n));
                }
                _ => {}
            }
        }
        out.unknown.sort();
        out.unknown.dedup();
        out
    }
}

impl<'a> Resolver<'_, 'a> {
    fn unknown(&mut self, why: String) {
        self.unknown.push(why);
    }

    fn value(&mut self, e: &'a Expression<'a>, depth: u8) {
        if depth > MAX_DEPTH {
            self.unknown("it is passed on too many times to follow".to_owned());
            return;
        }
        match e.get_inner_expression() {
            Expression::FunctionExpression(f) => self.leaves.push(Leaf::Function(&f.params)),
            Expression::ArrowFunctionExpression(f) => self.leaves.push(Leaf::Function(&f.params)),
            Expression::ObjectExpression(o) => self.leaves.push(Leaf::Object(o)),
            Expression::Identifier(id) => {
                let scoping = self.sem.scoping();
                match scoping.get_reference(id.reference_id()).symbol_id() {
                    Some(sym) => self.symbol(sym, &id.name, depth),
                    None => self.unknown(format!("`{}` is a global", id.name)),
                }
            }
            Expression::StaticMemberExpression(m) => {
                let before = self.leaves.len();
                self.value(&m.object, depth + 1);
                let objects: Vec<Leaf<'a>> = self.leaves.drain(before..).collect();
                for o in objects {
                    match o {
                        Leaf::Object(o) => match super::ast::property(o, &m.property.name) {
                            Some(v) => self.value(v, depth + 1),
                            // Not set by the literal: calling it would throw, or it is set
                            // later by an assignment the audit does not follow.
                            None => self.unknown(format!(
                                "an object passed there has no `{}` the audit can read",
                                m.property.name
                            )),
                        },
                        Leaf::Function(_) | Leaf::Import(..) => self.unknown(format!(
                            "`{}` is a property of a function or a module",
                            m.property.name
                        )),
                    }
                }
            }
            other => self.unknown(format!(
                "`{}` is computed",
                super::ast::dotted(other).unwrap_or_else(|| "a value".to_owned())
            )),
        }
    }

    fn symbol(&mut self, sym: SymbolId, name: &str, depth: u8) {
        if !self.seen.insert(sym) {
            return;
        }
        if let Some(f) = super::ast::function_of_symbol(self.sem, sym) {
            self.leaves.push(Leaf::Function(f.params));
            return;
        }
        if let Some((specifier, export)) = super::ast::import_of(self.sem, sym) {
            match export {
                Some(e) => self.leaves.push(Leaf::Import(specifier, e)),
                None => self.unknown(format!("`{name}` is a whole module")),
            }
            return;
        }
        let scoping = self.sem.scoping();
        let decl = scoping.symbol_declaration(sym);
        if let Some((function, index)) = self.parameter(decl) {
            // A function the flow entered by calls: the value followed arrives only through
            // those calls, so they are what binds its parameters; unless the flow starts
            // inside it (then every caller counts).
            let entered = self.bindings.args.get(&sym);
            if let Some(args) = entered {
                for a in args.clone() {
                    self.value(a, depth + 1);
                }
            }
            let inside = self.sem.nodes().kind(function).span();
            let starts_inside = inside.start <= self.origin.start && self.origin.end <= inside.end;
            if entered.is_none() || starts_inside {
                self.call_sites(function, index, name, depth);
            }
            return;
        }
        // `const options = { … }`, never reassigned, and no property of it assigned.
        if let AstKind::VariableDeclarator(d) = self.sem.nodes().kind(decl)
            && let Some(init) = &d.init
            && !scoping.symbol_is_mutated(sym)
            && !self.property_assigned(sym)
        {
            self.value(init, depth + 1);
            return;
        }
        self.unknown(format!("`{name}` is not a value the audit can read"));
    }

    /// Whether a function is declared at the top of a classic script (a global other
    /// scripts of the page can call).
    fn global(&self, sym: SymbolId) -> bool {
        super::ast::script_global(self.sem, sym)
    }

    /// Whether some `x.p = …` assigns a property of the binding.
    fn property_assigned(&self, sym: SymbolId) -> bool {
        let nodes = self.sem.nodes();
        self.sem
            .scoping()
            .get_resolved_references(sym)
            .any(|r| {
                let member = nodes.parent_id(r.node_id());
                matches!(nodes.kind(member), AstKind::StaticMemberExpression(_) | AstKind::ComputedMemberExpression(_))
                    && matches!(nodes.kind(nodes.parent_id(member)), AstKind::AssignmentExpression(a) if a.left.span() == nodes.kind(member).span())
            })
    }

    /// The function whose parameter `decl` declares, and the parameter's position.
    fn parameter(&self, decl: NodeId) -> Option<(NodeId, usize)> {
        let nodes = self.sem.nodes();
        let mut cur = decl;
        let mut param = None;
        for _ in 0..4 {
            match nodes.kind(cur) {
                AstKind::FormalParameter(p) => param = Some(p.span),
                AstKind::FormalParameters(ps) => {
                    let at = param?;
                    let index = ps.items.iter().position(|p| p.span == at)?;
                    let function = nodes.parent_id(cur);
                    return matches!(
                        nodes.kind(function),
                        AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
                    )
                    .then_some((function, index));
                }
                _ => {}
            }
            cur = nodes.parent_id(cur);
        }
        None
    }

    /// What the calls of `function` in this file pass as argument `index`; unknown when it
    /// has callers the file does not show.
    fn call_sites(&mut self, function: NodeId, index: usize, param: &str, depth: u8) {
        let nodes = self.sem.nodes();
        let sym = match nodes.kind(function) {
            AstKind::Function(f) => {
                f.id.as_ref()
                    .map(oxc_ast::ast::BindingIdentifier::symbol_id)
            }
            _ => None,
        }
        .or_else(|| super::ast::declared_as(self.sem, function));
        let Some(sym) = sym else {
            self.unknown(format!(
                "`{param}` is a parameter of a function passed where the audit does not see it called"
            ));
            return;
        };
        let name = self.sem.scoping().symbol_name(sym).to_owned();
        if super::ast::exported(self.sem, function) {
            self.unknown(format!(
                "`{name}` is exported, so its callers elsewhere may pass another `{param}`"
            ));
        } else if self.global(sym) {
            self.unknown(format!(
                "`{name}` is a global function, so other scripts may pass another `{param}`"
            ));
        }
        let scoping = self.sem.scoping();
        let mut args: Vec<&'a Expression<'a>> = Vec::new();
        let mut as_value = false;
        for r in scoping.get_resolved_references(sym) {
            let at = nodes.kind(r.node_id()).span();
            match nodes.kind(nodes.parent_id(r.node_id())) {
                AstKind::CallExpression(c) if c.callee.span() == at => {
                    match c.arguments.get(index) {
                        Some(Argument::SpreadElement(_)) => as_value = true,
                        Some(a) => {
                            if let Some(e) = a.as_expression() {
                                args.push(e);
                            }
                        }
                        // Nothing passed: `undefined`, never a function.
                        None => {}
                    }
                }
                _ => as_value = true,
            }
        }
        if as_value {
            self.unknown(format!(
                "`{name}` is also used as a value, so it may be called with another `{param}`"
            ));
        }
        for a in args {
            self.value(a, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn exported_functions_have_unknown_callers() {
        let src = "export function withToken(run, options) {\n  Office.context.mailbox.getCallbackTokenAsync({ isRest: true }, (r) => { run(r.value, options); });\n}\nfunction go(t) { fetch('https://x/' , { headers: { Authorization: t } }); }\nwithToken(go, {});\n";
        let facts = crate::scan::scan(src, oxc_span::SourceType::mjs(), 0);
        let t = &facts.tokens[0];
        assert_eq!(t.requests.len(), 1, "{t:?}");
        assert_eq!(t.escapes.len(), 1, "{:?}", t.escapes);
        assert!(
            t.escapes[0].1.contains("`withToken` is exported"),
            "{:?}",
            t.escapes
        );
    }

    /// The requests' URLs and the escapes' reasons of the first token flow of `src`.
    fn flow(src: &str, module: bool) -> (Vec<String>, Vec<String>) {
        let st = if module {
            oxc_span::SourceType::mjs()
        } else {
            oxc_span::SourceType::cjs()
        };
        let facts = crate::scan::scan(src, st, 0);
        let t = &facts.tokens[0];
        (
            t.requests.iter().filter_map(|r| r.url.clone()).collect(),
            t.escapes.iter().map(|e| e.1.clone()).collect(),
        )
    }

    #[test]
    fn office_objects_follow_parameters_too() {
        let src = "function withItem(run) { run(Office.context.mailbox.item); }\nfunction stamp(item) { item.body.setAsync('x'); }\nwithItem(stamp);\n";
        let names = |src: &str| {
            let facts = crate::scan::scan(src, oxc_span::SourceType::mjs(), 0);
            let names: Vec<String> = facts
                .uses
                .iter()
                .flat_map(|u| u.candidates.iter().map(|m| m.name.to_owned()))
                .collect();
            (names, facts.escapes.len())
        };
        let (found, escapes) = names(&format!("{src}export {{}};\n"));
        assert!(found.iter().any(|n| n == "setAsync"), "{found:?}");
        assert_eq!(escapes, 0);
        // Exported: other callers may pass another `run`, which the item escapes into.
        let (_, escapes) = names(&format!("export {src}"));
        assert_eq!(escapes, 1);
    }

    #[test]
    fn instance_fields_hold_what_a_class_stores() {
        let pane = "class Pane {\n  constructor() { this.item = Office.context.mailbox.item; }\n  save() { this.item.body.setAsync('x'); }\n}\n";
        let scan = |src: &str| crate::scan::scan(src, oxc_span::SourceType::mjs(), 0);
        let facts = scan(&format!("{pane}const p = new Pane();\np.save();\n"));
        assert!(
            facts
                .uses
                .iter()
                .any(|u| u.candidates.iter().any(|m| m.name == "setAsync")),
            "{:?}",
            facts.escapes
        );
        assert!(facts.escapes.is_empty(), "{:?}", facts.escapes);
        // Exported, or an instance whose `item` is read outside: it may be used elsewhere.
        for src in [
            format!("export {pane}"),
            format!("{pane}const p = new Pane();\nwindow.x = p.item;\n"),
        ] {
            let facts = scan(&src);
            assert_eq!(facts.escapes.len(), 1, "{src}");
        }
        // The callback token in a field, sent by another method.
        let (urls, escapes) = flow(
            "class Mail {\n  load() { Office.context.mailbox.getCallbackTokenAsync({ isRest: true }, (r) => { this.token = r.value; this.send(); }); }\n  send() { fetch('https://outlook.office.com/api/v2.0/me/messages', { headers: { Authorization: 'Bearer ' + this.token } }); }\n}\nnew Mail().load();\n",
            true,
        );
        assert_eq!(
            urls,
            ["https://outlook.office.com/api/v2.0/me/messages"],
            "{escapes:?}"
        );
        assert!(escapes.is_empty(), "{escapes:?}");
    }

    #[test]
    fn promises_of_an_office_object_give_it_back() {
        let uses = |src: &str| {
            let (found, escapes, _) = set_async(src);
            (found, escapes)
        };
        for src in [
            "new Promise((resolve) => resolve(Office.context.mailbox.item)).then((item) => item.body.setAsync('x'));",
            "async function current() { return Office.context.mailbox.item; }\nasync function go() { const item = await current(); item.body.setAsync('x'); }\ngo();",
            "var d = $.Deferred();\nd.resolve(Office.context.mailbox.item);\nd.promise().done(function (i) { i.body.setAsync('x'); });",
            "function get($q) { var d = $q.defer(); d.resolve(Office.context.mailbox.item); return d.promise; }\nget(q).then(function (i) { i.body.setAsync('x'); });",
        ] {
            assert_eq!(uses(&format!("{src}\nexport {{}};\n")), (true, 0), "{src}");
        }
        // A callback the file does not declare: the item escapes there.
        let src = "new Promise((resolve) => resolve(Office.context.mailbox.item)).then(handler);\nexport {};\n";
        assert_eq!(uses(src), (false, 1));
        // A rest parameter, a spread callback, or `.then` handed on rather than called.
        for src in [
            "new Promise((resolve) => resolve(Office.context.mailbox.item)).then((...all) => all);",
            "new Promise((resolve) => resolve(Office.context.mailbox.item)).then(...handlers);",
            "register(new Promise((resolve) => resolve(Office.context.mailbox.item)).then);",
        ] {
            assert_eq!(uses(&format!("{src}\nexport {{}};\n")), (false, 1), "{src}");
        }
    }

    #[test]
    fn an_office_object_used_where_the_walk_stops_is_an_escape() {
        let escapes = |body: &str| {
            let src = format!(
                "function App(props) {{\n  const item = Office.context.mailbox.item;\n  {body}\n}}\nexport default App;\n"
            );
            crate::scan::scan(&src, oxc_span::SourceType::tsx(), 0)
                .escapes
                .into_iter()
                .map(|e| e.how)
                .collect::<Vec<_>>()
        };
        // Shown, tested, typed: nothing passed on.
        for body in [
            "return <h1>{item.subject}</h1>;",
            "if (item) { return null; }",
            "const t: Office.MessageRead = item as Office.MessageRead;",
            "let s = ''; s += item.subject;",
            "(0, item).body.setAsync('x');",
        ] {
            assert_eq!(escapes(body), Vec::<String>::new(), "{body}");
        }
        // Exported by name: the module graph carries it to importers, no escape.
        let facts = crate::scan::scan(
            "const item = Office.context.mailbox.item;\nexport { item };\n",
            oxc_span::SourceType::mjs(),
            0,
        );
        assert!(facts.escapes.is_empty() && facts.exports.contains_key("item"));
        // A JSX prop of a component the file declares: followed into its props.
        let src = "function Child({ item }) { item.body.setAsync('x'); return null; }\nfunction Other(props) { props.item.categories.addAsync(['x']); return null; }\nexport default function App() {\n  const item = Office.context.mailbox.item;\n  return <><Child item={item} /><Other item={item} /></>;\n}\n";
        let facts = crate::scan::scan(src, oxc_span::SourceType::tsx(), 0);
        let names: Vec<&str> = facts
            .uses
            .iter()
            .flat_map(|u| u.candidates.iter().map(|m| m.name))
            .collect();
        assert!(
            names.contains(&"setAsync") && names.contains(&"addAsync"),
            "{names:?}"
        );
        assert!(facts.escapes.is_empty(), "{:?}", facts.escapes);
        // A component passed as a parameter (`render(Pane)`): what the callers pass.
        let src = "function Pane({ item }) { item.body.setAsync('x'); return null; }\nconst render = (Component) => <Component item={Office.context.mailbox.item} />;\nrender(Pane);\nexport {};\n";
        let facts = crate::scan::scan(src, oxc_span::SourceType::tsx(), 0);
        assert!(
            facts
                .uses
                .iter()
                .any(|u| u.candidates.iter().any(|m| m.name == "setAsync")),
            "{:?}",
            facts.escapes
        );
        assert!(facts.escapes.is_empty(), "{:?}", facts.escapes);
        // A JSX prop, a spread, a logical assignment: it goes where the walk stops.
        for body in [
            "return <Child item={item} />;",
            "return [...[item]];",
            "window.x ??= item;",
        ] {
            assert_eq!(escapes(body).len(), 1, "{body}: {:?}", escapes(body));
        }
    }

    const WITH_TOKEN: &str = "function withToken(run, o) {\n  Office.context.mailbox.getCallbackTokenAsync({ isRest: true }, (r) => run(r.value, o));\n}\n";

    #[test]
    fn every_caller_counts_and_later_callers_are_followed_too() {
        // Two callers, each with its own options: both `onDone`s get the token, also the
        // one bound after `step` was first followed.
        let src = format!(
            "{WITH_TOKEN}function step(t, o) {{ o.onDone(t); }}\nfunction a(t) {{ fetch('https://a/', {{ headers: {{ Authorization: t }} }}); }}\nfunction b(t) {{ fetch('https://b/', {{ headers: {{ Authorization: t }} }}); }}\nwithToken(step, {{ onDone: a }});\nwithToken(step, {{ onDone: b }});\nexport {{}};\n"
        );
        let (urls, escapes) = flow(&src, true);
        assert_eq!(urls, ["https://a/", "https://b/"], "{escapes:?}");
        assert!(escapes.is_empty(), "{escapes:?}");
    }

    #[test]
    fn callers_the_file_cannot_all_show_are_said() {
        // A classic script's top-level function: other scripts may call it.
        let src = format!("{WITH_TOKEN}withToken(function (t) {{}}, {{}});\n");
        let (_, escapes) = flow(&src, false);
        assert!(
            escapes
                .iter()
                .any(|e| e.contains("`withToken` is a global function")),
            "{escapes:?}"
        );
        // Used as a value: called from somewhere the file does not show.
        let src = format!(
            "{WITH_TOKEN}withToken(function (t) {{}}, {{}});\nwindow.later = withToken;\nexport {{}};\n"
        );
        let (_, escapes) = flow(&src, true);
        assert!(
            escapes
                .iter()
                .any(|e| e.contains("`withToken` is also used as a value")),
            "{escapes:?}"
        );
        // A property set after the literal: not read.
        let src = format!(
            "{WITH_TOKEN}function step(t, o) {{ o.onDone(t); }}\nconst opts = {{}};\nopts.onDone = (t) => t;\nwithToken(step, opts);\nexport {{}};\n"
        );
        let (_, escapes) = flow(&src, true);
        assert!(
            escapes
                .iter()
                .any(|e| e.contains("`opts` is not a value the audit can read")),
            "{escapes:?}"
        );
    }

    /// Whether the module `src` is seen to call `setAsync`, and how many escapes and
    /// unresolved accesses it has.
    fn set_async(src: &str) -> (bool, usize, usize) {
        let facts = crate::scan::scan(src, oxc_span::SourceType::mjs(), 0);
        let found = facts
            .uses
            .iter()
            .any(|u| u.candidates.iter().any(|m| m.name == "setAsync"));
        (found, facts.escapes.len(), facts.unresolved.len())
    }

    #[test]
    fn objects_holding_office_values_are_followed() {
        const ITEM: &str = "Office.context.mailbox.item";
        // Held by an object literal, or stored in one read only through its members: seen,
        // nothing escapes.
        for src in [
            format!("const state = {{ item: {ITEM} }};\nstate.item.body.setAsync('x');"),
            format!(
                "const state = {{ mail: {{ item: {ITEM} }} }};\nconst {{ mail }} = state;\nmail.item.body.setAsync('x');"
            ),
            format!("const store = {{}};\nstore.item = {ITEM};\nstore.item.body.setAsync('x');"),
            format!(
                "function load() {{ return {{ item: {ITEM} }}; }}\nload().item.body.setAsync('x');"
            ),
            format!(
                "const api = {{ current: function () {{ return {ITEM}; }} }};\napi.current().body.setAsync('x');"
            ),
        ] {
            assert_eq!(
                set_async(&format!("{src}\nexport {{}};\n")),
                (true, 0, 0),
                "{src}"
            );
        }
        // Stored in `this` of a controller (a template may read it): seen, and it escapes.
        let src = format!(
            "export function Ctrl() {{ var vm = this; vm.item = {ITEM}; vm.item.body.setAsync('x'); }}\n"
        );
        assert_eq!(set_async(&src), (true, 1, 0), "{src}");
        // Read by the object's own methods as `this`, gathered with `...rest`, read with a
        // key the audit cannot know, or passed on.
        for src in [
            format!(
                "const o = {{ item: {ITEM}, save() {{ this.item.body.setAsync('x'); }} }};\no.save();"
            ),
            format!(
                "function save() {{ this.item.body.setAsync('x'); }}\nconst o = {{ item: {ITEM}, save }};\no.save();"
            ),
            format!(
                "const o = {{ item: {ITEM} }};\nconst {{ ...rest }} = o;\nrest.item.body.setAsync('x');"
            ),
        ] {
            assert_eq!(
                set_async(&format!("{src}\nexport {{}};\n")),
                (false, 1, 0),
                "{src}"
            );
        }
        let src =
            format!("const o = {{ item: {ITEM} }};\nconst {{ [key]: it }} = o;\nexport {{}};\n");
        assert_eq!(set_async(&src), (false, 0, 1), "{src}");
        let src = format!("api.send({{ item: {ITEM} }});\nexport {{}};\n");
        assert_eq!(set_async(&src), (false, 1, 0), "{src}");
        let src =
            format!("const o = {{ item: {ITEM} }};\no[key].body.setAsync('x');\nexport {{}};\n");
        assert_eq!(set_async(&src), (false, 0, 1), "{src}");
    }

    #[test]
    fn promise_all_gives_each_element_back_at_its_index() {
        const GET: &str = "async function getItem() { return Office.context.mailbox.item; }\n";
        for tail in [
            "async function go() { const [item, n] = await Promise.all([getItem(), count()]); item.body.setAsync('x'); }\ngo();",
            "Promise.all([count(), getItem()]).then(([n, item]) => item.body.setAsync('x'));",
            "Promise.all([getItem()]).then((all) => all[0].body.setAsync('x'));",
        ] {
            assert_eq!(
                set_async(&format!("{GET}{tail}\nexport {{}};\n")),
                (true, 0, 0),
                "{tail}"
            );
        }
        // Gathered with a rest element, or after a spread: not followed, and said.
        for tail in [
            "Promise.all([getItem()]).then(([...all]) => all[0].body.setAsync('x'));",
            "Promise.all([...others, getItem()]).then((all) => all);",
        ] {
            let (found, escapes, _) = set_async(&format!("{GET}{tail}\nexport {{}};\n"));
            assert!(!found && escapes == 1, "{tail}: {escapes}");
        }
    }

    #[test]
    fn a_react_context_in_one_file_gives_its_value_to_use_context() {
        let scan = |src: &str| {
            let facts = crate::scan::scan(src, oxc_span::SourceType::jsx(), 0);
            let found = facts
                .uses
                .iter()
                .any(|u| u.candidates.iter().any(|m| m.name == "setAsync"));
            (found, facts.escapes.len())
        };
        let src = "import { createContext, useContext } from 'react';\nconst Mail = createContext(null);\nfunction Body() { const item = useContext(Mail); item.body.setAsync('x'); return null; }\nexport function App() { return <Mail.Provider value={Office.context.mailbox.item}><Body /></Mail.Provider>; }\n";
        assert_eq!(scan(src), (true, 0));
        // Handed on as the context object itself: whoever reads it is not seen.
        let src = format!("{src}window.mail = Mail;\n");
        assert_eq!(scan(&src), (true, 1));
    }

    #[test]
    fn a_promise_of_the_token_handed_on_is_said() {
        const PROMISE: &str = "const p = new Promise((res) => Office.context.mailbox.getCallbackTokenAsync({ isRest: true }, (r) => res(r.value)));\n";
        for (tail, why) in [
            ("p.then((...all) => all);", "rest parameter"),
            ("p.then(...handlers);", "spread into"),
            ("register(p.then);", "used other than called"),
        ] {
            let (_, escapes) = flow(&format!("{PROMISE}{tail}\nexport {{}};\n"), true);
            assert!(
                escapes.iter().any(|e| e.contains(why)),
                "{tail}: {escapes:?}"
            );
        }
    }
}
