import Deferred
import Reactor

/// One HTTP/1.1 connection that carries one request at a time: Twisted's `HTTP11ClientProtocol`.
///
/// ``request(_:)`` writes a request and returns a Deferred that fires with the ``Response`` as soon as
/// its head has arrived; the body follows through ``Response/deliverBody(_:)``. A response without a
/// body (to HEAD, 204, 304, `Content-Length: 0`) is delivered after the connection has become quiescent
/// again, so a callback may send the next request on it. When a response is complete and the connection
/// can carry another request, ``quiescentCallback`` is called (before the body consumer hears that the
/// body is done), which is how ``HTTPConnectionPool`` takes connections back.
///
/// A body ends with ``ResponseDone``; a body without declared length that ended with a clean close, with
/// ``PotentialDataLoss``; a body cut short (by a lost connection, ``abort()``, a parse error), with
/// ``ResponseFailed`` carrying the cause and a ``DataLoss``, the ``Response`` attached.
///
/// The request Deferred fires exactly once: with the response, or with ``RequestNotSent`` (busy or
/// closed connection), ``InvalidRequest`` (nothing written), ``RequestGenerationFailed``,
/// ``RequestTransmissionFailed``, ``ResponseNeverReceived`` or ``ResponseFailed`` (these wrap the
/// causes: an ``HTTPParseError``, the transport's reason, such as ``ConnectionDone`` for a close before
/// any response byte, or ``ConnectionAborted`` after ``abort()``). Cancelling it aborts the connection.
/// A connection that saw any parse error, unexpected byte, a close-delimited body, `Connection: close`
/// or HTTP/1.0 is never offered for reuse.
///
/// All state lives in an ``HTTP11ClientStateMachine``; this class feeds it events and carries out its
/// actions in one place (`run(_:)`).
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web._newclient.HTTP11ClientProtocol`.
public final class HTTP11ClientProtocol: ConnectionProtocol {
    typealias Machine = HTTP11ClientStateMachine<Deferred<Response>, Response, FramedBodyWriter, Deferred<Void>>

    /// The connection, once made.
    public var transport: (any Transport)?
    /// Called when a response is complete and the connection is ready for another request.
    ///
    /// Twisted: the `quiescentCallback` constructor argument.
    public var quiescentCallback: ((HTTP11ClientProtocol) -> Void)?

    private var machine: Machine

    /// A protocol with the parser's default limits.
    public init(
        limits: HTTPResponseParser.Limits = .init(), quiescentCallback: ((HTTP11ClientProtocol) -> Void)? = nil
    ) {
        self.machine = Machine(limits: limits)
        self.quiescentCallback = quiescentCallback
    }

    /// The state, by Twisted's name (`QUIESCENT`, `TRANSMITTING`, `WAITING`, …).
    ///
    /// Twisted: `HTTP11ClientProtocol.state`.
    public var state: String { machine.stateName }

    /// Whether the connection is idle and can take a request now.
    public var isQuiescent: Bool { machine.isQuiescent }

    /// Whether the connection is gone.
    public var isDisconnected: Bool { machine.isDisconnected }

    // MARK: - ConnectionProtocol

    /// Turns on `TCP_NODELAY` when the transport is TCP (requests are written whole).
    public func connectionMade() {
        (transport as? any TCPTransport)?.setTcpNoDelay(true)
    }

    /// Feeds the response in progress; bytes on an idle connection close it.
    public func dataReceived(_ data: [UInt8]) {
        run(machine.bytesReceived(data))
        drain()
    }

    /// Ends the exchange in progress as the state machine says (see the type's documentation).
    public func connectionLost(reason: any Error) {
        run(machine.connectionLost(reason: reason))
        drain()
        transport = nil
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
        guard let transport else { return .fail(RequestNotSent()) }
        let deferred = Deferred<Response>(canceller: { [weak self] deferred in
            guard let self else { return }
            self.run(self.machine.cancelRequest(deferred))
        })
        var writer: FramedBodyWriter?
        if let producer = request.bodyProducer {
            let framing: FramedBodyWriter.Framing
            switch head.bodyFraming {
            case .none: framing = .none
            case .contentLength(let n): framing = .contentLength(n)
            case .chunked: framing = .chunked
            }
            if framing != .none {
                writer = FramedBodyWriter(
                    transport: transport, framing: framing, producer: producer, head: head.bytes,
                    lengthError: { WrongBodyLength($0) })
            }
        }
        run(machine.request(request, head: head, caller: deferred, writer: writer))
        return deferred
    }

    /// Closes the connection (after flushing) and returns a Deferred that fires once it is gone.
    ///
    /// A request in progress fails with ``ConnectionAborted`` among its reasons, exactly once, whatever
    /// arrives before the connection is gone (Twisted can leave it unfired).
    ///
    /// Twisted: `HTTP11ClientProtocol.abort`.
    public func abort() -> Deferred<Void> {
        let waiter = Deferred<Void>()
        run(machine.abort(waiter))
        return waiter
    }

    /// The body consumer stopped the body producer (`reason` is a `CancelledError`), or a timeout gave up
    /// on the body: the rest is abandoned and the connection aborted.
    func bodyAbandoned(reason: any Error = CancelledError()) {
        run(machine.abandonBody(reason: reason))
    }

    // MARK: - Carrying out the machine's actions

    /// Pulls what the parser found until there is nothing more (each action may call back in). Stops
    /// after a response's end: a request started from its callbacks has no bytes yet.
    private func drain() {
        while let action = machine.nextResponseAction(makeResponse: { head, sent in self.makeResponse(head, sent) }) {
            let ended: Bool
            if case .finishResponse = action { ended = true } else { ended = false }
            run(action)
            if ended { return }
        }
    }

    private func makeResponse(_ head: ResponseHead, _ sent: SentRequest) -> Response {
        let response = Response(head: head, sent: sent, bodyProducer: BodyTransportProducer(connection: self))
        response.localAddress = transport?.getHost()
        return response
    }

    private func writeFinished(_ writer: FramedBodyWriter, _ result: Result<Void, any Error>) {
        switch result {
        case .success: run(machine.writeFinished(writer, error: nil))
        case .failure(let error): run(machine.writeFinished(writer, error: error))
        }
    }

    /// Carries out one action of the machine: the only place that writes, fires Deferreds or closes.
    private func run(_ action: Machine.Action) {
        switch action {
        case .none:
            break
        case .rejectRequest(let caller):
            caller.errback(RequestNotSent())
        case .sendRequest(let head, let writer):
            if let writer {
                writer.start().addBoth { [weak self] (result: Result<Void, any Error>) in
                    self?.writeFinished(writer, result)
                }
            } else {
                transport?.write(head)
                run(machine.writeFinished(nil, error: nil))
            }
        case .requestWritten(let observer):
            observer.requestWritten()
        case .bytesArrived(let observer):
            observer.bytesReceived()
        case .deliverResponse(let caller, let response):
            response.bodyProducer.awaitConsumer()
            caller.callback(response)
        case .forwardBody(let response, let bytes):
            response.bodyDataReceived(bytes)
        case .finishResponse(let finish):
            finishResponse(finish)
        case .fail(let settlement, let close, let writer):
            writer?.stop()
            settle(settlement)
            self.close(close)
        case .close(let close, let writer):
            writer?.stop()
            self.close(close)
        case .finishAbort(let settlement, let waiters, let writer):
            writer?.stop()
            if let settlement { settle(settlement) }
            for waiter in waiters { waiter.callback(()) }
        }
    }

    private func finishResponse(_ finish: Machine.Finish) {
        let response = finish.response
        response.trailers = finish.trailers
        response.sent.observer?.responseEnded()
        finish.stopWriter?.stop()
        response.bodyProducer.detach()
        response.connectionReusable = finish.connection == .reuse
        switch finish.connection {
        case .reuse:
            transport?.resumeProducing()
            quiescentCallback?(self)
        case .close:
            transport?.loseConnection()
        case .gone:
            break
        }
        switch finish.completion {
        case .done: response.bodyFinished(reason: ResponseDone())
        case .potentialDataLoss: response.bodyFinished(reason: PotentialDataLoss())
        }
        finish.caller?.callback(response)
    }

    private func settle(_ settlement: Machine.Settlement) {
        switch settlement {
        case .request(let caller, let error):
            caller.errback(error)
        case .body(let response, let failure):
            response.sent.observer?.responseEnded()
            response.bodyProducer.detach()
            switch failure {
            case .cutShort(let reasons): response.bodyFinished(reason: ResponseFailed(reasons, response: response))
            case .timedOut(let error): response.bodyFinished(reason: error)
            }
        }
    }

    private func close(_ close: Machine.Close) {
        switch close {
        case .keep: break
        case .lose: transport?.loseConnection()
        case .abort: transport?.abortConnection()
        }
    }
}

@available(*, unavailable)
extension HTTP11ClientProtocol: Sendable {}
