"""Business rules of quotes: functions that take the session first and flush, never commit."""
