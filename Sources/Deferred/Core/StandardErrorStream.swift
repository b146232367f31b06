import Glibc

/// Standard error (file descriptor 2) as a `TextOutputStream`, without Foundation and without Glibc's
/// non-Sendable `stderr` global: the one writer every Torsion module uses for its last-resort messages
/// (unhandled Deferred errors, `react`'s failures, a failed `accept`, the pool's refused connections).
///
/// Each ``write(_:)`` is one `write(2)` call, so a line written at once is not interleaved with other
/// threads' lines.
///
/// `package`: the other modules write through it; programs use `print(_:to:)` with their own stream.
package struct StandardErrorStream: TextOutputStream {
    /// A stream; it holds nothing.
    package init() {}

    /// Writes `string` as it is (add the newline yourself).
    package mutating func write(_ string: String) {
        Self.write(string)
    }

    /// Writes `text` to file descriptor 2 in one call.
    package static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = Glibc.write(2, bytes.baseAddress, bytes.count)
        }
    }
}
