//! ImagePolicy's tag selection as image-reflector-controller v1.2.4 does it: `filterTags`
//! (an unanchored Go regexp, `extract` expanded as Go's `Regexp.Expand`), then one of three
//! policies over the tags — `semver` (fluxcd/pkg's three-part rule, then a Masterminds range;
//! strictly greater wins, so the first of equals stays), `alphabetical` (Go byte order) and
//! `numerical` (Go's `ParseFloat` grammar; one non-number fails the whole policy; on equal
//! values the later tag wins).
//!
//! Tags come in the order the repository stores them (descending bytes). Where Flux's result
//! depends on Go's random map order (several extracted keys that compare equal), we take the
//! first tag in that order, which is what Flux's unfiltered path gives.

use crate::masterminds::{self, Constraint};

/// Why a policy cannot select, worded as Flux words it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    /// The spec cannot be used (bad range or regex): the object stalls.
    #[error("{0}")]
    Invalid(String),
    /// No tag could be selected.
    #[error("{0}")]
    NoTag(String),
}

/// Sort order of the alphabetical and numerical policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Ascending: the greatest wins.
    Asc,
    /// Descending: the smallest wins.
    Desc,
}

/// One of ImagePolicy's policies, ready to apply.
#[derive(Debug, Clone)]
pub enum Policy {
    /// `semver.range`.
    SemVer(Constraint),
    /// `alphabetical.order`.
    Alphabetical(Order),
    /// `numerical.order`.
    Numerical(Order),
}

impl Policy {
    /// The semver policy of `range`.
    pub fn semver(range: &str) -> Result<Policy, PolicyError> {
        Constraint::parse(range)
            .map(Policy::SemVer)
            .map_err(|e| PolicyError::Invalid(format!("invalid semver range '{range}': {e}")))
    }

    /// The latest of `tags` (in the repository's order), Flux's errors otherwise.
    pub fn latest<'a>(&self, tags: &[&'a str]) -> Result<&'a str, PolicyError> {
        if tags.is_empty() {
            return Err(PolicyError::NoTag(String::from(
                "version list argument cannot be empty",
            )));
        }
        match self {
            Policy::SemVer(c) => {
                let mut best: Option<(&str, semver::Version)> = None;
                for t in tags {
                    let Ok(v) = masterminds::parse_flux_version(t) else {
                        continue;
                    };
                    let greater = best.as_ref().is_none_or(|(_, b)| {
                        masterminds::cmp(&v, b) == std::cmp::Ordering::Greater
                    });
                    if c.matches(&v) && greater {
                        best = Some((t, v));
                    }
                }
                best.map(|(t, _)| t).ok_or_else(|| {
                    PolicyError::NoTag(String::from(
                        "unable to determine latest version from provided list",
                    ))
                })
            }
            Policy::Alphabetical(order) => {
                let pick = match order {
                    Order::Asc => tags.iter().max_by(|a, b| a.as_bytes().cmp(b.as_bytes())),
                    Order::Desc => tags.iter().min_by(|a, b| a.as_bytes().cmp(b.as_bytes())),
                };
                Ok(pick.copied().unwrap_or_default())
            }
            Policy::Numerical(order) => {
                let mut latest = "";
                let mut pv = 0.0;
                for (i, t) in tags.iter().enumerate() {
                    let cv = go_parse_float(t).ok_or_else(|| {
                        PolicyError::NoTag(format!("failed to parse invalid numeric value '{t}'"))
                    })?;
                    let skip = i > 0
                        && match order {
                            Order::Asc => cv < pv,
                            Order::Desc => cv > pv,
                        };
                    if !skip {
                        latest = t;
                        pv = cv;
                    }
                }
                Ok(latest)
            }
        }
    }
}

/// `filterTags`: the compiled pattern and the extract template.
#[derive(Debug, Clone)]
pub struct Filter {
    pattern: regex::Regex,
    extract: String,
}

impl Filter {
    /// Compiles `pattern` (Go RE2 syntax; Rust's `regex` accepts the same, `(?P<n>…)` and
    /// `(?<n>…)` alike).
    pub fn new(pattern: &str, extract: &str) -> Result<Filter, PolicyError> {
        regex::Regex::new(pattern)
            .map(|pattern| Filter {
                pattern,
                extract: extract.to_string(),
            })
            .map_err(|e| {
                PolicyError::Invalid(format!(
                    "invalid regular expression pattern '{pattern}': {e}"
                ))
            })
    }

