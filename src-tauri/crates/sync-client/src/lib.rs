//! The sync client of OCOP Desk: talks the protocol of `ocop-sync` to a server (`ocop serve`) or
//! a meeting hub, over HTTPS pinned to the fingerprint seen at the first login.
//!
//! - [`transport`]: the connection, TLS pinning, and the server's errors.

pub mod transport;

pub use transport::{fingerprint, Connection, TransportError};
