"""Contact Pro's configuration as seeded: the queues, and the users (the demo ones first) with their rights."""

from __future__ import annotations

from simulator.core.fake import Agent
from simulator.sinch_cmi.models import AGENT_RIGHTS, ALL_RIGHTS, Queue, User
from simulator.sinch_cmi.seed.base import Seeder

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


def users_and_queues(seeder: Seeder) -> None:
    seeder.state.queues.update(seeder.canonical.queues)
    for name, channel, address, number, subtype in QUEUES:
        queue = Queue(id=seeder.guid(), name=name, channel=channel, address=address, number=number, subtype=subtype)
        seeder.state.queues[queue.id] = queue
    all_queues = list(seeder.state.queues)
    config = seeder.world.config
    agents = seeder.world.pool.agents
    for index, agent in enumerate(agents):
        password = config.sinch_cmi_password
        if index == 0:
            login, rights, queues = config.sinch_cmi_user, ALL_RIGHTS, all_queues
        elif index == 1:
            login, rights, queues = RESTRICTED_LOGIN, AGENT_RIGHTS, all_queues[:2]
        else:
            login, rights, queues = agent.email.split("@")[0], AGENT_RIGHTS, seeder.rng.sample(all_queues, 3)
        user = User(id=seeder.guid(), login=login, password=password, name=_surname_first(agent),
                    language=_language(agent), rights=list(rights), queues=list(queues), email=agent.email,
                    extension=agent.phone_extension)
        seeder.state.users[user.login] = user
    for user in seeder.canonical.users.values():
        user.password = config.sinch_cmi_password
        seeder.state.users[user.login] = user


def _surname_first(agent: Agent) -> str:
    first, _, last = agent.name.partition(" ")
    return f"{last}, {first}" if last else first


def _language(agent: Agent) -> str:
    return agent.languages[0] if agent.languages and agent.languages[0] in ("en", "fi", "sv", "de") else "en"
