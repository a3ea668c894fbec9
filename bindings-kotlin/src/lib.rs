uniffi::setup_scaffolding!();

#[uniffi::export]
pub fn engine_version() -> String {
    qgx_core::ENGINE_VERSION.to_string()
}
