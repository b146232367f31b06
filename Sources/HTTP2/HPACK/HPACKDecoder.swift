/// Decodes HPACK header blocks (RFC 7541) into ``HeaderList``s, keeping the dynamic table in step
/// with the peer's encoder.
///
/// One decoder per connection, fed every complete header block (HEADERS or PUSH_PROMISE plus its
/// CONTINUATION fragments) in the order received: skipping a block desynchronises the table.
/// Strict: every malformed block throws an ``HPACKError`` (a COMPRESSION_ERROR connection error,
/// ``HPACKError/http2Error``), after which the decoder must not be used again. Limits bound the
/// work and memory a peer can cause: ``maxHeaderListSize`` and ``maxStringLength``.
///
/// A value type with no I/O and no locks; confine it like the connection that owns it.
public struct HPACKDecoder: Sendable {
    private var table: DynamicTable
    /// The largest table size our SETTINGS_HEADER_TABLE_SIZE allows the peer's encoder to use.
    public private(set) var maxTableSizeLimit: Int
    /// Set when the limit was lowered below the table's size: the next block must start with an update.
    private var updateRequired = false
    /// The largest header list (sum of name + value + 32 per field) a block may decode to.
    public var maxHeaderListSize: Int
    /// The longest name or value (decoded) a block may carry.
    public var maxStringLength: Int

    /// A decoder whose dynamic table starts at `maxTableSize` (4096, HTTP/2's initial
    /// SETTINGS_HEADER_TABLE_SIZE), with the given limits.
    public init(maxTableSize: Int = 4096, maxHeaderListSize: Int = 64 * 1024, maxStringLength: Int = 32 * 1024) {
        self.table = DynamicTable(capacity: maxTableSize)
        self.maxTableSizeLimit = maxTableSize
        self.maxHeaderListSize = maxHeaderListSize
        self.maxStringLength = maxStringLength
    }

    /// The dynamic table's current maximum size (the last size update, or the initial size).
    public var dynamicTableCapacity: Int { self.table.capacity }
    /// The dynamic table's current size in octets (entries' lengths plus 32 each).
    public var dynamicTableSize: Int { self.table.size }
    /// The number of entries in the dynamic table.
    public var dynamicTableCount: Int { self.table.count }

    /// Applies a new SETTINGS_HEADER_TABLE_SIZE of ours once the peer acknowledged it: updates above
    /// `limit` become errors, and if `limit` is below the table's current maximum, the peer's next
    /// block must begin with a dynamic table size update (RFC 7541 §4.2).
    public mutating func setMaxTableSizeLimit(_ limit: Int) {
        self.maxTableSizeLimit = limit
        if limit < self.table.capacity { self.updateRequired = true }
    }

    /// The entry at HPACK `index` (static 1...61, then dynamic), as (name, value), for tests.
    public func entry(at index: Int) -> (name: [UInt8], value: [UInt8])? {
        if index >= 1 && index <= StaticTable.count { return StaticTable.shared.entry(index) }
        let dynamic = index - StaticTable.count - 1
        guard dynamic >= 0 && dynamic < self.table.count else { return nil }
        let entry = self.table[dynamic]
        return (Array(entry.bytes[..<entry.nameLength]), Array(entry.bytes[entry.nameLength...]))
    }

    /// Decodes one complete header block into a new list.
    public mutating func decode(_ block: [UInt8]) throws(HPACKError) -> HeaderList {
        var list = HeaderList()
        try self.decode(block[...], into: &list)
        return list
    }

