"""A new phone keeps the name: the host makes a link for Anne's new phone from the member list; opening it on the
new phone moves her membership (same name, same role), the old phone's key stops working at once, and the group
reads «Anne er med fra en ny telefon», never that anyone was removed."""

import re

from playwright.sync_api import expect

from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors, phone, shot  # noqa: F401


def new_phone_link(host, name):
    if host.locator("#people").is_hidden():
        host.get_by_role("button", name="Meny").click()
    if host.locator("#members-box").is_hidden():
        host.get_by_role("button", name="Vis alle medlemmer").click()
    entry = host.locator("#members li", has_text=name)
    expect(entry).to_contain_text(re.compile(r"telefon fra \d+\. \w+ \d{4}"))
    before = host.locator("#invite-link").input_value()
    entry.get_by_role("button", name="Lenke til ny telefon").click()
    link = host.locator("#invite-link")
    expect(link).not_to_have_value(before or "-")
    expect(link).to_have_value(re.compile(r"/i/"))
    # What goes with the link says what it is, and names neither the group nor the person.
    expect(host.locator("#invite-message")).to_contain_text("lenken til din nye telefon")
    value = link.input_value()
    host.locator("#people .close-panel").click()
    return value


def test_a_new_phone_keeps_the_name_and_the_old_key_dies(house, browser):
    room, host_link = house.create_room(name="Torsdagsgruppa")
    host = phone(browser)
    enter(host, host_link, "Vert")
    anne_old = phone(browser)
    enter(anne_old, make_invite(host), "Anne")
    ola = phone(browser)
    enter(ola, make_invite(host), "Ola")

    link = new_phone_link(host, "Anne")
    anne_new = phone(browser)
    anne_new.goto(link)
    # A link preview learns nothing: no room, no name.
    expect(anne_new).to_have_title(re.compile("^Ny telefon"))
    assert "Torsdagsgruppa" not in anne_new.content() and "Anne" not in anne_new.content()
    accessible(anne_new, "new phone page")
    shot(anne_new, "new-phone-1-page")
    anne_new.get_by_role("button", name="Bruk denne telefonen").click()
    expect(anne_new.locator("#status")).to_contain_text("Du er inne i Torsdagsgruppa", timeout=30_000)

    # The old phone is told, in words, and shows nothing of the group any more.
    expect(anne_old.locator("#closed-text")).to_contain_text("fra en annen telefon eller nettleser", timeout=15_000)
    expect(anne_old.locator("#log")).to_be_hidden()
    # The group hears it as what it is.
    expect(ola.locator("#log")).to_contain_text("Anne er med fra en ny telefon.")
    for page in (ola, host):
        text = page.locator("#log").inner_text()
        assert "ut av gruppa" not in text and "tok Anne" not in text, text
    shot(ola, "new-phone-2-others")

    # Same name, one member: the list has one Anne, her phone from today.
    host.get_by_role("button", name="Meny").click()
    host.get_by_role("button", name="Vis alle medlemmer").click()
    expect(host.locator("#members li", has_text="Anne")).to_have_count(1)
    host.locator("#people .close-panel").click()

    # The old key is refused: a reload of the old phone says what to do.
    anne_old.reload()
    expect(anne_old.locator("#closed-text")).to_contain_text("lenke til ny telefon", timeout=30_000)
    # The link works once: opened again on the new phone, it goes straight into the room.
    anne_new.goto(link)
    expect(anne_new.locator("#status")).to_contain_text("Du er inne i", timeout=30_000)
    assert ERRORS == []


def test_a_member_may_not_make_a_new_phone_link_in_a_hosted_group(house, browser):
    room, host_link = house.create_room(name="Vertsgruppe")
    host = phone(browser)
    enter(host, host_link, "Vert")
    kari = phone(browser)
    enter(kari, make_invite(host), "Kari")
    kari.get_by_role("button", name="Meny").click()
    expect(kari.get_by_role("button", name="Lenke til ny telefon")).to_have_count(0)


def test_the_host_member_list_follows_a_removal(house, browser):
    room, host_link = house.create_room(name="Liste")
    host = phone(browser)
    enter(host, host_link, "Vert")
    ola = phone(browser)
    enter(ola, make_invite(host), "Ola")
    host.get_by_role("button", name="Meny").click()
    host.get_by_role("button", name="Vis alle medlemmer").click()
    entry = host.locator("#members li", has_text="Ola")
    expect(entry).to_have_count(1)
    entry.get_by_role("button", name="Ta ut av gruppa").click()
    host.locator("#ask-yes").click()
    # The open list is asked for again: nobody is shown who is no longer in the group.
    expect(host.locator("#members li", has_text="Ola")).to_have_count(0)
    expect(host.locator("#members li", has_text="Vert")).to_have_count(1)


def test_a_browser_already_in_the_group_is_not_offered_someone_elses_new_phone(house, browser):
    """The SMS went to the wrong person: Per's browser, already in the group, opens the link made for Ola's new
    phone. It must not quietly become Ola (and leave Per's membership with no browser)."""
    room, host_link = house.create_room(name="Onsdagsgruppa")
    host = phone(browser)
    enter(host, host_link, "Vert")
    ola = phone(browser)
    enter(ola, make_invite(host), "Ola")
    per = phone(browser)
    enter(per, make_invite(host), "Per")
    link = new_phone_link(host, "Ola")
    per.goto(link)
    expect(per.locator("main")).to_contain_text("allerede med i gruppa")
    expect(per.get_by_role("button", name="Bruk denne telefonen")).to_have_count(0)
    per.goto(f"{house.base}/r/{room}")
    expect(per.locator("#status")).to_contain_text("Du er inne i", timeout=30_000)
    expect(per.locator("#present")).to_contain_text("Per")
    # The link still works where it belongs.
    ola_new = phone(browser)
    ola_new.goto(link)
    ola_new.get_by_role("button", name="Bruk denne telefonen").click()
    expect(ola_new.locator("#status")).to_contain_text("Du er inne i", timeout=30_000)
