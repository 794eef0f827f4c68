//! cargo fuzz target: extracting any archive (gzip of the input when the first byte is even,
//! the raw input as gzip otherwise) never panics and never creates anything outside the
//! destination: every path under it, followed through symlinks, stays inside.
#![no_main]

use std::path::Path;

use flux::artifact::extract::{extract_tar_gz, Limits};

fn check_inside(root: &Path, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let meta = std::fs::symlink_metadata(&p).expect("an extracted entry");
        assert!(
            meta.is_file() || meta.is_dir() || meta.file_type().is_symlink(),
            "{} is neither a file, a directory nor a symlink",
            p.display()
        );
        if meta.file_type().is_symlink() {
            if let Ok(real) = std::fs::canonicalize(&p) {
                assert!(real.starts_with(root), "{} escapes to {}", p.display(), real.display());
            }
        } else if meta.is_dir() {
            check_inside(root, &p);
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let base = std::env::temp_dir().join(format!("flux-fuzz-tar-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dest = base.join("dest");
    let limits = Limits {
        max_file_size: 1 << 20,
        max_total_size: 4 << 20,
        skip_symlinks: pick & 2 != 0,
    };
    let input = if pick % 2 == 0 {
        flux::artifact::goflate::gzip(rest)
    } else {
        rest.to_vec()
    };
    let _ = extract_tar_gz(&input[..], &dest, limits);
    if let Ok(root) = std::fs::canonicalize(&dest) {
        check_inside(&root, &root);
    }
    let siblings: Vec<_> = std::fs::read_dir(&base)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        siblings.iter().all(|n| n == "dest"),
        "extraction wrote beside the destination: {siblings:?}"
    );
    let _ = std::fs::remove_dir_all(&base);
});
