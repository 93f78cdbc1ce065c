"""The /scores chart: critics' and club's score distributions, as a PNG."""

from __future__ import annotations

import io


def scores_chart(title: str, critics: list[float], club_histogram: tuple[int, ...]) -> bytes:
    """Two bar series over whole-point buckets 0..10; matplotlib is imported here only."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    critic_hist = [0] * 11
    for score in critics:
        critic_hist[min(10, max(0, int(score)))] += 1
    buckets = list(range(11))
    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    ax = fig.add_subplot()
    width = 0.4
    ax.bar([b - width / 2 for b in buckets], critic_hist, width, label="Critics", color="#4c72b0")
    ax.bar(
        [b + width / 2 for b in buckets], list(club_histogram), width, label="Club", color="#dd8452"
    )
    ax.set_xticks(buckets)
    ax.set_xlabel("Score (0–10)")
    ax.set_ylabel("Ratings")
    ax.set_title(f"{title}: critics vs club", y=1.0)
    ax.legend()
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.16, top=0.9)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
