//! Process command lines out of command-line evidence (spec A12: `/proc/PID/cmdline` is exact,
//! `ps` and `systemctl status` text is lossy and may be cut).

use super::{Cmdlines, Process, Word};
use crate::codes;
use crate::model::{Diagnostic, Location, Pos, Severity};
use std::borrow::Cow;

/// argv[0] assumed for a flags-only args file (microk8s `args/kubelet`): not in the text.
pub const SYNTHETIC_ARGV0: &str = "kubelet";

/// One line of the text: byte offset of its start and its content without `\n` / `\r\n`.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for piece in text.split('\n') {
        let content = piece.strip_suffix('\r').unwrap_or(piece);
        out.push(Line {
            start,
            text: content,
        });
        start += piece.len() + 1;
    }
    out
}

fn line_of(text: &str, offset: usize) -> u32 {
    Pos::of_offset(text, offset).line
}

/// The basename of a program path (`/usr/bin/kubelet`, `C:\k\kubelet.exe`).
fn basename(word: &str) -> &str {
    word.rsplit(['/', '\\']).next().unwrap_or(word)
}

fn is_kubelet_name(word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let b = basename(word);
    b == "kubelet" || b.eq_ignore_ascii_case("kubelet.exe")
}

fn is_hyperkube_name(word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let b = basename(word);
    b == "hyperkube" || b.eq_ignore_ascii_case("hyperkube.exe")
}

/// Builds a process from argv; `None` for an empty argv.
fn make_process<'a>(
    text: &str,
    argv: Vec<Word<'a>>,
    lossy: bool,
    truncated: bool,
) -> Option<Process<'a>> {
    // A terminal that cut the line marks it with an ellipsis (T68).
    let truncated = truncated || argv.last().is_some_and(|w| w.value.ends_with('…'));
    let first = argv.first()?;
    let line = line_of(text, first.offset);
    let name0 = basename(&first.value).to_string();
    let second = argv.get(1).map(|w| w.value.as_ref());
    let (program, is_kubelet, args_start) = if is_hyperkube_name(&first.value) {
        match second {
            Some(sub) if !sub.starts_with('-') => (format!("{name0} {sub}"), sub == "kubelet", 2),
            _ => (name0, false, 1),
        }
    } else {
        let k = is_kubelet_name(&first.value);
        (name0, k, 1)
    };
    Some(Process {
        argv,
        args_start,
        program,
        is_kubelet,
        lossy,
        truncated,
        unit_command: false,
        flag_dump: false,
        line,
    })
}

/// A k3s/RKE2 configuration file (`/etc/rancher/k3s/config.yaml`) as the kubelet command line
/// k3s/RKE2 builds from it (G6): its own flags first (`--client-ca-file` of
/// `<data-dir>/agent/client-ca.crt`, anonymous off, webhook on), then each `kubelet-arg` entry
/// as `--KEY=VALUE`, so an entry beats the defaults.
fn rancher_kubelet<'a>(
    text: &'a str,
    rke2_path: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Process<'a>> {
    let cfg = crate::config::rancher_config(text)?;
    let program = if cfg.rke2 || rke2_path { "rke2" } else { "k3s" };
    let data_dir = cfg
        .data_dir
        .clone()
        .unwrap_or_else(|| format!("/var/lib/rancher/{program}"));
    let ca = format!("{}/agent/client-ca.crt", data_dir.trim_end_matches('/'));
    let mut argv: Vec<Word<'a>> = [
        "kubelet".to_string(),
        "--anonymous-auth=false".to_string(),
        "--authentication-token-webhook=true".to_string(),
        "--authorization-mode=Webhook".to_string(),
        format!("--client-ca-file={ca}"),
    ]
    .into_iter()
    .map(|w| Word {
        value: Cow::Owned(w),
        offset: 0,
    })
    .collect();
    // (1-based line and column to a byte offset)
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    for (arg, line, col) in &cfg.kubelet_args {
        let offset = starts
            .get((*line as usize).saturating_sub(1))
            .map_or(0, |s| s + (*col as usize).saturating_sub(1));
        argv.push(Word {
            value: Cow::Owned(format!("--{}", arg.trim_start_matches('-'))),
            offset,
        });
    }
    diags.push(
        Diagnostic::new(
            codes::RANCHER_CONFIG,
            Severity::Info,
            format!(
                "a {program} configuration file: {program} starts the kubelet in its own process with its defaults (`--client-ca-file={ca}`, anonymous authentication off, webhook on) and then each `kubelet-arg` entry as a flag, which beats them"
            ),
        )
        .at(Location {
            line: Some(cfg.line),
            ..Default::default()
        })
        .rules(&["G6"]),
    );
    make_process(text, argv, false, false)
}

/// The deciding flags a startup `FLAG:` dump is read for, with their defaults: a logged value
/// other than the default was given on the command line.
const DUMP_FLAGS: [(&str, &str); 5] = [
    ("config", ""),
    ("config-dir", ""),
    ("client-ca-file", ""),
    ("anonymous-auth", "true"),
    ("authentication-token-webhook", "false"),
];

/// The kubelet's startup `FLAG: --name="value"` log lines (`cliflag.PrintFlags`, klog or
/// journal prefixes before them; A13), at least three of them: the last start's flags (a flag
/// logged again begins a new start). `argv` holds `kubelet` and the [`DUMP_FLAGS`] whose value
/// is not the default, as `--name=value`, each at its line.
fn flag_dump(text: &str) -> Option<Process<'_>> {
    const MARK: &str = "FLAG: --";
    if !text.contains(MARK) {
        return None;
    }
    let mut block: Vec<(&str, String, usize)> = Vec::new();
    let mut count = 0usize;
    let mut first_line_at = 0usize;
    let mut last: Option<&str> = None;
    for l in lines_of(text) {
        let Some(at) = l.text.find(MARK) else {
            continue;
        };
        let rest = l.text.get(at + MARK.len()..).unwrap_or("");
        let Some((name, value)) = rest.split_once("=\"") else {
            continue;
        };
        let Some(value) = value.trim_end().strip_suffix('"') else {
            continue;
        };
        // (`PrintFlags` logs in name order: a name not after the last one begins a new start)
        if last.is_some_and(|prev: &str| name <= prev) {
            block.clear();
            count = 0;
        }
        if count == 0 {
            first_line_at = l.start;
        }
        count += 1;
        last = Some(name);
        block.push((name, unescape_quotes(value), l.start + at + "FLAG: ".len()));
    }
    if count < 3 {
        return None;
    }
    let mut argv = vec![Word {
        value: Cow::Borrowed("kubelet"),
        offset: first_line_at,
    }];
    for (name, value, offset) in &block {
        let Some((_, default)) = DUMP_FLAGS.iter().find(|(n, _)| n == name) else {
            continue;
        };
        if value != default {
            argv.push(Word {
                value: Cow::Owned(format!("--{name}={value}")),
                offset: *offset,
            });
        }
    }
    let mut p = make_process(text, argv, false, false)?;
    p.flag_dump = true;
    Some(p)
}

/// A quoted log value with `\"` and `\\` undone (Go `%q`, logfmt); other escapes kept as written.
fn unescape_quotes(s: &str) -> String {
    let mut v = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(n @ ('"' | '\\'))) => {
                v.push(n);
                chars.next();
            }
            _ => v.push(c),
        }
    }
    v
}

pub(crate) fn extract(text: &str) -> Cmdlines<'_> {
    extract_at(text, None)
}

