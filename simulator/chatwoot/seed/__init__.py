"""The seeded Chatwoot world: account 1 with its members, teams, settings, inboxes and help center; a platform app."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from simulator.chatwoot.models import (
    Account,
    AccountUser,
    CannedResponse,
    ChatwootState,
    CustomAttributeDefinition,
    CustomFilter,
    PlatformApp,
    Team,
    User,
)
from simulator.chatwoot.seed.help_center import seed_help_center
from simulator.chatwoot.seed.inboxes_and_conversations import seed_inboxes_and_conversations
from simulator.core.storage import WorldSeed

CANNED = (
    ("greeting", "Hello, thanks for reaching out! How can I help you today?"),
    ("order-status", "Let me look up your order. Could you share the order number?"),
    ("refund", "Your refund has been processed and reaches your account within 5 working days."),
    ("goodbye", "Thanks for chatting with us. Have a great day!"),
    ("escalate", "I am passing this on to a colleague who can help you further."),
)


def token(rng: random.Random) -> str:
    """A 24-character token, as Chatwoot's `has_secure_token` makes them."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(24))


def seed(world: WorldSeed) -> ChatwootState:
    rng = world.random("chatwoot")
    config = world.config
    state = ChatwootState()
    start: datetime = world.epoch - timedelta(days=400)
    account = Account(id=state.next_id("accounts"), name="Demo Account", created_at=start,
                      support_email="support@example.com", limits={"agents": config.chatwoot_agent_limit})
    state.accounts[account.id] = account
    for index, agent in enumerate(world.pool.agents):
        joined = start + timedelta(days=index, minutes=rng.randint(0, 600))
        access_token = (config.chatwoot_admin_token if index == 0
                        else config.chatwoot_agent_token if index == 1 else token(rng))
        user = User(id=state.next_id("users"), name=agent.name, email=agent.email.lower(), access_token=access_token,
                    created_at=joined, pubsub_token=token(rng))
        state.users[user.id] = user
        membership = AccountUser(
            id=state.next_id("account_users"), account_id=account.id, user_id=user.id,
            role="administrator" if index == 0 else "agent", created_at=joined, updated_at=joined,
            availability=rng.choice(("online", "offline", "busy")), active_at=joined,
            inviter_id=None if index == 0 else 1,
        )
        state.account_users[membership.id] = membership
    for name, description, members in (("support", "First-line support", [1, 2, 3]),
                                       ("sales", "Orders and offers", [2, 4])):
        created = start + timedelta(days=rng.randint(1, 100))
        team = Team(id=state.next_id("teams"), account_id=account.id, name=name, description=description,
                    created_at=created, updated_at=created,
                    member_ids=[m for m in members if m in state.users])
        state.teams[team.id] = team
    for display, key, kind, model, values in (("Plan", "plan", "list", "contact_attribute", ["free", "pro"]),
                                              ("Signed up", "signed_up_at", "date", "contact_attribute", []),
                                              ("Order number", "order_number", "text", "conversation_attribute", [])):
        created = start + timedelta(days=rng.randint(1, 100))
        definition = CustomAttributeDefinition(
            id=state.next_id("custom_attribute_definitions"), account_id=account.id, attribute_display_name=display,
            attribute_key=key, attribute_display_type=kind, attribute_model=model, created_at=created,
            updated_at=created, attribute_values=values)
        state.custom_attributes[definition.id] = definition
    created = start + timedelta(days=rng.randint(1, 100))
    state.custom_filters[1] = CustomFilter(
        id=state.next_id("custom_filters"), account_id=account.id, user_id=1, name="Open and unassigned",
        filter_type="conversation", created_at=created, updated_at=created,
        query={"payload": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"],
                            "query_operator": None}]})
    for short_code, content in CANNED:
        created = start + timedelta(days=rng.randint(1, 300))
        canned = CannedResponse(id=state.next_id("canned_responses"), account_id=account.id, short_code=short_code,
                                content=content, created_at=created, updated_at=created)
        state.canned_responses[canned.id] = canned
    seed_inboxes_and_conversations(world, state, rng, token)
    app = PlatformApp(id=state.next_id("platform_apps"), name="Demo platform app",
                      access_token=config.chatwoot_platform_token, created_at=start)
    state.platform_apps[app.id] = app
    seed_help_center(world, state)
    return state
