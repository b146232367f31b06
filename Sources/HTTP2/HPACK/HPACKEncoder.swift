/// Encodes header lists into HPACK header blocks (RFC 7541), keeping a dynamic table that the
/// peer's decoder mirrors.
///
/// One encoder per connection; blocks must be sent in the order they were encoded. For each field
/// it uses, in order: an indexed field for an exact static or dynamic match; otherwise a literal
/// with the best indexed name (static first, as the RFC's examples do), represented as the field's
/// ``HeaderField/indexing`` or the ``IndexingPolicy`` says. Lookups hash (the static table by name,
/// the dynamic table through an index keyed by hashes of name and of name + value); nothing is
/// scanned linearly.
///
/// The table size: the peer's SETTINGS_HEADER_TABLE_SIZE bounds it (``setPeerMaxTableSize(_:)``),
/// and the encoder may choose less (``preferredMaxTableSize``). Every change is announced at the
/// start of the next block with dynamic table size updates (the smallest size reached, then the
/// final one, RFC 7541 §4.2).
///
/// A value type with no I/O and no locks; confine it like the connection that owns it.
public struct HPACKEncoder: Sendable {
    private var table: DynamicTable
    /// Insertion numbers of entries by hash of name + value, and by hash of name.
    private var fullIndex = EncoderIndex()
    private var nameIndex = EncoderIndex()
    /// The limit from the peer's SETTINGS_HEADER_TABLE_SIZE.
    public private(set) var peerMaxTableSize: Int
    /// The most this encoder wants to use, whatever the peer allows.
    public private(set) var preferredMaxTableSize: Int
    /// The smallest table size since the last block, when an update must be announced.
    private var pendingMinimum: Int?
    /// Which fields are indexed, and when Huffman coding is used.
    public var policy: IndexingPolicy

    /// An encoder for a connection whose peer starts with SETTINGS_HEADER_TABLE_SIZE
    /// `peerMaxTableSize` (4096 in HTTP/2), using at most `preferredMaxTableSize` of it.
    public init(peerMaxTableSize: Int = 4096, preferredMaxTableSize: Int = 4096, policy: IndexingPolicy = .default) {
        self.peerMaxTableSize = peerMaxTableSize
        self.preferredMaxTableSize = preferredMaxTableSize
        self.policy = policy
        let capacity = min(peerMaxTableSize, preferredMaxTableSize)
        self.table = DynamicTable(capacity: capacity)
        // Both ends start at the peer's size; a smaller preference is announced in the first block.
        if capacity != peerMaxTableSize { self.pendingMinimum = capacity }
    }

    /// The dynamic table's maximum size now.
    public var dynamicTableCapacity: Int { self.table.capacity }
    /// The dynamic table's current size in octets.
    public var dynamicTableSize: Int { self.table.size }
    /// The number of entries in the dynamic table.
    public var dynamicTableCount: Int { self.table.count }

    /// Applies the peer's SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2).
    public mutating func setPeerMaxTableSize(_ size: Int) {
        self.peerMaxTableSize = size
        self.resize()
    }

    /// Chooses to use at most `size` octets of table, whatever the peer allows.
    public mutating func setPreferredMaxTableSize(_ size: Int) {
        self.preferredMaxTableSize = size
        self.resize()
    }

    private mutating func resize() {
        let capacity = min(self.peerMaxTableSize, self.preferredMaxTableSize)
        guard capacity != self.table.capacity || self.pendingMinimum != nil else { return }
        self.pendingMinimum = min(self.pendingMinimum ?? self.table.capacity, capacity)
        self.table.setCapacity(capacity)
    }

    /// Encodes `fields` as one header block appended to `output`.
    public mutating func encode(_ fields: [HeaderField], into output: inout [UInt8]) {
        self.beginBlock(into: &output)
        let statics = StaticTable.shared
        for index in fields.indices { self.encode(fields[index], statics: statics, into: &output) }
    }

    /// Encodes the fields of `list` as one header block appended to `output`.
    public mutating func encode(_ list: HeaderList, into output: inout [UInt8]) {
        self.beginBlock(into: &output)
        let statics = StaticTable.shared
        for index in list.indices { self.encode(list[index], statics: statics, into: &output) }
    }

    /// Encodes `fields` (any sequence) as one header block appended to `output`.
    public mutating func encode(_ fields: some Sequence<HeaderField>, into output: inout [UInt8]) {
        self.encode(Array(fields), into: &output)
    }

