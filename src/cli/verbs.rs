//! The generic verbs, written once over [`Kind`]: `get`, `reconcile`, `suspend`, `resume`,
//! `delete`, `export`. Objects are read and written as dynamic objects.

use std::time::Duration;

use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams};
use serde_json::{json, Value};

use super::kinds::{self, Kind};
use super::Global;

/// Flags shared by `get` commands.
#[derive(Debug, Clone, clap::Args)]
pub struct GetArgs {
    /// Name of one object to show.
    pub name: Option<String>,
    /// List the requested object(s) across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Skip the header when printing the results.
    #[arg(long)]
    pub no_header: bool,
    /// Specify the status condition name and the desired state to filter the get result, e.g. ready=false.
    #[arg(long)]
    pub status_selector: Option<String>,
    /// Filter objects by label selector.
    #[arg(short = 'l', long)]
    pub label_selector: Option<String>,
    /// After listing/getting the requested object, watch for changes.
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Add a SOURCE column (`flux get kustomizations --show-source`).
    #[arg(skip)]
    pub show_source: bool,
}

/// Flags of `flux get kustomizations`.
#[derive(Debug, Clone, clap::Args)]
pub struct GetKsArgs {
    #[command(flatten)]
    pub base: GetArgs,
    /// Show the source reference of each object.
    #[arg(long)]
    pub show_source: bool,
}

/// The SOURCE column: `Kind/name`, or `Kind/namespace/name` for another namespace.
fn source_column(obj: &Value) -> String {
    let r = &obj["spec"]["sourceRef"];
    let kind = r["kind"].as_str().unwrap_or_default();
    let name = r["name"].as_str().unwrap_or_default();
    match r["namespace"].as_str() {
        Some(ns) if Some(ns) != obj["metadata"]["namespace"].as_str() => {
            format!("{kind}/{ns}/{name}")
        }
        _ => format!("{kind}/{name}"),
    }
}

/// A HelmRelease's SOURCE column: `Kind/namespace/name` of its `chartRef`, else of its chart
/// template's `sourceRef` (the namespace defaults to the release's).
fn helm_release_source(obj: &Value) -> String {
    let spec = &obj["spec"];
    let r = if spec["chartRef"].is_object() {
        &spec["chartRef"]
    } else {
        &spec["chart"]["spec"]["sourceRef"]
    };
    let ns = r["namespace"]
        .as_str()
        .or_else(|| obj["metadata"]["namespace"].as_str())
        .unwrap_or_default();
    format!(
        "{}/{ns}/{}",
        r["kind"].as_str().unwrap_or_default(),
        r["name"].as_str().unwrap_or_default()
    )
}

fn table_rows(kind: &Kind, objs: &[Value], with_ns: bool, show_source: bool) -> Vec<Vec<String>> {
    objs.iter()
        .map(|o| {
            let mut r = kinds::row(kind, o, with_ns);
            if show_source {
                let source = if kind.kind == "HelmRelease" {
                    helm_release_source(o)
                } else {
                    source_column(o)
                };
                r.insert(usize::from(with_ns) + 1, source);
            }
            r
        })
        .collect()
}

fn table_headers(kind: &Kind, with_ns: bool, show_source: bool) -> Vec<&'static str> {
    let mut h = kinds::headers(kind, with_ns);
    if show_source {
        h.insert(usize::from(with_ns) + 1, "SOURCE");
    }
    h
}

/// Flags of `suspend`/`resume`.
#[derive(Debug, Clone, clap::Args)]
pub struct ToggleArgs {
    /// Names of the objects.
    pub names: Vec<String>,
    /// Act on all objects of the kind in the namespace.
    #[arg(long)]
    pub all: bool,
    /// Wait for the resumed object(s) to reconcile (resume only; default when one name is given).
    #[arg(long)]
    pub wait: Option<bool>,
}

/// Flags of `reconcile`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReconcileArgs {
    /// Name of the object.
    pub name: String,
}

/// Flags of `delete`.
#[derive(Debug, Clone, clap::Args)]
pub struct DeleteArgs {
    /// Name of the object.
    pub name: String,
    /// Delete the object without asking for confirmation.
    #[arg(short = 's', long)]
    pub silent: bool,
}

/// Flags of `export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Name of the object.
    pub name: Option<String>,
    /// Select all objects of the kind in the namespace.
    #[arg(long)]
    pub all: bool,
    /// Include the credential Secrets the objects reference.
    #[arg(long)]
    pub with_credentials: bool,
}

