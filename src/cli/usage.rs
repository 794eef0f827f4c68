//! Command-line parsing with Flux's usage errors: clap parses, and its errors are reworded as
//! cobra and pflag word them in Flux's CLI (`✗ name is required`, `✗ flag needs an argument:
//! --provider`, `✗ invalid argument "x" for "--type" flag: …`, `✗ unknown flag: --foo`,
//! `✗ unknown command "x" for "flux install"`), one line, exit code 1. Like cobra, commands that
//! take a name ignore extra positional arguments.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use super::Cli;

/// Flags whose absence Flux reports in its own words rather than `--flag is required`.
const MISSING_FLAG_WORDS: &[(&str, &str)] = &[("--source", "source is required")];

/// Commands whose missing name Flux reports with the kind (`%s name is required`).
const NAME_WORDS: &[(&[&str], &str)] = &[(
    &["build", "kustomization"],
    "kustomization name is required",
)];

/// Flags whose value errors Flux reports without pflag's `invalid argument` prefix (they are
/// validated after parsing in Flux).
const BARE_VALUE_ERRORS: &[&str] = &["--namespace"];

/// What a failed parse should do.
#[derive(Debug)]
pub enum Outcome {
    /// Parsed.
    Parsed(Box<Cli>),
    /// Help: clap prints it and exits 0.
    Display(clap::Error),
    /// Text for stdout, exit 0 (`flux --version`).
    Print(String),
    /// A usage error, worded as Flux words it (without the `✗ `).
    Usage(String),
    /// `flux <plugin> args…`: run the plugin with the arguments after its name.
    Plugin(super::plugin::Plugin, Vec<std::ffi::OsString>),
}

/// Parses `args` (program name first) as Flux's CLI would.
pub fn parse<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    if args.len() == 2 && (args[1] == "--version" || args[1] == "-v") {
        return Outcome::Print(format!("flux version {}\n", env!("CARGO_PKG_VERSION")));
    }
    // One command tree for the whole parse (building clap's tree is most of a parse).
    let mut root = super::examples::decorate(Cli::command(), "");
    // `flux <name>` for a name no built-in command has runs the plugin of that name.
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let builtin = root
            .get_subcommands()
            .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first));
        if !first.starts_with('-') && !builtin {
            let builtins: Vec<String> = root
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let dir = super::plugin::plugin_dir().unwrap_or_default();
            if let Some(p) = super::plugin::discover(&dir, &builtins)
                .into_iter()
                .find(|p| p.name == first)
            {
                return Outcome::Plugin(p, args[2..].to_vec());
            }
        }
    }
    args = bool_values(&root, args);
    let (rest, shadowed) = take_shadowed(&root, args);
    args = rest;
    // Each retry drops one extra positional argument; bounded by the argument count.
    for _ in 0..=args.len() {
        let err = match root.try_get_matches_from_mut(args.clone()) {
            Ok(mut m) => {
                if let Some(bad) = invalid_create_name(&m) {
                    return Outcome::Usage(format!(
                        "name '{bad}' is invalid, it should adhere to standard defined in RFC 1123, the name can only contain alphanumeric characters or '-'"
                    ));
                }
                let explicit_ns = matches!(
                    m.value_source("namespace"),
                    Some(
                        clap::parser::ValueSource::CommandLine
                            | clap::parser::ValueSource::EnvVariable
                    )
                );
                return match Cli::from_arg_matches_mut(&mut m) {
                    Ok(mut cli) => {
                        for (flag, value) in &shadowed {
                            match flag.as_str() {
                                "--token" => cli.global.token = Some(value.clone()),
                                "--cluster" => cli.global.cluster = Some(value.clone()),
                                _ => {}
                            }
                        }
                        if cli.global.ns_follows_kube_context && !explicit_ns {
                            if let Some(ns) = context_namespace(&cli.global) {
                                cli.global.namespace = ns;
                            }
                        }
                        Outcome::Parsed(Box::new(cli))
                    }
                    Err(e) => Outcome::Usage(reword(&root, &e, &args)),
                };
            }
            Err(e) => e,
        };
        match err.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return Outcome::Display(err),
            ErrorKind::UnknownArgument => {
                let arg = invalid_arg(&err).unwrap_or_default();
                if !arg.starts_with('-') && takes_name(&root, &args) {
                    if let Some(i) = args.iter().rposition(|a| a.to_string_lossy() == arg) {
                        args.remove(i);
                        continue;
                    }
                }
                return Outcome::Usage(reword(&root, &err, &args));
            }
            _ => return Outcome::Usage(reword(&root, &err, &args)),
        }
    }
    Outcome::Usage("too many arguments".into())
}

