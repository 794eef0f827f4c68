//! Helm 4's rendering of a chart, as `helm template` runs it: dependencies enabled by
//! `condition`/`tags` (and renamed by `alias`), values coalesced with the chart's defaults
//! (a user `null` deletes a key, globals flow to subcharts, the parent wins), the top-level
//! objects (`.Values` as `common.Values`, `.Chart` with Go field names, `.Release`,
//! `.Capabilities`, `.Files`, `.Template` injected per file), one template set for the chart
//! and its subcharts parsed deepest first, each file executed and stripped of `<no value>`,
//! Helm's rewriting of parse and execution errors, NOTES set aside, manifests split and
//! sorted in install order with hooks apart, and the `helm template` printer.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::chart::Chart;
use super::funcs::{self, HELM_ERR_END, HELM_ERR_START};
use super::objects;
use super::tmpl::exec::{GoError, Set, State};
use super::tmpl::value::{Elem, Value};

/// A render failure, worded as Helm words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

type Result<T> = std::result::Result<T, Error>;

/// What `helm template` is told.
#[derive(Clone, Debug)]
pub struct Options {
    /// Release name (`release-name` by default).
    pub release_name: String,
    /// Namespace (`default`).
    pub namespace: String,
    /// Revision (1).
    pub revision: i64,
    /// `--is-upgrade`.
    pub is_upgrade: bool,
    /// `--kube-version` (Helm 4.2's default otherwise).
    pub kube_version: Option<String>,
    /// `--api-versions`, added to the defaults.
    pub api_versions: Vec<String>,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--show-only` templates.
    pub show_only: Vec<String>,
    /// `--skip-schema-validation` (Flux `disableSchemaValidation`).
    pub skip_schema_validation: bool,
    /// A HelmRelease's post-renderers, run as Helm 4 runs a post-renderer.
    pub post_render: Option<super::postrender::PostRender>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
            kube_version: None,
            api_versions: vec![],
            include_crds: false,
            skip_tests: false,
            no_hooks: false,
            show_only: vec![],
            skip_schema_validation: false,
            post_render: None,
        }
    }
}

/// One manifest document and the file it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// `chart/templates/x.yaml`.
    pub path: String,
    /// The document text.
    pub content: String,
    /// Its `kind`.
    pub kind: String,
}

/// A rendered release: manifests in install order, hooks, notes and the chart's CRD files.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// Manifests, sorted.
    pub manifests: Vec<Manifest>,
    /// Hooks (documents with a known `helm.sh/hook`), sorted by kind.
    pub hooks: Vec<(Manifest, Vec<String>)>,
    /// The root chart's NOTES.txt output.
    pub notes: String,
    /// `crds/` files of every chart: (path, contents).
    pub crds: Vec<(String, String)>,
}

// ---------------------------------------------------------------- values

fn is_table(v: Option<&Json>) -> bool {
    matches!(v, Some(Json::Object(_)))
}

fn clean_nils(m: &mut Map<String, Json>) {
    m.retain(|_, v| !v.is_null());
    for v in m.values_mut() {
        if let Json::Object(sub) = v {
            clean_nils(sub);
        }
    }
}

/// The chart's own `values.yaml` (every document merged).
pub fn chart_values(chart: &Chart) -> Result<Map<String, Json>> {
    chart_values_ref(chart).cloned()
}

/// [`chart_values`], borrowed from the chart (parsed on the first call).
fn chart_values_ref(chart: &Chart) -> Result<&Map<String, Json>> {
    if let Some(v) = &chart.imported_values {
        return Ok(v);
    }
    if let Some(v) = chart.parsed_values.get() {
        return Ok(v);
    }
    let v = parse_chart_values(chart)?;
    Ok(chart.parsed_values.get_or_init(|| v))
}

/// Whether a table or one below it has a null (what [`clean_nils`] would remove).
fn has_nils(m: &Map<String, Json>) -> bool {
    m.values().any(|v| match v {
        Json::Null => true,
        Json::Object(sub) => has_nils(sub),
        _ => false,
    })
}

/// Helm's `LoadValues` of the chart's `values.yaml`: every document merged, go-yaml v2's
/// rules (the last of duplicate keys wins), Helm's messages. The chart loader calls it, so a
/// `values.yaml` Helm refuses fails the load with Helm's error, and it is parsed once.
pub(crate) fn parse_chart_values(chart: &Chart) -> Result<Map<String, Json>> {
    let Some(f) = &chart.values else {
        return Ok(Map::new());
    };
    let text = String::from_utf8_lossy(&f.data);
    if let Some(mut m) = super::plain_yaml::values(&text) {
        // Every chart a debug build (the test suite) loads checks the fast reading against
        // the parser's.
        #[cfg(debug_assertions)]
        assert_eq!(
            crate::kustomize::yaml::parse_stream_v2(&text).ok(),
            Some(vec![Json::Object(m.clone())]),
            "the fast values reading differs from the parser's on:\n{text}"
        );
        super::chart::numbers_as_floats(&mut m);
        return Ok(m);
    }
    let unmarshal = "cannot load values.yaml: cannot unmarshal yaml document";
    let docs = crate::kustomize::yaml::parse_stream_v2(&text).map_err(|e| {
        Error(format!(
            "{unmarshal}: error converting YAML to JSON: {}",
            go_yaml_error(e.line, &e.message)
        ))
    })?;
    let mut out = Map::new();
    for d in docs {
        let kind = match d {
            Json::Object(mut m) => {
                super::chart::numbers_as_floats(&mut m);
                out = super::chart::merge_maps(&out, &m);
                continue;
            }
            Json::Null => continue,
            Json::Array(_) => "array",
            Json::String(_) => "string",
            Json::Number(_) => "number",
            Json::Bool(_) => "bool",
        };
        return Err(Error(format!(
            "{unmarshal}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        )));
    }
    Ok(out)
}

fn coalesce_tables(dst: &mut Map<String, Json>, src: &Map<String, Json>, merge: bool) {
    // In `src`'s order: a null the destination holds removes the key (unless merging) where
    // `src` has a value; what the destination lacks is copied; tables meet recursively.
    for (k, v) in src {
        match dst.get_mut(k) {
            Some(Json::Null) if !merge && !v.is_null() => {
                dst.remove(k);
            }
            None => {
                dst.insert(k.clone(), v.clone());
            }
            Some(Json::Object(dm)) => {
                if let Json::Object(sm) = &v {
                    coalesce_tables(dm, sm, merge);
                }
            }
            Some(_) => {}
        }
    }
}

fn coalesce_values(chart: &Chart, v: &mut Map<String, Json>, merge: bool) -> Result<()> {
    // The defaults are read in place; only what goes into `v` is copied.
    let defaults = chart_values_ref(chart)?;
    for (key, val) in defaults {
        match v.get_mut(key) {
            Some(Json::Null) if !merge => {
                v.remove(key);
            }
            Some(Json::Object(dest)) => {
                if let Json::Object(src) = val {
                    let is_child = chart.dependencies.iter().any(|d| d.name() == key);
                    let merge = merge || is_child;
                    if !merge && has_nils(src) {
                        let mut src = src.clone();
                        clean_nils(&mut src);
                        coalesce_tables(dest, &src, merge);
                    } else {
                        coalesce_tables(dest, src, merge);
                    }
                }
            }
            Some(_) => {}
            None => {
                if !merge && val.is_null() {
                    continue;
                }
                let mut val = val.clone();
                if !merge {
                    if let Json::Object(sub) = &mut val {
                        clean_nils(sub);
                    }
                }
                v.insert(key.clone(), val);
            }
        }
    }
    Ok(())
}

fn coalesce_globals(dest: &mut Map<String, Json>, src: &Map<String, Json>) {
    let mut dg = match dest.get("global") {
        None => Map::new(),
        Some(Json::Object(m)) => m.clone(),
        Some(_) => return,
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(Json::Object(m)) => m.clone(),
        Some(_) => return,
    };
    for (k, val) in sg {
        if let Json::Object(vv) = &val {
            match dg.get(&k) {
                None => {
                    dg.insert(k, val.clone());
                }
                Some(Json::Object(destv)) => {
                    let mut vv = vv.clone();
                    coalesce_tables(&mut vv, destv, true);
                    dg.insert(k, Json::Object(vv));
                }
                Some(_) => {}
            }
        } else if is_table(dg.get(&k)) {
        } else {
            dg.insert(k, val);
        }
    }
    dest.insert("global".into(), Json::Object(dg));
}

fn coalesce(chart: &Chart, dest: &mut Map<String, Json>, merge: bool) -> Result<()> {
    coalesce_values(chart, dest, merge)?;
    for sub in &chart.dependencies {
        let name = sub.name().to_string();
        match dest.get(&name) {
            None => {
                dest.insert(name.clone(), Json::Object(Map::new()));
            }
            Some(Json::Object(_)) => {}
            Some(other) => {
                // Helm's `fmt.Errorf("type mismatch on %s: %t", …)`, a bad verb but for bools.
                return Err(Error(super::tmpl::printf::sprintf(
                    "type mismatch on %s: %t",
                    &[
                        Value::str(&name),
                        super::tmpl::value::from_values_json(other),
                    ],
                )));
            }
        }
        // Only the parent's globals flow down; copying just them keeps this linear.
        let mut parent = Map::new();
        if let Some(g) = dest.get("global") {
            parent.insert("global".to_string(), g.clone());
        }
        if let Some(Json::Object(dv)) = dest.get_mut(&name) {
            coalesce_globals(dv, &parent);
            coalesce(sub, dv, merge)?;
        }
    }
    Ok(())
}

/// Helm's `CoalesceValues`: the user's values (deep-copied) over the chart's defaults.
pub fn coalesce_user_values(chart: &Chart, user: &Map<String, Json>) -> Result<Map<String, Json>> {
    let mut v = user.clone();
    coalesce(chart, &mut v, false)?;
    Ok(v)
}

/// Helm's `CoalesceTables(dst, src)`: `src`'s keys fill in what `dst` lacks, tables
/// recursively; a null in `dst` removes a key `src` sets.
pub fn coalesce_user_tables(dst: &mut Map<String, Json>, src: &Map<String, Json>) {
    coalesce_tables(dst, src, false);
}

/// Helm's upgrade with `ReuseValues` (Flux's `upgrade.preserveValues`): the new values over
/// the current release's user values, and the chart's own values replaced by the current
/// release's coalesced ones (its stored chart values under its user values). `current_chart`
/// is the stored release's chart values, `current_config` its user values.
pub fn reuse_values(
    chart: &Chart,
    values: &Map<String, Json>,
    current_chart: &Map<String, Json>,
    current_config: Option<&Map<String, Json>>,
) -> Result<(Chart, Map<String, Json>)> {
    let old_chart = Chart {
        parsed_values: std::sync::OnceLock::from(current_chart.clone()),
        ..Chart::default()
    };
    let empty = Map::new();
    let old_vals = coalesce_user_values(&old_chart, current_config.unwrap_or(&empty))
        .map_err(|e| Error(format!("failed to rebuild old values: {}", e.0)))?;
    let mut new_vals = values.clone();
    if let Some(config) = current_config {
        coalesce_user_tables(&mut new_vals, config);
    }
    let mut chart = chart.clone();
    let mtime = chart.values.as_ref().and_then(|f| f.mtime);
    chart.values = Some(super::chart::File {
        name: "values.yaml".into(),
        data: crate::goyaml::to_yaml(&Json::Object(old_vals.clone())).into_bytes(),
        mtime,
    });
    chart.parsed_values = std::sync::OnceLock::from(old_vals);
    chart.imported_values = None;
    Ok((chart, new_vals))
}

// ---------------------------------------------------------------- dependencies

fn lookup_path<'a>(v: &'a Map<String, Json>, path: &str) -> Option<&'a Json> {
    let mut cur: Option<&Json> = None;
    let mut map = v;
    for (i, p) in path.split('.').enumerate() {
        let next = map.get(p)?;
        if i + 1 < path.split('.').count() {
            map = next.as_object()?;
        }
        cur = Some(next);
    }
    cur
}

/// Helm's `IsCompatibleRange`: an unparsable version or constraint (an empty one too) is
/// not compatible.
fn compatible(constraint: &str, version: &str) -> bool {
    crate::masterminds::Constraint::parse(constraint)
        .ok()
        .zip(crate::masterminds::parse_version(version).ok())
        .is_some_and(|(c, v)| c.matches(&v))
}

/// Helm's `processDependencyEnabled`: subcharts not named by a dependency stay first; each
/// dependency takes a copy of its chart (name and version range matching) under its alias,
/// and its entry takes the alias as name; then dependencies disabled by tags or conditions
/// are removed (recursively), with their entries.
fn process_dependencies(chart: &mut Chart, top: &Map<String, Json>, path: &str) -> Result<()> {
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let existing = std::mem::take(&mut chart.dependencies);
    let reqs = &mut chart.metadata.dependencies;
    let matches = |c: &Chart, r: &crate::helm::chart::Dependency| {
        c.name() == r.name && compatible(&r.version, &c.metadata.version)
    };
    // Each entry takes the first subchart it matches (a copy when a later entry takes the
    // same one, under another alias); subcharts no entry matches stay, first.
    let first: Vec<Option<usize>> = reqs
        .iter()
        .map(|r| existing.iter().position(|c| matches(c, r)))
        .collect();
    let mut uses = vec![0usize; existing.len()];
    for i in first.iter().flatten() {
        uses[*i] += 1;
    }
    let unmatched: Vec<bool> = existing
        .iter()
        .map(|c| !reqs.iter().any(|r| matches(c, r)))
        .collect();
    let mut slots: Vec<Option<Chart>> = existing.into_iter().map(Some).collect();
    let mut kept: Vec<Chart> = slots
        .iter_mut()
        .zip(&unmatched)
        .filter(|(_, u)| **u)
        .filter_map(|(s, _)| s.take())
        .collect();
    for (req, m) in reqs.iter_mut().zip(first) {
        if let Some(i) = m {
            uses[i] -= 1;
            let copy = if uses[i] == 0 {
                slots[i].take()
            } else {
                slots[i].clone()
            };
            if let Some(mut copy) = copy {
                if !req.alias.is_empty() {
                    copy.metadata.name = req.alias.clone();
                }
                kept.push(copy);
            }
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    chart.dependencies = kept;
    // The conditions are read from this level's coalesced values (computed only when a
    // dependency here has one).
    let cvals = if reqs.iter().any(|r| !r.condition.trim().is_empty()) {
        coalesce_user_values(
            chart,
            &lookup_path(top, path.trim_end_matches('.'))
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_else(|| {
                    if path.is_empty() {
                        top.clone()
                    } else {
                        Map::new()
                    }
                }),
        )?
    } else {
        Map::new()
    };
    let tags = top
        .get("tags")
        .and_then(|t| t.as_object())
        .cloned()
        .unwrap_or_default();
    let mut disabled: Vec<String> = Vec::new();
    for req in &mut chart.metadata.dependencies {
        req.enabled = true;
        let mut tag_set = false;
        let mut any_true = false;
        for t in &req.tags {
            if let Some(Json::Bool(b)) = tags.get(t) {
                tag_set = true;
                any_true |= *b;
            }
        }
        if tag_set {
            req.enabled = any_true;
        }
        for cond in req
            .condition
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if let Some(Json::Bool(b)) = lookup_path(&cvals, cond) {
                req.enabled = *b;
                break;
            }
        }
        if !req.enabled {
            disabled.push(req.name.clone());
        }
    }
    chart
        .dependencies
        .retain(|c| !disabled.contains(&c.metadata.name));
    chart
        .metadata
        .dependencies
        .retain(|r| !disabled.contains(&r.name));
    for sub in &mut chart.dependencies {
        let sub_path = format!("{path}{}.", sub.name());
        process_dependencies(sub, top, &sub_path)?;
    }
    Ok(())
}

/// A table at a dotted path (`Values.Table`): every step must be a map.
fn table_at(v: &Map<String, Json>, path: &str) -> Option<Map<String, Json>> {
    let mut cur = v;
    for p in path.split('.') {
        cur = cur.get(p)?.as_object()?;
    }
    Some(cur.clone())
}

/// Helm's `pathToMap`: `data` nested under a dotted path (`.` is the root).
fn path_to_map(path: &str, data: Map<String, Json>) -> Map<String, Json> {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for p in path.split('.').rev() {
        let mut m = Map::new();
        m.insert(p.to_string(), Json::Object(cur));
        cur = m;
    }
    cur
}

/// Go's `%v` of an `import-values` map entry.
fn sprint_json(v: Option<&Json>) -> String {
    match v {
        None | Some(Json::Null) => "<nil>".into(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => printf_value(other),
    }
}

fn printf_value(v: &Json) -> String {
    super::tmpl::printf::sprint1(&funcs::from_json_value(v))
}

/// Helm's `processDependencyImportValues` (merge mode, as Helm 4 runs it): children first;
/// every chart with dependencies gets its values merged with theirs, and each
/// `import-values` entry (`{child, parent}` or a name under the child's `exports`) copies a
/// child table into the parent, under the parent's own values.
fn process_import_values(chart: &mut Chart) -> Result<()> {
    for sub in &mut chart.dependencies {
        process_import_values(sub)?;
    }
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let mut cvals = Map::new();
    coalesce(chart, &mut cvals, true)?;
    let mut imported = Map::new();
    for r in &mut chart.metadata.dependencies {
        let mut normalized = Vec::new();
        for iv in &r.import_values {
            let (child, parent) = match iv {
                Json::Object(m) => (sprint_json(m.get("child")), sprint_json(m.get("parent"))),
                Json::String(name) => (format!("exports.{name}"), ".".to_string()),
                _ => continue,
            };
            normalized.push(serde_json::json!({"child": child, "parent": parent}));
            // Helm looks the child up by its chart name, even when it is aliased.
            let Some(table) = table_at(&cvals, &format!("{}.{child}", r.name)) else {
                continue;
            };
            coalesce_tables(&mut imported, &path_to_map(&parent, table), true);
        }
        r.import_values = normalized;
    }
    coalesce_tables(&mut cvals, &imported, true);
    chart.imported_values = Some(cvals);
    Ok(())
}

// ---------------------------------------------------------------- objects

fn metadata_map(chart: &Chart, is_root: bool) -> Value {
    let md = &chart.metadata;
    let strs = |v: &[String]| Value::list(v.iter().map(Value::str).collect());
    let mut m = BTreeMap::new();
    m.insert("APIVersion".into(), Value::str(&md.api_version));
    m.insert(
        "Annotations".into(),
        // A nil map[string]string when empty: prints `map[]` (toJson would say null).
        Value::typed_map(
            Elem::Str,
            None,
            md.annotations
                .iter()
                .map(|(k, v)| (k.clone(), Value::str(v)))
                .collect(),
        ),
    );
    m.insert("AppVersion".into(), Value::str(&md.app_version));
    m.insert("Condition".into(), Value::str(&md.condition));
    m.insert(
        "Dependencies".into(),
        Value::list(
            md.dependencies
                .iter()
                .map(|d| {
                    let mut dm = BTreeMap::new();
                    dm.insert("Name".into(), Value::str(&d.name));
                    dm.insert("Version".into(), Value::str(&d.version));
                    dm.insert("Repository".into(), Value::str(&d.repository));
                    dm.insert("Condition".into(), Value::str(&d.condition));
                    dm.insert("Tags".into(), strs(&d.tags));
                    dm.insert("Enabled".into(), Value::Bool(d.enabled));
                    dm.insert(
                        "ImportValues".into(),
                        Value::list(d.import_values.iter().map(funcs::from_json_value).collect()),
                    );
                    dm.insert("Alias".into(), Value::str(&d.alias));
                    Value::map(dm)
                })
                .collect(),
        ),
    );
    m.insert("Deprecated".into(), Value::Bool(md.deprecated));
    m.insert("Description".into(), Value::str(&md.description));
    m.insert("Home".into(), Value::str(&md.home));
    m.insert("Icon".into(), Value::str(&md.icon));
    m.insert("IsRoot".into(), Value::Bool(is_root));
    m.insert("Keywords".into(), strs(&md.keywords));
    m.insert("KubeVersion".into(), Value::str(&md.kube_version));
    m.insert(
        "Maintainers".into(),
        Value::list(
            md.maintainers
                .iter()
                .map(|x| {
                    let mut mm = BTreeMap::new();
                    mm.insert("Name".into(), Value::str(&x.name));
                    mm.insert("Email".into(), Value::str(&x.email));
                    mm.insert("URL".into(), Value::str(&x.url));
                    Value::map(mm)
                })
                .collect(),
        ),
    );
    m.insert("Name".into(), Value::str(&md.name));
    m.insert("Sources".into(), strs(&md.sources));
    m.insert("Tags".into(), Value::str(&md.tags));
    m.insert("Type".into(), Value::str(&md.type_));
    m.insert("Version".into(), Value::str(&md.version));
    Value::map(m)
}

struct Renderable {
    text: String,
    vals: Value,
    base_path: String,
}

fn named_values(v: &Json) -> Value {
    match super::tmpl::value::from_values_json(v) {
        Value::Map(m) => Value::Map(super::tmpl::value::Map {
            named: Some("common.Values"),
            ..m
        }),
        _ => Value::typed_map(Elem::Any, Some("common.Values"), BTreeMap::new()),
    }
}

/// The `.Values` of a subchart: the parent's `.Values.<name>` table itself (Helm's
/// `values.Table`), so that a template's `set` on it is seen through the parent's values
/// too, or an empty table when there is none.
fn subchart_values(parent: &Value, name: &str) -> Value {
    let table = match parent {
        Value::Map(m) => m.entries.borrow().get(name).cloned(),
        _ => None,
    };
    match table {
        Some(Value::Map(m)) if m.keys.is_none() => Value::Map(super::tmpl::value::Map {
            named: Some("common.Values"),
            ..m
        }),
        _ => Value::typed_map(Elem::Any, Some("common.Values"), BTreeMap::new()),
    }
}

/// Helm's `recAllTpls`: every template of the chart and its subcharts with the values it
/// renders with (`values` is the chart's `.Values`, shared with its parent's).
fn all_templates(
    chart: &Chart,
    parent_path: Option<&str>,
    values: &Value,
    release: &Value,
    caps: &Value,
    out: &mut BTreeMap<String, Renderable>,
) -> Value {
    let is_root = parent_path.is_none();
    let full = match parent_path {
        None => chart.name().to_string(),
        Some(p) => format!("{p}/charts/{}", chart.name()),
    };
    let subcharts = Value::map(BTreeMap::new());
    let mut next = BTreeMap::new();
    next.insert("Chart".to_string(), metadata_map(chart, is_root));
    next.insert(
        "Files".to_string(),
        objects::files_value(chart.files.iter().map(|f| (f.name.clone(), f.data.clone()))),
    );
    next.insert("Release".to_string(), release.clone());
    next.insert("Capabilities".to_string(), caps.clone());
    next.insert("Values".to_string(), values.clone());
    next.insert("Subcharts".to_string(), subcharts.clone());
    let next = Value::map(next);
    for child in &chart.dependencies {
        let child_vals = subchart_values(values, child.name());
        let v = all_templates(child, Some(&full), &child_vals, release, caps, out);
        if let Value::Map(m) = &subcharts {
            m.entries.borrow_mut().insert(child.name().to_string(), v);
        }
    }
    let library = chart.metadata.type_ == "library";
    for t in &chart.templates {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if library && !base.starts_with('_') {
            continue;
        }
        out.insert(
            format!("{full}/{}", t.name),
            Renderable {
                text: String::from_utf8_lossy(&t.data).into_owned(),
                vals: next.clone(),
                base_path: format!("{full}/templates"),
            },
        );
    }
    next
}

/// Helm's `sortTemplates`: deeper paths first, then reverse lexical order.
fn sort_templates(names: Vec<String>) -> Vec<String> {
    let mut keys = names;
    keys.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
    keys
}

fn cleanup_parse_error(filename: &str, msg: &str) -> String {
    let tokens: Vec<&str> = msg.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {msg}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

#[derive(PartialEq)]
struct Traceable {
    location: String,
    message: String,
    executed: String,
}

fn parse_exec_error(s: &str) -> Option<Traceable> {
    let rem = s.strip_prefix("template: ")?;
    if rem.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: s.to_string(),
            executed: String::new(),
        });
    }
    let cut_template = |m: &str| match m.find(" template:") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    };
    if let Some((name, after)) = rem.split_once(": executing ") {
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        let func = &after[..end];
        let after_at = after[end + 1..].strip_prefix(" at <")?;
        let (loc, msg) = after_at.split_once(">: ")?;
        return Some(Traceable {
            location: name.to_string(),
            message: cut_template(msg),
            executed: format!("executing \"{func}\" at <{loc}>:"),
        });
    }
    let sep = rem.rfind(": ")?;
    Some(Traceable {
        location: rem[..sep].to_string(),
        message: cut_template(&rem[sep + 2..]),
        executed: String::new(),
    })
}

/// Helm's `reformatExecErrorMsg`.
fn reformat_exec_error(filename: &str, e: &GoError) -> String {
    if !e.has_exec() {
        return e.msg.clone();
    }
    let tokens: Vec<&str> = e.msg.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {}", e.msg);
    }
    if let (Some(a), Some(b)) = (
        tokens[2].find(HELM_ERR_START),
        tokens[2].rfind(HELM_ERR_END),
    ) {
        if a + HELM_ERR_START.len() <= b {
            return format!(
                "execution error at ({}): {}",
                tokens[1],
                &tokens[2][a + HELM_ERR_START.len()..b]
            );
        }
    }
    let mut locs: Vec<Traceable> = Vec::new();
    for cur in e.chain() {
        match parse_exec_error(&cur.msg) {
            Some(t) => {
                if locs.last() != Some(&t) {
                    locs.push(t);
                }
            }
            None => return e.msg.clone(),
        }
    }
    let mut out = String::new();
    for t in locs {
        if !t.location.is_empty() {
            out.push_str(&format!("{}\n  ", t.location));
        }
        if !t.executed.is_empty() {
            out.push_str(&format!("{}\n    ", t.executed));
        }
        if !t.message.is_empty() {
            out.push_str(&format!("{}\n", t.message));
        }
    }
    out.trim().to_string()
}

/// Renders every template of the chart to text (Helm's `engine.Render`): file → output, with
/// the chart as Helm's dependency processing leaves it (disabled subcharts removed), which is
/// the chart Helm takes the CRDs from.
fn render_files(
    mut chart: Chart,
    user: &Map<String, Json>,
    opts: &Options,
) -> Result<(Chart, BTreeMap<String, String>)> {
    // Helm validates the values before it renders. Compiling the schemas does not need the
    // values, and rendering has no side effects: the schemas compile on a second thread while
    // the values are computed and the templates rendered, then the values are checked; a
    // schema failure still wins over the render's result.
    std::thread::scope(|s| {
        // The schemas are compiled from a copy of what they need: the chart itself changes
        // under the dependency processing below.
        let compiling = (!opts.skip_schema_validation && has_schema(&chart)).then(|| {
            let tree = schema_tree(&chart);
            std::thread::Builder::new()
                .stack_size(16 * 1024 * 1024)
                .spawn_scoped(s, move || super::schema::Compiled::of(&tree))
        });
        // The values the dependencies' `condition`s and `tags` are read from; a chart tree
        // without either (an umbrella of plain subcharts) skips computing them.
        let top = if reads_values(&chart) {
            coalesce_user_values(&chart, user)?
        } else {
            Map::new()
        };
        process_dependencies(&mut chart, &top, "")?;
        process_import_values(&mut chart)?;
        let values = Json::Object(coalesce_user_values(&chart, user)?);
        let rendered = render_templates(&chart, &values, opts);
        let checked = match compiling {
            Some(Ok(handle)) => {
                let mut compiled = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                super::schema::validate_compiled(&chart, &values, &mut compiled)
            }
            Some(Err(e)) => return Err(Error(format!("starting the schema validation: {e}"))),
            None => Ok(()),
        };
        checked.map_err(|e| {
            Error(format!(
                "values don't meet the specifications of the schema(s) in the following chart(s):\n{e}"
            ))
        })?;
        rendered.map(|files| (chart, files))
    })
}

/// Whether a dependency of the chart or of a subchart has a `condition` or `tags`, which
/// Helm's dependency processing reads from the coalesced values.
fn reads_values(chart: &Chart) -> bool {
    chart
        .metadata
        .dependencies
        .iter()
        .any(|d| !d.condition.trim().is_empty() || !d.tags.is_empty())
        || chart.dependencies.iter().any(reads_values)
}

/// Whether the chart or a subchart has a `values.schema.json`.
fn has_schema(chart: &Chart) -> bool {
    chart.schema.is_some() || chart.dependencies.iter().any(has_schema)
}

/// The `values.schema.json` files of the chart and its subcharts.
fn schema_tree(chart: &Chart) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![chart];
    while let Some(c) = stack.pop() {
        out.extend(c.schema.iter().map(|s| s.data.clone()));
        stack.extend(&c.dependencies);
    }
    out
}

/// The templates of a chart whose values are final, rendered in Helm's order.
fn render_templates(
    chart: &Chart,
    values: &Json,
    opts: &Options,
) -> Result<BTreeMap<String, String>> {
    let kube = opts
        .kube_version
        .clone()
        .unwrap_or_else(|| objects::DEFAULT_KUBE_VERSION.to_string());
    let mut apis: Vec<String> = objects::DEFAULT_API_VERSIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    apis.extend(opts.api_versions.iter().cloned());
    let caps = objects::capabilities(&kube, &apis).map_err(Error)?;
    if !chart.metadata.kube_version.is_empty() {
        let ok = crate::masterminds::Constraint::parse(&chart.metadata.kube_version)
            .ok()
            .zip(crate::masterminds::parse_version(&kube).ok())
            .is_some_and(|(c, v)| c.matches(&v));
        if !ok {
            return Err(Error(format!(
                "chart requires kubeVersion: {} which is incompatible with Kubernetes v{}",
                chart.metadata.kube_version,
                kube.trim_start_matches('v')
            )));
        }
    }
    let mut release = BTreeMap::new();
    release.insert("Name".to_string(), Value::str(&opts.release_name));
    release.insert("Namespace".to_string(), Value::str(&opts.namespace));
    release.insert("IsUpgrade".to_string(), Value::Bool(opts.is_upgrade));
    release.insert("IsInstall".to_string(), Value::Bool(!opts.is_upgrade));
    release.insert("Revision".to_string(), Value::Int(opts.revision));
    release.insert("Service".to_string(), Value::str("Helm"));
    let release = Value::map(release);
    let mut tpls = BTreeMap::new();
    all_templates(
        chart,
        None,
        &named_values(values),
        &release,
        &caps,
        &mut tpls,
    );
    let funcs = funcs::helm_funcs();
    let keys = sort_templates(tpls.keys().cloned().collect());
    let mut set = Set::new();
    let texts: Vec<(&str, &str)> = keys
        .iter()
        .map(|k| (k.as_str(), tpls[k].text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.1.len()).sum();
    set.parse_all(&texts, &funcs, bytes >= 16 * 1024)
        .map_err(|(k, e)| Error(cleanup_parse_error(k, &e.to_string())))?;
    let mut state = State::default();
    let mut out = BTreeMap::new();
    for k in &keys {
        let base = k.rsplit('/').next().unwrap_or(k);
        if base.starts_with('_') {
            continue;
        }
        let r = &tpls[k];
        if let Value::Map(m) = &r.vals {
            let mut t = BTreeMap::new();
            t.insert("Name".to_string(), Value::str(k));
            t.insert("BasePath".to_string(), Value::str(&r.base_path));
            m.entries.borrow_mut().insert(
                "Template".to_string(),
                Value::typed_map(Elem::Any, Some("common.Values"), t),
            );
        }
        let text = set
            .execute(k, &r.vals, &funcs, &mut state, "gotpl")
            .map_err(|e| Error(reformat_exec_error(k, &e)))?;
        out.insert(k.clone(), text.replace("<no value>", ""));
    }
    Ok(out)
}

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn kind_less(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let pa = INSTALL_ORDER.iter().position(|k| *k == a);
    let pb = INSTALL_ORDER.iter().position(|k| *k == b);
    match (pa, pb) {
        (None, None) => a.cmp(b),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// Helm's `SplitManifests`: documents split at `---` lines (without regard to YAML), blank
/// ones dropped, leading whitespace trimmed.
pub fn split_manifests(text: &str) -> Vec<String> {
    split_at_separators(text.trim_start())
        .into_iter()
        .filter(|d| !d.trim().is_empty())
        .map(|d| d.trim_start().to_string())
        .collect()
}

/// Go's `\s`: ASCII whitespace without the vertical tab.
fn is_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The end of the run of Go whitespace starting at `i`.
fn skip_go_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_go_space(b[i]) {
        i += 1;
    }
    i
}

/// Go's `regexp.MustCompile("(?:^|\\s*\n)---\\s*").Split(s, -1)`, without building a regex
/// automaton at every start (a tenth of a millisecond per process). A match of the second
/// branch starts at the first byte of a whitespace run whose last byte is a newline followed
/// by `---` (a `-` ends the run, so no other newline of the run can precede the dashes), and
/// both branches take the whitespace after the dashes.
fn split_at_separators(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let find = |from: usize| -> Option<(usize, usize)> {
        if from == 0 && b.starts_with(b"---") {
            return Some((0, skip_go_space(b, 3)));
        }
        let mut i = from;
        while i < b.len() {
            if !is_go_space(b[i]) {
                i += 1;
                continue;
            }
            let end = skip_go_space(b, i);
            if b[end - 1] == b'\n' && b[end..].starts_with(b"---") {
                return Some((i, skip_go_space(b, end + 3)));
            }
            i = end;
        }
        None
    };
    let mut parts = Vec::new();
    let mut beg = 0;
    while let Some((start, end)) = find(beg) {
        parts.push(&s[beg..start]);
        beg = end;
    }
    parts.push(&s[beg..]);
    parts
}

type HeadResult = std::result::Result<Head, crate::kustomize::yaml::ParseError>;

/// What classifying a manifest needs of its head: read right after each document's parse, so
/// that thousands of parsed heads are never held at once.
#[derive(PartialEq, Debug, Default)]
struct Head {
    /// Why Go's `json.Unmarshal` into Helm's `SimpleHead` fails (`json: cannot unmarshal …`).
    type_error: Option<String>,
    kind: String,
    /// `metadata.annotations["helm.sh/hook"]`.
    hook: Option<String>,
}

/// A value decoded into a Go `string` field the way `sigs.k8s.io/yaml` hands it over: numbers
/// and booleans become their text first (floats as `FormatFloat(f, 'g', -1, 32)`), a null
/// leaves the field alone (`None`), a collection is a type error (its JSON type).
fn go_string_field(v: &Json) -> std::result::Result<Option<String>, &'static str> {
    match v {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s.clone())),
        Json::Bool(b) => Ok(Some(b.to_string())),
        Json::Number(n) => Ok(Some(match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => format_g32(n.as_f64().unwrap_or_default()),
        })),
        other => Err(super::chart::go_json_kind(other)),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that read back as the same
/// float32, with an exponent below 1e-4 and from 1e+06 on.
fn format_g32(f: f64) -> String {
    let e = format!("{:e}", f as f32);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut out = String::new();
    if mant.starts_with('-') {
        out.push('-');
    }
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    } else if exp >= 0 {
        let point = exp as usize + 1;
        if digits.len() <= point {
            out.push_str(&digits);
            out.push_str(&"0".repeat(point - digits.len()));
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    } else {
        out.push_str("0.");
        out.push_str(&"0".repeat((-exp - 1) as usize));
        out.push_str(&digits);
    }
    out
}

/// The keys of a JSON object in the order Go decodes them (`json.Marshal` of the Go map
/// sorts them), each with the struct field it lands in: the exact name, else one equal but
/// for ASCII case (Go's decoder matches field names case-insensitively).
fn go_fields<'a>(
    m: &'a Map<String, Json>,
    fields: &[&'static str],
) -> Vec<(&'static str, &'a Json)> {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    keys.into_iter()
        .filter_map(|k| {
            let f = fields
                .iter()
                .find(|f| **f == k.as_str())
                .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(k)))?;
            Some((*f, &m[k]))
        })
        .collect()
}

impl Head {
    /// Helm's `yaml.Unmarshal` of a document into `SimpleHead` (`apiVersion`, `kind`,
    /// `metadata.name`, `metadata.annotations`), with Go's rules: fields matched without
    /// regard to case in sorted key order (a later key overwrites), scalars turned into
    /// strings, nulls leaving a string alone and clearing a pointer or map, and the first type
    /// error kept while decoding goes on.
    fn of(head: &Json) -> Head {
        let mut h = Head::default();
        let m = match head {
            Json::Object(m) => m,
            Json::Null => return h,
            other => {
                h.type_error = Some(format!(
                    "json: cannot unmarshal {} into Go value of type util.SimpleHead",
                    super::chart::go_json_kind(other)
                ));
                return h;
            }
        };
        let mut errors: Vec<String> = Vec::new();
        let mut annotations: Option<BTreeMap<String, String>> = None;
        let field_error = |field: &str, t: &str, of: &str| {
            format!("json: cannot unmarshal {t} into Go struct field {field} of type {of}")
        };
        for (field, v) in go_fields(m, &["apiVersion", "kind", "metadata"]) {
            match (field, v) {
                ("apiVersion", v) => {
                    if let Err(t) = go_string_field(v) {
                        errors.push(field_error("SimpleHead.apiVersion", t, "string"));
                    }
                }
                ("kind", v) => match go_string_field(v) {
                    Ok(Some(k)) => h.kind = k,
                    Ok(None) => {}
                    Err(t) => errors.push(field_error("SimpleHead.kind", t, "string")),
                },
                (_, Json::Null) => annotations = None,
                (_, Json::Object(meta)) => {
                    for (field, v) in go_fields(meta, &["name", "annotations"]) {
                        match (field, v) {
                            ("name", v) => {
                                if let Err(t) = go_string_field(v) {
                                    errors.push(field_error(".metadata.name", t, "string"));
                                }
                            }
                            (_, Json::Null) => annotations = None,
                            (_, Json::Object(a)) => {
                                let into = annotations.get_or_insert_with(BTreeMap::new);
                                let mut keys: Vec<&String> = a.keys().collect();
                                keys.sort();
                                for k in keys {
                                    match go_string_field(&a[k]) {
                                        Ok(s) => {
                                            into.insert(k.clone(), s.unwrap_or_default());
                                        }
                                        Err(t) => errors.push(field_error(
                                            ".metadata.annotations",
                                            t,
                                            "string",
                                        )),
                                    }
                                }
                            }
                            (_, other) => errors.push(field_error(
                                ".metadata.annotations",
                                super::chart::go_json_kind(other),
                                "map[string]string",
                            )),
                        }
                    }
                }
                (_, other) => errors.push(field_error(
                    "SimpleHead.metadata",
                    super::chart::go_json_kind(other),
                    "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }",
                )),
            }
        }
        h.type_error = errors.into_iter().next();
        h.hook = annotations.and_then(|mut a| a.remove("helm.sh/hook"));
        h
    }
}

/// The heads of the documents (only `apiVersion`, `kind` and `metadata` are built). Reading a
/// head is a whole YAML parse: past some tens of kilobytes the documents are shared out over
/// the cores.
fn parse_heads(docs: &[(String, String)]) -> Vec<HeadResult> {
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    super::par::map(docs, bytes >= 32 * 1024, |d| {
        let full = || crate::kustomize::yaml::parse_head_v2(&d.1).map(|h| Head::of(&h));
        match super::plain_yaml::head(&d.1) {
            Some((kind, hook)) => {
                let head = Head {
                    type_error: None,
                    kind,
                    hook,
                };
                // Every render of a debug build (the test suite's) checks the fast reading
                // against the parser's.
                #[cfg(debug_assertions)]
                {
                    let parsed = full().expect("a document the fast reading took is valid YAML");
                    assert!(
                        parsed == head,
                        "the fast head reading differs from the parser's on:\n{}",
                        d.1
                    );
                }
                Ok(head)
            }
            None => full(),
        }
    })
}

/// Manifests and hooks of the rendered files, as Helm's `SortManifests` reads them (files in
/// name order, documents in file order; hooks with an unknown event dropped), unsorted.
pub fn classify(files: &BTreeMap<String, String>) -> Result<Classified> {
    // Split every file, then read the documents' heads in the files' and documents' order.
    let mut docs: Vec<(String, String)> = Vec::new();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            docs.push((path.clone(), doc));
        }
    }
    let heads = parse_heads(&docs);
    let mut manifests = Vec::new();
    let mut hooks = Vec::new();
    for ((path, doc), head) in docs.into_iter().zip(heads) {
        let head = head.map_err(|e| {
            Error(format!(
                "YAML parse error on {path}: error converting YAML to JSON: {}",
                go_yaml_error(e.line, &e.message)
            ))
        })?;
        if let Some(e) = head.type_error {
            return Err(Error(format!(
                "YAML parse error on {path}: error unmarshaling JSON: while decoding JSON: {e}"
            )));
        }
        let (kind, hook) = (head.kind, head.hook);
        let m = Manifest {
            path,
            content: doc,
            kind,
        };
        match hook {
            None => manifests.push(m),
            Some(h) => {
                let events: Vec<String> = h.split(',').map(|e| e.trim().to_lowercase()).collect();
                if events.iter().all(|e| HOOK_EVENTS.contains(&e.as_str())) {
                    hooks.push((m, events));
                }
            }
        }
    }
    Ok((manifests, hooks))
}

/// Manifests and hooks with their events.
pub type Classified = (Vec<Manifest>, Vec<(Manifest, Vec<String>)>);

/// Renders the chart and sorts the result as Helm's install does.
pub fn render(chart: &Chart, user: &Map<String, Json>, opts: &Options) -> Result<Rendered> {
    render_owned(chart.clone(), user, opts)
}

/// [`render`] of a chart the caller no longer needs (no copy of its files is made).
pub fn render_owned(chart: Chart, user: &Map<String, Json>, opts: &Options) -> Result<Rendered> {
    let (chart, mut files) = render_files(chart, user, opts)?;
    let chart = &chart;
    let notes_path = format!("{}/templates/NOTES.txt", chart.name());
    let mut notes = String::new();
    files.retain(|k, v| {
        if k.ends_with("NOTES.txt") {
            if *k == notes_path {
                notes = v.clone();
            }
            return false;
        }
        true
    });
    let files = match &opts.post_render {
        Some(pr) => pr.run(files)?,
        None => files,
    };
    let (mut manifests, mut hooks) = classify(&files)?;
    manifests.sort_by(|a, b| kind_less(&a.kind, &b.kind));
    hooks.sort_by(|a, b| kind_less(&a.0.kind, &b.0.kind));
    let mut crds = Vec::new();
    collect_crds(chart, None, &mut crds);
    Ok(Rendered {
        manifests,
        hooks,
        notes,
        crds,
    })
}

fn collect_crds(chart: &Chart, parent: Option<&str>, out: &mut Vec<(String, String)>) {
    let full = match parent {
        None => chart.name().to_string(),
        Some(p) => format!("{p}/charts/{}", chart.name()),
    };
    for f in &chart.files {
        if f.name.starts_with("crds/")
            && [".yaml", ".yml", ".json"]
                .iter()
                .any(|e| f.name.ends_with(e))
        {
            out.push((
                format!("{full}/{}", f.name),
                String::from_utf8_lossy(&f.data).into_owned(),
            ));
        }
    }
    for d in &chart.dependencies {
        collect_crds(d, Some(&full), out);
    }
}

/// Loads a chart directory or archive as `helm template` does, with its messages.
pub fn load_chart(path: &std::path::Path) -> Result<Chart> {
    if path.is_dir() {
        let meta = path.join("Chart.yaml");
        if !meta.exists() {
            return Err(Error(format!(
                "unable to detect chart at {}: open {}: no such file or directory",
                meta.display(),
                meta.display()
            )));
        }
        // The schema compiles while the chart loads (see `schema::precompile`).
        if let Ok(schema) = std::fs::read(path.join("values.schema.json")) {
            super::schema::precompile(schema);
        }
        let abs =
            std::fs::canonicalize(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        let parent = abs.parent().unwrap_or(std::path::Path::new("/"));
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Chart::from_dir_plain(parent, &name).map_err(|e| Error(e.to_string()));
    }
    let f = std::fs::File::open(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
    Chart::from_archive(f).map_err(|e| Error(e.to_string()))
}

/// Helm's `CheckDependencies`: every dependency in `Chart.yaml` must be in `charts/`.
pub fn check_dependencies(chart: &Chart) -> Result<()> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name))
        .map(|d| d.name.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error(format!(
        "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
        missing.join(", ")
    )))
}

/// go-yaml's wording of a YAML syntax error from our parser: libyaml's problem text
/// without its context, and the line only when the problem is past the first line (parser
/// errors count lines from 0, scanner errors from 1).
pub fn go_yaml_error(line: usize, message: &str) -> String {
    if message == crate::kustomize::yaml::EXCESSIVE_ALIASING {
        // The decoder's failure, which go-yaml reports without a position.
        return format!("yaml: {message}");
    }
    let mut msg = message.to_string();
    if msg.starts_with("while ") {
        if let Some(i) = msg.find(", ") {
            msg = msg[i + 2..].to_string();
        }
    }
    let (msg, scanner, line) = match msg.as_str() {
        "simple key expected ':'" => ("could not find expected ':'".to_string(), true, line + 1),
        m if m.starts_with("invalid trailing content after") => {
            ("did not find expected key".to_string(), false, line)
        }
        m if m.starts_with("unexpected character") => (
            "found character that cannot start any token".to_string(),
            true,
            line,
        ),
        m if m.starts_with("did not find expected") => (m.to_string(), false, line),
        m => (m.to_string(), true, line),
    };
    let shown = if scanner {
        line
    } else {
        line.saturating_sub(1)
    };
    if shown > 1 || (!scanner && shown > 0) {
        format!("yaml: line {shown}: {msg}")
    } else {
        format!("yaml: {msg}")
    }
}

/// What `helm template` prints for a rendered release.
pub fn template_output(r: &Rendered, opts: &Options) -> Result<String> {
    let mut manifest = String::new();
    if opts.include_crds {
        for (name, data) in &r.crds {
            manifest.push_str(&format!("---\n# Source: {name}\n{data}\n"));
        }
    }
    for m in &r.manifests {
        manifest.push_str(&format!("---\n# Source: {}\n{}\n", m.path, m.content));
    }
    let mut out = format!("{}\n", manifest.trim());
    if !opts.no_hooks {
        for (h, events) in &r.hooks {
            if opts.skip_tests && events.iter().any(|e| e == "test" || e == "test-success") {
                continue;
            }
            out.push_str(&format!("---\n# Source: {}\n{}\n", h.path, h.content));
        }
    }
    if opts.show_only.is_empty() {
        return Ok(out);
    }
    show_only(&out, &opts.show_only)
}

/// `helm template --show-only`: the documents whose `# Source:` path inside the chart
/// matches one of the patterns (`filepath.Match`), pattern by pattern; a pattern matching
/// nothing is an error.
fn show_only(out: &str, patterns: &[String]) -> Result<String> {
    static SOURCE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let source =
        SOURCE.get_or_init(|| regex::Regex::new("# Source: [^/]+/(.+)").expect("valid regex"));
    let docs = split_manifests(out);
    let mut shown = String::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let mut missing = true;
        for doc in &docs {
            let Some(c) = source.captures(doc) else {
                continue;
            };
            if super::chart::go_match(&pattern, &c[1]) != Some(true) {
                continue;
            }
            shown.push_str(&format!("---\n{doc}\n"));
            missing = false;
        }
        if missing {
            return Err(Error(format!("could not find template {pattern} in chart")));
        }
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_values_put_the_new_over_the_old_and_the_old_release_values_under_the_chart() {
        let obj = |v: serde_json::Value| v.as_object().unwrap().clone();
        let chart = Chart {
            values: Some(super::super::chart::File {
                name: "values.yaml".into(),
                data: b"a: 1\nnew: 1\n".to_vec(),
                mtime: Some(7),
            }),
            ..Chart::default()
        };
        let (chart, vals) = reuse_values(
            &chart,
            &obj(serde_json::json!({"a": 5, "gone": null})),
            &obj(serde_json::json!({"a": 1, "b": {"c": 1}, "old": 1, "gone": 1})),
            Some(&obj(serde_json::json!({"b": {"d": 2}, "x": 1, "gone": 2}))),
        )
        .unwrap();
        assert_eq!(
            serde_json::Value::Object(vals),
            serde_json::json!({"a": 5, "b": {"d": 2}, "x": 1})
        );
        let defaults = chart_values(&chart).unwrap();
        assert_eq!(
            serde_json::Value::Object(defaults),
            serde_json::json!({"a": 1, "b": {"c": 1, "d": 2}, "old": 1, "x": 1, "gone": 2})
        );
        assert_eq!(chart.values.as_ref().unwrap().mtime, Some(7));
    }

    /// A small xorshift generator: the random tests are reproducible.
    fn rng(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn random_yaml_texts_never_panic_the_readers() {
        const PIECES: &[&str] = &[
            "a",
            ":",
            " ",
            "\n",
            "- ",
            "  ",
            "&x ",
            "*x",
            "<<: ",
            "{",
            "}",
            "[",
            "]",
            ",",
            "'",
            "\"",
            "|",
            ">",
            "#",
            "---",
            "...",
            "!!str ",
            "yes",
            "0x1F",
            "1e3",
            "~",
            "\t",
            "?",
            "%YAML 1.1",
            "é",
            "\\",
        ];
        let mut r = rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20000 {
            let len = (r() % 30) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(r() % PIECES.len() as u64) as usize])
                .collect();
            let _ = crate::kustomize::yaml::parse_stream_v2(&text);
            let _ = crate::kustomize::yaml::parse_head_v2(&text);
            let _ = funcs::yaml_to_value(&text);
            let _ = split_manifests(&text);
        }
    }

