//! Flux's human output style and YAML printing.
//!
//! Owns the symbols Flux prints on stderr (`✚ generating`, `► applying`, `✔ done`,
//! `◎ waiting`, `⚠️ warning`, `✗ error`) and the YAML rendering used by every `--export` and
//! generated file (multi-document, `---` separated, Flux's key order). Never writes to stdout
//! except through [`print_yaml`]-style helpers that callers choose explicitly.

use std::io::Write;

use serde::Serialize;

/// Errors from rendering YAML.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An object could not be turned into YAML.
    #[error("rendering YAML: {0}")]
    Yaml(String),
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// Writes Flux-style progress lines to stderr.
#[derive(Clone, Copy, Debug, Default)]
pub struct Logger {
    /// Suppresses everything but failures.
    pub quiet: bool,
}

impl Logger {
    fn line(&self, symbol: &str, msg: &str) {
        if self.quiet {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{symbol} {msg}");
    }

    /// `► msg`: an action starts.
    pub fn action(&self, msg: impl AsRef<str>) {
        self.line("►", msg.as_ref());
    }

    /// `✚ msg`: something is generated.
    pub fn generate(&self, msg: impl AsRef<str>) {
        self.line("✚", msg.as_ref());
    }

    /// `◎ msg`: waiting for something.
    pub fn waiting(&self, msg: impl AsRef<str>) {
        self.line("◎", msg.as_ref());
    }

    /// `✔ msg`: a step succeeded.
    pub fn success(&self, msg: impl AsRef<str>) {
        self.line("✔", msg.as_ref());
    }

    /// `⚠️ msg`: a warning.
    pub fn warning(&self, msg: impl AsRef<str>) {
        self.line("⚠️", msg.as_ref());
    }

    /// `✗ msg`: a failure; printed even when quiet.
    pub fn failure(&self, msg: impl AsRef<str>) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "✗ {}", msg.as_ref());
    }
}

/// A spinner on stderr while waiting (drawn only when stderr is a terminal); cleared on drop.
pub struct Spinner(indicatif::ProgressBar);

impl Spinner {
    /// Starts a spinner with a message.
    pub fn start(message: impl Into<String>) -> Spinner {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message(message.into());
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        Spinner(pb)
    }
}

impl Drop for Spinner {
    /// Removes the spinner line, however the wait ended.
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Renders one object as a YAML document (no leading `---`).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String> {
    // Go through serde_json so that field order and skipped fields match the JSON form the API
    // server stores, then print as YAML.
    let json = serde_json::to_value(value).map_err(|e| Error::Yaml(e.to_string()))?;
    let yaml = serde_saphyr::to_string(&json).map_err(|e| Error::Yaml(e.to_string()))?;
    let requoted = go_style_quotes(&yaml);
    // The rewrite must never change the value; fall back to the emitter's output if it did.
    match serde_saphyr::from_str::<serde_json::Value>(&requoted) {
        Ok(back) if back == json => Ok(requoted),
        _ => Ok(yaml),
    }
}

/// Rewrites double-quoted scalars that need no escapes into single quotes, as go-yaml (and so
/// Flux's `--export`) prints them: `">=6.0.0"` becomes `'>=6.0.0'`. Strings with escapes or
/// single quotes, and multi-line quoted scalars, are left alone.
pub fn go_style_quotes(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut open: Option<u8> = None;
    for (i, line) in yaml.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (text, still_open) = requote_line(line, open);
        out.push_str(&text);
        open = still_open;
    }
    out
}

/// Finds the end of a quoted scalar whose body starts at `body`; returns the index of the
/// closing quote in `line`, or None when it continues on the next line.
fn closing_quote(line: &str, body: usize, quote: u8) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = body;
    while i < b.len() {
        match (quote, b[i]) {
            (b'"', b'\\') => i += 2,
            (b'"', b'"') => return Some(i),
            (b'\'', b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
            (b'\'', b'\'') => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn requote_line(line: &str, open: Option<u8>) -> (String, Option<u8>) {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    if let Some(q) = open {
        match closing_quote(line, 0, q) {
            Some(end) => {
                out.push_str(&line[..=end]);
                i = end + 1;
            }
            None => return (line.to_string(), Some(q)),
        }
    }
    // Scalars start after the indentation, after "- ", or after ": ".
    let mut at_scalar_start = open.is_none();
    while i < bytes.len() {
        let c = bytes[i];
        if at_scalar_start && c == b' ' {
            out.push(' ');
            i += 1;
            continue;
        }
        if at_scalar_start && c == b'-' && bytes.get(i + 1) == Some(&b' ') {
            out.push_str("- ");
            i += 2;
            continue;
        }
        if at_scalar_start && (c == b'"' || c == b'\'') {
            let Some(end) = closing_quote(line, i + 1, c) else {
                out.push_str(&line[i..]);
                return (out, Some(c));
            };
            let body = &line[i + 1..end];
            if c == b'"' && !body.contains('\\') && !body.contains('\'') {
                out.push('\'');
                out.push_str(body);
                out.push('\'');
            } else {
                out.push_str(&line[i..=end]);
            }
            i = end + 1;
            at_scalar_start = false;
            continue;
        }
        if c == b':' && bytes.get(i + 1) == Some(&b' ') {
            out.push_str(": ");
            i += 2;
            at_scalar_start = true;
            continue;
        }
        at_scalar_start = false;
        let ch_len = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + ch_len]);
        i += ch_len;
    }
    (out, None)
}

/// Renders objects as a multi-document YAML stream, each document starting with `---`.
pub fn to_yaml_stream<T: Serialize>(values: &[T]) -> Result<String> {
    let mut out = String::new();
    for v in values {
        out.push_str("---\n");
        let doc = to_yaml(v)?;
        out.push_str(&doc);
        if !doc.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// Writes text to stdout; a closed pipe (`flux ... | head`) is not an error.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Recursively sorts object keys, as Go's YAML marshalling of maps prints them.
pub fn sorted_keys(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_follow_go_yaml_style() {
        assert_eq!(go_style_quotes("semver: \">=6.0.0\""), "semver: '>=6.0.0'");
        assert_eq!(go_style_quotes("  - \"1.0\""), "  - '1.0'");
        assert_eq!(go_style_quotes("\"k:v\": 1"), "'k:v': 1");
        assert_eq!(go_style_quotes("a: \"b: c\""), "a: 'b: c'");
        assert_eq!(go_style_quotes("a: \"it's\""), "a: \"it's\"");
        assert_eq!(go_style_quotes("a: \"x\\ty\""), "a: \"x\\ty\"");
        assert_eq!(go_style_quotes("msg: say \"hi\""), "msg: say \"hi\"");
        assert_eq!(go_style_quotes("plain: value"), "plain: value");
    }

    #[test]
    fn multi_line_quoted_scalars_are_left_alone() {
        let yaml = "description: 'a long text where\n  \"key\" is quoted'\nnext: \"x\"";
        assert_eq!(
            go_style_quotes(yaml),
            "description: 'a long text where\n  \"key\" is quoted'\nnext: 'x'"
        );
        let yaml = "d: \"line one\n  \"\nn: \"y\"";
        assert_eq!(go_style_quotes(yaml), "d: \"line one\n  \"\nn: 'y'");
    }

    #[test]
    fn requoted_yaml_parses_to_the_same_value() {
        let v = serde_json::json!({ "a": ">=6.0.0", "b": ["1.0", "n", "x: y"], "c": "it's", "d": "tab\there", "e": "é: ü" });
        let yaml = to_yaml(&v).unwrap();
        let back: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, v, "{yaml}");
    }
}
