//! What `flux migrate v1` tells the user and writes: the report (objects, repository edits,
//! what was not carried over, manual steps), the unified diff of the planned edits (for
//! `--dry-run`), and writing the edits into the checkout as one commit.

use std::path::Path;

use super::plan::{Edit, Plan};
use super::Error;

/// What the migration says to the user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// `Kind/namespace/name` of each object written.
    pub objects: Vec<String>,
    /// Items that could not be carried over: (item, reason).
    pub lossy: Vec<(String, String)>,
    /// Steps the user must take, in order.
    pub manual: Vec<String>,
}

impl Report {
    /// Adds a lossy item.
    pub fn lossy(&mut self, item: &str, reason: &str) {
        self.lossy.push((item.to_string(), reason.to_string()));
    }

    /// Adds a manual step.
    pub fn manual(&mut self, step: String) {
        if !self.manual.contains(&step) {
            self.manual.push(step);
        }
    }
}

/// The report printed after planning.
pub fn render(plan: &Plan) -> String {
    let r = &plan.report;
    let mut s = String::from("Objects (Flux v2):\n");
    for o in &r.objects {
        s.push_str(&format!("  {o}\n"));
    }
    s.push_str("Repository edits:\n");
    for e in &plan.edits {
        match e {
            Edit::Write { path, why, .. } => s.push_str(&format!("  write  {path}: {why}\n")),
            Edit::Delete { path, why } => s.push_str(&format!("  delete {path}: {why}\n")),
        }
    }
    if !r.lossy.is_empty() {
        s.push_str("Not carried over:\n");
        for (item, why) in &r.lossy {
            s.push_str(&format!("  {item}: {why}\n"));
        }
    }
    if !r.manual.is_empty() {
        s.push_str("Manual steps:\n");
        for (i, step) in r.manual.iter().enumerate() {
            s.push_str(&format!("  {}. {step}\n", i + 1));
        }
    }
    s
}

/// The unified diff of the planned edits against the checkout.
pub fn diff(root: &Path, plan: &Plan) -> String {
    let mut out = String::new();
    for e in &plan.edits {
        let p = root.join(e.path());
        let old = std::fs::read_to_string(&p).unwrap_or_default();
        let new = match e {
            Edit::Write { content, .. } => content.clone(),
            Edit::Delete { .. } => String::new(),
        };
        let a = if p.exists() {
            format!("a/{}", e.path())
        } else {
            String::from("/dev/null")
        };
        let b = if matches!(e, Edit::Delete { .. }) {
            String::from("/dev/null")
        } else {
            format!("b/{}", e.path())
        };
        let d = similar::TextDiff::from_lines(&old, &new);
        out.push_str(
            &d.unified_diff()
                .context_radius(3)
                .header(&a, &b)
                .to_string(),
        );
    }
    out
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the planned edits into the checkout at `root`.
pub fn apply_edits(root: &Path, edits: &[Edit]) -> Result<(), Error> {
    for e in edits {
        let p = root.join(e.path());
        match e {
            Edit::Write { content, .. } => {
                if let Some(d) = p.parent() {
                    std::fs::create_dir_all(d).map_err(io(d))?;
                }
                std::fs::write(&p, content).map_err(io(&p))?;
            }
            Edit::Delete { .. } => std::fs::remove_file(&p).map_err(io(&p))?,
        }
    }
    Ok(())
}

/// Commits the edits (paths relative to `root`, inside `repo`'s work tree) as one commit on
/// HEAD; returns its short id.
pub fn commit_edits(repo: &git2::Repository, root: &Path, edits: &[Edit]) -> Result<String, Error> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::Git(String::from("bare repository")))?;
    let workdir = workdir.canonicalize().map_err(io(workdir))?;
    let root = root.canonicalize().map_err(io(root))?;
    let prefix = root.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let mut index = repo.index().map_err(git)?;
    for e in edits {
        let p = prefix.join(e.path());
        match e {
            Edit::Write { .. } => index.add_path(&p).map_err(git)?,
            Edit::Delete { .. } => index.remove_path(&p).map_err(git)?,
        }
    }
    index.write().map_err(git)?;
    let tree = repo
        .find_tree(index.write_tree().map_err(git)?)
        .map_err(git)?;
    let sig = repo
        .signature()
        .or_else(|_| git2::Signature::now("Flux", "flux@localhost"))
        .map_err(git)?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let id = repo
        .commit(
            Some("HEAD"),
            &sig,
            &sig,
            "Migrate Flux v1 configuration to Flux v2\n\nWritten by flux migrate v1.",
            &tree,
            &parents,
        )
        .map_err(git)?;
    Ok(id.to_string()[..12].to_string())
}
