"""Account reports (v3.1's V2::ReportBuilder): metric series, summaries and live conversation counts."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from simulator.chatwoot.errors import ChatwootError, NotFound
from simulator.chatwoot.models import INCOMING, OUTGOING, Conversation, Message, ReportingEvent, User
from simulator.chatwoot.store.base import as_id, owned
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.pages import clamped_int, page_number
from simulator.chatwoot.store.scope import AccountPart

AVERAGES = {"avg_first_response_time": "first_response", "avg_resolution_time": "conversation_resolved",
            "reply_time": "reply_time"}  # metric → the reporting event it averages
METRICS = ("conversations_count", "incoming_messages_count", "outgoing_messages_count", "avg_first_response_time",
           "avg_resolution_time", "resolutions_count", "reply_time")
TYPES = ("account", "agent", "inbox", "label", "team")
PERIODS = ("day", "week", "month", "year", "hour")
AGENTS_PER_PAGE = 25
MAX_BUCKETS = 20_000  # a simulator limit: a longer series is refused, not computed
# The standard offsets (hours) of Rails' time zones: `ActiveSupport::TimeZone[offset]` finds a zone for these only.
ZONE_HOURS = (-12, -11, -10, -9, -8, -7, -6, -5, -4, -3.5, -3, -2, -1, 0, 1, 2, 3, 3.5, 4, 4.5, 5, 5.5, 5.75, 6, 6.5,
              7, 8, 9, 9.5, 10, 11, 12, 12.75, 13)
ZONE_SECONDS = frozenset(int(hours * 3600) for hours in ZONE_HOURS)
RUBY_FLOAT = re.compile(r"\s*[+-]?(\d[\d_]*(\.\d+)?|\.\d+)([eE][+-]?\d+)?")
UNIX_SECONDS = re.compile(r"-?\d+")
UNKNOWN_METRIC = f"metric must be one of {', '.join(METRICS)}"
UNKNOWN_TYPE = f"type must be one of {', '.join(TYPES)}"
UNKNOWN_LIVE_TYPE = "type must be account or agent"
BAD_TIME = "since and until must be unix timestamps in seconds (years 1 to 9999)"
UNKNOWN_PERIOD = f"group_by must be one of {', '.join(PERIODS)}"
TOO_MANY = f"A series has at most {MAX_BUCKETS} buckets: choose a longer group_by or a shorter window"


@dataclass(frozen=True)
class ReportParams:
    """The query parameters, raw (strings or None) as they came."""

    metric: str | None = None
    type: str | None = None
    id: str | None = None
    since: str | None = None
    until: str | None = None
    group_by: str | None = None
    timezone_offset: str | None = None


@dataclass(frozen=True)
class Subject:
    """What a report counts: the account's records, or those of one agent, inbox, label or team."""

    conversation: Callable[[Conversation], bool]
    message: Callable[[Message], bool]
    event: Callable[[ReportingEvent], bool]


@dataclass(frozen=True)
class Point:
    """One record of a metric: when it happened, its duration (averages) and its conversation (resolutions)."""

    at: float
    value: float = 0.0
    conversation_id: int = 0


Window = tuple[int, int]  # [since, until) in unix seconds
Figure = int | float | None  # a count (int), or an average in seconds (float; None without any record)


@dataclass(frozen=True)
class Bucket:
    """One bucket of a series: where it starts, its figure and, for an average, how many records it averages."""

    start: datetime
    value: Figure
    count: int | None = None  # None: the metric is a count


@dataclass(frozen=True)
class Totals:
    """Every metric's figure over one window."""

    conversations_count: int
    incoming_messages_count: int
    outgoing_messages_count: int
    avg_first_response_time: float | None
    avg_resolution_time: float | None
    resolutions_count: int
    reply_time: float | None


@dataclass(frozen=True)
class Summary:
    """The totals of a window and of the window of equal length just before it."""

    current: Totals
    previous: Totals