/// [`extract`] knowing the artifact's node path (an RKE2 config file is told from a k3s one by
/// its directory).
pub(crate) fn extract_at<'a>(text: &'a str, path: Option<&str>) -> Cmdlines<'a> {
    let mut out = Cmdlines::default();
    if text.contains('\0') {
        extract_nul(text, &mut out);
        return out;
    }
    let rke2_path = path.is_some_and(|p| p.starts_with("/etc/rancher/rke2/"));
    if let Some(p) = rancher_kubelet(text, rke2_path, &mut out.diagnostics) {
        out.processes.push(p);
        return out;
    }
    let lines = lines_of(text);
    if let Some(first_flag) = args_file(&lines) {
        extract_args_file(text, &lines, first_flag, &mut out);
        return out;
    }
    extract_lines(text, &lines, &mut out);
    // Startup `FLAG:` lines only when the text shows no kubelet command line of its own (a
    // journal with a `Running kubelet` line or a `ps` row says more).
    if out.kubelets().next().is_none() {
        if let Some(p) = flag_dump(text) {
            out.processes.push(p);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// /proc/PID/cmdline

fn extract_nul<'a>(text: &'a str, out: &mut Cmdlines<'a>) {
    let bytes = text.as_bytes();
    let mut argv: Vec<Word<'a>> = Vec::with_capacity(memchr::memchr_iter(b'\0', bytes).count() + 1);
    let mut start = 0usize;
    // (`\0` is ASCII: every offset here is a char boundary)
    for end in memchr::memchr_iter(b'\0', bytes).chain(std::iter::once(bytes.len())) {
        argv.push(Word {
            value: Cow::Borrowed(text.get(start..end).unwrap_or("")),
            offset: start,
        });
        start = end + 1;
    }
    // The kernel ends argv with a NUL: the last (empty) piece is no argument. A line break after
    // it is paste noise (`cat cmdline; echo`).
    if let Some(last) = argv.last() {
        if argv.len() > 1 && matches!(last.value.as_ref(), "" | "\n" | "\r\n") {
            argv.pop();
        }
    }
    // A pasted command before the data (`$ cat /proc/123/cmdline` then the bytes).
    if let Some(first) = argv.first_mut() {
        if let Cow::Borrowed(w) = first.value {
            if let Some(nl) = w.rfind('\n') {
                let before = w.get(..nl).unwrap_or("");
                if before.contains("cmdline") {
                    first.offset += nl + 1;
                    first.value = Cow::Borrowed(w.get(nl + 1..).unwrap_or(""));
                }
            }
        }
    }
    if argv.iter().all(|w| w.value.is_empty()) {
        return;
    }
    if let Some(p) = make_process(text, argv, false, false) {
        out.processes.push(p);
    }
}

// ---------------------------------------------------------------------------------------------
// Flags-only args file (microk8s `/var/snap/microk8s/current/args/kubelet`)

/// The offset of the first flag when every non-blank, non-comment line starts with `-`.
fn args_file(lines: &[Line<'_>]) -> Option<usize> {
    let mut first = None;
    for (i, l) in lines.iter().enumerate() {
        let t = if i == 0 {
            l.text.trim_start_matches('\u{feff}')
        } else {
            l.text
        };
        let trimmed = t.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // `--flag` or `-v=2`, not a YAML list item (`- a`).
        let mut cs = trimmed.chars().skip(1);
        if !trimmed.starts_with('-')
            || !cs
                .next()
                .is_some_and(|c| c == '-' || c.is_ascii_alphanumeric())
        {
            return None;
        }
        if first.is_none() {
            first = Some(l.start + (l.text.len() - trimmed.len()));
        }
    }
    first
}

fn extract_args_file(text: &str, lines: &[Line<'_>], first_flag: usize, out: &mut Cmdlines) {
    let mut argv = vec![Word {
        value: Cow::Borrowed(SYNTHETIC_ARGV0),
        offset: 0,
    }];
    let mut i = 0usize;
    while let Some(l) = lines.get(i) {
        let (words, end) = shell_words(text, l.start, true);
        argv.extend(words);
        i = next_line_index(lines, end, i);
    }
    out.diagnostics.push(
        Diagnostic::new(
            codes::SYNTHETIC_ARGV0,
            Severity::Info,
            format!(
                "flags-only args file: argv[0] `{SYNTHETIC_ARGV0}` is assumed (the file holds the kubelet's arguments only)"
            ),
        )
        .at(Location {
            line: Some(line_of(text, first_flag)),
            column: Some(Pos::of_offset(text, first_flag).column),
            ..Default::default()
        })
        .rules(&["A12"]),
    );
    if let Some(mut p) = make_process(text, argv, false, false) {
        p.line = line_of(text, first_flag);
        out.processes.push(p);
    }
}

/// The index of the line holding byte `end` (or the next line when `end` is a line start),
/// and never the same line again.
fn next_line_index(lines: &[Line<'_>], end: usize, current: usize) -> usize {
    let mut j = current + 1;
    while let Some(l) = lines.get(j) {
        if l.start > end {
            return j;
        }
        j += 1;
    }
    j
}

// ---------------------------------------------------------------------------------------------
// Line-oriented text: ps, systemctl status, journals, shell text

/// The columns before the command in a `ps` table, learnt from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PsHeader {
    fields_before_cmd: usize,
}

/// Whitespace-separated fields of a line with their byte offsets (relative to the line).
fn fields(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, s.get(st..i).unwrap_or("")));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, s.get(st..).unwrap_or("")));
    }
    out
}

fn ps_header(line: &str) -> Option<PsHeader> {
    let f = fields(line);
    let names: Vec<&str> = f.iter().map(|(_, s)| *s).collect();
    let last = *names.last()?;
    if !matches!(last, "CMD" | "COMMAND" | "ARGS") {
        return None;
    }
    let known = [
        "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "USER", "%CPU", "%MEM", "VSZ", "RSS",
        "STAT", "START", "S", "PRI", "NI", "ADDR", "SZ", "WCHAN", "F", "LWP", "NLWP", "PGID",
        "SID", "PSR", "ELAPSED", "RUSER", "GROUP",
    ];
    let before = names.get(..names.len() - 1).unwrap_or(&[]);
    if before.iter().all(|n| known.contains(n)) {
        Some(PsHeader {
            fields_before_cmd: before.len(),
        })
    } else {
        None
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let a = parts.next().unwrap_or("");
    let b = parts.next();
    all_digits(a) && b.is_none_or(all_digits)
}

/// `00:00:56`, `0:45`, `123:45`, `1-02:03:04`.
/// A `ps` STAT column (`Ssl`, `R+`, `S<l`, `Z`): a process state letter and its modifiers.
fn is_stat(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| "DIRSTtWXZ".contains(f)) && c.all(|m| "<NLsl+".contains(m))
}

fn is_cpu_time(s: &str) -> bool {
    let s = match s.split_once('-') {
        Some((days, rest)) if all_digits(days) => rest,
        _ => s,
    };
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| all_digits(p))
        && parts.iter().skip(1).all(|p| p.len() == 2)
}

/// Where the command starts in a `ps` row (offset in the line), from the header when one was
/// seen, else from the row's shape.
fn ps_row(line: &str, header: Option<PsHeader>) -> Option<usize> {
    let f = fields(line);
    let field = |i: usize| f.get(i).map(|(_, s)| *s).unwrap_or("");
    let cmd_at = |i: usize| f.get(i).map(|(o, _)| *o);
    if let Some(h) = header {
        if h.fields_before_cmd == 0 {
            return cmd_at(0);
        }
        if f.len() > h.fields_before_cmd
            && f.iter()
                .take(h.fields_before_cmd)
                .any(|(_, s)| all_digits(s))
        {
            return cmd_at(h.fields_before_cmd);
        }
    }
    // ps aux: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
    if f.len() > 10
        && all_digits(field(1))
        && is_float(field(2))
        && is_float(field(3))
        && all_digits(field(4))
        && all_digits(field(5))
        && is_cpu_time(field(9))
    {
        return cmd_at(10);
    }
    // ps -ef / ps -f: UID PID PPID C STIME TTY TIME CMD
    if f.len() > 7
        && all_digits(field(1))
        && all_digits(field(2))
        && all_digits(field(3))
        && is_cpu_time(field(6))
    {
        return cmd_at(7);
    }
    // busybox ps: PID USER TIME COMMAND
    if f.len() > 3 && all_digits(field(0)) && is_cpu_time(field(2)) {
        return cmd_at(3);
    }
    // BSD-style `ps ax` / `ps x`: PID TTY STAT TIME COMMAND (` 1379 ?  Ssl  0:00 /usr/bin/kubelet`)
    if f.len() > 4 && all_digits(field(0)) && is_stat(field(2)) && is_cpu_time(field(3)) {
        return cmd_at(4);
    }
    // pgrep -a / ps -eo pid,args: PID COMMAND
    if f.len() > 1 && all_digits(field(0)) {
        let cmd = field(1);
        if cmd.starts_with('/') || is_kubelet_name(cmd) || f.len() > 2 {
            return cmd_at(1);
        }
    }
    None
}