/// The name given to a `flux create …` command when it is not what Flux's `create` hook
/// accepts: lowercase alphanumerics and '-', 2 to 63 characters, alphanumeric at both ends.
fn invalid_create_name(m: &clap::ArgMatches) -> Option<String> {
    let (first, mut sub) = m.subcommand()?;
    if first != "create" {
        return None;
    }
    while let Some((_, next)) = sub.subcommand() {
        sub = next;
    }
    let name = sub.try_get_one::<String>("name").ok().flatten()?;
    let b = name.as_bytes();
    let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = (2..=63).contains(&b.len())
        && edge(&b[0])
        && edge(&b[b.len() - 1])
        && b.iter().all(|c| edge(c) || *c == b'-');
    (!ok).then(|| name.clone())
}

/// Global flags that commands may shadow with a local flag of the same name (cobra lets a
/// local flag hide a persistent one; clap cannot have both).
const SHADOWABLE: [&str; 2] = ["--token", "--cluster"];

/// Takes the shadowable global flags out of `args` when the command has no flag of that name
/// itself; returns the remaining arguments and the (flag, value) pairs taken.
fn take_shadowed(
    root: &clap::Command,
    args: Vec<std::ffi::OsString>,
) -> (Vec<std::ffi::OsString>, Vec<(String, String)>) {
    let local: Vec<String> = leaf(root, &args)
        .1
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let mut rest = Vec::new();
    let mut taken = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let s = a.to_string_lossy().into_owned();
        let (flag, inline) = match s.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (s.clone(), None),
        };
        if SHADOWABLE.contains(&flag.as_str()) && !local.contains(&flag) {
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .map(|v| v.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            taken.push((flag, value));
            continue;
        }
        rest.push(a);
    }
    (rest, taken)
}

/// The namespace of the kubeconfig context in use (`--context` or the current one).
fn context_namespace(g: &super::Global) -> Option<String> {
    let kc = match &g.kubeconfig {
        Some(p) => kube::config::Kubeconfig::read_from(p).ok()?,
        None => kube::config::Kubeconfig::read().ok()?,
    };
    let name = g.context.clone().or(kc.current_context.clone())?;
    kc.contexts
        .iter()
        .find(|c| c.name == name)?
        .context
        .as_ref()?
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
}

/// pflag lets a boolean flag take `=true` or `=false`; clap's switches take no value, so
/// `--flag=true` becomes `--flag` and `--flag=false` is dropped, for every switch of every
/// command.
fn bool_values(root: &clap::Command, args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    fn switches(cmd: &clap::Command, out: &mut std::collections::BTreeSet<String>) {
        for a in cmd.get_arguments() {
            if matches!(a.get_action(), clap::ArgAction::SetTrue) {
                if let Some(l) = a.get_long() {
                    out.insert(format!("--{l}"));
                }
            }
        }
        for s in cmd.get_subcommands() {
            switches(s, out);
        }
    }
    let mut names = std::collections::BTreeSet::new();
    switches(root, &mut names);
    args.into_iter()
        .filter_map(|a| {
            let s = a.to_string_lossy();
            match s.split_once('=') {
                Some((flag, v)) if names.contains(flag) => match v {
                    "true" => Some(flag.into()),
                    "false" => None,
                    _ => Some(a),
                },
                _ => Some(a),
            }
        })
        .collect()
}

