//! cargo fuzz target: YAML loading and printing never panic (see `flux::kustomize::fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flux::kustomize::fuzz::yaml_load(data));
