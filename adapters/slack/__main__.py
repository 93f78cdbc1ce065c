"""``python -m adapters.slack`` rewrites ``adapters/slack/manifest.yml`` from the commands."""

from adapters.slack.manifest import main

main()
