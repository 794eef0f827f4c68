module flux-rs/tests/node/pause

go 1.26
