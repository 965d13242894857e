//! ocop-pdf (placeholder, filled in by its owner).
