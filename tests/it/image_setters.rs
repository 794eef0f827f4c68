//! The `Setters` update strategy on image-automation-controller v1.2.4's own test corpus
//! (`internal/update/testdata/setters`, read from its Go module): with the policies of its
//! `TestUpdateWithSetters`, the files it expects to change are byte-identical to its expected
//! files, the others are untouched, and the recorded changes are the ones its test lists.

use std::collections::BTreeMap;
use std::path::Path;

use flux::image::setters::{update_files, LatestRef, Marker};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn setters_reproduce_image_automation_controllers_expected_files() {
    let module = crate::support::go_module("github.com/fluxcd/image-automation-controller@v1.2.4");
    let data = module.join("internal/update/testdata/setters");
    let work = tempfile::tempdir().unwrap();
    copy_dir(&data.join("original"), work.path());
    let policies: BTreeMap<&str, LatestRef> = [
        (
            "policy",
            LatestRef {
                name: "index.repo.fake/updated".into(),
                tag: "v1.0.1".into(),
                digest: None,
            },
        ),
        (
            "unchanged",
            LatestRef {
                name: "image".into(),
                tag: "v1.0.0".into(),
                digest: None,
            },
        ),
        (
            "policy-with-digest",
            LatestRef {
                name: "image".into(),
                tag: "v1.0.0".into(),
                digest: Some(
                    "sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be"
                        .into(),
                ),
            },
        ),
    ]
    .into_iter()
    .collect();
    let resolve = |m: &Marker| {
        (m.namespace == "automation-ns")
            .then(|| policies.get(m.name.as_str()).cloned())
            .flatten()
    };
    let changes = update_files(work.path(), ".", &resolve).unwrap();
    let mut expected: Vec<String> = std::fs::read_dir(data.join("expected"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    let changed: Vec<String> = changes.keys().cloned().collect();
    assert_eq!(changed, expected);
    for e in std::fs::read_dir(work.path()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let want = if expected.contains(&name) {
            std::fs::read(data.join("expected").join(&name)).unwrap()
        } else {
            std::fs::read(data.join("original").join(&name)).unwrap()
        };
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(&p).unwrap()),
            String::from_utf8_lossy(&want),
            "{name}"
        );
    }
    // The changes its test lists: four in kustomization.yml, in document order.
    let k = &changes["kustomization.yml"];
    assert_eq!(k.len(), 1);
    let (id, list) = k.iter().next().unwrap();
    assert_eq!(
        (id.api_version.as_str(), id.kind.as_str(), id.name.as_str()),
        ("kustomize.config.k8s.io/v1beta1", "Kustomization", "")
    );
    let summary: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|c| (c.old.as_str(), c.new.as_str(), c.setter.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("replaced", "index.repo.fake/updated", "automation-ns:policy:name"),
            ("v1", "v1.0.1", "automation-ns:policy:tag"),
            ("sha256:1234567890abcdef", "sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be", "automation-ns:policy-with-digest:digest"),
            ("image", "image:v1.0.0@sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be", "automation-ns:policy-with-digest"),
        ]
    );
    let marked = &changes["marked.yaml"];
    let id = marked.keys().next().unwrap();
    assert_eq!(
        (id.kind.as_str(), id.name.as_str(), id.namespace.as_str()),
        ("CronJob", "foo", "bar")
    );
}
