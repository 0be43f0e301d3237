"""The seeded contact center: users, queues, calls, chats and emails drawn from the shared people pool."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from simulator.core.fake import Agent, Person
from simulator.core.resources import load_canonical
from simulator.core.serialize import from_jsonable
from simulator.core.storage import WorldSeed
from simulator.sinch_cmi.models import (
    AGENT_RIGHTS,
    ALL_RIGHTS,
    Attachment,
    Callback,
    CallRecording,
    Chat,
    ChatLine,
    ChatParticipant,
    CmiState,
    Consent,
    Contact,
    ContactDatum,
    Destination,
    Email,
    EmailAddress,
    ListenLog,
    Queue,
    RequiredAgent,
    ScheduledMessage,
    ScriptAnswer,
    ScriptQuestion,
    ScriptResult,
    User,
)
from simulator.sinch_cmi.store.timeline import deliverable

if TYPE_CHECKING:
    from faker import Faker

RESTRICTED_LOGIN = "demo-restricted"
QUEUES = (  # name, channel, address, number, subtype
    ("Direct Sales", "PHONE", "+358201000152", "152", ""),
    ("Support", "PHONE", "+358201000153", "153", ""),
    ("Callback IVR", "PHONE", "+358201000505", "505", ""),
    ("Support chat", "CHAT", "support@chat.example.com", "", "text"),
    ("SMS queue", "CHAT", "12345678@sms.social365.com", "", "sms"),
    ("WhatsApp queue", "CHAT", "11ERHG2PJ0NJKMNF7WRTR9Y1551@whatsapp.sinchconversation.com", "", "whatsapp"),
    ("Direct Sales email", "EMAIL", "sales@example.com", "", ""),
    ("E-mail Support", "EMAIL", "support@example.com", "", ""),
)
SUBJECTS = ("Order status", "Invoice question", "Broken delivery", "Change of address", "Product information",
            "Warranty claim", "Cancel my subscription", "Request for support", "Information of the offer")
CHAT_LINES = ("Hello, I have a question about my order", "Could you check the delivery date?",
              "My invoice shows a wrong amount", "Thanks, that helps a lot", "Is the product in stock?")
AGENT_LINES = ("Hello, how may I help you?", "Let me check that for you", "One moment please",
               "It is on its way and arrives tomorrow", "Is there anything else I can help with?")


def load_canonical_state(world: WorldSeed) -> CmiState:
    """fixtures/sinch_cmi.json: the vendor page's examples, with stable ids (may be absent)."""
    data = load_canonical(world.config.fixtures_dir, "sinch_cmi")
    return from_jsonable(CmiState, {key: value for key, value in data.items() if not key.startswith("_")})


