//! The app's managed state (owned by the store work; placeholder).
use std::path::PathBuf;

pub struct AppState {
    pub data_dir: PathBuf,
    pub dialogs: Box<dyn crate::dialogs::FileDialogs>,
}

impl AppState {
    pub fn open(data_dir: PathBuf, dialogs: Box<dyn crate::dialogs::FileDialogs>) -> Self {
        AppState { data_dir, dialogs }
    }
}
