//! Help that teaches: an `Examples:` section for every command and a real short description
//! for the subcommands the generic verbs share (`delete|suspend|resume|export|reconcile
//! kustomization` would otherwise all read "Kustomizations"). Applied to the command tree by
//! path before help is printed.

/// The source kinds as the verbs name them: (subcommand, kind, plural, example name).
const SOURCES: &[(&str, &str, &str, &str)] = &[
    ("git", "GitRepository", "GitRepositories", "podinfo"),
    ("helm", "HelmRepository", "HelmRepositories", "bitnami"),
    ("chart", "HelmChart", "HelmCharts", "podinfo"),
    ("oci", "OCIRepository", "OCIRepositories", "podinfo"),
    ("bucket", "Bucket", "Buckets", "manifests"),
];

/// The other kinds the generic verbs take: (subcommand, kind, plural, example name).
const OTHERS: &[(&str, &str, &str, &str)] = &[
    ("kustomization", "Kustomization", "Kustomizations", "apps"),
    ("helmrelease", "HelmRelease", "HelmReleases", "podinfo"),
    ("alert", "Alert", "Alerts", "on-call"),
    ("alert-provider", "Provider", "Providers", "slack"),
    ("receiver", "Receiver", "Receivers", "github-push"),
];

/// The image automation kinds: (subcommand, kind, plural, example name).
const IMAGES: &[(&str, &str, &str, &str)] = &[
    (
        "repository",
        "ImageRepository",
        "ImageRepositories",
        "podinfo",
    ),
    ("policy", "ImagePolicy", "ImagePolicies", "podinfo"),
    (
        "update",
        "ImageUpdateAutomation",
        "ImageUpdateAutomations",
        "flux-system",
    ),
];

