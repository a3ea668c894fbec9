//! `qgx`: run 强国行 selections and check applications, plans and annual reports from JSON or
//! CSV files. All rules live in `qgx-core`; this program reads, converts, calls and prints.
//!
//! Exit status: 0 with a result (findings are data), 2 for bad input or usage (one message on
//! stderr naming where; nothing on stdout).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod csv_import;
mod demo;
mod input;
mod locate;
mod output;
mod summary;
mod table;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qgx_core::{Date, Ruleset};

use crate::input::Fail;

#[derive(Parser, Debug)]
#[command(
    name = "qgx",
    version,
    about = "The rules of the 强国行 special action: selections, plans, annual reports",
    long_about = None
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes (before or after the command's name).
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Ruleset overrides merged over the 2024 edition (JSON or TOML).
    #[arg(long, global = true, value_name = "FILE")]
    ruleset: Option<PathBuf>,
    /// "Today", YYYY-MM-DD (the engine has no clock).
    #[arg(long, global = true, value_name = "DATE")]
    as_of: Option<String>,
    /// Language of table labels and messages.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
    /// Output format (default: json; table for `demo`).
    #[arg(long, global = true, value_enum)]
    format: Option<Format>,
}

/// Language of tables.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// Output format.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Table,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a selection: a JSON Selection input (FILE or - for stdin), or CSV files.
    Select {
        /// The Selection input (JSON); `-` reads stdin.
        #[arg(
            required_unless_present = "applications",
            conflicts_with = "applications"
        )]
        file: Option<String>,
        /// Applications as CSV (see cli/README.md for the columns).
        #[arg(long, value_name = "CSV", requires = "provinces")]
        applications: Option<PathBuf>,
        /// Province settings as CSV.
        #[arg(long, value_name = "CSV", requires = "applications")]
        provinces: Option<PathBuf>,
        /// Official lists (Registry JSON), with the CSV input.
        #[arg(long, value_name = "JSON", requires = "applications")]
        registry: Option<PathBuf>,
        /// The office's decisions as CSV (id,decision), with the CSV input.
        #[arg(long, value_name = "CSV", requires = "applications")]
        office_decisions: Option<PathBuf>,
    },
    /// Check one AnnualReport (or a JSON array of them) and score it.
    CheckReport {
        /// The report(s) (JSON); `-` reads stdin.
        file: String,
    },
    /// The cycle summary (R-SUMMARY) as of --as-of: per participant, per province, and the
    /// typical-case shortlists.
    Summarize {
        /// The Summary input (JSON: {reports, participants?, ruleset?}), or a plain JSON array
        /// of AnnualReports; `-` reads stdin.
        file: String,
    },
    /// Check one action plan (or an array).
    CheckPlan {
        /// The plan(s) (JSON); `-` reads stdin.
        file: String,
    },
    /// Check one application (or an array) on its own (no quotas, no duplicates).
    CheckApplication {
        /// The application(s) (JSON); `-` reads stdin.
        file: String,
        /// Official lists (Registry JSON) to verify claims against.
        #[arg(long, value_name = "JSON")]
        registry: Option<PathBuf>,
    },
    /// The cycle as of --as-of; with --year, that report's status.
    Cycle {
        /// A report year (1-based): print its status instead.
        #[arg(long)]
        year: Option<u32>,
        /// With --year: when the report was submitted (RFC 3339).
        #[arg(long, value_name = "TIMESTAMP", requires = "year")]
        submitted_at: Option<String>,
    },
    /// The next report due on or after --as-of.
    NextDue,
    /// Print the JSON Schema called NAME (without NAME: list the names).
    Schema {
        /// One of the names `qgx schema` lists.
        name: Option<String>,
    },
    /// Print the effective ruleset (the 2024 edition with any --ruleset overrides).
    Ruleset {
        /// Print only its hash.
        #[arg(long)]
        hash: bool,
    },
    /// Run the whole pipeline on the national demo dataset and print the summary.
    Demo {
        /// Also write the generated inputs (selection.json, reports.json, summary.json) into DIR.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
}

