import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import Web

@Suite("The help line at the foot of every page")
struct HelpLineTests {
    @Test("the help numbers can be called with one tap, in every language")
    func numbersAreCallable() async throws {
        let app = try TestApp()
        try await app.run { client in
            for language in ["nb", "nn", "en"] {
                let page = try await client.execute(uri: "/?lang=\(language)", method: .get)
                let footer = try #require(page.text.components(separatedBy: "<footer class=\"help\">").last)
                #expect(footer.contains("<a href=\"tel:113\">113</a>"), "\(language)")
                #expect(footer.contains("<a href=\"tel:116123\">116 123</a>"), "\(language)")
                #expect(!footer.contains("["), "\(language)")
            }
        }
    }

    @Test("only a phone number in brackets becomes a link; other text stays as written")
    func onlyNumbers() {
        #expect(HelpLine.html("ring [113] nå") == "ring <a href=\"tel:113\">113</a> nå")
        #expect(HelpLine.html("[+47 22 00 00 00]") == "<a href=\"tel:+4722000000\">+47 22 00 00 00</a>")
        #expect(HelpLine.html("[se under] og [1]") == "[se under] og [1]")
        let notNumbers = "[++113] [11a3] [" + String(repeating: "1", count: 21) + "]"
        #expect(HelpLine.html(notNumbers) == notNumbers)
        #expect(HelpLine.html("[&lt;113&gt;] [113") == "[&lt;113&gt;] [113")
        #expect(HelpLine.html("ingen nummer") == "ingen nummer")
    }
}
