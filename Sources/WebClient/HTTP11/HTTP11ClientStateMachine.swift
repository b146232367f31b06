import Deferred
import Reactor

/// Everything ``HTTP11ClientProtocol`` knows about its connection, as a value: events in, actions out.
///
/// Each state carries what it needs and nothing else: the request in flight and what it still owes its
/// caller (the request Deferred until a response head is delivered, then the response body until it
/// ends), the body writer while the request is being written, the `abort()` Deferreds while an abort is
/// under way. The response parser is part of the value. So nothing about an exchange lives beside the
/// machine, and no flag can contradict the state.
///
/// The protocol calls one event method per thing that happened and carries out the returned
/// ``Action`` (writing, firing Deferreds, closing the transport) in one place, its `run(_:)`. Response
/// bytes are pushed with ``bytesReceived(_:)`` and their consequences pulled one at a time with
/// ``nextResponseAction(makeResponse:)`` until it returns nil, so an action that calls back into the
/// protocol (a callback that aborts, or starts the next request) is seen by the next pull.
///
/// Generic over the objects it hands back in actions but never touches: the caller's Deferred
/// (`Caller`), the delivered response (`Delivered`), the request body writer (`Writer`) and the
/// Deferreds returned by `abort()` (`AbortWaiter`), so tests drive it with plain tokens.
///
/// Each Deferred is settled exactly once: a request's Deferred by ``Action/deliverResponse(_:_:)``,
/// ``Action/finishResponse(_:)`` (body-less responses) or one failure; a delivered body by
/// ``Action/finishResponse(_:)`` or one failure. Later events that would settle them again become
/// ``Action/none``.
///
/// States are Twisted's (``stateName``): QUIESCENT, TRANSMITTING, TRANSMITTING_AFTER_RECEIVING_RESPONSE,
/// GENERATION_FAILED, WAITING, ABORTING, CONNECTION_LOST.
///
/// Twisted: the state handling of `twisted.web._newclient.HTTP11ClientProtocol` and the response side of
/// `HTTPClientParser`.
struct HTTP11ClientStateMachine<Caller: AnyObject, Delivered: AnyObject, Writer: AnyObject, AbortWaiter: AnyObject> {
    private(set) var state = State.quiescent
    /// The response parser; a response is expected while an exchange is under way.
    private(set) var parser: HTTPResponseParser

    /// A quiescent connection whose parser enforces `limits`.
    init(limits: HTTPResponseParser.Limits = .init()) {
        parser = HTTPResponseParser(limits: limits)
    }

    // MARK: - Events from the caller

    /// `request(_:)` was called with a request whose head serialized to `head`; `caller` is the Deferred
    /// to return and `writer` the body writer (`nil` without a body).
    mutating func request(_ request: Request, head: SerializedRequestHead, caller: Caller, writer: Writer?) -> Action {
        // Bytes left over from the last response mean the connection is being closed.
        guard case .quiescent = state, !parser.hasUnconsumedBytes else { return .rejectRequest(caller) }
        parser.expectResponse(method: request.method, upgradeRequested: head.upgradeRequested)
        let exchange = Exchange(
            sent: SentRequest(request), mayPersist: request.persistent && !head.closesConnection,
            response: .awaitingHead(caller, bytesSeen: false))
        state = .transmitting(exchange, writer: writer)
        return .sendRequest(head: head.bytes, writer: writer)
    }

    /// The caller cancelled `caller` (a request Deferred) before it fired.
    mutating func cancelRequest(_ caller: Caller) -> Action {
        switch state {
        case .transmitting(let exchange, let writer):
            guard case .awaitingHead(let owed, _) = exchange.response, owed === caller else { return .none }
            state = exchange.loss == nil ? .generationFailed : .connectionLost
            return .fail(
                .request(caller, RequestGenerationFailed([CancelledError()])), close: .abort, stopWriter: writer)
        case .waiting(var exchange):
            guard case .awaitingHead(let owed, let bytesSeen) = exchange.response, owed === caller else {
                return .none
            }
            // Twisted: stays WAITING until the connection is gone; whatever arrives meanwhile is dropped.
            exchange.response = .settled
            state = exchange.loss == nil ? .waiting(exchange) : .connectionLost
            let reasons: [any Error] = [CancelledError()]
            let error: any Error = bytesSeen ? ResponseFailed(reasons) : ResponseNeverReceived(reasons)
            return .fail(.request(caller, error), close: .abort, stopWriter: nil)
        case .aborting(var aborting):
            guard case .request(let owed, _) = aborting.owed, owed === caller else { return .none }
            // The Deferred's own cancellation fails it (with CancelledError).
            aborting.owed = nil
            state = .aborting(aborting)
            return .none
        default:
            return .none
        }
    }

