import Foundation

/// The cookie fixtures in Tests/Fixtures/cookies (outside the test target, so SwiftPM leaves them alone):
/// the http-state working group's test data and the cookies files curl and Python wrote.
enum CookieFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cookies").standardizedFileURL

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// A JSON fixture; `//` comment lines (the licence header of the Chromium-derived file) are skipped.
    static func json(_ name: String) throws -> Any {
        let text = String(decoding: try data(name), as: UTF8.self)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("//") }.joined(separator: "\n")
        return try JSONSerialization.jsonObject(with: Data(body.utf8))
    }
}
