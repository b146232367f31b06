import Reactor
import TLS
import WebServer

/// The demo's embedded server: an ``HTTPServer`` on 127.0.0.1 (any free port) answering `GET /bytes`
/// with the same `bodySize` bytes every time (the array is built once and shared by every response),
/// over TLS when given server options.
///
/// Threading: not Sendable; reactor thread only.
final class DemoServer {
    /// The path the workload fetches.
    static let path = "/bytes"

    /// The server.
    let server: HTTPServer
    /// Its listening port.
    let port: any ListeningPort
    /// The TLS settings when it serves HTTPS.
    let tls: TLSServerOptions?

    /// Starts listening on 127.0.0.1, on a free port; HTTPS when `tls` is given.
    ///
    /// - Throws: `CannotListenError` from the reactor.
    init(reactor: any ReactorTime & ReactorTCP, bodySize: Int, tls: TLSServerOptions? = nil) throws {
        let body = [UInt8](repeating: UInt8(ascii: "t"), count: bodySize)
        let router = Router()
        router.get(Self.path) { _ in ServerResponse(bytes: body, contentType: "application/octet-stream") }
        server = HTTPServer(reactor: reactor, router: router)
        self.tls = tls
        if let tls {
            port = try server.listenSSL(port: 0, interface: "127.0.0.1", options: tls)
        } else {
            port = try server.listen(port: 0, interface: "127.0.0.1")
        }
    }

    /// The URL of the body, with the port chosen by the system.
    var url: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port.getHost().port!)\(Self.path)" }

    /// Connections the server has accepted.
    var connectionCount: Int { server.factory.connectionCount }
}

@available(*, unavailable)
extension DemoServer: Sendable {}
