"""A local fake of Wikidata's Action API (``/w/api.php``), answering
``wbsearchentities``, ``wbgetentities`` and CirrusSearch's ``list=search`` with
``haswbstatement:P345=…`` (items by IMDb id) in their documented JSON shapes.

The data set is small and written by hand: Arrival (2016) with release dates in
three countries and a preferred runtime, two films called Heat with a band and a
novel of the same name, Heathers, and a silent film dated only by its year.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.http_fake import FakeApi

MINUTE = "http://www.wikidata.org/entity/Q7727"
GREGORIAN = "http://www.wikidata.org/entity/Q1985727"

ARRIVAL = "Q20022112"
HEAT_1995 = "Q491222"
HEAT_1986 = "Q3128773"
HEAT_BAND = "Q5693107"
HEAT_NOVEL = "Q90000101"
HEATHERS = "Q1128937"
LONESOME = "Q90000201"


def item(qid: str) -> dict[str, Any]:
    return {
        "value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid},
        "type": "wikibase-entityid",
    }


def time(text: str, precision: int = 11) -> dict[str, Any]:
    return {
        "value": {
            "time": text,
            "timezone": 0,
            "before": 0,
            "after": 0,
            "precision": precision,
            "calendarmodel": GREGORIAN,
        },
        "type": "time",
    }


def quantity(amount: str, unit: str = MINUTE) -> dict[str, Any]:
    return {"value": {"amount": amount, "unit": unit}, "type": "quantity"}


def string(text: str) -> dict[str, Any]:
    return {"value": text, "type": "string"}


def statement(
    prop: str,
    datavalue: dict[str, Any],
    rank: str = "normal",
    qualifiers: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "mainsnak": {"snaktype": "value", "property": prop, "datavalue": datavalue},
        "type": "statement",
        "id": f"fake${prop}",
        "rank": rank,
    }
    if qualifiers:
        out["qualifiers"] = {
            p: [{"snaktype": "value", "property": p, "datavalue": dv} for dv in values]
            for p, values in qualifiers.items()
        }
        out["qualifiers-order"] = list(qualifiers)
    return out


def claims(*statements: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        out.setdefault(s["mainsnak"]["property"], []).append(s)
    return out


def entity(
    qid: str,
    label: str,
    description: str = "",
    aliases: tuple[str, ...] = (),
    statements: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    return {
        "type": "item",
        "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "descriptions": {"en": {"language": "en", "value": description}} if description else {},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]},
        "claims": claims(*statements),
    }


PEOPLE = {
    "Q3050336": "Denis Villeneuve",
    "Q5386223": "Eric Heisserer",
    "Q34436": "Amy Adams",
    "Q171525": "Jeremy Renner",
    "Q180852": "Forest Whitaker",
    "Q739924": "Jóhann Jóhannsson",
    "Q4955993": "Bradford Young",
    "Q3369104": "Patrice Vermette",
    "Q471839": "science fiction film",
    "Q130232": "drama film",
    "Q2484376": "thriller film",
    "Q959790": "crime film",
    "Q23830578": "PG-13",
    "Q323076": "Michael Mann",
    "Q41163": "Al Pacino",
    "Q36949": "Robert De Niro",
    "Q1228036": "Dick Richards",
    "Q44221": "Burt Reynolds",
    "Q1395948": "Michael Lehmann",
    "Q311153": "Paul Fejos",
    "Q11424": "film",
    "Q30": "United States of America",
    "Q145": "United Kingdom",
    "Q38": "Italy",
    "Q215380": "musical group",
    "Q7725634": "literary work",
}

FILMS: dict[str, dict[str, Any]] = {
    ARRIVAL: entity(
        ARRIVAL,
        "Arrival",
        "2016 film directed by Denis Villeneuve",
        ("Story of Your Life (film)",),
        (
            statement("P31", item("Q11424")),
            statement("P57", item("Q3050336")),
            statement("P58", item("Q5386223")),
            statement("P161", item("Q34436")),
            statement("P161", item("Q171525")),
            statement("P161", item("Q180852")),
            statement("P2047", quantity("+118")),
            statement("P2047", quantity("+116"), rank="preferred"),
            statement("P577", time("+2016-09-01T00:00:00Z"), qualifiers={"P291": [item("Q38")]}),
            statement("P577", time("+2016-11-11T00:00:00Z"), qualifiers={"P291": [item("Q30")]}),
            statement("P577", time("+2016-11-10T00:00:00Z"), qualifiers={"P291": [item("Q145")]}),
            statement("P136", item("Q471839")),
            statement("P136", item("Q130232")),
            statement("P86", item("Q739924")),
            statement("P344", item("Q4955993")),
            statement("P2554", item("Q3369104")),
            statement("P1657", item("Q23830578")),
            statement("P345", string("tt2543164")),
            statement("P4947", string("329865")),
        ),
    ),
    HEAT_1995: entity(
        HEAT_1995,
        "Heat",
        "1995 film by Michael Mann",
        (),
        (
            statement("P31", item("Q11424")),
            statement("P57", item("Q323076")),
            statement("P58", item("Q323076")),
            statement("P161", item("Q41163")),
            statement("P161", item("Q36949")),
            statement("P2047", quantity("+188"), rank="deprecated"),
            statement("P2047", quantity("+170")),
            statement("P577", time("+1995-12-15T00:00:00Z"), qualifiers={"P291": [item("Q30")]}),
            statement("P136", item("Q959790")),
            statement("P136", item("Q2484376")),
            statement("P345", string("tt0113277")),
        ),
    ),
    HEAT_1986: entity(
        HEAT_1986,
        "Heat",
        "1986 film by Dick Richards",
        (),
        (
            statement("P31", item("Q11424")),
            statement("P57", item("Q1228036")),
            statement("P161", item("Q44221")),
            statement("P577", time("+1986-03-14T00:00:00Z")),
        ),
    ),
    HEAT_BAND: entity(HEAT_BAND, "Heat", "rock band", (), (statement("P31", item("Q215380")),)),
    HEAT_NOVEL: entity(
        HEAT_NOVEL,
        "Heat",
        "novel",
        (),
        (statement("P31", item("Q7725634")), statement("P577", time("+1985-01-01T00:00:00Z"))),
    ),
    HEATHERS: entity(
        HEATHERS,
        "Heathers",
        "1989 film by Michael Lehmann",
        (),
        (
            statement("P31", item("Q11424")),
            statement("P57", item("Q1395948")),
            statement("P577", time("+1989-03-31T00:00:00Z")),
        ),
    ),
    LONESOME: entity(
        LONESOME,
        "Lonesome",
        "1928 film by Paul Fejos",
        (),
        (
            statement("P31", item("Q11424")),
            statement("P57", item("Q311153")),
            statement("P577", time("+1928-00-00T00:00:00Z", precision=9)),
        ),
    ),
}


def everything() -> dict[str, dict[str, Any]]:
    found = dict(FILMS)
    for qid, name in PEOPLE.items():
        found.setdefault(qid, entity(qid, name))
    return found


class FakeWikidata(FakeApi):
    """``/w/api.php`` answering the two actions filmclub uses."""

    path = "/w/api.php"

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(latency=latency)
        self.entities = everything()
        self.films = dict(FILMS)

    def add_film(self, qid: str, film: dict[str, Any]) -> None:
        """Serve one more film (benchmarks add generated ones)."""
        self.films[qid] = film
        self.entities[qid] = film

    @property
    def api_url(self) -> str:
        return self.url + self.path

    def answer(self, request: web.Request) -> tuple[int, Any]:
        if request.path != self.path:
            raise KeyError(request.path)
        q = request.query
        action = q.get("action")
        if action == "wbsearchentities":
            return 200, self._search(q.get("search", ""), int(q.get("limit", "7")))
        if action == "wbgetentities":
            return 200, self._get(q.get("ids", "").split("|"), q.get("props", ""))
        if action == "query" and q.get("list") == "search":
            return 200, self._statement_search(q.get("srsearch", ""), int(q.get("srlimit", "10")))
        return 200, {"error": {"code": "badvalue", "info": f"Unknown action {action}"}}

    def _search(self, text: str, limit: int) -> dict[str, Any]:
        wanted = text.lower()
        hits = []
        for qid, e in self.films.items():
            names = [e["labels"]["en"]["value"]] + [a["value"] for a in e["aliases"]["en"]]
            matched = next((n for n in names if n.lower().startswith(wanted)), None)
            if matched is None or not wanted:
                continue
            hits.append(
                {
                    "id": qid,
                    "title": qid,
                    "pageid": int(qid[1:]) % 100000,
                    "concepturi": f"http://www.wikidata.org/entity/{qid}",
                    "url": f"//www.wikidata.org/wiki/{qid}",
                    "label": e["labels"]["en"]["value"],
                    "description": e["descriptions"].get("en", {}).get("value", ""),
                    "match": {"type": "label", "language": "en", "text": matched},
                }
            )
        return {
            "searchinfo": {"search": text},
            "search": hits[:limit],
            "success": 1,
        }

    def _statement_search(self, text: str, limit: int) -> dict[str, Any]:
        """Only ``haswbstatement:P…=value``, or several joined by ``|`` (any of them),
        case-insensitive as CirrusSearch is."""
        keyword, _, wanted = text.partition(":")
        pairs = [part.partition("=") for part in wanted.split("|")]
        if keyword != "haswbstatement" or not all(p and v for p, _, v in pairs):
            return {"error": {"code": "fake", "info": f"the fake cannot search for {text!r}"}}
        hits = []
        for qid, e in self.entities.items():
            claims = e.get("claims", {})
            values = {
                (prop, str(s["mainsnak"]["datavalue"]["value"]).lower())
                for prop, _, _ in pairs
                for s in claims.get(prop, [])
                if s["mainsnak"].get("datavalue")
            }
            if any((prop, value.lower()) in values for prop, _, value in pairs):
                hits.append(
                    {
                        "ns": 0,
                        "title": qid,
                        "pageid": int(qid[1:]) % 100000,
                        "snippet": "",
                        "timestamp": "2026-01-01T00:00:00Z",
                    }
                )
        return {
            "batchcomplete": "",
            "query": {"searchinfo": {"totalhits": len(hits)}, "search": hits[:limit]},
        }

    def _get(self, ids: list[str], props: str) -> dict[str, Any]:
        if len(ids) > 50:
            return {
                "error": {
                    "code": "toomanyvalues",
                    "info": 'Too many values supplied for parameter "ids". The limit is 50.',
                }
            }
        keep = set(props.split("|")) if props else {"labels", "descriptions", "aliases", "claims"}
        out: dict[str, Any] = {}
        for qid in ids:
            e = self.entities.get(qid)
            if e is None:
                out[qid] = {"id": qid, "missing": ""}
                continue
            out[qid] = {"type": "item", "id": qid} | {k: v for k, v in e.items() if k in keep}
        return {"entities": out, "success": 1}
