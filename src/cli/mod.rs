//! The command line: global flags and one module per command.
//!
//! Owns argument parsing (clap derive) and dispatch. Each command turns its flags into an
//! options struct and makes one library call; nothing else in the crate imports this module.

pub mod artifact;
pub mod bootstrap;
pub mod build;
pub mod build_helmrelease;
pub mod check;
pub mod completion;
pub mod create;
pub mod create_helmrelease;
pub mod create_image;
pub mod create_kustomization;
pub mod create_sources;
pub mod create_tenant;
pub mod debug;
pub mod diff;
pub mod envsubst;
pub mod events;
pub mod examples;
pub mod gen;
pub mod install;
pub mod kinds;
pub mod kustomize;
pub mod logs;
pub mod migrate;
pub mod notification;
pub mod plugin;
pub mod plugin_catalog;
pub mod serve;
pub mod stats;
pub mod trace;
pub mod tree;
pub mod uninstall;
pub mod usage;
pub mod verbs;
pub mod version;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::api::Duration;
use crate::cluster::client::ClientOptions;
use crate::output::Logger;

/// Command line utility for assembling Kubernetes CD pipelines the GitOps way.
#[derive(Debug, Parser)]
#[command(name = "flux", version = env!("CARGO_PKG_VERSION"))]
// `--version` is cobra's (`flux version X`), handled in `usage::parse`.
#[command(disable_version_flag = true)]
#[command(about = "Command line utility for assembling Kubernetes CD pipelines the GitOps way.")]
pub struct Cli {
    /// Flags every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by every command (Flux's persistent flags), listed apart in help as Flux's
/// "Global Flags".
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Global Flags")]
pub struct Global {
    /// The namespace scope for this operation.
    #[arg(short = 'n', long, global = true, env = "FLUX_SYSTEM_NAMESPACE", default_value = "flux-system", value_parser = parse_namespace)]
    pub namespace: String,
    /// Path to the kubeconfig file to use for CLI requests.
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// The name of the kubeconfig context to use.
    #[arg(long, global = true)]
    pub context: Option<String>,
    /// Timeout for this operation (Go duration: 90s, 1m30s, 1h).
    #[arg(long, global = true, default_value = "5m0s")]
    pub timeout: Duration,
    /// Print the generated objects.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// The maximum queries-per-second of requests sent to the Kubernetes API.
    #[arg(long, global = true, default_value_t = 50.0)]
    pub kube_api_qps: f32,
    /// The maximum burst queries-per-second of requests sent to the Kubernetes API.
    #[arg(long, global = true, default_value_t = 300)]
    pub kube_api_burst: u32,
    /// The address and port of the Kubernetes API server.
    #[arg(long, global = true)]
    pub server: Option<String>,
    /// Bearer token for authentication to the API server (`--token`; taken from the command
    /// line by `usage::parse` unless the command has a `--token` of its own, as cobra's
    /// local flags shadow persistent ones).
    #[arg(skip)]
    pub token: Option<String>,
    /// Username to impersonate for the operation.
    #[arg(long = "as", global = true)]
    pub as_user: Option<String>,
    /// Group to impersonate for the operation (repeatable).
    #[arg(long = "as-group", global = true)]
    pub as_group: Vec<String>,
    /// UID to impersonate for the operation.
    #[arg(long = "as-uid", global = true)]
    pub as_uid: Option<String>,
    /// User extras to impersonate for the operation (`key=value`, repeatable).
    #[arg(long = "as-user-extra", global = true)]
    pub as_user_extra: Vec<String>,
    /// Path to a cert file for the certificate authority.
    #[arg(long, global = true)]
    pub certificate_authority: Option<PathBuf>,
    /// Path to a client certificate file for TLS.
    #[arg(long, global = true)]
    pub client_certificate: Option<PathBuf>,
    /// Path to a client key file for TLS.
    #[arg(long, global = true)]
    pub client_key: Option<PathBuf>,
    /// If true, the server's certificate will not be checked for validity.
    #[arg(long, global = true)]
    pub insecure_skip_tls_verify: bool,
    /// Server name to use for server certificate validation.
    #[arg(long, global = true)]
    pub tls_server_name: Option<String>,
    /// The name of the kubeconfig cluster to use (`--cluster`; shadowed like `--token`).
    #[arg(skip)]
    pub cluster: Option<String>,
    /// The name of the kubeconfig user to use.
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is
    /// written there.
    #[arg(long, global = true, default_value = "~/.kube/cache")]
    pub cache_dir: String,
    /// If true, opt-out of response compression for all requests to the server.
    #[arg(long, global = true)]
    pub disable_compression: bool,
    /// Use the namespace of the current kubeconfig context unless `--namespace` (or
    /// FLUX_SYSTEM_NAMESPACE) is given.
    #[arg(long, global = true, env = "FLUX_NS_FOLLOWS_KUBE_CONTEXT")]
    pub ns_follows_kube_context: bool,
}

/// Asks a yes/no question and fails with "aborting" on no. On a terminal this is dialoguer's
/// prompt; otherwise the answer is read as one line from stdin (`y`/`yes`, `n`/`no`, empty for
/// the default), so scripts can answer it. `skip` names the flag that skips the question.
pub fn confirm(prompt: &str, default: bool, skip: &str) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    let yes = if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(|e| anyhow::anyhow!("confirmation prompt: {e} (use {skip} to skip it)"))?
    } else {
        let hint = if default { "[Y/n]" } else { "[y/N]" };
        eprint!("{prompt} {hint} ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        let n = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| anyhow::anyhow!("confirmation prompt: {e} (use {skip} to skip it)"))?;
        if n == 0 {
            anyhow::bail!("confirmation prompt: no answer on stdin (use {skip} to skip it)");
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "" => default,
            "y" | "yes" => true,
            _ => false,
        }
    };
    if !yes {
        anyhow::bail!("aborting");
    }
    Ok(())
}

