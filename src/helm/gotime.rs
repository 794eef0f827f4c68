//! Go's `time` as Sprig's date functions use it: `time.Time` values (seconds, nanoseconds and
//! a fixed zone), `Format` and `Parse` with Go's reference layouts (`2006-01-02T15:04:05Z07:00`,
//! `Jan _2 15:04:05.000 MST`), `Time.String()`, and `Duration` parsing and printing (`1h2m3s`,
//! `1.5ms`, `0s`). Zones other than UTC and the local one are not in scope: they fall back to
//! UTC, as Sprig does when a zone cannot be loaded.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike, Utc};

/// A point in time with the zone it is shown in.
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    /// The instant.
    pub at: DateTime<FixedOffset>,
    /// The zone's abbreviation (`UTC`, `CET`, or `+0100` style when unknown).
    pub zone: String,
}

impl Time {
    /// Now, in the local zone.
    pub fn now() -> Time {
        let l = chrono::Local::now();
        let at = l.fixed_offset();
        let zone = if at.offset().local_minus_utc() == 0 {
            "UTC".to_string()
        } else {
            l.format("%Z").to_string()
        };
        Time { at, zone }
    }

    /// `time.Unix(secs, 0)` in the local zone.
    pub fn unix(secs: i64) -> Time {
        let utc = Utc.timestamp_opt(secs, 0).single().unwrap_or_default();
        let local = utc.with_timezone(&chrono::Local);
        let at = local.fixed_offset();
        let zone = if at.offset().local_minus_utc() == 0 {
            "UTC".to_string()
        } else {
            local.format("%Z").to_string()
        };
        Time { at, zone }
    }

    /// The same instant in `zone` (`UTC`, `Local`, or anything else: UTC).
    pub fn in_zone(&self, zone: &str) -> Time {
        match zone {
            "Local" | "" => Time::unix_nanos(self.at.timestamp(), self.at.timestamp_subsec_nanos()),
            _ => Time {
                at: self.at.with_timezone(&Utc).fixed_offset(),
                zone: "UTC".into(),
            },
        }
    }

    fn unix_nanos(secs: i64, nanos: u32) -> Time {
        let mut t = Time::unix(secs);
        t.at += chrono::Duration::nanoseconds(nanos as i64);
        t
    }

    /// Adds a duration in nanoseconds.
    pub fn add(&self, nanos: i64) -> Time {
        Time {
            at: self.at + chrono::Duration::nanoseconds(nanos),
            zone: self.zone.clone(),
        }
    }

