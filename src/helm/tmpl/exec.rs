//! The executor of Go's `text/template` with the `missingkey=zero` option Helm sets: a set of
//! named trees ([`Set`], Go's associated templates with `define` replacement rules), and the
//! walk over them with Go's semantics: variable scoping, `if`/`with`/`range` (maps in key
//! order, integers, `break`/`continue`), template calls with a depth limit, pipelines that
//! pass the previous value as the last argument, typed function parameters with Go's
//! conversion rules and messages, method calls on objects and named maps, and the
//! nil-interface rule (a missing key is a nil `interface {}`, so a further field is an error).
//! Errors carry Go's wording and location (`template: NAME:LINE:COL: executing "NAME" at
//! <NODE>: …`) and keep the chain of wrapped errors Helm's error rewriting walks.

use std::collections::HashMap;
use std::rc::Rc;

use super::parse::{self, Arg, Branch, Command, Node, Number, Pipe};
use super::printf;
use super::value::{Elem, Value};

/// Go's template call depth limit (`maxExecDepth`).
pub const MAX_EXEC_DEPTH: usize = 100_000;

/// A Go error: its message and the error it wraps (`%w`), as `errors.Unwrap` walks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoError {
    /// `Error()`.
    pub msg: String,
    /// Whether this is a `template.ExecError`.
    pub exec: bool,
    /// The wrapped error.
    pub source: Option<Box<GoError>>,
}

impl GoError {
    /// A plain error (`errors.New`).
    pub fn new(msg: impl Into<String>) -> GoError {
        GoError {
            msg: msg.into(),
            exec: false,
            source: None,
        }
    }

    /// The messages of the chain, outermost first.
    pub fn chain(&self) -> Vec<&GoError> {
        let mut out = vec![self];
        let mut cur = self;
        while let Some(s) = &cur.source {
            out.push(s);
            cur = s;
        }
        out
    }

    /// Whether any error in the chain is a `template.ExecError` (`errors.As`).
    pub fn has_exec(&self) -> bool {
        self.chain().iter().any(|e| e.exec)
    }
}

impl std::fmt::Display for GoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for GoError {}

impl From<String> for GoError {
    fn from(s: String) -> Self {
        GoError::new(s)
    }
}

impl From<&str> for GoError {
    fn from(s: &str) -> Self {
        GoError::new(s)
    }
}

/// The Go type of a function parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `interface {}`.
    Any,
    /// `reflect.Value` (Go's builtins): anything, nil as the invalid value.
    Reflect,
    /// `string`.
    Str,
    /// `int`.
    Int,
    /// `int64`.
    Int64,
    /// `float64`.
    Float,
    /// `bool`.
    Bool,
    /// `map[string]interface {}`.
    Map,
    /// `[]interface {}`.
    List,
    /// `[]string`.
    Strs,
    /// A struct type by Go name (`sprig.certificate`).
    Struct(&'static str),
}

impl Ty {
    /// Go's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::Reflect => "reflect.Value",
            Ty::Str => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Float => "float64",
            Ty::Bool => "bool",
            Ty::Map => "map[string]interface {}",
            Ty::List => "[]interface {}",
            Ty::Strs => "[]string",
            Ty::Struct(name) => name,
        }
    }

    fn can_be_nil(self) -> bool {
        matches!(self, Ty::Any | Ty::Reflect | Ty::Map | Ty::List | Ty::Strs)
    }

    /// Whether a (non-nil) value of this Go type is assignable to the parameter.
    fn accepts(self, v: &Value) -> bool {
        match self {
            Ty::Any | Ty::Reflect => true,
            Ty::Str => matches!(v, Value::Str(_)),
            Ty::Int => matches!(v, Value::Int(_)),
            Ty::Int64 => matches!(v, Value::Int64(_)),
            Ty::Float => matches!(v, Value::Float(_)),
            Ty::Bool => matches!(v, Value::Bool(_)),
            Ty::Map => matches!(v, Value::Map(m) if m.elem == Elem::Any
                && (m.named.is_none() || m.named == Some("common.Values"))),
            Ty::List => matches!(v, Value::List(l) if l.elem == Elem::Any && l.named.is_none()),
            Ty::Strs => matches!(v, Value::List(l) if l.elem == Elem::Str && l.named.is_none()),
            Ty::Struct(name) => matches!(v, Value::Object(o) if !o.pointer && o.type_name == name),
        }
    }
}

