"""The CMI spec's described errors read as the simulator's own CMI errors do."""

from __future__ import annotations

import pytest

from simulator.sinch_cmi.errors import (
    CmiError,
    Forbidden,
    NotAcceptable,
    NotFound,
    UnsupportedMediaType,
)
from simulator.sinch_cmi.examples import cmi_error


@pytest.mark.parametrize("error", [Forbidden(), NotFound(), NotAcceptable(), UnsupportedMediaType()],
                         ids=lambda e: str(e.status))
def test_described_error__is_the_simulators_own(error: CmiError) -> None:
    described = cmi_error(error.status, "", "text/plain").response()
    real = error.response()

    assert (described.status_code, described.mimetype) == (real.status_code, real.mimetype)
    assert described.get_data(as_text=True) == real.get_data(as_text=True)