    /// The (key, original tag) pairs the policy chooses among: tags the pattern matches
    /// anywhere, keyed by the expanded `extract` (or the tag); a later tag replaces an earlier
    /// one with the same key, as in Flux. Keys keep the order of their first tag.
    pub fn apply<'a>(&self, tags: &[&'a str]) -> Vec<(String, &'a str)> {
        let mut out: Vec<(String, &'a str)> = vec![];
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for t in tags {
            let Some(caps) = self.pattern.captures(t) else {
                continue;
            };
            let key = if self.extract.is_empty() {
                t.to_string()
            } else {
                let mut k = String::new();
                caps.expand(&self.extract, &mut k);
                k
            };
            match index.get(&key) {
                Some(&i) => out[i].1 = t,
                None => {
                    index.insert(key.clone(), out.len());
                    out.push((key, t));
                }
            }
        }
        out
    }
}

/// The tag `policy` selects among `tags` (in the repository's order) after `filter`.
pub fn select<'a>(
    policy: &Policy,
    filter: Option<&Filter>,
    tags: &[&'a str],
) -> Result<&'a str, PolicyError> {
    let Some(filter) = filter else {
        return policy.latest(tags);
    };
    let pairs = filter.apply(tags);
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    let key = policy.latest(&keys)?;
    let original = pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| *t)
        .unwrap_or_default();
    Ok(original)
}

