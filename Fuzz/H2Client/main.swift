// libFuzzer target: HTTP2's client connection state machine fed a server's bytes (scripts/fuzz.sh
// runs it as h2-client).
//
// Input: one control byte, then what a server sends. The client starts, sends three requests (one
// with a body) and reads the input in random pieces. Control bit 0: the consumer reads every DATA
// at once (else it never reads: the windows must hold the server back); bit 1: the client cancels
// request 2 half way; bit 2: it sends a PING half way.
// Seeds: the python h2 server stream and the reference frames (scripts/h2-interop-vectors.py).
//
// Properties:
// - nothing crashes (the machine's preconditions hold: windows never go past what was received or
//   consumed, streams are never resurrected);
// - each stream ends once: `.responseEnded` or `.streamFailed`, never both, never twice; nothing is
//   delivered on a stream after it ended;
// - after `.closeConnection`, inputs produce nothing;
// - the client's own output always decodes as valid frames (a server's decoder accepts it).
@testable import HTTP2

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var client = HTTP2ClientStateMachine()
    var server = FrameDecoder(maxFrameSize: 1 << 24 - 1, expectClientPreface: true)
    var ended: Set<UInt32> = []
    var closed = false

    func check(_ actions: [HTTP2ClientStateMachine.Action]) -> [HTTP2ClientStateMachine.Action] {
        if closed { require(actions.isEmpty, "actions after the connection closed: \(actions)") }
        var more: [HTTP2ClientStateMachine.Action] = []
        for action in actions {
            switch action {
            case .write(let output):
                server.feed(output)
                do {
                    while try server.next() != nil {}
                } catch {
                    fatalError("fuzz invariant failed: the client wrote an invalid frame: \(error)")
                }
            case .data(let id, let slice):
                require(!ended.contains(id), "DATA on stream \(id) after it ended")
                if control & 1 != 0 { more += client.consumed(streamID: id, octets: slice.count) }
            case .responseHead(let id, _, _), .trailers(let id, _), .informational(let id, _, _):
                require(!ended.contains(id), "a head on stream \(id) after it ended")
            case .responseEnded(let id), .streamFailed(let id, _):
                require(ended.insert(id).inserted, "stream \(id) ended twice")
            case .closeConnection:
                closed = true
            default:
                break
            }
        }
        return more
    }

    let get: [HeaderField] = [
        HeaderField(":method", "GET"), HeaderField(":scheme", "https"), HeaderField(":authority", "example.com"),
        HeaderField(":path", "/"),
    ]
    var pending = check(client.start())
    pending += check(client.request(1, fields: get, endStream: true))
    pending += check(client.request(2, fields: get, endStream: false))
    pending += check(client.sendData(streamID: 3, [UInt8](repeating: 0x42, count: 100_000)[...], endStream: true))
    pending += check(client.request(3, fields: get, endStream: true))
    let pieces = Delivery.random(seed: fnv1a(bytes)).pieces(bytes.count)
    for (index, piece) in pieces.enumerated() {
        pending += check(client.receive(Array(bytes[piece])))
        while !pending.isEmpty {
            let batch = pending
            pending = []
            pending += check(batch)
        }
        if index == pieces.count / 2 {
            if control & 2 != 0 { pending += check(client.cancel(2)) }
            if control & 4 != 0 { pending += check(client.ping(7)) }
        }
    }
    _ = check(client.connectionLost())
    return 0
}
