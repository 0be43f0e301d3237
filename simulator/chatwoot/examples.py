"""The calls whose real answers are the Chatwoot spec's examples (account 1 of the seeded world, as its admin)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ChatwootError, HeadOnly, RateLimited
from simulator.chatwoot.public.store.messages import CSAT_LOCKED
from simulator.config import DEFAULT_EPOCH, Config
from simulator.core.errors import ApiError
from simulator.core.examples import Call, Examples, plain_error

DEFAULTS = Config()
ADMIN = {"api_access_token": DEFAULTS.chatwoot_admin_token}
PLATFORM = {"api_access_token": DEFAULTS.chatwoot_platform_token}
ACCOUNT = "/api/v1/accounts/{account_id}"
PLATFORM_API = "/platform/api/v1"
INBOX = "/public/api/v1/inboxes/{inbox_identifier}"
CONTACT = f"{INBOX}/contacts/{{contact_identifier}}"
MALFORMED = '{"name": "Jane'  # JSON cut short: Rails' parse error
UNKNOWN = 999  # no record of any kind has this id
# The seeded world: John Doe (contact 1) has a conversation in the Website inbox (1) and a contact inbox in the
# Shop API inbox (the public API's demo inbox); the Mobile app inbox has the agent bot.
JOHN_DOE = 1
WEBSITE, SHOP_API, MOBILE_APP = 1, 2, 3
JOHN_IN_SHOP = "d19e3ed7-357e-4cf3-8cac-837e9321be8f"  # John Doe's source id in the Shop API inbox
MOBILE_APP_IDENTIFIER = "3Tyhvzu0FHanPWarSD4qd3F5"  # the Mobile app inbox's inbox_identifier
EPOCH = int(DEFAULT_EPOCH.timestamp())  # where the examples' clock stands
WEEK = 7 * 24 * 3600


def account(method: str, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Call:
    """A call of account 1's application API (`path` after `/api/v1/accounts/{account_id}`)."""
    return Call(method, ACCOUNT + path, params={"account_id": 1, **(params or {})}, **kwargs)


def elsewhere(method: str, path: str, **kwargs: Any) -> Call:
    """The same call in an account that does not exist: 404."""
    return Call(method, ACCOUNT + path, params={"account_id": UNKNOWN}, expect=404, **kwargs)


def malformed(method: str, path: str, params: dict[str, Any] | None = None) -> Call:
    """The same call with a body that is not JSON: Rails' 400."""
    return account(method, path, params, text=MALFORMED, expect=400)


def profile_calls() -> list[Call]:
    return [Call("GET", "/api/v1/profile")]


def agent_calls() -> list[Call]:
    jane = {"agent_id": 9}  # the next user after the seeded eight
    return [
        account("GET", "/agents"),
        account("POST", "/agents", body={"name": "Jane Doe", "email": "jane@example.com", "role": "agent"}),
        account("PATCH", "/agents/{agent_id}", jane, body={"availability": "busy", "auto_offline": False}),
        account("PUT", "/agents/{agent_id}", jane, body={"name": "Jane Smith", "role": "administrator"}),
        elsewhere("GET", "/agents"),
        malformed("POST", "/agents"),
        account("POST", "/agents", body={"name": "Kim Lee"}, expect=422),
        elsewhere("POST", "/agents", body={"name": "Kim Lee", "email": "kim@example.com"}),
        account("PATCH", "/agents/{agent_id}", {"agent_id": UNKNOWN}, body={"role": "agent"}, expect=404),
        account("PUT", "/agents/{agent_id}", {"agent_id": UNKNOWN}, body={"role": "agent"}, expect=404),
        malformed("PATCH", "/agents/{agent_id}", jane),
        malformed("PUT", "/agents/{agent_id}", jane),
        account("PATCH", "/agents/{agent_id}", jane, body={"role": "owner"}, expect=422),
        account("PUT", "/agents/{agent_id}", jane, body={"availability": "away"}, expect=422),
        account("DELETE", "/agents/{agent_id}", jane),
        account("DELETE", "/agents/{agent_id}", {"agent_id": UNKNOWN}, expect=404),
    ]


def agent_bot_calls() -> list[Call]:
    order_bot = {"bot_id": 3}  # the next bot after the seeded Triage bot (1) and the global FAQ bot (2)
    return [
        account("GET", "/agent_bots"),
        account("GET", "/agent_bots/{bot_id}", {"bot_id": 1}),
        account("POST", "/agent_bots", body={"name": "Order bot", "description": "Tracks parcels",
                                              "outgoing_url": "https://bots.example.com/order"}),
        account("PATCH", "/agent_bots/{bot_id}", order_bot, body={"description": "Tracks parcels and returns"}),
        account("PUT", "/agent_bots/{bot_id}", order_bot, body={"outgoing_url": "https://bots.example.com/orders"}),
        elsewhere("GET", "/agent_bots"),
        account("GET", "/agent_bots/{bot_id}", {"bot_id": UNKNOWN}, expect=404),
        malformed("POST", "/agent_bots"),
        account("POST", "/agent_bots", body={"name": "Rasa bot", "bot_type": "rasa"}, expect=422),
        elsewhere("POST", "/agent_bots", body={"name": "Order bot"}),
        account("PATCH", "/agent_bots/{bot_id}", {"bot_id": 2}, body={"name": "My FAQ bot"}, expect=404),
        account("PUT", "/agent_bots/{bot_id}", {"bot_id": 2}, body={"name": "My FAQ bot"}, expect=404),
        malformed("PATCH", "/agent_bots/{bot_id}", order_bot),
        malformed("PUT", "/agent_bots/{bot_id}", order_bot),
        account("PATCH", "/agent_bots/{bot_id}", order_bot, body={"bot_type": "rasa"}, expect=422),
        account("PUT", "/agent_bots/{bot_id}", order_bot, body={"bot_type": "rasa"}, expect=422),
        account("DELETE", "/agent_bots/{bot_id}", order_bot),
        account("DELETE", "/agent_bots/{bot_id}", order_bot, expect=404),
    ]


