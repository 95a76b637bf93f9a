//! What a build serves: webpack and Vite configurations, read as code with oxc (never run).
//!
//! A yo-office project's manifest names `https://localhost:3000/taskpane.html`; no file of
//! that name holds its code. webpack's `HtmlWebpackPlugin` makes that page from a template
//! (`./src/taskpane/taskpane.html`) and injects the entry chunks it names
//! (`./src/taskpane/taskpane.ts`); `CopyWebpackPlugin` copies files under new names; entries
//! are served as `[name].js`. Vite serves the HTML inputs of `build.rollupOptions.input`
//! relative to its `root`. This module turns a configuration into that list of served names.
//!
//! Values are evaluated statically: string literals, template literals, `+`, constants, and
//! `path.resolve(__dirname, …)` / `path.join(…)`. Anything else is left out, never guessed.
//! A configuration that names a relative path which does not exist (a copy kept in another
//! folder, meant to be moved) is not used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, ArrayExpressionElement, Expression, NewExpression, ObjectExpression,
    ObjectPropertyKind,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::GetSpan;

use crate::source::SourceText;

/// The build tool of a configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// webpack.
    Webpack,
    /// Vite.
    Vite,
    /// The Angular CLI (`angular.json`).
    Angular,
    /// Next.js (`next.config.*`): routes are folders, not configuration.
    Next,
    /// Create React App (`react-scripts` in `package.json`): `public/index.html` with
    /// `src/index.*` injected; no configuration of its own.
    CreateReactApp,
    /// Vue CLI (`@vue/cli-service`): `public/index.html` with `src/main.*`, unless
    /// `vue.config.*` says otherwise.
    VueCli,
    /// SvelteKit (`svelte.config.*` with `src/routes/`): routes are folders of
    /// `+page.svelte` files inside `src/app.html`.
    SvelteKit,
}

impl Tool {
    /// Its name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Tool::Webpack => "webpack",
            Tool::Vite => "Vite",
            Tool::Angular => "Angular",
            Tool::Next => "Next.js",
            Tool::CreateReactApp => "Create React App",
            Tool::VueCli => "Vue CLI",
            Tool::SvelteKit => "SvelteKit",
        }
    }
}

/// One thing a build serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// Its path below the served root (`taskpane.html`, `commands.js`).
    pub name: String,
    /// The page it is made from (a template, or a copied page).
    pub page: Option<PathBuf>,
    /// The scripts the build puts into it (entry modules).
    pub scripts: Vec<PathBuf>,
    /// The line of the configuration that says so.
    pub line: u32,
}

/// A build configuration, read.
#[derive(Debug, Clone)]
pub struct Build {
    /// The configuration file.
    pub config: PathBuf,
    /// The folder its relative paths start from.
    pub dir: PathBuf,
    /// The tool.
    pub tool: Tool,
    /// What it serves.
    pub served: Vec<Served>,
    /// What it says but could not be read statically (line, what): it may serve more, or
    /// put more scripts on a page, than `served` says.
    pub unread: Vec<(u32, String)>,
}

/// Whether a file is a webpack or Vite configuration.
#[must_use]
pub fn is_build_config(path: &Path) -> bool {
    tool_of(path).is_some()
}

fn tool_of(path: &Path) -> Option<Tool> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name == "angular.json" {
        return Some(Tool::Angular);
    }
    let stem_ok = |prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|rest| {
            // webpack.config.js, webpack.prod.config.ts, vite.config.mts …
            let ext = rest.rsplit('.').next().unwrap_or("");
            matches!(ext, "js" | "cjs" | "mjs" | "ts" | "mts" | "cts")
                && (rest.starts_with(".config.") || rest.contains(".config."))
        })
    };
    if stem_ok("webpack") {
        Some(Tool::Webpack)
    } else if stem_ok("vite") {
        Some(Tool::Vite)
    } else if stem_ok("next") {
        Some(Tool::Next)
    } else if stem_ok("svelte") {
        Some(Tool::SvelteKit)
    } else {
        None
    }
}

/// Reads a configuration; `None` when it cannot be read or names paths that do not exist.
/// `files` are the indexed files of the repository, sorted (Next.js routes are files).
#[must_use]
pub fn read(path: &Path, files: &[PathBuf]) -> Option<Build> {
    let tool = tool_of(path)?;
    if tool == Tool::SvelteKit {
        let dir = path.parent()?.to_path_buf();
        let routes = dir.join("src/routes");
        // Svelte without Kit (a Vite app) has no routes: its Vite configuration serves it.
        if !files.iter().any(|f| f.starts_with(&routes)) {
            return None;
        }
        // `kit.files` may move the routes, the shell or the hooks: not read.
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let unread = text
            .lines()
            .position(|l| l.contains("files"))
            .map(|i| {
                (
                    u32::try_from(i + 1).unwrap_or(u32::MAX),
                    "its `kit.files`".to_owned(),
                )
            })
            .into_iter()
            .collect();
        return Some(Build {
            config: path.to_path_buf(),
            served: svelte_routes(&dir, files),
            dir,
            tool,
            unread,
        });
    }
    if tool == Tool::Next {
        let dir = path.parent()?.to_path_buf();
        return Some(Build {
            config: path.to_path_buf(),
            served: next_routes(&dir, files),
            dir,
            tool,
            unread: Vec::new(),
        });
    }
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() > 1 << 20 {
        return None;
    }
    let (text, _) = crate::source::decode(&bytes);
    let dir = path.parent()?.to_path_buf();
    if tool == Tool::Angular {
        return Some(Build {
            config: path.to_path_buf(),
            served: angular(&dir, &text)?,
            dir,
            tool,
            unread: Vec::new(),
        });
    }
    let alloc = Allocator::default();
    let st = oxc_span::SourceType::from_path(path).unwrap_or_default();
    let ret = Parser::new(&alloc, &text, st).parse();
    if ret.panicked {
        return None;
    }
    let source = SourceText::new(path.to_path_buf(), text.clone());
    let mut consts = Consts {
        values: HashMap::new(),
        lists: Lists {
            dir: dir.clone(),
            values: HashMap::new(),
        },
    };
    consts.visit_program(&ret.program);
    let mut r = Reader {
        consts: consts.values,
        lists: consts.lists,
        source: &source,
        found: Found::default(),
        mapped: std::collections::HashSet::new(),
    };
    r.visit_program(&ret.program);
    let unread = std::mem::take(&mut r.found.unread);
    let served = match tool {
        Tool::Webpack => r.webpack(&dir, &source)?,
        Tool::Vite => r.vite(&dir, &source)?,
        Tool::Angular | Tool::Next | Tool::CreateReactApp | Tool::VueCli | Tool::SvelteKit => {
            return None;
        }
    };
    Some(Build {
        config: path.to_path_buf(),
        dir,
        tool,
        served,
        unread,
    })
}

