"""Conversations of one account: lists and counts, create, status, muting, priority, assignment and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from simulator.chatwoot.errors import ChatwootError, NotFound, RecordInvalid
from simulator.chatwoot.models import (
    ACTIVITY,
    CONVERSATION_STATUSES,
    INCOMING,
    OUTGOING,
    PRIORITIES,
    AccountUser,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    Message,
    Team,
)
from simulator.chatwoot.store.base import as_id
from simulator.chatwoot.store.contacts import Contacts
from simulator.chatwoot.store.filters import conversation_filter
from simulator.chatwoot.store.inboxes import Inboxes
from simulator.chatwoot.store.indexes import Bucket, indexes, store_conversation, store_message
from simulator.chatwoot.store.message_builder import add_message, check_new_message
from simulator.chatwoot.store.pages import Page, page_number, paginate
from simulator.chatwoot.store.scope import AccountPart
from simulator.chatwoot.store.teams import Teams

CONVERSATIONS_PER_PAGE = 25


@dataclass
class ListQuery:
    """The list and meta parameters (`status` defaults to open; `all` means any)."""

    status: str | None = None
    q: str | None = None
    inbox_id: str | None = None
    team_id: str | None = None
    labels: list[str] = field(default_factory=list)
    source_id: str | None = None
    assignee_type: str | None = None
    sort_by: str | None = None
    page: str | None = None


@dataclass
class Counts:
    mine: int
    unassigned: int
    all: int

    @property
    def assigned(self) -> int:
        return self.all - self.unassigned


def _priority(cv: Conversation) -> int | None:
    return PRIORITIES.index(cv.priority) if cv.priority else None


SortKey = Any  # a function of a conversation; None sorts last
SORTS: dict[str, tuple[SortKey, bool, SortKey]] = {  # sort_by → (key, descending, tie-breaker ascending)
    "latest": (lambda cv: cv.last_activity_at, True, lambda cv: -cv.id),
    "last_activity_at_desc": (lambda cv: cv.last_activity_at, True, lambda cv: -cv.id),
    "last_activity_at_asc": (lambda cv: cv.last_activity_at, False, lambda cv: cv.id),
    "sort_on_created_at": (lambda cv: cv.created_at, False, lambda cv: cv.id),
    "created_at_asc": (lambda cv: cv.created_at, False, lambda cv: cv.id),
    "created_at_desc": (lambda cv: cv.created_at, True, lambda cv: -cv.id),
    "sort_on_priority": (_priority, True, lambda cv: -cv.last_activity_at.timestamp()),
    "priority_desc": (_priority, True, lambda cv: -cv.last_activity_at.timestamp()),
    "priority_asc": (_priority, False, lambda cv: -cv.last_activity_at.timestamp()),
    "sort_on_waiting_since": (lambda cv: cv.waiting_since, False, lambda cv: cv.created_at.timestamp()),
    "waiting_since_asc": (lambda cv: cv.waiting_since, False, lambda cv: cv.created_at.timestamp()),
    "waiting_since_desc": (lambda cv: cv.waiting_since, True, lambda cv: cv.created_at.timestamp()),
}


LATEST_FIRST = (None, "latest", "last_activity_at_desc")  # the default order, the one the index keeps
SORTS_ALL = (*SORTS, "last_user_message_at")


def _inboxes_of(by_status: dict[str, dict[int, Bucket]]) -> set[int]:
    return {inbox_id for inboxes in by_status.values() for inbox_id in inboxes}


def sort_conversations(found: list[Conversation], sort_by: str | None,
                       last_messages: dict[int, Message]) -> list[Conversation]:
    """Missing sort values go last either way (NULLS LAST); ties as the real scopes break them.

    `last_user_message_at` orders by the type of each conversation's last message (incoming
    first: those await a reply), then that message's time, oldest first.
    """
    if sort_by == "last_user_message_at":
        def last(cv: Conversation) -> tuple[int, datetime] | None:
            message = last_messages.get(cv.id)
            return (message.message_type, message.created_at) if message else None
        key, descending, tie = last, False, (lambda cv: cv.id)
    else:
        key, descending, tie = SORTS.get(sort_by or "latest", SORTS["latest"])
    present = [cv for cv in found if key(cv) is not None]
    missing = [cv for cv in found if key(cv) is None]
    groups: dict[Any, list[Conversation]] = {}
    for cv in present:
        groups.setdefault(key(cv), []).append(cv)
    ordered = [cv for value in sorted(groups, reverse=descending) for cv in sorted(groups[value], key=tie)]
    return ordered + sorted(missing, key=tie)


class Conversations(AccountPart):
    """The conversation operations of one account, as its caller sees them."""

    @property
    def actor_name(self) -> str:
        """Who the activity messages name: the member, the bot, or "Automation System"."""
        return self.scope.actor.name

    def _all(self) -> list[Conversation]:
        return indexes(self.state).of_account(self.account_id)

    def find(self, display_id: int) -> Conversation:
        """By display id: 404 when unknown, 401 when the caller may not see its inbox."""
        found = indexes(self.state).displayed.get((self.account_id, display_id))
        if found is None:
            raise NotFound()
        self.scope.require_inbox(self.state.inboxes[found.inbox_id])
        return found

    # ---- lists and counts ---------------------------------------------------------------------

    def _filtered(self, query: ListQuery) -> list[Conversation]:
        """Inboxes, then status (ignored with `q`), team, labels, `q` and source id: what counts count."""
        found = [cv for cv in self._all() if self.scope.can_see_inbox(self.state.inboxes[cv.inbox_id])]
        if query.inbox_id not in (None, ""):
            found = [cv for cv in found if cv.inbox_id == as_id(query.inbox_id)]
        status = query.status or "open"
        if not query.q and status != "all":
            found = [cv for cv in found if cv.status == status]
        if query.team_id not in (None, ""):
            team = Teams(self.scope).find(query.team_id)  # `teams.find`: an unknown team is a 404
            found = [cv for cv in found if cv.team_id == team.id]
        if query.labels:
            wanted = set(query.labels)
            found = [cv for cv in found if wanted & set(cv.labels)]
        if query.q:
            needle = query.q.lower()
            index = indexes(self.state)
            hits = {m.conversation_id for cv in found for m in index.messages_of(cv.id)
                    if m.account_id == self.account_id and m.message_type in (INCOMING, OUTGOING)
                    and needle in (m.content or "").lower()}
            found = [cv for cv in found if cv.id in hits]
        if query.source_id not in (None, ""):
            links = {ci.id for ci in indexes(self.state).links_with_source(query.source_id)}
            found = [cv for cv in found if cv.contact_inbox_id in links]
        return found

    def _counts(self, found: list[Conversation]) -> Counts:
        viewer = self.scope.user.id if self.scope.user is not None else None
        return Counts(mine=sum(1 for cv in found if cv.assignee_id is not None and cv.assignee_id == viewer),
                      unassigned=sum(1 for cv in found if cv.assignee_id is None), all=len(found))

    def _buckets(self, query: ListQuery) -> list[Bucket] | None:
        """The indexed buckets `_filtered` would read, when the query needs no more (status, inbox and the
        caller's inboxes); None when it does (`q`, team, labels, source id): those scan the account."""
        if query.q or query.team_id not in (None, "") or query.labels or query.source_id not in (None, ""):
            return None
        index = indexes(self.state)
        status = query.status or "open"
        inbox_ids = {inbox_id for inbox_id in _inboxes_of(index.buckets.get(self.account_id, {}))
                     if self.scope.can_see_inbox(self.state.inboxes[inbox_id])}
        if query.inbox_id not in (None, ""):
            inbox_ids &= {as_id(query.inbox_id)}
        return index.visible_buckets(self.account_id, None if status == "all" else [status], inbox_ids)

    def _viewer(self) -> int | None:
        return self.scope.user.id if self.scope.user is not None else None

    def meta(self, query: ListQuery) -> Counts:
        buckets = self._buckets(query)
        if buckets is not None:
            tally = indexes(self.state).tally(buckets, self._viewer())
            return Counts(mine=tally.mine, unassigned=tally.unassigned, all=tally.all)
        return self._counts(self._filtered(query))

    def list(self, query: ListQuery) -> tuple[Counts, Page]:
        """Counts before `assignee_type`; then `assignee_type`, the order and pages of 25."""
        buckets = self._buckets(query) if query.sort_by in LATEST_FIRST or query.sort_by not in SORTS_ALL else None
        if buckets is not None:
            return self._indexed_list(query, buckets)
        found = self._filtered(query)
        counts = self._counts(found)
        viewer = self.scope.user.id if self.scope.user is not None else None
        kind = query.assignee_type or "all"
        if kind == "me":
            found = [cv for cv in found if cv.assignee_id is not None and cv.assignee_id == viewer]
        elif kind == "unassigned":
            found = [cv for cv in found if cv.assignee_id is None]
        elif kind == "assigned":
            found = [cv for cv in found if cv.assignee_id is not None]
        last_messages = self._last_messages() if query.sort_by == "last_user_message_at" else {}
        ordered = sort_conversations(found, query.sort_by, last_messages)
        return counts, paginate(ordered, query.page, CONVERSATIONS_PER_PAGE)

    def _indexed_list(self, query: ListQuery, buckets: list[Bucket]) -> tuple[Counts, Page]:
        """`list` read from the index: the counts from the buckets' tallies, the page from their merged order."""
        index = indexes(self.state)
        viewer = self._viewer()
        tally = index.tally(buckets, viewer)
        counts = Counts(mine=tally.mine, unassigned=tally.unassigned, all=tally.all)
        kinds: dict[str, tuple[Any, int]] = {  # assignee_type → (which conversations, how many)
            "me": (lambda cv: cv.assignee_id is not None and cv.assignee_id == viewer, counts.mine),
            "unassigned": (lambda cv: cv.assignee_id is None, counts.unassigned),
            "assigned": (lambda cv: cv.assignee_id is not None, counts.assigned),
        }
        chosen, total = kinds.get(query.assignee_type or "all", (None, counts.all))
        ordered = index.latest_first(buckets)
        if chosen is not None:
            ordered = (cv for cv in ordered if chosen(cv))
        start = (page_number(query.page) - 1) * CONVERSATIONS_PER_PAGE
        page = list(islice(ordered, start, start + CONVERSATIONS_PER_PAGE)) if start < total else []
        return counts, Page(page, total)

    def _last_messages(self) -> dict[int, Message]:
        """Each conversation's newest message (by time, then id)."""
        latest: dict[int, Message] = {}
        index = indexes(self.state)
        for conversation in self._all():
            for message in index.messages_of(conversation.id):
                current = latest.get(message.conversation_id)
                if message.account_id == self.account_id and (
                        current is None or (message.created_at, message.id) > (current.created_at, current.id)):
                    latest[message.conversation_id] = message
        return latest

    def filter(self, payload: Any, page: str | None, today: date) -> tuple[Counts, Page]:
        """Every conversation of the account (v3.1 applies no inbox permission here), newest activity first."""
        matches = conversation_filter(payload, self.state.custom_attributes_of(self.account_id), today)
        found = [cv for cv in self._all() if matches(cv)]
        ordered = sorted(found, key=lambda cv: (cv.last_activity_at, cv.id), reverse=True)
        return self._counts(found), paginate(ordered, page, CONVERSATIONS_PER_PAGE)

    # ---- create --------------------------------------------------------------------------------

    def _resolve_link(self, body: dict[str, Any]) -> tuple[Inbox, Contact, str | None, ContactInbox | None]:
        """Inbox + contact: their link with `source_id` (made later if new); otherwise `source_id` alone.

        Nothing is stored here, so a later refusal leaves no half-made contact inbox behind.
        """
        source_id = str(body["source_id"]) if body.get("source_id") not in (None, "") else None
        if body.get("contact_id") not in (None, "") and body.get("inbox_id") not in (None, ""):
            inbox = Inboxes(self.scope).find(body["inbox_id"])
            self.scope.require_inbox(inbox)
            contacts = Contacts(self.scope)
            contact = contacts.find(body["contact_id"])
            if source_id and contacts.source_taken(inbox, source_id, contact.id):
                raise ChatwootError("source_id should be unique")
            existing = next((ci for ci in (indexes(self.state).links_with_source(source_id)
                                           if source_id is not None else [])
                             if (ci.contact_id, ci.inbox_id) == (contact.id, inbox.id)), None)
            return inbox, contact, source_id, existing
        link = next((ci for ci in (indexes(self.state).links_with_source(source_id) if source_id is not None else [])
                     if self.state.inboxes[ci.inbox_id].account_id == self.account_id), None)
        if link is None:
            raise NotFound()
        inbox = self.state.inboxes[link.inbox_id]
        self.scope.require_inbox(inbox)
        return inbox, self.state.contacts[link.contact_id], source_id, link

    def _assignee(self, assignee_id: Any) -> AccountUser | None:
        if assignee_id in (None, ""):
            return None
        membership = self.state.membership(self.account_id, as_id(assignee_id) or 0)
        if membership is None:
            raise RecordInvalid([("assignee", "Assignee must exist")])
        return membership

    def team_or_none(self, team_id: Any) -> Team | None:
        """The account's team with that id, or None (an unknown id unassigns, it is no error)."""
        try:
            return Teams(self.scope).find(team_id)
        except NotFound:
            return None

    def _team(self, team_id: Any) -> Team | None:
        """A conversation's team: none, or one of the account (otherwise 422)."""
        if team_id in (None, ""):
            return None
        team = self.team_or_none(team_id)
        if team is None:
            raise RecordInvalid([("team", "Team must exist")])
        return team

    def create(self, body: dict[str, Any], message: dict[str, Any] | None) -> Conversation:
        """Checks everything first, so a refusal stores nothing (not even the contact inbox).

        The contact inbox is resolved first (404, 401), then the conversation's own fields (422).
        An inbox locked to a single conversation answers the contact's latest one there; the
        message then goes to that conversation.
        """
        inbox, contact, source_id, link = self._resolve_link(body)
        status = body.get("status") or "open"
        _check_status(status)
        assignee = self._assignee(body.get("assignee_id"))
        team = self._team(body.get("team_id"))
        snoozed_until = _unix_time(body.get("snoozed_until"))
        if message is not None:
            check_new_message(message, inbox)
        if link is not None and inbox.lock_to_single_conversation:
            existing = [cv for cv in indexes(self.state).conversations_of_link(link.id)
                        if cv.account_id == self.account_id]
            if existing:
                if message is not None:
                    add_message(self.scope, existing[-1], message)
                return existing[-1]
        link = link or Contacts(self.scope).link(contact, inbox, source_id)
        now = self.scope.ctx.now()
        bot_active = inbox.agent_bot_id is not None and inbox.agent_bot_id in self.state.agent_bots
        conversation = Conversation(
            id=self.state.next_id("conversations"), display_id=self.state.next_display_id(self.account_id),
            account_id=self.account_id, inbox_id=inbox.id, contact_id=link.contact_id, contact_inbox_id=link.id,
            uuid=self.scope.ctx.new_uuid(), created_at=now, updated_at=now, last_activity_at=now,
            status="pending" if bot_active else status,
            assignee_id=assignee.user_id if assignee else None, team_id=team.id if team else None,
            additional_attributes=_object(body.get("additional_attributes")),
            custom_attributes=_object(body.get("custom_attributes")),
            snoozed_until=snoozed_until if status == "snoozed" and not bot_active else None,
            waiting_since=now,  # `ensure_waiting_since`: a new conversation waits from its creation
        )
        store_conversation(self.state, conversation)
        with self.scope.events.one_write():  # the first message precedes what the rules write
            self.scope.events.conversation_created(conversation)
            if message is not None:
                add_message(self.scope, conversation, message)
        return conversation

    # ---- status, priority, assignment, labels -----------------------------------------------------

    def activity(self, conversation: Conversation, content: str) -> Message:
        """An activity message (what the real server's activity job writes)."""
        now = self.scope.ctx.now()
        message = Message(id=self.state.next_id("messages"), account_id=self.account_id,
                          inbox_id=conversation.inbox_id, conversation_id=conversation.id, message_type=ACTIVITY,
                          content=content, created_at=now, updated_at=now)
        store_message(self.state, message)
        conversation.last_activity_at = now
        return message

    def set_status(self, conversation: Conversation, status: str) -> None:
        """A new status: snoozed_until goes unless snoozed, a resolution is recorded, the activity names the actor."""
        if status == conversation.status:
            return
        conversation.status = status
        if status != "snoozed":
            conversation.snoozed_until = None
        conversation.updated_at = self.scope.ctx.now()
        if status == "resolved":
            self.state.record("conversation_resolved", conversation, conversation.created_at,
                              conversation.updated_at, conversation.assignee_id)
        texts = {"resolved": "Conversation was marked resolved by {}", "open": "Conversation was reopened by {}",
                 "pending": "Conversation was marked as pending by {}", "snoozed": "Conversation was snoozed by {}"}
        self.activity(conversation, texts[status].format(self.actor_name))

    def toggle_status(self, display_id: int, status: Any, snoozed_until: Any) -> Conversation:
        """A given status is set; none toggles open↔resolved (pending and snoozed → open).

        A bot opening its pending conversation hands it off; an agent who opens one is assigned.
        """
        conversation = self.find(display_id)
        if status not in (None, ""):
            target = "pending" if status == "bot" else status
            _check_status(target)
        elif conversation.status == "open":
            target = "resolved"
        else:
            target = "open"
        until = _unix_time(snoozed_until) if snoozed_until not in (None, "") else None
        with self.scope.events.tracking(conversation):
            self.set_status(conversation, target)
            if target == "snoozed" and snoozed_until not in (None, ""):
                conversation.snoozed_until = until
            if conversation.status == "open" and self.scope.is_agent:
                membership = self.scope.membership
                assert membership is not None
                self.set_assignee(conversation, membership)
        return conversation

    def toggle_priority(self, display_id: int, priority: Any) -> None:
        conversation = self.find(display_id)
        if priority not in (None, "") and priority not in PRIORITIES:
            raise ChatwootError(f"'{priority}' is not a valid priority")
        with self.scope.events.tracking(conversation):
            conversation.priority = priority or None
            conversation.updated_at = self.scope.ctx.now()

    def set_priority(self, conversation: Conversation, priority: str | None) -> None:
        """A new priority (None clears it), with the activity: set, changed or removed by the actor."""
        old = conversation.priority
        if priority == old:
            return
        conversation.priority = priority
        conversation.updated_at = self.scope.ctx.now()
        self.activity(conversation, priority_activity(self.actor_name, old, priority))

    def mute(self, conversation: Conversation) -> None:
        """`mute!`: resolved and muted, so a new incoming message leaves it resolved. The real server writes its
        "muted" activity for a user only; the automation system, the one caller, gets none."""
        self.set_status(conversation, "resolved")
        conversation.muted = True

    def set_assignee(self, conversation: Conversation, membership: AccountUser | None) -> None:
        """A new assignee (None unassigns), with the activity: self-assigned, assigned by or unassigned by the actor."""
        new_id = membership.user_id if membership else None
        if new_id == conversation.assignee_id:
            return
        conversation.assignee_id = new_id
        conversation.updated_at = self.scope.ctx.now()
        actor = self.actor_name
        if membership is None:
            self.activity(conversation, f"Conversation unassigned by {actor}")
        elif self.scope.user is not None and new_id == self.scope.user.id:
            self.activity(conversation, f"{actor} self-assigned this conversation")
        else:
            self.activity(conversation, f"Assigned to {self.state.users[new_id].name} by {actor}")

    def assign(self, display_id: int, body: dict[str, Any]) -> AccountUser | Team | None:
        """`assignee_id` present: the agent's membership (None: unassigned); else `team_id`: the team (None:
        unassigned); else nothing changes and None is answered."""
        conversation = self.find(display_id)
        with self.scope.events.tracking(conversation):
            if "assignee_id" in body:
                membership = self.state.membership(self.account_id, as_id(body["assignee_id"]) or 0)
                self.set_assignee(conversation, membership)
                return membership
            if "team_id" in body:
                team = self.team_or_none(body["team_id"])
                self.set_team(conversation, team)
                return team
        return None

    def set_team(self, conversation: Conversation, team: Team | None) -> None:
        """A new team (None unassigns) with its activity; an assignee outside the new team is unassigned."""
        previous = self.state.teams.get(conversation.team_id) if conversation.team_id is not None else None
        if (team.id if team else None) == conversation.team_id:
            return
        conversation.team_id = team.id if team else None
        conversation.updated_at = self.scope.ctx.now()
        actor = self.actor_name
        if team is None:
            self.activity(conversation, f"Unassigned from {previous.name if previous else ''} by {actor}")
            return
        self.activity(conversation, f"Assigned to {team.name} by {actor}")
        if conversation.assignee_id is not None and conversation.assignee_id not in team.member_ids:
            conversation.assignee_id = None  # the assignee must belong to the team; the team's activity is the only one

    def labels(self, display_id: int) -> list[str]:
        return self.find(display_id).labels

    def set_labels(self, display_id: int, labels: Any) -> list[str]:
        """Replaces the label list (labels need not exist); notes what was added and removed."""
        conversation = self.find(display_id)
        wanted = label_list(labels)
        added = [label for label in wanted if label not in conversation.labels]
        removed = [label for label in conversation.labels if label not in wanted]
        with self.scope.events.tracking(conversation):
            conversation.labels = wanted
        self.note_labels(conversation, added, removed)
        return conversation.labels

    def add_labels(self, conversation: Conversation, labels: list[Any]) -> None:
        """`add_labels`: the new labels join the list; the activity names only those not there before."""
        added = [label for label in label_list(labels) if label not in conversation.labels]
        if added:
            conversation.labels = conversation.labels + added
            conversation.updated_at = self.scope.ctx.now()
            self.note_labels(conversation, added, [])

    def note_labels(self, conversation: Conversation, added: list[str], removed: list[str]) -> None:
        """`create_label_change`: one activity for the labels added, one for those removed (", "-joined)."""
        if added:
            self.activity(conversation, f"{self.actor_name} added {', '.join(added)}")
        if removed:
            self.activity(conversation, f"{self.actor_name} removed {', '.join(removed)}")


def priority_activity(actor: str, old: str | None, new: str | None) -> str:
    """`conversations.activity.priority.added`, `.updated` or `.removed`."""
    if old and new:
        return f"{actor} changed the priority from {old} to {new}"
    if new:
        return f"{actor} set the priority to {new}"
    return f"{actor} removed the priority"


def _check_status(status: Any) -> None:
    if status not in CONVERSATION_STATUSES:
        raise ChatwootError(f"'{status}' is not a valid status")


def _object(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _unix_time(value: Any) -> datetime | None:
    """`snoozed_until` is a unix time in seconds (Rails' `DateTime.strptime(value, '%s')`)."""
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(int(str(value)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ChatwootError(f"Invalid snoozed_until: '{value}' (expected a unix time in seconds)") from None


def label_list(labels: Any) -> list[str]:
    """An array, or a comma-separated string (acts-as-taggable splits on commas)."""
    items = labels if isinstance(labels, list) else [labels] if isinstance(labels, str) else []
    names = [part.strip() for item in items if isinstance(item, str | int) for part in str(item).split(",")]
    return list(dict.fromkeys(name for name in names if name))