/// The command of a `systemctl status` / `systemd-cgls` tree line (`└─1234 /usr/bin/kubelet`).
fn cgroup_tree_cmd(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let mut rest = trimmed.strip_prefix("CGroup:").unwrap_or(trimmed);
    let mut saw_branch = false;
    loop {
        let t = rest.trim_start_matches([' ', '\t']);
        let branch = t
            .strip_prefix("├─")
            .or_else(|| t.strip_prefix("└─"))
            .or_else(|| t.strip_prefix("|-"))
            .or_else(|| t.strip_prefix("`-"));
        if let Some(n) = branch {
            saw_branch = true;
            rest = n;
        } else if let Some(n) = t.strip_prefix('│').or_else(|| t.strip_prefix('|')) {
            // A vertical line of an enclosing level.
            rest = n;
        } else {
            rest = t;
            break;
        }
    }
    if !saw_branch {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = rest.get(digits..)?;
    let cmd = after.trim_start();
    if cmd.len() == after.len() || cmd.is_empty() {
        return None;
    }
    Some(line.len() - cmd.len())
}

/// A journal line (`Oct 24 21:23:48 host name[pid]: ...`, or ISO time first).
fn is_journal_line(line: &str) -> bool {
    let f = fields(line);
    let field = |i: usize| f.get(i).map(|(_, s)| *s).unwrap_or("");
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let classic = MONTHS.contains(&field(0)) && all_digits(field(1)) && is_cpu_time(field(2));
    let iso = field(0).len() >= 19
        && field(0).get(4..5) == Some("-")
        && field(0).get(10..11) == Some("T");
    classic || iso
}

/// Where the typed command starts after a shell prompt (`user@host:~$ `, `[root@h ~]# `,
/// `$ `, `PS C:\> `), if the line starts with one.
fn prompt_command(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    if let Some(rest) = t.strip_prefix("$ ").or_else(|| t.strip_prefix("% ")) {
        return Some(line.len() - rest.len());
    }
    if t.starts_with("PS ") {
        let i = t.find("> ")?;
        return Some(lead + i + 2);
    }
    // `user@host:path$ `, `user@host path # `, `[user@host dir]# `: a short prefix with `@`.
    for marker in ["$ ", "# ", "% "] {
        if let Some(i) = t.find(marker) {
            let prefix = t.get(..i).unwrap_or("").trim_end();
            let spaces = prefix.matches(' ').count();
            if !prefix.is_empty()
                && prefix.contains('@')
                && spaces <= 2
                && !prefix.contains("--")
                && !prefix.contains('=')
            {
                return Some(lead + i + marker.len());
            }
        }
    }
    None
}

fn extract_lines<'a>(text: &'a str, lines: &[Line<'a>], out: &mut Cmdlines<'a>) {
    let mut header: Option<PsHeader> = None;
    let widths = std::cell::OnceCell::new();
    let mut i = 0usize;
    while let Some(l) = lines.get(i).copied() {
        let mut content = l.text;
        let mut base = l.start;
        if i == 0 {
            if let Some(rest) = content.strip_prefix('\u{feff}') {
                content = rest;
                base += '\u{feff}'.len_utf8();
            }
        }
        let trimmed = content.trim();
        i += 1;
        if trimmed.is_empty() {
            continue;
        }
        if let Some(cmd) = prompt_command(content) {
            // A command typed at a prompt: only a kubelet invocation counts (not `ps`, `grep`).
            let (words, end) = shell_words(text, base + cmd, !has_drive_path(content));
            if let Some(p) = kubelet_in_shell_words(text, words, true) {
                out.processes.push(p);
            }
            i = next_line_index(lines, end, i - 1);
            continue;
        }
        // `systemctl show kubelet -p ExecStart`: `ExecStart={ path=... ; argv[]=... ; ... }`.
        if let Some((start, end)) = systemctl_show_argv(content) {
            let cmd_text = content.get(start..end).unwrap_or("");
            let before = out.processes.len();
            push_lossy(text, &widths, cmd_text, base + start, 0, false, out);
            if let Some(p) = out.processes.get_mut(before) {
                p.unit_command = true;
            }
            continue;
        }
        // `cat /proc/PID/cmdline` on a terminal: the NULs show as nothing (`kubelet--v=2--...`).
        if let Some(p) = glued_cmdline(text, content, base) {
            out.diagnostics.push(
                Diagnostic::new(
                    codes::LOSSY_EVIDENCE,
                    Severity::Warning,
                    format!(
                        "`/proc/PID/cmdline` shown without its NUL separators (`cat` on a terminal): the words were split before each `--`, so a value holding `--` would be cut{}; give the file itself, or `tr '\\0' ' ' < /proc/PID/cmdline`",
                        if p.truncated { ", and the next prompt is glued to the last word, whose end cannot be told" } else { "" }
                    ),
                )
                .at(Location {
                    line: Some(p.line),
                    ..Default::default()
                })
                .rules(&["A12"]),
            );
            out.processes.push(p);
            continue;
        }
        // k3s / RKE2: `... msg="Running kubelet --flags ..."` (the kubelet runs in-process, G6).
        if let Some(p) = running_kubelet(text, content, base) {
            out.processes.push(p);
            continue;
        }
        if is_journal_line(content) {
            continue;
        }
        if let Some(h) = ps_header(content) {
            header = Some(h);
            continue;
        }
        if let Some(cmd) = cgroup_tree_cmd(content) {
            push_lossy(text, &widths, content, base, cmd, true, out);
            continue;
        }
        if let Some(cmd) = ps_row(content, header) {
            let before = out.processes.len();
            push_lossy(text, &widths, content, base, cmd, false, out);
            // A terminal that hard-wrapped a long row (a paste from a narrow console): the next
            // lines continue it.
            let mut prev = content;
            let mut joined = 0usize;
            let shape = row_shape(content, cmd);
            while let Some(next) = lines.get(i).copied() {
                if !is_wrapped_continuation(prev, next.text, header, shape) {
                    break;
                }
                if let Some(p) = out.processes.get_mut(before) {
                    append_wrapped(p, prev, next);
                }
                prev = next.text;
                joined += 1;
                i += 1;
            }
            if joined > 0 && out.processes.len() > before {
                out.diagnostics.push(
                    Diagnostic::new(
                        codes::LOSSY_EVIDENCE,
                        Severity::Info,
                        format!(
                            "the `ps` row at line {} continues on the next {} (a terminal wrapped it): joined; a word cut at the wrap is rejoined, so check the deciding flag against `/proc/<pid>/cmdline`",
                            line_of(text, base),
                            if joined == 1 { "line".to_string() } else { format!("{joined} lines") }
                        ),
                    )
                    .at(Location {
                        line: Some(line_of(text, base)),
                        ..Default::default()
                    })
                    .rules(&["A12"]),
                );
            }
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        // Shell text: an argv string, a script line, `docker run ... kubelet ...`.
        let lead = content.len() - content.trim_start().len();
        let (words, end) = shell_words(text, base + lead, !has_drive_path(content));
        if let Some(p) = kubelet_in_shell_words(text, words.clone(), false) {
            out.processes.push(p);
        } else if let Some(p) = other_program(text, words) {
            out.processes.push(p);
        }
        i = next_line_index(lines, end, i - 1);
    }
}

/// The width below which a line cannot have been wrapped by a terminal (80 columns is the
/// narrowest common one; a paste may have lost a trailing space).
const MIN_WRAP_WIDTH: usize = 79;

/// Terminal widths a `ps` row cut at the terminal edge is likely to have (the 80-column default,
/// and the round widths of resized windows and consoles).
const TERMINAL_WIDTHS: [usize; 14] = [
    80, 100, 120, 128, 132, 140, 150, 160, 180, 200, 220, 240, 250, 256,
];

/// Whether a `ps` row (`line`, its last word `last`) looks cut at the terminal's edge: `ps` writes
/// at most the terminal's width to a terminal, without a mark (`ps -ww` does not cut). Either the
/// row is exactly a common terminal width, or it is at least a terminal wide and ends in a
/// strict prefix of a kubelet flag name (`--client-ca-f`).
fn cut_at_terminal_width(line: &str, last: Option<&str>) -> bool {
    let width = line.trim_end_matches(['\r', '\n']).chars().count();
    if TERMINAL_WIDTHS.contains(&width) {
        return true;
    }
    let Some(name) = last.and_then(|w| w.strip_prefix("--")) else {
        return false;
    };
    if width < MIN_WRAP_WIDTH || name.is_empty() || name.contains('=') {
        return false;
    }
    // one pass over the table: a strict prefix of some flag, and no flag of its own
    let mut prefix = false;
    for d in &crate::flags::flag_table().defs {
        if d.name == name {
            return false;
        }
        prefix |= d.name.starts_with(name);
    }
    prefix
}

/// Whether `row` is as wide as the widest lines of `text` and at least two other lines are too
/// (within one column: a space at the edge is lost when the text is copied): a listing that
/// `ps` cut at a terminal width that is not a common one (`ps aux` on a 126-column terminal).
/// A row of a listing that was not cut (`ps aux | grep kubelet`, `ps -ww`) is almost never
/// exactly as wide as two others of the longest.
fn cut_with_listing(text: &str, widths: &std::cell::OnceCell<(usize, usize)>, row: &str) -> bool {
    let width = |l: &str| l.trim_end().chars().count();
    let w = width(row);
    if w < MIN_WRAP_WIDTH {
        return false;
    }
    // (the widest line, and how many lines are within one column of it: once per text)
    let &(max, near) = widths.get_or_init(|| {
        let max = text.lines().map(width).max().unwrap_or(0);
        let near = text.lines().filter(|l| width(l) + 1 >= max).count();
        (max, near)
    });
    w <= max && w + 1 >= max && near >= 3
}

/// The number of fields before the command of a `ps` row whose command starts at `cmd`.
fn row_shape(line: &str, cmd: usize) -> usize {
    fields(line).iter().take_while(|(o, _)| *o < cmd).count()
}

/// Whether `line` continues `prev` (a `ps` row or an earlier continuation) that a terminal
/// wrapped: `prev` is at least a terminal wide, and `line` starts at column 0 with text that is
/// not a row of the same table (`shape` fields before the command), a header, prompt, log line
/// or comment of its own. (A continuation may look like a `pgrep -a` row: `0 --v=2 ...`.)
fn is_wrapped_continuation(prev: &str, line: &str, header: Option<PsHeader>, shape: usize) -> bool {
    prev.trim_end().chars().count() >= MIN_WRAP_WIDTH
        && !line.trim().is_empty()
        && !line.starts_with(char::is_whitespace)
        && !line.trim_start().starts_with('#')
        && ps_row(line, header).is_none_or(|c| row_shape(line, c) != shape)
        && ps_header(line).is_none()
        && prompt_command(line).is_none()
        && cgroup_tree_cmd(line).is_none()
        && !is_journal_line(line)
}

/// Appends a wrapped row's continuation `next` to `p`. The wrap fell inside a word unless
/// `prev` ends in white space or `next` starts a new flag (`--x`, not after a lone `-`).
fn append_wrapped<'a>(p: &mut Process<'a>, prev: &str, next: Line<'a>) {
    let starts_flag = next.text.starts_with("--");
    let new_flag = starts_flag && !prev.trim_end().ends_with('-');
    let mid_word = !prev.ends_with(char::is_whitespace) && !new_flag;
    let mut words = fields(next.text).into_iter().map(|(o, s)| Word {
        value: Cow::Borrowed(s),
        offset: next.start + o,
    });
    if mid_word && next.text.starts_with(|c: char| !c.is_whitespace()) {
        if let (Some(last), Some(first)) = (p.argv.last_mut(), words.next()) {
            let mut v = last.value.clone().into_owned();
            v.push_str(&first.value);
            last.value = Cow::Owned(v);
        }
    }
    p.argv.extend(words);
    p.truncated = p.argv.last().is_some_and(|w| w.value.ends_with('…'));
}

/// A Windows path (`C:\k\kubelet.exe`): backslashes are not escapes there.
fn has_drive_path(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| matches!(w, [a, b':', b'\\'] if a.is_ascii_alphabetic()))
}

