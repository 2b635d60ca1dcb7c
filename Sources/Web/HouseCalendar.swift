import Foundation

/// How the house page says when: a month in words («desember 2026»), a day, and a moment in the house's own
/// time zone («26. november 2026 kl. 15:05»).
///
/// The house keeps months as "2026-12" and moments in UTC; a coordinator should never have to translate
/// either in their head. The month names come from the locale files like every other word, so nynorsk and
/// English get theirs without depending on which locales the system's Foundation carries.
struct HouseCalendar: Sendable {
    let strings: Strings
    let language: Language
    let timeZone: TimeZone

    init(_ page: Page, timeZone: TimeZone) {
        self.strings = page.strings
        self.language = page.language
        self.timeZone = timeZone
    }

    /// "2026-12", the way the house keeps a month, in words: «desember 2026». Anything else is shown as it is.
    func month(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return key }
        return self.text("house.month", ["month": self.monthName(month), "year": "\(year)"])
    }

    /// The day of a moment, where the house is: «26. november 2026».
    func day(_ date: Date) -> String {
        let parts = self.parts(of: date)
        return self.text("house.day", ["day": "\(parts.day ?? 0)", "month": self.monthName(parts.month ?? 1), "year": "\(parts.year ?? 0)"])
    }

    /// A moment, where the house is: «26. november 2026 kl. 15:05». No zone is named: it is the house's own.
    func moment(_ date: Date) -> String {
        let parts = self.parts(of: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return self.text(
            "house.moment",
            ["day": "\(parts.day ?? 0)", "month": self.monthName(parts.month ?? 1), "year": "\(parts.year ?? 0)", "time": time]
        )
    }

    private func parts(of date: Date) -> DateComponents {
        Calendar(identifier: .gregorian).dateComponents(in: self.timeZone, from: date)
    }

    private func monthName(_ month: Int) -> String {
        self.text("house.monthname.\(month)")
    }

    private func text(_ key: String, _ values: [String: String] = [:]) -> String {
        self.strings.text(key, self.language, values)
    }
}
