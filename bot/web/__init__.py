"""Web pages: fetching them safely and reading reviews out of them."""