    /// Decodes one complete header block, appending its fields to `list` (reuse a list emptied with
    /// `removeAll(keepingCapacity: true)` to decode without allocating).
    ///
    /// - Throws: ``HPACKError``; the list then holds the fields decoded before the error.
    public mutating func decode(_ block: ArraySlice<UInt8>, into list: inout HeaderList) throws(HPACKError) {
        let result: HPACKError? = block.withUnsafeBufferPointer { input in
            do throws(HPACKError) {
                try self.decode(input, into: &list)
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
    }

    private mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into list: inout HeaderList) throws(HPACKError) {
        var index = 0
        var fieldsSeen = false
        let startSize = list.listSize
        let statics = StaticTable.shared
        while index < input.count {
            let first = input[index]
            if first & 0xE0 == 0x20 {
                // Dynamic table size update (RFC 7541 §6.3).
                if fieldsSeen {
                    throw HPACKError(.tableSizeUpdateMisplaced, "a table size update follows a field in the block")
                }
                let size = try HPACKInteger.decode(input, at: &index, prefixBits: 5)
                if size > self.maxTableSizeLimit {
                    throw HPACKError(
                        .tableSizeUpdateTooLarge, "a table size update to \(size) exceeds \(self.maxTableSizeLimit)")
                }
                self.table.setCapacity(size)
                self.updateRequired = false
                continue
            }
            if self.updateRequired {
                throw HPACKError(.tableSizeUpdateMissing, "the block does not start with the required table size update")
            }
            fieldsSeen = true
            let nameStart = list.storageCount
            if first & 0x80 != 0 {
                // Indexed field (RFC 7541 §6.1).
                let position = try HPACKInteger.decode(input, at: &index, prefixBits: 7)
                if position == 0 { throw HPACKError(.invalidIndex, "index 0") }
                let nameEnd = try self.appendEntry(position, nameOnly: false, statics: statics, to: &list)
                list.finishField(nameStart: nameStart, nameEnd: nameEnd, indexing: .automatic)
            } else {
                // Literal (RFC 7541 §6.2): with incremental indexing (01), never indexed (0001), or
                // without indexing (0000).
                let incremental = first & 0x40 != 0
                let indexing: HeaderIndexing =
                    incremental ? .automatic : (first & 0x10 != 0 ? .neverIndexed : .withoutIndexing)
                let nameIndex = try HPACKInteger.decode(input, at: &index, prefixBits: incremental ? 6 : 4)
                if nameIndex == 0 {
                    try self.appendString(input, at: &index, to: &list)
                } else {
                    _ = try self.appendEntry(nameIndex, nameOnly: true, statics: statics, to: &list)
                }
                let nameEnd = list.storageCount
                try self.appendString(input, at: &index, to: &list)
                list.finishField(nameStart: nameStart, nameEnd: nameEnd, indexing: indexing)
                if incremental {
                    self.table.insert(
                        DynamicTable.Entry(bytes: list.bytes(nameStart, list.storageCount), nameLength: nameEnd - nameStart))
                }
            }
            if list.listSize - startSize > self.maxHeaderListSize {
                throw HPACKError(.headerListTooLarge, "the header list exceeds \(self.maxHeaderListSize) octets")
            }
        }
        if self.updateRequired {
            throw HPACKError(.tableSizeUpdateMissing, "the block does not start with the required table size update")
        }
    }

    /// Appends the name (and, unless `nameOnly`, the value) of the entry at HPACK `position`;
    /// returns where the name ends in the storage.
    @inline(__always)
    private func appendEntry(_ position: Int, nameOnly: Bool, statics: StaticTable, to list: inout HeaderList)
        throws(HPACKError) -> Int
    {
        if position <= StaticTable.count {
            list.appendBytes(statics.name(position))
            let nameEnd = list.storageCount
            if !nameOnly { list.appendBytes(statics.value(position)) }
            return nameEnd
        }
        let dynamic = position - StaticTable.count - 1
        guard dynamic < self.table.count else {
            throw HPACKError(.invalidIndex, "index \(position) is past the \(self.table.count)-entry dynamic table")
        }
        return self.table.withEntry(dynamic) { name, value in
            list.appendBytes(name)
            let nameEnd = list.storageCount
            if !nameOnly { list.appendBytes(value) }
            return nameEnd
        }
    }

    /// Reads a string literal (RFC 7541 §5.2) at `index` and appends its decoded bytes.
    @inline(__always)
    private func appendString(_ input: UnsafeBufferPointer<UInt8>, at index: inout Int, to list: inout HeaderList)
        throws(HPACKError)
    {
        guard index < input.count else { throw HPACKError(.truncated, "the block ends before a string") }
        let huffman = input[index] & 0x80 != 0
        let length = try HPACKInteger.decode(input, at: &index, prefixBits: 7)
        guard length <= input.count - index else {
            throw HPACKError(.truncated, "a \(length)-octet string runs past the end of the block")
        }
        let raw = UnsafeBufferPointer(rebasing: input[index..<(index + length)])
        index += length
        if huffman {
            let before = list.storageCount
            try list.withStorage { (storage: inout [UInt8]) throws(HPACKError) in try Huffman.decode(raw, into: &storage) }
            if list.storageCount - before > self.maxStringLength {
                throw HPACKError(.stringTooLong, "a string decodes to more than \(self.maxStringLength) octets")
            }
        } else {
            if length > self.maxStringLength {
                throw HPACKError(.stringTooLong, "a \(length)-octet string exceeds \(self.maxStringLength)")
            }
            list.appendBytes(raw)
        }
    }
}
