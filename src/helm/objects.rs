//! The objects Helm hands templates besides plain maps, with their Go types and methods:
//! `.Files` (`engine.files`: `Get`, `GetBytes`, `Glob` with gobwas semantics, `Lines`,
//! `AsConfig`, `AsSecrets`), `.Capabilities` (`*common.Capabilities` with `KubeVersion` as a
//! Stringer with `GitVersion`, `APIVersions.Has`, `HelmVersion`) and Sprig's semver values
//! (`Major`, `Minor`, `Patch`, `Prerelease`, `Metadata`, `Original`).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use base64::Engine as _;

use super::funcs::to_yaml;
use super::tmpl::exec::{Func, Funcs, GoError, Ty};
use super::tmpl::value::{Elem, Object, ObjectData, Value};

/// Helm 4.2's default Kubernetes version for `helm template` (`v1.<client-go minor>.0`).
pub const DEFAULT_KUBE_VERSION: &str = "v1.36.0";

/// The group/versions of client-go v0.36's scheme: Helm 4.2's default `APIVersions` (no
/// kinds), in Helm's order.
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// The `.Files` object of a chart: path → contents.
pub fn files_value(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Value {
    Value::typed_map(
        Elem::Bytes,
        Some("engine.files"),
        files
            .into_iter()
            .map(|(k, v)| (k, Value::Bytes(Rc::from(v))))
            .collect(),
    )
}

/// `.Capabilities` for a Kubernetes version (`v1.36.0`) and a set of API versions.
pub fn capabilities(kube_version: &str, api_versions: &[String]) -> Result<Value, String> {
    let v = kube_version.trim_start_matches('v');
    let mut parts = v.split(['.', '-', '+']);
    let major = parts.next().unwrap_or_default().to_string();
    let minor = parts.next().unwrap_or_default().to_string();
    if major.parse::<u64>().is_err() || minor.parse::<u64>().is_err() {
        return Err(format!("invalid kube version {kube_version:?}"));
    }
    let version = if kube_version.starts_with('v') {
        kube_version.to_string()
    } else {
        format!("v{kube_version}")
    };
    let kv = Value::Object(Rc::new(Object {
        type_name: "common.KubeVersion".into(),
        pointer: false,
        fields: vec![
            ("Version".into(), Value::str(&version)),
            ("Major".into(), Value::str(&major)),
            ("Minor".into(), Value::str(&minor)),
        ],
        stringer: Some(version.clone()),
        error: None,
        data: ObjectData::None,
    }));
    let apis = Value::List(super::tmpl::value::List {
        elem: Elem::Str,
        named: Some("common.VersionSet"),
        items: Rc::new(std::cell::RefCell::new(
            api_versions.iter().map(Value::str).collect(),
        )),
    });
    let helm = Value::Object(Rc::new(Object {
        type_name: "version.BuildInfo".into(),
        pointer: false,
        fields: vec![
            ("Version".into(), Value::str("v4.2")),
            ("GitCommit".into(), Value::str("")),
            ("GitTreeState".into(), Value::str("")),
            ("GoVersion".into(), Value::str("go1.26")),
            ("KubeClientVersion".into(), Value::str("v1.36")),
        ],
        stringer: None,
        error: None,
        data: ObjectData::None,
    }));
    Ok(Value::Object(Rc::new(Object {
        type_name: "*common.Capabilities".into(),
        pointer: true,
        fields: vec![
            ("KubeVersion".into(), kv),
            ("APIVersions".into(), apis),
            ("HelmVersion".into(), helm),
        ],
        stringer: None,
        error: None,
        data: ObjectData::None,
    })))
}

fn files_of(v: &Value) -> BTreeMap<String, Value> {
    match v {
        Value::Map(m) => m.entries.borrow().clone(),
        _ => BTreeMap::new(),
    }
}

fn base(p: &str) -> String {
    p.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(p)
        .to_string()
}

fn bytes_of(v: &Value) -> Vec<u8> {
    match v {
        Value::Bytes(b) => b.to_vec(),
        _ => vec![],
    }
}

/// gobwas/glob with `/` as the separator: `*` and `?` stay within a path segment, `**`
/// matches across segments, `[…]`, `{a,b}` alternatives.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    fn rec(p: &[char], n: &[char]) -> bool {
        if p.is_empty() {
            return n.is_empty();
        }
        match p[0] {
            '*' if p.get(1) == Some(&'*') => (0..=n.len()).any(|i| rec(&p[2..], &n[i..])),
            '*' => {
                for i in 0..=n.len() {
                    if rec(&p[1..], &n[i..]) {
                        return true;
                    }
                    if i < n.len() && n[i] == '/' {
                        return false;
                    }
                }
                false
            }
            '?' => !n.is_empty() && n[0] != '/' && rec(&p[1..], &n[1..]),
            '[' => {
                let Some(close) = p.iter().position(|c| *c == ']') else {
                    return false;
                };
                if n.is_empty() {
                    return false;
                }
                let class = &p[1..close];
                let (neg, class) = match class.first() {
                    Some('!') | Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        if class[i] <= n[0] && n[0] <= class[i + 2] {
                            hit = true;
                        }
                        i += 3;
                    } else {
                        if class[i] == n[0] {
                            hit = true;
                        }
                        i += 1;
                    }
                }
                hit != neg && rec(&p[close + 1..], &n[1..])
            }
            '{' => {
                let Some(close) = p.iter().position(|c| *c == '}') else {
                    return false;
                };
                let inner: String = p[1..close].iter().collect();
                let rest = &p[close + 1..];
                inner.split(',').any(|alt| {
                    let mut q: Vec<char> = alt.chars().collect();
                    q.extend_from_slice(rest);
                    rec(&q, n)
                })
            }
            '\\' if p.len() > 1 => !n.is_empty() && n[0] == p[1] && rec(&p[2..], &n[1..]),
            c => !n.is_empty() && n[0] == c && rec(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    rec(&p, &n)
}

fn method(params: &'static [Ty], call: super::tmpl::exec::FuncImpl) -> Func {
    Func {
        params,
        variadic: None,
        call,
    }
}

/// Adds the methods of `.Files`, `.Capabilities` parts and semver values.
pub fn add_methods(funcs: &mut Funcs) {
    let mut files: HashMap<&'static str, Func> = HashMap::new();
    files.insert(
        "GetBytes",
        method(&[Ty::Str], |_, a| {
            let f = files_of(&a[0]);
            Ok(Value::Bytes(Rc::from(
                f.get(a[1].as_str().unwrap_or_default())
                    .map(bytes_of)
                    .unwrap_or_default(),
            )))
        }),
    );
    files.insert(
        "Get",
        method(&[Ty::Str], |_, a| {
            let f = files_of(&a[0]);
            Ok(Value::str(String::from_utf8_lossy(
                &f.get(a[1].as_str().unwrap_or_default())
                    .map(bytes_of)
                    .unwrap_or_default(),
            )))
        }),
    );
    files.insert(
        "Glob",
        method(&[Ty::Str], |_, a| {
            let pat = a[1].as_str().unwrap_or_default().to_string();
            let f = files_of(&a[0]);
            Ok(files_value(
                f.into_iter()
                    .filter(|(k, _)| glob_match(&pat, k))
                    .map(|(k, v)| (k, bytes_of(&v))),
            ))
        }),
    );
    files.insert(
        "Lines",
        method(&[Ty::Str], |_, a| {
            let f = files_of(&a[0]);
            let Some(data) = f.get(a[1].as_str().unwrap_or_default()).map(bytes_of) else {
                return Ok(Value::typed_list(Elem::Str, vec![]));
            };
            if data.is_empty() {
                return Err(GoError::new("runtime error: index out of range [-1]"));
            }
            let mut s = String::from_utf8_lossy(&data).into_owned();
            if s.ends_with('\n') {
                s.pop();
            }
            Ok(Value::typed_list(
                Elem::Str,
                s.split('\n').map(Value::str).collect(),
            ))
        }),
    );
    files.insert(
        "AsConfig",
        method(&[], |_, a| {
            let f = files_of(&a[0]);
            let m: BTreeMap<String, Value> = f
                .iter()
                .map(|(k, v)| (base(k), Value::str(String::from_utf8_lossy(&bytes_of(v)))))
                .collect();
            Ok(Value::str(
                to_yaml(&Value::typed_map(Elem::Str, None, m)).unwrap_or_default(),
            ))
        }),
    );
    files.insert(
        "AsSecrets",
        method(&[], |_, a| {
            let f = files_of(&a[0]);
            let m: BTreeMap<String, Value> = f
                .iter()
                .map(|(k, v)| {
                    (
                        base(k),
                        Value::str(base64::engine::general_purpose::STANDARD.encode(bytes_of(v))),
                    )
                })
                .collect();
            Ok(Value::str(
                to_yaml(&Value::typed_map(Elem::Str, None, m)).unwrap_or_default(),
            ))
        }),
    );
    funcs.methods.insert("engine.files", files);

    let mut kv: HashMap<&'static str, Func> = HashMap::new();
    kv.insert(
        "String",
        method(&[], |_, a| match &a[0] {
            Value::Object(o) => Ok(Value::str(o.stringer.clone().unwrap_or_default())),
            _ => Ok(Value::str("")),
        }),
    );
    kv.insert(
        "GitVersion",
        method(&[], |_, a| match &a[0] {
            Value::Object(o) => Ok(o.field("Version").cloned().unwrap_or(Value::str(""))),
            _ => Ok(Value::str("")),
        }),
    );
    funcs.methods.insert("common.KubeVersion", kv);

    let mut vs: HashMap<&'static str, Func> = HashMap::new();
    vs.insert(
        "Has",
        method(&[Ty::Str], |_, a| {
            let want = a[1].as_str().unwrap_or_default();
            Ok(Value::Bool(match &a[0] {
                Value::List(l) => l.items.borrow().iter().any(|v| v.as_str() == Some(want)),
                _ => false,
            }))
        }),
    );
    funcs.methods.insert("common.VersionSet", vs);

    let mut sv: HashMap<&'static str, Func> = HashMap::new();
    fn ver(v: &Value) -> Option<semver::Version> {
        match v {
            Value::Object(o) => match &o.data {
                ObjectData::Semver(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        }
    }
    sv.insert(
        "Major",
        method(&[], |_, a| {
            Ok(Value::Uint64(ver(&a[0]).map(|v| v.major).unwrap_or(0)))
        }),
    );
    sv.insert(
        "Minor",
        method(&[], |_, a| {
            Ok(Value::Uint64(ver(&a[0]).map(|v| v.minor).unwrap_or(0)))
        }),
    );
    sv.insert(
        "Patch",
        method(&[], |_, a| {
            Ok(Value::Uint64(ver(&a[0]).map(|v| v.patch).unwrap_or(0)))
        }),
    );
    sv.insert(
        "Prerelease",
        method(&[], |_, a| {
            Ok(Value::str(
                ver(&a[0]).map(|v| v.pre.to_string()).unwrap_or_default(),
            ))
        }),
    );
    sv.insert(
        "Metadata",
        method(&[], |_, a| {
            Ok(Value::str(
                ver(&a[0]).map(|v| v.build.to_string()).unwrap_or_default(),
            ))
        }),
    );
    sv.insert(
        "String",
        method(&[], |_, a| match &a[0] {
            Value::Object(o) => Ok(Value::str(o.stringer.clone().unwrap_or_default())),
            _ => Ok(Value::str("")),
        }),
    );
    sv.insert("Original", sv["String"]);
    funcs.methods.insert("*semver.Version", sv);

    let mut tm: HashMap<&'static str, Func> = HashMap::new();
    use super::funcs::{time_of, time_value};
    tm.insert(
        "Unix",
        method(&[], |_, a| {
            Ok(Value::Int64(
                time_of(&a[0]).map(|t| t.at.timestamp()).unwrap_or(0),
            ))
        }),
    );
    tm.insert(
        "UnixNano",
        method(&[], |_, a| {
            Ok(Value::Int64(
                time_of(&a[0])
                    .and_then(|t| t.at.timestamp_nanos_opt())
                    .unwrap_or(0),
            ))
        }),
    );
    tm.insert(
        "Format",
        method(&[Ty::Str], |_, a| {
            let t = time_of(&a[0]).ok_or_else(|| GoError::new("not a time"))?;
            Ok(Value::str(super::gotime::format(
                &t,
                a[1].as_str().unwrap_or_default(),
            )))
        }),
    );
    tm.insert(
        "UTC",
        method(&[], |_, a| {
            let t = time_of(&a[0]).ok_or_else(|| GoError::new("not a time"))?;
            Ok(time_value(&t.in_zone("UTC")))
        }),
    );
    tm.insert(
        "Year",
        method(&[], |_, a| {
            use chrono::Datelike;
            Ok(Value::Int(
                time_of(&a[0]).map(|t| t.at.year() as i64).unwrap_or(1),
            ))
        }),
    );
    tm.insert(
        "String",
        method(&[], |_, a| {
            Ok(Value::str(
                time_of(&a[0]).map(|t| t.go_string()).unwrap_or_default(),
            ))
        }),
    );
    funcs.methods.insert("time.Time", tm);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_keep_single_stars_within_a_segment() {
        assert!(glob_match("files/*.txt", "files/a.txt"));
        assert!(!glob_match("files/*.txt", "files/sub/a.txt"));
        assert!(glob_match("files/**.txt", "files/sub/a.txt"));
        assert!(glob_match("**", "a/b/c"));
        assert!(glob_match("conf/{a,b}.yaml", "conf/b.yaml"));
        assert!(glob_match("x/[a-c]?.json", "x/bz.json"));
    }
}
