# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_flux_global_optspecs
    string join \n n/namespace= kubeconfig= context= timeout= verbose kube-api-qps= kube-api-burst= h/help V/version
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
complete -c flux -n "__fish_flux_needs_command" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_needs_command" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_needs_command" -s V -l version -d 'Print version'
complete -c flux -n "__fish_flux_needs_command" -f -a "check" -d 'Check requirements and installation'
complete -c flux -n "__fish_flux_needs_command" -f -a "completion" -d 'Generates completion scripts for various shells'
complete -c flux -n "__fish_flux_needs_command" -f -a "install" -d 'Install or upgrade Flux'
complete -c flux -n "__fish_flux_needs_command" -f -a "uninstall" -d 'Uninstall Flux and its custom resource definitions'
complete -c flux -n "__fish_flux_needs_command" -f -a "version" -d 'Print the client and server-side components version information'
complete -c flux -n "__fish_flux_needs_command" -f -a "gen" -d 'Generate the files this repository keeps in sync with the binary'
complete -c flux -n "__fish_flux_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c flux -n "__fish_flux_using_subcommand check" -l components -d 'List of components, accepts comma-separated values' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l components-extra -d 'List of components in addition to those supplied or defaulted' -r
complete -c flux -n "__fish_flux_using_subcommand check" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand check" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand check" -l pre -d 'Only run pre-installation checks'
complete -c flux -n "__fish_flux_using_subcommand check" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand check" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand completion" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand completion" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand completion" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c flux -n "__fish_flux_using_subcommand install" -s v -l version -d 'Toolkit version (the version of this binary; other versions are refused)' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l components -d 'List of components to install' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l components-extra -d 'List of components in addition to those supplied or defaulted, accepts values such as \'image-reflector-controller,image-automation-controller\'' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l registry -d 'Container registry where the toolkit images are published' -r
complete -c flux -n "__fish_flux_using_subcommand install" -l image-pull-secret -d 'Kubernetes secret name used for pulling the toolkit images from a private registry' -r
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
complete -c flux -n "__fish_flux_using_subcommand install" -l export -d 'Write the install manifests to stdout and exit'
complete -c flux -n "__fish_flux_using_subcommand install" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand install" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l keep-namespace -d 'Skip namespace deletion'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l dry-run -d 'Only print the objects that would be deleted'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s s -l silent -d 'Delete components without asking for confirmation'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand uninstall" -s h -l help -d 'Print help'
complete -c flux -n "__fish_flux_using_subcommand version" -s o -l output -d 'The format in which to print the version information (yaml or json)' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c flux -n "__fish_flux_using_subcommand version" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand version" -l client -d 'Print only the client version'
complete -c flux -n "__fish_flux_using_subcommand version" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c flux -n "__fish_flux_using_subcommand gen" -s n -l namespace -d 'The namespace scope for this operation' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c flux -n "__fish_flux_using_subcommand gen" -l context -d 'The name of the kubeconfig context to use' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l timeout -d 'Timeout for this operation (Go duration: 90s, 1m30s, 1h)' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kube-api-qps -d 'The maximum queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l kube-api-burst -d 'The maximum burst queries-per-second of requests sent to the Kubernetes API' -r
complete -c flux -n "__fish_flux_using_subcommand gen" -l verbose -d 'Print the generated objects'
complete -c flux -n "__fish_flux_using_subcommand gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "check" -d 'Check requirements and installation'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "completion" -d 'Generates completion scripts for various shells'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "install" -d 'Install or upgrade Flux'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "uninstall" -d 'Uninstall Flux and its custom resource definitions'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "version" -d 'Print the client and server-side components version information'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "gen" -d 'Generate the files this repository keeps in sync with the binary'
complete -c flux -n "__fish_flux_using_subcommand help; and not __fish_seen_subcommand_from check completion install uninstall version gen help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