fn parse_namespace(s: &str) -> Result<String, String> {
    if crate::api::meta::is_dns1123_label(s) {
        Ok(s.to_string())
    } else {
        Err(format!("namespace must be a valid DNS label: {s:?}"))
    }
}

impl Global {
    /// Client settings from the flags.
    pub fn client_options(&self) -> ClientOptions {
        ClientOptions {
            kubeconfig: self.kubeconfig.clone(),
            context: self.context.clone(),
            timeout: Some(self.timeout.std()),
            qps: self.kube_api_qps,
            burst: self.kube_api_burst,
            overrides: crate::cluster::client::Overrides {
                cluster: self.cluster.clone(),
                user: self.user.clone(),
                server: self.server.clone(),
                token: self.token.clone(),
                impersonate: self.as_user.clone(),
                impersonate_groups: self.as_group.clone(),
                impersonate_uid: self.as_uid.clone(),
                impersonate_extra: self.as_user_extra.clone(),
                certificate_authority: self.certificate_authority.clone(),
                client_certificate: self.client_certificate.clone(),
                client_key: self.client_key.clone(),
                insecure_skip_tls_verify: self.insecure_skip_tls_verify,
                tls_server_name: self.tls_server_name.clone(),
                disable_compression: self.disable_compression,
            },
        }
    }

    /// A Kubernetes client built from the flags.
    pub async fn client(&self) -> anyhow::Result<kube::Client> {
        Ok(crate::cluster::client::client(&self.client_options()).await?)
    }

    /// Runs `fut` within `--timeout`, failing with a message that names the timeout.
    pub async fn within_timeout<T>(
        &self,
        what: &str,
        fut: impl std::future::Future<Output = anyhow::Result<T>>,
    ) -> anyhow::Result<T> {
        match tokio::time::timeout(self.timeout.std(), fut).await {
            Ok(r) => r,
            Err(_) => anyhow::bail!("{what}: timed out after {}", self.timeout),
        }
    }

