import Testing

@testable import WebClient

/// The IETF http-state working group's parser tests (Tests/Fixtures/cookies/http-state-parser.json, from
/// github.com/abarth/http-state, tests/data/parser.json): each case's `Set-Cookie` headers come from
/// `http://home.example.org:8888/cookie-parser?<name>`, and the `Cookie` header then sent to
/// `/cookie-parser-result?<name>` (or the case's `sent-to`) must hold exactly the expected cookies, in order.
/// The jar's clock stands in 2011, when the corpus was written (its `Expires` dates are relative to then).
/// The four `DISABLED_` cases are those the corpus itself disables.
@Suite("http-state parser corpus")
struct HTTPStateCorpusTests {
    @Test func everyCaseSendsTheExpectedCookies() throws {
        let cases = try #require(try CookieFixtures.json("http-state-parser.json") as? [[String: Any]])
        #expect(cases.count == 222)
        var failures: [String] = []
        var ran = 0
        for testCase in cases {
            let name = try #require(testCase["test"] as? String)
            guard !name.hasPrefix("DISABLED_") else { continue }
            let received = try #require(testCase["received"] as? [String])
            let sent = try #require(testCase["sent"] as? [[String: String]])
            let origin = "http://home.example.org:8888"
            let target = (testCase["sent-to"] as? String).map { $0.hasPrefix("/") ? origin + $0 : $0 }
                ?? "\(origin)/cookie-parser-result?\(name.lowercased())"
            let expected = sent.isEmpty ? nil : sent.map { "\($0["name"]!)=\($0["value"]!)" }.joined(separator: "; ")

            let (jar, _) = makeJar()
            jar.store(setCookies: received, from: try URI("\(origin)/cookie-parser?\(name.lowercased())"))
            let got = jar.cookieHeader(for: try URI(target))
            ran += 1
            if got != expected {
                failures.append("\(name): got \(String(describing: got)), expected \(String(describing: expected))")
            }
        }
        #expect(ran == 218)
        #expect(failures.isEmpty, "\(failures.count) cases differ:\n\(failures.joined(separator: "\n"))")
    }
}