/// The `argv[]=` field of a `systemctl show` exec property of the main command
/// (`ExecStart={ path=/usr/bin/kubelet ; argv[]=/usr/bin/kubelet --v=2 ; ignore_errors=no ; ... }`,
/// `ExecStartEx={ ... ; argv[]=... ; flags= ; ... }`, or the bare `{ path=...` of `--value`), as
/// a byte range of `line`. systemctl joins the words with single spaces (`strv_join(argv, " ")`
/// in systemd's `print_property`): quoting is lost, like `ps`. The words are the unit's, before
/// `$VAR` expansion (systemd expands variables when it starts the command).
fn systemctl_show_argv(line: &str) -> Option<(usize, usize)> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    let body = ["ExecStart=", "ExecStartEx="]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .or_else(|| t.starts_with("{ path=").then_some(t))?;
    let body_at = lead + (t.len() - body.len());
    let rest = body.strip_prefix("{ path=")?;
    const ARGV: &str = " ; argv[]=";
    let a = rest.find(ARGV)?;
    let start_in_rest = a + ARGV.len();
    let tail = rest.get(start_in_rest..)?;
    let end_in_tail = [" ; ignore_errors=", " ; flags="]
        .iter()
        .filter_map(|m| tail.find(m))
        .min()?;
    let start = body_at + "{ path=".len() + start_in_rest;
    Some((start, start + end_in_tail))
}

/// A `ps` / `systemctl status` command: split on whitespace (argv was joined with spaces).
fn push_lossy<'a>(
    text: &str,
    widths: &std::cell::OnceCell<(usize, usize)>,
    content: &'a str,
    base: usize,
    cmd: usize,
    tree: bool,
    out: &mut Cmdlines<'a>,
) {
    let cmd_text = content.get(cmd..).unwrap_or("");
    let mut words: Vec<Word> = fields(cmd_text)
        .into_iter()
        .map(|(o, s)| Word {
            value: Cow::Borrowed(s),
            offset: base + cmd + o,
        })
        .collect();
    // `ps -ef --forest`: `\_ ` in front of the command.
    while words
        .first()
        .is_some_and(|w| w.value == "\\_" || w.value == "|")
    {
        words.remove(0);
    }
    let trimmed = cmd_text.trim_end();
    let mut truncated = false;
    if trimmed.contains('…') {
        truncated = true;
    }
    // `ps` cuts its rows at the terminal width without a mark when writing to a terminal.
    if cut_at_terminal_width(content, words.last().map(|w| w.value.as_ref()))
        || cut_with_listing(text, widths, content)
    {
        truncated = true;
    }
    if tree && trimmed.ends_with('>') {
        truncated = true;
    }
    if truncated {
        if let Some(last) = words.last_mut() {
            let v = last.value.trim_end_matches('…');
            let v = if tree {
                v.strip_suffix('>').unwrap_or(v)
            } else {
                v
            };
            if v.len() != last.value.len() {
                last.value = Cow::Owned(v.to_string());
            }
        }
        if words.last().is_some_and(|w| w.value.is_empty()) {
            words.pop();
        }
    }
    if let Some(p) = make_process(text, words, true, truncated) {
        out.processes.push(p);
    }
}

/// A kubelet command line whose NUL separators were lost (`/usr/bin/kubelet--v=2--config=...`):
/// argv[0] ends at `kubelet`, and a word starts at each `--` followed by a flag name's first
/// letter. Lossy (A12).
fn glued_cmdline<'a>(text: &str, content: &'a str, base: usize) -> Option<Process<'a>> {
    const MARK: &str = "kubelet--";
    let at = content.find(MARK)?;
    // argv[0]: from the start of its word up to `kubelet`
    let start = content
        .get(..at)?
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let end0 = at + "kubelet".len();
    let line = content.get(..content.trim_end().len())?;
    // The next prompt after the last word: `/proc/PID/cmdline` ends in a NUL, not a newline, so
    // it is glued to the last word, and where the word ends and the user name begins cannot be
    // told (`ca.crtroot@node:~#`): the last word is then cut there and counts as truncated.
    let mut glued_prompt = false;
    let line = match trailing_prompt(line) {
        Some(p) if p > end0 => {
            glued_prompt = line
                .get(..p)
                .and_then(|b| b.chars().next_back())
                .is_some_and(|c| !c.is_whitespace());
            line.get(..p)?.trim_end()
        }
        _ => line,
    };
    let mut argv = vec![Word {
        value: Cow::Borrowed(line.get(start..end0)?),
        offset: base + start,
    }];
    let bytes = line.as_bytes();
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = end0;
    while let Some(p) = line.get(i..).and_then(|r| r.find("--")).map(|p| p + i) {
        let prev_dash = p > 0 && bytes.get(p - 1) == Some(&b'-');
        if !prev_dash && bytes.get(p + 2).is_some_and(u8::is_ascii_lowercase) {
            cuts.push(p);
        }
        i = p + 2;
    }
    if cuts.first() != Some(&end0) {
        return None;
    }
    cuts.push(line.len());
    for w in cuts.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        argv.push(Word {
            value: Cow::Borrowed(line.get(a..b)?),
            offset: base + a,
        });
    }
    make_process(text, argv, true, glued_prompt)
}

