"""Ratings on a film's page that are not the critic's score of the film, or not the film's
aggregate: a disc's picture, sound and extras; a thread's position markers; a recipe's,
a seller's or a TV channel's ratings; a scorecard's parts beside its overall score."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews]


def test_a_disc_test_scores_the_film_and_keeps_picture_sound_and_extras_as_categories() -> None:
    text = (
        "Blu-ray review: Stalker, remastered\n\n"
        "The new transfer keeps the sepia of the Zone scenes and the grain is intact.\n\n"
        "Our verdict\n"
        "Movie: ★★★★★\n"
        "Picture: ★★★★☆\n"
        "Audio: ★★★☆☆\n"
        "Extras: ★★☆☆☆\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.score, r.raw_score) for r in reviews] == [(10.0, "★★★★★")]
    assert reviews[0].categories == {"Picture": 8.0, "Audio": 6.0, "Extras": 4.0}


def test_german_disc_categories_are_never_critics_names() -> None:
    text = (
        "Heimkino: Lola rennt auf 4K\n\n"
        "Die Farben knallen, der Techno-Score drückt ordentlich.\n\n"
        "Bild: 9/10\n"
        "Ton: 8/10\n"
        "Extras: 5/10\n"
    )
    reviews = parse_document(text).reviews
    assert all(r.author is None and r.score is None for r in reviews)
    assert all(r.categories for r in reviews)


def _aggregates(text: str) -> list[tuple[float, int | None]]:
    return [(a.score, a.votes) for a in parse_document(text).aggregates]


def test_a_recipe_s_star_rating_is_no_aggregate_of_the_film() -> None:
    text = (
        "Movie night: Big Night (1996) and a timpano\n\n"
        "★★★★☆ 4.2 from 88 votes (recipe rating)\n\n"
        "IMDb: 7.3/10\n\n"
        "Two brothers bet their restaurant on one dinner.\n"
    )
    assert _aggregates(text) == [(7.3, None)]


def test_a_seller_s_feedback_is_no_aggregate_of_the_film() -> None:
    text = (
        "Alien [4K UHD] [1979]\n\n"
        "Sold by FilmVault — 98.7% positive feedback (1,204 ratings)\n"
        "Verkauft von Kinokiste: 99% positiv (870 Bewertungen)\n\n"
        "A crew answers a distress call on a dead planet.\n"
    )
    assert _aggregates(text) == []


def test_a_channel_s_share_of_viewers_is_no_aggregate() -> None:
    text = (
        "Stasera in TV: Nuovo Cinema Paradiso, Rai 3, 21:20\n\n"
        "Ieri sera il film di Tornatore ha avuto 2,1 milioni di\n"
        "spettatori e il 12,4% di share.\n"
        "Gestern: 3,2 Millionen Zuschauer, 11,8 % Marktanteil.\n"
    )
    assert _aggregates(text) == []


def test_a_numbered_thread_s_position_markers_are_no_scores() -> None:
    text = (
        "Nadia Roux @nadiaroux.social\n\n"
        "🧵 1/4\n"
        "Festival de La Rochelle, jour 2 : deux films vus.\n\n"
        "2/4\n"
        "Le Mépris, en copie neuve. Bardot et Piccoli qui se déchirent dans un\n"
        "appartement inachevé. Toujours aussi beau. 4,5/5\n\n"
        "3/4\n"
        "Pierrot le fou. Plus bavard que dans mon souvenir. 3/5\n\n"
        "4/4 Demain, une intégrale Varda.\n"
    )
    assert _scores(text) == [(9.0, "4,5/5"), (6.0, "3/5")]


def test_a_marker_closing_each_post_is_no_score_either() -> None:
    text = (
        "Three Kurosawa films this weekend, quick thoughts. 1/3\n\n"
        "Ikiru is the one that hurts. The swing scene. 9/10 2/3\n\n"
        "Rashomon I respect more than I love. 3/3\n"
    )
    assert _scores(text) == [(9.0, "9/10")]


def test_scores_opening_capsules_in_rising_order_stay_scores() -> None:
    text = (
        "Weekend catch-up, worst to best\n\n"
        "3/5\nAnyone but You. Glossy and forgettable.\n\n"
        "4/5\nPerfect Days. A toilet cleaner's routines, and Lou Reed.\n\n"
        "5/5\nThe Zone of Interest. Unbearable in the best way.\n"
    )
    assert [score for score, _ in _scores(text)] == [6.0, 8.0, 10.0]


def test_a_scorecard_s_overall_score_after_its_parts_and_a_dash() -> None:
    text = (
        "AFTERSUN\n"
        "A father and daughter on a cheap Turkish holiday, twenty years ago.\n"
        "Scorecard: Story 4 · Look 4 · Heart 5 — Overall 8.5/10\n"
    )
    assert _scores(text) == [(8.5, "8.5/10")]


def test_a_scorecard_without_its_overall_score_gives_none_of_its_parts() -> None:
    text = (
        "AFTERSUN\n"
        "A father and daughter on a cheap Turkish holiday, twenty years ago.\n"
        "Scorecard: Story 4 · Look 4 · Heart 5 — see you next week\n"
    )
    assert [score for score, _ in _scores(text)] == [None]


def test_a_shop_s_customer_reviews_of_the_film_are_an_aggregate_with_their_count() -> None:
    text = (
        "Paddington 2 [Blu-ray] [2017]\n\n"
        "Customer reviews: 4.8 out of 5 stars · 12,406 global ratings\n"
        "Sold by DiscDepot — 99.1% positive feedback (5,110 ratings)\n\n"
        "A bear in prison, a stolen pop-up book and a great deal of marmalade.\n"
    )
    assert _aggregates(text) == [(9.6, 12406)]
