"""French review words."""

from bot.parsing.lang.table import Language

LANGUAGE = Language(
    code="fr",
    score_labels=("note", "notation", "appréciation", "verdict", "avis"),
    score_fillers=(
        "rédaction",
        "redaction",
        "des",
        "critiques",
        "ma",
        "mon",
        "notre",
        "finale",
        "globale",
        "la",
        "le",
        "de",
        "du",
        "critique",
    ),
    aggregate_words=("moyenne", "spectateurs?", "lecteurs?", "internautes?", "presse"),
    fact_labels={
        "directors": (
            "réalisation",
            "réalisateurs?",
            "réalisatrices?",
            "réalisé par",
            "mise en scène",
        ),
        "writers": ("scénario", "scénaristes?", "écrit par"),
        "cast": ("avec", "distribution", "interprètes?", "acteurs?"),
        "runtime": ("durée",),
        "release_date": ("sortie", "date de sortie", "sortie en salles?"),
        "genres": ("genres?",),
        "music": ("musique",),
        "ignore": ("pays", "production", "titre original", "langue"),
    },
    bare_fact_labels={"directors": ("réalisé par", "un film de"), "cast": ("avec",)},
    out_of=("sur",),
    score_verbs=("je lui donne", "je lui mets", "il mérite"),
    self_tails=("pour moi", "de ma part"),
    star_words=("étoiles?",),
    vote_units=("notes", "avis", "votes?", "critiques"),
    hour_units=("h", "heures?"),
    minute_units=("min", "minutes?"),
)
