//! The controllers `flux serve` runs, each a [`crate::runtime::reconciler::Reconciler`] (its
//! named steps, cleanup and watches) on the shared runtime: the source-controller's
//! GitRepository reconciler, the kustomize-controller's Kustomization reconciler, and the
//! notification-controller's Receiver reconciler with its event and webhook servers, and
//! source-watcher's ArtifactGenerator reconciler.

pub mod image;
pub mod kustomize;
pub mod notification;
pub mod source;
pub mod source_watcher;
