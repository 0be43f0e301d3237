"""The CMI wire schemas (query arguments, JSON or XML request bodies, documented answers), one module per resource."""
