//! The `flux` binary: parse arguments, initialise logging, dispatch, map errors to exit codes.
#![forbid(unsafe_code)]

use clap::Parser;

/// `flux serve …` parsed without the rest of the command tree: building clap's definition of
/// every command touches code spread over most of the binary, and the controllers' resident
/// memory is dominated by the pages they have touched. Anything this parser refuses (help,
/// errors) goes through the full parser, so output is unchanged.
#[derive(clap::Parser)]
#[command(name = "flux", args_override_self = true)]
struct ServeOnly {
    #[command(flatten)]
    global: flux::cli::Global,
    #[command(subcommand)]
    command: ServeOnlyCommand,
}

#[derive(clap::Subcommand)]
enum ServeOnlyCommand {
    #[command(args_override_self = true)]
    Serve(Box<flux::cli::serve::ServeArgs>),
}

fn serve_fast_path() -> Option<ServeOnly> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if !args.iter().skip(1).any(|a| a == "serve")
        || args
            .iter()
            .any(|a| a == "-h" || a == "--help" || a == "help")
    {
        return None;
    }
    ServeOnly::try_parse_from(args).ok()
}

/// `flux build helmrelease …` parsed alone, for the same reason: an offline render should
/// cost what the render costs.
#[derive(clap::Parser)]
#[command(name = "flux")]
struct BuildHelmReleaseOnly {
    #[command(subcommand)]
    command: BuildOnlyCommand,
}

#[derive(clap::Subcommand)]
enum BuildOnlyCommand {
    #[command(subcommand)]
    Build(BuildOnly),
}

#[derive(clap::Subcommand)]
enum BuildOnly {
    #[command(alias = "hr")]
    Helmrelease(flux::cli::build_helmrelease::BuildHelmReleaseArgs),
}

fn build_helmrelease_fast_path() -> Option<BuildHelmReleaseOnly> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_none_or(|a| a != "build")
        || !args.get(2).is_some_and(|a| a == "helmrelease" || a == "hr")
        || args
            .iter()
            .any(|a| a == "-h" || a == "--help" || a == "help")
    {
        return None;
    }
    BuildHelmReleaseOnly::try_parse_from(args).ok()
}

/// Reports, once logging is up, how the executable's paging was set (the process runs either way).
fn log_paging(paging: Result<usize, flux::runtime::paging::Error>) {
    match paging {
        Ok(mappings) => tracing::debug!(mappings, "executable paged in on demand"),
        Err(e) => tracing::debug!(error = %e, "executable paged in as the system does"),
    }
}

fn main() {
    if let Some(b) = build_helmrelease_fast_path() {
        let BuildOnlyCommand::Build(BuildOnly::Helmrelease(a)) = b.command;
        if let Err(e) = flux::cli::build_helmrelease::run(&a) {
            eprintln!("✗ {}", flux::cli::error_line(&e));
            std::process::exit(1);
        }
        return;
    }
    if let Some(s) = serve_fast_path() {
        let ServeOnlyCommand::Serve(args) = s.command;
        let paging = flux::runtime::paging::page_own_code_on_demand();
        flux::runtime::allocator::limit_arenas();
        flux::runtime::allocator::return_free_pages();
        flux::cli::serve::init_logging(&args);
        log_paging(paging);
        let code = match tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => match rt.block_on(flux::cli::serve::run(*args, &s.global)) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("✗ {}", format!("{e:#}").replace('\n', " "));
                    1
                }
            },
            Err(e) => {
                eprintln!("✗ starting runtime: {e}");
                1
            }
        };
        std::process::exit(code);
    }
    let cli = match flux::cli::usage::parse(std::env::args_os()) {
        flux::cli::usage::Outcome::Parsed(cli) => *cli,
        flux::cli::usage::Outcome::Display(e) => e.exit(),
        flux::cli::usage::Outcome::Print(text) => {
            print!("{text}");
            return;
        }
        flux::cli::usage::Outcome::Usage(msg) => {
            eprintln!("✗ {msg}");
            std::process::exit(1);
        }
        flux::cli::usage::Outcome::Plugin(plugin, args) => {
            let e = flux::cli::plugin::exec(&plugin, &args);
            eprintln!("✗ running plugin {}: {e}", plugin.path.display());
            std::process::exit(1);
        }
    };
    // File-only commands need neither logging nor an async runtime; starting them costs more
    // than a small build.
    if let Some(result) = flux::cli::run_sync(&cli) {
        if let Err(e) = result {
            eprintln!("✗ {}", flux::cli::error_line(&e));
            std::process::exit(1);
        }
        return;
    }
    match &cli.command {
        flux::cli::Command::Serve(args) => {
            let paging = flux::runtime::paging::page_own_code_on_demand();
            flux::runtime::allocator::limit_arenas();
            flux::runtime::allocator::return_free_pages();
            flux::cli::serve::init_logging(args);
            log_paging(paging);
        }
        // Library logs stay off for commands (their errors end in one `✗` line) unless
        // `--verbose` or `FLUX_LOG` asks for them; colour only on a terminal without NO_COLOR.
        _ => {
            use std::io::IsTerminal;
            let default = if cli.global.verbose { "info" } else { "off" };
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_env("FLUX_LOG")
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default)),
                )
                .with_ansi(
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                )
                .with_writer(std::io::stderr)
                .init()
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("✗ starting runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(flux::cli::run(cli)) {
        eprintln!("✗ {}", flux::cli::error_line(&e));
        std::process::exit(1);
    }
}
