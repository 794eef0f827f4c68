//! Flux v1 `.flux.yaml` files: parsing against v1's schema (`version: 1` and exactly one of
//! `commandUpdated`, `patchUpdated`, `scanForFiles`; unknown keys refused), the legacy pre-GA
//! form (top-level `generators`/`updaters`), discovery as fluxd did it (the nearest file from the
//! target path up to the repository root), and what each generator command means for v2.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Error;

/// A generator or updater command.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// The shell command.
    pub command: String,
}

/// The variants v1 accepted.
#[derive(Clone, Debug, PartialEq)]
pub enum FluxYaml {
    /// `commandUpdated`: generators (updaters dropped).
    CommandUpdated {
        /// Generators.
        generators: Vec<Command>,
        /// Whether updaters were configured.
        has_updaters: bool,
    },
    /// `patchUpdated`: generators plus a patch file.
    PatchUpdated {
        /// Generators.
        generators: Vec<Command>,
        /// The patch file, relative to the target path.
        patch_file: String,
    },
    /// `scanForFiles: {}`: plain YAML scan.
    ScanForFiles,
    /// The pre-GA form: top-level generators and updaters.
    Legacy {
        /// Generators.
        generators: Vec<Command>,
        /// Whether updaters were configured.
        has_updaters: bool,
    },
}

fn commands(v: &Value, at: &str, file: &str) -> Result<Vec<Command>, Error> {
    let list = v
        .as_array()
        .ok_or_else(|| Error::Input(format!("{file}: {at} must be a list of commands")))?;
    list.iter()
        .enumerate()
        .map(|(i, c)| {
            let obj = c.as_object().ok_or_else(|| {
                Error::Input(format!(
                    "{file}: {at}[{i}] must be a mapping with 'command'"
                ))
            })?;
            for k in obj.keys() {
                if k != "command" && k != "timeout" {
                    return Err(Error::Input(format!(
                        "{file}: {at}[{i}]: unknown field '{k}' (allowed: command, timeout)"
                    )));
                }
            }
            let command = obj
                .get("command")
                .and_then(|c| c.as_str())
                .ok_or_else(|| Error::Input(format!("{file}: {at}[{i}].command is required")))?;
            if let Some(t) = obj.get("timeout") {
                let ts = t.as_str().unwrap_or_default();
                ts.parse::<crate::api::Duration>()
                    .map_err(|e| Error::Input(format!("{file}: {at}[{i}].timeout {ts:?}: {e}")))?;
            }
            Ok(Command {
                command: command.to_string(),
            })
        })
        .collect()
}

fn only_keys(v: &Value, allowed: &[&str], at: &str, file: &str) -> Result<(), Error> {
    if let Some(o) = v.as_object() {
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                return Err(Error::Input(format!(
                    "{file}: {at}: unknown field '{k}' (allowed: {})",
                    allowed.join(", ")
                )));
            }
        }
        Ok(())
    } else {
        Err(Error::Input(format!("{file}: {at} must be a mapping")))
    }
}

impl FluxYaml {
    /// Parses a `.flux.yaml` with v1's rules; errors name the file and field.
    pub fn parse(text: &str, file: &str) -> Result<FluxYaml, Error> {
        let v = crate::kustomize::yaml::parse_one(text)
            .map_err(|e| Error::Input(format!("{file}: {e}")))?;
        if !v.is_object() {
            return Err(Error::Input(format!("{file}: not a mapping")));
        }
        if v.get("version").is_none() && v.get("generators").is_some() {
            only_keys(&v, &["generators", "updaters"], "top level", file)?;
            return Ok(FluxYaml::Legacy {
                generators: commands(&v["generators"], "generators", file)?,
                has_updaters: v["updaters"].as_array().is_some_and(|u| !u.is_empty()),
            });
        }
        match v.get("version") {
            Some(n) if n.as_i64() == Some(1) => {}
            Some(other) => {
                return Err(Error::Input(format!(
                    "{file}: version must be the integer 1, got {other}"
                )))
            }
            None => return Err(Error::Input(format!("{file}: version is required"))),
        }
        let variants: Vec<&str> = ["commandUpdated", "patchUpdated", "scanForFiles"]
            .into_iter()
            .filter(|k| v.get(*k).is_some())
            .collect();
        if variants.len() != 1 {
            return Err(Error::Input(format!(
                "{file}: exactly one of commandUpdated, patchUpdated, scanForFiles is required (found {})",
                if variants.is_empty() { String::from("none") } else { variants.join(", ") }
            )));
        }
        only_keys(&v, &["version", variants[0]], "top level", file)?;
        let body = &v[variants[0]];
        Ok(match variants[0] {
            "commandUpdated" => {
                only_keys(body, &["generators", "updaters"], "commandUpdated", file)?;
                FluxYaml::CommandUpdated {
                    generators: commands(&body["generators"], "commandUpdated.generators", file)?,
                    has_updaters: body["updaters"].as_array().is_some_and(|u| !u.is_empty()),
                }
            }
            "patchUpdated" => {
                only_keys(body, &["generators", "patchFile"], "patchUpdated", file)?;
                let patch_file = body["patchFile"].as_str().ok_or_else(|| {
                    Error::Input(format!("{file}: patchUpdated.patchFile is required"))
                })?;
                FluxYaml::PatchUpdated {
                    generators: commands(&body["generators"], "patchUpdated.generators", file)?,
                    patch_file: patch_file.to_string(),
                }
            }
            _ => {
                only_keys(body, &[], "scanForFiles", file)?;
                FluxYaml::ScanForFiles
            }
        })
    }

