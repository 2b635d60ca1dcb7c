import Foundation
import Testing

@testable import Web

@Suite("The room's menu")
struct RoomPeoplePanelTests {
    @Test("in the room's menu the invitations come before the person's own «not well» and «leave for good»")
    func invitesFirstInMenu() throws {
        let strings = try Strings.load(localesDirectory: TestApp.localesDirectory)
        let page = Page(strings: strings, language: .nb, path: "/r/x", assets: .plain)
        let menu = RoomPeoplePanel.html(page)
        let invites = try #require(menu.range(of: "id=\"make-invite\""))
        for later in ["id=\"not-well\"", "id=\"step-out\"", "id=\"present-heading\"", "id=\"present\"", "id=\"who-runs\""] {
            let other = try #require(menu.range(of: later))
            #expect(invites.lowerBound < other.lowerBound, "\(later)")
        }
    }
}
