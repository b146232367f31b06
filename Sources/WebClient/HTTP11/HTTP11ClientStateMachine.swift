/// The transition logic of ``HTTP11ClientProtocol`` as a value: events in, one action out.
///
/// The protocol class performs the returned action (writing, firing Deferreds, closing the transport);
/// the machine decides. It tracks the two things a request can still owe its caller: the request
/// Deferred (until a response head is delivered, or the request fails) and the response body (until it
/// ends). Each is settled exactly once; every later event that would settle it again becomes `.none`.
///
/// States are Twisted's: QUIESCENT, TRANSMITTING, TRANSMITTING_AFTER_RECEIVING_RESPONSE,
/// GENERATION_FAILED, WAITING, ABORTING, CONNECTION_LOST.
///
/// Twisted: the state handling of `twisted.web._newclient.HTTP11ClientProtocol`.
struct HTTP11ClientStateMachine: Sendable, Equatable {
    /// Twisted's protocol states.
    enum State: String, Sendable, Equatable {
        case quiescent = "QUIESCENT"
        case transmitting = "TRANSMITTING"
        case transmittingAfterReceivingResponse = "TRANSMITTING_AFTER_RECEIVING_RESPONSE"
        case generationFailed = "GENERATION_FAILED"
        case waiting = "WAITING"
        case aborting = "ABORTING"
        case connectionLost = "CONNECTION_LOST"
    }

    /// How a request that never produced a delivered response failed.
    enum RequestFailure: Sendable, Equatable {
        /// The protocol was not quiescent: nothing was written.
        case notSent
        /// Producing the request failed locally (a body producer error, a cancel while writing).
        case generationFailed
        /// The connection was lost while the request was being written.
        case transmissionFailed
        /// The request was sent, and not a byte of a response arrived.
        case responseNeverReceived
        /// The request was sent and the response was lost or could not be parsed.
        case responseFailed
    }

    /// What the protocol must do after an event.
    enum Action: Sendable, Equatable {
        case none
        /// Write the request head and start the body producer.
        case sendRequest
        /// Fail the call to `request(_:)` with `RequestNotSent`, leaving everything else alone.
        case rejectRequest
        /// Fire the request Deferred with the response whose head was just parsed.
        case deliverResponse
        /// The response is complete: if `reuse`, resume the transport and call the quiescent callback
        /// first; otherwise close the connection. Then tell the body consumer it is done.
        case finishResponse(reuse: Bool)
        /// Fail what is still pending (`target`) with the event's error; then `close` the connection
        /// (`.lose` flushes, `.abort` drops) and stop the body producer if `stopWriting`.
        case fail(Target, close: Close, stopWriting: Bool)
        /// Close the connection without failing anything.
        case close(Close, stopWriting: Bool)
        /// The aborted connection is gone: fail what was pending (with `ConnectionAborted`), stop the
        /// body producer if `stopWriting`, then fire every Deferred returned by `abort()`.
        case finishAbort(Target?, stopWriting: Bool)
    }

    /// What a failure settles.
    enum Target: Sendable, Equatable {
        /// The request Deferred, which fails with this kind of error.
        case request(RequestFailure)
        /// The body consumer of a delivered response, which fails with `ResponseFailed`.
        case body
    }

    /// How to close the transport.
    enum Close: Sendable, Equatable {
        case keep, lose, abort
    }

    private(set) var state: State = .quiescent
    /// The request Deferred has not fired yet.
    private(set) var requestPending = false
    /// A response was delivered and its body has not ended yet.
    private(set) var bodyPending = false
    /// At least one byte of a response arrived for the current request.
    private(set) var receivedBytes = false
    /// The state `abort()` came from (decides how a pending request fails on connection loss).
    private var abortedFrom: State?

    // MARK: - Events from the caller

    /// `request(_:)` was called.
    mutating func request() -> Action {
        guard state == .quiescent else { return .rejectRequest }
        state = .transmitting
        requestPending = true
        bodyPending = false
        receivedBytes = false
        return .sendRequest
    }

    /// The caller cancelled the request Deferred before it fired.
    mutating func cancelRequest() -> Action {
        guard requestPending else { return .none }
        requestPending = false
        switch state {
        case .transmitting:
            state = .generationFailed
            return .fail(.request(.generationFailed), close: .abort, stopWriting: true)
        case .waiting:
            let failure: RequestFailure = receivedBytes ? .responseFailed : .responseNeverReceived
            return .fail(.request(failure), close: .abort, stopWriting: false)
        default:
            return .none
        }
    }

