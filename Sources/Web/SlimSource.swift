/// The client's scripts and stylesheet as they are sent: without whole-line comments, blank lines and
/// indentation, which a slow phone would otherwise download (about a quarter of the bytes, gzipped).
///
/// Conservative on purpose: only whole lines are dropped and only leading white space is cut, so no code
/// changes meaning (the client's files have no multi-line strings; a test keeps it so). The files in
/// Public/ keep their comments for the people who read them.
enum SlimSource {
    static func slim(_ source: String) -> String {
        var kept: [Substring] = []
        var inBlockComment = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if inBlockComment {
                if trimmed.hasSuffix("*/") { inBlockComment = false }
                continue
            }
            if trimmed.hasPrefix("/*") {
                if !trimmed.hasSuffix("*/") { inBlockComment = true }
                continue
            }
            if trimmed.hasPrefix("//") || trimmed.isEmpty { continue }
            kept.append(trimmed)
        }
        return kept.joined(separator: "\n") + "\n"
    }
}