/// Examples written for one command each.
const FIXED: &[(&str, &str)] = &[
    (
        "bootstrap git",
        "  # Bootstrap over HTTPS with a token the cluster keeps using to pull
  flux bootstrap git --url=https://git.example.com/fleet.git --token-auth \\
    --username=flux --password=\"$GIT_TOKEN\" --path=clusters/production

  # Bootstrap over SSH: the key pushes and becomes the cluster's deploy key
  flux bootstrap git --url=ssh://git@git.example.com/fleet.git \\
    --private-key-file=$HOME/.ssh/id_ed25519 --path=clusters/staging

  # Push with your ssh-agent; a new deploy key is printed for you to register
  flux bootstrap git --url=ssh://git@git.example.com/fleet.git --path=clusters/dev

  # Sign the commits with an SSH key
  flux bootstrap git --url=ssh://git@git.example.com/fleet.git \\
    --private-key-file=./id_ed25519 --ssh-signing-key-file=./signing_key",
    ),
    (
        "bootstrap github",
        "  # Bootstrap a personal repository (created when missing), token from GITHUB_TOKEN
  export GITHUB_TOKEN=<token>
  flux bootstrap github --owner=<user> --repository=fleet --personal --path=clusters/my-cluster

  # An organisation repository, giving two teams access
  flux bootstrap github --owner=<org> --repository=fleet --team=platform --team=sre:admin \\
    --path=clusters/production

  # Let the cluster pull with the token instead of a deploy key
  flux bootstrap github --owner=<user> --repository=fleet --personal --token-auth

  # A protected branch: propose the manifests in a pull request and wait for the merge
  flux bootstrap github --owner=<org> --repository=fleet --pull-request

  # GitHub Enterprise
  flux bootstrap github --hostname=github.example.com --owner=<org> --repository=fleet",
    ),
    (
        "bootstrap gitlab",
        "  # Bootstrap a project in your namespace, token from GITLAB_TOKEN
  export GITLAB_TOKEN=<token>
  flux bootstrap gitlab --owner=<user> --repository=fleet --personal --path=clusters/my-cluster

  # A project in a subgroup, read by the cluster with a project deploy token
  flux bootstrap gitlab --owner=<group>/<subgroup> --repository=fleet --deploy-token-auth

  # A self-hosted GitLab with its own CA
  flux bootstrap gitlab --hostname=gitlab.example.com --ca-file=./ca.crt \\
    --owner=<group> --repository=fleet",
    ),
    (
        "create image repository",
        "  # Scan the tags of ghcr.io/stefanprodan/podinfo every five minutes
  flux create image repository podinfo --image=ghcr.io/stefanprodan/podinfo --interval=5m

  # A private registry: credentials from a docker-registry Secret, its CA from another
  flux create image repository app --image=registry.example.com/team/app \\
    --secret-ref=regcred --cert-ref=registry-ca --scan-timeout=1m

  # Print the object instead of applying it
  flux create image repository podinfo --image=ghcr.io/stefanprodan/podinfo --export",
    ),
    (
        "create image policy",
        "  # The highest 6.x release of the podinfo ImageRepository
  flux create image policy podinfo --image-ref=podinfo --select-semver='6.x'

  # The newest build tag main-<sha>-<timestamp>, ordered by its timestamp
  flux create image policy app --image-ref=app \\
    --filter-regex='^main-[a-f0-9]+-(?P<ts>[0-9]+)' --filter-extract='$ts' --select-numeric=asc

  # Also record the digest the selected tag points to, checked every ten minutes
  flux create image policy podinfo --image-ref=podinfo --select-semver='>=6.0.0' \\
    --reflect-digest=Always --interval=10m",
    ),
    (
        "create image update",
        "  # Commit new image references to main of the flux-system GitRepository
  flux create image update flux-system --git-repo-ref=flux-system --checkout-branch=main \\
    --author-name=flux --author-email=flux@example.com --git-repo-path=./clusters/production

  # Push to a branch of its own, with a commit message template and SSH-signed commits
  flux create image update apps --git-repo-ref=fleet --checkout-branch=main \\
    --push-branch=image-updates --author-name=flux --author-email=flux@example.com \\
    --commit-template='Update images' --signing-key-secret=signing-key --signing-key-type=ssh",
    ),
    (
        "bootstrap bitbucket-server",
        "  # A repository in the Bitbucket Server project PLATFORM, token from BITBUCKET_TOKEN;
  # the cluster reads it over SSH with a new access key
  export BITBUCKET_TOKEN=<token>
  flux bootstrap bitbucket-server --hostname=bitbucket.example.com --owner=PLATFORM \\
    --username=<user> --repository=fleet --path=clusters/my-cluster

  # The cluster reads over HTTPS with the token instead, branch main, group ops may push
  flux bootstrap bitbucket-server --hostname=bitbucket.example.com --owner=PLATFORM \\
    --username=<user> --repository=fleet --branch=main --group=ops --token-auth \\
    --path=clusters/my-cluster

  # A public repository in your personal space
  flux bootstrap bitbucket-server --hostname=bitbucket.example.com --owner=<user> \\
    --personal --private=false --repository=fleet --token-auth --path=clusters/my-cluster",
    ),
    (
        "bootstrap gitea",
        "  # Bootstrap a repository on your Gitea, token from GITEA_TOKEN
  export GITEA_TOKEN=<token>
  flux bootstrap gitea --hostname=gitea.example.com --owner=<user> --repository=fleet \\
    --personal --path=clusters/my-cluster",
    ),
    (
        "build kustomization",
        "  # Build the Kustomization 'apps' from a local checkout of its source
  flux build kustomization apps --path ./clusters/production/apps

  # Without a cluster: the Kustomization is read from a file
  flux build kustomization apps --path ./apps --kustomization-file ./apps.yaml --dry-run

  # Build the Kustomizations it contains too, from their local checkouts
  flux build kustomization flux-system --path ./clusters/production --recursive \\
    --local-sources GitRepository/flux-system/flux-system=./",
    ),
    (
        "build helmrelease",
        "  # Render a HelmRelease's chart as the helm-controller would install it
  flux build helmrelease --file ./podinfo-release.yaml --chart ./charts/podinfo

  # Values of spec.valuesFrom given as files, plus overrides
  flux build helmrelease --file ./release.yaml --chart ./podinfo-6.5.0.tgz \\
    --values ./values-prod.yaml --set replicaCount=3

  # Only one template of the output
  flux build helmrelease --file ./release.yaml --chart ./charts/podinfo \\
    --show-only templates/deployment.yaml",
    ),
    (
        "build artifact",
        "  # Package a directory as push artifact would, to inspect the tarball
  flux build artifact --path ./deploy --output ./deploy.tgz",
    ),
    (
        "check",
        "  # Before installing: is the cluster recent enough?
  flux check --pre

  # After installing: controllers rolled out, CRDs in place
  flux check

  # Give slow rollouts more time, looking every 10 seconds
  flux check --timeout 10m --poll-interval 10s",
    ),
    (
        "completion",
        "  # Load completions in the current bash session
  source <(flux completion bash)

  # Install them for zsh
  flux completion zsh > \"${fpath[1]}/_flux\"",
    ),
    (
        "create source git",
        "  # Follow the main branch of a public repository
  flux create source git podinfo --url=https://github.com/stefanprodan/podinfo \\
    --branch=main --interval=1m

  # Follow a tag, or the highest tag within a semver range
  flux create source git podinfo --url=https://github.com/stefanprodan/podinfo --tag=6.5.0
  flux create source git podinfo --url=https://github.com/stefanprodan/podinfo \\
    --tag-semver=\">=6.0.0 <7.0.0\"

  # Pin a commit
  flux create source git podinfo --url=https://github.com/stefanprodan/podinfo \\
    --commit=<sha>

  # Over SSH with a new deploy key (printed for you to register)
  flux create source git fleet --url=ssh://git@github.com/<org>/fleet --branch=main

  # Over SSH with an existing key file
  flux create source git fleet --url=ssh://git@github.com/<org>/fleet --branch=main \\
    --private-key-file=./id_ed25519

  # Over HTTPS with basic authentication and a custom CA
  flux create source git fleet --url=https://git.example.com/fleet.git --branch=main \\
    --username=flux --password=\"$TOKEN\" --ca-file=./ca.crt

  # Print the objects instead of applying them
  flux create source git podinfo --url=https://github.com/stefanprodan/podinfo \\
    --branch=main --export > podinfo-source.yaml",
    ),
    (
        "create source helm",
        "  # A public Helm repository
  flux create source helm bitnami --url=https://charts.bitnami.com/bitnami --interval=10m

  # An OCI registry of charts
  flux create source helm podinfo --url=oci://ghcr.io/stefanprodan/charts

  # A private repository with basic authentication
  flux create source helm private --url=https://charts.example.com \\
    --username=user --password=\"$PASSWORD\"",
    ),
    (
        "create source oci",
        "  # Follow a tag of an OCI artifact
  flux create source oci manifests --url=oci://ghcr.io/<org>/manifests --tag=latest

  # The highest tag within a semver range
  flux create source oci manifests --url=oci://ghcr.io/<org>/manifests --tag-semver=\"1.x\"

  # Verify its cosign signature with a public key
  flux create source oci manifests --url=oci://ghcr.io/<org>/manifests --tag=latest \\
    --verify-provider=cosign --verify-secret-ref=cosign-pub",
    ),
    (
        "create source bucket",
        "  # Sync a bucket of an S3-compatible server
  flux create source bucket manifests --bucket-name=manifests \\
    --endpoint=minio.example.com --secret-ref=minio-credentials

  # An AWS bucket read with the controller's identity
  flux create source bucket manifests --provider=aws --bucket-name=manifests \\
    --endpoint=s3.amazonaws.com --region=eu-west-1",
    ),
    (
        "create source chart",
        "  # A chart from a HelmRepository
  flux create source chart podinfo --source=HelmRepository/podinfo --chart=podinfo \\
    --chart-version=\">=6.0.0\"

  # A chart from a directory of a GitRepository
  flux create source chart podinfo --source=GitRepository/podinfo --chart=./charts/podinfo",
    ),
    (
        "create secret git",
        "  # An SSH deploy key (generated) for a Git repository
  flux create secret git fleet-auth --url=ssh://git@github.com/<org>/fleet

  # Basic authentication over HTTPS
  flux create secret git fleet-auth --url=https://git.example.com/fleet.git \\
    --username=flux --password=\"$TOKEN\"

  # A bearer token, written to a file instead of the cluster
  flux create secret git fleet-auth --url=https://git.example.com/fleet.git \\
    --bearer-token=\"$TOKEN\" --export > fleet-auth.yaml",
    ),
    (
        "create secret tls",
        "  # A client certificate and a CA for mutual TLS
  flux create secret tls repo-tls --tls-crt-file=./client.crt --tls-key-file=./client.key \\
    --ca-crt-file=./ca.crt",
    ),
    (
        "create secret helm",
        "  # Credentials of a Helm repository
  flux create secret helm repo-auth --username=user --password=\"$PASSWORD\"",
    ),
    (
        "create secret oci",
        "  # Pull credentials of an OCI registry
  flux create secret oci ghcr-auth --url=ghcr.io --username=<user> --password=\"$TOKEN\"",
    ),
    (
        "create secret proxy",
        "  # Proxy address and credentials for sources
  flux create secret proxy corp-proxy --address=https://proxy.example.com:3128 \\
    --username=user --password=\"$PASSWORD\"",
    ),
    (
        "create secret githubapp",
        "  # A GitHub App for a GitRepository's provider: github
  flux create secret githubapp fleet-app --app-id=1 --app-installation-id=2 \\
    --app-private-key=./app.private-key.pem",
    ),
    (
        "create secret notation",
        "  # Trust policy and certificates for Notation signatures
  flux create secret notation notation-config --trust-policy-file=./trustpolicy.json \\
    --ca-cert-file=./ca.crt",
    ),
    (
        "create secret receiver",
        "  # A GitHub webhook token (random) for a Receiver
  flux create secret receiver github-token --type=github

  # A GCR Receiver's token and audience
  flux create secret receiver gcr-token --type=gcr --hostname=flux.example.com \\
    --email-claim=robot@example.iam.gserviceaccount.com",
    ),
    (
        "create kustomization",
        "  # Apply ./deploy of the GitRepository podinfo every 5 minutes, pruning removed objects
  flux create kustomization podinfo --source=GitRepository/podinfo --path=./deploy \\
    --prune=true --interval=5m

  # Wait for everything it applies to be healthy, after the infrastructure
  flux create kustomization apps --source=GitRepository/fleet --path=./apps \\
    --depends-on=infrastructure --wait --timeout=3m

  # Decrypt SOPS files with the age key in the Secret sops-age
  flux create kustomization secrets --source=GitRepository/fleet --path=./secrets \\
    --decryption-provider=sops --decryption-secret=sops-age

  # Apply to another namespace, as a tenant's service account
  flux create kustomization team-a --source=GitRepository/team-a --path=./ \\
    --target-namespace=team-a --service-account=team-a",
    ),
    (
        "create alert",
        "  # Send errors of every Kustomization and GitRepository to the Provider slack
  flux create alert on-call --provider-ref=slack --event-severity=error \\
    --event-source='Kustomization/*' --event-source='GitRepository/*'",
    ),
    (
        "create alert-provider",
        "  # A Slack provider with its webhook address in a Secret
  flux create alert-provider slack --type=slack --channel=alerts --secret-ref=slack-url

  # Commit statuses on GitHub
  flux create alert-provider github --type=github \\
    --address=https://github.com/<org>/fleet --secret-ref=github-token",
    ),
    (
        "create receiver",
        "  # Reconcile a GitRepository when GitHub posts a push event
  flux create receiver github-push --type=github --event=ping --event=push \\
    --secret-ref=github-token --resource=GitRepository/fleet",
    ),
    (
        "create tenant",
        "  # A tenant with its namespace, service account and role binding
  flux create tenant team-a --with-namespace=team-a

  # The same, printed for a Git repository
  flux create tenant team-a --with-namespace=team-a --export > team-a.yaml",
    ),
    (
        "diff kustomization",
        "  # What would change if the local checkout were applied
  flux diff kustomization apps --path ./clusters/production/apps

  # Also the Kustomizations it contains, exit status 1 when anything differs
  flux diff kustomization flux-system --path ./clusters/production --recursive \\
    --local-sources GitRepository/flux-system/flux-system=./",
    ),
    (
        "diff helmrelease",
        "  # What the next upgrade of a HelmRelease would change in the cluster
  flux diff helmrelease podinfo -n apps

  # The same with a chart from a local checkout
  flux diff hr podinfo -n apps --chart ./charts/podinfo",
    ),
    (
        "diff artifact",
        "  # Compare a directory with what is pushed
  flux diff artifact oci://ghcr.io/<org>/manifests:latest --path ./deploy",
    ),
    (
        "envsubst",
        "  # Substitute variables of the environment, failing on unset ones
  export CLUSTER=prod
  flux envsubst --strict < ./apps.yaml",
    ),
    (
        "events",
        "  # Events of the Flux objects of this namespace
  flux events

  # Only those of one object, and follow new ones
  flux events --for Kustomization/apps --watch

  # Warnings in every namespace
  flux events -A --types Warning",
    ),
    (
        "logs",
        "  # Print the reconciliation logs of all Flux custom resources in your cluster
  flux logs --all-namespaces

  # Print all logs of all Flux custom resources newer than 2 minutes
  flux logs --all-namespaces --since=2m

  # Stream logs for a particular log level
  flux logs --follow --level=error --all-namespaces

  # Filter logs by kind, name and namespace
  flux logs --kind=Kustomization --name=podinfo --namespace=default

  # Print logs when Flux is installed in a different namespace than flux-system
  flux logs --flux-namespace=my-namespace",
    ),
    (
        "get all",
        "  # Every Flux object of this namespace with its status
  flux get all

  # Those not ready, in every namespace
  flux get all -A --status-selector ready=false",
    ),
    (
        "get sources all",
        "  # Every source of this namespace with its status
  flux get sources all",
    ),
    (
        "export source external",
        "  # Save an ExternalArtifact as YAML
  flux export source external <name> > artifact.yaml",
    ),
    (
        "get sources external",
        "  # ExternalArtifacts and their revisions
  flux get sources external",
    ),
    (
        "get helmreleases",
        "  # HelmReleases and their status, with their chart source
  flux get helmreleases --show-source",
    ),
    (
        "get images all",
        "  # Image repositories, policies and automations
  flux get images all",
    ),
    (
        "get images repository",
        "  # The image repositories scanned and their last scan
  flux get images repository",
    ),
    (
        "get images policy",
        "  # The image policies and the image each one selects
  flux get images policy",
    ),
    (
        "get images update",
        "  # The image update automations and their last push
  flux get images update",
    ),
    (
        "get artifact generators",
        "  # ArtifactGenerators and their status
  flux get artifact generators",
    ),
    (
        "export artifact generator",
        "  # Save an ArtifactGenerator as YAML
  flux export artifact generator <name> > generator.yaml",
    ),
    (
        "tree artifact generator",
        "  # The ExternalArtifacts an ArtifactGenerator produced
  flux tree artifact generator <name>",
    ),
    (
        "reconcile kustomization",
        "  # Apply the last fetched revision now
  flux reconcile kustomization apps

  # Fetch the source first, then apply
  flux reconcile kustomization apps --with-source",
    ),
    (
        "reconcile helmrelease",
        "  # Upgrade the release now if the chart or values changed
  flux reconcile helmrelease podinfo

  # Fetch the chart first, then reconcile
  flux reconcile hr podinfo --with-source

  # Upgrade even if nothing changed, and forget past failures
  flux reconcile hr podinfo --force --reset",
    ),
    (
        "create helmrelease",
        "  # A release of the chart podinfo from the HelmRepository podinfo
  flux create hr podinfo --source=HelmRepository/podinfo --chart=podinfo \\
    --chart-version=\">4.0.0\" --interval=10m

  # With values from local files and from a Secret
  flux create hr podinfo --source=HelmRepository/podinfo --chart=podinfo \\
    --values=./values.yaml --values-from=Secret/podinfo-values

  # A chart from an OCIRepository, installed into another namespace
  flux create hr podinfo --chart-ref=OCIRepository/podinfo.flux-system \\
    --target-namespace=apps --create-target-namespace

  # Print it instead of applying it
  flux create hr podinfo --source=HelmRepository/podinfo --chart=podinfo --export",
    ),
    (
        "kustomize build",
        "  # kustomize build, without a kustomize binary
  flux kustomize build ./overlays/production",
    ),
    (
        "install",
        "  # Install the controllers in flux-system
  flux install

  # Only some components, printed instead of applied
  flux install --components=source-controller,kustomize-controller --export > flux.yaml

  # Images from a private registry
  flux install --registry=registry.example.com/flux --image-pull-secret=regcred \\
    --registry-creds=user:\"$PASSWORD\"",
    ),
    (
        "trace",
        "  # Which Kustomization applied this Deployment, from which source and revision
  flux trace deployment podinfo -n apps

  # Any kind, by apiVersion and kind
  flux trace podinfo --kind=HelmRelease --api-version=helm.toolkit.fluxcd.io/v2 -n apps",
    ),
    (
        "debug kustomization",
        "  # The status of a Kustomization
  flux debug kustomization apps --show-status

  # The variables its post-build substitutes (prints Secret values)
  flux debug kustomization apps --show-vars > vars.env

  # Its last reconciliations
  flux debug kustomization apps --show-history",
    ),
    (
        "debug helmrelease",
        "  # The status of a HelmRelease
  flux debug helmrelease podinfo --show-status

  # The values it installs with: valuesFrom in order, then spec.values (prints Secret values)
  flux debug helmrelease podinfo --show-values > values.yaml

  # Its last releases
  flux debug helmrelease podinfo --show-history",
    ),
    (
        "plugin list",
        "  # The plugins in ~/.fluxcd/plugins (or $FLUXCD_PLUGINS)
  flux plugin list",
    ),
    (
        "plugin install",
        "  # The newest version of the operator plugin for this machine
  flux plugin install operator

  # Exactly version 0.45.0
  flux plugin install operator@0.45.0

  # The build whose download has this SHA-256 (version found from the digest)
  flux plugin install operator@sha256:<64 hex digits>

  # Install from a catalog of your own
  FLUXCD_PLUGIN_CATALOG=https://plugins.example.com/ flux plugin install operator",
    ),
    (
        "plugin search",
        "  # Every plugin of the catalog, with the installed version
  flux plugin search

  # Plugins whose name or description mentions mcp
  flux plugin search mcp",
    ),
    (
        "plugin update",
        "  # Move the operator plugin to the newest version in the catalog
  flux plugin update operator

  # The same for every plugin installed from the catalog
  flux plugin update",
    ),
    (
        "plugin uninstall",
        "  # Remove the plugin flux-operator and its receipt
  flux plugin uninstall operator",
    ),
    (
        "tree kustomization",
        "  # Everything a Kustomization applied, and what those applied
  flux tree kustomization flux-system

  # As YAML
  flux tree kustomization flux-system --output=yaml",
    ),
    (
        "uninstall",
        "  # Remove Flux, its CRDs and custom resources, keeping what they applied
  flux uninstall

  # Without the confirmation prompt
  flux uninstall --silent",
    ),
    (
        "serve",
        "  # Run the source- and kustomize-controllers in this process
  flux serve source-controller kustomize-controller

  # Only one, with leader election
  flux serve source-controller --enable-leader-election",
    ),
    (
        "migrate v1",
        "  # Convert a Flux v1 repository to Flux v2 manifests
  flux migrate v1 --path ./clusters/production",
    ),
    (
        "migrate edits",
        "  # Rewrite old API versions in a directory of manifests
  flux migrate edits --path ./clusters",
    ),
    (
        "stats",
        "  # Reconcilers' counts per kind in this namespace
  flux stats

  # In every namespace
  flux stats -A",
    ),
    (
        "trigger receiver",
        "  # Post an event to a Receiver, as GitHub would
  flux trigger receiver github-push --token=\"$TOKEN\" --url=https://flux.example.com",
    ),
    (
        "version",
        "  # The CLI and the components of the cluster
  flux version

  # The CLI only, as JSON
  flux version --client -o json",
    ),
    (
        "push artifact",
        "  # Push a directory as an OCI artifact with its source and revision
  flux push artifact oci://ghcr.io/<org>/manifests:\"$(git rev-parse --short HEAD)\" \\
    --path=./deploy --source=\"$(git config --get remote.origin.url)\" \\
    --revision=\"$(git branch --show-current)@sha1:$(git rev-parse HEAD)\"",
    ),
    (
        "pull artifact",
        "  # Download and extract an OCI artifact
  flux pull artifact oci://ghcr.io/<org>/manifests:latest --output ./manifests",
    ),
    (
        "tag artifact",
        "  # Give a pushed artifact another tag
  flux tag artifact oci://ghcr.io/<org>/manifests:v1.2.0 --tag latest",
    ),
    (
        "list artifacts",
        "  # The tags of an OCI repository with their digests
  flux list artifacts oci://ghcr.io/<org>/manifests",
    ),
];

