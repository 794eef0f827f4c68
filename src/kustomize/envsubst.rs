//! Flux's post-build variable substitution (`fluxcd/pkg/envsubst` semantics).
//!
//! Only braced forms are expanded: `${var}`, `${#var}`, `${var^}`, `${var^^}`, `${var,}`,
//! `${var,,}`, `${var:n}`, `${var:n:len}`, `${var#glob}`, `${var##glob}`, `${var%glob}`,
//! `${var%%glob}`, `${var=default}`, `${var:=default}`, `${var:-default}`, `${var/a/b}`,
//! `${var//a/b}`, `${var/#a/b}`, `${var/%a/b}`; defaults may nest `${…}`. `$$` is a literal `$`
//! (so `$${var}` stays `${var}`); a bare `$var` is text. In strict mode a variable that is not
//! set is an error unless a default operator handles it.

use std::collections::BTreeMap;

/// Substitution errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text has a malformed `${…}`.
    #[error("{0}")]
    Parse(&'static str),
    /// Strict mode and the variable is not set.
    #[error("variable not set (strict mode): {0:?}")]
    NotSet(String),
}

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Func {
        name: String,
        param: String,
        args: Vec<Vec<Node>>,
    },
}

struct Parser<'a> {
    s: &'a [char],
    pos: usize,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }
    fn peek2(&self) -> Option<char> {
        self.s.get(self.pos + 1).copied()
    }
    fn at_lbrack(&self) -> bool {
        self.peek() == Some('$') && self.peek2() == Some('{')
    }

    fn parse_any(&mut self) -> Result<Vec<Node>, Error> {
        let mut out = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.peek() {
            if self.at_lbrack() {
                if !text.is_empty() {
                    out.push(Node::Text(std::mem::take(&mut text)));
                }
                self.pos += 2;
                out.push(self.parse_func()?);
                continue;
            }
            if c == '$' && self.peek2() == Some('$') {
                // `$$` escapes: the second `$` is literal text, and so is what follows it.
                text.push('$');
                self.pos += 2;
                while let Some(n) = self.peek() {
                    if self.at_lbrack() {
                        break;
                    }
                    if n == '$' && self.peek2() == Some('$') {
                        break;
                    }
                    text.push(n);
                    self.pos += 1;
                }
                continue;
            }
            text.push(c);
            self.pos += 1;
        }
        if !text.is_empty() {
            out.push(Node::Text(text));
        }
        Ok(out)
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if !is_ident(c) {
                break;
            }
            s.push(c);
            self.pos += 1;
        }
        s
    }

    fn close(&mut self) -> Result<(), Error> {
        if self.peek() == Some('}') {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::Parse("bad substitution"))
        }
    }

    /// One parameter: a nested `${…}` or text accepted by `accept`.
    fn param(&mut self, accept: &dyn Fn(char) -> bool, escapes: bool) -> Result<Node, Error> {
        if self.at_lbrack() {
            self.pos += 2;
            return self.parse_func();
        }
        let mut text = String::new();
        let mut first = true;
        while let Some(c) = self.peek() {
            if self.at_lbrack() && !first {
                break;
            }
            if escapes && c == '\\' && matches!(self.peek2(), Some('/') | Some('\\')) {
                self.pos += 1;
                text.push(self.peek().unwrap_or('\\'));
                self.pos += 1;
                first = false;
                continue;
            }
            if c == '}' && first {
                // An empty parameter right before the closing brace.
                return Ok(Node::Text(String::from("}")));
            }
            if !accept(c) {
                break;
            }
            text.push(c);
            self.pos += 1;
            first = false;
        }
        if text.is_empty() {
            return Err(Error::Parse("unable to parse substitution within function"));
        }
        Ok(Node::Text(text))
    }

    fn parse_func(&mut self) -> Result<Node, Error> {
        if self.peek() == Some('#') {
            self.pos += 1;
            let param = self.ident();
            if param.is_empty() {
                return Err(Error::Parse("bad substitution"));
            }
            self.close()?;
            return Ok(Node::Func {
                name: "#".into(),
                param,
                args: Vec::new(),
            });
        }
        let param = self.ident();
        if param.is_empty() {
            return Err(Error::Parse("unable to parse variable name"));
        }
        match self.peek() {
            Some(':') => {
                if matches!(self.peek2(), Some('=') | Some('-') | Some('?') | Some('+')) {
                    let name: String = self.s[self.pos..self.pos + 2].iter().collect();
                    self.pos += 2;
                    self.default_args(name, param)
                } else {
                    self.pos += 1;
                    let mut args = vec![vec![self.param(&|c| c != ':' && c != '}', false)?]];
                    match self.peek() {
                        Some('}') => {
                            self.pos += 1;
                            return Ok(Node::Func {
                                name: ":".into(),
                                param,
                                args,
                            });
                        }
                        Some(':') => self.pos += 1,
                        _ => return Err(Error::Parse("bad substitution")),
                    }
                    args.push(vec![self.param(&|c| c != '}', false)?]);
                    self.close()?;
                    Ok(Node::Func {
                        name: ":".into(),
                        param,
                        args,
                    })
                }
            }
            Some('=') => {
                self.pos += 1;
                self.default_args("=".into(), param)
            }
            Some(',') | Some('^') => {
                let mut name = String::new();
                while let Some(c @ (',' | '^')) = self.peek() {
                    if name.len() >= 2 {
                        break;
                    }
                    name.push(c);
                    self.pos += 1;
                }
                self.close()?;
                Ok(Node::Func {
                    name,
                    param,
                    args: Vec::new(),
                })
            }
            Some('/') => {
                self.pos += 1;
                let mut name = String::from("/");
                if let Some(c @ ('/' | '#' | '%')) = self.peek() {
                    name.push(c);
                    self.pos += 1;
                }
                let mut args = Vec::new();
                if self.peek() == Some('/') {
                    args.push(vec![Node::Text(String::new())]);
                } else {
                    args.push(vec![self.param(&|c| c != '/', true)?]);
                }
                if self.peek() != Some('/') {
                    return Err(Error::Parse("bad substitution"));
                }
                self.pos += 1;
                if self.peek() == Some('}') {
                    self.pos += 1;
                    return Ok(Node::Func { name, param, args });
                }
                args.push(vec![self.param(&|c| c != '}', true)?]);
                self.close()?;
                Ok(Node::Func { name, param, args })
            }
            Some(c @ ('#' | '%')) => {
                let mut name = String::new();
                while self.peek() == Some(c) && name.len() < 2 {
                    name.push(c);
                    self.pos += 1;
                }
                let args = vec![vec![self.param(&|c| c != '}', false)?]];
                self.close()?;
                Ok(Node::Func { name, param, args })
            }
            Some('}') => {
                self.pos += 1;
                Ok(Node::Func {
                    name: String::new(),
                    param,
                    args: Vec::new(),
                })
            }
            _ => Err(Error::Parse("missing closing brace")),
        }
    }

    fn default_args(&mut self, name: String, param: String) -> Result<Node, Error> {
        let mut args = Vec::new();
        loop {
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(Node::Func { name, param, args });
                }
                None => return Err(Error::Parse("bad substitution")),
                _ => args.push(vec![self.param(&|c| c != '}', false)?]),
            }
        }
    }
}

