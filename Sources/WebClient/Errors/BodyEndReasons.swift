/// The reason a body consumer's `connectionLost(reason:)` receives when the whole body arrived.
///
/// Twisted: `twisted.web.client.ResponseDone`.
public struct ResponseDone: Error, CustomStringConvertible {
    /// Creates the reason.
    public init() {}
    /// A fixed message.
    public var description: String { "the response body is complete" }
}

/// The reason a body consumer receives when a body without declared length ended with a clean close.
///
/// For a close-delimited body over plain TCP, a clean close *is* the end of the body (RFC 9112 §6.3),
/// so ``readBody(_:maxSize:)`` treats it as success; a reset connection is a ``ResponseFailed`` instead.
///
/// Twisted: `twisted.web.http.PotentialDataLoss`.
public struct PotentialDataLoss: Error, CustomStringConvertible {
    /// Creates the reason.
    public init() {}
    /// A fixed message.
    public var description: String { "the body had no declared length and ended when the connection closed" }
}

/// A body that arrived only in part; found beside the transport's reason among a ``ResponseFailed``'s
/// reasons.
///
/// Twisted: `twisted.web._newclient._DataLoss`.
public struct DataLoss: Error, CustomStringConvertible {
    /// What was lost, or why.
    public let detail: String

    /// A data-loss reason saying `detail`.
    public init(_ detail: String) {
        self.detail = detail
    }

    /// "the body was cut short: …".
    public var description: String { "the body was cut short: \(detail)" }
}
