//! `kubeletlint._native`: the Python bindings. Thin on purpose: artifacts in as tuples, the
//! report out as the core's JSON (turned into dataclasses by `kubeletlint/_model.py`), and
//! the command itself (`main`) from `kubeletlint_cli`. No rule logic here.
//!
//! Every call into the core releases the GIL (`Python::detach`) and catches panics
//! (`catch_unwind`), which become `kubeletlint.InternalError` instead of crashing the
//! interpreter.

use kubeletlint::{Artifact, ArtifactKind, InputError, Options, Report};
use kubeletlint_cli::{input, node, panic_message, Format, Io};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// An artifact as Python passes it: `(text, path, kind)`.
type Art = (String, Option<String>, Option<String>);

/// Outcome of one check in a batch: `(0, report JSON)`, `(1, input error JSON)` or
/// `(2, panic message)`.
type Outcome = (u8, String);

fn errors_module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    PyModule::import(py, "kubeletlint._errors")
}

/// `kubeletlint.InputError` (defined in Python) with the core error's fields.
fn input_error(py: Python<'_>, e: &InputError) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = errors_module(py)?.getattr("InputError")?;
        let kw = PyDict::new(py);
        kw.set_item("source", e.source.as_deref())?;
        kw.set_item("line", e.line)?;
        kw.set_item("column", e.column)?;
        kw.set_item("artifact", e.artifact)?;
        Ok(PyErr::from_value(
            cls.call((e.message.as_str(),), Some(&kw))?,
        ))
    };
    build().unwrap_or_else(|err| err)
}

/// `kubeletlint.InternalError` (a caught Rust panic).
fn internal_error(py: Python<'_>, msg: &str) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = errors_module(py)?.getattr("InternalError")?;
        Ok(PyErr::from_value(
            cls.call1((format!("kubeletlint internal error: {msg}"),))?,
        ))
    };
    build().unwrap_or_else(|err| err)
}

fn to_artifacts(items: Vec<Art>) -> Result<Vec<Artifact>, InputError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, (text, path, kind))| {
            let kind = match kind {
                None => None,
                Some(k) => Some(ArtifactKind::parse(&k).ok_or_else(|| {
                    let mut e = InputError::new(format!("unknown artifact kind `{k}`"));
                    e.artifact = Some(i);
                    e
                })?),
            };
            Ok(Artifact { text, path, kind })
        })
        .collect()
}

fn parse_options(options_json: &str) -> PyResult<Options> {
    serde_json::from_str(options_json)
        .map_err(|e| PyValueError::new_err(format!("bad options: {e}")))
}

fn run_check(items: Vec<Art>, options: &Options) -> Outcome {
    let r = catch_unwind(AssertUnwindSafe(|| {
        to_artifacts(items).and_then(|arts| kubeletlint::check(&arts, options))
    }));
    match r {
        Ok(Ok(report)) => match serde_json::to_string(&report) {
            Ok(s) => (0, s),
            Err(e) => (2, format!("cannot serialise the report: {e}")),
        },
        Ok(Err(e)) => (1, serde_json::to_string(&e).unwrap_or_default()),
        Err(p) => (2, panic_message(&*p)),
    }
}

fn outcome_to_py(py: Python<'_>, (tag, s): Outcome) -> PyResult<String> {
    match tag {
        0 => Ok(s),
        1 => {
            let e: InputError =
                serde_json::from_str(&s).unwrap_or_else(|_| InputError::new(s.clone()));
            Err(input_error(py, &e))
        }
        _ => Err(internal_error(py, &s)),
    }
}

/// Checks one evidence set; returns the report as JSON. Raises `InputError`.
#[pyfunction]
fn check(py: Python<'_>, artifacts: Vec<Art>, options_json: &str) -> PyResult<String> {
    let options = parse_options(options_json)?;
    let out = py.detach(|| run_check(artifacts, &options));
    outcome_to_py(py, out)
}

/// Checks many evidence sets on `workers` threads (GIL released); results in input order,
/// each `(0, report JSON)`, `(1, input error JSON)` or `(2, panic message)`.
#[pyfunction]
fn check_batch(
    py: Python<'_>,
    batch: Vec<Vec<Art>>,
    options_json: &str,
    workers: usize,
) -> PyResult<Vec<Outcome>> {
    let options = parse_options(options_json)?;
    let n = batch.len();
    let workers = workers.clamp(1, n.max(1));
    let out = py.detach(move || {
        let inputs: Vec<Mutex<Option<Vec<Art>>>> =
            batch.into_iter().map(|b| Mutex::new(Some(b))).collect();
        let results: Vec<Mutex<Option<Outcome>>> = (0..n).map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(input), Some(slot)) = (inputs.get(i), results.get(i)) else {
                        break;
                    };
                    let items = input
                        .lock()
                        .map(|mut g| g.take())
                        .unwrap_or(None)
                        .unwrap_or_default();
                    let r = run_check(items, &options);
                    if let Ok(mut g) = slot.lock() {
                        *g = Some(r);
                    }
                });
            }
        });
        results
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .ok()
                    .flatten()
                    .unwrap_or((2, "worker thread lost its result".to_string()))
            })
            .collect::<Vec<_>>()
    });
    Ok(out)
}

fn parse_format(name: &str) -> PyResult<Format> {
    Ok(match name {
        "text" => Format::Text,
        "json" => Format::Json,
        "kube-bench" | "kube_bench" => Format::KubeBench,
        "sarif" => Format::Sarif,
        "junit" => Format::Junit,
        _ => return Err(PyValueError::new_err(format!("unknown format `{name}`"))),
    })
}

