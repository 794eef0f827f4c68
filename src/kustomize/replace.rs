//! `replacements` (and the field-path lookups legacy `vars` share).
//!
//! Field paths are dot-separated (`spec.template.spec.containers.[name=app].image`); a part in
//! brackets selects sequence elements by a field (`[name=app]`) or by value (`[=x]`), `*`
//! selects every element, a number selects by index. A replaced scalar keeps its type (the text
//! changes, as in kustomize); a replaced map or list takes the source's value.

use serde_json::{Map, Value};

use super::kustfile::{FieldOptions, Replacement, ReplacementSource, Selector};
use super::patch::{LabelSelector, SelectorRegex};
use super::resource::{Gvk, Resource};
use super::{scalar_text, yaml};

/// Splits a field path on dots outside brackets.
pub fn split_field_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Looks up a field path; `None` when missing.
pub fn lookup_path(obj: &Value, path: &str) -> Option<Value> {
    let mut parts = Vec::new();
    for p in split_field_path(path) {
        // `ports[0]` is `ports` then `[0]`.
        match p.find('[') {
            Some(i) if i > 0 && p.ends_with(']') => {
                parts.push(p[..i].to_string());
                parts.push(p[i..].to_string());
            }
            _ => parts.push(p),
        }
    }
    let mut found = Vec::new();
    collect(obj, &parts, &mut found);
    found.into_iter().next()
}

fn collect(v: &Value, parts: &[String], out: &mut Vec<Value>) {
    let Some(part) = parts.first() else {
        out.push(v.clone());
        return;
    };
    let rest = &parts[1..];
    match v {
        Value::Object(m) => {
            if let Some(c) = m.get(part.as_str()) {
                collect(c, rest, out);
            }
        }
        Value::Array(items) => {
            for it in select_elements(items, part) {
                collect(&items[it], rest, out);
            }
        }
        _ => {}
    }
}

fn select_elements(items: &[Value], part: &str) -> Vec<usize> {
    if part == "*" {
        return (0..items.len()).collect();
    }
    if let Ok(i) = part.parse::<usize>() {
        return if i < items.len() { vec![i] } else { Vec::new() };
    }
    if let Some(inner) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
        if let Ok(i) = inner.parse::<usize>() {
            return if i < items.len() { vec![i] } else { Vec::new() };
        }
        let (k, val) = inner.split_once('=').unwrap_or((inner, ""));
        return items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                if k.is_empty() {
                    scalar_text(it) == val && !it.is_object()
                } else {
                    it.get(k).map(scalar_text).as_deref() == Some(val)
                }
            })
            .map(|(i, _)| i)
            .collect();
    }
    Vec::new()
}

/// Visits every field a path names, creating missing ones when `create` is set. Returns how
/// many fields were visited.
fn visit_path(
    v: &mut Value,
    parts: &[String],
    create: Option<&Value>,
    f: &mut dyn FnMut(&mut Value, bool),
) -> usize {
    let Some(part) = parts.first() else {
        f(v, false);
        return 1;
    };
    let rest = &parts[1..];
    match v {
        Value::Object(m) => {
            if part.starts_with('[') {
                return 0;
            }
            if !m.contains_key(part.as_str()) {
                let Some(proto) = create else { return 0 };
                if rest.is_empty() {
                    let mut fresh = match proto {
                        Value::Object(_) => Value::Object(Map::new()),
                        Value::Array(_) => Value::Array(Vec::new()),
                        _ => Value::Null,
                    };
                    f(&mut fresh, true);
                    m.insert(part.clone(), fresh);
                    return 1;
                }
                let next = if rest[0].starts_with('[')
                    || rest[0] == "*"
                    || rest[0].parse::<usize>().is_ok()
                {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Map::new())
                };
                m.insert(part.clone(), next);
            }
            let child = m.get_mut(part.as_str()).expect("present");
            visit_path(child, rest, create, f)
        }
        Value::Array(items) => {
            let mut idx = select_elements(items, part);
            if idx.is_empty() && create.is_some() {
                if let Some(inner) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
                    let (k, val) = inner.split_once('=').unwrap_or((inner, ""));
                    if !k.is_empty() {
                        let mut m = Map::new();
                        m.insert(k.to_string(), Value::String(val.to_string()));
                        items.push(Value::Object(m));
                        idx.push(items.len() - 1);
                    }
                }
            }
            let mut n = 0;
            for i in idx {
                n += visit_path(&mut items[i], rest, create, f);
            }
            n
        }
        _ => 0,
    }
}

