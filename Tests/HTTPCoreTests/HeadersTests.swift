import Testing

@testable import HTTPCore

/// The `Headers` container: case-insensitive names, repeats, order, raw bytes.
@Suite struct HeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsOriginalCase() {
        var headers: Headers = ["Content-Type": "text/plain", "X-Trace": "1"]
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.first(name: "CONTENT-TYPE") == "text/plain")
        #expect(headers.contains(name: "x-trace") && !headers.contains(name: "x-trac"))
        headers.add(name: "x-TRACE", value: "2")
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-Trace", "x-TRACE"])
        #expect(headers.values(name: "X-Trace") == ["1", "2"])
        #expect(headers["x-trace"] == "1, 2")
        #expect(headers.count(name: "x-trace") == 2 && headers.count == 3)
        #expect(headers["missing"] == nil && headers.values(name: "missing").isEmpty)
    }

    @Test func setReplacesAllAtTheFirstPosition() {
        var headers: Headers = ["A": "1", "B": "2", "a": "3", "C": "4", "A": "5"]
        headers.set(name: "A", value: "new")
        #expect(Array(headers.map(\.name)) == ["A", "B", "C"])
        #expect(headers["a"] == "new")
        headers.set(name: "D", value: "appended")
        #expect(headers.fields.last == Headers.Field(name: "D", value: "appended"))
        headers["b"] = "via subscript"
        #expect(headers.values(name: "B") == ["via subscript"])
        headers["c"] = nil
        #expect(!headers.contains(name: "C") && headers.count == 3)
    }

    @Test func removeReportsHowManyWentAway() {
        var headers: Headers = ["X": "1", "Y": "2", "x": "3"]
        #expect(headers.remove(name: "X") == 2)
        #expect(headers.remove(name: "X") == 0)
        #expect(headers == ["Y": "2"])
    }

    @Test func iterationYieldsPairsInOrder() {
        let headers: Headers = ["B": "2", "A": "1", "B": "3"]
        let pairs = headers.map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["B=2", "A=1", "B=3"])
        #expect(Headers([("K", "V")]).first(name: "k") == "V")
        #expect(Headers().isEmpty)
    }

    @Test func equalityIgnoresNameCaseButNotOrderOrValues() {
        #expect((["a": "1"] as Headers) == (["A": "1"] as Headers))
        #expect((["a": "1"] as Headers) != (["a": "2"] as Headers))
        #expect((["a": "1", "b": "2"] as Headers) != (["b": "2", "a": "1"] as Headers))
    }

    @Test func rawValuesRoundTripEveryByte() {
        var headers = Headers()
        let all = (0...255).map { UInt8($0) }
        headers.add(name: "X-Bytes", rawValue: all)
        #expect(headers.rawValues(name: "x-bytes") == [all])
        let utf8 = Array("caf\u{E9} \u{1F600}".utf8)
        headers.add(name: "X-UTF8", rawValue: utf8)
        #expect(headers.rawValues(name: "x-utf8") == [utf8])
        #expect(String(decoding: headers.rawValues(name: "x-utf8")[0], as: UTF8.self) == "caf\u{E9} \u{1F600}")
        #expect(headers.first(name: "x-utf8")?.unicodeScalars.count == utf8.count)
    }

    @Test func asciiValuesAreOrdinaryStrings() {
        let field = Headers.Field(name: "X", value: "plain")
        #expect(field.valueBytes == Array("plain".utf8))
        #expect(Headers.Field(name: "X", value: "\u{E9}").valueBytes == [0xE9])
    }
}

@Suite struct HTTPMethodTests {
    @Test func idempotentAndSafeMethods() {
        #expect(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"].allSatisfy(HTTPMethod.isIdempotent))
        #expect(!["POST", "PATCH", "CONNECT", "get", "Put"].contains(where: HTTPMethod.isIdempotent))
        #expect(["GET", "HEAD", "OPTIONS", "TRACE"].allSatisfy(HTTPMethod.isSafe))
        #expect(!["PUT", "DELETE", "POST"].contains(where: HTTPMethod.isSafe))
    }

    @Test func parsedMethodsAreTheConstantsOrTheBytes() {
        for method in ["GET", "PUT", "HEAD", "POST", "PROPFIND", "get"] {
            let parsed = Array(method.utf8).withUnsafeBufferPointer { HTTPMethod.string($0) }
            #expect(parsed == method)
        }
    }
}
