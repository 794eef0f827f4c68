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

/// Renders one value as a YAML document (no leading `---`) the way Flux's Go CLI prints it
/// (`sigs.k8s.io/yaml` over go-yaml v2): keys sorted, strings quoted only when they would read
/// back as another type, long strings never folded with `>-` (go-yaml breaks plain scalars only
/// at spaces).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String> {
    // Through serde_json, as Go marshals to JSON first: skipped fields and renames match what
    // the API server stores.
    let json = serde_json::to_value(value).map_err(|e| Error::Yaml(e.to_string()))?;
    Ok(crate::goyaml::to_yaml(&json))
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
    fn long_strings_without_spaces_are_never_folded() {
        let url = format!("https://flux.example.com/hook/{}", "a".repeat(64));
        let yaml =
            to_yaml(&serde_json::json!({"metadata": {"annotations": {"webhook": url}}})).unwrap();
        assert_eq!(
            yaml,
            format!("metadata:\n  annotations:\n    webhook: {url}\n")
        );
    }

    #[test]
    fn quotes_and_key_order_follow_go_yaml() {
        let v = serde_json::json!({ "semver": ">=6.0.0", "b": ["1.0", "n", "x: y"], "a": "it's", "d": "tab\there" });
        let yaml = to_yaml(&v).unwrap();
        assert_eq!(
            yaml,
            "a: it's\nb:\n- \"1.0\"\n- \"n\"\n- 'x: y'\nd: \"tab\\there\"\nsemver: '>=6.0.0'\n"
        );
        let back: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, v, "{yaml}");
    }
}
