import CTorsion
import Glibc

// Writing: the pending-writes queue, gathered flushes, half-close and producer flow control.
extension SocketTransport {
    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !isDisconnecting, !writeShutdownRequested, !isClosed else { return }
        pending.append(bytes)
        afterAppend()
    }

    func writeSequence(_ chunks: [[UInt8]]) {
        guard !isDisconnecting, !writeShutdownRequested, !isClosed else { return }
        for chunk in chunks {
            pending.append(chunk)
        }
        afterAppend()
    }

    private func afterAppend() {
        scheduleFlush()
        if producerIsStreaming, !producerPaused, pending.byteCount > WriteBufferWaterMarks.high,
            let producer = producer as? any PushProducer
        {
            producerPaused = true
            producer.pauseProducing()
        }
    }

    /// Asks the reactor to flush this transport before it next sleeps (unless `EPOLLOUT` will).
    func scheduleFlush() {
        guard !flushScheduled, !waitingForWritable, !isClosed else { return }
        flushScheduled = true
        reactor.scheduleFlush(self)
    }

    /// Writes as much of the queue as the kernel takes, then handles half-close, close and producers.
    /// Called by the reactor's flush pass and on `EPOLLOUT`.
    func flush() {
        flushScheduled = false
        guard !isClosed else { return }
        var spins = 0
        while !pending.isEmpty, spins < 16 {
            spins += 1
            let result: IOResult<Int>
            do {
                let vectors = reactor.writeVectors
                result = try pending.withVectors(vectors) { count in
                    Result { () throws(SystemCallError) in try socket.send(vectors, count: count) }
                }.get()
            } catch {
                close(ConnectionLost(error.description, errno: error.errno))
                return
            }
            guard case .processed(let written) = result else { break }
            pending.consume(written)
        }
        let blocked = !pending.isEmpty
        if blocked != waitingForWritable {
            waitingForWritable = blocked
            updateInterest()
        }
        if !blocked {
            drained()
        }
        notifyProducerIfBelowLowWater()
    }

    /// The queue is empty: finish a requested half-close or close.
    private func drained() {
        if writeShutdownRequested, !writeShut {
            writeShut = true
            do {
                try socket.shutdown(Int32(SHUT_WR))
            } catch {
                close(ConnectionLost(error.description, errno: error.errno))
                return
            }
            (connectedProtocol as? any HalfCloseableProtocol)?.writeConnectionLost()
            if readEOF, !isClosed {
                close(ConnectionDone())
                return
            }
        }
        closeIfDrained()
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

    // MARK: - Consumer

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
}
