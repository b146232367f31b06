// Peer client: swift-server/async-http-client (1.37.x).
//
// Contract: ahc-bench URL N CONC   (see Benchmarks/README.md for the full contract)
//   N GETs, CONC in flight, pool soft limit = CONC connections, body read fully,
//   status 200 + body length checked ($EXPECT_LEN or the first body's length).
//   Last stdout line: requests=N seconds=S rps=R
//
// Knobs (environment):
//   AHC_THREADS=1|2...  MultiThreadedEventLoopGroup size (default 1)
//   AHC_API=async       (default) CONC child tasks in a TaskGroup, each looping
//                       `execute(HTTPClientRequest)` + `body.collect(upTo:)`. Tasks run on
//                       Swift's global cooperative pool (= #cores threads) unless AHC_TAKEOVER=1.
//   AHC_API=nio         EventLoopFuture API: CONC callback chains of `execute(request:)`
//                       (ResponseAccumulator collects the body); everything runs on the ELG
//                       threads, the main thread just waits. Closest to a Twisted-style client.
//   AHC_TAKEOVER=1      (async only) install NIO's singleton ELG (AHC_THREADS loops) as the
//                       Swift Concurrency global executor, so tasks run on the event loop(s).
//   BENCH_CLOSE=1       every request carries `Connection: close` (a new connection each time).
//   BENCH_CA_FILE=PEM   for https URLs: trust the CA certificate(s) in this file instead of the system
//                       store (TLSConfiguration.trustRoots = .file); verification stays on (chain and
//                       host name), as for Torsion with SSL_CERT_FILE.
import AsyncHTTPClient
import Dispatch
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

func env(_ k: String) -> String? {
    guard let p = getenv(k) else { return nil }
    return String(cString: p)
}

func die(_ msg: String) -> Never {
    var s = msg + "\n"
    s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}

let args = CommandLine.arguments
guard args.count == 4, let n = Int(args[2]), let conc = Int(args[3]), n > 0, conc > 0 else {
    die("usage: ahc-bench URL N CONC")
}
let url = args[1]
let threads = Int(env("AHC_THREADS") ?? "1") ?? 1
let api = env("AHC_API") ?? "async"
let takeover = env("AHC_TAKEOVER") == "1"
let expectEnv = env("EXPECT_LEN").flatMap { Int($0) }
let closeEach = env("BENCH_CLOSE") == "1"

final class Shared: Sendable {
    let ticket = NIOLockedValueBox(0)
    let done = NIOLockedValueBox(0)
    let refLen: NIOLockedValueBox<Int?>
    let firstError = NIOLockedValueBox<String?>(nil)
    init(expect: Int?) { self.refLen = NIOLockedValueBox(expect) }

    func take(_ n: Int) -> Bool {
        self.ticket.withLockedValue { t in
            if t >= n { return false }
            t += 1
            return true
        }
    }
    func check(status: UInt, length: Int) -> String? {
        if status != 200 { return "status \(status)" }
        let want = self.refLen.withLockedValue { r -> Int in
            if let r { return r }
            r = length
            return length
        }
        if length != want { return "body length \(length) != \(want)" }
        self.done.withLockedValue { $0 += 1 }
        return nil
    }
    func fail(_ e: String) { self.firstError.withLockedValue { if $0 == nil { $0 = e } } }
    var failed: Bool { self.firstError.withLockedValue { $0 != nil } }
}

let shared = Shared(expect: expectEnv)
let group: MultiThreadedEventLoopGroup
if takeover {
    NIOSingletons.groupLoopCountSuggestion = threads
    guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
        die("ahc-bench: could not install NIO as the global executor")
    }
    group = MultiThreadedEventLoopGroup.singleton
} else {
    group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
}

var config = HTTPClient.Configuration()
config.connectionPool = .init(idleTimeout: .seconds(600), concurrentHTTP1ConnectionsPerHostSoftLimit: conc)
config.httpVersion = .http1Only
config.decompression = .disabled
config.redirectConfiguration = .disallow
if let caFile = env("BENCH_CA_FILE") {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .file(caFile)
    tls.certificateVerification = .fullVerification
    config.tlsConfiguration = tls
}
let client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: config)

let clock = ContinuousClock()
var elapsed: Duration = .zero

if api == "nio" {
    // Callback chains on the event loop(s); no Swift Concurrency involved.
    let request: HTTPClient.Request
    do {
        request = try HTTPClient.Request(url: url, headers: closeEach ? ["Connection": "close"] : [:])
    } catch {
        die("ahc-bench: bad url: \(error)")
    }
    let finished = DispatchSemaphore(value: 0)
    @Sendable func loop() {
        guard !shared.failed, shared.take(n) else {
            finished.signal()
            return
        }
        client.execute(request: request).whenComplete { result in
            switch result {
            case .success(let resp):
                if let e = shared.check(status: resp.status.code, length: resp.body?.readableBytes ?? 0) {
                    shared.fail(e)
                }
            case .failure(let err):
                shared.fail("\(err)")
            }
            loop()
        }
    }
    let t0 = clock.now
    for _ in 0..<conc { loop() }
    for _ in 0..<conc { finished.wait() }
    elapsed = clock.now - t0
} else {
    let finished = DispatchSemaphore(value: 0)
    let box = NIOLockedValueBox<Duration>(.zero)
    Task.detached {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if closeEach { request.headers.add(name: "Connection", value: "close") }
        let req = request
        let t0 = clock.now
        await withTaskGroup(of: Void.self) { tg in
            for _ in 0..<conc {
                tg.addTask {
                    while !shared.failed, shared.take(n) {
                        do {
                            let resp = try await client.execute(req, timeout: .seconds(60))
                            let body = try await resp.body.collect(upTo: 1 << 30)
                            if let e = shared.check(status: resp.status.code, length: body.readableBytes) {
                                shared.fail(e)
                            }
                        } catch {
                            shared.fail("\(error)")
                        }
                    }
                }
            }
        }
        box.withLockedValue { $0 = clock.now - t0 }
        finished.signal()
    }
    finished.wait()
    elapsed = box.withLockedValue { $0 }
}

try? client.syncShutdown()
if !takeover { try? group.syncShutdownGracefully() }

let done = shared.done.withLockedValue { $0 }
if let e = shared.firstError.withLockedValue({ $0 }) { die("ahc-bench: \(done) of \(n) ok; error: \(e)") }
if done != n { die("ahc-bench: only \(done) of \(n) responses") }
let comps = elapsed.components
let secs = Double(comps.seconds) + Double(comps.attoseconds) / 1e18
let rps = Double(n) / secs
func fmt(_ x: Double, _ digits: Int) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let v = (x * p).rounded() / p
    return "\(v)"
}
print("requests=\(n) seconds=\(fmt(secs, 6)) rps=\(fmt(rps, 1))")