async fn api(g: &Global, kind: &Kind, all_namespaces: bool) -> anyhow::Result<Api<DynamicObject>> {
    let client = g.client().await?;
    let ar = kind.api_resource();
    Ok(if all_namespaces {
        Api::all_with(client, &ar)
    } else {
        Api::namespaced_with(client, &g.namespace, &ar)
    })
}

fn to_value(o: &DynamicObject) -> Value {
    serde_json::to_value(o).unwrap_or(Value::Null)
}

/// An API error in one line; a kind the API server does not serve (its CRD is missing) is
/// named with the fix rather than as the server's 404.
/// The end of the message for a kind whose CRD the cluster does not have.
pub(crate) const NOT_INSTALLED: &str = " is not installed in the cluster: run flux install";

/// What `get all` and `stats` say when none of Flux's CRDs is installed.
pub(crate) const NO_FLUX_CRDS: &str =
    "Flux is not installed in the cluster (none of its CRDs was found): run flux install";

/// An API error about one object of `kind`, worded as every verb words it.
pub(crate) fn api_error(kind: &Kind, name: &str, e: kube::Error) -> anyhow::Error {
    api_err(kind.kind, format!("{} {name}", kind.kind), e)
}

fn api_err(kind: &str, what: String, e: kube::Error) -> anyhow::Error {
    if let kube::Error::Api(status) = &e {
        // A missing group answers `404 page not found`; a missing resource of a served group,
        // `the server could not find the requested resource`. A missing object names itself.
        let no_type = status
            .message
            .contains("could not find the requested resource")
            || status.message.contains("404 page not found");
        if status.code == 404 && no_type {
            return anyhow::anyhow!("{kind}{NOT_INSTALLED}");
        }
    }
    anyhow::anyhow!("{what}: {}", crate::cluster::api_message(&e))
}

/// `--status-selector type=status` or `type!=status`, parsed as Flux parses it.
fn parse_status_selector(selector: &str) -> anyhow::Result<(String, String, bool)> {
    let (sep, negated) = if selector.contains("!=") {
        ("!=", true)
    } else {
        ("=", false)
    };
    match selector.split_once(sep) {
        Some((ty, status)) => Ok((ty.to_string(), status.to_string(), negated)),
        None => anyhow::bail!(
            "expected status selector in type=status or type!=status format, but found: {selector}"
        ),
    }
}

/// Flux's `statusMatches`: the last condition of that type (case-insensitive) has that
/// status; an object without the condition does not match (and does match a negation).
fn status_matches(obj: &Value, (ty, want, negated): &(String, String, bool)) -> bool {
    let found = obj["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .rfind(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case(ty))
        })
        .is_some_and(|c| {
            c["status"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(want))
        });
    found != *negated
}

/// The kinds `flux get all` lists, in Flux's order: the sources, the image kinds, then the
/// appliers and the notification kinds.
pub fn all_kinds() -> Vec<&'static Kind> {
    let mut all = kinds::SOURCES.to_vec();
    all.extend(kinds::IMAGES);
    all.extend([
        &kinds::HELM_RELEASE,
        &kinds::KUSTOMIZATION,
        &kinds::RECEIVER,
        &kinds::ALERT_PROVIDER,
        &kinds::ALERT,
    ]);
    all
}

