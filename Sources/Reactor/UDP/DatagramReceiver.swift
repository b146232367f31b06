import CTorsion
import Glibc

/// Reads datagrams for a UDP port in batches: one `recvmmsg` fills up to ``slots`` slots of the reactor's
/// shared read buffer, each `maxPacketSize` bytes (a 512-byte DNS port reads 64 datagrams per call; an
/// 8192-byte port 8; a 64 KiB port one).
///
/// The source address of each datagram becomes an ``Address`` through a one-entry cache: a run of datagrams
/// from the same peer (the common case) converts the address once.
///
/// Not Sendable; owned by one port on the reactor thread.
struct DatagramReceiver: ~Copyable {
    /// Most datagrams per `recvmmsg`.
    static let maxSlots = 64

    private let batch: OpaquePointer
    /// Bytes per slot: the port's `maxPacketSize`.
    let slotSize: Int
    /// Datagrams per call.
    let slots: Int
    private var cachedRaw: [UInt8] = []
    private var cachedAddress = Address.ipv4(host: "0.0.0.0", port: 0)

    /// Prepares batches of `slotSize`-byte slots that fit in `bufferSize` bytes.
    init(slotSize: Int, bufferSize: Int) {
        self.slotSize = slotSize
        slots = max(1, min(Self.maxSlots, bufferSize / slotSize))
        guard let batch = ctorsion_datagram_batch_alloc(Int32(slots)) else {
            fatalError("DatagramReceiver: out of memory for \(slots) message headers")
        }
        self.batch = batch
    }

    deinit {
        ctorsion_datagram_batch_free(batch)
    }

    /// Receives up to ``slots`` datagrams into `buffer` without blocking.
    mutating func receive(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer
    ) throws(SystemCallError) -> IOResult<Int32> {
        try systemCall("recvmmsg") {
            ctorsion_datagram_batch_receive(fd, batch, buffer.baseAddress, slotSize, Int32(slots))
        }
    }

    /// Datagram `index` of the last receive, copied out of `buffer`, and its source address.
    mutating func datagram(_ index: Int32, in buffer: UnsafeMutableRawBufferPointer) -> ([UInt8], Address) {
        let length = ctorsion_datagram_batch_length(batch, index)
        let start = buffer.baseAddress! + Int(index) * slotSize
        let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: length))
        var addressLength: socklen_t = 0
        let pointer = ctorsion_datagram_batch_address(batch, index, &addressLength)!
        return (bytes, address(pointer, length: addressLength))
    }

    /// The public form of a kernel address, reusing the previous one when the bytes are the same.
    private mutating func address(_ pointer: UnsafePointer<sockaddr>, length: socklen_t) -> Address {
        let raw = UnsafeRawBufferPointer(start: pointer, count: Int(length))
        if raw.elementsEqual(cachedRaw) { return cachedAddress }
        cachedRaw = Array(raw)
        cachedAddress = SocketAddress(pointer, length: length)?.address ?? .unix(path: nil)
        return cachedAddress
    }
}
