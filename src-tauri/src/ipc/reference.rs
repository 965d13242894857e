//! Reference data: administrative units, product sets (Annex I), producer types.

use super::error::IpcResult;
use crate::state::AppState;
use ocop_domain::model::{ProductSet, Unit};
use ocop_domain::producer_type::ProducerTypeInfo;
use serde::Deserialize;
use tauri::State;

/// Input of `units_list`.
#[derive(Debug, Default, Deserialize)]
pub struct UnitsInput {
    /// `yyyy-mm-dd`; today when absent.
    pub at: Option<String>,
}

/// `units_list`: communes valid at a date, sorted by name.
#[tauri::command]
pub async fn units_list(
    state: State<'_, AppState>,
    input: Option<UnitsInput>,
) -> IpcResult<Vec<Unit>> {
    let input = input.unwrap_or_default();
    Ok(state.store().await?.units_list(input.at.as_deref()).await?)
}

/// `product_sets_list`: the 26 product sets of Annex I.
#[tauri::command]
pub async fn product_sets_list(state: State<'_, AppState>) -> IpcResult<Vec<ProductSet>> {
    Ok(state.store().await?.product_sets_list().await?)
}

/// `producer_types_list`.
#[tauri::command]
pub async fn producer_types_list(state: State<'_, AppState>) -> IpcResult<Vec<ProducerTypeInfo>> {
    Ok(state.store().await?.producer_types_list())
}
