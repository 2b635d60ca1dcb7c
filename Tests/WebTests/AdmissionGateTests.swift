import Testing

@testable import Web

@Suite("Letting members in a few at a time")
struct AdmissionGateTests {
    /// Who got in, in order.
    actor Entered {
        var order: [Int] = []
        func add(_ person: Int) { self.order.append(person) }
    }

    private func until(_ condition: () async -> Bool) async {
        while await !condition() { await Task.yield() }
    }

    @Test("no more than the gate's width are in at once; the others wait, and go in the order they came as places free")
    func widthAndOrder() async {
        let gate = AdmissionGate(width: 2)
        await gate.enter()
        await gate.enter()
        let entered = Entered()
        var waiting: [Task<Void, Never>] = []
        for person in 0..<3 {
            waiting.append(
                Task {
                    await gate.enter()
                    await entered.add(person)
                }
            )
            await self.until { gate.waiting == person + 1 }
        }
        #expect(await entered.order.isEmpty)
        for freed in 1...3 {
            gate.leave()
            await self.until { await entered.order.count == freed }
        }
        #expect(await entered.order == [0, 1, 2])
        #expect(gate.waiting == 0)
        for task in waiting { await task.value }
    }
}
