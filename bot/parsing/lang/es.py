"""Spanish review words."""

from bot.parsing.lang.table import Language

LANGUAGE = Language(
    code="es",
    score_labels=("puntuación", "puntuacion", "calificación", "calificacion", "nota", "valoración"),
    score_fillers=("redacción", "redaccion", "de", "mi", "nuestra", "la", "final", "global"),
    aggregate_words=("media", "usuarios", "lectores", "espectadores", "público", "promedio"),
    fact_labels={
        "directors": ("dirección", "direccion", "director(?:a)?", "dirigida por"),
        "writers": ("guion", "guión"),
        "cast": ("reparto", "con", "intérpretes", "elenco"),
        "runtime": ("duración", "duracion"),
        "release_date": ("estreno", "fecha de estreno"),
        "genres": ("género", "genero"),
        "music": ("música", "musica"),
        "ignore": ("país", "pais", "productora", "título original", "año"),
    },
    bare_fact_labels={"directors": ("dirigida por",), "cast": ("con",)},
    out_of=("de", "sobre"),
    score_verbs=("le doy", "le daría", "merece"),
    self_tails=("para mí", "para mi"),
    number_words={
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
    },
    point_words=("puntos",),
    star_words=("estrellas?",),
    vote_units=("votos", "valoraciones", "críticas"),
    hour_units=("h", "horas?"),
    minute_units=("min", "minutos"),
)
