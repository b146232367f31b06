// libFuzzer target: HTTP2's frame decoder (scripts/fuzz.sh runs it as h2-frame-decoder).
//
// Input: one control byte, then bytes as received on a connection. Control bit 0: the decoder
// expects the client preface first (a server's); bit 1: SETTINGS_MAX_FRAME_SIZE is 2^24-1 instead
// of 16,384. Seeds: real streams (python h2's server, both directions of nghttp against nghttpd)
// and the reference frames (scripts/h2-interop-vectors.py).
//
// Properties:
// - differential: the results (each frame, each stream error, the final connection error or the
//   octets left buffered) are the same whether the input arrives whole, in random pieces, or (for
//   inputs up to 4 KiB) one byte at a time;
// - every frame re-encoded by FrameEncoder decodes to the same frame;
// - a connection error ends the stream of results; stream errors carry a non-zero stream id;
// - field blocks assembled from HEADERS/PUSH_PROMISE/CONTINUATION go through HPACKDecoder without
//   crashing.
@testable import HTTP2

/// One result of `next()`: a frame or a thrown error.
enum Item: Equatable, CustomStringConvertible {
    case frame(HTTP2Frame)
    case error(HTTP2Error)

    var description: String {
        switch self {
        case .frame(let frame): "\(frame.type) stream \(frame.streamID)"
        case .error(let error): "\(error)"
        }
    }
}

struct Outcome: Equatable, CustomStringConvertible {
    var results: [Item] = []
    var leftover = 0

    var frames: [HTTP2Frame] {
        self.results.compactMap { if case .frame(let frame) = $0 { frame } else { nil } }
    }

    var description: String { self.results.map(\.description).joined(separator: "\n") + "\nleftover \(self.leftover)" }
}

func decode(_ bytes: [UInt8], _ delivery: Delivery, preface: Bool, maxFrameSize: Int) -> Outcome {
    var decoder = FrameDecoder(maxFrameSize: maxFrameSize, expectClientPreface: preface)
    var outcome = Outcome()
    for piece in delivery.pieces(bytes.count) {
        decoder.feed(Array(bytes[piece]))
        while true {
            do {
                guard let frame = try decoder.next() else { break }
                outcome.results.append(.frame(frame))
            } catch {
                outcome.results.append(.error(error))
                if case .stream(let id) = error.scope { require(id != 0, "a stream error on stream 0") }
                if error.isConnectionError {
                    // A failed decoder keeps failing.
                    do {
                        _ = try decoder.next()
                        fatalError("fuzz invariant failed: a failed decoder returned without an error")
                    } catch let again {
                        requireSame(again, error, "the repeated connection error")
                    }
                    return outcome
                }
            }
        }
    }
    outcome.leftover = decoder.bufferedByteCount
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let preface = control & 1 != 0
    let maxFrameSize = control & 2 != 0 ? 16_777_215 : 16_384
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = decode(bytes, .whole, preface: preface, maxFrameSize: maxFrameSize)
    let split = decode(bytes, .random(seed: fnv1a(bytes)), preface: preface, maxFrameSize: maxFrameSize)
    requireSame(whole, split, "results of whole and randomly split input")
    if bytes.count <= 4096 {
        requireSame(whole, decode(bytes, .byteAtATime, preface: preface, maxFrameSize: maxFrameSize), "results of whole and byte-at-a-time input")
    }

    var hpack = HPACKDecoder(maxHeaderListSize: 65_536)
    var block: [UInt8] = []
    var openBlock = false
    for frame in whole.frames {
        var encoded: [UInt8] = []
        FrameEncoder.encode(frame, into: &encoded)
        var again = FrameDecoder(maxFrameSize: maxFrameSize)
        if case .continuation = frame.payload {
            // Only valid inside a field block: open one on the same stream first.
            var opening: [UInt8] = []
            FrameEncoder.encode(HTTP2Frame(streamID: frame.streamID, .headers(HeadersFrame(fragment: [], endHeaders: false))), into: &opening)
            again.feed(opening)
            _ = try? again.next()
        }
        again.feed(encoded)
        do {
            requireSame(try again.next(), frame, "a re-encoded frame")
        } catch {
            fatalError("fuzz invariant failed: a re-encoded \(frame) fails to decode: \(error)")
        }
        switch frame.payload {
        case .headers(let headers):
            block = Array(headers.fragment)
            openBlock = !headers.endHeaders
        case .pushPromise(let promise):
            block = Array(promise.fragment)
            openBlock = !promise.endHeaders
        case .continuation(let continuation):
            block += continuation.fragment
            openBlock = !continuation.endHeaders
        default:
            continue
        }
        if !openBlock {
            if (try? hpack.decode(block)) == nil { hpack = HPACKDecoder(maxHeaderListSize: 65_536) }
        }
    }
    return 0
}
