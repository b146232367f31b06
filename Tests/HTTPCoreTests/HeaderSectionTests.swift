import Testing

@testable import HTTPCore

/// Field lines of the head: names, values, OWS, obs-fold, line endings, repeated names.
@Suite struct HeaderSectionTests {
    private func head(_ fields: String, end: ConnectionEnd = .keepOpen) -> ParseOutcome {
        parseAllWays("HTTP/1.1 200 OK\r\n" + fields + "Content-Length: 0\r\n\r\n", end: end)
    }

    @Test func fieldsKeepOrderCaseAndRepeats() throws {
        let outcome = head("Set-Cookie: a=1\r\nX-Mixed-CASE: v\r\nset-cookie: b=2\r\n")
        let headers = try #require(outcome.head?.headers)
        #expect(headers.fields.map(\.name) == ["Set-Cookie", "X-Mixed-CASE", "set-cookie", "Content-Length"])
        #expect(headers.values(name: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["set-cookie"] == "a=1, b=2")
        #expect(headers.first(name: "x-mixed-case") == "v")
    }

    @Test(arguments: [
        ("X: value\r\n", "value"),
        ("X:value\r\n", "value"),
        ("X: \t value with  inner \t \r\n", "value with  inner"),
        ("X:\r\n", ""),
        ("X: \t \r\n", ""),
        ("X: a\"b(c)d;e=f,g\r\n", "a\"b(c)d;e=f,g"),
        ("X: caf\u{E9}\r\n", "caf\u{E9}"),
        ("X: a\r\n b\r\n", "a b"),
        ("X: a\r\n \t b \r\n\tc\r\n", "a b c"),
        ("X:\r\n b\r\n", "b"),
        ("X: a\r\n   \r\n", "a"),
    ])
    func valuesAreTrimmedAndUnfolded(fields: String, value: String) {
        let outcome = head(fields)
        #expect(outcome.error == nil, "\(outcome)")
        #expect(outcome.head?.headers.values(name: "x") == [value])
    }

    @Test func obsTextValuesRoundTripAsRawBytes() throws {
        let outcome = head("X-Latin: caf\u{E9}\u{80}\u{FF}\r\n")
        let headers = try #require(outcome.head?.headers)
        #expect(headers.rawValues(name: "x-latin") == [[0x63, 0x61, 0x66, 0xE9, 0x80, 0xFF]])
    }

    @Test func tcharNamesAreAccepted() {
        let name = "!#$%&'*+-.^_`|~09azAZ"
        let outcome = head(name + ": 1\r\n")
        #expect(outcome.head?.headers[name] == "1")
    }

    @Test(arguments: [
        "Content-Length : 5\r\n",  // whitespace before the colon
        "X\t: 5\r\n",
        "X Y: 5\r\n",  // space inside the name
        ": value\r\n",  // empty name
        "NoColon\r\n",
        "X-\u{E9}: 1\r\n",  // non-ASCII name
        "X(1): 1\r\n",
        "X/Y: 1\r\n",
        "X: a\u{00}b\r\n",  // NUL in a value
        "X: a\u{01}b\r\n",  // other CTL
        "X: a\u{7F}b\r\n",  // DEL
        "X: a\rb\r\n",  // bare CR in a value
        "X: ab\r\r\n",  // CR CR LF
        "\r\r\n",  // CR alone on a line
        "X: 1\nY: 2\r\n",  // bare LF between fields
        "X: 1\r\n\n",  // bare LF as the empty line
        " X: 1\r\n",  // whitespace-led first field line (obs-fold after the status line)
        "\tX: 1\r\n",
    ])
    func malformedFieldLinesAreParseErrors(fields: String) {
        let outcome = head(fields, end: .close)
        #expect(outcome.errorKind == .parse, "\(String(reflecting: fields)): \(outcome)")
    }

    @Test func bareLFIsRejectedEverywhereInTheHead() {
        let variants = [
            "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\n",
            "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
        ]
        for text in variants {
            let outcome = parseAllWays(text, end: .close)
            #expect(outcome.errorKind == .parse, "\(String(reflecting: text))")
            #expect(outcome.error?.message.contains("bare LF") == true)
        }
    }

    @Test func leadingEmptyLineBeforeTheStatusLineIsRejected() {
        let outcome = parseAllWays("\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.errorKind == .parse)
    }

    @Test func anEmptyValueDoesNotSwallowTheNextLine() throws {
        let outcome = head("Pragma:\r\nLocation: /next\r\n")
        let headers = try #require(outcome.head?.headers)
        #expect(headers["pragma"] == "")
        #expect(headers["location"] == "/next")
    }

    @Test func connectionHeadersAreReportedNotHidden() throws {
        let outcome = head("Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n")
        let headers = try #require(outcome.head?.headers)
        #expect(headers["connection"] == "keep-alive")
        #expect(headers["content-length"] == "0")
    }
}
