/// A request the channel refuses while parsing: the status to answer with and why.
///
/// Every one of these ends the connection after the error response (nothing after a framing or
/// syntax error is trusted).
struct RequestError: Error, CustomStringConvertible, Equatable {
    /// 400, 417, 431, 501 or 505.
    let status: Int
    /// For logs and tests; never sent to the client (the body holds only the reason phrase).
    let message: String

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> RequestError { RequestError(400, message) }

    var description: String { "\(status): \(message)" }
}
