//! Image automation's pure parts, as Flux's image controllers v1.2.4 define them: checking
//! and canonicalising `ImageRepository.spec.image` (go-containerregistry's rules: Docker Hub
//! names become `index.docker.io/library/…`), the exclusion list (unanchored Go regexps; a
//! non-empty list replaces the `^.*\.sig$` default), the stored tag order (descending bytes,
//! stable), `latestTags` (the first ten) and the scan revision (decimal Adler-32 of the JSON
//! array of stored tags, as the Badger store computes it). Tag selection is [`policy`].

pub mod message;
pub mod policy;
pub mod setters;

/// Why an image name or exclusion list cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImageError {
    /// `spec.image` is not an image name without tag (Stalled `ImageURLInvalid`).
    #[error("{0}")]
    InvalidImage(String),
    /// An exclusion pattern does not compile.
    #[error("failed to compile regex {pattern}: {error}")]
    InvalidExclusion {
        /// The pattern.
        pattern: String,
        /// The compiler's message.
        error: String,
    },
}

/// The exclusion list Flux's CRD defaults to.
pub const DEFAULT_EXCLUSION: &str = "^.*\\.sig$";

/// Checks `spec.image` as image-reflector-controller does (`ParseImageReference`), with its
/// messages: no URL scheme, no tag (nor digest) after the registry part.
pub fn check_image(image: &str) -> Result<(), ImageError> {
    if let Some((scheme, _)) = image.split_once("://") {
        return Err(ImageError::InvalidImage(format!(
            "image '{image}' should not include URL scheme; remove '{scheme}://'"
        )));
    }
    // The registry part may carry a port: only a colon after it is a tag.
    let rest = match image.split_once('/') {
        Some((first, rest)) if is_registry(first) => rest,
        _ => image,
    };
    if let Some(tag) = rest.split(':').nth(1) {
        return Err(ImageError::InvalidImage(format!(
            "image '{image}' should not include a tag; remove ':{tag}'"
        )));
    }
    Ok(())
}

/// Whether the first path element of a name is a registry: `localhost`, or it has a `.` or
/// a `:`.
fn is_registry(first: &str) -> bool {
    first == "localhost" || first.contains('.') || first.contains(':')
}

/// go-containerregistry's `Repository.String()` of a tagless name: Docker Hub names get
/// `index.docker.io` and, with one path element, `library/`.
pub fn canonical_name(image: &str) -> Result<String, ImageError> {
    check_image(image)?;
    let invalid = || ImageError::InvalidImage(format!("could not parse reference: {image}"));
    let (registry, repo) = match image.split_once('/') {
        Some((first, rest)) if is_registry(first) => (first.to_string(), rest.to_string()),
        _ => (String::from("index.docker.io"), image.to_string()),
    };
    let registry = if registry == "docker.io" {
        String::from("index.docker.io")
    } else {
        registry
    };
    let valid_component = |c: &str| {
        !c.is_empty()
            && c.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            })
            && c.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && c.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
    };
    if repo.is_empty() || !repo.split('/').all(valid_component) {
        return Err(invalid());
    }
    let repo = if registry == "index.docker.io" && !repo.contains('/') {
        format!("library/{repo}")
    } else {
        repo
    };
    Ok(format!("{registry}/{repo}"))
}

/// The effective exclusion list: the spec's, or the default when it is empty.
pub fn exclusion_list(spec: &[String]) -> Vec<String> {
    if spec.is_empty() {
        vec![DEFAULT_EXCLUSION.to_string()]
    } else {
        spec.to_vec()
    }
}

/// The tags to store: those no exclusion pattern matches (anywhere), sorted by descending
/// bytes.
pub fn filter_and_sort(
    tags: Vec<String>,
    exclusions: &[String],
) -> Result<Vec<String>, ImageError> {
    let patterns: Vec<regex::Regex> = exclusions
        .iter()
        .map(|p| {
            regex::Regex::new(p).map_err(|e| ImageError::InvalidExclusion {
                pattern: p.clone(),
                error: e.to_string(),
            })
        })
        .collect::<Result<_, _>>()?;
    let mut kept: Vec<String> = tags
        .into_iter()
        .filter(|t| !patterns.iter().any(|p| p.is_match(t)))
        .collect();
    kept.sort_by(|a, b| b.as_bytes().cmp(a.as_bytes()));
    Ok(kept)
}

