/// Something a member asks the meeting to do.
public enum Command: Sendable, Equatable {
    /// The member arrives (their first connection opens).
    case join(name: String, role: Role)
    /// The member leaves (their last connection closes).
    case leave
    /// The member writes a message to everyone present.
    case say(String)
    /// The member is writing; the others may see "X skriver ...".
    case typing
}
