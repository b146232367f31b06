import Reactor

/// Receives a request body as it arrives: the streaming alternative to ``ServerRequest/readBody(maxSize:)``.
///
/// Calls arrive on the reactor thread in this order: ``makeConnection(_:)`` once,
/// ``dataReceived(_:)`` zero or more times, ``connectionLost(reason:)`` once, with ``RequestBodyDone``
/// when the whole body arrived or ``RequestBodyFailed`` when it could not be read to its end.
/// Pausing the producer given to ``makeConnection(_:)`` pauses reading from the connection (the
/// client then waits); stopping it abandons the rest of the body (it is read and discarded).
///
/// Twisted: the `IProtocol` given to `deliverBody` (here for a request instead of a response);
/// mirrors WebClient's `ResponseBodyProtocol`.
public protocol RequestBodyProtocol: AnyObject {
    /// Gives the consumer the producer that controls reading of this body.
    func makeConnection(_ producer: any PushProducer)

    /// The next part of the body. The slice shares storage with what the connection read; copy it
    /// only if you keep it.
    func dataReceived(_ data: ArraySlice<UInt8>)

    /// The body ended, for the reason given.
    func connectionLost(reason: any Error)
}

extension RequestBodyProtocol {
    /// Ignores the producer by default.
    public func makeConnection(_ producer: any PushProducer) {}
}