/// What a function gets besides its arguments: the template set it runs in and the
/// per-render state (Helm's `include` counters, options).
pub struct Ctx<'a> {
    /// The set executing.
    pub set: &'a Set,
    /// The functions in scope.
    pub funcs: &'a Funcs,
    /// Per-render state.
    pub state: &'a mut State,
}

/// Mutable state shared by one render (all files and nested calls).
#[derive(Default)]
pub struct State {
    /// Nested `include` calls per template name (Helm's recursion guard).
    pub include_depth: HashMap<String, usize>,
    /// Nested `tpl` calls (Helm has no limit and crashes on runaway recursion; we stop it).
    pub tpl_depth: usize,
    /// Go's default `missingkey` option instead of Helm's `missingkey=zero`: a missing map
    /// key is the invalid value (printed `<no value>`) whatever the map's element type.
    pub missing_key_default: bool,
}

/// A function body: arguments already converted to the parameter types.
pub type FuncImpl = fn(&mut Ctx<'_>, Vec<Value>) -> Result<Value, GoError>;

/// A function the templates can call.
#[derive(Clone, Copy)]
pub struct Func {
    /// Fixed parameters.
    pub params: &'static [Ty],
    /// The variadic parameter's element type.
    pub variadic: Option<Ty>,
    /// The body.
    pub call: FuncImpl,
}

/// Functions by name, and methods by (Go type name, method name).
#[derive(Clone, Default)]
pub struct Funcs {
    /// Template functions (Go's builtins are added by the executor unless overridden).
    pub funcs: HashMap<&'static str, Func>,
    /// Methods by the receiver's Go type name, then method name; the receiver is the first
    /// argument.
    pub methods: HashMap<&'static str, HashMap<&'static str, Func>>,
}

impl Funcs {
    /// Whether a function exists (for the parser), builtins included.
    pub fn has(&self, name: &str) -> bool {
        self.funcs.contains_key(name) || super::builtins::lookup(name).is_some()
    }

    fn find(&self, name: &str) -> Option<(Func, bool)> {
        if let Some(f) = self.funcs.get(name) {
            return Some((*f, false));
        }
        super::builtins::lookup(name).map(|f| (f, true))
    }
}

/// One parsed template: its tree, and the file it was parsed from (for locations).
#[derive(Clone, Debug)]
pub struct Tree {
    /// The body.
    pub root: Rc<Vec<Node>>,
    /// `ParseName`: the name of the text the tree was parsed from.
    pub parse_name: Rc<str>,
    /// That text (positions are byte offsets into it).
    pub text: Rc<str>,
}

/// Parsed trees by template name, each behind an `Rc` so that copies of one text share them.
type SharedTrees = std::collections::BTreeMap<String, Rc<Vec<Node>>>;

fn shared_trees(parsed: parse::Parsed) -> SharedTrees {
    parsed
        .trees
        .into_iter()
        .map(|(n, root)| (n, Rc::new(root)))
        .collect()
}

/// A set of associated templates (Go's `*template.Template` and its namespace).
#[derive(Clone, Debug, Default)]
pub struct Set {
    trees: HashMap<String, Tree>,
}

impl Set {
    /// An empty set.
    pub fn new() -> Set {
        Set::default()
    }

    /// Parses `text` as template `name` and adds it and its definitions, as
    /// `t.New(name).Parse(text)` does: a definition with an empty body never replaces an
    /// existing one.
    pub fn parse(&mut self, name: &str, text: &str, funcs: &Funcs) -> Result<(), parse::Error> {
        let parsed = parse::parse(name, text, &|n| funcs.has(n))?;
        self.add_parsed(name, text, parsed);
        Ok(())
    }

    /// `parse` of several `(name, text)` in turn, the texts parsed on several threads when
    /// `split` holds; the first failure in order is returned with the name that failed, and
    /// nothing after it is added (as a sequence of `parse` calls would leave it).
    pub fn parse_all<'t>(
        &mut self,
        texts: &[(&'t str, &'t str)],
        funcs: &Funcs,
        split: bool,
    ) -> Result<(), (&'t str, parse::Error)> {
        // Identical texts (a library chart vendored into many subcharts) are parsed once,
        // under a name no template can have; each copy then gets its tree under its own name.
        // A text that fails, or that defines a template named like one of its files, is
        // parsed again under its own name, so that messages and definitions stay exact.
        const SHARED: &str = "\u{0}shared";
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut unique: Vec<&str> = Vec::new();
        let slots: Vec<usize> = texts
            .iter()
            .map(|(_, text)| {
                *first.entry(text).or_insert_with(|| {
                    unique.push(text);
                    unique.len() - 1
                })
            })
            .collect();
        let shared: Vec<Option<SharedTrees>> = crate::helm::par::map(&unique, split, |text| {
            parse::parse(SHARED, text, &|n| funcs.has(n)).ok()
        })
        .into_iter()
        .map(|p| p.map(shared_trees))
        .collect();
        for ((name, text), slot) in texts.iter().zip(slots) {
            let trees = match shared[slot].as_ref() {
                Some(trees) if !trees.contains_key(*name) => {
                    let mut trees = trees.clone();
                    if let Some(top) = trees.remove(SHARED) {
                        trees.insert(name.to_string(), top);
                    }
                    trees
                }
                _ => shared_trees(
                    parse::parse(name, text, &|n| funcs.has(n)).map_err(|e| (*name, e))?,
                ),
            };
            self.add_trees(name, text, trees);
        }
        Ok(())
    }

    fn add_parsed(&mut self, name: &str, text: &str, parsed: parse::Parsed) {
        self.add_trees(name, text, shared_trees(parsed));
    }

    /// Adds the trees parsed from `text` (named `name`); the trees may be shared with other
    /// sets or names.
    fn add_trees(&mut self, name: &str, text: &str, trees: SharedTrees) {
        let parse_name: Rc<str> = Rc::from(name);
        let text: Rc<str> = Rc::from(text);
        for (n, root) in trees {
            if let Some(old) = self.trees.get(&n) {
                if parse::is_empty_tree(&root) && n != name && !old.root.is_empty() {
                    continue;
                }
                if parse::is_empty_tree(&root) && n == name && !old.root.is_empty() {
                    continue;
                }
            }
            self.trees.insert(
                n,
                Tree {
                    root,
                    parse_name: parse_name.clone(),
                    text: text.clone(),
                },
            );
        }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.trees.contains_key(name)
    }

    /// `ExecuteTemplate(name, data)` with `missingkey=zero` (or Go's default, as `state` says).
    pub fn execute(
        &self,
        name: &str,
        data: &Value,
        funcs: &Funcs,
        state: &mut State,
        set_name: &str,
    ) -> Result<String, GoError> {
        let Some(tree) = self.trees.get(name) else {
            return Err(GoError::new(format!(
                "template: no template {} associated with template {}",
                printf::quote(name, false),
                printf::quote(set_name, false)
            )));
        };
        let mut ex = Exec {
            set: self,
            funcs,
            state,
            out: String::new(),
            vars: vec![("$".into(), Rv::plain(data.clone()))],
            depth: 0,
            name: Rc::from(name),
            tree: tree.clone(),
            at: Cur::None,
        };
        ex.walk_list(&Rv::plain(data.clone()), &tree.root)?;
        Ok(ex.out)
    }
}

