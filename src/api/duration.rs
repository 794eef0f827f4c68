//! Go-style durations (`metav1.Duration`) as Flux writes them.
//!
//! Owns parsing of Go duration strings (`90s`, `1m30s`, `1.5h`, `250ms`) and printing them the
//! way Go's `time.Duration.String()` does (`1m0s`, `10m0s`, `1h0m0s`), so that `--export` output
//! and stored objects round-trip byte for byte with the Go Flux. Knows nothing about Kubernetes.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Pattern Flux puts on duration fields that accept hours.
pub const PATTERN_WITH_HOURS: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";
/// Pattern Flux puts on timeout fields that stop at minutes.
pub const PATTERN_UP_TO_MINUTES: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$";

/// A duration that serialises as a Go duration string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub std::time::Duration);

/// Why a Go duration string could not be parsed, worded as Go's `time.ParseDuration` words
/// it (`time: invalid duration "x"`, `time: missing unit in duration "10"`,
/// `time: unknown unit "d" in duration "1d"`); negative durations, which Go parses, are
/// refused as invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseDurationError {
    message: String,
}

impl Duration {
    /// Builds a duration from whole seconds.
    pub const fn from_secs(secs: u64) -> Self {
        Duration(std::time::Duration::from_secs(secs))
    }

    /// Builds a duration from milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        Duration(std::time::Duration::from_millis(ms))
    }

    /// The standard-library duration.
    pub fn std(&self) -> std::time::Duration {
        self.0
    }
}

impl From<std::time::Duration> for Duration {
    fn from(d: std::time::Duration) -> Self {
        Duration(d)
    }
}

impl FromStr for Duration {
    type Err = ParseDurationError;

    /// Parses Go's `time.ParseDuration` syntax: an optional sign (negative is refused),
    /// then one or more decimal numbers each followed by a unit (ns, us, µs, ms, s, m, h).
    /// A bare `0` is accepted, as Go does.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Go's quoting of the input (strconv.Quote) is Rust's Debug for printable text.
        let err = |reason: &str| ParseDurationError {
            message: match reason {
                "missing unit" => format!("time: missing unit in duration {s:?}"),
                _ => format!("time: invalid duration {s:?}"),
            },
        };
        let mut rest = s.strip_prefix('+').unwrap_or(s);
        if rest.starts_with('-') {
            return Err(err("negative durations are not allowed"));
        }
        if rest == "0" {
            return Ok(Duration::default());
        }
        if rest.is_empty() {
            return Err(err("empty duration"));
        }
        let mut total_nanos: u128 = 0;
        while !rest.is_empty() {
            let num_end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| err("missing unit"))?;
            let (num, tail) = rest.split_at(num_end);
            if num.is_empty() || num == "." || num.matches('.').count() > 1 {
                return Err(err("expected a number"));
            }
            let unit_end = tail
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(tail.len());
            let (unit, next) = tail.split_at(unit_end);
            let unit_nanos: u128 = match unit {
                "ns" => 1,
                "us" | "µs" | "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                "" => return Err(err("missing unit")),
                other => {
                    return Err(ParseDurationError {
                        message: format!("time: unknown unit {other:?} in duration {s:?}"),
                    })
                }
            };
            let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
            let int: u128 = if int_part.is_empty() {
                0
            } else {
                int_part.parse().map_err(|_| err("number out of range"))?
            };
            let mut value = int
                .checked_mul(unit_nanos)
                .ok_or_else(|| err("duration out of range"))?;
            // Fractions are truncated to the nanosecond, as Go does.
            let mut scale = unit_nanos;
            for digit in frac_part.chars() {
                scale /= 10;
                if scale == 0 {
                    break;
                }
                value += u128::from(digit.to_digit(10).unwrap_or(0)) * scale;
            }
            total_nanos = total_nanos
                .checked_add(value)
                .ok_or_else(|| err("duration out of range"))?;
            rest = next;
        }
        if total_nanos > i64::MAX as u128 {
            return Err(err("duration out of range"));
        }
        let secs = (total_nanos / 1_000_000_000) as u64;
        let nanos = (total_nanos % 1_000_000_000) as u32;
        Ok(Duration(std::time::Duration::new(secs, nanos)))
    }
}

impl fmt::Display for Duration {
    /// Prints like Go's `time.Duration.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.0.as_nanos();
        if nanos == 0 {
            return f.write_str("0s");
        }
        if nanos < 1_000_000_000 {
            // Sub-second: the largest unit that keeps the integer part non-zero.
            let (unit, div) = if nanos < 1_000 {
                ("ns", 1u128)
            } else if nanos < 1_000_000 {
                ("µs", 1_000)
            } else {
                ("ms", 1_000_000)
            };
            return write!(f, "{}{}", fraction(nanos, div), unit);
        }
        let hours = nanos / 3_600_000_000_000;
        let rem = nanos % 3_600_000_000_000;
        let minutes = rem / 60_000_000_000;
        let sec_nanos = rem % 60_000_000_000;
        let secs = fraction(sec_nanos, 1_000_000_000);
        if hours > 0 {
            write!(f, "{hours}h{minutes}m{secs}s")
        } else if minutes > 0 {
            write!(f, "{minutes}m{secs}s")
        } else {
            write!(f, "{secs}s")
        }
    }
}

/// Formats `value / div` with trailing zeros of the fraction removed.
fn fraction(value: u128, div: u128) -> String {
    let int = value / div;
    let frac = value % div;
    if frac == 0 {
        return int.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{frac:0width$}");
    format!("{int}.{}", digits.trim_end_matches('0'))
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Duration {
        s.parse().unwrap()
    }

    #[test]
    fn prints_like_go() {
        assert_eq!(d("1m").to_string(), "1m0s");
        assert_eq!(d("10m").to_string(), "10m0s");
        assert_eq!(d("1h").to_string(), "1h0m0s");
        assert_eq!(d("90s").to_string(), "1m30s");
        assert_eq!(d("60s").to_string(), "1m0s");
        assert_eq!(d("5s").to_string(), "5s");
        assert_eq!(d("750ms").to_string(), "750ms");
        assert_eq!(d("1.5s").to_string(), "1.5s");
        assert_eq!(d("1.5h").to_string(), "1h30m0s");
        assert_eq!(d("0").to_string(), "0s");
        assert_eq!(d("2h45m10.5s").to_string(), "2h45m10.5s");
    }

    #[test]
    fn parses_compound_and_fractional_units() {
        assert_eq!(d("1m30s").0, std::time::Duration::from_secs(90));
        assert_eq!(d(".5s").0, std::time::Duration::from_millis(500));
        assert_eq!(d("1h1m1s1ms1us1ns").0.as_nanos(), 3_661_001_001_001);
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in ["", "5", "5x", "-1s", "1..5s", "s", "1m 2s"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let v: Duration = serde_json::from_str("\"5m\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"5m0s\"");
    }
}
