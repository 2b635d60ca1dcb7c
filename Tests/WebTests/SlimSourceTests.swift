import Foundation
import Testing

@testable import Web

@Suite("The client's files as they are sent")
struct SlimSourceTests {
    @Test("whole-line comments, blank lines and indentation go; code and trailing comments stay")
    func slims() {
        let source = """
            // A comment.
            /** A doc
             * comment. */
            export function f(a) {
              const url = "ws://host"; // kept: not a whole line
                return a * 2;
            }

            /* one line */
            .x { color: red; }
            """
        let expected = "export function f(a) {\nconst url = \"ws://host\"; // kept: not a whole line\nreturn a * 2;\n}\n.x { color: red; }\n"
        #expect(SlimSource.slim(source) == expected)
    }

    @Test("the client's scripts have no string that spans lines, so slimming them cannot change one")
    func noMultiLineStrings() throws {
        let folder = URL(fileURLWithPath: TestApp.publicDirectory).appendingPathComponent("app")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".js") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (number, line) in text.split(separator: "\n").enumerated() {
                #expect(line.filter { $0 == "`" }.count % 2 == 0, "\(name):\(number + 1) opens a template literal it does not close")
            }
        }
    }
}
