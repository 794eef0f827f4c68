//! cargo fuzz target: decrypting any SOPS document (YAML, JSON, dotenv, INI or binary envelope;
//! tampered MACs, truncated values, bad metadata) with an age key never panics. The first
//! byte picks the format; the seeds in `fuzz/seeds/sops_decrypt` are real files encrypted by
//! `sops` for the key below (a fixed key for fuzzing, not a secret).
#![no_main]

use flux::sops::{Format, Keys};

const AGE_KEY: &str = "AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE\n";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, doc)) = data.split_first() else {
        return;
    };
    let format = match pick % 5 {
        0 => Format::Yaml,
        1 => Format::Json,
        2 => Format::Dotenv,
        3 => Format::Ini,
        _ => Format::Binary,
    };
    let mut keys = Keys::default();
    keys.import_age(AGE_KEY).expect("the fuzzing age key is valid");
    let _ = flux::sops::decrypt(doc, format, format, &keys);
    let _ = flux::sops::detect_format(doc);
});