/// The short description and examples of one command path (`create source git`), if any.
pub fn for_path(path: &str) -> (Option<String>, Option<String>) {
    if let Some((_, text)) = FIXED.iter().find(|(p, _)| *p == path) {
        return (None, Some(text.to_string()));
    }
    let words: Vec<&str> = path.split(' ').collect();
    let kinds = |list: &'static [(&str, &str, &str, &str)], sub: &str| {
        list.iter().find(|(s, ..)| *s == sub).copied()
    };
    let found = match words.as_slice() {
        [verb, "source", sub] | [verb, "sources", sub] => {
            kinds(SOURCES, sub).map(|k| (*verb, k, format!("{verb} source {sub}")))
        }
        [verb, "image", sub] if *verb != "get" => {
            kinds(IMAGES, sub).map(|k| (*verb, k, format!("{verb} image {sub}")))
        }
        [verb, sub] => kinds(OTHERS, sub)
            .or_else(|| match *sub {
                "kustomizations" | "alerts" | "alert-providers" | "receivers" => {
                    kinds(OTHERS, sub.trim_end_matches('s'))
                }
                _ => None,
            })
            .map(|k| (*verb, k, format!("{verb} {}", k.0))),
        _ => None,
    };
    if let [verb, "image"] = words.as_slice() {
        let about = match *verb {
            "delete" => "Delete image automation objects",
            "suspend" => "Suspend reconciliation of image automation objects",
            "resume" => "Resume suspended image automation objects",
            "export" => "Export image automation objects in YAML format",
            "reconcile" => "Reconcile image automation objects",
            _ => return (None, None),
        };
        return (Some(about.to_string()), None);
    }
    if let [verb, "source"] = words.as_slice() {
        let about = match *verb {
            "delete" => "Delete sources",
            "suspend" => "Suspend reconciliation of sources",
            "resume" => "Resume suspended sources",
            "export" => "Export sources in YAML format",
            "reconcile" => "Reconcile sources",
            _ => return (None, None),
        };
        return (Some(about.to_string()), None);
    }
    let Some((verb, (_, kind, plural, name), cmd)) = found else {
        return (None, None);
    };
    let a = if kind.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let get_cmd = format!("flux get {}", words[1..].join(" "));
    match verb {
        "get" => (
            None,
            Some(format!(
                "  # {plural} of this namespace and their status\n  {get_cmd}\n\n  # In every namespace, those not ready\n  {get_cmd} -A --status-selector ready=false\n\n  # Follow their status\n  {get_cmd} --watch"
            )),
        ),
        "delete" => (
            Some(format!("Delete {a} {kind}")),
            Some(format!(
                "  # Delete the {kind} {name}\n  flux {cmd} {name}\n\n  # Without the confirmation prompt\n  flux {cmd} {name} --silent"
            )),
        ),
        "suspend" => (
            Some(format!("Suspend reconciliation of {a} {kind}")),
            Some(format!(
                "  # Stop reconciling the {kind} {name}\n  flux {cmd} {name}\n\n  # Every {kind} of this namespace\n  flux {cmd} --all"
            )),
        ),
        "resume" => (
            Some(format!("Resume a suspended {kind}")),
            Some(format!(
                "  # Resume the {kind} {name} and wait for it to be ready\n  flux {cmd} {name}\n\n  # Every {kind} of this namespace, without waiting\n  flux {cmd} --all"
            )),
        ),
        "export" => (
            Some(format!("Export {plural} in YAML format")),
            Some(format!(
                "  # Save the {kind} {name} as YAML\n  flux {cmd} {name} > {name}.yaml\n\n  # Every {kind} of this namespace\n  flux {cmd} --all > {}.yaml",
                plural.to_lowercase()
            )),
        ),
        "reconcile" => (
            Some(format!("Reconcile {a} {kind}")),
            Some(format!(
                "  # Ask the controller to reconcile the {kind} {name} now and wait for it\n  flux {cmd} {name}"
            )),
        ),
        _ => (None, None),
    }
}

