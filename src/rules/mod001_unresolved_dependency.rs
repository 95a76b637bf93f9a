//! MOD001: an import or script of the add-in's code that cannot be followed.

use super::Context;
use crate::finding::Finding;
use crate::source::Location;
use crate::source::display_path;

declare_rule!(
    /// ## What it does
    /// Warns for each local `import`, `export … from`, `require`, `import()` or
    /// `<script src>` in the add-in's code that leads nowhere: a path that does not exist, a
    /// tsconfig alias with no target, a module named at run time (`import(name)`).
    /// Packages (`react`, `@azure/msal-browser`) are libraries, not the add-in's code, and are
    /// not reported, installed or not.
    ///
    /// ## Why is this bad?
    /// The code behind it was not audited, so the audit cannot claim the add-in needs less
    /// than it declares: the verdict is at best `unverified` (TIER004).
    ///
    /// ## How to fix
    /// Build or check out the missing file (generated code, a submodule), fix the path, or
    /// point `--src` at the folder that has it.
    pub UnresolvedDependency {
        code: "MOD001",
        name: "unresolved-dependency",
        severity: Warning,
        summary: "a local import or script of the add-in's code cannot be followed",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for m in a.missing {
        let message = match &m.specifier {
            Some(s) => format!(
                "`{s}` cannot be resolved ({}); the code it loads was not audited",
                m.why
            ),
            None => {
                "this module is named at run time, so the code it loads was not audited".to_owned()
            }
        };
        out.push(
            Finding::new(
                UnresolvedDependency::META.code,
                UnresolvedDependency::META.severity,
                message,
            )
            .at(Location {
                file: display_path(&m.file),
                position: m.position,
            }),
        );
    }
}
