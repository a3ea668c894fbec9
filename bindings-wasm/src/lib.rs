use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn version() -> String {
    qgx_core::ENGINE_VERSION.to_string()
}