/// Adds the descriptions and `Examples:` sections to every command below `cmd`, whose path
/// (without `flux`) is `path`.
pub fn decorate(cmd: clap::Command, path: &str) -> clap::Command {
    // A flag given twice takes its last value, as pflag does (patched Deployment args often
    // repeat one); list flags still collect every occurrence.
    let mut cmd = cmd.args_override_self(true);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| {
            let (about, examples) = for_path(&sub_path);
            let mut c = decorate(c, &sub_path);
            if let Some(a) = about {
                c = c.about(a);
            }
            if let Some(e) = examples {
                c = c.after_help(format!("Examples:\n{e}"));
            }
            c
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|c| c.get_name() != "help" && !c.is_hide_set())
            .collect();
        if subs.is_empty() {
            out.push(path.to_string());
        }
        for c in subs {
            let p = if path.is_empty() {
                c.get_name().to_string()
            } else {
                format!("{path} {}", c.get_name())
            };
            leaves(c, &p, out);
        }
    }

    #[test]
    fn every_command_has_examples_that_name_a_flux_invocation() {
        let mut all = vec![];
        leaves(&crate::cli::Cli::command(), "", &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|p| for_path(p).1.is_none_or(|e| !e.contains("flux ")))
            .collect();
        assert!(missing.is_empty(), "commands without examples: {missing:?}");
    }

    /// The `flux …` command lines of an examples text, continuation lines joined, shell
    /// words split, redirections dropped.
    fn command_lines(text: &str) -> Vec<Vec<String>> {
        let joined = text.replace("\\\n", " ");
        joined
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("flux "))
            .map(|l| {
                let words = shlex::split(l).unwrap_or_else(|| panic!("unbalanced quotes: {l}"));
                let mut out = vec![];
                let mut skip = false;
                for w in words {
                    if skip {
                        skip = false;
                    } else if w == ">" || w == "<" {
                        skip = true;
                    } else {
                        out.push(w);
                    }
                }
                out
            })
            .collect()
    }

    #[test]
    fn every_example_parses_with_this_command_line() {
        let mut all = vec![];
        leaves(&crate::cli::Cli::command(), "", &mut all);
        let mut checked = 0;
        for path in &all {
            let Some(text) = for_path(path).1 else {
                continue;
            };
            for args in command_lines(&text) {
                let parsed = crate::cli::usage::parse(args.clone());
                assert!(
                    matches!(parsed, crate::cli::usage::Outcome::Parsed(_)),
                    "{path}: {args:?} does not parse"
                );
                checked += 1;
            }
        }
        assert!(checked > 150, "{checked}");
    }

    #[test]
    fn shared_verbs_get_a_description_per_kind() {
        assert_eq!(
            for_path("suspend kustomization").0.as_deref(),
            Some("Suspend reconciliation of a Kustomization")
        );
        assert_eq!(
            for_path("delete source git").0.as_deref(),
            Some("Delete a GitRepository")
        );
        let (_, examples) = for_path("resume source oci");
        assert!(examples.unwrap().contains("flux resume source oci podinfo"));
    }
}
