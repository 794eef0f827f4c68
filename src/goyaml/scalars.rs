//! go-yaml's scalar resolution shared by the YAML reader (kustomize) and the printer: Go's
//! integer and float parsing as YAML scalars use them, and which plain scalars go-yaml v2
//! would read back as a number or a timestamp (and so must be quoted when printed).

use serde_json::Value;

/// Parses digits in a radix as Go does: i64 first, then u64.
pub fn parse_radix(digits: &str, radix: u32, neg: bool) -> Option<Value> {
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    if neg {
        let v = i64::from_str_radix(&format!("-{digits}"), radix).ok()?;
        return Some(Value::Number(v.into()));
    }
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Some(Value::Number(v.into()));
    }
    u64::from_str_radix(digits, radix)
        .ok()
        .map(|v| Value::Number(v.into()))
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`.
pub fn go_parse_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        if mag <= (i64::MAX as u128) + 1 {
            return Some(Value::Number(((-(mag as i128)) as i64).into()));
        }
        return None;
    }
    if mag <= i64::MAX as u128 {
        Some(Value::Number((mag as i64).into()))
    } else if mag <= u64::MAX as u128 && !s.starts_with('+') {
        Some(Value::Number((mag as u64).into()))
    } else {
        None
    }
}

/// Whether go-yaml v2 reads a plain scalar starting with a digit or sign as a number or a
/// timestamp (so a string with that text must be quoted).
pub fn v2_reads_as_number_or_time(s: &str) -> bool {
    if looks_like_timestamp(s) {
        return true;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if go_parse_int(&plain).is_some() || is_yaml_float(&plain) && go_parse_float(&plain).is_some() {
        return true;
    }
    for prefix in ["0b", "-0b"] {
        if let Some(d) = plain.strip_prefix(prefix) {
            if parse_radix(d, 2, prefix.starts_with('-')).is_some() {
                return true;
            }
        }
    }
    false
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
pub fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML produces (no hex floats).
pub fn go_parse_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let t = lower.trim_start_matches(['+', '-']);
    if t == "inf" || t == "infinity" || t == "nan" {
        let f = if t == "nan" { f64::NAN } else { f64::INFINITY };
        return Some(if lower.starts_with('-') { -f } else { f });
    }
    if !s.bytes().any(|c| c.is_ascii_digit()) || s.contains('_') {
        return None;
    }
    s.parse::<f64>().ok()
}

/// Whether go-yaml would read the plain scalar as a timestamp (kept as a string when decoded).
pub fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    parse_go_timestamp(s)
}

/// Accepts `YYYY-M-D`, optionally followed by `T`/`t`/` ` and `h:m:s[.frac]` with `Z` or
/// `±hh:mm` (the last only after `T`/`t`).
fn parse_go_timestamp(s: &str) -> bool {
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some((&s[i..i + 1], &s[i + 1..]))),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return false;
    }
    let num = |p: &str, max_len: usize| {
        !p.is_empty() && p.len() <= max_len && p.bytes().all(|c| c.is_ascii_digit())
    };
    if !num(parts[1], 2) || !num(parts[2], 2) {
        return false;
    }
    let month: u32 = parts[1].parse().unwrap_or(0);
    let day: u32 = parts[2].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let Some((sep, time)) = rest else {
        return true;
    };
    let (clock, zone) = if sep == " " {
        (time, "")
    } else if let Some(t) = time.strip_suffix('Z') {
        (t, "Z")
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], &time[i..])
    } else {
        return false;
    };
    if sep != " " && zone.is_empty() {
        return false;
    }
    if zone.len() > 1 {
        let z = &zone[1..];
        let ok = z.len() == 5 && z.as_bytes()[2] == b':' && num(&z[..2], 2) && num(&z[3..], 2);
        if !ok {
            return false;
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let hp: Vec<&str> = hms.split(':').collect();
    hp.len() == 3 && hp.iter().all(|p| num(p, 2))
}
