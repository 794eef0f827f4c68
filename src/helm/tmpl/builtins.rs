//! Go's builtin template functions with their exact results and messages: `and`/`or` (the
//! executor short-circuits them), `not`, `len`, `index`, `slice`, `print`/`printf`/`println`,
//! `html`, `js`, `urlquery`, and the comparisons `eq` (any of several), `ne`, `lt`, `le`, `gt`,
//! `ge` with Go's kind rules (int and uint mix; int against float64 is an error; nil compares
//! equal only to nil).

use std::rc::Rc;

use super::exec::{Ctx, Func, GoError, Ty};
use super::printf;
use super::value::Value;

type R = Result<Value, GoError>;

const ZERO_TYPE: &str = "reflect: call of reflect.Value.Type on zero Value";

/// The builtin of that name.
pub fn lookup(name: &str) -> Option<Func> {
    let f = |params: &'static [Ty], variadic: Option<Ty>, call| Func {
        params,
        variadic,
        call,
    };
    const R1: &[Ty] = &[Ty::Reflect];
    const R2: &[Ty] = &[Ty::Reflect, Ty::Reflect];
    Some(match name {
        "and" | "or" => f(R1, Some(Ty::Reflect), not_called),
        "not" => f(R1, None, not),
        "len" => f(R1, None, len),
        "index" => f(R1, Some(Ty::Reflect), index),
        "slice" => f(R1, Some(Ty::Reflect), slice),
        "print" => f(&[], Some(Ty::Any), |_, a| {
            Ok(Value::str(printf::sprint(&a)))
        }),
        "println" => f(&[], Some(Ty::Any), |_, a| {
            Ok(Value::str(printf::sprintln(&a)))
        }),
        "printf" => f(&[Ty::Str], Some(Ty::Any), |_, a| {
            let fmt = a[0].as_str().unwrap_or_default().to_string();
            Ok(Value::str(printf::sprintf(&fmt, &a[1..])))
        }),
        "html" => f(&[], Some(Ty::Any), |_, a| {
            Ok(Value::str(html_escape(&eval_args(&a))))
        }),
        "js" => f(&[], Some(Ty::Any), |_, a| {
            Ok(Value::str(js_escape(&eval_args(&a))))
        }),
        "urlquery" => f(&[], Some(Ty::Any), |_, a| {
            Ok(Value::str(query_escape(&eval_args(&a))))
        }),
        "call" => f(R1, Some(Ty::Reflect), |_, a| {
            Err(GoError::new(format!(
                "non-function {} of type {}",
                printf::sprint1(&a[0]),
                a[0].type_name()
            )))
        }),
        "eq" => f(R1, Some(Ty::Reflect), eq),
        "ne" => f(R2, None, |_, a| {
            Ok(Value::Bool(!eq_values(&a[0], &a[1..])?))
        }),
        "lt" => f(R2, None, |_, a| Ok(Value::Bool(lt(&a[0], &a[1])?))),
        "le" => f(R2, None, |_, a| Ok(Value::Bool(le(&a[0], &a[1])?))),
        "gt" => f(R2, None, |_, a| Ok(Value::Bool(!le(&a[0], &a[1])?))),
        "ge" => f(R2, None, |_, a| Ok(Value::Bool(!lt(&a[0], &a[1])?))),
        _ => return None,
    })
}

fn not_called(_: &mut Ctx<'_>, _: Vec<Value>) -> R {
    Err(GoError::new("and/or are evaluated by the executor"))
}

fn not(_: &mut Ctx<'_>, a: Vec<Value>) -> R {
    Ok(Value::Bool(!a[0].truth()))
}

