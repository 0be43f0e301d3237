"""The seeded inboxes of account 1 with their agent bots, and the contacts, conversations and messages in them."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.chatwoot.models import (
    ACTIVITY,
    CHANNEL_TYPES,
    INCOMING,
    OUTGOING,
    PRIORITIES,
    AgentBot,
    ChatwootState,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    Message,
)
from simulator.core.fake import Person, uuid_from
from simulator.core.storage import WorldSeed

CONTACT_LABELS = ("customer", "lead", "vip", "churn-risk")
CONVERSATION_LABELS = ("billing", "delivery", "returns", "feedback", "vip")
QUESTIONS = (
    "Hi, where is my order? It was supposed to arrive yesterday.",
    "Can I return a pair of shoes I bought last week?",
    "My invoice shows the wrong address, can you fix it?",
    "Do you ship to Finland?",
    "The discount code SPRING10 does not work at checkout.",
    "How do I change the password of my account?",
    "I was charged twice for the same order.",
    "Is the blue jacket available in size M again?",
)
ANSWERS = (
    "Thanks for waiting! I have checked your order and it ships today.",
    "Of course, you can return it within 30 days. I have sent you a return label.",
    "I have corrected the address; a new invoice is on its way.",
    "Yes, we ship to all EU countries.",
    "Sorry about that, I have applied the discount to your order manually.",
)
NOTES = ("Customer is a repeat buyer, offer free shipping.", "Checked with the warehouse: parcel is delayed.")
STATUS_TEXT = {"resolved": "Conversation was marked resolved by {}", "pending": "Conversation was marked as "
               "pending by {}", "snoozed": "Conversation was snoozed by {}"}
STATUS_CYCLE = ("open", "resolved", "open", "pending", "snoozed", "open", "resolved")
BASE_PEOPLE = 40  # the counts below are for the default pool; a larger pool (`--scale`) scales them
IDENTIFIED_CONTACTS = 30
VISITORS = ("quiet-river-5261", "bold-meadow-8810", "misty-harbor-0412")  # widget visitors, never identified
VISITOR_WORDS = (("quiet", "bold", "misty", "calm", "bright", "silent", "wild", "lucky"),
                 ("river", "meadow", "harbor", "forest", "canyon", "island", "valley", "summit"))
CONVERSATIONS = 36


def world_scale(people: int) -> float:
    """How many times the default world the pool asks for (never less than once)."""
    return max(1.0, people / BASE_PEOPLE)


def scaled(count: int, scale: float) -> int:
    return round(count * scale)


@dataclass
class SeedClock:
    """Seeded moments: the world's history ends before `epoch`."""

    rng: random.Random
    epoch: datetime

    def days_ago(self, low: int, high: int) -> datetime:
        return self.epoch - timedelta(days=self.rng.randint(low, high), minutes=self.rng.randint(0, 1439))


def seed_inboxes_and_conversations(world: WorldSeed, state: ChatwootState, rng: random.Random,
                                   token: Callable[[random.Random], str]) -> None:
    """Inboxes, bots, contacts and conversations; `token(rng)` draws a 24-character token."""
    clock = SeedClock(rng, world.epoch)
    account_id = 1
    users = sorted(state.users)
    website = Inbox(id=state.next_id("inboxes"), account_id=account_id, name="Website",
                    channel_type=CHANNEL_TYPES["web_widget"], channel_id=state.next_id("channel_web_widget"),
                    created_at=clock.days_ago(350, 360), member_ids=users[0:4],
                    website_url="https://shop.example.com", widget_color="#1f93ff", welcome_title="Hi there!",
                    welcome_tagline="We usually reply within a few minutes.", website_token=token(rng),
                    reply_time="in_a_few_minutes", hmac_token=token(rng), greeting_enabled=True,
                    greeting_message="Hello! How can we help?")
    api = Inbox(id=state.next_id("inboxes"), account_id=account_id, name="Shop API",
                channel_type=CHANNEL_TYPES["api"], channel_id=state.next_id("channel_api"),
                created_at=clock.days_ago(340, 349), member_ids=[users[1], *users[4:6]],
                identifier=world.config.chatwoot_public_inbox, hmac_token=token(rng))
    token(rng)  # the draw the identifier used to take: the rest of the seeded world stays as it was
    app = Inbox(id=state.next_id("inboxes"), account_id=account_id, name="Mobile app",
                channel_type=CHANNEL_TYPES["api"], channel_id=state.next_id("channel_api"),
                created_at=clock.days_ago(300, 339), member_ids=users[2:3],
                identifier=token(rng), hmac_token=token(rng), lock_to_single_conversation=True)
    for inbox in (website, api, app):
        state.inboxes[inbox.id] = inbox
    triage = AgentBot(id=state.next_id("agent_bots"), name="Triage bot", access_token=world.config.chatwoot_bot_token,
                      created_at=clock.days_ago(290, 299), account_id=account_id,
                      description="Answers the first question in the mobile app", outgoing_url=None)
    faq = AgentBot(id=state.next_id("agent_bots"), name="FAQ bot", access_token=token(rng),
                   created_at=clock.days_ago(380, 390), description="A bot every account may use",
                   outgoing_url=None)
    state.agent_bots[triage.id] = triage
    state.agent_bots[faq.id] = faq
    app.agent_bot_id = triage.id
    scale = world_scale(world.config.people)
    contacts = _seed_contacts(world.pool.people, state, clock, account_id, scale)
    _seed_conversations(state, clock, contacts, [website, api, app], scaled(CONVERSATIONS, scale))


