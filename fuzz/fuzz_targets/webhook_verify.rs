//! cargo fuzz target: verifying any webhook request (headers and body) for every receiver
//! type never panics. Input: a byte picking the type, `Name: value` header lines, a blank
//! line, the body.
#![no_main]

use flux::api::notification::ReceiverType;
use flux::notify::receivers::{verify, Headers};

const TYPES: [ReceiverType; 14] = [
    ReceiverType::Generic,
    ReceiverType::GenericHmac,
    ReceiverType::GenericOidc,
    ReceiverType::Github,
    ReceiverType::Gitlab,
    ReceiverType::Bitbucket,
    ReceiverType::Harbor,
    ReceiverType::Dockerhub,
    ReceiverType::Quay,
    ReceiverType::Nexus,
    ReceiverType::Acr,
    ReceiverType::Cdevents,
    ReceiverType::Gcr,
    ReceiverType::Generic,
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let kind = TYPES[pick as usize % TYPES.len()];
    let split = rest
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(rest.len());
    let (head, body) = rest.split_at(split);
    let body = body.get(2..).unwrap_or(&[]);
    let mut headers = Headers::new();
    for line in String::from_utf8_lossy(head).lines() {
        if let Some((n, v)) = line.split_once(':') {
            headers.insert(n.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let events = vec![String::from("push"), String::from("Push Hook")];
    for token in ["fuzz-token", ""] {
        let _ = verify(kind, token, &events, &headers, body);
        let _ = verify(kind, token, &[], &headers, body);
    }
});
