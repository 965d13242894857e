//! `ocop producers …` (owned by the store work).
#[derive(clap::Args, Debug)]
pub struct Args {}
pub fn run(_ctx: &crate::context::Context, _args: Args) -> Result<(), crate::context::CliError> {
    Err(crate::context::CliError::other("Internal", "not yet built"))
}
