import Glibc

/// Writes diagnostics to file descriptor 2 (Glibc's `stderr` global is not concurrency-safe in Swift 6).
enum StandardError {
    /// Writes `text` to standard error, ignoring failures.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = Glibc.write(2, bytes.baseAddress, bytes.count)
        }
    }
}
