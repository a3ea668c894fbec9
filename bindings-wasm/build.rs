//! Writes the core's JSON Schemas for `schema(name)`, outside the module: their text (about 60 KB
//! with shared definitions once) is not part of the `.wasm`.
//!
//! - `$OUT_DIR/schemas/NAME.json` for each of `SCHEMA_NAMES`: the schema exactly as the core
//!   gives it (`serde_json::to_string` of `qgx_core::schema(name)`: sorted keys, no white space).
//!   `scripts/build.mjs` ships them in the npm package (`schemas/`, read by the Node build's
//!   `js/schemas.js`).
//! - `$OUT_DIR/schemas-shared.json`: the same texts for the browser build, each distinct `$defs`
//!   entry once (the 19 schemas share most of them: 148 KB of text becomes about 60 KB):
//!   `{"roots": {name: [root without "$defs", [[key as JSON text, index into defs], …]]},
//!   "defs": [text, …]}`; `web/schemas.js` puts a schema's definitions back beside its root.
//! - `$OUT_DIR/schemas.rs`: the SHA-256 of each schema's text, for the module to check that the
//!   text it is given is the core's (`schema_text` in `src/lib.rs`).

use std::collections::BTreeMap;
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
    let mut defs: Vec<String> = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut roots = serde_json::Map::new();
    for name in qgx_core::SCHEMA_NAMES {
        let mut schema = qgx_core::schema(name)?;
        let text = serde_json::to_string(&schema)?;
        std::fs::write(dir.join(format!("{name}.json")), &text)?;
        let local = schema
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .and_then(|d| d.as_object().cloned())
            .unwrap_or_default();
        let mut refs = Vec::new();
        for (key, def) in local {
            let def = serde_json::to_string(&def)?;
            let id = *ids.entry(def.clone()).or_insert_with(|| {
                defs.push(def);
                defs.len() - 1
            });
            refs.push(serde_json::json!([serde_json::to_string(&key)?, id]));
        }
        let root = serde_json::to_string(&schema)?;
        roots.insert((*name).to_owned(), serde_json::json!([root, refs]));
        let digest = Sha256::digest(text.as_bytes());
        writeln!(rs, "    ({name:?}, {:?}),", digest.as_slice())?;
    }
    rs.push_str("];\n");
    let shared = serde_json::json!({ "roots": roots, "defs": defs });
    std::fs::write(
        dir.join("..").join("schemas-shared.json"),
        serde_json::to_string(&shared)?,
    )?;
    std::fs::write(dir.join("..").join("schemas.rs"), rs)?;
    Ok(())
}
