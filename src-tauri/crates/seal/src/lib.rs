//! ocop-seal (placeholder, filled in by its owner).
