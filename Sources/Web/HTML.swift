/// Minimal HTML building: every value from outside goes through ``escape(_:)``.
///
/// Both functions work on the text's UTF-8 bytes, never on its Characters. A browser's parser reads code
/// points, but a Swift Character is a grapheme cluster: a `<` after U+0D4E (a prepended mark) or a `>` before
/// U+0301 (a combining accent) is one Character that is not equal to "<" or ">", and a room name built so
/// once went out as a live `<meta http-equiv=refresh>`. In UTF-8 an ASCII byte is never part of another
/// code point, so a byte-wise pass finds every `<` the parser will see, and leaves every other byte as it was.
public enum HTML {
    /// Text for an element's content or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become
    /// `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`; every other byte is kept, so the text reads back exactly.
    public static func escape(_ text: String) -> String {
        Self.rewrite(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            default: nil
            }
        }
    }

    /// JSON meant to sit inside `<script type="application/json">`: every `<` becomes `\u003c`, so nothing in
    /// it can close the element or open a comment. JSON has `<` only inside strings, where `\u003c` means the same.
    public static func scriptData(_ json: String) -> String {
        Self.rewrite(json) { byte in byte == UInt8(ascii: "<") ? "\\u003c" : nil }
    }

    /// The text with each byte that `replacement` names replaced; the text itself when there is none.
    private static func rewrite(_ text: String, _ replacement: (UInt8) -> StaticString?) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { replacement($0) != nil }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + utf8.count / 8)
        for byte in utf8 {
            if let entity = replacement(byte) {
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
