import Deferred

/// A factory that hands out one given protocol instance, once.
final class OneProtocolFactory: Factory {
    private var connectionProtocol: (any ConnectionProtocol)?

    init(_ connectionProtocol: any ConnectionProtocol) {
        self.connectionProtocol = connectionProtocol
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        defer { connectionProtocol = nil }
        return connectionProtocol
    }
}

extension StreamClientEndpoint {
    /// Connects `connectionProtocol` itself through this endpoint; the Deferred fires with it once it is
    /// connected (after its `connectionMade`), or fails as ``connect(_:)`` does.
    ///
    /// Twisted: `twisted.internet.endpoints.connectProtocol`.
    public func connectProtocol<P: ConnectionProtocol>(_ connectionProtocol: P) -> Deferred<P> {
        connect(OneProtocolFactory(connectionProtocol)).addCallback { (_: any ConnectionProtocol) -> P in
            connectionProtocol
        }
    }
}

/// Connects `connectionProtocol` through `endpoint`: the same as `endpoint.connectProtocol(_:)`.
///
/// Twisted: `twisted.internet.endpoints.connectProtocol(endpoint, protocol)`.
public func connectProtocol<P: ConnectionProtocol>(
    _ endpoint: any StreamClientEndpoint, _ connectionProtocol: P
) -> Deferred<P> {
    endpoint.connectProtocol(connectionProtocol)
}