/// The command path words (`create`, `source`, `git`) at the start of `args`, and the
/// command they name.
fn leaf<'a>(
    root: &'a clap::Command,
    args: &[std::ffi::OsString],
) -> (Vec<String>, &'a clap::Command) {
    let mut cmd = root;
    let mut path = Vec::new();
    for a in args.iter().skip(1) {
        let a = a.to_string_lossy();
        if a.starts_with('-') {
            continue;
        }
        let Some(sub) = cmd
            .get_subcommands()
            .find(|s| s.get_name() == a || s.get_all_aliases().any(|al| al == a))
        else {
            break;
        };
        path.push(sub.get_name().to_string());
        cmd = sub;
    }
    (path, cmd)
}

/// Whether the command takes a `NAME` argument (cobra accepts and ignores further arguments
/// there; commands without arguments refuse them).
fn takes_name(root: &clap::Command, args: &[std::ffi::OsString]) -> bool {
    leaf(root, args)
        .1
        .get_positionals()
        .any(|a| a.get_id().as_str().eq_ignore_ascii_case("name"))
}

fn invalid_arg(err: &clap::Error) -> Option<String> {
    match err.get(ContextKind::InvalidArg)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        _ => None,
    }
}

fn invalid_args(err: &clap::Error) -> Vec<String> {
    match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => vec![],
    }
}

/// The flag as pflag names it: `--provider` from clap's `--provider <PROVIDER>`.
fn flag_name(display: &str) -> String {
    display
        .split([' ', '='])
        .next()
        .unwrap_or(display)
        .to_string()
}

/// The error in Flux's words.
fn reword(root: &clap::Command, err: &clap::Error, args: &[std::ffi::OsString]) -> String {
    match err.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing = invalid_args(err);
            if missing.iter().any(|m| {
                m.trim_start_matches('<')
                    .to_ascii_lowercase()
                    .starts_with("name")
            }) {
                let path = leaf(root, args).0;
                return NAME_WORDS
                    .iter()
                    .find(|(p, _)| *p == path.as_slice())
                    .map(|(_, w)| w.to_string())
                    .unwrap_or_else(|| "name is required".into());
            }
            let flag = flag_name(missing.first().map(String::as_str).unwrap_or_default());
            MISSING_FLAG_WORDS
                .iter()
                .find(|(f, _)| *f == flag)
                .map(|(_, w)| w.to_string())
                .unwrap_or_else(|| format!("{flag} is required"))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let flag = flag_name(&invalid_arg(err).unwrap_or_default());
            let value = match err.get(ContextKind::InvalidValue) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            if value.is_empty()
                && err.kind() == ErrorKind::InvalidValue
                && !has_empty_value(args, &flag)
            {
                return format!("flag needs an argument: {flag}");
            }
            let reason = source_message(err).unwrap_or_else(|| {
                let valid = match err.get(ContextKind::ValidValue) {
                    Some(ContextValue::Strings(v)) => v.join(", "),
                    _ => String::new(),
                };
                format!("must be one of: {valid}")
            });
            if BARE_VALUE_ERRORS.contains(&flag.as_str()) || flag == "-n" {
                return reason;
            }
            format!("invalid argument {value:?} for {flag:?} flag: {reason}")
        }
        ErrorKind::UnknownArgument => {
            let arg = invalid_arg(err).unwrap_or_default();
            if arg.starts_with("--") {
                format!("unknown flag: {}", flag_name(&arg))
            } else if let Some(short) = arg.strip_prefix('-') {
                format!(
                    "unknown shorthand flag: '{}' in {arg}",
                    short.chars().next().unwrap_or('-')
                )
            } else {
                unknown_command(root, &arg, args)
            }
        }
        ErrorKind::InvalidSubcommand => {
            let arg = match err.get(ContextKind::InvalidSubcommand) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => invalid_arg(err).unwrap_or_default(),
            };
            unknown_command(root, &arg, args)
        }
        ErrorKind::ArgumentConflict => {
            let args = invalid_args(err);
            let names: Vec<String> = args.iter().map(|a| flag_name(a)).collect();
            match err.get(ContextKind::PriorArg) {
                Some(ContextValue::String(p)) => format!(
                    "{} cannot be used together with {}",
                    names.join(", "),
                    flag_name(p)
                ),
                _ => first_line(err),
            }
        }
        _ => first_line(err),
    }
}

