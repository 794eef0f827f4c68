//! Semantic version ranges with Masterminds/semver (v3) semantics, as Flux uses them for
//! `ref.semver`, HelmChart versions and image policies.
//!
//! Owns lenient version parsing (`v1.2`, `1` coerce to `1.2.0`, `1.0.0`) and constraint
//! matching: `||` alternatives, AND by comma or space, `= != > < >= <= ~ ^`, wildcards
//! (`1.2.x`, `*`), hyphen ranges (`1.2 - 1.4.5`), and bare versions meaning exact matches.
//! Pre-releases only match a constraint group that itself names a pre-release.

use std::cmp::Ordering;

use semver::{Prerelease, Version};

/// A parse error, naming the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid semver {kind} {input:?}")]
pub struct Error {
    kind: &'static str,
    input: String,
}

/// fluxcd/pkg's `version.ParseVersion`: three dot-separated parts are required (so `1.2` or
/// `latest` are not versions), then the lenient parse.
pub fn parse_flux_version(input: &str) -> Result<Version, Error> {
    if input.splitn(3, '.').count() != 3 {
        return Err(Error {
            kind: "version",
            input: input.to_string(),
        });
    }
    parse_version(input)
}

/// Parses a version leniently: optional `v`, one to three numeric parts, optional
/// pre-release and build metadata.
pub fn parse_version(input: &str) -> Result<Version, Error> {
    let err = || Error {
        kind: "version",
        input: input.to_string(),
    };
    let s = input.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    let (core, build) = s.split_once('+').map_or((s, None), |(c, b)| (c, Some(b)));
    let (nums, pre) = core
        .split_once('-')
        .map_or((core, None), |(n, p)| (n, Some(p)));
    let parts: Vec<&str> = nums.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(err());
    }
    let mut n = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        n[i] = p.parse().map_err(|_| err())?;
    }
    let mut v = Version::new(n[0], n[1], n[2]);
    if let Some(pre) = pre {
        v.pre = Prerelease::new(pre).map_err(|_| err())?;
    }
    if let Some(build) = build {
        v.build = semver::BuildMetadata::new(build).map_err(|_| err())?;
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    /// `!=` with a wildcard (`!=4.x`): below the version or at/above the bound.
    Outside(Version),
}

#[derive(Clone, Debug)]
struct Comparator {
    op: Op,
    version: Version,
    /// The bound was derived (the `-0` ceiling of `^1.2`, `1.x`, …), not written: its
    /// pre-release does not let pre-releases match.
    implied: bool,
}

impl Comparator {
    fn matches(&self, v: &Version) -> bool {
        let ord = cmp(v, &self.version);
        match &self.op {
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
            Op::Gt => ord == Ordering::Greater,
            Op::Lt => ord == Ordering::Less,
            Op::Ge => ord != Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Outside(upper) => ord == Ordering::Less || cmp(v, upper) != Ordering::Less,
        }
    }
}

/// Compares ignoring build metadata, as semver precedence requires (Masterminds' `Compare`).
pub fn cmp(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| a.pre.cmp(&b.pre))
}

/// A parsed constraint: alternatives (`||`) of comparator groups (AND).
#[derive(Clone, Debug)]
pub struct Constraint {
    groups: Vec<Vec<Comparator>>,
}

/// A partially specified version: `1`, `1.2`, `1.2.x`, `*`.
struct Partial {
    parts: [Option<u64>; 3],
    pre: Prerelease,
}

fn parse_partial(s: &str, input: &str) -> Result<Partial, Error> {
    let err = || Error {
        kind: "constraint",
        input: input.to_string(),
    };
    let s = s.strip_prefix('v').unwrap_or(s);
    let s = s.split_once('+').map_or(s, |(c, _)| c);
    let (nums, pre) = s.split_once('-').map_or((s, None), |(n, p)| (n, Some(p)));
    let mut parts = [None; 3];
    let split: Vec<&str> = nums.split('.').collect();
    if split.len() > 3 || split.iter().any(|p| p.is_empty()) {
        return Err(err());
    }
    for (i, p) in split.iter().enumerate() {
        parts[i] = match *p {
            "x" | "X" | "*" => None,
            num => Some(num.parse().map_err(|_| err())?),
        };
    }
    // Anything after a wildcard is a wildcard too.
    for i in 1..3 {
        if parts[i - 1].is_none() {
            parts[i] = None;
        }
    }
    let pre = match pre {
        Some(p) => Prerelease::new(p).map_err(|_| err())?,
        None => Prerelease::EMPTY,
    };
    Ok(Partial { parts, pre })
}

impl Partial {
    fn floor(&self) -> Version {
        let mut v = Version::new(
            self.parts[0].unwrap_or(0),
            self.parts[1].unwrap_or(0),
            self.parts[2].unwrap_or(0),
        );
        v.pre = self.pre.clone();
        v
    }