    /// The body consumer gave up on the body (`reason` is a `CancelledError`, or a timeout's error):
    /// the rest is never read, so the connection is aborted and never carries another request.
    mutating func abandonBody(reason: any Error) -> Action {
        let failure: BodyFailure =
            reason is any HTTPTimeout ? .timedOut(reason) : .cutShort([reason, DataLoss("the body was abandoned")])
        switch state {
        case .transmitting(let exchange, let writer):
            guard case .readingBody(let response, _) = exchange.response else { return .none }
            state = exchange.loss == nil ? .aborting(Aborting(owed: nil, waiters: [])) : .connectionLost
            return .fail(.body(response, failure), close: .abort, stopWriter: writer)
        case .waiting(let exchange):
            guard case .readingBody(let response, _) = exchange.response else { return .none }
            state = exchange.loss == nil ? .aborting(Aborting(owed: nil, waiters: [])) : .connectionLost
            return .fail(.body(response, failure), close: .abort, stopWriter: nil)
        case .aborting(var aborting):
            guard case .body(let response, _) = aborting.owed else { return .none }
            aborting.owed = nil
            state = .aborting(aborting)
            return .fail(.body(response, failure), close: .abort, stopWriter: nil)
        default:
            return .none
        }
    }

    /// `abort()` was called; `waiter` fires once the connection is gone.
    mutating func abort(_ waiter: AbortWaiter) -> Action {
        switch state {
        case .connectionLost:
            return .finishAbort(nil, waiters: [waiter], stopWriter: nil)
        case .aborting(var aborting):
            aborting.waiters.append(waiter)
            state = .aborting(aborting)
            return .none
        case .transmitting(let exchange, let writer):
            let owed = Self.owedOnAbort(exchange, transmitting: true)
            if exchange.loss != nil {
                state = .connectionLost
                return .finishAbort(owed, waiters: [waiter], stopWriter: writer)
            }
            state = .aborting(Aborting(owed: owed, waiters: [waiter]))
            return .close(.lose, stopWriter: writer)
        case .waiting(let exchange):
            let owed = Self.owedOnAbort(exchange, transmitting: false)
            if exchange.loss != nil {
                state = .connectionLost
                return .finishAbort(owed, waiters: [waiter], stopWriter: nil)
            }
            state = .aborting(Aborting(owed: owed, waiters: [waiter]))
            return .close(.lose, stopWriter: nil)
        case .quiescent, .generationFailed, .transmittingAfterReceivingResponse:
            state = .aborting(Aborting(owed: nil, waiters: [waiter]))
            return .close(.lose, stopWriter: nil)
        }
    }

    // MARK: - Events from the request writer

    /// `writer` (nil: the head written without a body writer) finished the request, or failed with
    /// `error`.
    mutating func writeFinished(_ writer: Writer?, error: (any Error)?) -> Action {
        guard case .transmitting(_, let current) = state, current === writer,
            let (exchange, _, _) = takeExchange()
        else { return .none }
        guard let error else {
            let observer = exchange.sent.observer
            state = .waiting(exchange)
            return observer.map { .requestWritten($0) } ?? .none
        }
        let owed: Settlement?
        switch exchange.response {
        case .awaitingHead(let caller, _), .bodiless(let caller, _):
            owed = .request(caller, RequestGenerationFailed([error]))
        case .readingBody(let response, _):
            // The server answered early and the body is being read: the body fails instead.
            owed = .body(response, .cutShort([error, DataLoss("the request could not be written")]))
        case .settled:
            owed = nil
        }
        state = exchange.loss == nil ? .generationFailed : .connectionLost
        guard let owed else { return .close(.abort, stopWriter: nil) }
        return .fail(owed, close: .abort, stopWriter: nil)
    }

    // MARK: - Events from the transport

