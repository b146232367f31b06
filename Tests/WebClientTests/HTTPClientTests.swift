import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClientTesting

@testable import WebClient

@Suite("HTTPClient (treq-like) over StubHTTPClient")
struct HTTPClientTests {
    @Test func getWithQueryParametersAndTextBody() throws {
        let stub = StubHTTPClient { request in
            StubResponse(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"], text: "hello \(request.path) ü")
        }
        let d = stub.client.get("http://example.com/search?x=1#top", params: [("q", "a b&c=d"), ("ü", "+/")])
        let response = try successResultOf(d)
        #expect(response.code == 200)
        #expect(try successResultOf(stub.client.text(response)) == "hello /search ü")
        let seen = try #require(stub.requests.first)
        #expect(seen.target == "/search?x=1&q=a%20b%26c%3Dd&%C3%BC=%2B%2F")
        #expect(seen.queryItems.map(\.name) == ["x", "q", "ü"])
        #expect(seen.queryItems.map(\.value) == ["1", "a b&c=d", "+/"])
        #expect(seen.headers["Host"] == "example.com")
    }

    @Test func connectionsAreReusedThroughThePool() throws {
        var count = 0
        let stub = StubHTTPClient { _ in
            count += 1
            return StubResponse(text: "\(count)")
        }
        for expected in ["1", "2", "3"] {
            let response = try successResultOf(stub.client.get("http://example.com/"))
            #expect(try successResultOf(stub.client.text(response)) == expected)
        }
        #expect(stub.connectionsOpened == 1)
        #expect(stub.pool.counters.reused == 2)
    }

    @Test func nonPersistentStubClosesEachConnection() throws {
        let stub = StubHTTPClient(persistent: false) { _ in StubResponse(text: "x") }
        for _ in 0..<2 {
            _ = try successResultOf(stub.client.content(try successResultOf(stub.client.get("http://example.com/"))))
        }
        #expect(stub.connectionsOpened == 2)
        #expect(stub.requests.allSatisfy { $0.headers["Connection"] == "close" })
    }

    @Test func postJSONAndReadJSON() throws {
        let stub = StubHTTPClient { request in
            let body = (try? JSONValue(parsing: request.body)) ?? .null
            return .json(["echo": body, "type": .string(request.headers["Content-Type"] ?? "")], status: 201)
        }
        let sent: JSONValue = ["name": "torsion", "n": 3, "tags": ["a", "b"], "ok": true, "none": nil]
        let response = try successResultOf(stub.client.post("http://example.com/items", body: .json(sent)))
        #expect(response.code == 201)
        let json = try successResultOf(stub.client.json(response))
        #expect(json["echo"] == sent)
        #expect(json["type"]?.stringValue == "application/json; charset=utf-8")
        #expect(stub.requests[0].headers["Content-Length"] == "\(sent.serialized().utf8.count)")
    }

    @Test func formAndTextBodiesAndCallerContentType() throws {
        let stub = StubHTTPClient { request in
            StubResponse(text: "\(request.method) \(request.headers["Content-Type"] ?? "-") \(request.text)")
        }
        let form = try successResultOf(stub.client.post("http://e/", body: .form([("a", "1 2"), ("b", "é")])))
        #expect(try successResultOf(stub.client.text(form)) == "POST application/x-www-form-urlencoded a=1%202&b=%C3%A9")
        let put = try successResultOf(
            stub.client.put("http://e/", body: "plain", headers: ["Content-Type": "text/x-mine"]))
        #expect(try successResultOf(stub.client.text(put)) == "PUT text/x-mine plain")
        let patch = try successResultOf(stub.client.patch("http://e/", body: .bytes([0x41])))
        #expect(try successResultOf(stub.client.text(patch)) == "PATCH - A")
        let delete = try successResultOf(stub.client.delete("http://e/"))
        #expect(try successResultOf(stub.client.text(delete)) == "DELETE - ")
    }

    @Test func headHasNoBody() throws {
        let stub = StubHTTPClient { _ in StubResponse(text: "not sent") }
        let response = try successResultOf(stub.client.head("http://example.com/"))
        #expect(response.headers["Content-Length"] == "8")
        #expect(try successResultOf(stub.client.content(response)).isEmpty)
        // The connection is still good.
        let next = try successResultOf(stub.client.get("http://example.com/"))
        #expect(try successResultOf(stub.client.text(next)) == "not sent")
        #expect(stub.connectionsOpened == 1)
    }

    @Test func badJSONFailsWithJSONParseError() throws {
        let stub = StubHTTPClient { _ in StubResponse(text: "{nope") }
        let response = try successResultOf(stub.client.get("http://example.com/"))
        _ = try failureResultOf(stub.client.json(response), JSONParseError.self)
    }

    @Test func latin1CharsetIsHonoured() throws {
        let stub = StubHTTPClient { _ in
            StubResponse(headers: ["Content-Type": "text/plain; charset=\"ISO-8859-1\""], body: [0x63, 0x61, 0x66, 0xE9])
        }
        let response = try successResultOf(stub.client.get("http://example.com/"))
        #expect(try successResultOf(stub.client.text(response)) == "café")
    }

    @Test func httpsIsNotSupported() throws {
        let stub = StubHTTPClient { _ in StubResponse() }
        _ = try failureResultOf(stub.client.get("https://example.com/"), SchemeNotSupported.self)
        #expect(stub.requests.isEmpty)
    }

    // MARK: - Timeouts, on a memory reactor

    @Test func timeoutWhileConnectingStopsTheAttempt() throws {
        let reactor = MemoryReactorClock()
        let client = HTTPClient(reactor: reactor)
        let d = client.get("http://192.0.2.1/", timeout: .seconds(10))
        reactor.advance(.seconds(10) - .nanoseconds(1))
        try assertNoResult(d)
        reactor.advance(.nanoseconds(1))
        #expect(try failureResultOf(d, TimeoutError.self).timeout == .seconds(10))
        #expect(reactor.tcpClients[0].connector.stoppedConnecting)
    }

    @Test func timeoutWaitingForTheResponseAbortsTheConnection() throws {
        let reactor = MemoryReactorClock()
        let client = HTTPClient(reactor: reactor)
        let d = client.get("http://192.0.2.1/", timeout: .seconds(5))
        reactor.tcpClients[0].connector.complete()
        reactor.advance(.seconds(5))
        _ = try failureResultOf(d, TimeoutError.self)
        #expect(reactor.tcpClients[0].connector.transport!.isDisconnected)
    }

    @Test func answeredRequestCancelsItsTimer() throws {
        let stub = StubHTTPClient { _ in StubResponse() }
        _ = try successResultOf(stub.client.get("http://example.com/", timeout: .seconds(5)))
        // The request's 5 s timer is gone; the pool's idle timer (240 s) and the server channel's (60 s) are left.
        #expect(stub.clock.getDelayedCalls().map(\.time).sorted() == [.seconds(60), .seconds(240)])
    }
}
