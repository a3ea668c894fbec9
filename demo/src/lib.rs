//! The national demo dataset (work in progress: being written now).

use qgx_core::{AnnualReport, SelectionInput};

/// The demo dataset: a selection input and annual reports.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    pub selection: SelectionInput,
    pub reports: Vec<AnnualReport>,
}

/// The demo dataset.
pub fn dataset() -> DemoData {
    DemoData {
        selection: SelectionInput::default(),
        reports: Vec::new(),
    }
}
