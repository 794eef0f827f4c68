//! The commit message of an ImageUpdateAutomation: `spec.git.commit.messageTemplate` rendered
//! as image-automation-controller v1.2.4 renders it — Go `text/template` with Sprig's hermetic
//! functions and Go's default `missingkey`, over `.AutomationObject` (`ns/name`), `.Changed`
//! (`FileChanges`, `Objects`, `Changes`) and `.Values` — with its default message and its
//! errors for the removed `.Updated` and `.Changed.ImageResult` fields.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::helm::tmpl::exec::{Funcs, Set, State};
use crate::helm::tmpl::value::{Elem, Object, ObjectData, Value};

use super::setters::{Change, FileChanges, ObjectId};

/// Flux's message when the automation has no template.
pub const DEFAULT_MESSAGE: &str = "Update from image update automation";

/// Why a message could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MessageError {
    /// The template does not parse.
    #[error("unable to create commit message template from spec: {0}")]
    Parse(String),
    /// The template failed while running.
    #[error("failed to run template from spec: {0}")]
    Execute(String),
    /// The template uses a field Flux removed (Flux stalls on it).
    #[error("{0}")]
    RemovedField(String),
}

/// Sprig's functions that are not repeatable (`sprig.HermeticTxtFuncMap` leaves them out), and
/// the functions Helm adds to Sprig: neither is available to commit templates.
const LEFT_OUT: &[&str] = &[
    "date",
    "date_in_zone",
    "date_modify",
    "now",
    "htmlDate",
    "htmlDateInZone",
    "dateInZone",
    "dateModify",
    "randAlphaNum",
    "randAlpha",
    "randAscii",
    "randNumeric",
    "randBytes",
    "uuidv4",
    "env",
    "expandenv",
    "getHostByName",
    "include",
    "tpl",
    "required",
    "lookup",
    "toToml",
    "fromToml",
    "toYaml",
    "mustToYaml",
    "toYamlPretty",
    "fromYaml",
    "fromYamlArray",
    "fromJsonArray",
];

/// Sprig's hermetic function map.
fn hermetic_funcs() -> Funcs {
    let mut funcs = crate::helm::funcs::helm_funcs();
    for name in LEFT_OUT {
        funcs.funcs.remove(name);
    }
    funcs.methods.clear();
    funcs
}

fn object(type_name: &str, fields: Vec<(&str, Value)>, stringer: Option<String>) -> Value {
    Value::Object(Rc::new(Object {
        type_name: type_name.to_string(),
        pointer: false,
        fields: fields
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
        stringer,
        error: None,
        data: ObjectData::None,
    }))
}

/// A kyaml `ResourceIdentifier` embedded in image-automation's `ObjectIdentifier`: its fields
/// are promoted, and it prints as Go prints the nested struct.
fn object_id(id: &ObjectId) -> Value {
    let inner = object(
        "yaml.ResourceIdentifier",
        vec![
            ("APIVersion", Value::str(&id.api_version)),
            ("Kind", Value::str(&id.kind)),
            ("Name", Value::str(&id.name)),
            ("Namespace", Value::str(&id.namespace)),
        ],
        Some(format!(
            "{{{{{} {}}} {{{} {}}}}}",
            id.api_version, id.kind, id.name, id.namespace
        )),
    );
    object(
        "update.ObjectIdentifier",
        vec![
            ("ResourceIdentifier", inner),
            ("APIVersion", Value::str(&id.api_version)),
            ("Kind", Value::str(&id.kind)),
            ("Name", Value::str(&id.name)),
            ("Namespace", Value::str(&id.namespace)),
        ],
        Some(format!(
            "{{{{{{{} {}}} {{{} {}}}}}}}",
            id.api_version, id.kind, id.name, id.namespace
        )),
    )
}

fn change(c: &Change) -> Value {
    object(
        "update.Change",
        vec![
            ("OldValue", Value::str(&c.old)),
            ("NewValue", Value::str(&c.new)),
            ("Setter", Value::str(&c.setter)),
        ],
        None,
    )
}

fn changes(list: &[Change]) -> Value {
    Value::list(list.iter().map(change).collect())
}

/// The sort key of a struct key: its fields in order, NUL-separated (Go compares struct keys
/// field by field).
fn sort_key(id: &ObjectId) -> String {
    [&id.api_version, &id.kind, &id.name, &id.namespace]
        .map(String::as_str)
        .join("\0")
}

