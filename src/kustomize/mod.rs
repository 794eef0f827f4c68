//! The kustomize build engine: a directory in, the objects `kustomize build` prints out.
//!
//! Pure: reads files below a root, never touches a cluster or the network. It follows
//! kustomize v5 (api v0.21) step by step: resources and nested kustomizations are accumulated,
//! generators run, components apply to what was accumulated, then the built-in transformers in
//! kustomize's order (strategic merge patches, patches, namespace, prefix, suffix, labels,
//! annotations, JSON 6902 patches, replicas, images, replacements), then at the top level the
//! generator hash suffixes, name-reference fixes, vars and the default ordering. [`emit`] prints
//! the result byte for byte as kustomize does. Flux's additions live in [`flux`].

pub mod envsubst;
pub mod fieldspec;
pub mod fuzz;
pub mod hash;
pub mod kustfile;
pub mod nameref;
pub mod patch;
pub mod remote;
pub mod replace;
pub mod resource;
pub mod smp;
pub mod sort;
pub mod target;
pub mod transform;
pub mod yaml;

use std::path::PathBuf;

use serde_json::Value;

pub use replace::{lookup_path, replace_values};
pub use target::{build, build_yaml, LoadRestrictions, Options};

/// Errors of a build. Every message names the kustomization file (or resource file) and the
/// field or object it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{origin}: {path}: {message}")]
    Load {
        /// The kustomization file and field that named the file.
        origin: String,
        /// The path as written.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A YAML file is malformed.
    #[error("{file}:{line}:{column}: invalid YAML: {message}")]
    Yaml {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A kustomization is invalid or cannot be applied.
    #[error("{file}: {message}")]
    Invalid {
        /// The kustomization file (or resource file).
        file: String,
        /// What is wrong, naming the field or object.
        message: String,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

/// The text of a scalar as kustomize sees it (`true`, `3`, `1.5`; strings as-is).
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => crate::goyaml::number_text(n),
        other => other.to_string(),
    }
}

/// An [`Error::Invalid`] about `file`.
pub(crate) fn invalid(file: &str, message: impl std::fmt::Display) -> Error {
    Error::Invalid {
        file: file.to_string(),
        message: message.to_string(),
    }
}
