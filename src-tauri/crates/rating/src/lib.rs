//! ocop-rating (placeholder, filled in by its owner).
