//! The template executor against Go's own `text/template` (`tests/oracles/gotmpl` in exec
//! mode, stdlib only): each case is parsed as template "t" with `missingkey=zero` and a small
//! typed function map defined identically on both sides, executed on JSON data decoded as Go
//! decodes it (float64 numbers), and the output or the error message must be the same bytes.

use std::collections::BTreeMap;

use flux::helm::tmpl::exec::{Func, Funcs, GoError, Set, State, Ty};
use flux::helm::tmpl::value::{self, Elem, Value};

/// (template, JSON data).
const CASES: &[(&str, &str)] = &[
    // missingkey=zero and the nil-interface rule
    ("{{.a.b}}", "{}"),
    ("{{.a}}|{{.a.b.c}}", r#"{"a":null}"#),
    ("[{{.missing}}]", "{}"),
    ("{{$x := .missing}}{{$x.b}}", "{}"),
    ("{{(.missing).b}}", "{}"),
    ("{{.}}", "null"),
    ("{{.x}}", "null"),
    ("{{.a.b}}", r#"{"a":"str"}"#),
    ("{{.a.b}}", r#"{"a":5}"#),
    ("{{$v := .a}}{{$v.b}}", r#"{"a":5}"#),
    ("{{range .l}}{{.x}}{{end}}", r#"{"l":[{"x":1},null]}"#),
    ("{{range .l}}[{{.}}]{{end}}", r#"{"l":[1,null,"a"]}"#),
    // printing
    ("{{.f}} {{.g}} {{.h}} {{.i}}", r#"{"f":1000000,"g":1234567,"h":123456,"i":0.00001}"#),
    ("{{.m}}", r#"{"m":{"b":[1,"x",null,true],"a":{"z":1.5}}}"#),
    ("{{.l}}", r#"{"l":[]}"#),
    ("{{.m}}", r#"{"m":{}}"#),
    ("{{bytes \"hi\"}} {{i64 3}} {{u8 7}} {{'a'}} {{1.5}} {{0x10}} {{1e3}} {{2i}}", "{}"),
    ("{{nilf}}|{{list 1 nil \"a\"}}|{{strs \"a\" \"b\"}}", "{}"),
    ("{{print 1 2 \"a\" 3 \"b\" \"c\" nil}}|{{println 1 \"a\"}}", "{}"),
    ("{{printf \"%d %s %v %q %T\" 5 \"s\" .f .s .f}}", r#"{"f":8080,"s":"q"}"#),
    ("{{printf \"%d\" .f}} {{printf \"%s\"}} {{printf \"x\" 1}}", r#"{"f":8080}"#),
    ("{{printf \"%q\" (list 1 2)}} {{printf \"%v\" (dict \"a\" 1)}} {{printf \"%T %T\" .m .l}}", r#"{"m":{},"l":[]}"#),
    ("{{printf \"%5.2f|%-6s|%06d|%x|%X|%o|%b|%e\" 3.14159 \"ab\" 42 255 \"hi\" 8 5 123456.0}}", "{}"),
    ("{{html \"<a href='x'>&\\\"\"}} {{js \"it's <b> & =\"}} {{urlquery \"a b&c=d/é\"}}", "{}"),
    ("{{html 1 2}} {{urlquery .m}}", r#"{"m":{"a":1}}"#),
    // control flow
    ("{{if .a}}y{{else if .b}}b{{else}}n{{end}}", r#"{"a":0,"b":""}"#),
    ("{{if .a}}y{{else}}n{{end}}{{if .l}}l{{end}}{{if .m}}m{{end}}", r#"{"a":0.0001,"l":[],"m":{"k":null}}"#),
    ("{{with .a}}{{.}}{{else with .b}}b{{.}}{{else}}none{{end}}", r#"{"a":false,"b":"x"}"#),
    ("{{with $x := .a}}{{$x}}{{.}}{{end}}", r#"{"a":"v"}"#),
    ("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", r#"{"m":{"b":2,"a":1,"c":{"x":1}}}"#),
    ("{{range $i, $v := .l}}{{$i}}:{{$v}},{{else}}empty{{end}}", r#"{"l":[]}"#),
    ("{{range .missing}}x{{else}}none{{end}}", "{}"),
    ("{{range 3}}{{.}}{{end}}|{{range $i := 2}}{{$i}}{{end}}|{{range 0}}x{{else}}zero{{end}}", "{}"),
    ("{{range $i, $v := 3}}{{end}}", "{}"),
    ("{{range .f}}{{end}}", r#"{"f":2}"#),
    ("{{range .s}}{{end}}", r#"{"s":"abc"}"#),
    ("{{range .l}}{{if eq . 2.0}}{{break}}{{end}}{{.}}{{end}}", r#"{"l":[1,2,3]}"#),
    ("{{range .l}}{{if eq . 2.0}}{{continue}}{{end}}{{.}}{{end}}", r#"{"l":[1,2,3]}"#),
    ("{{range $x := .l}}{{range .}}{{$x}}{{.}}{{end}};{{end}}", r#"{"l":[[1,2],[3]]}"#),
    ("{{$x := 1}}{{range .l}}{{$x = .}}{{end}}{{$x}}", r#"{"l":["a","b"]}"#),
    ("{{$i := 0}}{{$v := 0}}{{range $i, $v = .l}}{{end}}{{$i}}{{$v}}", r#"{"l":["a","b"]}"#),
    ("{{if $x := .a}}{{$x}}{{else}}{{$x}}{{end}}", r#"{"a":0}"#),
    ("{{range .}}{{.}}{{end}}", r#"[true,false,"s",1.5]"#),
    // and / or / not
    ("{{and 1 \"\"}}|{{and 1 2}}|{{or 0 \"y\"}}|{{or 0 \"\"}}|{{not 0}}|{{not .m}}", r#"{"m":{}}"#),
    ("{{and .missing.x 1}}", "{}"),
    ("{{or .a .missing}}|{{and .a .b}}|{{.a | and 1}}|{{0 | or \"\"}}", r#"{"a":"A","b":"B"}"#),
    ("{{if and .a (not .b)}}ok{{end}}", r#"{"a":1,"b":false}"#),
    // comparisons
    ("{{eq .f 3.0}} {{eq .s \"x\" \"y\"}} {{ne 1 2}} {{eq 1 (u8 1)}} {{eq .missing nil}}", r#"{"f":3,"s":"y"}"#),
    ("{{eq .f 3}}", r#"{"f":3}"#),
    ("{{lt .f 3}}", r#"{"f":3}"#),
    ("{{lt .f 3.5}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge (i64 1) 2}} {{lt -1 (u8 1)}}", r#"{"f":3}"#),
    ("{{eq .missing 1}}", "{}"),
    ("{{lt .missing 1}}", "{}"),
    ("{{eq .m .m}}", r#"{"m":{"a":1}}"#),
    ("{{eq .l .m}}", r#"{"l":[1],"m":{"a":1}}"#),
    ("{{eq 1}}", "{}"),
    ("{{lt true false}}", "{}"),
    ("{{eq \"a\" 1}}", "{}"),
    ("{{eq nil nil}}", "{}"),
    // len, index, slice
    ("{{len .s}} {{len .l}} {{len .m}} {{len \"héllo\"}} {{len (bytes \"ab\")}}", r#"{"s":"abc","l":[1,2],"m":{"a":1}}"#),
    ("{{len .f}}", r#"{"f":1}"#),
    ("{{len .missing}}", "{}"),
    ("{{$x := .missing}}{{len $x}}", "{}"),
    ("{{index .l 1}} {{index .m \"a\"}} [{{index .m \"zz\"}}] {{index .n \"a\" 0}} {{index \"abc\" 1}}", r#"{"l":[1,2],"m":{"a":"A"},"n":{"a":["x"]}}"#),
    ("{{index .l 2}}", r#"{"l":[1,2]}"#),
    ("{{index .l 5}}", r#"{"l":[1,2]}"#),
    ("{{index .l -1}}", r#"{"l":[1,2]}"#),
    ("{{index .l 1.0}}", r#"{"l":[1,2]}"#),
    ("{{index .m 1}}", r#"{"m":{}}"#),
    ("{{index .missing 1}}", "{}"),
    ("{{index .f 1}}", r#"{"f":1}"#),
    ("{{index .l 0 \"a\"}}", r#"{"l":[null]}"#),
    ("{{index .l .i}}", r#"{"l":[1,2],"i":1}"#),
    ("{{slice .s 1 3}} {{slice .l 1}} {{slice .s}}", r#"{"s":"abcd","l":[1,2,3]}"#),
    ("{{slice .s 3 1}}", r#"{"s":"abcd"}"#),
    // typed parameters and their messages
    ("{{upper .s}}", r#"{"s":"abc"}"#),
    ("{{upper .f}}", r#"{"f":1}"#),
    ("{{upper .missing}}", "{}"),
    ("{{.missing | upper}}", "{}"),
    ("{{upper 1}}", "{}"),
    ("{{upper nil}}", "{}"),
    ("{{rep 3 \"ab\"}} {{\"x\" | rep 2}}", "{}"),
    ("{{rep .n \"ab\"}}", r#"{"n":2}"#),
    ("{{rep (i64 2) \"ab\"}}", "{}"),
    ("{{rep 1.5 \"ab\"}}", "{}"),
    ("{{half 3}} {{half 3.0}} {{half .f}}", r#"{"f":5}"#),
    ("{{half \"x\"}}", "{}"),
    ("{{yes true}} {{yes .b}}", r#"{"b":false}"#),
    ("{{yes 1}}", "{}"),
    ("{{setk .m \"k\" 1}}", r#"{"m":{"a":1}}"#),
    ("{{setk .l \"k\" 1}}", r#"{"l":[]}"#),
    ("{{$m := dict \"a\" 1}}{{$_ := setk $m \"b\" 2}}{{$m}}", "{}"),
    ("{{setk .missing \"k\" 1}}", "{}"),
    ("{{fails \"x\"}}", "{}"),
    ("{{upper}}", "{}"),
    ("{{rep 1}}", "{}"),
    ("{{rep 1 \"a\" \"b\"}}", "{}"),
    ("{{printf}}", "{}"),
    ("{{list}}{{strs}}", "{}"),
    ("{{strs 1}}", "{}"),
    ("{{strs .s}}", r#"{"s":"a"}"#),
    // commands and pipelines
    ("{{.s | printf \"%s-%s\" \"a\"}}", r#"{"s":"b"}"#),
    ("{{\"x\" | printf \"%s\" | printf \"[%s]\"}}", "{}"),
    ("{{1 2}}", "{}"),
    ("{{.s 1}}", r#"{"s":"x"}"#),
    ("{{$x := 1}}{{$x 2}}", "{}"),
    ("{{(1) 2}}", "{}"),
    ("{{nil}}", "{}"),
    ("{{.s | .t}}", r#"{"s":"x","t":"y"}"#),
    ("{{$.a}} {{$}}", r#"{"a":1}"#),
    ("{{(list 1 2).x}}", "{}"),
    ("{{(dict \"a\" (dict \"b\" 1)).a.b}}", "{}"),
    ("{{ 9223372036854775807 }}", "{}"),
    ("{{ 18446744073709551615 }}", "{}"),
    ("{{ -0 }} {{ 0.0 }} {{ 1_000 }} {{ 0b11 }} {{ 0o17 }} {{ 017 }} {{ 0x1p4 }}", "{}"),
    // templates
    ("{{define \"a\"}}A{{.}}{{end}}{{template \"a\" .x}}|{{template \"a\"}}", r#"{"x":1}"#),
    ("{{define \"r\"}}{{if gt . 0.0}}{{.}}{{template \"r\" (half .)}}{{end}}{{end}}{{template \"r\" 1.0}}", "{}"),
    ("{{template \"nope\"}}", "{}"),
    ("{{define \"a\"}}{{.x.y}}{{end}}\n{{template \"a\" .}}", r#"{"x":null}"#),
    ("{{define \"a\"}}{{$}}{{end}}{{$x := 1}}{{template \"a\" 2}}", "{}"),
    ("{{block \"b\" .x}}[{{.}}]{{end}}", r#"{"x":"v"}"#),
    ("line1\n  {{.a.b}}", "{}"),
    ("{{if true}}\n\n   {{.a.b}}{{end}}", "{}"),
    ("{{- \"  x  \" -}}  |  {{- 3 }}", "{}"),
    ("{{.m.k}}", r#"{"m":{"k":[1,2]}}"#),
    ("{{$x := list 1}}{{$x}}", "{}"),
    ("{{with .missing}}x{{end}}{{with .l}}{{index . 0}}{{end}}", r#"{"l":["z"]}"#),
];

fn rust_funcs() -> Funcs {
    let mut f = Funcs::default();
    let mut add = |n: &'static str, params: &'static [Ty], variadic: Option<Ty>, call| {
        f.funcs.insert(
            n,
            Func {
                params,
                variadic,
                call,
            },
        );
    };
    add("upper", &[Ty::Str], None, |_, a| {
        Ok(Value::str(a[0].as_str().unwrap().to_uppercase()))
    });
    add("rep", &[Ty::Int, Ty::Str], None, |_, a| {
        Ok(Value::str(
            a[1].as_str()
                .unwrap()
                .repeat(a[0].as_int().unwrap() as usize),
        ))
    });
    add("i64", &[Ty::Int], None, |_, a| {
        Ok(Value::Int64(a[0].as_int().unwrap()))
    });
    add("u8", &[Ty::Int], None, |_, a| {
        Ok(Value::Uint8(a[0].as_int().unwrap() as u8))
    });
    add("fails", &[Ty::Str], None, |_, a| {
        Err(GoError::new(format!("boom: {}", a[0].as_str().unwrap())))
    });
    add("list", &[], Some(Ty::Any), |_, a| Ok(Value::list(a)));
    add("dict", &[], Some(Ty::Any), |_, a| {
        let mut m = BTreeMap::new();
        for p in a.chunks(2) {
            if p.len() == 2 {
                m.insert(p[0].as_str().unwrap().to_string(), p[1].clone());
            }
        }
        Ok(Value::map(m))
    });
    add("nilf", &[], None, |_, _| Ok(Value::Nil));
    add("strs", &[], Some(Ty::Str), |_, a| {
        Ok(Value::typed_list(Elem::Str, a))
    });
    add("bytes", &[Ty::Str], None, |_, a| {
        Ok(Value::Bytes(std::rc::Rc::from(
            a[0].as_str().unwrap().as_bytes().to_vec(),
        )))
    });
    add("setk", &[Ty::Map, Ty::Str, Ty::Any], None, |_, a| {
        match &a[0] {
            Value::Map(m) => {
                m.entries
                    .borrow_mut()
                    .insert(a[1].as_str().unwrap().to_string(), a[2].clone());
            }
            _ => return Err(GoError::new("assignment to entry in nil map")),
        }
        Ok(a[0].clone())
    });
    add("half", &[Ty::Float], None, |_, a| match a[0] {
        Value::Float(f) => Ok(Value::Float(f / 2.0)),
        _ => unreachable!(),
    });
    add("yes", &[Ty::Bool], None, |_, a| Ok(a[0].clone()));
    f
}

fn go_results() -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let bin = super::helm_template_parse::build_gotmpl_oracle(dir.path());
    let cases: Vec<serde_json::Value> = CASES
        .iter()
        .map(|(t, d)| {
            serde_json::json!({"text": t, "data": serde_json::from_str::<serde_json::Value>(d).unwrap()})
        })
        .collect();
    let out = crate::support::run_go_oracle(&bin, &[("MODE", "exec")], &cases);
    serde_json::from_slice(&out).unwrap()
}

fn ours(text: &str, data: &str, funcs: &Funcs) -> serde_json::Value {
    let mut set = Set::new();
    if let Err(e) = set.parse("t", text, funcs) {
        return serde_json::json!({"out": null, "error": e.to_string()});
    }
    let data = value::from_json(&serde_json::from_str(data).unwrap());
    let data = match data {
        Value::Nil => Value::Invalid,
        d => d,
    };
    let mut state = State::default();
    match set.execute("t", &data, funcs, &mut state, "t") {
        Ok(out) => serde_json::json!({"out": out, "error": null}),
        Err(e) => serde_json::json!({"out": null, "error": e.msg}),
    }
}

#[test]
fn templates_execute_as_go_executes_them() {
    let want = go_results();
    let funcs = rust_funcs();
    let mut failures = Vec::new();
    for ((text, data), want) in CASES.iter().zip(want) {
        let got = ours(text, data, &funcs);
        if got != want {
            failures.push(format!("{text:?} on {data}\n{}", difference(&got, &want)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Both results, cut around the first difference when they are long.
fn difference(got: &serde_json::Value, want: &serde_json::Value) -> String {
    let (g, w) = (got.to_string(), want.to_string());
    if g.len() < 400 && w.len() < 400 {
        return format!("  ours {g}\n  go   {w}");
    }
    let at = g
        .bytes()
        .zip(w.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    let cut = |s: &str| {
        let (from, to) = (at.saturating_sub(80), at + 80);
        s.char_indices()
            .filter(|(i, _)| *i >= from && *i < to)
            .map(|(_, c)| c)
            .collect::<String>()
    };
    format!("  at byte {at}\n  ours …{}…\n  go   …{}…", cut(&g), cut(&w))
}