fn len(_: &mut Ctx<'_>, a: Vec<Value>) -> R {
    let n = match &a[0] {
        Value::Invalid => return Err(GoError::new(ZERO_TYPE)),
        Value::Nil => return Err(GoError::new("len of nil pointer")),
        Value::Str(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.items.borrow().len(),
        Value::Map(m) => m.entries.borrow().len(),
        v => return Err(GoError::new(format!("len of type {}", v.type_name()))),
    };
    Ok(Value::Int(n as i64))
}

fn index_arg(i: &Value, cap: usize) -> Result<usize, GoError> {
    let x: i64 = match i {
        Value::Uint64(u) => *u as i64,
        Value::Invalid | Value::Nil => {
            return Err(GoError::new("cannot index slice/array with nil"))
        }
        v => match v.as_int() {
            Some(x) => x,
            None => {
                return Err(GoError::new(format!(
                    "cannot index slice/array with type {}",
                    v.type_name()
                )))
            }
        },
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(GoError::new(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

fn index(_: &mut Ctx<'_>, a: Vec<Value>) -> R {
    let mut item = match &a[0] {
        Value::Invalid | Value::Nil => return Err(GoError::new("index of untyped nil")),
        v => v.clone(),
    };
    for idx in &a[1..] {
        let idx = match idx {
            Value::Nil => Value::Invalid,
            v => v.clone(),
        };
        item = match &item {
            Value::Nil => return Err(GoError::new("index of nil pointer")),
            Value::List(l) => {
                let items = l.items.borrow();
                let x = index_arg(&idx, items.len())?;
                match items.get(x) {
                    Some(v) => v.clone(),
                    None => return Err(GoError::new("reflect: slice index out of range")),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(&idx, b.len())?;
                match b.get(x) {
                    Some(c) => Value::Uint8(*c),
                    None => return Err(GoError::new("reflect: slice index out of range")),
                }
            }
            Value::Str(s) => {
                let x = index_arg(&idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(c) => Value::Uint8(*c),
                    None => return Err(GoError::new("reflect: string index out of range")),
                }
            }
            Value::Map(m) => {
                let key = match &idx {
                    Value::Str(k) => k.to_string(),
                    Value::Invalid => {
                        return Err(GoError::new("value is nil; should be of type string"))
                    }
                    v => {
                        return Err(GoError::new(format!(
                            "value has type {}; should be string",
                            v.type_name()
                        )))
                    }
                };
                let got = m.entries.borrow().get(&key).cloned();
                got.unwrap_or_else(|| m.elem.zero())
            }
            v => {
                return Err(GoError::new(format!(
                    "can't index item of type {}",
                    v.type_name()
                )))
            }
        };
    }
    Ok(item)
}

fn slice(_: &mut Ctx<'_>, a: Vec<Value>) -> R {
    let item = match &a[0] {
        Value::Invalid | Value::Nil => return Err(GoError::new("slice of untyped nil")),
        v => v.clone(),
    };
    let idxs = &a[1..];
    if idxs.len() > 3 {
        return Err(GoError::new(format!(
            "too many slice indexes: {}",
            idxs.len()
        )));
    }
    let len = match &item {
        Value::Str(s) => {
            if idxs.len() == 3 {
                return Err(GoError::new("cannot 3-index slice a string"));
            }
            s.len()
        }
        Value::List(l) => l.items.borrow().len(),
        Value::Bytes(b) => b.len(),
        v => {
            return Err(GoError::new(format!(
                "can't slice item of type {}",
                v.type_name()
            )))
        }
    };
    let mut idx = [0usize, len, len];
    for (i, x) in idxs.iter().enumerate() {
        idx[i] = index_arg(x, len)?;
    }
    if idx[0] > idx[1] {
        return Err(GoError::new(format!(
            "invalid slice index: {} > {}",
            idx[0], idx[1]
        )));
    }
    if idxs.len() == 3 && idx[1] > idx[2] {
        return Err(GoError::new(format!(
            "invalid slice index: {} > {}",
            idx[1], idx[2]
        )));
    }
    Ok(match &item {
        Value::Str(s) => Value::str(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]])),
        Value::Bytes(b) => Value::Bytes(Rc::from(&b[idx[0]..idx[1]])),
        Value::List(l) => Value::typed_list(l.elem, l.items.borrow()[idx[0]..idx[1]].to_vec()),
        _ => Value::Invalid,
    })
}

/// `evalArgs`: one string argument as is, otherwise `fmt.Sprint` of them all.
fn eval_args(a: &[Value]) -> String {
    if let [Value::Str(s)] = a {
        return s.to_string();
    }
    printf::sprint(a)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if (c as u32) >= 0x80 && (c.is_control() || c.is_whitespace()) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    Complex,
    Str,
}

fn basic_kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Int64(_) | Value::Int32(_) => Kind::Int,
        Value::Uint8(_) | Value::Uint64(_) => Kind::Uint,
        Value::Float(_) => Kind::Float,
        Value::Complex(..) => Kind::Complex,
        Value::Str(_) => Kind::Str,
        _ => Kind::Invalid,
    }
}

fn uint_of(v: &Value) -> u64 {
    match v {
        Value::Uint8(u) => *u as u64,
        Value::Uint64(u) => *u,
        _ => 0,
    }
}

fn indirect(v: &Value) -> Value {
    match v {
        Value::Nil => Value::Invalid,
        v => v.clone(),
    }
}

fn is_nil(v: &Value) -> bool {
    v.is_nil()
}

fn comparable_kind(v: &Value) -> &'static str {
    match v {
        Value::Invalid | Value::Nil => "invalid",
        Value::Map(_) => "map",
        Value::List(_) | Value::Bytes(_) => "slice",
        Value::Object(o) if o.pointer => "ptr",
        Value::Object(_) => "struct",
        _ => "basic",
    }
}

