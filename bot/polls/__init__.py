"""Club polls and the watchlist they draw from: counting, deadlines, schedules, rendering."""
