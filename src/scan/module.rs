//! Module-level facts of one script: what it loads (`import`, `export … from`, `import()`,
//! `require`), what it re-exports, and its top-level functions with who refers to them (for
//! counting only the code a manifest's own handlers can reach).
//!
//! Imports are read from the AST with a visitor, with or without scopes, so that every file in
//! the module graph is followed even when it never mentions `Office`.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BindingPattern, Declaration, ExportDefaultDeclarationKind, Expression,
    ImportOrExportKind, ModuleExportName, Program, Statement, TSModuleReference,
};
use oxc_ast_visit::{Visit, walk};
use oxc_semantic::{Semantic, SymbolId};
use oxc_span::GetSpan;

use crate::source::Span;

/// How a module is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImportKind {
    /// `import … from "x"` or `import "x"`.
    Static,
    /// `export … from "x"`.
    ReExport,
    /// `import("x")`.
    Dynamic,
    /// `require("x")` or `import x = require("x")`.
    Require,
}

/// One module a script loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The specifier, or `None` when it is computed (`import(name)`).
    pub specifier: Option<String>,
    /// The specifier's span (or the whole call's, when computed).
    pub span: Span,
    /// How it is loaded.
    pub kind: ImportKind,
}

/// `export { a as b } from "x"` (`names` = [("a", "b")]) or `export * from "x"` (`names` empty,
/// `all` set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReExport {
    /// The module re-exported from.
    pub specifier: String,
    /// (name in that module, name here).
    pub names: Vec<(String, String)>,
    /// `export * from`: every name but `default`.
    pub all: bool,
}

/// How a top-level function is referred to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// An ordinary reference (a call, a callback, an event handler).
    Plain,
    /// `Office.actions.associate("name", f)`: invoked only for manifests that name `name`.
    Associate(String),
    /// `<object>.name = f` (`g.action = action`, `window.onSend = onSend`).
    Assign(String),
}

/// A top-level function (`function f`, `const f = () => …`, exported or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopFn {
    /// Its name (`default` for an anonymous default export).
    pub name: String,
    /// The whole declaration.
    pub span: Span,
    /// Exported: other modules may call it.
    pub exported: bool,
}

/// The top-level functions of a file and the references to them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FnGraph {
    /// The functions, in source order.
    pub fns: Vec<TopFn>,
    /// (referring function, or `None` for top-level code; the function referred to; how).
    pub refs: Vec<(Option<usize>, usize, RefKind)>,
}

impl FnGraph {
    /// Marks, in `on` (one flag per function), whatever the marked functions refer to through
    /// references `follows` accepts, until nothing changes.
    pub fn spread(&self, on: &mut [bool], follows: impl Fn(&RefKind) -> bool) {
        let mut changed = true;
        while changed {
            changed = false;
            for (from, to, kind) in &self.refs {
                let Some(from) = from else { continue };
                if follows(kind)
                    && on.get(*from).copied().unwrap_or(false)
                    && !on.get(*to).copied().unwrap_or(true)
                {
                    if let Some(r) = on.get_mut(*to) {
                        *r = true;
                    }
                    changed = true;
                }
            }
        }
    }

    /// The top-level function whose declaration contains `span`.
    #[must_use]
    pub fn container(&self, span: Span) -> Option<usize> {
        // Functions are in source order and do not overlap.
        let i = self.fns.partition_point(|f| f.span.start <= span.start);
        let i = i.checked_sub(1)?;
        let f = self.fns.get(i)?;
        (span.end <= f.span.end).then_some(i)
    }
}

/// A string literal or a template without substitutions, as its value.
pub(super) fn literal(e: &Expression<'_>) -> Option<String> {
    match e {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => t
            .quasis
            .first()
            .and_then(|q| q.value.cooked.as_ref())
            .map(ToString::to_string),
        _ => None,
    }
}

fn export_name(n: &ModuleExportName<'_>) -> String {
    n.name().to_string()
}

struct Imports {
    base: u32,
    out: Vec<Import>,
    reexports: Vec<ReExport>,
    pages: Vec<(String, Span)>,
    /// `export { a as b }` without `from`: (local name, exported name), resolved against
    /// the program's imports at the end (an import may come after the export in the text).
    local_exports: Vec<(String, String)>,
}

impl Imports {
    fn span(&self, s: oxc_span::Span) -> Span {
        Span::new(self.base + s.start, self.base + s.end)
    }
    fn push(&mut self, specifier: Option<String>, span: oxc_span::Span, kind: ImportKind) {
        let span = self.span(span);
        self.out.push(Import {
            specifier,
            span,
            kind,
        });
    }
}

