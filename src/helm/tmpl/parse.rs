//! The parser of Go's `text/template`: the token stream of [`super::lex`] into Go's parse tree
//! (lists of text, actions, `if`/`range`/`with` branches, `template` calls, `break`/`continue`;
//! pipelines of commands whose arguments are identifiers, fields, variables, chains, literals
//! and parenthesised pipelines), the `define`/`block` definitions collected by name, and
//! Go's parse-time checks and messages: undefined functions and variables, misplaced `else`,
//! `end`, `break` and `continue`, declarations, empty commands, literals mid-pipeline. Every
//! node prints back as Go's `String()` does, which execution errors quote (`at <.Values.x>`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::lex::{go_quote, Kind, Lexer, Token};

/// A parse error: `template: NAME:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template: {name}:{line}: {message}")]
pub struct Error {
    /// The template's name.
    pub name: String,
    /// The line the parser had reached.
    pub line: usize,
    /// Go's message.
    pub message: String,
}

/// A list element.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Text outside actions.
    Text { pos: usize, text: String },
    /// A kept comment (`{{/* … */}}`).
    Comment { pos: usize, text: String },
    /// `{{pipeline}}`.
    Action { pos: usize, line: usize, pipe: Pipe },
    /// `{{if}}`.
    If(Branch),
    /// `{{range}}`.
    Range(Branch),
    /// `{{with}}`.
    With(Branch),
    /// `{{template "name" pipeline}}` (and `block`).
    Template {
        pos: usize,
        line: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    /// `{{break}}`.
    Break { pos: usize, line: usize },
    /// `{{continue}}`.
    Continue { pos: usize, line: usize },
}

/// `if`, `range` and `with`: a pipeline, a list and an optional `else` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// Byte offset.
    pub pos: usize,
    /// Line.
    pub line: usize,
    /// The condition (or the ranged value).
    pub pipe: Pipe,
    /// The body.
    pub list: Vec<Node>,
    /// The `else` body.
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline, with its declarations (`$x :=`) or assignments (`$x =`).
#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    /// Byte offset.
    pub pos: usize,
    /// Line.
    pub line: usize,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// Declared or assigned variables.
    pub decl: Vec<String>,
    /// The commands, separated by `|`.
    pub cmds: Vec<Command>,
}

/// One stage of a pipeline: space-separated arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// Byte offset.
    pub pos: usize,
    /// The arguments (the first may be a function).
    pub args: Vec<Arg>,
}

/// A number literal with every Go representation that holds it exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The literal as written.
    pub text: String,
    /// As int64, if it fits.
    pub int: Option<i64>,
    /// As uint64, if it fits.
    pub uint: Option<u64>,
    /// As float64, if it is one.
    pub float: Option<f64>,
    /// Complex literal (real, imaginary).
    pub complex: Option<(f64, f64)>,
}

/// An argument of a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A function name.
    Identifier { pos: usize, name: String },
    /// `$x.a.b` (the name and fields).
    Variable { pos: usize, ident: Vec<String> },
    /// `.`.
    Dot { pos: usize },
    /// `nil`.
    Nil { pos: usize },
    /// `.a.b` (fields without dots).
    Field { pos: usize, ident: Vec<String> },
    /// `(pipeline).a.b` and other terms followed by fields.
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<String>,
    },
    /// `true`/`false`.
    Bool { pos: usize, value: bool },
    /// A number or character constant.
    Number { pos: usize, number: Number },
    /// A string literal: as written, and its value.
    String {
        pos: usize,
        quoted: String,
        text: String,
    },
    /// A parenthesised pipeline.
    Pipe(Box<Pipe>),
}