/// An `update.ObjectChanges` map (struct keys).
fn object_changes(per_object: &BTreeMap<ObjectId, Vec<Change>>) -> Value {
    let mut entries = BTreeMap::new();
    let mut keys = BTreeMap::new();
    for (id, list) in per_object {
        entries.insert(sort_key(id), changes(list));
        keys.insert(sort_key(id), object_id(id));
    }
    match Value::typed_map(Elem::Any, Some("update.ObjectChanges"), entries) {
        Value::Map(mut m) => {
            m.keys = Some(Rc::new(keys));
            Value::Map(m)
        }
        v => v,
    }
}

/// `.Changed`: `FileChanges`, and what the `Objects()` and `Changes()` methods return
/// (objects merged over files; changes without repeats, in file order).
fn changed(files: &FileChanges) -> Value {
    let mut per_file = BTreeMap::new();
    let mut merged: BTreeMap<ObjectId, Vec<Change>> = BTreeMap::new();
    let mut unique: Vec<Change> = vec![];
    for (file, per_object) in files {
        per_file.insert(file.clone(), object_changes(per_object));
        for (id, list) in per_object {
            merged
                .entry(id.clone())
                .or_default()
                .extend(list.iter().cloned());
            for c in list {
                if !unique.contains(c) {
                    unique.push(c.clone());
                }
            }
        }
    }
    object(
        "update.Result",
        vec![
            ("FileChanges", Value::typed_map(Elem::Any, None, per_file)),
            ("Objects", object_changes(&merged)),
            ("Changes", changes(&unique)),
        ],
        None,
    )
}