def _seed_contacts(people: list[Person], state: ChatwootState, clock: SeedClock, account_id: int,
                   scale: float) -> list[Contact]:
    rng = clock.rng
    phones: set[str] = set()
    contacts: list[Contact] = []
    for index, person in enumerate(people[:scaled(IDENTIFIED_CONTACTS, scale)]):
        created = person.since if person.since and person.since < clock.epoch else clock.days_ago(200, 600)
        phone = person.phone if person.phone not in phones else None
        phones.add(person.phone)
        contact = Contact(
            id=state.next_id("contacts"), account_id=account_id, name=person.name, created_at=created,
            updated_at=created, email=person.email.lower(), phone_number=phone,
            identifier=person.external_identifier if index % 3 == 0 else None,
            additional_attributes={"city": person.city, "country": _country(person.country),
                                   "country_code": person.country.lower(), "company_name": person.company},
            custom_attributes={"plan": rng.choice(("free", "pro"))} | (
                {"signed_up_at": created.date().isoformat()} if index % 2 == 0 else {}),
            labels=sorted(rng.sample(CONTACT_LABELS, rng.randint(0, 2))),
        )
        contacts.append(contact)
    for name in _visitor_names(rng, scaled(len(VISITORS), scale)):
        created = clock.days_ago(1, 60)
        contacts.append(Contact(id=state.next_id("contacts"), account_id=account_id, name=name, created_at=created,
                                updated_at=created, additional_attributes={"browser_language": "en"}))
    contacts[1].online = True  # visiting the shop right now: cannot be deleted
    for contact in contacts:
        state.contacts[contact.id] = contact
    return contacts


def _visitor_names(rng: random.Random, count: int) -> list[str]:
    """The fixed visitors, then (in a scaled world) more names in Chatwoot's random-name style."""
    names = list(VISITORS[:count])
    while len(names) < count:
        name = f"{rng.choice(VISITOR_WORDS[0])}-{rng.choice(VISITOR_WORDS[1])}-{rng.randint(0, 9999):04d}"
        if name not in names:
            names.append(name)
    return names


def _country(code: str) -> str:
    return {"NL": "Netherlands", "BE": "Belgium", "DE": "Germany", "FI": "Finland", "SE": "Sweden",
            "GB": "United Kingdom"}.get(code, code)


FOREIGN_CONVERSATIONS = 100  # database ids taken by other tenants' conversations (ids are global in Chatwoot)


def foreign_conversations(count: int) -> int:
    """Ids taken by other tenants: a multiple of FOREIGN_CONVERSATIONS above the seeded count."""
    return FOREIGN_CONVERSATIONS * max(1, math.ceil(count / FOREIGN_CONVERSATIONS))