    /// Bytes arrived. On an idle connection they close it (it can no longer be trusted); for a response
    /// in progress they are handed to the parser, and the protocol then pulls
    /// ``nextResponseAction(makeResponse:)`` until it returns nil.
    mutating func bytesReceived(_ bytes: [UInt8]) -> Action {
        let observer: (any ExchangeObserver)?
        switch state {
        case .quiescent:
            return .close(.lose, stopWriter: nil)
        case .transmitting(let exchange, _), .waiting(let exchange):
            guard exchange.loss == nil, parser.isAwaitingResponse, let bytesSeen = exchange.owesResponseBytes else {
                return .none
            }
            observer = exchange.sent.observer
            if !bytesSeen, case (var exchange, let writer, let transmitting)? = takeExchange() {
                if case .awaitingHead(let caller, _) = exchange.response {
                    exchange.response = .awaitingHead(caller, bytesSeen: true)
                }
                putBack(exchange, writer: writer, transmitting: transmitting)
            }
        case .transmittingAfterReceivingResponse, .generationFailed, .aborting, .connectionLost:
            return .none
        }
        parser.feed(bytes)
        return observer.map { .bytesArrived($0) } ?? .none
    }

    /// The connection is gone, for `reason` (``ConnectionDone`` for a clean close).
    ///
    /// A response in progress is finished by the parser: the protocol pulls
    /// ``nextResponseAction(makeResponse:)``, which ends a close-delimited body with
    /// ``PotentialDataLoss`` or fails what was cut short with `reason` (Twisted's rules, below), and
    /// moves to CONNECTION_LOST. Otherwise the returned action settles what is owed at once:
    /// - before any response byte: ``ResponseNeverReceived`` with `reason`; after some of the head:
    ///   ``ResponseFailed`` with `reason`; during a body: ``ResponseFailed`` with `reason` and a
    ///   ``DataLoss``, the response attached;
    /// - while the request is written: ``RequestTransmissionFailed`` with `reason`;
    /// - after `abort()`: the same errors with ``ConnectionAborted`` as the reason.
    mutating func connectionLost(reason: any Error) -> Action {
        switch state {
        case .transmitting(var exchange, let writer):
            if case .awaitingHead(let caller, _) = exchange.response {
                state = .connectionLost
                return .fail(
                    .request(caller, RequestTransmissionFailed([reason])), close: .keep, stopWriter: writer)
            }
            guard exchange.owesResponseBytes != nil, exchange.loss == nil, parser.isAwaitingResponse else {
                state = .connectionLost
                return writer.map { .close(.keep, stopWriter: $0) } ?? .none
            }
            exchange.loss = reason
            parser.connectionLost(cleanly: reason is ConnectionDone)
            state = .transmitting(exchange, writer: writer)
            return .none
        case .waiting(var exchange):
            guard exchange.owesResponseBytes != nil, exchange.loss == nil, parser.isAwaitingResponse else {
                state = .connectionLost
                return .none
            }
            exchange.loss = reason
            parser.connectionLost(cleanly: reason is ConnectionDone)
            state = .waiting(exchange)
            return .none
        case .aborting(let aborting):
            state = .connectionLost
            return .finishAbort(aborting.owed, waiters: aborting.waiters, stopWriter: nil)
        case .quiescent, .transmittingAfterReceivingResponse, .generationFailed, .connectionLost:
            state = .connectionLost
            return .none
        }
    }

    // MARK: - What the parser found

    /// The next consequence of the bytes (or the connection's end) given to the parser, or nil when
    /// there is none until more bytes arrive. `makeResponse` builds the response object for a head.
    ///
    /// Interim (1xx) responses are skipped. A head with a body is delivered at once; a body-less one
    /// (HEAD, 204, 304, `Content-Length: 0`) only with the response's end, after the connection is
    /// quiescent again, so the caller may send the next request on it. Stops at the end of the
    /// response, and whenever the state no longer reads one.
    mutating func nextResponseAction(makeResponse: (ResponseHead, SentRequest) -> Delivered) -> Action? {
        while isReadingResponse {
            let event: HTTPResponseParser.Event?
            do throws(HTTPParseError) {
                event = try parser.next()
            } catch {
                return parseFailed(error)
            }
            switch event {
            case nil:
                return nil
            case .informational:
                continue
            case .head(let head):
                if let action = headReceived(head, makeResponse: makeResponse) { return action }
            case .body(let bytes):
                if let response = bodyReceiver { return .forwardBody(response, bytes) }
            case .end(let trailers):
                return responseEnded(trailers)
            }
        }
        return nil
    }

