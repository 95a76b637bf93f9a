//! How a script uses some function names: direct calls, or anything else.
//!
//! Scopes and Graph paths a helper takes as a parameter are read from the calls of that
//! helper, found by name across the add-in's modules. That list is complete only when every
//! use of the name is a direct call the audit read: a name passed as a value (a callback, an
//! event handler, `Office.actions.associate("x", x)`), read as a property (`api.x`, `x.call`),
//! spelled as a string (`obj["x"]`), imported under another name or re-exported, may be
//! called where the audit cannot see it. This reader answers that question for the few names
//! an add-in's Microsoft Graph helpers have, on demand (it is never run for add-ins without
//! such helpers, so the scan's hot path does not pay for it).

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    CallExpression, Expression, IdentifierReference, ImportSpecifier, StaticMemberExpression,
    StringLiteral,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;

/// How a script uses one name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameUse {
    /// The argument count of each direct call (`name(…)`, `x.name(…)`, `x?.name(…)`).
    pub calls: Vec<usize>,
    /// Whether it is used any other way (a value, a property read, a string, a renamed import,
    /// a re-export).
    pub other: bool,
}

/// The program of `text`, when it parses without an error (options as the scan's).
fn parse<'a>(
    alloc: &'a Allocator,
    text: &'a str,
    source_type: SourceType,
) -> Option<oxc_ast::ast::Program<'a>> {
    let options = ParseOptions {
        allow_return_outside_function: true,
        ..ParseOptions::default()
    };
    let ret = Parser::new(alloc, text, source_type)
        .with_options(options)
        .parse();
    (!ret.panicked && ret.diagnostics.is_empty()).then_some(ret.program)
}

/// How `text` uses each of `names`; `None` when it cannot be parsed. For `methods`, only
/// member uses count (`x.name(…)`, `x.name`, `{ name } = x`, `"name"`): a plain identifier of
/// that name is another binding, not the method.
#[must_use]
pub fn uses(
    text: &str,
    source_type: SourceType,
    names: &[&str],
    methods: bool,
) -> Option<HashMap<String, NameUse>> {
    let alloc = Allocator::default();
    let program = parse(&alloc, text, source_type)?;
    let mut r = Reader {
        names,
        methods,
        out: HashMap::new(),
    };
    r.visit_program(&program);
    Some(r.out)
}

/// The token each call of `name` in `text` gives (a promise of it when `promise`), followed
/// from the call as an MSAL token is: one flow per call. `None` when `text` cannot be parsed.
#[must_use]
pub fn token_flows(
    text: &str,
    source_type: SourceType,
    name: &str,
    promise: bool,
    method: bool,
) -> Option<Vec<super::TokenFlow>> {
    let alloc = Allocator::default();
    let program = parse(&alloc, text, source_type)?;
    let semantic = oxc_semantic::SemanticBuilder::new()
        .with_build_nodes(true)
        .build(&program)
        .semantic;
    let mut out = Vec::new();
    for node in semantic.nodes().iter() {
        let oxc_ast::AstKind::CallExpression(c) = node.kind() else {
            continue;
        };
        let callee = match c.callee.get_inner_expression() {
            Expression::Identifier(id) if !method => id.name.as_str(),
            Expression::StaticMemberExpression(m) => m.property.name.as_str(),
            _ => continue,
        };
        if callee == name {
            let gives = if promise {
                super::token::Gives::TokenPromise
            } else {
                super::token::Gives::Token
            };
            out.push(super::token::follow_given(
                &semantic,
                0,
                &super::token::Parts::new(),
                node.id(),
                c.span,
                gives,
            ));
        }
    }
    Some(out)
}

struct Reader<'n> {
    names: &'n [&'n str],
    methods: bool,
    out: HashMap<String, NameUse>,
}