/// `Running kubelet --a --b` (k3s/RKE2 logs), up to the closing quote of `msg="..."`.
fn running_kubelet<'a>(text: &str, content: &'a str, base: usize) -> Option<Process<'a>> {
    const MARK: &str = "Running kubelet";
    let at = content.find(MARK)?;
    let after = content.get(at + MARK.len()..)?;
    // `Running kubelet` then flags, the end of the message, or nothing.
    let next = after.trim_start();
    if !(next.is_empty() || next.starts_with('-') || next.starts_with('"'))
        || after == next && !after.is_empty()
    {
        return None;
    }
    let quoted = content.get(..at)?.ends_with("msg=\"");
    let kubelet_at = at + "Running ".len();
    let mut body = content.get(kubelet_at..)?;
    if quoted {
        // The closing unescaped quote.
        let bytes = body.as_bytes();
        let mut end = body.len();
        let mut k = 0;
        while let Some(&b) = bytes.get(k) {
            if b == b'\\' {
                k += 2;
                continue;
            }
            if b == b'"' {
                end = k;
                break;
            }
            k += 1;
        }
        body = body.get(..end)?;
    }
    let argv: Vec<Word> = fields(body)
        .into_iter()
        .map(|(o, s)| Word {
            value: if quoted {
                Cow::Owned(unescape_quotes(s))
            } else {
                Cow::Borrowed(s)
            },
            offset: base + kubelet_at + o,
        })
        .collect();
    // (`…` from systemctl's ellipsis, `>` where `less -S` chopped the line)
    let cut = body.trim_end();
    let truncated =
        cut.ends_with('…') || (!quoted || !content.trim_end().ends_with('"')) && cut.ends_with('>');
    let mut argv = argv;
    if truncated {
        if let Some(last) = argv.last_mut() {
            let v = last.value.trim_end_matches(['…', '>']);
            if v.len() != last.value.len() {
                last.value = Cow::Owned(v.to_string());
            }
        }
        if argv.last().is_some_and(|w| w.value.is_empty()) {
            argv.pop();
        }
    }
    make_process(text, argv, true, truncated)
}

/// Words that only wrap a command (`sudo kubelet`, `exec kubelet`, `env A=B kubelet`).
fn is_wrapper(word: &str) -> bool {
    matches!(
        basename(word),
        "sudo" | "exec" | "env" | "nohup" | "nice" | "ionice" | "command"
    ) || (word.contains('=')
        && word.split('=').next().is_some_and(|k| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }))
}

/// The kubelet invocation in shell words: at the start (after `sudo`/`exec`/`A=B`), or later
/// (`docker run ... image /hyperkube kubelet --flags`) when flags follow it and it is not the
/// value of a preceding option (`--name kubelet`).
fn kubelet_in_shell_words<'a>(
    text: &str,
    words: Vec<Word<'a>>,
    typed: bool,
) -> Option<Process<'a>> {
    let head = words.iter().take_while(|w| is_wrapper(&w.value)).count();
    let mut found = None;
    for (j, w) in words.iter().enumerate().skip(head) {
        let sub = words.get(j + 1).map(|n| n.value.as_ref());
        let is_k =
            is_kubelet_name(&w.value) || (is_hyperkube_name(&w.value) && sub == Some("kubelet"));
        if !is_k {
            continue;
        }
        if j == head {
            found = Some(j);
            break;
        }
        if typed {
            // At a prompt, `systemctl status kubelet` or `pgrep -a kubelet` is no invocation.
            continue;
        }
        let flag_after = |k: usize| words.get(k).is_some_and(|n| n.value.starts_with('-'));
        let follows = if is_hyperkube_name(&w.value) {
            flag_after(j + 2)
        } else {
            flag_after(j + 1)
        };
        let prev_is_option = j
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .is_some_and(|p| p.value.starts_with('-') && !p.value.contains('='));
        let path_like = w.value.contains('/');
        if follows && (path_like || !prev_is_option) {
            found = Some(j);
            break;
        }
    }
    let j = found?;
    let argv: Vec<Word> = words.into_iter().skip(j).collect();
    make_process(text, argv, false, false)
}

/// Another program with flags (`kube-apiserver --client-ca-file=...`) given as shell text: a
/// process, not the kubelet.
fn other_program<'a>(text: &str, words: Vec<Word<'a>>) -> Option<Process<'a>> {
    let first = words.first()?;
    let second = words.get(1)?;
    let name = basename(&first.value);
    let plausible = !first.value.contains('=')
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && (second.value.starts_with("--")
            || (is_hyperkube_name(&first.value)
                && words.get(2).is_some_and(|w| w.value.starts_with('-'))));
    if !plausible {
        return None;
    }
    make_process(text, words, false, false)
}

// ---------------------------------------------------------------------------------------------
// Shell-style splitting

/// Splits one shell command starting at byte `start`, following quotes and backslash-newline
/// continuations, up to an unescaped newline, `;`, `|`, `&` or a `#` comment. Returns the words
/// (offset = where each word starts) and the offset where the scan stopped.
fn shell_words(text: &str, start: usize, backslash: bool) -> (Vec<Word<'static>>, usize) {
    let Some(src) = text.get(start..) else {
        return (Vec::new(), start);
    };
    let mut words = Vec::new();
    let mut chars = src.char_indices().peekable();
    let mut cur: Option<(usize, String)> = None;
    let mut end = text.len();
    let flush = |cur: &mut Option<(usize, String)>, words: &mut Vec<Word>| {
        if let Some((offset, value)) = cur.take() {
            words.push(Word {
                value: Cow::Owned(value),
                offset,
            });
        }
    };
    while let Some((i, c)) = chars.next() {
        let abs = start + i;
        match c {
            '\n' => {
                end = abs;
                break;
            }
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
            ' ' | '\t' | '\r' => flush(&mut cur, &mut words),
            '\\' if backslash => match chars.peek().copied() {
                Some((_, '\n')) => {
                    chars.next();
                    flush(&mut cur, &mut words);
                }
                Some((_, '\r')) => {
                    chars.next();
                    if chars.peek().is_some_and(|&(_, n)| n == '\n') {
                        chars.next();
                    }
                    flush(&mut cur, &mut words);
                }
                Some((_, n)) => {
                    chars.next();
                    cur.get_or_insert_with(|| (abs, String::new())).1.push(n);
                }
                None => {
                    cur.get_or_insert_with(|| (abs, String::new())).1.push('\\');
                }
            },
            ';' | '|' | '&' => {
                flush(&mut cur, &mut words);
                // Up to the end of this line: the rest is another command.
                end = src
                    .get(i..)
                    .and_then(|r| r.find('\n'))
                    .map(|n| abs + n)
                    .unwrap_or(text.len());
                return (words, end);
            }
            '#' if cur.is_none() => {
                end = src
                    .get(i..)
                    .and_then(|r| r.find('\n'))
                    .map(|n| abs + n)
                    .unwrap_or(text.len());
                flush(&mut cur, &mut words);
                return (words, end);
            }
            '\'' => {
                let w = cur.get_or_insert_with(|| (abs, String::new()));
                for (_, q) in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.1.push(q);
                }
            }
            '"' => {
                let w = cur.get_or_insert_with(|| (abs, String::new()));
                while let Some((_, q)) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if backslash => match chars.peek().copied() {
                            Some((_, n @ ('"' | '\\' | '$' | '`'))) => {
                                chars.next();
                                w.1.push(n);
                            }
                            Some((_, '\n')) => {
                                chars.next();
                            }
                            _ => w.1.push('\\'),
                        },
                        _ => w.1.push(q),
                    }
                }
            }
            _ => cur.get_or_insert_with(|| (abs, String::new())).1.push(c),
        }
    }
    flush(&mut cur, &mut words);
    (words, end)
}

// ---------------------------------------------------------------------------------------------
// A file pasted with its shell session: `$ cat /var/lib/kubelet/config.yaml`, the file, a prompt

