import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns errors into a page in the person's language, with the right status, and never a stack trace.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let strings: Strings
    let assets: AssetNames

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
            switch error.status {
            case .notFound:
                return .html(page.message(titleKey: "notfound.title", textKey: "notfound.text"), status: .notFound)
            case .contentTooLarge:
                return .html(page.message(titleKey: "error.title", textKey: "error.too-large"), status: .contentTooLarge)
            case .requestTimeout:
                return .html(page.message(titleKey: "error.title", textKey: "error.timeout"), status: .requestTimeout)
            default:
                if error.status.code >= 500 { context.logger.error("request failed", metadata: ["status": "\(error.status.code)"]) }
                return .html(page.message(titleKey: "error.title", textKey: "error.text"), status: error.status)
            }
        } catch let error as HTTPParserError {
            // A body that cannot be parsed (a broken chunk): Hummingbird answers 400 and closes the connection,
            // which is right, since nothing after it can be read. The person's fault, not ours: no error log.
            context.logger.debug("request body could not be parsed")
            throw error
        } catch is NIOTooManyBytesError {
            let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
            return .html(page.message(titleKey: "error.title", textKey: "error.too-large"), status: .contentTooLarge)
        } catch {
            // Only the type: an error's text might carry what a person typed.
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
            return .html(page.message(titleKey: "error.title", textKey: "error.text"), status: .internalServerError)
        }
    }
}

extension Request {
    /// The language for this request (see ``Language/negotiate(query:cookie:acceptLanguage:)``).
    var language: Language {
        Language.negotiate(
            query: self.uri.queryParameters.get("lang"),
            cookie: self.cookies["lang"]?.value,
            acceptLanguage: self.headers[.acceptLanguage]
        )
    }
}
