# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_flux_global_optspecs
    string join \n n/namespace= kubeconfig= context= timeout= verbose kube-api-qps= kube-api-burst= server= as= as-group= as-uid= as-user-extra= certificate-authority= client-certificate= client-key= insecure-skip-tls-verify tls-server-name= user= cache-dir= disable-compression ns-follows-kube-context h/help
end

function __fish_flux_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_flux_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_flux_using_subcommand
    set -l cmd (__fish_flux_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c flux -n "__fish_flux_needs_command" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_needs_command" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_needs_command" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_needs_command" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_needs_command" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_needs_command" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_needs_command" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_needs_command" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_needs_command" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_needs_command" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_needs_command" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_needs_command" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_needs_command" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_needs_command" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_needs_command" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_needs_command" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_needs_command" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_needs_command" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_needs_command" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_needs_command" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_needs_command" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_needs_command" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_needs_command" -f -a "bootstrap" -d 'Deploy Flux on a cluster the GitOps way'
complete -c flux -n "__fish_flux_needs_command" -f -a "build" -d 'Build a flux resource from local files'
complete -c flux -n "__fish_flux_needs_command" -f -a "check" -d 'Check requirements and installation'
complete -c flux -n "__fish_flux_needs_command" -f -a "completion" -d 'Generates completion scripts for various shells'
complete -c flux -n "__fish_flux_needs_command" -f -a "create" -d 'Create or update sources and resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "diff" -d 'Diff a flux resource'
complete -c flux -n "__fish_flux_needs_command" -f -a "envsubst" -d 'envsubst substitutes the values of environment variables'
complete -c flux -n "__fish_flux_needs_command" -f -a "events" -d 'Display Kubernetes events for Flux resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "logs" -d 'Display formatted logs for Flux components'
complete -c flux -n "__fish_flux_needs_command" -f -a "delete" -d 'Delete sources and resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "export" -d 'Export resources in YAML format'
complete -c flux -n "__fish_flux_needs_command" -f -a "get" -d 'Get the resources and their status'
complete -c flux -n "__fish_flux_needs_command" -f -a "reconcile" -d 'Reconcile sources and resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "resume" -d 'Resume suspended resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "suspend" -d 'Suspend resources'
complete -c flux -n "__fish_flux_needs_command" -f -a "kustomize" -d 'Build kustomize overlays (kustomize build, without a separate binary)'
complete -c flux -n "__fish_flux_needs_command" -f -a "install" -d 'Install or upgrade Flux'
complete -c flux -n "__fish_flux_needs_command" -f -a "trace" -d 'Trace in-cluster objects throughout the GitOps delivery pipeline'
complete -c flux -n "__fish_flux_needs_command" -f -a "debug" -d 'Debug a flux resource'
complete -c flux -n "__fish_flux_needs_command" -f -a "plugin" -d 'Manage Flux CLI plugins'
complete -c flux -n "__fish_flux_needs_command" -f -a "tree" -d 'Print the resources reconciled by Flux'
complete -c flux -n "__fish_flux_needs_command" -f -a "uninstall" -d 'Uninstall Flux and its custom resource definitions'
complete -c flux -n "__fish_flux_needs_command" -f -a "serve" -d 'Run Flux controllers in this process'
complete -c flux -n "__fish_flux_needs_command" -f -a "migrate" -d 'Migrate Flux objects to the latest API versions, or a Flux v1 setup to Flux v2 (`migrate v1`)'
complete -c flux -n "__fish_flux_needs_command" -f -a "stats" -d 'Print the reconcilers\' statistics'
complete -c flux -n "__fish_flux_needs_command" -f -a "trigger" -d 'Trigger webhook receivers'
complete -c flux -n "__fish_flux_needs_command" -f -a "version" -d 'Print the client and server-side components version information'
complete -c flux -n "__fish_flux_needs_command" -f -a "push" -d 'Push artifacts'
complete -c flux -n "__fish_flux_needs_command" -f -a "pull" -d 'Pull artifacts'
complete -c flux -n "__fish_flux_needs_command" -f -a "tag" -d 'Tag artifacts'
complete -c flux -n "__fish_flux_needs_command" -f -a "list" -d 'List artifacts'
complete -c flux -n "__fish_flux_needs_command" -f -a "gen" -d 'Generate the files this repository keeps in sync with the binary'
complete -c flux -n "__fish_flux_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "git" -d 'Deploy Flux on a cluster connected to a Git repository (any Git server)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "github" -d 'Deploy Flux on a cluster connected to a GitHub repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "gitlab" -d 'Deploy Flux on a cluster connected to a GitLab repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "gitea" -d 'Deploy Flux on a cluster connected to a Gitea repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "bitbucket-server" -d 'Deploy Flux on a cluster connected to a Bitbucket Server repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and not __fish_seen_subcommand_from git github gitlab gitea bitbucket-server help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l branch -d 'Git branch' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l path -d 'Path relative to the repository root, when specified the cluster sync will be scoped to this path' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l interval -d 'Sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l secret-name -d 'Name of the secret the sync credentials can be found in or stored to' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l sparse-checkout -d 'List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l commit-message-appendix -d 'String to add to the commit messages, e.g. \'[ci skip]\'' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l author-name -d 'Author name for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l author-email -d 'Author email for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-key-algorithm -d 'SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-ecdsa-curve -d 'SSH key ECDSA curve: p256, p384, p521' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-rsa-bits -d 'SSH key RSA bits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l private-key-file -d 'Path to a private key file used for authenticating to the Git SSH server' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-hostname -d 'SSH hostname, to be used when the SSH host differs from the HTTPS one' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-hostkey-algos -d 'List of host key algorithms to be used by the CLI for SSH connections' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ca-file -d 'Path to TLS CA file used for validating self-signed certificates' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l gpg-key-ring -d 'Path to secret gpg key for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l gpg-passphrase -d 'Passphrase for decrypting GPG private key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l gpg-key-id -d 'Key id for selecting a particular key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-signing-key-file -d 'Path to an SSH private key file used for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-signing-password -d 'Passphrase for decrypting SSH signing key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-signing-passphrase -d 'Alias for --ssh-signing-password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l component-health -d 'Check that the controllers\' Deployments become ready after the sync; set to false only for clusters without nodes (such as the local demo), where the controllers run outside' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l url -d 'Git repository URL' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s u -l username -d 'Basic authentication username' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s p -l password -d 'Basic authentication password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l recurse-submodules -d 'When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ssh-signing-reuse-private-key -d 'Use the SSH transport key (--private-key-file) to sign commits'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l force -d 'Override existing Flux installation if it\'s managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l pull-request -d 'Push to a new branch and open a pull/merge request (for protected branches), then wait for it to be merged (github, gitlab, gitea)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s s -l silent -d 'If true, no confirmation prompts are shown (deploy keys are assumed to be added)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l token-auth -d 'When enabled, the personal access token (`bootstrap git`: the password) is used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l with-bearer-token -d 'Use password as bearer token for Authorization header'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l allow-insecure-http -d 'Allow plain HTTP repositories (credentials travel unencrypted)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from git" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l branch -d 'Git branch' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l path -d 'Path relative to the repository root, when specified the cluster sync will be scoped to this path' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l interval -d 'Sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l secret-name -d 'Name of the secret the sync credentials can be found in or stored to' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l sparse-checkout -d 'List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l commit-message-appendix -d 'String to add to the commit messages, e.g. \'[ci skip]\'' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l author-name -d 'Author name for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l author-email -d 'Author email for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-key-algorithm -d 'SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-ecdsa-curve -d 'SSH key ECDSA curve: p256, p384, p521' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-rsa-bits -d 'SSH key RSA bits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l private-key-file -d 'Path to a private key file used for authenticating to the Git SSH server' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-hostname -d 'SSH hostname, to be used when the SSH host differs from the HTTPS one' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-hostkey-algos -d 'List of host key algorithms to be used by the CLI for SSH connections' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ca-file -d 'Path to TLS CA file used for validating self-signed certificates' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l gpg-key-ring -d 'Path to secret gpg key for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l gpg-passphrase -d 'Passphrase for decrypting GPG private key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l gpg-key-id -d 'Key id for selecting a particular key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-signing-key-file -d 'Path to an SSH private key file used for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-signing-password -d 'Passphrase for decrypting SSH signing key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-signing-passphrase -d 'Alias for --ssh-signing-password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l component-health -d 'Check that the controllers\' Deployments become ready after the sync; set to false only for clusters without nodes (such as the local demo), where the controllers run outside' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l owner -d 'GitHub user or organization name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l repository -d 'GitHub repository name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l team -d 'GitHub team and the access to be given to it (team:maintain). Defaults to maintain access if no access level is specified (also accepts comma-separated values)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l private -d 'If true, the repository is setup or configured as private' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l hostname -d 'Provider hostname (GitHub: github.com by default; Gitea: required)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l recurse-submodules -d 'When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ssh-signing-reuse-private-key -d 'Use the SSH transport key (--private-key-file) to sign commits'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l force -d 'Override existing Flux installation if it\'s managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l pull-request -d 'Push to a new branch and open a pull/merge request (for protected branches), then wait for it to be merged (github, gitlab, gitea)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -s s -l silent -d 'If true, no confirmation prompts are shown (deploy keys are assumed to be added)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l token-auth -d 'When enabled, the personal access token (`bootstrap git`: the password) is used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l personal -d 'If true, the owner is assumed to be a GitHub user; otherwise an org'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l read-write-key -d 'If true, the deploy key is configured with read/write permissions'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l reconcile -d 'If true, the configured options are also reconciled if the repository already exists'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from github" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l branch -d 'Git branch' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l path -d 'Path relative to the repository root, when specified the cluster sync will be scoped to this path' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l interval -d 'Sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l secret-name -d 'Name of the secret the sync credentials can be found in or stored to' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l sparse-checkout -d 'List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l commit-message-appendix -d 'String to add to the commit messages, e.g. \'[ci skip]\'' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l author-name -d 'Author name for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l author-email -d 'Author email for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-key-algorithm -d 'SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-ecdsa-curve -d 'SSH key ECDSA curve: p256, p384, p521' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-rsa-bits -d 'SSH key RSA bits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l private-key-file -d 'Path to a private key file used for authenticating to the Git SSH server' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-hostname -d 'SSH hostname, to be used when the SSH host differs from the HTTPS one' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-hostkey-algos -d 'List of host key algorithms to be used by the CLI for SSH connections' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ca-file -d 'Path to TLS CA file used for validating self-signed certificates' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l gpg-key-ring -d 'Path to secret gpg key for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l gpg-passphrase -d 'Passphrase for decrypting GPG private key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l gpg-key-id -d 'Key id for selecting a particular key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-signing-key-file -d 'Path to an SSH private key file used for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-signing-password -d 'Passphrase for decrypting SSH signing key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-signing-passphrase -d 'Alias for --ssh-signing-password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l component-health -d 'Check that the controllers\' Deployments become ready after the sync; set to false only for clusters without nodes (such as the local demo), where the controllers run outside' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l owner -d 'GitLab user or group name (subgroups as group/sub)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l repository -d 'GitLab repository name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l team -d 'GitLab groups to be given maintainer access (also accepts comma-separated values)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l visibility -d 'Specifies the visibility of the repository: private, internal or public' -r -f -a "private\t''
internal\t''
public\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l hostname -d 'GitLab hostname' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l recurse-submodules -d 'When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ssh-signing-reuse-private-key -d 'Use the SSH transport key (--private-key-file) to sign commits'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l force -d 'Override existing Flux installation if it\'s managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l pull-request -d 'Push to a new branch and open a pull/merge request (for protected branches), then wait for it to be merged (github, gitlab, gitea)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -s s -l silent -d 'If true, no confirmation prompts are shown (deploy keys are assumed to be added)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l token-auth -d 'When enabled, the personal access token (`bootstrap git`: the password) is used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l personal -d 'If true, the owner is assumed to be a GitLab user; otherwise a group'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l read-write-key -d 'If true, the deploy key is configured with read/write permissions'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l deploy-token-auth -d 'When enabled, a project deploy token is generated and used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l reconcile -d 'If true, the configured options are also reconciled if the repository already exists'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitlab" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l branch -d 'Git branch' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l path -d 'Path relative to the repository root, when specified the cluster sync will be scoped to this path' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l interval -d 'Sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l secret-name -d 'Name of the secret the sync credentials can be found in or stored to' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l sparse-checkout -d 'List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l commit-message-appendix -d 'String to add to the commit messages, e.g. \'[ci skip]\'' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l author-name -d 'Author name for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l author-email -d 'Author email for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-key-algorithm -d 'SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-ecdsa-curve -d 'SSH key ECDSA curve: p256, p384, p521' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-rsa-bits -d 'SSH key RSA bits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l private-key-file -d 'Path to a private key file used for authenticating to the Git SSH server' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-hostname -d 'SSH hostname, to be used when the SSH host differs from the HTTPS one' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-hostkey-algos -d 'List of host key algorithms to be used by the CLI for SSH connections' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ca-file -d 'Path to TLS CA file used for validating self-signed certificates' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l gpg-key-ring -d 'Path to secret gpg key for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l gpg-passphrase -d 'Passphrase for decrypting GPG private key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l gpg-key-id -d 'Key id for selecting a particular key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-signing-key-file -d 'Path to an SSH private key file used for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-signing-password -d 'Passphrase for decrypting SSH signing key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-signing-passphrase -d 'Alias for --ssh-signing-password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l component-health -d 'Check that the controllers\' Deployments become ready after the sync; set to false only for clusters without nodes (such as the local demo), where the controllers run outside' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l owner -d 'GitHub user or organization name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l repository -d 'GitHub repository name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l team -d 'GitHub team and the access to be given to it (team:maintain). Defaults to maintain access if no access level is specified (also accepts comma-separated values)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l private -d 'If true, the repository is setup or configured as private' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l hostname -d 'Provider hostname (GitHub: github.com by default; Gitea: required)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l recurse-submodules -d 'When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ssh-signing-reuse-private-key -d 'Use the SSH transport key (--private-key-file) to sign commits'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l force -d 'Override existing Flux installation if it\'s managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l pull-request -d 'Push to a new branch and open a pull/merge request (for protected branches), then wait for it to be merged (github, gitlab, gitea)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -s s -l silent -d 'If true, no confirmation prompts are shown (deploy keys are assumed to be added)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l token-auth -d 'When enabled, the personal access token (`bootstrap git`: the password) is used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l personal -d 'If true, the owner is assumed to be a GitHub user; otherwise an org'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l read-write-key -d 'If true, the deploy key is configured with read/write permissions'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l reconcile -d 'If true, the configured options are also reconciled if the repository already exists'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from gitea" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l branch -d 'Git branch' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l path -d 'Path relative to the repository root, when specified the cluster sync will be scoped to this path' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l interval -d 'Sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l secret-name -d 'Name of the secret the sync credentials can be found in or stored to' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l sparse-checkout -d 'List of directories to be included in the GitRepository sparse checkout, the configured --path must be one of them, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l commit-message-appendix -d 'String to add to the commit messages, e.g. \'[ci skip]\'' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l author-name -d 'Author name for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l author-email -d 'Author email for Git commits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-key-algorithm -d 'SSH key algorithm for generated deploy keys: ecdsa, rsa, ed25519' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-ecdsa-curve -d 'SSH key ECDSA curve: p256, p384, p521' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-rsa-bits -d 'SSH key RSA bits' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l private-key-file -d 'Path to a private key file used for authenticating to the Git SSH server' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-hostname -d 'SSH hostname, to be used when the SSH host differs from the HTTPS one' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-hostkey-algos -d 'List of host key algorithms to be used by the CLI for SSH connections' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ca-file -d 'Path to TLS CA file used for validating self-signed certificates' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l gpg-key-ring -d 'Path to secret gpg key for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l gpg-passphrase -d 'Passphrase for decrypting GPG private key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l gpg-key-id -d 'Key id for selecting a particular key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-signing-key-file -d 'Path to an SSH private key file used for signing commits' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-signing-password -d 'Passphrase for decrypting SSH signing key' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-signing-passphrase -d 'Alias for --ssh-signing-password' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l component-health -d 'Check that the controllers\' Deployments become ready after the sync; set to false only for clusters without nodes (such as the local demo), where the controllers run outside' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l owner -d 'Bitbucket Server user or project name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l repository -d 'Bitbucket Server repository name' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l group -d 'Bitbucket Server groups to be given write access (also accepts comma-separated values)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -s u -l username -d 'Authentication username' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l private -d 'If true, the repository is setup or configured as private' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l hostname -d 'Bitbucket Server hostname' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l recurse-submodules -d 'When enabled, configures the GitRepository source to initialize and include Git submodules in the artifact it produces'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ssh-signing-reuse-private-key -d 'Use the SSH transport key (--private-key-file) to sign commits'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l force -d 'Override existing Flux installation if it\'s managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l pull-request -d 'Push to a new branch and open a pull/merge request (for protected branches), then wait for it to be merged (github, gitlab, gitea)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -s s -l silent -d 'If true, no confirmation prompts are shown (deploy keys are assumed to be added)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l token-auth -d 'When enabled, the personal access token (`bootstrap git`: the password) is used instead of the SSH deploy key'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l personal -d 'If true, the owner is assumed to be a Bitbucket Server user; otherwise a group'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l read-write-key -d 'If true, the deploy key is configured with read/write permissions'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l reconcile -d 'If true, the configured options are also reconciled if the repository already exists'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from bitbucket-server" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "git" -d 'Deploy Flux on a cluster connected to a Git repository (any Git server)'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "github" -d 'Deploy Flux on a cluster connected to a GitHub repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "gitlab" -d 'Deploy Flux on a cluster connected to a GitLab repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "gitea" -d 'Deploy Flux on a cluster connected to a Gitea repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "bitbucket-server" -d 'Deploy Flux on a cluster connected to a Bitbucket Server repository'
complete -c flux -n "__fish_flux_using_subcommand bootstrap; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "artifact" -d 'Build artifact: a gzip tarball of a directory or file, as `push artifact` uploads it'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "kustomization" -d 'Build Kustomization'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "helmrelease" -d 'Build HelmRelease: render a HelmRelease\'s chart offline, as `helm template` prints it'
complete -c flux -n "__fish_flux_using_subcommand build; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -s p -l path -d 'Path to the directory where the Kubernetes manifests are located' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -s o -l output -d 'Path to where the artifact tgz file should be written' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l ignore-paths -d 'Set paths to ignore in .gitignore format' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l resolve-symlinks -d 'Resolve symlinks by copying their targets into the artifact'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l path -d 'Path to the manifests location' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l kustomization-file -d 'Path to the Flux Kustomization YAML file' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l ignore-paths -d 'Set paths to ignore in .gitignore format' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l local-sources -d 'Comma-separated list of repositories in format: Kind/namespace/name=path' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l dry-run -d 'Dry run mode: no cluster is contacted (substituteFrom is skipped)'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l strict-substitute -d 'When enabled, the post build substitutions will fail if a var without a default value is declared in files but is missing from the input vars'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l in-memory-build -d 'Accepted for compatibility: builds always run in memory and never write to --path'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -s r -l recursive -d 'Recursively build Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l file -d 'Path to the HelmRelease YAML file' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l chart -d 'The chart: a directory or a packaged .tgz' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -s f -l values -d 'Values files standing in for spec.valuesFrom, merged in order before spec.values' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l set -d 'Set values (key=value, Helm\'s --set syntax), applied after spec.values' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l set-string -d 'Set string values (Helm\'s --set-string syntax)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l set-json -d 'Set JSON values (path=JSON, or a JSON object merged whole)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l set-file -d 'Set values from files (path=FILE: the file\'s text)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -s s -l show-only -d 'Only print the manifests rendered from these templates (paths inside the chart, filepath.Match patterns)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l kube-version -d 'Kubernetes version used for Capabilities.KubeVersion' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -s a -l api-versions -d 'Extra API versions for Capabilities.APIVersions' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l include-crds -d 'Print the chart\'s CRDs first'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l skip-tests -d 'Leave out test hooks'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Build artifact: a gzip tarball of a directory or file, as `push artifact` uploads it'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Build Kustomization'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'Build HelmRelease: render a HelmRelease\'s chart offline, as `helm template` prints it'
complete -c flux -n "__fish_flux_using_subcommand build; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand check" -l components -d 'List of components, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l components-extra -d 'List of components in addition to those supplied or defaulted' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l poll-interval -d 'How often the health checker should poll the cluster for the latest state of the resources' -r
complete -c flux -n "__fish_flux_using_subcommand check" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand check" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand check" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand check" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand check" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l pre -d 'Only run pre-installation checks'
complete -c flux -n "__fish_flux_using_subcommand check" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand check" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand check" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand check" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand check" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand completion" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand completion" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand completion" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand completion" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand completion" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand completion" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand completion" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand completion" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "source" -d 'Create or update sources'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "secret" -d 'Create or update Kubernetes secrets'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "kustomization" -d 'Create or update a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "helmrelease" -d 'Create or update a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "alert" -d 'Create or update an Alert resource'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "alert-provider" -d 'Create or update a Provider resource'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "receiver" -d 'Create or update a Receiver resource'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "tenant" -d 'Create or update a tenant: namespaces, service accounts and role bindings that limit the reconcilers to the tenant\'s namespaces'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "image" -d 'Create or update image automation objects'
complete -c flux -n "__fish_flux_using_subcommand create; and not __fish_seen_subcommand_from source secret kustomization helmrelease alert alert-provider receiver tenant image help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "git" -d 'Create or update a GitRepository source'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "helm" -d 'Create or update a HelmRepository source'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "oci" -d 'Create or update an OCIRepository'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Create or update a Bucket source'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "chart" -d 'Create or update a HelmChart source'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "git" -d 'Create or update a Kubernetes secret for Git authentication'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "tls" -d 'Create or update a Kubernetes secret with TLS certificates'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "helm" -d 'Create or update a Kubernetes secret for Helm repository authentication'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "oci" -d 'Create or update a Kubernetes image pull secret'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "proxy" -d 'Create or update a Kubernetes secret for proxy authentication'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "githubapp" -d 'Create or update a Kubernetes secret for GitHub App authentication'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "notation" -d 'Create or update a Kubernetes secret for verifications of artifacts signed by Notation'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "receiver" -d 'Create or update a Kubernetes secret holding a webhook Receiver\'s token'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l interval -d 'Source sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l label -d 'Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l source -d 'Source that contains the Kubernetes manifests in the format \'<kind>/<name>.<namespace>\', where kind must be one of: (GitRepository, OCIRepository, Bucket); if kind is not specified it defaults to GitRepository' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l path -d 'Path to the directory containing a kustomization.yaml file' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l prune -d 'Enable garbage collection' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l wait -d 'Enable health checking of all the applied resources' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l health-check -d 'Workload to be included in the health assessment, in the format \'<kind>/<name>.<namespace>\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l health-check-timeout -d 'Timeout of health checking operations' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l depends-on -d 'Kustomization that must be ready before this Kustomization can be applied, in the format \'<name>\' or \'<namespace>/<name>\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l service-account -d 'The name of the service account to impersonate when reconciling this Kustomization' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l target-namespace -d 'Overrides the namespace of all Kustomization objects reconciled by this Kustomization' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l decryption-provider -d 'Decryption provider, available options are: (sops)' -r -f -a "sops\t''"
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l decryption-secret -d 'Set the decryption secret name where the private keys are stored' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l kubeconfig-secret-ref -d 'Name of the secret containing a kubeconfig for a remote cluster' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l retry-interval -d 'The interval at which to retry a previously failed reconciliation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l interval -d 'Source sync interval' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l label -d 'Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l release-name -d 'Name used for the Helm release, defaults to a composition of \'[<target-namespace>-]<HelmRelease-name>\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l source -d 'Source that contains the chart in the format \'<kind>/<name>.<namespace>\', where kind must be one of: (HelmRepository, GitRepository, Bucket)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l chart -d 'Helm chart name or path' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l chart-version -d 'Helm chart version, accepts a semver range (ignored for charts from GitRepository sources)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l depends-on -d 'HelmReleases that must be ready before this release can be installed, supported formats \'<name>\' and \'<namespace>/<name>\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l target-namespace -d 'Namespace to install this release, defaults to the HelmRelease namespace' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l storage-namespace -d 'Namespace to store the Helm release, defaults to the target namespace' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l create-target-namespace -d 'Create the target namespace if it does not exist' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l service-account -d 'The name of the service account to impersonate when reconciling this HelmRelease' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l reconcile-strategy -d 'The reconcile strategy for helm chart created by the helm release(accepted values: Revision and ChartRevision)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l chart-interval -d 'The interval of which to check for new chart versions' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l values -d 'Local path to values.yaml files, also accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l values-from -d 'A Kubernetes object reference that contains the values.yaml data key in the format \'<kind>/<name>\', where kind must be one of: (Secret,ConfigMap)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l crds -d 'Upgrade CRDs policy' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l kubeconfig-secret-ref -d 'The name of the Kubernetes Secret that contains a key with the kubeconfig file for connecting to a remote cluster' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l chart-ref -d 'The name of the HelmChart resource to use as source for the HelmRelease, in the format \'<kind>/<name>.<namespace>\', where kind must be one of: (OCIRepository,HelmChart)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l label -d 'Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l provider-ref -d 'Reference to provider' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l event-severity -d 'Severity of events to send alerts for' -r -f -a "info\t''
error\t''"
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l event-source -d 'Sources that should generate alerts (<kind>/<name>), name may be \'*\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l label -d 'Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l type -d 'Type of provider' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l channel -d 'Channel to send messages to in the case of a chat provider' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l username -d 'Bot username used by the provider' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l address -d 'Path to either the git repository, chat provider or webhook' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l secret-ref -d 'Name of secret containing authentication token' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from alert-provider" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l label -d 'Set labels on the resource (can specify multiple labels with commas: label1=value1,label2=value2)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l type -d 'Type of receiver' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l event -d 'Event types to handle, e.g. \'push\' for GitHub' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l resource -d 'Resources to reconcile, in the format <kind>/<name>[.namespace]; name may be \'*\'' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l secret-ref -d 'Name of secret containing the token' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l with-namespace -d 'Namespace belonging to this tenant (repeatable, or comma-separated)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l cluster-role -d 'Cluster role of the tenant role binding' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l with-service-account -d 'Service account belonging to this tenant (defaults to the tenant\'s name)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l label -d 'Set labels on the resources (key=value, comma-separated or repeated)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l skip-namespace -d 'Skip namespace creation (the namespace must exist already)'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l export -d 'Export in YAML format to stdout'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from tenant" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -f -a "repository" -d 'Create or update an ImageRepository object'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -f -a "policy" -d 'Create or update an ImagePolicy object'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -f -a "update" -d 'Create or update an ImageUpdateAutomation object'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "source" -d 'Create or update sources'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "secret" -d 'Create or update Kubernetes secrets'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Create or update a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'Create or update a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "alert" -d 'Create or update an Alert resource'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "alert-provider" -d 'Create or update a Provider resource'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Create or update a Receiver resource'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "tenant" -d 'Create or update a tenant: namespaces, service accounts and role bindings that limit the reconcilers to the tenant\'s namespaces'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "image" -d 'Create or update image automation objects'
complete -c flux -n "__fish_flux_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "artifact" -d 'Diff Artifact: compare a local directory or file with an OCI artifact'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "kustomization" -d 'Diff Kustomization'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "helmrelease" -d 'Diff HelmRelease: what the next upgrade would change in the cluster'
complete -c flux -n "__fish_flux_using_subcommand diff; and not __fish_seen_subcommand_from artifact kustomization helmrelease help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l path -d 'Path to the directory where the Kubernetes manifests are located' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l creds -d 'Credentials for OCI registry in the format <username>[:<password>] if --provider is generic' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l provider -d 'The OCI provider name (only \'generic\' in this build: credentials from --creds or the Docker config)' -r -f -a "generic\t''"
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l ignore-paths -d 'Set paths to ignore in .gitignore format' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l insecure-registry -d 'Allows the remote artifact to be pulled without TLS'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l path -d 'Path to a local directory that matches the specified Kustomization.spec.path' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l kustomization-file -d 'Path to the Flux Kustomization YAML file' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l ignore-paths -d 'Set paths to ignore in .gitignore format' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l progress-bar -d 'Accepted for compatibility: no progress bar is drawn' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l local-sources -d 'Comma-separated list of repositories in format: Kind/namespace/name=path' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l strict-substitute -d 'Fail on variables without a value in post-build substitution'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -s r -l recursive -d 'Recursively diff Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l in-memory-build -d 'Accepted for compatibility: builds always run in memory and never write to --path'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l ignore-not-found -d 'Ignore the Kustomization not being in the cluster and diff as if it were new (needs --kustomization-file)'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l chart -d 'A local chart (directory or .tgz) to diff instead of the HelmRelease\'s current chart artifact' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Diff Artifact: compare a local directory or file with an OCI artifact'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Diff Kustomization'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'Diff HelmRelease: what the next upgrade would change in the cluster'
complete -c flux -n "__fish_flux_using_subcommand diff; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l strict -d 'Fail if the input contains a variable that is not set and has no default'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand envsubst" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand events" -l for -d 'Get events for a particular object, in the form `Kind/name`' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l types -d 'Filter events for certain types (valid types are: Normal, Warning)' -r
complete -c flux -n "__fish_flux_using_subcommand events" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand events" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand events" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand events" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand events" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand events" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand events" -s A -l all-namespaces -d 'Display events from all namespaces'
complete -c flux -n "__fish_flux_using_subcommand events" -s w -l watch -d 'Indicate if the events should be streamed'
complete -c flux -n "__fish_flux_using_subcommand events" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand events" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand events" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand events" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand events" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand logs" -l level -d 'log level' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l kind -d 'displays errors of a particular toolkit kind e.g GitRepository' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l name -d 'specifies the name of the object logs to be displayed' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l tail -d 'lines of recent log file to display' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l flux-namespace -d 'the namespace where the Flux components are running' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l since -d 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l since-time -d 'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand logs" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand logs" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand logs" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand logs" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand logs" -s f -l follow -d 'specifies if the logs should be streamed'
complete -c flux -n "__fish_flux_using_subcommand logs" -s A -l all-namespaces -d 'displays logs for objects across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand logs" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand logs" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand logs" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand logs" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand logs" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -s s -l silent -d 'Delete the object without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -s s -l silent -d 'Delete the object without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -s s -l silent -d 'Delete the object without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -s s -l silent -d 'Delete the object without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from alert-provider" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -s s -l silent -d 'Delete the object without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -f -a "repository" -d 'ImageRepositories'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -f -a "policy" -d 'ImagePolicies'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -f -a "update" -d 'ImageUpdateAutomations'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "artifact" -d 'Artifact generators'
complete -c flux -n "__fish_flux_using_subcommand export; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "external" -d 'ExternalArtifact sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l all -d 'Select all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l with-credentials -d 'Include the credential Secrets the objects reference'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l all -d 'Select all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l with-credentials -d 'Include the credential Secrets the objects reference'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l all -d 'Select all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l with-credentials -d 'Include the credential Secrets the objects reference'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l all -d 'Select all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l with-credentials -d 'Include the credential Secrets the objects reference'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from alert-provider" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l all -d 'Select all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l with-credentials -d 'Include the credential Secrets the objects reference'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -f -a "repository" -d 'ImageRepositories'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -f -a "policy" -d 'ImagePolicies'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -f -a "update" -d 'ImageUpdateAutomations'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -f -a "generator" -d 'Export ArtifactGenerator resources in YAML format'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from artifact" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Artifact generators'
complete -c flux -n "__fish_flux_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "sources" -d 'Get source statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "kustomizations" -d 'Get Kustomization statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "helmreleases" -d 'Get HelmRelease statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "images" -d 'Get image automation object status'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "alerts" -d 'Get Alert statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "alert-providers" -d 'Get Provider statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "receivers" -d 'Get Receiver statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "all" -d 'Get all resources and statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "artifact" -d 'Get artifact object statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and not __fish_seen_subcommand_from sources kustomizations helmreleases images alerts alert-providers receivers all artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "external" -d 'Get ExternalArtifact source statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "all" -d 'Get all source statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from sources" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l show-source -d 'Show the source reference of each object'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from kustomizations" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l show-source -d 'Show the source reference of each object'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from helmreleases" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -f -a "all" -d 'Get all image statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -f -a "repository" -d 'Get ImageRepository status'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -f -a "policy" -d 'Get ImagePolicy status'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -f -a "update" -d 'Get ImageUpdateAutomation status'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from images" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from alert-providers" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from receivers" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l status-selector -d 'Specify the status condition name and the desired state to filter the get result, e.g. ready=false' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -s l -l label-selector -d 'Filter objects by label selector' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l no-header -d 'Skip the header when printing the results'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from all" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -f -a "generators" -d 'Get artifact generator statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from artifact" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "sources" -d 'Get source statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "kustomizations" -d 'Get Kustomization statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "helmreleases" -d 'Get HelmRelease statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "images" -d 'Get image automation object status'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Get Alert statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "alert-providers" -d 'Get Provider statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "receivers" -d 'Get Receiver statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "all" -d 'Get all resources and statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Get artifact object statuses'
complete -c flux -n "__fish_flux_using_subcommand get; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "source" -d 'Reconcile sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "kustomization" -d 'Reconcile a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "helmrelease" -d 'Reconcile a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "receiver" -d 'Reconcile a Receiver'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "image" -d 'Reconcile image automation objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and not __fish_seen_subcommand_from source kustomization helmrelease receiver image help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l with-source -d 'Reconcile the Kustomization\'s source first'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l with-source -d 'Reconcile HelmRelease source'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l force -d 'Force a one-off install or upgrade of the HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l reset -d 'Reset the failure count for this HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -f -a "repository" -d 'ImageRepositories'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -f -a "policy" -d 'ImagePolicies'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -f -a "update" -d 'ImageUpdateAutomations'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "source" -d 'Reconcile sources'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Reconcile a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'Reconcile a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Reconcile a Receiver'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "image" -d 'Reconcile image automation objects'
complete -c flux -n "__fish_flux_using_subcommand reconcile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from alert-provider" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -f -a "repository" -d 'ImageRepositories'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -f -a "policy" -d 'ImagePolicies'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -f -a "update" -d 'ImageUpdateAutomations'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand resume; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and not __fish_seen_subcommand_from source kustomization helmrelease alert alert-provider receiver image help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "git" -d 'GitRepository sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "helm" -d 'HelmRepository sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "chart" -d 'HelmChart sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "oci" -d 'OCIRepository sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "bucket" -d 'Bucket sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from source" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from alert-provider" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l wait -d 'Wait for the resumed object(s) to reconcile (resume only; default when one name is given)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l all -d 'Act on all objects of the kind in the namespace'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -f -a "repository" -d 'ImageRepositories'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -f -a "policy" -d 'ImagePolicies'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -f -a "update" -d 'ImageUpdateAutomations'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from image" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand suspend; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -f -a "build" -d 'Build a kustomization target from a directory; prints what `kustomize build` prints'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and not __fish_seen_subcommand_from build help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l load-restrictor -d 'Load files from anywhere, not only from the kustomization\'s directory (kustomize\'s --load-restrictor LoadRestrictionsNone)' -r -f -a "LoadRestrictionsRootOnly\t''
LoadRestrictionsNone\t''"
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l allow-remote-bases -d 'Allow resources and components from Git repositories (off by default, as in Flux)'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from help" -f -a "build" -d 'Build a kustomization target from a directory; prints what `kustomize build` prints'
complete -c flux -n "__fish_flux_using_subcommand kustomize; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand install" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l components-extra -d 'List of components in addition to those supplied or defaulted: image-reflector-controller, image-automation-controller, source-watcher' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l registry-creds -d 'Container registry credentials in the format \'user:password\', requires --image-pull-secret to be set' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l watch-all-namespaces -d 'If true, the toolkit will watch for custom resources in all namespaces' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand install" -l log-level -d 'Log level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l network-policy -d 'Deny ingress access to the toolkit controllers from other namespaces using network policies' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand install" -l cluster-domain -d 'Internal cluster domain' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l toleration-keys -d 'List of toleration keys used to schedule the components pods onto nodes with matching taints' -r
complete -c flux -n "__fish_flux_using_subcommand install" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand install" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand install" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand install" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand install" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l export -d 'Write the install manifests to stdout and exit'
complete -c flux -n "__fish_flux_using_subcommand install" -l force -d 'Override an existing Flux installation managed by a different tool such as Helm'
complete -c flux -n "__fish_flux_using_subcommand install" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand install" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand install" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand install" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand install" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand trace" -l kind -d 'The Kubernetes object kind, e.g. Deployment' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l api-version -d 'The Kubernetes object API version, e.g. \'apps/v1\'' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand trace" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand trace" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trace" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trace" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand trace" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand trace" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand trace" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand trace" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand trace" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -f -a "kustomization" -d 'Debug a Flux Kustomization resource (prints Secret values of postBuild.substituteFrom with --show-vars)'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -f -a "helmrelease" -d 'Debug a Flux HelmRelease resource (prints Secret values of valuesFrom with --show-values)'
complete -c flux -n "__fish_flux_using_subcommand debug; and not __fish_seen_subcommand_from kustomization helmrelease help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l show-status -d 'Print the status of the Flux Kustomization' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l show-vars -d 'Print the final vars of the Flux Kustomization in dot env format (Secret values are printed in clear)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l show-history -d 'Print the reconciliation history of the Flux Kustomization' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l show-status -d 'Print the status of the Helm release' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l show-values -d 'Print the final values of the Helm release (Secret values are printed in clear)' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l show-history -d 'Print the reconciliation history of the Helm release' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from helmrelease" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Debug a Flux Kustomization resource (prints Secret values of postBuild.substituteFrom with --show-vars)'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "helmrelease" -d 'Debug a Flux HelmRelease resource (prints Secret values of valuesFrom with --show-values)'
complete -c flux -n "__fish_flux_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "install" -d 'Install a plugin from the catalog'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "list" -d 'List installed plugins'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "search" -d 'Search the plugin catalog'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "update" -d 'Update installed plugins'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "uninstall" -d 'Uninstall a plugin'
complete -c flux -n "__fish_flux_using_subcommand plugin; and not __fish_seen_subcommand_from install list search update uninstall help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install a plugin from the catalog'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "list" -d 'List installed plugins'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "search" -d 'Search the plugin catalog'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "update" -d 'Update installed plugins'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Uninstall a plugin'
complete -c flux -n "__fish_flux_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -f -a "kustomization" -d 'Print the resources reconciled by a Kustomization'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -f -a "artifact" -d 'Print the resources of artifact objects'
complete -c flux -n "__fish_flux_using_subcommand tree; and not __fish_seen_subcommand_from kustomization artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -s o -l output -d 'Output format: `json` or `yaml` (default: a text tree)' -r -f -a "json\t''
yaml\t''"
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l compact -d 'Only show Flux objects (Kustomizations, HelmReleases, sources)'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from kustomization" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -f -a "generator" -d 'Print the inventory of an ArtifactGenerator'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from artifact" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from help" -f -a "kustomization" -d 'Print the resources reconciled by a Kustomization'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Print the resources of artifact objects'
complete -c flux -n "__fish_flux_using_subcommand tree; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l keep-namespace -d 'Skip namespace deletion'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l dry-run -d 'Only print the objects that would be deleted'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s s -l silent -d 'Delete components without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand serve" -l concurrent -d 'The number of concurrent reconciles per controller' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l requeue-dependency -d 'The interval at which failing dependencies are reevaluated' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l min-retry-delay -d 'The minimum amount of time for which an object being reconciled will have to wait before a retry' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l max-retry-delay -d 'The maximum amount of time for which an object being reconciled will have to wait before a retry' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l interval-jitter-percentage -d 'Percentage of jitter to apply to interval durations' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l watch-all-namespaces -d 'Watch for custom resources in all namespaces, if set to false it will only watch the runtime namespace' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand serve" -l watch-label-selector -d 'Watch for resources with matching labels e.g. \'sharding.fluxcd.io/shard=shard1\'' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l events-addr -d 'The address of the events receiver: the URL other controllers post events to, and for notification-controller the address its event server binds (default :9090)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l receiverAddr -d 'The address the webhook receiver server binds to (notification-controller)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l rate-limit-interval -d 'Interval within which identical events are dropped (notification-controller)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l metrics-addr -d 'The address the metric endpoint binds to' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l health-addr -d 'The address the health endpoint binds to' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l leader-election-release-on-cancel -d 'Defines if the leader should step down voluntarily on controller manager shutdown' -r -f -a "true\t''
false\t''"
complete -c flux -n "__fish_flux_using_subcommand serve" -l leader-election-lease-duration -d 'Interval at which non-leader candidates will wait to force acquire leadership' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l leader-election-renew-deadline -d 'Duration that the leading controller manager will retry refreshing leadership before giving up' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l leader-election-retry-period -d 'Duration the LeaderElector clients should wait between tries of actions' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l log-level -d 'Log verbosity level: trace, debug, info or error' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l log-encoding -d 'Log encoding format: json or console' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l storage-path -d 'The local storage path' -r -F
complete -c flux -n "__fish_flux_using_subcommand serve" -l storage-addr -d 'The address the static file server binds to' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l storage-adv-addr -d 'The advertised address of the static file server' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l artifact-retention-ttl -d 'The duration of time that artifacts from previous reconciliations will be kept in storage before being garbage collected' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l artifact-retention-records -d 'The maximum number of artifacts to be kept in storage after a garbage collection' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l helm-index-max-size -d 'The maximum size in bytes of a Helm repository index (source-controller)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l default-service-account -d 'Service account kustomize-controller impersonates when a Kustomization names none' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l feature-gates -d 'A set of key=value pairs that describe feature gates for alpha/experimental features' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l concurrent-ssa -d 'The number of concurrent server-side apply operations (kustomize-controller)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l custom-apply-stage-kinds -d 'A comma-separated list of GroupKind (e.g. `rbac.authorization.k8s.io/Role,ConfigMap`) applied in a stage of their own after CRDs and classes and before everything else (kustomize-controller)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l override-manager -d 'Field manager disallowed to perform changes on managed resources: its fields are taken over by the next apply (kustomize-controller; repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand serve" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand serve" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand serve" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand serve" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand serve" -l no-cross-namespace-refs -d 'When set to true, references between custom resources are allowed only if the reference and the referee are in the same namespace'
complete -c flux -n "__fish_flux_using_subcommand serve" -l export-http-path-metrics -d 'Label HTTP metrics with the request path (notification-controller)'
complete -c flux -n "__fish_flux_using_subcommand serve" -l enable-leader-election -d 'Enable leader election for controller manager'
complete -c flux -n "__fish_flux_using_subcommand serve" -l no-remote-bases -d 'Disallow remote bases usage in Kustomize overlays; remote bases will be ignored (kustomize-controller: a build naming one fails)'
complete -c flux -n "__fish_flux_using_subcommand serve" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand serve" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand serve" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand serve" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand serve" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s f -l path -d 'Path to a file or directory of manifests to migrate (instead of the cluster)' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s e -l extensions -d 'File extensions to consider with --path' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s v -l version -d 'The Flux version whose API versions to migrate to (this build\'s)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l dry-run -d 'Show what would change without writing'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s y -l yes -d 'Do not ask for confirmation'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -f -a "v1" -d 'Convert a Flux v1 setup (fluxd, .flux.yaml, FluxCloud) to Flux v2 objects and repository edits'
complete -c flux -n "__fish_flux_using_subcommand migrate; and not __fish_seen_subcommand_from v1 help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l repo -d 'The Git checkout fluxd synced' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l fluxd-args-file -d 'fluxd\'s arguments: one per line as in the Deployment\'s args, or a Deployment manifest (instead of reading the cluster)' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l flux-namespace -d 'Namespace fluxd (and FluxCloud) run in' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l cluster -d 'Cluster name for the default --path' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l path -d 'Where the v2 bundle is written in the repository (default clusters/<cluster>)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l name -d 'Name of the GitRepository and of its credentials Secret' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l export -d 'Print the v2 bundle and change nothing'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l dry-run -d 'Show the repository diff and the report; change nothing'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l force -d 'Write even while fluxd is running, or with uncommitted changes in the repository'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from v1" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "v1" -d 'Convert a Flux v1 setup (fluxd, .flux.yaml, FluxCloud) to Flux v2 objects and repository edits'
complete -c flux -n "__fish_flux_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand stats" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand stats" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand stats" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand stats" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand stats" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand stats" -s A -l all-namespaces -d 'List the statistics across all namespaces'
complete -c flux -n "__fish_flux_using_subcommand stats" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand stats" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand stats" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand stats" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand stats" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -f -a "receiver" -d 'Trigger a Receiver by posting to its webhook URL (the path is computed from the token)'
complete -c flux -n "__fish_flux_using_subcommand trigger; and not __fish_seen_subcommand_from receiver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l url -d 'Base URL of the webhook receiver, e.g. https://flux-webhook.example.com' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l token -d 'The Receiver token, required for all types except generic-oidc where it must not be set' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l type -d 'Receiver type: generic, generic-hmac or generic-oidc (also github, gitlab and harbor)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l oidc-provider -d 'The OIDC provider to fetch the token from, one of: github, forgejo (generic-oidc only, mutually exclusive with --oidc-token)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l oidc-token -d 'The OIDC token to authenticate the request (generic-oidc only, mutually exclusive with --oidc-provider); defaults to the FLUX_TRIGGER_RECEIVER_OIDC_TOKEN environment variable' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l oidc-audience -d 'The audience of the OIDC token to fetch (requires --oidc-provider); defaults to "notification-controller"' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l payload -d 'JSON payload to send' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l retries -d 'Retries of a transient failure (connection errors, 404, 408, 429 and 5xx)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l retry-delay -d 'The delay between retries' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Trigger a Receiver by posting to its webhook URL (the path is computed from the token)'
complete -c flux -n "__fish_flux_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand version" -s o -l output -d 'The format in which to print the version information (yaml or json)' -r
complete -c flux -n "__fish_flux_using_subcommand version" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand version" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand version" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand version" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l client -d 'Print only the client version'
complete -c flux -n "__fish_flux_using_subcommand version" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand version" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand version" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand version" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand version" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -f -a "artifact" -d 'Push artifact: a tarball of a directory or file uploaded to an OCI repository'
complete -c flux -n "__fish_flux_using_subcommand push; and not __fish_seen_subcommand_from artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -s f -l path -d 'Path to the directory where the Kubernetes manifests are located' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l source -d 'The source address, e.g. the Git URL' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l revision -d 'The source revision in the format \'<branch|tag>@sha1:<commit-sha>\'' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l creds -d 'Credentials for OCI registry in the format <username>[:<password>] if --provider is generic' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l provider -d 'The OCI provider name (only \'generic\' in this build: credentials from --creds or the Docker config)' -r -f -a "generic\t''"
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l ignore-paths -d 'Set paths to ignore in .gitignore format' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -s a -l annotations -d 'Set custom OCI annotations in the format \'<key>=<value>\'' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -s o -l output -d 'The format in which the artifact digest should be printed, can be \'json\' or \'yaml\'' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l debug -d 'Display logs from underlying library'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l reproducible -d 'Ensure reproducible image digests by setting the created timestamp to \'1970-01-01T00:00:00Z\''
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l insecure-registry -d 'Allows artifacts to be pushed without TLS'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l resolve-symlinks -d 'Resolve symlinks by copying their targets into the artifact'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Push artifact: a tarball of a directory or file uploaded to an OCI repository'
complete -c flux -n "__fish_flux_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -f -a "artifact" -d 'Pull artifact: download an OCI artifact and extract its content'
complete -c flux -n "__fish_flux_using_subcommand pull; and not __fish_seen_subcommand_from artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -s o -l output -d 'Path where the artifact content should be extracted' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l creds -d 'Credentials for OCI registry in the format <username>[:<password>] if --provider is generic' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l provider -d 'The OCI provider name (only \'generic\' in this build: credentials from --creds or the Docker config)' -r -f -a "generic\t''"
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l insecure-registry -d 'Allows artifacts to be pulled without TLS'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Pull artifact: download an OCI artifact and extract its content'
complete -c flux -n "__fish_flux_using_subcommand pull; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -f -a "artifact" -d 'Tag artifact: give an artifact more tags in its repository'
complete -c flux -n "__fish_flux_using_subcommand tag; and not __fish_seen_subcommand_from artifact help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l tag -d 'Tag name' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l creds -d 'Credentials for OCI registry in the format <username>[:<password>] if --provider is generic' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l provider -d 'The OCI provider name (only \'generic\' in this build: credentials from --creds or the Docker config)' -r -f -a "generic\t''"
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from artifact" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "artifact" -d 'Tag artifact: give an artifact more tags in its repository'
complete -c flux -n "__fish_flux_using_subcommand tag; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -f -a "artifacts" -d 'List artifacts: the tags of an OCI repository with their digests and metadata'
complete -c flux -n "__fish_flux_using_subcommand list; and not __fish_seen_subcommand_from artifacts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l filter-semver -d 'Filter tags returned from the oci repository using semver' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l filter-regex -d 'Filter tags returned from the oci repository using regex' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l creds -d 'Credentials for OCI registry in the format <username>[:<password>] if --provider is generic' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l provider -d 'The OCI provider name (only \'generic\' in this build: credentials from --creds or the Docker config)' -r -f -a "generic\t''"
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l insecure-registry -d 'Allows the remote artifacts list to be fetched without TLS'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from artifacts" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "artifacts" -d 'List artifacts: the tags of an OCI repository with their digests and metadata'
complete -c flux -n "__fish_flux_using_subcommand list; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand gen" -l openapi -d 'OpenAPI v2 document of a kube-apiserver (for `smp-keys`)' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l server -d 'The address and port of the Kubernetes API server' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l as -d 'Username to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l as-group -d 'Group to impersonate for the operation (repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l as-user-extra -d 'User extras to impersonate for the operation (`key=value`, repeatable)' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l certificate-authority -d 'Path to a cert file for the certificate authority' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -l client-certificate -d 'Path to a client certificate file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -l client-key -d 'Path to a client key file for TLS' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -l tls-server-name -d 'Server name to use for server certificate validation' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l user -d 'The name of the kubeconfig user to use' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l cache-dir -d 'Accepted for kubectl compatibility; this CLI keeps no discovery cache, so nothing is written there' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand gen" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c flux -n "__fish_flux_using_subcommand gen" -l disable-compression -d 'If true, opt-out of response compression for all requests to the server'
complete -c flux -n "__fish_flux_using_subcommand gen" -l ns-follows-kube-context -d 'Use the namespace of the current kubeconfig context unless `--namespace` (or FLUX_SYSTEM_NAMESPACE) is given'
complete -c flux -n "__fish_flux_using_subcommand gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "bootstrap" -d 'Deploy Flux on a cluster the GitOps way'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "build" -d 'Build a flux resource from local files'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "check" -d 'Check requirements and installation'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "completion" -d 'Generates completion scripts for various shells'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "create" -d 'Create or update sources and resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "diff" -d 'Diff a flux resource'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "envsubst" -d 'envsubst substitutes the values of environment variables'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "events" -d 'Display Kubernetes events for Flux resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "logs" -d 'Display formatted logs for Flux components'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "delete" -d 'Delete sources and resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "export" -d 'Export resources in YAML format'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "get" -d 'Get the resources and their status'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "reconcile" -d 'Reconcile sources and resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "resume" -d 'Resume suspended resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "suspend" -d 'Suspend resources'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "kustomize" -d 'Build kustomize overlays (kustomize build, without a separate binary)'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "install" -d 'Install or upgrade Flux'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "trace" -d 'Trace in-cluster objects throughout the GitOps delivery pipeline'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "debug" -d 'Debug a flux resource'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "plugin" -d 'Manage Flux CLI plugins'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "tree" -d 'Print the resources reconciled by Flux'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "uninstall" -d 'Uninstall Flux and its custom resource definitions'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "serve" -d 'Run Flux controllers in this process'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "migrate" -d 'Migrate Flux objects to the latest API versions, or a Flux v1 setup to Flux v2 (`migrate v1`)'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "stats" -d 'Print the reconcilers\' statistics'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "trigger" -d 'Trigger webhook receivers'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "version" -d 'Print the client and server-side components version information'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "push" -d 'Push artifacts'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "pull" -d 'Pull artifacts'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "tag" -d 'Tag artifacts'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "list" -d 'List artifacts'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "gen" -d 'Generate the files this repository keeps in sync with the binary'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from bootstrap build check completion create diff envsubst events logs delete export get reconcile resume suspend kustomize install trace debug plugin tree uninstall serve migrate stats trigger version push pull tag list gen help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from bootstrap" -f -a "git" -d 'Deploy Flux on a cluster connected to a Git repository (any Git server)'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from bootstrap" -f -a "github" -d 'Deploy Flux on a cluster connected to a GitHub repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from bootstrap" -f -a "gitlab" -d 'Deploy Flux on a cluster connected to a GitLab repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from bootstrap" -f -a "gitea" -d 'Deploy Flux on a cluster connected to a Gitea repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from bootstrap" -f -a "bitbucket-server" -d 'Deploy Flux on a cluster connected to a Bitbucket Server repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from build" -f -a "artifact" -d 'Build artifact: a gzip tarball of a directory or file, as `push artifact` uploads it'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from build" -f -a "kustomization" -d 'Build Kustomization'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from build" -f -a "helmrelease" -d 'Build HelmRelease: render a HelmRelease\'s chart offline, as `helm template` prints it'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "source" -d 'Create or update sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "secret" -d 'Create or update Kubernetes secrets'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "kustomization" -d 'Create or update a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "helmrelease" -d 'Create or update a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "alert" -d 'Create or update an Alert resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "alert-provider" -d 'Create or update a Provider resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "receiver" -d 'Create or update a Receiver resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "tenant" -d 'Create or update a tenant: namespaces, service accounts and role bindings that limit the reconcilers to the tenant\'s namespaces'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "image" -d 'Create or update image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from diff" -f -a "artifact" -d 'Diff Artifact: compare a local directory or file with an OCI artifact'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from diff" -f -a "kustomization" -d 'Diff Kustomization'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from diff" -f -a "helmrelease" -d 'Diff HelmRelease: what the next upgrade would change in the cluster'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "artifact" -d 'Artifact generators'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "sources" -d 'Get source statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "kustomizations" -d 'Get Kustomization statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "helmreleases" -d 'Get HelmRelease statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "images" -d 'Get image automation object status'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "alerts" -d 'Get Alert statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "alert-providers" -d 'Get Provider statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "receivers" -d 'Get Receiver statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "all" -d 'Get all resources and statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from get" -f -a "artifact" -d 'Get artifact object statuses'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from reconcile" -f -a "source" -d 'Reconcile sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from reconcile" -f -a "kustomization" -d 'Reconcile a Kustomization resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from reconcile" -f -a "helmrelease" -d 'Reconcile a HelmRelease resource'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from reconcile" -f -a "receiver" -d 'Reconcile a Receiver'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from reconcile" -f -a "image" -d 'Reconcile image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from resume" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "source" -d 'Sources'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "kustomization" -d 'Kustomizations'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "helmrelease" -d 'HelmReleases'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "alert" -d 'Alerts'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "alert-provider" -d 'Alert Providers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "receiver" -d 'Receivers'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from suspend" -f -a "image" -d 'Image automation objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from kustomize" -f -a "build" -d 'Build a kustomization target from a directory; prints what `kustomize build` prints'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "kustomization" -d 'Debug a Flux Kustomization resource (prints Secret values of postBuild.substituteFrom with --show-vars)'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "helmrelease" -d 'Debug a Flux HelmRelease resource (prints Secret values of valuesFrom with --show-values)'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "install" -d 'Install a plugin from the catalog'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "list" -d 'List installed plugins'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "search" -d 'Search the plugin catalog'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "update" -d 'Update installed plugins'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "uninstall" -d 'Uninstall a plugin'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from tree" -f -a "kustomization" -d 'Print the resources reconciled by a Kustomization'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from tree" -f -a "artifact" -d 'Print the resources of artifact objects'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "v1" -d 'Convert a Flux v1 setup (fluxd, .flux.yaml, FluxCloud) to Flux v2 objects and repository edits'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "receiver" -d 'Trigger a Receiver by posting to its webhook URL (the path is computed from the token)'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "artifact" -d 'Push artifact: a tarball of a directory or file uploaded to an OCI repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from pull" -f -a "artifact" -d 'Pull artifact: download an OCI artifact and extract its content'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from tag" -f -a "artifact" -d 'Tag artifact: give an artifact more tags in its repository'
complete -c flux -n "__fish_flux_using_subcommand help; and __fish_seen_subcommand_from list" -f -a "artifacts" -d 'List artifacts: the tags of an OCI repository with their digests and metadata'
