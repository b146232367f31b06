import CTorsion
import Glibc

/// The parent's end of a pipe the child reads (its stdin, or a descriptor mapped with ``ChildFD/write``).
///
/// Writes are queued without copying (``PendingWrites``) and flushed with `writev` from the next loop
/// iteration; while the pipe is full the writer waits for `EPOLLOUT`. A registered producer is paused above
/// ``WriteBufferWaterMarks/high`` queued bytes and resumed at ``WriteBufferWaterMarks/low``, as on a socket.
/// Idle, the writer stays registered with no interest: epoll still reports `EPOLLERR` when the child closes
/// its end (or exits), which closes the pipe and drops what was queued.
///
/// Reactor-confined.
///
/// Twisted: `twisted.internet.process.ProcessWriter`.
final class ProcessPipeWriter: EpollHandler {
    unowned let reactor: EpollReactor
    private var process: EpollProcess?
    /// The descriptor number in the child.
    let childFD: Int32
    private let descriptor: SocketDescriptor
    private let fd: Int32
    private var pending = PendingWrites()
    private var waitingForWritable = false
    private var flushScheduled = false
    private var producer: (any Producer)?
    private var producerIsStreaming = false
    private var producerPaused = false
    /// `closeChildFD` was called: close once the queue is empty and no producer is registered.
    private(set) var isDisconnecting = false
    private(set) var isClosed = false

    init(reactor: EpollReactor, process: EpollProcess, childFD: Int32, descriptor: SocketDescriptor) {
        self.reactor = reactor
        self.process = process
        self.childFD = childFD
        self.descriptor = descriptor
        self.fd = descriptor.fd
    }

    /// Registers with no interest, so that only the child closing its end is reported.
    func start() throws(SystemCallError) {
        try reactor.selector.register(fd, interest: 0, handler: self)
    }

    /// Unsent bytes.
    var queuedBytes: Int { pending.byteCount }

    /// Whether the pipe was full at the last flush (the writer waits for `EPOLLOUT`).
    var isWaitingForWritable: Bool { waitingForWritable }

    // MARK: - Writing

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !isDisconnecting, !isClosed else { return }
        pending.append(bytes)
        scheduleFlush()
        if producerIsStreaming, !producerPaused, pending.byteCount > WriteBufferWaterMarks.high,
            let push = producer as? any PushProducer
        {
            producerPaused = true
            push.pauseProducing()
        }
    }

    private func scheduleFlush() {
        guard !flushScheduled, !waitingForWritable, !isClosed else { return }
        flushScheduled = true
        reactor.callSoon { [self] in self.flush() }
    }

    /// Writes what the pipe takes; waits for `EPOLLOUT` when it is full.
    private func flush() {
        flushScheduled = false
        guard !isClosed else { return }
        var spins = 0
        while !pending.isEmpty, spins < 16 {
            spins += 1
            let vectors = reactor.writeVectors
            let written = pending.withVectors(vectors) { count in
                Result { () throws(SystemCallError) in try systemCall("writev") { Glibc.writev(fd, vectors, count) } }
            }
            switch written {
            case .failure(let error):
                close(ConnectionLost(error.description, errno: error.errno))
                return
            case .success(.wouldBlock):
                spins = .max
            case .success(.processed(let count)):
                pending.consume(count)
            }
        }
        let blocked = !pending.isEmpty
        if blocked != waitingForWritable {
            waitingForWritable = blocked
            try? reactor.selector.modify(fd, interest: blocked ? CTORSION_EPOLLOUT : 0)
        }
        if !blocked {
            closeIfDrained()
        }
        notifyProducerIfBelowLowWater()
    }

    func handleEvent(_ events: UInt32) {
        if events & (CTORSION_EPOLLERR | CTORSION_EPOLLHUP) != 0 {
            close(ConnectionLost("the child closed its end of the pipe"))
            return
        }
        if events & CTORSION_EPOLLOUT != 0 {
            flush()
        }
    }

    private func notifyProducerIfBelowLowWater() {
        guard let producer, !isClosed, pending.byteCount <= WriteBufferWaterMarks.low else { return }
        if producerIsStreaming {
            if producerPaused, let push = producer as? any PushProducer {
                producerPaused = false
                push.resumeProducing()
            }
        } else if let pull = producer as? any PullProducer {
            pull.resumeProducing()
        }
    }

    // MARK: - Producer

    func registerProducer(_ producer: any Producer, streaming: Bool) {
        precondition(self.producer == nil, "registerProducer: a producer is already registered")
        if isClosed || isDisconnecting {
            producer.stopProducing()
            return
        }
        self.producer = producer
        producerIsStreaming = streaming
        producerPaused = false
        if streaming {
            if pending.byteCount > WriteBufferWaterMarks.high, let push = producer as? any PushProducer {
                producerPaused = true
                push.pauseProducing()
            }
        } else {
            (producer as? any PullProducer)?.resumeProducing()
        }
    }

    func unregisterProducer() {
        producer = nil
        producerPaused = false
        closeIfDrained()
    }

    // MARK: - Closing

    /// Closes after the queued bytes are written (Twisted: "close stdin after all data has been written").
    func loseConnection() {
        guard !isDisconnecting, !isClosed else { return }
        isDisconnecting = true
        closeIfDrained()
    }

    private func closeIfDrained() {
        guard isDisconnecting, pending.isEmpty, producer == nil, !isClosed else { return }
        reactor.callSoon { [self] in self.close(ConnectionDone()) }
    }

    /// Closes the pipe now, drops the queue, stops the producer and tells the process (once).
    func close(_ reason: any Error) {
        guard !isClosed else { return }
        isClosed = true
        pending.removeAll()
        reactor.selector.unregister(fd)
        descriptor.close()
        if let producer {
            self.producer = nil
            producer.stopProducing()
        }
        let process = self.process
        self.process = nil
        process?.pipeClosed(childFD)
    }

    func closeForShutdown() {
        close(ConnectionLost("the reactor shut down"))
    }
}

@available(*, unavailable)
extension ProcessPipeWriter: Sendable {}