@dataclass(frozen=True)
class AccountLoad:
    """The account's open conversations: all, those unattended and those unassigned."""

    open: int
    unattended: int
    unassigned: int


@dataclass(frozen=True)
class AgentLoad:
    """One member's open conversations (those assigned to them) and how many are unattended."""

    user: User
    availability: str
    open: int
    unattended: int


class Reports(AccountPart):
    """The reports of one account: administrators only (401 before anything else is looked at)."""

    def authorize(self) -> None:
        self.scope.require_admin()

    # ---- GET /reports -----------------------------------------------------------------------

    def series(self, params: ReportParams) -> list[Bucket]:
        """One bucket from `since` to `until` (averages count their records).

        Checked in the real server's order: the metric (none: an empty list), the type and its
        record (404), the window, then `group_by`. Without a window the buckets span the first to
        the last matching record.
        """
        self.authorize()
        if params.metric is None:
            return []  # `timeseries` answers {} without a metric
        if params.metric not in METRICS:
            raise ChatwootError(UNKNOWN_METRIC)
        points = self._points(params.metric, self._subject(params.type, params.id))
        window = _window(params.since, params.until)
        if window is not None and not all(_moment(bound) for bound in window):
            raise ChatwootError(BAD_TIME)
        period = params.group_by or "day"
        if period not in PERIODS:
            raise ChatwootError(UNKNOWN_PERIOD)
        zone = zone_for(params.timezone_offset)
        inside = [p for p in points if _covers(window, p.at)]
        buckets: dict[datetime, list[Point]] = {}
        for point in inside:
            buckets.setdefault(bucket_of(datetime.fromtimestamp(point.at, UTC), period, zone), []).append(point)
        averaged = params.metric in AVERAGES
        series: list[Bucket] = []
        for start in _buckets(window, sorted(buckets), period, zone):
            group = buckets.get(start, [])
            series.append(Bucket(start, _value(params.metric, group), len(group) if averaged else None))
        return series

    # ---- GET /reports/summary ---------------------------------------------------------------

    def summary(self, params: ReportParams) -> Summary:
        """The figures of [since, until) and of the window of equal length before it."""
        self.authorize()
        subject = self._subject(params.type, params.id)
        window = _window(params.since, params.until)
        previous = (2 * window[0] - window[1], window[0]) if window is not None else None
        return Summary(self._totals(subject, window), self._totals(subject, previous))

    def _totals(self, subject: Subject, window: Window | None) -> Totals:
        """Without a window the real server filters on `created_at IS NULL`: no record counts."""
        def within(metric: str) -> list[Point]:
            return [p for p in self._points(metric, subject) if window is not None and _covers(window, p.at)]

        return Totals(
            conversations_count=len(within("conversations_count")),
            incoming_messages_count=len(within("incoming_messages_count")),
            outgoing_messages_count=len(within("outgoing_messages_count")),
            avg_first_response_time=_average(within("avg_first_response_time")),
            avg_resolution_time=_average(within("avg_resolution_time")),
            resolutions_count=_resolutions(within("resolutions_count")),
            reply_time=_average(within("reply_time")),
        )

    # ---- GET /reports/conversations ---------------------------------------------------------

    def conversation_metrics(self, kind: str, page: str | None) -> AccountLoad | list[AgentLoad]:
        """type=account: the account's open conversations; type=agent: 25 members a page, most open first.

        A page holds the members in the order they joined; only that page is then sorted by
        open conversations, descending (ties keep the joining order). `user_id` is not read.
        """
        self.authorize()
        if kind == "account":
            opened = self._open(lambda conversation: True)
            return AccountLoad(open=len(opened), unattended=sum(map(_unattended, opened)),
                               unassigned=sum(1 for conversation in opened if conversation.assignee_id is None))
        if kind != "agent":
            raise ChatwootError(UNKNOWN_LIVE_TYPE)
        members = sorted(self.state.members(self.account_id), key=lambda membership: membership.id)
        offset = (page_number(page) - 1) * AGENTS_PER_PAGE
        rows: list[AgentLoad] = []
        for membership in members[offset:offset + AGENTS_PER_PAGE]:
            user = self.state.users[membership.user_id]
            opened = self._open(lambda conversation, user_id=user.id: conversation.assignee_id == user_id)
            rows.append(AgentLoad(user=user, availability=membership.availability, open=len(opened),
                                  unattended=sum(map(_unattended, opened))))
        return sorted(rows, key=lambda row: -row.open)

    def _open(self, chosen: Callable[[Conversation], bool]) -> list[Conversation]:
        return [conversation for conversation in indexes(self.state).of_account(self.account_id)
                if conversation.status == "open" and chosen(conversation)]

    # ---- what a report is about and what it counts ------------------------------------------

    def _subject(self, kind: str | None, ident: str | None) -> Subject:
        """`type` and `id`: an agent (assignee, sender, an event's user), an inbox, a label (its name) or a team."""
        if kind not in TYPES:
            raise ChatwootError(UNKNOWN_TYPE)
        if kind == "account":
            return Subject(lambda conversation: True, lambda message: True, lambda event: True)
        if kind == "inbox":
            inbox_id = owned(self.state.inboxes, ident, self.account_id).id
            return Subject(lambda conversation: conversation.inbox_id == inbox_id,
                           lambda message: message.inbox_id == inbox_id, lambda event: event.inbox_id == inbox_id)
        if kind == "agent":
            user_id = as_id(ident)
            if user_id is None or self.state.membership(self.account_id, user_id) is None:
                raise NotFound()
            return Subject(lambda conversation: conversation.assignee_id == user_id,
                           lambda message: message.sender_type == "User" and message.sender_id == user_id,
                           lambda event: event.user_id == user_id)
        if kind == "team":
            team_id = owned(self.state.teams, ident, self.account_id).id
            return self._of_conversations(lambda conversation: conversation.team_id == team_id)
        if ident is None or not ident.strip():
            raise NotFound()
        label = ident.lower()  # labels are stored lower-cased; `tagged_with` ignores case
        return self._of_conversations(lambda conversation: label in (name.lower() for name in conversation.labels))

    def _of_conversations(self, chosen: Callable[[Conversation], bool]) -> Subject:
        """A team or a label: its conversations as they are now, and their messages and events."""
        ids = {conversation.id for conversation in indexes(self.state).of_account(self.account_id)
               if chosen(conversation)}
        return Subject(lambda conversation: conversation.id in ids, lambda message: message.conversation_id in ids,
                       lambda event: event.conversation_id in ids)

    def _points(self, metric: str, subject: Subject) -> list[Point]:
        """The metric's records of the subject, at any time.

        Outgoing messages are v3.1's `outgoing` scope: private notes and bot messages count too.
        Resolutions are conversation_resolved events of conversations resolved now, one per
        conversation per bucket (v3.1 counts distinct conversation ids).
        """
        state = self.state
        if metric == "conversations_count":
            return [Point(conversation.created_at.timestamp())
                    for conversation in indexes(state).of_account(self.account_id)
                    if subject.conversation(conversation)]
        if metric in ("incoming_messages_count", "outgoing_messages_count"):
            wanted = INCOMING if metric == "incoming_messages_count" else OUTGOING
            index = indexes(state)
            messages = sorted((message for conversation in index.of_account(self.account_id)
                               for message in index.messages_of(conversation.id)), key=lambda m: m.id)
            return [Point(message.created_at.timestamp()) for message in messages
                    if message.account_id == self.account_id and message.message_type == wanted
                    and subject.message(message)]
        name = AVERAGES.get(metric, "conversation_resolved")
        events = [event for event in state.reporting_events.values()
                  if event.account_id == self.account_id and event.name == name and subject.event(event)]
        if metric == "resolutions_count":
            events = [event for event in events if _resolved(state.conversations.get(event.conversation_id))]
        return [Point(event.created_at.timestamp(), event.value, event.conversation_id) for event in events]


