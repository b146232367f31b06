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

    private let never: [[UInt8]]
    private let without: [[UInt8]]
    /// Bit `n % 64` is set when some listed name has length `n`: most names are ruled out by length.
    private let lengths: UInt64

    /// A policy from lowercase name lists.
    public init(neverIndexed: [String], withoutIndexing: [String], huffman: Huffman = .whenShorter) {
        self.neverIndexed = neverIndexed
        self.withoutIndexing = withoutIndexing
        self.huffman = huffman
        self.never = neverIndexed.map { Array($0.utf8) }
        self.without = withoutIndexing.map { Array($0.utf8) }
        self.lengths = (self.never + self.without).reduce(0) { $0 | (1 << UInt64($1.count % 64)) }
    }

    /// The default: credentials and cookies are never indexed; `:path` and a few fields whose values
    /// rarely repeat are not indexed (so they do not evict useful entries); the rest are indexed.
    public static let `default` = IndexingPolicy(
        neverIndexed: ["authorization", "proxy-authorization", "cookie", "set-cookie"],
        withoutIndexing: [":path", "content-length", "etag", "if-modified-since", "if-none-match", "location", "age"])

    /// Indexes every field (with Huffman when shorter): how the RFC 7541 Appendix C examples encode.
    public static let indexEverything = IndexingPolicy(neverIndexed: [], withoutIndexing: [])

    /// The representation for a field named `name` whose own preference is `.automatic`.
    @inline(__always)
    func indexing(forName name: ArraySlice<UInt8>) -> HeaderIndexing {
        guard self.lengths & (1 << UInt64(name.count % 64)) != 0 else { return .automatic }
        for listed in self.never where listed.count == name.count && listed.elementsEqual(name) { return .neverIndexed }
        for listed in self.without where listed.count == name.count && listed.elementsEqual(name) {
            return .withoutIndexing
        }
        return .automatic
    }
}
