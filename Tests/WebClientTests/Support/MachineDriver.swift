import Deferred
import Reactor
@testable import WebClient

/// An object the state machine hands back in its actions; its name is what the tests read.
final class Token: CustomStringConvertible {
    let description: String
    init(_ name: String) { description = name }
}

/// ``HTTP11ClientStateMachine`` driven as a value with tokens for its objects, every action rendered as
/// text so that a test reads as "event in, action out".
///
/// Tokens: `caller` (the request Deferred), `writer` (the body writer), `response` (each response the
/// machine asks for is a new token with that name), `waiter` (abort Deferreds: `waiter1`, `waiter2`, …).
struct MachineDriver {
    typealias Machine = HTTP11ClientStateMachine<Token, Token, Token, Token>

    var machine = Machine()
    let caller = Token("caller")
    let writer = Token("writer")
    private var waiters = 0

    var state: String { machine.stateName }

    /// Sends a request (a GET without body unless `withWriter`).
    @discardableResult
    mutating func send(
        _ method: String = "GET", headers: Headers = Headers(), persistent: Bool = true, withWriter: Bool = false,
        observer: (any ExchangeObserver)? = nil, caller: Token? = nil
    ) -> String {
        var request = Request(method: method, target: "/", host: "h", headers: headers, persistent: persistent)
        request.observer = observer
        let head = try! request.head.serialize()
        return Self.render(
            machine.request(request, head: head, caller: caller ?? self.caller, writer: withWriter ? writer : nil))
    }

    /// Confirms that the request was written (by the writer if `withWriter` was used).
    mutating func written(by writer: Token? = nil, error: (any Error)? = nil) -> String {
        Self.render(machine.writeFinished(writer, error: error))
    }

    /// Feeds `text` and pulls every consequence: the feed's own action (if not `none`), then each pulled one.
    mutating func feed(_ text: String) -> [String] {
        let first = machine.bytesReceived(Array(text.utf8))
        return (Self.isNone(first) ? [] : [Self.render(first)]) + pull()
    }

    /// The connection is gone: its action (if not `none`), then each pulled one.
    mutating func lose(_ reason: any Error = ConnectionDone()) -> [String] {
        let first = machine.connectionLost(reason: reason)
        return (Self.isNone(first) ? [] : [Self.render(first)]) + pull()
    }

    mutating func cancel(_ caller: Token? = nil) -> String {
        Self.render(machine.cancelRequest(caller ?? self.caller))
    }

    mutating func abandonBody(_ reason: any Error = CancelledError()) -> String {
        Self.render(machine.abandonBody(reason: reason))
    }

    mutating func abort() -> String {
        waiters += 1
        return Self.render(machine.abort(Token("waiter\(waiters)")))
    }

    mutating func pull() -> [String] {
        var out: [String] = []
        while let action = machine.nextResponseAction(makeResponse: { _, _ in Token("response") }) {
            out.append(Self.render(action))
        }
        return out
    }

    /// Whether the machine still owes anything to a caller or a body.
    var owesSomething: Bool {
        switch machine.state {
        case .transmitting(let exchange, _), .waiting(let exchange):
            if case .settled = exchange.response { return false }
            return true
        case .aborting(let aborting):
            return aborting.owed != nil
        default:
            return false
        }
    }

    // MARK: - Rendering

    static func isNone(_ action: Machine.Action) -> Bool {
        if case .none = action { return true }
        return false
    }

    static func render(_ action: Machine.Action) -> String {
        switch action {
        case .none: return "none"
        case .rejectRequest(let caller): return "rejectRequest(\(caller))"
        case .sendRequest(_, let writer): return writer.map { "sendRequest(\($0))" } ?? "sendRequest"
        case .requestWritten: return "requestWritten"
        case .bytesArrived: return "bytesArrived"
        case .deliverResponse(let caller, let response): return "deliverResponse(\(caller), \(response))"
        case .forwardBody(let response, let bytes):
            return "forwardBody(\(response), \(String(decoding: bytes, as: UTF8.self)))"
        case .finishResponse(let f):
            var parts = ["\(f.response)"]
            if let caller = f.caller { parts.append("\(caller)") }
            parts.append("\(f.completion)")
            parts.append("\(f.connection)")
            if let writer = f.stopWriter { parts.append("stop \(writer)") }
            return "finishResponse(\(parts.joined(separator: ", ")))"
        case .fail(let settlement, let close, let writer):
            return "fail(\(render(settlement)), \(close)\(writer.map { ", stop \($0)" } ?? ""))"
        case .close(let close, let writer):
            return "close(\(close)\(writer.map { ", stop \($0)" } ?? ""))"
        case .finishAbort(let settlement, let waiters, let writer):
            let owed = settlement.map { render($0) + ", " } ?? ""
            let stop = writer.map { ", stop \($0)" } ?? ""
            return "finishAbort(\(owed)\(waiters.map(\.description).joined(separator: " "))\(stop))"
        }
    }

    static func render(_ settlement: Machine.Settlement) -> String {
        switch settlement {
        case .request(let caller, let error): return "\(caller): \(name(error))"
        case .body(let response, .cutShort(let reasons)):
            return "\(response) body: ResponseFailed[\(reasons.map(name).joined(separator: ", "))]"
        case .body(let response, .timedOut(let error)): return "\(response) body: \(name(error))"
        }
    }

    /// The error's type, with the reasons of wrapping errors in brackets.
    static func name(_ error: any Error) -> String {
        if let wrapped = error as? any WrappedRequestError {
            return "\(type(of: wrapped))[\(wrapped.reasons.map(name).joined(separator: ", "))]"
        }
        return "\(type(of: error))"
    }
}

/// Records what the machine tells a request's observer.
final class RecordingObserver: ExchangeObserver {
    var events: [String] = []
    func requestWritten() { events.append("written") }
    func bytesReceived() { events.append("bytes") }
    func responseEnded() { events.append("ended") }
}