    /// The body consumer gave up on the body (for example `readBody` was cancelled): the rest is unread.
    mutating func cancelBody() -> Action {
        guard bodyPending else { return .none }
        bodyPending = false
        let stop = state == .transmitting
        if state != .connectionLost, state != .aborting {
            // The rest of the body is never read, so the connection must never carry another request.
            abortedFrom = state
            state = .aborting
        }
        return .fail(.body, close: .abort, stopWriting: stop)
    }

    /// `abort()` was called.
    mutating func abort() -> Action {
        switch state {
        case .connectionLost:
            return .none
        case .aborting:
            return .none
        default:
            abortedFrom = state
            let stop = state == .transmitting
            state = .aborting
            return .close(.lose, stopWriting: stop)
        }
    }

    // MARK: - Events from the request writer

    /// The request (head and body) has been handed to the transport.
    mutating func writeSucceeded() -> Action {
        if state == .transmitting { state = .waiting }
        return .none
    }

    /// Producing the request failed (a body producer error or a wrong body length).
    mutating func writeFailed() -> Action {
        guard state == .transmitting else { return .none }
        state = .generationFailed
        return settle(as: .generationFailed, close: .abort, stopWriting: false)
    }

    // MARK: - Events from the parser

    /// Bytes arrived from the server.
    mutating func bytesReceived() -> Action {
        switch state {
        case .quiescent:
            // Unsolicited bytes on an idle connection: it can no longer be trusted.
            return .close(.lose, stopWriting: false)
        case .transmitting, .waiting:
            receivedBytes = true
            return .none
        default:
            return .none
        }
    }

    /// A final response head was parsed.
    mutating func responseHeadReceived() -> Action {
        guard requestPending, state == .transmitting || state == .waiting else { return .none }
        requestPending = false
        bodyPending = true
        return .deliverResponse
    }

    /// The whole response has been parsed; `reusable` says whether its framing allows another request.
    mutating func responseComplete(reusable: Bool) -> Action {
        // Only a delivered response that has not failed can complete (never after a parse error).
        guard bodyPending else { return .none }
        switch state {
        case .waiting:
            state = .quiescent
            bodyPending = false
            return .finishResponse(reuse: reusable)
        case .transmitting:
            // The server answered before the request was fully sent: deliver, then give the connection up.
            state = .transmittingAfterReceivingResponse
            bodyPending = false
            return .finishResponse(reuse: false)
        default:
            return .none
        }
    }

    /// The response could not be parsed (or ended early): the error goes to whatever is pending.
    mutating func parseFailed() -> Action {
        switch state {
        case .transmitting, .waiting:
            let stop = state == .transmitting
            return settle(as: receivedBytes ? .responseFailed : .responseNeverReceived, close: .lose, stopWriting: stop)
        default:
            return .none
        }
    }

    // MARK: - Events from the transport

    /// The connection is gone.
    mutating func connectionLost() -> Action {
        let previous = state
        state = .connectionLost
        switch previous {
        case .transmitting:
            return settle(as: .transmissionFailed, close: .keep, stopWriting: true)
        case .waiting:
            return settle(as: receivedBytes ? .responseFailed : .responseNeverReceived, close: .keep, stopWriting: false)
        case .aborting:
            let target: Target?
            if requestPending {
                target = .request(
                    abortedFrom == .transmitting
                        ? .transmissionFailed : (receivedBytes ? .responseFailed : .responseNeverReceived))
            } else {
                target = bodyPending ? .body : nil
            }
            requestPending = false
            bodyPending = false
            return .finishAbort(target, stopWriting: abortedFrom == .transmitting)
        case .quiescent, .generationFailed, .transmittingAfterReceivingResponse, .connectionLost:
            let pending = bodyPending
            bodyPending = false
            requestPending = false
            return pending ? .fail(.body, close: .keep, stopWriting: false) : .none
        }
    }

    /// Settles the pending request or body with `failure` (once) and says how to close.
    private mutating func settle(as failure: RequestFailure, close: Close, stopWriting: Bool) -> Action {
        guard requestPending || bodyPending else {
            return close == .keep && !stopWriting ? .none : .close(close, stopWriting: stopWriting)
        }
        let target: Target = requestPending ? .request(failure) : .body
        requestPending = false
        bodyPending = false
        return .fail(target, close: close, stopWriting: stopWriting)
    }
}