class Seeder:
    def __init__(self, world: WorldSeed, canonical: CmiState | None = None) -> None:
        self.world = world
        self.canonical = canonical or CmiState()
        self.rng: random.Random = world.random("sinch_cmi")
        self.fake: Faker = world.faker("sinch_cmi")
        self.epoch: datetime = world.epoch
        self.state = CmiState()
        self.people: list[Person] = world.pool.people

    def guid(self) -> str:
        return f"{self.rng.getrandbits(128):032X}"

    def hyphenated(self) -> str:
        raw = self.guid()
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"

    def before_epoch(self, *, max_days: int = 60) -> datetime:
        seconds = self.rng.randint(3600, max_days * 86400)
        return (self.epoch - timedelta(seconds=seconds)).replace(microsecond=self.rng.randint(0, 999) * 1000)

    # ---- users and queues ------------------------------------------------------------------

    def users_and_queues(self) -> None:
        self.state.queues.update(self.canonical.queues)
        for name, channel, address, number, subtype in QUEUES:
            queue = Queue(id=self.guid(), name=name, channel=channel, address=address, number=number, subtype=subtype)
            self.state.queues[queue.id] = queue
        all_queues = list(self.state.queues)
        config = self.world.config
        agents = self.world.pool.agents
        for index, agent in enumerate(agents):
            password = config.sinch_cmi_password
            if index == 0:
                login, rights, queues = config.sinch_cmi_user, ALL_RIGHTS, all_queues
            elif index == 1:
                login, rights, queues = RESTRICTED_LOGIN, AGENT_RIGHTS, all_queues[:2]
            else:
                login, rights, queues = agent.email.split("@")[0], AGENT_RIGHTS, self.rng.sample(all_queues, 3)
            user = User(id=self.guid(), login=login, password=password, name=_surname_first(agent),
                        language=_language(agent), rights=list(rights), queues=list(queues), email=agent.email,
                        extension=agent.phone_extension)
            self.state.users[user.login] = user
        for user in self.canonical.users.values():
            user.password = config.sinch_cmi_password
            self.state.users[user.login] = user

    def canonical_records(self) -> None:
        """The vendor's examples come before the generated records."""
        for table in ("contacts", "emails", "chats", "recordings", "script_results", "callbacks", "messages",
                      "consents", "remarks", "contact_data"):
            getattr(self.state, table).update(getattr(self.canonical, table))

    def queues_of(self, channel: str) -> list[Queue]:
        return [q for q in self.state.queues.values() if q.channel == channel and q.name != "Callback IVR"]

    def agent(self) -> User:
        return self.rng.choice(list(self.state.users.values()))

    # ---- contacts --------------------------------------------------------------------------

    def lifecycle(self, contact: Contact, status: str) -> None:
        """Times and agent for a status: Handled and Abandoned end; InQueue waits; InProcess talks."""
        arrival = contact.arrival_time
        contact.status = status
        if status == "InQueue":
            contact.agent_id = None
            return
        if status == "Abandoned":
            contact.agent_id = None
            contact.disconnect_time = arrival + timedelta(seconds=self.rng.randint(5, 300))
            contact.wrap_up_end_time = contact.disconnect_time
            return
        contact.connect_time = arrival + timedelta(seconds=self.rng.randint(3, 240))
        if contact.agent_id is None:
            contact.agent_id = self.agent().id
        if status == "Handled":
            contact.disconnect_time = contact.connect_time + timedelta(seconds=self.rng.randint(30, 1800))
            contact.wrap_up_end_time = contact.disconnect_time + timedelta(seconds=self.rng.randint(0, 120))

    def calls(self, count: int) -> None:
        phone_queues = self.queues_of("PHONE")
        for _ in range(count):
            person = self.rng.choice(self.people)
            queue = self.rng.choice(phone_queues)
            inbound = self.rng.random() < 0.8
            status = self.rng.choices(("Handled", "Abandoned", "InQueue", "InProcess"), (14, 3, 1, 1))[0]
            contact = Contact(
                id=self.guid(),
                contact_group_id=self.guid(),
                channel="PHONE",
                type="CallIn" if inbound else "CallOut",
                type_details=self.rng.choice(("IVR", "Direct")) if inbound else "CallOut",
                status=status,
                status_details=status,
                source=person.phone if inbound else queue.address,
                destination=queue.address if inbound else person.phone,
                arrival_time=self.before_epoch(),
                queue_id=queue.id,
            )
            self.lifecycle(contact, status)
            if status == "Handled":
                contact.status_details = self.rng.choice(("Handled", "Handled_AOT"))
            elif status == "Abandoned":
                contact.status_details = "Abandoned_InQueue"
            elif status == "InQueue" and self.rng.random() < 0.5:
                agent = self.agent()
                contact.required_agent = RequiredAgent(id=agent.id, name=agent.name, type=self.rng.choice((1, 2)),
                                                       expiration_time=contact.arrival_time + timedelta(minutes=5))
            self.state.contacts[contact.id] = contact
            if status == "Handled" and self.rng.random() < 0.25:
                self.transfer(contact)
            if contact.connect_time and self.rng.random() < 0.6:
                self.recording(contact)

    def transfer(self, first: Contact) -> None:
        """A transferred call: a second contact with a new id in the same contact group."""
        assert first.disconnect_time is not None
        second = Contact(
            id=self.guid(), contact_group_id=first.contact_group_id, channel="PHONE", type=first.type,
            type_details="Transfer", status="Handled", status_details="Handled", source=first.source,
            destination=first.destination, arrival_time=first.disconnect_time, queue_id=first.queue_id,
        )
        first.status_details = "Transferred"
        self.lifecycle(second, "Handled")
        self.state.contacts[second.id] = second

    def recording(self, contact: Contact) -> None:
        agent = self.state.user_by_id(contact.agent_id)
        assert agent is not None and contact.connect_time is not None
        contact.record = True
        start = contact.connect_time
        extension = agent.extension or "100"
        file_name = (f"{extension}\\{start:%Y_%m}_0{start.isoweekday()}\\{start:%d_%H_%M_%S}_SSR_{extension}_"
                     f"{contact.contact_group_id}.wav")
        recording = CallRecording(
            id=self.guid(), call_id=contact.contact_group_id, contact_id=contact.id, owner_id=agent.id,
            owner_type="user", owner_name=agent.name, file_name=file_name, file_path="",
            creation_time=contact.disconnect_time or start,
        )
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            listener = self.agent()
            recording.listen_log.append(ListenLog(
                id=self.guid(), user_guid=listener.id, user_id=listener.login, user_name=listener.name,
                description=self.rng.choice(("quality check", "listened because", "complaint review")),
                user_session_id=self.guid(), time_stamp=recording.creation_time + timedelta(days=1),
            ))
        self.state.recordings[recording.id] = recording

    def chats(self, count: int) -> None:
        chat_queues = self.queues_of("CHAT")
        for _ in range(count):
            person = self.rng.choice(self.people)
            queue = self.rng.choice(chat_queues)
            status = self.rng.choices(("Handled", "Abandoned", "InQueue", "InProcess"), (10, 1, 2, 2))[0]
            source = person.email if queue.subtype == "text" else person.phone
            group = self.hyphenated()
            contact = Contact(
                id=self.guid(), contact_group_id=group, channel="CHAT", type="ChatIn",
                type_details="Chat", subtype=queue.subtype, status=status,
                status_details={"Handled": "Handled", "Abandoned": "Closed"}.get(status, "Open"), source=source,
                destination=queue.address, arrival_time=self.before_epoch(), queue_id=queue.id,
                subject=self.rng.choice(SUBJECTS),
            )
            self.lifecycle(contact, status)
            agent = self.state.user_by_id(contact.agent_id)
            lines = [ChatLine(message="Position in queue: 1 - \nNumber of agents: 4", originator="Sinch Contact Center",
                              timestamp=contact.arrival_time, system_message=True)]
            moment = contact.connect_time or contact.arrival_time
            for turn in range(self.rng.randint(1, 3) if agent else 1):
                moment += timedelta(seconds=self.rng.randint(5, 60))
                lines.append(ChatLine(message=CHAT_LINES[(turn + len(lines)) % len(CHAT_LINES)],
                                      originator=source, timestamp=moment))
                if agent is not None:
                    moment += timedelta(seconds=self.rng.randint(5, 60))
                    lines.append(ChatLine(message=AGENT_LINES[turn % len(AGENT_LINES)], originator=agent.email,
                                          timestamp=moment))
            participants = [ChatParticipant(alias=person.first_name, uniquekey=source)]
            if agent is not None:
                participants.append(ChatParticipant(alias=agent.name.split(", ")[-1], uniquekey=agent.email))
            participants.append(ChatParticipant(alias="", uniquekey="Sinch Contact Center"))
            self.state.contacts[contact.id] = contact
            self.state.chats[contact.id] = Chat(
                id=contact.id, channel_type="chat", channel_sub_type=queue.subtype, title=contact.subject or "",
                participants=participants, transcript=sorted(lines, key=lambda line: line.timestamp, reverse=True),
            )

    def emails(self, count: int) -> None:
        email_queues = self.queues_of("EMAIL")
        for _ in range(count):
            person = self.rng.choice(self.people)
            queue = self.rng.choice(email_queues)
            inbound = self.rng.random() < 0.75
            status = self.rng.choices(("Handled", "InQueue", "InProcess"), (10, 3, 2))[0] if inbound else "Handled"
            subject = self.rng.choice(SUBJECTS)
            customer = EmailAddress(address=person.email, name=f"{person.last_name}, {person.first_name}")
            mailbox = EmailAddress(address=queue.address, name=queue.name)
            contact = Contact(
                id=self.guid(), contact_group_id=self.hyphenated(), channel="EMAIL",
                type="EmailIn" if inbound else "EmailOut", type_details="EMAIL" if inbound else "EMAILOUT",
                status=status, status_details=status, source=person.email if inbound else queue.address,
                destination=queue.address if inbound else person.email, arrival_time=self.before_epoch(),
                queue_id=queue.id, subject=subject if inbound else f"RE: {subject}",
                case_id=str(self.rng.randint(10000, 99999)),
            )
            self.lifecycle(contact, status)
            if not inbound:
                contact.created_by = contact.agent_id
            details = {"Handled": "Handled" if inbound else "Sent", "InQueue": "Open", "InProcess": "Open"}
            paragraphs = "".join(f"<p>{self.fake.sentence(nb_words=10)}</p> " for _ in range(self.rng.randint(1, 3)))
            attachments = [
                Attachment(id=self.guid(), filename=name, mime_type=mime, size=self.rng.randint(400, 500000),
                           originator="customer" if inbound else "agent")
                for name, mime in self.rng.sample(_ATTACHMENTS, self.rng.randint(0, 2))
            ]
            self.state.contacts[contact.id] = contact
            self.state.emails[contact.id] = Email(
                id=contact.id, status_details=details[status], title=contact.subject or "",
                content=f"<p>Hello,</p> {paragraphs}<p>Br, {person.name}</p>" if inbound else
                f"<p>Dear {person.first_name},</p> {paragraphs}",
                from_address=customer if inbound else mailbox, to_address=[mailbox if inbound else customer],
                cid=f"CID{self.rng.getrandbits(48):012X}", attachments=attachments,
                attached_data={"customerId": person.external_identifier or person.id, "language": "en"},
            )
            if self.rng.random() < 0.3:
                self.state.remarks[contact.contact_group_id] = self.fake.sentence(nb_words=8)

    # ---- other resources ---------------------------------------------------------------------

    def script_results(self, count: int) -> None:
        calls = [c for c in self.state.contacts.values() if c.channel == "PHONE" and c.connect_time is not None]
        for contact in self.rng.sample(calls, min(count, len(calls))):
            contact.script = True
            questions = []
            for ordinal, (question, answers) in enumerate((("Current Car", _CARS), ("Next Car", _CARS))):
                picked = self.rng.sample(answers, self.rng.randint(1, 2))
                questions.append(ScriptQuestion(
                    id=_QUESTION_IDS[ordinal], data=question, controltype="multicombobox", datatype="text",
                    ordinal=ordinal * 2,
                    scriptanswers=[ScriptAnswer(id=self.guid(), answerdata=answer, ordinal=i)
                                   for i, answer in enumerate(picked)],
                ))
            result = ScriptResult(
                id=self.guid(), script_id="DCA8D3301BC74B9C8AFCB28026E7761B", name="Simple car selector",
                contact_id=contact.id, originalcontact_id=self._first_of_group(contact).id,
                modificationtime=(contact.disconnect_time or contact.arrival_time) + timedelta(seconds=30),
                scriptquestions=questions,
            )
            self.state.script_results[result.id] = result

    def _first_of_group(self, contact: Contact) -> Contact:
        return min(self.state.group(contact.contact_group_id), key=lambda c: c.arrival_time)

    def callbacks(self, count: int) -> None:
        creators = list(self.state.users.values())
        phone_queues = self.queues_of("PHONE")
        for _ in range(count):
            person = self.rng.choice(self.people)
            queue = self.rng.choice(phone_queues)
            created = self.before_epoch(max_days=10)
            failures = self.rng.choice((0, 0, 1, 2))
            outcomes = ("NO_ANSWER", "BUSY") if failures else ("ADDED", "ADDED", "HANDLED")
            result = self.rng.choice(outcomes)
            creator = self.rng.choice(creators) if self.rng.random() < 0.5 else None
            callback = Callback(
                id=self.guid(), callback_queue_number="505", creation_time=created, customer_number=person.phone,
                original_queue_number=queue.number, original_queue_name=queue.name,
                max_calls=self.rng.choice((3, 5, 99)),
                failures=failures, creator_id=creator.id if creator else None,
                creator_name=creator.name if creator else None, last_result=result,
                last_call_time=created + timedelta(minutes=10) if failures or result == "HANDLED" else None,
                next_call_time=None if result == "HANDLED" else created + timedelta(minutes=15),
                notes=self.fake.sentence(nb_words=5) if self.rng.random() < 0.5 else None,
                gw_prefix="FIN" if self.rng.random() < 0.3 else None,
            )
            self.state.callbacks[callback.id] = callback

    def consents(self, count: int) -> None:
        for person in self.rng.sample(self.people, min(count, len(self.people))):
            usage = self.rng.choice(("recording", "whatsapp"))
            consent = Consent(address=person.phone, usage=usage, consent=self.rng.random() < 0.75)
            self.state.consents[consent.key] = consent

    def messages(self, count: int) -> None:
        sources = [q for q in self.queues_of("CHAT") if q.subtype in ("sms", "whatsapp")]
        for _ in range(count):
            queue = self.rng.choice(sources)
            created = self.before_epoch(max_days=20)
            send_time = created + timedelta(days=self.rng.randint(0, 30), minutes=self.rng.randint(0, 600))
            addresses = [p.phone for p in self.rng.sample(self.people, self.rng.randint(1, 3))]
            destinations = []
            for address in addresses:
                consent = self.state.consents.get(f"whatsapp_{address}")
                destinations.append(_destination(address, queue.subtype, consent.consent if consent else None))
            message_id = self.guid()
            self.state.messages[message_id] = ScheduledMessage(
                id=message_id, message=self.fake.sentence(nb_words=14), source=queue.address,
                sub_type=queue.subtype, send_time=send_time, creation_time=created, destinations=destinations,
                max_retry_count=self.rng.choice((2, 5)), retry_delay=self.rng.choice((300, 3600)),
            )

    def contact_data(self, count: int) -> None:
        contacts = list(self.state.contacts.values())
        for contact in self.rng.sample(contacts, min(count, len(contacts))):
            person = next((p for p in self.people if contact.source in (p.phone, p.email)), None)
            for key, value in (("customerId", person.external_identifier if person else "anonymous"),
                               ("ivrChoice", str(self.rng.randint(1, 4)))):
                datum = ContactDatum(id=self.guid(), contact_id=contact.id, key=key, value=value,
                                     time_stamp=contact.arrival_time)
                self.state.contact_data[datum.id] = datum


