// WebServer module: see docs/architecture.md.
