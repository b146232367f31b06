import Deferred

/// Adds default headers to every request it passes to another agent, under the request's own: a default
/// field is added only when the request has no field of that name (compared case-insensitively), so a
/// request can override any default, and several defaults of one name are all added.
///
/// ```swift
/// let agent = DefaultHeadersAgent(Agent(reactor: reactor), headers: ["User-Agent": "torsion/1.0",
///                                                                      "Accept": "application/json"])
/// ```
///
/// Threading: reactor thread only.
///
/// Twisted: no equivalent (urllib3: `PoolManager(headers=…)`, which replaces rather than merges; requests:
/// `Session.headers`, merged per name as here).
public final class DefaultHeadersAgent: HTTPAgent {
    /// The agent requests go to.
    public let agent: any HTTPAgent
    /// The defaults, added in their order after the request's own fields.
    public var headers: Headers

    /// Wraps `agent`, adding `headers` to every request that lacks them.
    public init(_ agent: any HTTPAgent, headers: Headers) {
        self.agent = agent
        self.headers = headers
    }

    /// Sends the request with the defaults merged under its own headers (see the type's notes).
    public func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        agent.request(
            method: method, uri: uri, headers: merged(headers), bodyProducer: bodyProducer, timeouts: timeouts)
    }

    /// `own` with every default whose name `own` lacks appended.
    public func merged(_ own: Headers) -> Headers {
        guard !headers.isEmpty else { return own }
        var result = own
        for field in headers.fields where !own.contains(name: field.name) {
            result.add(name: field.name, value: field.value)
        }
        return result
    }
}

@available(*, unavailable)
extension DefaultHeadersAgent: Sendable {}
