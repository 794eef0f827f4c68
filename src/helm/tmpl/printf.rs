//! Go's `fmt` over template values: `Sprint` (what an action prints, `print`, `toString`),
//! `Sprintln` and `Sprintf` (`printf`) with Go's verbs, flags, width, precision, `*` and `%[n]`
//! argument indexes, and Go's inline error markers instead of errors (`%!d(float64=8080)`,
//! `%!s(MISSING)`, `%!(EXTRA string=x)`, `%!(BADINDEX)`). Maps print with sorted keys, a nil
//! inside a container as `<nil>`, `[]byte` as a list of numbers, Stringers through `String()`,
//! and `strconv.Quote`'s escaping for `%q`.

use std::fmt::Write as _;

use super::gofmt::format_float;
use super::value::{Elem, Value};

#[derive(Clone, Copy, Default)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprint(v)`: the `%v` form of one value (`<nil>` for nil).
pub fn sprint1(v: &Value) -> String {
    let mut out = String::new();
    print_arg(&mut out, v, 'v', &Flags::default(), 0);
    out
}

/// `fmt.Sprint(args...)`: a space between two operands only when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = matches!(a, Value::Str(_));
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default(), 0);
        prev_string = is_string;
    }
    out
}

/// `fmt.Sprintln(args...)`: operands separated by spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default(), 0);
    }
    out.push('\n');
    out
}

fn parse_num(f: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n: usize = 0;
    while i < f.len() && f[i].is_ascii_digit() {
        if n > 1_000_000 {
            return (None, f.len());
        }
        n = n * 10 + (f[i] - b'0') as usize;
        i += 1;
    }
    if i == start {
        (None, i)
    } else {
        (Some(n), i)
    }
}

struct State {
    arg_num: usize,
    reordered: bool,
    good_arg_num: bool,
}

impl State {
    /// `%[n]`: returns the new position and whether an index was read.
    fn arg_number(&mut self, f: &[u8], i: usize, nargs: usize) -> (usize, bool) {
        if i >= f.len() || f[i] != b'[' {
            return (i, false);
        }
        self.reordered = true;
        let Some(close) = f[i + 1..].iter().position(|c| *c == b']') else {
            self.good_arg_num = false;
            return (f.len(), false);
        };
        let inner = &f[i + 1..i + 1 + close];
        let (n, end) = parse_num(inner, 0);
        let next = i + close + 2;
        match n {
            Some(n) if end == inner.len() && n >= 1 && n - 1 < nargs => {
                self.arg_num = n - 1;
                (next, true)
            }
            Some(_) if end == inner.len() => {
                self.good_arg_num = false;
                (next, true)
            }
            _ => {
                self.good_arg_num = false;
                (next, false)
            }
        }
    }
}

