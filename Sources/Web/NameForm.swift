import Moderation
import RoomServer

/// The parts a form shares with every other way in (an invite, a café): a name field and a box to tick
/// (the pledge, the house rules), with a refusal said next to what it is about, that field focused (so a
/// phone scrolls to it), and what the person already gave kept.
struct NameForm {
    let page: Page
    let fields: InviteForm
    /// The refusal's locale key, if any (with what fills it in), and whether it is about the box rather than the name.
    let errorKey: String?
    var values: [String: String] = [:]
    let aboutBox: Bool

    private var error: String {
        self.errorKey.map { "<span class=\"error\" id=\"form-error\" role=\"alert\">\(self.page.t($0, self.values))</span>" } ?? ""
    }

    private var nameError: Bool { self.errorKey != nil && !self.aboutBox }

    func nameField(label: String, hint: String) -> String {
        let describedBy = self.nameError ? "name-hint form-error" : "name-hint"
        let state = self.nameError ? " aria-invalid=\"true\" autofocus" : ""
        return """
            <p class="field"><label for="name">\(self.page.t(label))</label>
            <span class="hint" id="name-hint">\(self.page.t(hint))</span>
            \(self.nameError ? self.error : "")
            <input type="text" id="name" name="name" value="\(HTML.escape(self.fields.name ?? ""))" maxlength="\(Meeting.maxNameLength)" required autocomplete="nickname" aria-describedby="\(describedBy)"\(state)></p>
            """
    }

    /// The box to tick, posted as `pledge=yes`, in its own section with a heading and the words it is about.
    func box(id: String, heading: String, text: String, accept: String) -> String {
        let state = (self.fields.pledgeAccepted ? " checked" : "") + (self.aboutBox ? " aria-describedby=\"form-error\" autofocus" : "")
        return """
            <section class="pledge" aria-labelledby="\(id)-heading">
            <h2 id="\(id)-heading">\(self.page.t(heading))</h2>
            <p>\(self.page.t(text))</p>
            \(self.aboutBox ? "<p>\(self.error)</p>" : "")
            <p class="check"><input type="checkbox" id="\(id)" name="pledge" value="yes" required\(state)>
            <label for="\(id)">\(self.page.t(accept))</label></p>
            </section>
            """
    }
}
