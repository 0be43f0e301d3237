"""The seeded records beside the contacts: script results, callbacks, consents, scheduled messages, contact data."""

from __future__ import annotations

from datetime import timedelta

from simulator.sinch_cmi.models import (
    Callback,
    Consent,
    Contact,
    ContactDatum,
    Destination,
    ScheduledMessage,
    ScriptAnswer,
    ScriptQuestion,
    ScriptResult,
)
from simulator.sinch_cmi.seed.base import Seeder
from simulator.sinch_cmi.store.timeline import deliverable


def script_results(seeder: Seeder, count: int) -> None:
    calls = [c for c in seeder.state.contacts.values() if c.channel == "PHONE" and c.connect_time is not None]
    for contact in seeder.rng.sample(calls, min(count, len(calls))):
        contact.script = True
        questions = []
        for ordinal, (question, answers) in enumerate((("Current Car", _CARS), ("Next Car", _CARS))):
            picked = seeder.rng.sample(answers, seeder.rng.randint(1, 2))
            questions.append(ScriptQuestion(
                id=_QUESTION_IDS[ordinal], data=question, controltype="multicombobox", datatype="text",
                ordinal=ordinal * 2,
                scriptanswers=[ScriptAnswer(id=seeder.guid(), answerdata=answer, ordinal=i)
                               for i, answer in enumerate(picked)],
            ))
        result = ScriptResult(
            id=seeder.guid(), script_id="DCA8D3301BC74B9C8AFCB28026E7761B", name="Simple car selector",
            contact_id=contact.id, originalcontact_id=_first_of_group(seeder, contact).id,
            modificationtime=(contact.disconnect_time or contact.arrival_time) + timedelta(seconds=30),
            scriptquestions=questions,
        )
        seeder.state.script_results[result.id] = result


def _first_of_group(seeder: Seeder, contact: Contact) -> Contact:
    return min(seeder.state.group(contact.contact_group_id), key=lambda c: c.arrival_time)


def callbacks(seeder: Seeder, count: int) -> None:
    creators = list(seeder.state.users.values())
    phone_queues = seeder.queues_of("PHONE")
    for _ in range(count):
        person = seeder.rng.choice(seeder.people)
        queue = seeder.rng.choice(phone_queues)
        created = seeder.before_epoch(max_days=10)
        failures = seeder.rng.choice((0, 0, 1, 2))
        outcomes = ("NO_ANSWER", "BUSY") if failures else ("ADDED", "ADDED", "HANDLED")
        result = seeder.rng.choice(outcomes)
        creator = seeder.rng.choice(creators) if seeder.rng.random() < 0.5 else None
        callback = Callback(
            id=seeder.guid(), callback_queue_number="505", creation_time=created, customer_number=person.phone,
            original_queue_number=queue.number, original_queue_name=queue.name,
            max_calls=seeder.rng.choice((3, 5, 99)),
            failures=failures, creator_id=creator.id if creator else None,
            creator_name=creator.name if creator else None, last_result=result,
            last_call_time=created + timedelta(minutes=10) if failures or result == "HANDLED" else None,
            next_call_time=None if result == "HANDLED" else created + timedelta(minutes=15),
            notes=seeder.fake.sentence(nb_words=5) if seeder.rng.random() < 0.5 else None,
            gw_prefix="FIN" if seeder.rng.random() < 0.3 else None,
        )
        seeder.state.callbacks[callback.id] = callback


def consents(seeder: Seeder, count: int) -> None:
    for person in seeder.rng.sample(seeder.people, min(count, len(seeder.people))):
        usage = seeder.rng.choice(("recording", "whatsapp"))
        consent = Consent(address=person.phone, usage=usage, consent=seeder.rng.random() < 0.75)
        seeder.state.consents[consent.key] = consent


def messages(seeder: Seeder, count: int) -> None:
    sources = [q for q in seeder.queues_of("CHAT") if q.subtype in ("sms", "whatsapp")]
    for _ in range(count):
        queue = seeder.rng.choice(sources)
        created = seeder.before_epoch(max_days=20)
        send_time = created + timedelta(days=seeder.rng.randint(0, 30), minutes=seeder.rng.randint(0, 600))
        addresses = [p.phone for p in seeder.rng.sample(seeder.people, seeder.rng.randint(1, 3))]
        destinations = []
        for address in addresses:
            consent = seeder.state.consents.get(f"whatsapp_{address}")
            destinations.append(_destination(address, queue.subtype, consent.consent if consent else None))
        message_id = seeder.guid()
        seeder.state.messages[message_id] = ScheduledMessage(
            id=message_id, message=seeder.fake.sentence(nb_words=14), source=queue.address,
            sub_type=queue.subtype, send_time=send_time, creation_time=created, destinations=destinations,
            max_retry_count=seeder.rng.choice((2, 5)), retry_delay=seeder.rng.choice((300, 3600)),
        )


def contact_data(seeder: Seeder, count: int) -> None:
    contacts = list(seeder.state.contacts.values())
    for contact in seeder.rng.sample(contacts, min(count, len(contacts))):
        person = next((p for p in seeder.people if contact.source in (p.phone, p.email)), None)
        for key, value in (("customerId", person.external_identifier if person else "anonymous"),
                           ("ivrChoice", str(seeder.rng.randint(1, 4)))):
            datum = ContactDatum(id=seeder.guid(), contact_id=contact.id, key=key, value=value,
                                 time_stamp=contact.arrival_time)
            seeder.state.contact_data[datum.id] = datum


def _destination(address: str, sub_type: str, consent: bool | None) -> Destination:
    return Destination(address=address, deliverable=deliverable(address, sub_type, consent))


_CARS = ("Kia", "Volvo", "BMW", "Mercedes-Benz", "Hyundai", "Toyota")


_QUESTION_IDS = ("E6AF572FE79B4550B5CBF621EFB590B7", "B50D16A1D4834047AEFE52325B95377F")
