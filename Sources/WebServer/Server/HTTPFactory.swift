import Reactor

/// Builds an ``HTTPChannel`` for each connection; usable with `listenTCP`, `listenUNIX` or any
/// server endpoint.
///
/// Every channel shares the handler, the configuration and one cached `Date` line.
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `twisted.web.server.Site` as a protocol factory (`HTTPFactory`).
public final class HTTPFactory: Factory {
    /// Answers every request of every channel.
    public let handler: any RequestHandler
    /// The time source of the channels' timers.
    public let clock: any ReactorTime
    /// The limits and timeouts of every channel.
    public let configuration: HTTPServerConfiguration
    /// How many channels have been built.
    public private(set) var connectionCount = 0
    private let dateCache = HTTPDateCache()

    /// A factory of channels answering with `handler`.
    public init(
        handler: any RequestHandler, clock: any ReactorTime,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration()
    ) {
        self.handler = handler
        self.clock = clock
        self.configuration = configuration
    }

    /// A new channel for a connection from `addr`.
    public func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        makeChannel()
    }

    /// A new channel (for tests and in-memory connections).
    public func makeChannel() -> HTTPChannel {
        connectionCount += 1
        return HTTPChannel(handler: handler, clock: clock, configuration: configuration, dateCache: dateCache)
    }
}

@available(*, unavailable)
extension HTTPFactory: Sendable {}