    /// `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        format(self, "2006-01-02 15:04:05.999999999 -0700 MST")
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The layout elements Go recognises, longest first where they share a prefix.
const TOKENS: &[&str] = &[
    "January",
    "Monday",
    "2006",
    "-07:00:00",
    "-0700",
    "-07:00",
    "-07",
    "Z07:00:00",
    "Z0700",
    "Z07:00",
    "Z07",
    "Jan",
    "Mon",
    "MST",
    "002",
    "__2",
    "_2",
    "15",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "PM",
    "pm",
    "1",
    "2",
    "3",
    "4",
    "5",
];

fn zone_text(offset: i32, colon: bool, z: bool, short: bool, seconds: bool) -> String {
    if z && offset == 0 {
        return "Z".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let o = offset.unsigned_abs();
    let (h, m, s) = (o / 3600, (o / 60) % 60, o % 60);
    let mut out = format!("{sign}{h:02}");
    if short {
        return out;
    }
    if colon {
        out.push(':');
    }
    out.push_str(&format!("{m:02}"));
    if seconds {
        if colon {
            out.push(':');
        }
        out.push_str(&format!("{s:02}"));
    }
    out
}

/// `Time.Format(layout)`.
pub fn format(t: &Time, layout: &str) -> String {
    let at = &t.at;
    let off = at.offset().local_minus_utc();
    let mut out = String::new();
    let mut rest = layout;
    while !rest.is_empty() {
        // Fractional seconds: ".000" or ",999" after a seconds element or anywhere.
        if let Some(c) = rest.chars().next() {
            if (c == '.' || c == ',') && rest.len() > 1 {
                let digits: String = rest[1..]
                    .chars()
                    .take_while(|d| *d == '0' || *d == '9')
                    .collect();
                let uniform = !digits.is_empty()
                    && digits
                        .chars()
                        .all(|d| d == digits.chars().next().unwrap_or('0'));
                let next_is_digit = rest[1 + digits.len()..]
                    .chars()
                    .next()
                    .is_some_and(|d| d.is_ascii_digit());
                if uniform && !next_is_digit {
                    let nanos = format!("{:09}", at.nanosecond() % 1_000_000_000);
                    let n = digits.len().min(9);
                    let mut frac = nanos[..n].to_string();
                    if digits.starts_with('9') {
                        frac = frac.trim_end_matches('0').to_string();
                        if !frac.is_empty() {
                            out.push(c);
                            out.push_str(&frac);
                        }
                    } else {
                        out.push(c);
                        out.push_str(&frac);
                    }
                    rest = &rest[1 + digits.len()..];
                    continue;
                }
            }
        }
        let Some(tok) = TOKENS.iter().find(|t| rest.starts_with(**t)) else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let hour12 = |h: u32| if h.is_multiple_of(12) { 12 } else { h % 12 };
        let s = match *tok {
            "January" => MONTHS[at.month0() as usize].to_string(),
            "Jan" => MONTHS[at.month0() as usize][..3].to_string(),
            "Monday" => DAYS[at.weekday().num_days_from_sunday() as usize].to_string(),
            "Mon" => DAYS[at.weekday().num_days_from_sunday() as usize][..3].to_string(),
            "2006" => format!("{:04}", at.year()),
            "06" => format!("{:02}", at.year().rem_euclid(100)),
            "01" => format!("{:02}", at.month()),
            "1" => at.month().to_string(),
            "02" => format!("{:02}", at.day()),
            "_2" => format!("{:>2}", at.day()),
            "2" => at.day().to_string(),
            "002" => format!("{:03}", at.ordinal()),
            "__2" => format!("{:>3}", at.ordinal()),
            "15" => format!("{:02}", at.hour()),
            "03" => format!("{:02}", hour12(at.hour())),
            "3" => hour12(at.hour()).to_string(),
            "04" => format!("{:02}", at.minute()),
            "4" => at.minute().to_string(),
            "05" => format!("{:02}", at.second()),
            "5" => at.second().to_string(),
            "PM" => (if at.hour() >= 12 { "PM" } else { "AM" }).to_string(),
            "pm" => (if at.hour() >= 12 { "pm" } else { "am" }).to_string(),
            "MST" => t.zone.clone(),
            "-0700" => zone_text(off, false, false, false, false),
            "-07:00" => zone_text(off, true, false, false, false),
            "-07" => zone_text(off, false, false, true, false),
            "-07:00:00" => zone_text(off, true, false, false, true),
            "Z0700" => zone_text(off, false, true, false, false),
            "Z07:00" => zone_text(off, true, true, false, false),
            "Z07" => zone_text(off, false, true, true, false),
            "Z07:00:00" => zone_text(off, true, true, false, true),
            _ => String::new(),
        };
        out.push_str(&s);
        rest = &rest[tok.len()..];
    }
    out
}

/// `time.ParseInLocation(layout, value, Local)` for the numeric and named elements.
pub fn parse(layout: &str, value: &str) -> Result<Time, String> {
    let q = |x: &str| super::tmpl::printf::quote(x, false);
    let elem_err = |rest_v: &str, elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            q(value),
            q(layout),
            q(rest_v),
            q(elem)
        )
    };
    let err = || elem_err(value, layout);
    let (mut year, mut month, mut day, mut hour, mut min, mut sec, mut nanos) =
        (1i32, 1u32, 1u32, 0u32, 0u32, 0u32, 0u32);
    let mut offset: Option<i32> = None;
    let mut pm: Option<bool> = None;
    let mut rest = layout;
    let mut v = value;
    let num = |v: &mut &str, max: usize, fixed: bool| -> Result<u32, String> {
        let n: String = v
            .chars()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if n.is_empty() || (fixed && n.len() != max) {
            return Err(err());
        }
        *v = &v[n.len()..];
        n.parse().map_err(|_| err())
    };
    while !rest.is_empty() {
        if (rest.starts_with(".0") || rest.starts_with(".9")) && v.starts_with('.') {
            let digits: String = rest[1..]
                .chars()
                .take_while(|d| *d == '0' || *d == '9')
                .collect();
            rest = &rest[1 + digits.len()..];
            v = &v[1..];
            let f: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
            v = &v[f.len()..];
            nanos = format!("{f:0<9}")[..9].parse().unwrap_or(0);
            continue;
        }
        let Some(tok) = TOKENS.iter().find(|t| rest.starts_with(**t)) else {
            let c = rest.chars().next().unwrap_or_default();
            if !v.starts_with(c) {
                let lit: String = rest
                    .chars()
                    .take_while(|ch| !TOKENS.iter().any(|t| t.starts_with(*ch)))
                    .collect();
                return Err(elem_err(v, if lit.is_empty() { rest } else { &lit }));
            }
            rest = &rest[c.len_utf8()..];
            v = &v[c.len_utf8()..];
            continue;
        };
        let before = v;
        let step: Result<(), String> = (|| {
            match *tok {
                "2006" => year = num(&mut v, 4, true)? as i32,
                "06" => year = 2000 + num(&mut v, 2, true)? as i32,
                "01" => month = num(&mut v, 2, true)?,
                "1" => month = num(&mut v, 2, false)?,
                "02" => day = num(&mut v, 2, true)?,
                "_2" => {
                    v = v.trim_start_matches(' ');
                    day = num(&mut v, 2, false)?
                }
                "2" => day = num(&mut v, 2, false)?,
                "15" => hour = num(&mut v, 2, false)?,
                "03" => hour = num(&mut v, 2, true)?,
                "3" => hour = num(&mut v, 2, false)?,
                "04" => min = num(&mut v, 2, true)?,
                "4" => min = num(&mut v, 2, false)?,
                "05" => sec = num(&mut v, 2, true)?,
                "5" => sec = num(&mut v, 2, false)?,
                "PM" | "pm" => {
                    let p = v.get(..2).ok_or_else(err)?.to_ascii_uppercase();
                    pm = Some(p == "PM");
                    v = &v[2..];
                }
                "Jan" | "January" => {
                    let i = MONTHS
                        .iter()
                        .position(|m| {
                            let m = if *tok == "Jan" { &m[..3] } else { m };
                            v.starts_with(m)
                        })
                        .ok_or_else(err)?;
                    v = &v[if *tok == "Jan" { 3 } else { MONTHS[i].len() }..];
                    month = i as u32 + 1;
                }
                "Mon" | "Monday" => {
                    let i = DAYS
                        .iter()
                        .position(|d| v.starts_with(if *tok == "Mon" { &d[..3] } else { d }))
                        .ok_or_else(err)?;
                    v = &v[if *tok == "Mon" { 3 } else { DAYS[i].len() }..];
                }
                "MST" => {
                    let z: String = v.chars().take_while(|c| c.is_ascii_uppercase()).collect();
                    if z == "UTC" || z == "GMT" {
                        offset = Some(0);
                    }
                    v = &v[z.len()..];
                }
                t if t.starts_with('Z') && v.starts_with('Z') => {
                    v = &v[1..];
                    offset = Some(0);
                }
                t if t.starts_with('-') || t.starts_with('Z') => {
                    let sign = match v.chars().next() {
                        Some('+') => 1,
                        Some('-') => -1,
                        _ => return Err(err()),
                    };
                    v = &v[1..];
                    let h = num(&mut v, 2, true)? as i32;
                    let mut m = 0;
                    if t.contains("00") || t.ends_with("0700") {
                        if v.starts_with(':') {
                            v = &v[1..];
                        }
                        m = num(&mut v, 2, true)? as i32;
                    }
                    offset = Some(sign * (h * 3600 + m * 60));
                }
                _ => return Err(err()),
            }
            Ok(())
        })();
        if step.is_err() {
            return Err(elem_err(before, tok));
        }
        rest = &rest[tok.len()..];
    }
    if !v.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            super::tmpl::printf::quote(value, false),
            super::tmpl::printf::quote(v, false)
        ));
    }
    if let Some(p) = pm {
        if p && hour < 12 {
            hour += 12;
        } else if !p && hour == 12 {
            hour = 0;
        }
    }
    let naive = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_nano_opt(hour, min, sec, nanos))
        .ok_or_else(|| {
            format!(
                "parsing time {}: day out of range",
                super::tmpl::printf::quote(value, false)
            )
        })?;
    match offset {
        Some(o) => {
            let tz = FixedOffset::east_opt(o).ok_or_else(err)?;
            let at = tz.from_local_datetime(&naive).single().ok_or_else(err)?;
            let zone = if o == 0 {
                "UTC".into()
            } else {
                zone_text(o, false, false, false, false)
            };
            Ok(Time { at, zone })
        }
        None => {
            let local = chrono::Local
                .from_local_datetime(&naive)
                .earliest()
                .ok_or_else(err)?;
            let at = local.fixed_offset();
            let zone = if at.offset().local_minus_utc() == 0 {
                "UTC".to_string()
            } else {
                local.format("%Z").to_string()
            };
            Ok(Time { at, zone })
        }
    }
}

