import Deferred

/// Anything that makes HTTP requests the way ``Agent`` does: what ``HTTPClient`` is built on, so that
/// agents can wrap agents (a test agent that moves in-memory bytes after each request, and later redirect,
/// cookie or decompression agents) without the client knowing.
///
/// Threading: reactor thread only, as ``Agent``.
///
/// Twisted: `twisted.web.iweb.IAgent`.
public protocol HTTPAgent: AnyObject {
    /// Sends a request for `uri` and returns a Deferred of its response, failing as
    /// ``Agent/request(method:uri:headers:bodyProducer:timeouts:)`` does.
    ///
    /// Twisted: `IAgent.request(method, uri, headers, bodyProducer)`.
    func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response>
}

extension Agent: HTTPAgent {}
