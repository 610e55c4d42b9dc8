//! The standalone `kubeletlint` binary (`cargo install --path cli`), for nodes without Python.

use std::io::IsTerminal;

fn main() {
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let code = kubeletlint_cli::run(
        std::env::args().collect(),
        kubeletlint_cli::Io {
            stdin: &mut std::io::stdin().lock(),
            stdout: &mut std::io::stdout().lock(),
            stderr: &mut std::io::stderr().lock(),
            stdout_is_terminal,
        },
    );
    std::process::exit(code);
}
