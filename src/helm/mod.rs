//! Helm, as Flux uses it: chart repository indexes ([`index`]) today; the chart engine,
//! release storage and actions come next. Pure: bytes in, values out; no cluster, no network.

pub mod chart;
pub mod index;