/// Everything a command needs besides its own arguments.
pub struct Ctx {
    pub ruleset: Ruleset,
    pub as_of: Option<Date>,
    pub lang: Lang,
    pub format: Option<Format>,
    /// Show progress bars (stderr is a terminal).
    pub progress: bool,
}

impl Ctx {
    fn format_or(&self, default: Format) -> Format {
        self.format.unwrap_or(default)
    }

    fn require_as_of(&self) -> Result<Date, Fail> {
        self.as_of
            .ok_or_else(|| Fail::new("this command needs --as-of DATE (YYYY-MM-DD)"))
    }
}

fn context(g: &Global) -> Result<Ctx, Fail> {
    let ruleset = match &g.ruleset {
        Some(path) => input::load_ruleset(path)?,
        None => Ruleset::edition_2024(),
    };
    let as_of = g
        .as_of
        .as_deref()
        .map(|s| Date::parse(s).map_err(|m| Fail::new(format!("--as-of: {m}"))))
        .transpose()?;
    Ok(Ctx {
        ruleset,
        as_of,
        lang: g.lang,
        format: g.format,
        progress: std::io::stderr().is_terminal(),
    })
}

fn run(cli: Cli) -> Result<String, Fail> {
    let ctx = context(&cli.global)?;
    match cli.command {
        Command::Select {
            file,
            applications,
            provinces,
            registry,
            office_decisions,
        } => match (file, applications, provinces) {
            (Some(file), _, _) => {
                let (selection, source) = input::read_selection(&file)?;
                output::select(&ctx, &selection, &|e| source.fail(e))
            }
            (None, Some(apps), Some(provs)) => {
                let (selection, locator) = csv_import::selection(
                    &apps,
                    &provs,
                    registry.as_deref(),
                    office_decisions.as_deref(),
                    ctx.progress,
                )?;
                output::select(&ctx, &selection, &|e| locator.fail(e))
            }
            _ => Err(Fail::new(
                "give a Selection input FILE, or --applications and --provinces",
            )),
        },
        Command::CheckReport { file } => output::check_reports(&ctx, &file),
        Command::Summarize { file } => summary::summarize(&ctx, &file, ctx.require_as_of()?),
        Command::CheckPlan { file } => output::check_plans(&ctx, &file),
        Command::CheckApplication { file, registry } => {
            output::check_applications(&ctx, &file, registry.as_deref())
        }
        Command::Cycle { year, submitted_at } => {
            let as_of = ctx.require_as_of()?;
            match year {
                Some(year) => output::report_status(&ctx, year, submitted_at.as_deref(), as_of),
                None => output::cycle(&ctx, as_of),
            }
        }
        Command::NextDue => output::next_due(&ctx, ctx.require_as_of()?),
        Command::Schema { name } => output::schema(name.as_deref()),
        Command::Ruleset { hash } => output::ruleset(&ctx, hash),
        Command::Demo { write } => demo::run(&ctx, write.as_deref()),
    }
}

/// The longest error line qgx prints, in characters.
const LINE_MAX: usize = 2000;

/// An error line made safe for a terminal or a log: control characters escaped (a newline or
/// an escape sequence in an id cannot forge a line or colour the screen), quoted values cut, and
/// the whole line cut to [`LINE_MAX`] characters.
fn printable(line: &str) -> String {
    let line = qgx_core::bounded_message(line);
    if line.chars().count() <= LINE_MAX {
        return line;
    }
    let mut cut: String = line.chars().take(LINE_MAX).collect();
    cut.push('…');
    cut
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // A reader that stopped reading (`qgx … | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                // A full disk or a closed stdout: the output was not written.
                Err(e) => {
                    eprintln!("qgx: cannot write the output: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(fail) => {
            eprintln!("qgx: {}", printable(&fail.to_string()));
            ExitCode::from(2)
        }
    }
}