/// `time.Duration.String()`.
pub fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1u64)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let (h, m) = (secs / 3600, (secs / 60) % 60);
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac(u % 60_000_000_000, 1_000_000_000));
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let f = format!("{rem:0width$}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// `time.ParseDuration`.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let orig = s;
    let bad = || {
        format!(
            "time: invalid duration {}",
            super::tmpl::printf::quote(orig, false)
        )
    };
    let (neg, mut s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    while !s.is_empty() {
        let n: String = s
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if n.is_empty() || n == "." {
            return Err(bad());
        }
        s = &s[n.len()..];
        let unit: String = s
            .chars()
            .take_while(|c| !c.is_ascii_digit() && *c != '.')
            .collect();
        s = &s[unit.len()..];
        let mult: f64 = match unit.as_str() {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => {
                return Err(format!(
                    "time: missing unit in duration {}",
                    super::tmpl::printf::quote(orig, false)
                ))
            }
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    super::tmpl::printf::quote(&unit, false),
                    super::tmpl::printf::quote(orig, false)
                ))
            }
        };
        total += n.parse::<f64>().map_err(|_| bad())? * mult;
    }
    let v = total.round() as i64;
    Ok(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rfc: &str) -> Time {
        let at = DateTime::parse_from_rfc3339(rfc).unwrap();
        Time {
            at,
            zone: "UTC".into(),
        }
    }

    #[test]
    fn layouts_format_as_go() {
        let x = t("2024-03-05T07:08:09.120Z");
        assert_eq!(
            format(&x, "2006-01-02T15:04:05Z07:00"),
            "2024-03-05T07:08:09Z"
        );
        assert_eq!(
            format(&x, "Jan _2 3:04PM .000 .999 Mon"),
            "Mar  5 7:08AM .120 .12 Tue"
        );
        assert_eq!(x.go_string(), "2024-03-05 07:08:09.12 +0000 UTC");
        assert_eq!(
            format(
                &parse("2006-01-02", "2024-12-31").unwrap().in_zone("UTC"),
                "2006"
            ),
            "2024"
        );
    }

    #[test]
    fn durations_print_and_parse_as_go() {
        assert_eq!(duration_string(90_000_000_000), "1m30s");
        assert_eq!(duration_string(3_723_500_000_000), "1h2m3.5s");
        assert_eq!(duration_string(1_500_000), "1.5ms");
        assert_eq!(duration_string(0), "0s");
        assert_eq!(parse_duration("1h30m").unwrap(), 5_400_000_000_000);
        assert_eq!(parse_duration("-1.5s").unwrap(), -1_500_000_000);
        assert!(parse_duration("5x").is_err());
    }
}
