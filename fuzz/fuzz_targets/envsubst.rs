//! cargo fuzz target: Flux's post-build substitution (`${var}`, `${var:=default}`, `${var:-x}`,
//! `${var/a/b}`, `${#var}`, …) never panics on any text, strict or not, and a text without `$`
//! comes back unchanged.
#![no_main]

use std::collections::BTreeMap;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let vars: BTreeMap<String, String> = [
        ("cluster", "prod"),
        ("region", "eu-west-1"),
        ("empty", ""),
        ("nested", "${cluster}"),
        ("long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for strict in [false, true] {
        let out = flux::kustomize::envsubst::expand_map(text, strict, &vars);
        if !text.contains('$') {
            assert_eq!(out.as_deref().ok(), Some(text), "text without `$` changed");
        }
    }
});
