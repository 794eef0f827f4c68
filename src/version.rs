//! The version of this binary, as Flux reports versions (`v` prefix).
//!
//! Owns the version string every generated manifest, label and `flux version` output uses.

/// The crate version with a `v` prefix, e.g. `v0.1.0`.
pub fn version() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

/// The distribution name reported by `flux version`, e.g. `flux-v0.1.0`.
pub fn distribution() -> String {
    format!("flux-{}", version())
}

/// The minimum Kubernetes version `flux check --pre` accepts.
pub const MIN_KUBERNETES: (u64, u64, u64) = (1, 33, 0);
