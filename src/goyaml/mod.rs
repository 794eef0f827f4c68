//! YAML printing exactly as Go's `sigs.k8s.io/yaml` prints a value (go-yaml v2): what Flux's
//! CLI writes for `--export`, `install --export`, generated files, and what `kustomize build`
//! prints for a resource. The CLI's printer ([`crate::output`]) and the kustomize engine share
//! it; the kyaml touch (keeping a scalar's source quote style) is an option of the same emitter.
//!
//! kustomize turns each resource into JSON and prints it with go-yaml v2 (through
//! `sigs.k8s.io/yaml`): map keys sorted with go-yaml's natural order, two-space indentation,
//! sequences in mappings not indented, strings quoted only when they would read back as another
//! type, multi-line strings as literal blocks, long scalars folded at 80 columns, and numbers
//! printed the way a JSON round trip leaves them. This module reproduces that printer; it owns
//! no Kubernetes knowledge.

pub mod scalars;

use std::cmp::Ordering;

use serde_json::Value;

/// Prints one document (a mapping, normally) followed by a newline.
pub fn to_yaml(value: &Value) -> String {
    to_yaml_keeping_quotes(value, None)
}

/// Like [`to_yaml`], but strings found in `quoted` are written in the quote style recorded
/// for them (`'` or `"`), as kyaml keeps a scalar's source style.
pub fn to_yaml_keeping_quotes(
    value: &Value,
    quoted: Option<&std::collections::HashMap<String, char>>,
) -> String {
    Emitter::new(quoted, false, false, BEST_WIDTH).document(value)
}

/// Prints one document as kyaml writes a node it read from go-yaml v2's text (Helm 4's
/// post-render output): v2's quoting and key order kept, no folding of long scalars, tabs
/// forcing double quotes, sequences not indented under their key.
pub fn to_yaml_kyaml(value: &Value) -> String {
    Emitter::new(None, false, true, i64::MAX).document(value)
}

/// Prints one document as go-yaml v3's encoder does with an indentation of 2 (Helm's
/// `toYamlPretty`): sequences indented under their key, no folding of long scalars, v3's
/// resolver deciding quotes (plus its YAML 1.1 booleans and base-60 floats), tabs forcing
/// double quotes, floats as `strconv.FormatFloat(f, 'g', -1, 64)`.
pub fn to_yaml_v3(value: &Value) -> String {
    Emitter::new(None, true, true, i64::MAX).document(value)
}

/// Prints one document as go-yaml v2 encodes a `MapSlice` whose keys were sorted byte-wise at
/// every level (fluxcd/pkg `chartutil.Encode` with `SortMapSlice`, the input of Flux's values
/// digests): v2's printer, keys in byte order instead of v2's natural order.
pub fn to_yaml_byte_sorted(value: &Value) -> String {
    let mut e = Emitter::new(None, false, false, BEST_WIDTH);
    e.byte_keys = true;
    e.document(value)
}

/// Prints several documents separated by `---` lines, as kustomize's `AsYaml` does.
pub fn to_yaml_stream<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(v));
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    SeqItem,
    MapKey,
    MapValue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter<'q> {
    quoted: Option<&'q std::collections::HashMap<String, char>>,
    /// go-yaml v3's rules instead of v2's.
    v3: bool,
    /// go-yaml v3's emitter: a tab rules out plain and single-quoted scalars.
    tabs_double: bool,
    /// The column past which scalars fold.
    width: i64,
    /// Map keys in byte order (a sorted `MapSlice`) instead of go-yaml's.
    byte_keys: bool,
    out: String,
    column: i64,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    flow_level: usize,
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: i64 = 80;

impl<'q> Emitter<'q> {
    fn new(
        quoted: Option<&'q std::collections::HashMap<String, char>>,
        v3: bool,
        tabs_double: bool,
        width: i64,
    ) -> Self {
        Emitter {
            quoted,
            v3,
            tabs_double,
            width,
            byte_keys: false,
            out: String::with_capacity(256),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            flow_level: 0,
        }
    }

