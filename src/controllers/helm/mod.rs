//! helm-controller: HelmReleases installed, upgraded and uninstalled as Helm 4 releases.
//! [`action`] holds Helm's actions on a cluster; the HelmRelease reconciler comes next.

pub mod action;
