"""/platform/api/v1/accounts/{account_id}/account_users: the memberships of a platform app's accounts."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.platform.render.account_users import account_user_record
from simulator.chatwoot.platform.routes.common import (
    RECORD_ERRORS,
    WRITE_ERRORS,
    app_part,
    blp,
    permitted,
    platform_auth,
)
from simulator.chatwoot.platform.schemas.account_users import (
    AccountUserDeleteSchema,
    AccountUserRecordSchema,
    AccountUserWriteSchema,
)
from simulator.chatwoot.platform.store.account_users import AccountUsers
from simulator.chatwoot.routes.common import answer, documented, empty


def account_users() -> AccountUsers:
    return app_part(AccountUsers)


@blp.route("/accounts/<int:account_id>/account_users")
class AccountUsersViews(MethodView):
    @platform_auth
    @blp.response(200, AccountUserRecordSchema(many=True))
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int) -> Response:
        """List the users of an account

        A plain array of raw AccountUser records.
        """
        return answer([account_user_record(m) for m in account_users().all(account_id)])

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(AccountUserWriteSchema, example={"user_id": 1, "role": "administrator"})
    @blp.response(200, AccountUserRecordSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create an Account User

        An upsert by `user_id`: an existing member gets the new role. Answers the raw
        AccountUser record. An unknown user is a 422 (`User must exist`), so is a role other
        than agent or administrator.
        """
        return answer(account_user_record(account_users().upsert(account_id, body)))

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(AccountUserDeleteSchema, example={"user_id": 1})
    @blp.response(200, description="Removed (empty body), also when the user was not a member")
    @documented(blp, WRITE_ERRORS)
    def delete(self, body: dict[str, Any], account_id: int) -> Response:
        """Delete an Account User

        200 with an empty body even when the user was not a member; 404 only for an unknown
        account.
        """
        account_users().remove(account_id, body.get("user_id"))
        return empty()
