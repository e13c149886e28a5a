"""Channels: one module a channel, plus the app factory."""
