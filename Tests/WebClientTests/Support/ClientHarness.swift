import Deferred
import Reactor
import ReactorTesting

@testable import WebClient

/// An `HTTP11ClientProtocol` on a `StringTransport`, with what the quiescent callback saw.
final class ClientHarness {
    let transport = StringTransport()
    let proto: HTTP11ClientProtocol
    var quiescentCalls = 0
    /// Events in order, to check that the quiescent callback precedes the body's end.
    var log: [String] = []

    init() {
        proto = HTTP11ClientProtocol()
        proto.quiescentCallback = { [unowned self] p in
            self.quiescentCalls += 1
            self.log.append("quiescent:\(p.state)")
        }
        proto.makeConnection(transport)
    }

    func get(_ target: String = "/", headers: Headers = Headers()) -> Deferred<Response> {
        proto.request(Request(method: "GET", target: target, host: "example.com", headers: headers))
    }

    func feed(_ text: String) {
        proto.dataReceived(Array(text.utf8))
    }

    var written: String { transport.text }
}

/// Records body events for tests.
final class RecordingBody: ResponseBodyProtocol {
    var producer: (any PushProducer)?
    var data: [UInt8] = []
    var reason: (any Error)?
    var onEnd: ((any Error) -> Void)?

    func makeConnection(_ producer: any PushProducer) { self.producer = producer }
    func dataReceived(_ data: ArraySlice<UInt8>) { self.data += data }
    func connectionLost(reason: any Error) {
        self.reason = reason
        onEnd?(reason)
    }
    var text: String { String(decoding: data, as: UTF8.self) }
}
