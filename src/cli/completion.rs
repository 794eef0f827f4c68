//! `flux completion bash|zsh|fish|powershell`: prints a shell completion script.

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

/// Flags of `flux completion`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to generate the completion script for.
    pub shell: CompletionShell,
}

/// Shells Flux supports.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CompletionShell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
}

impl CompletionShell {
    /// Every supported shell with its file name under `completions/`.
    pub const ALL: [(CompletionShell, &'static str); 4] = [
        (CompletionShell::Bash, "flux.bash"),
        (CompletionShell::Zsh, "_flux"),
        (CompletionShell::Fish, "flux.fish"),
        (CompletionShell::Powershell, "_flux.ps1"),
    ];

    fn shell(self) -> Shell {
        match self {
            CompletionShell::Bash => Shell::Bash,
            CompletionShell::Zsh => Shell::Zsh,
            CompletionShell::Fish => Shell::Fish,
            CompletionShell::Powershell => Shell::PowerShell,
        }
    }
}

/// The completion script for a shell.
pub fn script(shell: CompletionShell) -> Vec<u8> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell.shell(), &mut cmd, "flux", &mut out);
    out
}

/// Prints the script to stdout.
pub fn run(args: CompletionArgs) -> anyhow::Result<()> {
    crate::output::print_stdout(&String::from_utf8_lossy(&script(args.shell)))?;
    Ok(())
}
