//! Helm, as Flux uses it: chart repository indexes ([`index`]), charts ([`chart`]), the Go
//! template engine ([`tmpl`]), Helm's template functions ([`funcs`]) and objects
//! ([`objects`]), the rendering of a chart as `helm template` does it ([`engine`]), releases
//! as Helm 4 records them ([`release`], [`storage`]) and Flux's digests of them ([`digest`]).
//! Pure: bytes in, values out; no cluster, no network.

pub mod chart;
pub mod crypto;
pub mod digest;
pub mod engine;
pub mod funcs;
pub mod gotime;
pub mod index;
pub mod objects;
pub mod par;
pub mod plain_yaml;
pub mod postrender;
pub mod references;
pub mod release;
pub mod schema;
pub mod storage;
pub mod strvals;
pub mod tmpl;
pub mod toml;
