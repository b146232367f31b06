// H2Bench: throughput of the HTTP2 module's hot paths (docs/http2.md, "Performance"), and the
// encoder side of the interop fixtures (Tests/HTTP2Tests/Fixtures/make_vectors.py).
//
//   swift run -c release H2Bench                 # the benchmarks
//   swift run -c release H2Bench --seconds 2     # longer runs
//   swift run -c release H2Bench "encode request" # only the figures whose name contains this
//   H2Bench encode-hpack < lists.txt             # fixture helper: header lists in, HPACK blocks out
//   H2Bench encode-frames                        # fixture helper: the reference frames, as hex
//
// Figures are printed, never asserted.
import HTTP2

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "encode-hpack": encodeHPACKLines()
case "encode-frames": encodeReferenceFrames()
default:
    var seconds = 1.0
    if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count, let value = Double(arguments[index + 1]) {
        seconds = value
    }
    let filter = arguments.enumerated().first { index, word in
        !word.hasPrefix("--") && (index == 0 || arguments[index - 1] != "--seconds")
    }?.element
    runBenchmarks(seconds: seconds, filter: filter)
}