/// `lastScanResult.latestTags`: the first ten stored tags.
pub fn latest_tags(stored: &[String]) -> Vec<String> {
    stored.iter().take(10).cloned().collect()
}

/// `lastScanResult.revision`: the decimal Adler-32 of the stored tags as Go's JSON encoder
/// writes the array.
pub fn revision(stored: &[String]) -> String {
    let json = go_json_array(stored);
    let mut a = adler2::Adler32::new();
    a.write_slice(json.as_bytes());
    a.checksum().to_string()
}

/// Go's `json.Marshal` of a `[]string`: like serde_json, but `<`, `>` and `&` (and U+2028,
/// U+2029) escaped as `\u003c`…, as Go's HTML-safe encoder does.
fn go_json_array(tags: &[String]) -> String {
    let raw = serde_json::to_string(tags).unwrap_or_else(|_| String::from("[]"));
    raw.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_follow_go_containerregistry() {
        for (image, want) in [
            ("alpine", "index.docker.io/library/alpine"),
            ("docker.io/alpine", "index.docker.io/library/alpine"),
            (
                "index.docker.io/library/alpine",
                "index.docker.io/library/alpine",
            ),
            (
                "stefanprodan/podinfo",
                "index.docker.io/stefanprodan/podinfo",
            ),
            ("localhost:5000/foo", "localhost:5000/foo"),
            ("ghcr.io/org/app", "ghcr.io/org/app"),
        ] {
            assert_eq!(canonical_name(image).as_deref(), Ok(want), "{image}");
        }
    }

    #[test]
    fn images_with_a_scheme_tag_or_digest_are_refused() {
        assert!(canonical_name("https://ghcr.io/org/app")
            .unwrap_err()
            .to_string()
            .contains("should not include URL scheme"));
        for (image, tag) in [
            ("ghcr.io/org/app:1.0", "1.0"),
            ("alpine:3", "3"),
            ("ghcr.io/org/app@sha256:abcd", "abcd"),
        ] {
            assert_eq!(
                canonical_name(image).unwrap_err().to_string(),
                format!("image '{image}' should not include a tag; remove ':{tag}'")
            );
        }
        assert!(canonical_name("Upper/Case").is_err());
    }

    #[test]
    fn revisions_and_latest_tags_match_the_reference_vectors() {
        let stored = filter_and_sort(
            ["0.1.0", "1.0.0", "1.0.1", "latest"]
                .map(String::from)
                .to_vec(),
            &exclusion_list(&[]),
        )
        .unwrap();
        assert_eq!(stored, ["latest", "1.0.1", "1.0.0", "0.1.0"]);
        assert_eq!(revision(&stored), "2530543522");
        assert_eq!(revision(&[]), "18153657");
        let many: Vec<String> = [
            "-91", "100", "101", "29", "72", "73", "1", "2", "3", "4", "5", "6",
        ]
        .map(String::from)
        .to_vec();
        let sorted = filter_and_sort(many, &[]).unwrap();
        assert_eq!(
            latest_tags(&sorted),
            ["73", "72", "6", "5", "4", "3", "29", "2", "101", "100"]
        );
    }

    #[test]
    fn a_non_empty_exclusion_list_replaces_the_default() {
        let tags = || ["v1", "v1.sig", "debug-1"].map(String::from).to_vec();
        assert_eq!(
            filter_and_sort(tags(), &exclusion_list(&[])).unwrap(),
            ["v1", "debug-1"]
        );
        let own = vec![String::from("debug")];
        assert_eq!(
            filter_and_sort(tags(), &exclusion_list(&own)).unwrap(),
            ["v1.sig", "v1"]
        );
        assert!(matches!(
            filter_and_sort(tags(), &[String::from("(")]),
            Err(ImageError::InvalidExclusion { .. })
        ));
    }
}
