//! Go's `text/template`, as Helm runs it: the lexer ([`lex`]) today; the parser, values and
//! executor follow. Pure code over strings, with Go's error messages.

pub mod lex;
