//! real_sheets
