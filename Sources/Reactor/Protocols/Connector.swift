import Deferred

/// An outgoing connection attempt and, once connected, its connection.
///
/// Returned by `connectTCP`/`connectUNIX`. Reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IConnector`.
public protocol Connector: AnyObject {
    /// Stops the attempt if it is still connecting: the factory gets
    /// ``ClientFactory/clientConnectionFailed(connector:reason:)`` with a ``ConnectError`` whose code is
    /// ``ConnectError/Code/userCancelled`` (Twisted's `UserError`). Does nothing when not connecting.
    ///
    /// Twisted: `IConnector.stopConnecting`.
    func stopConnecting()

    /// Stops the attempt, or closes the connection it made (``Transport/loseConnection()``).
    ///
    /// Twisted: `IConnector.disconnect`.
    func disconnect()

    /// Starts a new attempt with the same destination and factory, e.g. from
    /// ``ClientFactory/clientConnectionLost(connector:reason:)``.
    ///
    /// Twisted: `IConnector.connect`.
    func connect()

    /// Where the connector connects to.
    ///
    /// Twisted: `IConnector.getDestination`.
    func getDestination() -> Address
}

/// A socket accepting connections, returned by `listenTCP`/`listenUNIX` and server endpoints.
///
/// Reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IListeningPort`.
public protocol ListeningPort: AnyObject {
    /// Stops accepting connections and closes the socket; existing connections stay open.
    ///
    /// - Returns: A Deferred that fires when the socket is closed and the factory's ``Factory/doStop()``
    ///   has run (in a later reactor iteration for real ports).
    ///
    /// Twisted: `IListeningPort.stopListening`.
    func stopListening() -> Deferred<Void>

    /// The local address, including the port the kernel chose when listening on port 0.
    ///
    /// Twisted: `IListeningPort.getHost`.
    func getHost() -> Address
}
