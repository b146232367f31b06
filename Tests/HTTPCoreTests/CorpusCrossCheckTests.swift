import Foundation
import Testing

@testable import HTTPCore

/// An extra check against the shared conformance corpus, when it sits next to the package
/// (`../shared/conformance/http-response-cases.json`); skipped when absent. The rule tests
/// in the other files do not depend on it.
@Suite struct CorpusCrossCheckTests {
    static let corpusURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/conformance/http-response-cases.json").standardizedFileURL

    static var cases: [[String: Any]] {
        guard let data = try? Data(contentsOf: corpusURL),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = json["cases"] as? [[String: Any]]
        else { return [] }
        return cases
    }

    static let kinds: [String: HTTPParseError.Kind] = [
        "parse": .parse, "framing": .framing, "limit": .limit, "truncated": .truncated,
        "unsupported": .unsupported, "protocol": .unexpectedUpgrade, "status": .status, "no-response": .noResponse,
    ]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpusURL.path)))
    func corpusOutcomesMatch() throws {
        var failures: [String] = []
        #expect(!Self.cases.isEmpty, "corpus file present but holds no cases")
        for testCase in Self.cases {
            let name = testCase["name"] as? String ?? "?"
            let raw = [UInt8](Data(base64Encoded: testCase["raw_response_b64"] as? String ?? "") ?? Data())
            let method = testCase["request_method"] as? String ?? "GET"
            let end: ConnectionEnd =
                switch testCase["server_then"] as? String {
                case "close": .close
                case "reset": .reset
                default: .keepOpen
                }
            let expect = testCase["expect"] as? [String: Any] ?? [:]
            let outcome = parseAllWays(raw, method: method, end: end)
            if let problem = Self.mismatch(outcome, expect) {
                failures.append("\(name): \(problem) — got \(outcome)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) corpus cases differ:\n\(failures.joined(separator: "\n"))")
    }

    static func mismatch(_ outcome: ParseOutcome, _ expect: [String: Any]) -> String? {
        if expect["outcome"] as? String == "error" {
            guard let kind = outcome.errorKind else { return "expected an error" }
            if let expected = expect["error_kind"] as? String, kinds[expected] != kind { return "expected \(expected)" }
            return nil
        }
        guard outcome.error == nil, outcome.ended, let head = outcome.head else {
            return "expected a complete response"
        }
        if let status = expect["status"] as? Int, status != head.status { return "status \(status) expected" }
        if let body = expect["body_b64"] as? String, [UInt8](Data(base64Encoded: body) ?? Data()) != outcome.body {
            return "body differs"
        }
        for (name, value) in expect["headers"] as? [String: String] ?? [:] where head.headers[name] != value {
            return "header \(name) expected \(String(reflecting: value))"
        }
        for name in expect["headers_absent"] as? [String] ?? [] where head.headers.contains(name: name) {
            return "header \(name) should be absent"
        }
        for (name, value) in expect["trailers"] as? [String: String] ?? [:] where outcome.trailers?[name] != value {
            return "trailer \(name) expected \(String(reflecting: value))"
        }
        if let reusable = expect["reusable"] as? Bool, reusable != outcome.reusable {
            return "reusable \(reusable) expected"
        }
        return nil
    }
}

extension CorpusCrossCheckTests {
    /// The comparison itself must be able to fail.
    @Test func mismatchDetectsWrongExpectations() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
        #expect(Self.mismatch(outcome, ["outcome": "ok", "status": 200, "body_b64": "aGk=", "reusable": true]) == nil)
        #expect(Self.mismatch(outcome, ["outcome": "error"]) != nil)
        #expect(Self.mismatch(outcome, ["outcome": "ok", "status": 201]) != nil)
        #expect(Self.mismatch(outcome, ["outcome": "ok", "body_b64": "aGo="]) != nil)
        #expect(Self.mismatch(outcome, ["outcome": "ok", "reusable": false]) != nil)
    }
}
