//! Release builds link the functions listed in `build/hot-symbols.txt` (what the controllers
//! and the offline render execute, profiled by `scripts/profile-symbol-order.sh`) next to each
//! other, with LLD's `--symbol-ordering-file`: a process then touches a few MB of contiguous
//! text instead of pages spread over the whole binary, which is most of its resident memory.
//! The list holds demangled names (stable across dependency and feature changes); the linker
//! wrapper `scripts/link-ordered.sh` (`.cargo/config.toml`) resolves them to this build's
//! mangled symbols at link time, into `<OUT_DIR>/hot-symbols.order`. Only for x86_64 Linux
//! (Rust 1.90 and later) through that wrapper: glibc builds link with rustc's bundled LLD by
//! default; the static musl build (the controller image's) is pointed at the same LLD
//! (`-fuse-ld=lld` from the toolchain's `gcc-ld` directory). `FLUX_NO_SYMBOL_ORDERING=1`
//! turns it off. Debug builds are untouched. The glibc builds also pack relative relocations
//! (DT_RELR) and link a position-dependent executable (the musl build is one already:
//! `relocation-model=static`).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/hot-symbols.txt");
    println!("cargo:rerun-if-changed=scripts/link-ordered.sh");
    println!("cargo:rerun-if-env-changed=FLUX_NO_SYMBOL_ORDERING");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let musl = env("TARGET") == "x86_64-unknown-linux-musl";
    if env("PROFILE") != "release"
        || !(musl || env("TARGET") == "x86_64-unknown-linux-gnu")
        || !env("FLUX_NO_SYMBOL_ORDERING").is_empty()
        || !env("RUSTC_LINKER").ends_with("link-ordered.sh")
        || env("CARGO_ENCODED_RUSTFLAGS").contains("link")
    {
        return;
    }
    // rustc links with its bundled LLD by default on the glibc target from 1.90.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let minor = Command::new(&rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
        .and_then(|v| v.split('.').nth(1).and_then(|m| m.parse::<u32>().ok()))
        .unwrap_or(0);
    let list = Path::new(&env("CARGO_MANIFEST_DIR")).join("build/hot-symbols.txt");
    if minor < 90 || !list.exists() {
        return;
    }
    // The musl target links with the C compiler's default linker, which has no symbol
    // ordering: use the LLD rustc ships (its `gcc-ld/ld.lld` runs `rust-lld`).
    let lld_dir = if musl {
        let found = Command::new(&rustc)
            .args(["--print", "sysroot"])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|root| {
                Path::new(root.trim())
                    .join("lib/rustlib")
                    .join(env("HOST"))
                    .join("bin/gcc-ld")
            })
            .filter(|dir| dir.join("ld.lld").exists());
        match found {
            Some(dir) => Some(dir),
            None => return,
        }
    } else {
        None
    };
    // The wrapper fills it at link time; empty, it orders nothing.
    let order = Path::new(&env("OUT_DIR")).join("hot-symbols.order");
    if std::fs::write(&order, "").is_err() {
        return;
    }
    if let Some(dir) = &lld_dir {
        println!("cargo:rustc-link-arg-bin=flux=-fuse-ld=lld");
        println!("cargo:rustc-link-arg-bin=flux=-B{}", dir.display());
    }
    println!(
        "cargo:rustc-link-arg-bin=flux=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    println!("cargo:rustc-link-arg-bin=flux=-Wl,--no-warn-symbol-ordering");
    if musl {
        return;
    }
    // Relative relocations packed (DT_RELR, glibc 2.36+): the loader no longer reads a
    // megabyte and a half of `.rela.dyn` at every start.
    println!("cargo:rustc-link-arg-bin=flux=-Wl,-z,pack-relative-relocs");
    // A position-dependent executable, as Go links Flux's own controllers: no relocation of
    // `.data.rel.ro` (a megabyte of vtables and static string tables) at every start, so
    // only the pages a process reads become resident.
    println!("cargo:rustc-link-arg-bin=flux=-no-pie");
}
