"""Everything that touches SQL lives in this package.

:class:`Store` runs the synchronous functions of the modules here
(``clubs``, ``films``, ``ratings``, ``quotes``, ``polls``...) on its
connections: ``await store.read(films.facts, film_id)``,
``await store.write(ratings.upsert_rating, ...)``.
"""

from bot.store.db import Store

__all__ = ["Store"]
