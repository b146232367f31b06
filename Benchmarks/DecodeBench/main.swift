// DecodeBench: streaming decode throughput of ContentCoding's decoders, in MB/s of decoded output.
//
//   swift build -c release --product DecodeBench
//   .build/release/DecodeBench [--chunk 16384] [--piece 65536] [--runs 5] CODING FILE [CODING FILE ...]
//
// CODING is a Content-Encoding token (gzip, deflate, br, zstd). Each FILE is read into memory first, then
// decoded `runs` times on this one thread, fed in pieces of `chunk` bytes (16 KiB: what a socket read
// hands over) with every output piece (at most `piece` bytes) pulled as it comes, as ContentDecoderAgent
// will do; the output is only counted (and its first and last bytes touched), never kept. Prints one line
// per file: the best and the median run, in seconds and in MB/s (10^6 bytes) of decoded output, and the
// output pieces per run.
// Benchmarks/decode.sh runs it beside gzip -dc, brotli -dc and zstd -dc on the same files.
import ContentCoding
import Glibc

struct Options {
    var chunk = 16 * 1024
    var piece = 64 * 1024
    var runs = 5
    var jobs: [(HTTPContentCoding, String)] = []
}

func usage() -> Never {
    print("usage: DecodeBench [--chunk BYTES] [--piece BYTES] [--runs N] CODING FILE [CODING FILE ...]")
    exit(2)
}

func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        switch argument {
        case "--chunk", "--piece", "--runs":
            guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else { usage() }
            switch argument {
            case "--chunk": options.chunk = value
            case "--piece": options.piece = value
            default: options.runs = value
            }
            index += 2
        default:
            guard index + 1 < arguments.count, let coding = HTTPContentCoding(token: argument) else { usage() }
            options.jobs.append((coding, arguments[index + 1]))
            index += 2
        }
    }
    if options.jobs.isEmpty { usage() }
    return options
}

func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        print("DecodeBench: cannot open \(path)")
        exit(1)
    }
    defer { close(fd) }
    var stats = stat()
    fstat(fd, &stats)
    var bytes = [UInt8](repeating: 0, count: Int(stats.st_size))
    var done = 0
    while done < bytes.count {
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
        guard count > 0 else { break }
        done += count
    }
    return Array(bytes[..<done])
}

/// What one decode gave: the decoded size, the number of pieces, and a checksum of piece ends (so
/// nothing is optimised away).
struct Decoded {
    var size = 0
    var pieces = 0
    var check: UInt64 = 0
}

/// One streaming decode.
func decodeOnce(_ coding: HTTPContentCoding, _ input: [UInt8], chunk: Int, piece: Int) throws(ContentCodingError)
    -> Decoded
{
    let decoder = try coding.makeDecoder(limits: .unlimited(maxPieceSize: piece))
    var result = Decoded()
    var start = 0
    while start < input.count {
        let end = min(input.count, start + chunk)
        decoder.feed(input[start..<end])
        while let piece = try decoder.next() {
            result.size += piece.count
            result.pieces += 1
            result.check &+= UInt64(piece[0]) &* 31 &+ UInt64(piece[piece.count - 1])
        }
        start = end
    }
    try decoder.finish()
    while let piece = try decoder.next() {
        result.size += piece.count
        result.pieces += 1
    }
    return result
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
let clock = ContinuousClock()
for (coding, path) in options.jobs {
    let input = readFile(path)
    var seconds: [Double] = []
    var decoded = Decoded()
    for _ in 0..<options.runs {
        let start = clock.now
        do {
            decoded = try decodeOnce(coding, input, chunk: options.chunk, piece: options.piece)
        } catch {
            print("DecodeBench: \(path): \(error)")
            exit(1)
        }
        let elapsed = clock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    seconds.sort()
    let best = seconds[0]
    let median = seconds[seconds.count / 2]
    func rate(_ time: Double) -> String { String(Int((Double(decoded.size) / time / 1e6).rounded())) }
    print(
        "\(coding.token) \(path): \(input.count) -> \(decoded.size) bytes, best \(best) s (\(rate(best)) MB/s), "
            + "median \(median) s (\(rate(median)) MB/s), \(options.runs) runs, fed in \(options.chunk)-byte pieces, "
            + "\(decoded.pieces) output pieces [\(decoded.check % 1000)]")
}
