import Testing

@testable import HTTP2

/// SETTINGS negotiation, GOAWAY, stream id allocation.
@Suite struct NegotiationTests {
    @Test func localSettingsApplyWhenAcknowledgedInOrder() throws {
        var settings = SettingsNegotiation(role: .client)
        let first = settings.send([HTTP2Setting(.initialWindowSize, 1 << 20), HTTP2Setting(.enablePush, 0)])
        #expect(first == HTTP2Frame(streamID: 0, .settings(SettingsFrame([HTTP2Setting(.initialWindowSize, 1 << 20), HTTP2Setting(.enablePush, 0)]))))
        _ = settings.send([HTTP2Setting(.headerTableSize, 0)])
        #expect(settings.awaitingAcknowledgement && settings.local.initialWindowSize == 65_535)
        let ack1 = try settings.receive(.ack)
        #expect(ack1.reply == nil && ack1.change.initialWindowDelta == (1 << 20) - 65_535 && !settings.local.enablePush)
        #expect(settings.local.headerTableSize == 4096)
        let ack2 = try settings.receive(.ack)
        #expect(ack2.change.current.headerTableSize == 0 && !settings.awaitingAcknowledgement)
        #expect(throws: HTTP2Error.self) { try settings.receive(.ack) }
    }

    @Test func remoteSettingsApplyAtOnceAndAreAcknowledged() throws {
        var settings = SettingsNegotiation(role: .client)
        let result = try settings.receive(SettingsFrame([
            HTTP2Setting(.maxConcurrentStreams, 100), HTTP2Setting(.initialWindowSize, 1_000),
            HTTP2Setting(.maxFrameSize, 32_768), HTTP2Setting(HTTP2SettingID(rawValue: 0x99), 1),
            HTTP2Setting(.initialWindowSize, 2_000),  // the last value wins
        ]))
        #expect(result.reply == HTTP2Frame(streamID: 0, .settings(.ack)))
        #expect(result.change.initialWindowDelta == 2_000 - 65_535)
        #expect(settings.remote.maxConcurrentStreams == 100 && settings.remote.maxFrameSize == 32_768)
        #expect(throws: HTTP2Error.self) { try settings.receive(SettingsFrame([HTTP2Setting(.enablePush, 1)])) }
        var server = SettingsNegotiation(role: .server)
        _ = try server.receive(SettingsFrame([HTTP2Setting(.enablePush, 1)]))
        #expect(server.remote.enablePush)
    }

    @Test func goAwaySplitsStreamsAtTheLastStreamID() throws {
        var tracker = GoAwayTracker()
        #expect(tracker.mayOpenStreams)
        let outcome = try tracker.receive(GoAwayFrame(lastStreamID: 5, errorCode: .noError), activeStreams: [9, 1, 7, 5, 3])
        #expect(outcome.retry == [7, 9] && outcome.continuing == [1, 3, 5] && outcome.errorCode == .noError)
        #expect(!tracker.mayOpenStreams)
        // A second GOAWAY may lower the last stream id, not raise it.
        let second = try tracker.receive(GoAwayFrame(lastStreamID: 3, errorCode: .enhanceYourCalm), activeStreams: [1, 3, 5])
        #expect(second.retry == [5] && second.continuing == [1, 3])
        #expect(throws: HTTP2Error.self) { try tracker.receive(GoAwayFrame(lastStreamID: 4, errorCode: .noError), activeStreams: []) }
    }

    /// GOAWAY at every point of a sequence of streams: each stream is either retried or continues,
    /// never both, never lost.
    @Test(arguments: 0...12)
    func goAwayAtEveryPoint(lastStreamID: UInt32) throws {
        var tracker = GoAwayTracker()
        let active: [UInt32] = [1, 3, 5, 7, 9, 11]
        let outcome = try tracker.receive(GoAwayFrame(lastStreamID: lastStreamID, errorCode: .noError), activeStreams: active)
        #expect((outcome.retry + outcome.continuing).sorted() == active)
        #expect(outcome.retry.allSatisfy { $0 > lastStreamID } && outcome.continuing.allSatisfy { $0 <= lastStreamID })
    }

    @Test func streamIDsAreOddIncreasingAndRunOut() {
        var client = StreamIDAllocator(role: .client)
        #expect([client.allocate(), client.allocate(), client.allocate()] == [1, 3, 5])
        #expect(client.lastAllocated == 5)
        var server = StreamIDAllocator(role: .server)
        #expect([server.allocate(), server.allocate()] == [2, 4])
        var late = StreamIDAllocator(role: .client, first: 0x7FFF_FFFD)
        #expect(late.allocate() == 0x7FFF_FFFD)
        #expect(late.allocate() == 0x7FFF_FFFF)
        #expect(late.isExhausted && late.allocate() == nil)
    }
}