def _seed_conversations(state: ChatwootState, clock: SeedClock, contacts: list[Contact],
                        inboxes: list[Inbox], count: int) -> None:
    """Database ids start after the foreign ones, so no seeded display id is a database id of account 1."""
    rng = clock.rng
    state.sequences["conversations"] = max(state.sequences.get("conversations", 0), foreign_conversations(count))
    teams = sorted(state.teams)
    links = {(ci.contact_id, ci.inbox_id): ci for ci in state.contact_inboxes.values()}
    for number in range(count):
        contact = contacts[number % len(contacts)]
        inbox = inboxes[0] if not contact.is_resolved else inboxes[(0, 1, 0, 1, 2)[number % 5]]
        link = links.get((contact.id, inbox.id))
        if link is None:
            started = clock.days_ago(40, 90)
            link = ContactInbox(id=state.next_id("contact_inboxes"), contact_id=contact.id, inbox_id=inbox.id,
                                source_id=uuid_from(rng), created_at=started, updated_at=started,
                                pubsub_token=uuid_from(rng).replace("-", "")[:24])
            state.contact_inboxes[link.id] = link
            links[(contact.id, inbox.id)] = link
        elif inbox.lock_to_single_conversation:
            continue
        status = STATUS_CYCLE[number % len(STATUS_CYCLE)] if inbox.agent_bot_id is None else "pending"
        started = clock.days_ago(1, 35)
        assignee = rng.choice([*inbox.member_ids, None]) if status != "pending" else None
        conversation = Conversation(
            id=state.next_id("conversations"), display_id=state.next_display_id(1), account_id=1,
            inbox_id=inbox.id, contact_id=contact.id, contact_inbox_id=link.id, uuid=uuid_from(rng),
            created_at=started, updated_at=started, last_activity_at=started, status=status, assignee_id=assignee,
            team_id=rng.choice([None, *teams]) if assignee is None or number % 2 else None,
            priority=rng.choice((None, None, *PRIORITIES)),
            labels=sorted(rng.sample(CONVERSATION_LABELS, rng.randint(0, 2))),
            additional_attributes=_visit(rng, started) if not inbox.is_api else {},
            custom_attributes={"order_number": f"ORD-{rng.randint(10000, 99999)}"} if number % 3 == 0 else {},
            snoozed_until=started + timedelta(days=40) if status == "snoozed" else None,
            waiting_since=started,  # a new conversation waits from its creation (`ensure_waiting_since`)
        )
        state.conversations[conversation.id] = conversation
        _seed_messages(state, rng, conversation, contact)


def _visit(rng: random.Random, started: datetime) -> dict[str, object]:
    page = rng.choice(("/", "/orders", "/returns", "/jackets"))
    language = rng.choice(("en", "nl", "de", "fi"))
    return {"browser": {"browser_name": "Firefox", "browser_version": "118.0", "platform_name": "Linux"},
            "referer": f"https://shop.example.com{page}", "browser_language": language,
            "initiated_at": {"timestamp": started.strftime("%a %b %d %Y %H:%M:%S GMT+0000")}}


def _seed_messages(state: ChatwootState, rng: random.Random, conversation: Conversation, contact: Contact) -> None:
    """A question, then (unless still waiting) replies, maybe a note, and the status change."""
    moment = conversation.created_at

    def add(message_type: int, content: str, sender: tuple[str | None, int | None], private: bool = False) -> None:
        nonlocal moment
        moment += timedelta(minutes=rng.randint(1, 90))
        message = Message(id=state.next_id("messages"), account_id=1, inbox_id=conversation.inbox_id,
                          conversation_id=conversation.id, message_type=message_type, content=content,
                          created_at=moment, updated_at=moment, private=private, sender_type=sender[0],
                          sender_id=sender[1], status="read" if message_type == OUTGOING else "sent")
        state.messages[message.id] = message
        conversation.last_activity_at = moment
        if message_type == INCOMING:
            contact.last_activity_at = max(contact.last_activity_at or moment, moment)
            conversation.waiting_since = conversation.waiting_since or moment
        elif message_type == OUTGOING and not private:
            if conversation.first_reply_created_at is None:
                conversation.first_reply_created_at = moment
                state.record("first_response", conversation, conversation.created_at, moment, sender[1])
            if conversation.waiting_since is not None:
                state.record("reply_time", conversation, conversation.waiting_since, moment, sender[1])
            conversation.waiting_since = None

    add(INCOMING, rng.choice(QUESTIONS), ("Contact", contact.id))
    if conversation.status == "pending":
        return
    agent = conversation.assignee_id or 1
    if rng.random() < 0.7 or conversation.status != "open":
        add(OUTGOING, rng.choice(ANSWERS), ("User", agent))
    if rng.random() < 0.3:
        add(OUTGOING, rng.choice(NOTES), ("User", agent), private=True)
    if rng.random() < 0.4:
        add(INCOMING, "Thank you!", ("Contact", contact.id))
    if conversation.status in STATUS_TEXT:
        add(ACTIVITY, STATUS_TEXT[conversation.status].format(state.users[agent].name), (None, None))
        if conversation.status == "resolved":
            state.record("conversation_resolved", conversation, conversation.created_at, moment,
                         conversation.assignee_id)
    conversation.updated_at = moment
    conversation.agent_last_seen_at = moment if conversation.status == "resolved" else None
