// WebClient module: see docs/architecture.md.
