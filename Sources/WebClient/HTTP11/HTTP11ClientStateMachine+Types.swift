/// The states, payloads and actions of ``HTTP11ClientStateMachine``.
extension HTTP11ClientStateMachine {
    /// The connection's state, with what each state owes.
    enum State {
        /// Idle: ready for a request. Twisted: `QUIESCENT`.
        case quiescent
        /// The request is being written (by `writer`, or was written whole and the write is being
        /// confirmed); a response may already be arriving. Twisted: `TRANSMITTING`.
        case transmitting(Exchange, writer: Writer?)
        /// The response ended before the request was fully written; the connection is given up.
        /// Twisted: `TRANSMITTING_AFTER_RECEIVING_RESPONSE`.
        case transmittingAfterReceivingResponse
        /// Producing the request failed; the connection is being aborted. Twisted: `GENERATION_FAILED`.
        case generationFailed
        /// The request is written; the response is awaited or being read. Twisted: `WAITING`.
        case waiting(Exchange)
        /// `abort()` was called; waiting for the connection to be gone. Twisted: `ABORTING`.
        case aborting(Aborting)
        /// The connection is gone. Twisted: `CONNECTION_LOST`.
        case connectionLost
    }

    /// One request on the connection and what it still owes.
    struct Exchange {
        /// The request, boxed once (the delivered response shares the box; its observer hears of
        /// progress).
        let sent: SentRequest
        /// Whether the request lets the connection carry another one (persistent, no `Connection: close`).
        let mayPersist: Bool
        /// Where the response is.
        var response: ResponseProgress
        /// The transport's reason, once the connection is gone while the parser finishes the response
        /// (a close-delimited body ends; anything else was cut short).
        var loss: (any Error)?
    }

    /// Where the response to an ``Exchange`` is, and what is owed.
    enum ResponseProgress {
        /// The head has not arrived: `caller` (the request Deferred) is owed a response or an error.
        /// `bytesSeen`: some response bytes arrived (a failure is then `ResponseFailed`, not
        /// `ResponseNeverReceived`).
        case awaitingHead(Caller, bytesSeen: Bool)
        /// A head without a body arrived; the response is delivered to `caller` when it ends, after the
        /// connection is quiescent again (within the same pull).
        case bodiless(Caller, Delivered)
        /// The response was delivered; its body is owed its end.
        case readingBody(Delivered, closeDelimited: Bool)
        /// Nothing is owed any more (the request failed or was cancelled, or the body was settled).
        case settled
    }

    /// The payload of the `ABORTING` state.
    struct Aborting {
        /// What the aborted exchange still owes, settled when the connection is gone.
        var owed: Settlement?
        /// The Deferreds returned by `abort()`, fired when the connection is gone.
        var waiters: [AbortWaiter]
    }

    /// One failure: who is told, and the error.
    enum Settlement {
        /// The request Deferred fails with this error.
        case request(Caller, any Error)
        /// The delivered body fails.
        case body(Delivered, BodyFailure)
    }

    /// How a delivered body fails.
    enum BodyFailure {
        /// `ResponseFailed` with these reasons and the response attached.
        case cutShort([any Error])
        /// A timeout gave up on the body: the consumer gets the timeout's own error (``HTTPTimeout``).
        case timedOut(any Error)
    }

    /// How a complete body ended.
    enum Completion: Equatable {
        /// All of it arrived: ``ResponseDone``.
        case done
        /// A body without declared length ended with a clean close: ``PotentialDataLoss``.
        case potentialDataLoss
    }

    /// What becomes of the connection after a complete response.
    enum AfterResponse: Equatable {
        /// It is quiescent and may carry another request: resume reading, call the quiescent callback.
        case reuse
        /// It may not: close it (after flushing).
        case close
        /// It is already gone.
        case gone
    }

    /// A complete response, for ``Action/finishResponse(_:)``.
    struct Finish {
        let response: Delivered
        /// The request Deferred of a body-less response, fired last.
        let caller: Caller?
        let trailers: Headers
        let completion: Completion
        let connection: AfterResponse
        /// Stop this writer first (the response ended before the request was written).
        let stopWriter: Writer?
    }

    /// How to close the transport.
    enum Close: Equatable {
        case keep, lose, abort
    }

