"""The search page's term facets: (query parameter, database field, opportunity index field).

Pure data, shared by the search page, both engines and saved-search alerts without importing
any of them.
"""

TERM_FACETS = [
    ("topic", "topics", "topic_ids"),
    ("community", "communities", "community_ids"),
    ("level", "level", "level"),
    ("role_type", "role_type", "role_type"),
    ("format", "format", "format"),
    ("region", "region", "region"),
]