impl<'a> Visit<'a> for Imports {
    fn visit_export_named_declaration(&mut self, d: &oxc_ast::ast::ExportNamedDeclaration<'a>) {
        // `export { a as b }`: no `from`, no declaration (those are other nodes here).
        if d.export_kind != ImportOrExportKind::Type {
            self.local_exports.extend(
                d.specifiers
                    .iter()
                    .filter(|s| s.export_kind != ImportOrExportKind::Type)
                    .map(|s| (export_name(&s.local), export_name(&s.exported))),
            );
        }
        walk::walk_export_named_declaration(self, d);
    }

    fn visit_import_declaration(&mut self, d: &oxc_ast::ast::ImportDeclaration<'a>) {
        if d.import_kind != ImportOrExportKind::Type {
            self.push(
                Some(d.source.value.to_string()),
                d.source.span,
                ImportKind::Static,
            );
        }
    }

    fn visit_export_from_declaration(&mut self, d: &oxc_ast::ast::ExportFromDeclaration<'a>) {
        if d.export_kind == ImportOrExportKind::Type {
            return;
        }
        self.push(
            Some(d.source.value.to_string()),
            d.source.span,
            ImportKind::ReExport,
        );
        self.reexports.push(ReExport {
            specifier: d.source.value.to_string(),
            names: d
                .specifiers
                .iter()
                .filter(|s| s.export_kind != ImportOrExportKind::Type)
                .map(|s| (export_name(&s.local), export_name(&s.exported)))
                .collect(),
            all: false,
        });
    }

    fn visit_export_all_declaration(&mut self, d: &oxc_ast::ast::ExportAllDeclaration<'a>) {
        if d.export_kind == ImportOrExportKind::Type {
            return;
        }
        self.push(
            Some(d.source.value.to_string()),
            d.source.span,
            ImportKind::ReExport,
        );
        // `export * as ns from "x"` exports a namespace, which carries no Office type here.
        if d.exported.is_none() {
            self.reexports.push(ReExport {
                specifier: d.source.value.to_string(),
                names: Vec::new(),
                all: true,
            });
        }
    }

    fn visit_import_expression(&mut self, e: &oxc_ast::ast::ImportExpression<'a>) {
        match literal(&e.source) {
            Some(s) => self.push(Some(s), e.source.span(), ImportKind::Dynamic),
            None => self.push(None, e.span, ImportKind::Dynamic),
        }
        walk::walk_import_expression(self, e);
    }

    fn visit_call_expression(&mut self, c: &oxc_ast::ast::CallExpression<'a>) {
        if let Expression::Identifier(id) = &c.callee
            && id.name == "require"
            && c.arguments.len() == 1
        {
            let arg = c.arguments.first().and_then(Argument::as_expression);
            match arg.and_then(literal) {
                Some(s) => self.push(
                    Some(s),
                    arg.map_or(c.span, GetSpan::span),
                    ImportKind::Require,
                ),
                None => self.push(None, c.span, ImportKind::Require),
            }
        }
        walk::walk_call_expression(self, c);
    }

    fn visit_string_literal(&mut self, s: &oxc_ast::ast::StringLiteral<'a>) {
        if crate::html::names_page(&s.value) {
            let span = self.span(s.span);
            self.pages.push((s.value.to_string(), span));
        }
    }

    fn visit_template_literal(&mut self, t: &oxc_ast::ast::TemplateLiteral<'a>) {
        for q in &t.quasis {
            if let Some(text) = q.value.cooked.as_ref() {
                // `${origin}/dialog.html`: the literal part names the page.
                if crate::html::names_page(text) {
                    let span = self.span(q.span);
                    self.pages.push((text.to_string(), span));
                }
            }
        }
        walk::walk_template_literal(self, t);
    }

    fn visit_ts_import_equals_declaration(
        &mut self,
        d: &oxc_ast::ast::TSImportEqualsDeclaration<'a>,
    ) {
        if d.import_kind != ImportOrExportKind::Type
            && let TSModuleReference::ExternalModuleReference(r) = &d.module_reference
        {
            self.push(
                Some(r.expression.value.to_string()),
                r.expression.span,
                ImportKind::Require,
            );
        }
    }
}

