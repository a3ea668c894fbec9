//! Writes the core's JSON Schemas as data for `schema(name)`: the module then carries their text
//! instead of the code that generates them (schemars, about 190 KB). The 17 schemas share most of
//! their `$defs`, so each distinct definition is stored once (about 101 KB of text becomes 40 KB)
//! and `schema(name)` puts a schema's definitions back beside its root.

use std::collections::BTreeMap;
use std::fmt::Write as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let mut defs: Vec<String> = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = String::from("// Written by build.rs: the core's JSON Schemas.\n");
    out.push_str(
        "/// Each schema: its name, its root without `$defs`, and its `$defs` as (name as JSON\n",
    );
    out.push_str("/// text, index into [`SCHEMA_DEFS`]).\n");
    out.push_str(
        "type SchemaRoot = (&'static str, &'static str, &'static [(&'static str, usize)]);\n",
    );
    out.push_str("const SCHEMA_ROOTS: &[SchemaRoot] = &[\n");
    for name in qgx_core::SCHEMA_NAMES {
        let mut schema = qgx_core::schema(name)?;
        let local = schema
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .and_then(|d| d.as_object().cloned())
            .unwrap_or_default();
        let mut refs = String::new();
        for (def_name, def) in local {
            let text = serde_json::to_string(&def)?;
            let id = *ids.entry(text.clone()).or_insert_with(|| {
                defs.push(text);
                defs.len() - 1
            });
            // The key as JSON text, ready to be written.
            let key = serde_json::to_string(&def_name)?;
            write!(refs, "({key:?}, {id}), ")?;
        }
        let root = serde_json::to_string(&schema)?;
        writeln!(out, "    ({name:?}, {root:?}, &[{refs}]),")?;
    }
    out.push_str(
        "];\n/// The distinct `$defs` entries, as JSON text.\nconst SCHEMA_DEFS: &[&str] = &[\n",
    );
    for d in &defs {
        writeln!(out, "    {d:?},")?;
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR")?;
    std::fs::write(std::path::Path::new(&dir).join("schemas.rs"), out)?;
    Ok(())
}
