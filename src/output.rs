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

/// Renders one object as a YAML document (no leading `---`).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String> {
    // Go through serde_json so that field order and skipped fields match the JSON form the API
    // server stores, then print as YAML.
    let json = serde_json::to_value(value).map_err(|e| Error::Yaml(e.to_string()))?;
    serde_saphyr::to_string(&json).map_err(|e| Error::Yaml(e.to_string()))
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