/// Renders a report (given as its JSON) in a format.
#[pyfunction]
#[pyo3(signature = (report_json, format, redact=false, color=false))]
fn render(
    py: Python<'_>,
    report_json: &str,
    format: &str,
    redact: bool,
    color: bool,
) -> PyResult<String> {
    let format = parse_format(format)?;
    let report: Report = serde_json::from_str(report_json)
        .map_err(|e| PyValueError::new_err(format!("not a kubeletlint report: {e}")))?;
    let r = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            kubeletlint_cli::render(&report, format, redact, color)
        }))
    });
    r.map_err(|p| internal_error(py, &panic_message(&*p)))
}

fn art_to_py(a: Artifact) -> Art {
    (a.text, a.path, a.kind.map(|k| k.as_str().to_string()))
}

/// Reads the evidence named by command-line style arguments (files, NODE_PATH=FILE,
/// directories, `-`). Raises `OSError` naming the file that cannot be read.
#[pyfunction]
fn load(py: Python<'_>, args: Vec<String>) -> PyResult<Vec<Art>> {
    let r = py.detach(|| input::load(&args, &mut std::io::stdin().lock()));
    match r {
        Ok(arts) => Ok(arts.into_iter().map(art_to_py).collect()),
        Err(e) => Err(PyOSError::new_err(e.to_string())),
    }
}

/// Node mode: collects the node's evidence under `root` and checks it. Returns
/// `(artifacts, options JSON, outcome)` where outcome is `(0, report JSON)` or
/// `(1, input error JSON)`.
#[pyfunction]
fn collect_node(
    py: Python<'_>,
    root: &str,
    options_json: &str,
) -> PyResult<(Vec<Art>, String, Outcome)> {
    let options = parse_options(options_json)?;
    let root = std::path::PathBuf::from(root);
    let r = py.detach(|| catch_unwind(AssertUnwindSafe(|| node::check_node(&root, &options))));
    let r = r.map_err(|p| internal_error(py, &panic_message(&*p)))?;
    match r {
        Ok(res) => {
            let opts = serde_json::to_string(&res.options).unwrap_or_else(|_| "{}".into());
            let outcome = match res.report {
                Ok(rep) => (0, serde_json::to_string(&rep).unwrap_or_default()),
                Err(e) => (1, serde_json::to_string(&e).unwrap_or_default()),
            };
            Ok((
                res.artifacts.into_iter().map(art_to_py).collect(),
                opts,
                outcome,
            ))
        }
        Err(node::NodeError::Load(e)) => Err(PyOSError::new_err(e.to_string())),
        Err(node::NodeError::Input(e)) => Err(input_error(py, &e)),
        Err(e @ node::NodeError::NothingFound { .. }) => {
            Err(input_error(py, &InputError::new(e.to_string())))
        }
    }
}

/// The `kubeletlint` command (the console script). `argv[0]` is the program name.
#[pyfunction]
fn main(py: Python<'_>, argv: Vec<String>) -> i32 {
    py.detach(|| {
        let stdout_is_terminal = std::io::stdout().is_terminal();
        kubeletlint_cli::run(
            argv,
            Io {
                stdin: &mut std::io::stdin().lock(),
                stdout: &mut std::io::stdout().lock(),
                stderr: &mut std::io::stderr().lock(),
                stdout_is_terminal,
            },
        )
    })
}

/// The rule's documentation (Markdown-flavoured text).
#[pyfunction]
fn explain() -> &'static str {
    kubeletlint::rule::EXPLAIN
}

/// The rule's IDs and title, as JSON.
#[pyfunction]
fn rule_info() -> String {
    serde_json::to_string(&kubeletlint::rule::info()).unwrap_or_default()
}

/// The command's exit status for a verdict (`pass`, `fail`, `inconclusive`, `invalid`): the
/// command's own mapping, so that the library and the command cannot disagree.
#[pyfunction]
fn exit_code(verdict: &str) -> PyResult<i32> {
    let v: kubeletlint::Verdict =
        serde_json::from_value(serde_json::Value::String(verdict.to_string())).map_err(|_| {
            PyValueError::new_err(format!(
                "expected a verdict (`pass`, `fail`, `inconclusive`, `invalid`), found `{verdict}`"
            ))
        })?;
    Ok(kubeletlint_cli::exit_code(v))
}

/// The canonical name of an artifact kind (aliases accepted), or None.
#[pyfunction]
fn parse_kind(name: &str) -> Option<&'static str> {
    ArtifactKind::parse(name).map(ArtifactKind::as_str)
}

/// The kind the core detects for a text (and node path), or None.
#[pyfunction]
#[pyo3(signature = (text, path=None))]
fn detect_kind(py: Python<'_>, text: &str, path: Option<&str>) -> PyResult<Option<&'static str>> {
    let r = py.detach(|| catch_unwind(|| kubeletlint::detect_kind(text, path)));
    r.map(|k| k.map(ArtifactKind::as_str))
        .map_err(|p| internal_error(py, &panic_message(&*p)))
}

/// Panics inside the boundary (tests only: proves a panic becomes InternalError).
#[pyfunction]
fn _panic_for_test(py: Python<'_>, message: &str) -> PyResult<()> {
    let m = message.to_string();
    let r = py.detach(move || catch_unwind(move || -> () { std::panic::panic_any(m) }));
    r.map_err(|p| internal_error(py, &panic_message(&*p)))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", kubeletlint::VERSION)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_batch, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(collect_node, m)?)?;
    m.add_function(wrap_pyfunction!(main, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(rule_info, m)?)?;
    m.add_function(wrap_pyfunction!(exit_code, m)?)?;
    m.add_function(wrap_pyfunction!(parse_kind, m)?)?;
    m.add_function(wrap_pyfunction!(detect_kind, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
