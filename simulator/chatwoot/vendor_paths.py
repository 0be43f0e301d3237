"""Chatwoot's published path templates: the vendor swagger's parameter names wherever ours differ."""

from __future__ import annotations

from simulator.chatwoot.operation_ids import ACCOUNT, PLATFORM
from simulator.core.path_names import PathNames

# path as our routes document it → as the vendor's swagger writes it, so that clients generated from the spec take
# the vendor's keyword arguments (`contact_details.sync(account_id=1, id=5)`). Parameter names only: the swagger's
# trailing-slash slips (`POST …/inboxes/`, `GET …/inboxes/{id}/`) are left out, as Rails routes either way.
# A path item's other verbs (the PUT twin of a documented PATCH) share its path; `/portals/{portal_slug}`, which
# the swagger lacks, follows its documented children, `/portals/{portal_id}/articles` and `…/categories`.
VENDOR_PATHS: PathNames = {
    ACCOUNT + "/agent_bots/{bot_id}": ACCOUNT + "/agent_bots/{id}",
    ACCOUNT + "/agents/{agent_id}": ACCOUNT + "/agents/{id}",
    ACCOUNT + "/automation_rules/{rule_id}": ACCOUNT + "/automation_rules/{id}",
    ACCOUNT + "/canned_responses/{canned_response_id}": ACCOUNT + "/canned_responses/{id}",
    ACCOUNT + "/contacts/{contact_id}": ACCOUNT + "/contacts/{id}",
    ACCOUNT + "/contacts/{contact_id}/contact_inboxes": ACCOUNT + "/contacts/{id}/contact_inboxes",
    ACCOUNT + "/contacts/{contact_id}/contactable_inboxes": ACCOUNT + "/contacts/{id}/contactable_inboxes",
    ACCOUNT + "/contacts/{contact_id}/conversations": ACCOUNT + "/contacts/{id}/conversations",
    ACCOUNT + "/custom_attribute_definitions/{definition_id}": ACCOUNT + "/custom_attribute_definitions/{id}",
    ACCOUNT + "/inboxes/{inbox_id}": ACCOUNT + "/inboxes/{id}",
    ACCOUNT + "/inboxes/{inbox_id}/agent_bot": ACCOUNT + "/inboxes/{id}/agent_bot",
    ACCOUNT + "/inboxes/{inbox_id}/set_agent_bot": ACCOUNT + "/inboxes/{id}/set_agent_bot",
    ACCOUNT + "/portals/{portal_slug}": ACCOUNT + "/portals/{portal_id}",
    ACCOUNT + "/portals/{portal_slug}/articles": ACCOUNT + "/portals/{portal_id}/articles",
    ACCOUNT + "/portals/{portal_slug}/categories": ACCOUNT + "/portals/{portal_id}/categories",
    PLATFORM + "/agent_bots/{bot_id}": PLATFORM + "/agent_bots/{id}",
    PLATFORM + "/users/{user_id}": PLATFORM + "/users/{id}",
    PLATFORM + "/users/{user_id}/login": PLATFORM + "/users/{id}/login",
}
