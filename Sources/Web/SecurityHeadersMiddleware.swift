import Hummingbird

/// Puts the house's security headers on every response.
///
/// No inline script, nothing from other sites, no framing, no referrer (invite tokens are in paths),
/// and no caching of pages that belong to a person or a room.
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
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[.init("Cross-Origin-Resource-Policy")!] = "same-origin"
        response.headers[.init("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
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
}
