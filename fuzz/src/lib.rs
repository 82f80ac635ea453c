//! What the fuzz targets share: building programs and plan requests from
//! the fuzzer's bytes ([`build`]) and the rules every computed plan must
//! keep ([`invariants`]). The targets themselves are in `fuzz_targets/`.

pub mod build;
pub mod invariants;
