"""Italian review words."""

from bot.parsing.lang.table import Language

LANGUAGE = Language(
    code="it",
    score_labels=("voto", "giudizio", "valutazione", "punteggio"),
    score_fillers=(
        "redazione",
        "della",
        "il",
        "mio",
        "nostro",
        "la",
        "nostra",
        "mia",
        "finale",
        "complessivo",
    ),
    aggregate_words=("utenti", "pubblico", "medio", "media", "lettori", "spettatori"),
    fact_labels={
        "directors": ("regia", "regia di", "regista", "diretto da"),
        "writers": ("sceneggiatura",),
        "cast": ("cast", "con", "interpreti", "attori"),
        "runtime": ("durata",),
        "release_date": ("uscita", "data di uscita"),
        "genres": ("genere",),
        "music": ("musiche",),
        "ignore": ("paese", "produzione", "titolo originale", "distribuzione", "fotografia"),
    },
    bare_fact_labels={"directors": ("regia di", "diretto da", "un film di"), "cast": ("con",)},
    out_of=("su",),
    score_verbs=("gli do", "gli darei", "merita"),
    self_tails=("per me", "da parte mia"),
    star_words=("stelle", "stella"),
    vote_units=("voti", "valutazioni", "recensioni"),
    hour_units=("h", "ore", "ora"),
    minute_units=("min", "minuti", "'", "′"),
)