def inbox_calls() -> list[Call]:
    desk = {"inbox_id": 4}  # the next inbox after the seeded three
    widget = {"name": "Help desk", "channel": {"type": "web_widget", "website_url": "https://help.example.com",
                                               "welcome_title": "Hi there!", "widget_color": "#1f93ff"}}
    return [
        account("GET", "/inboxes"),
        account("GET", "/inboxes/{inbox_id}", {"inbox_id": WEBSITE}),
        account("GET", "/inboxes/{inbox_id}/agent_bot", {"inbox_id": MOBILE_APP}),
        account("POST", "/inboxes", body=widget),
        account("PATCH", "/inboxes/{inbox_id}", desk, body={"enable_auto_assignment": False}),
        account("PUT", "/inboxes/{inbox_id}", desk, body={"greeting_enabled": True,
                                                          "greeting_message": "Welcome to the help desk!"}),
        account("POST", "/inboxes/{inbox_id}/set_agent_bot", desk, body={"agent_bot": 1}),
        # identity validation in the Mobile app inbox: the public API's refusals (HMAC) are made there
        account("PATCH", "/inboxes/{inbox_id}", {"inbox_id": MOBILE_APP}, body={"channel": {"hmac_mandatory": True}},
                record=False),
        elsewhere("GET", "/inboxes"),
        account("GET", "/inboxes/{inbox_id}", {"inbox_id": UNKNOWN}, expect=404),
        account("GET", "/inboxes/{inbox_id}/agent_bot", {"inbox_id": UNKNOWN}, expect=404),
        malformed("POST", "/inboxes"),
        account("POST", "/inboxes", body={"name": "Help desk", "channel": {"type": "web_widget"}}, expect=422),
        elsewhere("POST", "/inboxes", body=widget),
        account("PATCH", "/inboxes/{inbox_id}", {"inbox_id": UNKNOWN}, body={"name": "Help"}, expect=404),
        account("PUT", "/inboxes/{inbox_id}", {"inbox_id": UNKNOWN}, body={"name": "Help"}, expect=404),
        malformed("PATCH", "/inboxes/{inbox_id}", desk),
        malformed("PUT", "/inboxes/{inbox_id}", desk),
        account("PATCH", "/inboxes/{inbox_id}", desk, body={"name": ""}, expect=422),
        account("PUT", "/inboxes/{inbox_id}", desk, body={"name": ""}, expect=422),
        account("POST", "/inboxes/{inbox_id}/set_agent_bot", {"inbox_id": UNKNOWN}, body={"agent_bot": 1},
                expect=404),
        malformed("POST", "/inboxes/{inbox_id}/set_agent_bot", desk),
        account("POST", "/inboxes/{inbox_id}/set_agent_bot", desk, body={"agent_bot": "triage"}, expect=422),
    ]


def inbox_member_calls() -> list[Call]:
    desk = 4  # the inbox made in inbox_calls
    return [
        account("GET", "/inbox_members/{inbox_id}", {"inbox_id": WEBSITE}),
        account("POST", "/inbox_members", body={"inbox_id": desk, "user_ids": [2]}),
        account("PATCH", "/inbox_members", body={"inbox_id": desk, "user_ids": [2, 3]}),
        account("PUT", "/inbox_members", body={"inbox_id": desk, "user_ids": [2, 3, 4]}),
        account("DELETE", "/inbox_members", body={"inbox_id": desk, "user_ids": [4]}),
        account("GET", "/inbox_members/{inbox_id}", {"inbox_id": UNKNOWN}, expect=404),
        *[account(method, "/inbox_members", body={"inbox_id": UNKNOWN, "user_ids": [2]}, expect=404)
          for method in ("POST", "PATCH", "PUT", "DELETE")],
        *[malformed(method, "/inbox_members") for method in ("POST", "PATCH", "PUT", "DELETE")],
        *[account(method, "/inbox_members", body={"inbox_id": desk, "user_ids": [UNKNOWN]}, expect=422)
          for method in ("POST", "PATCH", "PUT", "DELETE")],
    ]


