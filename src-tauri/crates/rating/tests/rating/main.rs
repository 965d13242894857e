//! The one integration-test binary of ocop-rating.

mod catalog;
mod common;
mod engine;
mod properties;
mod real_sheets;
