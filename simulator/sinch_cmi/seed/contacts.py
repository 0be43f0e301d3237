"""The seeded contacts: phone calls (some transferred, some recorded), chats with transcripts, and emails."""

from __future__ import annotations

from datetime import timedelta

from simulator.sinch_cmi.models import (
    Attachment,
    CallRecording,
    Chat,
    ChatLine,
    ChatParticipant,
    Contact,
    Email,
    EmailAddress,
    ListenLog,
    RequiredAgent,
)
from simulator.sinch_cmi.seed.base import Seeder

SUBJECTS = ("Order status", "Invoice question", "Broken delivery", "Change of address", "Product information",
            "Warranty claim", "Cancel my subscription", "Request for support", "Information of the offer")
CHAT_LINES = ("Hello, I have a question about my order", "Could you check the delivery date?",
              "My invoice shows a wrong amount", "Thanks, that helps a lot", "Is the product in stock?")
AGENT_LINES = ("Hello, how may I help you?", "Let me check that for you", "One moment please",
               "It is on its way and arrives tomorrow", "Is there anything else I can help with?")


def lifecycle(seeder: Seeder, contact: Contact, status: str) -> None:
    """Times and agent for a status: Handled and Abandoned end; InQueue waits; InProcess talks."""
    arrival = contact.arrival_time
    contact.status = status
    if status == "InQueue":
        contact.agent_id = None
        return
    if status == "Abandoned":
        contact.agent_id = None
        contact.disconnect_time = arrival + timedelta(seconds=seeder.rng.randint(5, 300))
        contact.wrap_up_end_time = contact.disconnect_time
        return
    contact.connect_time = arrival + timedelta(seconds=seeder.rng.randint(3, 240))
    if contact.agent_id is None:
        contact.agent_id = seeder.agent().id
    if status == "Handled":
        contact.disconnect_time = contact.connect_time + timedelta(seconds=seeder.rng.randint(30, 1800))
        contact.wrap_up_end_time = contact.disconnect_time + timedelta(seconds=seeder.rng.randint(0, 120))


def calls(seeder: Seeder, count: int) -> None:
    phone_queues = seeder.queues_of("PHONE")
    for _ in range(count):
        person = seeder.rng.choice(seeder.people)
        queue = seeder.rng.choice(phone_queues)
        inbound = seeder.rng.random() < 0.8
        status = seeder.rng.choices(("Handled", "Abandoned", "InQueue", "InProcess"), (14, 3, 1, 1))[0]
        contact = Contact(
            id=seeder.guid(),
            contact_group_id=seeder.guid(),
            channel="PHONE",
            type="CallIn" if inbound else "CallOut",
            type_details=seeder.rng.choice(("IVR", "Direct")) if inbound else "CallOut",
            status=status,
            status_details=status,
            source=person.phone if inbound else queue.address,
            destination=queue.address if inbound else person.phone,
            arrival_time=seeder.before_epoch(),
            queue_id=queue.id,
        )
        lifecycle(seeder, contact, status)
        if status == "Handled":
            contact.status_details = seeder.rng.choice(("Handled", "Handled_AOT"))
        elif status == "Abandoned":
            contact.status_details = "Abandoned_InQueue"
        elif status == "InQueue" and seeder.rng.random() < 0.5:
            agent = seeder.agent()
            contact.required_agent = RequiredAgent(id=agent.id, name=agent.name, type=seeder.rng.choice((1, 2)),
                                                   expiration_time=contact.arrival_time + timedelta(minutes=5))
        seeder.state.contacts[contact.id] = contact
        if status == "Handled" and seeder.rng.random() < 0.25:
            transfer(seeder, contact)
        if contact.connect_time and seeder.rng.random() < 0.6:
            recording(seeder, contact)


def transfer(seeder: Seeder, first: Contact) -> None:
    """A transferred call: a second contact with a new id in the same contact group."""
    assert first.disconnect_time is not None
    second = Contact(
        id=seeder.guid(), contact_group_id=first.contact_group_id, channel="PHONE", type=first.type,
        type_details="Transfer", status="Handled", status_details="Handled", source=first.source,
        destination=first.destination, arrival_time=first.disconnect_time, queue_id=first.queue_id,
    )
    first.status_details = "Transferred"
    lifecycle(seeder, second, "Handled")
    seeder.state.contacts[second.id] = second


def recording(seeder: Seeder, contact: Contact) -> None:
    agent = seeder.state.user_by_id(contact.agent_id)
    assert agent is not None and contact.connect_time is not None
    contact.record = True
    start = contact.connect_time
    extension = agent.extension or "100"
    file_name = (f"{extension}\\{start:%Y_%m}_0{start.isoweekday()}\\{start:%d_%H_%M_%S}_SSR_{extension}_"
                 f"{contact.contact_group_id}.wav")
    recording = CallRecording(
        id=seeder.guid(), call_id=contact.contact_group_id, contact_id=contact.id, owner_id=agent.id,
        owner_type="user", owner_name=agent.name, file_name=file_name, file_path="",
        creation_time=contact.disconnect_time or start,
    )
    for _ in range(seeder.rng.choice((0, 0, 1, 2))):
        listener = seeder.agent()
        recording.listen_log.append(ListenLog(
            id=seeder.guid(), user_guid=listener.id, user_id=listener.login, user_name=listener.name,
            description=seeder.rng.choice(("quality check", "listened because", "complaint review")),
            user_session_id=seeder.guid(), time_stamp=recording.creation_time + timedelta(days=1),
        ))
    seeder.state.recordings[recording.id] = recording