fn ids(r: &Resource) -> Vec<super::resource::ResId> {
    let mut v = vec![r.cur_id()];
    v.extend(r.prev_ids());
    v
}

fn source_selects(s: &ReplacementSource, id: &super::resource::ResId) -> bool {
    let gvk = Gvk {
        group: s.group.clone(),
        version: s.version.clone(),
        kind: s.kind.clone(),
    };
    if !gvk.selects(&id.gvk) {
        return false;
    }
    if !s.name.is_empty() && s.name != id.name {
        return false;
    }
    if !s.namespace.is_empty() {
        let want = super::resource::ResId {
            gvk: id.gvk.clone(),
            name: String::new(),
            namespace: s.namespace.clone(),
        };
        if want.effective_namespace() != id.effective_namespace() {
            return false;
        }
    }
    true
}

fn selects_id(sel: &Selector, id: &super::resource::ResId) -> Result<bool, String> {
    let m = |p: &str, s: &str| -> Result<bool, String> {
        if p.is_empty() {
            return Ok(true);
        }
        let re = regex::Regex::new(&format!("^(?:{p})$")).map_err(|e| e.to_string())?;
        Ok(re.is_match(s))
    };
    Ok(m(&sel.group, &id.gvk.group)?
        && m(&sel.version, &id.gvk.version)?
        && m(&sel.kind, &id.gvk.kind)?
        && m(&sel.name, &id.name)?
        && m(&sel.namespace, &id.effective_namespace())?)
}

fn label_ok(r: &Resource, sel: &Selector) -> Result<bool, String> {
    if !sel.label_selector.is_empty()
        && !LabelSelector::parse(&sel.label_selector)
            .map_err(|e| e.to_string())?
            .matches(&r.string_map("labels"))
    {
        return Ok(false);
    }
    if !sel.annotation_selector.is_empty()
        && !LabelSelector::parse(&sel.annotation_selector)
            .map_err(|e| e.to_string())?
            .matches(&r.string_map("annotations"))
    {
        return Ok(false);
    }
    Ok(true)
}

