//! The controllers `flux serve` runs, each a [`crate::runtime::reconciler::Reconciler`] (its
//! named steps, cleanup and watches) on the shared runtime: the source-controller's
//! GitRepository reconciler, the kustomize-controller's Kustomization reconciler, and the
//! notification-controller's Receiver reconciler with its event and webhook servers,
//! source-watcher's ArtifactGenerator reconciler, image-reflector-controller's ImageRepository
//! and ImagePolicy reconcilers and image-automation-controller's ImageUpdateAutomation
//! reconciler.

pub mod helm;
pub mod image;
pub mod image_automation;
pub mod kustomize;
pub mod notification;
pub mod source;
pub mod source_watcher;