def chats(seeder: Seeder, count: int) -> None:
    chat_queues = seeder.queues_of("CHAT")
    for _ in range(count):
        person = seeder.rng.choice(seeder.people)
        queue = seeder.rng.choice(chat_queues)
        status = seeder.rng.choices(("Handled", "Abandoned", "InQueue", "InProcess"), (10, 1, 2, 2))[0]
        source = person.email if queue.subtype == "text" else person.phone
        group = seeder.hyphenated()
        contact = Contact(
            id=seeder.guid(), contact_group_id=group, channel="CHAT", type="ChatIn",
            type_details="Chat", subtype=queue.subtype, status=status,
            status_details={"Handled": "Handled", "Abandoned": "Closed"}.get(status, "Open"), source=source,
            destination=queue.address, arrival_time=seeder.before_epoch(), queue_id=queue.id,
            subject=seeder.rng.choice(SUBJECTS),
        )
        lifecycle(seeder, contact, status)
        agent = seeder.state.user_by_id(contact.agent_id)
        lines = [ChatLine(message="Position in queue: 1 - \nNumber of agents: 4", originator="Sinch Contact Center",
                          timestamp=contact.arrival_time, system_message=True)]
        moment = contact.connect_time or contact.arrival_time
        for turn in range(seeder.rng.randint(1, 3) if agent else 1):
            moment += timedelta(seconds=seeder.rng.randint(5, 60))
            lines.append(ChatLine(message=CHAT_LINES[(turn + len(lines)) % len(CHAT_LINES)],
                                  originator=source, timestamp=moment))
            if agent is not None:
                moment += timedelta(seconds=seeder.rng.randint(5, 60))
                lines.append(ChatLine(message=AGENT_LINES[turn % len(AGENT_LINES)], originator=agent.email,
                                      timestamp=moment))
        participants = [ChatParticipant(alias=person.first_name, uniquekey=source)]
        if agent is not None:
            participants.append(ChatParticipant(alias=agent.name.split(", ")[-1], uniquekey=agent.email))
        participants.append(ChatParticipant(alias="", uniquekey="Sinch Contact Center"))
        seeder.state.contacts[contact.id] = contact
        seeder.state.chats[contact.id] = Chat(
            id=contact.id, channel_type="chat", channel_sub_type=queue.subtype, title=contact.subject or "",
            participants=participants, transcript=sorted(lines, key=lambda line: line.timestamp, reverse=True),
        )


def emails(seeder: Seeder, count: int) -> None:
    email_queues = seeder.queues_of("EMAIL")
    for _ in range(count):
        person = seeder.rng.choice(seeder.people)
        queue = seeder.rng.choice(email_queues)
        inbound = seeder.rng.random() < 0.75
        status = seeder.rng.choices(("Handled", "InQueue", "InProcess"), (10, 3, 2))[0] if inbound else "Handled"
        subject = seeder.rng.choice(SUBJECTS)
        customer = EmailAddress(address=person.email, name=f"{person.last_name}, {person.first_name}")
        mailbox = EmailAddress(address=queue.address, name=queue.name)
        contact = Contact(
            id=seeder.guid(), contact_group_id=seeder.hyphenated(), channel="EMAIL",
            type="EmailIn" if inbound else "EmailOut", type_details="EMAIL" if inbound else "EMAILOUT",
            status=status, status_details=status, source=person.email if inbound else queue.address,
            destination=queue.address if inbound else person.email, arrival_time=seeder.before_epoch(),
            queue_id=queue.id, subject=subject if inbound else f"RE: {subject}",
            case_id=str(seeder.rng.randint(10000, 99999)),
        )
        lifecycle(seeder, contact, status)
        if not inbound:
            contact.created_by = contact.agent_id
        details = {"Handled": "Handled" if inbound else "Sent", "InQueue": "Open", "InProcess": "Open"}
        paragraphs = "".join(f"<p>{seeder.fake.sentence(nb_words=10)}</p> " for _ in range(seeder.rng.randint(1, 3)))
        attachments = [
            Attachment(id=seeder.guid(), filename=name, mime_type=mime, size=seeder.rng.randint(400, 500000),
                       originator="customer" if inbound else "agent")
            for name, mime in seeder.rng.sample(_ATTACHMENTS, seeder.rng.randint(0, 2))
        ]
        seeder.state.contacts[contact.id] = contact
        seeder.state.emails[contact.id] = Email(
            id=contact.id, status_details=details[status], title=contact.subject or "",
            content=f"<p>Hello,</p> {paragraphs}<p>Br, {person.name}</p>" if inbound else
            f"<p>Dear {person.first_name},</p> {paragraphs}",
            from_address=customer if inbound else mailbox, to_address=[mailbox if inbound else customer],
            cid=f"CID{seeder.rng.getrandbits(48):012X}", attachments=attachments,
            attached_data={"customerId": person.external_identifier or person.id, "language": "en"},
        )
        if seeder.rng.random() < 0.3:
            seeder.state.remarks[contact.contact_group_id] = seeder.fake.sentence(nb_words=8)


_ATTACHMENTS = (("Offer.pdf", "application/pdf"), ("Notes.txt", "text/plain"), ("Picture.jpg", "image/jpeg"),
                ("Invoice.pdf", "application/pdf"), ("Details.xls", "application/excel"))
