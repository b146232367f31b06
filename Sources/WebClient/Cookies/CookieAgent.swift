import Deferred

/// An agent that sends the cookies of a ``CookieJar`` with each request and stores the cookies of each
/// response in it.
///
/// - Before a request: the jar's `Cookie` header for the request's URI is added, unless the caller's
///   headers already have a `Cookie` field: a cookie set by hand is never overwritten or merged.
/// - When the response head arrives: every `Set-Cookie` field is stored, in the order received, against
///   the request's URI (the outcome of each is the jar's business: a refused cookie does not fail the
///   request).
///
/// Nest it inside the redirect agent, as Twisted does, so that each hop of a redirect chain goes through
/// it: the cookies of every intermediate response are stored, and every hop sends the cookies of its own
/// URI (`RedirectAgent(CookieAgent(agent, jar: jar))`, with any content decoder outside both). A cookie
/// agent outside the redirect agent only sees the first request and the final response.
///
/// Threading: reactor thread only, as the jar and the wrapped agent.
///
/// Twisted: `twisted.web.client.CookieAgent(agent, cookieJar)`.
public final class CookieAgent: HTTPAgent {
    /// The agent requests go through.
    public let agent: any HTTPAgent
    /// The jar cookies come from and go to.
    public let jar: CookieJar

    /// Wraps `agent`, keeping cookies in `jar`.
    ///
    /// Twisted: `CookieAgent(agent, cookieJar)`.
    public init(_ agent: any HTTPAgent, jar: CookieJar) {
        self.agent = agent
        self.jar = jar
    }

    /// Sends the request through the wrapped agent with the jar's cookies, and stores the response's.
    ///
    /// - Returns: The wrapped agent's Deferred, its cookies stored before the caller's callbacks run; it
    ///   fails as the wrapped agent's does (a URI that does not parse is passed on for it to refuse).
    ///
    /// Twisted: `CookieAgent.request`.
    public func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        guard let parsed = try? URI(uri) else {
            return agent.request(method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts)
        }
        let request = CookieJar.request(parsed)
        var headers = headers
        if !headers.contains(name: "Cookie"), let cookie = jar.cookieHeader(for: request) {
            headers.add(name: "Cookie", value: cookie)
        }
        let jar = self.jar
        return agent.request(method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts)
            .addCallback { response in
                let setCookies = response.headers.values(name: "Set-Cookie")
                if !setCookies.isEmpty { jar.storeQuietly(setCookies: setCookies, from: request) }
                return response
            }
    }
}

@available(*, unavailable)
extension CookieAgent: Sendable {}