    /// One document, ending with a newline.
    fn document(mut self, value: &Value) -> String {
        self.node(value, Ctx::Root);
        self.write_indent();
        self.out
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        ind: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, v: &Value, ctx: Ctx) {
        match v {
            Value::Object(m) if m.is_empty() => self.flow_empty("{", "}"),
            Value::Array(a) if a.is_empty() => self.flow_empty("[", "]"),
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                let v3 = self.v3;
                if self.byte_keys {
                    keys.sort();
                } else {
                    keys.sort_by(|a, b| key_order(a, b, v3));
                }
                self.increase_indent(false, false);
                for k in keys {
                    self.write_indent();
                    let key = Value::String(k.clone());
                    let simple = k.chars().count() <= 128
                        && !k.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']);
                    if simple {
                        self.node(&key, Ctx::MapKey);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.node(&key, Ctx::MapValue);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(&m[k.as_str()], Ctx::MapValue);
                }
                self.pop_indent();
            }
            Value::Array(items) => {
                let indentless = !self.v3 && ctx == Ctx::MapValue && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Ctx::SeqItem);
                }
                self.pop_indent();
            }
            Value::Null => self.scalar("null", Style::Plain, ctx),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, ctx),
            Value::Number(n) => {
                let text = match n.as_f64() {
                    Some(f) if self.v3 && n.is_f64() => go_format_g(f),
                    _ => number_text(n),
                };
                self.scalar(&text, Style::Plain, ctx)
            }
            Value::String(s) => {
                let kept = self.quoted.and_then(|q| q.get(s.as_str()));
                let style = if let Some(q) = kept {
                    if *q == '\'' {
                        Style::Single
                    } else {
                        Style::Double
                    }
                } else if s.contains('\n') {
                    Style::Literal
                } else if if self.v3 {
                    v3_plain_is_string(s)
                } else {
                    plain_is_string(s)
                } {
                    Style::Plain
                } else {
                    Style::Double
                };
                self.scalar(s, style, ctx)
            }
        }
    }

    fn flow_empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.flow_level += 1;
        self.flow_level -= 1;
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn scalar(&mut self, value: &str, requested: Style, ctx: Ctx) {
        let simple_key = ctx == Ctx::MapKey;
        let mut a = analyze(value);
        if self.tabs_double && value.contains('\t') {
            a.flow_plain_allowed = false;
            a.block_plain_allowed = false;
            a.single_quoted_allowed = false;
        }
        let mut style = requested;
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed)
                || (self.flow_level == 0 && !a.block_plain_allowed)
            {
                style = Style::Single;
            }
            if value.is_empty() && (self.flow_level > 0 || simple_key) {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || self.flow_level > 0 || simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain_or_single(value, allow_breaks, false),
            Style::Single => self.write_plain_or_single(value, allow_breaks, true),
            Style::Double => self.write_double(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    /// Plain and single-quoted scalars: the same folding, single quotes doubled inside quotes.
    /// A plain scalar may fold at any single space; a quoted one not at its ends.
    fn write_plain_or_single(&mut self, value: &str, allow_breaks: bool, quoted: bool) {
        if quoted {
            self.write_indicator("'", true, false, false);
        } else if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let inside = !quoted || (i > 0 && i + 1 < n);
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && inside
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if quoted && c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if quoted {
            self.write_indicator("'", false, false, false);
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let bom = value.starts_with('\u{feff}');
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let esc = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match esc {
                    Some(e) => self.put(e),
                    None => {
                        let v = c as u32;
                        let (p, w) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(p);
                        for k in (0..w).rev() {
                            let d = (v >> (k * 4)) & 0xf;
                            self.put(char::from_digit(d, 16).unwrap_or('0').to_ascii_uppercase());
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > self.width && i > 0 && i + 1 < n {
                    self.write_indent();
                    if chars[i + 1] == ' ' {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: indentation indicator when the text starts with a space or break,
        // chomping indicator from how the text ends.
        if value.starts_with(' ') || value.starts_with(is_break) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let chars: Vec<char> = value.chars().collect();
        let chomp = match chars.len() {
            0 => Some("-"),
            n if !is_break(chars[n - 1]) => Some("-"),
            1 => Some("+"),
            n if is_break(chars[n - 2]) => Some("+"),
            _ => None,
        };
        if let Some(ch) = chomp {
            self.write_indicator(ch, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's printable set; characters outside the BMP are not, so go-yaml escapes them.
fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let mut block_ind = false;
    let mut flow_ind = false;
    let mut line_breaks = false;
    let mut special = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;
    if value.starts_with("---") || value.starts_with("...") {
        block_ind = true;
        flow_ind = true;
    }
    let mut preceded_by_ws = true;
    let is_blank = |c: char| c == ' ' || c == '\t';
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws = i + 1 >= n || is_blank(chars[i + 1]) || is_break(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '-' if followed_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '#' if preceded_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_blank(c) || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_ind {
        a.flow_plain_allowed = false;
    }
    if block_ind {
        a.block_plain_allowed = false;
    }
    a
}

/// Whether go-yaml v2 would read the string back as a string when printed plain.
/// go-yaml v3's encoder: a string stays plain when v3 reads it back as a string and it is
/// neither a YAML 1.1 boolean nor a base-60 float.
fn v3_plain_is_string(s: &str) -> bool {
    const OLD_BOOLS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
        "OFF",
    ];
    if is_base60_float(s) || OLD_BOOLS.contains(&s) || s == "<<" {
        return false;
    }
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
        && scalars::looks_like_timestamp(s)
    {
        return false;
    }
    matches!(crate::kustomize::yaml::resolve_plain(s), Value::String(_))
}

fn plain_is_string(s: &str) -> bool {
    if is_base60_float(s) {
        return false;
    }
    v2_resolves_to_string(s)
}

/// go-yaml v2's resolver: booleans include yes/no/on/off/y/n, timestamps are their own type.
fn v2_resolves_to_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    let Some(first) = s.bytes().next() else {
        return false;
    };
    let hint = match first {
        b'+' | b'-' | b'0'..=b'9' => 'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => 'M',
        b'.' => '.',
        b'<' => 'M',
        _ => return true,
    };
    if SPECIAL.contains(&s) {
        return false;
    }
    match hint {
        '.' => scalars::go_parse_float(s).is_none(),
        'D' => !scalars::v2_reads_as_number_or_time(s),
        _ => true,
    }
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let len = i - start;
        if len == 0 || (len == 2 && b[start] > b'5') {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// The text a number has after kustomize's JSON round trip and go-yaml v2 printing.
pub fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let json = go_json_float(f);
    // go-yaml v2 reads the JSON text back: integers stay integers (and `-0` becomes `0`).
    if !json.contains(['.', 'e', 'E']) {
        if let Ok(i) = json.parse::<i64>() {
            return i.to_string();
        }
        if let Ok(u) = json.parse::<u64>() {
            return u.to_string();
        }
    }
    go_format_g(f)
}

/// Go's `encoding/json` text for a float64.
pub fn go_json_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let (neg, digits, exp) = shortest(f);
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        s.push_str(&exp.abs().to_string());
        s
    } else {
        let mut s = format!("{f}");
        if s == "-0" {
            s = String::from("-0");
        }
        s
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return String::from(".nan");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { ".inf" } else { "-.inf" });
    }
    if f == 0.0 {
        return String::from(if f.is_sign_negative() { "-0" } else { "0" });
    }
    let (neg, digits, exp) = shortest(f);
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if !(-4..6).contains(&exp) {
        s.push_str(&digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        let e = exp.abs();
        if e < 10 {
            s.push('0');
        }
        s.push_str(&e.to_string());
    } else if exp < 0 {
        s.push_str("0.");
        for _ in 0..(-exp - 1) {
            s.push('0');
        }
        s.push_str(&digits);
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            s.push_str(&digits);
            for _ in digits.len()..int_len {
                s.push('0');
            }
        } else {
            s.push_str(&digits[..int_len]);
            s.push('.');
            s.push_str(&digits[int_len..]);
        }
    }
    s
}

/// Shortest round-trip digits and decimal exponent (value = d.ddd × 10^exp).
fn shortest(f: f64) -> (bool, String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (
        f.is_sign_negative(),
        digits.to_string(),
        exp.parse().unwrap_or(0),
    )
}

/// go-yaml v2's natural key order: digit runs compare as numbers, letters before other runes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if less(a, b, false) {
        Ordering::Less
    } else if less(b, a, false) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn key_order(a: &str, b: &str, v3: bool) -> Ordering {
    if !v3 {
        return natural_cmp(a, b);
    }
    if less(a, b, true) {
        Ordering::Less
    } else if less(b, a, true) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// go-yaml's key order; v3 puts a letter after digits when the runs so far ended in a digit.
fn less(a: &str, b: &str, v3: bool) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    let mut digits = false;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            digits = ar[i].is_numeric();
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if v3 && digits { al } else { bl };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Whether a value is an empty mapping.
pub fn is_empty_object(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prints_like_go_yaml_v2() {
        let v = json!({"kind": "ConfigMap", "apiVersion": "v1", "data": {"b": "true", "a": "x: y", "c": "1.0", "d": "", "e": "line\nnext\n"}, "list": [{"name": "a", "v": 1}, [1, 2]], "empty": {}, "none": []});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\ndata:\n  a: 'x: y'\n  b: \"true\"\n  c: \"1.0\"\n  d: \"\"\n  e: |\n    line\n    next\nempty: {}\nkind: ConfigMap\nlist:\n- name: a\n  v: 1\n- - 1\n  - 2\nnone: []\n"
        );
    }

    #[test]
    fn keys_sort_naturally() {
        let mut keys = vec!["a10", "a2", "B", "a", "_x", "1"];
        keys.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(keys, vec!["_x", "1", "B", "a", "a2", "a10"]);
    }

    #[test]
    fn numbers_follow_the_json_round_trip() {
        for (f, want) in [
            (1.5, "1.5"),
            (3.0, "3"),
            (1e21, "1e+21"),
            (0.00001, "1e-05"),
            (1234567.5, "1.2345675e+06"),
            (100000.5, "100000.5"),
            (-0.0, "0"),
        ] {
            let n = serde_json::Number::from_f64(f).unwrap();
            assert_eq!(number_text(&n), want, "{f}");
        }
    }

    #[test]
    fn long_plain_strings_fold_at_80_columns() {
        let long = "word ".repeat(30);
        let out = to_yaml(&json!({ "k": long.trim_end() }));
        assert!(out.lines().count() > 1, "{out}");
    }
}
