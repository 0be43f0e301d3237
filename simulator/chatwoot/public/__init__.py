"""The public (client) API of an API inbox: what a contact does, without an auth header."""
