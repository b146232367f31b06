import Deferred
import Glibc
import Reactor

/// Produces a response body from an open file, in chunks, with flow control.
///
/// Each run reads ``chunkSize`` bytes at a time with `pread` and writes them to the consumer until the
/// consumer pauses it (the transport's high water mark), the file ends, or it is stopped; a resume
/// continues where it stopped. The file descriptor is closed at the end, on stop, or when the producer
/// is released. Reads are synchronous on the reactor thread, as in Twisted's `static.File`: fine for
/// local disks and the page cache, not for slow network file systems.
///
/// Twisted: `twisted.web.static.NoRangeStaticProducer`.
public final class FileBodyProducer: BodyProducer {
    /// The number of bytes to send (the file's size when opened).
    public let length: Int?
    /// How many bytes each read takes (default 64 KiB).
    public var chunkSize = 64 * 1024

    private var descriptor: Int32
    private var offset = 0
    private var consumer: (any Consumer)?
    private var done: Deferred<Void>?
    private var isPaused = false
    private var isProducing = false

    /// Takes ownership of the open descriptor `descriptor` and sends `length` bytes from its start.
    public init(descriptor: Int32, length: Int) {
        self.descriptor = descriptor
        self.length = length
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Starts writing the file to `consumer`.
    public func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        let done = Deferred<Void>()
        self.done = done
        self.consumer = consumer
        produce()
        return done
    }

    /// Stops reading until ``resumeProducing()``.
    public func pauseProducing() { isPaused = true }

    /// Continues reading and writing.
    public func resumeProducing() {
        isPaused = false
        produce()
    }

    /// Stops for good and closes the file.
    public func stopProducing() {
        consumer = nil
        done = nil
        closeFile()
    }

    private func produce() {
        guard !isProducing else { return }
        isProducing = true
        defer { isProducing = false }
        while !isPaused, let consumer, let total = length {
            let wanted = min(chunkSize, total - offset)
            if wanted <= 0 {
                finish(nil)
                return
            }
            var chunk = [UInt8](repeating: 0, count: wanted)
            let count = chunk.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                finish(FileReadError(errno: count < 0 ? errno : 0, offset: offset))
                return
            }
            if count < wanted { chunk.removeSubrange(count...) }
            offset += count
            consumer.write(chunk)
        }
    }

    private func finish(_ error: (any Error)?) {
        let done = self.done
        self.done = nil
        consumer = nil
        closeFile()
        if let error { done?.errback(error) } else { done?.callback(()) }
    }

    private func closeFile() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }
}

@available(*, unavailable)
extension FileBodyProducer: Sendable {}

/// Reading a file for a response failed, or the file ended early (`errno` 0).
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    /// The error number, 0 when the file was shorter than when it was opened.
    public let errno: Int32
    /// The byte offset of the failed read.
    public let offset: Int

    /// `"file read failed at byte N: …"`.
    public var description: String {
        "file read failed at byte \(offset): " + (errno == 0 ? "the file is shorter than when it was opened" : "errno \(errno)")
    }
}
