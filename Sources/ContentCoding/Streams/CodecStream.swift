import CTorsionCompression

/// One `ctc_stream` of the shim: a library compressor or decompressor, freed with its owner.
///
/// Not thread-safe: its owner (a decoder or encoder object) confines it.
struct CodecStream: ~Copyable {
    /// What one step did.
    struct Step {
        enum Status { case progress, end, error }
        var consumed = 0
        var produced = 0
        var status = Status.progress
    }

    private let pointer: OpaquePointer

    /// Opens a stream of `kind` for `coding`; `level` is the encoders' level (already clamped).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when `library` cannot be loaded,
    ///   ``ContentCodingError/Kind/libraryFailure`` when the library refuses to make the stream.
    init(_ kind: ctc_kind, level: Int = 0, coding: HTTPContentCoding, library: CompressionLibrary)
        throws(ContentCodingError)
    {
        try library.load(for: coding)
        var reason: UnsafePointer<CChar>?
        guard let pointer = ctc_stream_new(kind, Int32(clamping: level), &reason) else {
            throw ContentCodingError(
                .libraryFailure, coding: coding, message: reason.map { String(cString: $0) } ?? "cannot open a stream")
        }
        self.pointer = pointer
    }

    deinit { ctc_stream_free(self.pointer) }

    /// Starts the next member or frame, or switches an inflate stream to `kind` before its first byte.
    func reset(as kind: ctc_kind) -> Bool { ctc_stream_reset(self.pointer, kind) == 1 }

    /// Takes bytes from `input`, writes bytes into `output`.
    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableBufferPointer<UInt8>, op: ctc_op = CTC_OP_PROCESS)
        -> Step
    {
        var consumed = 0
        var produced = 0
        let status = ctc_stream_step(
            self.pointer, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &consumed,
            output.baseAddress, output.count, &produced, op)
        let kind: Step.Status =
            switch status {
            case CTC_STATUS_END.rawValue: .end
            case CTC_STATUS_OK.rawValue: .progress
            default: .error
            }
        return Step(consumed: consumed, produced: produced, status: kind)
    }

    /// The library's message for the last failed step.
    var message: String { String(cString: ctc_stream_message(self.pointer)) }
}
