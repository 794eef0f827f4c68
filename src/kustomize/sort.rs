//! Output order: kustomize's legacy ordering (kinds listed first and last, then group,
//! version, kind, namespace and name), customisable with `sortOptions`, or input order (`fifo`).

use std::collections::HashMap;

use super::kustfile;
use super::resource::{Gvk, Resource};

const ORDER_FIRST: [&str; 22] = [
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

const ORDER_LAST: [&str; 2] = [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn legacy_gvk_string(g: &Gvk) -> String {
    use super::resource::or_placeholder as or;
    format!(
        "{}_{}_{}",
        or(&g.group, "~G"),
        or(&g.version, "~V"),
        or(&g.kind, "~K")
    )
}

pub(crate) fn sort(
    res: &mut [Resource],
    opts: Option<&kustfile::SortOptions>,
) -> std::result::Result<(), String> {
    let (first, last): (Vec<String>, Vec<String>) = match opts {
        Some(o) if o.order == "fifo" => {
            if o.legacy_sort_options.is_some() {
                return Err(String::from("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'"));
            }
            return Ok(());
        }
        Some(o) if o.order == "legacy" => match &o.legacy_sort_options {
            Some(l) => (l.order_first.clone(), l.order_last.clone()),
            None => (
                ORDER_FIRST.map(String::from).to_vec(),
                ORDER_LAST.map(String::from).to_vec(),
            ),
        },
        Some(o) => {
            return Err(format!(
                "the field 'sortOptions.order' must be one of [fifo, legacy], not {:?}",
                o.order
            ))
        }
        None => (
            ORDER_FIRST.map(String::from).to_vec(),
            ORDER_LAST.map(String::from).to_vec(),
        ),
    };
    let mut rank: HashMap<String, i64> = HashMap::new();
    for (i, k) in first.iter().enumerate() {
        rank.insert(k.clone(), i as i64 - first.len() as i64);
    }
    for (i, k) in last.iter().enumerate() {
        rank.insert(k.clone(), 1 + i as i64);
    }
    let key = |r: &Resource| {
        let id = r.cur_id();
        let ns = super::resource::or_placeholder(&id.namespace, "~X").to_string();
        let nm = super::resource::or_placeholder(&id.name, "~N").to_string();
        (
            id.gvk.clone(),
            format!("{}|{}|{}", id.gvk.sort_string(), ns, nm),
        )
    };
    res.sort_by(|a, b| {
        let (ga, sa) = key(a);
        let (gb, sb) = key(b);
        if ga != gb {
            let ia = rank.get(&ga.kind).copied().unwrap_or(0);
            let ib = rank.get(&gb.kind).copied().unwrap_or(0);
            if ia != ib {
                return ia.cmp(&ib);
            }
            let (la, lb) = (legacy_gvk_string(&ga), legacy_gvk_string(&gb));
            if ga.kind == "Namespace"
                && gb.kind == "Namespace"
                && (ga.group.is_empty() || gb.group.is_empty())
            {
                return lb.cmp(&la);
            }
            return la.cmp(&lb);
        }
        sa.cmp(&sb)
    });
    Ok(())
}