/// A value in reflect position: whether it sits inside an `interface {}` (a map or slice
/// element) changes Go's messages (`in type interface {}`) and makes nil an error target.
#[derive(Clone, Debug)]
struct Rv {
    v: Value,
    iface: bool,
}

impl Rv {
    fn plain(v: Value) -> Rv {
        Rv { v, iface: false }
    }

    fn elem(v: Value, elem: Elem) -> Rv {
        Rv {
            iface: elem == Elem::Any,
            v,
        }
    }

    /// What a pipeline stage leaves: interfaces are unwrapped, a nil one becomes invalid.
    fn unwrap(self) -> Rv {
        match self.v {
            Value::Nil => Rv::plain(Value::Invalid),
            v => Rv::plain(v),
        }
    }

    fn type_name(&self) -> String {
        if self.iface || matches!(self.v, Value::Nil) {
            "interface {}".into()
        } else {
            self.v.type_name()
        }
    }
}

/// The node errors are reported at (Go's `state.node`).
#[derive(Clone, Copy)]
enum Cur<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type Res<T> = Result<T, GoError>;

/// `final` of Go's evalCall: the previous pipeline value, if any.
type Final = Option<Rv>;

struct Exec<'a> {
    set: &'a Set,
    funcs: &'a Funcs,
    state: &'a mut State,
    out: String,
    vars: Vec<(String, Rv)>,
    depth: usize,
    name: Rc<str>,
    tree: Tree,
    at: Cur<'a>,
}

