//! The progression engine on programs and requests built by `arbitrary`
//! (`planwright_fuzz::build`): `plan` never panics, refuses out-of-range
//! requests, and every plan it returns keeps the rules of
//! docs/progression.md (`planwright_fuzz::invariants`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use planwright_core::progression::plan;
use planwright_fuzz::{build::Case, invariants};

fuzz_target!(|case: Case| {
    for request in &case.requests {
        invariants::check(&case.program, request, &plan(&case.program, request));
    }
});
