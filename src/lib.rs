//! planwright turns exercise programs written as YAML and Markdown into a
//! guide website and printable, personalised progression plans.
//!
//! The pipeline is a pure core with thin edges:
//! [`content`] reads and validates a content tree into the typed
//! [`model`] (from the pure `planwright-core` crate, which also builds for
//! WebAssembly); the CLI ([`cli`]) is the only place that prints or exits.

pub mod cli;
pub mod content;
pub mod diagnostic;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod media;
pub mod output;
pub mod pdf;
pub mod proof;
pub mod schema;
pub mod serve;
pub mod site;

pub use planwright_core::model;
