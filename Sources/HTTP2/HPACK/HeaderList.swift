/// An ordered list of header fields stored in one byte array: the decoder's output, and a
/// convenient input to the encoder.
///
/// Decoding a header block into a `HeaderList` costs no allocation per field: names and values are
/// appended to one storage array and the list records offsets. Subscripting hands out
/// ``HeaderField``s whose name and value are slices of that storage (no copy). A list can be reused
/// across blocks with ``removeAll(keepingCapacity:)``.
public struct HeaderList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    struct Span: Hashable, Sendable {
        var nameStart: UInt32
        var nameEnd: UInt32
        var valueEnd: UInt32
        var indexing: HeaderIndexing
    }

    /// Every name and value, back to back.
    private(set) var storage: [UInt8] = []
    private(set) var spans: [Span] = []
    /// The sum of the fields' sizes (name + value + 32 each): the HTTP/2 header list size.
    public private(set) var listSize = 0

    /// An empty list.
    public init() {}

    /// A list of `fields` in order.
    public init(_ fields: some Sequence<HeaderField>) {
        for field in fields { self.append(field) }
    }

    /// A list of `(name, value)` string pairs in order (their UTF-8 bytes).
    public init(arrayLiteral elements: (String, String)...) {
        for (name, value) in elements { self.append(HeaderField(name, value)) }
    }

    /// The first field's position (0).
    public var startIndex: Int { 0 }
    /// One past the last field's position (the field count).
    public var endIndex: Int { self.spans.count }

    /// The field at `position`; its name and value are slices of the list's storage.
    public subscript(position: Int) -> HeaderField {
        let span = self.spans[position]
        return HeaderField(
            name: self.storage[Int(span.nameStart)..<Int(span.nameEnd)],
            value: self.storage[Int(span.nameEnd)..<Int(span.valueEnd)], indexing: span.indexing)
    }

    /// Appends `field`.
    public mutating func append(_ field: HeaderField) {
        let start = self.storage.count
        self.storage.append(contentsOf: field.name)
        let nameEnd = self.storage.count
        self.storage.append(contentsOf: field.value)
        self.finishField(nameStart: start, nameEnd: nameEnd, indexing: field.indexing)
    }

    /// Appends a field given as string name and value.
    public mutating func append(name: String, value: String, indexing: HeaderIndexing = .automatic) {
        self.append(HeaderField(name, value, indexing: indexing))
    }

    /// Empties the list; with `keepingCapacity`, the next decode into it allocates nothing.
    public mutating func removeAll(keepingCapacity: Bool = false) {
        self.storage.removeAll(keepingCapacity: keepingCapacity)
        self.spans.removeAll(keepingCapacity: keepingCapacity)
        self.listSize = 0
    }

    /// The value of the first field named `name`, or nil.
    public func first(name: String) -> ArraySlice<UInt8>? {
        let bytes = Array(name.utf8)
        return self.first { $0.name.elementsEqual(bytes) }?.value
    }

    /// One `name: value` per line.
    public var description: String { self.map(\.description).joined(separator: "\n") }

    /// Two lists are equal when they hold the same fields in the same order.
    public static func == (lhs: HeaderList, rhs: HeaderList) -> Bool { lhs.elementsEqual(rhs) }

    /// Hashes the fields in order.
    public func hash(into hasher: inout Hasher) {
        for field in self { hasher.combine(field) }
    }

    // MARK: - Building in place (the decoder)

    /// The storage's current end: where the next name or value starts.
    var storageCount: Int { self.storage.count }

    /// Appends raw bytes to the storage (part of a name or value being built).
    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { self.storage.append(contentsOf: bytes) }

    /// Runs `body` on the storage (to decode a Huffman string into it).
    @inline(__always)
    mutating func withStorage<R, E: Error>(_ body: (inout [UInt8]) throws(E) -> R) throws(E) -> R {
        try body(&self.storage)
    }

    /// Records the field whose name is `storage[nameStart..<nameEnd]` and whose value runs from
    /// `nameEnd` to the storage's end; returns its size.
    @inline(__always)
    @discardableResult
    mutating func finishField(nameStart: Int, nameEnd: Int, indexing: HeaderIndexing) -> Int {
        let end = self.storage.count
        self.spans.append(
            Span(nameStart: UInt32(nameStart), nameEnd: UInt32(nameEnd), valueEnd: UInt32(end), indexing: indexing))
        let size = end - nameStart + 32
        self.listSize += size
        return size
    }

    /// Drops storage past `count` (a field abandoned part-way).
    mutating func truncateStorage(to count: Int) { self.storage.removeSubrange(count...) }

    /// Copies `storage[start..<end]` out.
    func bytes(_ start: Int, _ end: Int) -> [UInt8] { Array(self.storage[start..<end]) }
}
