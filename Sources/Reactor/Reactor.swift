// Reactor module: see docs/architecture.md.
