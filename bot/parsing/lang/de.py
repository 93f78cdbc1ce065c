"""German review words."""

from bot.parsing.lang.table import Language

LANGUAGE = Language(
    code="de",
    score_labels=("wertung", "bewertung", "note", "punkte", "urteil"),
    score_fillers=(
        "redaktion",
        "der redaktion",
        "meine",
        "unsere",
        "die",
        "der",
        "gesamt",
        "gesamtwertung",
        "fazit",
    ),
    aggregate_words=(r"leser\w*", r"zuschauer\w*", r"nutzer\w*", r"user\w*", "durchschnitt"),
    fact_labels={
        "directors": ("regie", "regisseur(?:in)?", "regie führte"),
        "writers": ("drehbuch", "buch"),
        "cast": ("darsteller(?:innen)?", "besetzung", "mit", "schauspieler"),
        "runtime": ("laufzeit", "dauer", "länge", "spieldauer"),
        "release_date": ("kinostart", "start"),
        "genres": ("genres?",),
        "music": ("musik",),
        "certificate": ("fsk", "altersfreigabe"),
        "ignore": ("land", "produktionsland", "originaltitel", "verleih", "kamera"),
    },
    bare_fact_labels={"directors": ("regie",), "cast": ("mit",)},
    out_of=("von", "aus"),
    score_verbs=("ich gebe", "ich vergebe", "von mir gibt es"),
    self_tails=("für mich", "von mir"),
    star_words=("sternen?", "sterne"),
    vote_units=("stimmen", "bewertungen", "wertungen"),
    hour_units=("std", "stunden?"),
    minute_units=("min", "minuten"),
)