/// A framework that builds by convention, from its `package.json`: Create React App serves
/// `public/index.html` with `src/index.{js,jsx,ts,tsx}` injected, Vue CLI the same page with
/// `src/main.{js,ts}`. What could change that is unread: CRA's overrides (`craco.config.*`,
/// `config-overrides.js`), Vue CLI's `pages` in `vue.config.*`. `None` when the package
/// uses neither, or the page or entry does not exist.
#[must_use]
pub fn read_package(path: &Path) -> Option<Build> {
    let bytes = std::fs::read(path).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let depends = |name: &str| {
        ["dependencies", "devDependencies"]
            .iter()
            .any(|k| v.get(k).and_then(|d| d.get(name)).is_some())
    };
    let (tool, entries): (Tool, &[&str]) = if depends("react-scripts") {
        (
            Tool::CreateReactApp,
            &[
                "src/index.js",
                "src/index.jsx",
                "src/index.ts",
                "src/index.tsx",
            ],
        )
    } else if depends("@vue/cli-service") {
        (Tool::VueCli, &["src/main.js", "src/main.ts"])
    } else {
        return None;
    };
    let dir = path.parent()?.to_path_buf();
    let page = dir.join("public/index.html");
    let entry = entries.iter().map(|e| dir.join(e)).find(|e| e.is_file())?;
    if !page.is_file() {
        return None;
    }
    let mut unread = Vec::new();
    let overrides: &[&str] = match tool {
        Tool::CreateReactApp => &[
            "craco.config.js",
            "craco.config.ts",
            "craco.config.cjs",
            "config-overrides.js",
        ],
        _ => &[],
    };
    for o in overrides {
        if dir.join(o).is_file() {
            unread.push((1, format!("the build's overrides in {o}")));
        }
    }
    // Vue CLI's own configuration, when there is one, is the build's.
    let mut config = path.to_path_buf();
    if tool == Tool::VueCli
        && let Some(vue) = [
            "vue.config.js",
            "vue.config.ts",
            "vue.config.cjs",
            "vue.config.mjs",
        ]
        .iter()
        .map(|n| dir.join(n))
        .find(|c| c.is_file())
    {
        if let Some(line) = pages_option(&vue) {
            unread.push((line, "its `pages`".to_owned()));
        }
        config = vue;
    }
    Some(Build {
        config,
        served: vec![Served {
            name: "index.html".to_owned(),
            page: Some(page),
            scripts: vec![entry],
            line: 1,
        }],
        dir,
        tool,
        unread,
    })
}

/// The line of a `pages` option in a Vue CLI configuration (its multi-page mode), if any;
/// an unreadable configuration counts as having one (line 1).
fn pages_option(config: &Path) -> Option<u32> {
    struct Find {
        at: Option<u32>,
    }
    impl<'a> Visit<'a> for Find {
        fn visit_object_property(&mut self, p: &oxc_ast::ast::ObjectProperty<'a>) {
            if p.key.static_name().as_deref() == Some("pages") {
                self.at.get_or_insert(p.span.start);
            }
            walk::walk_object_property(self, p);
        }
    }
    let Ok(bytes) = std::fs::read(config) else {
        return Some(1);
    };
    let (text, _) = crate::source::decode(&bytes);
    let alloc = Allocator::default();
    let st = oxc_span::SourceType::from_path(config).unwrap_or_default();
    let ret = Parser::new(&alloc, &text, st).parse();
    if ret.panicked {
        return Some(1);
    }
    let mut f = Find { at: None };
    f.visit_program(&ret.program);
    let at = f.at?;
    let line = text
        .get(..at as usize)
        .map_or(0, |s| s.bytes().filter(|b| *b == b'\n').count());
    Some(u32::try_from(line).unwrap_or(u32::MAX).saturating_add(1))
}

/// A value as far as it can be known statically.
fn eval(e: &Expression<'_>, consts: &HashMap<String, String>, depth: u8) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match e {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => {
            let mut out = String::new();
            for (i, q) in t.quasis.iter().enumerate() {
                out.push_str(q.value.cooked.as_ref()?.as_str());
                if let Some(x) = t.expressions.get(i) {
                    out.push_str(&eval(x, consts, depth + 1)?);
                }
            }
            Some(out)
        }
        Expression::BinaryExpression(b)
            if b.operator == oxc_syntax::operator::BinaryOperator::Addition =>
        {
            Some(eval(&b.left, consts, depth + 1)? + &eval(&b.right, consts, depth + 1)?)
        }
        Expression::ParenthesizedExpression(p) => eval(&p.expression, consts, depth + 1),
        Expression::Identifier(id) => consts.get(id.name.as_str()).cloned(),
        Expression::CallExpression(c) => {
            // path.resolve(__dirname, "src", "x") / path.join(…): the literal parts, joined.
            let callee = match &c.callee {
                Expression::StaticMemberExpression(m) => m.property.name.as_str(),
                Expression::Identifier(id) => id.name.as_str(),
                _ => return None,
            };
            if !matches!(callee, "resolve" | "join") {
                return None;
            }
            let mut parts = Vec::new();
            for a in &c.arguments {
                let a = a.as_expression()?;
                if matches!(a, Expression::Identifier(id) if id.name == "__dirname") {
                    continue;
                }
                parts.push(eval(a, consts, depth + 1)?);
            }
            Some(parts.join("/"))
        }
        _ => None,
    }
}

