import Moderation

/// Every input has a limit. These are the live room's; docs/PROTOCOL.md lists them.
public struct Limits: Sendable {
    /// Largest WebSocket frame (and message) the server reads, in bytes. A bigger one closes the connection with 1009.
    public var maxFrameBytes: Int = 16 * 1024
    /// Longest message, in characters.
    public var maxMessageLength: Int = Meeting.maxMessageLength
    /// Frames waiting to be written to one connection. A reader this far behind is dropped (it may resume).
    public var outboundFrames: Int = 512
    /// People connected to one room at once.
    public var connectionsPerRoom: Int = 100
    /// Open connections (tabs, devices) for one member at once.
    public var connectionsPerMember: Int = 4
    /// Frames a connection may send at once, then how many per second after that.
    public var burstFrames: Double = 20
    public var framesPerSecond: Double = 5
    /// Frames refused for rate in a row before the connection is closed with 1008.
    public var refusalsBeforeClose: Int = 100
    /// How long, in seconds, someone whose connection dropped (without pressing "leave") stays present,
    /// keeping their place and their turn, before the others are told they left.
    public var leaveGraceSeconds: Int64 = 15
    /// How long, in seconds, someone who dropped off can come back and get what they missed.
    public var resumeSeconds: Int64 = 60
    /// Events kept in memory for resuming, by count and by bytes.
    public var resumeEvents: Int = 500
    public var resumeBytes: Int = 1 << 20

    /// Seconds in one minute of a meeting's plan (breaks, time cues): 60, less only for demonstrations and tests.
    public var minuteSeconds: Int64 = 60

    public init() {}
}
