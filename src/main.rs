//! The `flux` binary: parse arguments, initialise logging, dispatch, map errors to exit codes.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = flux::cli::Cli::parse();
    // File-only commands need neither logging nor an async runtime; starting them costs more
    // than a small build.
    if let Some(result) = flux::cli::run_sync(&cli) {
        if let Err(e) = result {
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("✗ {msg}");
            std::process::exit(1);
        }
        return;
    }
    match &cli.command {
        flux::cli::Command::Serve(args) => flux::cli::serve::init_logging(args),
        _ => tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_env("FLUX_LOG")
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .with_writer(std::io::stderr)
            .init(),
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
        let msg = format!("{e:#}").replace('\n', " ");
        eprintln!("✗ {msg}");
        std::process::exit(1);
    }
}
