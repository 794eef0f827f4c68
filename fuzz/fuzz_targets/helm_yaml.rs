//! cargo fuzz target: Helm's YAML readers (values documents with go-yaml v2 rules, manifest
//! heads, `fromYaml`) and rendering any text as a chart template never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = flux::kustomize::yaml::parse_stream_v2(text);
        let _ = flux::kustomize::yaml::parse_head_v2(text);
        let _ = flux::helm::funcs::yaml_to_value(text);
        let _ = flux::helm::engine::split_manifests(text);
    }
});
