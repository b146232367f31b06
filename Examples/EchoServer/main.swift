// The Twisted "hello world": an echo server. Run `swift run EchoServer [port]`, then
// `swift run EchoClient [port]` (or `nc 127.0.0.1 8000`) in another terminal. Ctrl-C stops it.
import Deferred
import Glibc
import Reactor

/// Writes every byte it receives back to the sender.
final class Echo: BaseProtocol {
    override func dataReceived(_ data: [UInt8]) {
        transport?.write(data)
    }
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8000 : 8000

exit(EpollReactor.react { reactor in
    TCP4ServerEndpoint(reactor: reactor, port: port, interface: "127.0.0.1")
        .listen(ProtocolFactory.forProtocol { Echo() })
        .addCallback { (listening: any ListeningPort) -> Deferred<Void> in
            print("echo server listening on \(listening.getHost())")
            // Never fires: the server runs until the process is interrupted.
            return Deferred<Void>()
        }
})