    fn specified(&self) -> usize {
        self.parts.iter().take_while(|p| p.is_some()).count()
    }

    /// The smallest version above every version the partial covers (exclusive upper bound).
    fn ceiling(&self) -> Option<Version> {
        match self.specified() {
            0 => None,
            1 => Some(Version::new(self.parts[0]? + 1, 0, 0)),
            2 => Some(Version::new(self.parts[0]?, self.parts[1]? + 1, 0)),
            _ => None,
        }
    }
}

fn lowest_pre(mut v: Version) -> Version {
    v.pre = Prerelease::new("0").unwrap_or(Prerelease::EMPTY);
    v
}

fn comparators(token_op: &str, body: &str, input: &str) -> Result<Vec<Comparator>, Error> {
    let p = parse_partial(body, input)?;
    let c = |op, version| Comparator {
        op,
        version,
        implied: false,
    };
    let ceiling = |version| Comparator {
        op: Op::Lt,
        version,
        implied: true,
    };
    let wildcard = p.specified() < 3;
    Ok(match token_op {
        "" | "=" if !wildcard => vec![c(Op::Eq, p.floor())],
        "" | "=" => match p.ceiling() {
            Some(ceil) => vec![c(Op::Ge, p.floor()), ceiling(lowest_pre(ceil))],
            None => vec![c(Op::Ge, Version::new(0, 0, 0))],
        },
        "!=" if !wildcard => vec![c(Op::Ne, p.floor())],
        // Masterminds: a different major (or minor, when given) matches.
        "!=" => {
            let upper = p.ceiling().unwrap_or(Version::new(1, 0, 0));
            vec![c(Op::Outside(lowest_pre(upper)), p.floor())]
        }
        ">" if wildcard => match p.ceiling() {
            Some(ceil) => vec![c(Op::Ge, ceil)],
            None => vec![c(Op::Lt, Version::new(0, 0, 0))],
        },
        ">" => vec![c(Op::Gt, p.floor())],
        ">=" => vec![c(Op::Ge, p.floor())],
        "<" => vec![c(Op::Lt, p.floor())],
        "<=" if wildcard => match p.ceiling() {
            Some(ceil) => vec![ceiling(lowest_pre(ceil))],
            None => vec![c(Op::Ge, Version::new(0, 0, 0))],
        },
        "<=" => vec![c(Op::Le, p.floor())],
        "~" | "~>" => {
            let floor = p.floor();
            let ceil = if p.specified() <= 1 {
                Version::new(floor.major + 1, 0, 0)
            } else {
                Version::new(floor.major, floor.minor + 1, 0)
            };
            vec![c(Op::Ge, floor), ceiling(lowest_pre(ceil))]
        }
        "^" => {
            let floor = p.floor();
            let ceil = if floor.major > 0 || p.specified() <= 1 {
                Version::new(floor.major + 1, 0, 0)
            } else if floor.minor > 0 || p.specified() == 2 {
                Version::new(0, floor.minor + 1, 0)
            } else {
                Version::new(0, 0, floor.patch + 1)
            };
            vec![c(Op::Ge, floor), ceiling(lowest_pre(ceil))]
        }
        _ => {
            return Err(Error {
                kind: "constraint",
                input: input.into(),
            })
        }
    })
}

impl Constraint {
    /// Parses a Masterminds constraint string.
    pub fn parse(input: &str) -> Result<Constraint, Error> {
        let err = || Error {
            kind: "constraint",
            input: input.to_string(),
        };
        let mut groups = Vec::new();
        for alt in input.split("||") {
            let alt = alt.trim();
            if alt.is_empty() {
                return Err(err());
            }
            let mut group = Vec::new();
            // Hyphen ranges: "a - b".
            if let Some((lo, hi)) = alt.split_once(" - ") {
                let lo = parse_partial(lo.trim(), input)?;
                let hi = parse_partial(hi.trim(), input)?;
                group.push(Comparator {
                    op: Op::Ge,
                    version: lo.floor(),
                    implied: false,
                });
                match hi.ceiling() {
                    Some(ceil) if hi.specified() < 3 => group.push(Comparator {
                        op: Op::Lt,
                        version: lowest_pre(ceil),
                        implied: true,
                    }),
                    _ => group.push(Comparator {
                        op: Op::Le,
                        version: hi.floor(),
                        implied: false,
                    }),
                }
                groups.push(group);
                continue;
            }
            // Normalise "> = 1" style spacing: an operator followed by spaces binds to the
            // next token.
            let mut tokens: Vec<String> = Vec::new();
            let mut pending_op = String::new();
            for raw in alt.split([',', ' ']).filter(|t| !t.is_empty()) {
                if raw.chars().all(|ch| "<>=!~^".contains(ch)) {
                    pending_op.push_str(raw);
                    continue;
                }
                tokens.push(format!("{pending_op}{raw}"));
                pending_op.clear();
            }
            if !pending_op.is_empty() || tokens.is_empty() {
                return Err(err());
            }
            for t in tokens {
                let split = t.find(|ch: char| !"<>=!~^".contains(ch)).ok_or_else(err)?;
                let (op, body) = t.split_at(split);
                group.extend(comparators(op, body, input)?);
            }
            groups.push(group);
        }
        Ok(Constraint { groups })
    }

