"""The platform API (accounts, account users, agent bots and users of one platform app)."""
