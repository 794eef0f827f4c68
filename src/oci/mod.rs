//! OCI artifacts: references, the registry client (distribution API with Flux's auth
//! sources), and Flux's artifact format (media types, annotations, reproducible tarballs).

pub mod artifact;
pub mod client;
pub mod cosign;
pub mod keychain;
pub mod notation;
pub mod reference;
pub mod sigstore;
pub mod trustpolicy;

pub use client::Client;
pub use keychain::{Auth, Keychain};
pub use reference::Reference;
