//! The sync protocol of OCOP Desk, pure (no IO): what the laptops, the provincial server and the
//! meeting hub say to each other, and the rules they apply the same way on every side.
//!
//! - [`hlc`]: the hybrid logical clock every change carries;
//! - [`wire`]: the messages (hello, login, push page and answer, pull page), JSON over HTTP;
//! - [`catalog`]: which tables travel, their columns, parents and scope owners;
//! - [`merge`]: the server's field-by-field merge, and its conflict and parallel-update flags;
//! - [`scope`]: roles and administrative scopes.
//!
//! ```
//! use ocop_sync::hlc::Hlc;
//! let h: Hlc = "000001764979200000-00002-laptop".parse().unwrap();
//! assert_eq!((h.millis, h.counter, h.node.as_str()), (1_764_979_200_000, 2, "laptop"));
//! ```

pub mod catalog;
pub mod hlc;
pub mod merge;
pub mod scope;
pub mod wire;

pub use hlc::{Hlc, HlcClock};
pub use scope::Role;