    /// Encodes `fields` as a new header block.
    public mutating func encode(_ fields: [HeaderField]) -> [UInt8] {
        var output: [UInt8] = []
        self.encode(fields, into: &output)
        return output
    }

    /// Writes the pending dynamic table size updates, if any, at the start of a block.
    private mutating func beginBlock(into output: inout [UInt8]) {
        guard let minimum = self.pendingMinimum else { return }
        if minimum < self.table.capacity {
            HPACKInteger.encode(minimum, prefixBits: 5, flags: 0x20, into: &output)
        }
        HPACKInteger.encode(self.table.capacity, prefixBits: 5, flags: 0x20, into: &output)
        self.pendingMinimum = nil
    }

    @inline(__always)
    private mutating func encode(_ field: HeaderField, statics: StaticTable, into output: inout [UInt8]) {
        field.name.withUnsafeBufferPointer { name in
            field.value.withUnsafeBufferPointer { value in
                let found = statics.lookup(name: name, value: value)
                if let full = found.full {
                    HPACKInteger.encode(full, prefixBits: 7, flags: 0x80, into: &output)
                    return
                }
                let nameHash = ByteHash.hash(name)
                var indexing = field.indexing
                if indexing == .automatic { indexing = self.policy.indexing(forName: name, hash: nameHash) }
                let fullHash = ByteHash.hash(value, seed: nameHash)
                if indexing != .neverIndexed, let index = self.dynamicIndex(self.fullIndex.candidates(fullHash), name, value) {
                    HPACKInteger.encode(index, prefixBits: 7, flags: 0x80, into: &output)
                    return
                }
                let nameIndex = found.name ?? self.dynamicIndex(self.nameIndex.candidates(nameHash), name, nil) ?? 0
                let entrySize = name.count + value.count + DynamicTable.entryOverhead
                if indexing == .automatic && entrySize > self.table.capacity { indexing = .withoutIndexing }
                switch indexing {
                case .automatic:
                    HPACKInteger.encode(nameIndex, prefixBits: 6, flags: 0x40, into: &output)
                case .withoutIndexing:
                    HPACKInteger.encode(nameIndex, prefixBits: 4, flags: 0x00, into: &output)
                case .neverIndexed:
                    HPACKInteger.encode(nameIndex, prefixBits: 4, flags: 0x10, into: &output)
                }
                if nameIndex == 0 { self.encodeString(name, into: &output) }
                self.encodeString(value, into: &output)
                if indexing == .automatic {
                    var bytes = [UInt8]()
                    bytes.reserveCapacity(name.count + value.count)
                    bytes.append(contentsOf: name)
                    bytes.append(contentsOf: value)
                    let number = self.table.insertions
                    self.table.insert(DynamicTable.Entry(bytes: bytes, nameLength: name.count))
                    self.fullIndex.insert(fullHash, number: number)
                    self.nameIndex.insert(nameHash, number: number)
                }
            }
        }
    }

    /// The HPACK index of the newest candidate entry still in the table that holds `name` (and
    /// `value`, unless nil).
    @inline(__always)
    private func dynamicIndex(
        _ candidates: (Int?, Int?), _ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?
    ) -> Int? {
        if let index = self.dynamicIndex(candidates.0, name, value) { return index }
        return self.dynamicIndex(candidates.1, name, value)
    }

    @inline(__always)
    private func dynamicIndex(_ number: Int?, _ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let number, number >= self.table.insertions - self.table.count else { return nil }
        let position = self.table.insertions - 1 - number
        let matches = self.table.withEntry(position) { entryName, entryValue in
            guard bytesEqual(entryName, name) else { return false }
            guard let value else { return true }
            return bytesEqual(entryValue, value)
        }
        return matches ? StaticTable.count + 1 + position : nil
    }

    @inline(__always)
    private func encodeString(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let huffmanLength: Int
        switch self.policy.huffman {
        case .never: huffmanLength = Int.max
        case .always: huffmanLength = Huffman.encodedLength(bytes)
        case .whenShorter:
            let length = Huffman.encodedLength(bytes)
            huffmanLength = length < bytes.count ? length : Int.max
        }
        if huffmanLength != Int.max {
            HPACKInteger.encode(huffmanLength, prefixBits: 7, flags: 0x80, into: &output)
            Huffman.encode(bytes, encodedLength: huffmanLength, into: &output)
        } else {
            HPACKInteger.encode(bytes.count, prefixBits: 7, flags: 0x00, into: &output)
            output.append(contentsOf: bytes)
        }
    }
}
