"""The public API's rules: what a contact does through an API inbox, one module per resource."""