/// What a program loads: modules, re-exports, and pages it names (`"dialog.html"` in a
/// `displayDialogAsync`, a `location.href`, an iframe's `src`); `base` is the script's offset
/// in its file.
#[must_use]
pub fn imports(
    program: &Program<'_>,
    base: u32,
) -> (Vec<Import>, Vec<ReExport>, Vec<(String, Span)>) {
    let mut v = Imports {
        base,
        out: Vec::new(),
        reexports: Vec::new(),
        pages: Vec::new(),
        local_exports: Vec::new(),
    };
    v.visit_program(program);
    // `import { a } from "m"; export { a as b }` is `export { a as b } from "m"`.
    // Rare, so the imports are looked up only then, not recorded for every file.
    for (local, exported) in std::mem::take(&mut v.local_exports) {
        if let Some((specifier, name)) = imported_as(program, &local) {
            v.reexports.push(ReExport {
                specifier,
                names: vec![(name, exported)],
                all: false,
            });
        }
    }
    (v.out, v.reexports, v.pages)
}

/// The module and name a top-level `import { name as local } from "module"` binds `local` to.
fn imported_as(program: &Program<'_>, local: &str) -> Option<(String, String)> {
    program.body.iter().find_map(|st| {
        let oxc_ast::ast::Statement::ImportDeclaration(d) = st else {
            return None;
        };
        if d.import_kind == ImportOrExportKind::Type {
            return None;
        }
        d.specifiers.iter().flatten().find_map(|spec| match spec {
            oxc_ast::ast::ImportDeclarationSpecifier::ImportSpecifier(i)
                if i.import_kind != ImportOrExportKind::Type && i.local.name == local =>
            {
                Some((d.source.value.to_string(), export_name(&i.imported)))
            }
            _ => None,
        })
    })
}

/// Whether the text can load another module at all (a cheap filter before parsing).
#[must_use]
pub fn may_import(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memmem::find(b, b"import").is_some()
        || memchr::memmem::find(b, b"require").is_some()
        || memchr::memmem::find(b, b"export").is_some()
        || memchr::memmem::find(b, b".htm").is_some()
}

