extension Duration {
    /// The duration as a whole number of attoseconds (exact; no floating point).
    var totalAttoseconds: Int128 {
        let (seconds, attoseconds) = components
        return Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)
    }

    /// A duration of exactly `attoseconds`.
    init(totalAttoseconds attoseconds: Int128) {
        let (seconds, remainder) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000_000_000)
        self.init(secondsComponent: Int64(seconds), attosecondsComponent: Int64(remainder))
    }
}
