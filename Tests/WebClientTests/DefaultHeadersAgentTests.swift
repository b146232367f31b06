import Deferred
import DeferredTesting
import ReactorTesting
import Testing

@testable import WebClient

/// `DefaultHeadersAgent`: defaults go under the request's own fields, per name, and reach the wire.
@Suite("DefaultHeadersAgent")
struct DefaultHeadersAgentTests {
    @Test func defaultsAreAddedOnlyForNamesTheRequestLacks() {
        let agent = DefaultHeadersAgent(
            RecordingAgent(), headers: ["User-Agent": "torsion", "Accept": "text/plain", "X-Tag": "a"])
        var defaults = agent.headers
        defaults.add(name: "X-Tag", value: "b")
        agent.headers = defaults
        let merged = agent.merged(["accept": "application/json", "X-Own": "1"])
        #expect(merged.fields.map(\.name) == ["accept", "X-Own", "User-Agent", "X-Tag", "X-Tag"])
        #expect(merged.values(name: "Accept") == ["application/json"])
        #expect(merged.values(name: "X-Tag") == ["a", "b"])
        #expect(DefaultHeadersAgent(RecordingAgent(), headers: Headers()).merged(["A": "1"]) == ["A": "1"])
    }

    @Test func theMergedHeadersGoOutWithEveryRequestAndEverythingElseIsPassedOn() throws {
        let inner = RecordingAgent()
        let agent = DefaultHeadersAgent(inner, headers: ["User-Agent": "torsion"])
        let body = BytesBodyProducer("x")
        let limits = AgentTimeouts(total: .seconds(3))
        _ = agent.request(method: "PUT", uri: "http://h/", headers: ["User-Agent": "mine"], bodyProducer: body, timeouts: limits)
        _ = agent.request(method: "GET", uri: "http://h/2", headers: Headers(), bodyProducer: nil, timeouts: nil)
        #expect(inner.calls.map(\.headers) == [["User-Agent": "mine"], ["User-Agent": "torsion"]])
        #expect(inner.calls.map(\.method) == ["PUT", "GET"] && inner.calls.map(\.uri) == ["http://h/", "http://h/2"])
        #expect(inner.calls[0].body === body && inner.calls[0].timeouts == limits && inner.calls[1].timeouts == nil)
    }

    @Test func onTheWireUnderARetryAgent() throws {
        let h = RetryHarness()
        let agent = DefaultHeadersAgent(h.agent, headers: ["User-Agent": "torsion/1"])
        let d = agent.request(method: "GET", uri: "http://example.com/", headers: Headers(), bodyProducer: nil, timeouts: nil)
        h.answer(0, RetryHarness.ok)
        _ = try successResultOf(d)
        #expect(h.written(0).occurrences(of: "\r\nUser-Agent: torsion/1\r\n") == 1)
    }
}

/// Records what it is asked and never answers.
final class RecordingAgent: HTTPAgent {
    struct Call {
        let method: String
        let uri: String
        let headers: Headers
        let body: (any BodyProducer)?
        let timeouts: AgentTimeouts?
    }
    var calls: [Call] = []

    func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        calls.append(Call(method: method, uri: uri, headers: headers, body: bodyProducer, timeouts: timeouts))
        return Deferred()
    }
}