/// Go's `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x…p…`) floats, `_` between
/// digits, `inf`/`infinity`/`nan` in any case; None where Go returns an error (including a
/// value out of range).
pub fn go_parse_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let (sign, unsigned) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, &lower[1..]),
        Some(b'+') => (1.0, &lower[1..]),
        _ => (1.0, lower.as_str()),
    };
    if unsigned == "inf" || unsigned == "infinity" {
        return Some(sign * f64::INFINITY);
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    if !underscores_ok(&lower) {
        return None;
    }
    let body: String = unsigned.chars().filter(|c| *c != '_').collect();
    let value = if let Some(hex) = body.strip_prefix("0x") {
        parse_hex_float(hex)?
    } else {
        parse_decimal(&body)?
    };
    value.is_finite().then_some(sign * value)
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscores_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let b = s.as_bytes();
    let (mut i, mut saw, hex) =
        if b.len() >= 2 && b[0] == b'0' && matches!(b[1], b'b' | b'o' | b'x') {
            (2, b'0', b[1] == b'x')
        } else {
            (0, b'^', false)
        };
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&c)) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `digits[.digits][e[+-]digits]` with at least one mantissa digit.
fn parse_decimal(s: &str) -> Option<f64> {
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let dots = mantissa.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != mantissa.len() {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    s.parse::<f64>().ok()
}

/// The part after `0x`: hex digits with an optional point, then a mandatory `p` exponent.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = s.split_once('p')?;
    let e = exponent.strip_prefix('+').unwrap_or(exponent);
    let (neg, e) = match e.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, e),
    };
    if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut exp: i64 = e.parse().unwrap_or(i64::MAX / 2);
    if neg {
        exp = -exp;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut value = 0.0f64;
    for c in int.chars().chain(frac.chars()) {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    exp -= 4 * frac.len() as i64;
    Some(value * 2f64.powi(exp.clamp(-2000, 2000) as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(desc: bool) -> Order {
        if desc {
            Order::Desc
        } else {
            Order::Asc
        }
    }

    /// Tags in the repository's order: descending bytes.
    fn stored(tags: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        v.sort_by(|a, b| b.as_bytes().cmp(a.as_bytes()));
        v
    }

    fn run(
        policy: &Policy,
        filter: Option<(&str, &str)>,
        tags: &[&str],
    ) -> Result<String, PolicyError> {
        let tags = stored(tags);
        let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let filter = filter.map(|(p, e)| Filter::new(p, e).unwrap());
        select(policy, filter.as_ref(), &refs).map(String::from)
    }

    fn semver(
        range: &str,
        filter: Option<(&str, &str)>,
        tags: &[&str],
    ) -> Result<String, PolicyError> {
        run(&Policy::semver(range).unwrap(), filter, tags)
    }

    #[test]
    fn semver_vectors_of_the_reference_table_select_as_flux() {
        let ok = |r: &str, f, tags: &[&str], want: &str| {
            assert_eq!(semver(r, f, tags).as_deref(), Ok(want), "{r} {tags:?}");
        };
        ok(
            "1.0.x",
            None,
            &["1.0.0", "1.0.0.1", "1.0.0p", "1.0.1", "1.2.0", "0.1.0"],
            "1.0.1",
        );
        ok("1.0.x", None, &["v1.2.3", "v1.0.0", "v0.1.0"], "v1.0.0");
        assert_eq!(
            semver("1.0.x", None, &["b1.2.3", "b1.0.0", "b0.1.0"]),
            Err(PolicyError::NoTag(String::from(
                "unable to determine latest version from provided list"
            )))
        );
        assert!(semver("1.0.x", None, &["1.2.0"]).is_err());
        ok(
            "1.0.x",
            None,
            &[
                "0.1.0",
                "0.1.1",
                "0.2.0",
                "1.0.0",
                "1.0.1",
                "1.0.2",
                "1.1.0-alpha",
            ],
            "1.0.2",
        );
        assert!(matches!(
            Policy::semver("*-*"),
            Err(PolicyError::Invalid(_))
        ));
        ok(
            ">=0.x",
            Some(("^test-(.*)$", "$1")),
            &[
                "test-0.1.0",
                "test-0.1.1",
                "dev-0.2.0",
                "1.0.0",
                "1.0.1",
                "1.0.2",
                "1.1.0-alpha",
            ],
            "test-0.1.1",
        );
        ok(">=1.0.0", None, &["1.0.0", "1.1.0-rc.1", "1.0.1"], "1.0.1");
        ok(
            ">=1.0.0-0",
            None,
            &["1.0.0", "1.1.0-rc.1", "1.0.1"],
            "1.1.0-rc.1",
        );
        ok(
            "^1.x-0",
            Some((".*-rc.*", "")),
            &[
                "1.0.0-rc.1",
                "1.0.0-rc.2",
                "1.1.0-rc.1",
                "1.1.0",
                "2.0.0-rc.1",
            ],
            "1.1.0-rc.1",
        );
        ok(">=1.0", None, &["1.2", "1.1.0", "v1.3"], "1.1.0");
        ok("*", None, &["1.0.0", "v1.0.0"], "v1.0.0");
        ok("*", None, &["1.0.0+b1", "1.0.0+b2"], "1.0.0+b2");
        ok("*", None, &["01.02.03", "1.2.2"], "01.02.03");
        ok(
            "1.x || >=3.0.0",
            None,
            &["1.5.0", "2.0.0", "3.1.0"],
            "3.1.0",
        );
        ok(
            "1.5.0 - 2.0.0",
            None,
            &["1.4.0", "1.5.0", "2.0.0", "2.0.1"],
            "2.0.0",
        );
        ok(">1.1 <2", None, &["1.1.5", "1.2.1", "2.0.0"], "1.2.1");
        ok(">1.1, <2", None, &["1.1.5", "1.2.1", "2.0.0"], "1.2.1");
        ok("~1.2.3", None, &["1.2.2", "1.2.9", "1.3.0"], "1.2.9");
        ok("^0.2.3", None, &["0.2.3", "0.2.9", "0.3.0"], "0.2.9");
        ok("^0.0.3", None, &["0.0.3", "0.0.4"], "0.0.3");
        ok("<=1.1", None, &["1.1.9", "1.2.0"], "1.1.9");
        ok("!=4.x", None, &["4.9.9", "5.0.0", "3.0.0"], "5.0.0");
        ok("= 2.0", None, &["2.0.0", "2.0.5", "2.1.0"], "2.0.5");
        ok("2", None, &["1.9.0", "2.3.4", "3.0.0"], "2.3.4");
        ok(
            "~1.1-alpha",
            None,
            &["1.1.1-beta", "1.1.0", "1.2.0"],
            "1.1.1-beta",
        );
        ok(">=0.0.0-0", None, &["1.2-rc.1.2", "1.1.0"], "1.2-rc.1.2");
        assert!(semver("*", None, &["V1.2.3", "1.2.3.4", "latest", "1.0.0-01"]).is_err());
        ok(
            "*",
            Some(("^(dev-)?v(?P<v>.*)$", "$v")),
            &["dev-v1.0.0", "v1.0.0", "v0.9.0"],
            "dev-v1.0.0",
        );
        // Flux picks at random between semver-equal keys; we take the first in stored order.
        ok(
            "*",
            Some((".*", "")),
            &["1.0.0", "v1.0.0", "0.9.0"],
            "v1.0.0",
        );
    }

    #[test]
    fn alphabetical_vectors_of_the_reference_table_select_as_flux() {
        let ok = |desc: bool, f, tags: &[&str], want: &str| {
            assert_eq!(
                run(&Policy::Alphabetical(order(desc)), f, tags).as_deref(),
                Ok(want),
                "{tags:?}"
            );
        };
        let ubuntu = ["16.04", "16.04.1", "16.10", "20.04", "20.10"];
        ok(false, None, &ubuntu, "20.10");
        ok(true, None, &ubuntu, "16.04");
        let names = ["xenial", "yakkety", "zesty", "artful", "bionic"];
        ok(false, None, &names, "zesty");
        ok(true, None, &names, "artful");
        ok(
            false,
            None,
            &[
                "2021-01-08T21-18-21Z",
                "2020-05-08T21-18-21Z",
                "2021-01-08T19-20-00Z",
                "1990-01-08T00-20-00Z",
                "2023-05-08T00-20-00Z",
            ],
            "2023-05-08T00-20-00Z",
        );
        ok(false, None, &["a", "B", "Z", "_"], "a");
        ok(false, None, &["9", "10", "100"], "9");
        ok(
            false,
            Some(("^main-[a-fA-F0-9]+-(?P<ts>.*)", "$ts")),
            &[
                "main-abc123-1606234201",
                "main-def456-1606364286",
                "dev-aaa-1700000000",
            ],
            "main-def456-1606364286",
        );
        ok(
            false,
            Some(("^RELEASE\\.(?P<timestamp>.*)Z$", "$timestamp")),
            &[
                "RELEASE.2021-01-08T21-18-21Z",
                "RELEASE.2023-05-08T00-20-00Z",
                "latest",
            ],
            "RELEASE.2023-05-08T00-20-00Z",
        );
        ok(false, Some(("^v(\\d+)$", "$1_")), &["v1", "v2", "v3"], "v1");
        ok(
            false,
            Some(("^v(\\d+)$", "${1}_")),
            &["v1", "v2", "v3"],
            "v3",
        );
        ok(
            false,
            Some(("rc", "")),
            &["1.0.0-rc.1", "rcx", "2.0.0"],
            "rcx",
        );
        assert_eq!(
            run(
                &Policy::Alphabetical(Order::Asc),
                Some(("^nomatch$", "")),
                &["a", "b"]
            ),
            Err(PolicyError::NoTag(String::from(
                "version list argument cannot be empty"
            )))
        );
    }

    #[test]
    fn numerical_vectors_of_the_reference_table_select_as_flux() {
        let ok = |desc: bool, f, tags: &[&str], want: &str| {
            assert_eq!(
                run(&Policy::Numerical(order(desc)), f, tags).as_deref(),
                Ok(want),
                "{tags:?}"
            );
        };
        ok(
            false,
            None,
            &[
                "-62", "-88", "73", "72", "15", "16", "15", "29", "-33", "-91",
            ],
            "73",
        );
        ok(
            true,
            None,
            &["5", "-8", "-78", "25", "70", "-4", "80", "92", "-20", "-24"],
            "-78",
        );
        let ts = [
            "1606234201",
            "1606364286",
            "1606334092",
            "1606334284",
            "1606334201",
        ];
        ok(false, None, &ts, "1606364286");
        ok(true, None, &ts, "1606234201");
        assert!(run(&Policy::Numerical(Order::Asc), None, &["0", "1a", "b"]).is_err());
        ok(false, None, &["1.5", "1.10"], "1.5");
        ok(false, None, &["1e3", "999"], "1e3");
        ok(false, None, &["1_000", "999"], "1_000");
        ok(false, None, &["0x1p4", "15"], "0x1p4");
        ok(false, None, &["Inf", "1"], "Inf");
        for bad in [["latest", "1"], ["0x10", "15"], ["0.0.1", "1"]] {
            assert!(
                run(&Policy::Numerical(Order::Asc), None, &bad).is_err(),
                "{bad:?}"
            );
        }
        assert_eq!(
            run(&Policy::Numerical(Order::Asc), None, &["latest", "1"]),
            Err(PolicyError::NoTag(String::from(
                "failed to parse invalid numeric value 'latest'"
            )))
        );
        ok(false, None, &["1", "1.0", "01"], "01");
        ok(true, None, &["1", "1.0", "01"], "01");
        ok(
            false,
            Some(("^build-(?P<n>\\d+)$", "$n")),
            &["build-9", "build-10", "latest"],
            "build-10",
        );
    }

    #[test]
    fn go_float_grammar_is_followed() {
        for (s, v) in [
            ("1", 1.0),
            ("-2.5", -2.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1E3", 1000.0),
            ("0x1.8p1", 3.0),
            ("1_0", 10.0),
            ("+inf", f64::INFINITY),
        ] {
            assert_eq!(go_parse_float(s), Some(v), "{s}");
        }
        assert!(go_parse_float("NaN").unwrap().is_nan());
        for s in [
            "", "_1", "1_", "1__0", "0x10", "1e", "e3", "1.2.3", "+nan", "1e400", "0x", "--1", "1 ",
        ] {
            assert_eq!(go_parse_float(s), None, "{s:?}");
        }
    }
}
