//! A local Git server for the demo: Debian's `git http-backend` behind a loopback HTTP server
//! with basic auth (`demo`/`demo`), holding one repository `fleet.git` on branch `main` that
//! starts with the content of a directory. Prints the repository URL on stdout and serves until
//! stopped. Used by `scripts/demo.sh`.
//!
//! Usage: `cargo run --example git_server -- <content-dir>`.

#[path = "../tests/support/git_server.rs"]
mod git_server;

use std::io::Write;

fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dst = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dst)?;
            copy_tree(&entry.path(), &dst)?;
        } else {
            std::fs::copy(entry.path(), &dst)?;
        }
    }
    Ok(())
}

fn main() {
    let Some(content) = std::env::args().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("✗ usage: git_server <content-dir>");
        std::process::exit(2);
    };
    let server = git_server::GitServer::start(git_server::ServerAuth {
        basic: Some(("demo".into(), "demo".into())),
        bearer: None,
    });
    let work = server.repo("fleet", "main");
    if let Err(e) = copy_tree(&content, &work.dir) {
        eprintln!("✗ copying {}: {e}", content.display());
        std::process::exit(1);
    }
    work.commit(&[], "Add the demo fleet");
    work.push();
    println!("{}", server.url("fleet"));
    let _ = std::io::stdout().flush();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