# ---- values ---------------------------------------------------------------------------------

def _value(metric: str, points: list[Point]) -> Figure:
    """The metric's figure over these records: a count, or an average (None without any record)."""
    if metric == "resolutions_count":
        return _resolutions(points)
    if metric in AVERAGES:
        return _average(points)
    return len(points)


def _resolutions(points: list[Point]) -> int:
    """Resolutions count conversations, not events (v3.1 counts distinct conversation ids)."""
    return len({point.conversation_id for point in points})


def _average(points: list[Point]) -> float | None:
    """The mean duration in seconds; None without any record."""
    return sum(point.value for point in points) / len(points) if points else None


def _resolved(conversation: Conversation | None) -> bool:
    return conversation is not None and conversation.status == "resolved"


def _unattended(conversation: Conversation) -> bool:
    """The `unattended` scope: never answered, or waiting for an answer."""
    return conversation.first_reply_created_at is None or conversation.waiting_since is not None


# ---- parameters -----------------------------------------------------------------------------

def _window(since: str | None, until: str | None) -> Window | None:
    """[since, until) in unix seconds; None when either is blank. Anything but an integer is a 422."""
    if since is None or until is None or not since.strip() or not until.strip():
        return None
    if not UNIX_SECONDS.fullmatch(since) or not UNIX_SECONDS.fullmatch(until):
        raise ChatwootError(BAD_TIME)
    return clamped_int(since), clamped_int(until)  # beyond ±10**18 no datetime holds it either