    /// Moves the exchange out of TRANSMITTING or WAITING, leaving a payload-free placeholder until
    /// ``putBack(_:writer:)`` or another state replaces it (a move: a copy would retain every object the
    /// exchange holds, on every event).
    private mutating func takeExchange() -> (Exchange, writer: Writer?, transmitting: Bool)? {
        var taken = State.generationFailed
        swap(&taken, &state)
        switch consume taken {
        case .transmitting(let exchange, let writer):
            return (exchange, writer, true)
        case .waiting(let exchange):
            return (exchange, nil, false)
        case let other:
            state = other
            return nil
        }
    }

    /// Puts an exchange taken with ``takeExchange()`` back: TRANSMITTING with its writer, or WAITING.
    private mutating func putBack(_ exchange: consuming Exchange, writer: Writer?, transmitting: Bool) {
        state = transmitting ? .transmitting(exchange, writer: writer) : .waiting(exchange)
    }

    private mutating func headReceived(
        _ head: ResponseHead, makeResponse: (ResponseHead, SentRequest) -> Delivered
    ) -> Action? {
        guard case (var exchange, let writer, let transmitting)? = takeExchange() else { return nil }
        guard case .awaitingHead(let caller, _) = exchange.response else {
            putBack(exchange, writer: writer, transmitting: transmitting)
            return nil
        }
        let response = makeResponse(head, exchange.sent)
        switch head.framing {
        case .none, .contentLength(0):
            exchange.response = .bodiless(caller, response)
            putBack(exchange, writer: writer, transmitting: transmitting)
            return nil
        case .closeDelimited:
            exchange.response = .readingBody(response, closeDelimited: true)
        case .contentLength, .chunked, .switchingProtocols:
            exchange.response = .readingBody(response, closeDelimited: false)
        }
        putBack(exchange, writer: writer, transmitting: transmitting)
        return .deliverResponse(caller, response)
    }

    private mutating func responseEnded(_ trailers: Headers) -> Action {
        guard let (exchange, stopWriter, transmitting) = takeExchange() else { return .none }
        let response: Delivered
        let caller: Caller?
        let completion: Completion
        switch exchange.response {
        case .bodiless(let owed, let delivered):
            (response, caller, completion) = (delivered, owed, .done)
        case .readingBody(let delivered, let closeDelimited):
            (response, caller, completion) = (delivered, nil, closeDelimited ? .potentialDataLoss : .done)
        case .awaitingHead, .settled:
            if exchange.loss != nil {
                state = .connectionLost
            } else {
                putBack(exchange, writer: stopWriter, transmitting: transmitting)
            }
            return .none
        }
        let connection: AfterResponse
        if exchange.loss != nil {
            state = .connectionLost
            connection = .gone
        } else if transmitting {
            // The server answered before the request was fully sent: deliver, then give the connection up.
            state = .transmittingAfterReceivingResponse
            connection = .close
        } else {
            state = .quiescent
            connection = exchange.mayPersist && parser.isReusable ? .reuse : .close
        }
        return .finishResponse(
            Finish(
                response: response, caller: caller, trailers: trailers, completion: completion,
                connection: connection, stopWriter: stopWriter))
    }

    /// The parser failed: the error goes to whatever is owed. After the connection's end, a truncated
    /// response fails with the transport's reason (Twisted's), not the parser's account of it.
    private mutating func parseFailed(_ error: HTTPParseError) -> Action {
        guard let (exchange, stopWriter, transmitting) = takeExchange() else { return .none }
        let endedByLoss = error.kind == .truncated || error.kind == .noResponse
        let reason: any Error = endedByLoss ? (exchange.loss ?? error) : error
        let owed: Settlement?
        switch exchange.response {
        case .awaitingHead(let caller, let bytesSeen):
            owed = .request(caller, bytesSeen ? ResponseFailed([reason]) : ResponseNeverReceived([reason]))
        case .bodiless(let caller, _):
            owed = .request(caller, ResponseFailed([reason]))
        case .readingBody(let response, _):
            let detail = error.kind == .truncated ? error.message : "the rest of the body could not be parsed"
            owed = .body(response, .cutShort([reason, DataLoss(detail)]))
        case .settled:
            owed = nil
        }
        let close: Close
        if exchange.loss != nil {
            state = .connectionLost
            close = .keep
        } else {
            // Twisted: the state stays; the connection is given up and nothing more is read.
            var settled = exchange
            settled.response = .settled
            putBack(settled, writer: nil, transmitting: transmitting)
            close = .lose
        }
        guard let owed else {
            return close == .keep && stopWriter == nil ? .none : .close(close, stopWriter: stopWriter)
        }
        return .fail(owed, close: close, stopWriter: stopWriter)
    }
}
