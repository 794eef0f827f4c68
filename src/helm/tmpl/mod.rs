//! Go's `text/template`, as Helm runs it: the lexer ([`lex`]) and parser ([`parse`]), Go-shaped
//! values ([`value`]), Go's `fmt` ([`printf`], [`gofmt`]), the builtin functions ([`builtins`])
//! and the executor with `missingkey=zero` ([`exec`]). Pure code over strings, with Go's
//! error messages.

pub mod builtins;
pub mod exec;
pub mod gofmt;
pub mod lex;
pub mod parse;
pub mod printf;
pub mod value;
