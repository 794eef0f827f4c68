//! The Go template parser against Go's own (`tests/oracles/gotmpl`, built with the local Go
//! toolchain from the standard library only): for every template of the corpus, the printed
//! tree of the text and of each definition, or the parse error, must be the same bytes.

use std::collections::BTreeMap;

use flux::helm::tmpl::parse::{list_string, parse};

const FUNCS: &[&str] = &[
    "include", "quote", "default", "toYaml", "f", "tpl", "required",
];

/// Templates aimed at the parser's corners: trimming, comments, control structures,
/// declarations and scoping, definitions, literals and every error path.
const CORPUS: &[&str] = &[
    "plain text",
    "",
    "a {{.X.y | f 1}} b",
    "{{- if .A }} x {{- else if .B -}} y {{ end -}}",
    "{{if .A}}a{{else if .B}}b{{else if .C}}c{{else}}d{{end}}",
    "{{with .A}}a{{else with .B}}b{{else}}c{{end}}",
    "{{range $i, $v := .L}}{{$i}}{{break}}{{end}}",
    "{{range $v := .L}}{{continue}}{{else}}none{{end}}",
    "{{range .}}{{range .}}{{break}}{{end}}{{continue}}{{end}}",
    "{{with $x := (f .A).b.c}}{{$x.d}}{{else with .B}}n{{end}}",
    "{{template \"x\" .}}{{template `y`}}",
    "{{ 'a' 0x1F 1e3 nil true \"s\" `r` }}",
    "{{$x := 1}}{{$x = 2}}{{$x}}",
    "{{$}}{{$.Values.a}}{{ $.A | quote }}",
    "{{define \"a\"}}A{{end}}x{{block \"b\" .}}B{{end}}",
    "{{define \"a\"}}A{{end}}{{define \"a\"}}B{{end}}",
    "{{define \"a\"}}A{{end}}{{define \"a\"}} {{end}}",
    "{{define \"a\"}} {{end}}{{define \"a\"}}B{{end}}",
    "{{/* a comment */}}x{{- /* trimmed */ -}} y",
    "{{/* c */ x}}",
    "{{/* c",
    "a\n{{ f\n .X }}\nb {{ f }}",
    "{{ f (f (f .A)) | quote }}",
    "{{ (.A).B }}{{ ($).A }}{{ (f).x.y }}",
    "{{ .A.B.C | default \"x\" | quote }}",
    "{{ -3 }}{{-3}}{{ +4 }}{{ 1_000 }}{{ 0b101 }}{{ 0o17 }}{{ 017 }}{{ 1.5e-3 }}{{ 0x1p-2 }}",
    "{{ 1+2i }}{{ 3i }}",
    "{{ '\\n' }}{{ '\\x41' }}{{ '\\u00e9' }}",
    "{{ \"a\\tb\\\\c\\\"\" }}",
    "{{nope 1}}",
    "{{$x}}",
    "{{if .A}}\n{{$y := 1}}{{end}}{{$y}}",
    "{{end}}",
    "{{else}}",
    "{{if .A}}",
    "{{break}}",
    "{{continue}}",
    "{{range .}}{{continue 1}}{{end}}",
    "{{if}}{{end}}",
    "{{.A | 1}}",
    "{{.A | \"s\"}}",
    "{{1.x}}",
    "{{\"a\".x}}",
    "{{nil.x}}",
    "{{$a, $b := .}}",
    "{{range $a, 1}}{{end}}",
    "{{range $a, $b, $c := .}}{{end}}",
    "{{template .X}}",
    "{{template .}}",
    "{{template \"a\" }}",
    "{{define \"a\"}}x",
    "{{define a}}x{{end}}",
    "{{if .A}}{{else}}{{else}}{{end}}",
    "{{ f\n\n \"x }}",
    "{{ f\n\n",
    "{{ 99999999999999999999 }}",
    "{{ 'ab' }}",
    "{{ \"\\q\" }}",
    "{{ (1 }}",
    "{{ 1) }}",
    "{{ .A 1 | }}",
    "{{ | .A }}",
    "{{ a:b }}",
    "{{ a#b }}",
    "{{ 3x }}",
    "{{ .A = 1 }}",
    "{{ $x := }}",
    "{{ ( ) }}",
    "{{ f ( ) }}",
    "{{ .A..B }}",
    "{{ $x := 1 }}{{ $x := 2 }}{{ $x }}",
    "{{ with $x := 1 }}{{ end }}{{ $x }}",
    "{{ range $i := . }}{{ $i }}{{ end }}",
    "{{ block \"b\" }}{{ end }}",
    "{{ else if .A }}",
    "x{{}}y",
    "{{ .A }} }} {{ .B }}",
    "{{ \"unterminated }}",
    "{{ `raw\nline` }}",
    "{{ include \"x\" . | indent 4 }}",
];

/// Builds the Go oracle (`tests/oracles/gotmpl`, standard library only) into `dir` with the
/// local Go toolchain and returns the binary's path.
pub(crate) fn build_gotmpl_oracle(dir: &std::path::Path) -> std::path::PathBuf {
    crate::support::build_go_oracle("gotmpl", dir)
}

fn go_results() -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let bin = build_gotmpl_oracle(dir.path());
    let funcs = FUNCS.join(",");
    let out = crate::support::run_go_oracle(&bin, &[("FUNCS", &funcs)], &CORPUS);
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn templates_parse_and_print_as_go_parses_them() {
    let want = go_results();
    let funcs = |n: &str| FUNCS.contains(&n);
    let mut failures = Vec::new();
    for (text, want) in CORPUS.iter().zip(want) {
        let got = match parse("t", text, &funcs) {
            Err(e) => serde_json::json!({"tree": null, "defs": null, "error": e.to_string()}),
            Ok(p) => {
                let defs: BTreeMap<String, String> = p
                    .trees
                    .iter()
                    .filter(|(n, _)| *n != "t")
                    .map(|(n, l)| (n.clone(), list_string(l)))
                    .collect();
                serde_json::json!({"tree": p.trees.get("t").map(|l| list_string(l)),
                    "defs": defs, "error": null})
            }
        };
        if got != want {
            failures.push(format!("{text:?}\n  ours {got}\n  go   {want}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        CORPUS.len(),
        failures.join("\n")
    );
}
