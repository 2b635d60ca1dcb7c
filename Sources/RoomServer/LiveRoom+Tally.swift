import Foundation
import Logging
import Moderation

// MARK: Counts for funders: how many were at a meeting, and the evaluation's answers. Numbers only.

extension LiveRoom {
    /// Keeps, in memory, who has been at the meeting since it started; counts the meeting when it ends, and
    /// lets those present then answer its evaluation once each.
    func noteAttendance(_ events: [Event], now: Instant) {
        for event in events {
            switch event {
            case .meetingStarted:
                self.attendance = Set(self.meeting.present.map(\.id))
                self.mayEvaluate = []
            case .joined(let participant):
                self.attendance?.insert(participant.id)
            case .meetingEnded:
                self.countAttendance(now: now)
                self.mayEvaluate = Set(self.meeting.present.map(\.id))
            default:
                continue
            }
        }
    }

    /// Counts a meeting that started, once: when it ends, or when the room closes or the server stops first.
    /// The number goes to the house; who it was is forgotten here.
    func countAttendance(now: Instant) {
        guard let attendance else { return }
        self.attendance = nil
        // A practice meeting is not a meeting the house held.
        guard !attendance.isEmpty, self.room.kind != .practice else { return }
        let month = MonthlyCounts.month(of: now.date)
        let (house, roomId, logger) = (self.house, self.room.id, self.logger)
        Task {
            do {
                try await house.countMeeting(roomId: roomId, size: attendance.count, month: month)
            } catch {
                logger.error("meeting not counted", metadata: ["room": "\(roomId)", "error.type": "\(type(of: error))"])
            }
        }
    }

    /// One person's answers to the evaluation of the meeting that just ended: added to the room's totals
    /// for the month, once per person present at its end.
    func evaluate(_ frame: ClientFrame, from id: ConnectionID, member: MemberID, now: Instant) {
        guard self.mayEvaluate.contains(member) else {
            self.send(ServerFrame.error("not-asked", ref: frame.ref), to: id)
            return
        }
        guard let answers = frame.answers.flatMap(Evaluation.validate) else {
            self.send(ServerFrame.error(ClientFrame.Problem.badField.rawValue, ref: frame.ref), to: id)
            return
        }
        self.mayEvaluate.remove(member)
        // In a practice meeting the questions are tried, never counted.
        guard self.room.kind != .practice else {
            self.tell([member], ServerFrame.encode(ServerFrame.Evaluated()))
            return
        }
        let month = MonthlyCounts.month(of: now.date)
        let (house, roomId, logger) = (self.house, self.room.id, self.logger)
        Task {
            do {
                try await house.countAnswers(roomId: roomId, month: month, answers: answers)
            } catch {
                logger.error("answers not counted", metadata: ["room": "\(roomId)", "error.type": "\(type(of: error))"])
            }
        }
        // Every screen of this person: the questions go away on all of them.
        self.tell([member], ServerFrame.encode(ServerFrame.Evaluated()))
    }
}

extension ServerFrame {
    /// The evaluation's answers were counted (to the person who gave them only).
    struct Evaluated: Encodable {
        let t = "evaluated"
    }
}
