// Oracle for Flux's values digest: reads a JSON array of values objects on stdin (decoded as
// helm-controller decodes values: numbers as float64) and prints, one per line, the digest
// fluxcd/pkg chartutil.DigestValues gives each (the config digest of status.history).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/fluxcd/pkg/chartutil"
	"github.com/opencontainers/go-digest"
)

func main() {
	var cases []map[string]interface{}
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, values := range cases {
		fmt.Println(chartutil.DigestValues(digest.Canonical, values).String())
	}
}
