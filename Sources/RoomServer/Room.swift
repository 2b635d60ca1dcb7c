import Foundation
import GRDB
import Moderation

/// A room in the house: a place that lasts from week to week.
public struct Room: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "room"

    public var id: String
    public var name: String
    public var kind: RoomKind
    public var createdAt: Date
    /// The room's meeting plan: length, break, time cue, and whether quiet talk is allowed in the break.
    public var planMinutes: Int = 120
    public var breakMinutes: Int = 15
    public var cueMinutes: Int = 3
    public var talkDuringBreak: Bool = false
    /// No host: the group runs itself, and every member holds control (docs/ROLES.md).
    public var selfOrganised: Bool = false
    /// When the room meets each week (``WeeklyTime``): all three, or none when nobody set a time.
    public var weeklyDay: Int?
    public var weeklyStart: Int?
    public var weeklyMinutes: Int?

    /// The longest room name the house may give.
    public static let maxNameLength = 80

    /// Read column by column: the Codable way through GRDB's decoder was most of the cost of finding a room
    /// when a whole house comes back after a restart (docs/PERFORMANCE.md). Throwing, like that decoder: a row
    /// the build cannot read (a kind from a newer one) fails one admission, never the process.
    public init(row: Row) throws {
        self.id = try row.decode(forColumn: "id")
        self.name = try row.decode(forColumn: "name")
        self.kind = try row.decode(forColumn: "kind")
        self.createdAt = try row.decode(forColumn: "createdAt")
        self.planMinutes = try row.decode(forColumn: "planMinutes")
        self.breakMinutes = try row.decode(forColumn: "breakMinutes")
        self.cueMinutes = try row.decode(forColumn: "cueMinutes")
        self.talkDuringBreak = try row.decode(forColumn: "talkDuringBreak")
        self.selfOrganised = try row.decode(forColumn: "selfOrganised")
        self.weeklyDay = try row.decode(forColumn: "weeklyDay")
        self.weeklyStart = try row.decode(forColumn: "weeklyStart")
        self.weeklyMinutes = try row.decode(forColumn: "weeklyMinutes")
    }

    public init(id: String, name: String, kind: RoomKind, createdAt: Date, plan: MeetingPlan = MeetingPlan()) {
        self.id = id
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
        self.plan = plan
    }

    /// The room's plan for its meetings.
    public var plan: MeetingPlan {
        get {
            MeetingPlan(
                minutes: self.planMinutes,
                breakMinutes: self.breakMinutes,
                cueMinutes: self.cueMinutes,
                talkDuringBreak: self.talkDuringBreak
            )
        }
        set {
            self.planMinutes = newValue.minutes
            self.breakMinutes = newValue.breakMinutes
            self.cueMinutes = newValue.cueMinutes
            self.talkDuringBreak = newValue.talkDuringBreak
        }
    }

    /// The room's weekly time, or nil when none is set (or a row holds one the rules no longer allow).
    public var weeklyTime: WeeklyTime? {
        get {
            guard let day = self.weeklyDay, let start = self.weeklyStart, let minutes = self.weeklyMinutes else { return nil }
            return try? WeeklyTime(day: day, start: start, minutes: minutes)
        }
        set {
            self.weeklyDay = newValue?.day
            self.weeklyStart = newValue?.start
            self.weeklyMinutes = newValue?.minutes
        }
    }

    public enum PlanProblem: Error, Equatable {
        case outOfRange
    }

    /// Checks a plan: 15 to 480 minutes, a break of 1 to 60 that fits in it, a cue after 1 to 30 minutes.
    public static func validate(_ plan: MeetingPlan) throws(PlanProblem) {
        guard (15...480).contains(plan.minutes), MeetingPlan.allowedBreakMinutes.contains(plan.breakMinutes),
            plan.breakMinutes < plan.minutes, (1...30).contains(plan.cueMinutes)
        else { throw .outOfRange }
    }

    /// Whether a string has the shape of a room id, so that junk never reaches the database.
    public static func isWellFormedID(_ candidate: String) -> Bool {
        candidate.utf8.count == 16
            && candidate.utf8.allSatisfy(\.isASCIILetterOrDigit)
    }
}
