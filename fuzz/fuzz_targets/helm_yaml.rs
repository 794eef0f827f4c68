//! cargo fuzz target: Helm's YAML readers (values documents with go-yaml v2 rules, manifest
//! heads, `fromYaml`; the fast head reading agrees with the parser) and rendering any text as a chart template never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = flux::kustomize::yaml::parse_stream_v2(text);
        let head = flux::kustomize::yaml::parse_head_v2(text);
        // The fast reading of a manifest's head agrees with the parser wherever it answers.
        if let Some((kind, hook)) = flux::helm::plain_yaml::head(text) {
            let head = head.expect("a document the fast reading took parses");
            assert_eq!(
                kind,
                head.get("kind").and_then(|k| k.as_str()).unwrap_or_default()
            );
            assert_eq!(
                hook.as_deref(),
                head.pointer("/metadata/annotations/helm.sh~1hook")
                    .and_then(|h| h.as_str())
            );
        }
        let _ = flux::helm::funcs::yaml_to_value(text);
        let _ = flux::helm::engine::split_manifests(text);
    }
});
