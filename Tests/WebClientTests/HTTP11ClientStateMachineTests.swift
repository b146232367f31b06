@testable import WebClient
import Testing

/// The state machine driven as a plain value: every state against every event.
@Suite("HTTP11ClientStateMachine")
struct HTTP11ClientStateMachineTests {
    typealias Machine = HTTP11ClientStateMachine

    /// A machine brought into `state` by real events (with a response head delivered if `head`).
    static func machine(in state: Machine.State, head: Bool = false) -> Machine {
        var m = Machine()
        switch state {
        case .quiescent:
            break
        case .transmitting:
            _ = m.request()
        case .waiting:
            _ = m.request()
            _ = m.writeSucceeded()
        case .transmittingAfterReceivingResponse:
            _ = m.request()
            _ = m.bytesReceived()
            _ = m.responseHeadReceived()
            _ = m.responseComplete(reusable: true)
        case .generationFailed:
            _ = m.request()
            _ = m.writeFailed()
        case .aborting:
            _ = m.request()
            _ = m.writeSucceeded()
            _ = m.abort()
        case .connectionLost:
            _ = m.connectionLost()
        }
        if head, state == .transmitting || state == .waiting {
            _ = m.bytesReceived()
            _ = m.responseHeadReceived()
        }
        #expect(m.state == state)
        return m
    }

    static let allStates: [Machine.State] = [
        .quiescent, .transmitting, .transmittingAfterReceivingResponse, .generationFailed, .waiting, .aborting,
        .connectionLost,
    ]

    @Test(arguments: allStates)
    func requestIsOnlySentWhenQuiescent(state: Machine.State) {
        var m = Self.machine(in: state)
        let action = m.request()
        if state == .quiescent {
            #expect(action == .sendRequest)
            #expect(m.state == .transmitting)
        } else {
            #expect(action == .rejectRequest)
            #expect(m.state == state)
        }
    }

    @Test func happyPathReusable() {
        var m = Machine()
        #expect(m.request() == .sendRequest)
        #expect(m.writeSucceeded() == .none)
        #expect(m.state == .waiting)
        #expect(m.bytesReceived() == .none)
        #expect(m.responseHeadReceived() == .deliverResponse)
        #expect(m.responseComplete(reusable: true) == .finishResponse(reuse: true))
        #expect(m.state == .quiescent)
        #expect(!m.requestPending && !m.bodyPending)
        // The connection can carry the next request.
        #expect(m.request() == .sendRequest)
    }

    @Test func notReusableResponseClosesAtFinish() {
        var m = Self.machine(in: .waiting, head: true)
        #expect(m.responseComplete(reusable: false) == .finishResponse(reuse: false))
    }

    @Test func earlyResponseWhileTransmittingGivesConnectionUp() {
        var m = Self.machine(in: .transmitting, head: true)
        #expect(m.responseComplete(reusable: true) == .finishResponse(reuse: false))
        #expect(m.state == .transmittingAfterReceivingResponse)
        // The write finishing later changes nothing; the connection loss settles nothing twice.
        #expect(m.writeSucceeded() == .none)
        #expect(m.connectionLost() == .none)
        #expect(m.state == .connectionLost)
    }

    @Test func writeFailureFailsRequestAsGenerationFailed() {
        var m = Self.machine(in: .transmitting)
        #expect(m.writeFailed() == .fail(.request(.generationFailed), close: .abort, stopWriting: false))
        #expect(m.state == .generationFailed)
        #expect(m.connectionLost() == .none)
    }

    @Test(arguments: allStates.filter { $0 != .transmitting })
    func writeFailureOutsideTransmittingIsIgnored(state: Machine.State) {
        var m = Self.machine(in: state)
        #expect(m.writeFailed() == .none)
        #expect(m.state == state)
    }

    @Test func connectionLostWhileTransmitting() {
        var m = Self.machine(in: .transmitting)
        #expect(m.connectionLost() == .fail(.request(.transmissionFailed), close: .keep, stopWriting: true))
    }

    @Test func connectionLostWhileWaitingWithoutBytesIsNeverReceived() {
        var m = Self.machine(in: .waiting)
        #expect(m.connectionLost() == .fail(.request(.responseNeverReceived), close: .keep, stopWriting: false))
    }

    @Test func connectionLostWhileWaitingAfterSomeBytesIsResponseFailed() {
        var m = Self.machine(in: .waiting)
        _ = m.bytesReceived()
        #expect(m.connectionLost() == .fail(.request(.responseFailed), close: .keep, stopWriting: false))
    }

    @Test func connectionLostMidBodyFailsTheBody() {
        var m = Self.machine(in: .waiting, head: true)
        #expect(m.connectionLost() == .fail(.body, close: .keep, stopWriting: false))
        #expect(m.connectionLost() == .none)
    }

    @Test(arguments: [Machine.State.quiescent, .generationFailed, .transmittingAfterReceivingResponse])
    func connectionLostWithNothingPendingDoesNothing(state: Machine.State) {
        var m = Self.machine(in: state)
        #expect(m.connectionLost() == .none)
        #expect(m.state == .connectionLost)
    }

