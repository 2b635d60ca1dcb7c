import CompressNIO
import Hummingbird

/// A server-rendered page: the same frame around every page, the words from the locale files.
struct Page {
    let strings: Strings
    let language: Language
    let path: String
    /// The client files' content-hashed addresses, so a returning phone asks for none of them again.
    let assets: AssetNames

    func t(_ key: String, _ values: [String: String] = [:]) -> String {
        HTML.escape(self.strings.text(key, self.language, values))
    }

    /// The whole document. `body` is already escaped HTML; `manifest` is the address of a web app manifest, for a
    /// page a person may add to the home screen; `preload` lists the modules the scripts import, fetched at once
    /// instead of one round trip later (on slow 3G a round trip is most of a second). Only a page that is the
    /// same for everyone (`indexed`, the front page) may be found by a search engine.
    ///
    /// `title` is what a messaging app's link preview shows, on a lock screen, to whoever is near the phone: it
    /// never names a room or a person on a page that a link leads to (docs/PRIVACY.md, «Link previews»). The
    /// preview's tags say the same title and the house's own description, so no app falls back to the page's text.
    func render(
        title: String,
        body: String,
        bodyClass: String = "page",
        scripts: [String] = [],
        data: String? = nil,
        manifest: String? = nil,
        preload: [String] = [],
        indexed: Bool = false
    ) -> String {
        let scriptTags = scripts.map { "<script type=\"module\" src=\"\(self.assets($0))\"></script>" }.joined()
        let preloadTags = preload.map { "<link rel=\"modulepreload\" href=\"\(self.assets($0))\">" }.joined()
        // Older iPhones read only apple-touch-icon for the home screen, not the manifest's icons.
        let manifestTag =
            manifest.map {
                "<link rel=\"manifest\" href=\"\(HTML.escape($0))\" crossorigin=\"use-credentials\">\n<link rel=\"apple-touch-icon\" href=\"\(self.assets("/app/icon-192.png"))\">\n"
            } ?? ""
        let dataTag = data.map { "<script type=\"application/json\" id=\"strings\">\(HTML.scriptData($0))</script>" } ?? ""
        let fullTitle = "\(HTML.escape(title)) · \(self.t("house.title"))"
        let robots = indexed ? "" : "<meta name=\"robots\" content=\"noindex\">\n"
        return """
            <!doctype html>
            <html lang="\(self.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            \(robots)<meta name="description" content="\(self.t("house.tagline"))">
            <meta property="og:site_name" content="\(self.t("house.title"))">
            <meta property="og:title" content="\(fullTitle)">
            <meta property="og:description" content="\(self.t("house.tagline"))">
            <title>\(fullTitle)</title>
            <link rel="stylesheet" href="\(self.assets("/app/style.css"))">
            <link rel="icon" href="\(self.assets("/app/icon.svg"))" type="image/svg+xml">
            \(manifestTag)\(dataTag)\(scriptTags)\(preloadTags)
            </head>
            <body class="\(bodyClass)">
            <a class="skip" href="#main">\(self.t("skip.main"))</a>
            <header class="top">
            <p class="house"><a href="/">\(self.t("house.title"))</a></p>
            \(self.languagePicker())
            </header>
            <main id="main">
            \(body)
            </main>
            <footer class="help"><p>\(HelpLine.html(self.t("help.line")))</p></footer>
            </body>
            </html>
            """
    }

    /// Links to the same page in the other languages; following one also saves the choice.
    ///
    /// Query-only links: they stay on this page whatever its address, so a path like `//other.example/x`
    /// can never turn into a link to another site.
    func languagePicker() -> String {
        let links = Language.allCases.map { language -> String in
            let name = HTML.escape(self.strings.text("lang.name", language))
            if language == self.language {
                return "<li><span aria-current=\"true\" lang=\"\(language.rawValue)\">\(name)</span></li>"
            }
            return
                "<li><a href=\"?lang=\(language.rawValue)\" lang=\"\(language.rawValue)\" hreflang=\"\(language.rawValue)\">\(name)</a></li>"
        }
        return "<nav class=\"langs\" aria-label=\"\(self.t("lang.choose"))\"><ul>\(links.joined())</ul></nav>"
    }

    /// The page's heading, which names the room only in a browser: as sent it says `plainKey`'s words, and
    /// Public/app/heading.js (``namedHeadingScript``) puts `namedKey`'s, with the room's name, in their place.
    ///
    /// A messaging app's link preview reads the page without running it, and a group's name («Angstgruppe
    /// torsdag») on a lock screen is health information. The name rides in an attribute, which no preview
    /// shows and no text extractor reads, on a box around the heading rather than the heading itself. A phone
    /// without script keeps the plain words; the room itself needs script, so it loses nothing it could use.
    func namedHeading(_ plainKey: String, _ namedKey: String, room: String) -> String {
        "<div id=\"named\" data-heading=\"\(self.t(namedKey, ["room": room]))\"><h1>\(self.t(plainKey))</h1></div>"
    }

    /// The script that fills in ``namedHeading(_:_:room:)``.
    static let namedHeadingScript = "/app/heading.js"

    /// A page that says what happened and what to do next.
    func message(titleKey: String, textKey: String, values: [String: String] = [:]) -> String {
        self.render(
            title: self.strings.text(titleKey, self.language),
            body: """
                <h1>\(self.t(titleKey))</h1>
                <p>\(self.t(textKey, values))</p>
                <p><a href="/">\(self.t("back.home"))</a></p>
                """
        )
    }
}

extension Response {
    /// An HTML page with the given status; gzipped when the request takes it and it is worth it.
    /// A 429 (or 503) that says when to try again, as its words do: `Retry-After` in seconds.
    static func html(_ body: String, status: HTTPResponse.Status, retryAfter seconds: Int, for request: Request? = nil) -> Response {
        var response = Self.html(body, status: status, for: request)
        response.headers[.retryAfter] = String(max(1, seconds))
        return response
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok, for request: Request? = nil) -> Response {
        var buffer = ByteBuffer(string: body)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .vary: "Accept-Encoding"]
        if let request, buffer.readableBytes > 1024, acceptsGzip(request), let compressed = try? buffer.compress(with: .gzip()) {
            buffer = compressed
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }
}
