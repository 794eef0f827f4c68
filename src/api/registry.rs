//! The one registry of every Flux kind: group, version, kind, plural, singular, short names,
//! categories, the controller that owns it and whether this version reconciles it.
//!
//! Derived from the API types (the CRDs [`super::kinds`] generates), never typed by hand: the
//! CLI verbs, `stats`, `trace`, bootstrap, migrate and the controllers ask here instead of
//! spelling plurals. Pure data; nothing here talks to a cluster.

use std::sync::OnceLock;

use kube::discovery::ApiResource;

use super::Controller;

/// One Flux kind as the API server serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FluxKind {
    /// API group, e.g. `source.toolkit.fluxcd.io`.
    pub group: String,
    /// Served (and stored) version, e.g. `v1`.
    pub version: String,
    /// Kind, e.g. `GitRepository`.
    pub kind: String,
    /// Plural resource name, e.g. `gitrepositories`.
    pub plural: String,
    /// Singular resource name, e.g. `gitrepository`.
    pub singular: String,
    /// Short names, e.g. `gitrepo`.
    pub short_names: Vec<String>,
    /// Categories (`all`, `fluxcd`, and the group's, e.g. `fluxcd-sources`).
    pub categories: Vec<String>,
    /// The controller that owns the kind.
    pub controller: Controller,
    /// Whether `flux serve` runs a reconciler for this kind in this version (static kinds
    /// such as Alert and Provider have none by design).
    pub reconciled: bool,
}

impl FluxKind {
    /// `group/version`.
    pub fn api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }

    /// The API resource for dynamic access.
    pub fn api_resource(&self) -> ApiResource {
        ApiResource {
            group: self.group.clone(),
            version: self.version.clone(),
            api_version: self.api_version(),
            kind: self.kind.clone(),
            plural: self.plural.clone(),
        }
    }

    /// The CRD name, `<plural>.<group>`.
    pub fn crd_name(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }

    /// True when `name` is this kind's kind (any case), plural, singular or a short name.
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.kind.to_ascii_lowercase() == name
            || self.plural == name
            || self.singular == name
            || self.short_names.contains(&name)
    }
}

/// The kinds this version reconciles (the others are served as types only, or static).
const RECONCILED: &[&str] = &[
    "GitRepository",
    "OCIRepository",
    "Bucket",
    "HelmRepository",
    "HelmChart",
    "Kustomization",
    "Receiver",
    "ArtifactGenerator",
];

/// Every Flux kind, in the order of [`super::kinds`].
pub fn all() -> &'static [FluxKind] {
    static ALL: OnceLock<Vec<FluxKind>> = OnceLock::new();
    ALL.get_or_init(|| {
        super::kinds()
            .into_iter()
            .map(|k| {
                let spec = &k.crd.spec;
                let version = spec
                    .versions
                    .iter()
                    .find(|v| v.storage)
                    .or_else(|| spec.versions.first())
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                FluxKind {
                    group: spec.group.clone(),
                    version,
                    kind: spec.names.kind.clone(),
                    plural: spec.names.plural.clone(),
                    singular: spec
                        .names
                        .singular
                        .clone()
                        .unwrap_or_else(|| spec.names.kind.to_ascii_lowercase()),
                    short_names: spec.names.short_names.clone().unwrap_or_default(),
                    categories: spec.names.categories.clone().unwrap_or_default(),
                    controller: k.controller,
                    reconciled: RECONCILED.contains(&spec.names.kind.as_str()),
                }
            })
            .collect()
    })
}

/// The kind named `kind` (exact Kubernetes kind, e.g. `GitRepository`).
pub fn by_kind(kind: &str) -> Option<&'static FluxKind> {
    all().iter().find(|k| k.kind == kind)
}

/// The kind of `apiVersion` + `kind` when it is a Flux kind at its served version.
pub fn by_api_version(api_version: &str, kind: &str) -> Option<&'static FluxKind> {
    all()
        .iter()
        .find(|k| k.kind == kind && k.api_version() == api_version)
}

/// The kind a user typed: kind (any case), plural, singular or short name.
pub fn lookup(name: &str) -> Option<&'static FluxKind> {
    all().iter().find(|k| k.is_named(name))
}

/// The kind named `kind`, panicking when it is not a Flux kind: for kinds named in code.
pub fn expect(kind: &str) -> &'static FluxKind {
    by_kind(kind).unwrap_or_else(|| panic!("{kind} is not a Flux kind"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_derived_from_the_crds_with_flux_names() {
        let git = by_kind("GitRepository").unwrap();
        assert_eq!(git.api_version(), "source.toolkit.fluxcd.io/v1");
        assert_eq!(git.plural, "gitrepositories");
        assert_eq!(git.singular, "gitrepository");
        assert_eq!(git.short_names, vec!["gitrepo"]);
        assert_eq!(git.categories, vec!["all", "fluxcd", "fluxcd-sources"]);
        assert!(git.reconciled);
        let ks = lookup("ks").unwrap();
        assert_eq!(ks.kind, "Kustomization");
        assert_eq!(ks.categories[2], "fluxcd-appliers");
        assert_eq!(lookup("HelmReleases").unwrap().kind, "HelmRelease");
        assert_eq!(lookup("helmrelease-controller"), None);
        assert_eq!(lookup("helmreleases").unwrap().kind, "HelmRelease");
        assert!(!lookup("hr").unwrap().reconciled);
        assert!(!by_kind("Alert").unwrap().reconciled);
        assert_eq!(
            by_api_version("notification.toolkit.fluxcd.io/v1beta3", "Provider")
                .unwrap()
                .plural,
            "providers"
        );
        assert_eq!(all().len(), super::super::kinds().len());
        for k in all() {
            assert_eq!(k.categories[..2], ["all", "fluxcd"], "{}", k.kind);
        }
    }
}
