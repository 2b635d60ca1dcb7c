import Foundation
import Testing

@testable import Web

/// What a connection turned away at the door reads: a house that is full, or one that is restarting.
@Suite("The 503 answers say why, in bokmål and English")
struct UnavailableAnswerTests {
    @Test("busy says the house is full; during a restart it says the house is restarting, not busy")
    func busyAndRestartingSayDifferentThings() throws {
        let strings = try Strings.load(localesDirectory: TestApp.localesDirectory)
        let busy = strings.busyResponse()
        let restarting = strings.restartingResponse()
        for answer in [busy, restarting] {
            #expect(answer.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            #expect(answer.contains("\r\nRetry-After: 10\r\n"))
            let body = answer.components(separatedBy: "\r\n\r\n").last ?? ""
            #expect(answer.contains("Content-Length: \(body.utf8.count)\r\n"))
            // A page a phone shows at the person's own text size, with nothing to load.
            #expect(answer.contains("Content-Type: text/html; charset=utf-8\r\n"))
            #expect(body.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        }
        #expect(busy.contains("Huset har veldig mange besøkende akkurat nå."))
        #expect(restarting.contains("Huset starter på nytt."))
        #expect(restarting.contains("The house is restarting."))
        #expect(!restarting.contains("mange besøkende"))
    }
}
