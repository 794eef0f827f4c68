module flux-rs.test/oracles/gotmpl

go 1.26