fn eq_values(a1: &Value, rest: &[Value]) -> Result<bool, GoError> {
    let a1 = indirect(a1);
    if rest.is_empty() {
        return Err(GoError::new("missing argument for comparison"));
    }
    let k1 = basic_kind(&a1);
    for a in rest {
        let a = indirect(a);
        let k2 = basic_kind(&a);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (Kind::Int, Kind::Uint) => {
                    let i = a1.as_int().unwrap_or(0);
                    i >= 0 && i as u64 == uint_of(&a)
                }
                (Kind::Uint, Kind::Int) => {
                    let i = a.as_int().unwrap_or(0);
                    i >= 0 && uint_of(&a1) == i as u64
                }
                _ => {
                    if !matches!(a1, Value::Invalid) && !matches!(a, Value::Invalid) {
                        return Err(GoError::new(format!(
                            "incompatible types for comparison: {} and {}",
                            a1.type_name(),
                            a.type_name()
                        )));
                    }
                    false
                }
            }
        } else {
            match k1 {
                Kind::Bool | Kind::Float | Kind::Complex | Kind::Str => scalar_eq(&a1, &a),
                Kind::Int => a1.as_int() == a.as_int(),
                Kind::Uint => uint_of(&a1) == uint_of(&a),
                Kind::Invalid => {
                    let (c1, c2) = (comparable_kind(&a1), comparable_kind(&a));
                    if c1 != c2 && c1 != "invalid" && c2 != "invalid" {
                        return Err(GoError::new(format!(
                            "non-comparable types {}: {}, {}: {}",
                            printf::sprintf("%s", std::slice::from_ref(&a1)),
                            a1.type_name(),
                            a.type_name(),
                            printf::sprint1(&a)
                        )));
                    }
                    if is_nil(&a1) || is_nil(&a) {
                        is_nil(&a1) == is_nil(&a)
                    } else {
                        match &a {
                            Value::Map(_) | Value::List(_) | Value::Bytes(_) => {
                                return Err(GoError::new(format!(
                                    "non-comparable type {}: {}",
                                    printf::sprintf("%s", std::slice::from_ref(&a)),
                                    a.type_name()
                                )))
                            }
                            Value::Object(o2) => match &a1 {
                                Value::Object(o1) => {
                                    if o1.pointer {
                                        Rc::ptr_eq(o1, o2)
                                    } else {
                                        a1.deep_equal(&a)
                                    }
                                }
                                _ => false,
                            },
                            _ => false,
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Complex(a, b), Value::Complex(c, d)) => a == c && b == d,
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}

fn eq(_: &mut Ctx<'_>, a: Vec<Value>) -> R {
    Ok(Value::Bool(eq_values(&a[0], &a[1..])?))
}

fn lt(a1: &Value, a2: &Value) -> Result<bool, GoError> {
    let a1 = indirect(a1);
    let a2 = indirect(a2);
    let bad = || GoError::new("invalid type for comparison");
    let k1 = basic_kind(&a1);
    if k1 == Kind::Invalid {
        return Err(bad());
    }
    let k2 = basic_kind(&a2);
    if k2 == Kind::Invalid {
        return Err(bad());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (Kind::Int, Kind::Uint) => {
                let i = a1.as_int().unwrap_or(0);
                Ok(i < 0 || (i as u64) < uint_of(&a2))
            }
            (Kind::Uint, Kind::Int) => {
                let i = a2.as_int().unwrap_or(0);
                Ok(i >= 0 && uint_of(&a1) < i as u64)
            }
            _ => Err(GoError::new(format!(
                "incompatible types for comparison: {} and {}",
                a1.type_name(),
                a2.type_name()
            ))),
        };
    }
    Ok(match (&a1, &a2) {
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Str(x), Value::Str(y)) => x.as_bytes() < y.as_bytes(),
        _ if k1 == Kind::Int => a1.as_int() < a2.as_int(),
        _ if k1 == Kind::Uint => uint_of(&a1) < uint_of(&a2),
        _ => return Err(bad()),
    })
}

fn le(a1: &Value, a2: &Value) -> Result<bool, GoError> {
    if lt(a1, a2)? {
        return Ok(true);
    }
    eq_values(a1, std::slice::from_ref(a2))
}
