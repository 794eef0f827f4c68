//! A writable clone of one branch, for bootstrap and image updates: open (clone the branch,
//! start it from the remote's default branch, or start an empty repository) or check out any
//! reference onto a push branch, write files, commit as a given author, and push (forced,
//! with push options and an extra refspec for image updates) — with the same credentials, host-key and CA checks as fetching. A push the
//! server refuses (e.g. a protected branch) is an error naming the branch.

use std::path::{Path, PathBuf};

use git2::{build::CheckoutBuilder, PushOptions, Repository};

use super::{redact_url, CheckoutOptions, Error, Result, Session};

/// The text of a commit object (git's format), the author also committing at `when`. Names and
/// emails may be empty, as in go-git, but cannot hold `<`, `>` or line breaks.
fn commit_text(
    tree: &str,
    parent: Option<&str>,
    author: (&str, &str),
    when: chrono::DateTime<chrono::FixedOffset>,
    message: &str,
) -> std::result::Result<String, String> {
    for (what, v) in [("author name", author.0), ("author email", author.1)] {
        if v.contains(['<', '>', '\n', '\r']) {
            return Err(format!(
                "{what} {v:?} cannot contain '<', '>' or a line break"
            ));
        }
    }
    let person = format!(
        "{} <{}> {} {}",
        author.0.trim(),
        author.1.trim(),
        when.timestamp(),
        when.format("%z")
    );
    let mut text = format!("tree {tree}\n");
    if let Some(p) = parent {
        text.push_str(&format!("parent {p}\n"));
    }
    text.push_str(&format!("author {person}\ncommitter {person}\n\n{message}"));
    Ok(text)
}

/// Turns a commit buffer into a signature (armored PGP or SSH).
pub type Signer<'a> = &'a dyn Fn(&str) -> std::result::Result<String, String>;

/// A clone of `branch` in a local directory.
pub struct Workspace {
    /// The working directory.
    pub dir: PathBuf,
    repo: Repository,
    opts: CheckoutOptions,
    branch: String,
}

impl Workspace {
    /// Clones `branch` of `opts.url` into `dir` (which must be empty or missing).
    pub fn open(opts: &CheckoutOptions, branch: &str, dir: &Path) -> Result<Workspace> {
        super::steer(&opts.url)?;
        let session = Session::new(opts);
        let git_err = |op: &'static str, e: git2::Error| session.classify(op, e);
        let repo = Repository::init(dir).map_err(|e| git_err("init", e))?;
        let refs = session.ls_remote()?;
        let want = format!("refs/heads/{branch}");
        let start = refs
            .iter()
            .find(|(n, _)| *n == want)
            .map(|(_, oid)| (want.clone(), oid.clone()))
            .or_else(|| {
                // A new branch starts from the remote's default branch, if it has one.
                refs.iter()
                    .find(|(n, _)| n == "HEAD")
                    .and_then(|(_, head)| {
                        refs.iter()
                            .find(|(n, o)| n.starts_with("refs/heads/") && o == head)
                    })
                    .cloned()
            });
        {
            let mut remote = repo
                .remote("origin", &opts.url)
                .map_err(|e| git_err("remote", e))?;
            if let Some((name, _)) = &start {
                let mut fo = session.fetch_options();
                let headers = session.headers();
                let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
                fo.custom_headers(&hrefs);
                remote
                    .fetch(
                        &[format!("+{name}:refs/remotes/origin/start")],
                        Some(&mut fo),
                        None,
                    )
                    .map_err(|e| git_err("fetch", e))?;
            }
        }
        if let Some((_, oid)) = &start {
            let oid = git2::Oid::from_str(oid).map_err(|e| git_err("fetch", e))?;
            let commit = repo.find_commit(oid).map_err(|e| git_err("checkout", e))?;
            repo.branch(branch, &commit, true)
                .map_err(|e| git_err("checkout", e))?;
            repo.set_head(&want).map_err(|e| git_err("checkout", e))?;
            repo.checkout_head(Some(CheckoutBuilder::new().force()))
                .map_err(|e| git_err("checkout", e))?;
        } else {
            repo.set_head(&want).map_err(|e| git_err("checkout", e))?;
        }
        Ok(Workspace {
            dir: dir.to_path_buf(),
            repo,
            opts: opts.clone(),
            branch: branch.to_string(),
        })
    }

