"""A synthetic club-scale store, bulk-loaded with plain sqlite3 into the real schema.

The file is created with :meth:`Store.open` (so every migration runs), closed,
then filled in one transaction with ``executemany``. Triggers stay in place, so
``rating_buckets`` and the ``excerpts_fts`` index are maintained exactly as the
bot maintains them; ``excerpt_pools`` ordinals are numbered here the way
``add_document`` numbers them. Every excerpt text ends with its id in brackets
so that the benchmarks can tell draws apart. Generated files are cached under
``bench/``, keyed by scale, :data:`bench.GENERATOR_VERSION` and a hash of the schema
migrations.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from bench import GENERATOR_VERSION
from bot.excerpts import TOPICS
from bot.store import Store
from bot.store.films import normalize_title
from bot.store.schema import MIGRATIONS

BENCH_DIR = Path(__file__).resolve().parent
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Scale:
    """How big the synthetic store is, and how many calls each benchmark makes."""

    name: str
    films: int
    clubs: int
    hot_members: int
    hot_ratings: int
    club_members: int
    ratings: int
    excerpts: int
    her_music: int
    her_other: int
    polls: int
    ballots_per_poll: int
    read_calls: int
    burst: int
    ingest_docs: int
    chart_calls: int
    startup_runs: int
    uniform_draws: int
    random_baseline_calls: int

    @property
    def is_full(self) -> bool:
        return self.name == "full"


FULL = Scale(
    name="full",
    films=10_000,
    clubs=100,
    hot_members=15_000,
    hot_ratings=12_000,
    club_members=1_000,
    ratings=1_000_000,
    excerpts=100_000,
    her_music=50_000,
    her_other=5_000,
    polls=1_000,
    ballots_per_poll=100,
    read_calls=2_000,
    burst=10_000,
    ingest_docs=5_000,
    chart_calls=20,
    startup_runs=5,
    uniform_draws=2_000,
    random_baseline_calls=40,
)

SMALL = Scale(
    name="small",
    films=100,
    clubs=3,
    hot_members=150,
    hot_ratings=120,
    club_members=50,
    ratings=10_000,
    excerpts=1_000,
    her_music=500,
    her_other=50,
    polls=10,
    ballots_per_poll=10,
    read_calls=200,
    burst=100,
    ingest_docs=100,
    chart_calls=3,
    startup_runs=2,
    uniform_draws=200,
    random_baseline_calls=20,
)

SCALES = {s.name: s for s in (FULL, SMALL)}

HER_ID = 1
HOT_FILM_ID = 2
UNIFORM_FILM_ID = 3
BURST_FILM_ID = 4
BASELINE_FILM_ID = 5
SPECIAL_FILMS: dict[int, tuple[str, int]] = {
    HER_ID: ("Her", 2013),
    HOT_FILM_ID: ("Opening Night", 2019),
    UNIFORM_FILM_ID: ("Small Hours", 2001),
    BURST_FILM_ID: ("Rush Hour Ballet", 2022),
    BASELINE_FILM_ID: ("Baseline Blues", 2020),
}
UNIFORM_POOL = 20
HER_EXCERPTS_PER_REVIEW = 50
HOT_CLUB = "bench:c000"
CHANNEL = "movie-night"


@dataclass
class StoreInfo:
    """What the benchmarks need to know about a generated store."""

    scale: str
    version: int
    seconds: float
    counts: dict[str, int]
    hot_club: str = HOT_CLUB
    her_title: str = "Her"
    hot_film: str = SPECIAL_FILMS[HOT_FILM_ID][0]
    uniform_film: str = SPECIAL_FILMS[UNIFORM_FILM_ID][0]
    uniform_pool: int = UNIFORM_POOL
    burst_film: str = SPECIAL_FILMS[BURST_FILM_ID][0]
    baseline_film_id: int = BASELINE_FILM_ID
    baseline_club_id: int = 1
    baseline_member_ids: list[int] = field(default_factory=list)
    baseline_poll_id: int = 0
    her_music: int = 0
    hot_film_ratings: int = 0
    film_titles: list[str] = field(default_factory=list)
    rated_titles: list[str] = field(default_factory=list)
    film_ids: list[int] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> StoreInfo:
        data = json.loads(text)
        return cls(**data)


ADJECTIVES = [
    "Amber",
    "Ashen",
    "Azure",
    "Bitter",
    "Bright",
    "Broken",
    "Burning",
    "Crimson",
    "Crooked",
    "Distant",
    "Electric",
    "Emerald",
    "Endless",
    "Fading",
    "Fallen",
    "Frozen",
    "Gentle",
    "Gilded",
    "Golden",
    "Hidden",
    "Hollow",
    "Iron",
    "Ivory",
    "Jagged",
    "Last",
    "Lonely",
    "Lost",
    "Lunar",
    "Marble",
    "Mirrored",
    "Narrow",
    "Northern",
    "Painted",
    "Pale",
    "Quiet",
    "Restless",
    "Rusted",
    "Salt",
    "Scarlet",
    "Secret",
    "Silent",
    "Silver",
    "Sleeping",
    "Southern",
    "Stolen",
    "Sunken",
    "Velvet",
    "Wandering",
    "Wild",
    "Winter",
]
NOUNS = [
    "Anchor",
    "Arcade",
    "Avenue",
    "Bridge",
    "Canyon",
    "Carnival",
    "Castle",
    "Circus",
    "Coast",
    "Compass",
    "Crown",
    "Dancer",
    "Desert",
    "Echo",
    "Empire",
    "Engine",
    "Garden",
    "Glacier",
    "Harvest",
    "Horizon",
    "Island",
    "Kingdom",
    "Lantern",
    "Letter",
    "Lighthouse",
    "Machine",
    "Meadow",
    "Mirror",
    "Monsoon",
    "Orchard",
    "Palace",
    "Paradise",
    "Pilgrim",
    "Prairie",
    "Promise",
    "Radio",
    "Railway",
    "River",
    "Saint",
    "Shadow",
    "Signal",
    "Sparrow",
    "Station",
    "Stranger",
    "Summit",
    "Tide",
    "Tower",
    "Valley",
    "Voyage",
    "Witness",
]
PATTERNS = ("{a} {n}", "{a} {n} Road", "Return of the {a} {n}", "{a} {n} Diaries")
FIRST = [
    "Ada",
    "Alma",
    "Ben",
    "Carla",
    "Dario",
    "Edith",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kaori",
    "Lena",
    "Marek",
    "Nadia",
    "Omar",
    "Petra",
    "Quinn",
    "Rosa",
    "Sami",
    "Tove",
    "Umar",
    "Vera",
    "Wim",
    "Xenia",
    "Yusuf",
    "Zora",
]
LAST = [
    "Abara",
    "Berg",
    "Castillo",
    "Dahl",
    "Eklund",
    "Fontaine",
    "Garza",
    "Horvat",
    "Ibsen",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quiroga",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zeller",
]
GENRES = [
    "drama",
    "comedy",
    "thriller",
    "romance",
    "sci-fi",
    "horror",
    "western",
    "documentary",
    "animation",
]
SITES = (
    "filmblog.example",
    "reelnotes.example",
    "cinemadaily.example",
    "screenjournal.example",
    "projector.example",
)
TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "acting": ("the acting", "every performance", "the lead actor", "the ensemble cast"),
    "music": ("the music", "the score", "the soundtrack", "the songs"),
    "cinematography": ("the cinematography", "the camera", "the lighting", "every shot"),
    "story": ("the story", "the plot", "the narrative", "the premise"),
    "directing": ("the direction", "the director", "the filmmaking", "the directing"),
    "writing": ("the screenplay", "the script", "the dialogue", "the writing"),
    "effects": ("the effects", "the CGI", "the visual effects", "the VFX"),
    "design": ("the production design", "the costumes", "the sets", "the art direction"),
    "sound": ("the sound design", "the sound", "the audio mix", "the silence"),
    "editing": ("the editing", "the pacing", "the montage", "the transitions"),
    "themes": ("the themes", "its loneliness", "the subtext", "its meditation on intimacy"),
}
VERBS = (
    "lifts",
    "carries",
    "haunts",
    "undercuts",
    "deepens",
    "drives",
    "frames",
    "softens",
    "sharpens",
    "grounds",
)
OBJECTS = (
    "every quiet scene",
    "the long final act",
    "the film's fragile heart",
    "the strange love story",
    "a city that feels lived in",
    "moments that could have been sentimental",
    "the slow middle stretch",
    "the film's best surprises",
)
CLOSERS = (
    "It is hard to shake afterwards.",
    "Few films this year manage as much.",
    "You feel it long after the credits.",
    "It never once feels forced.",
    "That alone makes it worth seeing.",
    "The result is oddly moving.",
)


def cache_paths(scale: Scale) -> tuple[Path, Path]:
    """The cached store and its description, keyed by scale, generator and schema version."""
    schema = hashlib.sha256("\n".join(MIGRATIONS).encode()).hexdigest()[:10]
    db = BENCH_DIR / f"store-{scale.name}-g{GENERATOR_VERSION}-{schema}.db"
    return db, db.with_name(db.name + ".json")


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def cached_store(
    scale: Scale, *, rebuild: bool = False, log: bool = True
) -> tuple[Path, StoreInfo]:
    """The generated store for a scale, built if missing or from another generator version.

    A store is built under a temporary name and moved into place, so concurrent
    runs never see half a file.
    """
    db, meta = cache_paths(scale)
    if not rebuild and db.exists() and meta.exists():
        try:
            info: StoreInfo | None = StoreInfo.from_json(meta.read_text(encoding="utf-8"))
        except (ValueError, TypeError):
            info = None
        if info is not None and info.version == GENERATOR_VERSION and info.scale == scale.name:
            return db, info
    for old in BENCH_DIR.glob(f"store-{scale.name}-*.db*"):
        if old.name not in (db.name, meta.name):
            old.unlink(missing_ok=True)
    if log:
        print(f"generating the {scale.name} store at {db} ...", file=sys.stderr, flush=True)
    partial = db.with_name(f".{db.name}.{os.getpid()}")
    try:
        info = build_store(partial, scale)
        os.replace(partial, db)
        partial_meta = meta.with_name(f".{meta.name}.{os.getpid()}")
        partial_meta.write_text(info.to_json(), encoding="utf-8")
        os.replace(partial_meta, meta)
    finally:
        remove_db(partial)
    if log:
        print(f"generated in {info.seconds:.1f} s: {info.counts}", file=sys.stderr, flush=True)
    return db, info


def working_copy(source: Path, target: Path) -> Path:
    """A fresh copy of a generated store for one run (benchmarks write to it)."""
    remove_db(target)
    shutil.copyfile(source, target)
    return target


async def _create(path: Path) -> None:
    store = await Store.open(str(path))
    await store.close()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def film_title(index: int) -> str:
    """The title of generated film ``index`` (0-based); unique for up to 10,000 films."""
    a = ADJECTIVES[index % len(ADJECTIVES)]
    n = NOUNS[(index // len(ADJECTIVES)) % len(NOUNS)]
    pattern = PATTERNS[(index // (len(ADJECTIVES) * len(NOUNS))) % len(PATTERNS)]
    return pattern.format(a=a, n=n)


def excerpt_text(rng: random.Random, topics: tuple[str, ...], title: str) -> str:
    parts: list[str] = []
    for topic in topics:
        phrase = rng.choice(TOPIC_PHRASES[topic])
        parts.append(
            f"In {title}, {phrase} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            f" with {rng.choice(('rare', 'quiet', 'real', 'unusual', 'easy'))} confidence."
        )
    parts.append(rng.choice(CLOSERS))
    return " ".join(parts)


def _score_form(rng: random.Random, score: float) -> tuple[float, str]:
    """A critic's or member's score as written, and its 0-10 value."""
    kind = rng.random()
    if kind < 0.5:
        value = round(score * 2) / 2
        return value, f"{value:g}/10"
    if kind < 0.75:
        stars = round(score / 2 * 2) / 2
        return stars * 2, f"{stars:g}/5"
    if kind < 0.9:
        pct = round(score * 10)
        return pct / 10, f"{pct}%"
    stars = round(score / 2 * 2) / 2
    return stars * 2, "★" * int(stars) + ("½" if stars % 1 else "")


def _clamp(x: float) -> float:
    return max(0.0, min(10.0, x))


class _Builder:
    def __init__(self, conn: sqlite3.Connection, scale: Scale, rng: random.Random) -> None:
        self.conn = conn
        self.scale = scale
        self.rng = rng
        self.quality: dict[int, float] = {}
        self.titles: dict[int, str] = {}
        self.counts: dict[str, int] = {}
        self.club_members: list[range] = []
        self.member_club: list[int] = [0]

    def films(self) -> None:
        rng = self.rng
        rows: list[tuple[int, str, str, int, str, str]] = []
        facts: list[tuple[int, str, str, str, int]] = []
        aggs: list[tuple[int, str, float, int]] = []
        for film_id in range(1, self.scale.films + 1):
            if film_id in SPECIAL_FILMS:
                title, year = SPECIAL_FILMS[film_id]
            else:
                title, year = film_title(film_id - 1), rng.randint(1950, 2024)
            slug = f"{normalize_title(title).replace(' ', '-')}-{year}"
            logline = f"A {rng.choice(GENRES)} about {rng.choice(OBJECTS)}."
            rows.append((film_id, slug, title, year, logline, normalize_title(title)))
            self.titles[film_id] = title
            self.quality[film_id] = rng.uniform(3.5, 9.0)
            sources = [f"{slug}-{k}.txt" for k in range(rng.randint(1, 3))]

            def src(k: int, s: list[str] = sources) -> str:
                return "\n".join(s[: max(1, len(s) - k % len(s))])

            position = 0
            items: list[tuple[str, str]] = [("logline", logline), ("directors", _person(rng))]
            items += [("writers", _person(rng)) for _ in range(rng.randint(1, 2))]
            items += [("cast", _person(rng)) for _ in range(rng.randint(3, 5))]
            items += [
                ("runtime", f"{rng.randint(80, 180)} min"),
                ("release_date", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                ("music", _person(rng)),
                ("cinematography", _person(rng)),
                ("genres", rng.choice(GENRES)),
            ]
            seen: set[tuple[str, str]] = set()
            for key, value in items:
                if (key, value) in seen:
                    continue
                seen.add((key, value))
                facts.append((film_id, key, value, src(position), position))
                position += 1
            aggs.append(
                (film_id, "IMDb", round(self.quality[film_id], 1), rng.randint(100, 900_000))
            )
        self.conn.executemany(
            "INSERT INTO films(id, slug, title, year, logline, norm_title) VALUES (?,?,?,?,?,?)",
            rows,
        )
        self.conn.executemany(
            "INSERT INTO film_facts(film_id, key, value, sources, position) VALUES (?,?,?,?,?)",
            facts,
        )
        self.conn.executemany(
            "INSERT INTO aggregates(film_id, source, score, votes) VALUES (?,?,?,?)", aggs
        )
        self.counts["films"] = len(rows)
        self.counts["facts"] = len(facts)

    def clubs(self) -> None:
        clubs: list[tuple[int, str, str, str, int | None, str]] = []
        members: list[tuple[int, int, str, str]] = []
        member_id = 0
        for c in range(self.scale.clubs):
            club_id = c + 1
            key = HOT_CLUB if c == 0 else f"bench:c{c:03d}"
            current = HOT_FILM_ID if c == 0 else None
            clubs.append((club_id, key, f"Club {c}", "UTC", current, _iso(EPOCH)))
            size = self.scale.hot_members if c == 0 else self.scale.club_members
            first = member_id + 1
            for _ in range(size):
                member_id += 1
                members.append((member_id, club_id, f"u{member_id}", _person(self.rng)))
                self.member_club.append(club_id)
            self.club_members.append(range(first, member_id + 1))
        self.conn.executemany(
            "INSERT INTO clubs(id, key, name, timezone, current_film_id, created_at)"
            " VALUES (?,?,?,?,?,?)",
            clubs,
        )
        self.conn.executemany(
            "INSERT INTO members(id, club_id, external_id, name) VALUES (?,?,?,?)", members
        )
        self.counts["clubs"] = len(clubs)
        self.counts["members"] = len(members)

    def ratings(self) -> tuple[list[str], int]:
        rng = self.rng
        n_members = len(self.member_club) - 1
        film_bits = (self.scale.films + 1).bit_length()
        member_bits = (n_members + 1).bit_length()
        rateable = [
            f for f in range(1, self.scale.films + 1) if f not in (BURST_FILM_ID, BASELINE_FILM_ID)
        ]
        rateable.remove(HOT_FILM_ID)
        rng.shuffle(rateable)
        ranked = [HOT_FILM_ID, *rateable]
        cum = list(accumulate(1.0 / (rank + 10) for rank in range(len(ranked))))
        keys: set[int] = set()
        hot = self.club_members[0]
        for m in hot[: self.scale.hot_ratings]:
            keys.add((m << film_bits) | HOT_FILM_ID)
        everyone = range(1, n_members + 1)
        while len(keys) < self.scale.ratings:
            need = self.scale.ratings - len(keys)
            chunk = min(max(2 * need, 1000), 400_000)
            films = rng.choices(ranked, cum_weights=cum, k=chunk)
            who = rng.choices(everyone, k=chunk)
            for m, f in zip(who, films, strict=True):
                keys.add((m << film_bits) | f)
                if len(keys) >= self.scale.ratings:
                    break
        film_mask = (1 << film_bits) - 1
        ordered = sorted(
            (self.member_club[k >> film_bits] << (film_bits + member_bits))
            | ((k & film_mask) << member_bits)
            | (k >> film_bits)
            for k in keys
        )
        del keys
        member_mask = (1 << member_bits) - 1
        span = int(timedelta(days=700).total_seconds())
        hot_titles: set[int] = set()
        hot_film_ratings = 0

        def rows() -> Iterator[tuple[int, int, int, float, str, str | None, str]]:
            nonlocal hot_film_ratings
            for k in ordered:
                club = k >> (film_bits + member_bits)
                film = (k >> member_bits) & film_mask
                member = k & member_mask
                if club == 1:
                    hot_titles.add(film)
                    if film == HOT_FILM_ID:
                        hot_film_ratings += 1
                raw_score = _clamp(rng.gauss(self.quality[film], 1.6))
                if rng.random() < 0.8:
                    score = round(raw_score * 2) / 2
                    raw = f"{score:g}"
                else:
                    score, raw = _score_form(rng, raw_score)
                comment = rng.choice(OBJECTS) if rng.random() < 0.1 else None
                when = EPOCH + timedelta(seconds=rng.randrange(span))
                yield (club, film, member, score, raw, comment, _iso(when))

        self.conn.executemany(
            "INSERT INTO ratings(club_id, film_id, member_id, score, raw, comment, updated_at)"
            " VALUES (?,?,?,?,?,?,?)",
            rows(),
        )
        self.counts["ratings"] = len(ordered)
        hot_titles.discard(HOT_FILM_ID)
        picks = sorted(hot_titles)
        rng.shuffle(picks)
        return [self.titles[f] for f in picks[:500]], hot_film_ratings

    def reviews(self) -> int:
        """Documents, reviews, categories, excerpts (FTS via trigger) and numbered pools."""
        rng = self.rng
        scale = self.scale
        docs: list[tuple[int, int, str, str, str, str, str]] = []
        reviews: list[tuple[int, int, int, int, str | None, str, float | None, str | None]] = []
        cats: list[tuple[int, str, float]] = []
        excerpt_review: list[tuple[int, int, tuple[str, ...]]] = []
        doc_id = 0
        review_id = 0

        def new_doc(film: int) -> int:
            nonlocal doc_id
            doc_id += 1
            site = rng.choice(SITES)
            slug = normalize_title(self.titles[film]).replace(" ", "-")
            docs.append(
                (
                    doc_id,
                    film,
                    f"bench-{doc_id:08x}",
                    f"{slug}-{doc_id}.txt",
                    f"https://{site}/{slug}-{doc_id}",
                    site,
                    _iso(EPOCH),
                )
            )
            return doc_id

        def new_review(film: int, doc: int, position: int) -> int:
            nonlocal review_id
            review_id += 1
            author = _person(rng) if rng.random() < 0.8 else None
            score: float | None = None
            raw: str | None = None
            if rng.random() < 0.85:
                score, raw = _score_form(rng, _clamp(rng.gauss(self.quality[film], 1.2)))
            reviews.append((review_id, doc, film, position, author, docs[-1][5], score, raw))
            if rng.random() < 0.1:
                for name in rng.sample(["story", "acting", "music", "visuals"], 2):
                    cats.append((review_id, name, round(rng.uniform(4, 10), 1)))
            return review_id

        def other_topics(k: int) -> tuple[str, ...]:
            return tuple(sorted(rng.sample([t for t in TOPICS if t != "music"], k)))

        her_total = scale.her_music + scale.her_other
        music_flags = [True] * scale.her_music + [False] * scale.her_other
        rng.shuffle(music_flags)
        flag_iter = iter(music_flags)
        her_reviews = max(1, her_total // HER_EXCERPTS_PER_REVIEW)
        for r in range(her_reviews):
            if r % 10 == 0:
                doc = new_doc(HER_ID)
            rid = new_review(HER_ID, doc, r % 10)
            n = HER_EXCERPTS_PER_REVIEW
            if r == her_reviews - 1:
                n = her_total - r * HER_EXCERPTS_PER_REVIEW
            for _ in range(n):
                if next(flag_iter):
                    extra = other_topics(1) if rng.random() < 0.3 else ()
                    topics = tuple(sorted(("music", *extra)))
                else:
                    topics = other_topics(rng.randint(1, 2))
                excerpt_review.append((rid, HER_ID, topics))
        doc = new_doc(UNIFORM_FILM_ID)
        uniform_reviews = [new_review(UNIFORM_FILM_ID, doc, p) for p in range(2)]
        for i in range(UNIFORM_POOL):
            topics = other_topics(1)
            excerpt_review.append((uniform_reviews[i % 2], UNIFORM_FILM_ID, topics))
        pool: list[tuple[int, int]] = []
        for film in range(1, scale.films + 1):
            if film in (HER_ID, UNIFORM_FILM_ID):
                continue
            for _ in range(1 if rng.random() < 0.7 else 2):
                doc = new_doc(film)
                for position in range(rng.choice((1, 1, 1, 2, 3))):
                    pool.append((new_review(film, doc, position), film))
        remaining = max(0, scale.excerpts - len(excerpt_review))
        chosen = sorted(rng.choices(pool, k=remaining))
        for rid, film in chosen:
            k = 1 if rng.random() < 0.7 else 2
            topics = tuple(sorted(rng.sample(TOPICS, k)))
            excerpt_review.append((rid, film, topics))
        self.conn.executemany(
            "INSERT INTO documents(id, film_id, content_hash, name, url, site, ingested_at)"
            " VALUES (?,?,?,?,?,?,?)",
            docs,
        )
        self.conn.executemany(
            "INSERT INTO reviews(id, document_id, film_id, position, author, source, score,"
            " raw_score) VALUES (?,?,?,?,?,?,?,?)",
            reviews,
        )
        self.conn.executemany(
            "INSERT INTO review_categories(review_id, name, score) VALUES (?,?,?)", cats
        )
        ordinals: dict[tuple[int, str], int] = {}
        pools: list[tuple[int, str, int, int]] = []

        def excerpt_rows() -> Iterator[tuple[int, int, int, str, str]]:
            for excerpt_id, (rid, film, topics) in enumerate(excerpt_review, start=1):
                for topic in ("", *topics):
                    for pool_film in (film, 0):
                        key = (pool_film, topic)
                        ordinal = ordinals.get(key, 0)
                        ordinals[key] = ordinal + 1
                        pools.append((pool_film, topic, ordinal, excerpt_id))
                text = f"{excerpt_text(rng, topics, self.titles[film])} [{excerpt_id}]"
                yield (excerpt_id, rid, film, text, " ".join(topics))

        self.conn.executemany(
            "INSERT INTO excerpts(id, review_id, film_id, text, topics) VALUES (?,?,?,?,?)",
            excerpt_rows(),
        )
        pools.sort()
        self.conn.executemany(
            "INSERT INTO excerpt_pools(film_id, topic, ordinal, excerpt_id) VALUES (?,?,?,?)",
            pools,
        )
        self.counts["documents"] = len(docs)
        self.counts["reviews"] = len(reviews)
        self.counts["excerpts"] = len(excerpt_review)
        self.counts["excerpt_pools"] = len(pools)
        return ordinals.get((HER_ID, "music"), 0)

    def polls(self) -> int:
        rng = self.rng
        polls: list[tuple[int, int, int, str, str, str, str, str, str, str | None]] = []
        options: list[tuple[int, int, int, str, str, int]] = []
        ballots: list[tuple[int, int, str, str]] = []
        numbers: dict[int, int] = {}
        option_id = 0
        for p in range(self.scale.polls + 1):
            poll_id = p + 1
            baseline = p == self.scale.polls
            club = 1 if baseline else 1 + p % self.scale.clubs
            numbers[club] = numbers.get(club, 0) + 1
            mode = "single" if baseline else rng.choice(("single",) * 7 + ("approval", "ranked"))
            opened = EPOCH + timedelta(days=rng.randint(0, 600))
            state = "open" if baseline or rng.random() < 0.05 else "closed"
            closes = opened + timedelta(days=2)
            if state == "open":
                closes = EPOCH + timedelta(days=36_500)
            polls.append(
                (
                    poll_id,
                    club,
                    numbers[club],
                    CHANNEL,
                    "What do we watch next?",
                    mode,
                    state,
                    _iso(opened),
                    _iso(closes),
                    _iso(closes) if state == "closed" else None,
                )
            )
            films = rng.sample(range(6, self.scale.films + 1), rng.randint(3, 5))
            ids: list[int] = []
            for position, film in enumerate(films, start=1):
                option_id += 1
                ids.append(option_id)
                title = self.titles[film]
                options.append((option_id, poll_id, position, normalize_title(title), title, film))
            if baseline:
                continue
            voters = rng.sample(self.club_members[club - 1], self.scale.ballots_per_poll)
            for member in voters:
                picks = [rng.choice(ids)] if mode == "single" else rng.sample(ids, 2)
                cast = _iso(opened + timedelta(minutes=rng.randint(1, 2000)))
                ballots.append((poll_id, member, ",".join(map(str, picks)), cast))
        self.conn.executemany(
            "INSERT INTO polls(id, club_id, number, channel, question, mode, state, created_at,"
            " closes_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            polls,
        )
        self.conn.executemany(
            "INSERT INTO poll_options(id, poll_id, position, key, label, film_id)"
            " VALUES (?,?,?,?,?,?)",
            options,
        )
        ballots.sort()
        self.conn.executemany(
            "INSERT INTO ballots(poll_id, member_id, choices, cast_at) VALUES (?,?,?,?)", ballots
        )
        self.counts["polls"] = self.scale.polls
        self.counts["ballots"] = len(ballots)
        return len(polls)


def build_store(path: Path, scale: Scale, seed: int = 2013) -> StoreInfo:
    """Generate a store file at ``path`` (replacing it) and describe it."""
    started = time.perf_counter()
    remove_db(path)
    asyncio.run(_create(path))
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        builder = _Builder(conn, scale, rng)
        builder.films()
        builder.clubs()
        rated, hot_count = builder.ratings()
        her_music = builder.reviews()
        baseline_poll = builder.polls()
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise RuntimeError(f"generated rows break foreign keys: {problems}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    sample = rng.sample(range(1, scale.films + 1), min(500, scale.films))
    hot_members = builder.club_members[0]
    return StoreInfo(
        scale=scale.name,
        version=GENERATOR_VERSION,
        seconds=round(time.perf_counter() - started, 2),
        counts=builder.counts,
        baseline_member_ids=[hot_members[0], hot_members[-1]],
        baseline_poll_id=baseline_poll,
        her_music=her_music,
        hot_film_ratings=hot_count,
        film_titles=[builder.titles[f] for f in sample],
        rated_titles=rated,
        film_ids=sample,
    )