/// Applies replacements in order.
pub fn replace_values(res: &mut [Resource], reps: &[Replacement]) -> Result<(), String> {
    let _ = SelectorRegex::new;
    for rep in reps {
        let Some(src) = &rep.source else {
            return Err(String::from(
                "replacements must specify a source and at least one target",
            ));
        };
        if rep.targets.is_empty() {
            return Err(String::from(
                "replacements must specify a source and at least one target",
            ));
        }
        let matches: Vec<&Resource> = res
            .iter()
            .filter(|r| ids(r).iter().any(|id| source_selects(src, id)))
            .collect();
        let source = match matches.len() {
            0 => return Err(format!("nothing selected by {}:{}", src.kind, src.name)),
            1 => matches[0],
            _ => {
                return Err(format!(
                    "multiple matches for selector {}:{}",
                    src.kind, src.name
                ))
            }
        };
        let fp = if src.field_path.is_empty() {
            "metadata.name"
        } else {
            &src.field_path
        };
        let mut value = lookup_path(&source.obj, fp)
            .filter(|v| !v.is_null() && !matches!(v, Value::String(s) if s.is_empty()))
            .ok_or_else(|| {
                format!(
                    "fieldPath `{fp}` is missing for replacement source {}:{}",
                    src.kind, src.name
                )
            })?;
        if let Some(o) = src.options.as_ref().filter(|o| !o.delimiter.is_empty()) {
            if value.is_object() || value.is_array() {
                return Err(String::from(
                    "delimiter option can only be used with scalar nodes",
                ));
            }
            let text = scalar_text(&value);
            let parts: Vec<&str> = text.split(o.delimiter.as_str()).collect();
            if o.index < 0 || o.index as usize >= parts.len() {
                return Err(format!(
                    "options.index {} is out of bounds for value {text}",
                    o.index
                ));
            }
            let part = parts[o.index as usize].to_string();
            value = if value.is_string() {
                Value::String(part)
            } else {
                yaml::resolve_plain(&part)
            };
        }
        for t in &rep.targets {
            let Some(select) = &t.select else {
                return Err(String::from("target must specify resources to select"));
            };
            let paths = if t.field_paths.is_empty() {
                vec![String::from("metadata.name")]
            } else {
                t.field_paths.clone()
            };
            for r in res.iter_mut() {
                if !label_ok(r, select)? {
                    continue;
                }
                let mut rejected = false;
                for rej in &t.reject {
                    let by_id = rej.group.is_empty()
                        && rej.version.is_empty()
                        && rej.kind.is_empty()
                        && rej.name.is_empty()
                        && rej.namespace.is_empty();
                    if !by_id {
                        for id in ids(r) {
                            if selects_id(rej, &id)? {
                                rejected = true;
                            }
                        }
                    } else if (!rej.label_selector.is_empty()
                        || !rej.annotation_selector.is_empty())
                        && label_ok(r, rej)?
                    {
                        rejected = true;
                    }
                }
                if rejected {
                    continue;
                }
                let mut hit = false;
                for id in ids(r) {
                    if selects_id(select, &id)? {
                        hit = true;
                        break;
                    }
                }
                if !hit {
                    continue;
                }
                for p in &paths {
                    copy_to_target(&mut r.obj, &value, p, t.options.as_ref())?;
                }
            }
        }
    }
    Ok(())
}

fn copy_to_target(
    obj: &mut Value,
    value: &Value,
    fp: &str,
    opts: Option<&FieldOptions>,
) -> Result<(), String> {
    let create = opts.is_some_and(|o| o.create);
    let parts = split_field_path(fp);
    let mut err = None;
    let n = visit_path(
        obj,
        &parts,
        create.then_some(value),
        &mut |field, created| {
            if err.is_some() {
                return;
            }
            let mut val = value.clone();
            if let Some(o) = opts.filter(|o| !o.delimiter.is_empty()) {
                if field.is_object() || field.is_array() {
                    err = Some(String::from(
                        "delimiter option can only be used with scalar nodes",
                    ));
                    return;
                }
                let cur = scalar_text(field);
                let mut tv: Vec<String> = cur
                    .split(o.delimiter.as_str())
                    .map(str::to_string)
                    .collect();
                let v = scalar_text(value);
                if o.index < 0 {
                    tv.insert(0, v);
                } else if o.index as usize >= tv.len() {
                    tv.push(v);
                } else {
                    tv[o.index as usize] = v;
                }
                val = Value::String(tv.join(&o.delimiter));
            }
            let is_scalar = |v: &Value| !v.is_object() && !v.is_array();
            if created {
                *field = if is_scalar(&val) {
                    yaml::resolve_plain(&scalar_text(&val))
                } else {
                    val
                };
                return;
            }
            if is_scalar(field) && is_scalar(&val) {
                let text = scalar_text(&val);
                *field = match field {
                    Value::String(_) => Value::String(text),
                    Value::Null => Value::String(text),
                    _ => match yaml::resolve_plain(&text) {
                        v @ (Value::Number(_) | Value::Bool(_)) => v,
                        _ => Value::String(text),
                    },
                };
            } else {
                *field = val;
            }
        },
    );
    if let Some(e) = err {
        return Err(e);
    }
    if n == 0 {
        return Err(if create {
            format!("unable to find or create field \"{fp}\" in replacement target")
        } else {
            format!("unable to find field \"{fp}\" in replacement target")
        });
    }
    Ok(())
}
