/// What a link preview's fetcher reads of a page: its title, its meta tags (Open Graph among them) and its
/// headings, as sent, with no script run.
///
/// Read from the page's bytes, never its Characters: a `<` joined to a mark before it is one Character
/// with that mark (HTMLEscapeTests), and a search by Characters would not find the tag a browser sees.
struct FetcherView {
    let title: [String]
    let metas: [String]
    let headings: [String]

    init(_ html: String) {
        self.title = Self.elements(in: html, open: "<title", close: "</title>")
        self.metas = Self.elements(in: html, open: "<meta", close: ">")
        self.headings = (1...6).flatMap { Self.elements(in: html, open: "<h\($0)", close: "</h\($0)>") }
    }

    /// Every part a preview reads, each as written in the page (tags, attributes, entities and all).
    var parts: [String] { self.title + self.metas + self.headings }

    /// Whether `text` appears in any part, as written or escaped.
    func mentions(_ text: String) -> Bool {
        self.parts.contains { $0.containsBytes(of: text) || $0.containsBytes(of: text.replacing("'", with: "&#39;")) }
    }

    /// Each stretch from an `open` to the next `close` after it, both included.
    private static func elements(in html: String, open: String, close: String) -> [String] {
        let bytes = Array(html.utf8)
        let (open, close) = (Array(open.utf8), Array(close.utf8))
        var found: [String] = []
        var index = 0
        while let start = bytes.firstRange(of: open, from: index) {
            guard let end = bytes.firstRange(of: close, from: start.upperBound) else { break }
            found.append(String(decoding: bytes[start.lowerBound..<end.upperBound], as: UTF8.self))
            index = end.upperBound
        }
        return found
    }
}

extension String {
    /// Whether `other`'s UTF-8 bytes occur in this string's, wherever they fall among its Characters.
    func containsBytes(of other: String) -> Bool {
        Array(self.utf8).firstRange(of: Array(other.utf8), from: 0) != nil
    }
}

extension Array where Element == UInt8 {
    fileprivate func firstRange(of needle: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, self.count >= needle.count, start <= self.count - needle.count else { return nil }
        for index in start...(self.count - needle.count) where self[index..<(index + needle.count)].elementsEqual(needle) {
            return index..<(index + needle.count)
        }
        return nil
    }
}
