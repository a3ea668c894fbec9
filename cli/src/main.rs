//! `qgx`: run 强国行 selections and check applications, plans and annual reports from JSON or
//! CSV files. All rules live in `qgx-core`; this program reads, converts, calls and prints.
//!
//! Exit status: 0 with a result (findings are data), 2 for bad input or usage (one message on
//! stderr naming where; nothing on stdout).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod compare;
mod demo;
mod input;
mod locate;
mod output;
mod sheets;
mod summary;
mod table;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qgx_core::{Date, Ruleset};

use crate::input::{Fail, Failure};

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
    /// Text encoding of CSV inputs: auto (valid UTF-8 is UTF-8, else GB18030), utf-8, gb18030.
    #[arg(long, global = true, value_name = "ENCODING", default_value = "auto")]
    encoding: String,
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
    /// Run a selection: a JSON Selection input or a workbook with every sheet (FILE, - for
    /// stdin), or sheets per part (--applications, --provinces, …: .xlsx/.xls/.ods or CSV).
    Select {
        /// The Selection input (JSON), or a workbook (.xlsx, .xls, .ods) holding every sheet;
        /// `-` reads JSON from stdin.
        #[arg(
            required_unless_present = "applications",
            conflicts_with = "applications"
        )]
        file: Option<String>,
        /// Applications (and the plan's sheets): a workbook or CSV (see cli/README.md).
        #[arg(long, value_name = "FILE", requires = "provinces")]
        applications: Option<PathBuf>,
        /// Province settings: a workbook or CSV.
        #[arg(long, value_name = "FILE", requires = "applications")]
        provinces: Option<PathBuf>,
        /// Official lists: Registry JSON, or a workbook (全国工作室, 样板支部).
        #[arg(long, value_name = "FILE", requires = "applications")]
        registry: Option<PathBuf>,
        /// The office's decisions: a workbook or CSV (申报编号/id, 审核结果/decision).
        #[arg(long, value_name = "FILE", requires = "applications")]
        office_decisions: Option<PathBuf>,
        /// Write the results as a workbook (省份汇总, 推荐名单, 全部申报, 问题清单, 合规).
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
        /// Write a copy of the applications' workbook with every cell a finding points at
        /// highlighted and its message as the cell's note.
        #[arg(long, value_name = "FILE.xlsx")]
        annotate: Option<PathBuf>,
    },
    /// Compare a selection under two settings: who and what each choice moves. The variant is
    /// VARIANT, or the base with --set changes; the global --ruleset applies to the variant only.
    Compare {
        /// The base Selection input (JSON); `-` reads stdin.
        base: String,
        /// The variant Selection input (JSON); without it, the base with the --set changes.
        variant: Option<String>,
        /// A change to the variant: `11.national_quota=10` (a province's setting) or
        /// `priority_mode=tie_break` (a ruleset parameter); the value is JSON or a string.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Also write the comparison as a workbook (变化申报, 变化省份).
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
    },
    /// Check one AnnualReport (or a JSON array of them), or the reports of a workbook
    /// (报告, 活动, 成果) or CSV, and score them.
    CheckReport {
        /// The report(s): JSON (`-` reads stdin), a workbook or a CSV.
        file: String,
        /// Write the checks as a workbook (报告结果, 问题清单).
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
        /// Write a copy of the reports' workbook with every cell a finding points at
        /// highlighted and its message as the cell's note.
        #[arg(long, value_name = "FILE.xlsx")]
        annotate: Option<PathBuf>,
    },
    /// Write an empty workbook to fill in: applications, provinces, decisions, registry or
    /// reports (Chinese headers, a 填写说明 sheet, drop-downs).
    Template {
        /// applications | provinces | decisions | registry | reports
        kind: String,
        /// The workbook to write.
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
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
    /// How sheets are read (CSV encoding, limits).
    pub read: qgx_sheets::ReadOptions,
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
        read: qgx_sheets::ReadOptions {
            encoding: qgx_sheets::Encoding::from_name(&g.encoding).ok_or_else(|| {
                Fail::new(format!(
                    "--encoding: expected auto, utf-8 or gb18030, got `{}`",
                    g.encoding
                ))
            })?,
            limits: qgx_sheets::Limits::default(),
        },
    })
}

