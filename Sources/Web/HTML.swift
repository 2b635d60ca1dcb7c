import Foundation

/// Minimal HTML building: every value from outside goes through ``escape(_:)``.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Text meant to sit inside `<script type="application/json">`: `<` is escaped so it can never close the tag.
    static func scriptData(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}