fn int_from_arg(args: &[Value], st: &mut State) -> (Option<i64>, bool) {
    if st.arg_num >= args.len() {
        return (None, false);
    }
    let v = &args[st.arg_num];
    st.arg_num += 1;
    let n = match v {
        Value::Uint64(u) => i64::try_from(*u).ok(),
        v => v.as_int(),
    };
    match n {
        Some(n) if (-1_000_000..=1_000_000).contains(&n) => (Some(n), true),
        _ => (None, false),
    }
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let f = format.as_bytes();
    let end = f.len();
    let mut out = String::new();
    let mut st = State {
        arg_num: 0,
        reordered: false,
        good_arg_num: true,
    };
    let mut i = 0;
    'outer: while i < end {
        st.good_arg_num = true;
        let last = i;
        while i < end && f[i] != b'%' {
            i += 1;
        }
        if i > last {
            out.push_str(&format[last..i]);
        }
        if i >= end {
            break;
        }
        i += 1;
        let mut fl = Flags::default();
        while i < end {
            match f[i] {
                b'#' => fl.sharp = true,
                b'0' => fl.zero = !fl.minus,
                b'+' => fl.plus = true,
                b'-' => {
                    fl.minus = true;
                    fl.zero = false;
                }
                b' ' => fl.space = true,
                c => {
                    if c.is_ascii_lowercase() && st.arg_num < args.len() {
                        let verb = c as char;
                        if verb == 'v' {
                            fl.sharp_v = fl.sharp;
                            fl.sharp = false;
                            fl.plus_v = fl.plus;
                            fl.plus = false;
                        }
                        print_arg(&mut out, &args[st.arg_num], verb, &fl, 0);
                        st.arg_num += 1;
                        i += 1;
                        continue 'outer;
                    }
                    break;
                }
            }
            i += 1;
        }
        let (ni, mut after_index) = st.arg_number(f, i, args.len());
        i = ni;
        if i < end && f[i] == b'*' {
            i += 1;
            let (w, ok) = int_from_arg(args, &mut st);
            if !ok {
                out.push_str("%!(BADWIDTH)");
            } else if let Some(w) = w {
                if w < 0 {
                    fl.minus = true;
                    fl.zero = false;
                }
                fl.wid = Some(w.unsigned_abs() as usize);
            }
            after_index = false;
        } else {
            let (w, ni) = parse_num(f, i);
            i = ni;
            fl.wid = w;
            if after_index && w.is_some() {
                st.good_arg_num = false;
            }
        }
        if i + 1 < end && f[i] == b'.' {
            i += 1;
            if after_index {
                st.good_arg_num = false;
            }
            let (ni, ai) = st.arg_number(f, i, args.len());
            i = ni;
            after_index = ai;
            if i < end && f[i] == b'*' {
                i += 1;
                let (p, ok) = int_from_arg(args, &mut st);
                match p {
                    Some(p) if ok && p >= 0 => fl.prec = Some(p as usize),
                    _ => fl.prec = None,
                }
                if fl.prec.is_none() {
                    out.push_str("%!(BADPREC)");
                }
                after_index = false;
            } else {
                let (p, ni) = parse_num(f, i);
                i = ni;
                fl.prec = Some(p.unwrap_or(0));
            }
        }
        if !after_index {
            let (ni, ai) = st.arg_number(f, i, args.len());
            i = ni;
            let _ = ai;
        }
        if i >= end {
            out.push_str("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('?');
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
        } else if !st.good_arg_num {
            let _ = write!(out, "%!{verb}(BADINDEX)");
        } else if st.arg_num >= args.len() {
            let _ = write!(out, "%!{verb}(MISSING)");
        } else {
            if verb == 'v' {
                fl.sharp_v = fl.sharp;
                fl.sharp = false;
                fl.plus_v = fl.plus;
                fl.plus = false;
            }
            print_arg(&mut out, &args[st.arg_num], verb, &fl, 0);
            st.arg_num += 1;
        }
    }
    if !st.reordered && st.arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[st.arg_num..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if a.is_nil() {
                out.push_str("<nil>");
            } else {
                out.push_str(&a.type_name());
                out.push('=');
                print_arg(&mut out, a, 'v', &Flags::default(), 0);
            }
        }
        out.push(')');
    }
    out
}

fn pad(out: &mut String, s: &str, fl: &Flags) {
    let Some(w) = fl.wid else {
        out.push_str(s);
        return;
    };
    let n = s.chars().count();
    if n >= w {
        out.push_str(s);
        return;
    }
    let fill = if fl.zero && !fl.minus { '0' } else { ' ' };
    let padding: String = std::iter::repeat_n(fill, w - n).collect();
    if fl.minus {
        out.push_str(s);
        out.push_str(&padding);
    } else {
        out.push_str(&padding);
        out.push_str(s);
    }
}

fn bad_verb(out: &mut String, v: &Value, verb: char, fl: &Flags) {
    let _ = write!(out, "%!{verb}(");
    if v.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(&v.type_name());
        out.push('=');
        print_arg(out, v, 'v', fl, 0);
    }
    out.push(')');
}

