/// The two forms a `deflate` body takes.
///
/// RFC 9110 section 8.4.1.2 defines `deflate` as a zlib stream; some servers send bare deflate data
/// instead, so ``DeflateDecoder`` accepts both and ``DeflateEncoder`` can write both.
public enum DeflateWrapper: Sendable, Equatable {
    /// A zlib stream (RFC 1950): a two-byte header, deflate data, an Adler-32 checksum.
    case zlib
    /// Bare deflate data (RFC 1951), without header or checksum.
    case raw
}
