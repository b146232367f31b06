// Shared by every libFuzzer target under Fuzz/ (compiled into each target by scripts/fuzz.sh,
// outside the SwiftPM build). Nothing here is part of the library.

/// SplitMix64: a tiny deterministic generator, so a crash input replays the same splits.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int { Int(self.next() % UInt64(bound)) }
}

/// FNV-1a over the input: the seed of an input's random splits.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}

/// How one input is cut into the pieces a transport would deliver.
enum Delivery: CustomStringConvertible {
    /// All bytes in one read.
    case whole
    /// One byte per read.
    case byteAtATime
    /// Pieces of random length (1 to 16 bytes, sometimes up to 256), drawn from `seed`.
    case random(seed: UInt64)

    /// The ranges of `0..<count` in delivery order; they cover every byte exactly once.
    func pieces(_ count: Int) -> [Range<Int>] {
        switch self {
        case .whole:
            return count == 0 ? [] : [0..<count]
        case .byteAtATime:
            return (0..<count).map { $0..<($0 + 1) }
        case .random(let seed):
            var rng = SplitMix64(seed: seed)
            var ranges: [Range<Int>] = []
            var start = 0
            while start < count {
                let length = rng.below(8) == 0 ? 1 + rng.below(256) : 1 + rng.below(16)
                let end = min(count, start + length)
                ranges.append(start..<end)
                start = end
            }
            return ranges
        }
    }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteAtATime: "byte at a time"
        case .random(let seed): "random splits (seed \(seed))"
        }
    }
}

/// Stops the process with `message` when an invariant fails: libFuzzer records the input as a crash.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant failed: \(message())") }
}

/// Checks that two outcomes of the same input are equal, naming both deliveries if not.
func requireSame<T: Equatable>(_ first: T, _ second: T, _ how: String) {
    if first != second {
        fatalError("fuzz invariant failed: \(how) differ\n--- first:\n\(first)\n--- second:\n\(second)")
    }
}
