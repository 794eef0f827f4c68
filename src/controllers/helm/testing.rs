//! Helm tests of a HelmRelease (`spec.test`), as Flux's helm-controller runs them: after a
//! successful install or upgrade, or when the latest release has not been tested yet, the
//! release's `test` hooks run through Helm's `ReleaseTesting` ([`action::Actions::test`]),
//! the latest snapshot is replaced by the tested release with its `testHooks`, and the
//! TestSuccess condition and the `TestSucceeded`/`TestFailed` event carry Flux's messages.
//! What a failed test leads to (remediation, or only a Ready=False) is decided here from the
//! active remediation's `ignoreTestFailures` and `test.ignoreFailures`, as Flux does.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::action;
use crate::api::helm::{HelmRelease, HelmReleaseStatus, ReleaseAction, Snapshot, TestHookStatus};
use crate::runtime::reconciler::{Event, Failure};

/// The TestSuccess condition.
pub const TEST_SUCCESS: &str = "TestSuccess";
/// Tests passed.
pub const TEST_SUCCEEDED: &str = "TestSucceeded";
/// Tests failed.
pub const TEST_FAILED: &str = "TestFailed";

/// Whether Helm tests run for the release (`test.enable`).
pub fn enabled(obj: &HelmRelease) -> bool {
    obj.spec.test.as_ref().is_some_and(|t| t.enable)
}

/// `test.ignoreFailures`: a failed test neither remediates nor makes Ready false.
pub fn ignores_failures(obj: &HelmRelease) -> bool {
    obj.spec.test.as_ref().is_some_and(|t| t.ignore_failures)
}

/// Flux's `MustIgnoreTestFailures` of the active remediation, the one of the last attempted
/// release action (its `ignoreTestFailures`, else `test.ignoreFailures`); `None` when no
/// install or upgrade was attempted.
pub fn remediation_ignores_failures(obj: &HelmRelease, status: &HelmReleaseStatus) -> Option<bool> {
    let own = match status.last_attempted_release_action? {
        ReleaseAction::Install => obj
            .spec
            .install
            .as_ref()
            .and_then(|i| i.remediation.as_ref())
            .and_then(|r| r.ignore_test_failures),
        ReleaseAction::Upgrade => obj
            .spec
            .upgrade
            .as_ref()
            .and_then(|u| u.remediation.as_ref())
            .and_then(|r| r.ignore_test_failures),
    };
    Some(own.unwrap_or_else(|| ignores_failures(obj)))
}

/// Flux's `Snapshot.HasBeenTested`: test results are recorded, and either there were no test
/// hooks, one failed, or all succeeded.
pub fn has_been_tested(s: &Snapshot) -> bool {
    let Some(hooks) = &s.test_hooks else {
        return false;
    };
    let phase = |h: &TestHookStatus| h.phase.clone().unwrap_or_default();
    hooks.is_empty()
        || hooks.values().any(|h| phase(h) == "Failed")
        || hooks.values().all(|h| phase(h) == "Succeeded")
}

/// Whether a recorded test of the snapshot failed (`HasTestInPhase(Failed)`).
pub fn has_failed_test(s: &Snapshot) -> bool {
    s.test_hooks
        .as_ref()
        .is_some_and(|h| h.values().any(|h| h.phase.as_deref() == Some("Failed")))
}

/// Flux's `TestHooksFromRelease`: the release's `test` hooks selected by the filters, with
/// their last runs.
fn test_hooks_of(
    release: &Value,
    filters: &[crate::api::helm::TestFilter],
) -> BTreeMap<String, TestHookStatus> {
    let selected = |name: &str| {
        let mut has_include = false;
        let mut included = false;
        for f in filters {
            if f.exclude {
                if f.name == name {
                    return false;
                }
                continue;
            }
            has_include = true;
            included |= f.name == name;
        }
        !has_include || included
    };
    let time = |v: &Value| serde_json::from_value(json!(v.as_str()?)).ok();
    release["hooks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| {
            h["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e == "test"))
        })
        .filter_map(|h| {
            let name = h["name"].as_str()?;
            selected(name).then(|| {
                let run = &h["last_run"];
                (
                    name.to_string(),
                    TestHookStatus {
                        last_started: time(&run["started_at"]),
                        last_completed: time(&run["completed_at"]),
                        phase: run["phase"]
                            .as_str()
                            .filter(|p| !p.is_empty())
                            .map(str::to_string),
                    },
                )
            })
        })
        .collect()
}