    /// Continues on a new local branch `name` from the current head; pushes go there.
    pub fn switch_branch(&mut self, name: &str) -> Result<()> {
        let url = redact_url(&self.opts.url);
        let err = |e: git2::Error| Error::Git {
            op: "branch",
            url: url.clone(),
            message: e.message().to_string(),
        };
        if let Some(c) = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok()) {
            self.repo.branch(name, &c, true).map_err(err)?;
        }
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .map_err(err)?;
        self.branch = name.to_string();
        Ok(())
    }

    /// Reads a file of the working tree (None when missing).
    pub fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(rel)).ok()
    }

    /// Writes a file; returns whether its content changed.
    pub fn write(&self, rel: &str, content: &str) -> Result<bool> {
        if self.read(rel).as_deref() == Some(content) {
            return Ok(false);
        }
        let p = self.dir.join(rel);
        let io = |e: std::io::Error| Error::Git {
            op: "write",
            url: rel.to_string(),
            message: e.to_string(),
        };
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(io)?;
        }
        std::fs::write(&p, content).map_err(io)?;
        Ok(true)
    }

    /// Commits every change of the working tree; `None` when nothing changed. `sign` turns the
    /// commit buffer into a signature (armored PGP or SSH) when signing is asked for.
    pub fn commit(
        &self,
        message: &str,
        author: (&str, &str),
        sign: Option<Signer>,
    ) -> Result<Option<String>> {
        let url = redact_url(&self.opts.url);
        let err = |e: git2::Error| Error::Git {
            op: "commit",
            url: url.clone(),
            message: e.message().to_string(),
        };
        let mut index = self.repo.index().map_err(err)?;
        index
            .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
            .map_err(err)?;
        index.write().map_err(err)?;
        let tree_id = index.write_tree().map_err(err)?;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        if parent.as_ref().is_some_and(|p| p.tree_id() == tree_id) {
            return Ok(None);
        }
        // The commit object is written here rather than by libgit2's signature API, which
        // refuses an empty email — Flux's default `--author-email` is empty.
        let text = commit_text(
            &tree_id.to_string(),
            parent.as_ref().map(|p| p.id().to_string()).as_deref(),
            author,
            chrono::Local::now().fixed_offset(),
            message,
        )
        .map_err(|m| Error::Git {
            op: "commit",
            url: url.clone(),
            message: m,
        })?;
        let id = match sign {
            None => self
                .repo
                .odb()
                .and_then(|odb| odb.write(git2::ObjectType::Commit, text.as_bytes()))
                .map_err(err)?,
            Some(sign) => {
                let signature = sign(&text).map_err(|m| Error::Git {
                    op: "sign",
                    url: url.clone(),
                    message: m,
                })?;
                self.repo
                    .commit_signed(&text, &signature, None)
                    .map_err(err)?
            }
        };
        let refname = format!("refs/heads/{}", self.branch);
        self.repo
            .reference(&refname, id, true, "bootstrap: commit")
            .map_err(err)?;
        Ok(Some(id.to_string()))
    }

    /// The commit HEAD points at.
    pub fn head(&self) -> Option<String> {
        self.repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o| o.to_string())
    }

    /// Checks out `opts.reference` (any kind: branch, tag, semver, name or commit, with full
    /// history so new commits can be pushed) for an image update, on the local branch
    /// `push_branch`. With `switch` (the push branch differs from the checkout branch) the
    /// branch starts from the remote's `push_branch` when it exists, as image-automation's
    /// all-branch checkout does, else from the checked-out commit. Returns the workspace and
    /// what the reference resolved to.
    pub fn for_update(
        opts: &CheckoutOptions,
        push_branch: &str,
        switch: bool,
        dir: &Path,
    ) -> Result<(Workspace, super::Checkout)> {
        let mut full = opts.clone();
        full.full_history = true;
        let checkout = super::checkout(&full, dir)?;
        let session = Session::new(opts);
        let git_err = |op: &'static str, e: git2::Error| session.classify(op, e);
        let repo = Repository::open(dir).map_err(|e| git_err("checkout", e))?;
        let mut remote = repo
            .remote("origin", &opts.url)
            .map_err(|e| git_err("remote", e))?;
        let mut start =
            git2::Oid::from_str(&checkout.commit).map_err(|e| git_err("checkout", e))?;
        if switch {
            let mut fo = session.fetch_options();
            let headers = session.headers();
            let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
            fo.custom_headers(&hrefs);
            let tracking = format!("refs/remotes/origin/{push_branch}");
            match remote.fetch(
                &[format!("+refs/heads/{push_branch}:{tracking}")],
                Some(&mut fo),
                None,
            ) {
                Ok(()) => {
                    if let Ok(id) = repo.refname_to_id(&tracking) {
                        start = id;
                    }
                }
                Err(e) if e.message().contains("couldn't find remote ref") => {}
                Err(e) => return Err(git_err("fetch", e)),
            }
        }
        drop(remote);
        {
            let commit = repo
                .find_commit(start)
                .map_err(|e| git_err("checkout", e))?;
            repo.branch(push_branch, &commit, true)
                .map_err(|e| git_err("checkout", e))?;
            repo.set_head(&format!("refs/heads/{push_branch}"))
                .map_err(|e| git_err("checkout", e))?;
            repo.checkout_head(Some(CheckoutBuilder::new().force()))
                .map_err(|e| git_err("checkout", e))?;
        }
        Ok((
            Workspace {
                dir: dir.to_path_buf(),
                repo,
                opts: opts.clone(),
                branch: push_branch.to_string(),
            },
            checkout,
        ))
    }

    /// Pushes the branch to the same branch of `origin` (`force` replaces it whatever it
    /// holds), then, when `refspec` is given, pushes that refspec too. `options` are git push
    /// options (`key=value`), sent only when the server accepts push options, as go-git does.
    /// A refusal names the ref and the server's reason.
    pub fn push_update(
        &self,
        force: bool,
        options: &[String],
        refspec: Option<&str>,
    ) -> Result<()> {
        let branch = format!("refs/heads/{0}:refs/heads/{0}", self.branch);
        let branch = if force { format!("+{branch}") } else { branch };
        self.push_specs(&branch, options, "")?;
        if let Some(spec) = refspec.filter(|s| !s.is_empty()) {
            self.push_specs(spec, options, "")?;
        }
        Ok(())
    }

    /// Pushes the branch; a refusal by the server is an error naming the branch and reason.
    pub fn push(&self) -> Result<()> {
        let spec = format!("refs/heads/{0}:refs/heads/{0}", self.branch);
        self.push_specs(&spec, &[], " (a protected branch? use --pull-request)")
    }

    /// Pushes one refspec; `hint` ends the message of a refusal.
    fn push_specs(&self, spec: &str, options: &[String], hint: &str) -> Result<()> {
        match self.push_once(spec, options, hint) {
            // go-git sends push options only to servers that advertise them.
            Err(Error::Git { message, .. })
                if !options.is_empty() && message.contains("push-options") =>
            {
                self.push_once(spec, &[], hint)
            }
            other => other,
        }
    }

    fn push_once(&self, spec: &str, options: &[String], hint: &str) -> Result<()> {
        super::steer(&self.opts.url)?;
        let session = Session::new(&self.opts);
        let mut remote = self
            .repo
            .find_remote("origin")
            .map_err(|e| session.classify("push", e))?;
        let rejected: std::cell::RefCell<Option<String>> = Default::default();
        let mut cb = session.callbacks();
        cb.push_update_reference(|_, status| {
            if let Some(s) = status {
                *rejected.borrow_mut() = Some(s.to_string());
            }
            Ok(())
        });
        let mut po = PushOptions::new();
        po.remote_callbacks(cb);
        let headers = session.headers();
        let hrefs: Vec<&str> = headers.iter().map(String::as_str).collect();
        po.custom_headers(&hrefs);
        let opt_refs: Vec<&str> = options.iter().map(String::as_str).collect();
        if !opt_refs.is_empty() {
            po.remote_push_options(&opt_refs);
        }
        remote
            .push(&[spec], Some(&mut po))
            .map_err(|e| session.classify("push", e))?;
        drop(po);
        if let Some(why) = rejected.take() {
            let target = spec.trim_start_matches('+');
            let target = target.rsplit(':').next().unwrap_or(target);
            let what = match target.strip_prefix("refs/heads/") {
                Some(b) => format!("branch '{b}'"),
                None => format!("ref '{target}'"),
            };
            return Err(Error::Git {
                op: "push",
                url: redact_url(&self.opts.url),
                message: format!("the server refused {what}: {why}{hint}"),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::commit_text;

    fn when() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+01:00").unwrap()
    }

    #[test]
    fn commit_text_has_gits_layout_and_allows_an_empty_email() {
        let text = commit_text(
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            Some("1111111111111111111111111111111111111111"),
            ("Flux", ""),
            when(),
            "Add Flux sync manifests",
        )
        .unwrap();
        assert_eq!(
            text,
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
             parent 1111111111111111111111111111111111111111\n\
             author Flux <> 1796202000 +0100\n\
             committer Flux <> 1796202000 +0100\n\
             \n\
             Add Flux sync manifests"
        );
        let root = commit_text("t", None, ("Flux", "f@x"), when(), "m").unwrap();
        assert!(root.starts_with("tree t\nauthor Flux <f@x> "), "{root}");
    }

    #[test]
    fn commit_text_refuses_angle_brackets_and_line_breaks_in_the_author() {
        for author in [("Fl<ux", ""), ("Flux", "a>b"), ("Flux\nX", "")] {
            let e = commit_text("t", None, author, when(), "m").unwrap_err();
            assert!(e.contains("cannot contain"), "{e}");
        }
    }
}
