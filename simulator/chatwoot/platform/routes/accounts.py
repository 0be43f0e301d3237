"""/platform/api/v1/accounts: the accounts a platform app creates and then reaches."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.platform.render.accounts import account_wire
from simulator.chatwoot.platform.routes.common import (
    CREATE_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    app_part,
    blp,
    permitted,
    platform_auth,
)
from simulator.chatwoot.platform.schemas.accounts import PlatformAccountSchema, PlatformAccountWriteSchema
from simulator.chatwoot.platform.store.accounts import Accounts
from simulator.chatwoot.routes.common import answer, documented, empty


def accounts() -> Accounts:
    return app_part(Accounts)


@blp.route("/accounts")
class AccountsViews(MethodView):
    @platform_auth
    @blp.arguments(PlatformAccountWriteSchema, example={"name": "Acme", "locale": "en",
                                                        "features": {"help_center": True}, "limits": {"agents": 5}})
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, CREATE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Create an Account

        The account becomes permissible for this platform app. A blank name gives 422;
        `status` is active or suspended (a suspended account's members get 401 in the
        application API); `features` enables each present value and disables blank ones.
        """
        return answer(account_wire(accounts().create(body)))


@blp.route("/accounts/<int:account_id>")
class AccountByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int) -> Response:
        """Get the details of an account

        Only an account this app created (401 `Non permissible resource` otherwise).
        """
        return answer(account_wire(accounts().find(account_id)))

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(PlatformAccountWriteSchema, example={"name": "Acme Inc", "status": "suspended"})
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int) -> Response:
        """Update an account's attributes

        An unknown id is a 404, checked before the permission (401 `Non permissible resource`).
        `limits` and `custom_attributes` replace the stored ones.
        """
        return answer(account_wire(accounts().update(account_id, body)))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int) -> Response:
        """Delete an account

        The real server queues the deletion; here the account and its memberships go at once.
        """
        accounts().delete(account_id)
        return empty()
