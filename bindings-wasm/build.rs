//! Writes the core's JSON Schemas as data for `schema(name)`: the module then carries their text
//! (about 10 KB gzipped) instead of the code that generates them (schemars, about 190 KB).

use std::fmt::Write as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::from("/// Every schema, by name, as JSON text (written by build.rs).\n");
    out.push_str("const SCHEMAS: &[(&str, &str)] = &[\n");
    for name in qgx_core::SCHEMA_NAMES {
        let text = serde_json::to_string(&qgx_core::schema(name)?)?;
        writeln!(out, "    ({name:?}, {text:?}),")?;
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR")?;
    std::fs::write(std::path::Path::new(&dir).join("schemas.rs"), out)?;
    Ok(())
}
