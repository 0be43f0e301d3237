"""Sinch Contact Center Restful Contact Management Interface (CMI) v1."""
