import CTorsionCompression

/// One of the system compression libraries the content codings use, opened on first use.
///
/// Torsion builds without zlib, brotli or zstd headers: each library is opened with `dlopen` the first
/// time a coding needs it (thread-safe, once per process and library), independently of the others. When
/// one cannot be loaded, the codings that need it throw ``ContentCodingError/Kind/libraryUnavailable`` and
/// the others work as before. An environment variable per library names another file (read once, before
/// the first load of any of them): `TORSION_LIBZ`, `TORSION_LIBBROTLIDEC`, `TORSION_LIBBROTLIENC`,
/// `TORSION_LIBZSTD`.
///
/// Threading: safe from any thread.
public enum CompressionLibrary: CaseIterable, Sendable, CustomStringConvertible {
    /// zlib (`libz.so.1`): gzip and deflate, decoding and encoding.
    case zlib
    /// brotli's decoder (`libbrotlidec.so.1`).
    case brotliDecoder
    /// brotli's encoder (`libbrotlienc.so.1`).
    case brotliEncoder
    /// zstd (`libzstd.so.1`): decoding and encoding.
    case zstd

    var library: ctc_library {
        switch self {
        case .zlib: CTC_LIBZ
        case .brotliDecoder: CTC_LIBBROTLIDEC
        case .brotliEncoder: CTC_LIBBROTLIENC
        case .zstd: CTC_LIBZSTD
        }
    }

    /// The environment variable that names another file for this library.
    public var environmentVariable: String {
        switch self {
        case .zlib: "TORSION_LIBZ"
        case .brotliDecoder: "TORSION_LIBBROTLIDEC"
        case .brotliEncoder: "TORSION_LIBBROTLIENC"
        case .zstd: "TORSION_LIBZSTD"
        }
    }

    /// The file that is (or would be) opened: the environment variable's value, or the default name.
    public var fileName: String { String(cString: ctc_library_file(self.library)) }

    /// Whether the library could be loaded (loads it if needed).
    public var isAvailable: Bool { ctc_load(self.library) == 1 }

    /// Why the library cannot be loaded (the file and the loader's message, or the missing function), or
    /// `nil` when it is available. Loads it if needed.
    public var unavailableReason: String? { ctc_load_error(self.library).map { String(cString: $0) } }

    /// The library's own version (`"1.2.13"`, `"1.0.9"`, `"1.5.4"`), or `nil` when it is unavailable.
    public var version: String? { ctc_library_version(self.library).map { String(cString: $0) } }

    /// The file name and the version, or why it is unavailable.
    public var description: String {
        if let version { return "\(self.fileName) \(version)" }
        return "\(self.fileName) (unavailable: \(self.unavailableReason ?? "unknown reason"))"
    }

    /// Loads the library if needed, for `coding`.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` naming the coding, the file and why.
    func load(for coding: HTTPContentCoding) throws(ContentCodingError) {
        guard ctc_load(self.library) == 1 else {
            throw .libraryUnavailable(coding, file: self.fileName, reason: self.unavailableReason ?? "unknown reason")
        }
    }
}