    /// The logger for human output.
    pub fn logger(&self) -> Logger {
        Logger::default()
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Deploy Flux on a cluster the GitOps way.
    #[command(subcommand)]
    Bootstrap(BootstrapCmd),
    /// Build a flux resource from local files.
    #[command(subcommand)]
    Build(BuildCmd),
    /// Check requirements and installation.
    Check(check::CheckArgs),
    /// Generates completion scripts for various shells.
    Completion(completion::CompletionArgs),
    /// Create or update sources and resources.
    #[command(subcommand)]
    Create(CreateCmd),
    /// Diff a flux resource.
    #[command(subcommand)]
    Diff(DiffCmd),
    /// envsubst substitutes the values of environment variables.
    Envsubst(envsubst::EnvsubstArgs),
    /// Display Kubernetes events for Flux resources.
    Events(events::EventsArgs),
    /// Display formatted logs for Flux components.
    Logs(logs::LogsArgs),
    /// Delete sources and resources.
    #[command(subcommand)]
    Delete(VerbTarget<verbs::DeleteArgs>),
    /// Export resources in YAML format.
    #[command(subcommand)]
    Export(ExportTarget),
    /// Get the resources and their status.
    #[command(subcommand)]
    Get(GetCmd),
    /// Reconcile sources and resources.
    #[command(subcommand)]
    Reconcile(ReconcileTarget),
    /// Resume suspended resources.
    #[command(subcommand)]
    Resume(VerbTarget<verbs::ToggleArgs>),
    /// Suspend resources.
    #[command(subcommand)]
    Suspend(VerbTarget<verbs::ToggleArgs>),
    /// Build kustomize overlays (kustomize build, without a separate binary).
    #[command(subcommand)]
    Kustomize(KustomizeCmd),
    /// Install or upgrade Flux.
    Install(install::InstallArgs),
    /// Trace in-cluster objects throughout the GitOps delivery pipeline.
    Trace(trace::TraceArgs),
    /// Debug a flux resource.
    #[command(subcommand)]
    Debug(DebugCmd),
    /// Manage Flux CLI plugins.
    #[command(subcommand)]
    Plugin(PluginCmd),
    /// Print the resources reconciled by Flux.
    #[command(subcommand)]
    Tree(TreeCmd),
    /// Uninstall Flux and its custom resource definitions.
    Uninstall(uninstall::UninstallArgs),
    /// Run Flux controllers in this process.
    Serve(Box<serve::ServeArgs>),
    /// Migrate Flux objects to the latest API versions, or a Flux v1 setup to Flux v2 (`migrate v1`).
    Migrate(Box<migrate::MigrateArgs>),
    /// Print the reconcilers' statistics.
    Stats(stats::StatsArgs),
    /// Trigger webhook receivers.
    #[command(subcommand)]
    Trigger(TriggerCmd),
    /// Print the client and server-side components version information.
    Version(version::VersionArgs),
    /// Push artifacts.
    #[command(subcommand)]
    Push(PushCmd),
    /// Pull artifacts.
    #[command(subcommand)]
    Pull(PullCmd),
    /// Tag artifacts.
    #[command(subcommand)]
    Tag(TagCmd),
    /// List artifacts.
    #[command(subcommand)]
    List(ListCmd),
    /// Generate the files this repository keeps in sync with the binary.
    #[command(hide = true)]
    Gen(gen::GenArgs),
}

/// `flux create ...`.
/// `flux build …`.
#[derive(Debug, Subcommand)]
pub enum BuildCmd {
    /// Build artifact: a gzip tarball of a directory or file, as `push artifact` uploads it.
    Artifact(artifact::BuildArtifactArgs),
    /// Build Kustomization
    #[command(alias = "ks")]
    Kustomization(build::BuildKustomizationArgs),
    /// Build HelmRelease: render a HelmRelease's chart offline, as `helm template` prints it
    #[command(alias = "hr")]
    Helmrelease(build_helmrelease::BuildHelmReleaseArgs),
}

/// `flux push …`.
#[derive(Debug, Subcommand)]
pub enum PushCmd {
    /// Push artifact: a tarball of a directory or file uploaded to an OCI repository.
    Artifact(Box<artifact::PushArtifactArgs>),
}

/// `flux pull …`.
#[derive(Debug, Subcommand)]
pub enum PullCmd {
    /// Pull artifact: download an OCI artifact and extract its content.
    Artifact(artifact::PullArtifactArgs),
}

/// `flux tag …`.
#[derive(Debug, Subcommand)]
pub enum TagCmd {
    /// Tag artifact: give an artifact more tags in its repository.
    Artifact(artifact::TagArtifactArgs),
}

/// `flux list …`.
#[derive(Debug, Subcommand)]
pub enum ListCmd {
    /// List artifacts: the tags of an OCI repository with their digests and metadata.
    Artifacts(artifact::ListArtifactsArgs),
}

/// The exit of a `flux diff` command: 0 without changes, 1 with changes, 2 on error (so
/// scripts can tell "changes" from "failed").
fn diff_exit(result: anyhow::Result<bool>) -> anyhow::Result<()> {
    match result {
        Ok(false) => Ok(()),
        Ok(true) => {
            eprintln!("✗ identified at least one change, exiting with non-zero exit code");
            std::process::exit(1)
        }
        Err(e) => {
            eprintln!("✗ {}", error_line(&e));
            std::process::exit(2)
        }
    }
}

/// `flux diff …`.
#[derive(Debug, Subcommand)]
pub enum DiffCmd {
    /// Diff Artifact: compare a local directory or file with an OCI artifact.
    Artifact(artifact::DiffArtifactArgs),
    /// Diff Kustomization
    #[command(alias = "ks")]
    Kustomization(diff::DiffKustomizationArgs),
    /// Diff HelmRelease: what the next upgrade would change in the cluster
    #[command(alias = "hr")]
    Helmrelease(diff::DiffHelmReleaseArgs),
}

/// `flux reconcile source …|kustomization …`.
#[derive(Debug, Subcommand)]
pub enum ReconcileTarget {
    /// Reconcile sources.
    #[command(subcommand)]
    Source(SourceKind<verbs::ReconcileArgs>),
    /// Reconcile a Kustomization resource.
    #[command(alias = "ks")]
    Kustomization(ReconcileKsArgs),
    /// Reconcile a HelmRelease resource.
    #[command(alias = "hr")]
    Helmrelease(ReconcileHrArgs),
    /// Reconcile a Receiver.
    Receiver(verbs::ReconcileArgs),
    /// Reconcile image automation objects.
    #[command(subcommand)]
    Image(ImageKind<verbs::ReconcileArgs>),
}

/// Flags of `flux reconcile kustomization`.
#[derive(Debug, clap::Args)]
pub struct ReconcileKsArgs {
    #[command(flatten)]
    pub base: verbs::ReconcileArgs,
    /// Reconcile the Kustomization's source first.
    #[arg(long)]
    pub with_source: bool,
}

/// Flags of `flux reconcile helmrelease`.
#[derive(Debug, clap::Args)]
pub struct ReconcileHrArgs {
    #[command(flatten)]
    pub base: verbs::ReconcileArgs,
    /// Reconcile HelmRelease source.
    #[arg(long)]
    pub with_source: bool,
    /// Force a one-off install or upgrade of the HelmRelease resource.
    #[arg(long)]
    pub force: bool,
    /// Reset the failure count for this HelmRelease resource.
    #[arg(long)]
    pub reset: bool,
}

/// `flux bootstrap …`.
#[derive(Debug, Subcommand)]
pub enum BootstrapCmd {
    /// Deploy Flux on a cluster connected to a Git repository (any Git server).
    Git(Box<bootstrap::BootstrapGitArgs>),
    /// Deploy Flux on a cluster connected to a GitHub repository.
    Github(Box<bootstrap::BootstrapGitHubArgs>),
    /// Deploy Flux on a cluster connected to a GitLab repository.
    Gitlab(Box<bootstrap::BootstrapGitLabArgs>),
    /// Deploy Flux on a cluster connected to a Gitea repository.
    Gitea(Box<bootstrap::BootstrapGitHubArgs>),
    /// Deploy Flux on a cluster connected to a Bitbucket Server repository.
    BitbucketServer(Box<bootstrap::BootstrapBitbucketServerArgs>),
}

/// `flux trigger …`.
#[derive(Debug, Subcommand)]
pub enum TriggerCmd {
    /// Trigger a Receiver by posting to its webhook URL (the path is computed from the token).
    Receiver(notification::TriggerReceiverArgs),
}

/// `flux tree …`.
#[derive(Debug, Subcommand)]
pub enum TreeCmd {
    /// Print the resources reconciled by a Kustomization
    #[command(alias = "ks")]
    Kustomization(tree::TreeKustomizationArgs),
    /// Print the resources of artifact objects.
    #[command(subcommand)]
    Artifact(TreeArtifactCmd),
}

/// `flux kustomize …`.
#[derive(Debug, Subcommand)]
pub enum KustomizeCmd {
    /// Build a kustomization target from a directory; prints what `kustomize build` prints.
    Build(kustomize::KustomizeBuildArgs),
}

#[derive(Debug, Subcommand)]
pub enum CreateCmd {
    /// Create or update sources.
    #[command(subcommand)]
    Source(Box<CreateSourceCmd>),
    /// Create or update Kubernetes secrets.
    #[command(subcommand)]
    Secret(Box<CreateSecretCmd>),
    /// Create or update a Kustomization resource.
    #[command(alias = "ks")]
    Kustomization(Box<create_kustomization::CreateKustomizationArgs>),
    /// Create or update a HelmRelease resource.
    #[command(alias = "hr")]
    Helmrelease(Box<create_helmrelease::CreateHelmReleaseArgs>),
    /// Create or update an Alert resource.
    Alert(notification::CreateAlertArgs),
    /// Create or update a Provider resource.
    #[command(name = "alert-provider")]
    AlertProvider(notification::CreateProviderArgs),
    /// Create or update a Receiver resource.
    Receiver(notification::CreateReceiverArgs),
    /// Create or update a tenant: namespaces, service accounts and role bindings that limit
    /// the reconcilers to the tenant's namespaces.
    Tenant(create_tenant::CreateTenantArgs),
    /// Create or update image automation objects.
    #[command(subcommand)]
    Image(Box<CreateImageCmd>),
}

/// `flux create image ...`.
#[derive(Debug, Subcommand)]
pub enum CreateImageCmd {
    /// Create or update an ImageRepository object.
    Repository(create_image::CreateImageRepositoryArgs),
    /// Create or update an ImagePolicy object.
    Policy(create_image::CreateImagePolicyArgs),
    /// Create or update an ImageUpdateAutomation object.
    Update(create_image::CreateImageUpdateArgs),
}

/// `flux create source ...`.
#[derive(Debug, Subcommand)]
pub enum CreateSourceCmd {
    /// Create or update a GitRepository source.
    Git(Box<create::CreateSourceGitArgs>),
    /// Create or update a HelmRepository source.
    Helm(Box<create_sources::CreateSourceHelmArgs>),
    /// Create or update an OCIRepository.
    Oci(Box<create_sources::CreateSourceOciArgs>),
    /// Create or update a Bucket source.
    Bucket(Box<create_sources::CreateSourceBucketArgs>),
    /// Create or update a HelmChart source.
    Chart(Box<create_sources::CreateSourceChartArgs>),
}

/// `flux create secret ...`.
#[derive(Debug, Subcommand)]
pub enum CreateSecretCmd {
    /// Create or update a Kubernetes secret for Git authentication.
    Git(create::SecretGitArgs),
    /// Create or update a Kubernetes secret with TLS certificates.
    Tls(create::SecretTlsArgs),
    /// Create or update a Kubernetes secret for Helm repository authentication.
    Helm(create_sources::SecretHelmArgs),
    /// Create or update a Kubernetes image pull secret.
    Oci(create_sources::SecretOciArgs),
    /// Create or update a Kubernetes secret for proxy authentication.
    Proxy(create_sources::SecretProxyArgs),
    /// Create or update a Kubernetes secret for GitHub App authentication.
    Githubapp(create_sources::SecretGitHubAppArgs),
    /// Create or update a Kubernetes secret for verifications of artifacts signed by Notation.
    Notation(create_sources::SecretNotationArgs),
    /// Create or update a Kubernetes secret holding a webhook Receiver's token.
    Receiver(notification::SecretReceiverArgs),
}

/// `<verb> source ...|kustomization ...` for verbs over a single kind.
#[derive(Debug, Subcommand)]
pub enum VerbTarget<A: clap::Args, S: Subcommand = SourceKind<A>> {
    /// Sources.
    #[command(subcommand)]
    Source(S),
    /// Kustomizations.
    #[command(alias = "ks")]
    Kustomization(A),
    /// HelmReleases.
    #[command(alias = "hr")]
    Helmrelease(A),
    /// Alerts.
    Alert(A),
    /// Alert Providers.
    #[command(name = "alert-provider")]
    AlertProvider(A),
    /// Receivers.
    Receiver(A),
    /// Image automation objects.
    #[command(subcommand)]
    Image(ImageKind<A>),
}

/// The image automation kinds a verb can address.
#[derive(Debug, Subcommand)]
pub enum ImageKind<A: clap::Args> {
    /// ImageRepositories.
    Repository(A),
    /// ImagePolicies.
    Policy(A),
    /// ImageUpdateAutomations.
    Update(A),
}

impl<A: clap::Args> ImageKind<A> {
    /// The kind adapter and the verb's arguments.
    pub fn split(self) -> (&'static kinds::Kind, A) {
        match self {
            ImageKind::Repository(a) => (&kinds::IMAGE_REPOSITORY, a),
            ImageKind::Policy(a) => (&kinds::IMAGE_POLICY, a),
            ImageKind::Update(a) => (&kinds::IMAGE_UPDATE, a),
        }
    }
}

/// `flux export …`: the generic targets and `artifact generator`.
#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    #[command(flatten)]
    Verb(VerbTarget<verbs::ExportArgs, ExportSourceKind>),
    /// Artifact generators.
    #[command(subcommand)]
    Artifact(ExportArtifactCmd),
}

