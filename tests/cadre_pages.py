"""The pages a cadre can open, found rather than listed: every readable route of
``hardening_world`` that answers the world's cadre (or chief) with a whole HTML page."""

from tests.hardening_world import ROUTES, project_routes, url_of

CADRE_ROLES = ("cadre", "chief")


def cadre_pages(client, world):
    """[(role, route name, url)] of every HTML page the cadre or the chief may open."""
    readable = {n for n, _r, methods in project_routes() if methods is None or "GET" in methods}
    found = []
    for role in CADRE_ROLES:
        client.force_login(world.user(role))
        for name in sorted(ROUTES.keys() & readable):
            url = url_of(name, world)
            if url is None:
                continue
            response = client.get(url)
            html = response["Content-Type"].startswith("text/html")
            # A fragment the visit form's script swaps in is part of that page, not a page.
            if response.status_code == 200 and html and b"<html" in response.content:
                found.append((role, name, url))
    return found
