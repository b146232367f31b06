import Deferred

/// Dispatches requests to closures by method and path: `router.get("/users/:id") { request in … }`.
///
/// - Paths are matched against the request's undecoded ``ServerRequest/path`` segment by segment: a
///   literal segment matches itself, `:name` matches any one non-empty segment (its decoded value goes
///   to ``ServerRequest/pathParameters``), and a final `*` matches the rest (possibly empty, stored
///   under `"*"`). Routes without parameters are found by one dictionary lookup; patterned routes are
///   tried in the order they were added.
/// - `HEAD` falls back to the `GET` route (the channel drops the body). A path that matches with
///   another method gets `405 Method Not Allowed` with an `Allow` field; no match gets
///   ``notFound`` (404 by default).
/// - A closure may return a ``ServerResponse``, a `Deferred<ServerResponse>`, a `String` or a
///   ``HandlerResult``, and may throw (``HTTPError`` picks the status; anything else is a 500).
/// - ``mount(_:_:)`` hands every path under a prefix to another handler, e.g. a ``Resource`` tree or a
///   ``StaticFile`` directory.
///
/// Threading: not Sendable; configure it before serving, use it on the reactor thread.
public final class Router: RequestHandler {
    /// A route's closure in its stored form.
    public typealias Handler = (ServerRequest) throws -> HandlerResult

    private enum Segment {
        case literal(Substring)
        case parameter(String)
        case rest
    }

    private struct PatternRoute {
        let segments: [Segment]
        var handlers: [String: Handler]
    }

    private var exact: [String: [String: Handler]] = [:]
    private var patterns: [PatternRoute] = []
    private var patternIndex: [String: Int] = [:]
    private var mounts: [(prefix: String, handler: any RequestHandler)] = []

    /// Answers requests no route matches; the default is a 404.
    public var notFound: Handler = { _ in .response(.notFound) }

    /// An empty router.
    public init() {}

    /// Adds a route for `method` and `path` (see the type's notes for patterns). A later route for the
    /// same method and path replaces the earlier one.
    public func add<R: HandlerResultConvertible>(
        _ method: String, _ path: String, _ handler: @escaping (ServerRequest) throws -> R
    ) {
        let stored: Handler = { request in try handler(request).handlerResult }
        let segments = Self.parse(path)
        if segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            exact[path, default: [:]][method] = stored
        } else if let index = patternIndex[path] {
            patterns[index].handlers[method] = stored
        } else {
            patternIndex[path] = patterns.count
            patterns.append(PatternRoute(segments: segments, handlers: [method: stored]))
        }
    }

    /// Adds a `GET` route (also used for `HEAD`).
    public func get<R: HandlerResultConvertible>(_ path: String, _ handler: @escaping (ServerRequest) throws -> R) {
        add("GET", path, handler)
    }

    /// Adds a `POST` route.
    public func post<R: HandlerResultConvertible>(_ path: String, _ handler: @escaping (ServerRequest) throws -> R) {
        add("POST", path, handler)
    }

    /// Adds a `PUT` route.
    public func put<R: HandlerResultConvertible>(_ path: String, _ handler: @escaping (ServerRequest) throws -> R) {
        add("PUT", path, handler)
    }

    /// Adds a `DELETE` route.
    public func delete<R: HandlerResultConvertible>(
        _ path: String, _ handler: @escaping (ServerRequest) throws -> R
    ) {
        add("DELETE", path, handler)
    }

    /// Hands every request whose path is `prefix` or starts with `prefix/` to `handler`, with
    /// ``ServerRequest/prepath`` holding the prefix's segments and ``ServerRequest/postpath`` the rest
    /// (so a ``Resource`` traverses from there). Mounts are tried after exact routes, in order.
    ///
    /// Twisted: `Resource.putChild` on a site root.
    public func mount(_ prefix: String, _ handler: any RequestHandler) {
        let trimmed = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        mounts.append((trimmed, handler))
    }

    /// Finds the route for `request` and runs it.
    public func handle(_ request: ServerRequest) -> HandlerResult {
        HandlerResult.catching { try dispatch(request) }
    }

    private func dispatch(_ request: ServerRequest) throws -> HandlerResult {
        if let byMethod = exact[request.path] {
            return try run(byMethod, request)
        }
        for mount in mounts {
            let path = request.path
            if path == mount.prefix || path.hasPrefix(mount.prefix + "/") {
                let prefixCount = mount.prefix.split(separator: "/").count
                let segments = request.postpath
                request.prepath = Array(segments.prefix(prefixCount))
                request.postpath = segments.count > prefixCount ? Array(segments.dropFirst(prefixCount)) : []
                return mount.handler.handle(request)
            }
        }
        if !patterns.isEmpty {
            let pathSegments = request.path.utf8.dropFirst().split(separator: 0x2F, omittingEmptySubsequences: false)
            for route in patterns {
                if let parameters = Self.match(route.segments, pathSegments) {
                    request.pathParameters = parameters
                    return try run(route.handlers, request)
                }
            }
        }
        return try notFound(request)
    }

    private func run(_ handlers: [String: Handler], _ request: ServerRequest) throws -> HandlerResult {
        if let handler = handlers[request.method] ?? (request.isHead ? handlers["GET"] : nil) {
            return try handler(request)
        }
        var allowed = Set(handlers.keys)
        if allowed.contains("GET") { allowed.insert("HEAD") }
        var response = ServerResponse.error(405)
        response.headers.add(name: "Allow", value: allowed.sorted().joined(separator: ", "))
        return .response(response)
    }

    private static func parse(_ path: String) -> [Segment] {
        path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part == "*" { return .rest }
            return .literal(part)
        }
    }

    private static func match(_ route: [Segment], _ path: [Substring.UTF8View.SubSequence]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in route.enumerated() {
            switch segment {
            case .rest:
                let rest = path.dropFirst(index).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
                parameters["*"] = PercentDecoding.decode(Array(rest.utf8), plusIsSpace: false)
                return parameters
            case .literal(let literal):
                guard index < path.count, path[index].elementsEqual(literal.utf8) else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters[name] = PercentDecoding.decode(path[index], plusIsSpace: false)
            }
        }
        return route.count == path.count ? parameters : nil
    }
}

@available(*, unavailable)
extension Router: Sendable {}
