/// Which fields an ``HPACKEncoder`` adds to the dynamic table, and when it uses Huffman coding.
///
/// A field's own ``HeaderField/indexing`` wins when it is not `.automatic`. Otherwise the name
/// decides: names in ``neverIndexed`` are sent as never-indexed literals (RFC 7541 §7.1.3: secrets
/// stay out of every table on the path, so they cannot be probed by a compression oracle), names in
/// ``withoutIndexing`` as literals that do not enter the table (values that rarely repeat), and
/// everything else with incremental indexing.
public struct IndexingPolicy: Hashable, Sendable {
    /// When string literals are Huffman coded.
    public enum Huffman: Hashable, Sendable {
        /// Huffman code a string when that is shorter (the usual choice).
        case whenShorter
        /// Always Huffman code.
        case always
        /// Never Huffman code.
        case never
    }

    /// Names always sent as never-indexed literals.
    public let neverIndexed: [String]
    /// Names sent as literals without indexing.
    public let withoutIndexing: [String]
    /// When to Huffman code.
    public var huffman: Huffman

    /// The listed names' hashes (``ByteHash``), checked before their bytes.
    private let neverHashes: [UInt64]
    private let withoutHashes: [UInt64]
    private let never: [[UInt8]]
    private let without: [[UInt8]]

    /// A policy from lowercase name lists.
    public init(neverIndexed: [String], withoutIndexing: [String], huffman: Huffman = .whenShorter) {
        self.neverIndexed = neverIndexed
        self.withoutIndexing = withoutIndexing
        self.huffman = huffman
        self.never = neverIndexed.map { Array($0.utf8) }
        self.without = withoutIndexing.map { Array($0.utf8) }
        self.neverHashes = self.never.map { $0.withUnsafeBufferPointer { ByteHash.hash($0) } }
        self.withoutHashes = self.without.map { $0.withUnsafeBufferPointer { ByteHash.hash($0) } }
    }

    /// The default: credentials and cookies are never indexed; `:path` and a few fields whose values
    /// rarely repeat are not indexed (so they do not evict useful entries); the rest are indexed.
    public static let `default` = IndexingPolicy(
        neverIndexed: ["authorization", "proxy-authorization", "cookie", "set-cookie"],
        withoutIndexing: [":path", "content-length", "etag", "if-modified-since", "if-none-match", "location", "age"])

    /// Indexes every field (with Huffman when shorter): how the RFC 7541 Appendix C examples encode.
    public static let indexEverything = IndexingPolicy(neverIndexed: [], withoutIndexing: [])

    /// The representation for a field named `name` (whose ``ByteHash`` is `hash`) whose own
    /// preference is `.automatic`.
    @inline(__always)
    func indexing(forName name: UnsafeBufferPointer<UInt8>, hash: UInt64) -> HeaderIndexing {
        for (offset, listed) in self.neverHashes.enumerated() where listed == hash {
            if self.never[offset].withUnsafeBufferPointer({ bytesEqual($0, name) }) { return .neverIndexed }
        }
        for (offset, listed) in self.withoutHashes.enumerated() where listed == hash {
            if self.without[offset].withUnsafeBufferPointer({ bytesEqual($0, name) }) { return .withoutIndexing }
        }
        return .automatic
    }

    /// Policies are equal when their lists and Huffman choice are.
    public static func == (lhs: IndexingPolicy, rhs: IndexingPolicy) -> Bool {
        lhs.neverIndexed == rhs.neverIndexed && lhs.withoutIndexing == rhs.withoutIndexing && lhs.huffman == rhs.huffman
    }

    /// Hashes the lists and the Huffman choice.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.neverIndexed)
        hasher.combine(self.withoutIndexing)
        hasher.combine(self.huffman)
    }
}