fn print_arg(out: &mut String, v: &Value, verb: char, fl: &Flags, depth: usize) {
    if v.is_nil() {
        match verb {
            'T' | 'v' => pad(out, "<nil>", fl),
            _ => bad_verb(out, v, verb, fl),
        }
        return;
    }
    if verb == 'T' {
        pad(out, &v.type_name(), fl);
        return;
    }
    match v {
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, fl),
            _ => bad_verb(out, v, verb, fl),
        },
        Value::Int(i) | Value::Int64(i) => fmt_int(out, v, *i as u64, true, verb, fl),
        Value::Int32(i) => fmt_int(out, v, *i as i64 as u64, true, verb, fl),
        Value::Uint8(u) => fmt_int(out, v, *u as u64, false, verb, fl),
        Value::Uint64(u) => fmt_int(out, v, *u, false, verb, fl),
        Value::Float(f) => fmt_float(out, v, *f, verb, fl),
        Value::Complex(r, i) => match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let mut inner = *fl;
                inner.wid = None;
                let mut s = String::from("(");
                fmt_float(&mut s, &Value::Float(*r), *r, verb, &inner);
                let mut im = String::new();
                inner.plus = true;
                fmt_float(&mut im, &Value::Float(*i), *i, verb, &inner);
                s.push_str(&im);
                s.push_str("i)");
                pad(out, &s, fl);
            }
            _ => bad_verb(out, v, verb, fl),
        },
        Value::Str(s) => fmt_string(out, v, s, verb, fl),
        Value::Bytes(b) => match verb {
            'v' | 'd' if fl.sharp_v => {
                out.push_str("[]byte{");
                for (i, c) in b.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "0x{c:x}");
                }
                out.push('}');
            }
            's' => pad(out, &String::from_utf8_lossy(b), fl),
            'x' => fmt_hex_bytes(out, b, "0123456789abcdefx", fl),
            'X' => fmt_hex_bytes(out, b, "0123456789ABCDEFX", fl),
            'q' => fmt_string(out, v, &String::from_utf8_lossy(b), 'q', fl),
            _ => {
                out.push('[');
                for (i, c) in b.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    fmt_int(out, &Value::Uint8(*c), *c as u64, false, verb, fl);
                }
                out.push(']');
            }
        },
        Value::List(l) => {
            let items = l.items.borrow();
            if fl.sharp_v {
                out.push_str(&v.type_name());
                out.push('{');
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    print_elem(out, e, l.elem, verb, fl, depth + 1);
                }
                out.push('}');
                return;
            }
            out.push('[');
            for (i, e) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_elem(out, e, l.elem, verb, fl, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            let entries = m.entries.borrow();
            if fl.sharp_v {
                out.push_str(&v.type_name());
                out.push('{');
            } else {
                out.push_str("map[");
            }
            for (i, (k, e)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(if fl.sharp_v { ", " } else { " " });
                }
                match m.keys.as_ref().and_then(|keys| keys.get(k)) {
                    Some(key) => print_arg(out, key, verb, fl, depth + 1),
                    None => print_arg(out, &Value::str(k), verb, fl, depth + 1),
                }
                out.push(':');
                print_elem(out, e, m.elem, verb, fl, depth + 1);
            }
            out.push(if fl.sharp_v { '}' } else { ']' });
        }
        Value::Object(o) => {
            if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') && !fl.sharp_v {
                if let Some(s) = o.error.as_ref().or(o.stringer.as_ref()) {
                    fmt_string(out, &Value::str(s), s, verb, fl);
                    return;
                }
            }
            if o.pointer {
                if depth > 0 {
                    out.push_str("0xc000010000");
                    return;
                }
                out.push('&');
            }
            if fl.sharp_v {
                out.push_str(o.type_name.trim_start_matches('*'));
            }
            out.push('{');
            for (i, (name, f)) in o.fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(if fl.sharp_v { ", " } else { " " });
                }
                if fl.plus_v || fl.sharp_v {
                    out.push_str(name);
                    out.push(':');
                }
                print_arg(out, f, verb, fl, depth + 1);
            }
            out.push('}');
        }
        Value::Invalid | Value::Nil => unreachable!("handled above"),
    }
}

