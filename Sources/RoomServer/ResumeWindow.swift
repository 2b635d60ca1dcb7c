import DequeModule
import Moderation

/// The last few events of a meeting, in memory only, so that someone whose connection
/// dropped for a moment gets what they missed.
///
/// Bounded by count, bytes and age. Never written anywhere; gone with the meeting.
struct ResumeWindow: Sendable {
    struct Entry: Sendable {
        let seq: Int
        let at: Instant
        let frame: String
    }

    let maxEvents: Int
    let maxBytes: Int
    let maxAgeSeconds: Int64
    private var entries: Deque<Entry> = []
    private var bytes = 0

    init(maxEvents: Int, maxBytes: Int, maxAgeSeconds: Int64) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.maxAgeSeconds = maxAgeSeconds
    }

    mutating func append(seq: Int, at now: Instant, frame: String) {
        self.entries.append(Entry(seq: seq, at: now, frame: frame))
        self.bytes += frame.utf8.count
        self.trim(now: now)
    }

    mutating func trim(now: Instant) {
        let oldest = now.adding(seconds: -self.maxAgeSeconds)
        while let first = self.entries.first,
            self.entries.count > self.maxEvents || self.bytes > self.maxBytes || first.at < oldest
        {
            self.bytes -= first.frame.utf8.count
            self.entries.removeFirst()
        }
    }

    /// The frames after `seq`, or nil if some of them are no longer held.
    func frames(after seq: Int, latest: Int) -> [String]? {
        if seq == latest { return [] }
        guard let first = self.entries.first, first.seq <= seq + 1 else { return nil }
        return self.entries.filter { $0.seq > seq }.map(\.frame)
    }

    mutating func removeAll() {
        self.entries.removeAll()
        self.bytes = 0
    }
}
