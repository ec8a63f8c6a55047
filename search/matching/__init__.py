"""The matching specification and the two engines that carry it out.

facts.py declares each fact of an opportunity once (its index type and how it is read from the
database); rules.py the hard rules and scoring.py the score parts, each with its Python form and
its Elasticsearch form; reasons.py says why in plain words. checks.py makes start-up fail when
the declarations disagree.
"""