/// What a test run came to.
pub struct Tested {
    /// All selected test hooks passed.
    pub passed: bool,
    /// Flux's TestSuccess message.
    pub message: String,
    /// The `TestSucceeded` or `TestFailed` event.
    pub event: Event,
}

/// Runs the release's tests (Flux's Test action): records the results in the release's storage
/// and in the latest snapshot (`snapshot` makes one of a stored release), sets TestSuccess and
/// counts a failure in `failures`. A test that could not run at all (no results recorded) is a
/// failure of the run, retried.
pub async fn run(
    obj: &HelmRelease,
    actions: &mut action::Actions,
    status: &mut HelmReleaseStatus,
    release: &mut Value,
    snapshot: impl Fn(&Value, &str) -> Snapshot,
    metadata: BTreeMap<String, String>,
) -> Result<Tested, Failure> {
    let spec = obj.spec.test.clone().unwrap_or_default();
    // `test.timeout`, else `spec.timeout` (not the install's or upgrade's own).
    let timeout = spec
        .timeout
        .as_ref()
        .or(obj.spec.timeout.as_ref())
        .map(|t| t.std())
        .unwrap_or(Duration::from_secs(300));
    let result = actions
        .test(release, &spec.filters, timeout.max(Duration::from_secs(1)))
        .await;
    let generation = obj.metadata.generation.unwrap_or(0);
    let action = status
        .history
        .first()
        .and_then(|s| s.action.clone())
        .unwrap_or_default();
    let mut tested = snapshot(release, &action);
    tested.test_hooks = Some(test_hooks_of(release, &spec.filters));
    let recorded = has_been_tested(&tested);
    if status
        .history
        .first()
        .is_some_and(|s| s.version == tested.version)
    {
        status.history[0] = tested;
    }
    let chart = format!(
        "{}@{}",
        release
            .pointer("/chart/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        release
            .pointer("/chart/metadata/version")
            .and_then(Value::as_str)
            .unwrap_or_default()
    );
    let full = super::full_name(release);
    let set = |status: &mut HelmReleaseStatus, ok: bool, reason: &str, message: &str| {
        crate::runtime::conditions::set(
            &mut status.conditions,
            TEST_SUCCESS,
            ok,
            reason,
            message,
            Some(generation),
        )
    };
    match result {
        Ok(()) => {
            let n = status
                .history
                .first()
                .and_then(|s| s.test_hooks.as_ref())
                .map_or(0, |h| h.len());
            let hooks = match n {
                0 => "no test hooks".to_string(),
                1 => "1 test hook completed successfully".to_string(),
                n => format!("{n} test hooks completed successfully"),
            };
            let message =
                format!("Helm test succeeded for release {full} with chart {chart}: {hooks}");
            set(status, true, TEST_SUCCEEDED, &message);
            Ok(Tested {
                passed: true,
                event: Event::normal(TEST_SUCCEEDED, message.clone()).with_metadata(metadata),
                message,
            })
        }
        Err(e) => {
            let message = format!(
                "Helm test failed for release {full} with chart {chart}: {}",
                e.to_string().trim()
            );
            status.failures = Some(status.failures.unwrap_or(0) + 1);
            set(status, false, TEST_FAILED, &message);
            let event = Event::warning(TEST_FAILED, message.clone()).with_metadata(metadata);
            if !recorded {
                return Err(Failure::retry(TEST_FAILED, message).after_events(vec![event]));
            }
            Ok(Tested {
                passed: false,
                message,
                event,
            })
        }
    }
}