fn property<'e, 'a>(o: &'e ObjectExpression<'a>, key: &str) -> Option<&'e Expression<'a>> {
    o.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(key) => {
            Some(&p.value)
        }
        _ => None,
    })
}

/// Whether [`strings`] reads every element of `e` (none spread, computed or unknown).
fn reads_all(e: &Expression<'_>, consts: &HashMap<String, String>) -> bool {
    match e.get_inner_expression() {
        Expression::ArrayExpression(a) => a.elements.iter().all(|el| match el {
            ArrayExpressionElement::SpreadElement(_) => false,
            ArrayExpressionElement::Elision(_) => true,
            other => other
                .as_expression()
                .is_some_and(|x| eval(x, consts, 0).is_some()),
        }),
        other => eval(other, consts, 0).is_some(),
    }
}

fn strings(e: &Expression<'_>, consts: &HashMap<String, String>) -> Vec<String> {
    match e {
        Expression::ArrayExpression(a) => {
            a.elements
                .iter()
                .filter_map(|el| match el {
                    ArrayExpressionElement::SpreadElement(_)
                    | ArrayExpressionElement::Elision(_) => None,
                    other => other.as_expression().and_then(|x| eval(x, consts, 0)),
                })
                .collect()
        }
        other => eval(other, consts, 0).into_iter().collect(),
    }
}

/// An `HtmlWebpackPlugin`'s options.
#[derive(Debug, Default)]
struct HtmlPlugin {
    filename: Option<String>,
    template: Option<String>,
    chunks: Option<Vec<String>>,
    exclude: Vec<String>,
    line: u32,
}

/// A `CopyWebpackPlugin` pattern with a single file (globs are assets, not code).
#[derive(Debug)]
struct Copy {
    from: String,
    to: Option<String>,
    line: u32,
}

/// What the configuration says, as owned values.
#[derive(Debug, Default)]
struct Found {
    /// Entry name → modules, with the line.
    entries: Vec<(String, Vec<String>, u32)>,
    /// `output.filename`.
    filename: Option<String>,
    html: Vec<HtmlPlugin>,
    copies: Vec<Copy>,
    /// Vite: `root` and `build.rollupOptions.input` (name, path, line).
    vite_root: Option<String>,
    vite_inputs: Vec<(String, u32)>,
    /// What could not be evaluated (line, what).
    unread: Vec<(u32, String)>,
}

struct Reader<'s> {
    consts: HashMap<String, String>,
    lists: Lists,
    source: &'s SourceText,
    found: Found,
    /// `new HtmlWebpackPlugin` expressions read per element of a `.map` (by span start).
    mapped: std::collections::HashSet<u32>,
}

impl Reader<'_> {
    fn line(&self, span: oxc_span::Span) -> u32 {
        self.source.line_col(span.start).0
    }

    /// An `HtmlWebpackPlugin`'s options, read with `consts` (the configuration's, and the
    /// element a `.map` gives it).
    fn html_plugin(
        &mut self,
        o: &ObjectExpression<'_>,
        consts: &HashMap<String, String>,
        line: u32,
    ) {
        let get = |k: &str| property(o, k).and_then(|v| eval(v, consts, 0));
        for k in ["filename", "template"] {
            if property(o, k).is_some() && get(k).is_none() {
                self.found
                    .unread
                    .push((line, format!("an HtmlWebpackPlugin's `{k}`")));
            }
        }
        if let Some(c) = property(o, "chunks")
            && !reads_all(c, consts)
        {
            self.found
                .unread
                .push((line, "an HtmlWebpackPlugin's `chunks`".to_owned()));
        }
        let plugin = HtmlPlugin {
            filename: get("filename"),
            template: get("template"),
            chunks: property(o, "chunks").map(|c| strings(c, consts)),
            exclude: property(o, "excludeChunks")
                .map(|c| strings(c, consts))
                .unwrap_or_default(),
            line,
        };
        self.found.html.push(plugin);
    }

    /// The entries a `list.reduce((acc, x) => ({ ...acc, [key]: modules }), {})` builds, when
    /// every part can be read for every element.
    fn reduced_entries(
        &self,
        c: &oxc_ast::ast::CallExpression<'_>,
        list: &Expression<'_>,
        line: u32,
    ) -> Option<Vec<(String, Vec<String>, u32)>> {
        let items = self.list(list)?;
        // The returned object: `acc` spread in, then computed keys.
        let (names, body) = callback(c.arguments.first()?.as_expression()?, 2)?;
        let [acc, param] = <[String; 2]>::try_from(names).ok()?;
        let Expression::ObjectExpression(o) = body.get_inner_expression() else {
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            let mut with = self.consts.clone();
            with.insert(param.clone(), item);
            for p in &o.properties {
                match p {
                    ObjectPropertyKind::SpreadProperty(s) if matches!(&s.argument, Expression::Identifier(id) if id.name == acc.as_str()) =>
                        {}
                    ObjectPropertyKind::ObjectProperty(p) => {
                        let name = match &p.key {
                            oxc_ast::ast::PropertyKey::StaticIdentifier(id) => id.name.to_string(),
                            key => eval(key.as_expression()?, &with, 0)?,
                        };
                        if !reads_all(&p.value, &with) {
                            return None;
                        }
                        out.push((name, strings(&p.value, &with), line));
                    }
                    ObjectPropertyKind::SpreadProperty(_) => return None,
                }
            }
        }
        Some(out)
    }

    /// The elements of a list the configuration builds (see [`Lists::eval`]).
    fn list(&self, e: &Expression<'_>) -> Option<Vec<String>> {
        self.lists.eval(e, &self.consts, 0)
    }

    fn entries(&mut self, e: &Expression<'_>, line: u32) {
        // `pages.reduce((all, dir) => ({ ...all, [dir]: `./src/${dir}/${dir}.js` }), {})`.
        if let Expression::CallExpression(c) = e.get_inner_expression()
            && let Expression::StaticMemberExpression(m) = &c.callee
            && m.property.name == "reduce"
        {
            if let Some(found) = self.reduced_entries(c, &m.object, line) {
                self.found.entries.extend(found);
            } else {
                self.found.unread.push((line, "the entries".to_owned()));
            }
            return;
        }
        match e {
            Expression::ObjectExpression(o) => {
                for p in &o.properties {
                    let ObjectPropertyKind::ObjectProperty(p) = p else {
                        let at = self.line(p.span());
                        self.found
                            .unread
                            .push((at, "entries spread from another value".to_owned()));
                        continue;
                    };
                    let l = self.line(p.span);
                    let Some(name) = p.key.static_name() else {
                        self.found
                            .unread
                            .push((l, "an entry with a computed name".to_owned()));
                        continue;
                    };
                    let value = match &p.value {
                        Expression::ObjectExpression(desc) => property(desc, "import"),
                        other => Some(other),
                    };
                    let modules = value.map(|v| strings(v, &self.consts)).unwrap_or_default();
                    if !value.is_some_and(|v| reads_all(v, &self.consts)) {
                        self.found
                            .unread
                            .push((l, format!("the modules of entry `{name}`")));
                    }
                    self.found.entries.push((name.to_string(), modules, l));
                }
            }
            other => {
                let modules = strings(other, &self.consts);
                if !reads_all(other, &self.consts) {
                    self.found.unread.push((line, "the entries".to_owned()));
                }
                if !modules.is_empty() {
                    self.found.entries.push(("main".to_owned(), modules, line));
                }
            }
        }
    }
}

