// HTTPCore module: the HTTP/1.1 wire codec shared by WebClient and WebServer; see docs/architecture.md.
