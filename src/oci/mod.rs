//! OCI artifacts: references, the registry client (distribution API with Flux's auth
//! sources), and Flux's artifact format (media types, annotations, reproducible tarballs).

pub mod reference;

pub use reference::Reference;
