//! The controllers `flux serve` runs. Each is a reconcile function over one kind, built on
//! the shared [`crate::runtime`]; only the source-controller's GitRepository reconciler exists
//! so far.

pub mod source;
