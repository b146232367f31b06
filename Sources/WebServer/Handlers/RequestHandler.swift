import Deferred

/// What a handler gives back: a response now, or a Deferred that fires with one later.
///
/// Twisted: `render` returning bytes, or `NOT_DONE_YET` and finishing later.
public enum HandlerResult {
    /// The response is ready.
    case response(ServerResponse)
    /// The response comes later. Failing it with ``HTTPError`` answers with that status; with
    /// ``RequestBodyTooLarge``, 413 and a close; with anything else, 500.
    case deferred(Deferred<ServerResponse>)
}

@available(*, unavailable)
extension HandlerResult: Sendable {}

/// Anything a ``Router`` closure or a ``Resource`` may return: a ``ServerResponse``, a
/// `Deferred<ServerResponse>`, a ``HandlerResult``, or a `String` (a 200 `text/plain` response).
public protocol HandlerResultConvertible {
    /// The value as a ``HandlerResult``.
    var handlerResult: HandlerResult { get }
}

extension HandlerResult: HandlerResultConvertible {
    /// Itself.
    public var handlerResult: HandlerResult { self }
}

extension ServerResponse: HandlerResultConvertible {
    /// `.response(self)`.
    public var handlerResult: HandlerResult { .response(self) }
}

extension Deferred: HandlerResultConvertible where Value == ServerResponse {
    /// `.deferred(self)`.
    public var handlerResult: HandlerResult { .deferred(self) }
}

extension String: HandlerResultConvertible {
    /// A 200 `text/plain; charset=utf-8` response with this text.
    public var handlerResult: HandlerResult { .response(.text(self)) }
}

/// Answers requests: what an ``HTTPChannel`` calls for each request, once its head has arrived.
///
/// ``Router`` and ``Resource`` conform; so can any type. Called on the reactor thread; must not block.
/// Errors are reported through ``HandlerResult/deferred(_:)`` (a failed Deferred).
///
/// Twisted: `twisted.web.server.Site` (the `requestFactory`'s `process` → `render`).
public protocol RequestHandler: AnyObject {
    /// Starts answering `request`.
    func handle(_ request: ServerRequest) -> HandlerResult
}

extension HandlerResult {
    /// Runs `body`, turning a thrown error into a failed Deferred.
    static func catching(_ body: () throws -> HandlerResult) -> HandlerResult {
        do {
            return try body()
        } catch {
            return .deferred(.fail(error))
        }
    }
}
