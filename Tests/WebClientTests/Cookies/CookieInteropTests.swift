import Deferred
import Foundation
import Reactor
import Testing
import WebServer

@testable import WebClient

/// curl and Python's `http.cookiejar.MozillaCookieJar` read and write Torsion's cookies files, against
/// the project's own server on 127.0.0.1 (skipped, with the reason shown, when curl is not installed;
/// the Python leg needs python3).
///
/// `TORSION_WRITE_COOKIE_FIXTURES=1 swift test --filter CookieInterop` also copies the files curl and
/// Python wrote to Tests/Fixtures/cookies (`curl-cookies.txt`, `python-cookies.txt`), which
/// `committedFixturesParse` reads on every run.
@Suite("cookies.txt interop with curl and Python")
struct CookieInteropTests {
    static func executable(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let curl = executable("curl")
    static let python = executable("python3")

    /// Runs a program to completion (call from the thread pool): its exit status and standard output.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Python loads `path` (keeping session and expiry-0 cookies), prints what it read, adds a domain
    /// cookie of its own and saves to `out`.
    static let pythonScript = """
        import http.cookiejar, sys
        jar = http.cookiejar.MozillaCookieJar()
        jar.load(sys.argv[1], ignore_discard=True, ignore_expires=True)
        for c in jar:
            print(c.domain, c.path, c.name, c.value, c.expires, c.secure)
        jar.set_cookie(http.cookiejar.Cookie(0, "py_domain", "v1", None, False, ".example.org", True, True, "/",
            True, True, 4102444800, False, None, None, {}))
        jar.save(sys.argv[2], ignore_discard=True, ignore_expires=True)
        """

    struct Outcome: Sendable {
        var curlSent = ""
        var afterCurl: [String] = []
        var pythonRead = ""
        var afterPython: [String] = []
        var agentSent = ""
        var problems: [String] = []
    }

    @Test(.enabled(if: curl != nil, "curl is not installed (apt-get install curl)"))
    func curlAndPythonReadAndWriteTorsionsFiles() async throws {
        let directory = try CookieFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("jar.txt").path
        let pythonFile = directory.appendingPathComponent("python.txt").path
        let curl = try #require(Self.curl)
        let python = Self.python

        let outcome = try await onLoopbackReactor { reactor -> Deferred<Outcome> in
            let router = Router()
            router.get("/set/x") { request in
                var response = ServerResponse.text(request.header("Cookie") ?? "-")
                for cookie in [
                    "srv_session=s1; Path=/", "srv_persist=p1; Max-Age=3600; Path=/", "srv_http=h1; HttpOnly",
                    "srv_path=x; Path=/set/deeper",
                ] {
                    response.headers.add(name: "Set-Cookie", value: cookie)
                }
                return response
            }
            router.get("/echo") { request in ServerResponse.text(request.header("Cookie") ?? "-") }
            let server = HTTPServer(reactor: reactor, router: router)
            let port = try server.listen(port: 0)
            let base = "http://127.0.0.1:\(port.getHost().port!)"

            // Torsion's jar: session, persistent and HttpOnly cookies for 127.0.0.1, a Secure one curl
            // must not send over http, and one for another domain.
            let jar = CookieJar(clock: reactor)
            jar.store(setCookies: ["t_session=1", "t_persist=2; Max-Age=3600", "t_http=3; HttpOnly"], from: try URI(base + "/"))
            try jar.set(Cookie(name: "t_secure", value: "4", domain: "127.0.0.1", isSecure: true))
            try jar.set(Cookie(name: "t_other", value: "5", domain: "example.com", isHostOnly: false))

            var outcome = Outcome()
            let loaded = CookieJar(clock: reactor)
            let final = CookieJar(clock: reactor)
            return jar.save(to: file, threads: reactor)
                .addCallback { () -> Deferred<(status: Int32, output: String)> in
                    reactor.deferToThread { try Self.run(curl, ["-s", "-b", file, "-c", file, base + "/set/x"]) }
                }
                .addCallback { (result: (status: Int32, output: String)) -> Deferred<CookieJar.LoadReport> in
                    outcome.curlSent = result.output
                    if result.status != 0 { outcome.problems.append("curl exited with \(result.status)") }
                    return loaded.load(from: file, threads: reactor)
                }
                .addCallback { (report: CookieJar.LoadReport) -> Deferred<(status: Int32, output: String)?> in
                    outcome.problems += report.problems.map(\.description)
                    outcome.afterCurl = loaded.cookies.map(Self.summary)
                    guard let python else { return .succeed(nil) }
                    return reactor.deferToThread { try Self.run(python, ["-c", Self.pythonScript, file, pythonFile]) }
                        .addCallback { Optional($0) }
                }
                .addCallback { (result: (status: Int32, output: String)?) -> Deferred<CookieJar.LoadReport> in
                    guard let result else { return .succeed(CookieJar.LoadReport()) }
                    outcome.pythonRead = result.output
                    if result.status != 0 { outcome.problems.append("python3 exited with \(result.status)") }
                    return final.load(from: pythonFile, threads: reactor)
                }
                .addCallback { (report: CookieJar.LoadReport) -> Deferred<Response> in
                    outcome.problems += report.problems.map(\.description)
                    outcome.afterPython = final.cookies.map(Self.summary)
                    let agent = CookieAgent(Agent(reactor: reactor), jar: python == nil ? loaded : final)
                    return agent.request(method: "GET", uri: base + "/echo", headers: Headers(), bodyProducer: nil, timeouts: nil)
                }
                .addCallback { (response: Response) -> Deferred<[UInt8]> in readBody(response) }
                .addCallback { (body: [UInt8]) -> Deferred<Outcome> in
                    outcome.agentSent = String(decoding: body, as: UTF8.self)
                    return port.stopListening().addCallback { outcome }
                }
        }

        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        // curl sent Torsion's cookies for 127.0.0.1, not example.com's. (curl 7.79 and later also send the
        // Secure one over http to a loopback address, which they count as secure; Torsion does not.)
        let curlSent = Set(outcome.curlSent.components(separatedBy: "; "))
        #expect(curlSent.subtracting(["t_secure=4"]) == ["t_session=1", "t_persist=2", "t_http=3"])
        // Torsion reads back curl's file: its own cookies and the server's, flags kept.
        for expected in [
            "t_session=1 127.0.0.1/ session hostOnly", "t_persist=2 127.0.0.1/ expires hostOnly",
            "t_http=3 127.0.0.1/ session hostOnly httpOnly", "t_secure=4 127.0.0.1/ session hostOnly secure",
            "t_other=5 example.com/ session", "srv_session=s1 127.0.0.1/ session hostOnly",
            "srv_persist=p1 127.0.0.1/ expires hostOnly", "srv_http=h1 127.0.0.1/set/ session hostOnly httpOnly",
            "srv_path=x 127.0.0.1/set/deeper session hostOnly",
        ] {
            #expect(outcome.afterCurl.contains(expected), "\(expected) not in \(outcome.afterCurl)")
        }
        #expect(outcome.afterCurl.count == 9)
        if Self.python != nil {
            #expect(outcome.pythonRead.contains("127.0.0.1 /set/deeper srv_path x 0 False"))
            #expect(outcome.pythonRead.contains(".example.com / t_other 5 0 False"))
            #expect(outcome.pythonRead.contains("127.0.0.1 / t_secure 4 0 True"))
            #expect(outcome.afterPython.count == 10)
            #expect(outcome.afterPython.contains("py_domain=v1 example.org/ expires secure"))
            #expect(Set(outcome.afterPython) == Set(outcome.afterCurl + ["py_domain=v1 example.org/ expires secure"]))
        }
        // The jar that went through curl (and Python) sends to the server what it holds for it.
        #expect(
            Set(outcome.agentSent.components(separatedBy: "; "))
                == ["t_session=1", "t_persist=2", "t_http=3", "srv_session=s1", "srv_persist=p1"])

        if ProcessInfo.processInfo.environment["TORSION_WRITE_COOKIE_FIXTURES"] == "1" {
            for (from, name) in [(file, "curl-cookies.txt"), (pythonFile, "python-cookies.txt")] {
                let target = CookieFixtures.directory.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: from), to: target)
            }
        }
    }

    static func summary(_ cookie: Cookie) -> String {
        var text = "\(cookie.name)=\(cookie.value) \(cookie.domain)\(cookie.path) \(cookie.isSession ? "session" : "expires")"
        if cookie.isHostOnly { text += " hostOnly" }
        if cookie.isSecure { text += " secure" }
        if cookie.isHTTPOnly { text += " httpOnly" }
        return text
    }

    /// The files curl and Python wrote in the interop run, committed: Torsion reads every line of both.
    @Test func committedFixturesParse() throws {
        let curlFile = NetscapeCookieFile.decode(Array(try CookieFixtures.data("curl-cookies.txt")))
        #expect(curlFile.problems.isEmpty)
        #expect(Set(curlFile.cookies.map(Self.summary)).isSuperset(of: [
            "t_http=3 127.0.0.1/ session hostOnly httpOnly", "t_secure=4 127.0.0.1/ session hostOnly secure",
            "t_other=5 example.com/ session", "srv_http=h1 127.0.0.1/set/ session hostOnly httpOnly",
            "srv_path=x 127.0.0.1/set/deeper session hostOnly",
        ]))
        #expect(curlFile.cookies.count == 9)
        let pythonFile = NetscapeCookieFile.decode(Array(try CookieFixtures.data("python-cookies.txt")))
        #expect(pythonFile.problems.isEmpty)
        #expect(Set(pythonFile.cookies.map(Self.summary)) == Set(curlFile.cookies.map(Self.summary) + ["py_domain=v1 example.org/ expires secure"]))
        #expect(pythonFile.cookies.first { $0.name == "py_domain" }?.expires == .seconds(4_102_444_800))
    }
}
