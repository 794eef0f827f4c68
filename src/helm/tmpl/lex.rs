//! The lexer of Go's `text/template`, token for token: text between actions (with `{{-`/`-}}`
//! trimming), comments, and inside actions identifiers, keywords, fields, variables, numbers,
//! strings, raw strings, character constants, `:=`, `=`, `|`, parentheses and spaces. Errors
//! carry Go's messages (`unclosed action`, `bad number syntax: "3x"`, …) and the line they
//! occur on, so the parser can report `template: NAME:LINE: msg` as Go does.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An error; the token's value is Go's message.
    Error,
    /// `true` or `false`.
    Bool,
    /// A printable ASCII character not otherwise used (`,` …).
    Char,
    /// A character constant (`'a'`).
    CharConstant,
    /// A comment (only when comments are kept).
    Comment,
    /// A complex constant (`1+2i`).
    Complex,
    /// `=`.
    Assign,
    /// `:=`.
    Declare,
    /// End of input.
    Eof,
    /// `.Field` (a field name with its leading dot).
    Field,
    /// A function name.
    Identifier,
    /// `{{`.
    LeftDelim,
    /// `(`.
    LeftParen,
    /// A number (any syntax Go accepts).
    Number,
    /// `|`.
    Pipe,
    /// A raw string (backquoted), with its quotes.
    RawString,
    /// `}}`.
    RightDelim,
    /// `)`.
    RightParen,
    /// Spaces (and newlines) between tokens of an action.
    Space,
    /// A quoted string, with its quotes and escapes.
    String,
    /// Text outside actions.
    Text,
    /// `$` or `$name`.
    Variable,
    /// `block`.
    Block,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `.` alone.
    Dot,
    /// `define`.
    Define,
    /// `else`.
    Else,
    /// `end`.
    End,
    /// `if`.
    If,
    /// `nil`.
    Nil,
    /// `range`.
    Range,
    /// `template`.
    Template,
    /// `with`.
    With,
}

/// One token: its kind, byte offset, text and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte offset in the input.
    pub pos: usize,
    /// The text (or the error message).
    pub val: String,
    /// The line it starts on.
    pub line: usize,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

