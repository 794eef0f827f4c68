//! Go's `text/template`, as Helm runs it: the lexer ([`lex`]) and parser ([`parse`]) today;
//! values and the executor follow. Pure code over strings, with Go's error messages.

pub mod lex;
pub mod parse;
