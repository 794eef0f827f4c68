//! Migration of Flux v1 setups (`flux migrate v1`): reads what a v1 user has — fluxd's flags and
//! environment, `.flux.yaml` files, v1 annotations in the repository, FluxCloud's settings — and
//! plans the Flux v2 objects and the repository edits, with a report of everything that could
//! not be carried over and the manual steps left.
//!
//! The plan is computed from files and parsed settings (pure); [`report`] renders it and
//! writes the edits as one commit. Reading the cluster is the CLI's business. Nothing here
//! writes a secret value.

pub mod fluxcloud;
pub mod fluxd;
pub mod fluxyaml;
pub mod images;
pub mod plan;
pub mod report;

/// What can stop a migration.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, flag or path that cannot be used (the message names it).
    #[error("{0}")]
    Input(String),
    /// Reading the repository failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Committing the edits failed.
    #[error("git: {0}")]
    Git(String),
}
