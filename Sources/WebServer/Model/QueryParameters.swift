/// The parsed query string of a request: ordered `name=value` pairs, percent-decoded.
///
/// Parsing follows `application/x-www-form-urlencoded`: pairs split on `&`, name and value on the
/// first `=`, `+` is a space, `%XX` escapes are decoded and the bytes read as UTF-8 (invalid sequences
/// become U+FFFD; a `%` not followed by two hex digits is kept as is). Empty pairs are skipped; a
/// pair without `=` has an empty value. Names repeat as often as they were sent.
///
/// Twisted: `request.args` (`twisted.web.http.parse_qs`).
public struct QueryParameters: Sendable, Equatable, Sequence {
    /// The pairs in order.
    public let pairs: [(name: String, value: String)]

    /// Parses `query` (the part of the target after `?`, without it).
    public init(parsing query: String) {
        var pairs: [(name: String, value: String)] = []
        for part in query.utf8.split(separator: 0x26, omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: 0x3D) {
                pairs.append(
                    (PercentDecoding.decode(part[..<equals], plusIsSpace: true),
                     PercentDecoding.decode(part[part.index(after: equals)...], plusIsSpace: true)))
            } else {
                pairs.append((PercentDecoding.decode(part, plusIsSpace: true), ""))
            }
        }
        self.pairs = pairs
    }

    /// No pairs.
    public init() { self.pairs = [] }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value for `name`, in order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// True when there are no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// Iterates the `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.makeIterator()
    }

    /// Equal when the pairs are equal in order.
    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }
}