fn is_default_op(name: &str) -> bool {
    matches!(name, "-" | "+" | "=" | "?" | ":-" | ":+" | ":=" | ":?")
}

/// One element of a trim pattern.
enum Tok {
    /// `*`: any run of characters but `/`.
    Star,
    /// `?`: one character but `/`.
    Any,
    /// `[...]` / `[^...]`: one character in (or not in) the ranges.
    Class {
        neg: bool,
        ranges: Vec<(char, char)>,
    },
    /// A character (`\x` escapes one).
    Lit(char),
    /// An unclosed `[`: nothing matches from here on.
    Never,
}

/// The trim operators' patterns (Go's `path.Match` syntax: `*`, `?`, `[...]`, `\` escapes;
/// `*` stops at `/`) as tokens.
fn tokens(pattern: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            '*' => out.push(Tok::Star),
            '?' => out.push(Tok::Any),
            '[' => {
                let Some(len) = pattern[i..].iter().position(|c| *c == ']') else {
                    out.push(Tok::Never);
                    break;
                };
                let class = &pattern[i + 1..i + len];
                let (neg, class) = match class.first() {
                    Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut ranges = Vec::new();
                let mut k = 0;
                while k < class.len() {
                    if k + 2 < class.len() && class[k + 1] == '-' {
                        ranges.push((class[k], class[k + 2]));
                        k += 3;
                    } else {
                        ranges.push((class[k], class[k]));
                        k += 1;
                    }
                }
                out.push(Tok::Class { neg, ranges });
                i += len;
            }
            '\\' if i + 1 < pattern.len() => {
                out.push(Tok::Lit(pattern[i + 1]));
                i += 1;
            }
            c => out.push(Tok::Lit(c)),
        }
        i += 1;
    }
    out
}

