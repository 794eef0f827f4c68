//! Entry points for fuzzing (cargo fuzz targets in `fuzz/` and the stable smoke test call
//! these): arbitrary input must never make the engine panic.

use super::{patch, smp, target, yaml};
use crate::goyaml as emit;

/// Parses arbitrary bytes as a resource stream; every mapping that parses must print and
/// read back to the same printed form.
pub fn yaml_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(docs) = yaml::parse_stream(text) {
        for d in docs.iter().filter(|d| d.is_object()) {
            let printed = emit::to_yaml(d);
            // Raw U+0085/U+2028/U+2029 are line breaks to go-yaml but text to our YAML 1.2
            // parser; such values are a known gap (see CHANGELOG), not checked here.
            if printed.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
                continue;
            }
            let back = yaml::parse_one(&printed)
                .unwrap_or_else(|e| panic!("printed YAML does not parse: {e}\n{printed}"));
            assert_eq!(emit::to_yaml(&back), printed, "printing is not stable");
        }
    }
    let _ = target::load_resources(text, "fuzz.yaml");
}

/// Splits the input at the first `\n---\n` into a target object and a patch, then applies the
/// patch both as a strategic merge patch and as a JSON 6902 patch.
pub fn patch_apply(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (target, patch_text) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(target) = yaml::parse_one(target) else {
        return;
    };
    if let Ok(p) = yaml::parse_one(patch_text) {
        let rules = smp::Table::new();
        let _ = smp::merge(&target, &p, "apps/v1", "Deployment", &rules);
    }
    if let Ok(ops) = patch::parse_json6902(patch_text) {
        let mut doc = target;
        let _ = patch::apply_json6902(&mut doc, &ops);
    }
}