def contact_calls() -> list[Call]:
    john, ada = {"contact_id": JOHN_DOE}, {"contact_id": 34}  # Ada: the next contact after the seeded 33
    vip_by_email = {"payload": [
        {"attribute_key": "email", "filter_operator": "contains", "values": ["example.com"], "query_operator": "and"},
        {"attribute_key": "labels", "filter_operator": "contains", "values": ["vip"], "query_operator": None}]}
    return [
        account("GET", "/contacts", query={"labels[]": "churn-risk", "page": "1"}),
        account("GET", "/contacts/search", query={"q": "john"}),
        account("POST", "/contacts/filter", body=vip_by_email),
        account("GET", "/contacts/{contact_id}", john),
        account("GET", "/contacts/{contact_id}/conversations", john),
        account("GET", "/contacts/{contact_id}/contactable_inboxes", john),
        account("POST", "/contacts", body={"inbox_id": SHOP_API, "name": "Ada Lovelace", "email": "ada@example.com",
                                           "phone_number": "+31612340001"}),
        account("PUT", "/contacts/{contact_id}", ada, body={"custom_attributes": {"plan": "pro"}}),
        account("PATCH", "/contacts/{contact_id}", ada, body={"additional_attributes": {"city": "London"}}),
        account("POST", "/contacts/{contact_id}/contact_inboxes", ada, body={"inbox_id": WEBSITE}),
        elsewhere("GET", "/contacts"),
        elsewhere("GET", "/contacts/search", query={"q": "john"}),
        account("GET", "/contacts/search", expect=422),
        elsewhere("POST", "/contacts/filter", body=vip_by_email),
        malformed("POST", "/contacts/filter"),
        account("POST", "/contacts/filter", body={"payload": [{"attribute_key": "shoe_size", "filter_operator":
                                                               "equal_to", "values": ["42"]}]}, expect=422),
        account("GET", "/contacts/{contact_id}", {"contact_id": UNKNOWN}, expect=404),
        account("GET", "/contacts/{contact_id}/conversations", {"contact_id": UNKNOWN}, expect=404),
        account("GET", "/contacts/{contact_id}/contactable_inboxes", {"contact_id": UNKNOWN}, expect=404),
        elsewhere("POST", "/contacts", body={"name": "Ada Lovelace"}),
        malformed("POST", "/contacts"),
        account("POST", "/contacts", body={"name": "Ada Lovelace", "email": "ada-at-example.com"}, expect=422),
        account("PUT", "/contacts/{contact_id}", {"contact_id": UNKNOWN}, body={"name": "Ada"}, expect=404),
        account("PATCH", "/contacts/{contact_id}", {"contact_id": UNKNOWN}, body={"name": "Ada"}, expect=404),
        malformed("PUT", "/contacts/{contact_id}", ada),
        malformed("PATCH", "/contacts/{contact_id}", ada),
        account("PUT", "/contacts/{contact_id}", ada, body={"phone_number": "0612340001"}, expect=422),
        account("PATCH", "/contacts/{contact_id}", ada, body={"email": "email@address.com"}, expect=422),
        account("POST", "/contacts/{contact_id}/contact_inboxes", {"contact_id": UNKNOWN}, body={"inbox_id": 2},
                expect=404),
        malformed("POST", "/contacts/{contact_id}/contact_inboxes", ada),
        account("POST", "/contacts/{contact_id}/contact_inboxes", ada,
                body={"inbox_id": SHOP_API, "source_id": JOHN_IN_SHOP}, expect=422),
        account("DELETE", "/contacts/{contact_id}", {"contact_id": 2}, expect=422),  # Nick Jansen is online
        account("DELETE", "/contacts/{contact_id}", ada),
        account("DELETE", "/contacts/{contact_id}", ada, expect=404),
    ]


