"""Events other apps listen to (Presence monitoring, matching) without opportunities knowing them."""

from django.dispatch import Signal

# Sent after a member expresses interest. Arguments: expression.
interest_expressed = Signal()

# Sent after an expression of interest changes status. Arguments: expression, status, user.
interest_status_changed = Signal()

# Sent after an opportunity changes outside publishing (closed by hand). Arguments: opportunity.
opportunity_changed = Signal()
