//! Best-effort reading of `sh -c '...'` command strings: POSIX quoting, `$VAR` / `${VAR}`
//! expansion (field splitting when unquoted), `$1`/`$@` positional parameters, command
//! separators. Anything a shell would compute at run time (`$(...)`, backquotes, `${A:-x}`,
//! globbing, `eval`, `source`) makes the result lossy.

/// A word of the shell command and the first variable that contributed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShellWord {
    pub value: String,
    /// `$NAME` / `${NAME}` as written, and the name.
    pub via: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ShellParse {
    pub commands: Vec<Vec<ShellWord>>,
    /// Constructs whose value only the running shell knows.
    pub lossy: Vec<String>,
}

struct Builder {
    cur: Option<ShellWord>,
    cmd: Vec<ShellWord>,
    out: ShellParse,
}

impl Builder {
    fn start(&mut self) -> &mut ShellWord {
        self.cur.get_or_insert_with(|| ShellWord {
            value: String::new(),
            via: None,
        })
    }
    fn push_char(&mut self, c: char) {
        self.start().value.push(c);
    }
    fn end_word(&mut self) {
        if let Some(w) = self.cur.take() {
            self.cmd.push(w);
        }
    }
    fn end_command(&mut self) {
        self.end_word();
        if !self.cmd.is_empty() {
            self.out.commands.push(std::mem::take(&mut self.cmd));
        }
    }
    fn note_var(&mut self, written: &str, name: &str) {
        let w = self.start();
        if w.via.is_none() {
            w.via = Some((written.to_string(), name.to_string()));
        }
    }
    /// Unquoted expansion: split at whitespace.
    fn push_split(&mut self, value: &str, written: &str, name: &str) {
        for c in value.chars() {
            if c == ' ' || c == '\t' || c == '\n' {
                self.end_word();
            } else {
                self.note_var(written, name);
                self.push_char(c);
            }
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Parses `script` with `lookup` giving variable values (`None` = unset) and `positional`
/// the words after the script (`$0`, `$1`, ...).
pub(crate) fn parse(
    script: &str,
    positional: &[String],
    lookup: &dyn Fn(&str) -> Option<String>,
) -> ShellParse {
    let chars: Vec<char> = script.chars().collect();
    let mut b = Builder {
        cur: None,
        cmd: Vec::new(),
        out: ShellParse::default(),
    };
    let mut i = 0usize;
    let at = |k: usize| chars.get(k).copied();
    while let Some(c) = at(i) {
        match c {
            ' ' | '\t' => {
                b.end_word();
                i += 1;
            }
            '\n' | ';' | '&' | '|' | '(' | ')' => {
                b.end_command();
                i += 1;
            }
            '#' if b.cur.is_none() => {
                while at(i).is_some_and(|x| x != '\n') {
                    i += 1;
                }
            }
            '<' | '>' => {
                // A redirection: drop an fd number before it and the target after it.
                if b.cur.as_ref().is_some_and(|w| {
                    !w.value.is_empty() && w.value.chars().all(|d| d.is_ascii_digit())
                }) {
                    b.cur = None;
                }
                b.end_word();
                i += 1;
                while at(i).is_some_and(|x| x == '>' || x == '<' || x == '&') {
                    i += 1;
                }
                while at(i).is_some_and(|x| x == ' ' || x == '\t') {
                    i += 1;
                }
                while at(i).is_some_and(|x| !matches!(x, ' ' | '\t' | '\n' | ';' | '&' | '|')) {
                    i += 1;
                }
            }
            '\\' => {
                match at(i + 1) {
                    Some('\n') => {}
                    Some(n) => b.push_char(n),
                    None => b.push_char('\\'),
                }
                i += 2;
            }
            '\'' => {
                b.start();
                i += 1;
                while let Some(x) = at(i) {
                    i += 1;
                    if x == '\'' {
                        break;
                    }
                    b.push_char(x);
                }
            }
            '"' => {
                b.start();
                i += 1;
                while let Some(x) = at(i) {
                    if x == '"' {
                        i += 1;
                        break;
                    }
                    if x == '\\' {
                        match at(i + 1) {
                            Some(n @ ('$' | '`' | '"' | '\\')) => b.push_char(n),
                            Some('\n') => {}
                            Some(n) => {
                                b.push_char('\\');
                                b.push_char(n);
                            }
                            None => b.push_char('\\'),
                        }
                        i += 2;
                        continue;
                    }
                    if x == '$' {
                        i = expand(&chars, i, &mut b, positional, lookup, true);
                        continue;
                    }
                    if x == '`' {
                        b.out.lossy.push("command substitution".into());
                    }
                    b.push_char(x);
                    i += 1;
                }
            }
            '$' => i = expand(&chars, i, &mut b, positional, lookup, false),
            '`' => {
                b.out.lossy.push("command substitution".into());
                b.push_char(c);
                i += 1;
            }
            '*' | '?' | '[' => {
                b.out.lossy.push(format!("glob character `{c}`"));
                b.push_char(c);
                i += 1;
            }
            _ => {
                b.push_char(c);
                i += 1;
            }
        }
    }
    b.end_command();
    b.out
}

/// Expands the `$...` at `chars[i]`; returns the index after it.
fn expand(
    chars: &[char],
    i: usize,
    b: &mut Builder,
    positional: &[String],
    lookup: &dyn Fn(&str) -> Option<String>,
    quoted: bool,
) -> usize {
    let at = |k: usize| chars.get(k).copied();
    let emit = |b: &mut Builder, value: Option<String>, written: &str, name: &str| {
        let v = value.unwrap_or_default();
        if quoted {
            b.note_var(written, name);
            b.start().value.push_str(&v);
        } else {
            b.push_split(&v, written, name);
        }
    };
    match at(i + 1) {
        Some('{') => {
            let mut j = i + 2;
            let mut name = String::new();
            while let Some(x) = at(j) {
                if x == '}' {
                    break;
                }
                name.push(x);
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            if name.chars().all(is_name_char) && !name.is_empty() {
                let value = if name.chars().all(|c| c.is_ascii_digit()) {
                    name.parse::<usize>()
                        .ok()
                        .and_then(|n| positional.get(n).cloned())
                } else {
                    lookup(&name)
                };
                emit(b, value, &format!("${{{name}}}"), &name);
            } else {
                b.out
                    .lossy
                    .push(format!("parameter expansion `${{{name}}}`"));
                b.start()
                    .value
                    .extend(chars.get(i..end).unwrap_or(&[]).iter());
            }
            end
        }
        Some('(') => {
            b.out.lossy.push("command substitution `$(...)`".into());
            b.push_char('$');
            i + 1
        }
        Some(d) if d.is_ascii_digit() => {
            let value = d
                .to_digit(10)
                .and_then(|n| positional.get(n as usize).cloned());
            emit(b, value, &format!("${d}"), &d.to_string());
            i + 2
        }
        Some(c @ ('@' | '*')) => {
            let rest: Vec<String> = positional.iter().skip(1).cloned().collect();
            if quoted && c == '@' {
                // "$@": one word per parameter.
                let mut first = true;
                for p in rest {
                    if !first {
                        b.end_word();
                    }
                    first = false;
                    b.note_var("$@", "@");
                    b.start().value.push_str(&p);
                }
            } else {
                emit(b, Some(rest.join(" ")), &format!("${c}"), &c.to_string());
            }
            i + 2
        }
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            let mut name = String::new();
            while let Some(x) = at(j).filter(|x| is_name_char(*x)) {
                name.push(x);
                j += 1;
            }
            let value = lookup(&name);
            emit(b, value, &format!("${name}"), &name);
            j
        }
        Some(c @ ('$' | '?' | '!' | '#' | '-')) => {
            b.out.lossy.push(format!("special parameter `${c}`"));
            b.push_char('$');
            b.push_char(c);
            i + 2
        }
        _ => {
            b.push_char('$');
            i + 1
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn vals(p: &ShellParse) -> Vec<Vec<String>> {
        p.commands
            .iter()
            .map(|c| c.iter().map(|w| w.value.clone()).collect())
            .collect()
    }

    #[test]
    fn splits_commands_and_expands() {
        let lookup = |n: &str| match n {
            "FLAGS" => Some("--a=1  --b=2".to_string()),
            "Q" => Some("x y".to_string()),
            _ => None,
        };
        let p = parse(
            "mkdir -p /x && exec /usr/bin/kubelet $FLAGS \"$Q\" '--c=$Q' --d=\"${Q}\" $UNSET \"$1\" 2>&1 >/tmp/log # hi",
            &["sh".into(), "one".into()],
            &lookup,
        );
        assert_eq!(
            vals(&p),
            vec![
                vec!["mkdir", "-p", "/x"],
                vec![
                    "exec",
                    "/usr/bin/kubelet",
                    "--a=1",
                    "--b=2",
                    "x y",
                    "--c=$Q",
                    "--d=x y",
                    "one"
                ]
            ]
        );
        assert!(p.lossy.is_empty());
        assert_eq!(
            p.commands[1][2].via,
            Some(("$FLAGS".into(), "FLAGS".into()))
        );
        let p = parse("kubelet $(cat /etc/flags)", &[], &lookup);
        assert!(!p.lossy.is_empty());
    }
}
