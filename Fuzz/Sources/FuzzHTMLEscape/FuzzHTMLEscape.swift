import Web

/// Any text a stranger can put on a page (a room's name, a label, a name typed into a form), escaped for HTML:
/// no byte of it can open or close a tag or a quoted attribute, every `&` starts an entity the escape emits,
/// and the text reads back exactly. The same text as JSON data in a page: no `<` left to close its element.
///
/// The bytes are taken as UTF-8, as a request's are: broken sequences become U+FFFD, as the house sees them.
/// Run with `-max_len=4096`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLEscape(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let escaped = Array(HTML.escape(text).utf8)
    precondition(!escaped.contains(where: markup.contains), "a raw < > \" or ' came through the escape")
    precondition(unescape(escaped) == Array(text.utf8), "the escaped text does not read back as it was")

    let data = Array(HTML.scriptData(text).utf8)
    precondition(!data.contains(UInt8(ascii: "<")), "a raw < came through into script data")
    return 0
}

private let markup: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")]

/// The five entities ``HTML/escape(_:)`` emits, written out here on their own so the fuzzer does not check
/// the escape against itself.
private let entities: [(entity: [UInt8], byte: UInt8)] = [
    (Array("&amp;".utf8), UInt8(ascii: "&")),
    (Array("&lt;".utf8), UInt8(ascii: "<")),
    (Array("&gt;".utf8), UInt8(ascii: ">")),
    (Array("&quot;".utf8), UInt8(ascii: "\"")),
    (Array("&#39;".utf8), UInt8(ascii: "'")),
]

/// The bytes with each entity read back; any other `&` fails.
private func unescape(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "&") else {
            out.append(bytes[index])
            index += 1
            continue
        }
        guard let (entity, byte) = entities.first(where: { bytes[index...].starts(with: $0.entity) }) else {
            preconditionFailure("an & that starts no entity the escape emits")
        }
        out.append(byte)
        index += entity.count
    }
    return out
}
