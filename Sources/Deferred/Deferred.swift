// Deferred module: see docs/architecture.md.
