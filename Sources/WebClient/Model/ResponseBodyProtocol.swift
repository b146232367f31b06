import Reactor

/// Receives a response body: Twisted's `IProtocol` as used by `IResponse.deliverBody`.
///
/// Calls arrive on the reactor thread in this order: ``makeConnection(_:)`` once, ``dataReceived(_:)``
/// zero or more times, ``connectionLost(reason:)`` once. The reason is ``ResponseDone`` for a complete
/// body, ``PotentialDataLoss`` for a body without declared length that ended with a clean close, or
/// ``ResponseFailed`` when the body could not be read to its end.
///
/// Twisted: the protocol given to `IResponse.deliverBody`.
public protocol ResponseBodyProtocol: AnyObject {
    /// Gives the consumer a producer for flow control: pausing it pauses reading from the connection
    /// (the server then waits); stopping it abandons the body and closes the connection.
    ///
    /// Twisted: `IProtocol.makeConnection(TransportProxyProducer)`.
    func makeConnection(_ producer: any PushProducer)

    /// The next part of the body. The slice shares storage with what the connection read; copy it only
    /// if you keep it.
    func dataReceived(_ data: ArraySlice<UInt8>)

    /// The body ended, for the reason given.
    func connectionLost(reason: any Error)
}

extension ResponseBodyProtocol {
    /// Ignores the producer by default.
    public func makeConnection(_ producer: any PushProducer) {}
}
