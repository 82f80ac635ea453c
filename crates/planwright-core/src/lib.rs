//! The pure core of planwright: the typed program [`model`], the
//! [`progression`] engine, the computed [`plan`] it produces, the
//! [`wording`] that says a plan in words, and the [`figure`] that draws an
//! exercise's positions.
//!
//! This crate does no I/O, reads no clock or environment and starts no
//! threads, so it builds for `wasm32-unknown-unknown` and the guide site can
//! later run the very same code in a reader's browser. CI checks that build.

pub mod figure;
pub mod model;
pub mod plan;
pub mod progression;
pub mod wording;
