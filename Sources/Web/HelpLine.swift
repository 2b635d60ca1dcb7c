/// The acute-help line at the foot of every page, with its phone numbers as links a phone can call.
///
/// The words and the numbers stay in the locale files, where a house changes them: a number is
/// written in square brackets there ("ring [113]"). Only digits and spaces, with an optional leading
/// `+`, make a number; anything else in brackets is shown as written.
enum HelpLine {
    /// At most this many characters between the brackets: longer is not a phone number.
    static let maxNumberLength = 20

    /// `escaped` is the locale text, already HTML-escaped: brackets, digits and spaces pass escaping
    /// unchanged, and nothing else from the text reaches the link's address.
    static func html(_ escaped: String) -> String {
        var out = ""
        var rest = escaped[...]
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            out += rest[..<open]
            let shown = rest[rest.index(after: open)..<close]
            if let number = Self.dialled(shown) {
                out += "<a href=\"tel:\(number)\">\(shown)</a>"
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// "116 123" → "116123"; nil for anything that is not a phone number.
    static func dialled(_ shown: Substring) -> String? {
        let international = shown.hasPrefix("+")
        let body = international ? shown.dropFirst() : shown
        guard shown.count <= Self.maxNumberLength, body.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == " " }) else { return nil }
        let digits = body.filter { $0 != " " }
        guard digits.count >= 2 else { return nil }
        return (international ? "+" : "") + digits
    }
}
