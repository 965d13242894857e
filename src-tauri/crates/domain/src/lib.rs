//! ocop-domain (placeholder, filled in by its owner).
