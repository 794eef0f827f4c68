//! Status conditions: setting them the Kubernetes way (transition time changes only when the
//! status changes) and summarising Ready/Reconciling/Stalled from the run's outcome.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

use crate::api::meta::{condition, Condition};

/// Sets (or replaces) a condition, keeping `lastTransitionTime` when the status is unchanged.
pub fn set(
    conditions: &mut Vec<Condition>,
    type_: &str,
    status: bool,
    reason: &str,
    message: &str,
    generation: Option<i64>,
) {
    let status_str = if status { "True" } else { "False" };
    let now = Time(k8s_openapi::jiff::Timestamp::now());
    let transition = conditions
        .iter()
        .find(|c| c.type_ == type_ && c.status == status_str)
        .map(|c| c.last_transition_time.clone())
        .unwrap_or(now);
    conditions.retain(|c| c.type_ != type_);
    conditions.push(Condition {
        type_: type_.to_string(),
        status: status_str.to_string(),
        reason: reason.to_string(),
        message: truncate(message),
        observed_generation: generation,
        last_transition_time: transition,
    });
    sort(conditions);
}

/// Removes a condition.
pub fn remove(conditions: &mut Vec<Condition>, type_: &str) {
    conditions.retain(|c| c.type_ != type_);
}

/// Condition messages are capped as Flux caps them.
fn truncate(message: &str) -> String {
    const MAX: usize = 20000;
    if message.len() <= MAX {
        return message.to_string();
    }
    let mut end = MAX;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &message[..end])
}

/// Ready first, then Reconciling, Stalled, then the rest alphabetically (Flux's order).
fn sort(conditions: &mut [Condition]) {
    let rank = |t: &str| match t {
        condition::READY => 0,
        condition::RECONCILING => 1,
        condition::STALLED => 2,
        _ => 3,
    };
    conditions.sort_by(|a, b| {
        rank(&a.type_)
            .cmp(&rank(&b.type_))
            .then(a.type_.cmp(&b.type_))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_time_is_kept_while_status_is_unchanged() {
        let mut cs = vec![];
        set(&mut cs, "Ready", false, "Progressing", "a", Some(1));
        let first = cs[0].last_transition_time.clone();
        std::thread::sleep(std::time::Duration::from_millis(5));
        set(&mut cs, "Ready", false, "GitOperationFailed", "b", Some(1));
        assert_eq!(cs[0].last_transition_time, first);
        assert_eq!(cs[0].reason, "GitOperationFailed");
        set(&mut cs, "Ready", true, "Succeeded", "c", Some(2));
        assert_ne!(cs[0].last_transition_time, first);
        assert_eq!(cs.len(), 1);
    }

    #[test]
    fn ready_sorts_first() {
        let mut cs = vec![];
        set(&mut cs, "ArtifactInStorage", true, "Succeeded", "x", None);
        set(&mut cs, "Ready", true, "Succeeded", "x", None);
        assert_eq!(cs[0].type_, "Ready");
    }
}
