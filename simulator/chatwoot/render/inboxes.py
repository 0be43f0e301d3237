"""Inbox fragments (the raw record, working hours, the widget script); the inbox JSON itself is Renderer.inbox."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Inbox
from simulator.chatwoot.store.base import record_time

DAYS = range(7)


def inbox_record(inbox: Inbox) -> dict[str, Any]:
    """The raw Inbox record (contact create's `contact_inbox.inbox`)."""
    return {
        "id": inbox.id,
        "channel_id": inbox.channel_id,
        "account_id": inbox.account_id,
        "name": inbox.name,
        "created_at": record_time(inbox.created_at),
        "updated_at": record_time(inbox.created_at),
        "channel_type": inbox.channel_type,
        "enable_auto_assignment": inbox.enable_auto_assignment,
        "greeting_enabled": inbox.greeting_enabled,
        "greeting_message": inbox.greeting_message,
        "email_address": None,
        "working_hours_enabled": inbox.working_hours_enabled,
        "out_of_office_message": inbox.out_of_office_message,
        "timezone": inbox.timezone,
        "enable_email_collect": inbox.enable_email_collect,
        "csat_survey_enabled": inbox.csat_survey_enabled,
        "allow_messages_after_resolved": inbox.allow_messages_after_resolved,
        "auto_assignment_config": inbox.auto_assignment_config,
        "lock_to_single_conversation": inbox.lock_to_single_conversation,
        "portal_id": inbox.portal_id,
        "sender_name_type": inbox.sender_name_type,
        "business_name": inbox.business_name,
    }


def working_hours(inbox: Inbox) -> list[dict[str, Any]]:
    """Chatwoot's default week: 9 to 17 on weekdays, closed at the weekend."""
    return [
        {
            "day_of_week": day,
            "closed_all_day": day in (0, 6),
            "open_hour": None if day in (0, 6) else 9,
            "open_minutes": None if day in (0, 6) else 0,
            "close_hour": None if day in (0, 6) else 17,
            "close_minutes": None if day in (0, 6) else 0,
            "open_all_day": False,
        }
        for day in DAYS
    ]


def widget_script(base_url: str, token: str) -> str:
    """The embed snippet a web-widget inbox shows (Chatwoot's `web_widget_script`)."""
    return (
        "\n    <script>\n      (function(d,t) {\n"
        f'        var BASE_URL="{base_url}";\n'
        '        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];\n'
        '        g.src=BASE_URL+"/packs/js/sdk.js";\n        g.defer = true;\n        g.async = true;\n'
        "        s.parentNode.insertBefore(g,s);\n        g.onload=function(){\n"
        "          window.chatwootSDK.run({\n"
        f"            websiteToken: '{token}',\n            baseUrl: BASE_URL\n"
        "          })\n        }\n      })(document,\"script\");\n    </script>\n    "
    )