impl<'a> Visit<'a> for Reader<'_> {
    /// `pages.map(dir => new HtmlWebpackPlugin({ template: `./src/${dir}/${dir}.html` }))`:
    /// one plugin per element of a list the configuration builds.
    fn visit_call_expression(&mut self, c: &oxc_ast::ast::CallExpression<'a>) {
        if let Expression::StaticMemberExpression(m) = &c.callee
            && m.property.name == "map"
            && let Some(items) = self.list(&m.object)
            && let Some((names, body)) = c
                .arguments
                .first()
                .and_then(Argument::as_expression)
                .and_then(|cb| callback(cb, 1))
            && let [param] = names.as_slice()
            && let Expression::NewExpression(n) = body.get_inner_expression()
            && plugin_kind(n) == Some("html")
            && let Some(Expression::ObjectExpression(o)) =
                n.arguments.first().and_then(Argument::as_expression)
        {
            let line = self.line(n.span);
            for item in items {
                let mut with = self.consts.clone();
                with.insert(param.clone(), item);
                self.html_plugin(o, &with, line);
            }
            self.mapped.insert(n.span.start);
        }
        walk::walk_call_expression(self, c);
    }

    fn visit_object_expression(&mut self, o: &ObjectExpression<'a>) {
        if let Some(e) = property(o, "entry") {
            let line = self.line(e.span());
            self.entries(e, line);
            if let Some(Expression::ObjectExpression(out)) = property(o, "output")
                && let Some(f) = property(out, "filename").and_then(|f| eval(f, &self.consts, 0))
            {
                self.found.filename.get_or_insert(f);
            }
        }
        if let Some(r) = property(o, "root").and_then(|r| eval(r, &self.consts, 0)) {
            self.found.vite_root.get_or_insert(r);
        }
        if let Some(Expression::ObjectExpression(ro)) = property(o, "rollupOptions")
            && let Some(input) = property(ro, "input")
        {
            let line = self.line(input.span());
            let paths = match input {
                Expression::ObjectExpression(io) => io
                    .properties
                    .iter()
                    .filter_map(|p| match p {
                        ObjectPropertyKind::ObjectProperty(p) => eval(&p.value, &self.consts, 0),
                        ObjectPropertyKind::SpreadProperty(_) => None,
                    })
                    .collect(),
                other => strings(other, &self.consts),
            };
            self.found
                .vite_inputs
                .extend(paths.into_iter().map(|p| (p, line)));
        }
        walk::walk_object_expression(self, o);
    }

    fn visit_new_expression(&mut self, n: &NewExpression<'a>) {
        let line = self.line(n.span);
        let first = n.arguments.first().and_then(Argument::as_expression);
        match (plugin_kind(n), first) {
            // Already read once per element of the list it is mapped from.
            (Some("html"), _) if self.mapped.contains(&n.span.start) => {}
            (Some("html"), Some(Expression::ObjectExpression(o))) => {
                let consts = self.consts.clone();
                self.html_plugin(o, &consts, line);
            }
            (Some("html"), None) => self.found.html.push(HtmlPlugin {
                line,
                ..HtmlPlugin::default()
            }),
            (Some("html"), Some(_)) => self
                .found
                .unread
                .push((line, "an HtmlWebpackPlugin's options".to_owned())),
            (Some("copy"), Some(arg)) => {
                let patterns = match arg {
                    Expression::ObjectExpression(o) => property(o, "patterns"),
                    other => Some(other),
                };
                if let Some(Expression::ArrayExpression(a)) = patterns {
                    for el in &a.elements {
                        let Some(e) = el.as_expression() else {
                            continue;
                        };
                        let (from, to) = match e {
                            Expression::ObjectExpression(p) => (
                                property(p, "from").and_then(|v| eval(v, &self.consts, 0)),
                                property(p, "to").and_then(|v| eval(v, &self.consts, 0)),
                            ),
                            other => (eval(other, &self.consts, 0), None),
                        };
                        if let Some(from) = from.filter(|f| !f.contains(['*', '?', '{', '['])) {
                            let line = self.line(e.span());
                            self.found.copies.push(Copy { from, to, line });
                        }
                    }
                }
            }
            _ => {}
        }
        walk::walk_new_expression(self, n);
    }
}

/// Collects the constants of a configuration (`const urlDev = "https://…"`).
struct Consts {
    values: HashMap<String, String>,
    lists: Lists,
}