/// `flux export artifact …`.
#[derive(Debug, Subcommand)]
pub enum ExportArtifactCmd {
    /// Export ArtifactGenerator resources in YAML format.
    Generator(verbs::ExportArgs),
}

/// `flux get artifact …`.
#[derive(Debug, Subcommand)]
pub enum GetArtifactCmd {
    /// Get artifact generator statuses.
    #[command(alias = "generator")]
    Generators(verbs::GetArgs),
}

/// `flux tree artifact …`.
#[derive(Debug, Subcommand)]
pub enum TreeArtifactCmd {
    /// Print the inventory of an ArtifactGenerator.
    Generator(tree::TreeGeneratorArgs),
}

/// The source kinds a verb can address.
#[derive(Debug, Subcommand)]
pub enum SourceKind<A: clap::Args> {
    /// GitRepository sources.
    Git(A),
    /// HelmRepository sources.
    Helm(A),
    /// HelmChart sources.
    Chart(A),
    /// OCIRepository sources.
    Oci(A),
    /// Bucket sources.
    Bucket(A),
}

impl<A: clap::Args> SourceKind<A> {
    /// The kind adapter and the verb's arguments.
    pub fn split(self) -> (&'static kinds::Kind, A) {
        match self {
            SourceKind::Git(a) => (&kinds::GIT_REPOSITORY, a),
            SourceKind::Helm(a) => (&kinds::HELM_REPOSITORY, a),
            SourceKind::Chart(a) => (&kinds::HELM_CHART, a),
            SourceKind::Oci(a) => (&kinds::OCI_REPOSITORY, a),
            SourceKind::Bucket(a) => (&kinds::BUCKET, a),
        }
    }
}

