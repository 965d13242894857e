//! Builds the Tauri context. The app's commands are declared here as an ACL manifest, so the
//! webview may call only those listed in the capability of `tauri.conf.json` (`allow-<command>`).

/// Every command of `src-tauri/src/ipc` (kept in step with `ipc::with_commands`; a command missing
/// here is refused at run time, which the IPC tests would show).
const COMMANDS: &[&str] = &[
    "app_info",
    "setup_init",
    "settings_get",
    "settings_set",
    "draft_put",
    "draft_get",
    "draft_discard",
    "attachment_data",
    "ui_ready",
    "units_list",
    "product_sets_list",
    "producer_types_list",
    "producers_list",
    "producer_get",
    "producer_check",
    "producer_save",
    "producer_archive",
    "producer_restore",
    "products_list",
    "product_get",
    "product_save",
    "product_set_status",
    "product_delete",
    "product_undelete",
    "product_add_photos",
    "product_remove_photo",
    "dossiers_list",
    "dossier_get",
    "dossier_save",
    "dossier_delete",
    "dossier_undelete",
    "dossier_attach",
    "dossier_detach",
    "backup_create",
    "backup_restore",
    "certificate_verify",
    "certificate_verify_image",
    "certificates_list",
    "certificate_get",
    "certificates_issue",
    "certificate_revoke",
    "certificate_extend",
    "certificate_pdf_preview",
    "certificates_print",
    "certificates_print_status",
    "certificates_print_cancel",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
