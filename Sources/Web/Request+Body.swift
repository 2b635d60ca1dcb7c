import Hummingbird

extension Request {
    /// The request's body, at most `maxBytes`, and within `seconds`: a body sent a byte at a time must not
    /// hold a connection (and a task) for ever. Past the deadline the answer is 408.
    func collectBody(upTo maxBytes: Int, within seconds: Int64) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            group.addTask { try await self.body.collect(upTo: maxBytes) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw HTTPError(.requestTimeout)
            }
            defer { group.cancelAll() }
            guard let body = try await group.next() else { throw HTTPError(.requestTimeout) }
            return body
        }
    }
}
