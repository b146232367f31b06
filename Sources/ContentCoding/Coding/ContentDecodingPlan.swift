/// What a response's `Content-Encoding` asks for, split into the codings this machine will undo and the
/// tokens it leaves in place.
///
/// Codings are listed in the order they were applied (RFC 9110 section 8.4), so they are undone from
/// the right. Following Twisted's `ContentDecoderAgent`, the walk goes right to left and stops at the
/// first token it cannot undo (unknown, or its library is unavailable): everything left of that stays
/// encoded, and the response keeps those tokens in its `Content-Encoding`. `identity` and empty list
/// elements are ignored.
///
/// Twisted: the loop in `ContentDecoderAgent._handleResponse`.
public struct ContentDecodingPlan: Sendable, Equatable {
    /// The codings to undo, in header order (the last one is undone first).
    public let codings: [HTTPContentCoding]
    /// The tokens left in place, in header order, as written: the leftmost ones, from the first (from
    /// the right) that cannot be undone.
    public let remainingTokens: [String]

    /// Splits a `Content-Encoding` field value, e.g. `"gzip, br"` or `"x-custom, gzip"`. A token is
    /// undone only if it names a known coding whose library can be loaded (``HTTPContentCoding/isDecodingAvailable``).
    public init(contentEncoding: String) {
        self.init(tokens: Self.tokens(of: contentEncoding)) { $0.isDecodingAvailable }
    }

    init(tokens: [String], isUsable: (HTTPContentCoding) -> Bool) {
        var codings: [HTTPContentCoding] = []
        var split = tokens.endIndex
        while split > tokens.startIndex, let coding = HTTPContentCoding(token: tokens[split - 1]), isUsable(coding) {
            codings.insert(coding, at: 0)
            split -= 1
        }
        self.codings = codings
        self.remainingTokens = Array(tokens[..<split])
    }

    /// Whether nothing needs undoing.
    public var isIdentity: Bool { self.codings.isEmpty }

    /// The `Content-Encoding` value the decoded response keeps (`", "`-joined remaining tokens), or `nil`
    /// when none remain and the field should be removed.
    public var remainingContentEncoding: String? {
        self.remainingTokens.isEmpty ? nil : self.remainingTokens.joined(separator: ", ")
    }

    /// The list elements of a `Content-Encoding` value: split at commas, optional whitespace (SP, HTAB)
    /// trimmed, empty elements and `identity` dropped.
    static func tokens(of value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).compactMap { element in
            let token = element.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
            let text = String(token.reversed())
            return text.isEmpty || text.lowercased() == "identity" ? nil : text
        }
    }
}