def _moment(seconds: int) -> datetime | None:
    """The instant, if Python's datetime holds it with room for a bucket around it."""
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if datetime(1, 1, 15, tzinfo=UTC) <= moment <= datetime(9999, 12, 15, tzinfo=UTC) else None


def _covers(window: Window | None, at: float) -> bool:
    return window is None or window[0] <= at < window[1]


def zone_for(offset: str | None) -> tzinfo:
    """`timezone_offset` in hours (Ruby's `to_f`; beyond ±13 it counts as seconds), as a fixed offset.

    An offset no Rails zone has is UTC. The real server picks a named zone with that standard
    offset, which may observe daylight saving; the simulator keeps the offset all year.
    """
    match = RUBY_FLOAT.match(offset or "")
    hours = float(match.group().replace("_", "")) if match else 0.0
    if not math.isfinite(hours):
        return UTC
    seconds = int(hours * 3600 if abs(hours) <= 13 else hours)
    return timezone(timedelta(seconds=seconds)) if seconds in ZONE_SECONDS and seconds else UTC


# ---- buckets --------------------------------------------------------------------------------

def bucket_of(moment: datetime, period: str, zone: tzinfo) -> datetime:
    """The start of the bucket holding `moment`, in `zone` (weeks start on Sunday, as groupdate's)."""
    local = moment.astimezone(zone)
    if period == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        return local - timedelta(days=(local.weekday() + 1) % 7)
    if period == "month":
        return local.replace(day=1)
    if period == "year":
        return local.replace(month=1, day=1)
    return local


def _after(start: datetime, period: str) -> datetime | None:
    try:
        if period == "month":
            return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        if period == "year":
            return start.replace(year=start.year + 1)
        return start + {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(days=7)}[period]
    except (OverflowError, ValueError):
        return None


def _buckets(window: Window | None, found: list[datetime], period: str, zone: tzinfo) -> list[datetime]:
    """From the bucket of `since` while a bucket starts before `until`; without a window, over `found`.

    The first bucket is always there with a window, even an empty or reversed one (groupdate's series).
    """
    if window is not None:
        first = _moment(window[0])
        assert first is not None
        start: datetime | None = bucket_of(first, period, zone)
        limit = float(window[1])
    elif found:
        start, limit = found[0], found[-1].timestamp() + 1  # up to the last bucket with a record
    else:
        return []
    series: list[datetime] = []
    while start is not None and (not series or start.timestamp() < limit):
        series.append(start)
        if len(series) > MAX_BUCKETS:
            raise ChatwootError(TOO_MANY)
        start = _after(start, period)
    return series