/// `flux get all` and `flux get sources all`: one table per kind that has objects, rows
/// named `<kind>/<name>`.
pub async fn get_all(kinds: &[&Kind], args: &GetArgs, g: &Global) -> anyhow::Result<()> {
    let mut tables = vec![];
    let mut missing = 0;
    for kind in kinds {
        let kind = kind.with_kind_prefix();
        let api = api(g, &kind, args.all_namespaces).await?;
        let objs = match list_objects(&api, &kind, args).await {
            Ok((o, _)) => o,
            // A kind whose CRD is not installed has no objects (Flux skips no-match errors).
            Err(e)
                if e.to_string().ends_with(NOT_INSTALLED)
                    || e.to_string().contains("404")
                    || e.to_string().contains("not found") =>
            {
                missing += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        if objs.is_empty() {
            continue;
        }
        let rows = table_rows(&kind, &objs, args.all_namespaces, false);
        tables.push(kinds::table(
            &table_headers(&kind, args.all_namespaces, false),
            &rows,
            args.no_header,
        ));
    }
    if missing == kinds.len() {
        anyhow::bail!("{NO_FLUX_CRDS}");
    }
    if tables.is_empty() {
        g.logger().failure("no Flux objects found");
        return Ok(());
    }
    Ok(crate::output::print_stdout(&tables.join("\n"))?)
}

/// The objects `get` shows: by name or listed with the label selector, filtered by the status
/// selector, sorted by namespace and name.
/// The objects `get` shows: listed (by name with a field selector, as Flux lists them), then
/// filtered by `--status-selector`; with how many the API returned before that filter.
async fn list_objects(
    api: &Api<DynamicObject>,
    kind: &Kind,
    args: &GetArgs,
) -> anyhow::Result<(Vec<Value>, usize)> {
    let mut lp = ListParams::default();
    if let Some(l) = &args.label_selector {
        lp = lp.labels(l);
    }
    if let Some(n) = &args.name {
        lp = lp.fields(&format!("metadata.name={n}"));
    }
    let mut objs: Vec<Value> = api
        .list(&lp)
        .await
        .map_err(|e| api_err(kind.kind, format!("listing {}", kind.kind), e))?
        .items
        .iter()
        .map(to_value)
        .collect();
    let listed = objs.len();
    // Checked only when there is something to filter, as Flux does.
    if let Some(sel) = args.status_selector.as_ref().filter(|_| !objs.is_empty()) {
        let sel = parse_status_selector(sel)?;
        objs.retain(|o| status_matches(o, &sel));
    }
    objs.sort_by(|a, b| {
        (
            a["metadata"]["namespace"].as_str(),
            a["metadata"]["name"].as_str(),
        )
            .cmp(&(
                b["metadata"]["namespace"].as_str(),
                b["metadata"]["name"].as_str(),
            ))
    });
    Ok((objs, listed))
}

/// `flux get <kind>`.
pub async fn get(kind: &Kind, args: &GetArgs, g: &Global) -> anyhow::Result<()> {
    let api = api(g, kind, args.all_namespaces).await?;
    let (objs, listed) = list_objects(&api, kind, args).await?;
    if listed == 0 && !args.watch {
        // Flux's words and exit status: an error, the namespace quoted as Go's %q does.
        let scope = if args.all_namespaces {
            "any".to_string()
        } else {
            serde_json::to_string(&g.namespace).unwrap_or_default()
        };
        match &args.name {
            Some(name) => anyhow::bail!(
                "{} object '{name}' not found in {scope} namespace",
                kind.kind
            ),
            None => anyhow::bail!("no {} objects found in {scope} namespace", kind.kind),
        }
    }
    let with_ns = args.all_namespaces;
    let rows = table_rows(kind, &objs, with_ns, args.show_source);
    crate::output::print_stdout(&kinds::table(
        &table_headers(kind, with_ns, args.show_source),
        &rows,
        args.no_header,
    ))?;
    if args.watch {
        use futures::StreamExt;
        let stream = kube::runtime::watcher(api, kube::runtime::watcher::Config::default());
        let mut stream = std::pin::pin!(stream);
        while let Some(ev) = stream.next().await {
            if let Ok(kube::runtime::watcher::Event::Apply(o)) = ev {
                let v = to_value(&o);
                crate::output::print_stdout(&kinds::table(
                    &table_headers(kind, with_ns, args.show_source),
                    &table_rows(kind, &[v], with_ns, args.show_source),
                    true,
                ))?;
            }
        }
    }
    Ok(())
}

/// Patches `reconcile.fluxcd.io/requestedAt` with a fresh token; returns the token.
async fn request_reconcile(
    api: &Api<DynamicObject>,
    kind: &Kind,
    name: &str,
) -> anyhow::Result<String> {
    crate::cluster::request_reconcile(api, name)
        .await
        .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))
}

