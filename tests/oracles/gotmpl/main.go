// gotmpl parses Go templates with Go's own text/template/parse and prints what the Rust parser
// must reproduce: for each template read from stdin (a JSON array of strings), the printed
// tree of "t", the printed tree of each template it defines, or the parse error. The
// functions named in the FUNCS environment variable (comma-separated) exist besides Go's
// builtins, as Helm's function map makes them exist.
package main

import (
	"encoding/json"
	"os"
	"strings"
	"text/template/parse"
)

type result struct {
	Tree  *string           `json:"tree"`
	Defs  map[string]string `json:"defs"`
	Error *string           `json:"error"`
}

func main() {
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
