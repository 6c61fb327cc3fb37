"""Host and X-Forwarded-* headers: the first never believed, the others only from the proxies the
operator names (`--trusted-proxy`).

URLs never come from these headers (nor from Host): they come from the
configured public URL (`server.site_root.public_root`). What a trusted proxy may
tell is who the client is (X-Forwarded-For, for the access log), each hop
read as an IP address before it is used; from anyone else the X-Forwarded-*
headers are removed before the app sees them.
The scheme (X-Forwarded-Proto) is gunicorn's `forwarded_allow_ips`, set to
the same addresses by `kg serve`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from server.access_log import Environ, StartResponse, WsgiApp

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def networks(addresses: Sequence[str]) -> list[Network]:
    """Addresses or CIDR networks as networks; ValueError names one that is neither, or that trusts everyone.

    Only an IP address or network is taken: no host name, no zone (`fe80::1%eth0`, which
    differs per machine), and no network of every address (`0.0.0.0/0`), which would
    believe any client that says it is someone else.
    """
    found = []
    for address in addresses:
        text = address.strip()
        if "%" in text:
            raise ValueError(f"{text!r} has a zone (%...): name the proxy's address without one")
        network = ipaddress.ip_network(text, strict=False)
        if network.prefixlen == 0:
            raise ValueError(f"{text!r} is every address: name your proxies' addresses or networks")
        found.append(network)
    return found


class TrustedProxies:
    """Wraps a WSGI app: the client address from a trusted proxy's X-Forwarded-For, else none of it."""

    def __init__(self, app: WsgiApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = list(trusted)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self._is_trusted(_address(environ.get("REMOTE_ADDR", ""))):
            hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            # The nearest hop not itself a trusted proxy is the client; earlier ones the client wrote.
            # A hop that is no IP address ends the walk: who is behind it is not known.
            for hop in reversed(hops):
                address = _address(hop)
                if address is None:
                    break
                environ["REMOTE_ADDR"] = str(address)
                if not self._is_trusted(address):
                    break
        else:
            for key in [key for key in environ if key.startswith("HTTP_X_FORWARDED_")]:
                del environ[key]
        return self.app(environ, start_response)

    def _is_trusted(self, address: Address | None) -> bool:
        return address is not None and any(address in network for network in self.trusted)


def _address(text: str) -> Address | None:
    """An IP address as written in REMOTE_ADDR or X-Forwarded-For; None for anything else."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class PublicHost:
    """Wraps a WSGI app: the request's Host and scheme replaced by the configured public URL's.

    Nothing the app answers depends on the Host header then, and no Host a
    client makes up (evil.example, a 200-letter name werkzeug cannot encode)
    changes an answer or fails one.
    """

    def __init__(self, app: WsgiApp, public_url: str) -> None:
        self.app = app
        parts = urlsplit(public_url)
        self.scheme = parts.scheme or "http"
        self.host = parts.netloc

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        environ["HTTP_HOST"] = self.host
        environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)
