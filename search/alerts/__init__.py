"""Alerts: tell members about new opportunities that fit them, once each.

queries.py keeps each member's alert documents (their profile, their saved searches) in the
member alerts index; recipients.py finds who a newly published opportunity fits (one reverse
search) and records it; emails.py sends the alerts and honours one-click unsubscribes;
saved_searches.py says what a saved search keeps and its filters as document fields.
"""
