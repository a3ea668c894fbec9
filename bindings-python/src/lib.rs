use pyo3::prelude::*;

#[pymodule]
fn _qgx(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