/// A file's text taken out of a pasted shell session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paste {
    /// The text with the prompt lines blanked (same length: lines and columns stay put).
    pub(crate) text: String,
    /// The file `cat` showed, when absolute (a node path).
    pub(crate) path: Option<String>,
    /// The command as typed (`sudo cat /var/lib/kubelet/config.yaml`).
    pub(crate) command: String,
    /// 1-based line of the command.
    pub(crate) line: u32,
    /// For `... /configz | jq '.kubeletconfig.authentication'`: the path the filter took the
    /// output from, under which it was put back (`kubeletconfig.authentication`).
    pub(crate) configz_path: Option<&'static str>,
    /// For a ConfigMap: its name and the `data` key holding the kubelet config.
    pub(crate) configmap: Option<(String, String)>,
}

/// `jq` filters into a `/configz` payload whose output is put back in place: (filter, the
/// JSON written before the output, the JSON written after it).
const CONFIGZ_FILTERS: [(&str, &str, &str); 3] = [
    (".kubeletconfig", "{\"kubeletconfig\":", "}"),
    (
        ".kubeletconfig.authentication",
        "{\"kubeletconfig\":{\"authentication\":",
        "}}",
    ),
    (
        ".kubeletconfig.authentication.x509",
        "{\"kubeletconfig\":{\"authentication\":{\"x509\":",
        "}}}",
    ),
];

/// `$ cat FILE` (or `sudo cat FILE`, `cat FILE | jq .`) on the first non-blank line, then the
/// file, maybe a prompt after it (on its own line, or glued to the last line when the file
/// has no final newline). `None` when the text does not start like that.
pub(crate) fn unwrap_cat_paste(text: &str) -> Option<Paste> {
    // (the common case, a plain file, costs one look at its first line)
    let first_text = text.lines().find(|l| !l.trim().is_empty())?;
    if !first_text.contains("cat ") && !first_text.contains("configz") {
        return None;
    }
    prompt_command(first_text).or_else(|| bare_cat(first_text))?;
    let lines = lines_of(text);
    let (li, first) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| !l.text.trim().is_empty())?;
    let cmd_at = prompt_command(first.text).or_else(|| bare_cat(first.text))?;
    let command = first.text.get(cmd_at..)?.trim();
    if let Some(p) = configz_subtree(text, &lines, li, first, command) {
        return Some(p);
    }
    let mut words = command.split_whitespace();
    let mut w = words.next()?;
    if w == "sudo" {
        w = words.next()?;
    }
    if w != "cat" {
        return None;
    }
    let file = words.next()?;
    match (words.next(), words.next(), words.next()) {
        (None, _, _) => {}
        (Some("|"), Some("jq"), None) => {}
        (Some("|"), Some("jq"), Some(".")) if words.next().is_none() => {}
        _ => return None,
    }
    if file.starts_with('-') || file.contains(['*', '?', '$', '`']) {
        return None;
    }
    // (`cat /proc/PID/cmdline`: the prompt glued to the last word is left to the command-line
    // reader, which knows that word's end is uncertain)
    let keep_glued = file.ends_with("/cmdline");
    let bytes = blank_session(text, &lines, li, keep_glued);
    let text = String::from_utf8(bytes).ok()?;
    Some(Paste {
        text,
        path: file.starts_with('/').then(|| file.to_string()),
        command: command.to_string(),
        line: li as u32 + 1,
        configz_path: None,
        configmap: None,
    })
}

/// `cat /ABSOLUTE/PATH` or `sudo cat /ABSOLUTE/PATH` as a whole line without a prompt (as
/// documentation shows a command): where the command starts.
fn bare_cat(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let rest = t.strip_prefix("sudo ").unwrap_or(t).trim_start();
    let path = rest.strip_prefix("cat ")?.trim();
    (path.starts_with('/') && !path.contains(char::is_whitespace)).then_some(line.len() - t.len())
}

/// A ConfigMap holding a kubelet config (kubeadm's `kube-system/kubelet-config`, as
/// `kubectl get cm kubelet-config -o yaml` prints it): the `data` key whose block scalar (`|`)
/// holds a `KubeletConfiguration` stays in place and everything else is blanked. An indented
/// YAML document reads the same, so lines and columns stay put.
pub(crate) fn unwrap_configmap(text: &str) -> Option<Paste> {
    if !text.contains("ConfigMap") || !text.contains("KubeletConfiguration") {
        return None;
    }
    let lines = lines_of(text);
    fn top<'t>(l: &Line<'t>, key: &str) -> Option<&'t str> {
        l.text
            .strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .map(str::trim)
    }
    if !lines.iter().any(|l| top(l, "kind") == Some("ConfigMap")) {
        return None;
    }
    let indent = |t: &str| t.len() - t.trim_start().len();
    let data = lines.iter().position(|l| top(l, "data") == Some(""))?;
    // (key, its line, first and end content line)
    let mut found: Option<(String, usize, usize, usize)> = None;
    let mut i = data + 1;
    while let Some(l) = lines.get(i) {
        if l.text.trim().is_empty() {
            i += 1;
            continue;
        }
        let key_indent = indent(l.text);
        if key_indent == 0 {
            break;
        }
        let mut end = i + 1;
        while let Some(c) = lines.get(end) {
            if !c.text.trim().is_empty() && indent(c.text) <= key_indent {
                break;
            }
            end += 1;
        }
        let block = l
            .text
            .trim()
            .split_once(':')
            .filter(|(_, v)| matches!(v.trim(), "|" | "|-" | "|+"));
        let holds = lines
            .get(i + 1..end)
            .is_some_and(|c| c.iter().any(|c| c.text.contains("KubeletConfiguration")));
        if let (Some((key, _)), true, None) = (block, holds, &found) {
            found = Some((key.trim().to_string(), i, i + 1, end));
        }
        i = end;
    }
    let (key, key_line, from, to) = found?;
    let mut bytes = text.as_bytes().to_vec();
    for (n, l) in lines.iter().enumerate() {
        if n < from || n >= to {
            blank(&mut bytes, l.start, l.start + l.text.len());
        }
    }
    // `metadata.name` (two-space indented, as kubectl prints it)
    let meta = lines.iter().position(|l| top(l, "metadata") == Some(""));
    let name = meta
        .and_then(|m| {
            lines
                .iter()
                .skip(m + 1)
                .take_while(|l| l.text.starts_with(' ') || l.text.is_empty())
                .find_map(|l| {
                    l.text
                        .strip_prefix("  name:")
                        .map(|n| n.trim().trim_matches(['"', '\'']).to_string())
                })
        })
        .unwrap_or_default();
    Some(Paste {
        text: String::from_utf8(bytes).ok()?,
        path: None,
        command: String::new(),
        line: key_line as u32 + 1,
        configz_path: None,
        configmap: Some((name, key)),
    })
}

/// `text`'s bytes with the shell session around a pasted output blanked: the command line `li`,
/// the Markdown code fences after it, and a prompt after the output (the last non-blank line,
/// or its end).
fn blank_session(text: &str, lines: &[Line<'_>], li: usize, keep_glued: bool) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    if let Some(first) = lines.get(li) {
        blank(&mut bytes, first.start, first.start + first.text.len());
    }
    blank_fences(&mut bytes, lines, li);
    if let Some(last) = lines
        .iter()
        .skip(li + 1)
        .rev()
        .find(|l| !l.text.trim().is_empty())
    {
        if let Some(at) = trailing_prompt(last.text).filter(|&at| !keep_glued || at == 0) {
            blank(&mut bytes, last.start + at, last.start + last.text.len());
        }
    }
    bytes
}

