"""The online film catalog: Wikidata by default, TMDB besides it when a key is set.

``models`` holds what crosses the port, ``http`` the polite client, ``wikidata``
and ``tmdb`` the providers, ``service`` the cached, single-flight lookups and
``resolve`` the order in which a title a member typed is looked for.
"""
