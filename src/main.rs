//! The `audit` binary: parse arguments, run the library, print, exit. Nothing else.
#![expect(clippy::print_stderr, reason = "the binary reports errors on stderr")]

use std::io::{self, Write};
use std::process::ExitCode;

use addin_audit::app::{self, ExitStatus};
use addin_audit::cli::{self, Cli, Command};
use addin_audit::commands;
use addin_audit::report::{
    self, GithubReporter, HtmlReporter, JsonReporter, MarkdownReporter, Reporter, SarifReporter,
    TableReporter,
};
use addin_audit::settings::Level;
use addin_audit::settings::{Exchange, FailOn, Settings};
use clap::{CommandFactory, Parser};

fn list_format(f: cli::ListFormat) -> commands::ListFormat {
    match f {
        cli::ListFormat::Table => commands::ListFormat::Table,
        cli::ListFormat::Json => commands::ListFormat::Json,
    }
}

fn settings(args: cli::CheckArgs) -> Result<Settings, String> {
    let mut levels = Vec::new();
    for (codes, level) in [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ] {
        for code in codes {
            let rule = addin_audit::rules::by_code(code).ok_or_else(|| {
                format!("unknown finding code `{code}`; `audit rules` lists them")
            })?;
            levels.push((rule.code.to_owned(), level));
        }
    }
    Ok(Settings {
        paths: if args.paths.is_empty() {
            vec![".".into()]
        } else {
            args.paths
        },
        src: args.src,
        exchange: args.exchange.map(|e| match e {
            cli::Exchange::Online => Exchange::Online,
            cli::Exchange::OnPremises => Exchange::OnPremises,
            cli::Exchange::Any => Exchange::Any,
        }),
        fail_on: args.fail_on.map(|f| match f {
            cli::FailOn::Error => FailOn::Error,
            cli::FailOn::Warning => FailOn::Warning,
            cli::FailOn::Never => FailOn::Never,
        }),
        levels,
        config: args.config,
        no_config: args.no_config,
        no_suppress: args.no_suppress,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        progress: io::IsTerminal::is_terminal(&io::stderr()),
        limits: addin_audit::settings::Limits::default(),
    })
}

/// Runs the command; `Err` is an output error.
fn run(cli: Cli, out: &mut dyn Write) -> io::Result<ExitStatus> {
    match cli.command {
        Some(Command::Apis { format }) => {
            commands::apis(out, list_format(format)).map(|()| ExitStatus::Success)
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "audit", out);
            Ok(ExitStatus::Success)
        }
        Some(Command::Man) => clap_mangen::Man::new(Cli::command())
            .render(out)
            .map(|()| ExitStatus::Success),
        Some(Command::Rules { format }) => {
            commands::rules(out, list_format(format)).map(|()| ExitStatus::Success)
        }
        Some(Command::Explain { what }) => match commands::explain(out, &what) {
            Ok(()) => Ok(ExitStatus::Success),
            Err(commands::ExplainError::Io(e)) => Err(e),
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitStatus::Error)
            }
        },
        None => {
            let format = cli.check.format;
            let verbose = cli.check.verbose;
            let color = match cli.check.color {
                cli::Color::Always => true,
                cli::Color::Never => false,
                cli::Color::Auto => {
                    io::IsTerminal::is_terminal(&io::stdout())
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let output = cli.check.output.clone();
            let cli::FixArgs {
                fix,
                diff,
                unsafe_fixes,
            } = cli.check.fixes.clone();
            let settings = match settings(cli.check) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitStatus::Error);
                }
            };
            let (mut report, mut status) = app::run(&settings);
            if fix || diff {
                let done = addin_audit::fix::apply(&report, unsafe_fixes, fix);
                for e in &done.errors {
                    eprintln!("error: {e}");
                }
                if done.unsafe_skipped > 0 {
                    eprintln!(
                        "note: {} under-privileged manifest(s) need a higher tier: --unsafe-fixes raises it (it widens what the add-in may do)",
                        done.unsafe_skipped
                    );
                }
                if diff {
                    // No report follows a diff: what kept the audit from its job is said here.
                    for e in &report.errors {
                        eprintln!("error: {e}");
                    }
                    out.write_all(done.diff.as_bytes())?;
                    out.flush()?;
                    // Like a linter's --diff: 1 when there is something to change.
                    return Ok(if !done.errors.is_empty() || status == ExitStatus::Error {
                        ExitStatus::Error
                    } else if done.applied > 0 {
                        ExitStatus::Failure
                    } else {
                        ExitStatus::Success
                    });
                }
                eprintln!("fixed {} manifest(s)", done.applied);
                if done.applied > 0 {
                    // What remains after the fix, and the exit code that follows from it.
                    (report, status) = app::run(&settings);
                }
                if !done.errors.is_empty() {
                    status = ExitStatus::Error;
                }
            }
            let mut reporter: Box<dyn Reporter> = match format {
                cli::Format::Table => Box::new(TableReporter {
                    verbose,
                    color: color && output.is_none(),
                }),
                cli::Format::Json => Box::new(JsonReporter),
                cli::Format::Sarif => Box::new(SarifReporter),
                cli::Format::Github => Box::new(GithubReporter),
                cli::Format::Html => Box::new(HtmlReporter),
                cli::Format::Markdown => Box::new(MarkdownReporter),
            };
            match &output {
                Some(path) => {
                    let written = std::fs::File::create(path).and_then(|f| {
                        let mut w = io::BufWriter::new(f);
                        reporter.report(&mut w, &report)?;
                        w.flush()
                    });
                    if let Err(e) = written {
                        eprintln!("error: {}: cannot write the report: {e}", path.display());
                        return Ok(ExitStatus::Error);
                    }
                    if format != cli::Format::Table {
                        TableReporter { verbose, color }.report(out, &report)?;
                    }
                }
                None => reporter.report(out, &report)?,
            }
            out.flush()?;
            if format == cli::Format::Github
                && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY")
            {
                let appended = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&summary)
                    .and_then(|mut f| f.write_all(report::step_summary(&report).as_bytes()));
                if let Err(e) = appended {
                    eprintln!("error: cannot append to $GITHUB_STEP_SUMMARY: {e}");
                }
            }
            for e in &report.errors {
                eprintln!("error: {e}");
            }
            Ok(status)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // The audit runs on a pool of its own (`addin_audit::stack::pool`); this thread only
    // conducts, unless no pool thread can start and the work comes back to it.
    let worker = addin_audit::stack::run("audit-main", 64 << 20, move || {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        let status = run(cli, &mut out).and_then(|s| out.flush().map(|()| s));
        match status {
            Ok(s) => s,
            // Piped into `head`: the reader has what it wanted.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Success,
            Err(e) => {
                eprintln!("error: cannot write the output: {e}");
                ExitStatus::Error
            }
        }
    });
    if let Ok(status) = worker {
        status.into()
    } else {
        eprintln!(
            "error: internal error (a bug in audit); please report it with the input that caused it"
        );
        ExitCode::from(2)
    }
}
