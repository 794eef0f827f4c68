//! Conformance of the kustomize engine with the real kustomize CLI (v5.8.2, built from its Go
//! module by `scripts/ensure-kustomize.sh`): every case under `tests/kustomize/cases` is built
//! by both and must print the same bytes; `err-*` cases must fail in both, and ours must name
//! the file (and line, for YAML errors). Also the engine's own properties: determinism and the
//! round trip of plain resources.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use flux::goyaml as emit;
use flux::kustomize::{build, build_yaml, Options};

pub(crate) fn kustomize_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(p) = std::env::var("KUSTOMIZE_BIN") {
            return PathBuf::from(p);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-kustomize.sh");
        let out = Command::new("bash")
            .arg(&script)
            .stderr(Stdio::inherit())
            .output()
            .expect("running ensure-kustomize.sh");
        assert!(
            out.status.success(),
            "ensure-kustomize.sh failed: {}",
            out.status
        );
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    })
    .clone()
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kustomize/cases")
}

/// The directory a case builds: `overlay/` or `app/` when present, else the case itself.
fn build_dir(case: &Path) -> PathBuf {
    for sub in ["overlay", "app"] {
        if case.join(sub).is_dir() {
            return case.join(sub);
        }
    }
    case.to_path_buf()
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("cases dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn oracle(dir: &Path) -> (bool, String, String) {
    let out = Command::new(kustomize_bin())
        .arg("build")
        .arg(dir)
        .output()
        .expect("running kustomize");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: kustomize {:?} / ours {:?}", i + 1, x, y);
        }
    }
    format!(
        "lengths differ: kustomize {} lines, ours {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

#[test]
fn every_case_matches_real_kustomize_byte_for_byte() {
    let all = cases();
    assert!(
        all.len() >= 60,
        "the suite has {} cases; at least 60 expected",
        all.len()
    );
    let mut failures = Vec::new();
    let mut identical = 0;
    for case in &all {
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let dir = build_dir(case);
        let (ok, want, err) = oracle(&dir);
        let ours = build_yaml(&dir, &Options::default());
        if name.starts_with("err-") {
            match (ok, ours) {
                (false, Err(e)) => {
                    let msg = e.to_string();
                    let names_file = msg.contains("kustomization.yaml") || msg.contains(".yaml:");
                    if !names_file {
                        failures.push(format!("{name}: our error does not name the file: {msg}"));
                    } else if matches!(e, flux::kustomize::Error::Yaml { line: 0, .. }) {
                        failures.push(format!("{name}: YAML error without a line: {msg}"));
                    } else {
                        identical += 1;
                    }
                }
                (true, _) => failures.push(format!("{name}: kustomize accepted an error case")),
                (false, Ok(_)) => failures.push(format!(
                    "{name}: kustomize fails ({}) but we built it",
                    err.trim()
                )),
            }
            continue;
        }
        match ours {
            _ if !ok => failures.push(format!("{name}: kustomize failed: {}", err.trim())),
            Err(e) => failures.push(format!("{name}: we failed: {e}")),
            Ok(got) if got == want => identical += 1,
            Ok(got) => failures.push(format!(
                "{name}: output differs: {}",
                first_difference(&want, &got)
            )),
        }
    }
    println!(
        "kustomize conformance: {identical}/{} cases identical",
        all.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn building_twice_gives_the_same_bytes() {
    for case in cases() {
        let dir = build_dir(&case);
        if let Ok(first) = build_yaml(&dir, &Options::default()) {
            let second = build_yaml(&dir, &Options::default()).expect("second build");
            assert_eq!(first, second, "{}", case.display());
        }
    }
}

/// A small deterministic generator (xorshift) so the property test needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn random_value(rng: &mut Rng, depth: u32) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let words = [
        "a",
        "yes",
        "1.0",
        "true",
        "x: y",
        "-dash",
        "multi\nline\n",
        "#hash",
        "",
        "0777",
        "ü✓",
        " lead",
        "long text ",
        "null",
        "~",
        "3",
        "1e3",
    ];
    match rng.next() % if depth > 2 { 4 } else { 6 } {
        0 => Value::String(rng.pick(&words).repeat(1 + (rng.next() % 3) as usize)),
        1 => json!(rng.next() % 1000),
        2 => Value::Bool(rng.next().is_multiple_of(2)),
        3 => json!((rng.next() % 1000) as f64 / 8.0),
        4 => {
            let mut m = Map::new();
            for i in 0..(rng.next() % 4) {
                m.insert(
                    format!("{}{i}", rng.pick(&["k", "key", "Key", "z", "a_b"])),
                    random_value(rng, depth + 1),
                );
            }
            Value::Object(m)
        }
        _ => Value::Array(
            (0..(rng.next() % 3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
    }
}

#[test]
fn a_kustomization_with_only_resources_round_trips_its_inputs() {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    for round in 0..40 {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut inputs = Vec::new();
        let mut files = Vec::new();
        for i in 0..(1 + rng.next() % 5) {
            let obj = serde_json::json!({
                "apiVersion": "example.com/v1",
                "kind": "Thing",
                "metadata": { "name": format!("t{round}-{i}") },
                "spec": random_value(&mut rng, 0),
            });
            let file = format!("r{i}.yaml");
            std::fs::write(tmp.path().join(&file), emit::to_yaml(&obj)).expect("write");
            inputs.push(obj);
            files.push(file);
        }
        let k = format!(
            "resources:\n{}",
            files.iter().map(|f| format!("- {f}\n")).collect::<String>()
        );
        std::fs::write(tmp.path().join("kustomization.yaml"), k).expect("write");
        let out = build(tmp.path(), &Options::default()).expect("build");
        // Same objects in the same (input) order; numbers compare as kustomize prints them
        // (its JSON round trip turns 124.0 into 124).
        assert_eq!(out.len(), inputs.len(), "round {round}");
        for (o, i) in out.iter().zip(&inputs) {
            assert_eq!(emit::to_yaml(o), emit::to_yaml(i), "round {round}");
        }
    }
}

/// The fuzz targets' bodies over deterministic mutations of every case file (truncations, byte
/// flips, splices): no input may panic. `cargo +nightly fuzz run yaml_load|patch_apply` in
/// `fuzz/` explores further.
#[test]
fn mutated_inputs_never_panic() {
    let mut files = Vec::new();
    for case in cases() {
        for e in walkdir::WalkDir::new(&case)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                files.push(std::fs::read(e.path()).expect("read"));
            }
        }
    }
    let mut rng = Rng(0xf022_5eed);
    let specials = [
        b':', b'-', b'[', b'{', b'&', b'*', b'!', b'|', b'>', b'\n', b' ', b'#', b'\'', b'"', b'$',
    ];
    let mut runs = 0;
    for f in &files {
        for _ in 0..12 {
            let mut m = f.clone();
            match rng.next() % 4 {
                0 => m.truncate((rng.next() as usize) % (m.len() + 1)),
                1 => {
                    for _ in 0..3 {
                        if !m.is_empty() {
                            let i = (rng.next() as usize) % m.len();
                            m[i] = specials[(rng.next() as usize) % specials.len()];
                        }
                    }
                }
                2 => {
                    let other = &files[(rng.next() as usize) % files.len()];
                    m.extend_from_slice(b"\n---\n");
                    m.extend_from_slice(other);
                }
                _ => {
                    let i = (rng.next() as usize) % (m.len() + 1);
                    m.insert(i, specials[(rng.next() as usize) % specials.len()]);
                }
            }
            flux::kustomize::fuzz::yaml_load(&m);
            flux::kustomize::fuzz::patch_apply(&m);
            runs += 1;
        }
    }
    assert!(runs > 1000, "only {runs} mutated inputs");
}

use crate::support::git_server;

/// A remote base served by a real Git server (Debian's git http-backend): refused by default;
/// with remote bases allowed, our output equals the real kustomize's for the same URL (branch
/// and tag references).
#[test]
fn remote_bases_match_real_kustomize_when_allowed() {
    let server = git_server::GitServer::start(git_server::ServerAuth::default());
    let repo = server.repo("bases", "main");
    repo.commit(
        &[
            ("app/kustomization.yaml", "resources:\n- cm.yaml\ncommonLabels:\n  from: remote\n"),
            ("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-config\ndata:\n  version: one\n"),
        ],
        "v1",
    );
    repo.git(&["tag", "v1"]);
    repo.commit(&[("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-config\ndata:\n  version: two\n")], "v2");
    repo.push();
    for (reference, want_version) in [("v1", "one"), ("main", "two")] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let k = format!(
            "namePrefix: local-\nresources:\n- {}//app?ref={reference}\n",
            server.url("bases")
        );
        std::fs::write(tmp.path().join("kustomization.yaml"), k).expect("write");
        let err = build_yaml(tmp.path(), &Options::default())
            .expect_err("remote bases are off by default");
        assert!(
            err.to_string().contains("remote resources are disabled"),
            "{err}"
        );
        let allowed = Options {
            allow_remote: true,
            ..Options::default()
        };
        let ours = build_yaml(tmp.path(), &allowed).expect("remote build");
        let (ok, want, stderr) = oracle(tmp.path());
        assert!(ok, "kustomize: {stderr}");
        assert_eq!(ours, want);
        assert!(
            ours.contains(&format!("version: {want_version}\n")),
            "{ours}"
        );
    }
}

/// Our built-in field spec table (`src/kustomize/data/fieldspecs.txt`) is kustomize's: every
/// constant of `internal/konfig/builtinpluginconsts` in kustomize api v0.21.2 (read from the
/// Go module cache, `+`-concatenated constants resolved), entry for entry.
#[test]
fn builtin_field_specs_are_kustomizes() {
    let dir = crate::support::go_module("sigs.k8s.io/kustomize/api@v0.21.2")
        .join("internal/konfig/builtinpluginconsts");
    // name -> (literal text, names concatenated after it)
    let mut consts: std::collections::BTreeMap<String, (String, Vec<String>)> = Default::default();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".go") || name.ends_with("_test.go") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        // `const name = \`…\` + more + names`, or the same inside a `const ( … )` block.
        let mut rest = src.as_str();
        while let Some(i) = rest.find(" = `") {
            let ident = rest[..i]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or_default()
                .to_string();
            let (literal, tail) = rest[i + 4..].split_once('`').unwrap();
            let line = tail.lines().next().unwrap_or_default();
            let parts: Vec<String> = line
                .split('+')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            consts.insert(ident, (literal.to_string(), parts));
            rest = tail;
        }
    }
    fn resolve(
        name: &str,
        consts: &std::collections::BTreeMap<String, (String, Vec<String>)>,
    ) -> String {
        let (text, more) = consts
            .get(name)
            .unwrap_or_else(|| panic!("{name:?} not among {:?}", consts.keys()));
        let mut out = text.clone();
        for m in more {
            out.push_str(&resolve(m, consts));
        }
        out
    }
    let dash = |v: &serde_json::Value| match v.as_str() {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "-".to_string(),
    };
    let mut want = std::collections::BTreeSet::new();
    // The sections of kustomize's default configuration: the `[]byte(name)` entries of
    // GetDefaultFieldSpecs.
    let defaults = std::fs::read_to_string(dir.join("defaultconfig.go")).unwrap();
    let body = defaults
        .split_once("func GetDefaultFieldSpecs()")
        .and_then(|(_, b)| b.split_once("\nfunc "))
        .map(|(b, _)| b)
        .unwrap();
    let sections: Vec<&str> = body
        .split("[]byte(")
        .skip(1)
        .filter_map(|p| p.split_once(')').map(|(n, _)| n))
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    assert!(sections.len() >= 10, "{sections:?}");
    for name in sections {
        let doc: serde_json::Value = serde_saphyr::from_str(&resolve(name, &consts))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (section, specs) in doc.as_object().unwrap() {
            for fs in specs.as_array().unwrap() {
                if section == "nameReference" {
                    for inner in fs["fieldSpecs"].as_array().unwrap() {
                        want.insert(format!(
                            "{section} {} {} {} {} {} {} {} {}",
                            dash(&fs["group"]),
                            dash(&fs["version"]),
                            dash(&fs["kind"]),
                            dash(&inner["group"]),
                            dash(&inner["version"]),
                            dash(&inner["kind"]),
                            inner["create"].as_bool().unwrap_or(false),
                            inner["path"].as_str().unwrap()
                        ));
                    }
                } else {
                    want.insert(format!(
                        "{section} {} {} {} {} {}",
                        dash(&fs["group"]),
                        dash(&fs["version"]),
                        dash(&fs["kind"]),
                        fs["create"].as_bool().unwrap_or(false),
                        fs["path"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    let ours: std::collections::BTreeSet<String> =
        include_str!("../../src/kustomize/data/fieldspecs.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
    let missing: Vec<_> = want.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && want.len() > 250,
        "kustomize's field specs we lack: {missing:#?}\nours kustomize does not have: {extra:#?}"
    );
}
