"""Slack adapter: slash commands, Block Kit replies, polls and modals through slack-bolt."""

from adapters.slack.app import SlackAdapter, SlackSetupError, api_base_url
from adapters.slack.manifest import manifest, manifest_yaml

__all__ = ["SlackAdapter", "SlackSetupError", "api_base_url", "manifest", "manifest_yaml"]
