import Testing
import Web

@Suite("The invite form as posted")
struct InviteFormTests {
    @Test("a browser's form gives the name and the pledge")
    func ordinary() {
        #expect(InviteForm.decode("name=Kari&pledge=yes") == InviteForm(name: "Kari", pledge: "yes"))
        #expect(InviteForm.decode("pledge=yes&name=Bj%C3%B8rn-%C3%98yvind") == InviteForm(name: "Bjørn-Øyvind", pledge: "yes"))
        #expect(InviteForm.decode("name=Mai+Linh").name == "Mai Linh")
        #expect(InviteForm.decode("name=Kari&pledge=yes").pledgeAccepted)
        #expect(!InviteForm.decode("name=Kari&pledge=on").pledgeAccepted)
        #expect(InviteForm.decode("name=Kari&other=x") == InviteForm(name: "Kari"))
    }

    @Test(
        "anything that is not a plain form counts as an empty form",
        arguments: ["", "%", "name=%zz", "name=%", "name=a&name=b", "name[x]=a", "name[]=a&name[]=b", "&&&", "=", "==&=", "name"]
    )
    func notAForm(body: String) {
        #expect(InviteForm.decode(body) == InviteForm())
    }

    @Test("odd but well-formed values arrive as they are, for the name check to judge")
    func oddValues() {
        #expect(InviteForm.decode("name=a=b").name == "a=b")
        #expect(InviteForm.decode("name=%00").name == "\u{0000}")
        #expect(InviteForm.decode("name=%C3").name == "\u{FFFD}")
        #expect(InviteForm.decode("pledge=yes&name=") == InviteForm(name: "", pledge: "yes"))
    }
}
