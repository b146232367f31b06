import CTorsion
import Glibc

/// A transport's queue of unsent buffers, written out with gathered `sendmsg` calls.
///
/// Buffers are kept as the callers' own arrays (no copying on `write`); a partial write only moves an
/// offset into the first buffer. ``withVectors(_:)`` pins up to ``maxVectors`` buffers and fills one
/// `iovec` per buffer.
struct PendingWrites {
    /// At most this many buffers per system call (Linux's `IOV_MAX`, 1024).
    static let maxVectors = Int(CTORSION_IOV_MAX)

    private var chunks: [[UInt8]] = []
    private var head = 0
    /// Bytes of `chunks[head]` already sent.
    private var headOffset = 0

    /// Unsent bytes.
    private(set) var byteCount = 0

    /// Whether nothing is waiting to be sent.
    var isEmpty: Bool { byteCount == 0 }

    /// Queues `bytes` (ignored when empty).
    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        byteCount += bytes.count
    }

    /// Drops everything queued.
    mutating func removeAll() {
        chunks.removeAll()
        head = 0
        headOffset = 0
        byteCount = 0
    }

    /// Marks `count` bytes as sent, from the front.
    mutating func consume(_ count: Int) {
        precondition(count <= byteCount, "consumed more bytes than were queued")
        byteCount -= count
        var remaining = count
        while remaining > 0 {
            let available = chunks[head].count - headOffset
            if remaining < available {
                headOffset += remaining
                return
            }
            remaining -= available
            head += 1
            headOffset = 0
        }
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: chunks.count <= 64)
            head = 0
        } else if head >= 64 && head * 2 >= chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }

    /// Calls `body` with `iovec`s for the first buffers (at most ``maxVectors``), pinned for the call.
    ///
    /// Each buffer is pinned by its own `withUnsafeBytes` scope, so this recurses once per buffer; the
    /// frames are small and the depth is bounded by ``maxVectors``.
    func withVectors<R>(
        _ vectors: UnsafeMutablePointer<iovec>, _ body: (_ count: Int32) -> R
    ) -> R {
        let count = min(chunks.count - head, Self.maxVectors)
        return pin(0, count: count, vectors, body)
    }

    private func pin<R>(
        _ index: Int, count: Int, _ vectors: UnsafeMutablePointer<iovec>, _ body: (Int32) -> R
    ) -> R {
        if index == count {
            return body(Int32(count))
        }
        return chunks[head + index].withUnsafeBytes { raw in
            let skip = index == 0 ? headOffset : 0
            vectors[index] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            return pin(index + 1, count: count, vectors, body)
        }
    }
}
