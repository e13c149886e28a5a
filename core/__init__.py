"""Settings, clock, database, Redis and logging: what every other folder stands on."""
