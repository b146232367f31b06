import Deferred
import Reactor

/// Name resolvers that fail, for `HostnameEndpoint` and `StandardEndpointFactory(resolver:)`: the
/// name-resolution faults of the fault matrix.
public enum FaultResolver {
    /// Every name fails to resolve, at once, with a ``ConnectError`` of code `dnsLookup` (as `getaddrinfo`
    /// reports NXDOMAIN).
    public static func failing() -> HostnameEndpoint.Resolver {
        { host, _ in .fail(ConnectError.dnsLookup(host)) }
    }

    /// No name ever resolves and no answer ever comes (a resolver that does not answer); only a connect
    /// timeout or a cancellation ends the wait.
    public static func silent() -> HostnameEndpoint.Resolver {
        { _, _ in Deferred<[Address]>() }
    }

    /// Every name resolves to `address` with the requested port.
    public static func fixed(_ address: String) -> HostnameEndpoint.Resolver {
        { _, port in .succeed([.ipv4(host: address, port: port)]) }
    }
}
