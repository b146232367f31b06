import Deferred
@testable import Reactor

/// Sends every datagram back to where it came from.
final class DatagramEcho: DatagramProtocol {
    var transport: (any DatagramTransport)?

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        try? transport?.write(datagram, to: address)
    }
}

/// Records what happens to it; `received` fires once `expected` datagrams have arrived.
final class DatagramRecorder: DatagramProtocol {
    var transport: (any DatagramTransport)?
    private(set) var datagrams: [([UInt8], Address)] = []
    private(set) var started = 0
    private(set) var stopped = 0
    let expected: Int
    let received = Deferred<[([UInt8], Address)]>()
    let refused = Deferred<Void>()

    init(expecting expected: Int = 1) {
        self.expected = expected
    }

    func startProtocol() { started += 1 }
    func stopProtocol() { stopped += 1 }

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        datagrams.append((datagram, address))
        if datagrams.count == expected { received.callback(datagrams) }
    }

    func connectionRefused() {
        if !refused.isCalled { refused.callback(()) }
    }
}
