//! The app's managed state: the data folder, the open store (or why it could not open), and the
//! file dialogs.

use crate::dialogs::FileDialogs;
use crate::ipc::error::{IpcError, IpcResult};
use ocop_store::{Store, StoreError, StoreOptions};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::RwLock;

/// What every command reaches through `tauri::State`.
pub struct AppState {
    /// The data folder holding the database and attachments.
    pub data_dir: PathBuf,
    /// Native (or, in end-to-end tests, scripted) file dialogs.
    pub dialogs: Arc<dyn FileDialogs>,
    /// The open store, or the error that kept it closed (e.g. a database from a newer app). A
    /// restore swaps the store under the write lock.
    store: RwLock<Result<Store, IpcError>>,
}

impl AppState {
    /// Opens the store in `data_dir`. A failure is kept, not raised, so the window still starts
    /// and shows a clear screen (for example "database too new") instead of crashing.
    pub fn open(data_dir: PathBuf, dialogs: Box<dyn FileDialogs>) -> Self {
        let opened =
            tauri::async_runtime::block_on(Store::open(&data_dir, StoreOptions::default()))
                .map_err(IpcError::from);
        AppState {
            data_dir,
            dialogs: Arc::from(dialogs),
            store: RwLock::new(opened),
        }
    }

    /// The open store, or the error that kept it closed.
    pub async fn store(&self) -> IpcResult<Store> {
        self.store.read().await.clone()
    }

    /// Replaces the store by the result of `f` (used by restore), holding the write lock so no
    /// command runs against a half-replaced database.
    pub async fn replace_store<F, Fut>(&self, f: F) -> IpcResult<Store>
    where
        F: FnOnce(Store) -> Fut,
        Fut: std::future::Future<Output = Result<Store, StoreError>>,
    {
        let mut guard = self.store.write().await;
        let current = guard.clone()?;
        match f(current).await {
            Ok(store) => {
                *guard = Ok(store.clone());
                Ok(store)
            }
            Err(err) => {
                // The store refused the backup before replacing anything; reopen the current
                // database so the app keeps working on what it had.
                let reopened = Store::open(&self.data_dir, StoreOptions::default())
                    .await
                    .map_err(IpcError::from);
                *guard = reopened;
                Err(IpcError::from(err))
            }
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(err: StoreError) -> Self {
        let fields: Vec<_> = err
            .fields()
            .iter()
            .map(|f| crate::ipc::error::FieldMessage {
                field: f.field.to_string(),
                message: f.message.clone(),
            })
            .collect();
        if !fields.is_empty() {
            return IpcError::validation(fields);
        }
        IpcError::new(err.code(), err.message_vi()).with_detail(err.detail())
    }
}
