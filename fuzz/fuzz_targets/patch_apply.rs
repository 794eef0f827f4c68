//! cargo fuzz target: patch application never panics (see `flux::kustomize::fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flux::kustomize::fuzz::patch_apply(data));
