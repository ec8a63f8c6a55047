"""Alerts: tell members about new opportunities that fit them, once each.

queries.py keeps each member's stored queries (their profile, their saved searches) in the
percolator index; recipients.py finds who a newly published opportunity fits; emails.py sends
the alerts and honours one-click unsubscribes; saved_searches.py says what a saved search keeps.
"""