/// Runs the command, writing its output to `out` (after its input was read and found valid:
/// bad input writes nothing).
fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    let ctx = context(&cli.global)?;
    let text = match cli.command {
        Command::Select {
            file,
            applications,
            provinces,
            registry,
            office_decisions,
            out: out_file,
            annotate,
        } => {
            let outputs = sheets::Outputs {
                out: out_file.as_deref(),
                annotate: annotate.as_deref(),
            };
            let files = match (file, applications) {
                (Some(file), _) if !sheets::is_workbook(&file) => {
                    let (selection, source) = input::read_selection(&file)?;
                    let result = output::run_select(&ctx, &selection, &|e| source.fail(e))?;
                    let text =
                        match sheets::write_selection(&ctx, &selection, &result, None, &outputs)? {
                            Some(said) => said,
                            None => output::render_select(&ctx, &selection, &result)?,
                        };
                    return output::print(out, text);
                }
                (Some(file), _) => sheets::SelectFiles {
                    applications: PathBuf::from(file),
                    provinces: None,
                    registry: None,
                    decisions: None,
                },
                (None, Some(apps)) => sheets::SelectFiles {
                    applications: apps,
                    provinces,
                    registry,
                    decisions: office_decisions,
                },
                (None, None) => {
                    return Err(Fail::new(
                        "give a Selection input FILE, or --applications and --provinces",
                    )
                    .into());
                }
            };
            let (selection, source, book) = sheets::read_selection(&ctx, &files)?;
            let result = output::run_select(&ctx, &selection, &|e| {
                Fail::new(source.error(e).to_string())
            })?;
            match sheets::write_selection(
                &ctx,
                &selection,
                &result,
                Some((&source, &book)),
                &outputs,
            )? {
                Some(said) => said,
                None => output::render_select(&ctx, &selection, &result)?,
            }
        }
        Command::CheckReport {
            file,
            out: out_file,
            annotate,
        } => {
            let outputs = sheets::Outputs {
                out: out_file.as_deref(),
                annotate: annotate.as_deref(),
            };
            if sheets::is_sheet(&file) {
                let (reports, source, book) = sheets::read_reports(&ctx, Path::new(&file))?;
                if !outputs.any() {
                    return output::write_report_checks(&ctx, &reports, out);
                }
                let checks = output::check_report_list(&ctx, &reports)?;
                sheets::write_reports(&ctx, &checks, Some((&source, &book)), &outputs)?
                    .unwrap_or_default()
            } else if outputs.any() {
                let checks = output::check_report_file(&ctx, &file)?;
                sheets::write_reports(&ctx, &checks, None, &outputs)?.unwrap_or_default()
            } else {
                return output::check_reports(&ctx, &file, out);
            }
        }
        Command::Compare {
            base,
            variant,
            set,
            out: out_file,
        } => compare::compare(&ctx, &base, variant.as_deref(), &set, out_file.as_deref())?,
        Command::Template {
            kind,
            out: out_file,
        } => sheets::template(&ctx, &kind, &out_file)?,
        Command::Summarize { file } => summary::summarize(&ctx, &file, ctx.require_as_of()?)?,
        Command::CheckPlan { file } => return output::check_plans(&ctx, &file, out),
        Command::CheckApplication { file, registry } => {
            return output::check_applications(&ctx, &file, registry.as_deref(), out);
        }
        Command::Cycle { year, submitted_at } => {
            let as_of = ctx.require_as_of()?;
            match year {
                Some(year) => output::report_status(&ctx, year, submitted_at.as_deref(), as_of)?,
                None => output::cycle(&ctx, as_of)?,
            }
        }
        Command::NextDue => output::next_due(&ctx, ctx.require_as_of()?)?,
        Command::Schema { name } => output::schema(name.as_deref())?,
        Command::Ruleset { hash } => output::ruleset(&ctx, hash)?,
        Command::Demo { write } => demo::run(&ctx, write.as_deref())?,
    };
    output::print(out, text)
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
    // Buffered: a batch's results are written as they are made, in large writes.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match run(cli, &mut out).and_then(|()| out.flush().map_err(Failure::Write)) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`qgx … | head`) is not an error worth a message.
        Err(Failure::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // A full disk or a closed stdout: the output was not (all) written.
        Err(Failure::Write(e)) => {
            eprintln!("qgx: cannot write the output: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Input(fail)) => {
            eprintln!("qgx: {}", printable(&fail.to_string()));
            ExitCode::from(2)
        }
    }
}
