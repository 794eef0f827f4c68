// gotmpl runs Go's own text/template and prints what the Rust engine must reproduce.
//
// Parse mode (default): for each template read from stdin (a JSON array of strings), the
// printed tree of "t", the printed tree of each template it defines, or the parse error. The
// functions named in the FUNCS environment variable (comma-separated) exist besides Go's
// builtins, as Helm's function map makes them exist.
//
// Exec mode (MODE=exec): stdin is a JSON array of {"text", "data"} cases; each text is parsed
// as template "t" with missingkey=zero (as Helm sets it) and the small typed function map
// below, executed on data decoded as json.Unmarshal decodes into interface{} (float64
// numbers), and the output or the error is printed.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"text/template"
	"text/template/parse"
)

type execCase struct {
	Text string          `json:"text"`
	Data json.RawMessage `json:"data"`
}

type execResult struct {
	Out   *string `json:"out"`
	Error *string `json:"error"`
}

// execFuncs have typed parameters and results so that Go's argument conversion rules and
// messages show; the Rust test defines the same functions.
var execFuncs = template.FuncMap{
	"upper": strings.ToUpper,
	"rep":   func(n int, s string) string { return strings.Repeat(s, n) },
	"i64":   func(n int) int64 { return int64(n) },
	"u8":    func(n int) uint8 { return uint8(n) },
	"fails": func(s string) (string, error) { return "", errors.New("boom: " + s) },
	"list":  func(a ...interface{}) []interface{} { return a },
	"dict": func(a ...interface{}) map[string]interface{} {
		m := map[string]interface{}{}
		for i := 0; i+1 < len(a); i += 2 {
			m[a[i].(string)] = a[i+1]
		}
		return m
	},
	"nilf":  func() interface{} { return nil },
	"strs":  func(a ...string) []string { return a },
	"bytes": func(s string) []byte { return []byte(s) },
	"setk": func(m map[string]interface{}, k string, v interface{}) map[string]interface{} {
		m[k] = v
		return m
	},
	"half": func(f float64) float64 { return f / 2 },
	"yes":  func(b bool) bool { return b },
}

func runExec() {
	var cases []execCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]execResult, 0, len(cases))
	for _, c := range cases {
		var r execResult
		var data interface{}
		if len(c.Data) > 0 {
			if err := json.Unmarshal(c.Data, &data); err != nil {
				panic(err)
			}
		}
		t, err := template.New("t").Option("missingkey=zero").Funcs(execFuncs).Parse(c.Text)
		if err == nil {
			var b bytes.Buffer
			err = t.Execute(&b, data)
			if err == nil {
				s := b.String()
				r.Out = &s
			}
		}
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		}
		out = append(out, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}

type result struct {
	Tree  *string           `json:"tree"`
	Defs  map[string]string `json:"defs"`
	Error *string           `json:"error"`
}

func main() {
	if os.Getenv("MODE") == "exec" {
		runExec()
		return
	}
	var inputs []string
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		panic(err)
	}
	funcs := map[string]any{}
	for _, n := range strings.Split(os.Getenv("FUNCS"), ",") {
		if n != "" {
			funcs[n] = func() {}
		}
	}
	builtins := map[string]any{}
	for _, n := range []string{"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"} {
		builtins[n] = func() {}
	}
	out := make([]result, 0, len(inputs))
	for _, in := range inputs {
		trees, err := parse.Parse("t", in, "{{", "}}", funcs, builtins)
		var r result
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		} else {
			r.Defs = map[string]string{}
			for name, t := range trees {
				s := t.Root.String()
				if name == "t" {
					r.Tree = &s
				} else {
					r.Defs[name] = s
				}
			}
		}
		out = append(out, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