/// An element of a container: a nil interface prints `<nil>` (or `interface {}(nil)`).
fn print_elem(out: &mut String, e: &Value, elem: Elem, verb: char, fl: &Flags, depth: usize) {
    if e.is_nil() && elem == Elem::Any {
        if fl.sharp_v {
            out.push_str("interface {}(nil)");
        } else {
            out.push_str("<nil>");
        }
        return;
    }
    print_arg(out, e, verb, fl, depth);
}

fn fmt_hex_bytes(out: &mut String, b: &[u8], digits: &str, fl: &Flags) {
    let d = digits.as_bytes();
    let mut length = b.len();
    if let Some(p) = fl.prec {
        length = length.min(p);
    }
    let mut width = 2 * length;
    if width > 0 {
        if fl.space {
            if fl.sharp {
                width *= 2;
            }
            width += length - 1;
        } else if fl.sharp {
            width += 2;
        }
    } else {
        if let Some(w) = fl.wid {
            out.push_str(&" ".repeat(w));
        }
        return;
    }
    let fill = if fl.zero && !fl.minus { "0" } else { " " };
    if let Some(w) = fl.wid {
        if w > width && !fl.minus {
            out.push_str(&fill.repeat(w - width));
        }
    }
    if fl.sharp {
        out.push('0');
        out.push(d[16] as char);
    }
    for (i, c) in b[..length].iter().enumerate() {
        if fl.space && i > 0 {
            out.push(' ');
            if fl.sharp {
                out.push('0');
                out.push(d[16] as char);
            }
        }
        out.push(d[(c >> 4) as usize] as char);
        out.push(d[(c & 0xf) as usize] as char);
    }
    if let Some(w) = fl.wid {
        if w > width && fl.minus {
            out.push_str(&" ".repeat(w - width));
        }
    }
}

fn fmt_string(out: &mut String, v: &Value, s: &str, verb: char, fl: &Flags) {
    let truncated = |s: &str| -> String {
        match fl.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        }
    };
    match verb {
        'v' if fl.sharp_v => pad(out, &quote(s, false), fl),
        'v' | 's' => pad(out, &truncated(s), fl),
        'x' => fmt_hex_bytes(out, s.as_bytes(), "0123456789abcdefx", fl),
        'X' => fmt_hex_bytes(out, s.as_bytes(), "0123456789ABCDEFX", fl),
        'q' => {
            let s = truncated(s);
            if fl.sharp && can_backquote(&s) {
                pad(out, &format!("`{s}`"), fl);
            } else {
                pad(out, &quote(&s, fl.plus), fl);
            }
        }
        _ => bad_verb(out, v, verb, fl),
    }
}