/// Renders the commit message of the automation `namespace/name` for `files` (an empty
/// template gives Flux's default message).
pub fn commit_message(
    template: &str,
    namespace: &str,
    name: &str,
    files: &FileChanges,
    values: &BTreeMap<String, String>,
) -> Result<String, MessageError> {
    let template = if template.is_empty() {
        DEFAULT_MESSAGE
    } else {
        template
    };
    const NAME: &str = "commit message";
    let funcs = hermetic_funcs();
    let mut set = Set::new();
    set.parse(NAME, template, &funcs)
        .map_err(|e| MessageError::Parse(e.to_string()))?;
    let automation = object(
        "types.NamespacedName",
        vec![
            ("Namespace", Value::str(namespace)),
            ("Name", Value::str(name)),
        ],
        Some(format!("{namespace}/{name}")),
    );
    let values = Value::typed_map(
        Elem::Str,
        None,
        values
            .iter()
            .map(|(k, v)| (k.clone(), Value::str(v)))
            .collect(),
    );
    let data = object(
        "source.TemplateData",
        vec![
            ("AutomationObject", automation),
            ("Changed", changed(files)),
            ("Values", values),
        ],
        None,
    );
    let mut state = State {
        missing_key_default: true,
        ..State::default()
    };
    set.execute(NAME, &data, &funcs, &mut state, NAME)
        .map_err(|e| {
            let text = e.to_string();
            if text.contains("can't evaluate field Updated in type source.TemplateData") {
                MessageError::RemovedField(String::from("template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template"))
            } else if text.contains("can't evaluate field ImageResult in type update.Result") {
                MessageError::RemovedField(String::from("template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template"))
            } else {
                MessageError::Execute(text)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(name: &str, ns: &str) -> ObjectId {
        ObjectId {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            name: name.into(),
            namespace: ns.into(),
        }
    }

    fn change(old: &str, new: &str) -> Change {
        Change {
            old: old.into(),
            new: new.into(),
            setter: "automation-ns:policy".into(),
        }
    }

    fn one_file() -> FileChanges {
        let mut files = FileChanges::new();
        files.entry("deploy.yaml".into()).or_default().insert(
            deployment("test", ""),
            vec![change("helloworld:1.0.0", "helloworld:1.0.1")],
        );
        files
    }

    #[test]
    fn an_empty_template_gives_fluxs_default_message() {
        let m = commit_message("", "ns", "auto", &one_file(), &BTreeMap::new()).unwrap();
        assert_eq!(m, DEFAULT_MESSAGE);
    }

    #[test]
    fn fluxs_result_v2_template_renders_its_golden_message() {
        // image-automation-controller's `testCommitTemplateResultV2` and its expected output.
        let t = "Commit summary with ResultV2\n\nAutomation: {{ .AutomationObject }}\n\n{{ range $filename, $objchange := .Changed.FileChanges -}}\n- File: {{ $filename }}\n{{- range $obj, $changes := $objchange }}\n  - Object: {{ $obj.Kind }}/{{ $obj.Namespace }}/{{ $obj.Name }}\n    Changes:\n{{- range $_ , $change := $changes }}\n    - {{ $change.OldValue }} -> {{ $change.NewValue }}\n{{ end -}}\n{{ end -}}\n{{ end -}}\n";
        let m = commit_message(t, "test-ns", "test-update", &one_file(), &BTreeMap::new()).unwrap();
        assert_eq!(
            m,
            "Commit summary with ResultV2\n\nAutomation: test-ns/test-update\n\n- File: deploy.yaml\n  - Object: Deployment//test\n    Changes:\n    - helloworld:1.0.0 -> helloworld:1.0.1\n"
        );
    }

    #[test]
    fn values_print_and_a_missing_one_is_no_value_unless_indexed() {
        let t = "Cluster: {{ index .Values \"cluster\" }}\nTesting: {{ .Values.testing }}\nMissing: {{ .Values.nope }}|{{ index .Values \"nope\" }}|";
        let values = BTreeMap::from([
            ("cluster".to_string(), "prod".to_string()),
            ("testing".to_string(), "value".to_string()),
        ]);
        let m = commit_message(t, "ns", "a", &one_file(), &values).unwrap();
        assert_eq!(m, "Cluster: prod\nTesting: value\nMissing: <no value>||");
    }

    #[test]
    fn objects_merge_over_files_sorted_field_by_field_and_changes_are_unique() {
        let mut files = FileChanges::new();
        files
            .entry("a.yaml".into())
            .or_default()
            .insert(deployment("web", "prod"), vec![change("app:1", "app:2")]);
        let b = files.entry("b.yaml".into()).or_default();
        b.insert(deployment("web", "prod"), vec![change("app:1", "app:2")]);
        b.insert(
            ObjectId {
                api_version: "apps/v1".into(),
                kind: "DaemonSet".into(),
                name: "agent".into(),
                namespace: "prod".into(),
            },
            vec![change("agent:1", "agent:3")],
        );
        let t = "{{ range $o, $c := .Changed.Objects }}{{ $o.Kind }}/{{ $o.Name }}={{ len $c }};{{ end }}\n{{ range .Changed.Changes }}{{ .OldValue }}>{{ .NewValue }};{{ end }}\n{{ range $o, $_ := .Changed.Objects }}{{ $o }}{{ end }}";
        let m = commit_message(t, "ns", "a", &files, &BTreeMap::new()).unwrap();
        assert_eq!(
            m,
            "DaemonSet/agent=1;Deployment/web=2;\napp:1>app:2;agent:1>agent:3;\n{{{apps/v1 DaemonSet} {agent prod}}}{{{apps/v1 Deployment} {web prod}}}"
        );
    }

    #[test]
    fn removed_fields_and_bad_templates_give_fluxs_errors() {
        let files = one_file();
        let none = BTreeMap::new();
        let e = commit_message("{{ .Updated }}", "ns", "a", &files, &none).unwrap_err();
        assert!(
            matches!(&e, MessageError::RemovedField(m) if m.starts_with("template uses removed '.Updated' field. Please use '.Changed' instead.")),
            "{e}"
        );
        let e = commit_message("{{ .Changed.ImageResult.Files }}", "ns", "a", &files, &none)
            .unwrap_err();
        assert!(
            matches!(&e, MessageError::RemovedField(m) if m.starts_with("template uses removed '.Changed.ImageResult' field.")),
            "{e}"
        );
        let e = commit_message("{{ .Nope }}", "ns", "a", &files, &none).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to run template from spec: template: commit message:1:3: executing \"commit message\" at <.Nope>: can't evaluate field Nope in type source.TemplateData"
        );
        let e = commit_message("{{ now }}", "ns", "a", &files, &none).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unable to create commit message template from spec: template: commit message:1: function \"now\" not defined"
        );
        let m = commit_message("{{ \"x\" | upper | repeat 2 }}", "ns", "a", &files, &none).unwrap();
        assert_eq!(m, "XX");
    }
}
