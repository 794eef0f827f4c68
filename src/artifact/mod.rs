//! Artifacts: the tarballs sources produce and other controllers consume.
//!
//! Owns building a deterministic `tar.gz` from a directory (sorted entries, zeroed times and
//! owners, normalised modes: the same tree always gives the same `sha256:<hex>` digest),
//! filtering with `.sourceignore` and Flux's default excludes ([`ignore`]), and extracting
//! untrusted archives safely ([`extract`]). Pure file-system code: no cluster, no network.

pub mod archive;
pub mod extract;
pub mod fetch;
pub mod goflate;
pub mod gotar;
pub mod ignore;
pub mod storage;

pub use archive::{archive_dir, Digest};
pub use extract::{extract_tar_gz, Limits};

/// Errors of the artifact module; each names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An archive entry would land outside the extraction root.
    #[error("{0}: archive entry escapes the destination directory")]
    Escape(String),
    /// An archive entry is a kind of file that is not allowed (device, fifo, ...).
    #[error("{0}: archive entry type is not allowed")]
    EntryType(String),
    /// An archive is larger than the limits allow.
    #[error("{what} exceeds the limit of {limit} bytes")]
    TooLarge {
        /// What exceeded it.
        what: String,
        /// The limit.
        limit: u64,
    },
    /// An ignore pattern is invalid.
    #[error("ignore pattern {pattern:?}: {message}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// Why.
        message: String,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io_err(path: impl AsRef<std::path::Path>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.as_ref().display().to_string();
    move |source| Error::Io { path, source }
}