impl Arg {
    /// Byte offset.
    pub fn pos(&self) -> usize {
        match self {
            Arg::Identifier { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Variable { ident, .. } => f.write_str(&ident.join(".")),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Field { ident, .. } => {
                for i in ident {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = node.as_ref() {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for x in fields {
                    write!(f, ".{x}")?;
                }
                Ok(())
            }
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number { number, .. } => f.write_str(&number.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl std::fmt::Display for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Prints a list as Go's `ListNode.String()`.
pub fn list_string(list: &[Node]) -> String {
    list.iter().map(|n| n.to_string()).collect()
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Text { text, .. } => f.write_str(text),
            Node::Comment { text, .. } => write!(f, "{{{{{text}}}}}"),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                let name = match self {
                    Node::If(_) => "if",
                    Node::Range(_) => "range",
                    _ => "with",
                };
                write!(f, "{{{{{name} {}}}}}{}", b.pipe, list_string(&b.list))?;
                if let Some(e) = &b.else_list {
                    write!(f, "{{{{else}}}}{}", list_string(e))?;
                }
                f.write_str("{{end}}")
            }
            Node::Template { name, pipe, .. } => match pipe {
                None => write!(f, "{{{{template {}}}}}", go_quote(name)),
                Some(p) => write!(f, "{{{{template {} {p}}}}}", go_quote(name)),
            },
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

/// Whether a tree is empty for redefinition (only whitespace text and comments).
pub fn is_empty_tree(list: &[Node]) -> bool {
    list.iter().all(|n| match n {
        Node::Text { text, .. } => text.trim().is_empty(),
        Node::Comment { .. } => true,
        _ => false,
    })
}

/// The result of parsing one template text: its own tree and the templates it defines.
#[derive(Debug, Default)]
pub struct Parsed {
    /// `name` -> tree, including the text's own tree under its name.
    pub trees: BTreeMap<String, Vec<Node>>,
}

/// What the parser ends a list at.
enum Stop {
    End,
    Else,
}

struct Parser<'f> {
    name: String,
    toks: Vec<Token>,
    i: usize,
    furthest: usize,
    vars: Vec<String>,
    funcs: &'f dyn Fn(&str) -> bool,
    range_depth: usize,
    action_line: usize,
    depth: usize,
    trees: BTreeMap<String, Vec<Node>>,
}

const MAX_STACK_DEPTH: usize = 10000;

/// Go's `item.String()` for messages.
fn token_string(t: &Token) -> String {
    match t.kind {
        Kind::Eof => "EOF".into(),
        Kind::Error => t.val.clone(),
        Kind::Block
        | Kind::Break
        | Kind::Continue
        | Kind::Dot
        | Kind::Define
        | Kind::Else
        | Kind::End
        | Kind::If
        | Kind::Range
        | Kind::Nil
        | Kind::Template
        | Kind::With => format!("<{}>", t.val),
        _ if t.val.chars().count() > 10 => {
            let head: String = t.val.chars().take(10).collect();
            format!("{}...", go_quote(&head))
        }
        _ => go_quote(&t.val),
    }
}

type R<T> = Result<T, Error>;

impl Parser<'_> {
    fn err<T>(&self, message: impl Into<String>) -> R<T> {
        Err(Error {
            name: self.name.clone(),
            line: self.toks.get(self.furthest).map(|t| t.line).unwrap_or(1),
            message: message.into(),
        })
    }

    /// The next token (the final EOF or error repeats: the stream is padded with copies).
    fn next(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        self.furthest = self.furthest.max(self.i);
        self.i = (self.i + 1).min(self.toks.len() - 1);
        t
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn peek(&mut self) -> Token {
        let t = self.next();
        self.backup();
        t
    }

    fn next_non_space(&mut self) -> Token {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Token {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn unexpected<T>(&self, t: &Token, context: &str) -> R<T> {
        if t.kind == Kind::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != t.line {
                extra = format!(" in action started at {}:{}", self.name, self.action_line);
                if t.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.err(format!("{}{extra}", t.val));
        }
        self.err(format!("unexpected {} in {context}", token_string(t)))
    }

    fn expect(&mut self, kind: Kind, context: &str) -> R<Token> {
        let t = self.next_non_space();
        if t.kind != kind {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn add_tree(&mut self, name: String, root: Vec<Node>) -> R<()> {
        match self.trees.get(&name) {
            Some(old) if !is_empty_tree(old) => {
                if !is_empty_tree(&root) {
                    return self.err(format!(
                        "template: multiple definition of template {}",
                        go_quote(&name)
                    ));
                }
                Ok(())
            }
            _ => {
                self.trees.insert(name, root);
                Ok(())
            }
        }
    }

    /// The top level: text, actions and `define`s to EOF.
    fn parse(&mut self) -> R<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let save = self.i;
                self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = save;
            }
            match self.text_or_action()? {
                Ok(n) => root.push(n),
                Err(Stop::End) => return self.err("unexpected {{end}}"),
                Err(Stop::Else) => return self.err("unexpected {{else}}"),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> R<()> {
        const CONTEXT: &str = "define clause";
        let t = self.next_non_space();
        if t.kind != Kind::String && t.kind != Kind::RawString {
            return self.unexpected(&t, CONTEXT);
        }
        let name = unquote(&t.val).or_else(|e| self.err(e))?;
        self.expect(Kind::RightDelim, CONTEXT)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        if let Stop::Else = stop {
            return self.err(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add_tree(name, list)
    }

    /// Items up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> R<(Vec<Node>, Stop)> {
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Ok(n) => list.push(n),
                Err(stop) => return Ok((list, stop)),
            }
        }
        self.err("unexpected EOF")
    }

    fn text_or_action(&mut self) -> R<Result<Node, Stop>> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Ok(Node::Text {
                pos: t.pos,
                text: t.val,
            })),
            Kind::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            Kind::Comment => Ok(Ok(Node::Comment {
                pos: t.pos,
                text: t.val,
            })),
            _ => self.unexpected(&t, "input"),
        }
    }

    fn action(&mut self) -> R<Result<Node, Stop>> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Block => return self.block_control().map(Ok),
            Kind::Break | Kind::Continue => {
                let word = if t.kind == Kind::Break {
                    "break"
                } else {
                    "continue"
                };
                let n = self.next_non_space();
                if n.kind != Kind::RightDelim {
                    return self.unexpected(&n, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.err(format!("{{{{{word}}}}} outside {{{{range}}}}"));
                }
                return Ok(Ok(if t.kind == Kind::Break {
                    Node::Break {
                        pos: t.pos,
                        line: t.line,
                    }
                } else {
                    Node::Continue {
                        pos: t.pos,
                        line: t.line,
                    }
                }));
            }
            Kind::Else => {
                let p = self.peek_non_space();
                if p.kind == Kind::If || p.kind == Kind::With {
                    return Ok(Err(Stop::Else));
                }
                self.expect(Kind::RightDelim, "else")?;
                return Ok(Err(Stop::Else));
            }
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Err(Stop::End));
            }
            Kind::If => return self.control("if").map(|b| Ok(Node::If(b))),
            Kind::Range => return self.control("range").map(|b| Ok(Node::Range(b))),
            Kind::With => return self.control("with").map(|b| Ok(Node::With(b))),
            Kind::Template => return self.template_control().map(Ok),
            _ => {}
        }
        self.backup();
        let p = self.peek();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Ok(Node::Action {
            pos: p.pos,
            line: p.line,
            pipe,
        }))
    }

    fn control(&mut self, context: &str) -> R<Branch> {
        let vars = self.vars.len();
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let r = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, stop) = r?;
        let mut else_list = None;
        if let Stop::Else = stop {
            let p = self.peek();
            if context == "if" && p.kind == Kind::If {
                self.next();
                else_list = Some(vec![Node::If(self.control("if")?)]);
            } else if context == "with" && p.kind == Kind::With {
                self.next();
                else_list = Some(vec![Node::With(self.control("with")?)]);
            } else {
                let (l, stop) = self.item_list()?;
                if let Stop::Else = stop {
                    return self.err("expected end; found {{else}}");
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(vars);
        Ok(Branch {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, t: &Token, context: &str) -> R<String> {
        match t.kind {
            Kind::String | Kind::RawString => unquote(&t.val).or_else(|e| self.err(e)),
            _ => self.unexpected(t, context),
        }
    }

    fn template_control(&mut self) -> R<Node> {
        const CONTEXT: &str = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, Kind::RightDelim)?);
        }
        Ok(Node::Template {
            pos: t.pos,
            line: t.line,
            name,
            pipe,
        })
    }

    fn block_control(&mut self) -> R<Node> {
        const CONTEXT: &str = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, Kind::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        if let Stop::Else = stop {
            return self.err(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add_tree(name.clone(), list)?;
        Ok(Node::Template {
            pos: t.pos,
            line: t.line,
            name,
            pipe: Some(pipe),
        })
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> R<Pipe> {
        let t = self.peek_non_space();
        let mut pipe = Pipe {
            pos: t.pos,
            line: t.line,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations: `$x :=`, `$x =`, `$i, $v :=` (range only).
        loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            let save = self.i;
            self.next_non_space();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Assign | Kind::Declare => {
                    pipe.is_assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    break;
                }
                Kind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable | Kind::RightDelim | Kind::RightParen => continue,
                            _ => return self.err("range can only initialize variables"),
                        }
                    }
                    return self.err(format!("too many declarations in {context}"));
                }
                _ => {
                    self.i = save;
                    break;
                }
            }
        }
        loop {
            let t = self.next_non_space();
            if t.kind == end {
                if pipe.cmds.is_empty() {
                    return self.err(format!("missing value for {context}"));
                }
                for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
                    if matches!(
                        c.args[0],
                        Arg::Bool { .. }
                            | Arg::Dot { .. }
                            | Arg::Nil { .. }
                            | Arg::Number { .. }
                            | Arg::String { .. }
                    ) {
                        return self.err(format!(
                            "non executable command in pipeline stage {}",
                            i + 1
                        ));
                    }
                }
                return Ok(pipe);
            }
            match t.kind {
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    fn command(&mut self) -> R<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(a) = self.operand()? {
                cmd.args.push(a);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return self.unexpected(&t, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.err("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> R<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            let f = self.next().val;
            fields.push(f.trim_start_matches('.').to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field { pos, ident }
            }
            Arg::Variable { mut ident, .. } => {
                ident.extend(fields);
                Arg::Variable { pos, ident }
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return self.err(format!(
                    "unexpected . after term {}",
                    go_quote(&node.to_string())
                ))
            }
            other => Arg::Chain {
                pos,
                node: Box::new(other),
                fields,
            },
        }))
    }

    fn term(&mut self) -> R<Option<Arg>> {
        let t = self.next_non_space();
        Ok(Some(match t.kind {
            Kind::Identifier => {
                if !(self.funcs)(&t.val) {
                    return self.err(format!("function {} not defined", go_quote(&t.val)));
                }
                Arg::Identifier {
                    pos: t.pos,
                    name: t.val,
                }
            }
            Kind::Dot => Arg::Dot { pos: t.pos },
            Kind::Nil => Arg::Nil { pos: t.pos },
            Kind::Variable => {
                let ident: Vec<String> = t.val.split('.').map(str::to_string).collect();
                if !self.vars.iter().any(|v| *v == ident[0]) {
                    return self.err(format!("undefined variable {}", go_quote(&ident[0])));
                }
                Arg::Variable { pos: t.pos, ident }
            }
            Kind::Field => Arg::Field {
                pos: t.pos,
                ident: t.val[1..].split('.').map(str::to_string).collect(),
            },
            Kind::Bool => Arg::Bool {
                pos: t.pos,
                value: t.val == "true",
            },
            Kind::CharConstant | Kind::Complex | Kind::Number => Arg::Number {
                pos: t.pos,
                number: number(&t.val, t.kind).or_else(|e| self.err(e))?,
            },
            Kind::LeftParen => {
                if self.depth >= MAX_STACK_DEPTH {
                    return self.err("max expression depth exceeded");
                }
                self.depth += 1;
                let p = self.pipeline("parenthesized pipeline", Kind::RightParen);
                self.depth -= 1;
                Arg::Pipe(Box::new(p?))
            }
            Kind::String | Kind::RawString => Arg::String {
                pos: t.pos,
                text: unquote(&t.val).or_else(|e| self.err(e))?,
                quoted: t.val,
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// Go's `strconv.Unquote` for template strings: double-quoted with Go escapes, or raw.
pub fn unquote(s: &str) -> Result<String, String> {
    let invalid = || "invalid syntax".to_string();
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let inner = s
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(invalid)?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == '"' || c == '\n' {
                return Err(invalid());
            }
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or_else(invalid)?;
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let h: String = (0..n).filter_map(|_| chars.next()).collect();
            if h.len() != n {
                return Err(invalid());
            }
            u32::from_str_radix(&h, 16).map_err(|_| invalid())
        };
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => {
                // A byte; only valid UTF-8 results are representable here.
                let b = hex(&mut chars, 2)?;
                out.push(char::from_u32(b).ok_or_else(invalid)?);
            }
            'u' => out.push(char::from_u32(hex(&mut chars, 4)?).ok_or_else(invalid)?),
            'U' => out.push(char::from_u32(hex(&mut chars, 8)?).ok_or_else(invalid)?),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars
                        .next()
                        .and_then(|c| c.to_digit(8))
                        .ok_or_else(invalid)?;
                    v = v * 8 + d;
                }
                if v > 255 {
                    return Err(invalid());
                }
                out.push(char::from_u32(v).ok_or_else(invalid)?);
            }
            _ => return Err(invalid()),
        }
    }
    Ok(out)
}

/// Go's `strconv.ParseInt(s, 0, 64)`-style parse (prefixes, underscores, leading-0 octal),
/// as i128 so that both int64 and uint64 ranges can be checked.
fn parse_go_int(text: &str) -> Option<i128> {
    let (neg, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    // Underscores only between digits (or after a base prefix).
    if digits.contains('_') {
        let ok = !digits.ends_with('_')
            && !digits.contains("__")
            && (prefixed || !digits.starts_with('_'))
            && (radix != 10 || !body.starts_with('_'));
        if !ok {
            return None;
        }
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    let v = i128::from_str_radix(&clean, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// Go's `strconv.ParseFloat(s, 64)` for template literals: decimal (Rust's parser) and
/// hexadecimal mantissas with a binary exponent (`0x1p-2`), underscores allowed.
fn parse_go_float(text: &str) -> Option<f64> {
    let clean = text.replace('_', "");
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.trim_start_matches('+').to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let v = if let Some(hex) = lower.strip_prefix("0x") {
        let (mantissa, exp) = hex.split_once('p')?;
        let exp: i32 = exp.parse().ok()?;
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut m = 0f64;
        for c in int.chars().chain(frac.chars()) {
            m = m * 16.0 + c.to_digit(16)? as f64;
        }
        m * 2f64.powi(exp - 4 * frac.len() as i32)
    } else {
        if lower.is_empty() || lower.contains(|c: char| c.is_ascii_alphabetic() && c != 'e') {
            return None;
        }
        lower.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

/// A number literal as Go's parser classifies it (`newNumber`).
fn number(text: &str, kind: Kind) -> Result<Number, String> {
    let mut n = Number {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
        complex: None,
    };
    if kind == Kind::CharConstant {
        let inner = &text[1..text.len() - 1];
        let c = if inner.starts_with('\\') {
            let s = unquote(&format!("\"{}\"", inner.replace("\\'", "'")))
                .map_err(|_| format!("malformed character constant: {text}"))?;
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(format!("malformed character constant: {text}")),
            }
        } else {
            let mut cs = inner.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(format!("malformed character constant: {text}")),
            }
        };
        n.int = Some(c as i64);
        n.uint = Some(c as u64);
        n.float = Some(c as u32 as f64);
        return Ok(n);
    }
    if kind == Kind::Complex || text.ends_with('i') {
        let body = text.trim_end_matches('i');
        // `a+bi`: split at the last sign that is not an exponent's.
        let split = body
            .char_indices()
            .skip(1)
            .filter(|(i, c)| {
                (*c == '+' || *c == '-')
                    && !matches!(body.as_bytes()[i - 1], b'e' | b'E' | b'p' | b'P')
            })
            .map(|(i, _)| i)
            .last();
        let (re, im) = match split {
            Some(i) if kind == Kind::Complex => (&body[..i], &body[i..]),
            _ => ("0", body),
        };
        let f = |s: &str| s.replace('_', "").parse::<f64>().ok();
        if let (Some(r), Some(i)) = (f(re), f(im)) {
            n.complex = Some((r, i));
            if i == 0.0 {
                n.float = Some(r);
                if r.fract() == 0.0 && r.abs() < 9.2e18 {
                    n.int = Some(r as i64);
                    if r >= 0.0 {
                        n.uint = Some(r as u64);
                    }
                }
            }
            return Ok(n);
        }
        if kind == Kind::Complex {
            return Err(format!("illegal number syntax: {}", go_quote(text)));
        }
    }
    if let Some(v) = parse_go_int(text) {
        if let Ok(i) = i64::try_from(v) {
            n.int = Some(i);
        }
        if let Ok(u) = u64::try_from(v) {
            n.uint = Some(u);
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_go_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", go_quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.8e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", go_quote(text)));
    }
    Ok(n)
}

/// Go's builtin template functions (always defined).
pub const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// Parses the template text `name`; `funcs` says which function names exist besides Go's
/// builtins. Returns the text's own tree and every template it defines.
pub fn parse(name: &str, text: &str, funcs: &dyn Fn(&str) -> bool) -> Result<Parsed, Error> {
    let mut toks = Lexer::new(text).tokens();
    let last = toks
        .last()
        .cloned()
        .expect("the lexer ends with EOF or an error");
    for _ in 0..4 {
        toks.push(last.clone());
    }
    let f = |n: &str| BUILTINS.contains(&n) || funcs(n);
    let mut p = Parser {
        name: name.to_string(),
        toks,
        i: 0,
        furthest: 0,
        vars: vec!["$".to_string()],
        funcs: &f,
        range_depth: 0,
        action_line: 0,
        depth: 0,
        trees: BTreeMap::new(),
    };
    let root = p.parse()?;
    p.add_tree(name.to_string(), root)?;
    Ok(Parsed { trees: p.trees })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funcs(n: &str) -> bool {
        matches!(n, "include" | "quote" | "default" | "toYaml" | "f")
    }

    fn round_trip(text: &str) -> String {
        let p = parse("t", text, &funcs).unwrap_or_else(|e| panic!("{text}: {e}"));
        list_string(&p.trees["t"])
    }

    fn error(text: &str) -> String {
        parse("t", text, &funcs).unwrap_err().to_string()
    }

    #[test]
    fn trees_print_back_as_go_prints_them() {
        for (text, want) in [
            ("a {{.X.y | f 1}} b", "a {{.X.y | f 1}} b"),
            (
                "{{- if .A }} x {{- else if .B -}} y {{ end -}}",
                "{{if .A}} x{{else}}{{if .B}}y {{end}}{{end}}",
            ),
            (
                "{{range $i, $v := .L}}{{$i}}{{break}}{{end}}",
                "{{range $i, $v := .L}}{{$i}}{{break}}{{end}}",
            ),
            (
                "{{with $x := (f .A).b.c}}{{$x.d}}{{else with .B}}n{{end}}",
                "{{with $x := (f .A).b.c}}{{$x.d}}{{else}}{{with .B}}n{{end}}{{end}}",
            ),
            (
                "{{template \"x\" .}}{{template `y`}}",
                "{{template \"x\" .}}{{template \"y\"}}",
            ),
            (
                "{{ 'a' 0x1F 1e3 nil true \"s\" `r` }}",
                "{{'a' 0x1F 1e3 nil true \"s\" `r`}}",
            ),
            ("{{$x := 1}}{{$x = 2}}", "{{$x := 1}}{{$x = 2}}"),
        ] {
            assert_eq!(round_trip(text), want, "{text}");
        }
    }

    #[test]
    fn defines_and_blocks_are_collected_by_name() {
        let p = parse(
            "t",
            "{{define \"a\"}}A{{end}}x{{block \"b\" .}}B{{end}}",
            &funcs,
        )
        .unwrap();
        assert_eq!(list_string(&p.trees["a"]), "A");
        assert_eq!(list_string(&p.trees["b"]), "B");
        assert_eq!(list_string(&p.trees["t"]), "x{{template \"b\" .}}");
        assert_eq!(
            error("{{define \"a\"}}A{{end}}{{define \"a\"}}B{{end}}"),
            "template: t:1: template: multiple definition of template \"a\""
        );
        // An empty redefinition is ignored.
        let p = parse(
            "t",
            "{{define \"a\"}}A{{end}}{{define \"a\"}} {{end}}",
            &funcs,
        )
        .unwrap();
        assert_eq!(list_string(&p.trees["a"]), "A");
    }

    // Expected messages are Go 1.26 text/template's for the same inputs.
    #[test]
    fn parse_errors_have_go_messages_and_lines() {
        for (text, want) in [
            ("{{nope 1}}", "template: t:1: function \"nope\" not defined"),
            ("{{$x}}", "template: t:1: undefined variable \"$x\""),
            (
                "{{if .A}}\n{{$y := 1}}{{end}}{{$y}}",
                "template: t:2: undefined variable \"$y\"",
            ),
            ("{{end}}", "template: t:1: unexpected {{end}}"),
            ("{{else}}", "template: t:1: unexpected {{else}}"),
            ("{{if .A}}", "template: t:1: unexpected EOF"),
            ("{{break}}", "template: t:1: {{break}} outside {{range}}"),
            (
                "{{range .}}{{continue 1}}{{end}}",
                "template: t:1: unexpected \"1\" in {{continue}}",
            ),
            ("{{if}}{{end}}", "template: t:1: missing value for if"),
            (
                "{{.A | 1}}",
                "template: t:1: non executable command in pipeline stage 2",
            ),
            ("{{1.x}}", "template: t:1: bad number syntax: \"1.x\""),
            (
                "{{\"a\".x}}",
                "template: t:1: unexpected . after term \"\\\"a\\\"\"",
            ),
            (
                "{{$a, $b := .}}",
                "template: t:1: too many declarations in command",
            ),
            (
                "{{range $a, 1}}{{end}}",
                "template: t:1: range can only initialize variables",
            ),
            (
                "{{template .X}}",
                "template: t:1: unexpected \".X\" in template clause",
            ),
            (
                "{{template .}}",
                "template: t:1: unexpected <.> in template clause",
            ),
            ("{{define \"a\"}}x", "template: t:1: unexpected EOF"),
            (
                "{{if .A}}{{else}}{{else}}{{end}}",
                "template: t:1: expected end; found {{else}}",
            ),
            (
                "{{ f\n\n \"x }}",
                "template: t:3: unterminated quoted string in action started at t:1",
            ),
            ("{{ f\n\n", "template: t:3: unclosed action started at t:1"),
            (
                "{{ 99999999999999999999 }}",
                "template: t:1: integer overflow: \"99999999999999999999\"",
            ),
            (
                "{{ 'ab' }}",
                "template: t:1: malformed character constant: 'ab'",
            ),
            ("{{ \"\\q\" }}", "template: t:1: invalid syntax"),
            ("{{ (1 }}", "template: t:1: unclosed left paren"),
        ] {
            assert_eq!(error(text), want, "{text:?}");
        }
        // Go accepts a trailing pipe symbol.
        assert_eq!(round_trip("{{ .A 1 | }}"), "{{.A 1}}");
    }

    #[test]
    fn numbers_hold_every_exact_go_representation() {
        let n = number("0x10", Kind::Number).unwrap();
        assert_eq!((n.int, n.uint, n.float), (Some(16), Some(16), Some(16.0)));
        let n = number("-1", Kind::Number).unwrap();
        assert_eq!((n.int, n.uint), (Some(-1), None));
        let n = number("1.5", Kind::Number).unwrap();
        assert_eq!((n.int, n.float), (None, Some(1.5)));
        let n = number("1e3", Kind::Number).unwrap();
        assert_eq!((n.int, n.float), (Some(1000), Some(1000.0)));
        let n = number("'a'", Kind::CharConstant).unwrap();
        assert_eq!(n.int, Some(97));
        let n = number("0777", Kind::Number).unwrap();
        assert_eq!(n.int, Some(511));
        let n = number("0x1p-2", Kind::Number).unwrap();
        assert_eq!((n.int, n.float), (None, Some(0.25)));
        let n = number("18446744073709551615", Kind::Number).unwrap();
        assert_eq!((n.int, n.uint), (None, Some(u64::MAX)));
    }

    /// A cheap in-process fuzz: many random texts built from template fragments never make
    /// the lexer or parser panic (the cargo-fuzz target `template_parse` goes further).
    #[test]
    fn random_template_texts_never_panic() {
        const PIECES: &[&str] = &[
            "{{", "}}", "{{- ", " -}}", "-", " ", "\n", ".", ".A", "$", "$x", ":=", "=", "(", ")",
            "|", "\"", "`", "'", "\\", "/*", "*/", "if", "else", "end", "range", "with", "define",
            "block", "template", "break", "continue", "nil", "true", "1", "0x", "1e", "+", "i",
            "f", ",", "é", "日", "\t", "#", "}", "{", "_", "p",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let funcs = |n: &str| n == "f";
        for _ in 0..20000 {
            let len = (rand() % 24) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(rand() % PIECES.len() as u64) as usize])
                .collect();
            let _ = parse("t", &text, &funcs);
        }
    }
}