/// Commands of Flux 2.9's CLI this version does not have yet (with their aliases): asked
/// for, they are named as such rather than as unknown.
const NOT_YET: &[&str] = &[];

/// cobra's `unknown command "x" for "flux <path>"` with its suggestions, or for a Flux command
/// we lack, that.
fn unknown_command(root: &clap::Command, arg: &str, args: &[std::ffi::OsString]) -> String {
    let (path, parent) = leaf(root, args);
    let shown = std::iter::once("flux".to_string())
        .chain(path)
        .collect::<Vec<_>>()
        .join(" ");
    let wanted = format!("{shown} {arg}");
    if NOT_YET.contains(&wanted.as_str()) {
        return format!("{wanted:?} is a Flux 2.9 command this version does not have yet");
    }
    let suggestions: String = suggestions(parent, arg)
        .iter()
        .map(|s| format!("\t{s}\n"))
        .collect();
    if suggestions.is_empty() {
        format!("unknown command {arg:?} for {shown:?}")
    } else {
        format!("unknown command {arg:?} for {shown:?}\n\nDid you mean this?\n{suggestions}")
    }
}

/// cobra's `SuggestionsFor`: the visible subcommands within a case-insensitive Levenshtein
/// distance of 2 of what was typed, or starting with it.
fn suggestions(parent: &clap::Command, typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    parent
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|c| c.get_name().to_string())
        .filter(|name| {
            let lower = name.to_lowercase();
            levenshtein(&typed, &lower) <= 2 || lower.starts_with(&typed)
        })
        .collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether the command line gave `flag` an explicitly empty value (`--provider ""` or
/// `--provider=`), as opposed to no value at all.
fn has_empty_value(args: &[std::ffi::OsString], flag: &str) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        let a = a.to_string_lossy();
        a == format!("{flag}=") || (a == flag && args.get(i + 1).is_some_and(|n| n.is_empty()))
    })
}

/// The message of the value parser's own error, when it gave one.
fn source_message(err: &clap::Error) -> Option<String> {
    use std::error::Error;
    err.source().map(|s| s.to_string())
}

/// clap's first message line without its `error: ` prefix.
fn first_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    text.lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(args: &str) -> String {
        match parse(std::iter::once("flux").chain(args.split_whitespace())) {
            Outcome::Usage(m) => m,
            other => panic!("{args}: {other:?}"),
        }
    }

    #[test]
    fn a_missing_name_is_reported_as_flux_words_it() {
        assert_eq!(usage("create secret tls"), "name is required");
        assert_eq!(
            usage("create source git My_Repo --url=https://example.com/repo"),
            "name 'My_Repo' is invalid, it should adhere to standard defined in RFC 1123, the name can only contain alphanumeric characters or '-'"
        );
        assert_eq!(
            usage("create tenant a --with-namespace=a"),
            "name 'a' is invalid, it should adhere to standard defined in RFC 1123, the name can only contain alphanumeric characters or '-'"
        );
        assert_eq!(
            usage("create source git --url=https://x/y"),
            "name is required"
        );
    }

    #[test]
    fn flag_errors_read_like_pflag() {
        assert_eq!(
            usage("create source git podinfo --url=https://x/y --provider"),
            "flag needs an argument: --provider"
        );
        assert_eq!(usage("version --nope"), "unknown flag: --nope");
        assert_eq!(
            usage("install extra"),
            "unknown command \"extra\" for \"flux install\""
        );
    }

    #[test]
    fn create_commands_ignore_extra_arguments_as_cobra_does() {
        let args = "flux create source git podinfo --url=https://x/y extra --export";
        assert!(matches!(parse(args.split_whitespace()), Outcome::Parsed(_)));
    }
}