/// The source kinds `export` addresses: the reconciled ones and ExternalArtifact.
#[derive(Debug, Subcommand)]
pub enum ExportSourceKind {
    #[command(flatten)]
    Kind(SourceKind<verbs::ExportArgs>),
    /// ExternalArtifact sources.
    External(verbs::ExportArgs),
}

impl ExportSourceKind {
    /// The kind adapter and the verb's arguments.
    pub fn split(self) -> (&'static kinds::Kind, verbs::ExportArgs) {
        match self {
            ExportSourceKind::Kind(k) => k.split(),
            ExportSourceKind::External(a) => (&kinds::EXTERNAL_ARTIFACT, a),
        }
    }
}

/// `flux plugin ...`.
#[derive(Debug, Subcommand)]
pub enum PluginCmd {
    /// Install a plugin from the catalog.
    Install(plugin::InstallArgs),
    /// List installed plugins.
    #[command(alias = "ls")]
    List,
    /// Search the plugin catalog.
    Search(plugin::SearchArgs),
    /// Update installed plugins.
    #[command(alias = "upgrade")]
    Update(plugin::UpdateArgs),
    /// Uninstall a plugin.
    #[command(alias = "delete")]
    Uninstall(plugin::UninstallArgs),
}

/// The names of the built-in commands (plugins cannot take them).
pub fn builtin_names() -> Vec<String> {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// `flux debug ...`.
#[derive(Debug, Subcommand)]
pub enum DebugCmd {
    /// Debug a Flux Kustomization resource (prints Secret values of postBuild.substituteFrom
    /// with --show-vars).
    #[command(alias = "ks")]
    Kustomization(debug::DebugKsArgs),
    /// Debug a Flux HelmRelease resource (prints Secret values of valuesFrom with
    /// --show-values).
    #[command(alias = "hr")]
    Helmrelease(debug::DebugHrArgs),
}

/// `flux get ...`.
#[derive(Debug, Subcommand)]
pub enum GetCmd {
    /// Get source statuses.
    #[command(subcommand, alias = "source")]
    Sources(GetSources),
    /// Get Kustomization statuses.
    #[command(alias = "ks", alias = "kustomization")]
    Kustomizations(verbs::GetKsArgs),
    /// Get HelmRelease statuses.
    #[command(alias = "hr", alias = "helmrelease")]
    Helmreleases(verbs::GetKsArgs),
    /// Get image automation object status.
    #[command(subcommand, alias = "image")]
    Images(GetImages),
    /// Get Alert statuses.
    #[command(alias = "alert")]
    Alerts(verbs::GetArgs),
    /// Get Provider statuses.
    #[command(name = "alert-providers", alias = "alert-provider")]
    AlertProviders(verbs::GetArgs),
    /// Get Receiver statuses.
    #[command(alias = "receiver")]
    Receivers(verbs::GetArgs),
    /// Get all resources and statuses.
    All(verbs::GetArgs),
    /// Get artifact object statuses.
    #[command(subcommand)]
    Artifact(GetArtifactCmd),
}

/// `flux get images ...`.
#[derive(Debug, Subcommand)]
pub enum GetImages {
    /// Get all image statuses.
    All(verbs::GetArgs),
    /// Get ImageRepository status.
    Repository(verbs::GetArgs),
    /// Get ImagePolicy status.
    Policy(verbs::GetArgs),
    /// Get ImageUpdateAutomation status.
    Update(verbs::GetArgs),
}

/// `flux get sources ...`.
#[derive(Debug, Subcommand)]
pub enum GetSources {
    #[command(flatten)]
    Kind(SourceKind<verbs::GetArgs>),
    /// Get ExternalArtifact source statuses.
    External(verbs::GetArgs),
    /// Get all source statuses.
    All(verbs::GetArgs),
}

/// Runs the parsed command line.
/// Runs the commands that read only files (no cluster, no async runtime); `None` for the rest.
pub fn run_sync(cli: &Cli) -> Option<anyhow::Result<()>> {
    match &cli.command {
        Command::Kustomize(KustomizeCmd::Build(a)) => Some(kustomize::run(a)),
        Command::Envsubst(a) => Some(envsubst::run(a)),
        Command::Build(BuildCmd::Artifact(a)) => Some(artifact::build(a, &cli.global)),
        Command::Build(BuildCmd::Helmrelease(a)) => Some(build_helmrelease::run(a)),
        _ => None,
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let g = &cli.global;
    match cli.command {
        Command::Check(a) => check::run(a, g).await,
        Command::Completion(a) => completion::run(a),
        Command::Create(CreateCmd::Source(source)) => match *source {
            CreateSourceCmd::Git(a) => create::source_git(*a, g).await,
            CreateSourceCmd::Helm(a) => create_sources::source_helm(*a, g).await,
            CreateSourceCmd::Oci(a) => create_sources::source_oci(*a, g).await,
            CreateSourceCmd::Bucket(a) => create_sources::source_bucket(*a, g).await,
            CreateSourceCmd::Chart(a) => create_sources::source_chart(*a, g).await,
        },
        Command::Create(CreateCmd::Kustomization(a)) => create_kustomization::run(*a, g).await,
        Command::Create(CreateCmd::Helmrelease(a)) => create_helmrelease::run(*a, g).await,
        Command::Create(CreateCmd::Secret(secret)) => match *secret {
            CreateSecretCmd::Git(a) => create::secret_git(a, g).await,
            CreateSecretCmd::Tls(a) => create::secret_tls(a, g).await,
            CreateSecretCmd::Helm(a) => create_sources::secret_helm(a, g).await,
            CreateSecretCmd::Oci(a) => create_sources::secret_oci(a, g).await,
            CreateSecretCmd::Proxy(a) => create_sources::secret_proxy(a, g).await,
            CreateSecretCmd::Githubapp(a) => create_sources::secret_githubapp(a, g).await,
            CreateSecretCmd::Notation(a) => create_sources::secret_notation(a, g).await,
            CreateSecretCmd::Receiver(a) => notification::create_secret_receiver(a, g).await,
        },
        Command::Create(CreateCmd::Alert(a)) => notification::create_alert(a, g).await,
        Command::Create(CreateCmd::AlertProvider(a)) => notification::create_provider(a, g).await,
        Command::Create(CreateCmd::Receiver(a)) => notification::create_receiver(a, g).await,
        Command::Create(CreateCmd::Tenant(a)) => create_tenant::run(a, g).await,
        Command::Create(CreateCmd::Image(c)) => match *c {
            CreateImageCmd::Repository(a) => create_image::repository(a, g).await,
            CreateImageCmd::Policy(a) => create_image::policy(a, g).await,
            CreateImageCmd::Update(a) => create_image::update(a, g).await,
        },
        Command::Trigger(TriggerCmd::Receiver(a)) => notification::trigger_receiver(a, g).await,
        Command::Stats(a) => stats::run(a, g).await,
        Command::Push(PushCmd::Artifact(a)) => artifact::push(*a, g).await,
        Command::Pull(PullCmd::Artifact(a)) => artifact::pull(a, g).await,
        Command::Tag(TagCmd::Artifact(a)) => artifact::tag(a, g).await,
        Command::List(ListCmd::Artifacts(a)) => artifact::list(a, g).await,
        Command::Diff(DiffCmd::Artifact(a)) => artifact::diff(a, g).await,
        Command::Bootstrap(BootstrapCmd::Git(a)) => bootstrap::git(*a, g).await,
        Command::Bootstrap(BootstrapCmd::Github(a)) => bootstrap::github(*a, g).await,
        Command::Bootstrap(BootstrapCmd::Gitlab(a)) => bootstrap::gitlab(*a, g).await,
        Command::Bootstrap(BootstrapCmd::Gitea(a)) => bootstrap::gitea(*a, g).await,
        Command::Bootstrap(BootstrapCmd::BitbucketServer(a)) => {
            bootstrap::bitbucket_server(*a, g).await
        }
        Command::Migrate(a) => migrate::run(*a, g).await,
        Command::Get(GetCmd::Alerts(a)) => verbs::get(&kinds::ALERT, &a, g).await,
        Command::Get(GetCmd::AlertProviders(a)) => verbs::get(&kinds::ALERT_PROVIDER, &a, g).await,
        Command::Get(GetCmd::Receivers(a)) => verbs::get(&kinds::RECEIVER, &a, g).await,
        Command::Get(GetCmd::All(a)) => verbs::get_all(&verbs::all_kinds(), &a, g).await,
        Command::Reconcile(ReconcileTarget::Receiver(a)) => {
            verbs::reconcile(&kinds::RECEIVER, &a, g).await
        }
        Command::Delete(VerbTarget::Alert(a)) => verbs::delete(&kinds::ALERT, &a, g).await,
        Command::Delete(VerbTarget::AlertProvider(a)) => {
            verbs::delete(&kinds::ALERT_PROVIDER, &a, g).await
        }
        Command::Delete(VerbTarget::Receiver(a)) => verbs::delete(&kinds::RECEIVER, &a, g).await,
        Command::Export(ExportTarget::Verb(VerbTarget::Alert(a))) => {
            verbs::export(&kinds::ALERT, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::AlertProvider(a))) => {
            verbs::export(&kinds::ALERT_PROVIDER, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::Receiver(a))) => {
            verbs::export(&kinds::RECEIVER, &a, g).await
        }
        Command::Suspend(VerbTarget::Alert(a)) => verbs::suspend(&kinds::ALERT, &a, g).await,
        Command::Suspend(VerbTarget::AlertProvider(a)) => {
            verbs::suspend(&kinds::ALERT_PROVIDER, &a, g).await
        }
        Command::Suspend(VerbTarget::Receiver(a)) => verbs::suspend(&kinds::RECEIVER, &a, g).await,
        Command::Resume(VerbTarget::Alert(a)) => verbs::resume(&kinds::ALERT, &a, g).await,
        Command::Resume(VerbTarget::AlertProvider(a)) => {
            verbs::resume(&kinds::ALERT_PROVIDER, &a, g).await
        }
        Command::Resume(VerbTarget::Receiver(a)) => verbs::resume(&kinds::RECEIVER, &a, g).await,
        Command::Delete(VerbTarget::Image(k)) => {
            let (kind, a) = k.split();
            verbs::delete(kind, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::Image(k))) => {
            let (kind, a) = k.split();
            verbs::export(kind, &a, g).await
        }
        Command::Suspend(VerbTarget::Image(k)) => {
            let (kind, a) = k.split();
            verbs::suspend(kind, &a, g).await
        }
        Command::Resume(VerbTarget::Image(k)) => {
            let (kind, a) = k.split();
            verbs::resume(kind, &a, g).await
        }
        Command::Reconcile(ReconcileTarget::Image(k)) => {
            let (kind, a) = k.split();
            verbs::reconcile(kind, &a, g).await
        }
        Command::Delete(VerbTarget::Source(k)) => {
            let (kind, a) = k.split();
            verbs::delete(kind, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::Source(k))) => {
            let (kind, a) = k.split();
            verbs::export(kind, &a, g).await
        }
        Command::Get(GetCmd::Sources(GetSources::Kind(k))) => {
            let (kind, a) = k.split();
            verbs::get(kind, &a, g).await
        }
        Command::Get(GetCmd::Sources(GetSources::External(a))) => {
            verbs::get(&kinds::EXTERNAL_ARTIFACT, &a, g).await
        }
        Command::Get(GetCmd::Helmreleases(a)) => {
            let mut base = a.base;
            base.show_source = a.show_source;
            verbs::get(&kinds::HELM_RELEASE, &base, g).await
        }
        Command::Get(GetCmd::Images(GetImages::All(a))) => {
            verbs::get_all(&kinds::IMAGES, &a, g).await
        }
        Command::Get(GetCmd::Images(GetImages::Repository(a))) => {
            verbs::get(&kinds::IMAGE_REPOSITORY, &a, g).await
        }
        Command::Get(GetCmd::Images(GetImages::Policy(a))) => {
            verbs::get(&kinds::IMAGE_POLICY, &a, g).await
        }
        Command::Get(GetCmd::Images(GetImages::Update(a))) => {
            verbs::get(&kinds::IMAGE_UPDATE, &a, g).await
        }
        Command::Get(GetCmd::Kustomizations(a)) => {
            let mut base = a.base;
            base.show_source = a.show_source;
            verbs::get(&kinds::KUSTOMIZATION, &base, g).await
        }
        Command::Delete(VerbTarget::Kustomization(a)) => {
            verbs::delete(&kinds::KUSTOMIZATION, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::Kustomization(a))) => {
            verbs::export(&kinds::KUSTOMIZATION, &a, g).await
        }
        Command::Reconcile(ReconcileTarget::Kustomization(a)) => {
            if a.with_source {
                verbs::reconcile_source_of(&kinds::KUSTOMIZATION, &a.base.name, g).await?;
            }
            verbs::reconcile(&kinds::KUSTOMIZATION, &a.base, g).await
        }
        Command::Reconcile(ReconcileTarget::Helmrelease(a)) => {
            if a.with_source {
                verbs::reconcile_chart_source_of(&a.base.name, g).await?;
            }
            let mut also = vec![];
            if a.force {
                also.push(crate::api::meta::annotation::RECONCILE_FORCE_AT);
            }
            if a.reset {
                also.push(crate::api::meta::annotation::RECONCILE_RESET_AT);
            }
            verbs::reconcile_with(&kinds::HELM_RELEASE, &a.base, g, &also).await
        }
        Command::Delete(VerbTarget::Helmrelease(a)) => {
            verbs::delete(&kinds::HELM_RELEASE, &a, g).await
        }
        Command::Export(ExportTarget::Verb(VerbTarget::Helmrelease(a))) => {
            verbs::export(&kinds::HELM_RELEASE, &a, g).await
        }
        Command::Resume(VerbTarget::Helmrelease(a)) => {
            verbs::resume(&kinds::HELM_RELEASE, &a, g).await
        }
        Command::Suspend(VerbTarget::Helmrelease(a)) => {
            verbs::suspend(&kinds::HELM_RELEASE, &a, g).await
        }
        Command::Resume(VerbTarget::Kustomization(a)) => {
            verbs::resume(&kinds::KUSTOMIZATION, &a, g).await
        }
        Command::Suspend(VerbTarget::Kustomization(a)) => {
            verbs::suspend(&kinds::KUSTOMIZATION, &a, g).await
        }
        Command::Get(GetCmd::Sources(GetSources::All(a))) => {
            verbs::get_all(&kinds::SOURCES, &a, g).await
        }
        Command::Reconcile(ReconcileTarget::Source(k)) => {
            let (kind, a) = k.split();
            verbs::reconcile(kind, &a, g).await
        }
        Command::Resume(VerbTarget::Source(k)) => {
            let (kind, a) = k.split();
            verbs::resume(kind, &a, g).await
        }
        Command::Suspend(VerbTarget::Source(k)) => {
            let (kind, a) = k.split();
            verbs::suspend(kind, &a, g).await
        }
        Command::Install(a) => install::run(a, g).await,
        Command::Uninstall(a) => uninstall::run(a, g).await,
        Command::Serve(a) => serve::run(*a, g).await,
        Command::Version(a) => version::run(a, g).await,
        Command::Gen(a) => gen::run(a),
        Command::Events(a) => events::run(a, g).await,
        Command::Logs(a) => logs::run(a, g).await,
        Command::Tree(TreeCmd::Kustomization(a)) => tree::run(a, g).await,
        Command::Tree(TreeCmd::Artifact(TreeArtifactCmd::Generator(a))) => {
            tree::generator(a, g).await
        }
        Command::Get(GetCmd::Artifact(GetArtifactCmd::Generators(a))) => {
            verbs::get(&kinds::ARTIFACT_GENERATOR, &a, g).await
        }
        Command::Export(ExportTarget::Artifact(ExportArtifactCmd::Generator(a))) => {
            verbs::export(&kinds::ARTIFACT_GENERATOR, &a, g).await
        }
        Command::Build(BuildCmd::Kustomization(a)) => build::run(a, g).await,
        Command::Build(BuildCmd::Artifact(a)) => artifact::build(&a, g),
        Command::Build(BuildCmd::Helmrelease(a)) => build_helmrelease::run(&a),
        Command::Trace(a) => trace::run(a, g).await,
        Command::Plugin(PluginCmd::List) => plugin::list(&builtin_names()),
        Command::Plugin(PluginCmd::Install(a)) => plugin::install(&a, &g.logger()).await,
        Command::Plugin(PluginCmd::Search(a)) => plugin::search(&a).await,
        Command::Plugin(PluginCmd::Update(a)) => {
            plugin::update(&a, &builtin_names(), &g.logger()).await
        }
        Command::Plugin(PluginCmd::Uninstall(a)) => plugin::uninstall(&a, &g.logger()),
        Command::Debug(DebugCmd::Kustomization(a)) => debug::kustomization(a, g).await,
        Command::Debug(DebugCmd::Helmrelease(a)) => debug::helmrelease(a, g).await,
        Command::Diff(DiffCmd::Helmrelease(a)) => diff_exit(diff::helmrelease(a, g).await),
        Command::Diff(DiffCmd::Kustomization(a)) => diff_exit(diff::run(a, g).await),
        Command::Kustomize(KustomizeCmd::Build(a)) => kustomize::run(&a),
        Command::Envsubst(a) => envsubst::run(&a),
    }
}

/// The one line a failed command prints after `✗`: the error and its causes joined with
/// `: ` (as Go's wrapped errors read), a cause that its wrapper already printed left out,
/// Kubernetes client errors as [`crate::cluster::error_text`] words them, never on more than
/// one line.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = vec![];
    for cause in e.chain() {
        let (text, last) = match cause.downcast_ref::<kube::Error>() {
            Some(k) => (crate::cluster::error_text(k), true),
            None => (crate::cluster::strip_debug(&cause.to_string()), false),
        };
        let text = text.trim().to_string();
        let repeated = parts.last().is_some_and(|p| p.contains(&text));
        if !repeated && !text.is_empty() {
            parts.push(text);
        }
        if last {
            break;
        }
    }
    parts.join(": ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn error_lines_drop_kube_debug_text_and_repeated_causes() {
        let status = kube::core::Status {
            message: String::from("kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found"),
            reason: String::from("NotFound"),
            code: 404,
            ..Default::default()
        };
        let api = kube::Error::Api(Box::new(status));
        let wrapped = anyhow::Error::from(api).context("getting Kustomization flux-system/nope");
        assert_eq!(
            error_line(&wrapped),
            "getting Kustomization flux-system/nope: kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found"
        );
        // A message that embedded the client error with `{}`.
        let status = kube::core::Status {
            message: String::from("404 page not found"),
            reason: String::from("NotFound"),
            code: 404,
            ..Default::default()
        };
        let text = format!(
            "listing Kustomization: {}",
            kube::Error::Api(Box::new(status))
        );
        assert!(text.contains("Status {"), "{text}");
        assert_eq!(
            error_line(&anyhow::anyhow!(text)),
            "listing Kustomization: 404 page not found"
        );
        // A wrapper that printed its cause is not followed by it again.
        let inner = std::io::Error::other("file not found");
        let outer = anyhow::Error::from(inner).context("kubeconfig /x: file not found");
        assert_eq!(error_line(&outer), "kubeconfig /x: file not found");
    }

    #[test]
    fn command_line_definition_has_no_conflicts() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_defaults_match_flux() {
        let cli = Cli::try_parse_from(["flux", "version", "--client"]).unwrap();
        assert_eq!(cli.global.namespace, "flux-system");
        assert_eq!(cli.global.timeout.to_string(), "5m0s");
        assert_eq!(cli.global.kube_api_qps, 50.0);
        assert_eq!(cli.global.kube_api_burst, 300);
    }

    #[test]
    fn timeout_accepts_go_durations() {
        let cli = Cli::try_parse_from(["flux", "--timeout", "1m30s", "version"]).unwrap();
        assert_eq!(cli.global.timeout.std(), std::time::Duration::from_secs(90));
    }
}
