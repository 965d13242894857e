//! `ocop backup FILE` and `ocop restore FILE` (owned by the store work).
#[derive(clap::Args, Debug)]
pub struct BackupArgs {}
#[derive(clap::Args, Debug)]
pub struct RestoreArgs {}
pub fn run_backup(_ctx: &crate::context::Context, _args: BackupArgs) -> Result<(), crate::context::CliError> {
    Err(crate::context::CliError::other("Internal", "not yet built"))
}
pub fn run_restore(_ctx: &crate::context::Context, _args: RestoreArgs) -> Result<(), crate::context::CliError> {
    Err(crate::context::CliError::other("Internal", "not yet built"))
}