    @Test func parseFailureBeforeHead() {
        var m = Self.machine(in: .waiting)
        _ = m.bytesReceived()
        #expect(m.parseFailed() == .fail(.request(.responseFailed), close: .lose, stopWriting: false))
        // The connection loss that follows settles nothing again.
        #expect(m.connectionLost() == .none)
    }

    @Test func parseFailureMidBodyFailsBody() {
        var m = Self.machine(in: .waiting, head: true)
        #expect(m.parseFailed() == .fail(.body, close: .lose, stopWriting: false))
    }

    @Test func parseFailureWhileTransmittingStopsWriting() {
        var m = Self.machine(in: .transmitting)
        _ = m.bytesReceived()
        #expect(m.parseFailed() == .fail(.request(.responseFailed), close: .lose, stopWriting: true))
    }

    @Test func cancelWhileTransmitting() {
        var m = Self.machine(in: .transmitting)
        #expect(m.cancelRequest() == .fail(.request(.generationFailed), close: .abort, stopWriting: true))
        #expect(m.state == .generationFailed)
        #expect(m.cancelRequest() == .none)
        #expect(m.connectionLost() == .none)
    }

    @Test func cancelWhileWaiting() {
        var m = Self.machine(in: .waiting)
        #expect(m.cancelRequest() == .fail(.request(.responseNeverReceived), close: .abort, stopWriting: false))
        // A complete response arriving before the connection closes is not delivered.
        #expect(m.responseHeadReceived() == .none)
        #expect(m.connectionLost() == .none)
    }

    @Test func cancelAfterDeliveryDoesNothing() {
        var m = Self.machine(in: .waiting, head: true)
        #expect(m.cancelRequest() == .none)
    }

    @Test func cancelBodyAbortsAndNeverReuses() {
        var m = Self.machine(in: .waiting, head: true)
        #expect(m.cancelBody() == .fail(.body, close: .abort, stopWriting: false))
        #expect(m.state == .aborting)
        #expect(m.responseComplete(reusable: true) == .none)
        #expect(m.connectionLost() == .finishAbort(nil, stopWriting: false))
    }

    @Test func abortWhileWaitingThenFullResponseStillFiresOnce() {
        // Twisted leaves the request Deferred unfired here (its bug); Torsion fails it exactly once.
        var m = Self.machine(in: .waiting)
        #expect(m.abort() == .close(.lose, stopWriting: false))
        #expect(m.bytesReceived() == .none)
        #expect(m.responseHeadReceived() == .none)
        #expect(m.responseComplete(reusable: true) == .none)
        #expect(m.connectionLost() == .finishAbort(.request(.responseNeverReceived), stopWriting: false))
    }

    @Test func abortWhileTransmittingFailsRequestOnce() {
        // Twisted never fires the request Deferred here; Torsion does, once.
        var m = Self.machine(in: .transmitting)
        #expect(m.abort() == .close(.lose, stopWriting: true))
        #expect(m.writeSucceeded() == .none)
        #expect(m.connectionLost() == .finishAbort(.request(.transmissionFailed), stopWriting: true))
    }

    @Test func abortMidBodyFailsBody() {
        var m = Self.machine(in: .waiting, head: true)
        _ = m.abort()
        #expect(m.connectionLost() == .finishAbort(.body, stopWriting: false))
    }

    @Test func abortWhenIdle() {
        var m = Self.machine(in: .quiescent)
        #expect(m.abort() == .close(.lose, stopWriting: false))
        #expect(m.abort() == .none)
        #expect(m.connectionLost() == .finishAbort(nil, stopWriting: false))
        #expect(m.abort() == .none)
    }

    @Test func unsolicitedBytesOnIdleConnectionCloseIt() {
        var m = Self.machine(in: .quiescent)
        #expect(m.bytesReceived() == .close(.lose, stopWriting: false))
    }

    @Test(arguments: allStates, [false, true])
    func neitherRequestNorBodyIsSettledTwice(state: Machine.State, head: Bool) {
        // Whatever events follow, the request Deferred and the body are each settled at most once, and a
        // body is only settled after a response was delivered.
        var m = Self.machine(in: state, head: head)
        var requestSettled = !m.requestPending
        var bodyOpen = m.bodyPending
        let events: [(inout Machine) -> Machine.Action] = [
            { $0.bytesReceived() }, { $0.responseHeadReceived() }, { $0.parseFailed() }, { $0.cancelRequest() },
            { $0.cancelBody() }, { $0.writeFailed() }, { $0.responseComplete(reusable: true) }, { $0.abort() },
            { $0.connectionLost() }, { $0.connectionLost() }, { $0.cancelRequest() },
        ]
        for event in events {
            switch event(&m) {
            case .deliverResponse, .fail(.request, _, _), .finishAbort(.request?, _):
                #expect(!requestSettled)
                requestSettled = true
                bodyOpen = true
            case .finishResponse, .fail(.body, _, _), .finishAbort(.body?, _):
                #expect(bodyOpen)
                bodyOpen = false
            default:
                break
            }
        }
        #expect(!m.requestPending && !m.bodyPending)
        #expect(m.state == .connectionLost)
    }
}
