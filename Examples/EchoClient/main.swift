// Connects to the echo server, sends one line, prints the echo and exits.
// Run `swift run EchoServer` first, then `swift run EchoClient [port] [message]`.
import Deferred
import Glibc
import Reactor

/// Sends a message on connect and fires `echoed` once the same number of bytes came back.
final class EchoClient: BaseProtocol {
    let message: [UInt8]
    private var received: [UInt8] = []
    let echoed = Deferred<String>()

    init(message: String) {
        self.message = Array(message.utf8)
    }

    override func connectionMade() {
        transport?.write(message)
    }

    override func dataReceived(_ data: [UInt8]) {
        received += data
        if received.count >= message.count, !echoed.isCalled {
            echoed.callback(String(decoding: received, as: UTF8.self))
            transport?.loseConnection()
        }
    }
}

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8000 : 8000
let message = arguments.count > 2 ? arguments[2] : "Hello, Torsion!"

exit(EpollReactor.react { reactor in
    HostnameEndpoint(reactor: reactor, host: "localhost", port: port, timeout: .seconds(5))
        .connectProtocol(EchoClient(message: message))
        .addCallback { (client: EchoClient) -> Deferred<String> in client.echoed }
        .addCallback { (echo: String) -> Void in print("echoed: \(echo)") }
})