/// Which prefixes of `s` the pattern matches whole: `ends[e]` when it matches `s[..e]`. One
/// pass per token over `s` (no backtracking: a pattern of many `*` costs no more than its
/// length times the value's, where trying each split took exponential time).
fn matching_prefixes(pattern: &[char], s: &[char]) -> Vec<bool> {
    let mut reach = vec![false; s.len() + 1];
    reach[0] = true;
    for tok in tokens(pattern) {
        let mut next = vec![false; s.len() + 1];
        match tok {
            Tok::Star => {
                next[0] = reach[0];
                for j in 1..=s.len() {
                    next[j] = reach[j] || (next[j - 1] && s[j - 1] != '/');
                }
            }
            Tok::Never => {}
            one => {
                for j in 1..=s.len() {
                    let c = s[j - 1];
                    let hit = match &one {
                        Tok::Any => c != '/',
                        Tok::Lit(l) => c == *l,
                        Tok::Class { neg, ranges } => {
                            ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *neg
                        }
                        Tok::Star | Tok::Never => false,
                    };
                    next[j] = reach[j - 1] && hit;
                }
            }
        }
        reach = next;
    }
    reach
}

fn trim_prefix(s: &str, pat: &str, longest: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let p: Vec<char> = pat.chars().collect();
    let ends = matching_prefixes(&p, &chars);
    let mut matched = (1..=chars.len()).filter(|&e| ends[e]);
    let best = if longest {
        matched.next_back()
    } else {
        matched.next()
    };
    match best {
        Some(n) => chars[n..].iter().collect(),
        None => s.to_string(),
    }
}

fn reverse(s: &str) -> String {
    s.chars().rev().collect()
}

fn apply(name: &str, v: &str, args: &[String]) -> String {
    let joined = || args.concat();
    match name {
        "," => {
            let mut c = v.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        ",," => v.to_lowercase(),
        "^" => {
            let mut c = v.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        "^^" => v.to_uppercase(),
        "#" if args.is_empty() => v.len().to_string(),
        "#" => trim_prefix(v, &args[0], false),
        "##" => trim_prefix(v, &args[0], true),
        "%" => reverse(&trim_prefix(&reverse(v), &reverse(&args[0]), false)),
        "%%" => reverse(&trim_prefix(&reverse(v), &reverse(&args[0]), true)),
        ":" => substr(v, args),
        "/#" if args.len() == 2 => {
            if v.starts_with(&args[0]) {
                v.replacen(&args[0], &args[1], 1)
            } else {
                v.to_string()
            }
        }
        "/%" if args.len() == 2 => match v.strip_suffix(args[0].as_str()) {
            Some(rest) => format!("{rest}{}", args[1]),
            None => v.to_string(),
        },
        "/#" | "/%" => v.to_string(),
        "/" => match args.len() {
            0 => v.to_string(),
            1 => v.replacen(&args[0], "", 1),
            _ => v.replacen(&args[0], &args[1], 1),
        },
        "//" => match args.len() {
            0 => v.to_string(),
            1 => v.replace(&args[0], ""),
            _ => v.replace(&args[0], &args[1]),
        },
        _ => {
            if v.is_empty() && !args.is_empty() {
                joined()
            } else {
                v.to_string()
            }
        }
    }
}

fn substr(s: &str, args: &[String]) -> String {
    let b = s.as_bytes();
    let cut = |a: usize, z: usize| String::from_utf8_lossy(&b[a..z]).into_owned();
    let Some(Ok(mut pos)) = args.first().map(|a| a.trim().parse::<i64>()) else {
        return s.to_string();
    };
    let len = b.len() as i64;
    if pos < 0 {
        pos = (len + pos).max(0);
    }
    if args.len() == 1 {
        return if pos < len {
            cut(pos as usize, b.len())
        } else {
            String::new()
        };
    }
    let Ok(length) = args[1].trim().parse::<i64>() else {
        return s.to_string();
    };
    if length < 0 {
        let end = len + length;
        if end < pos {
            return String::new();
        }
        return cut(pos as usize, end as usize);
    }
    if pos + length >= len {
        return if pos < len {
            cut(pos as usize, b.len())
        } else {
            String::new()
        };
    }
    cut(pos as usize, (pos + length) as usize)
}

fn eval(
    nodes: &[Node],
    lookup: &dyn Fn(&str) -> Option<String>,
    out: &mut String,
) -> Result<(), Error> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Func { name, param, args } => {
                let mut evaluated = Vec::new();
                for a in args {
                    let mut s = String::new();
                    eval(a, lookup, &mut s)?;
                    evaluated.push(s);
                }
                let v = match lookup(param) {
                    Some(v) => v,
                    None if is_default_op(name) => String::new(),
                    None => return Err(Error::NotSet(param.clone())),
                };
                out.push_str(&apply(name, &v, &evaluated));
            }
        }
    }
    Ok(())
}

