import Logging

/// Lowers to debug the lines a library logs at error level for what a client did, not what went wrong here.
///
/// A connection closed before it sent a request (an idler let go by the first-request deadline, a port
/// scanner, a browser's spare connection) makes the WebSocket library log "Error handling upgrade result"
/// at error level, once per connection. An operator's alerts should not fire for a scanner.
struct ConnectionNoiseLogHandler: LogHandler {
    /// Messages, logged at error level by the libraries, that describe a client leaving early.
    static let clientNoise: Set<String> = ["Error handling upgrade result"]

    var inner: any LogHandler

    var logLevel: Logger.Level {
        get { self.inner.logLevel }
        set { self.inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { self.inner.metadata }
        set { self.inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.inner[metadataKey: key] }
        set { self.inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if event.level > .debug, Self.clientNoise.contains(event.message.description) {
            guard self.inner.logLevel <= .debug else { return }
            event.level = .debug
        }
        self.inner.log(event: event)
    }
}
