import HTTP2

/// A typical browser-like request: pseudo-headers, user agent, accepts, a cookie.
let requestFields: [HeaderField] = [
    HeaderField(":method", "GET"), HeaderField(":scheme", "https"), HeaderField(":authority", "www.example.com"),
    HeaderField(":path", "/assets/app.js?v=3"),
    HeaderField("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"),
    HeaderField("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    HeaderField("accept-language", "en-US,en;q=0.5"), HeaderField("accept-encoding", "gzip, deflate, br"),
    HeaderField("referer", "https://www.example.com/"), HeaderField("cookie", "session=4f2a1c9e; theme=dark"),
]

/// A typical response: status, date, content type and length, caching, a server.
let responseFields: [HeaderField] = [
    HeaderField(":status", "200"), HeaderField("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
    HeaderField("content-type", "application/javascript; charset=utf-8"), HeaderField("content-length", "48213"),
    HeaderField("cache-control", "public, max-age=31536000, immutable"), HeaderField("etag", "\"5f3a-1c2b\""),
    HeaderField("server", "nginx/1.22.1"), HeaderField("vary", "Accept-Encoding"),
    HeaderField("strict-transport-security", "max-age=63072000"),
]

/// Runs `body` repeatedly for about `seconds`, returning operations per second (`body` returns how
/// many operations it did).
func measure(_ seconds: Double, _ body: () -> Int) -> Double {
    guard seconds > 0 else { return 0 }
    let clock = ContinuousClock()
    _ = body()  // warm up
    var operations = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .milliseconds(Int64(seconds * 1000)) {
        operations += body()
        elapsed = clock.now - start
    }
    let (whole, attos) = elapsed.components
    return Double(operations) / (Double(whole) + Double(attos) / 1e18)
}

func report(_ name: String, _ rate: Double, _ unit: String) {
    let padded = name + String(repeating: " ", count: max(1, 34 - name.count))
    let nanoseconds = 1e9 / rate
    print("\(padded)\(String(Int(rate + 0.5)).leftPadded(12)) \(unit)/s  \(String(Int(nanoseconds + 0.5)).leftPadded(7)) ns/\(unit.dropLast())")
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - self.count)) + self }
}

/// A connection's worth of blocks: the same fields with the path and date varying, as a client or
/// server sends them, encoded by one encoder so later blocks hit the dynamic table.
func connectionBlocks(_ fields: [HeaderField], count: Int) -> [[UInt8]] {
    var encoder = HPACKEncoder()
    return (0..<count).map { index in
        var varied = fields
        varied[3] = HeaderField(name: varied[3].name, value: Array("v\(index % 7)".utf8)[...])
        return encoder.encode(varied)
    }
}

/// Runs the figures whose name contains `filter` (all when nil).
func runBenchmarks(seconds: Double, filter: String?) {
    print("H2Bench: \(seconds) s per figure, one thread")
    func time(_ name: String) -> Double { filter.map { name.contains($0) } ?? true ? seconds : 0 }
    func report(_ name: String, _ rate: Double, _ unit: String) {
        if rate > 0 { H2Bench.report(name, rate, unit) }
    }
    for (label, fields) in [("request", requestFields), ("response", responseFields)] {
        // Encode: one encoder, blocks of a connection (the table warm after the first).
        var encoder = HPACKEncoder()
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        let encodeRate = measure(time("hpack encode \(label) (warm)")) {
            for _ in 0..<1000 {
                output.removeAll(keepingCapacity: true)
                encoder.encode(fields, into: &output)
            }
            return 1000
        }
        report("hpack encode \(label) (warm)", encodeRate, "blocks")

        // Decode: the blocks of 64 requests on a fresh decoder each pass (first block cold, then warm).
        let blocks = connectionBlocks(fields, count: 64)
        var list = HeaderList()
        var checksum = 0
        let decodeRate = measure(time("hpack decode \(label) (connection)")) {
            var decoder = HPACKDecoder()
            for block in blocks {
                list.removeAll(keepingCapacity: true)
                try! decoder.decode(block[...], into: &list)
                checksum &+= list.count
            }
            return blocks.count
        }
        report("hpack decode \(label) (connection)", decodeRate, "blocks")

        // Cold: a fresh encoder/decoder per block (every field a literal, Huffman coded).
        let coldRate = measure(time("hpack encode+decode \(label) (cold)")) {
            for _ in 0..<200 {
                var fresh = HPACKEncoder()
                var decoder = HPACKDecoder()
                let block = fresh.encode(fields)
                list.removeAll(keepingCapacity: true)
                try! decoder.decode(block[...], into: &list)
                checksum &+= list.count
            }
            return 200
        }
        report("hpack encode+decode \(label) (cold)", coldRate, "blocks")
        if checksum == 42 { print("") }  // keeps the work observable
    }

    // Frame decoding: a server's stream of small frames (HEADERS, DATA 1 KiB, WINDOW_UPDATE, PING),
    // fed in 16 KiB reads.
    var stream: [UInt8] = []
    let body = [UInt8](repeating: 0x61, count: 1024)
    let headerBlock = connectionBlocks(responseFields, count: 2)[1]
    var frameCount = 0
    for id in stride(from: UInt32(1), to: 400, by: 2) {
        FrameEncoder.encodeHeaderBlock(streamID: id, block: headerBlock[...], endStream: false, into: &stream)
        FrameEncoder.encode(HTTP2Frame(streamID: id, .data(DataFrame(data: body[...]))), into: &stream)
        FrameEncoder.encode(HTTP2Frame(streamID: id, .data(DataFrame(data: body[..<100], endStream: true))), into: &stream)
        FrameEncoder.encode(HTTP2Frame(streamID: 0, .windowUpdate(increment: 1124)), into: &stream)
        FrameEncoder.encode(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: UInt64(id)))), into: &stream)
        frameCount += 5
    }
    let reads = stride(from: 0, to: stream.count, by: 16_384).map { Array(stream[$0..<min(stream.count, $0 + 16_384)]) }
    var octets = 0
    let frameRate = measure(time("frame decode (mixed, 16 KiB reads)")) {
        var decoder = FrameDecoder()
        var frames = 0
        for read in reads {
            decoder.feed(read)
            while let frame = try! decoder.next() {
                frames += 1
                if case .data(let data) = frame.payload { octets &+= data.data.count }
            }
        }
        precondition(frames == frameCount)
        return frames
    }
    report("frame decode (mixed, 16 KiB reads)", frameRate, "frames")
    guard frameRate > 0 else { return }
    print("  (\(frameCount) frames, \(stream.count) octets per pass; \(octets > 0 ? "ok" : "no data"))")
}
