//! cargo fuzz target: Flux's build (generated or written kustomization, patches, generators,
//! components, substitution) of any small file tree never panics and never reads outside the
//! source root. Input: `=== path` lines starting each file; paths are reduced to safe names
//! under a fresh root before writing (the build itself sees whatever the files reference).
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use flux::api::kustomize::KustomizationSpec;
use flux::build::{build, FluxBuild};

fn safe(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.trim().split('/') {
        if part.is_empty() || part == "." || part == ".." || part.len() > 40 {
            continue;
        }
        if !part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return None;
        }
        out.push(part);
    }
    (out.components().count() > 0 && out.components().count() <= 4).then_some(out)
}

fn write_tree(root: &Path, text: &str) -> usize {
    let mut n = 0;
    for chunk in text.split("=== ").skip(1).take(12) {
        let (name, content) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let Some(rel) = safe(name) else { continue };
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        if std::fs::write(&path, content).is_ok() {
            n += 1;
        }
    }
    n
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base = std::env::temp_dir().join(format!("flux-fuzz-ks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("root");
    if std::fs::create_dir_all(&root).is_err() || write_tree(&root, text) == 0 {
        let _ = std::fs::remove_dir_all(&base);
        return;
    }
    // A file beside the root that the build must never read.
    let _ = std::fs::write(base.join("outside.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside-secret\n");
    let spec = KustomizationSpec {
        target_namespace: text.contains("#ns").then(|| String::from("fuzz")),
        ..KustomizationSpec::default()
    };
    let vars: BTreeMap<String, String> = [("cluster".to_string(), "prod".to_string())].into();
    let b = FluxBuild {
        name: "fuzz",
        namespace: "flux-system",
        spec: &spec,
        dir: &root,
        root: &root,
        ignore_paths: &[],
        strict_substitute: text.contains("#strict"),
        substitute_from: vars,
        decryption: None,
        allow_remote: false,
    };
    if let Ok(objects) = build(&b).map_err(|e| e.to_string()) {
        if text.contains("outside-secret") {
            return cleanup(&base);
        }
        for o in &objects {
            assert_ne!(
                o.pointer("/metadata/name").and_then(|v| v.as_str()),
                Some("outside-secret"),
                "the build read a file outside the source root"
            );
        }
    }
    cleanup(&base);
});

fn cleanup(base: &Path) {
    let _ = std::fs::remove_dir_all(base);
}
