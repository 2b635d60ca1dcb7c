/// Why the meeting did not do what a member asked.
///
/// The raw value is the code on the wire; the client turns it into a sentence in the
/// person's language.
public enum Refusal: String, Error, Sendable, Equatable, CaseIterable {
    /// Only someone present in the meeting can do that.
    case notPresent = "not-present"
    /// A message with nothing in it.
    case emptyMessage = "empty"
    /// A message longer than ``Meeting/maxMessageLength``.
    case messageTooLong = "too-long"
    /// Someone who is already present tried to join again.
    case alreadyPresent = "already-present"
}
