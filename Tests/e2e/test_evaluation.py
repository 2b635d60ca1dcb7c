"""The evaluation when a meeting ends: answered once by those present, added to the room's totals for the
month, and shown on the house page only for a month that is over and had at least five answers."""

import sqlite3
import time

from test_house_page import Admin, house_link
from test_socket import members
from wsclient import run


def answer_rows(house):
    db = sqlite3.connect(house.data / "house.sqlite")
    try:
        return db.execute("SELECT roomId, month, question, answer, answers FROM answerTally ORDER BY question, answer").fetchall()
    finally:
        db.close()


def test_answers_change_only_the_months_totals_and_tie_to_nobody(house):
    async def meeting():
        room, (kari, ola, per, siri) = members(house, 4)
        for member in (kari, ola, per):
            await member.connect()
        await kari.send({"t": "meeting.start"})
        await kari.expect("state")
        # Asked only after the meeting ended, and only those present then.
        await ola.send({"t": "evaluate", "answers": {"useful": "yes"}})
        await ola.expect("error", code="not-asked")
        await kari.send({"t": "meeting.end"})
        await kari.expect("state")
        await kari.send({"t": "evaluate", "answers": {"useful": "yes", "easy": "some", "again": "maybe"}})
        await kari.expect("evaluated")
        await ola.send({"t": "evaluate", "answers": {"useful": "yes"}})
        await ola.expect("evaluated")
        # Once each: a second answer is not counted, nor is an answer that is not one of the choices.
        await ola.send({"t": "evaluate", "answers": {"useful": "no"}})
        await ola.expect("error", code="not-asked")
        await per.send({"t": "evaluate", "answers": {"useful": "brilliant"}})
        await per.expect("error", code="bad-field")
        await per.send({"t": "evaluate", "answers": {"useful": "x" * 5000}})
        await per.expect("error")
        # Someone who came after the end was not at the meeting.
        await siri.connect()
        await siri.send({"t": "evaluate", "answers": {"useful": "no"}})
        await siri.expect("error", code="not-asked")
        return room

    room = run(meeting())
    month = time.strftime("%Y-%m", time.gmtime())
    rows = []
    for _ in range(50):
        rows = answer_rows(house)
        if len(rows) == 3 and sum(r[4] for r in rows) == 4:
            break
        time.sleep(0.1)
    assert rows == [(room, month, "again", "maybe", 1), (room, month, "easy", "some", 1), (room, month, "useful", "yes", 2)]

    # Nothing in the database ties an answer to a member, a meeting, or a time finer than the month.
    db = sqlite3.connect(house.data / "house.sqlite")
    try:
        columns = [c[1] for c in db.execute("PRAGMA table_info(answerTally)")]
        assert columns == ["roomId", "month", "question", "answer", "answers"]
        assert [c[1] for c in db.execute("PRAGMA table_info(meetingTally)")] == ["roomId", "month", "size", "meetings"]
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for column in [c[1] for c in db.execute(f"PRAGMA table_info({table})")]:
                assert not (table != "answerTally" and column in ("question", "answer")), table
    finally:
        db.close()

    # This month's totals wait until the month is over, whatever their number.
    admin = Admin(house, house_link(house))
    page = admin.get(f"/hus/rom/{room}")[2]
    assert "Evalueringen vises når måneden er over" in page


def test_a_past_months_totals_are_shown_only_with_five_answers_or_more(house):
    room, _ = house.create_room(name="Mestringsgruppa")
    db = sqlite3.connect(house.data / "house.sqlite")
    with db:
        db.executemany("INSERT INTO meetingTally VALUES (?, ?, ?, ?)", [(room, "2026-09", 6, 2), (room, "2026-10", 4, 1)])
        db.executemany("INSERT INTO answerTally VALUES (?, ?, ?, ?, ?)", [
            (room, "2026-09", "useful", "yes", 4), (room, "2026-09", "useful", "some", 1), (room, "2026-09", "easy", "yes", 5),
            (room, "2026-10", "useful", "yes", 4),
        ])
    db.close()
    admin = Admin(house, house_link(house))
    page = admin.get(f"/hus/rom/{room}")[2]
    september, october = page.split("<h3>september 2026</h3>")[1], page.split("<h3>oktober 2026</h3>")[1].split("<h3>")[0]
    assert "minst 5 har svart" in october and "Ja: 4" not in october
    assert "5 svarte på evalueringen" in september and "Nyttig: Ja: 4, Litt: 1, Nei: 0" in september
    csv = admin.get("/hus/tall.csv")[2]
    assert '"Mestringsgruppa";"Gruppe";"september 2026";"2";"12";"2 møter med 6 til stede";"0";"5";"4";"1";"0";"5";"0";"0";"0";"0";"0"' in csv
    assert '"Mestringsgruppa";"Gruppe";"oktober 2026";"1";"4";"1 møte med 4 til stede";"0";"";"";"";"";"";"";"";"";"";""' in csv


def test_two_people_who_met_often_never_see_their_answers_shown(house):
    """Answers are counted, not people: six answers from two people stay hidden."""
    room, _ = house.create_room(name="Toer")
    db = sqlite3.connect(house.data / "house.sqlite")
    with db:
        db.execute("INSERT INTO meetingTally VALUES (?, '2026-09', 2, 3)", (room,))
        db.executemany("INSERT INTO answerTally VALUES (?, '2026-09', 'useful', ?, 3)", [(room, "yes"), (room, "no")])
    db.close()
    page = Admin(house, house_link(house)).get(f"/hus/rom/{room}")[2]
    assert "minst 5 var med på samme møte" in page and "Ja: 3" not in page
