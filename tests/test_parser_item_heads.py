"""The film each score of a list or a guide is about, named by the head of its item: a rank
or a channel, then the title, with credits or facts between it and the capsule."""

from __future__ import annotations

from bot.parsing import parse_document


def _titled(text: str) -> list[tuple[str | None, float | None]]:
    return [(r.title, r.score) for r in parse_document(text).reviews]


RANKED = """Meus 3 filmes argentinos favoritos

Lista feita de cabeça, sem rever nada. Notas de 0 a 10.

#1 — O Segredo dos Seus Olhos (2009)
Juan José Campanella
Um processo arquivado volta a assombrar um oficial de justiça aposentado.
Nota: 9

#2 — Relatos Selvagens (2014)
Damián Szifron
Seis histórias de vingança, cada uma mais absurda que a anterior.
Nota: 8,5

#3 — Quem Matou Maria? (2021)
Ana Paula Reis
Um mistério de cidade pequena, melhor no começo que no fim.
Nota: 6
"""


def test_a_ranked_item_s_head_names_its_film_over_a_credit_line() -> None:
    assert _titled(RANKED) == [
        ("O Segredo dos Seus Olhos", 9.0),
        ("Relatos Selvagens", 8.5),
        ("Quem Matou Maria?", 6.0),
    ]


CHANNELS = """NIGHT FLIGHT · Movies on board

Ratings from our film desk, out of five stars.

Ch. 12  THE GRAND BUDAPEST HOTEL
2014 · 99 min · English
A concierge, a stolen painting and a great deal of pastry.
Our rating: ★★★★☆

Ch. 13  PADDINGTON 2
2017 · 103 min · English
A bear goes to prison and reforms it with marmalade.
Our rating: ★★★★★
"""


def test_a_channel_s_number_heads_its_film_in_an_entertainment_guide() -> None:
    assert _titled(CHANNELS) == [("The Grand Budapest Hotel", 8.0), ("Paddington 2", 10.0)]


def test_a_time_of_day_opening_an_item_is_no_rank() -> None:
    text = (
        "Films on TV tonight\n\n"
        "9.15pm Channel 4\n"
        "A lonely lighthouse keeper and a storm.\n"
        "★★★\n\n"
        "10.40pm BBC Four\n"
        "A heist in a snowed-in mountain town.\n"
        "★★★★\n"
    )
    assert [title for title, _ in _titled(text)] == [None, None]


READERS = """Vos films de l'année

Vous avez noté de 1 à 10 ; entre parenthèses, la note de la rédaction, sur 5.

1. Les Herbes sèches, de Nuri Bilge Ceylan
Moyenne des lecteurs : 8,2/10 (910 notes)
Trois heures dans la neige d'Anatolie. (notre critique : 4/5)

2. Le Théorème de Marguerite, d'Anna Novion
Moyenne des lecteurs : 7,1/10 (412 notes)
(notre critique : 3/5)

3. Jeanne du Barry, de Maïwenn Le Besco
Moyenne des lecteurs : 5,9/10 (388 notes)
Un film en costumes qui a divisé. (notre critique : 3/5)
"""


def test_a_ranked_item_names_its_film_before_its_director_and_keeps_its_own_score() -> None:
    doc = parse_document(READERS)
    assert [(r.title, r.score) for r in doc.reviews] == [
        ("Les Herbes sèches", 8.0),
        ("Le Théorème de Marguerite", 6.0),
        ("Jeanne du Barry", 6.0),
    ]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.2, 910), (7.1, 412), (5.9, 388)]


def test_a_credit_bracket_with_the_year_first_marks_a_sentence_case_title() -> None:
    text = (
        "French classics, rated\n\n"
        "- **La Règle du jeu** (1939, Jean Renoir) — ★★★★★\n"
        "  A country-house weekend, a hunt, and a shooting nobody stops.\n"
        "- **Le Salaire de la peur** (1953, Henri-Georges Clouzot) — ★★★★½\n"
        "  Two lorries of nitroglycerine on a road full of holes.\n"
        "- **Jour de fête** (1949, Jacques Tati) — ★★★½\n"
        "  A postman discovers American efficiency.\n"
    )
    assert _titled(text) == [
        ("La Règle du jeu", 10.0),
        ("Le Salaire de la peur", 9.0),
        ("Jour de fête", 7.0),
    ]


POSTS = """Lena K. @lenak.social
Berlinale, Tag 3. Wertungen von 1 bis 5.

PERFECT DAYS von Wim Wenders. Ein Toilettenreiniger in Tokio, seine Kassetten,
seine Bäume. Ich war verzaubert. 4,5/5

LA CHIMERA von Alice Rohrwacher. Grabräuber in Etrurien, ein Traum von einem
Film, nur das Ende zieht sich. 4/5
"""


def test_a_post_opening_on_a_title_in_capitals_and_its_director_names_its_film() -> None:
    assert _titled(POSTS) == [("Perfect Days", 9.0), ("La Chimera", 8.0)]


def test_capitals_opening_a_sentence_without_a_director_are_no_title() -> None:
    text = (
        "Berlinale, Tag 3.\n\n"
        "WOW von mir aus hätte das ewig gehen können. 4,5/5\n\n"
        "NEIN. Einfach nein, von Anfang bis Ende. 2/5\n"
    )
    assert [title for title, _ in _titled(text)] == [None, None]


def test_a_name_inside_a_ranked_title_stays_in_the_title() -> None:
    text = (
        "Tati, classé\n\n"
        "1. Les Vacances de Monsieur Hulot\nLa plage, le tennis, la voiture.\nNote : 9/10\n\n"
        "2. Mon oncle, de Jacques Tati\nLa villa Arpel et son poisson.\nNote : 8/10\n"
    )
    assert _titled(text) == [("Les Vacances de Monsieur Hulot", 9.0), ("Mon oncle", 8.0)]
