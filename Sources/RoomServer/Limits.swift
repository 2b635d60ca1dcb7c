import Moderation

/// Every input has a limit. These are the live room's; docs/PROTOCOL.md lists them.
public struct Limits: Sendable {
    /// Largest WebSocket frame (and message) the server reads, in bytes. A bigger one closes the connection with 1009.
    public var maxFrameBytes: Int = 16 * 1024
    /// Longest message, in characters.
    public var maxMessageLength: Int = Meeting.maxMessageLength
    /// Frames, and bytes, waiting to be written to one connection. A reader this far behind is dropped (it may
    /// resume). Room for a resume's whole window (`resumeEvents`, `resumeBytes`) and the welcome, not much more.
    public var outboundFrames: Int = 512
    public var outboundBytes: Int = (1 << 20) + 256 * 1024
    /// People connected to one room at once.
    public var connectionsPerRoom: Int = 100
    /// Open connections (tabs, devices) for one member at once.
    public var connectionsPerMember: Int = 4
    /// Frames a connection may send at once, then how many per second after that.
    public var burstFrames: Double = 20
    public var framesPerSecond: Double = 5
    /// Frames refused for rate in a row before the connection is closed with 1008.
    public var refusalsBeforeClose: Int = 100
    /// Frames one member may send at once over all their connections together, then how many per second:
    /// four tabs get no more than one.
    public var memberBurstFrames: Double = 30
    public var memberFramesPerSecond: Double = 8
    /// Connections one member may open at once, then how many per second after that, so that
    /// connecting and leaving in a loop cannot flood the others with arrivals and departures.
    public var connectBurst: Double = 6
    public var connectsPerSecond: Double = 0.2
    /// Places beyond `connectionsPerRoom` kept for hosts, so a full room never locks out the person who runs it.
    public var hostReserve: Int = 4

    // MARK: Connections (docs/SECURITY.md has the whole table)

    /// Open connections the server holds at once. Nil: just under the process's open-file limit.
    public var maxConnections: Int?
    /// Seconds a new connection has to send its whole first request head, or finish its WebSocket upgrade.
    public var firstRequestSeconds: Int64 = 10
    /// Seconds a kept-alive HTTP connection may sit idle between requests.
    public var idleSeconds: Int64 = 15
    /// Seconds to receive a request body (the invite form), read or not.
    public var bodySeconds: Int64 = 10
    /// Bytes of any request body. No page takes more than a few KiB; one that nobody reads is drained only this far.
    public var maxBodyBytes: Int = 64 * 1024
    /// Seconds of quiet before a WebSocket ping, and to answer it before the connection is closed (Heartbeat).
    public var pingSeconds: Int64 = 30
    /// Bytes of one request header field, of all of them, and how many there may be.
    public var maxHeaderFieldBytes: Int = 8 * 1024
    public var maxHeaderBytes: Int = 16 * 1024
    public var maxHeaderCount: Int = 100
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
    /// Practice meetings (one visitor and pretend members) running at once, and how long one may last.
    public var practiceMeetings: Int = 20
    public var practiceSeconds: Int64 = 15 * 60
    /// A practice meeting's pace: seconds per beat of its script, and seconds in one minute of its plan
    /// (its break lasts one such minute). Shorter only for tests.
    public var practiceBeatSeconds: Double = 1.5
    public var practiceMinuteSeconds: Int64 = 8

    public init() {}
}
