//! Our generated CRDs against Flux 2.9.4's own (`config/crd/bases` of each controller's Go
//! module, read from the module cache): every group, version, name, printer column, category,
//! type, format, required list, enum, pattern, length, default and CEL rule must be the same.
//! Descriptions are ours (our own words) and are not compared. The only differences allowed are
//! the documented extensions in [`EXTENSIONS`], which cannot change how a Flux object
//! validates; each must still be present, so the list stays true.

use crate::support;
use serde_json::Value;

/// The Flux 2.9.4 controller modules whose CRDs we serve.
const MODULES: &[&str] = &[
    "github.com/fluxcd/source-controller@v1.9.4",
    "github.com/fluxcd/kustomize-controller@v1.9.4",
    "github.com/fluxcd/helm-controller@v1.6.3",
    "github.com/fluxcd/notification-controller@v1.9.3",
    "github.com/fluxcd/image-reflector-controller@v1.2.4",
    "github.com/fluxcd/image-automation-controller@v1.2.4",
    "github.com/fluxcd/source-watcher/v2@v2.2.3",
];

/// Documented extensions: (CRD file, path of the difference, Flux's values must be a prefix
/// of ours, why). Listed in the README's compatibility section too.
const EXTENSIONS: &[(&str, &str, &str)] = &[(
    "notification.toolkit.fluxcd.io_providers.yaml",
    "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.type.enum",
    "Provider types `zoom` and `incidentio` (implemented by our notification-controller) are \
     appended after Flux's; every Flux type keeps its place",
)];

/// Drops what is not compared: descriptions and controller-gen's annotations. Integral floats
/// become integers (our schema types hold `minimum` as a float).
fn normalise(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "description")
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 => Value::from(f as i64),
            _ => v.clone(),
        },
        _ => v.clone(),
    }
}

/// Every difference between Flux's `a` and our `b`, as `path: what`.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (x.get(k), y.get(k)) {
                    (Some(v), None) => out.push((p, format!("only in Flux's: {v}"))),
                    (None, Some(v)) => out.push((p, format!("only in ours: {v}"))),
                    (Some(v), Some(w)) => differences(v, w, &p, out),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.len() == y.len() && x.iter().all(Value::is_object) =>
        {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push((path.to_string(), format!("Flux's {a} ours {b}"))),
        _ => {}
    }
}

#[test]
fn generated_crds_match_flux_2_9_4_field_by_field() {
    let ours: Vec<(String, Value)> = flux::api::kinds()
        .into_iter()
        .map(|k| {
            let name = format!("{}_{}.yaml", k.crd.spec.group, k.crd.spec.names.plural);
            (name, normalise(&serde_json::to_value(&k.crd).unwrap()))
        })
        .collect();
    let mut theirs = Vec::new();
    for module in MODULES {
        let dir = support::go_module(module).join("config/crd/bases");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let mut v = flux::kustomize::yaml::parse_one(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("annotations");
            }
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            theirs.push((name, normalise(&v)));
        }
    }
    let mut names: Vec<&String> = theirs.iter().map(|(n, _)| n).collect();
    let mut our_names: Vec<&String> = ours.iter().map(|(n, _)| n).collect();
    names.sort();
    our_names.sort();
    assert_eq!(our_names, names, "the same CRDs as Flux 2.9.4");

    let mut unexpected = Vec::new();
    let mut used = vec![false; EXTENSIONS.len()];
    for (name, flux_crd) in &theirs {
        let (_, our_crd) = ours.iter().find(|(n, _)| n == name).unwrap();
        let mut diffs = Vec::new();
        differences(flux_crd, our_crd, "", &mut diffs);
        for (path, what) in diffs {
            let allowed = EXTENSIONS
                .iter()
                .position(|(file, p, _)| file == name && *p == path)
                .filter(|_| {
                    // An extension may only append: Flux's values come first, in order.
                    let pointer = |v: &Value| {
                        let mut cur = v.clone();
                        for part in path.split('.') {
                            let (key, index) = match part.split_once('[') {
                                Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
                                None => (part, None),
                            };
                            cur = cur.get(key).cloned().unwrap_or(Value::Null);
                            if let Some(i) = index {
                                cur = cur.get(i).cloned().unwrap_or(Value::Null);
                            }
                        }
                        cur
                    };
                    match (pointer(flux_crd), pointer(our_crd)) {
                        (Value::Array(f), Value::Array(o)) => o.starts_with(&f),
                        _ => false,
                    }
                });
            match allowed {
                Some(i) => used[i] = true,
                None => unexpected.push(format!("{name}: {path}: {what}")),
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} difference(s) from Flux 2.9.4's CRDs:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    for (i, (file, path, _)) in EXTENSIONS.iter().enumerate() {
        assert!(
            used[i],
            "documented extension no longer present: {file} {path}"
        );
    }
    println!(
        "{} CRDs compared with Flux 2.9.4's; {} documented extension(s)",
        theirs.len(),
        EXTENSIONS.len()
    );
}
