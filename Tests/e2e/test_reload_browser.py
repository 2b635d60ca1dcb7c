"""A reload (an old phone reloading the tab after the SMS app, a pull to refresh): the browser asks first while
something is being written, and after it the room says plainly what is gone and gives what was said while the page
loaded. Nothing said, and no draft, is put in the browser's storage on the way (docs/PRIVACY.md, «A reload»)."""

from playwright.sync_api import expect

from test_browser import browser, enter, make_invite, no_script_errors, phone, shot, stored_text, write  # noqa: F401


def test_a_reload_asks_first_with_a_draft_and_then_says_what_is_gone_and_gives_what_was_missed(house, browser):
    room, host_link = house.create_room(name="Omlasting")
    host = phone(browser)
    enter(host, host_link, "Igangsetter")
    kari = phone(browser)
    enter(kari, make_invite(host), "Kari")
    write(host, "Sagt før omlastingen")
    expect(kari.locator("#log")).to_contain_text("Sagt før omlastingen")
    kari.get_by_label("Skriv til gruppa").fill("Et utkast som aldri skal lagres")

    # What a reload keeps for the next page: where it was, and whether there was a draft; never the words.
    kari.evaluate("dispatchEvent(new Event('pagehide'))")
    kept = stored_text(kari)
    assert "rs.reload." in kept and '\\"draft\\":true' in kept, kept
    assert "utkast" not in kept and "Sagt før" not in kept, kept

    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.accept()

    kari.on("dialog", answer)
    kari.reload(wait_until="commit")
    write(host, "Sagt mens siden lastet")

    assert asked == ["beforeunload"]
    expect(kari.locator("#log")).to_contain_text("Siden ble lastet inn på nytt", timeout=30_000)
    expect(kari.locator("#log")).to_contain_text("Det du holdt på å skrive, ble heller ikke tatt vare på.")
    expect(kari.locator("#log")).to_contain_text("Sagt mens siden lastet")
    assert "Sagt før omlastingen" not in kari.locator("#log").inner_text()
    expect(kari.get_by_label("Skriv til gruppa")).to_have_value("")
    # Read back and deleted at once.
    assert "rs.reload." not in stored_text(kari)
    # For the others it was a moment's drop-off, not a leaving.
    assert "Kari gikk ut" not in host.locator("#log").inner_text()
    shot(kari, "reload-after")

    # With nothing being written, a reload does not ask.
    kari.reload()
    expect(kari.locator("#log")).to_contain_text("Siden ble lastet inn på nytt", timeout=30_000)
    assert "Det du holdt på å skrive" not in kari.locator("#log").inner_text()
    assert asked == ["beforeunload"]


def test_after_leaving_the_room_a_reload_starts_afresh(house, browser):
    room, host_link = house.create_room(name="Ut og inn")
    host = phone(browser)
    enter(host, host_link, "Igangsetter")
    host.evaluate("dispatchEvent(new Event('pagehide'))")
    assert "rs.reload." in stored_text(host)
    host.get_by_role("button", name="Meny").click()
    host.get_by_role("button", name="Gå ut av rommet").click()
    host.get_by_role("button", name="Ja, gå ut").click()
    assert "rs.reload." not in stored_text(host)
    host.evaluate("dispatchEvent(new Event('pagehide'))")
    assert "rs.reload." not in stored_text(host)
