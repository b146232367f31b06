/// An ordered list of HTTP fields (a header or trailer section).
///
/// - Names compare ASCII case-insensitively but keep the case they were given or received in.
/// - A name may occur several times; each occurrence is its own entry, in insertion order
///   (repeated response fields are never merged, so `Set-Cookie` and duplicate detection work).
/// - **Values are isomorphically decoded** (ISO-8859-1): each byte 0x00-0xFF is stored as the
///   character U+0000-U+00FF. ASCII values are plain strings; a value with obs-text bytes
///   (e.g. `caf\u{E9}` from the byte 0xE9) round-trips exactly through ``rawValues(name:)`` /
///   ``Field/valueBytes``. To read a UTF-8 value, decode those raw bytes as UTF-8.
///   When serialized, a value must not hold characters above U+00FF (use ``add(name:rawValue:)``
///   to send UTF-8 bytes).
/// - `Headers` does not validate names or values; the response parser only produces valid
///   ones, and the request writer refuses invalid ones before writing.
public struct Headers: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field line: a name and its (isomorphically decoded) value.
    public struct Field: Sendable, Equatable, Hashable {
        /// The name as given or received, original case kept.
        public var name: String
        /// The value, OWS-trimmed when parsed; bytes 0x80-0xFF appear as U+0080-U+00FF.
        public var value: String

        /// Creates a field; nothing is validated here.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The exact value bytes (the isomorphic encoding of ``value``); characters above
        /// U+00FF, which cannot come from the wire, are replaced by their UTF-8 bytes.
        public var valueBytes: [UInt8] { Latin1.encode(self.value) ?? Array(self.value.utf8) }
    }

    /// The field lines in order.
    public private(set) var fields: [Field]

    /// An empty section.
    public init() { self.fields = [] }

    /// A section holding `pairs` in order.
    public init(_ pairs: some Sequence<(String, String)>) {
        self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// `["Accept": "text/plain", "X-A": "1"]`, in literal order; repeated keys are allowed.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    init(reservingCapacity capacity: Int) {
        self.fields = []
        self.fields.reserveCapacity(capacity)
    }

    /// The number of field lines (a repeated name counts once per line).
    public var count: Int { self.fields.count }

    /// True when there are no fields.
    public var isEmpty: Bool { self.fields.isEmpty }

    /// The combined value of every field named `name` (case-insensitive), joined with `", "`
    /// as RFC 9110 §5.3 defines; nil when absent. Do not use it for `Set-Cookie`: use
    /// ``values(name:)``. Setting replaces every such field with one (nil removes them).
    public subscript(name: String) -> String? {
        get {
            var result: String?
            for field in self.fields where asciiCaseInsensitiveEquals(field.name, name) {
                if result == nil { result = field.value } else { result! += ", " + field.value }
            }
            return result
        }
        set {
            if let newValue { self.set(name: name, value: newValue) } else { self.remove(name: name) }
        }
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public func first(name: String) -> String? {
        self.fields.first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    /// Every value of fields named `name` (case-insensitive), in order; empty when absent.
    public func values(name: String) -> [String] {
        self.fields.lazy.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// The exact bytes of every value of fields named `name`, in order (see the type's
    /// note on the isomorphic representation).
    public func rawValues(name: String) -> [[UInt8]] {
        self.fields.lazy.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.valueBytes)
    }

    /// True if at least one field is named `name` (case-insensitive).
    public func contains(name: String) -> Bool {
        self.fields.contains { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// How many field lines are named `name` (case-insensitive).
    public func count(name: String) -> Int {
        self.fields.reduce(0) { $0 + (asciiCaseInsensitiveEquals($1.name, name) ? 1 : 0) }
    }

    /// Appends a field line, keeping any existing ones with the same name.
    public mutating func add(name: String, value: String) {
        self.fields.append(Field(name: name, value: value))
    }

    /// Appends a field line whose value is given as raw bytes (e.g. UTF-8); stored isomorphically,
    /// so the same bytes are written back on the wire.
    public mutating func add(name: String, rawValue: some Sequence<UInt8>) {
        self.fields.append(Field(name: name, value: Latin1.decode(rawValue)))
    }

    /// Replaces every field named `name` with one field, at the position of the first of them
    /// (appended when there was none).
    public mutating func set(name: String, value: String) {
        if let index = self.fields.firstIndex(where: { asciiCaseInsensitiveEquals($0.name, name) }) {
            self.fields[index] = Field(name: name, value: value)
            self.removeAll(named: name, after: index)
        } else {
            self.add(name: name, value: value)
        }
    }

    /// Removes every field named `name`; returns how many were removed.
    @discardableResult
    public mutating func remove(name: String) -> Int {
        let before = self.fields.count
        self.fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
        return before - self.fields.count
    }

    private mutating func removeAll(named name: String, after index: Int) {
        var write = index + 1
        for read in (index + 1)..<self.fields.count where !asciiCaseInsensitiveEquals(self.fields[read].name, name) {
            if read != write { self.fields[write] = self.fields[read] }
            write += 1
        }
        self.fields.removeSubrange(write...)
    }

    /// Appends a parsed field (the parser has already validated it).
    @inline(__always)
    mutating func append(_ field: Field) { self.fields.append(field) }

    /// Appends `text` to the last field's value after one SP (obs-fold unfolding).
    mutating func extendLastValue(with text: String) {
        let last = self.fields.count - 1
        if self.fields[last].value.isEmpty {
            self.fields[last].value = text
        } else {
            self.fields[last].value += " " + text
        }
    }

    /// Equal when both hold the same fields in the same order, names compared case-insensitively
    /// and values exactly.
    public static func == (lhs: Headers, rhs: Headers) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy {
                asciiCaseInsensitiveEquals($0.name, $1.name) && $0.value == $1.value
            }
    }

    /// Iterates `(name, value)` pairs in order.
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Field]>
        /// The next `(name, value)` pair, or nil at the end.
        public mutating func next() -> (name: String, value: String)? {
            guard let field = self.base.next() else { return nil }
            return (field.name, field.value)
        }
    }

    /// An iterator over `(name, value)` pairs in order.
    public func makeIterator() -> Iterator { Iterator(base: self.fields.makeIterator()) }

    /// One `Name: value` per line, for debugging.
    public var description: String {
        self.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}
