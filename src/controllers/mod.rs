//! The controllers `flux serve` runs. Each is a reconcile function over one kind, built on
//! the shared [`crate::runtime`]: the source-controller's GitRepository reconciler and the
//! kustomize-controller's Kustomization reconciler, and the notification-controller's event and
//! webhook servers with its Receiver reconciler.

pub mod kustomize;
pub mod notification;
pub mod source;
