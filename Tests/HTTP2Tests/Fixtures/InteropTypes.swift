/// One step of an HPACK interop connection (see scripts/h2-interop-vectors.py).
enum HPACKStep {
    /// The peer's SETTINGS_HEADER_TABLE_SIZE changed (the encoder announces it in the next block).
    case size(Int)
    /// A header block (hex) and the fields it encodes: hex name, hex value, and "n" if never indexed.
    case block(String, [[String]])
}

/// A byte stream of frames from a real implementation, with hyperframe's summary of each frame and
/// python's decoding of each complete field block.
struct FrameStream: Sendable, CustomStringConvertible {
    let name: String
    /// The stream starts with the client connection preface.
    let clientPreface: Bool
    /// The bytes, hex, with line breaks.
    let hex: String
    let summaries: [String]
    /// Field lists as [hex name, hex value] pairs.
    let headerLists: [[[String]]]

    var description: String { self.name }
}
