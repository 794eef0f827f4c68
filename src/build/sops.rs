//! Where Flux applies SOPS in a Kustomization build: files that generators and patches read
//! and encrypted resource files are decrypted in place before the build (`decrypt_sources`), and every built object that
//! carries a `sops` section — or a Secret whose data entries are encrypted files — is
//! decrypted after it (`decrypt_object_for_flux`), unless annotated
//! `kustomize.toolkit.fluxcd.io/decrypt: Disabled`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::Value;

use crate::kustomize::kustfile::Kustomization;
use crate::sops::{decrypt, decrypt_object, detect_format, format_for_path, Format, Keys};

/// Per-object opt-out of decryption.
pub const DECRYPT_KEY: &str = "kustomize.toolkit.fluxcd.io/decrypt";

/// Encrypted files larger than this are refused (Flux's limit).
const MAX_ENCRYPTED_FILE_SIZE: u64 = 5 << 20;

/// Errors decrypting a build's sources and objects; each names the file (relative to the
/// source root) or the object, never a value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file cannot be read, written or resolved.
    #[error("{file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// A file is not a regular file, too large, or not UTF-8 YAML.
    #[error("{file}: {message}")]
    Refused {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// A kustomization file the decryption walks cannot be read.
    #[error("{0}")]
    Kustomization(String),
    /// SOPS refused to decrypt a file.
    #[error("{file}: {error}")]
    File {
        /// The file.
        file: String,
        /// SOPS's error.
        error: Box<crate::sops::Error>,
    },
    /// SOPS refused to decrypt a resource in an encrypted resource file.
    #[error("{file}: failed to decrypt and format {object} data: {error}")]
    ResourceFile {
        /// The file.
        file: String,
        /// `'<namespace>/<name>' <Kind>`.
        object: String,
        /// SOPS's error.
        error: Box<crate::sops::Error>,
    },
    /// SOPS refused to decrypt an object (or one Secret data entry).
    #[error("failed to decrypt and format '{namespace}/{name}' {what}: {error}")]
    Object {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// `<Kind> data` or `Secret field '<key>'`.
        what: String,
        /// SOPS's error.
        error: Box<crate::sops::Error>,
    },
}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, Error>;

fn io(file: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        file: file.to_string(),
        message: e.to_string(),
    }
}

/// Decrypts, in place, the files the build will read: SOPS-encrypted resource files (each
/// document with a `sops` section, unless it opts out; the MAC is verified against the file
/// as written, before kustomize transforms anything), and the files that `secretGenerator`
/// (`files`, `envs`, `env`) and `patches` refer to — for the kustomization `k` of `dir` and
/// every local base and component it reaches. Nothing outside `root` is read or written.
/// Errors name the file, relative to `root`.
pub fn decrypt_sources(root: &Path, dir: &Path, k: &Kustomization, keys: &Keys) -> Result<()> {
    let root = std::fs::canonicalize(root).map_err(io(&root.display().to_string()))?;
    let dir = std::fs::canonicalize(dir).map_err(io(&dir.display().to_string()))?;
    let mut v = Visit {
        root,
        keys,
        seen: BTreeSet::new(),
        done: BTreeSet::new(),
    };
    v.seen.insert(dir.clone());
    v.kustomization(&dir, k)
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// `path` joined on `base`, resolved, and only when it stays under `root`.
fn inside(root: &Path, base: &Path, path: &str) -> Option<PathBuf> {
    let joined = if Path::new(path).is_absolute() {
        root.join(path.trim_start_matches('/'))
    } else {
        base.join(path)
    };
    let real = std::fs::canonicalize(&joined).ok()?;
    real.starts_with(root).then_some(real)
}

struct Visit<'a> {
    root: PathBuf,
    keys: &'a Keys,
    seen: BTreeSet<PathBuf>,
    done: BTreeSet<PathBuf>,
}

impl Visit<'_> {
    fn dir(&mut self, dir: &Path) -> Result<()> {
        if !dir.is_dir() || !self.seen.insert(dir.to_path_buf()) {
            return Ok(());
        }
        match load_kustomization(&self.root, dir)? {
            Some(k) => self.kustomization(dir, &k),
            None => Ok(()),
        }
    }

    fn kustomization(&mut self, dir: &Path, k: &Kustomization) -> Result<()> {
        let mut refs: Vec<(String, Format)> = Vec::new();
        for g in &k.secret_generator {
            for f in &g.files {
                let (key, path) = match f.split_once('=') {
                    Some((k, p)) => (k, p),
                    None => (f.as_str(), f.as_str()),
                };
                refs.push((path.to_string(), format_for_path(key)));
            }
            for e in g
                .envs
                .iter()
                .chain(std::iter::once(&g.env).filter(|e| !e.is_empty()))
            {
                let f = match format_for_path(e) {
                    Format::Binary => Format::Dotenv,
                    f => f,
                };
                refs.push((e.clone(), f));
            }
        }
        for p in &k.patches {
            if !p.path.is_empty() && !p.path.contains("://") {
                refs.push((p.path.clone(), format_for_path(&p.path)));
            }
        }
        for (path, format) in refs {
            let Some(file) = inside(&self.root, dir, &path) else {
                continue;
            };
            if self.done.insert(file.clone()) {
                decrypt_file(&self.root, &file, format, self.keys)?;
            }
        }
        for r in k.resources.iter().chain(k.components.iter()) {
            if r.contains("://") {
                continue;
            }
            let Some(sub) = inside(&self.root, dir, r) else {
                continue;
            };
            if sub.is_dir() {
                self.dir(&sub)?;
            } else if self.done.insert(sub.clone()) {
                decrypt_resource_file(&self.root, &sub, self.keys)?;
            }
        }
        Ok(())
    }
}

