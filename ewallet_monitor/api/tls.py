"""TLS settings shared by the HTTP client and the socket client."""

from __future__ import annotations

import ssl


def make_ssl_context(cafile: str | None = None, insecure: bool = False) -> ssl.SSLContext:
    """A client context that verifies the server (system roots, plus ``cafile`` when given).

    ``insecure`` turns verification off entirely; only for a test server the user trusts.
    """
    context = ssl.create_default_context(cafile=cafile)
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
