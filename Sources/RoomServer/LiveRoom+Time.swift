import Foundation
import Moderation

// MARK: When the room meets, and whether whoever has the word can see the screen

extension ServerFrame {
    /// A room's weekly time on the wire: `{"day":4,"start":"18:00","end":"20:00","minutes":120}` (docs/PROTOCOL.md).
    struct TimeInfo: Encodable {
        let day: Int
        let start: String
        let end: String
        let minutes: Int

        init(_ time: WeeklyTime) {
            self.day = time.day
            self.start = time.startText
            self.end = time.endText
            self.minutes = time.minutes
        }
    }

    /// `{"t":"time","time":{…}}`: the room's weekly time changed (`time` null: it was taken away).
    struct Time: Encodable {
        let t = "time"
        let time: TimeInfo?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.t, forKey: .t)
            // Null, not left out: the page must learn that the time is gone.
            try container.encode(self.time, forKey: .time)
        }

        enum CodingKeys: String, CodingKey { case t, time }
    }

    /// `{"t":"screen","m":"…","away":true}`: whoever has the word is away from the screen, or back.
    struct Screen: Encodable {
        let t = "screen"
        let m: String
        let away: Bool
    }
}

extension LiveRoom {
    /// The house stored a new weekly time for this room (from the room's time page): everyone present sees it.
    public func weeklyTimeChanged(_ time: WeeklyTime?, now: Instant) {
        guard time != self.weeklyTime else { return }
        self.weeklyTime = time
        self.broadcast(ServerFrame.encode(ServerFrame.Time(time: time.map(ServerFrame.TimeInfo.init))), except: nil, now: now)
    }

    /// `screen`: the page of whoever has the word says it is hidden (or shown again). The others are told, so a
    /// round is not held by a screen that went dark, and whoever runs the meeting may move on. Memory only.
    func screen(_ frame: ClientFrame, from id: ConnectionID, member: MemberID, now: Instant) {
        guard let away = frame.away else {
            self.send(ServerFrame.error("bad-field", ref: frame.ref), to: id)
            return
        }
        // A mark left from a word that has since moved on means nothing.
        if let marked = self.awayFromScreen, marked != self.meeting.floorHolder { self.awayFromScreen = nil }
        if away {
            // Only the one who has the word can hold the others up by being away.
            guard self.meeting.floorHolder == member else {
                self.send(ServerFrame.error(Refusal.notYourTurn.rawValue, ref: frame.ref), to: id)
                return
            }
            guard self.awayFromScreen != member else { return }
            self.awayFromScreen = member
        } else {
            // Back: said only if the others were told of the absence; a page back after its turn says nothing.
            guard self.awayFromScreen == member else { return }
            self.awayFromScreen = nil
        }
        self.broadcast(ServerFrame.encode(ServerFrame.Screen(m: member.rawValue, away: away)), except: member, now: now)
    }
}