    /// The generators (none for scanForFiles).
    pub fn generators(&self) -> &[Command] {
        match self {
            FluxYaml::CommandUpdated { generators, .. }
            | FluxYaml::PatchUpdated { generators, .. }
            | FluxYaml::Legacy { generators, .. } => generators,
            FluxYaml::ScanForFiles => &[],
        }
    }
}

/// The `.flux.yaml` that governs `target` (a directory or the file itself): the nearest one
/// from the target up to `root`.
pub fn discover(root: &Path, target: &Path) -> Option<PathBuf> {
    if target.file_name().is_some_and(|n| n == ".flux.yaml") && target.is_file() {
        return Some(target.to_path_buf());
    }
    let mut dir = target.to_path_buf();
    loop {
        let f = dir.join(".flux.yaml");
        if f.is_file() {
            return Some(f);
        }
        if dir == root || !dir.starts_with(root) || !dir.pop() {
            return None;
        }
    }
}

/// What a generator pipeline does, as far as v2 can express it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Generation {
    /// The kustomize build directory, relative to the target path (`.` for the target itself).
    pub kustomize_dir: Option<String>,
    /// Files decrypted with sops before the build: (encrypted file, decrypted output file if
    /// redirected), relative to the target path.
    pub sops_files: Vec<(String, Option<String>)>,
    /// envsubst is applied (all environment variables).
    pub envsubst: bool,
    /// Variables substituted with sed.
    pub sed_vars: Vec<String>,
    /// Commands with no v2 equivalent (ytt, helm template, scripts).
    pub manual: Vec<String>,
}

/// Splits a shell command line into simple commands at `&&`, `||`, `;`, `|` and newlines
/// (quotes respected) — enough for the generators v1 users wrote.
fn simple_commands(line: &str) -> Vec<(String, bool)> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut piped_in = false;
    let mut chars = line.chars().peekable();
    let mut next_piped = false;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (None, ';' | '\n') => {
                out.push((std::mem::take(&mut cur), piped_in));
                piped_in = false;
            }
            (None, '&') if chars.peek() == Some(&'&') => {
                chars.next();
                out.push((std::mem::take(&mut cur), piped_in));
                piped_in = false;
            }
            (None, '|') => {
                if chars.peek() == Some(&'|') {
                    chars.next();
                } else {
                    next_piped = true;
                }
                out.push((std::mem::take(&mut cur), piped_in));
                piped_in = next_piped;
                next_piped = false;
            }
            (None, c) => cur.push(c),
        }
    }
    out.push((cur, piped_in));
    out.into_iter()
        .map(|(c, p)| (c.trim().to_string(), p))
        .filter(|(c, _)| !c.is_empty())
        .collect()
}

