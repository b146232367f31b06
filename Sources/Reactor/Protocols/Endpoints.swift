import Deferred

/// Something that can make one outgoing connection for a factory: a TCP host and port, a UNIX path, a
/// resolver plus several addresses, a TLS wrapper, or a test double.
///
/// Twisted: `twisted.internet.interfaces.IStreamClientEndpoint`.
public protocol StreamClientEndpoint: AnyObject {
    /// Connects and builds the protocol with `factory`.
    ///
    /// - Returns: A Deferred that fires with the connected protocol (after its
    ///   ``ConnectionProtocol/connectionMade()``), or fails with a ``ConnectError`` (or the factory's
    ///   refusal). Cancelling it before it fires stops the attempt and fails it with
    ///   ``ConnectingCancelledError``.
    ///
    /// Twisted: `IStreamClientEndpoint.connect`.
    func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol>
}

/// Something that can listen for connections for a factory.
///
/// Twisted: `twisted.internet.interfaces.IStreamServerEndpoint`.
public protocol StreamServerEndpoint: AnyObject {
    /// Starts listening, building a protocol with `factory` for each accepted connection.
    ///
    /// - Returns: A Deferred that fires with the listening port, or fails with ``CannotListenError``.
    ///
    /// Twisted: `IStreamServerEndpoint.listen`.
    func listen(_ factory: any Factory) -> Deferred<any ListeningPort>
}
