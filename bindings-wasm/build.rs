//! Writes the core's JSON Schemas for `schema(name)`, outside the module: the text (about 60 KB,
//! a seventh of the browser build) is not part of the `.wasm` a page downloads.
//!
//! - `$OUT_DIR/schemas/NAME.json` for each of `SCHEMA_NAMES`: the schema exactly as the core
//!   gives it (`serde_json::to_string` of `qgx_core::schema(name)`: sorted keys, no white space).
//!   `scripts/build.mjs` ships them in the npm package (`schemas/`, and for the browser build
//!   `web/schemas.js`, the same texts in an ES module), where `js/schemas.js` reads them.
//! - `$OUT_DIR/schemas.rs`: the SHA-256 of each schema's text, for the module to check that the
//!   text it is given is the core's (`schema_text` in `src/lib.rs`).

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("schemas");
    std::fs::create_dir_all(&dir)?;
    let mut rs = String::from(
        "// Written by build.rs: the SHA-256 of each of the core's JSON Schemas, as text.\n\
         const SCHEMA_SHA256: &[(&str, [u8; 32])] = &[\n",
    );
    for name in qgx_core::SCHEMA_NAMES {
        let text = serde_json::to_string(&qgx_core::schema(name)?)?;
        std::fs::write(dir.join(format!("{name}.json")), &text)?;
        let digest = Sha256::digest(text.as_bytes());
        writeln!(rs, "    ({name:?}, {:?}),", digest.as_slice())?;
    }
    rs.push_str("];\n");
    std::fs::write(dir.join("..").join("schemas.rs"), rs)?;
    Ok(())
}
