//! The `kubeletlint` command, as a library: the standalone binary (`cli/src/main.rs`) and the
//! Python console script (`kubeletlint._native.main`) both call [`run`], so there is exactly
//! one implementation.
//!
//! No rule logic lives here: the verdict, the formats and which files matter all come from
//! the core crate `kubeletlint`. This crate only reads files and writes output.

use clap::{Parser, Subcommand, ValueEnum};
use kubeletlint::{InputError, Options, Report, Verdict};
use std::io::{Read, Write};
use std::path::PathBuf;

pub mod input;
pub mod node;

/// Exit status: the effective client CA is set.
pub const EXIT_PASS: i32 = 0;
/// Exit status: the check failed, or the evidence shows a kubelet that would not start.
pub const EXIT_FAIL: i32 = 1;
/// Exit status: usage error, unreadable or unusable input, internal error.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: the evidence cannot decide.
pub const EXIT_INCONCLUSIVE: i32 = 3;

const AFTER_HELP: &str = "\
Exit status:
  0  pass: the effective client CA file is set
  1  fail, or invalid (the evidence shows a kubelet or unit that would refuse to start)
  2  usage error, unreadable or unusable input (one line on stderr names the file)
  3  inconclusive: the evidence cannot decide (e.g. a referenced file was not given)

Examples:
  kubeletlint check examples/aks-node
  kubeletlint check /etc/default/kubelet=./default-kubelet kubelet.service
  ssh node cat /proc/$(pgrep -x kubelet)/cmdline | kubeletlint check -
  kubeletlint node --format sarif > kubelet.sarif
  kubeletlint node --root /mnt/node-disk";

/// Decide the kubelet's effective authentication.x509.clientCAFile (CIS AKS 3.2.3,
/// CIS Kubernetes 4.2.3) from node evidence.
#[derive(Debug, Parser)]
#[command(name = "kubeletlint", version = kubeletlint::VERSION, after_help = AFTER_HELP)]
#[command(propagate_version = true, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check evidence files: kubelet config, drop-ins, /configz, command lines, units, CA.
    #[command(after_help = AFTER_HELP)]
    Check {
        /// A file, NODE_PATH=FILE (the file is NODE_PATH on the node), a directory (its
        /// files; NODE_PATH=DIR maps it under NODE_PATH; a directory holding etc/, lib/,
        /// usr/, run/, var/, opt/ or proc/ is read as a copy of the node's root), or - (stdin).
        #[arg(value_name = "ARG", required = true)]
        args: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Collect the evidence from this node (read-only) and check it.
    #[command(after_help = AFTER_HELP)]
    Node {
        /// The node's root file system (e.g. a mounted disk image); /proc is read only if it
        /// exists under it.
        #[arg(long, value_name = "DIR", default_value = "/")]
        root: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Print the rule's documentation: what, why, how to fix, per platform.
    Explain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    KubeBench,
    Sarif,
    Junit,
}

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format (text is coloured on a terminal unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Mask values and paths in the output (every format).
    #[arg(long)]
    pub redact: bool,
    /// Judge the evidence as this kubelet version (1.30, v1.30.2); inferred otherwise.
    #[arg(long, value_name = "VERSION")]
    pub kubelet_version: Option<String>,
}

/// What the caller provides: the standard streams and whether stdout is a terminal.
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Colour the text output (when `NO_COLOR` is not set).
    pub stdout_is_terminal: bool,
}

/// The exit status of a verdict.
pub fn exit_code(verdict: Verdict) -> i32 {
    match verdict {
        Verdict::Pass => EXIT_PASS,
        Verdict::Fail | Verdict::Invalid => EXIT_FAIL,
        Verdict::Inconclusive => EXIT_INCONCLUSIVE,
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, per no-color.org).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Renders a report in a format (through the core's renderers).
pub fn render(report: &Report, format: Format, redact: bool, color: bool) -> String {
    let redacted;
    let r = if redact {
        redacted = kubeletlint::render::redact(report);
        &redacted
    } else {
        report
    };
    let mut s = match format {
        Format::Text => kubeletlint::render::text(r, color),
        Format::Json => kubeletlint::render::json(r),
        Format::KubeBench => kubeletlint::render::kube_bench(r),
        Format::Sarif => kubeletlint::render::sarif(r),
        Format::Junit => kubeletlint::render::junit(r),
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The options every check gets from the command line; "now" comes from the clock here
/// (the core never reads one).
pub fn options(kubelet_version: Option<String>) -> Options {
    let now_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok());
    Options {
        kubelet_version,
        dropin_alpha_env: None,
        now_unix,
        ..Default::default()
    }
}

/// The one-line form of an input error.
pub fn input_error_line(e: &InputError) -> String {
    e.to_string().replace('\n', " ")
}

/// Runs the command. `args[0]` is the program name. Returns the exit status.
pub fn run(args: Vec<String>, io: Io<'_>) -> i32 {
    let Io {
        stdin,
        stdout,
        stderr,
        stdout_is_terminal,
    } = io;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_inner(args, stdin, &mut *stdout, &mut *stderr, stdout_is_terminal)
    }));
    match outcome {
        Ok(code) => code,
        Err(panic) => {
            let msg = panic_message(&*panic);
            let _ = writeln!(
                stderr,
                "kubeletlint: internal error: {msg} (please report this)"
            );
            EXIT_USAGE
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

fn run_inner(
    args: Vec<String>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    stdout_is_terminal: bool,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let text = e.render().to_string();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = stdout.write_all(text.as_bytes());
                    EXIT_PASS
                }
                _ => {
                    let _ = stderr.write_all(text.as_bytes());
                    EXIT_USAGE
                }
            };
        }
    };
    let color = stdout_is_terminal && !no_color_env();
    let (report, out) = match cli.command {
        Command::Explain => {
            let _ = stdout.write_all(kubeletlint::rule::EXPLAIN.as_bytes());
            return EXIT_PASS;
        }
        Command::Check { args, out } => {
            let (artifacts, labels) = match input::load_labelled(&args, stdin) {
                Ok(a) => a,
                Err(e) => {
                    let _ = writeln!(stderr, "kubeletlint: {e}");
                    return EXIT_USAGE;
                }
            };
            let options = options(out.kubelet_version.clone());
            // files given without a node path are named by their local name
            let names = input::local_names(&artifacts, &labels);
            let report = kubeletlint::check(&artifacts, &options)
                .map(|mut r| {
                    r.name_artifacts(&names);
                    r
                })
                .map_err(|mut e| {
                    e.name_artifacts(&names);
                    e
                });
            (report, out)
        }
        Command::Node { root, out } => {
            let options = options(out.kubelet_version.clone());
            match node::check_node(&root, &options) {
                Ok(r) => (r.report, out),
                Err(e) => {
                    let _ = writeln!(stderr, "kubeletlint: {e}");
                    return EXIT_USAGE;
                }
            }
        }
    };
    match report {
        Ok(report) => {
            let s = render(&report, out.format, out.redact, color);
            if stdout
                .write_all(s.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return EXIT_USAGE;
            }
            exit_code(report.verdict)
        }
        Err(e) => {
            let _ = writeln!(stderr, "kubeletlint: {}", input_error_line(&e));
            EXIT_USAGE
        }
    }
}
