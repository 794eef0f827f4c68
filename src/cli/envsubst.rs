//! `flux envsubst [--strict]`: Flux's post-build substitution as a stdin → stdout filter, with
//! the process environment as the variables.

use std::io::Read;

use crate::kustomize::envsubst;

/// Flags of `flux envsubst`.
#[derive(Debug, clap::Args)]
pub struct EnvsubstArgs {
    /// Fail if the input contains a variable that is not set and has no default.
    #[arg(long)]
    pub strict: bool,
}

/// Runs the command.
pub fn run(args: &EnvsubstArgs) -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let out = envsubst::expand(&input, args.strict, &|name| std::env::var(name).ok())?;
    crate::output::print_stdout(&out)?;
    Ok(())
}
