"""How a request names its namespace: the header, the names allowed, and the one used without the header."""

from __future__ import annotations

import re

NAMESPACE_HEADER = "X-Simulator-Namespace"
NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
DEFAULT_NAMESPACE = "default"
