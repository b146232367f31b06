import Deferred
import Reactor

/// A protocol that records everything that happens to it, for tests.
///
/// Twisted: `twisted.internet.testing.AccumulatingProtocol`.
public final class AccumulatingProtocol: ConnectionProtocol {
    /// The transport it was connected to.
    public var transport: (any Transport)?
    /// Every byte received, in order.
    public private(set) var data: [UInt8] = []
    /// Whether ``connectionMade()`` ran.
    public private(set) var made = false
    /// Whether ``connectionLost(reason:)`` ran.
    public private(set) var closed = false
    /// The reason given to ``connectionLost(reason:)``.
    public private(set) var closedReason: (any Error)?
    /// Fires (with no value) when the connection is made.
    public let madeDeferred = Deferred<Void>()
    /// Fires (with no value) when the connection is lost.
    ///
    /// Twisted: `AccumulatingProtocol.closedDeferred`.
    public let closedDeferred = Deferred<Void>()

    /// Creates an unconnected protocol.
    public init() {}

    /// ``data`` decoded as UTF-8.
    public var text: String { String(decoding: data, as: UTF8.self) }

    /// Sets ``made`` and fires ``madeDeferred``.
    public func connectionMade() {
        made = true
        madeDeferred.callback()
    }

    /// Appends to ``data``.
    public func dataReceived(_ data: [UInt8]) {
        self.data.append(contentsOf: data)
    }

    /// Records the reason and fires ``closedDeferred``.
    public func connectionLost(reason: any Error) {
        closed = true
        closedReason = reason
        closedDeferred.callback()
    }
}

@available(*, unavailable)
extension AccumulatingProtocol: Sendable {}
