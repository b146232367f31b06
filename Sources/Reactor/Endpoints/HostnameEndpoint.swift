import Deferred

/// Connects to a host name: resolves it off the reactor thread, then tries its addresses in a staggered
/// race (RFC 8305 "Happy Eyeballs"): the first connection to succeed wins and the other attempts are
/// cancelled.
///
/// Addresses are interleaved by family (IPv6, IPv4, IPv6, ... starting with the family the resolver
/// listed first). A new attempt starts every ``attemptDelay`` (300 ms, as in Twisted), or at once when
/// the previous attempt fails. The Deferred fails with the *last* attempt's error when every attempt
/// failed, with a ``ConnectError`` of code `dnsLookup` when the name has no addresses, or with
/// ``ConnectingCancelledError`` when cancelled.
///
/// Works with any reactor protocol-typed value (`any ReactorTCP & ReactorTime & ReactorThreads`), so
/// tests can drive it with a ``MemoryReactorClock`` and a fake `resolver`.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.endpoints.HostnameEndpoint`.
public final class HostnameEndpoint: StreamClientEndpoint {
    /// Resolves a host name and port to the addresses to try, in preference order.
    public typealias Resolver = (_ host: String, _ port: Int) -> Deferred<[Address]>

    private let reactor: any ReactorTCP & ReactorTime & ReactorThreads
    private let resolver: Resolver
    /// The host name (or address literal).
    public let host: String
    /// The port.
    public let port: Int
    /// The timeout of each connection attempt.
    public let timeout: Duration
    /// The delay between starting one attempt and the next.
    public let attemptDelay: Duration

    /// Creates the endpoint.
    ///
    /// - Parameter resolver: Defaults to the reactor's ``ReactorThreads/resolve(host:port:)`` (`getaddrinfo`
    ///   on the thread pool, so resolution never blocks the reactor thread; numeric addresses at once).
    public init(
        reactor: any ReactorTCP & ReactorTime & ReactorThreads, host: String, port: Int,
        timeout: Duration = .seconds(30), attemptDelay: Duration = .milliseconds(300), resolver: Resolver? = nil
    ) {
        self.reactor = reactor
        self.host = host
        self.port = port
        self.timeout = timeout
        self.attemptDelay = attemptDelay
        self.resolver = resolver ?? { [reactor] host, port in reactor.resolve(host: host, port: port) }
    }

    /// Resolves, then races connection attempts; see the type's documentation.
    ///
    /// Twisted: `HostnameEndpoint.connect`.
    public func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        let race = HappyEyeballsRace(
            reactor: reactor, factory: factory, host: host, port: port, timeout: timeout, attemptDelay: attemptDelay)
        race.start(resolver(host, port))
        return race.result
    }

    /// Orders addresses for the race: alternate families, starting with the first address's family.
    static func interleave(_ addresses: [Address]) -> [Address] {
        guard let first = addresses.first else { return [] }
        let firstIsV6 = if case .ipv6 = first { true } else { false }
        let preferred = addresses.filter { if case .ipv6 = $0 { firstIsV6 } else { !firstIsV6 } }
        let other = addresses.filter { if case .ipv6 = $0 { !firstIsV6 } else { firstIsV6 } }
        var ordered: [Address] = []
        ordered.reserveCapacity(addresses.count)
        for index in 0..<max(preferred.count, other.count) {
            if index < preferred.count { ordered.append(preferred[index]) }
            if index < other.count { ordered.append(other[index]) }
        }
        return ordered
    }
}

@available(*, unavailable)
extension HostnameEndpoint: Sendable {}
