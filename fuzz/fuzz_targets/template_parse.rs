//! cargo fuzz target: parsing any text as a Go template never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = flux::helm::tmpl::parse::parse("t", text, &|n: &str| n == "f");
    }
});
