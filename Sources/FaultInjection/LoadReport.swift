import Reactor

/// What a ``LoadDriver`` run ended with: one outcome per request, by kind.
public struct LoadReport: Sendable, Equatable {
    /// Requests sent.
    public var requests = 0
    /// Outcomes by kind (``LoadReport/kind(of:)`` for errors, the status code for responses), each request
    /// counted once.
    public var outcomes: [String: Int] = [:]
    /// Requests whose outcome arrived more than once (each extra arrival counted).
    public var answeredTwice = 0
    /// Requests without an outcome when the run ended (the driver's stall watchdog fired).
    public var hung = 0
    /// `200` responses whose body belonged to another request (a response desync).
    public var wrongBody = 0
    /// The longest time from a request to its outcome (reactor clock).
    public var maxLatency = Duration.zero
    /// How far the latest outcome came after the request's total deadline, if it had one (never negative).
    public var maxOvershoot = Duration.zero
    /// From the first request to the last outcome.
    public var elapsed = Duration.zero

    /// An empty report.
    public init() {}

    /// Requests with an outcome.
    public var completed: Int { outcomes.values.reduce(0, +) }

    /// Outcomes of a kind.
    public func count(_ kind: String) -> Int { outcomes[kind, default: 0] }

    /// The kind of a failed request: the error's type name, with the code for a `ConnectError`
    /// (`ConnectError(refused)`).
    public static func kind(of error: any Error) -> String {
        if let connectError = error as? ConnectError { return "ConnectError(\(connectError.code))" }
        return String(describing: type(of: error))
    }
}
