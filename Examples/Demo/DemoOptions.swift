/// The demo's command line.
///
/// ```
/// torsion-demo [--requests N] [--concurrency C] [--body-size BYTES] [--idle-timeout SECONDS] [--tls] [--url URL]
/// ```
///
/// Each flag takes its value as the next argument or after `=` (`--requests=500`).
struct DemoOptions: Sendable, Equatable {
    /// GETs to send (`--requests`, default 20,000).
    var requests = 20_000
    /// Requests in flight at once, one per pooled connection (`--concurrency`, default 8).
    var concurrency = 8
    /// The embedded server's response body size in bytes (`--body-size`, default 1024).
    var bodySize = 1024
    /// The pool's `cachedConnectionTimeout` (`--idle-timeout`, default 1 s); the pause after the load
    /// is 1.5 times as long.
    var idleTimeout = Duration.seconds(1)
    /// An outside URL to fetch instead of the embedded server (`--url`); then no server is started.
    var url: String?
    /// Serve and fetch over TLS (`--tls`): the embedded server presents a certificate from a throw-away
    /// CA made at start, and the client trusts that CA only.
    var tls = false

    /// The usage text.
    static let usage = """
        usage: torsion-demo [--requests N] [--concurrency C] [--body-size BYTES] [--idle-timeout SECONDS] [--tls] [--url URL]

        Starts an HTTP server on 127.0.0.1 and, in the same reactor, sends N GETs to it over C pooled
        connections, waits 1.5 x the idle timeout so the pool's timers close the idle connections, and
        prints a report. With --url, fetches that URL instead and starts no server.

          --requests N             GETs to send (default 20000)
          --concurrency C          requests in flight, one per pooled connection (default 8)
          --body-size BYTES        the embedded server's response size (default 1024)
          --idle-timeout SECONDS   the pool's idle connection timeout (default 1; fractions allowed)
          --tls                    serve and fetch over TLS (a throw-away CA, made at start, trusted by the client)
          --url URL                an outside http:// or https:// URL to fetch instead of the embedded server
                                   (https is verified against the system's trust store)

        Exit status: 0 if every request got a response, 1 if not, 2 for a bad command line.
        """

    /// Parses `arguments` (without the program name).
    ///
    /// - Throws: ``DemoUsageError`` for an unknown flag, a missing or bad value, or `--help`.
    static func parse(_ arguments: [String]) throws(DemoUsageError) -> DemoOptions {
        var options = DemoOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var flag = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if flag == "-h" || flag == "--help" { throw DemoUsageError(message: nil) }
            func takeValue() throws(DemoUsageError) -> String {
                if let value { return value }
                guard let next = remaining.popFirst() else { throw DemoUsageError(message: "\(flag) needs a value") }
                return next
            }
            switch flag {
            case "--tls":
                guard value == nil else { throw DemoUsageError(message: "--tls takes no value") }
                options.tls = true
            case "--requests":
                options.requests = try integer(takeValue(), flag: flag, minimum: 0)
            case "--concurrency":
                options.concurrency = try integer(takeValue(), flag: flag, minimum: 1)
            case "--body-size":
                options.bodySize = try integer(takeValue(), flag: flag, minimum: 0)
            case "--idle-timeout":
                options.idleTimeout = try seconds(takeValue(), flag: flag)
            case "--url":
                let url = try takeValue()
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw DemoUsageError(message: "--url needs an http:// or https:// URL, not \(String(reflecting: url))")
                }
                options.url = url
            default:
                throw DemoUsageError(message: "unknown argument \(String(reflecting: argument))")
            }
        }
        return options
    }

    private static func integer(_ text: String, flag: String, minimum: Int) throws(DemoUsageError) -> Int {
        guard let number = Int(text.filter { $0 != "_" }), number >= minimum else {
            throw DemoUsageError(message: "\(flag) needs a whole number of at least \(minimum), not \(String(reflecting: text))")
        }
        return number
    }

    private static func seconds(_ text: String, flag: String) throws(DemoUsageError) -> Duration {
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw DemoUsageError(message: "\(flag) needs a number of seconds above 0, not \(String(reflecting: text))")
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

/// A command line the demo cannot run: `message` says why (`nil` for `--help`).
struct DemoUsageError: Error, Equatable {
    /// What is wrong, or `nil` when help was asked for.
    var message: String?
}
