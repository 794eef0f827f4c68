// Oracle for Flux's helm-controller digests, with the Go modules helm-controller v1.6.3 uses.
//
// `helmdigest` reads a JSON array of values objects on stdin (decoded as helm-controller
// decodes values: numbers as float64) and prints, one per line, the digest fluxcd/pkg
// chartutil.DigestValues gives each (the config digest of status.history).
//
// With HELMDIGEST_MODE=release it reads a JSON array of {"release": <a release as Helm stores it>,
// "ociDigest": "..."} and prints, one per line, the snapshot digest: the release decoded as
// Helm's storage decodes it, observed as helm-controller's internal/release.ObserveRelease
// observes it (an internal package, so its exported shape is restated below: the same field
// names, tags and filters), encoded by json.Encoder and hashed with SHA-256.
//
// With HELMDIGEST_MODE=jsondiff it reads a JSON array of [source, target] pairs and prints, one
// line per pair, the JSON patch wI2L/jsondiff's Compare(source, target, Rationalize()) gives
// (the operations fluxcd/pkg ssa/jsondiff reports as drift), as [op, path, value] triples.
//
// With HELMDIGEST_MODE=postrender it reads a JSON array of HelmRelease specs and prints, one
// line per spec, the digests helm-controller's internal/postrender.Digest and
// CommonMetadataDigest give its postRenderers and commonMetadata (empty when nil), separated
// by a space: json.Encoder over the API's own types, hashed with SHA-256.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	v2 "github.com/fluxcd/helm-controller/api/v2"
	"github.com/wI2L/jsondiff"

	"github.com/fluxcd/pkg/chartutil"
	"github.com/opencontainers/go-digest"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	helmrelease "helm.sh/helm/v4/pkg/release/v1"
)

type observation struct {
	Name          string             `json:"name"`
	Version       int                `json:"version"`
	Info          helmrelease.Info   `json:"info"`
	ChartMetadata chart.Metadata     `json:"chartMetadata"`
	Config        map[string]any     `json:"config"`
	Manifest      string             `json:"manifest"`
	Hooks         []helmrelease.Hook `json:"hooks"`
	Namespace     string             `json:"namespace"`
	OCIDigest     string             `json:"ociDigest,omitempty"`
}

func observe(rel *helmrelease.Release, ociDigest string) observation {
	o := observation{Name: rel.Name, Version: rel.Version, Manifest: rel.Manifest,
		Namespace: rel.Namespace, OCIDigest: ociDigest}
	if rel.Info != nil {
		o.Info = *rel.Info
	}
	if rel.Chart != nil && rel.Chart.Metadata != nil {
		o.ChartMetadata = *rel.Chart.Metadata
	}
	if len(rel.Config) > 0 {
		o.Config = rel.Config
	}
	for _, h := range rel.Hooks {
		if !slices.Contains(h.Events, helmrelease.HookTest) {
			o.Hooks = append(o.Hooks, *h)
		}
	}
	return o
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func encodedDigest(v any) string {
	digester := digest.Canonical.Digester()
	if err := json.NewEncoder(digester.Hash()).Encode(v); err != nil {
		fail(err)
	}
	return digester.Digest().String()
}

func main() {
	if os.Getenv("HELMDIGEST_MODE") == "postrender" {
		var specs []v2.HelmReleaseSpec
		if err := json.NewDecoder(os.Stdin).Decode(&specs); err != nil {
			fail(err)
		}
		for _, s := range specs {
			var renderers, metadata string
			if s.PostRenderers != nil {
				renderers = encodedDigest(s.PostRenderers)
			}
			if s.CommonMetadata != nil {
				metadata = encodedDigest(s.CommonMetadata)
			}
			fmt.Printf("%s %s\n", renderers, metadata)
		}
		return
	}
	if os.Getenv("HELMDIGEST_MODE") == "jsondiff" {
		var pairs [][2]any
		if err := json.NewDecoder(os.Stdin).Decode(&pairs); err != nil {
			fail(err)
		}
		for _, p := range pairs {
			patch, err := jsondiff.Compare(p[0], p[1], jsondiff.Rationalize())
			if err != nil {
				fail(err)
			}
			ops := [][]any{}
			for _, op := range patch {
				ops = append(ops, []any{op.Type, op.Path, op.Value})
			}
			line, err := json.Marshal(ops)
			if err != nil {
				fail(err)
			}
			fmt.Println(string(line))
		}
		return
	}
	if os.Getenv("HELMDIGEST_MODE") == "release" {
		var cases []struct {
			Release   json.RawMessage `json:"release"`
			OCIDigest string          `json:"ociDigest"`
		}
		if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
			fail(err)
		}
		for _, c := range cases {
			var rel helmrelease.Release
			if err := json.Unmarshal(c.Release, &rel); err != nil {
				fail(err)
			}
			d := digest.Canonical.Digester()
			if err := json.NewEncoder(d.Hash()).Encode(observe(&rel, c.OCIDigest)); err != nil {
				fail(err)
			}
			fmt.Println(d.Digest().String())
		}
		return
	}
	var cases []map[string]interface{}
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fail(err)
	}
	for _, values := range cases {
		fmt.Println(chartutil.DigestValues(digest.Canonical, values).String())
	}
}
