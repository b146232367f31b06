// WebServer module: the HTTP/1.1 server on HTTPCore; see docs/architecture.md.

/// Re-exported so that `import WebServer` alone gives `Headers`, `HTTPVersion`, `BodyProducer` and the rest
/// of the shared HTTP/1.1 vocabulary (docs/architecture.md).
@_exported import HTTPCore