fn number_is_int(n: &Number) -> bool {
    n.int.is_some()
}

impl<'a> Exec<'a> {
    fn errorf(&self, msg: impl Into<String>) -> GoError {
        self.errorf_wrap(msg.into(), None)
    }

    fn errorf_wrap(&self, msg: String, source: Option<GoError>) -> GoError {
        let (pos, context) = match self.at {
            Cur::None => {
                let m = format!("template: {}: {msg}", self.name);
                return GoError {
                    msg: m,
                    exec: true,
                    source: source.map(Box::new),
                };
            }
            Cur::Node(n) => (node_pos(n), n.to_string()),
            Cur::Pipe(p) => (p.pos, p.to_string()),
            Cur::Cmd(c) => (c.pos, c.to_string()),
            Cur::Arg(a) => (a.pos(), a.to_string()),
        };
        let text = &self.tree.text[..pos.min(self.tree.text.len())];
        let col = match text.rfind('\n') {
            None => pos,
            Some(i) => pos - (i + 1),
        };
        let line = 1 + text.matches('\n').count();
        let m = format!(
            "template: {}:{line}:{col}: executing {} at <{context}>: {msg}",
            self.tree.parse_name,
            printf::quote(&self.name, false)
        );
        GoError {
            msg: m,
            exec: true,
            source: source.map(Box::new),
        }
    }

    fn push(&mut self, name: &str, v: Rv) {
        self.vars.push((name.to_string(), v));
    }

    fn set_var(&mut self, name: &str, v: Rv) -> Res<()> {
        for (n, val) in self.vars.iter_mut().rev() {
            if n == name {
                *val = v;
                return Ok(());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    fn var_value(&self, name: &str) -> Res<Rv> {
        for (n, val) in self.vars.iter().rev() {
            if n == name {
                return Ok(val.clone());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    fn walk_list(&mut self, dot: &Rv, list: &'a [Node]) -> Res<Flow> {
        for n in list {
            match self.walk(dot, n)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Rv, node: &'a Node) -> Res<Flow> {
        // Deep template recursion (Go allows 100000 calls) grows the stack in segments.
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.walk_node(dot, node))
    }

    fn walk_node(&mut self, dot: &Rv, node: &'a Node) -> Res<Flow> {
        self.at = Cur::Node(node);
        match node {
            Node::Text { text, .. } => self.out.push_str(text),
            Node::Comment { .. } => {}
            Node::Action { pipe, .. } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at = Cur::Node(node);
                    self.print_value(&v.v);
                }
            }
            Node::If(b) => return self.walk_if_or_with(false, dot, b),
            Node::With(b) => return self.walk_if_or_with(true, dot, b),
            Node::Range(b) => return self.walk_range(dot, node, b),
            Node::Template { name, pipe, .. } => {
                let set: &'a Set = self.set;
                let Some(tree) = set.trees.get(name) else {
                    return Err(self.errorf(format!(
                        "template {} not defined",
                        printf::quote(name, false)
                    )));
                };
                if self.depth >= MAX_EXEC_DEPTH {
                    return Err(self.errorf(format!(
                        "exceeded maximum template depth ({MAX_EXEC_DEPTH})"
                    )));
                }
                let new_dot = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => Rv::plain(Value::Invalid),
                };
                let root: &'a [Node] = &tree.root;
                let saved_vars =
                    std::mem::replace(&mut self.vars, vec![("$".into(), new_dot.clone())]);
                let saved_name = std::mem::replace(&mut self.name, Rc::from(name.as_str()));
                let saved_tree = std::mem::replace(&mut self.tree, tree.clone());
                let saved_at = self.at;
                self.depth += 1;
                let r = self.walk_list(&new_dot, root);
                self.depth -= 1;
                self.vars = saved_vars;
                self.name = saved_name;
                self.tree = saved_tree;
                self.at = saved_at;
                r?;
            }
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn print_value(&mut self, v: &Value) {
        match v {
            Value::Invalid | Value::Nil => self.out.push_str("<no value>"),
            Value::Object(o) if o.pointer && o.stringer.is_none() && o.error.is_none() => {
                let plain = super::value::Object {
                    type_name: o.type_name.trim_start_matches('*').to_string(),
                    pointer: false,
                    fields: o.fields.clone(),
                    stringer: None,
                    error: None,
                    data: o.data.clone(),
                };
                self.out
                    .push_str(&printf::sprint1(&Value::Object(Rc::new(plain))));
            }
            v => self.out.push_str(&printf::sprint1(v)),
        }
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Rv, b: &'a Branch) -> Res<Flow> {
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.v.truth() {
                if with {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, dot: &Rv, node: &'a Node, r: &'a Branch) -> Res<Flow> {
        self.at = Cur::Node(node);
        let outer = self.vars.len();
        let res = self.walk_range_inner(dot, r);
        self.vars.truncate(outer);
        res.map(|_| Flow::Normal)
    }

    fn range_iteration(&mut self, r: &'a Branch, index: Rv, elem: Rv) -> Res<Flow> {
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0], index.clone())?;
                } else {
                    self.set_var(&decl[0], elem.clone())?;
                }
            } else {
                let n = self.vars.len();
                self.vars[n - 1].1 = elem.clone();
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1], elem.clone())?;
            } else {
                let n = self.vars.len();
                self.vars[n - 2].1 = index;
            }
        }
        let mark = self.vars.len();
        let res = self.walk_list(&elem, &r.list);
        self.vars.truncate(mark);
        res
    }