/// Blanks the Markdown code fences (```` ``` ````, ```` ```json ````) after line `li`: a paste
/// copied from a document.
fn blank_fences(bytes: &mut [u8], lines: &[Line<'_>], li: usize) {
    for l in lines.iter().skip(li + 1) {
        if l.text.trim_start().starts_with("```") {
            blank(bytes, l.start, l.start + l.text.len());
        }
    }
}

/// Blanks `bytes[from..to]` (line breaks kept).
fn blank(bytes: &mut [u8], from: usize, to: usize) {
    for b in bytes.get_mut(from..to).into_iter().flatten() {
        if *b != b'\r' && *b != b'\n' {
            *b = b' ';
        }
    }
}

/// `$ kubectl get --raw /api/v1/nodes/N/proxy/configz | jq '.kubeletconfig.authentication'` (or
/// `curl .../configz | jq ...`), then the filter's output: the output is put back where the
/// filter took it from, writing the enclosing JSON over the blanked command line (so lines and
/// columns of the output stay put) and closing it at the end.
fn configz_subtree(
    text: &str,
    lines: &[Line<'_>],
    li: usize,
    first: &Line<'_>,
    command: &str,
) -> Option<Paste> {
    let (before_jq, filter) = command.rsplit_once("| jq ")?;
    if !before_jq.contains("/configz") {
        return None;
    }
    let filter = filter.trim().trim_matches(['\'', '"']);
    let &(path, open, close) = CONFIGZ_FILTERS.iter().find(|(f, _, _)| *f == filter)?;
    if first.text.len() < open.len() {
        return None;
    }
    let mut bytes = blank_session(text, lines, li, false);
    bytes
        .get_mut(first.start..first.start + open.len())?
        .copy_from_slice(open.as_bytes());
    bytes.extend_from_slice(close.as_bytes());
    Some(Paste {
        text: String::from_utf8(bytes).ok()?,
        path: None,
        command: command.to_string(),
        line: li as u32 + 1,
        configz_path: Some(path.trim_start_matches('.')),
        configmap: None,
    })
}

/// Where a shell prompt (`user@host:~$`, `root@node:/# `, `[root@node ~]#`) ends `line`, when
/// nothing follows it.
/// Login names of cloud images and distributions, to split a prompt glued to a file's last word.
const COMMON_USERS: [&str; 16] = [
    "root",
    "ubuntu",
    "ec2-user",
    "azureuser",
    "core",
    "admin",
    "centos",
    "debian",
    "fedora",
    "cloud-user",
    "opc",
    "vagrant",
    "rocky",
    "almalinux",
    "bottlerocket",
    "user",
];

fn trailing_prompt(line: &str) -> Option<usize> {
    let t = line.trim_end();
    // a bare `$` / `#` prompt on its own line
    if matches!(t.trim_start(), "$" | "#") {
        return Some(0);
    }
    let ends = t.ends_with('$') || t.ends_with('#');
    if !ends {
        return None;
    }
    let at = t.rfind('@')?;
    // back to the start of `user@` (or `[user@`)
    let start = t
        .get(..at)?
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '['))
        .last()
        .map_or(at, |(i, _)| i);
    if start == at {
        return None;
    }
    // Glued to the file's last word (no final newline): where the word ends and the user name
    // begins is ambiguous (`ca.crtroot@node:~#`); a common login name at the end decides.
    let glued = t
        .get(..start)
        .and_then(|b| b.chars().next_back())
        .is_some_and(|c| !c.is_whitespace());
    let start = if glued && !t.get(start..)?.starts_with('[') {
        let user = t.get(start..at)?;
        COMMON_USERS
            .iter()
            .filter(|u| user.len() > u.len() && user.ends_with(*u))
            .map(|u| at - u.len())
            .min()
            .unwrap_or(start)
    } else {
        start
    };
    let prompt = t.get(start..)?;
    let host_part = prompt.get(prompt.find('@')? + 1..)?;
    // `user@host:path$` has no space; `[user@host dir]#` has one inside the brackets
    let ok = if prompt.starts_with('[') {
        host_part.contains(']')
    } else {
        host_part.contains(':') && !prompt.contains(char::is_whitespace)
    };
    ok.then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(p: &'a Process<'_>) -> Vec<&'a str> {
        p.argv.iter().map(|w| w.value.as_ref()).collect()
    }

    fn only_kubelet(text: &str) -> Process<'_> {
        let c = extract(text);
        let k: Vec<&Process> = c.kubelets().collect();
        assert_eq!(k.len(), 1, "{c:#?}");
        k.first()
            .map(|p| (*p).clone())
            .unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn proc_cmdline_is_exact() {
        let text =
            "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--node-labels=a=b c\0\0";
        let c = extract(text);
        assert_eq!(c.processes.len(), 1);
        let p = c
            .processes
            .first()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            values(&p),
            [
                "/usr/bin/kubelet",
                "--config=/var/lib/kubelet/config.yaml",
                "--node-labels=a=b c",
                ""
            ]
        );
        assert!(p.is_kubelet && !p.lossy && !p.truncated);
        assert_eq!(p.program, "kubelet");
        assert_eq!(p.argv.get(1).map(|w| w.offset), Some(17));
    }

    #[test]
    fn proc_cmdline_after_cat_command() {
        let text =
            "root@n1:~# cat /proc/901/cmdline > /tmp/x; cat /tmp/x\n/usr/bin/kubelet\0--v=2\0";
        let p = only_kubelet(text);
        assert_eq!(values(&p), ["/usr/bin/kubelet", "--v=2"]);
        assert_eq!(p.line, 2);
    }

    #[test]
    fn ps_ef_with_apiserver_and_grep() {
        let text = "admin@cp-0:~$ ps -ef | grep kube\n\
root      2211  2101  6 08:00 ?        00:03:10 kube-apiserver --advertise-address=10.1.0.5 --client-ca-file=/etc/kubernetes/pki/ca.crt --secure-port=6443\n\
root      2390     1  3 08:00 ?        00:01:44 /usr/local/bin/kubelet --config=/var/lib/kubelet/config.yaml --v=2\n\
admin     9922  9001  0 08:41 pts/1    00:00:00 grep --color=auto kube\n";
        let c = extract(text);
        let progs: Vec<(&str, bool)> = c
            .processes
            .iter()
            .map(|p| (p.program.as_str(), p.is_kubelet))
            .collect();
        assert_eq!(
            progs,
            [
                ("kube-apiserver", false),
                ("kubelet", true),
                ("grep", false)
            ]
        );
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k.lossy && !k.truncated);
        assert_eq!(k.line, 3);
        assert_eq!(
            values(&k),
            [
                "/usr/local/bin/kubelet",
                "--config=/var/lib/kubelet/config.yaml",
                "--v=2"
            ]
        );
        let off = k.argv.get(1).map(|w| w.offset).unwrap_or(0);
        assert!(text.get(off..).is_some_and(|s| s.starts_with("--config=")));
    }

    #[test]
    fn ps_aux_rows() {
        let text = "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n\
root         612  1.9  2.1 1912340 88012 ?      Ssl  Mar03 120:11 /usr/bin/kubelet --kubeconfig=/var/lib/kubelet/kubeconfig --config /etc/kubernetes/kubelet/kubelet-config.json\n\
root         400  0.0  0.1  12000  3000 ?        Ss   Mar03   0:00 /usr/sbin/sshd -D\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 2);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            k.args(),
            [
                "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--config",
                "/etc/kubernetes/kubelet/kubelet-config.json"
            ]
        );
    }

    #[test]
    fn ps_without_header_aux_shape() {
        let text = "root 1142 2.8 2.7 834400 102848 ? Ssl 02:10 0:45 /home/kubernetes/bin/kubelet --v=2 --config /home/kubernetes/kubelet-config.yaml\n\
root 982 0.0 0.0 9560 3112 ? Ss 02:09 0:00 bash /home/kubernetes/bin/health-monitor.sh kubelet\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 2);
        assert_eq!(c.kubelets().count(), 1);
        assert_eq!(c.processes.get(1).map(|p| p.program.as_str()), Some("bash"));
    }

    #[test]
    fn ps_fc_and_pgrep_and_ps_o_args() {
        let fc = "UID          PID    PPID  C STIME TTY          TIME CMD\nroot        7001    6990  1 10:02 ?        00:00:12 kubelet --config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d\n";
        assert_eq!(
            only_kubelet(fc).args(),
            ["--config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d"]
        );
        let pgrep = "$ pgrep -a kubelet\n7001 /usr/bin/kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt\n";
        let p = only_kubelet(pgrep);
        assert!(p.lossy);
        assert_eq!(p.args(), ["--client-ca-file=/etc/kubernetes/pki/ca.crt"]);
        let args = "COMMAND\n/usr/bin/containerd\n/usr/bin/kubelet --v=4\n";
        let c = extract(args);
        assert_eq!(c.processes.len(), 2);
        assert!(c.processes.iter().all(|p| p.lossy));
        assert_eq!(c.kubelets().count(), 1);
    }

    #[test]
    fn systemctl_status_truncated() {
        let text = "● kubelet.service - kubelet: The Kubernetes Node Agent\n     Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; vendor preset: enabled)\n   Main PID: 5150 (kubelet)\n     CGroup: /system.slice/kubelet.service\n             └─5150 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --conf>\n\nNov 02 10:11:12 w1 kubelet[5150]: I1102 10:11:12.000000    5150 flags.go:64] FLAG: --client-ca-file=\"\"\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 1, "{c:#?}");
        let p = c
            .processes
            .first()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(p.is_kubelet && p.lossy && p.truncated);
        assert_eq!(p.line, 5);
        assert_eq!(p.argv.last().map(|w| w.value.as_ref()), Some("--conf"));
        let ellipsis = "  CGroup: /system.slice/kubelet.service\n          ├─ 77 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --client-ca-f…\n";
        let p = only_kubelet(ellipsis);
        assert!(p.truncated);
        assert_eq!(
            p.argv.last().map(|w| w.value.as_ref()),
            Some("--client-ca-f")
        );
        let full = "     CGroup: /system.slice/kubelet.service\n             `-5150 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n";
        assert!(!only_kubelet(full).truncated);
    }

    #[test]
    fn k3s_running_kubelet_line() {
        let text = "Mar 01 12:00:00 edge-1 k3s[811]: time=\"2023-03-01T12:00:00Z\" level=info msg=\"Running kubelet --anonymous-auth=false --client-ca-file=/var/lib/rancher/k3s/agent/client-ca.crt --node-labels=\"\nMar 01 12:00:01 edge-1 k3s[811]: time=\"2023-03-01T12:00:01Z\" level=info msg=\"Connecting to proxy\"\n";
        let p = only_kubelet(text);
        assert_eq!(p.program, "kubelet");
        assert!(p.lossy);
        assert_eq!(
            p.args(),
            [
                "--anonymous-auth=false",
                "--client-ca-file=/var/lib/rancher/k3s/agent/client-ca.crt",
                "--node-labels="
            ]
        );
        assert!(text
            .get(p.argv.first().map(|w| w.offset).unwrap_or(0)..)
            .is_some_and(|s| s.starts_with("kubelet --")));
    }

    #[test]
    fn plain_argv_string_with_quotes() {
        let text = "kubelet --node-labels='role=worker,zone=a b' --config \"/etc/kube let/config.yaml\"\r\n";
        let p = only_kubelet(text);
        assert!(!p.lossy);
        assert_eq!(
            p.args(),
            [
                "--node-labels=role=worker,zone=a b",
                "--config",
                "/etc/kube let/config.yaml"
            ]
        );
    }

    #[test]
    fn args_file_gets_a_synthetic_argv0() {
        let text = "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n--client-ca-file=${SNAP_DATA}/certs/ca.crt\n--eviction-hard=\"memory.available<100Mi,nodefs.available<1Gi\"\n--docker-endpoint unix://${SNAP_DATA}/docker.sock\n";
        let c = extract(text);
        let p = c
            .processes
            .first()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(p.is_kubelet && p.has_synthetic_argv0() && !p.lossy);
        assert_eq!(
            p.args(),
            [
                "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config",
                "--client-ca-file=${SNAP_DATA}/certs/ca.crt",
                "--eviction-hard=memory.available<100Mi,nodefs.available<1Gi",
                "--docker-endpoint",
                "unix://${SNAP_DATA}/docker.sock"
            ]
        );
        assert_eq!(
            c.diagnostics.first().map(|d| d.code.as_ref()),
            Some(codes::SYNTHETIC_ARGV0)
        );
    }

    #[test]
    fn docker_run_hyperkube() {
        let text = "docker run -d --name kubelet --net=host \\\n  --privileged \\\n  registry.example/hyperkube:v1.9.0 \\\n  /hyperkube kubelet \\\n    --client-ca-file=/srv/kubernetes/ca.crt \\\n    --v=2\necho done\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 1, "{c:#?}");
        let p = c
            .processes
            .first()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(p.program, "hyperkube kubelet");
        assert_eq!(p.args_start, 2);
        assert_eq!(
            p.args(),
            ["--client-ca-file=/srv/kubernetes/ca.crt", "--v=2"]
        );
        assert_eq!(p.line, 4);
        assert!(!p.lossy);
    }

    #[test]
    fn hyperkube_apiserver_is_not_the_kubelet() {
        let c = extract("/hyperkube apiserver --client-ca-file=/srv/kubernetes/ca.crt\n");
        assert_eq!(c.processes.len(), 1);
        assert_eq!(
            c.processes
                .first()
                .map(|p| (p.program.as_str(), p.is_kubelet)),
            Some(("hyperkube apiserver", false))
        );
    }

    #[test]
    fn windows_kubelet_exe() {
        let text = "C:\\k\\kubelet.exe --cert-dir=C:\\var\\lib\\kubelet\\pki --client-ca-file=C:\\k\\ca.crt\n";
        let p = only_kubelet(text);
        assert_eq!(p.program, "kubelet.exe");
        assert_eq!(
            p.args(),
            [
                "--cert-dir=C:\\var\\lib\\kubelet\\pki",
                "--client-ca-file=C:\\k\\ca.crt"
            ]
        );
    }

    #[test]
    fn flag_dump_only_without_a_command_line() {
        let flags = "I0301 12:00:01.000000 811 flags.go:64] FLAG: --address=\"0.0.0.0\"\nI0301 12:00:01.000000 811 flags.go:64] FLAG: --client-ca-file=\"\"\nI0301 12:00:01.000000 811 flags.go:64] FLAG: --config=\"/etc/k.yaml\"\n";
        let c = extract(flags);
        assert!(c.processes.len() == 1 && c.processes[0].flag_dump);
        let text = format!("Mar 01 12:00:00 edge-1 k3s[811]: time=\"2023-03-01T12:00:00Z\" level=info msg=\"Running kubelet --client-ca-file=/ca.crt\"\n{flags}");
        let c = extract(&text);
        assert_eq!(c.processes.len(), 1);
        assert!(!c.processes[0].flag_dump);
        assert_eq!(c.processes[0].args(), vec!["--client-ca-file=/ca.crt"]);
    }

    #[test]
    fn prompt_glued_to_a_last_word_is_split_at_a_common_login() {
        let t = "    clientCAFile: /etc/kubernetes/pki/ca.crtroot@node-1:~# ";
        assert_eq!(trailing_prompt(t), t.find("root@"));
        let t = "  --v=2ec2-user@ip-10-0-0-1:~$";
        assert_eq!(trailing_prompt(t), t.find("ec2-user@"));
        // on its own, or after a space or a closing brace: as before
        assert_eq!(trailing_prompt("root@node-1:~# "), Some(0));
        assert_eq!(trailing_prompt("}[admin@node ~]$ "), Some(1));
        assert_eq!(trailing_prompt("a b jdoe@laptop:~$"), Some(4));
    }

    #[test]
    fn prompt_lines_are_not_processes() {
        let text = "root@w2:~# systemctl status kubelet\n[root@w2 ~]# journalctl -u kubelet\n$ sudo kubelet --version\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 1, "{c:#?}");
        assert_eq!(
            c.processes.first().map(|p| p.args()),
            Some(vec!["--version"])
        );
    }

    #[test]
    fn ascii_cgroup_tree_and_grep_for_running_kubelet() {
        let text = "  CGroup: /system.slice/kubelet.service\n          |-5150 /usr/bin/kubelet --v=2\n          | `-5151 /usr/bin/helper --x\n";
        let c = extract(text);
        assert_eq!(c.processes.len(), 2, "{c:#?}");
        assert_eq!(c.kubelets().count(), 1);
        let grep = "root@n:~# journalctl -u k3s | grep 'Running kubelet '\n";
        assert!(extract(grep).processes.is_empty());
    }

    #[test]
    fn forest_busybox_crlf_and_bom() {
        let forest = "\u{feff}root  5000  1  0 09:00 ?  00:00:00 /usr/bin/containerd-shim -namespace k8s.io\r\nroot  5100  5000  1 09:00 ?  00:00:30  \\_ /usr/bin/kubelet --v=2\r\n";
        let p = only_kubelet(forest);
        assert_eq!(values(&p), ["/usr/bin/kubelet", "--v=2"]);
        assert_eq!(p.line, 2);
        let busybox = "PID   USER     TIME  COMMAND\n  812 root      1:02 /usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml\n";
        assert_eq!(
            only_kubelet(busybox).args(),
            ["--config=/etc/kubernetes/kubelet.yaml"]
        );
    }

    #[test]
    fn yaml_list_is_not_an_args_file() {
        assert!(extract("- 10.0.0.10\n- 10.0.0.11\n").processes.is_empty());
    }

    #[test]
    fn no_kubelet() {
        let c = extract("root 1 0 0 08:00 ? 00:00:01 /sbin/init\n");
        assert_eq!(c.processes.len(), 1);
        assert_eq!(c.kubelets().count(), 0);
        assert!(extract("").processes.is_empty());
        assert!(extract("just some words\n").processes.is_empty());
    }
}