def conversation_calls() -> list[Call]:
    first, new = {"conversation_id": 1}, {"conversation_id": 37}  # new: the next after the seeded 36
    open_vip = {"payload": [
        {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": "and"},
        {"attribute_key": "labels", "filter_operator": "contains", "values": ["vip"], "query_operator": None}]}
    return [
        account("GET", "/conversations", query={"status": "open", "inbox_id": str(SHOP_API), "labels[]": "vip"}),
        account("GET", "/conversations/meta", query={"status": "open", "inbox_id": str(SHOP_API)}),
        account("POST", "/conversations/filter", body=open_vip),
        account("GET", "/conversations/{conversation_id}", first),
        account("GET", "/conversations/{conversation_id}/labels", first),
        account("POST", "/conversations", body={"inbox_id": SHOP_API, "contact_id": JOHN_DOE,
                                                "message": {"content": "Hi John, your order RHQO1234 ships today."}}),
        account("POST", "/conversations/{conversation_id}/labels", new, body={"labels": ["delivery", "vip"]}),
        account("POST", "/conversations/{conversation_id}/assignments", new, body={"assignee_id": 2}),
        account("POST", "/conversations/{conversation_id}/toggle_priority", new, body={"priority": "high"}),
        account("POST", "/conversations/{conversation_id}/toggle_status", new, body={"status": "pending"}),
        elsewhere("GET", "/conversations"),
        elsewhere("GET", "/conversations/meta"),
        elsewhere("POST", "/conversations/filter", body=open_vip),
        malformed("POST", "/conversations/filter"),
        account("POST", "/conversations/filter", body={"payload": [{"attribute_key": "mood", "filter_operator":
                                                                    "equal_to", "values": ["happy"]}]}, expect=422),
        account("GET", "/conversations/{conversation_id}", {"conversation_id": UNKNOWN}, expect=404),
        account("GET", "/conversations/{conversation_id}/labels", {"conversation_id": UNKNOWN}, expect=404),
        account("POST", "/conversations", body={"source_id": "no-such-source"}, expect=404),
        malformed("POST", "/conversations"),
        account("POST", "/conversations", body={"inbox_id": SHOP_API, "contact_id": JOHN_DOE, "status": "closed"},
                expect=422),
        *[account("POST", f"/conversations/{{conversation_id}}/{action}", {"conversation_id": UNKNOWN}, body=body,
                  expect=404) for action, body in (("labels", {"labels": ["vip"]}), ("assignments", {"team_id": 1}),
                                                   ("toggle_priority", {"priority": "low"}),
                                                   ("toggle_status", {"status": "open"}))],
        *[malformed("POST", f"/conversations/{{conversation_id}}/{action}", new)
          for action in ("labels", "assignments", "toggle_priority", "toggle_status")],
        account("POST", "/conversations/{conversation_id}/toggle_priority", new, body={"priority": "critical"},
                expect=422),
        account("POST", "/conversations/{conversation_id}/toggle_status", new, body={"status": "closed"},
                expect=422),
    ]


def message_calls() -> list[Call]:
    first, new = {"conversation_id": 1}, {"conversation_id": 37}
    # 90 opened the new conversation; 91 to 93 are the activities of its labels, assignment and status
    reply = {"conversation_id": 37, "message_id": 94}
    return [
        account("GET", "/conversations/{conversation_id}/messages", first),
        account("POST", "/conversations/{conversation_id}/messages", new,
                body={"content": "Track it at https://track.example.com/RHQO1234", "message_type": "outgoing"}),
        account("DELETE", "/conversations/{conversation_id}/messages/{message_id}", reply),
        account("GET", "/conversations/{conversation_id}/messages", {"conversation_id": UNKNOWN}, expect=404),
        account("GET", "/conversations/{conversation_id}/messages", first, query={"before": "latest"}, expect=422),
        account("POST", "/conversations/{conversation_id}/messages", {"conversation_id": UNKNOWN},
                body={"content": "Hello"}, expect=404),
        malformed("POST", "/conversations/{conversation_id}/messages", new),
        account("POST", "/conversations/{conversation_id}/messages", new,
                body={"content": "Hello", "message_type": "sideways"}, expect=422),
        account("DELETE", "/conversations/{conversation_id}/messages/{message_id}",
                {**new, "message_id": UNKNOWN}, expect=404),
    ]


def crud(base: str, record: dict[str, Any], unknown: dict[str, Any], created: Any, invalid: Any) -> list[Call]:
    """The failures every record route of a settings resource documents: unknown account or record (404),
    malformed JSON (400), an invalid record (422) on create and update (PATCH and PUT)."""
    item = base + "/{" + next(iter(record)) + "}"
    return [
        elsewhere("GET", base),
        elsewhere("POST", base, body=created),
        malformed("POST", base),
        account("POST", base, body=invalid, expect=422),
        *[call for method in ("PATCH", "PUT") for call in (
            account(method, item, unknown, body=created, expect=404),
            malformed(method, item, record),
            account(method, item, record, body=invalid, expect=422))],
        account("DELETE", item, unknown, expect=404),
    ]


def canned_response_calls() -> list[Call]:
    thanks = {"canned_response_id": 6}  # the next after the seeded five
    created = {"short_code": "thanks", "content": "Thank you for your patience!"}
    return [
        account("GET", "/canned_responses", query={"search": "refund"}),
        account("POST", "/canned_responses", body=created),
        account("PATCH", "/canned_responses/{canned_response_id}", thanks,
                body={"content": "Thank you for waiting, {{contact.name}}!"}),
        account("PUT", "/canned_responses/{canned_response_id}", thanks, body={"short_code": "thank-you"}),
        *crud("/canned_responses", thanks, {"canned_response_id": UNKNOWN}, created,
              {"short_code": "greeting", "content": "Hi!"}),
        account("DELETE", "/canned_responses/{canned_response_id}", thanks),
    ]


def team_calls() -> list[Call]:
    returns = {"team_id": 3}  # the next after the seeded support (1) and sales (2)
    created = {"name": "Returns", "description": "Returns and refunds"}
    members = "/teams/{team_id}/team_members"
    return [
        account("GET", "/teams"),
        account("GET", "/teams/{team_id}", {"team_id": 1}),
        account("GET", members, {"team_id": 1}),
        account("POST", "/teams", body=created),
        account("PATCH", "/teams/{team_id}", returns, body={"description": "Returns, refunds and exchanges"}),
        account("PUT", "/teams/{team_id}", returns, body={"allow_auto_assign": False}),
        account("POST", members, returns, body={"user_ids": [2, 3]}),
        account("PATCH", members, returns, body={"user_ids": [2, 3, 4]}),
        account("PUT", members, returns, body={"user_ids": [3, 4]}),
        account("DELETE", members, returns, body={"user_ids": [4]}),
        *crud("/teams", returns, {"team_id": UNKNOWN}, created, {"name": "sales"}),
        account("GET", "/teams/{team_id}", {"team_id": UNKNOWN}, expect=404),
        account("GET", members, {"team_id": UNKNOWN}, expect=404),
        *[call for method in ("POST", "PATCH", "PUT", "DELETE") for call in (
            account(method, members, {"team_id": UNKNOWN}, body={"user_ids": [2]}, expect=404),
            malformed(method, members, returns),
            account(method, members, returns, body={"user_ids": "2,3"}, expect=422))],
        account("DELETE", "/teams/{team_id}", returns),
    ]


def custom_attribute_calls() -> list[Call]:
    tier = {"definition_id": 4}  # the next after the seeded three
    created = {"attribute_display_name": "Loyalty tier", "attribute_key": "loyalty_tier",
               "attribute_display_type": "list", "attribute_model": 1, "attribute_values": ["silver", "gold"]}
    return [
        account("GET", "/custom_attribute_definitions", query={"attribute_model": "0"}),
        account("GET", "/custom_attribute_definitions/{definition_id}", {"definition_id": 1}),
        account("POST", "/custom_attribute_definitions", body=created),
        account("PATCH", "/custom_attribute_definitions/{definition_id}", tier,
                body={"attribute_values": ["silver", "gold", "platinum"]}),
        account("PUT", "/custom_attribute_definitions/{definition_id}", tier,
                body={"attribute_description": "Set by the loyalty program"}),
        *crud("/custom_attribute_definitions", tier, {"definition_id": UNKNOWN}, created,
              {**created, "attribute_key": "plan"}),
        account("GET", "/custom_attribute_definitions/{definition_id}", {"definition_id": UNKNOWN}, expect=404),
        account("DELETE", "/custom_attribute_definitions/{definition_id}", tier),
    ]


def custom_filter_calls() -> list[Call]:
    vip = {"custom_filter_id": 2}  # the next after the seeded "Open and unassigned"
    created = {"name": "Open VIP", "filter_type": "conversation", "query": {"payload": [
        {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": "and"},
        {"attribute_key": "labels", "filter_operator": "contains", "values": ["vip"], "query_operator": None}]}}
    return [
        account("GET", "/custom_filters", query={"filter_type": "conversation"}),
        account("GET", "/custom_filters/{custom_filter_id}", {"custom_filter_id": 1}),
        account("POST", "/custom_filters", body=created),
        account("PATCH", "/custom_filters/{custom_filter_id}", vip, body={"name": "Open VIP conversations"}),
        account("PUT", "/custom_filters/{custom_filter_id}", vip, body={"name": "VIP, open"}),
        *crud("/custom_filters", vip, {"custom_filter_id": UNKNOWN}, created, {**created, "name": ""}),
        account("GET", "/custom_filters/{custom_filter_id}", {"custom_filter_id": UNKNOWN}, expect=404),
        account("DELETE", "/custom_filters/{custom_filter_id}", vip),
    ]


def webhook_calls() -> list[Call]:
    events = {"webhook_id": 1}  # the seeded world has none
    created = {"url": "https://example.com/chatwoot-events", "subscriptions": ["conversation_created",
                                                                               "message_created"]}
    return [
        account("POST", "/webhooks", body=created),
        account("GET", "/webhooks"),
        account("PATCH", "/webhooks/{webhook_id}", events,
                body={"subscriptions": ["conversation_created", "conversation_status_changed", "message_created"]}),
        account("PUT", "/webhooks/{webhook_id}", events, body={"url": "https://example.com/chatwoot"}),
        *crud("/webhooks", events, {"webhook_id": UNKNOWN}, created,
              {"url": "ftp://example.com/events", "subscriptions": ["message_read"]}),
        account("DELETE", "/webhooks/{webhook_id}", events),
    ]


def automation_rule_calls() -> list[Call]:
    rule = {"rule_id": 1}  # the seeded world has none
    created = {"name": "Billing to sales", "description": "Invoices go to the sales team",
               "event_name": "message_created",
               "conditions": [{"attribute_key": "content", "filter_operator": "contains", "values": ["invoice"],
                               "query_operator": None}],
               "actions": [{"action_name": "add_label", "action_params": ["billing"]},
                           {"action_name": "assign_team", "action_params": [2]}]}
    unsupported = {**created, "conditions": [{"attribute_key": "mood", "filter_operator": "equal_to",
                                              "values": ["angry"], "query_operator": None}]}
    return [
        account("POST", "/automation_rules", body=created),
        account("GET", "/automation_rules"),
        account("GET", "/automation_rules/{rule_id}", rule),
        account("PATCH", "/automation_rules/{rule_id}", rule, body={"active": False}),
        account("PUT", "/automation_rules/{rule_id}", rule, body={"name": "Invoices to sales", "active": True}),
        *crud("/automation_rules", rule, {"rule_id": UNKNOWN}, created, unsupported),
        account("GET", "/automation_rules/{rule_id}", {"rule_id": UNKNOWN}, expect=404),
        account("DELETE", "/automation_rules/{rule_id}", rule),
    ]


def integration_calls() -> list[Call]:
    hook = {"hook_id": 1}  # the seeded world has none
    created = {"app_id": "dialogflow", "inbox_id": WEBSITE,
               "settings": {"project_id": "shop-bot", "credentials": {"type": "service_account"}}}
    return [
        account("GET", "/integrations/apps"),
        account("POST", "/integrations/hooks", body=created),
        account("PATCH", "/integrations/hooks/{hook_id}", hook, body={"status": "disabled"}),
        account("PUT", "/integrations/hooks/{hook_id}", hook, body={"status": "enabled", "settings": {
            "project_id": "shop-bot-eu", "credentials": {"type": "service_account"}}}),
        elsewhere("GET", "/integrations/apps"),
        elsewhere("POST", "/integrations/hooks", body=created),
        malformed("POST", "/integrations/hooks"),
        account("POST", "/integrations/hooks", body={"app_id": "zendesk"}, expect=422),
        *[call for method in ("PATCH", "PUT") for call in (
            account(method, "/integrations/hooks/{hook_id}", {"hook_id": UNKNOWN}, body={"status": "disabled"},
                    expect=404),
            malformed(method, "/integrations/hooks/{hook_id}", hook),
            account(method, "/integrations/hooks/{hook_id}", hook, body={"status": "paused"}, expect=422))],
        account("DELETE", "/integrations/hooks/{hook_id}", hook),
        account("DELETE", "/integrations/hooks/{hook_id}", hook, expect=404),
    ]


def help_center_calls() -> list[Call]:
    portal = {"name": "Partner help", "slug": "partners", "color": "#1f93ff", "header_text": "Partner handbook",
              "page_title": "Partner help", "config": {"allowed_locales": ["en", "nl"], "default_locale": "en"}}
    category = {"name": "Shipping", "slug": "shipping", "locale": "en", "description": "Delivery times and costs",
                "position": 3}
    article = {"title": "How long does delivery take?", "content": "Orders ship within a day and arrive in 2 to 3 "
               "working days.", "author_id": 1, "category_id": 3}
    demo, partners, nowhere = {"portal_slug": "demo-help"}, {"portal_slug": "partners"}, {"portal_slug": "nowhere"}
    return [
        account("GET", "/portals"),
        account("POST", "/portals", body=portal),
        account("PATCH", "/portals/{portal_slug}", partners, body={"header_text": "How can we help you sell?"}),
        account("PUT", "/portals/{portal_slug}", partners, body={"color": "#ff6b00"}),
        account("POST", "/portals/{portal_slug}/categories", demo, body=category),
        account("POST", "/portals/{portal_slug}/articles", demo, body=article),
        elsewhere("GET", "/portals"),
        elsewhere("POST", "/portals", body=portal),
        malformed("POST", "/portals"),
        account("POST", "/portals", body={**portal, "slug": "demo-help"}, expect=422),
        *[call for method in ("PATCH", "PUT") for call in (
            account(method, "/portals/{portal_slug}", nowhere, body={"header_text": "Help"}, expect=404),
            malformed(method, "/portals/{portal_slug}", partners),
            account(method, "/portals/{portal_slug}", partners, body={"slug": "demo-help"}, expect=422))],
        account("POST", "/portals/{portal_slug}/categories", nowhere, body=category, expect=404),
        malformed("POST", "/portals/{portal_slug}/categories", demo),
        account("POST", "/portals/{portal_slug}/categories", demo, body=category, expect=422),  # taken
        account("POST", "/portals/{portal_slug}/articles", nowhere, body=article, expect=404),
        malformed("POST", "/portals/{portal_slug}/articles", demo),
        account("POST", "/portals/{portal_slug}/articles", partners, body=article, expect=422),  # not its category
    ]


def report_calls() -> list[Call]:
    reports = "/api/v2/accounts/{account_id}/reports"
    week = {"since": str(EPOCH - WEEK), "until": str(EPOCH)}
    mine = {"account_id": 1}
    return [
        Call("GET", reports, mine, query={"metric": "conversations_count", "type": "account", **week}),
        Call("GET", reports + "/summary", mine, query={"type": "account", **week}),
        Call("GET", reports + "/conversations", mine, query={"type": "account"}),
        Call("GET", reports, {"account_id": UNKNOWN}, query={"metric": "conversations_count", "type": "account"},
             expect=404),
        Call("GET", reports, mine, query={"metric": "happiness", "type": "account", **week}, expect=422),
        Call("GET", reports + "/summary", {"account_id": UNKNOWN}, query={"type": "account"}, expect=404),
        Call("GET", reports + "/summary", mine, query={"type": "country", **week}, expect=422),
        Call("GET", reports + "/conversations", {"account_id": UNKNOWN}, query={"type": "account"}, expect=404),
        Call("GET", reports + "/conversations", mine, query={"type": "team"}, expect=422),
    ]


def public_calls() -> list[Call]:
    """The client API of the Shop API inbox; its HMAC refusal (401) is made in the Mobile app inbox, which
    requires identity validation and knows Grace by the same source id."""
    shop = {"inbox_identifier": DEFAULTS.chatwoot_public_inbox}
    grace = {**shop, "contact_identifier": "grace-hopper-1906"}
    hmac_only = {"inbox_identifier": MOBILE_APP_IDENTIFIER}
    talk = {**grace, "conversation_id": 38}  # the next after the conversation made in the application API
    survey = {**talk, "message_id": 96}  # after Grace's question (95): the agent's rating request
    unknown_inbox, unknown_contact = {"inbox_identifier": "no-such-inbox"}, {**shop, "contact_identifier": "nobody"}
    messages = CONTACT + "/conversations/{conversation_id}/messages"
    created = {"name": "Grace Hopper", "email": "grace@example.com", "identifier": "grace-1906",
               "source_id": "grace-hopper-1906"}
    rating = {"submitted_values": {"csat_survey_response": {"rating": 5, "feedback_message": "Quick and friendly"}}}
    return [
        Call("GET", INBOX, shop),
        Call("POST", INBOX + "/contacts", shop, body=created, refusal_params=hmac_only),
        account("POST", "/contacts/{contact_id}/contact_inboxes", {"contact_id": 35},  # Grace, just made
                body={"inbox_id": MOBILE_APP, "source_id": "grace-hopper-1906"}, record=False),
        Call("GET", CONTACT, grace),
        Call("PATCH", CONTACT, grace, body={"name": "Grace Brewster Hopper", "custom_attributes": {"plan": "pro"}},
             refusal_params=hmac_only),
        Call("PUT", CONTACT, grace, body={"phone_number": "+31612341906"}, refusal_params=hmac_only),
        Call("POST", CONTACT + "/conversations", grace, body={}),
        Call("GET", CONTACT + "/conversations", grace),
        Call("POST", messages, talk, body={"content": "Where is my order?", "echo_id": "web-1"}),
        account("POST", "/conversations/{conversation_id}/messages", {"conversation_id": 38},
                body={"content": "Please rate the conversation", "content_type": "input_csat"}, record=False),
        Call("GET", messages, talk),
        Call("PATCH", messages + "/{message_id}", survey, body=rating),
        Call("GET", INBOX, unknown_inbox, expect=404),
        Call("POST", INBOX + "/contacts", unknown_inbox, body=created, expect=404),
        Call("POST", INBOX + "/contacts", shop, text=MALFORMED, expect=400),
        Call("POST", INBOX + "/contacts", shop, body={"name": "Grace Hopper", "email": "grace-at-example.com"},
             expect=422),
        Call("GET", CONTACT, unknown_contact, expect=404),
        *[call for method in ("PATCH", "PUT") for call in (
            Call(method, CONTACT, unknown_contact, body={"name": "Grace"}, expect=404),
            Call(method, CONTACT, grace, text=MALFORMED, expect=400),
            Call(method, CONTACT, grace, body={"email": "email@address.com"}, expect=422))],
        Call("GET", CONTACT + "/conversations", unknown_contact, expect=404),
        Call("POST", CONTACT + "/conversations", unknown_contact, body={}, expect=404),
        Call("POST", CONTACT + "/conversations", grace, text=MALFORMED, expect=400),
        Call("POST", CONTACT + "/conversations", grace, body={"custom_attributes": "vip"}, expect=422),
        Call("GET", messages, {**talk, "conversation_id": 1}, expect=404),  # not Grace's
        Call("POST", messages, {**talk, "conversation_id": 1}, body={"content": "Hello?"}, expect=404),
        Call("POST", messages, talk, text=MALFORMED, expect=400),
        Call("POST", messages, talk, body={"content": "x" * 150001}, expect=422),
        Call("PATCH", messages + "/{message_id}", {**survey, "message_id": 1}, body=rating, expect=404),
        Call("PATCH", messages + "/{message_id}", survey, text=MALFORMED, expect=400),
    ]


def platform(method: str, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Call:
    """A call of the platform API, with the platform app's token in place of the administrator's."""
    return Call(method, PLATFORM_API + path, params=params or {}, credentials=PLATFORM, **kwargs)


def platform_malformed(method: str, path: str, params: dict[str, Any] | None = None) -> Call:
    return platform(method, path, params, text=MALFORMED, expect=400)


def platform_calls() -> list[Call]:
    """Acme: an account the platform app makes (2), with Petra as its administrator and room for no more."""
    acme, nowhere = {"account_id": 2}, {"account_id": UNKNOWN}
    user, no_user = {"user_id": 10}, {"user_id": UNKNOWN}  # 9 was Jane, removed with her last account
    bot, no_bot = {"bot_id": 4}, {"bot_id": UNKNOWN}  # 3 was the Order bot, deleted
    created = {"name": "Acme", "locale": "en", "features": {"help_center": True}, "limits": {"agents": 5}}
    person = {"name": "Sam Carter", "email": "sam@acme.example", "password": "Secret-123",
              "custom_attributes": {"plan": "pro"}}
    parcel_bot = {"name": "Parcel bot", "description": "Tracks parcels", "outgoing_url": "https://bots.acme.example"}
    users = "/accounts/{account_id}/account_users"
    return [
        platform("POST", "/accounts", body=created),
        platform("GET", "/accounts/{account_id}", acme),
        platform("PATCH", "/accounts/{account_id}", acme, body={"name": "Acme Inc", "domain": "acme.example"}),
        platform("PUT", "/accounts/{account_id}", acme, body={"limits": {"agents": 1}}),
        platform("POST", users, acme, body={"user_id": 1, "role": "administrator"}),
        platform("GET", users, acme),
        Call("POST", "/api/v1/accounts/{account_id}/agents", acme, body={"name": "Kim Lee",
                                                                         "email": "kim@acme.example"}, expect=402),
        platform("POST", "/users", body=person),
        platform("GET", "/users/{user_id}", user),
        platform("PATCH", "/users/{user_id}", user, body={"custom_attributes": {"team": "returns"}}),
        platform("PUT", "/users/{user_id}", user, body={"name": "Samantha Carter"}),
        platform("GET", "/users/{user_id}/login", user),
        platform("POST", users, acme, body={"user_id": 10, "role": "agent"}, record=False),
        platform("DELETE", users, acme, body={"user_id": 10}),
        platform("POST", "/agent_bots", body=parcel_bot),
        platform("GET", "/agent_bots"),
        platform("GET", "/agent_bots/{bot_id}", bot),
        platform("PATCH", "/agent_bots/{bot_id}", bot, body={"description": "Tracks parcels and returns"}),
        platform("PUT", "/agent_bots/{bot_id}", bot, body={"outgoing_url": "https://bots.acme.example/v2"}),
        platform_malformed("POST", "/accounts"),
        platform("POST", "/accounts", body={"name": "", "locale": "en"}, expect=422),
        platform("GET", "/accounts/{account_id}", nowhere, expect=404),
        *[call for method in ("PATCH", "PUT") for call in (
            platform(method, "/accounts/{account_id}", nowhere, body={"name": "Acme"}, expect=404),
            platform_malformed(method, "/accounts/{account_id}", acme),
            platform(method, "/accounts/{account_id}", acme, body={"status": "closed"}, expect=422))],
        platform("GET", users, nowhere, expect=404),
        platform("POST", users, nowhere, body={"user_id": 1, "role": "agent"}, expect=404),
        platform_malformed("POST", users, acme),
        platform("POST", users, acme, body={"user_id": UNKNOWN, "role": "agent"}, expect=422),
        platform("DELETE", users, nowhere, body={"user_id": 1}, expect=404),
        platform_malformed("DELETE", users, acme),
        platform("DELETE", users, acme, body={"user_id": "sam"}, expect=422),
        platform_malformed("POST", "/users"),
        platform("POST", "/users", body={**person, "email": "kim@acme.example", "password": "secret"}, expect=422),
        platform("GET", "/users/{user_id}", no_user, expect=404),
        platform("GET", "/users/{user_id}/login", no_user, expect=404),
        *[call for method in ("PATCH", "PUT") for call in (
            platform(method, "/users/{user_id}", no_user, body={"name": "Sam"}, expect=404),
            platform_malformed(method, "/users/{user_id}", user),
            platform(method, "/users/{user_id}", user, body={"email": "sam-at-acme"}, expect=422))],
        platform_malformed("POST", "/agent_bots"),
        platform("POST", "/agent_bots", body={**parcel_bot, "account_id": UNKNOWN}, expect=422),
        platform("GET", "/agent_bots/{bot_id}", no_bot, expect=404),
        *[call for method in ("PATCH", "PUT") for call in (
            platform(method, "/agent_bots/{bot_id}", no_bot, body={"name": "Bot"}, expect=404),
            platform_malformed(method, "/agent_bots/{bot_id}", bot),
            platform(method, "/agent_bots/{bot_id}", bot, body={"account_id": UNKNOWN}, expect=422))],
        platform("DELETE", "/agent_bots/{bot_id}", bot),
        platform("DELETE", "/agent_bots/{bot_id}", no_bot, expect=404),
        platform("DELETE", "/users/{user_id}", user),
        platform("DELETE", "/users/{user_id}", no_user, expect=404),
        platform("DELETE", "/accounts/{account_id}", acme),
        platform("DELETE", "/accounts/{account_id}", nowhere, expect=404),
    ]


def calls() -> list[Call]:
    return [*profile_calls(), *agent_calls(), *agent_bot_calls(), *inbox_calls(), *inbox_member_calls(),
            *contact_calls(), *conversation_calls(), *message_calls(), *canned_response_calls(), *team_calls(),
            *custom_attribute_calls(), *custom_filter_calls(), *webhook_calls(), *automation_rule_calls(),
            *integration_calls(), *help_center_calls(), *report_calls(), *public_calls(), *platform_calls()]


def chatwoot_error(status: int, description: str, media_type: str) -> ApiError:
    """Chatwoot's words for what no recorded call shows: Rails' bare `head :unprocessable_entity`, the CSAT
    survey closed after 14 days (the examples' clock makes no message that old) and Rack::Attack's throttle
    (the examples' world has no rate limits), as the simulator sends it while its clock runs."""
    if status == 429:
        return RateLimited()
    if status == 422 and media_type == "text/plain":
        return HeadOnly(422)
    if status == 422 and CSAT_LOCKED in description:
        return ChatwootError(CSAT_LOCKED)
    return plain_error(status, description, media_type)


CHATWOOT_EXAMPLES = Examples(calls, headers=ADMIN, describe=chatwoot_error)