    fn walk_range_inner(&mut self, dot: &Rv, r: &'a Branch) -> Res<()> {
        let val = self.eval_pipeline(dot, &r.pipe)?.v;
        let mut ran = false;
        match &val {
            Value::Int(_)
            | Value::Int64(_)
            | Value::Int32(_)
            | Value::Uint8(_)
            | Value::Uint64(_) => {
                if r.pipe.decl.len() > 1 {
                    return Err(self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        printf::sprint1(&val)
                    )));
                }
                let n: i128 = match &val {
                    Value::Uint64(u) => *u as i128,
                    v => v.as_int().unwrap_or(0) as i128,
                };
                let mut i: i128 = 0;
                while i < n {
                    ran = true;
                    let e = match &val {
                        Value::Int(_) => Value::Int(i as i64),
                        Value::Int64(_) => Value::Int64(i as i64),
                        Value::Int32(_) => Value::Int32(i as i32),
                        Value::Uint8(_) => Value::Uint8(i as u8),
                        _ => Value::Uint64(i as u64),
                    };
                    if let Flow::Break =
                        self.range_iteration(r, Rv::plain(Value::Invalid), Rv::plain(e))?
                    {
                        break;
                    }
                    i += 1;
                }
            }
            Value::List(l) => {
                let len = l.items.borrow().len();
                let mut i = 0;
                while i < len {
                    let Some(e) = l.items.borrow().get(i).cloned() else {
                        break;
                    };
                    ran = true;
                    let flow = self.range_iteration(
                        r,
                        Rv::plain(Value::Int(i as i64)),
                        Rv::elem(e, l.elem),
                    )?;
                    if matches!(flow, Flow::Break) {
                        break;
                    }
                    i += 1;
                }
            }
            Value::Bytes(b) => {
                for (i, c) in b.iter().enumerate() {
                    ran = true;
                    let flow = self.range_iteration(
                        r,
                        Rv::plain(Value::Int(i as i64)),
                        Rv::plain(Value::Uint8(*c)),
                    )?;
                    if matches!(flow, Flow::Break) {
                        break;
                    }
                }
            }
            Value::Map(m) => {
                let entries: Vec<(String, Value)> = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, e) in entries {
                    ran = true;
                    let key = match m.keys.as_ref().and_then(|keys| keys.get(&k)) {
                        Some(key) => key.clone(),
                        None => Value::str(&k),
                    };
                    let flow = self.range_iteration(r, Rv::plain(key), Rv::elem(e, m.elem))?;
                    if matches!(flow, Flow::Break) {
                        break;
                    }
                }
            }
            Value::Invalid | Value::Nil => {}
            v => {
                return Err(self.errorf(format!("range can't iterate over {}", printf::sprint1(v))))
            }
        }
        if !ran {
            if let Some(e) = &r.else_list {
                self.walk_list(dot, e)?;
            }
        }
        Ok(())
    }

    fn eval_pipeline(&mut self, dot: &Rv, pipe: &'a Pipe) -> Res<Rv> {
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
            self.eval_pipeline_inner(dot, pipe)
        })
    }

    fn eval_pipeline_inner(&mut self, dot: &Rv, pipe: &'a Pipe) -> Res<Rv> {
        self.at = Cur::Pipe(pipe);
        let mut value: Final = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(v.unwrap());
        }
        let value = value.unwrap_or(Rv::plain(Value::Invalid));
        for d in &pipe.decl {
            if pipe.is_assign {
                self.set_var(d, value.clone())?;
            } else {
                self.push(d, value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Final) -> Res<()> {
        if args.len() > 1 || fin.is_some() {
            let first = match &args[0] {
                Arg::Pipe(p) => format!("{p}"),
                a => a.to_string(),
            };
            return Err(self.errorf(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Rv, cmd: &'a Command, fin: Final) -> Res<Rv> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => {
                self.at = Cur::Arg(first);
                return self.eval_field_chain(dot, dot.clone(), first, ident, &cmd.args, fin);
            }
            Arg::Chain { .. } => return self.eval_chain(dot, first, &cmd.args, fin),
            Arg::Identifier { name, .. } => {
                self.at = Cur::Arg(first);
                return self.eval_function(dot, name, Cur::Cmd(cmd), &cmd.args, fin);
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable { .. } => return self.eval_variable(dot, first, &cmd.args, fin),
            _ => {}
        }
        self.at = Cur::Arg(first);
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool { value, .. } => Ok(Rv::plain(Value::Bool(*value))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.errorf("nil is not a command")),
            Arg::Number { number, .. } => Ok(Rv::plain(self.ideal_constant(number)?)),
            Arg::String { text, .. } => Ok(Rv::plain(Value::str(text))),
            _ => Err(self.errorf(format!(
                "can't evaluate command {}",
                printf::quote(&first.to_string(), false)
            ))),
        }
    }

    fn ideal_constant(&self, n: &Number) -> Res<Value> {
        if let Some((re, im)) = n.complex {
            if n.int.is_none() && n.float.is_none() || n.text.ends_with('i') {
                return Ok(Value::Complex(re, im));
            }
        }
        let t = &n.text;
        let is_hex_int = t.len() > 2
            && t.starts_with('0')
            && (t.as_bytes()[1] == b'x' || t.as_bytes()[1] == b'X')
            && !t.contains(['p', 'P']);
        let is_rune = t.starts_with('\'');
        if let Some(f) = n.float {
            if !is_hex_int && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
                return Ok(Value::Float(f));
            }
        }
        if let Some(i) = n.int {
            return Ok(Value::Int(i));
        }
        if n.uint.is_some() {
            return Err(self.errorf(format!("{t} overflows int")));
        }
        Ok(Value::Invalid)
    }

    fn eval_chain(&mut self, dot: &Rv, chain: &'a Arg, args: &'a [Arg], fin: Final) -> Res<Rv> {
        self.at = Cur::Arg(chain);
        let Arg::Chain { node, fields, .. } = chain else {
            unreachable!("eval_chain on a chain")
        };
        if matches!(node.as_ref(), Arg::Nil { .. }) {
            return Err(self.errorf(format!("indirection through explicit nil in {chain}")));
        }
        let recv = self.eval_arg_untyped(dot, node)?;
        self.eval_field_chain(dot, recv, chain, fields, args, fin)
    }

    fn eval_variable(&mut self, dot: &Rv, var: &'a Arg, args: &'a [Arg], fin: Final) -> Res<Rv> {
        self.at = Cur::Arg(var);
        let Arg::Variable { ident, .. } = var else {
            unreachable!("eval_variable on a variable")
        };
        let value = self.var_value(&ident[0])?;
        if ident.len() == 1 {
            self.not_a_function(args, &fin)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, var, &ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Rv,
        mut recv: Rv,
        node: &'a Arg,
        ident: &'a [String],
        args: &'a [Arg],
        fin: Final,
    ) -> Res<Rv> {
        let n = ident.len();
        for f in &ident[..n - 1] {
            recv = self.eval_field(dot, f, node, &[], None, recv)?;
        }
        self.eval_field(dot, &ident[n - 1], node, args, fin, recv)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        dot: &Rv,
        field: &str,
        node: &'a Arg,
        args: &'a [Arg],
        fin: Final,
        recv: Rv,
    ) -> Res<Rv> {
        if matches!(recv.v, Value::Invalid) {
            return Ok(Rv::plain(Value::Invalid));
        }
        let typ = recv.type_name();
        if matches!(recv.v, Value::Nil) {
            return Err(self.errorf(format!("nil pointer evaluating {typ}.{field}")));
        }
        let method = match &recv.v {
            Value::Map(m) => m.named.and_then(|t| self.funcs.methods.get(t)),
            Value::List(l) => l.named.and_then(|t| self.funcs.methods.get(t)),
            Value::Object(o) => self.funcs.methods.get(o.type_name.as_str()),
            _ => None,
        }
        .and_then(|ms| ms.get(field))
        .copied();
        if let Some(m) = method {
            return self.eval_call(
                dot,
                m,
                false,
                Cur::Arg(node),
                field,
                args,
                fin,
                Some(recv.v),
            );
        }
        let has_args = args.len() > 1 || fin.is_some();
        match &recv.v {
            Value::Object(o) => {
                if let Some(v) = o.field(field) {
                    if has_args {
                        return Err(self.errorf(format!(
                            "{field} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(Rv::plain(v.clone()));
                }
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(format!("{field} is not a method but has arguments")));
                }
                let got = m.entries.borrow().get(field).cloned();
                return Ok(match got {
                    Some(v) => Rv::elem(v, m.elem),
                    // Go's default `missingkey`: the invalid value (`<no value>`).
                    None if self.state.missing_key_default => Rv::plain(Value::Invalid),
                    None => Rv::elem(m.elem.zero(), m.elem),
                });
            }
            _ => {}
        }
        Err(self.errorf(format!("can't evaluate field {field} in type {typ}")))
    }

    fn eval_function(
        &mut self,
        dot: &Rv,
        name: &str,
        node: Cur<'a>,
        args: &'a [Arg],
        fin: Final,
    ) -> Res<Rv> {
        let Some((f, builtin)) = self.funcs.find(name) else {
            return Err(self.errorf(format!(
                "{} is not a defined function",
                printf::quote(name, false)
            )));
        };
        self.eval_call(dot, f, builtin, node, name, args, fin, None)
    }

    /// Go's `validateType`.
    fn validate(&self, v: Rv, ty: Ty) -> Res<Value> {
        match v.v {
            Value::Invalid => {
                if ty.can_be_nil() {
                    return Ok(if ty == Ty::Reflect {
                        Value::Invalid
                    } else {
                        Value::Nil
                    });
                }
                Err(self.errorf(format!("invalid value; expected {}", ty.name())))
            }
            Value::Nil => match ty {
                Ty::Any | Ty::Reflect => Ok(Value::Nil),
                _ => Err(self.errorf(format!(
                    "wrong type for value; expected {}; got interface {{}}",
                    ty.name()
                ))),
            },
            v => {
                if ty.accepts(&v) {
                    Ok(v)
                } else {
                    Err(self.errorf(format!(
                        "wrong type for value; expected {}; got {}",
                        ty.name(),
                        v.type_name()
                    )))
                }
            }
        }
    }

    /// `evalArg` with a nil type (a chain's receiver).
    fn eval_arg_untyped(&mut self, dot: &Rv, n: &'a Arg) -> Res<Rv> {
        self.at = Cur::Arg(n);
        match n {
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Field { ident, .. } => {
                self.eval_field_chain(dot, dot.clone(), n, ident, std::slice::from_ref(n), None)
            }
            Arg::Variable { .. } => self.eval_variable(dot, n, &[], None),
            Arg::Pipe(p) => self.eval_pipeline(dot, p),
            Arg::Identifier { name, .. } => {
                self.eval_function(dot, name, Cur::Arg(n), std::slice::from_ref(n), None)
            }
            Arg::Chain { .. } => self.eval_chain(dot, n, &[], None),
            _ => Err(self.errorf(format!("can't handle {n} for arg of type <nil>"))),
        }
    }

    fn eval_arg(&mut self, dot: &Rv, ty: Ty, n: &'a Arg) -> Res<Value> {
        self.at = Cur::Arg(n);
        match n {
            Arg::Dot { .. } => return self.validate(dot.clone(), ty),
            Arg::Nil { .. } => {
                if ty.can_be_nil() {
                    return Ok(if ty == Ty::Reflect {
                        Value::Invalid
                    } else {
                        Value::Nil
                    });
                }
                return Err(self.errorf(format!("cannot assign nil to {}", ty.name())));
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_chain(
                    dot,
                    dot.clone(),
                    n,
                    ident,
                    std::slice::from_ref(n),
                    None,
                )?;
                return self.validate(v, ty);
            }
            Arg::Variable { .. } => {
                let v = self.eval_variable(dot, n, &[], None)?;
                return self.validate(v, ty);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, p)?;
                return self.validate(v, ty);
            }
            Arg::Identifier { name, .. } => {
                let v =
                    self.eval_function(dot, name, Cur::Arg(n), std::slice::from_ref(n), None)?;
                return self.validate(v, ty);
            }
            Arg::Chain { .. } => {
                let v = self.eval_chain(dot, n, &[], None)?;
                return self.validate(v, ty);
            }
            _ => {}
        }
        match ty {
            Ty::Bool => match n {
                Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
                _ => Err(self.errorf(format!("expected bool; found {n}"))),
            },
            Ty::Float => match n {
                Arg::Number { number, .. } if number.float.is_some() => {
                    Ok(Value::Float(number.float.unwrap_or(0.0)))
                }
                _ => Err(self.errorf(format!("expected float; found {n}"))),
            },
            Ty::Int | Ty::Int64 => match n {
                Arg::Number { number, .. } if number_is_int(number) => {
                    let i = number.int.unwrap_or(0);
                    Ok(if ty == Ty::Int {
                        Value::Int(i)
                    } else {
                        Value::Int64(i)
                    })
                }
                _ => Err(self.errorf(format!("expected integer; found {n}"))),
            },
            Ty::Str => match n {
                Arg::String { text, .. } => Ok(Value::str(text)),
                _ => Err(self.errorf(format!("expected string; found {n}"))),
            },
            Ty::Any | Ty::Reflect => match n {
                Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
                Arg::Number { number, .. } => self.ideal_constant(number),
                Arg::String { text, .. } => Ok(Value::str(text)),
                _ => Err(self.errorf(format!(
                    "can't handle assignment of {n} to empty interface argument"
                ))),
            },
            _ => Err(self.errorf(format!("can't handle {n} for arg of type {}", ty.name()))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        dot: &Rv,
        f: Func,
        builtin: bool,
        node: Cur<'a>,
        name: &str,
        args: &'a [Arg],
        fin: Final,
        recv: Option<Value>,
    ) -> Res<Rv> {
        let args: &'a [Arg] = if args.is_empty() { args } else { &args[1..] };
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = if f.variadic.is_some() {
            let nf = f.params.len();
            if num_in < nf {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {nf} got {}",
                    args.len()
                )));
            }
            nf
        } else {
            if num_in != f.params.len() {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want {} got {num_in}",
                    f.params.len()
                )));
            }
            args.len()
        };
        if builtin && (name == "and" || name == "or") {
            let want = name == "or";
            let mut v = Value::Invalid;
            for a in args {
                v = self.eval_arg(dot, Ty::Reflect, a)?;
                if unwrap_nil(&v).truth() == want {
                    return Ok(Rv::plain(unwrap_nil(&v)));
                }
            }
            if let Some(fv) = fin {
                v = self.validate(fv, Ty::Reflect)?;
            }
            return Ok(Rv::plain(unwrap_nil(&v)));
        }
        let mut argv: Vec<Value> = Vec::with_capacity(num_in + 1);
        if let Some(r) = recv {
            argv.push(r);
        }
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(dot, f.params[i], &args[i])?);
            i += 1;
        }
        if let Some(vt) = f.variadic {
            while i < args.len() {
                argv.push(self.eval_arg(dot, vt, &args[i])?);
                i += 1;
            }
        }
        if let Some(fv) = fin {
            let t = match f.variadic {
                Some(vt) if num_in > num_fixed => vt,
                _ => f.params[num_in - 1],
            };
            argv.push(self.validate(fv, t)?);
        }
        let mut ctx = Ctx {
            set: self.set,
            funcs: self.funcs,
            state: self.state,
        };
        match (f.call)(&mut ctx, argv) {
            Ok(v) => Ok(Rv::plain(v)),
            Err(e) => {
                self.at = node;
                let msg = format!("error calling {name}: {}", e.msg);
                Err(self.errorf_wrap(msg, Some(e)))
            }
        }
    }
}

/// A nil interface seen through `reflect.Value` builtins is the invalid value.
fn unwrap_nil(v: &Value) -> Value {
    match v {
        Value::Nil => Value::Invalid,
        v => v.clone(),
    }
}

fn node_pos(n: &Node) -> usize {
    match n {
        Node::Text { pos, .. }
        | Node::Comment { pos, .. }
        | Node::Action { pos, .. }
        | Node::Template { pos, .. }
        | Node::Break { pos, .. }
        | Node::Continue { pos, .. } => *pos,
        Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
    }
}
