//! Go's `text/template`, as Helm runs it: the lexer ([`lex`]), parser ([`parse`]) and Go's
//! float formatting ([`gofmt`]) today; values and the executor follow. Pure code over strings,
//! with Go's error messages.

pub mod gofmt;
pub mod lex;
pub mod parse;
