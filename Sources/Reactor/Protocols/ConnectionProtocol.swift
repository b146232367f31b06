/// The per-connection handler that receives a transport's events: Twisted's `Protocol`.
///
/// Lifecycle, all on the reactor thread: ``makeConnection(_:)`` once (the default stores the transport
/// and calls ``connectionMade()``), then ``dataReceived(_:)`` any number of times, then
/// ``connectionLost(reason:)`` exactly once, with ``ConnectionDone`` for a clean close or
/// ``ConnectionLost`` (or another error) otherwise. Every method except ``transport`` has a default
/// no-op implementation; ``BaseProtocol`` is a ready-made base class.
///
/// Named `ConnectionProtocol`, not `Protocol`: a type named like Swift's `Protocol` metatype (or like
/// the `Reactor` module) breaks qualified lookup.
///
/// Twisted: `twisted.internet.protocol.Protocol` / `IProtocol`.
public protocol ConnectionProtocol: AnyObject {
    /// The transport this protocol is connected to; `nil` before ``makeConnection(_:)``.
    ///
    /// Twisted: `BaseProtocol.transport`.
    var transport: (any Transport)? { get set }

    /// Connects the protocol to a transport: stores it in ``transport`` and calls ``connectionMade()``.
    ///
    /// Called by the transport (or a test) once. Override only to wrap the transport.
    ///
    /// Twisted: `BaseProtocol.makeConnection`.
    func makeConnection(_ transport: any Transport)

    /// Called when the connection is set up; ``transport`` is available.
    ///
    /// Twisted: `BaseProtocol.connectionMade`.
    func connectionMade()

    /// Called with bytes read from the connection, in order; chunk boundaries are arbitrary.
    ///
    /// Twisted: `Protocol.dataReceived`.
    func dataReceived(_ data: [UInt8])

    /// Called once when the connection is closed; the transport must not be written to afterwards.
    ///
    /// - Parameter reason: ``ConnectionDone`` for a clean close, ``ConnectionLost`` otherwise.
    ///
    /// Twisted: `Protocol.connectionLost`.
    func connectionLost(reason: any Error)
}

extension ConnectionProtocol {
    /// Stores `transport` and calls ``connectionMade()``.
    public func makeConnection(_ transport: any Transport) {
        self.transport = transport
        connectionMade()
    }

    /// Does nothing.
    public func connectionMade() {}

    /// Does nothing (the bytes are dropped).
    public func dataReceived(_ data: [UInt8]) {}

    /// Does nothing.
    public func connectionLost(reason: any Error) {}
}

/// A protocol that wants to know when each direction of a connection closes on its own (TCP half-close).
///
/// Without this conformance, end-of-file from the peer closes the whole connection. With it, the transport
/// calls ``readConnectionLost()`` instead and keeps the sending side open until the protocol closes it.
///
/// Twisted: `twisted.internet.interfaces.IHalfCloseableProtocol`.
public protocol HalfCloseableProtocol: ConnectionProtocol {
    /// The peer will send no more data (end of file); writing is still possible.
    ///
    /// Twisted: `IHalfCloseableProtocol.readConnectionLost`.
    func readConnectionLost()

    /// The sending side was shut down after ``Transport/loseWriteConnection()``; reading continues.
    /// The default does nothing.
    ///
    /// Twisted: `IHalfCloseableProtocol.writeConnectionLost`.
    func writeConnectionLost()
}

extension HalfCloseableProtocol {
    /// Does nothing.
    public func writeConnectionLost() {}
}
