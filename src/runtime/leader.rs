//! Leader election through a `coordination.k8s.io/v1` Lease, with Flux's durations
//! (lease 35s, renew deadline 30s, retry period 5s). Only the holder runs controllers. A
//! holder that cannot renew within the deadline (an API server outage, a partition) stops
//! leading, which happens before the lease can expire for anyone else, and campaigns again;
//! Flux's controllers exit instead and count on their pod being restarted.

use std::time::Duration;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::MicroTime;
use kube::api::{Api, ObjectMeta, PostParams};

/// Lease settings.
#[derive(Clone, Debug)]
pub struct LeaseOptions {
    /// Namespace of the Lease.
    pub namespace: String,
    /// Name of the Lease (e.g. `source-controller-leader-election`).
    pub name: String,
    /// This replica's identity.
    pub identity: String,
    /// How long a lease is valid without renewal.
    pub lease_duration: Duration,
    /// How long the holder keeps trying to renew before giving up.
    pub renew_deadline: Duration,
    /// How often to try.
    pub retry_period: Duration,
}

fn now() -> MicroTime {
    MicroTime(k8s_openapi::jiff::Timestamp::now())
}

fn expired(lease: &Lease, duration: Duration) -> bool {
    let Some(spec) = &lease.spec else { return true };
    let Some(renew) = spec.renew_time.as_ref() else {
        return true;
    };
    let valid = spec
        .lease_duration_seconds
        .map(|s| Duration::from_secs(s.max(0) as u64))
        .unwrap_or(duration);
    let age = k8s_openapi::jiff::Timestamp::now().duration_since(renew.0);
    age.as_secs_f64() > valid.as_secs_f64()
}

/// Tries once to take or renew the lease; true when this replica holds it afterwards.
pub async fn try_acquire(api: &Api<Lease>, o: &LeaseOptions) -> Result<bool, kube::Error> {
    let spec = |transitions: i32, acquire: Option<MicroTime>| LeaseSpec {
        holder_identity: Some(o.identity.clone()),
        lease_duration_seconds: Some(o.lease_duration.as_secs() as i32),
        acquire_time: acquire.or_else(|| Some(now())),
        renew_time: Some(now()),
        lease_transitions: Some(transitions),
        ..Default::default()
    };
    match api.get_opt(&o.name).await? {
        None => {
            let lease = Lease {
                metadata: ObjectMeta {
                    name: Some(o.name.clone()),
                    namespace: Some(o.namespace.clone()),
                    ..Default::default()
                },
                spec: Some(spec(0, None)),
            };
            match api.create(&PostParams::default(), &lease).await {
                Ok(_) => Ok(true),
                Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
                Err(e) => Err(e),
            }
        }
        Some(mut lease) => {
            let current = lease.spec.clone().unwrap_or_default();
            let mine = current.holder_identity.as_deref() == Some(o.identity.as_str());
            // A lease given up (no holder) is free at once, as client-go takes it.
            let free = current
                .holder_identity
                .as_deref()
                .unwrap_or_default()
                .is_empty();
            if !mine && !free && !expired(&lease, o.lease_duration) {
                return Ok(false);
            }
            let transitions = current.lease_transitions.unwrap_or(0) + i32::from(!mine);
            let acquire = if mine {
                current.acquire_time.clone()
            } else {
                None
            };
            lease.spec = Some(spec(transitions, acquire));
            // resourceVersion makes this a compare-and-swap: a concurrent winner makes it 409.
            match api.replace(&o.name, &PostParams::default(), &lease).await {
                Ok(_) => Ok(true),
                Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
                Err(e) => Err(e),
            }
        }
    }
}

/// A campaign for a lease, run in the background for as long as the process runs: it takes
/// the lease, renews it, and after losing it takes it again.
pub struct Campaign {
    api: Api<Lease>,
    options: LeaseOptions,
    running: tokio::task::JoinHandle<()>,
}

impl Campaign {
    /// Stops campaigning and, if this replica holds the lease, gives it up as client-go's
    /// `release` does: no holder, a duration of one second, the transitions kept. A lease
    /// another replica holds is left alone.
    pub async fn release(self) {
        self.running.abort();
        let o = &self.options;
        let Ok(Some(mut lease)) = self.api.get_opt(&o.name).await else {
            return;
        };
        let current = lease.spec.clone().unwrap_or_default();
        if current.holder_identity.as_deref() != Some(o.identity.as_str()) {
            return;
        }
        lease.spec = Some(LeaseSpec {
            holder_identity: Some(String::new()),
            lease_duration_seconds: Some(1),
            acquire_time: Some(now()),
            renew_time: Some(now()),
            lease_transitions: current.lease_transitions,
            ..Default::default()
        });
        match self
            .api
            .replace(&o.name, &PostParams::default(), &lease)
            .await
        {
            Ok(_) => tracing::info!(lease = %o.name, "released lease"),
            Err(e) => tracing::warn!(error = %e, lease = %o.name, "releasing the lease"),
        }
    }
}

impl Drop for Campaign {
    fn drop(&mut self) {
        self.running.abort();
    }
}

/// Starts campaigning for the lease. `leading` is called with `true` each time this replica
/// takes the lease and with `false` each time it stops holding it: when renewal has failed
/// for longer than the renew deadline. The deadline is shorter than the lease duration, so
/// this replica has stopped leading before any other can take the lease.
pub fn campaign(
    client: kube::Client,
    o: LeaseOptions,
    leading: impl Fn(bool) + Send + 'static,
) -> Campaign {
    let api: Api<Lease> = Api::namespaced(client, &o.namespace);
    let (task_api, task_options) = (api.clone(), o.clone());
    let running = tokio::spawn(async move {
        let (api, o) = (task_api, task_options);
        loop {
            loop {
                match try_acquire(&api, &o).await {
                    Ok(true) => break,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, lease = %o.name, "leader election"),
                }
                tokio::time::sleep(o.retry_period).await;
            }
            tracing::info!(lease = %o.name, identity = %o.identity, "successfully acquired lease");
            leading(true);
            let mut last_ok = std::time::Instant::now();
            loop {
                tokio::time::sleep(o.retry_period).await;
                match try_acquire(&api, &o).await {
                    Ok(true) => last_ok = std::time::Instant::now(),
                    other => {
                        if last_ok.elapsed() > o.renew_deadline {
                            tracing::error!(lease = %o.name, result = ?other.map_err(|e| e.to_string()), "leader election lost");
                            break;
                        }
                    }
                }
            }
            leading(false);
        }
    });
    Campaign {
        api,
        options: o,
        running,
    }
}
