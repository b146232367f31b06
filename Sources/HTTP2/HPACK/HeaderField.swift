/// One header field as HPACK sees it: name and value as bytes, and how it may be indexed.
///
/// Names and values are byte slices, never Strings: HTTP/2 field values are octets (RFC 9113 §8.2),
/// and a decoded ``HeaderList`` hands out slices of its one storage array without copying. HPACK
/// itself accepts any bytes; the HTTP rules (lowercase names, forbidden characters) are checked by
/// ``ResponseHeaderValidator``.
public struct HeaderField: Hashable, Sendable, CustomStringConvertible {
    /// The name's bytes (lowercase in HTTP/2; pseudo-header names start with `:`).
    public var name: ArraySlice<UInt8>
    /// The value's bytes.
    public var value: ArraySlice<UInt8>
    /// How the encoder may index this field; for a decoded field, how it was sent.
    public var indexing: HeaderIndexing

    /// A field from bytes.
    public init(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>, indexing: HeaderIndexing = .automatic) {
        self.name = name
        self.value = value
        self.indexing = indexing
    }

    /// A field from byte arrays.
    public init(name: [UInt8], value: [UInt8], indexing: HeaderIndexing = .automatic) {
        self.init(name: name[...], value: value[...], indexing: indexing)
    }

    /// A field from strings (their UTF-8 bytes).
    public init(_ name: String, _ value: String, indexing: HeaderIndexing = .automatic) {
        self.init(name: Array(name.utf8)[...], value: Array(value.utf8)[...], indexing: indexing)
    }

    /// The size HPACK and SETTINGS_MAX_HEADER_LIST_SIZE count for this field: name and value
    /// lengths plus 32 (RFC 7541 §4.1, RFC 9113 §6.5.2).
    public var size: Int { self.name.count + self.value.count + 32 }

    /// The name decoded as UTF-8 (invalid bytes replaced), for printing and tests.
    public var nameString: String { String(decoding: self.name, as: UTF8.self) }
    /// The value decoded as UTF-8 (invalid bytes replaced), for printing and tests.
    public var valueString: String { String(decoding: self.value, as: UTF8.self) }

    /// `name: value`, with ` (never indexed)` for a sensitive field.
    public var description: String {
        "\(self.nameString): \(self.valueString)\(self.indexing == .neverIndexed ? " (never indexed)" : "")"
    }
}

/// How an HPACK encoder may represent a field (RFC 7541 §6.2).
public enum HeaderIndexing: UInt8, Hashable, Sendable {
    /// The encoder's ``IndexingPolicy`` decides (incremental indexing unless the name says otherwise).
    case automatic
    /// A literal that is not added to the dynamic table, but an intermediary may index it.
    case withoutIndexing
    /// A literal never indexed, here or by any intermediary (RFC 7541 §7.1.3): for secrets such as
    /// credentials and short cookies.
    case neverIndexed
}