fn keyword(word: &str) -> Option<Kind> {
    Some(match word {
        "." => Kind::Dot,
        "block" => Kind::Block,
        "break" => Kind::Break,
        "continue" => Kind::Continue,
        "define" => Kind::Define,
        "else" => Kind::Else,
        "end" => Kind::End,
        "if" => Kind::If,
        "range" => Kind::Range,
        "nil" => Kind::Nil,
        "template" => Kind::Template,
        "with" => Kind::With,
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Go's `%#U` of a character: `U+0023 '#'`.
fn sharp_u(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

/// Go's `%q` of a string (the common cases: printable text, quotes and backslashes escaped,
/// control characters as `\n`, `\t`, `\x..`).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Splits a template into tokens, as Go's lexer does with the default delimiters.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    line: usize,
    start_line: usize,
    paren_depth: usize,
    tokens: Vec<Token>,
    /// Keep comments as tokens (Go's `Mode&ParseComments`).
    pub emit_comments: bool,
    /// `break`/`continue` are keywords (inside `range`; the parser toggles this).
    pub break_ok: bool,
    /// Same for `continue`.
    pub continue_ok: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer over `input`.
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            pos: 0,
            start: 0,
            line: 1,
            start_line: 1,
            paren_depth: 0,
            tokens: Vec::new(),
            emit_comments: false,
            break_ok: true,
            continue_ok: true,
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest().chars().next()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self, c: char) {
        self.pos -= c.len_utf8();
        if c == '\n' {
            self.line -= 1;
        }
    }

    fn emit(&mut self, kind: Kind) {
        let val = self.input[self.start..self.pos].to_string();
        self.tokens.push(Token {
            kind,
            pos: self.start,
            val,
            line: self.start_line,
        });
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn error(&mut self, message: String) {
        self.tokens.push(Token {
            kind: Kind::Error,
            pos: self.start,
            val: message,
            line: self.start_line,
        });
        self.start = self.input.len();
        self.pos = self.input.len();
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// All tokens, ending with `Eof` or the first `Error`.
    pub fn tokens(mut self) -> Vec<Token> {
        self.lex_text();
        self.tokens
    }

    /// Whether a trim marker follows at the start of an action: `- ` (dash and a space).
    fn left_trim_at(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
    }

    /// Whether the action ends here, and the length of its closing (` -}}` or `}}`).
    fn at_right_delim(&self) -> Option<(bool, usize)> {
        let r = self.rest();
        let b = r.as_bytes();
        if b.len() >= 2 + RIGHT.len()
            && is_space(b[0] as char)
            && b[1] == b'-'
            && r[2..].starts_with(RIGHT)
        {
            return Some((true, 2 + RIGHT.len()));
        }
        if r.starts_with(RIGHT) {
            return Some((false, RIGHT.len()));
        }
        None
    }

    fn lex_text(&mut self) {
        loop {
            let Some(x) = self.rest().find(LEFT) else {
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.line += self.input[self.start..self.pos].matches('\n').count();
                    self.emit_text(self.pos);
                }
                self.start = self.pos;
                self.start_line = self.line;
                self.emit(Kind::Eof);
                return;
            };
            self.pos += x;
            let after = &self.input[self.pos + LEFT.len()..];
            let trim = Self::left_trim_at(after);
            let mut text_end = self.pos;
            if trim {
                text_end = self.input[..self.pos]
                    .trim_end_matches([' ', '\t', '\r', '\n'])
                    .len()
                    .max(self.start);
            }
            self.line += self.input[self.start..self.pos].matches('\n').count();
            if text_end > self.start {
                self.emit_text(text_end);
            }
            self.start = self.pos;
            self.start_line = self.line;
            if !self.lex_left_delim(trim) {
                return;
            }
        }
    }

    fn emit_text(&mut self, end: usize) {
        let val = self.input[self.start..end].to_string();
        self.tokens.push(Token {
            kind: Kind::Text,
            pos: self.start,
            val,
            line: self.start_line,
        });
    }

    /// After `{{`: a comment, or the inside of an action. Returns whether lexing goes on.
    fn lex_left_delim(&mut self, trim: bool) -> bool {
        self.pos += LEFT.len();
        let trim_len = if trim { 2 } else { 0 };
        if self.input[self.pos + trim_len..].starts_with(LEFT_COMMENT) {
            self.pos += trim_len;
            self.start = self.pos;
            return self.lex_comment();
        }
        self.emit(Kind::LeftDelim);
        self.pos += trim_len;
        self.ignore();
        self.paren_depth = 0;
        self.lex_inside_action()
    }

    fn lex_comment(&mut self) -> bool {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.rest().find(RIGHT_COMMENT) else {
            self.error("unclosed comment".into());
            return false;
        };
        self.pos += x + RIGHT_COMMENT.len();
        let Some((trim, len)) = self.at_right_delim() else {
            self.error("comment ends before closing delimiter".into());
            return false;
        };
        if self.emit_comments {
            self.emit(Kind::Comment);
        }
        self.pos += len;
        self.ignore();
        if trim {
            self.skip_trailing_space();
        }
        true
    }

    fn skip_trailing_space(&mut self) {
        let n = self.rest().len()
            - self
                .rest()
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .len();
        self.pos += n;
        self.ignore();
    }

    /// Lexes one action; returns whether lexing goes on after it.
    fn lex_inside_action(&mut self) -> bool {
        loop {
            if let Some((trim, len)) = self.at_right_delim() {
                if self.paren_depth == 0 {
                    if trim {
                        // The space before the dash belongs to no token.
                        self.pos += 2;
                        self.ignore();
                        self.pos += len - 2;
                    } else {
                        self.pos += len;
                    }
                    self.emit(Kind::RightDelim);
                    if trim {
                        self.skip_trailing_space();
                    }
                    return true;
                }
                self.error("unclosed left paren".into());
                return false;
            }
            let Some(c) = self.next() else {
                self.error("unclosed action".into());
                return false;
            };
            match c {
                c if is_space(c) => {
                    self.backup(c);
                    self.lex_space();
                }
                '=' => self.emit(Kind::Assign),
                ':' => {
                    if self.next() != Some('=') {
                        self.error("expected :=".into());
                        return false;
                    }
                    self.emit(Kind::Declare);
                }
                '|' => self.emit(Kind::Pipe),
                '"' => {
                    if !self.lex_quote() {
                        return false;
                    }
                }
                '`' => {
                    if !self.lex_raw_quote() {
                        return false;
                    }
                }
                '$' => {
                    if !self.lex_variable() {
                        return false;
                    }
                }
                '\'' => {
                    if !self.lex_char() {
                        return false;
                    }
                }
                '.' => {
                    if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                        self.backup(c);
                        if !self.lex_number() {
                            return false;
                        }
                    } else if !self.lex_field() {
                        return false;
                    }
                }
                '+' | '-' | '0'..='9' => {
                    self.backup(c);
                    if !self.lex_number() {
                        return false;
                    }
                }
                c if is_alphanumeric(c) => {
                    self.backup(c);
                    if !self.lex_identifier() {
                        return false;
                    }
                }
                '(' => {
                    self.emit(Kind::LeftParen);
                    self.paren_depth += 1;
                }
                ')' => {
                    if self.paren_depth == 0 {
                        self.error("unexpected right paren".into());
                        return false;
                    }
                    self.paren_depth -= 1;
                    self.emit(Kind::RightParen);
                }
                c if c.is_ascii() && !c.is_ascii_control() => self.emit(Kind::Char),
                c => {
                    self.error(format!("unrecognized character in action: {}", sharp_u(c)));
                    return false;
                }
            }
        }
    }

    fn lex_space(&mut self) {
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            // A trim marker ends the run: ` -}}`.
            if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
                let r = self.rest();
                if r.len() > 1 && r.as_bytes()[1] == b'-' && r[2..].starts_with(RIGHT) {
                    break;
                }
            }
            self.next();
        }
        if self.pos > self.start {
            self.emit(Kind::Space);
        }
    }

    fn lex_identifier(&mut self) -> bool {
        while let Some(c) = self.next() {
            if !is_alphanumeric(c) {
                self.backup(c);
                break;
            }
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            self.error(format!("bad character {}", sharp_u(c)));
            return false;
        }
        let word = &self.input[self.start..self.pos];
        let kind = match keyword(word) {
            Some(Kind::Break) if !self.break_ok => Kind::Identifier,
            Some(Kind::Continue) if !self.continue_ok => Kind::Identifier,
            Some(k) => k,
            None if word.starts_with('.') => Kind::Field,
            None if word == "true" || word == "false" => Kind::Bool,
            None => Kind::Identifier,
        };
        self.emit(kind);
        true
    }

    fn lex_field(&mut self) -> bool {
        self.lex_field_or_variable(Kind::Field)
    }

    fn lex_variable(&mut self) -> bool {
        self.lex_field_or_variable(Kind::Variable)
    }

    fn lex_field_or_variable(&mut self, kind: Kind) -> bool {
        if self.at_terminator() {
            if kind == Kind::Variable {
                self.emit(Kind::Variable);
            } else {
                self.emit(Kind::Dot);
            }
            return true;
        }
        while let Some(c) = self.next() {
            if !is_alphanumeric(c) {
                self.backup(c);
                break;
            }
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            self.error(format!("bad character {}", sharp_u(c)));
            return false;
        }
        self.emit(kind);
        true
    }

    /// Whether the next character can end a word: space, end, `.`, `,`, `|`, `:`, `)`, `(`
    /// or the closing delimiter.
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    fn lex_char(&mut self) -> bool {
        self.lex_escaped('\'', Kind::CharConstant, "unterminated character constant")
    }

    /// A quoted literal with backslash escapes up to `close`; a newline or the end of input
    /// before it is the error `unterminated`.
    fn lex_escaped(&mut self, close: char, kind: Kind, unterminated: &str) -> bool {
        loop {
            match self.next() {
                Some('\\') => {
                    if self.next().is_some_and(|c| c != '\n') {
                        continue;
                    }
                    self.error(unterminated.into());
                    return false;
                }
                None | Some('\n') => {
                    self.error(unterminated.into());
                    return false;
                }
                Some(c) if c == close => break,
                _ => {}
            }
        }
        self.emit(kind);
        true
    }

    fn lex_number(&mut self) -> bool {
        if !self.scan_number() {
            let text = self.input[self.start..self.pos].to_string();
            self.error(format!("bad number syntax: {}", go_quote(&text)));
            return false;
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // A complex number: real part then imaginary part.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = self.input[self.start..self.pos].to_string();
                self.error(format!("bad number syntax: {}", go_quote(&text)));
                return false;
            }
            self.emit(Kind::Complex);
        } else {
            self.emit(Kind::Number);
        }
        true
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 10 + 1 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 16 + 6 + 1 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        // Go takes the offending character into the error text.
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> bool {
        self.lex_escaped('"', Kind::String, "unterminated quoted string")
    }

    fn lex_raw_quote(&mut self) -> bool {
        loop {
            match self.next() {
                None => {
                    self.error("unterminated raw quoted string".into());
                    return false;
                }
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(Kind::RawString);
        true
    }
}

/// The tokens of a template.
pub fn lex(input: &str) -> Vec<Token> {
    Lexer::new(input).tokens()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(Kind, String)> {
        lex(input).into_iter().map(|t| (t.kind, t.val)).collect()
    }

    fn k(kind: Kind, v: &str) -> (Kind, String) {
        (kind, v.to_string())
    }

    #[test]
    fn text_and_actions_split_at_the_delimiters() {
        assert_eq!(
            kinds("a {{.X.y | f 1}} b"),
            vec![
                k(Kind::Text, "a "),
                k(Kind::LeftDelim, "{{"),
                k(Kind::Field, ".X"),
                k(Kind::Field, ".y"),
                k(Kind::Space, " "),
                k(Kind::Pipe, "|"),
                k(Kind::Space, " "),
                k(Kind::Identifier, "f"),
                k(Kind::Space, " "),
                k(Kind::Number, "1"),
                k(Kind::RightDelim, "}}"),
                k(Kind::Text, " b"),
                k(Kind::Eof, ""),
            ]
        );
    }

    #[test]
    fn trim_markers_remove_all_neighbouring_whitespace() {
        assert_eq!(
            kinds("a \n\t{{- 3 -}} \n b"),
            vec![
                k(Kind::Text, "a"),
                k(Kind::LeftDelim, "{{"),
                k(Kind::Number, "3"),
                k(Kind::RightDelim, "}}"),
                k(Kind::Text, "b"),
                k(Kind::Eof, ""),
            ]
        );
        // `{{-3}}` is the number -3, not a trim marker.
        assert_eq!(kinds("x {{-3}}")[2], k(Kind::Number, "-3"));
        assert_eq!(kinds("x {{-3}}")[0], k(Kind::Text, "x "));
    }

    #[test]
    fn comments_are_dropped_and_must_touch_the_delimiters() {
        assert_eq!(
            kinds("a {{/* c */}} b {{- /* d */ -}} c"),
            vec![
                k(Kind::Text, "a "),
                k(Kind::Text, " b"),
                k(Kind::Text, "c"),
                k(Kind::Eof, ""),
            ]
        );
        let t = lex("{{/* c */ x}}");
        assert_eq!(
            t.last().unwrap().val,
            "comment ends before closing delimiter"
        );
        assert_eq!(lex("{{/* c").last().unwrap().val, "unclosed comment");
    }

    #[test]
    fn keywords_variables_declarations_and_literals() {
        assert_eq!(
            kinds("{{range $i, $v := .}}{{else}}{{end}}"),
            vec![
                k(Kind::LeftDelim, "{{"),
                k(Kind::Range, "range"),
                k(Kind::Space, " "),
                k(Kind::Variable, "$i"),
                k(Kind::Char, ","),
                k(Kind::Space, " "),
                k(Kind::Variable, "$v"),
                k(Kind::Space, " "),
                k(Kind::Declare, ":="),
                k(Kind::Space, " "),
                k(Kind::Dot, "."),
                k(Kind::RightDelim, "}}"),
                k(Kind::LeftDelim, "{{"),
                k(Kind::Else, "else"),
                k(Kind::RightDelim, "}}"),
                k(Kind::LeftDelim, "{{"),
                k(Kind::End, "end"),
                k(Kind::RightDelim, "}}"),
                k(Kind::Eof, ""),
            ]
        );
        let t = kinds(r#"{{"a\"b" `r` 'c' true nil 0x1F 1e3 1.5 $ (f)}}"#);
        let vals: Vec<Kind> = t
            .iter()
            .filter(|(k, _)| *k != Kind::Space)
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(
            vals,
            vec![
                Kind::LeftDelim,
                Kind::String,
                Kind::RawString,
                Kind::CharConstant,
                Kind::Bool,
                Kind::Nil,
                Kind::Number,
                Kind::Number,
                Kind::Number,
                Kind::Variable,
                Kind::LeftParen,
                Kind::Identifier,
                Kind::RightParen,
                Kind::RightDelim,
                Kind::Eof
            ]
        );
    }

    #[test]
    fn errors_carry_go_messages_and_lines() {
        let last = |s: &str| lex(s).pop().unwrap();
        assert_eq!(last("{{3x}}").val, "bad number syntax: \"3x\"");
        assert_eq!(last("{{\"abc}}").val, "unterminated quoted string");
        assert_eq!(last("{{`abc}}").val, "unterminated raw quoted string");
        assert_eq!(last("{{'a}}").val, "unterminated character constant");
        assert_eq!(last("{{ f").val, "unclosed action");
        assert_eq!(last("{{ (f }}").val, "unclosed left paren");
        assert_eq!(last("{{ f) }}").val, "unexpected right paren");
        assert_eq!(last("{{ a:b }}").val, "expected :=");
        assert_eq!(last("{{ a#b }}").val, "bad character U+0023 '#'");
        assert_eq!(last("{{ 1+2 }}").val, "bad number syntax: \"1+2\"");
        assert_eq!(last("{{ 0x1G }}").val, "bad number syntax: \"0x1G\"");
        assert_eq!(lex("{{ 1+2i }}")[2].kind, Kind::Complex);
        assert_eq!(lex("{{ é }}")[2].kind, Kind::Identifier);
        let e = last("line1\nline2 {{ \"x\n\" }}");
        assert_eq!((e.kind, e.line), (Kind::Error, 2));
    }

    #[test]
    fn actions_may_span_lines_and_lines_are_counted() {
        let t = lex("a\n{{ f\n .X }}\nb {{ g }}");
        let g = t.iter().find(|t| t.val == "g").unwrap();
        assert_eq!(g.line, 4);
        let x = t.iter().find(|t| t.val == ".X").unwrap();
        assert_eq!(x.line, 3);
    }
}