    #[test]
    fn random_templates_execute_without_panics() {
        const PIECES: &[&str] = &[
            "{{ ",
            " }}",
            ".Values",
            ".Values.a",
            ".Values.l",
            ".Values.m.k",
            "$",
            ".",
            "|",
            "(",
            ")",
            "\"x\"",
            "1",
            "-1",
            "2.5",
            "nil",
            "true",
            "index",
            "len",
            "slice",
            "printf",
            "\"%d %s %v\"",
            "default",
            "toYaml",
            "toJson",
            "fromYaml",
            "quote",
            "include",
            "tpl",
            "required",
            "dig",
            "merge",
            "set",
            "list",
            "dict",
            "first",
            "rest",
            "until",
            "add",
            "div",
            "mod",
            "trunc",
            "substr",
            "indent",
            "nindent",
            "b64dec",
            "regexFind",
            "\"(\"",
            "semver",
            "split",
            "join",
            "range ",
            "if ",
            "with ",
            "end",
            "else",
            "$x := ",
            "define \"d\"",
            "template \"d\"",
            " ",
            "\n",
            "eq",
            "lt",
            "and",
            "or",
            "not",
            "until 3",
            "keys",
            "pick",
            "omit",
            "sortAlpha",
            "typeOf",
            "kindIs",
            "dateModify",
            "toDate",
            "urlParse",
            "abbrevboth",
            "wrap",
            "round",
            "splitn",
            "chunk",
        ];
        let chart = Chart {
            metadata: crate::helm::chart::Metadata {
                name: "r".into(),
                version: "0.1.0".into(),
                api_version: "v2".into(),
                ..Default::default()
            },
            values: Some(crate::helm::chart::File {
                name: "values.yaml".into(),
                data: b"a: 1\nl: [1, x, null]\nm: {k: v}\n".to_vec(),
                mtime: None,
            }),
            ..Default::default()
        };
        let mut r = rng(0x9e37_79b9_7f4a_7c15);
        let mut rendered = 0;
        for _ in 0..3000 {
            let len = (r() % 16) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(r() % PIECES.len() as u64) as usize])
                .collect();
            let mut c = chart.clone();
            c.templates = vec![crate::helm::chart::File {
                name: "templates/t.yaml".into(),
                data: text.into_bytes(),
                mtime: None,
            }];
            if render(&c, &Map::new(), &Options::default()).is_ok() {
                rendered += 1;
            }
        }
        assert!(rendered > 100, "only {rendered} random templates rendered");
    }

    #[test]
    fn templates_sort_deepest_first_then_reverse_lexical() {
        let keys = sort_templates(vec![
            "a/templates/x.yaml".into(),
            "a/templates/_h.tpl".into(),
            "a/charts/b/templates/y.yaml".into(),
        ]);
        assert_eq!(
            keys,
            vec![
                "a/charts/b/templates/y.yaml",
                "a/templates/x.yaml",
                "a/templates/_h.tpl"
            ]
        );
    }

    #[test]
    fn manifests_split_at_dashes_without_regard_to_yaml() {
        let docs = split_manifests("\n\na: 1\n---\nb: 2\n---foo\n---\n\n");
        assert_eq!(docs, vec!["a: 1", "b: 2", "foo"]);
        assert_eq!(split_manifests("a: 1\n"), vec!["a: 1\n"]);
    }

    #[test]
    fn the_separator_scan_splits_exactly_where_gos_regexp_does() {
        // Go's `\s` is `[\t\n\f\r ]`; the regex crate's leftmost-first matching is Go's.
        let go = regex::Regex::new("(?:^|[\t\n\x0c\r ]*\n)---[\t\n\x0c\r ]*").unwrap();
        let alphabet = ["-", "---", "\n", " ", "\t", "a", "\r", "\x0b", "\x0c", "é"];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            let mut x = seed;
            for _ in 0..n {
                text.push_str(alphabet[(x % alphabet.len() as u64) as usize]);
                x /= alphabet.len() as u64;
                if x == 0 {
                    x = seed.rotate_left(21) | 1;
                }
            }
            let want: Vec<&str> = go.split(&text).collect();
            assert_eq!(split_at_separators(&text), want, "{text:?}");
        }
    }

    #[test]
    fn user_null_deletes_a_default_and_globals_reach_subcharts() {
        let mut m = Map::new();
        m.insert("a".into(), Json::Null);
        let mut dest = m.clone();
        let mut defaults = Map::new();
        defaults.insert("a".into(), Json::from(1));
        defaults.insert("b".into(), Json::from(2));
        for (k, v) in defaults {
            match dest.get(&k) {
                Some(Json::Null) => {
                    dest.remove(&k);
                }
                None => {
                    dest.insert(k, v);
                }
                _ => {}
            }
        }
        assert!(!dest.contains_key("a"));
        let mut child = Map::new();
        let mut parent = Map::new();
        parent.insert("global".into(), serde_json::json!({"x": 1}));
        coalesce_globals(&mut child, &parent);
        assert_eq!(child["global"]["x"], 1);
    }
}
