import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// While a backup copies, SIGTERM (the nightly timer stopped, a shutdown) or SIGINT (Ctrl-C) first removes the
/// unfinished copy, then ends the process as the signal would have.
///
/// The copy holds every name and key of the house; left behind, it would lie in the backup folder unnoticed,
/// outside the number of copies kept. (A SIGKILL cannot be caught: the next backup removes what it left.)
final class CopyInterruption {
    static let signals: [Int32] = [SIGTERM, SIGINT]
    private let sources: [any DispatchSourceSignal]

    init(removing files: [URL]) {
        let paths = files.map(\.path)
        self.sources = Self.signals.map { signalNumber in
            // Ignored as a signal, so that the handler below, not the default ending, sees it.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                for path in paths { unlink(path) }
                // The exit status a shell gives a process ended by the signal.
                _exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }

    /// The copy is complete (or failed and removed itself): signals act as usual again.
    func end() {
        for source in self.sources { source.cancel() }
        for signalNumber in Self.signals { signal(signalNumber, SIG_DFL) }
    }
}
