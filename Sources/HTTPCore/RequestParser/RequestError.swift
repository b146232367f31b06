/// A request the channel refuses while parsing: the status to answer with and why.
///
/// Every one of these ends the connection after the error response (nothing after a framing or
/// syntax error is trusted).
package struct RequestError: Error, CustomStringConvertible, Equatable {
    /// 400, 417, 431, 501 or 505.
    package let status: Int
    /// For logs and tests; never sent to the client (the body holds only the reason phrase).
    package let message: String

    package init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    package static func badRequest(_ message: String) -> RequestError { RequestError(400, message) }

    package var description: String { "\(status): \(message)" }
}
