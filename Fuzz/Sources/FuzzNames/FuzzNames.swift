import RoomServer
import Web

/// The invite form's body (at most 4 KiB, as the route reads it): decoded, its name checked, the name's key made.
/// The same bytes are also tried as a name typed straight in, so the fuzzer need not learn percent-encoding first.
///
/// Run with `-max_len=4096`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let form = InviteForm.decode(text)
    check(name: form.name ?? "")
    check(name: text)
    return 0
}

/// What the rest of the house relies on about a name that passed, and about any name's key.
private func check(name raw: String) {
    let key = NameKey(raw)
    precondition(NameKey(key.value) == key, "a key is not its own key")
    guard case .success(let name) = DisplayName.validate(raw) else { return }
    precondition(!name.isEmpty, "an empty name passed")
    precondition(name.count <= 40 && name.utf8.count <= DisplayName.maxBytes, "a name over the bounds passed")  // 40: Meeting.maxNameLength
    precondition(NameKey(name).hasLetterOrNumber, "a name without a visible letter or digit passed")
    if raw.unicodeScalars.count <= NameKey.maxScalars {
        precondition(NameKey(name) == key, "taking hidden characters out changed the key")
    }
    precondition(DisplayName.validate(name) == .success(name), "a valid name is not valid as it is shown")
}
