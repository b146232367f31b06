// fetch: a small curl built on Torsion.
//
//   fetch [--method M] [-H 'Name: value']... [--data BYTES] [--json] [-i] [--cacert FILE] [--insecure]
//         [--retry N [--retry-delay S] [--retry-max-time S] [--retry-connrefused]] URL...
//
// --retry follows curl's rules (Retry.curl, docs/retries.md): up to N retries of timeouts, failed name
// lookups (and refused connections with --retry-connrefused) and of 408/429/500/502/503/504, waiting 1 s
// doubling to 10 min (or S each with --retry-delay), obeying Retry-After, no wait past --retry-max-time.
//
// https URLs are verified against the system's trust store (SSL_CERT_FILE / SSL_CERT_DIR override it), or
// against the roots in --cacert FILE (PEM); --insecure (-k) turns verification off, with a warning.
//
// Without --json the body is written to standard output (-i adds the status line and headers first).
// With --json each URL prints one object on a line: {"ok", "status", "headers", "body_b64", "trailers",
// "reusable", "connection"} or {"ok": false, "error": "TypeName: message"}; see
// ../shared/conformance/README.md for the contract. Exit status: 0 if every request succeeded.
import Deferred
import Glibc
import Reactor
import TLS
import WebClient

struct Options {
    var method = "GET"
    var headers = Headers()
    var data: [UInt8]?
    var json = false
    var includeHead = false
    var caFile: String?
    var insecure = false
    var urls: [String] = []
    var retries = 0
    var retryDelay = Duration.zero
    var retryMaxTime: Duration?
    var retryConnectionRefused = false
}

func usage(_ message: String) -> Never {
    writeError("fetch: \(message)\nusage: fetch [--method M] [-H 'Name: value']... [--data BYTES] [--json] [-i] [--cacert FILE] [--insecure] [--retry N [--retry-delay S] [--retry-max-time S] [--retry-connrefused]] URL...\n")
    exit(2)
}

func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var it = arguments.makeIterator()
    while let arg = it.next() {
        switch arg {
        case "--method", "-X":
            guard let m = it.next() else { usage("\(arg) needs a value") }
            options.method = m
        case "-H", "--header":
            guard let h = it.next(), let colon = h.firstIndex(of: ":") else { usage("-H needs 'Name: value'") }
            let value = h[h.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            options.headers.add(name: String(h[..<colon]), value: String(value))
        case "--data", "-d":
            guard let d = it.next() else { usage("--data needs a value") }
            options.data = Array(d.utf8)
        case "--json":
            options.json = true
        case "-i", "--include":
            options.includeHead = true
        case "--cacert":
            guard let file = it.next() else { usage("--cacert needs a PEM file") }
            options.caFile = file
        case "-k", "--insecure":
            options.insecure = true
        case "--retry":
            guard let n = it.next().flatMap({ Int($0) }), n >= 0 else { usage("--retry needs a count") }
            options.retries = n
        case "--retry-delay", "--retry-max-time":
            guard let s = it.next().flatMap({ Double($0) }), s >= 0, s < 1e9 else { usage("\(arg) needs seconds") }
            if arg == "--retry-delay" { options.retryDelay = .seconds(s) } else { options.retryMaxTime = .seconds(s) }
        case "--retry-connrefused":
            options.retryConnectionRefused = true
        case "-h", "--help":
            usage("help")
        default:
            if arg.hasPrefix("-") { usage("unknown option \(arg)") }
            options.urls.append(arg)
        }
    }
    if options.urls.isEmpty { usage("no URL given") }
    if options.insecure && options.caFile != nil { usage("--cacert and --insecure exclude each other") }
    return options
}

/// What one URL produced.
struct Outcome {
    var response: Response?
    var body: [UInt8] = []
    var reusable = false
    var localPort: Int?
    var error: (any Error)?

    var json: JSONValue {
        if let error {
            return .object(["ok": false, "error": .string("\(type(of: error)): \(error)")])
        }
        guard let response else { return .object(["ok": false, "error": "Unknown: no response"]) }
        var object: [String: JSONValue] = [
            "ok": true, "status": .number(Double(response.code)), "headers": .headers(response.headers),
            "body_b64": .string(base64Encode(body)), "reusable": .bool(reusable),
        ]
        if response.trailers.count > 0 { object["trailers"] = .headers(response.trailers) }
        if let localPort { object["connection"] = .number(Double(localPort)) }
        return .object(object)
    }
}

func fetchOne(_ agent: any HTTPAgent, _ text: String, _ options: Options) -> Deferred<Outcome> {
    var outcome = Outcome()
    return agent.request(
        method: options.method, uri: text, headers: options.headers,
        bodyProducer: options.data.map { BytesBodyProducer($0) }, timeouts: nil
    )
    .addCallback { (response: Response) -> Deferred<[UInt8]> in
        outcome.response = response
        outcome.localPort = response.localAddress?.port
        return readBody(response)
    }
    .addBoth { (result: Result<[UInt8], any Error>) -> Outcome in
        switch result {
        case .success(let body):
            outcome.body = body
            outcome.reusable = outcome.response?.connectionReusable ?? false
        case .failure(let error):
            outcome.error = error
        }
        return outcome
    }
}

/// The TLS options the command line asks for (`nil`: the Agent's default, the system's trust store).
func tlsOptions(_ options: Options) -> TLSClientOptions? {
    do {
        if let caFile = options.caFile {
            return try TLSClientOptions(verification: .trustRoots(TLSCertificateChain(file: caFile)))
        }
        if options.insecure {
            writeError("fetch: warning: --insecure: the server's certificate and name are NOT checked\n")
            return try TLSClientOptions(verification: .dangerouslySkippingVerification)
        }
    } catch {
        writeError("fetch: \(error)\n")
        exit(2)
    }
    return nil
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
var failures = 0
let status = EpollReactor.react { reactor in
    // Every URL goes through one pool, so later requests to the same host reuse the connection.
    let pool = HTTPConnectionPool(reactor: reactor, persistent: true)
    var agent: any HTTPAgent = Agent(reactor: reactor, pool: pool, tlsOptions: tlsOptions(options))
    if options.retries > 0 {
        let retries = Retry.curl(
            retries: options.retries, delay: options.retryDelay, maxTime: options.retryMaxTime,
            connectionRefused: options.retryConnectionRefused)
        agent = RetryAgent(agent, reactor: reactor, retries: retries)
    }
    var chain = Deferred<Void>.succeed(())
    for url in options.urls {
        chain = chain.addCallback { () -> Deferred<Void> in
            fetchOne(agent, url, options).addCallback { (outcome: Outcome) -> Void in
                if outcome.error != nil { failures += 1 }
                if options.json {
                    print(outcome.json.serialized())
                } else if let error = outcome.error {
                    writeError("fetch: \(url): \(type(of: error)): \(error)\n")
                } else if let response = outcome.response {
                    if options.includeHead {
                        print("HTTP/\(response.version.major).\(response.version.minor) \(response.code) \(response.phrase)")
                        for (name, value) in response.headers { print("\(name): \(value)") }
                        print("")
                    }
                    var body = outcome.body
                    body.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
                }
            }
        }
    }
    return chain.addCallback { () -> Deferred<Void> in pool.closeCachedConnections() }
}
exit(status != 0 ? status : (failures > 0 ? 1 : 0))
