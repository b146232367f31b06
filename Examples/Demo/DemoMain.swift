import Deferred
import Glibc
import Reactor
import TLS
import WebClient

/// `torsion-demo`: the embedded server and a pooled `Agent` workload in one `EpollReactor` (see
/// ``DemoOptions/usage``).
@main
enum DemoMain {
    /// Parses the command line, runs the demo and exits with its status.
    static func main() {
        let options: DemoOptions
        do {
            options = try DemoOptions.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            if let message = error.message {
                ProgressLine.writeError("torsion-demo: \(message)\n\(DemoOptions.usage)\n")
                exit(2)
            }
            print(DemoOptions.usage)
            exit(0)
        }
        exit(run(options))
    }

    /// Runs the demo on a new `EpollReactor`; returns 0 if every request got a response, 1 otherwise.
    static func run(_ options: DemoOptions) -> Int32 {
        let reactor: EpollReactor
        do {
            reactor = try EpollReactor()
        } catch {
            ProgressLine.writeError("torsion-demo: cannot start the reactor: \(error)\n")
            return 1
        }
        var everyRequestAnswered = false
        let status = reactor.react { () -> Deferred<Void> in
            do {
                let tls = options.tls && options.url == nil ? try DemoTLS() : nil
                let server =
                    try options.url == nil
                    ? DemoServer(reactor: reactor, bodySize: options.bodySize, tls: tls?.server) : nil
                let pool = HTTPConnectionPool(reactor: reactor)
                pool.maxPersistentPerHost = options.concurrency
                pool.cachedConnectionTimeout = options.idleTimeout
                let agent = Agent(reactor: reactor, pool: pool, tlsOptions: tls?.client)
                let workload = try DemoWorkload(
                    reactor: reactor, agent: agent, pool: pool, url: options.url ?? server!.url,
                    requests: options.requests, concurrency: options.concurrency)
                if let server {
                    print("torsion-demo: server on \(server.port.getHost()), \(options.bodySize)-byte responses")
                }
                let progress = ProgressLine.standardOutputIsTerminal ? ProgressLine(reactor: reactor, workload: workload) : nil
                progress?.start()
                return workload.run().addCallback { (report: DemoReport) -> Deferred<Void> in
                    progress?.stop()
                    for line in DemoOutput.reportLines(report) { print(line) }
                    if let tls { print(tls.reportLine(connections: report.afterLoad.opened)) }
                    everyRequestAnswered = report.everyRequestAnswered
                    return server?.port.stopListening() ?? .succeed()
                }
            } catch {
                return .fail(error)
            }
        }
        return status != 0 ? status : (everyRequestAnswered ? 0 : 1)
    }
}
