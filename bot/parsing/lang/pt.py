"""Portuguese review words."""

from bot.parsing.lang.table import Language

LANGUAGE = Language(
    code="pt",
    score_labels=("nota", "avaliação", "avaliacao", "cotação", "cotacao"),
    score_fillers=("redação", "redacao", "da", "minha", "nossa", "a", "final"),
    aggregate_words=("média", "media", "usuários", "leitores", "público", "espectadores"),
    fact_labels={
        "directors": ("direção", "direcao", "diretor(?:a)?", "dirigido por"),
        "writers": ("roteiro",),
        "cast": ("elenco", "com"),
        "runtime": ("duração", "duracao"),
        "release_date": ("estreia", "lançamento"),
        "genres": ("gênero", "genero"),
        "music": ("música",),
        "ignore": ("país", "título original"),
    },
    bare_fact_labels={"directors": ("dirigido por",), "cast": ("com",)},
    out_of=("de",),
    score_verbs=("dou", "eu dou", "merece"),
    self_tails=("para mim",),
    number_words={
        "um": 1,
        "uma": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
    },
    point_words=("pontos",),
    star_words=("estrelas?",),
    vote_units=("votos", "avaliações", "notas"),
    hour_units=("h", "horas?"),
    minute_units=("min", "minutos"),
)
