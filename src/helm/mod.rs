//! Helm, as Flux uses it: chart repository indexes ([`index`]), charts ([`chart`]) and the
//! beginning of the template engine ([`tmpl`]); rendering, release storage and actions come
//! next. Pure: bytes in, values out; no cluster, no network.

pub mod chart;
pub mod index;
pub mod tmpl;
