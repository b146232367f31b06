// torsion-bench-server: the embedded Torsion WebServer for workload W5 (Torsion serving Torsion).
//
//   torsion-bench-server [PORT]
//
// Serves `GET /1k`, `/64k` and `/1m` (1024, 65536 and 1048576 bytes, built once at start) on
// 127.0.0.1:PORT (default 18081; 0 picks a free port) from one EpollReactor thread, and prints
// `listening on 127.0.0.1:PORT` once it accepts connections. It runs until it is killed (SIGTERM).
import Deferred
import Glibc
import Reactor
import WebServer

func die(_ message: String, status: Int32 = 1) -> Never {
    var text = "torsion-bench-server: \(message)\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(status)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 1, let port = arguments.first.map({ Int($0) }) ?? 18081, (0...65535).contains(port) else {
    die("usage: torsion-bench-server [PORT]", status: 2)
}

let reactor: EpollReactor
do {
    reactor = try EpollReactor()
} catch {
    die("cannot start the reactor: \(error)")
}

let router = Router()
for (path, size) in [("/1k", 1024), ("/64k", 65536), ("/1m", 1_048_576)] {
    // Bytes that are not all alike, so nothing in the path can shortcut them.
    let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
    router.get(path) { _ in ServerResponse(bytes: body, contentType: "application/octet-stream") }
}
// The peers' server keeps connections open as long as the clients want them.
let server = HTTPServer(reactor: reactor, router: router, configuration: HTTPServerConfiguration(timeOut: .seconds(600)))
let status = reactor.react { () -> Deferred<Void> in
    do {
        let listening = try server.listen(port: port, interface: "127.0.0.1", backlog: 4096)
        // Straight to the descriptor: the driver waits for this line while the process keeps running.
        var line = "listening on 127.0.0.1:\(listening.getHost().port ?? port)\n"
        line.withUTF8 { bytes in _ = write(1, bytes.baseAddress, bytes.count) }
    } catch {
        return .fail(error)
    }
    return Deferred<Void>()  // never fires: the server runs until it is killed
}
exit(status)
