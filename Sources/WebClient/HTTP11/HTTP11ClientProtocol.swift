import Deferred
import Reactor

/// One HTTP/1.1 connection that carries one request at a time: Twisted's `HTTP11ClientProtocol`.
///
/// ``request(_:)`` writes a request and returns a Deferred that fires with the ``Response`` as soon as
/// its head has arrived (for responses without a body, after the connection has become quiescent); the
/// body follows through ``Response/deliverBody(_:)``. When a response is complete and the connection
/// can carry another request, ``quiescentCallback`` is called (before the body consumer hears that the
/// body is done), which is how ``HTTPConnectionPool`` takes connections back.
///
/// The request Deferred fires exactly once: with the response, or with ``RequestNotSent`` (busy or
/// closed connection), ``InvalidRequest`` (nothing written), ``RequestGenerationFailed``,
/// ``RequestTransmissionFailed``, ``ResponseNeverReceived`` or ``ResponseFailed`` (these wrap the
/// causes, such as an ``HTTPParseError``, a connection error or ``ConnectionAborted`` after ``abort()``).
/// Cancelling it aborts the connection. A connection that saw any parse error, unexpected byte, a
/// close-delimited body, `Connection: close` or HTTP/1.0 is never offered for reuse.
///
/// The transition logic lives in ``HTTP11ClientStateMachine``; this class performs its actions.
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web._newclient.HTTP11ClientProtocol`.
public final class HTTP11ClientProtocol: ConnectionProtocol {
    /// The connection, once made.
    public var transport: (any Transport)?
    /// Called when a response is complete and the connection is ready for another request.
    ///
    /// Twisted: the `quiescentCallback` constructor argument.
    public var quiescentCallback: ((HTTP11ClientProtocol) -> Void)?

    var machine = HTTP11ClientStateMachine()
    private var parser: HTTPResponseParser
    private var currentRequest: Request?
    private var requestDeferred: Deferred<Response>?
    private var response: Response?
    private var bodyWriter: FramedBodyWriter?
    private var closesConnection = false
    private var abortWaiters: [Deferred<Void>] = []
    /// The transport's reason when the connection ended uncleanly (a reset, a TLS truncation): it, rather
    /// than the parser's "connection closed" error, is why a response in progress failed.
    private var uncleanLoss: (any Error)?

    /// A protocol with the parser's default limits.
    public init(
        limits: HTTPResponseParser.Limits = .init(), quiescentCallback: ((HTTP11ClientProtocol) -> Void)? = nil
    ) {
        self.parser = HTTPResponseParser(limits: limits)
        self.quiescentCallback = quiescentCallback
    }

    /// The state, by Twisted's name (`QUIESCENT`, `TRANSMITTING`, `WAITING`, …).
    ///
    /// Twisted: `HTTP11ClientProtocol.state`.
    public var state: String { machine.state.rawValue }

    /// Whether the connection is idle and can take a request now.
    public var isQuiescent: Bool { machine.state == .quiescent }

    /// Whether the connection is gone.
    public var isDisconnected: Bool { machine.state == .connectionLost }

    // MARK: - ConnectionProtocol

    /// Turns on `TCP_NODELAY` when the transport is TCP (requests are written whole).
    public func connectionMade() {
        (transport as? any TCPTransport)?.setTcpNoDelay(true)
    }

    /// Feeds the parser; bytes on an idle connection close it.
    public func dataReceived(_ data: [UInt8]) {
        currentRequest?.observer?.bytesReceived()
        if case .close(let close, _) = machine.bytesReceived() {
            self.close(close)
            return
        }
        guard machine.state == .transmitting || machine.state == .waiting, parser.isAwaitingResponse else {
            return
        }
        parser.feed(data)
        drainParser()
    }

    /// Ends the exchange in progress as the state machine says (see the type's documentation).
    public func connectionLost(reason: any Error) {
        // The parser decides how a response in progress ends (a close-delimited body completes, anything
        // else is truncated); a loss while the request is still being written is the machine's alone.
        if machine.state == .waiting || machine.bodyPending, parser.isAwaitingResponse {
            parser.connectionLost(cleanly: reason is ConnectionDone)
            uncleanLoss = reason is ConnectionDone ? nil : reason
            drainParser()
        }
        let aborting = machine.state == .aborting
        perform(machine.connectionLost(), reason: aborting ? ConnectionAborted() : reason)
    }

    // MARK: - Requests

    /// Sends `request` and returns a Deferred of its response (see the type's documentation).
    ///
    /// Twisted: `HTTP11ClientProtocol.request`.
    public func request(_ request: Request) -> Deferred<Response> {
        let head: SerializedRequestHead
        do {
            head = try request.head.serialize()
        } catch {
            return .fail(error)
        }
        guard let transport, machine.request() == .sendRequest else {
            return .fail(RequestNotSent())
        }
        let deferred = Deferred<Response>(canceller: { [weak self] _ in
            guard let self else { return }
            self.perform(self.machine.cancelRequest(), reason: CancelledError())
        })
        requestDeferred = deferred
        currentRequest = request
        closesConnection = head.closesConnection
        parser.expectResponse(method: request.method, upgradeRequested: head.upgradeRequested)
        if let producer = request.bodyProducer, head.bodyFraming != .none {
            let framing: FramedBodyWriter.Framing
            switch head.bodyFraming {
            case .none: framing = .none
            case .contentLength(let n): framing = .contentLength(n)
            case .chunked: framing = .chunked
            }
            let writer = FramedBodyWriter(
                transport: transport, framing: framing, producer: producer, head: head.bytes,
                lengthError: { WrongBodyLength($0) })
            bodyWriter = writer
            writer.start().addBoth { [weak self] (result: Result<Void, any Error>) in
                guard let self else { return }
                switch result {
                case .success: self.writeFinished(writer, error: nil)
                case .failure(let error): self.writeFinished(writer, error: error)
                }
            }
        } else {
            transport.write(head.bytes)
            perform(machine.writeSucceeded(), reason: ConnectionDone())
            requestWritten()
        }
        return deferred
    }

    /// Closes the connection (after flushing) and returns a Deferred that fires once it is gone.
    ///
    /// A request in progress fails with ``ConnectionAborted`` among its reasons, exactly once, whatever
    /// arrives before the connection is gone (Twisted can leave it unfired).
    ///
    /// Twisted: `HTTP11ClientProtocol.abort`.
    public func abort() -> Deferred<Void> {
        if machine.state == .connectionLost { return .succeed(()) }
        if case .close(let close, let stopWriting) = machine.abort() {
            if stopWriting { self.stopWriting() }
            self.close(close)
        }
        let waiter = Deferred<Void>()
        abortWaiters.append(waiter)
        return waiter
    }

    // MARK: - Internals

    private func writeFinished(_ writer: FramedBodyWriter, error: (any Error)?) {
        guard writer === bodyWriter else { return }
        bodyWriter = nil
        if let error {
            perform(machine.writeFailed(), reason: error)
        } else {
            perform(machine.writeSucceeded(), reason: ConnectionDone())
            requestWritten()
        }
    }

    /// Tells the request's timeouts that it has been written, unless its response is already over.
    private func requestWritten() {
        if machine.state == .waiting { currentRequest?.observer?.requestWritten() }
    }

    /// The body consumer stopped the body producer (`reason` is a `CancelledError`), or a timeout gave up
    /// on the body: the rest is abandoned and the connection aborted.
    func bodyAbandoned(reason: any Error = CancelledError()) {
        perform(machine.cancelBody(), reason: reason)
    }

    private func drainParser() {
        while true {
            let event: HTTPResponseParser.Event?
            do {
                event = try parser.next()
            } catch {
                perform(machine.parseFailed(), reason: uncleanLoss ?? error)
                return
            }
            guard let event else { return }
            switch event {
            case .informational:
                continue
            case .head(let head):
                headReceived(head)
            case .body(let data):
                response?.bodyDataReceived(data)
            case .end(let trailers):
                response?.trailers = trailers
                responseEnded()
                return
            }
        }
    }

    private func headReceived(_ head: ResponseHead) {
        guard let request = currentRequest, machine.responseHeadReceived() == .deliverResponse else { return }
        let response = Response(head: head, request: request, bodyProducer: BodyTransportProducer(connection: self))
        response.localAddress = transport?.getHost()
        self.response = response
        if head.framing != .none {
            response.bodyProducer.awaitConsumer()
            fireRequest(with: response)
        }
        // Without a body, the response is delivered after the connection has become quiescent.
    }

    private func responseEnded() {
        let reusable = parser.isReusable && !closesConnection && (currentRequest?.persistent ?? false)
        let wasTransmitting = machine.state == .transmitting
        guard case .finishResponse(let reuse) = machine.responseComplete(reusable: reusable),
            let response
        else { return }
        currentRequest?.observer?.responseEnded()
        self.response = nil
        currentRequest = nil
        // Taken before any callback runs: the quiescent callback or the body's end may start the next
        // request on this connection, which installs a new request Deferred.
        let undelivered = requestDeferred
        requestDeferred = nil
        if wasTransmitting { stopWriting() }
        response.bodyProducer.detach()
        response.connectionReusable = reuse
        if reuse {
            transport?.resumeProducing()
            quiescentCallback?(self)
        } else {
            transport?.loseConnection()
        }
        response.bodyFinished(reason: ResponseDone())
        undelivered?.callback(response)
    }

    private func fireRequest(with response: Response) {
        guard let deferred = requestDeferred else { return }
        requestDeferred = nil
        deferred.callback(response)
    }

    private func perform(_ action: HTTP11ClientStateMachine.Action, reason: any Error) {
        switch action {
        case .none, .sendRequest, .rejectRequest, .deliverResponse, .finishResponse:
            break
        case .fail(let target, let close, let stopWriting):
            if stopWriting { self.stopWriting() }
            settle(target, reason: reason)
            self.close(close)
        case .close(let close, let stopWriting):
            if stopWriting { self.stopWriting() }
            self.close(close)
        case .finishAbort(let target, let stopWriting):
            if stopWriting { self.stopWriting() }
            if let target { settle(target, reason: reason) }
            let waiters = abortWaiters
            abortWaiters = []
            for waiter in waiters { waiter.callback(()) }
        }
        if machine.state == .connectionLost {
            transport = nil
        }
    }

    private func settle(_ target: HTTP11ClientStateMachine.Target, reason: any Error) {
        switch target {
        case .request(let failure):
            currentRequest = nil
            response = nil
            guard let deferred = requestDeferred else { return }
            requestDeferred = nil
            deferred.errback(Self.error(failure, reason: reason))
        case .body:
            let response = self.response
            currentRequest?.observer?.responseEnded()
            self.response = nil
            currentRequest = nil
            response?.bodyProducer.detach()
            // A timeout reaches the body consumer as itself (see `HTTPTimeout`).
            response?.bodyFinished(reason: reason is any HTTPTimeout ? reason : ResponseFailed([reason]))
        }
    }

    private static func error(_ failure: HTTP11ClientStateMachine.RequestFailure, reason: any Error) -> any Error {
        switch failure {
        case .notSent: return RequestNotSent()
        case .generationFailed: return RequestGenerationFailed([reason])
        case .transmissionFailed: return RequestTransmissionFailed([reason])
        case .responseNeverReceived: return ResponseNeverReceived([reason])
        case .responseFailed: return ResponseFailed([reason])
        }
    }

    private func stopWriting() {
        bodyWriter?.stop()
        bodyWriter = nil
    }

    private func close(_ close: HTTP11ClientStateMachine.Close) {
        switch close {
        case .keep: break
        case .lose: transport?.loseConnection()
        case .abort: transport?.abortConnection()
        }
    }
}

@available(*, unavailable)
extension HTTP11ClientProtocol: Sendable {}
