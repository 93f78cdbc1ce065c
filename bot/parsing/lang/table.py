"""The shape of one language's table of review words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """Words a review page uses in one language.

    Label patterns are regular expressions matched against a whole normalized (lower-case)
    label; word lists are plain lower-case words.
    """

    code: str
    score_labels: tuple[str, ...] = ()
    """Words naming the critic's own score ("note", "wertung")."""
    score_fillers: tuple[str, ...] = ()
    """Words that may stand around a score label ("notre", "meine", "final")."""
    aggregate_words: tuple[str, ...] = ()
    """Regexes for words naming many raters ("spectateurs", "leser\\w*")."""
    fact_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per fact field ("directors", "cast", "runtime", ...), regexes for its labels; "sheet"
    labels a line of several facts ("Fiche : réalisé par X · durée 128 min")."""
    bare_fact_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Labels that may stand without a colon before a name ("Regia di X", "Avec X")."""
    out_of: tuple[str, ...] = ()
    """Words between a score and its scale ("sur", "von", "de")."""
    score_verbs: tuple[str, ...] = ()
    """Phrases that hand out the critic's own score just before it ("I give it")."""
    self_tails: tuple[str, ...] = ()
    about_words: tuple[str, ...] = ()
    """Words joining a score label to the film it is about ("my take on X", "voto per X")."""
    watch_verbs: tuple[str, ...] = ()
    """Words opening a post about the film just seen ("Rewatched Alien.", "J'ai revu …")."""
    first_person: tuple[str, ...] = ()
    """Words of a sentence the writer speaks in ("I'm", "ich"), for "I'm at a solid 7/10"."""
    """Phrases after a score that make it the writer's own ("9/10 for me")."""
    number_words: dict[str, int] = field(default_factory=dict)
    """Number words up to ten ("trois", "vier"), for "Trois étoiles sur quatre"."""
    point_words: tuple[str, ...] = ()
    """Words naming the unit after "6 von 10" ("Punkten"), which do not imply a scale."""
    half_words: tuple[str, ...] = ()
    """Words adding a half after a number or its star word ("and a half", "et demie", "e
    mezzo"); one starting with "+" is written onto the number ("drei" + "einhalb")."""
    star_words: tuple[str, ...] = ()
    disc_category_words: tuple[str, ...] = ()
    """Words naming a category score of a disc or technical test ("bild", "ton", "extras")."""
    film_words: tuple[str, ...] = ()
    """Words naming the film itself: its line among a disc's category scores ("Film: ★★★★★"),
    what a score label is for ("My rating for the movie: 4.5/5"); capitalized or not, never a
    film's name ("Für mich ist der Film eine 8/10")."""
    other_rated_words: tuple[str, ...] = ()
    """Regexes for things raters score on a film's page that are not the film (a recipe, a
    seller, a channel's share of viewers, a discount on tickets): their ratings are never the
    film's aggregate."""
    channel_words: tuple[str, ...] = ()
    """Words naming a TV or in-flight channel before its number ("Ch. 41", "Canale 5")."""
    credit_words: tuple[str, ...] = ()
    """Words putting a film's director after its title ("ANORA de Sean Baker", "by")."""
    copulas: tuple[str, ...] = ()
    """The verb "is" after a named subject ("Heat is a 9 out of 10 for me", "est", "ist"), and
    joining the writer's score label to the score ("My rating is 8.", "Ma note est de 7/10.")."""
    vote_units: tuple[str, ...] = ()
    and_words: tuple[str, ...] = ()
    """The word joining hours and minutes ("1 ora e 36 minuti", "2 Stunden und 5 Minuten")."""
    hour_units: tuple[str, ...] = ()
    minute_units: tuple[str, ...] = ()
    post_words: tuple[str, ...] = ()
    """Words naming a forum post in its header ("Post #2", "Beitrag #3", "Messaggio #1")."""
    posted_by: tuple[str, ...] = ()
    """Words opening a post's header before its poster ("postado por marina_rj em …")."""
    thread_labels: tuple[str, ...] = ()
    """Labels of a forum thread's subject ("Thema:", "Tópico:"), which may name the film."""
    mail_labels: tuple[str, ...] = ()
    """Labels of a mail's header lines ("From:", "Para:", "Betreff:"): a run of them at the
    top of a page is the header of a forwarded mail, never the film's credits."""
    comment_headings: tuple[str, ...] = ()
    """Regexes for the heading of a page's reader comments ("Kommentare", "Comentarios"); a
    count may stand before or after it in brackets ("12 Comments", "Commenti (3)")."""
    elsewhere_headings: tuple[str, ...] = ()
    """Regexes for the heading of links to the site's other pages ("Most read", "Leggi anche",
    "Das könnte Sie auch interessieren", "Previously on this blog"): the scores under it, or
    after it on its line, are other films'."""
    articles: tuple[str, ...] = ()
    """Articles a guide's index prints after the title ("Conversation, The")."""
    legend_words: tuple[str, ...] = ()
    """Words of a legend stating the page's scale ("ratings", "puntuamos", "wir bewerten")."""
    range_words: tuple[str, ...] = ()
    """Words joining the ends of a scale ("from 1 to 5", "de 0 a 5", "von 1 bis 10")."""
    calendar_words: tuple[str, ...] = ()
    """Month and weekday names and their short forms, and the words for a day, a week or a
    session of a schedule, for a diary's dates ("Nov 06", "jeu. 6", "Day 2: Anora", "Week 3 —
    Rashomon")."""
    opinion_verbs: tuple[str, ...] = ()
    """The writer saying what they think before their score ("I'd say", "je dirais")."""
    quote_words: tuple[str, ...] = ()
    """Words opening a quoted post ("Zitat von kinomaus:", "Citation de X :")."""
    wrote_words: tuple[str, ...] = ()
    """Words after a poster's name over a quoted post ("kinomaus schrieb:", "X ha scritto:")."""
    genre_words: tuple[str, ...] = ()
    """Genre words of an info line ("Drame, Thriller"), joined by hyphens when several."""
    possible_words: tuple[str, ...] = ()
    """The word for "possible" around a scale's unit ("8 von 10 möglichen Punkten")."""
    either_words: tuple[str, ...] = ()
    """Words joining the two ends of a hedged score ("7 or 8 out of 10", "7 bis 8 von 10")."""
    between_words: tuple[str, ...] = ()
    """Words opening a range of two scores ("between 7 and 8 out of 10", "entre 7 et 8")."""
    hedge_words: tuple[str, ...] = ()
    """Words adding a second thought after a score ("a 7, maybe 7.5", "7/10, peut-être 8")."""
    closing_verbs: tuple[str, ...] = ()
    """Verbs of giving that close the writer's sentence after the score ("Ich würde eine 7
    geben.")."""
    above_words: tuple[str, ...] = ()
    """Words saying an average is of the page's own scores above it ("Media dei voti qui
    sopra: 7,25", "Average of the scores above"): never an audience aggregate."""
    mean_words: tuple[str, ...] = ()
    """Words for an average of many raters ("average", "moyenne", "Durchschnitt")."""
    count_prepositions: tuple[str, ...] = ()
    """Words joining an average to the count of votes it sums up ("7,4 von 10 bei 1.234
    Stimmen", "3,9/5 par 12 000 spectateurs")."""
    film_phrases: tuple[str, ...] = ()
    """The film itself as the object of giving, after the score ("à ce film", "to this
    film")."""
    own_possessives: tuple[str, ...] = ()
    """The writer's possessive right before their own score, wherever the sentence stands ("I
    stand by my three stars out of four", "Ich bleibe bei meinen 8 von 10 Punkten")."""
    runtime_verbs: tuple[str, ...] = ()
    """Words of a sentence saying how long the film runs, right before its runtime ("The film
    runs 106 minutes", "Le film dure 2 h 31", "Der Film dauert 162 Minuten")."""
    owner_words: tuple[str, ...] = ()
    """Words joining a score label to whose score it is ("Note de l'animateur", "Il voto della
    commissione", "Rating of the programmer", "Wertung der Redaktion")."""
    category_words: tuple[str, ...] = ()
    """Words naming a part of the film a category score rates ("scénario", "regia", "Musik"):
    never the owner of a score label ("Note du scénario" is no critic's mark)."""
    director_phrases: tuple[str, ...] = ()
    """Words putting the director's name after them in a sentence ("written and directed by
    Celine Song", "un film de Jūzō Itami", "Direção de Walter Salles")."""
    conclusion_words: tuple[str, ...] = ()
    """Words concluding the writer's talk right before their score ("anyway 8/10, …", "donc
    3/5 pour l'instant", "insgesamt 7 von 10")."""
