import Hummingbird

/// Puts the house's security headers on every response.
///
/// No inline script, nothing from other sites, no framing, no referrer (invite tokens are in paths),
/// and no caching of pages that belong to a person or a room.
///
/// A script, a stylesheet or a PNG icon is never a document, so the headers that only a document heeds (the CSP,
/// framing, the opener, permissions, the referrer) would be 420 bytes of every one of the dozen files a slow phone
/// loads with the room: those get only what a subresource heeds, `nosniff` and `Cross-Origin-Resource-Policy`. Everything
/// else, HTML, SVG (which can run script when opened by itself), JSON and every error, gets them all.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether the house is served over HTTPS (its public address says so): then browsers are told to use nothing else.
    var strictTransport = false

    static var contentSecurityPolicy: String {
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Cross-Origin-Resource-Policy")!] = "same-origin"
        if !Self.isSubresource(response) {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.init("Referrer-Policy")!] = "no-referrer"
            response.headers[.init("X-Frame-Options")!] = "DENY"
            response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
            response.headers[.init("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        }
        if self.strictTransport {
            response.headers[.init("Strict-Transport-Security")!] = "max-age=31536000"
        }
        let path = request.uri.path
        if response.headers[.cacheControl] != nil {
            // The client's files say it themselves (a content-hashed address is kept for a year).
        } else if path.hasPrefix("/app/") || path.hasPrefix("/locales/") {
            // Revalidate every time: small files, and an old script must never meet a new server.
            response.headers[.cacheControl] = "no-cache"
        } else {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }

    /// A successful script, stylesheet or PNG: loaded by a page, never shown as a document of its own.
    static func isSubresource(_ response: Response) -> Bool {
        guard response.status == .ok, let type = response.headers[.contentType]?.lowercased() else { return false }
        return type.hasPrefix("text/javascript") || type.hasPrefix("application/javascript") || type.hasPrefix("text/css")
            || type.hasPrefix("image/png")
    }
}
