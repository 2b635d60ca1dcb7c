import Foundation

/// The languages the house speaks. Bokmål first.
public enum Language: String, Sendable, CaseIterable {
    case nb
    case nn
    case en

    public static let `default` = Language.nb

    /// The language for a request: an explicit choice, then the saved choice, then the browser's wishes.
    static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(rawValue: query) { return language }
        if let cookie, let language = Language(rawValue: cookie) { return language }
        for part in (acceptLanguage ?? "").split(separator: ",").prefix(10) {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            switch tag.split(separator: "-").first.map(String.init) ?? "" {
            case "nb", "no": return .nb
            case "nn": return .nn
            case "en": return .en
            default: continue
            }
        }
        return .default
    }
}
