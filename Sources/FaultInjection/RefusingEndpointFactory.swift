import Deferred
import Reactor
import WebClient

/// An endpoint factory whose endpoints send a seeded share of connection attempts to a loopback port
/// nobody listens on, so the kernel refuses them (`ECONNREFUSED`, for real), and the rest where the wrapped
/// factory says: refused connections mixed into a run, per attempt rather than per host.
///
/// The ``Agent`` keeps one endpoint per host, so the draw happens in each `connect`, not when the endpoint
/// is made. Draws come from one SplitMix64 generator per factory, in the order attempts are made.
///
/// Threading: reactor thread only.
public final class RefusingEndpointFactory: EndpointFactory {
    private let wrapped: any EndpointFactory
    private let reactor: any ReactorTCP & ReactorTime
    private let closedPort: Int
    private let permille: Int
    private var generator: SplitMix64
    /// Connection attempts sent to the closed port so far.
    public private(set) var refused = 0
    /// Connection attempts passed to the wrapped factory's endpoints so far.
    public private(set) var passed = 0

    /// Refuses `permille` of every thousand attempts (0 to 1000) through `closedPort` (see ``ClosedPort``),
    /// drawing with `seed`.
    public init(
        wrapping wrapped: any EndpointFactory, reactor: any ReactorTCP & ReactorTime, closedPort: Int, permille: Int,
        seed: UInt64
    ) {
        precondition(permille >= 0 && permille <= 1000, "RefusingEndpointFactory: permille is 0...1000")
        self.wrapped = wrapped
        self.reactor = reactor
        self.closedPort = closedPort
        self.permille = permille
        generator = SplitMix64(seed: seed)
    }

    /// The wrapped factory's endpoint for `uri`, behind a per-attempt draw.
    ///
    /// - Throws: Whatever the wrapped factory throws.
    public func endpoint(for uri: URI) throws -> any StreamClientEndpoint {
        RefusingEndpoint(factory: self, wrapped: try wrapped.endpoint(for: uri))
    }

    /// The endpoint for one attempt: the closed port or the real one.
    fileprivate func draw(_ real: any StreamClientEndpoint) -> any StreamClientEndpoint {
        if Int(generator.next() % 1000) < permille {
            refused += 1
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: closedPort)
        }
        passed += 1
        return real
    }
}

@available(*, unavailable)
extension RefusingEndpointFactory: Sendable {}

/// One of ``RefusingEndpointFactory``'s endpoints.
private final class RefusingEndpoint: StreamClientEndpoint {
    private let factory: RefusingEndpointFactory
    private let wrapped: any StreamClientEndpoint

    init(factory: RefusingEndpointFactory, wrapped: any StreamClientEndpoint) {
        self.factory = factory
        self.wrapped = wrapped
    }

    func connect(_ protocolFactory: any Factory) -> Deferred<any ConnectionProtocol> {
        factory.draw(wrapped).connect(protocolFactory)
    }
}

@available(*, unavailable)
extension RefusingEndpoint: Sendable {}
