"""A round in real browsers: three people, one speaker at a time, done and pass."""

from playwright.sync_api import expect

from test_browser import accessible, browser, enter, make_invite, no_script_errors, phone, shot, write  # noqa: F401


def test_a_round_gives_the_floor_to_one_at_a_time_and_keeps_the_others_drafts(house, browser):  # noqa: F811
    room, host_link = house.create_room(name="Onsdagsgruppa")
    host = phone(browser)
    enter(host, host_link, "Vert")
    kari = phone(browser)
    enter(kari, make_invite(host), "Kari")
    ola = phone(browser)
    enter(ola, make_invite(host), "Ola")

    # Kari starts writing before the round: her words must survive it.
    kari.get_by_label("Skriv til gruppa").fill("Noe jeg har tenkt på")

    controls = host.get_by_role("button", name="Styr møtet")
    controls.click()
    # Before the start, starting is all there is to do; members have no controls at all.
    expect(host.get_by_role("button", name="Avslutt runden")).to_be_hidden()
    expect(host.get_by_role("button", name="Fortsett nå")).to_be_hidden()
    expect(kari.locator("#controls")).to_be_hidden()
    expect(kari.get_by_role("button", name="Styr møtet")).to_be_hidden()
    host.get_by_role("button", name="Start møtet").click()
    # Acting closes the panel, so the host sees what happened.
    expect(host.locator("#controls")).to_be_hidden()
    expect(kari.locator("#clock")).to_contain_text("igjen av møtet")
    controls.click()
    expect(host.get_by_role("button", name="Start møtet")).to_be_hidden()
    host.get_by_label("Runde", exact=True).select_option("how-am-i")
    host.get_by_role("button", name="Start runden").click()

    # Everyone sees the prompt and who has the floor; only the host may write.
    for page in (host, kari, ola):
        expect(page.locator("#round-prompt")).to_have_text("Hvordan har jeg det akkurat nå?")
        expect(page.locator("#round-order .speaking")).to_contain_text("Vert")
    expect(host.locator("#your-turn")).to_be_visible()
    expect(ola.locator("#round-next")).to_have_text("Neste: Kari")
    expect(kari.locator("#your-turn")).to_be_hidden()
    # Waiting, Kari can go on writing; only sending waits, and the button says why.
    expect(kari.get_by_label("Skriv til gruppa")).to_be_enabled()
    expect(kari.get_by_label("Skriv til gruppa")).to_have_value("Noe jeg har tenkt på")
    expect(kari.locator("#send")).to_be_disabled()
    expect(kari.locator("#send")).to_have_text("Venter på tur")
    expect(kari.locator("#waiting")).to_have_text("Vert har ordet – du er neste.")
    expect(kari.locator("#composer-wait")).to_contain_text("Vent til det er din tur")
    shot(host, "10-round-speaker")
    shot(kari, "11-round-waiting")
    accessible(kari, "room in a round (waiting)")
    accessible(host, "room in a round (speaker)")

    # In a round, Ferdig sends the share and ends it.
    host.get_by_label("Skriv til gruppa").fill("Jeg har det greit i dag.")
    host.get_by_role("button", name="Ferdig").click()
    expect(ola.locator("#log")).to_contain_text("Jeg har det greit i dag.")

    # Kari's turn: her draft is still there, and she may now send it.
    expect(kari.locator("#your-turn")).to_be_visible()
    box = kari.get_by_label("Skriv til gruppa")
    expect(box).to_be_enabled()
    expect(box).to_have_value("Noe jeg har tenkt på")
    # Said at the writing box, and read out once through the hidden news line, not in the status line too.
    expect(kari.locator("#news")).to_contain_text("Din tur")
    shot(kari, "12-round-your-turn")
    kari.get_by_role("button", name="Ferdig").click()
    expect(host.locator("#log")).to_contain_text("Noe jeg har tenkt på")
    expect(host.locator("#send")).to_be_disabled()

    # Ola's turn; he passes before writing anything, and the round ends.
    expect(ola.locator("#round-order .speaking")).to_contain_text("Ola")
    expect(host.locator("#waiting")).to_contain_text("Ola har ordet")
    expect(host.locator("#news")).to_contain_text("Ola har ordet")
    ola.get_by_role("button", name="Står over").click()
    expect(kari.locator("#round")).to_be_hidden()
    expect(kari.locator("#status")).to_contain_text("Runden er ferdig")
    expect(kari.get_by_label("Skriv til gruppa")).to_be_enabled()

    # One at a time: a raised hand gets the floor, the others wait with their drafts.
    ola.get_by_label("Skriv til gruppa").fill("Jeg venter på ordet")
    controls.click()
    host.get_by_label("Én om gangen, med talerliste").check()
    expect(ola.locator("#free")).to_be_visible()
    expect(ola.locator("#send")).to_be_disabled()
    expect(ola.locator("#composer-wait")).to_contain_text("Rekk opp hånda")
    kari.get_by_role("button", name="Rekk opp hånda").click()
    expect(host.locator("#queue")).to_contain_text("Talerliste: Kari")
    expect(kari.locator("#send")).to_be_enabled()
    write(kari, "Takk for ordet.")
    expect(ola.locator("#log")).to_contain_text("Takk for ordet.")
    shot(kari, "13-one-at-a-time")
    kari.locator("#free-done").click()
    expect(host.locator("#queue")).to_contain_text("Ingen har rukket opp hånda")
    expect(ola.get_by_label("Skriv til gruppa")).to_have_value("Jeg venter på ordet")
    controls.click()
    host.get_by_label("Én om gangen, med talerliste").uncheck()
    expect(ola.locator("#send")).to_be_enabled()
    ola.get_by_label("Skriv til gruppa").fill("")

    # A break: everyone sees the same countdown; nobody writes.
    controls.click()
    host.get_by_role("button", name="5 min", exact=True).click()
    expect(ola.locator("#break-clock")).to_have_text(__import__("re").compile(r"^[45]:\d\d$"))
    expect(ola.locator("#send")).to_be_disabled()
    shot(ola, "15-break")
    accessible(ola, "room on a break")
    controls.click()
    host.get_by_role("button", name="Fortsett nå").click()
    expect(ola.locator("#break")).to_be_hidden()

    # The end: asked first, then every screen is cleared and says thank you.
    controls.click()
    host.get_by_role("button", name="Avslutt møtet").click()
    expect(host.get_by_role("alertdialog")).to_contain_text("avslutte møtet for alle")
    host.get_by_role("button", name="Ja, avslutt møtet").click()
    for page in (host, kari, ola):
        expect(page.locator("#ended")).to_be_visible()
        expect(page.locator("#ended")).to_contain_text("Takk for i dag")
        expect(page.locator("#log")).not_to_contain_text("Jeg har det greit i dag.")
        assert "Jeg har det greit i dag." not in page.content()
    shot(kari, "16-ended")
    accessible(kari, "room after the meeting")
