import CTorsionTLS

/// The system's OpenSSL 3 runtime, opened on first use.
///
/// Torsion builds without OpenSSL headers: `libssl.so.3` and `libcrypto.so.3` (on every current Linux)
/// are opened with `dlopen` the first time TLS is used (thread-safe, once per process). When they cannot
/// be loaded, every TLS call fails with ``TLSError/libraryUnavailable(_:)`` and the rest of Torsion works
/// as before. The environment variables `TORSION_LIBSSL` and `TORSION_LIBCRYPTO` name other library files
/// (read once, at the first load).
///
/// Threading: safe from any thread.
public enum TLSLibrary {
    /// Whether OpenSSL could be loaded (loads it if needed).
    public static var isAvailable: Bool { ctls_load() == 1 }

    /// OpenSSL's own version text (`"OpenSSL 3.0.19 27 Jan 2026"`), or `nil` when it is unavailable.
    public static var versionText: String? { ctls_version_text().map { String(cString: $0) } }

    /// Loads OpenSSL if needed.
    ///
    /// - Throws: ``TLSError/libraryUnavailable(_:)`` saying which file could not be loaded or which
    ///   function was missing.
    public static func load() throws(TLSError) {
        guard ctls_load() == 1 else {
            throw .libraryUnavailable(ctls_load_error().map { String(cString: $0) } ?? "unknown reason")
        }
    }

    /// The text of the most relevant error on this thread's OpenSSL error queue ("lib: reason"), emptying
    /// the queue; `fallback` when the queue was empty.
    package static func takeErrorText(fallback: String) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer -> String in
            let count = ctls_last_error(buffer.baseAddress, buffer.count)
            return count > 0 ? String(cString: buffer.baseAddress!) : fallback
        }
    }
}