impl<'a> Visit<'a> for Consts {
    fn visit_variable_declarator(&mut self, d: &oxc_ast::ast::VariableDeclarator<'a>) {
        if let (oxc_ast::ast::BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init)
        {
            if let Some(v) = eval(init, &self.values, 0) {
                self.values.entry(id.name.to_string()).or_insert(v);
            } else if let Some(v) = self.lists.eval(init, &self.values, 0) {
                self.lists.values.entry(id.name.to_string()).or_insert(v);
            }
        }
        walk::walk_variable_declarator(self, d);
    }
}

/// Lists of strings a configuration builds, evaluated statically: array literals, a folder's
/// entries (`fs.readdirSync(path.resolve(__dirname, "src"))`, read from disk, sorted), and
/// `.filter` of them by `fs.existsSync(…)` of a path built from the element. The
/// configuration is never run.
struct Lists {
    /// The configuration's folder.
    dir: PathBuf,
    /// Named lists (`const pages = …`).
    values: HashMap<String, Vec<String>>,
}

impl Lists {
    fn eval(
        &self,
        e: &Expression<'_>,
        consts: &HashMap<String, String>,
        depth: u8,
    ) -> Option<Vec<String>> {
        if depth > 8 {
            return None;
        }
        match e.get_inner_expression() {
            Expression::ArrayExpression(a) => a
                .elements
                .iter()
                .map(|el| el.as_expression().and_then(|x| eval(x, consts, 0)))
                .collect(),
            Expression::Identifier(id) => self.values.get(id.name.as_str()).cloned(),
            Expression::CallExpression(c) => {
                let arg = |i: usize| c.arguments.get(i).and_then(Argument::as_expression);
                let callee = match &c.callee {
                    Expression::StaticMemberExpression(m) => {
                        Some((&m.object, m.property.name.as_str()))
                    }
                    _ => None,
                };
                let name = match &c.callee {
                    Expression::StaticMemberExpression(m) => m.property.name.as_str(),
                    Expression::Identifier(id) => id.name.as_str(),
                    _ => return None,
                };
                match name {
                    "readdirSync" => {
                        let dir = local_path(&self.dir, &eval(arg(0)?, consts, 0)?)?;
                        let mut names: Vec<String> = std::fs::read_dir(dir)
                            .ok()?
                            .filter_map(|d| d.ok()?.file_name().into_string().ok())
                            .collect();
                        names.sort();
                        Some(names)
                    }
                    "filter" => {
                        let items = self.eval(callee?.0, consts, depth + 1)?;
                        let (names, body) = callback(arg(0)?, 1)?;
                        let [param] = <[String; 1]>::try_from(names).ok()?;
                        let Expression::CallExpression(test) = body.get_inner_expression() else {
                            return None;
                        };
                        let tested = match &test.callee {
                            Expression::StaticMemberExpression(m) => m.property.name.as_str(),
                            Expression::Identifier(id) => id.name.as_str(),
                            _ => return None,
                        };
                        if tested != "existsSync" {
                            return None;
                        }
                        let path = test.arguments.first()?.as_expression()?;
                        let mut kept = Vec::new();
                        for item in items {
                            let mut with = consts.clone();
                            with.insert(param.clone(), item.clone());
                            let p = eval(path, &with, 0)?;
                            if local_path(&self.dir, &p).is_some_and(|p| p.exists()) {
                                kept.push(item);
                            }
                        }
                        Some(kept)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// A callback's first `count` parameter names (each a plain identifier) and the expression it
/// returns (`dir => …`, `(acc, dir) => ({ … })`, `function (dir) { return …; }`).
fn callback<'e, 'a>(
    e: &'e Expression<'a>,
    count: usize,
) -> Option<(Vec<String>, &'e Expression<'a>)> {
    let (params, body): (&oxc_ast::ast::FormalParameters<'a>, &'e Expression<'a>) = match e
        .get_inner_expression()
    {
        Expression::ArrowFunctionExpression(a) => {
            let body = match &a.body {
                oxc_ast::ast::ArrowFunctionBody::FunctionBody(b) => match b.statements.last()? {
                    oxc_ast::ast::Statement::ReturnStatement(r) => r.argument.as_ref()?,
                    _ => return None,
                },
                other => other.as_expression()?,
            };
            (&a.params, body)
        }
        Expression::FunctionExpression(f) => match f.body.as_ref()?.statements.last()? {
            oxc_ast::ast::Statement::ReturnStatement(r) => (&f.params, r.argument.as_ref()?),
            _ => return None,
        },
        _ => return None,
    };
    let names = (0..count)
        .map(|i| match &params.items.get(i)?.pattern {
            oxc_ast::ast::BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
            _ => None,
        })
        .collect::<Option<Vec<String>>>()?;
    Some((names, body))
}

fn plugin_kind(n: &NewExpression<'_>) -> Option<&'static str> {
    let name = match &n.callee {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::StaticMemberExpression(m) => m.property.name.as_str(),
        _ => return None,
    };
    if name.contains("HtmlWebpackPlugin") || name == "HtmlPlugin" {
        Some("html")
    } else if name.contains("CopyWebpackPlugin") || name == "CopyPlugin" {
        Some("copy")
    } else {
        None
    }
}

/// A path of the configuration, relative to its folder; `None` for package names
/// (`core-js/stable`), which are not the add-in's code.
fn local_path(dir: &Path, p: &str) -> Option<PathBuf> {
    let rel = p.trim_start_matches("./");
    if p.starts_with('.') || p.starts_with('/') || dir.join(rel).exists() {
        Some(if Path::new(p).is_absolute() {
            PathBuf::from(p)
        } else {
            normalize(&dir.join(rel))
        })
    } else {
        None
    }
}

/// `a/b/../c` → `a/c`, without touching the disk.
#[must_use]
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

impl Found {
    /// The entries as local modules, by name; `None` when one of them does not exist.
    fn local_entries(&self, dir: &Path) -> Option<Vec<(String, Vec<PathBuf>, u32)>> {
        let mut out = Vec::new();
        for (name, modules, line) in &self.entries {
            let mut files = Vec::new();
            for m in modules {
                if let Some(p) = local_path(dir, m) {
                    if !p.exists() {
                        return None;
                    }
                    files.push(p);
                }
            }
            out.push((name.clone(), files, *line));
        }
        Some(out)
    }
}

impl Reader<'_> {
    fn webpack(self, dir: &Path, _source: &SourceText) -> Option<Vec<Served>> {
        let f = self.found;
        let entries = f.local_entries(dir)?;
        let script_of = |files: &[PathBuf]| -> Vec<PathBuf> {
            files
                .iter()
                .filter(|p| {
                    crate::source::SourceKind::of(p) == Some(crate::source::SourceKind::Script)
                })
                .cloned()
                .collect()
        };
        let mut served = Vec::new();
        let pattern = f.filename.clone().unwrap_or_else(|| "[name].js".to_owned());
        for (name, files, line) in &entries {
            let out = pattern.replace("[name]", name);
            if !out.contains('[') {
                served.push(Served {
                    name: out.trim_start_matches("./").to_owned(),
                    page: None,
                    scripts: script_of(files),
                    line: *line,
                });
            }
        }
        for h in &f.html {
            let page = match &h.template {
                Some(t) => {
                    // `html-loader!./x.html` and friends: the path after the last `!`.
                    let t = t.rsplit('!').next().unwrap_or(t);
                    let p = local_path(dir, t)?;
                    if !p.exists() {
                        return None;
                    }
                    Some(p)
                }
                None => None,
            };
            let chunks: Vec<&(String, Vec<PathBuf>, u32)> = entries
                .iter()
                .filter(|(n, _, _)| h.chunks.as_ref().is_none_or(|c| c.contains(n)))
                .filter(|(n, _, _)| !h.exclude.contains(n))
                .collect();
            served.push(Served {
                name: h
                    .filename
                    .clone()
                    .unwrap_or_else(|| "index.html".to_owned())
                    .trim_start_matches("./")
                    .to_owned(),
                page,
                scripts: chunks
                    .iter()
                    .flat_map(|(_, files, _)| script_of(files))
                    .collect(),
                line: h.line,
            });
        }
        for c in &f.copies {
            let from = local_path(dir, &c.from)?;
            if !from.exists() {
                return None;
            }
            let base = file_name(&c.from);
            let (stem, ext) = base
                .rsplit_once('.')
                .map_or((base, String::new()), |(s, e)| (s, format!(".{e}")));
            let name = match &c.to {
                Some(to) if to.ends_with('/') || to.is_empty() => format!("{to}{base}"),
                Some(to) => to.replace("[name]", stem).replace("[ext]", &ext),
                None => base.to_owned(),
            };
            if name.contains('[') {
                continue;
            }
            let kind = crate::source::SourceKind::of(&from);
            served.push(Served {
                name: name.trim_start_matches("./").to_owned(),
                page: (kind == Some(crate::source::SourceKind::Page)).then(|| from.clone()),
                scripts: if kind == Some(crate::source::SourceKind::Script) {
                    vec![from]
                } else {
                    Vec::new()
                },
                line: c.line,
            });
        }
        Some(served)
    }

    fn vite(self, dir: &Path, _source: &SourceText) -> Option<Vec<Served>> {
        let f = self.found;
        let root = match &f.vite_root {
            Some(r) => local_path(dir, r)?,
            None => dir.to_path_buf(),
        };
        let mut served = Vec::new();
        let inputs: Vec<(PathBuf, u32)> = if f.vite_inputs.is_empty() {
            vec![(root.join("index.html"), 1)]
        } else {
            f.vite_inputs
                .iter()
                .filter_map(|(p, line)| local_path(dir, p).map(|p| (p, *line)))
                .collect()
        };
        for (page, line) in inputs {
            if !page.exists() {
                continue;
            }
            let Ok(rel) = page.strip_prefix(&root) else {
                continue;
            };
            served.push(Served {
                name: rel.to_string_lossy().replace('\\', "/"),
                page: Some(page.clone()),
                scripts: Vec::new(),
                line,
            });
        }
        Some(served)
    }
}

/// `angular.json`: each project's `index` page, with its `main`/`browser`, `polyfills` and
/// `scripts` bundled in.
fn angular(dir: &Path, text: &str) -> Option<Vec<Served>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Object(o) => {
                        o.get("input").and_then(|i| i.as_str()).map(str::to_owned)
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut served = Vec::new();
    for project in v.get("projects")?.as_object()?.values() {
        let Some(opts) = project.pointer("/architect/build/options") else {
            continue;
        };
        let index = match opts.get("index") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Object(o)) => match o.get("input").and_then(|i| i.as_str()) {
                Some(s) => s.to_owned(),
                None => continue,
            },
            _ => continue,
        };
        let page = local_path(dir, &index)?;
        let mut scripts = Vec::new();
        for key in ["main", "browser", "polyfills", "scripts"] {
            for m in strings(opts.get(key)) {
                if let Some(p) = local_path(dir, &m).filter(|p| p.is_file()) {
                    scripts.push(p);
                }
            }
        }
        if page.is_file() {
            served.push(Served {
                name: "index.html".to_owned(),
                page: Some(page),
                scripts,
                line: 1,
            });
        }
    }
    Some(served)
}

/// SvelteKit serves a route per folder of `src/routes/`: its `+page.svelte` (with the
/// universal `+page.js`/`+page.ts` beside it) inside every `+layout.svelte` (and
/// `+layout.js`/`.ts`) from the root down, in the shell `src/app.html`, with
/// `src/hooks.client.*`. `(group)` folders add no segment; dynamic segments (`[id]`) match no
/// fixed URL. Server files (`+page.server.*`, `+server.*`) never run in the browser.
fn svelte_routes(dir: &Path, files: &[PathBuf]) -> Vec<Served> {
    const SCRIPT_EXTS: &[&str] = &["js", "ts"];
    let routes = dir.join("src/routes");
    let shell = dir.join("src/app.html");
    let shell = files.contains(&shell).then_some(shell);
    let named = |f: &Path, stem: &str, exts: &[&str]| {
        f.file_stem().is_some_and(|s| s == stem)
            && f.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
    };
    let hooks: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.parent() == Some(dir.join("src").as_path()))
        .filter(|f| named(f, "hooks.client", SCRIPT_EXTS))
        .cloned()
        .collect();
    let mut served = Vec::new();
    for page in files
        .iter()
        .filter(|f| f.starts_with(&routes) && named(f, "+page", &["svelte"]))
    {
        let Some(folder) = page.parent() else {
            continue;
        };
        let Ok(rel) = folder.strip_prefix(&routes) else {
            continue;
        };
        let segs: Vec<&str> = rel
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .filter(|s| !(s.starts_with('(') && s.ends_with(')')))
            .collect();
        if segs.iter().any(|s| s.contains('[')) {
            continue;
        }
        let mut scripts = vec![page.clone()];
        scripts.extend(
            files
                .iter()
                .filter(|f| f.parent() == Some(folder) && named(f, "+page", SCRIPT_EXTS))
                .cloned(),
        );
        for up in folder.ancestors().take_while(|a| a.starts_with(&routes)) {
            scripts.extend(
                files
                    .iter()
                    .filter(|l| {
                        l.parent() == Some(up)
                            && (named(l, "+layout", &["svelte"])
                                || named(l, "+layout", SCRIPT_EXTS))
                    })
                    .cloned(),
            );
        }
        scripts.extend(hooks.iter().cloned());
        push_route(&mut served, &segs.join("/"), shell.as_ref(), &scripts);
    }
    served
}

/// A framework's route (`settings`, or empty for the root) as the names a server answers for
/// it (`settings` and `settings/index.html`), each serving `page` with `scripts`.
fn push_route(served: &mut Vec<Served>, route: &str, page: Option<&PathBuf>, scripts: &[PathBuf]) {
    let index = if route.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{route}/index.html")
    };
    for name in [route.to_owned(), index] {
        if !name.is_empty() {
            served.push(Served {
                name,
                page: page.cloned(),
                scripts: scripts.to_vec(),
                line: 1,
            });
        }
    }
}

/// Next.js serves a route per folder: the App Router's `app/<route>/page.tsx` (inside every
/// `layout.tsx` above it; `(group)` folders add no segment) and the Pages Router's
/// `pages/<route>.tsx` or `pages/<route>/index.tsx` (inside `pages/_app.tsx`), with or without
/// `src/`. Dynamic segments (`[id]`) are left out: they match no fixed URL.
fn next_routes(dir: &Path, files: &[PathBuf]) -> Vec<Served> {
    const EXTS: &[&str] = &["tsx", "ts", "jsx", "js", "mjs"];
    let script_named = |f: &Path, stem: &str| {
        f.file_stem().is_some_and(|s| s == stem)
            && f.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTS.contains(&e))
    };
    let mut served = Vec::new();
    let mut route = |segs: Vec<String>, scripts: Vec<PathBuf>| {
        if segs.iter().any(|s| s.starts_with('[')) {
            return;
        }
        push_route(&mut served, &segs.join("/"), None, &scripts);
    };
    for base in ["app", "src/app"] {
        let root = dir.join(base);
        for f in files.iter().filter(|f| f.starts_with(&root)) {
            if !script_named(f, "page") {
                continue;
            }
            let Some(folder) = f.parent() else { continue };
            let Ok(rel) = folder.strip_prefix(&root) else {
                continue;
            };
            let segs: Vec<String> = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .filter(|s| !(s.starts_with('(') && s.ends_with(')')))
                .map(str::to_owned)
                .collect();
            // The layouts from the root down to the page's folder wrap it.
            let mut scripts = vec![f.clone()];
            for up in folder.ancestors().take_while(|a| a.starts_with(&root)) {
                scripts.extend(
                    files
                        .iter()
                        .filter(|l| l.parent() == Some(up) && script_named(l, "layout"))
                        .cloned(),
                );
            }
            route(segs, scripts);
        }
    }
    for base in ["pages", "src/pages"] {
        let root = dir.join(base);
        let app: Vec<PathBuf> = files
            .iter()
            .filter(|f| f.parent() == Some(root.as_path()) && script_named(f, "_app"))
            .cloned()
            .collect();
        for f in files.iter().filter(|f| f.starts_with(&root)) {
            let Ok(rel) = f.strip_prefix(&root) else {
                continue;
            };
            let ext_ok = f
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTS.contains(&e));
            let mut segs: Vec<String> = rel
                .with_extension("")
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .map(str::to_owned)
                .collect();
            if !ext_ok
                || segs
                    .first()
                    .is_some_and(|s| s == "api" || s.starts_with('_'))
            {
                continue;
            }
            if segs.last().is_some_and(|s| s == "index") {
                segs.pop();
            }
            let mut scripts = vec![f.clone()];
            scripts.extend(app.iter().cloned());
            route(segs, scripts);
        }
    }
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_routes_of_both_routers() {
        let dir = Path::new("/w");
        let files: Vec<PathBuf> = [
            "app/layout.tsx",
            "app/page.tsx",
            "app/(panel)/taskpane/page.tsx",
            "app/items/[id]/page.tsx",
            "pages/_app.tsx",
            "pages/commands.tsx",
            "pages/dialog/index.jsx",
            "pages/api/hello.ts",
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect();
        let routes: Vec<(String, Vec<String>)> = next_routes(dir, &files)
            .into_iter()
            .map(|s| {
                let scripts = s
                    .scripts
                    .iter()
                    .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
                    .collect();
                (s.name, scripts)
            })
            .collect();
        let r = |n: &str, s: &[&str]| (n.to_owned(), s.iter().map(|x| (*x).to_owned()).collect());
        assert_eq!(
            routes,
            [
                r("index.html", &["app/page.tsx", "app/layout.tsx"]),
                r(
                    "taskpane",
                    &["app/(panel)/taskpane/page.tsx", "app/layout.tsx"]
                ),
                r(
                    "taskpane/index.html",
                    &["app/(panel)/taskpane/page.tsx", "app/layout.tsx"]
                ),
                r("commands", &["pages/commands.tsx", "pages/_app.tsx"]),
                r(
                    "commands/index.html",
                    &["pages/commands.tsx", "pages/_app.tsx"]
                ),
                r("dialog", &["pages/dialog/index.jsx", "pages/_app.tsx"]),
                r(
                    "dialog/index.html",
                    &["pages/dialog/index.jsx", "pages/_app.tsx"]
                ),
            ]
        );
    }

    fn build(files: &[(&str, &str)], config: &str) -> (tempfile::TempDir, Option<Build>) {
        let t = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let p = t.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let b = read(&t.path().join(config), &[]);
        (t, b)
    }

    #[test]
    fn yo_office_webpack_config() {
        let config = r#"
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
module.exports = async (env, options) => {
  const config = {
    entry: {
      polyfill: ["core-js/stable", "regenerator-runtime/runtime"],
      taskpane: ["./src/taskpane/taskpane.ts", "./src/taskpane/taskpane.html"],
      commands: "./src/commands/commands.ts",
    },
    plugins: [
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["polyfill", "taskpane"] }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: path.resolve(__dirname, "src/commands/commands.html"), chunks: ["polyfill", "commands"] }),
      new CopyWebpackPlugin({ patterns: [{ from: "assets/*", to: "assets/[name][ext][query]" }, { from: "./src/launch.js", to: "[name]" + "[ext]" }] }),
    ],
  };
  return config;
};"#;
        let (t, b) = build(
            &[
                ("webpack.config.js", config),
                ("src/taskpane/taskpane.ts", ""),
                ("src/taskpane/taskpane.html", ""),
                ("src/commands/commands.ts", ""),
                ("src/commands/commands.html", ""),
                ("src/launch.js", ""),
            ],
            "webpack.config.js",
        );
        let b = b.expect("usable");
        let names: Vec<&str> = b.served.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "polyfill.js",
                "taskpane.js",
                "commands.js",
                "taskpane.html",
                "commands.html",
                "launch.js"
            ]
        );
        let page = &b.served[3];
        assert_eq!(
            page.page.as_deref(),
            Some(t.path().join("src/taskpane/taskpane.html").as_path())
        );
        assert_eq!(page.scripts, [t.path().join("src/taskpane/taskpane.ts")]);
        assert_eq!(b.served[5].scripts, [t.path().join("src/launch.js")]);
    }

    #[test]
    fn angular_projects() {
        let config = r#"{"projects":{"web":{"architect":{"build":{"options":{"index":"src/index.html","main":"src/main.ts","polyfills":["zone.js"],"scripts":["src/js/commands.js"]}}}}}}"#;
        let (t, b) = build(
            &[
                ("angular.json", config),
                ("src/index.html", ""),
                ("src/main.ts", ""),
                ("src/js/commands.js", ""),
            ],
            "angular.json",
        );
        let b = b.expect("usable");
        assert_eq!(b.served[0].name, "index.html");
        assert_eq!(
            b.served[0].scripts,
            [
                t.path().join("src/main.ts"),
                t.path().join("src/js/commands.js")
            ]
        );
    }

    #[test]
    fn pages_and_entries_built_from_a_folder_listing() {
        let config = r#"
const fs = require("fs");
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const pages = fs.readdirSync("./src/").filter((d) => fs.existsSync(`./src/${d}/${d}.html`));
module.exports = async (env, options) => ({
  entry: pages.reduce((acc, d) => ({ ...acc, [d]: `./src/${d}/${d}.ts` }), {}),
  plugins: pages.map((d) => new HtmlWebpackPlugin({ filename: `${d}.html`, template: `./src/${d}/${d}.html`, chunks: [d] })),
});
"#;
        let (_t, b) = build(
            &[
                ("src/taskpane/taskpane.html", ""),
                ("src/taskpane/taskpane.ts", ""),
                ("src/commands/commands.html", ""),
                ("src/commands/commands.ts", ""),
                ("src/shared/util.ts", ""),
                ("webpack.config.js", config),
            ],
            "webpack.config.js",
        );
        let b = b.unwrap();
        assert!(b.unread.is_empty(), "{:?}", b.unread);
        let names: Vec<&str> = b.served.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "commands.js",
                "taskpane.js",
                "commands.html",
                "taskpane.html"
            ]
        );
        // What cannot be evaluated is said, never guessed.
        let (_t, b) = build(
            &[
                ("src/a.ts", ""),
                (
                    "webpack.config.js",
                    "const HtmlWebpackPlugin = require('html-webpack-plugin');\nmodule.exports = { entry: entries(), plugins: pages().map(p => new HtmlWebpackPlugin({ template: p })) };",
                ),
            ],
            "webpack.config.js",
        );
        let unread: Vec<String> = b.unwrap().unread.into_iter().map(|(_, w)| w).collect();
        assert_eq!(unread, ["the entries", "an HtmlWebpackPlugin's `template`"]);
    }

    #[test]
    fn a_config_naming_missing_files_is_not_used() {
        let config = r#"module.exports = { entry: { taskpane: "./src/taskpane/taskpane.js" } };"#;
        let (_t, b) = build(
            &[("nested/webpack.config.js", config)],
            "nested/webpack.config.js",
        );
        assert!(b.is_none());
    }

    #[test]
    fn vite_inputs_relative_to_root() {
        let config = r#"import { resolve } from "path";
export default defineConfig({ root: "src", build: { rollupOptions: { input: { taskpane: resolve(__dirname, "src/taskpane.html") } } } });"#;
        let (_t, b) = build(
            &[("vite.config.ts", config), ("src/taskpane.html", "")],
            "vite.config.ts",
        );
        let b = b.expect("usable");
        assert_eq!(b.served.len(), 1);
        assert_eq!(b.served[0].name, "taskpane.html");
    }
}