/// Waits until the object handled `token` and is Ready (error when it turns not ready).
async fn wait_handled(
    api: &Api<DynamicObject>,
    kind: &Kind,
    name: &str,
    token: Option<&str>,
    g: &Global,
) -> anyhow::Result<Value> {
    let _spinner = crate::output::Spinner::start(format!("waiting for {} {name}", kind.kind));
    let deadline = std::time::Instant::now() + g.timeout.std();
    loop {
        let obj = to_value(
            &api.get(name)
                .await
                .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?,
        );
        let handled =
            token.is_none_or(|t| obj["status"]["lastHandledReconcileAt"].as_str() == Some(t));
        let generation = obj["metadata"]["generation"].as_i64();
        let observed = obj["status"]["observedGeneration"].as_i64();
        // A Stalled object will not get better by waiting.
        if let Some(stalled) = condition(&obj, "Stalled").filter(|c| c["status"] == "True") {
            anyhow::bail!(
                "{} reconciliation failed: stalled: {}",
                kind.kind,
                stalled["message"].as_str().unwrap_or_default()
            );
        }
        if handled && observed == generation {
            let (ready, msg) = kinds::ready(&obj);
            match ready.as_str() {
                "True" => return Ok(obj),
                "False" if !reconciling(&obj) || token.is_some() => {
                    anyhow::bail!("{} reconciliation failed: {msg}", kind.kind)
                }
                _ => {}
            }
        }
        if std::time::Instant::now() > deadline {
            // Say what the object reported last, so the user knows where it is stuck.
            let last = match condition(&obj, "Ready") {
                Some(c) => format!(
                    " (last Ready condition: {} {}: {})",
                    c["status"].as_str().unwrap_or("Unknown"),
                    c["reason"].as_str().unwrap_or_default(),
                    c["message"].as_str().unwrap_or_default()
                ),
                None => String::from(" (no Ready condition reported yet)"),
            };
            anyhow::bail!(
                "timeout waiting for {} {name} to reconcile{last}",
                kind.kind
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

fn condition<'a>(obj: &'a Value, type_: &str) -> Option<&'a Value> {
    obj["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == type_)
}

fn reconciling(obj: &Value) -> bool {
    condition(obj, "Reconciling").is_some_and(|c| c["status"] == "True")
}

/// What Flux prints after a successful reconcile or resume: the revision a source fetched or
/// an applier applied.
fn success_message(kind: &Kind, obj: &Value) -> Option<String> {
    let status = &obj["status"];
    match kind.kind {
        "ImageRepository" => {
            let count = status["lastScanResult"]["tagCount"].as_i64().unwrap_or(0);
            return Some(format!("scan fetched {count} tags"));
        }
        "ImagePolicy" => {
            let r = &status["latestRef"];
            let mut text = format!(
                "{}:{}",
                r["name"].as_str().unwrap_or_default(),
                r["tag"].as_str().unwrap_or_default()
            );
            if let Some(d) = r["digest"].as_str().filter(|d| !d.is_empty()) {
                text.push_str(&format!("@{d}"));
            }
            return Some(format!("selected ref {text}"));
        }
        "ImageUpdateAutomation" => {
            return Some(
                match condition(obj, "Ready").and_then(|c| c["message"].as_str()) {
                    Some(m) => m.to_string(),
                    None => match status["lastAutomationRunTime"].as_str() {
                        Some(t) => format!("last run {t}"),
                        None => String::from("automation not yet run"),
                    },
                },
            );
        }
        _ => {}
    }
    let rev = kind.revision(obj)?;
    Some(if obj["status"]["artifact"].is_object() {
        format!("fetched revision {rev}")
    } else {
        format!("applied revision {rev}")
    })
}

/// `flux reconcile <kind> NAME`.
pub async fn reconcile(kind: &Kind, args: &ReconcileArgs, g: &Global) -> anyhow::Result<()> {
    reconcile_with(kind, args, g, &[]).await
}

/// [`reconcile`] with more annotations carrying the request's token (`forceAt`, `resetAt`:
/// Flux handles them when they equal `requestedAt`).
pub async fn reconcile_with(
    kind: &Kind,
    args: &ReconcileArgs,
    g: &Global,
    also: &[&str],
) -> anyhow::Result<()> {
    let log = g.logger();
    let api = api(g, kind, false).await?;
    let name = &args.name;
    let obj = to_value(
        &api.get(name)
            .await
            .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?,
    );
    if kind.static_message(&obj).is_some() {
        log.success("reconciliation not supported by the object");
        return Ok(());
    }
    if obj["spec"]["suspend"].as_bool() == Some(true) {
        anyhow::bail!("resource is suspended");
    }
    log.action(format!(
        "annotating {} {name} in {} namespace",
        kind.kind, g.namespace
    ));
    let token = if also.is_empty() {
        request_reconcile(&api, kind, name).await?
    } else {
        let token = k8s_openapi::jiff::Timestamp::now().to_string();
        let mut annotations = serde_json::Map::new();
        for key in
            std::iter::once(&crate::api::meta::annotation::RECONCILE_REQUESTED_AT).chain(also)
        {
            annotations.insert(key.to_string(), json!(token));
        }
        let patch = json!({ "metadata": { "annotations": annotations } });
        api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?;
        token
    };
    log.success(format!("{} annotated", kind.kind));
    log.waiting(format!("waiting for {} reconciliation", kind.kind));
    let obj = wait_handled(&api, kind, name, Some(&token), g).await?;
    log.success(format!("{} reconciliation completed", kind.kind));
    if let Some(m) = success_message(kind, &obj) {
        log.success(m);
    }
    Ok(())
}

/// `flux reconcile hr --with-source`: the HelmRelease's chart source first, as Flux picks it:
/// its `chartRef` (HelmChart or OCIRepository), else the HelmChart `<namespace>-<name>` its
/// chart template made (in the template source's namespace).
pub async fn reconcile_chart_source_of(name: &str, g: &Global) -> anyhow::Result<()> {
    let kind = &super::kinds::HELM_RELEASE;
    let api = api(g, kind, false).await?;
    let obj = to_value(
        &api.get(name)
            .await
            .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?,
    );
    let own = g.namespace.clone();
    let (source_kind, source_name, ns) = if obj["spec"]["chartRef"].is_object() {
        let r = &obj["spec"]["chartRef"];
        (
            r["kind"].as_str().unwrap_or_default().to_string(),
            r["name"].as_str().unwrap_or_default().to_string(),
            r["namespace"]
                .as_str()
                .map(str::to_string)
                .unwrap_or(own.clone()),
        )
    } else {
        let r = &obj["spec"]["chart"]["spec"]["sourceRef"];
        (
            "HelmChart".to_string(),
            format!("{own}-{name}"),
            r["namespace"]
                .as_str()
                .map(str::to_string)
                .unwrap_or(own.clone()),
        )
    };
    let Some(source) = Kind::source(&source_kind) else {
        anyhow::bail!("chart source kind '{source_kind}' cannot be reconciled");
    };
    let mut sg = g.clone();
    sg.namespace = ns;
    reconcile(source, &ReconcileArgs { name: source_name }, &sg).await
}

/// `--with-source`: reconciles the object's `spec.sourceRef` first (in its own namespace).
pub async fn reconcile_source_of(kind: &Kind, name: &str, g: &Global) -> anyhow::Result<()> {
    let api = api(g, kind, false).await?;
    let obj = to_value(
        &api.get(name)
            .await
            .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?,
    );
    let sref = &obj["spec"]["sourceRef"];
    let source_kind = sref["kind"].as_str().unwrap_or_default();
    // Any source kind: whichever controller reconciles it handles the request.
    let Some(source) = Kind::source(source_kind) else {
        anyhow::bail!("spec.sourceRef.kind '{source_kind}' is not a Flux source kind");
    };
    let mut sg = g.clone();
    if let Some(ns) = sref["namespace"].as_str() {
        sg.namespace = ns.to_string();
    }
    let args = ReconcileArgs {
        name: sref["name"].as_str().unwrap_or_default().to_string(),
    };
    reconcile(source, &args, &sg).await
}

async fn names(
    api: &Api<DynamicObject>,
    kind: &Kind,
    args: &ToggleArgs,
) -> anyhow::Result<Vec<String>> {
    if args.all {
        return Ok(api
            .list(&ListParams::default())
            .await
            .map_err(|e| api_err(kind.kind, format!("listing {}", kind.kind), e))?
            .items
            .into_iter()
            .filter_map(|o| o.metadata.name)
            .collect());
    }
    if args.names.is_empty() {
        anyhow::bail!("{} name is required (or --all)", kind.noun);
    }
    Ok(args.names.clone())
}

/// `flux suspend <kind> NAME...|--all`.
pub async fn suspend(kind: &Kind, args: &ToggleArgs, g: &Global) -> anyhow::Result<()> {
    toggle(kind, args, g, true).await
}

/// `flux resume <kind> NAME...|--all`.
pub async fn resume(kind: &Kind, args: &ToggleArgs, g: &Global) -> anyhow::Result<()> {
    toggle(kind, args, g, false).await
}

async fn toggle(kind: &Kind, args: &ToggleArgs, g: &Global, suspend: bool) -> anyhow::Result<()> {
    let log = g.logger();
    let api = api(g, kind, false).await?;
    let names = names(&api, kind, args).await?;
    let verb = if suspend {
        ("suspending", "suspended")
    } else {
        ("resuming", "resumed")
    };
    let mut tokens = vec![];
    for name in &names {
        log.action(format!(
            "{} {} {name} in {} namespace",
            verb.0, kind.noun, g.namespace
        ));
        let patch = json!({ "spec": { "suspend": suspend } });
        let patched = api
            .patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?;
        if !suspend && kind.static_message(&to_value(&patched)).is_none() {
            tokens.push((name.clone(), request_reconcile(&api, kind, name).await?));
        }
        log.success(format!("{} {}", kind.noun, verb.1));
    }
    // As Flux: wait when one name was given, or when --wait says so (also with --all).
    let wait = args.wait.unwrap_or(!args.all && args.names.len() == 1);
    if suspend || !wait {
        return Ok(());
    }
    // All objects are waited for together; results are printed by name, as Flux does.
    for _ in &tokens {
        log.waiting(format!("waiting for {} reconciliation", kind.kind));
    }
    let mut results = futures::future::join_all(tokens.iter().map(|(name, token)| async {
        (
            name.clone(),
            wait_handled(&api, kind, name, Some(token), g).await,
        )
    }))
    .await;
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed = 0;
    for (name, result) in results {
        match result {
            Ok(obj) => {
                log.success(format!("{} {name} reconciliation completed", kind.kind));
                if let Some(m) = success_message(kind, &obj) {
                    log.success(m);
                }
            }
            Err(e) => {
                failed += 1;
                let e = e.to_string();
                let prefix = format!("{} reconciliation failed: ", kind.kind);
                let why = e.strip_prefix(&prefix).unwrap_or(&e);
                log.failure(format!("{} {name} reconciliation failed: {why}", kind.kind));
            }
        }
    }
    if failed > 0 {
        anyhow::bail!("reconciliation failed for {failed} {}(s)", kind.kind);
    }
    Ok(())
}

/// `flux delete <kind> NAME`.
pub async fn delete(kind: &Kind, args: &DeleteArgs, g: &Global) -> anyhow::Result<()> {
    let log = g.logger();
    let api = api(g, kind, false).await?;
    let name = &args.name;
    api.get(name)
        .await
        .map_err(|e| api_err(kind.kind, format!("{} {name}", kind.kind), e))?;
    if !args.silent {
        super::confirm(
            &format!("Are you sure you want to delete this {}", kind.noun),
            false,
            "--silent",
        )?;
    }
    log.action(format!(
        "deleting {} {name} in {} namespace",
        kind.noun, g.namespace
    ));
    api.delete(name, &DeleteParams::default())
        .await
        .map_err(|e| api_err(kind.kind, format!("deleting {} {name}", kind.kind), e))?;
    log.success(format!("{} deleted", kind.noun));
    Ok(())
}

/// `flux export <kind> NAME|--all [--with-credentials]`.
pub async fn export(kind: &Kind, args: &ExportArgs, g: &Global) -> anyhow::Result<()> {
    let api = api(g, kind, false).await?;
    let objs: Vec<Value> = match (&args.name, args.all) {
        (Some(n), _) => {
            vec![to_value(&api.get(n).await.map_err(|e| {
                api_err(kind.kind, format!("{} {n}", kind.kind), e)
            })?)]
        }
        (None, true) => {
            let mut v: Vec<Value> = api
                .list(&ListParams::default())
                .await
                .map_err(|e| api_err(kind.kind, format!("listing {}", kind.kind), e))?
                .items
                .iter()
                .map(to_value)
                .collect();
            v.sort_by(|a, b| {
                a["metadata"]["name"]
                    .as_str()
                    .cmp(&b["metadata"]["name"].as_str())
            });
            v
        }
        (None, false) => anyhow::bail!("name is required (or --all)"),
    };
    let mut out = Vec::new();
    // Same client as the listing; Secrets are only read with --with-credentials.
    let secrets: Api<k8s_openapi::api::core::v1::Secret> =
        Api::namespaced(api.clone().into_client(), &g.namespace);
    for o in &objs {
        out.push(kinds::export_clean(o));
        if args.with_credentials {
            if let Some(secret_name) = o["spec"]["secretRef"]["name"].as_str() {
                let s = secrets
                    .get(secret_name)
                    .await
                    .map_err(|e| api_err("Secret", format!("Secret {secret_name}"), e))?;
                let mut v = serde_json::to_value(&s)?;
                v["apiVersion"] = json!("v1");
                v["kind"] = json!("Secret");
                let mut clean = kinds::export_clean(&v);
                if let Some(obj) = clean.as_object_mut() {
                    for k in ["data", "stringData", "type"] {
                        if let Some(x) = v.get(k) {
                            obj.insert(k.into(), x.clone());
                        }
                    }
                }
                out.push(kinds::sorted(clean));
            }
        }
    }
    crate::output::print_stdout(&kinds::export_yaml(&out)?)?;
    Ok(())
}
