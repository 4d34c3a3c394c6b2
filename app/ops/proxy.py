"""Who the client is when a reverse proxy sits in front: X-Forwarded-For only from PORTFOLIO_TRUSTED_PROXIES.

Anyone can send an X-Forwarded-For header; believing it from an untrusted peer
lets a guesser pick a new "address" for every login attempt. So the header is
read only when the connecting peer is one of ours, right to left, and the first
address that is not one of our proxies is the client. `portfolio serve` gives
uvicorn the same list, so its access log and this function agree.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import HTTPConnection

from app.config import get_settings

Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network


class VertrouwdeProxies:
    def __init__(self, instelling: str):
        delen = [deel.strip() for deel in instelling.split(",") if deel.strip()]
        self.iedereen = "*" in delen
        self.netwerken: list[Netwerk] = [ipaddress.ip_network(deel, strict=False) for deel in delen if deel != "*"]

    def __bool__(self) -> bool:
        return self.iedereen or bool(self.netwerken)

    def __contains__(self, adres: str) -> bool:
        if self.iedereen:
            return True
        try:
            ip = ipaddress.ip_address(adres)
        except ValueError:
            return False
        return any(ip in netwerk for netwerk in self.netwerken)


@lru_cache
def vertrouwde_proxies(instelling: str) -> VertrouwdeProxies:
    return VertrouwdeProxies(instelling)


def client_adres(verbinding: HTTPConnection) -> str:
    """The client's address as the login throttle and the log should see it."""
    peer = verbinding.client.host if verbinding.client else ""
    proxies = vertrouwde_proxies(get_settings().trusted_proxies)
    if not peer or peer not in proxies:
        return peer or "onbekend"
    hops = [hop.strip() for waarde in verbinding.headers.getlist("x-forwarded-for") for hop in waarde.split(",")]
    for hop in reversed(hops):
        if hop and hop not in proxies:
            return _als_adres(hop) or peer
    # Only our own proxies in the chain: the left-most is as close to the client as we know.
    return _als_adres(hops[0]) if hops and _als_adres(hops[0]) else peer


def _als_adres(hop: str) -> str | None:
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return None