def _destination(address: str, sub_type: str, consent: bool | None) -> Destination:
    return Destination(address=address, deliverable=deliverable(address, sub_type, consent))


def _surname_first(agent: Agent) -> str:
    first, _, last = agent.name.partition(" ")
    return f"{last}, {first}" if last else first


def _language(agent: Agent) -> str:
    return agent.languages[0] if agent.languages and agent.languages[0] in ("en", "fi", "sv", "de") else "en"


_ATTACHMENTS = (("Offer.pdf", "application/pdf"), ("Notes.txt", "text/plain"), ("Picture.jpg", "image/jpeg"),
                ("Invoice.pdf", "application/pdf"), ("Details.xls", "application/excel"))
_CARS = ("Kia", "Volvo", "BMW", "Mercedes-Benz", "Hyundai", "Toyota")
_QUESTION_IDS = ("E6AF572FE79B4550B5CBF621EFB590B7", "B50D16A1D4834047AEFE52325B95377F")


BASE_PEOPLE = 40  # the counts below are for the default pool; a larger pool scales them


def seed(world: WorldSeed) -> CmiState:
    scale = max(1.0, world.config.people / BASE_PEOPLE)
    seeder = Seeder(world, load_canonical_state(world))
    seeder.users_and_queues()
    seeder.canonical_records()
    for step, count in ((seeder.calls, 30), (seeder.chats, 15), (seeder.emails, 15), (seeder.script_results, 8),
                        (seeder.callbacks, 8), (seeder.consents, 10), (seeder.messages, 6), (seeder.contact_data, 8)):
        step(round(count * scale))
    return seeder.state