fn fmt_int(out: &mut String, v: &Value, u: u64, signed: bool, verb: char, fl: &Flags) {
    const LOWER: &str = "0123456789abcdefx";
    const UPPER: &str = "0123456789ABCDEFX";
    match verb {
        'v' => {
            if fl.sharp_v && !signed {
                let mut f = *fl;
                f.sharp = true;
                integer(out, u, 16, signed, 'v', LOWER, &f);
            } else {
                integer(out, u, 10, signed, verb, LOWER, fl);
            }
        }
        'd' => integer(out, u, 10, signed, verb, LOWER, fl),
        'b' => integer(out, u, 2, signed, verb, LOWER, fl),
        'o' | 'O' => integer(out, u, 8, signed, verb, LOWER, fl),
        'x' => integer(out, u, 16, signed, verb, LOWER, fl),
        'X' => integer(out, u, 16, signed, verb, UPPER, fl),
        'c' => {
            let c = char::from_u32(u as u32)
                .filter(|_| u <= 0x10ffff)
                .unwrap_or('\u{fffd}');
            pad(out, &c.to_string(), fl);
        }
        'q' => {
            let c = char::from_u32(u as u32)
                .filter(|_| u <= 0x10ffff)
                .unwrap_or('\u{fffd}');
            pad(out, &quote_rune(c, fl.plus), fl);
        }
        'U' => {
            let mut s = format!("U+{u:04X}");
            if fl.sharp {
                if let Some(c) = char::from_u32(u as u32).filter(|c| is_print(*c)) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
            pad(out, &s, fl);
        }
        _ => bad_verb(out, v, verb, fl),
    }
}

fn integer(
    out: &mut String,
    u: u64,
    base: u64,
    signed: bool,
    verb: char,
    digits: &str,
    fl: &Flags,
) {
    let d = digits.as_bytes();
    let negative = signed && (u as i64) < 0;
    let mut u = if negative {
        (u as i64).unsigned_abs()
    } else {
        u
    };
    let mut prec = 0usize;
    if let Some(p) = fl.prec {
        prec = p;
        if p == 0 && u == 0 {
            if let Some(w) = fl.wid {
                out.push_str(&" ".repeat(w));
            }
            return;
        }
    } else if fl.zero && !fl.minus {
        if let Some(w) = fl.wid {
            prec = w;
            if negative || fl.plus || fl.space {
                prec = prec.saturating_sub(1);
            }
        }
    }
    let mut buf: Vec<u8> = Vec::new();
    while u >= base {
        buf.push(d[(u % base) as usize]);
        u /= base;
    }
    buf.push(d[u as usize]);
    while buf.len() < prec {
        buf.push(b'0');
    }
    if fl.sharp {
        match base {
            2 => buf.extend_from_slice(b"b0"),
            8 if buf.last() != Some(&b'0') => buf.push(b'0'),
            16 => {
                buf.push(d[16]);
                buf.push(b'0');
            }
            _ => {}
        }
    }
    if verb == 'O' {
        buf.extend_from_slice(b"o0");
    }
    if negative {
        buf.push(b'-');
    } else if fl.plus {
        buf.push(b'+');
    } else if fl.space {
        buf.push(b' ');
    }
    buf.reverse();
    let s = String::from_utf8(buf).unwrap_or_default();
    let mut f = *fl;
    f.zero = false;
    pad(out, &s, &f);
}

fn fmt_float(out: &mut String, v: &Value, x: f64, verb: char, fl: &Flags) {
    let (fmt, default_prec) = match verb {
        'v' => ('g', -1),
        'g' | 'G' => (verb, -1),
        'f' | 'F' => ('f', 6),
        'e' | 'E' => (verb, 6),
        _ => {
            bad_verb(out, v, verb, fl);
            return;
        }
    };
    let prec = fl.prec.map(|p| p as i32).unwrap_or(default_prec);
    let mut num = format_float(x, fmt, prec);
    if !num.starts_with('-') && !num.starts_with('+') {
        num.insert(0, '+');
    }
    if fl.space && num.starts_with('+') && !fl.plus {
        num.replace_range(0..1, " ");
    }
    let tail = &num[1..];
    if tail.starts_with('I') || tail.starts_with('N') {
        let mut f = *fl;
        f.zero = false;
        let shown = if tail.starts_with('N') && !fl.space && !fl.plus {
            tail.to_string()
        } else {
            num.clone()
        };
        pad(out, &shown, &f);
        return;
    }
    if fl.plus || !num.starts_with('+') {
        if fl.zero && !fl.minus {
            if let Some(w) = fl.wid {
                if w > num.len() {
                    out.push_str(&num[..1]);
                    out.push_str(&"0".repeat(w - num.len()));
                    out.push_str(&num[1..]);
                    return;
                }
            }
        }
        pad(out, &num, fl);
        return;
    }
    pad(out, &num[1..], fl);
}

/// Go's `strconv.IsPrint`, close enough for the characters charts hold.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
        )
        || ('\u{e000}'..='\u{f8ff}').contains(&c))
}

fn escape_char(out: &mut String, c: char, quote: char, ascii: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if (!ascii || (c as u32) < 0x80) && is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// `strconv.Quote` (or `QuoteToASCII`).
pub fn quote(s: &str, ascii: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        escape_char(&mut out, c, '"', ascii);
    }
    out.push('"');
    out
}

/// `strconv.QuoteRune`.
pub fn quote_rune(c: char, ascii: bool) -> String {
    let mut out = String::from("'");
    escape_char(&mut out, c, '\'', ascii);
    out.push('\'');
    out
}

fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{feff}' && (c == '\t' || !(c.is_control())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn f(n: f64) -> Value {
        Value::Float(n)
    }

    // Expected strings are Go's fmt output for the same Go values.
    #[test]
    fn sprintf_verbs_flags_and_markers_match_go() {
        let s = Value::str;
        for (fmt, args, want) in [
            ("%d", vec![f(8080.0)], "%!d(float64=8080)"),
            ("%d", vec![Value::Int64(42)], "42"),
            (
                "%05d|%-5d|%+d|% d",
                vec![Value::Int(-42), Value::Int(7), Value::Int(3), Value::Int(3)],
                "-0042|7    |+3| 3",
            ),
            (
                "%x %X %o %O %b %#x",
                vec![
                    Value::Int(255),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Int(8),
                    Value::Int(5),
                    Value::Int(255),
                ],
                "ff FF 10 0o10 101 0xff",
            ),
            ("%s and %s", vec![s("a")], "a and %!s(MISSING)"),
            (
                "%s",
                vec![s("a"), s("x"), Value::Int(1)],
                "a%!(EXTRA string=x, int=1)",
            ),
            ("%v %v", vec![f(1e6), f(1.5)], "1e+06 1.5"),
            (
                "%.2f %8.3f %-8.1e| %g %G",
                vec![f(3.17159), f(2.5), f(12345.678), f(1e-7), f(1e-7)],
                "3.17    2.500 1.2e+04 | 1e-07 1E-07",
            ),
            (
                "%q",
                vec![Value::list(vec![Value::Int(1), Value::Int(2)])],
                "['\\x01' '\\x02']",
            ),
            (
                "%q %q",
                vec![s("a\"b\n"), Value::Int32(97)],
                "\"a\\\"b\\n\" 'a'",
            ),
            (
                "%5s|%-5s|%.2s",
                vec![s("ab"), s("ab"), s("héllo")],
                "   ab|ab   |hé",
            ),
            (
                "%T %T %T %T",
                vec![f(1.0), Value::list(vec![]), Value::Nil, s("")],
                "float64 []interface {} <nil> string",
            ),
            ("%[2]s %[1]s", vec![s("a"), s("b")], "b a"),
            ("%[3]s", vec![s("a")], "%!s(BADINDEX)"),
            ("%*d", vec![Value::Int(4), Value::Int(1)], "   1"),
            ("%*d", vec![f(4.0), Value::Int(1)], "%!(BADWIDTH)1"),
            ("%", vec![], "%!(NOVERB)"),
            ("100%%", vec![], "100%"),
            ("%v", vec![Value::Nil], "<nil>"),
            ("%d", vec![Value::Nil], "%!d(<nil>)"),
            (
                "%t %v",
                vec![Value::Bool(true), Value::Bool(false)],
                "true false",
            ),
            ("%x", vec![s("hi")], "6869"),
            ("%06.2f|%+.1f", vec![f(-1.5), f(2.0)], "-01.50|+2.0"),
            ("%s", vec![Value::Int(5)], "%!s(int=5)"),
            (
                "%c%U",
                vec![Value::Int(65), Value::Int(0x1F600)],
                "AU+1F600",
            ),
        ] {
            assert_eq!(sprintf(fmt, &args), want, "{fmt}");
        }
    }

    #[test]
    fn sprint_spaces_only_between_non_strings_and_prints_containers_like_go() {
        let s = Value::str;
        assert_eq!(
            sprint(&[Value::Int(1), Value::Int(2), s("a"), Value::Int(3)]),
            "1 2a3"
        );
        assert_eq!(sprintln(&[s("a"), Value::Int(1)]), "a 1\n");
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Value::list(vec![s("x"), Value::Nil]));
        m.insert("a".to_string(), f(1e6));
        assert_eq!(sprint1(&Value::map(m)), "map[a:1e+06 b:[x <nil>]]");
        assert_eq!(
            sprint1(&Value::Bytes(std::rc::Rc::from(vec![104u8, 105]))),
            "[104 105]"
        );
        assert_eq!(
            sprintf("%#v", &[Value::list(vec![Value::Int(1), s("a")])]),
            "[]interface {}{1, \"a\"}"
        );
    }
}
