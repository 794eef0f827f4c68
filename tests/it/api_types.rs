//! The Rust API types hold every field of a realistic object of each kind: deserialising a
//! fixture and serialising it again gives back the same document.

use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/objects/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) {
    let want = fixture(name);
    let typed: T = serde_json::from_value(want.clone())
        .unwrap_or_else(|e| panic!("{name}: does not deserialise: {e}"));
    let got = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        want["spec"], got["spec"],
        "{name}: spec changed by the Rust types"
    );
}

#[test]
fn rust_types_keep_every_field_of_every_kind() {
    use flux::api::{helm, image, kustomize, notification, source};
    round_trip::<source::GitRepository>("gitrepository");
    round_trip::<source::OCIRepository>("ocirepository");
    round_trip::<source::Bucket>("bucket");
    round_trip::<source::HelmRepository>("helmrepository");
    round_trip::<source::HelmChart>("helmchart");
    round_trip::<source::ExternalArtifact>("externalartifact");
    round_trip::<kustomize::Kustomization>("kustomization");
    round_trip::<helm::HelmRelease>("helmrelease");
    round_trip::<notification::Provider>("provider");
    round_trip::<notification::Alert>("alert");
    round_trip::<notification::Receiver>("receiver");
    round_trip::<notification::Receiver>("receiver-oidc");
    round_trip::<image::ImageRepository>("imagerepository");
    round_trip::<image::ImagePolicy>("imagepolicy");
    round_trip::<image::ImageUpdateAutomation>("imageupdateautomation");
}

#[test]
fn durations_export_in_go_style() {
    let mut repo = fixture("gitrepository");
    repo["spec"]["interval"] = Value::String("90s".into());
    repo["spec"]["timeout"] = Value::String("1h".into());
    let typed: flux::api::source::GitRepository = serde_json::from_value(repo).unwrap();
    let out = serde_json::to_value(&typed).unwrap();
    assert_eq!(out["spec"]["interval"], "1m30s");
    assert_eq!(out["spec"]["timeout"], "1h0m0s");
}

#[test]
fn unknown_enum_value_is_a_clear_deserialisation_error() {
    let mut ks = fixture("kustomization");
    ks["spec"]["sourceRef"]["kind"] = Value::String("Nope".into());
    let err = serde_json::from_value::<flux::api::kustomize::Kustomization>(ks).unwrap_err();
    assert!(err.to_string().contains("Nope"), "{err}");
}