fn words(cmd: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in cmd.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `$NAME` / `${NAME}` references in a sed script.
fn sed_vars(script: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?").expect("static regex");
    re.captures_iter(script).map(|c| c[1].to_string()).collect()
}

/// Interprets the generators of a `.flux.yaml`.
pub fn interpret(generators: &[Command]) -> Generation {
    let mut g = Generation::default();
    let mut cwd = String::from(".");
    for gen in generators {
        let mut unknown = false;
        for (cmd, _piped) in simple_commands(&gen.command) {
            let w = words(&cmd);
            let Some(prog) = w
                .first()
                .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
            else {
                continue;
            };
            let args: Vec<&str> = w[1..].iter().map(String::as_str).collect();
            match prog.as_str() {
                "cd" => {
                    let d = args.first().copied().unwrap_or(".");
                    cwd = join_rel(&cwd, d);
                }
                "kustomize" => {
                    let rest: Vec<&str> = args
                        .iter()
                        .copied()
                        .filter(|a| *a != "build" && !a.starts_with('-'))
                        .collect();
                    let dir = rest.first().copied().unwrap_or(".");
                    g.kustomize_dir = Some(join_rel(&cwd, dir));
                }
                "sops" => {
                    if args.iter().any(|a| *a == "-d" || *a == "--decrypt") {
                        let redirect = args.iter().position(|a| a.starts_with('>'));
                        let before = &args[..redirect.unwrap_or(args.len())];
                        let output = redirect.and_then(|i| {
                            let r = args[i].trim_start_matches('>');
                            if r.is_empty() {
                                args.get(i + 1).copied()
                            } else {
                                Some(r)
                            }
                        });
                        if let Some(f) = before.iter().rev().find(|a| !a.starts_with('-')) {
                            g.sops_files
                                .push((join_rel(&cwd, f), output.map(|o| join_rel(&cwd, o))));
                        }
                    } else {
                        unknown = true;
                    }
                }
                "envsubst" => g.envsubst = true,
                "sed" => g.sed_vars.extend(args.iter().flat_map(|a| sed_vars(a))),
                // Clean-up around sops decryption and plain listing: nothing to carry over.
                "rm" | "git" | "echo" | "true" | "cat" | "mv" | "cp" | "set" => {}
                _ => unknown = true,
            }
        }
        if unknown {
            g.manual.push(gen.command.clone());
        }
    }
    g.sed_vars.sort();
    g.sed_vars.dedup();
    g
}

/// Joins a relative directory onto another, normalising `.` and `..`.
pub fn join_rel(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        vec![]
    } else {
        base.split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        String::from(".")
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_variants_and_the_legacy_form_parse() {
        let f = FluxYaml::parse(
            "version: 1\ncommandUpdated:\n  generators:\n  - command: kustomize build .\n",
            ".flux.yaml",
        )
        .unwrap();
        assert!(
            matches!(f, FluxYaml::CommandUpdated { ref generators, has_updaters: false } if generators.len() == 1)
        );
        let f = FluxYaml::parse(
            "version: 1\npatchUpdated:\n  generators:\n  - command: kustomize build .\n    timeout: 30s\n  patchFile: flux-patch.yaml\n",
            ".flux.yaml",
        )
        .unwrap();
        assert!(
            matches!(f, FluxYaml::PatchUpdated { ref patch_file, .. } if patch_file == "flux-patch.yaml")
        );
        assert_eq!(
            FluxYaml::parse("version: 1\nscanForFiles: {}\n", "f").unwrap(),
            FluxYaml::ScanForFiles
        );
        let f = FluxYaml::parse(
            "generators:\n- command: kustomize build .\nupdaters:\n- containerImage:\n    command: x\n  annotation:\n    command: y\n",
            "f",
        )
        .unwrap();
        assert!(matches!(
            f,
            FluxYaml::Legacy {
                has_updaters: true,
                ..
            }
        ));
    }

    #[test]
    fn schema_violations_are_named() {
        let cases = [
            (
                "version: 2\nscanForFiles: {}\n",
                "version must be the integer 1",
            ),
            ("scanForFiles: {}\n", "version is required"),
            ("version: 1\n", "exactly one of"),
            (
                "version: 1\nscanForFiles: {}\ncommandUpdated: {generators: []}\n",
                "found commandUpdated, scanForFiles",
            ),
            (
                "version: 1\npatchUpdated:\n  generators: []\n",
                "patchFile is required",
            ),
            (
                "version: 1\ncommandUpdated:\n  generators:\n  - cmd: x\n",
                "unknown field 'cmd'",
            ),
            (
                "version: 1\ncommandUpdated:\n  generators:\n  - command: x\n    timeout: soon\n",
                "timeout \"soon\"",
            ),
            (
                "version: 1\nscanForFiles: {}\nextra: 1\n",
                "unknown field 'extra'",
            ),
        ];
        for (text, want) in cases {
            let e = FluxYaml::parse(text, "apps/.flux.yaml")
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(want) && e.starts_with("apps/.flux.yaml"),
                "{text:?}: {e}"
            );
        }
    }

    #[test]
    fn generators_are_interpreted() {
        let g = interpret(&[Command {
            command: "kustomize build .".into(),
        }]);
        assert_eq!(g.kustomize_dir.as_deref(), Some("."));
        let g = interpret(&[Command {
            command: "cd overlays/prod && kustomize build . | envsubst".into(),
        }]);
        assert_eq!(g.kustomize_dir.as_deref(), Some("overlays/prod"));
        assert!(g.envsubst);
        let g = interpret(&[
            Command {
                command: "sops -d secrets.enc.yaml > secrets.yaml".into(),
            },
            Command {
                command: "kustomize build ../base; rm secrets.yaml".into(),
            },
        ]);
        assert_eq!(
            g.sops_files,
            [(
                "secrets.enc.yaml".to_string(),
                Some("secrets.yaml".to_string())
            )]
        );
        assert_eq!(g.kustomize_dir.as_deref(), Some("../base"));
        let g = interpret(&[Command {
            command: r#"kustomize build . | sed -e "s/\$CLUSTER_NAME/$CLUSTER_NAME/g""#.into(),
        }]);
        assert_eq!(g.sed_vars, ["CLUSTER_NAME"]);
        let g = interpret(&[Command {
            command: "ytt -f .".into(),
        }]);
        assert_eq!(g.manual, ["ytt -f ."]);
        assert_eq!(join_rel("a/b", "../c"), "a/c");
        assert_eq!(join_rel(".", "."), ".");
        assert_eq!(join_rel("apps", "../base"), "base");
    }
}