    /// True when `v` satisfies the constraint.
    pub fn matches(&self, v: &Version) -> bool {
        self.groups.iter().any(|g| {
            let allows_pre = g.iter().any(|c| !c.implied && !c.version.pre.is_empty());
            (v.pre.is_empty() || allows_pre) && g.iter().all(|c| c.matches(v))
        })
    }

    /// The highest of `candidates` (by semver precedence) that satisfies the constraint,
    /// with the candidate string it came from.
    pub fn best<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<(&'a str, Version)> {
        candidates
            .into_iter()
            .filter_map(|c| parse_version(c).ok().map(|v| (c, v)))
            .filter(|(_, v)| self.matches(v))
            .max_by(|a, b| cmp(&a.1, &b.1).then_with(|| a.0.cmp(b.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(c: &str, v: &str) -> bool {
        Constraint::parse(c)
            .unwrap()
            .matches(&parse_version(v).unwrap())
    }

    #[test]
    fn lenient_versions_coerce() {
        assert_eq!(parse_version("v1.2").unwrap(), Version::new(1, 2, 0));
        assert_eq!(parse_version("3").unwrap(), Version::new(3, 0, 0));
        assert!(parse_version("latest").is_err());
        assert!(parse_version("1.2.3.4").is_err());
    }

    #[test]
    fn masterminds_constraint_table() {
        let cases = [
            ("1.2.3", "1.2.3", true),
            ("1.2.3", "1.2.4", false),
            (">=1.0.0 <2.0.0", "1.5.0", true),
            (">=1.0.0, <2.0.0", "2.0.0", false),
            ("1.2.x", "1.2.9", true),
            ("1.2.x", "1.3.0", false),
            ("*", "5.0.0", true),
            ("~1.2.3", "1.2.9", true),
            ("~1.2.3", "1.3.0", false),
            ("~1", "1.9.0", true),
            ("^1.2.3", "1.9.9", true),
            ("^1.2.3", "2.0.0", false),
            ("^0.2.3", "0.2.9", true),
            ("^0.2.3", "0.3.0", false),
            ("1.2 - 1.4.5", "1.4.5", true),
            ("1.2 - 1.4.5", "1.4.6", false),
            ("1.2 - 1.4", "1.4.9", true),
            ("<1.0.0 || >=3.0.0", "3.1.0", true),
            ("<1.0.0 || >=3.0.0", "2.0.0", false),
            ("!=1.2.3", "1.2.4", true),
            (">1.2", "1.2.9", false),
            (">1.2", "1.3.0", true),
            ("<=1.2", "1.2.9", true),
            (">=1.0.0", "1.1.0-rc.1", false),
            (">=1.1.0-0", "1.1.0-rc.1", true),
            ("> = 1.0.0", "1.0.1", true),
        ];
        for (c, v, want) in cases {
            assert_eq!(m(c, v), want, "{c} vs {v}");
        }
    }

    #[test]
    fn best_picks_the_highest_match() {
        let c = Constraint::parse(">=6.0.0 <7.0.0").unwrap();
        let tags = [
            "5.9.0",
            "6.0.0",
            "v6.3.1",
            "6.10.0-rc.1",
            "7.0.0",
            "not-a-version",
        ];
        assert_eq!(c.best(tags).unwrap().0, "v6.3.1");
    }

    #[test]
    fn invalid_constraints_are_errors() {
        for bad in ["", ">=", "1.2.3 ||", "abc"] {
            assert!(Constraint::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn derived_upper_bounds_do_not_let_pre_releases_match() {
        assert!(!m("^1.0.0", "1.1.0-rc.1"));
        assert!(!m("~1.2", "1.2.5-beta"));
        assert!(!m("1.x", "1.3.0-alpha"));
        assert!(!m("1.0 - 2", "1.5.0-rc.1"));
        assert!(m(">=1.0.0-0 <2.0.0", "1.1.0-rc.1"));
        assert!(m("^1.x-0", "1.1.0-rc.1"));
    }

    #[test]
    fn not_equal_to_a_wildcard_excludes_its_whole_range() {
        assert!(m("!=4.x", "5.1.0"));
        assert!(m("!=4.x", "3.9.9"));
        assert!(!m("!=4.x", "4.1.0"));
        assert!(m("!=4.1.x", "4.2.0"));
        assert!(!m("!=4.1.x", "4.1.7"));
    }
}
