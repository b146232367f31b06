import Deferred

/// A node of a resource tree: Twisted's `twisted.web.resource.Resource`.
///
/// A request is answered by walking from the resource the channel (or a ``Router`` mount) was given:
/// while ``ServerRequest/postpath`` is not empty and the current resource is not a leaf, the next
/// decoded segment moves to ``ServerRequest/prepath`` and ``getChildWithDefault(_:request:)`` picks the
/// child (static children from ``putChild(_:_:)`` first, then ``getChild(_:request:)``). The resource
/// reached renders the request with ``render(_:)``; no child means 404. A root's index page is the child
/// named `""` (the path `/` has the single segment `""`), as in Twisted.
///
/// Subclass and override ``render(_:)`` (switch on ``ServerRequest/method``; the default answers 405),
/// ``getChild(_:request:)`` for dynamic children, and ``isLeaf`` to stop traversal.
///
/// Threading: not Sendable; build the tree before serving, use it on the reactor thread.
open class Resource: RequestHandler {
    /// The children added with ``putChild(_:_:)``, by segment.
    ///
    /// Twisted: `Resource.children`.
    public private(set) var children: [String: Resource] = [:]

    /// A resource with no children.
    public init() {}

    /// Whether traversal stops here (the rest of the path stays in ``ServerRequest/postpath``). Default false.
    ///
    /// Twisted: `Resource.isLeaf`.
    open var isLeaf: Bool { false }

    /// Adds (or replaces) the child for the decoded segment `path`.
    ///
    /// Twisted: `Resource.putChild`.
    public func putChild(_ path: String, _ child: Resource) {
        children[path] = child
    }

    /// The dynamic child for a segment not in ``children``; the default is nil (404).
    ///
    /// Twisted: `Resource.getChild` (whose default returns `NoResource`).
    open func getChild(_ path: String, request: ServerRequest) -> Resource? {
        nil
    }

    /// The static child for `path` if there is one, else ``getChild(_:request:)``.
    ///
    /// Twisted: `Resource.getChildWithDefault`.
    public func getChildWithDefault(_ path: String, request: ServerRequest) -> Resource? {
        children[path] ?? getChild(path, request: request)
    }

    /// Answers a request that reached this resource: a ``ServerResponse``, a `Deferred<ServerResponse>`,
    /// a `String` or a ``HandlerResult``. The default answers `405 Method Not Allowed`.
    ///
    /// Twisted: `Resource.render` (which dispatches to `render_GET` and so on).
    open func render(_ request: ServerRequest) throws -> any HandlerResultConvertible {
        throw HTTPError(405)
    }

    /// Walks the tree from here along the request's ``ServerRequest/postpath`` and renders the result.
    ///
    /// Twisted: `getChildForRequest` followed by `render`.
    public func handle(_ request: ServerRequest) -> HandlerResult {
        var resource: Resource = self
        var remaining = request.postpath
        var consumed = request.prepath
        while !remaining.isEmpty, !resource.isLeaf {
            let segment = remaining.removeFirst()
            consumed.append(segment)
            request.prepath = consumed
            request.postpath = remaining
            guard let child = resource.getChildWithDefault(segment, request: request) else {
                return .response(.notFound)
            }
            resource = child
        }
        return HandlerResult.catching { try resource.render(request).handlerResult }
    }
}

@available(*, unavailable)
extension Resource: Sendable {}
