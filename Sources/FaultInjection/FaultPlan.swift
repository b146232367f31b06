/// Which ``Fault`` a ``FaultServer`` applies to each request: always the same, or drawn at random from
/// weights with a seeded generator, so a run can be repeated exactly.
///
/// A random plan draws per request (every request on a connection gets its own draw) or per connection
/// (the first draw applies to every request of the connection).
public struct FaultPlan: Sendable, CustomStringConvertible {
    /// What a random draw applies to.
    public enum Scope: String, Sendable {
        /// Each request draws its fault.
        case request
        /// Each connection draws one fault for all its requests.
        case connection
    }

    private enum Kind: Sendable {
        case always(Fault)
        case random(seed: UInt64, weights: [(Fault, Int)], scope: Scope)
    }

    private let kind: Kind
    private var generator: SplitMix64

    private init(_ kind: Kind, seed: UInt64) {
        self.kind = kind
        generator = SplitMix64(seed: seed)
    }

    /// Every request gets `fault`.
    public static func always(_ fault: Fault) -> FaultPlan {
        FaultPlan(.always(fault), seed: 0)
    }

    /// Faults drawn with probability proportional to their weight, from a generator seeded with `seed`.
    ///
    /// - Precondition: weights are not negative and at least one is positive.
    public static func random(seed: UInt64, weights: [(Fault, Int)], scope: Scope = .request) -> FaultPlan {
        precondition(weights.allSatisfy { $0.1 >= 0 } && weights.contains { $0.1 > 0 }, "FaultPlan: bad weights")
        return FaultPlan(.random(seed: seed, weights: weights, scope: scope), seed: seed)
    }

    /// Whether a connection draws once for all its requests.
    var drawsPerConnection: Bool {
        if case .random(_, _, .connection) = kind { return true }
        return false
    }

    /// The next fault.
    mutating func next() -> Fault {
        switch kind {
        case .always(let fault):
            return fault
        case .random(_, let weights, _):
            let total = weights.reduce(0) { $0 + $1.1 }
            var pick = Int(generator.next() % UInt64(total))
            for (fault, weight) in weights {
                if pick < weight { return fault }
                pick -= weight
            }
            return weights[weights.count - 1].0
        }
    }

    /// `always(<fault>)` or `random(seed: <seed>, <n> faults, per <scope>)`.
    public var description: String {
        switch kind {
        case .always(let fault): return "always(\(fault))"
        case .random(let seed, let weights, let scope):
            return "random(seed: \(seed), \(weights.filter { $0.1 > 0 }.count) faults, per \(scope.rawValue))"
        }
    }
}

/// SplitMix64: a tiny, fast, deterministic generator (Steele, Lea and Flood 2014), for seeded fault
/// plans; not for anything secret.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that always produces the same sequence for the same seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
