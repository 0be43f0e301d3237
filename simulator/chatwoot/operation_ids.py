"""Chatwoot's operationIds and tags: the vendor swagger's own, for every operation of the /chatwoot spec."""

from __future__ import annotations

from simulator.core.operation_ids import OperationNames

ACCOUNT = "/api/v1/accounts/{account_id}"
REPORTS = "/api/v2/accounts/{account_id}/reports"
PLATFORM = "/platform/api/v1"
PUBLIC_INBOX = "/public/api/v1/inboxes/{inbox_identifier}"
PUBLIC_CONTACT = PUBLIC_INBOX + "/contacts/{contact_identifier}"

# (method, path) → (operationId, tag), exactly as the vendor's swagger writes them: typos, mixed styles and
# inconsistent tags included, since generated clients name methods and classes after them. The swagger
# documents one verb of each Rails update route; the other verb (PUT or PATCH) is named after it with
# `-put` / `-patch` appended (`Put` / `Patch` after a camelCase name), under the same tag. The swagger's
# `PATCH /portals` (no portal: a slip of the swagger) names the real route, `PATCH /portals/{portal_slug}`.
# The swagger's two account/agent conversation-metric operations are one route here (`type` tells them
# apart), named as the account one.
OPERATION_NAMES: OperationNames = {
    ("GET", ACCOUNT + "/agent_bots"): ("list-all-account-agent-bots", "Account AgentBots"),
    ("POST", ACCOUNT + "/agent_bots"): ("create-an-account-agent-bot", "Account AgentBots"),
    ("GET", ACCOUNT + "/agent_bots/{bot_id}"): ("get-details-of-a-single-account-agent-bot", "Account AgentBots"),
    ("PUT", ACCOUNT + "/agent_bots/{bot_id}"): ("update-an-account-agent-bot-put", "Account AgentBots"),
    ("DELETE", ACCOUNT + "/agent_bots/{bot_id}"): ("delete-an-account-agent-bot", "Account AgentBots"),
    ("PATCH", ACCOUNT + "/agent_bots/{bot_id}"): ("update-an-account-agent-bot", "Account AgentBots"),
    ("GET", ACCOUNT + "/agents"): ("get-account-agents", "Agents"),
    ("POST", ACCOUNT + "/agents"): ("add-new-agent-to-account", "Agents"),
    ("PUT", ACCOUNT + "/agents/{agent_id}"): ("update-agent-in-account-put", "Agents"),
    ("DELETE", ACCOUNT + "/agents/{agent_id}"): ("delete-agent-from-account", "Agents"),
    ("PATCH", ACCOUNT + "/agents/{agent_id}"): ("update-agent-in-account", "Agents"),
    ("GET", ACCOUNT + "/automation_rules"): ("get-account-automation-rule", "Automation Rule"),
    ("POST", ACCOUNT + "/automation_rules"): ("add-new-automation-rule-to-account", "Automation Rule"),
    ("GET", ACCOUNT + "/automation_rules/{rule_id}"): ("get-details-of-a-single-automation-rule", "Automation Rule"),
    ("PUT", ACCOUNT + "/automation_rules/{rule_id}"): ("update-automation-rule-in-account-put", "Automation Rule"),
    ("DELETE", ACCOUNT + "/automation_rules/{rule_id}"): ("delete-automation-rule-from-account", "Automation Rule"),
    ("PATCH", ACCOUNT + "/automation_rules/{rule_id}"): ("update-automation-rule-in-account", "Automation Rule"),
    ("GET", ACCOUNT + "/canned_responses"): ("get-account-canned-response", "Canned Responses"),
    ("POST", ACCOUNT + "/canned_responses"): ("add-new-canned-response-to-account", "Canned Responses"),
    ("PUT", ACCOUNT + "/canned_responses/{canned_response_id}"):
        ("update-canned-response-in-account-put", "Canned Response"),
    ("DELETE", ACCOUNT + "/canned_responses/{canned_response_id}"):
        ("delete-canned-response-from-account", "Canned Responses"),
    ("PATCH", ACCOUNT + "/canned_responses/{canned_response_id}"):
        ("update-canned-response-in-account", "Canned Response"),
    ("GET", ACCOUNT + "/contacts"): ("contactList", "Contacts"),
    ("POST", ACCOUNT + "/contacts"): ("contactCreate", "Contacts"),
    ("POST", ACCOUNT + "/contacts/filter"): ("contactFilter", "Contacts"),
    ("GET", ACCOUNT + "/contacts/search"): ("contactSearch", "Contacts"),
    ("GET", ACCOUNT + "/contacts/{contact_id}"): ("contactDetails", "Contacts"),
    ("PUT", ACCOUNT + "/contacts/{contact_id}"): ("contactUpdate", "Contacts"),
    ("DELETE", ACCOUNT + "/contacts/{contact_id}"): ("contactDelete", "Contacts"),
    ("PATCH", ACCOUNT + "/contacts/{contact_id}"): ("contactUpdatePatch", "Contacts"),
    ("POST", ACCOUNT + "/contacts/{contact_id}/contact_inboxes"): ("contactInboxCreation", "Contact"),
    ("GET", ACCOUNT + "/contacts/{contact_id}/contactable_inboxes"): ("contactableInboxesGet", "Contact"),
    ("GET", ACCOUNT + "/contacts/{contact_id}/conversations"): ("contactConversations", "Contacts"),
    ("GET", ACCOUNT + "/conversations"): ("conversationList", "Conversations"),
    ("POST", ACCOUNT + "/conversations"): ("newConversation", "Conversations"),
    ("POST", ACCOUNT + "/conversations/filter"): ("conversationFilter", "Conversations"),
    ("GET", ACCOUNT + "/conversations/meta"): ("conversationListMeta", "Conversations"),
    ("GET", ACCOUNT + "/conversations/{conversation_id}"): ("get-details-of-a-conversation", "Conversations"),
    ("POST", ACCOUNT + "/conversations/{conversation_id}/assignments"):
        ("assign-a-conversation", "Conversation Assignment"),
    ("GET", ACCOUNT + "/conversations/{conversation_id}/labels"):
        ("list-all-labels-of-a-conversation", "Conversation Labels"),
    ("POST", ACCOUNT + "/conversations/{conversation_id}/labels"): ("conversation-add-labels", "Conversation Labels"),
    ("GET", ACCOUNT + "/conversations/{conversation_id}/messages"): ("list-all-messages", "Messages"),
    ("POST", ACCOUNT + "/conversations/{conversation_id}/messages"):
        ("create-a-new-message-in-a-conversation", "Messages"),
    ("DELETE", ACCOUNT + "/conversations/{conversation_id}/messages/{message_id}"): ("delete-a-message", "Messages"),
    ("POST", ACCOUNT + "/conversations/{conversation_id}/toggle_priority"):
        ("toggle-priority-of-a-conversation", "Conversations"),
    ("POST", ACCOUNT + "/conversations/{conversation_id}/toggle_status"):
        ("toggle-status-of-a-conversation", "Conversations"),
    ("GET", ACCOUNT + "/custom_attribute_definitions"): ("get-account-custom-attribute", "Custom Attributes"),
    ("POST", ACCOUNT + "/custom_attribute_definitions"): ("add-new-custom-attribute-to-account", "Custom Attributes"),
    ("GET", ACCOUNT + "/custom_attribute_definitions/{definition_id}"):
        ("get-details-of-a-single-custom-attribute", "Custom Attributes"),
    ("PUT", ACCOUNT + "/custom_attribute_definitions/{definition_id}"):
        ("update-custom-attribute-in-account-put", "Custom Attributes"),
    ("DELETE", ACCOUNT + "/custom_attribute_definitions/{definition_id}"):
        ("delete-custom-attribute-from-account", "Custom Attributes"),
    ("PATCH", ACCOUNT + "/custom_attribute_definitions/{definition_id}"):
        ("update-custom-attribute-in-account", "Custom Attributes"),
    ("GET", ACCOUNT + "/custom_filters"): ("list-all-filters", "Custom Filters"),
    ("POST", ACCOUNT + "/custom_filters"): ("create-a-custom-filter", "Custom Filters"),
    ("GET", ACCOUNT + "/custom_filters/{custom_filter_id}"):
        ("get-details-of-a-single-custom-filter", "Custom Filters"),
    ("PUT", ACCOUNT + "/custom_filters/{custom_filter_id}"): ("update-a-custom-filter-put", "Custom Filters"),
    ("DELETE", ACCOUNT + "/custom_filters/{custom_filter_id}"): ("delete-a-custom-filter", "Custom Filters"),
    ("PATCH", ACCOUNT + "/custom_filters/{custom_filter_id}"): ("update-a-custom-filter", "Custom Filters"),
    ("PUT", ACCOUNT + "/inbox_members"): ("update-agents-in-inbox-put", "Inboxes"),
    ("POST", ACCOUNT + "/inbox_members"): ("add-new-agent-to-inbox", "Inboxes"),
    ("DELETE", ACCOUNT + "/inbox_members"): ("delete-agent-in-inbox", "Inboxes"),
    ("PATCH", ACCOUNT + "/inbox_members"): ("update-agents-in-inbox", "Inboxes"),
    ("GET", ACCOUNT + "/inbox_members/{inbox_id}"): ("get-inbox-members", "Inboxes"),
    ("GET", ACCOUNT + "/inboxes"): ("listAllInboxes", "Inboxes"),
    ("POST", ACCOUNT + "/inboxes"): ("inboxCreation", "Inboxes"),
    ("GET", ACCOUNT + "/inboxes/{inbox_id}"): ("GetInbox", "Inboxes"),
    ("PUT", ACCOUNT + "/inboxes/{inbox_id}"): ("updateInboxPut", "Inboxes"),
    ("PATCH", ACCOUNT + "/inboxes/{inbox_id}"): ("updateInbox", "Inboxes"),
    ("GET", ACCOUNT + "/inboxes/{inbox_id}/agent_bot"): ("getInboxAgentBot", "Inboxes"),
    ("POST", ACCOUNT + "/inboxes/{inbox_id}/set_agent_bot"): ("updateAgentBot", "Inboxes"),
    ("GET", ACCOUNT + "/integrations/apps"): ("get-details-of-all-integrations", "Integrations"),
    ("POST", ACCOUNT + "/integrations/hooks"): ("create-an-integration-hook", "Integrations"),
    ("PUT", ACCOUNT + "/integrations/hooks/{hook_id}"): ("update-an-integrations-hook-put", "Integrations"),
    ("DELETE", ACCOUNT + "/integrations/hooks/{hook_id}"): ("delete-an-integration-hook", "Integrations"),
    ("PATCH", ACCOUNT + "/integrations/hooks/{hook_id}"): ("update-an-integrations-hook", "Integrations"),
    ("GET", ACCOUNT + "/portals"): ("get-portal", "Help Center"),
    ("POST", ACCOUNT + "/portals"): ("add-new-portal-to-account", "Help Center"),
    ("PUT", ACCOUNT + "/portals/{portal_slug}"): ("update-new-portal-to-account-put", "Help Center"),
    ("PATCH", ACCOUNT + "/portals/{portal_slug}"): ("update-new-portal-to-account", "Help Center"),
    ("POST", ACCOUNT + "/portals/{portal_slug}/articles"): ("add-new-article-to-account", "Help Center"),
    ("POST", ACCOUNT + "/portals/{portal_slug}/categories"): ("add-new-category-to-account", "Help Center"),
    ("GET", ACCOUNT + "/teams"): ("list-all-teams", "Teams"),
    ("POST", ACCOUNT + "/teams"): ("create-a-team", "Teams"),
    ("GET", ACCOUNT + "/teams/{team_id}"): ("get-details-of-a-single-team", "Teams"),
    ("PUT", ACCOUNT + "/teams/{team_id}"): ("update-a-team-put", "Teams"),
    ("DELETE", ACCOUNT + "/teams/{team_id}"): ("delete-a-team", "Teams"),
    ("PATCH", ACCOUNT + "/teams/{team_id}"): ("update-a-team", "Teams"),
    ("GET", ACCOUNT + "/teams/{team_id}/team_members"): ("get-team-members", "Teams"),
    ("PUT", ACCOUNT + "/teams/{team_id}/team_members"): ("update-agents-in-team-put", "Teams"),
    ("POST", ACCOUNT + "/teams/{team_id}/team_members"): ("add-new-agent-to-team", "Teams"),
    ("DELETE", ACCOUNT + "/teams/{team_id}/team_members"): ("delete-agent-in-team", "Teams"),
    ("PATCH", ACCOUNT + "/teams/{team_id}/team_members"): ("update-agents-in-team", "Teams"),
    ("GET", ACCOUNT + "/webhooks"): ("list-all-webhooks", "Webhooks"),
    ("POST", ACCOUNT + "/webhooks"): ("create-a-webhook", "Webhooks"),
    ("PUT", ACCOUNT + "/webhooks/{webhook_id}"): ("update-a-webhook-put", "Webhooks"),
    ("DELETE", ACCOUNT + "/webhooks/{webhook_id}"): ("delete-a-webhook", "Webhooks"),
    ("PATCH", ACCOUNT + "/webhooks/{webhook_id}"): ("update-a-webhook", "Webhooks"),
    ("GET", "/api/v1/profile"): ("fetchProfile", "Profile"),
    ("GET", REPORTS): ("list-all-conversation-statistics", "Reports"),
    ("GET", REPORTS + "/conversations"): ("get-account-conversation-metrics", "Reports"),
    ("GET", REPORTS + "/summary"): ("list-all-conversation-statistics-summary", "Reports"),
    ("POST", PLATFORM + "/accounts"): ("create-an-account", "Accounts"),
    ("GET", PLATFORM + "/accounts/{account_id}"): ("get-details-of-an-account", "Accounts"),
    ("PUT", PLATFORM + "/accounts/{account_id}"): ("update-an-account-put", "Accounts"),
    ("DELETE", PLATFORM + "/accounts/{account_id}"): ("delete-an-account", "Accounts"),
    ("PATCH", PLATFORM + "/accounts/{account_id}"): ("update-an-account", "Accounts"),
    ("GET", PLATFORM + "/accounts/{account_id}/account_users"): ("list-all-account-users", "Account Users"),
    ("POST", PLATFORM + "/accounts/{account_id}/account_users"): ("create-an-account-user", "Account Users"),
    ("DELETE", PLATFORM + "/accounts/{account_id}/account_users"): ("delete-an-account-user", "Account Users"),
    ("GET", PLATFORM + "/agent_bots"): ("list-all-agent-bots", "AgentBots"),
    ("POST", PLATFORM + "/agent_bots"): ("create-an-agent-bot", "AgentBots"),
    ("GET", PLATFORM + "/agent_bots/{bot_id}"): ("get-details-of-a-single-agent-bot", "AgentBots"),
    ("PUT", PLATFORM + "/agent_bots/{bot_id}"): ("update-an-agent-bot-put", "AgentBots"),
    ("DELETE", PLATFORM + "/agent_bots/{bot_id}"): ("delete-an-agent-bot", "AgentBots"),
    ("PATCH", PLATFORM + "/agent_bots/{bot_id}"): ("update-an-agent-bot", "AgentBots"),
    ("POST", PLATFORM + "/users"): ("create-a-user", "Users"),
    ("GET", PLATFORM + "/users/{user_id}"): ("get-details-of-a-user", "Users"),
    ("PUT", PLATFORM + "/users/{user_id}"): ("update-a-user-put", "Users"),
    ("DELETE", PLATFORM + "/users/{user_id}"): ("delete-a-user", "Users"),
    ("PATCH", PLATFORM + "/users/{user_id}"): ("update-a-user", "Users"),
    ("GET", PLATFORM + "/users/{user_id}/login"): ("get-sso-url-of-a-user", "Users"),
    ("GET", PUBLIC_INBOX): ("get-details-of-a-inbox", "Inbox API"),
    ("POST", PUBLIC_INBOX + "/contacts"): ("create-a-contact", "Contacts API"),
    ("GET", PUBLIC_CONTACT): ("get-details-of-a-contact", "Contacts API"),
    ("PUT", PUBLIC_CONTACT): ("update-a-contact-put", "Contacts API"),
    ("PATCH", PUBLIC_CONTACT): ("update-a-contact", "Contacts API"),
    ("GET", PUBLIC_CONTACT + "/conversations"): ("list-all-contact-conversations", "Conversations API"),
    ("POST", PUBLIC_CONTACT + "/conversations"): ("create-a-conversation", "Conversations API"),
    ("GET", PUBLIC_CONTACT + "/conversations/{conversation_id}/messages"):
        ("list-all-converation-messages", "Messages API"),
    ("POST", PUBLIC_CONTACT + "/conversations/{conversation_id}/messages"): ("create-a-message", "Messages API"),
    ("PATCH", PUBLIC_CONTACT + "/conversations/{conversation_id}/messages/{message_id}"):
        ("update-a-message", "Messages API"),
}
