/// A header block the HPACK decoder refuses (RFC 7541), with a category and a message.
///
/// Every HPACK failure is a connection error of type COMPRESSION_ERROR in HTTP/2 (RFC 9113 §4.3):
/// once a block fails, the decoder's dynamic table no longer matches the peer's encoder, so no later
/// block on the connection can be trusted. ``http2Error`` gives that error. Compare by ``kind``;
/// ``message`` is for people.
public struct HPACKError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of an HPACK failure.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The block ended inside an integer, a string or a representation.
        case truncated
        /// An integer does not fit the decoder's range (over 2^31 - 1, or too many continuation bytes).
        case integerOverflow
        /// Index 0, or an index past the static and dynamic tables.
        case invalidIndex
        /// A Huffman string contains the EOS symbol (RFC 7541 §5.2).
        case huffmanEOS
        /// A Huffman string ends in padding longer than 7 bits or not made of 1 bits (RFC 7541 §5.2).
        case huffmanPadding
        /// A string is longer than the decoder's `maxStringLength`.
        case stringTooLong
        /// The decoded header list exceeds the decoder's `maxHeaderListSize` (RFC 9113 §6.5.2 sizes).
        case headerListTooLarge
        /// A dynamic table size update above the limit the decoder's settings allow (RFC 7541 §6.3).
        case tableSizeUpdateTooLarge
        /// A dynamic table size update after the first field representation of a block (RFC 7541 §4.2).
        case tableSizeUpdateMisplaced
        /// The settings lowered the table size and the next block did not start with an update (§4.2).
        case tableSizeUpdateMissing
    }

    /// What went wrong, as a category a caller can switch over.
    public let kind: Kind
    /// What went wrong, for people (wording may change).
    public let message: String

    /// Creates an error; the decoder is the usual source.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The HTTP/2 error this becomes: a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3).
    public var http2Error: HTTP2Error { .connection(.compressionError, "HPACK \(self.kind.rawValue): \(self.message)") }

    /// `"HPACK <kind>: <message>"`.
    public var description: String { "HPACK \(self.kind.rawValue): \(self.message)" }
}