/// The top-level function declarations of a program: (name, symbol, whole span, exported).
fn top_functions(program: &Program<'_>) -> Vec<(String, Option<SymbolId>, oxc_span::Span, bool)> {
    fn from_declaration(
        d: &Declaration<'_>,
        outer: oxc_span::Span,
        exported: bool,
        out: &mut Vec<(String, Option<SymbolId>, oxc_span::Span, bool)>,
    ) {
        match d {
            Declaration::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    out.push((id.name.to_string(), Some(id.symbol_id()), outer, exported));
                }
            }
            Declaration::VariableDeclaration(v) => {
                for decl in &v.declarations {
                    let is_fn = matches!(
                        decl.init,
                        Some(
                            Expression::FunctionExpression(_)
                                | Expression::ArrowFunctionExpression(_)
                        )
                    );
                    if let (true, BindingPattern::BindingIdentifier(id)) = (is_fn, &decl.id) {
                        // One declarator a statement is the rule; its own span keeps several
                        // apart.
                        let span = if v.declarations.len() == 1 {
                            outer
                        } else {
                            decl.span
                        };
                        out.push((id.name.to_string(), Some(id.symbol_id()), span, exported));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for stmt in &program.body {
        match stmt {
            Statement::FunctionDeclaration(_) | Statement::VariableDeclaration(_) => {
                if let Some(d) = stmt.as_declaration() {
                    from_declaration(d, stmt.span(), false, &mut out);
                }
            }
            Statement::ExportDeclaration(e) => {
                from_declaration(&e.declaration, e.span, true, &mut out);
            }
            Statement::ExportDefaultDeclaration(e) => {
                if let ExportDefaultDeclarationKind::FunctionDeclaration(f) = &e.declaration {
                    let (name, sym) = f.id.as_ref().map_or_else(
                        || ("default".to_owned(), None),
                        |id| (id.name.to_string(), Some(id.symbol_id())),
                    );
                    out.push((name, sym, e.span, true));
                }
            }
            _ => {}
        }
    }
    out
}

/// How a reference to a function at `node` uses it: a handler registration or a plain use.
fn ref_kind(sem: &Semantic<'_>, node: oxc_semantic::NodeId) -> RefKind {
    let nodes = sem.nodes();
    let span = nodes.kind(node).span();
    let parent = nodes.parent_id(node);
    match nodes.kind(parent) {
        AstKind::CallExpression(c) => {
            let second = c.arguments.get(1).map(GetSpan::span) == Some(span);
            let is_associate = match &c.callee {
                Expression::StaticMemberExpression(m) if m.property.name == "associate" => {
                    matches!(&m.object, Expression::StaticMemberExpression(o)
                        if o.property.name == "actions"
                            && matches!(&o.object, Expression::Identifier(id) if id.name == "Office"))
                }
                _ => false,
            };
            let name = c
                .arguments
                .first()
                .and_then(Argument::as_expression)
                .and_then(literal);
            match (second && is_associate, name) {
                (true, Some(n)) => RefKind::Associate(n),
                _ => RefKind::Plain,
            }
        }
        AstKind::AssignmentExpression(a) if a.right.span() == span => match &a.left {
            oxc_ast::ast::AssignmentTarget::StaticMemberExpression(m) => {
                RefKind::Assign(m.property.name.to_string())
            }
            _ => RefKind::Plain,
        },
        _ => RefKind::Plain,
    }
}

/// The top-level functions and the references to each (needs scopes).
#[must_use]
pub fn fn_graph(sem: &Semantic<'_>, program: &Program<'_>, base: u32) -> FnGraph {
    let found = top_functions(program);
    let fns: Vec<TopFn> = found
        .iter()
        .map(|(name, _, span, exported)| TopFn {
            name: name.clone(),
            span: Span::new(base + span.start, base + span.end),
            exported: *exported,
        })
        .collect();
    let mut g = FnGraph {
        fns,
        refs: Vec::new(),
    };
    let scoping = sem.scoping();
    for (to, (_, sym, _, _)) in found.iter().enumerate() {
        let Some(sym) = sym else { continue };
        for r in scoping.get_resolved_references(*sym) {
            let node = r.node_id();
            let s = sem.nodes().kind(node).span();
            let from = g.container(Span::new(base + s.start, base + s.end));
            // A function's references to itself (recursion) say nothing about reachability.
            if from == Some(to) {
                continue;
            }
            g.refs.push((from, to, ref_kind(sem, node)));
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_semantic::SemanticBuilder;
    use oxc_span::SourceType;

    fn specs(src: &str) -> Vec<(Option<String>, ImportKind)> {
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, src, SourceType::ts()).parse();
        imports(&ret.program, 0)
            .0
            .into_iter()
            .map(|i| (i.specifier, i.kind))
            .collect()
    }

    #[test]
    fn every_way_of_loading_a_module() {
        let got = specs(
            "import a from './a'; import './side.css'; import type { T } from './types';\n\
             export { b } from './b'; export * from './c'; export type { U } from './u';\n\
             const d = await import('./d'); const e = require(`./e`); import f = require('./f');\n\
             const g = import(name); // computed\n",
        );
        assert_eq!(
            got,
            [
                (Some("./a".into()), ImportKind::Static),
                (Some("./side.css".into()), ImportKind::Static),
                (Some("./b".into()), ImportKind::ReExport),
                (Some("./c".into()), ImportKind::ReExport),
                (Some("./d".into()), ImportKind::Dynamic),
                (Some("./e".into()), ImportKind::Require),
                (Some("./f".into()), ImportKind::Require),
                (None, ImportKind::Dynamic),
            ]
        );
    }

    #[test]
    fn functions_and_their_registrations() {
        let src = "function a(e) { b(); }\nfunction b() {}\nexport function c() {}\nconst d = () => 1;\n\
                   function e() {}\nOffice.actions.associate('onSend', a);\ng.onRead = d;\nOffice.onReady(() => e());\n";
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, src, SourceType::mjs()).parse();
        let sem = SemanticBuilder::new()
            .with_build_nodes(true)
            .build(&ret.program)
            .semantic;
        let g = fn_graph(&sem, &ret.program, 0);
        let names: Vec<&str> = g.fns.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
        assert!(g.fns[2].exported && !g.fns[0].exported);
        assert!(g.refs.contains(&(Some(0), 1, RefKind::Plain)));
        assert!(
            g.refs
                .contains(&(None, 0, RefKind::Associate("onSend".into())))
        );
        assert!(
            g.refs
                .contains(&(None, 3, RefKind::Assign("onRead".into())))
        );
        assert!(g.refs.contains(&(None, 4, RefKind::Plain)));
        assert_eq!(g.container(Span::new(17, 20)), Some(0));
        assert_eq!(g.container(Span::new(120, 121)), None);
    }
}
