"""Reviews from where they are: web pages, the club's own, and exported ratings."""