/// Expands `text` with `lookup`; `lookup` returns `None` for unset variables (an error in
/// strict mode, an empty string otherwise).
pub fn expand(
    text: &str,
    strict: bool,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser { s: &chars, pos: 0 };
    let nodes = p.parse_any()?;
    let mut out = String::with_capacity(text.len());
    let relaxed = |name: &str| lookup(name).or(Some(String::new()));
    if strict {
        eval(&nodes, lookup, &mut out)?;
    } else {
        eval(&nodes, &relaxed, &mut out)?;
    }
    Ok(out)
}

/// Expands with a variable map.
pub fn expand_map(
    text: &str,
    strict: bool,
    vars: &BTreeMap<String, String>,
) -> Result<String, Error> {
    expand(text, strict, &|n| vars.get(n).cloned())
}

/// Whether a name is a valid substitution variable name (Flux's rule).
pub fn valid_var_name(name: &str) -> bool {
    let mut c = name.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(t: &str) -> String {
        let mut m = BTreeMap::new();
        m.insert("name".to_string(), "podinfo".to_string());
        m.insert("empty".to_string(), String::new());
        m.insert("path".to_string(), "/a/b/c.txt".to_string());
        expand_map(t, false, &m).unwrap()
    }

    #[test]
    fn braced_forms_expand() {
        assert_eq!(ex("app: ${name}"), "app: podinfo");
        assert_eq!(ex("${missing:=fallback}"), "fallback");
        assert_eq!(ex("${empty:-x}"), "x");
        assert_eq!(ex("${missing=y}"), "y");
        assert_eq!(ex("${name^^}/${name^}"), "PODINFO/Podinfo");
        assert_eq!(ex("${#name}"), "7");
        assert_eq!(ex("${name:3}|${name:0:3}"), "info|pod");
        // As in Go's path.Match, `*` never matches a `/`.
        assert_eq!(
            ex("${path##*/}|${path%.txt}|${path#/a}"),
            "a/b/c.txt|/a/b/c|/b/c.txt"
        );
        assert_eq!(ex("${name/pod/web}"), "webinfo");
        assert_eq!(ex("${missing:=${name}}"), "podinfo");
        assert_eq!(ex("plain $name stays"), "plain $name stays");
        assert_eq!(ex("$${name} and $$"), "${name} and $");
    }

    #[test]
    fn trim_patterns_match_like_path_match_in_time_linear_in_their_length() {
        let t = |v: &str, p: &str, longest: bool| trim_prefix(v, p, longest);
        assert_eq!(t("a-b-c", "*-", false), "b-c");
        assert_eq!(t("a-b-c", "*-", true), "c");
        assert_eq!(t("x1y", "[a-z][0-9]", false), "y");
        assert_eq!(t("x1y", "[^a-z]", false), "x1y");
        assert_eq!(t("*a", "\\*", false), "a");
        assert_eq!(t("[a", "[a", false), "[a");
        assert_eq!(t("ab/cd", "a?", false), "/cd");
        assert_eq!(t("a/cd", "a?", false), "a/cd");
        // Found by the envsubst fuzz target: 90 stars took exponential time (over 11 s).
        let started = std::time::Instant::now();
        let stars = format!("{}erg", "*".repeat(2000));
        let value = "e".repeat(2000) + "rg";
        assert_eq!(t(&value, &stars, false), "");
        let long = format!("${{v#{stars}}}");
        let mut vars = BTreeMap::new();
        vars.insert(String::from("v"), value);
        assert_eq!(expand_map(&long, false, &vars).unwrap(), "");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn strict_mode_rejects_unset_variables_without_default() {
        let m = BTreeMap::new();
        assert_eq!(
            expand_map("${nope}", true, &m),
            Err(Error::NotSet("nope".into()))
        );
        assert_eq!(expand_map("${nope:=ok}", true, &m).unwrap(), "ok");
        assert_eq!(expand_map("${nope}", false, &m).unwrap(), "");
    }

    #[test]
    fn malformed_substitutions_are_errors() {
        let m = BTreeMap::new();
        assert!(expand_map("${", false, &m).is_err());
        assert!(expand_map("${a-b}", false, &m).is_err());
    }
}
