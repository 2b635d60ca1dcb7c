import Hummingbird
import NIOCore

/// The context of the house's pages: Hummingbird's, plus the peer's address, which only the café code's
/// guessing limit reads (in memory, salted and hashed, never written anywhere; docs/SECURITY.md).
struct HouseRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
