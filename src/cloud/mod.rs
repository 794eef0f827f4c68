//! Cloud identities for the `aws`, `gcp` and `azure` providers of Flux objects: how a
//! controller obtains credentials from its environment or from an object's service account.
//! Shared by the Bucket reconciler and, later, the OCI providers.

pub mod aws;
pub mod registry;