impl Reader<'_> {
    fn entry(&mut self, name: &str) -> Option<&mut NameUse> {
        if self.names.contains(&name) {
            Some(self.out.entry(name.to_owned()).or_default())
        } else {
            None
        }
    }

    fn other(&mut self, name: &str) {
        if let Some(u) = self.entry(name) {
            u.other = true;
        }
    }
}

impl<'a> Visit<'a> for Reader<'_> {
    fn visit_call_expression(&mut self, c: &CallExpression<'a>) {
        let args = c.arguments.len();
        match c.callee.get_inner_expression() {
            Expression::Identifier(id) => {
                if !self.methods
                    && let Some(u) = self.entry(id.name.as_str())
                {
                    u.calls.push(args);
                }
            }
            Expression::StaticMemberExpression(m) => {
                if let Some(u) = self.entry(m.property.name.as_str()) {
                    u.calls.push(args);
                }
                self.visit_expression(&m.object);
            }
            other => self.visit_expression(other),
        }
        for a in &c.arguments {
            self.visit_argument(a);
        }
    }

    fn visit_identifier_reference(&mut self, id: &IdentifierReference<'a>) {
        if !self.methods {
            self.other(id.name.as_str());
        }
    }

    fn visit_binding_property(&mut self, p: &oxc_ast::ast::BindingProperty<'a>) {
        // `const { name } = x`: the value taken out of an object.
        if let Some(key) = p.key.static_name() {
            self.other(&key);
        }
        walk::walk_binding_property(self, p);
    }

    fn visit_static_member_expression(&mut self, m: &StaticMemberExpression<'a>) {
        self.other(m.property.name.as_str());
        walk::walk_static_member_expression(self, m);
    }

    fn visit_string_literal(&mut self, s: &StringLiteral<'a>) {
        self.other(s.value.as_str());
    }

    fn visit_import_specifier(&mut self, s: &ImportSpecifier<'a>) {
        // `import { x as y }`: the calls of `y` are not calls of `x` by name.
        let imported = s.imported.name();
        if imported.as_str() != s.local.name.as_str() {
            self.other(imported.as_str());
        }
        walk::walk_import_specifier(self, s);
    }

    fn visit_export_named_declaration(&mut self, e: &oxc_ast::ast::ExportNamedDeclaration<'a>) {
        // `export { x }`, `export { x as y }`, `export { x } from "m"`: the name leaves the
        // module under a name the reader does not follow. `export function x` is a
        // declaration: its importers' uses are read where they are.
        for s in &e.specifiers {
            self.other(s.local.name().as_str());
            self.other(s.exported.name().as_str());
        }
        walk::walk_export_named_declaration(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(src: &str) -> HashMap<String, NameUse> {
        uses(src, SourceType::ts(), &["token", "graph"], false).unwrap()
    }

    #[test]
    fn direct_calls_and_everything_else() {
        let u = of(
            "import { graph } from './g';\nclass A { async token(s: string[]) { return s; } }\nconst a = new A();\na.token(['Mail.Read']);\na?.token(['x'], 1);\ngraph(a, ['User.Read'], '/me', '');",
        );
        assert_eq!(
            u["token"],
            NameUse {
                calls: vec![1, 2],
                other: false
            }
        );
        assert_eq!(
            u["graph"],
            NameUse {
                calls: vec![4],
                other: false
            }
        );
        for escape in [
            "el.addEventListener('click', token);",
            "const f = a.token;",
            "a['token'](x);",
            "token.call(null, x);",
            "export { token };",
            "import { token as t } from './m';",
            "Office.actions.associate('token', onToken);",
            "const { token } = new A();",
        ] {
            assert!(of(escape)["token"].other, "{escape}");
        }
        // A method: a variable of the same name is another binding.
        let m = uses(
            "const token = await a.token();\nfetch(u, { headers: { Authorization: token } });",
            SourceType::ts(),
            &["token"],
            true,
        )
        .unwrap();
        assert_eq!(
            m["token"],
            NameUse {
                calls: vec![0],
                other: false
            }
        );
    }
}
