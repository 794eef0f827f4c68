//! Go's number formatting where templates print numbers: `strconv.FormatFloat(f, 'g', -1, 64)`
//! (what `%v`, `print`, `toString` and `quote` give a float64: shortest round-trip digits,
//! exponent form when the decimal exponent is below -4 or at least 6, two-digit signed
//! exponents) and `FormatFloat(f, 'f'|'e', -1, 64)`. The shortest digits come from Rust's
//! formatter, which also prints the shortest round-trip representation.

/// The shortest decimal digits of `|f|` and the position of the decimal point
/// (`0.d1d2… × 10^dp`), as Go's `strconv` computes them.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    if digits == "0" {
        return (digits, 1);
    }
    (digits, exp + 1)
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
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(format_g(f), want, "{f:?}");
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