    /// What the protocol must do after an event.
    enum Action {
        case none
        /// Fail `caller`, just made for the call to `request(_:)`, with ``RequestNotSent``; nothing else
        /// changes.
        case rejectRequest(Caller)
        /// Write `head`, or start `writer` (which writes the head with the body).
        case sendRequest(head: [UInt8], writer: Writer?)
        /// Tell the observer that the whole request was handed to the transport.
        case requestWritten(any ExchangeObserver)
        /// Tell the observer that bytes arrived for its response.
        case bytesArrived(any ExchangeObserver)
        /// Fire the request Deferred with the response whose head just arrived (its body follows);
        /// reading pauses until a body consumer is attached.
        case deliverResponse(Caller, Delivered)
        /// Hand body bytes to the response.
        case forwardBody(Delivered, ArraySlice<UInt8>)
        /// The response is complete: stop the writer if any, detach the body producer, reuse or close
        /// the connection (the quiescent callback runs first), end the body, then fire the caller of a
        /// body-less response.
        case finishResponse(Finish)
        /// Stop the writer if any, settle the failure, then close the transport.
        case fail(Settlement, close: Close, stopWriter: Writer?)
        /// Stop the writer if any, then close the transport; nothing is owed.
        case close(Close, stopWriter: Writer?)
        /// The connection is gone after `abort()`: stop the writer if any (only when `abort()` came as
        /// the connection's end was being read), settle what was owed, then fire every waiter.
        case finishAbort(Settlement?, waiters: [AbortWaiter], stopWriter: Writer?)
    }

    // MARK: - Reading the state

    /// The state by Twisted's name.
    var stateName: String {
        switch state {
        case .quiescent: "QUIESCENT"
        case .transmitting: "TRANSMITTING"
        case .transmittingAfterReceivingResponse: "TRANSMITTING_AFTER_RECEIVING_RESPONSE"
        case .generationFailed: "GENERATION_FAILED"
        case .waiting: "WAITING"
        case .aborting: "ABORTING"
        case .connectionLost: "CONNECTION_LOST"
        }
    }

    /// Whether a request may be sent now.
    var isQuiescent: Bool {
        if case .quiescent = state { return true }
        return false
    }

    /// Whether the connection is gone.
    var isDisconnected: Bool {
        if case .connectionLost = state { return true }
        return false
    }

    /// What an aborted exchange owes, failed with ``ConnectionAborted`` once the connection is gone.
    static func owedOnAbort(_ exchange: Exchange, transmitting: Bool) -> Settlement? {
        let reasons: [any Error] = [ConnectionAborted()]
        switch exchange.response {
        case .awaitingHead(let caller, let bytesSeen):
            if transmitting { return .request(caller, RequestTransmissionFailed(reasons)) }
            return .request(caller, bytesSeen ? ResponseFailed(reasons) : ResponseNeverReceived(reasons))
        case .readingBody(let response, _):
            return .body(response, .cutShort(reasons + [DataLoss("the connection was aborted")]))
        case .bodiless(let caller, _):
            return .request(caller, ResponseFailed(reasons))
        case .settled:
            return nil
        }
    }

    /// Whether a response is being parsed for an exchange that is still owed something (read in place).
    var isReadingResponse: Bool {
        switch state {
        case .transmitting(let exchange, _), .waiting(let exchange):
            exchange.owesResponseBytes != nil && parser.isAwaitingResponse
        default:
            false
        }
    }

    /// The delivered response whose body is being read, if any (read in place).
    var bodyReceiver: Delivered? {
        switch state {
        case .transmitting(let exchange, _), .waiting(let exchange):
            if case .readingBody(let response, _) = exchange.response { return response }
            return nil
        default:
            return nil
        }
    }

    /// Whether the request is still being written.
    var isTransmitting: Bool {
        if case .transmitting = state { return true }
        return false
    }
}

extension HTTP11ClientStateMachine.Exchange {
    /// Whether the response still owes its caller something, and if so whether bytes were seen (nil
    /// when nothing is owed: response bytes are then ignored).
    var owesResponseBytes: Bool? {
        switch response {
        case .awaitingHead(_, let bytesSeen): bytesSeen
        case .bodiless, .readingBody: true
        case .settled: nil
        }
    }
}
