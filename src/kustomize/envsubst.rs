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

/// Go's `path.Match` for the trim operators (`*`, `?`, `[...]`, `\` escapes; `*` stops at `/`).
fn glob(pattern: &[char], s: &[char]) -> bool {
    match pattern.first() {
        None => s.is_empty(),
        Some('*') => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != '/')
            .any(|i| glob(&pattern[1..], &s[i..])),
        Some('?') => !s.is_empty() && s[0] != '/' && glob(&pattern[1..], &s[1..]),
        Some('[') => {
            let Some(end) = pattern.iter().position(|c| *c == ']') else {
                return false;
            };
            let Some(&c) = s.first() else { return false };
            let class = &pattern[1..end];
            let (neg, class) = match class.first() {
                Some('^') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    if class[i] <= c && c <= class[i + 2] {
                        hit = true;
                    }
                    i += 3;
                } else {
                    if class[i] == c {
                        hit = true;
                    }
                    i += 1;
                }
            }
            hit != neg && glob(&pattern[end + 1..], &s[1..])
        }
        Some('\\') if pattern.len() > 1 => {
            !s.is_empty() && s[0] == pattern[1] && glob(&pattern[2..], &s[1..])
        }
        Some(&p) => !s.is_empty() && s[0] == p && glob(&pattern[1..], &s[1..]),
    }
}

fn trim_prefix(s: &str, pat: &str, longest: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let p: Vec<char> = pat.chars().collect();
    let mut best: Option<usize> = None;
    for end in (1..=chars.len()).rev() {
        if glob(&p, &chars[..end]) {
            best = Some(end);
            if longest {
                break;
            }
        }
    }
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