/// Decrypts the documents of a resource file that carry a `sops` section.
fn decrypt_resource_file(root: &Path, file: &Path, keys: &Keys) -> Result<()> {
    let shown = rel(root, file);
    let data = std::fs::read(file).map_err(io(&shown))?;
    if !crate::sops::contains(&data, Format::Yaml.marker())
        && !crate::sops::contains(&data, Format::Json.marker())
    {
        return Ok(());
    }
    let text = std::str::from_utf8(&data).map_err(|_| Error::Refused {
        file: shown.clone(),
        message: String::from("not UTF-8"),
    })?;
    let mut docs = crate::kustomize::yaml::parse_stream(text).map_err(|e| Error::Refused {
        file: shown.clone(),
        message: e.to_string(),
    })?;
    let mut changed = false;
    for d in &mut docs {
        let encrypted = d
            .pointer("/sops/mac")
            .is_some_and(|m| m.as_str().is_some_and(|s| !s.is_empty()));
        if !encrypted || is_decryption_disabled(d) {
            continue;
        }
        let (kind, ns, name) = ident(d);
        decrypt_object(d, keys).map_err(|error| Error::ResourceFile {
            file: shown.clone(),
            object: format!("'{ns}/{name}' {kind}"),
            error: Box::new(error),
        })?;
        changed = true;
    }
    if changed {
        let out = crate::goyaml::to_yaml_stream(docs.iter().filter(|d| !d.is_null()));
        std::fs::write(file, out).map_err(|e| Error::Io {
            file: shown.clone(),
            message: format!("writing decrypted data: {e}"),
        })?;
    }
    Ok(())
}

fn ident(obj: &Value) -> (String, String, String) {
    let s = |p: &str| {
        obj.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

fn load_kustomization(root: &Path, dir: &Path) -> Result<Option<Kustomization>> {
    for name in crate::kustomize::target::KUSTOMIZATION_FILE_NAMES {
        let p = dir.join(name);
        if p.is_file() {
            let shown = rel(root, &p);
            let v = crate::kustomize::target::read_kustomization(&p, &shown, "decryption")
                .map_err(|e| Error::Kustomization(e.to_string()))?;
            let k = Kustomization::from_value(v).map_err(|e| {
                Error::Kustomization(format!("{shown}: invalid Kustomization: {e}"))
            })?;
            return Ok(Some(k));
        }
    }
    Ok(None)
}

fn decrypt_file(root: &Path, file: &Path, format: Format, keys: &Keys) -> Result<()> {
    let shown = rel(root, file);
    let md = std::fs::symlink_metadata(file).map_err(io(&shown))?;
    if !md.is_file() {
        return Err(Error::Refused {
            file: shown,
            message: String::from(
                "cannot decrypt irregular file as it has file mode type bits set",
            ),
        });
    }
    let data = std::fs::read(file).map_err(io(&shown))?;
    if !crate::sops::contains(&data, format.marker()) {
        return Ok(());
    }
    if md.len() > MAX_ENCRYPTED_FILE_SIZE {
        return Err(Error::Refused {
            file: shown,
            message: format!(
                "cannot decrypt file with size ({} bytes) exceeding limit ({MAX_ENCRYPTED_FILE_SIZE})",
                md.len()
            ),
        });
    }
    let out = decrypt(&data, format, format, keys).map_err(|error| Error::File {
        file: shown.clone(),
        error: Box::new(error),
    })?;
    std::fs::write(file, out).map_err(|e| Error::Io {
        file: shown,
        message: format!("writing decrypted data: {e}"),
    })
}

/// Whether the object opted out of decryption.
pub fn is_decryption_disabled(obj: &Value) -> bool {
    obj.pointer("/metadata/annotations")
        .and_then(|a| a.get(DECRYPT_KEY))
        .and_then(Value::as_str)
        .is_some_and(|v| v.eq_ignore_ascii_case("disabled"))
}

/// Decrypts one built object as Flux does. Errors name the object (and data key) only.
pub fn decrypt_object_for_flux(obj: &mut Value, keys: &Keys) -> Result<()> {
    if is_decryption_disabled(obj) {
        return Ok(());
    }
    let (kind, ns, name) = ident(obj);
    let has_mac = obj
        .pointer("/sops/mac")
        .is_some_and(|m| !m.is_null() && m.as_str() != Some(""));
    if has_mac {
        return decrypt_object(obj, keys).map_err(|error| Error::Object {
            namespace: ns,
            name,
            what: format!("{kind} data"),
            error: Box::new(error),
        });
    }
    if kind != "Secret" {
        return Ok(());
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let Some(data) = obj.get_mut("data").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (key, value) in data.iter_mut() {
        let Some(text) = value.as_str() else { continue };
        let Ok(bytes) = crate::go_base64_decode(text) else {
            continue;
        };
        let Some(input) = detect_format(&bytes) else {
            continue;
        };
        let out =
            decrypt(&bytes, input, format_for_path(key), keys).map_err(|error| Error::Object {
                namespace: ns.clone(),
                name: name.clone(),
                what: format!("Secret field '{key}'"),
                error: Box::new(error),
            })?;
        *value = Value::String(b64.encode(out));
    }
    Ok(())
}
