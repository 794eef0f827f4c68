//! Go's number formatting where templates print numbers: `strconv.FormatFloat(f, 'g', -1, 64)`
//! (what `%v`, `print`, `toString` and `quote` give a float64: shortest round-trip digits,
//! exponent form when the decimal exponent is below -4 or at least 6, two-digit signed
//! exponents) and `FormatFloat(f, 'f'|'e', -1, 64)`. The shortest digits come from Rust's
//! formatter, which also prints the shortest round-trip representation.

/// The shortest decimal digits of `|f|` and the position of the decimal point
/// (`0.d1d2… × 10^dp`), as Go's `strconv` computes them.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = shortest_exp(f.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    if digits == "0" {
        return (digits, 1);
    }
    (digits, exp + 1)
}

/// Rust's shortest round-trip digits of a finite `a ≥ 0` in `{:e}` form, with Go's choice
/// when two shortest candidates are equally close (the exact value ends in 5 one digit
/// further): Go takes the even one (`2^-25` is `2.9802322387695312e-08`), Rust rounds up.
fn shortest_exp(a: f64) -> String {
    let s = format!("{a:e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    let n = digits.len();
    if digits.last().is_none_or(|d| (d - b'0').is_multiple_of(2)) {
        return s;
    }
    // One more digit, exact? Then the value lies halfway between two n-digit candidates.
    let longer = format!("{a:.n$e}");
    if longer.parse::<f64>().ok() != Some(a) {
        return s;
    }
    let (lm, le) = longer.split_once('e').unwrap_or((&longer, "0"));
    let ld: Vec<u8> = lm.bytes().filter(|c| *c != b'.').collect();
    if ld.last() != Some(&b'5') || le != exp {
        return s;
    }
    // Exactly halfway only if the full expansion ends there (a double has at most 767
    // significant decimal digits).
    let full = format!("{a:.800e}");
    let fm = full.split_once('e').map(|(m, _)| m).unwrap_or(&full);
    if fm
        .bytes()
        .filter(|c| *c != b'.')
        .skip(n + 1)
        .any(|c| c != b'0')
    {
        return s;
    }
    // The candidates are ld[..n] (down) and ld[..n] + 1 (up); Rust gave the odd one.
    let down = &ld[..n];
    let alt: Vec<u8> = if down == digits.as_slice() {
        return s;
    } else {
        down.to_vec()
    };
    let mut text = String::new();
    text.push(alt[0] as char);
    if n > 1 {
        text.push('.');
        text.extend(alt[1..].iter().map(|c| *c as char));
    }
    text.push('e');
    text.push_str(exp);
    if text.parse::<f64>().ok() == Some(a) {
        text
    } else {
        s
    }
}

fn special(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NaN")
    } else if f == f64::INFINITY {
        Some("+Inf")
    } else if f == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// `%e` with the digits given: `d.ddde±XX`.
fn exp_form(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    let exp = if digits == "0" { 0 } else { dp - 1 };
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

/// `%f` with `decimals` digits after the point, from the shortest digits.
fn fixed_form(neg: bool, digits: &str, dp: i32, decimals: usize) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if dp > 0 {
        let dp = dp as usize;
        if digits.len() >= dp {
            out.push_str(&digits[..dp]);
        } else {
            out.push_str(digits);
            out.push_str(&"0".repeat(dp - digits.len()));
        }
    } else {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for i in 0..decimals {
            let idx = dp + i as i32;
            let c = if idx < 0 {
                '0'
            } else {
                digits
                    .as_bytes()
                    .get(idx as usize)
                    .map(|b| *b as char)
                    .unwrap_or('0')
            };
            out.push(c);
        }
    }
    out
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`: `1e+06`, `123456`, `1e-05`, `0.0001`, `1.5`.
pub fn format_g(f: f64) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    let neg = f.is_sign_negative();
    let (digits, dp) = shortest_digits(f);
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        return exp_form(neg, &digits, dp);
    }
    let decimals = (digits.len() as i32 - dp).max(0) as usize;
    fixed_form(neg, &digits, dp, decimals)
}

/// `strconv.FormatFloat(f, 'f', -1, 64)`: no exponent, shortest digits.
pub fn format_f(f: f64) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    let (digits, dp) = shortest_digits(f);
    let decimals = (digits.len() as i32 - dp).max(0) as usize;
    fixed_form(f.is_sign_negative(), &digits, dp, decimals)
}

/// `strconv.FormatFloat(f, 'e', -1, 64)`: always the exponent form, shortest digits.
pub fn format_e(f: f64) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    let (digits, dp) = shortest_digits(f);
    exp_form(f.is_sign_negative(), &digits, dp)
}

/// A decimal as Go's `strconv` holds it: digits without leading or trailing zeros (empty for
/// zero) and the decimal point position (`0.d1d2… × 10^dp`).
struct Decimal {
    digits: Vec<u8>,
    dp: i32,
}

impl Decimal {
    /// Reads Rust's `{:e}` rendering (`1.2345e3`) of a finite, non-negative float.
    fn from_exp(s: &str) -> Decimal {
        let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
        let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
        let exp: i32 = exp.parse().unwrap_or(0);
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() {
            return Decimal { digits, dp: 0 };
        }
        Decimal {
            digits,
            dp: exp + 1,
        }
    }

    /// Reads Rust's fixed rendering (`123.4500`, `0.0012`) of a non-negative float.
    fn from_fixed(s: &str) -> Decimal {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
        let mut dp = int.len() as i32;
        while digits.first() == Some(&b'0') {
            digits.remove(0);
            dp -= 1;
        }
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() {
            dp = 0;
        }
        Decimal { digits, dp }
    }

    fn nd(&self) -> i32 {
        self.digits.len() as i32
    }
}

fn fmt_e(out: &mut String, d: &Decimal, prec: i32, e: char) {
    out.push(if d.digits.is_empty() {
        '0'
    } else {
        d.digits[0] as char
    });
    if prec > 0 {
        out.push('.');
        let mut i = 1;
        let m = d.nd().min(prec + 1);
        while i < m {
            out.push(d.digits[i as usize] as char);
            i += 1;
        }
        while i <= prec {
            out.push('0');
            i += 1;
        }
    }
    out.push(e);
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

fn fmt_f(out: &mut String, d: &Decimal, prec: i32) {
    if d.dp > 0 {
        let m = d.nd().min(d.dp);
        for i in 0..m {
            out.push(d.digits[i as usize] as char);
        }
        for _ in m..d.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = d.dp + i - 1;
            out.push(if j >= 0 && j < d.nd() {
                d.digits[j as usize] as char
            } else {
                '0'
            });
        }
    }
}

/// `strconv.FormatFloat(f, fmt, prec, 64)` for `fmt` in `e E f g G` (`prec < 0` is the
/// shortest representation that reads back exactly).
pub fn format_float(f: f64, fmt: char, prec: i32) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let a = f.abs();
    let shortest = prec < 0;
    let mut prec = prec;
    let d = if shortest {
        Decimal::from_exp(&shortest_exp(a))
    } else {
        match fmt {
            'f' => Decimal::from_fixed(&format!("{a:.*}", prec as usize)),
            'e' | 'E' => Decimal::from_exp(&format!("{a:.*e}", prec as usize)),
            _ => {
                if prec == 0 {
                    prec = 1;
                }
                Decimal::from_exp(&format!("{a:.*e}", (prec - 1) as usize))
            }
        }
    };
    if shortest {
        prec = match fmt {
            'e' | 'E' => d.nd() - 1,
            'f' => (d.nd() - d.dp).max(0),
            _ => d.nd(),
        };
    }
    match fmt {
        'e' | 'E' => fmt_e(&mut out, &d, prec, fmt),
        'f' => fmt_f(&mut out, &d, prec),
        _ => {
            let mut eprec = prec;
            if eprec > d.nd() && d.nd() >= d.dp {
                eprec = d.nd();
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.dp - 1;
            if exp < -4 || exp >= eprec {
                if prec > d.nd() {
                    prec = d.nd();
                }
                let e = if fmt == 'G' { 'E' } else { 'e' };
                fmt_e(&mut out, &d, prec - 1, e);
            } else {
                if prec > d.dp {
                    prec = d.nd();
                }
                fmt_f(&mut out, &d, (prec - d.dp).max(0));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected strings are Go's strconv.FormatFloat output for the same values.
    #[test]
    fn g_switches_to_exponents_below_minus_four_and_from_six() {
        for (f, want) in [
            (1000000.0, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (123456.0, "123456"),
            (0.00001, "1e-05"),
            (0.0001, "0.0001"),
            (1.0, "1"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1e21, "1e+21"),
            (123456789012.0, "1.23456789012e+11"),
            (0.1 + 0.2, "0.30000000000000004"),
            (8080.0, "8080"),
            (1e100, "1e+100"),
            (5e-324, "5e-324"),
            (2.0f64.powi(-25), "2.9802322387695312e-08"),
            (2.0f64.powi(-275), "1.6472184286297693e-83"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(format_g(f), want, "{f:?}");
        }
    }

    #[test]
    fn format_float_matches_go_with_and_without_precision() {
        // Go: strconv.FormatFloat(f, fmt, prec, 64).
        for (f, fmt, prec, want) in [
            (1000000.0, 'g', -1, "1e+06"),
            (0.0, 'g', -1, "0"),
            (0.0, 'e', -1, "0e+00"),
            (0.0, 'g', 3, "0"),
            (1.0, 'g', 3, "1"),
            (100.0, 'g', 3, "100"),
            (1234.0, 'g', 3, "1.23e+03"),
            (1.0, 'e', 3, "1.000e+00"),
            (3.17159, 'f', 2, "3.17"),
            (2.5, 'f', 0, "2"),
            (0.00123, 'f', 2, "0.00"),
            (0.00123, 'f', 4, "0.0012"),
            (-1.5, 'f', 3, "-1.500"),
            (123456789.0, 'f', -1, "123456789"),
            (1e-7, 'f', -1, "0.0000001"),
            (1e-7, 'G', -1, "1E-07"),
            (12.0, 'f', 6, "12.000000"),
            (0.000012345, 'g', 2, "1.2e-05"),
        ] {
            assert_eq!(format_float(f, fmt, prec), want, "{f} {fmt} {prec}");
        }
    }

    #[test]
    fn f_and_e_forms_keep_the_shortest_digits() {
        assert_eq!(format_f(1e6), "1000000");
        assert_eq!(format_f(1.5e-5), "0.000015");
        assert_eq!(format_f(123.456), "123.456");
        assert_eq!(format_e(1234.5), "1.2345e+03");
        assert_eq!(format_e(0.0), "0e+00");
        assert_eq!(format_e(-1e-7), "-1e-07");
    }
}
