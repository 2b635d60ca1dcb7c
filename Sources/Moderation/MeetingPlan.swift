/// How a room's meetings are laid out in time (PRODUCT.md: about two hours, a break in the middle).
public struct MeetingPlan: Sendable, Equatable, Codable {
    /// The whole meeting, in minutes.
    public var minutes: Int
    /// The planned break, in minutes.
    public var breakMinutes: Int
    /// How many minutes before the end everyone is reminded to have the closing round.
    public var reminderMinutes: Int
    /// After how many minutes of a share the speaker (only) gets a gentle cue.
    public var cueMinutes: Int
    /// Whether quiet café talk is allowed during the break.
    public var talkDuringBreak: Bool

    /// How long a minute of the plan lasts, in seconds: 60, except in demonstrations and tests
    /// that want a break to end within seconds.
    public var secondsPerMinute: Int64 = 60

    public static let allowedBreakMinutes = 1...60

    /// A number of the plan's minutes, in seconds.
    public func seconds(_ minutes: Int) -> Int64 {
        Int64(minutes) * self.secondsPerMinute
    }

    public init(minutes: Int = 120, breakMinutes: Int = 15, reminderMinutes: Int = 10, cueMinutes: Int = 3, talkDuringBreak: Bool = false) {
        self.minutes = minutes
        self.breakMinutes = breakMinutes
        self.reminderMinutes = reminderMinutes
        self.cueMinutes = cueMinutes
        self.talkDuringBreak = talkDuringBreak
    }

    /// Minutes from the start when the break is planned: the middle of the time that is not break.
    public var breakAtMinute: Int { (self.minutes - self.breakMinutes) / 2 }
}
