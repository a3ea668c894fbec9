//! The JSON ruleset readers on the whole input: `Ruleset::from_json`, `Ruleset::from_document`
//! and `with_overrides_json` over the 2024 edition. Errors are `syntax` or `invalid_ruleset`;
//! an accepted ruleset's canonical document reads back to the same hash; `from_json` agrees
//! with the reader it picks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qgx_core::{Error, Ruleset};
use qgx_fuzz::{check_ruleset, check_ruleset_error, edition_2024};

fn check(r: &Result<Ruleset, Error>) {
    match r {
        Ok(rs) => check_ruleset(rs),
        Err(e) => check_ruleset_error(e),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let any = Ruleset::from_json(text);
    let document = Ruleset::from_document(text);
    let overrides = edition_2024().with_overrides_json(text);
    check(&any);
    check(&document);
    check(&overrides);
    // from_json is one of the other two.
    if let Ok(rs) = &any {
        let same = [&document, &overrides]
            .iter()
            .any(|r| r.as_ref().is_ok_and(|o| o.hash() == rs.hash()));
        assert!(same, "from_json accepted what neither reader did: {text:?}");
    }
});
