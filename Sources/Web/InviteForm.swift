import Hummingbird

/// The fields the invite page posts: the chosen name and the pledge's check box.
///
/// Public so that the fuzz targets in Fuzz/ can feed it any bytes; the body it decodes is already
/// bounded (``InviteRoutes/maxFormBytes``) by the route that reads it.
public struct InviteForm: Decodable, Equatable, Sendable {
    public var name: String?
    public var pledge: String?

    public init(name: String? = nil, pledge: String? = nil) {
        self.name = name
        self.pledge = pledge
    }

    /// Whether the pledge's check box was ticked.
    public var pledgeAccepted: Bool { self.pledge == "yes" }

    /// The form in a posted `application/x-www-form-urlencoded` body.
    ///
    /// A body that is not a form (bad percent escapes, a field given twice, nested keys) counts as an
    /// empty form: the person then sees the form again with a reason, which is all they can act on.
    /// The decoder's error is dropped unread, because it quotes the input, and the input is a name.
    public static func decode(_ body: String) -> InviteForm {
        (try? URLEncodedFormDecoder().decode(InviteForm.self, from: body)) ?? InviteForm()
    }
}
