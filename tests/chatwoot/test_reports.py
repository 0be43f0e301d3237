"""Reports (/api/v2): series, summary and live counts, checked against figures computed here from the state."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest

from simulator.chatwoot.models import AccountUser, ChatwootState, Conversation, ReportingEvent, User
from simulator.core.clock import Clock
from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, Chatwoot, assert_json
from tests.conftest import FROZEN_AT

REPORTS = "/chatwoot/api/v2/accounts/1/reports"
SUMMARY = f"{REPORTS}/summary"
LIVE = f"{REPORTS}/conversations"
DECEMBER = (int(datetime(2024, 12, 1, tzinfo=UTC).timestamp()), int(datetime(2025, 1, 1, tzinfo=UTC).timestamp()))
AVERAGES = {"avg_first_response_time": "first_response", "avg_resolution_time": "conversation_resolved",
            "reply_time": "reply_time"}
DECIMAL = r"^\d+\.\d+$"


def url(path: str, **params: Any) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def get(chatwoot: Chatwoot, path: str, **params: Any) -> Any:
    response = chatwoot.get(url(path, **params))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def number(value: Any) -> float:
    """An average as the API writes it: a decimal string, or 0 without data."""
    assert value == 0 or (isinstance(value, str) and re.match(DECIMAL, value)), value
    return float(value)


def numbers(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: number(value) if key in AVERAGES else value for key, value in figures.items() if key != "previous"}


# ---- what the figures should be, computed straight from the state ------------------------------------

Keep = Callable[[Any], bool]


def everything(_: Any) -> bool:
    return True


def expected(state: ChatwootState, since: int, until: int, *, conversation: Keep = everything,
             message: Keep = everything, event: Keep = everything) -> dict[str, Any]:
    def inside(moment: datetime) -> bool:
        return since <= moment.timestamp() < until

    def events(name: str) -> list[ReportingEvent]:
        return [e for e in state.reporting_events.values()
                if e.account_id == 1 and e.name == name and event(e) and inside(e.created_at)]

    def mean(name: str) -> float:
        values = [e.value for e in events(name)]
        return sum(values) / len(values) if values else 0

    messages = [m for m in state.messages.values() if m.account_id == 1 and message(m) and inside(m.created_at)]
    return {
        "conversations_count": sum(1 for cv in state.conversations.values()
                                   if cv.account_id == 1 and conversation(cv) and inside(cv.created_at)),
        "incoming_messages_count": sum(1 for m in messages if m.message_type == 0),
        "outgoing_messages_count": sum(1 for m in messages if m.message_type == 1),
        "avg_first_response_time": mean("first_response"),
        "avg_resolution_time": mean("conversation_resolved"),
        "resolutions_count": len({e.conversation_id for e in events("conversation_resolved")
                                  if state.conversations[e.conversation_id].status == "resolved"}),
        "reply_time": mean("reply_time"),
    }


def of_conversations(state: ChatwootState, chosen: Callable[[Conversation], bool]) -> dict[str, Keep]:
    ids = {cv.id for cv in state.conversations.values() if chosen(cv)}
    return {"conversation": chosen, "message": lambda m: m.conversation_id in ids,
            "event": lambda e: e.conversation_id in ids}


def unattended(conversation: Conversation) -> bool:
    return conversation.first_reply_created_at is None or conversation.waiting_since is not None


def now(clock: Clock) -> int:
    return int(clock.now().timestamp())


def new_conversation(chatwoot: Chatwoot) -> dict[str, Any]:
    response = chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 2, "contact_id": 1})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def reply(chatwoot: Chatwoot, display_id: int, **body: Any) -> None:
    response = chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages", json={"content": "On it", **body})
    assert response.status_code == 200, response.get_data(as_text=True)


def toggle(chatwoot: Chatwoot, display_id: int, status: str) -> None:
    response = chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/toggle_status", json={"status": status})
    assert response.status_code == 200, response.get_data(as_text=True)


# ---- summary ----------------------------------------------------------------------------------------


def test_summary__the_seeded_month_and_the_one_before(chatwoot: Chatwoot) -> None:
    since, until = DECEMBER
    body = get(chatwoot, SUMMARY, type="account", since=since, until=until)
    assert list(body) == ["conversations_count", "incoming_messages_count", "outgoing_messages_count",
                          "avg_first_response_time", "avg_resolution_time", "resolutions_count", "reply_time",
                          "previous"]
    assert numbers(body) == expected(chatwoot.state, since, until)
    assert numbers(body["previous"]) == expected(chatwoot.state, 2 * since - until, since)
    assert body["conversations_count"] > 0 and body["resolutions_count"] > 0
    assert isinstance(body["avg_first_response_time"], str)


def test_summary__previous_is_the_window_of_equal_length_just_before(chatwoot: Chatwoot) -> None:
    until = DECEMBER[1]
    since = until - 10 * 86400
    body = get(chatwoot, SUMMARY, type="account", since=since, until=until)
    before = get(chatwoot, SUMMARY, type="account", since=since - 10 * 86400, until=since)
    assert body["previous"] == {key: value for key, value in before.items() if key != "previous"}
    assert body["previous"] != numbers(body)


def test_summary__averages_are_0_and_counts_0_without_data(chatwoot: Chatwoot, clock: Clock) -> None:
    zeros = dict.fromkeys(["conversations_count", "incoming_messages_count", "outgoing_messages_count",
                           "avg_first_response_time", "avg_resolution_time", "resolutions_count", "reply_time"], 0)
    assert_json(chatwoot.get(url(SUMMARY, type="account", since=now(clock), until=now(clock) + 86400)), 200,
                {**zeros, "previous": zeros})
    assert_json(chatwoot.get(url(SUMMARY, type="account")), 200, {**zeros, "previous": zeros})  # no window
    assert_json(chatwoot.get(url(SUMMARY, type="account", since=DECEMBER[0])), 200, {**zeros, "previous": zeros})


def test_summary__after_a_conversation_is_answered_and_resolved(chatwoot: Chatwoot, clock: Clock) -> None:
    since, until = DECEMBER[0], now(clock) + 3600
    before = get(chatwoot, SUMMARY, type="account", since=since, until=until)
    created = new_conversation(chatwoot)
    clock.advance(90)
    reply(chatwoot, created["id"])
    clock.advance(30)
    toggle(chatwoot, created["id"], "resolved")
    after = get(chatwoot, SUMMARY, type="account", since=since, until=until)
    assert after["conversations_count"] == before["conversations_count"] + 1
    assert after["outgoing_messages_count"] == before["outgoing_messages_count"] + 1  # the activity is not counted
    assert after["incoming_messages_count"] == before["incoming_messages_count"]
    assert after["resolutions_count"] == before["resolutions_count"] + 1
    assert numbers(after) == expected(chatwoot.state, since, until)
    assert number(after["avg_first_response_time"]) != number(before["avg_first_response_time"])
    just_now = get(chatwoot, SUMMARY, type="account", since=now(clock) - 120, until=now(clock) + 1)
    assert numbers(just_now) == {"conversations_count": 1, "incoming_messages_count": 0, "outgoing_messages_count": 1,
                                 "avg_first_response_time": 90.0, "avg_resolution_time": 120.0,
                                 "resolutions_count": 1, "reply_time": 90.0}
    assert (just_now["avg_first_response_time"], just_now["avg_resolution_time"]) == ("90.0", "120.0")


def test_summary__a_reopened_conversation_is_no_resolution_but_its_time_still_counts(
    chatwoot: Chatwoot, clock: Clock
) -> None:
    window = {"type": "account", "since": now(clock), "until": now(clock) + 3600}
    created = new_conversation(chatwoot)
    clock.advance(60)
    toggle(chatwoot, created["id"], "resolved")
    clock.advance(60)
    toggle(chatwoot, created["id"], "open")
    body = get(chatwoot, SUMMARY, **window)
    assert (body["resolutions_count"], body["avg_resolution_time"]) == (0, "60.0")
    clock.advance(60)
    toggle(chatwoot, created["id"], "resolved")
    clock.advance(60)
    toggle(chatwoot, created["id"], "open")
    toggle(chatwoot, created["id"], "resolved")  # resolved twice more: still one conversation
    body = get(chatwoot, SUMMARY, **window)
    assert (body["resolutions_count"], body["avg_resolution_time"]) == (1, "160.0")  # (60 + 180 + 240) / 3


def test_summary__private_notes_and_bot_messages_are_outgoing(chatwoot: Chatwoot, clock: Clock) -> None:
    window = {"type": "account", "since": now(clock), "until": now(clock) + 60}
    reply(chatwoot, 1, private=True)
    response = chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token="demo-chatwoot-bot-token",
                             json={"content": "Hi, I am a bot"})
    assert response.status_code == 200
    assert get(chatwoot, SUMMARY, **window)["outgoing_messages_count"] == 2


# ---- type and id ------------------------------------------------------------------------------------


def subjects(state: ChatwootState) -> list[tuple[str, Any, dict[str, Keep]]]:
    return [
        ("inbox", 1, {"conversation": lambda cv: cv.inbox_id == 1, "message": lambda m: m.inbox_id == 1,
                      "event": lambda e: e.inbox_id == 1}),
        ("agent", 2, {"conversation": lambda cv: cv.assignee_id == 2,
                      "message": lambda m: (m.sender_type, m.sender_id) == ("User", 2),
                      "event": lambda e: e.user_id == 2}),
        ("team", 1, of_conversations(state, lambda cv: cv.team_id == 1)),
        ("label", "vip", of_conversations(state, lambda cv: "vip" in cv.labels)),
        ("label", "VIP", of_conversations(state, lambda cv: "vip" in cv.labels)),  # `tagged_with` ignores case
        ("label", "nothing-tagged", of_conversations(state, lambda cv: False)),
    ]


@pytest.mark.parametrize("index", range(6))
def test_summary__type_and_id_choose_the_records(chatwoot: Chatwoot, index: int) -> None:
    kind, ident, keep = subjects(chatwoot.state)[index]
    since, until = DECEMBER
    body = get(chatwoot, SUMMARY, type=kind, id=ident, since=since, until=until)
    assert numbers(body) == expected(chatwoot.state, since, until, **keep)
    assert numbers(body["previous"]) == expected(chatwoot.state, 2 * since - until, since, **keep)
    account = numbers(get(chatwoot, SUMMARY, type="account", since=since, until=until))
    if ident != "nothing-tagged":
        assert 0 < body["conversations_count"] < account["conversations_count"]


def test_type_agent__its_replies_and_events_move_its_figures(chatwoot: Chatwoot, clock: Clock) -> None:
    window = {"since": now(clock), "until": now(clock) + 3600}
    created = new_conversation(chatwoot)
    clock.advance(45)
    reply(chatwoot, created["id"])  # the administrator (user 1) replies
    admin = get(chatwoot, SUMMARY, type="agent", id=1, **window)
    other = get(chatwoot, SUMMARY, type="agent", id=2, **window)
    assert (admin["outgoing_messages_count"], admin["avg_first_response_time"]) == (1, "45.0")
    assert (other["outgoing_messages_count"], other["avg_first_response_time"]) == (0, 0)
    assert admin["conversations_count"] == 0  # not assigned to them


@pytest.mark.parametrize("params", [{"type": "inbox", "id": 99}, {"type": "inbox"}, {"type": "agent", "id": 999},
                                    {"type": "agent", "id": "abc"}, {"type": "team", "id": 42}, {"type": "label"},
                                    {"type": "team", "id": ""}])
def test_unknown_id__is_404(chatwoot: Chatwoot, params: dict[str, Any]) -> None:
    assert_json(chatwoot.get(url(SUMMARY, **params)), 404, NOT_FOUND)
    assert_json(chatwoot.get(url(REPORTS, metric="conversations_count", **params)), 404, NOT_FOUND)


def test_type_account__ignores_id(chatwoot: Chatwoot) -> None:
    since, until = DECEMBER
    assert get(chatwoot, SUMMARY, type="account", id=999, since=since, until=until) == get(
        chatwoot, SUMMARY, type="account", since=since, until=until)


# ---- series ------------------------------------------------------------------------------------------


def moments(state: ChatwootState, metric: str) -> list[datetime]:
    if metric == "conversations_count":
        return [cv.created_at for cv in state.conversations.values()]
    kind = {"incoming_messages_count": 0, "outgoing_messages_count": 1}[metric]
    return [m.created_at for m in state.messages.values() if m.message_type == kind]


def local_days(since: int, until: int, zone: timezone) -> list[datetime]:
    day = datetime.fromtimestamp(since, zone).replace(hour=0, minute=0, second=0)
    days = []
    while day.timestamp() < until or not days:
        days.append(day)
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize("metric", ["conversations_count", "incoming_messages_count", "outgoing_messages_count"])
def test_series__one_integer_a_day_by_default(chatwoot: Chatwoot, metric: str) -> None:
    since, until = DECEMBER
    body = get(chatwoot, REPORTS, metric=metric, type="account", since=since, until=until)
    per_day = Counter(moment.date() for moment in moments(chatwoot.state, metric)
                      if since <= moment.timestamp() < until)
    assert body == [{"value": per_day.get(day.date(), 0), "timestamp": int(day.timestamp())}
                    for day in local_days(since, until, UTC)]
    assert len(body) == 31 and sum(point["value"] for point in body) == sum(per_day.values()) > 0


def test_series__timezone_offset_moves_the_day_boundaries(chatwoot: Chatwoot) -> None:
    since, until = DECEMBER
    zone = timezone(timedelta(hours=5, minutes=30))
    body = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until,
               timezone_offset="5.5")
    created = [cv.created_at.astimezone(zone) for cv in chatwoot.state.conversations.values()
               if since <= cv.created_at.timestamp() < until]
    per_day = Counter(moment.date() for moment in created)
    days = local_days(since, until, zone)
    assert days[0] == datetime(2024, 12, 1, tzinfo=zone) and days[-1] == datetime(2025, 1, 1, tzinfo=zone)
    assert body == [{"value": per_day.get(day.date(), 0), "timestamp": int(day.timestamp())} for day in days]
    assert body[0]["timestamp"] == since - 19800


@pytest.mark.parametrize("offset", ["0", "abc", "7.25", "20", ""])
def test_series__an_offset_no_zone_has_is_utc(chatwoot: Chatwoot, offset: str) -> None:
    since, until = DECEMBER
    plain = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until)
    assert get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until,
               timezone_offset=offset) == plain


def test_series__weeks_start_on_sunday(chatwoot: Chatwoot) -> None:
    since, until = DECEMBER[0] + 3 * 86400, DECEMBER[1]  # Wednesday 4 December
    body = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until,
               group_by="week")
    sundays = [datetime(2024, 12, day, tzinfo=UTC) for day in (1, 8, 15, 22, 29)]
    weeks = Counter(max(s for s in sundays if s <= cv.created_at) for cv in chatwoot.state.conversations.values()
                    if since <= cv.created_at.timestamp() < until)
    assert body == [{"value": weeks.get(sunday, 0), "timestamp": int(sunday.timestamp())} for sunday in sundays]


def test_series__months_and_years(chatwoot: Chatwoot) -> None:
    since, until = int(datetime(2024, 10, 15, tzinfo=UTC).timestamp()), int(FROZEN_AT.timestamp())
    state = chatwoot.state
    inside = [cv.created_at for cv in state.conversations.values() if since <= cv.created_at.timestamp() < until]
    months = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until,
                 group_by="month")
    starts = [datetime(2024, 10, 1, tzinfo=UTC), datetime(2024, 11, 1, tzinfo=UTC), datetime(2024, 12, 1, tzinfo=UTC),
              datetime(2025, 1, 1, tzinfo=UTC)]
    assert months == [{"value": sum(1 for m in inside if (m.year, m.month) == (start.year, start.month)),
                       "timestamp": int(start.timestamp())} for start in starts]
    years = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=until,
                group_by="year")
    assert years == [{"value": len(inside), "timestamp": int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())},
                     {"value": 0, "timestamp": int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())}]


def test_series__hours_after_api_actions(chatwoot: Chatwoot, clock: Clock) -> None:
    start = now(clock)  # 12:00
    new_conversation(chatwoot)
    clock.advance(1800)
    new_conversation(chatwoot)
    clock.advance(3600)
    new_conversation(chatwoot)  # 13:30
    body = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=start - 600,
               until=start + 3 * 3600, group_by="hour")
    assert body == [{"value": 0, "timestamp": start - 3600}, {"value": 2, "timestamp": start},
                    {"value": 1, "timestamp": start + 3600}, {"value": 0, "timestamp": start + 7200}]


def test_series__averages_are_decimal_strings_with_their_count(chatwoot: Chatwoot, clock: Clock) -> None:
    start = now(clock)
    for wait in (60, 30):
        created = new_conversation(chatwoot)
        clock.advance(wait)
        reply(chatwoot, created["id"])
    body = get(chatwoot, REPORTS, metric="avg_first_response_time", type="account", since=start - 86400,
               until=start + 86400)
    midnight = start - 12 * 3600
    assert body == [{"value": 0, "timestamp": midnight - 86400, "count": 0},
                    {"value": "45.0", "timestamp": midnight, "count": 2},
                    {"value": 0, "timestamp": midnight + 86400, "count": 0}]


@pytest.mark.parametrize("metric", ["avg_first_response_time", "avg_resolution_time", "reply_time",
                                    "resolutions_count"])
def test_series__event_metrics_of_the_seeded_month(chatwoot: Chatwoot, metric: str) -> None:
    since, until = DECEMBER
    body = get(chatwoot, REPORTS, metric=metric, type="account", since=since, until=until)
    name = AVERAGES.get(metric, "conversation_resolved")
    state = chatwoot.state
    events = [e for e in state.reporting_events.values()
              if e.name == name and since <= e.created_at.timestamp() < until]
    for point, day in zip(body, local_days(since, until, UTC), strict=True):
        of_day = [e for e in events if e.created_at.date() == day.date()]
        assert point["timestamp"] == int(day.timestamp())
        if metric == "resolutions_count":
            assert point == {"value": len({e.conversation_id for e in of_day
                                           if state.conversations[e.conversation_id].status == "resolved"}),
                             "timestamp": point["timestamp"]}
        else:
            assert point["count"] == len(of_day)
            assert number(point["value"]) == (sum(e.value for e in of_day) / len(of_day) if of_day else 0)
    assert sum(point.get("count", point["value"]) for point in body) > 0


def test_series__the_first_bucket_is_the_one_holding_since(chatwoot: Chatwoot) -> None:
    since = DECEMBER[0] + 10 * 3600
    body = get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=since + 3600)
    early = sum(1 for cv in chatwoot.state.conversations.values() if since <= cv.created_at.timestamp() < since + 3600)
    assert body == [{"value": early, "timestamp": DECEMBER[0]}]
    assert get(chatwoot, REPORTS, metric="conversations_count", type="account", since=since, until=since) == [
        {"value": 0, "timestamp": DECEMBER[0]}]


def test_series__without_a_window_the_buckets_span_the_records(chatwoot: Chatwoot) -> None:
    body = get(chatwoot, REPORTS, metric="conversations_count", type="account", group_by="month")
    created = [cv.created_at for cv in chatwoot.state.conversations.values()]
    assert body == [{"value": sum(1 for m in created if m.month == 11), "timestamp":
                     int(datetime(2024, 11, 1, tzinfo=UTC).timestamp())},
                    {"value": sum(1 for m in created if m.month == 12), "timestamp":
                     int(datetime(2024, 12, 1, tzinfo=UTC).timestamp())}]
    assert get(chatwoot, REPORTS, metric="conversations_count", type="label", id="nothing-tagged") == []


def test_series__without_a_metric_is_an_empty_list(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(url(REPORTS, type="account", since=DECEMBER[0], until=DECEMBER[1])), 200, [])
    assert_json(chatwoot.get(REPORTS), 200, [])


@pytest.mark.parametrize(("params", "error"), [
    ({"metric": "bot_resolutions_count", "type": "account"}, "metric must be one of conversations_count, "
     "incoming_messages_count, outgoing_messages_count, avg_first_response_time, avg_resolution_time, "
     "resolutions_count, reply_time"),
    ({"metric": "", "type": "account"}, "metric must be one of"),
    ({"metric": "conversations_count"}, "type must be one of account, agent, inbox, label, team"),
    ({"metric": "conversations_count", "type": "contact"}, "type must be one of"),
    ({"metric": "conversations_count", "type": "account", "since": "yesterday", "until": "1"},
     "since and until must be unix timestamps in seconds (years 1 to 9999)"),
    ({"metric": "conversations_count", "type": "account", "since": "1.5", "until": "10"}, "since and until"),
    ({"metric": "conversations_count", "type": "account", "since": "0", "until": "999999999999999"}, "since and"),
    ({"metric": "conversations_count", "type": "account", "group_by": "quarter"},
     "group_by must be one of day, week, month, year, hour"),
    ({"metric": "conversations_count", "type": "account", "since": "0", "until": "2000000000", "group_by": "hour"},
     "A series has at most 20000 buckets"),
])
def test_series__bad_parameters_are_422(chatwoot: Chatwoot, params: dict[str, str], error: str) -> None:
    response = chatwoot.get(url(REPORTS, **params))
    assert response.status_code == 422 and response.get_json()["error"].startswith(error), response.get_json()


def test_summary__bad_parameters_are_422(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(url(SUMMARY, since=1, until=2)), 422,
                {"error": "type must be one of account, agent, inbox, label, team"})
    assert_json(chatwoot.get(url(SUMMARY, type="account", since="x", until=2)), 422,
                {"error": "since and until must be unix timestamps in seconds (years 1 to 9999)"})


# ---- live conversation counts -------------------------------------------------------------------------


def test_conversations__account_counts_open_unattended_unassigned(chatwoot: Chatwoot) -> None:
    opened = [cv for cv in chatwoot.state.conversations.values() if cv.status == "open"]
    assert_json(chatwoot.get(url(LIVE, type="account")), 200, {
        "open": len(opened), "unattended": sum(map(unattended, opened)),
        "unassigned": sum(1 for cv in opened if cv.assignee_id is None)})


def test_conversations__a_reply_attends_and_a_new_message_waits_again(chatwoot: Chatwoot, clock: Clock) -> None:
    before = get(chatwoot, LIVE, type="account")
    created = new_conversation(chatwoot)
    assert get(chatwoot, LIVE, type="account") == {"open": before["open"] + 1,
                                                   "unattended": before["unattended"] + 1,
                                                   "unassigned": before["unassigned"] + 1}
    reply(chatwoot, created["id"])
    assert get(chatwoot, LIVE, type="account")["unattended"] == before["unattended"]
    reply(chatwoot, created["id"], message_type="incoming")
    assert get(chatwoot, LIVE, type="account")["unattended"] == before["unattended"] + 1
    toggle(chatwoot, created["id"], "resolved")
    assert get(chatwoot, LIVE, type="account") == before


def agent_rows(state: ChatwootState, members: list[AccountUser]) -> list[dict[str, Any]]:
    rows = []
    for membership in members:
        user = state.users[membership.user_id]
        opened = [cv for cv in state.conversations.values() if cv.status == "open" and cv.assignee_id == user.id]
        rows.append({"id": user.id, "name": user.name, "email": user.email, "thumbnail": "",
                     "availability": membership.availability,
                     "metric": {"open": len(opened), "unattended": sum(map(unattended, opened))}})
    return sorted(rows, key=lambda row: -row["metric"]["open"])


def test_conversations__agents_most_open_first_and_user_id_is_ignored(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    expected_rows = agent_rows(state, sorted(state.members(1), key=lambda m: m.id))
    assert_json(chatwoot.get(url(LIVE, type="agent")), 200, expected_rows)
    assert_json(chatwoot.get(url(f"{LIVE}/", type="agent", user_id=3)), 200, expected_rows)
    opens = [row["metric"]["open"] for row in expected_rows]
    assert opens == sorted(opens, reverse=True) and opens[0] > 0 and len(set(opens)) > 1


def test_conversations__25_agents_a_page(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    for index in range(30):
        user = User(id=state.next_id("users"), name=f"Extra {index:02d}", email=f"extra{index}@example.com",
                    access_token=f"extra-token-{index}", created_at=FROZEN_AT)
        state.users[user.id] = user
        membership = AccountUser(id=state.next_id("account_users"), account_id=1, user_id=user.id, role="agent",
                                 created_at=FROZEN_AT, updated_at=FROZEN_AT)
        state.account_users[membership.id] = membership
    extra = next(cv for cv in state.conversations.values() if cv.status == "open" and cv.assignee_id is None)
    extra.assignee_id = user.id  # the last member joined has an open conversation: first on page 2
    members = sorted(state.members(1), key=lambda m: m.id)
    first = get(chatwoot, LIVE, type="agent")
    assert first == get(chatwoot, LIVE, type="agent", page=1) == agent_rows(state, members[:25])
    second = get(chatwoot, LIVE, type="agent", page="2")
    assert second == agent_rows(state, members[25:]) and len(second) == 13
    assert second[0]["id"] == user.id and second[0]["metric"] == {"open": 1, "unattended": int(unattended(extra))}
    assert get(chatwoot, LIVE, type="agent", page=3) == []
    assert get(chatwoot, LIVE, type="agent", page="0") == first == get(chatwoot, LIVE, type="agent", page="x")


@pytest.mark.parametrize("path", [LIVE, f"{LIVE}/"])
@pytest.mark.parametrize("query", ["", "?type=", "?type=%20", "?user_id=2"])
def test_conversations__no_type_is_422_with_an_empty_body(chatwoot: Chatwoot, path: str, query: str) -> None:
    response = chatwoot.get(path + query)
    assert (response.status_code, response.get_data()) == (422, b"")


def test_conversations__another_type_is_422(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(url(LIVE, type="inbox")), 422, {"error": "type must be account or agent"})


# ---- who may ask ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [url(REPORTS, metric="conversations_count", type="account"),
                                  url(SUMMARY, type="account"), url(LIVE, type="account"), LIVE,
                                  url(REPORTS, metric="nonsense")])
def test_agents_are_refused_with_401_before_anything_else(chatwoot: Chatwoot, path: str) -> None:
    assert_json(chatwoot.get(path, token=AGENT_TOKEN), 401, NOT_AUTHORIZED)


def test_auth__no_token_unknown_account_bot_token(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(url(SUMMARY, type="account"), token=None), 401,
                {"errors": ["You need to sign in or sign up before continuing."]})
    assert_json(chatwoot.get("/chatwoot/api/v2/accounts/9/reports/summary?type=account"), 404, NOT_FOUND)
    assert_json(chatwoot.get(url(LIVE, type="account"), token="demo-chatwoot-bot-token"), 401,
                {"error": "Access to this endpoint is not authorized for bots"})


def test_reports_live_under_v2_only(chatwoot: Chatwoot) -> None:
    assert chatwoot.get(f"{ACCOUNT}/reports/summary?type=account").status_code == 404


def test_reports_change_nothing(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    snapshot = (dict(state.conversations), dict(state.messages), dict(state.reporting_events))
    get(chatwoot, SUMMARY, type="account", since=DECEMBER[0], until=DECEMBER[1])
    get(chatwoot, LIVE, type="agent")
    assert (dict(state.conversations), dict(state.messages), dict(state.reporting_events)) == snapshot
