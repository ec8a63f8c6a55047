"""Events other parts listen to without involvement knowing them."""

from django.dispatch import Signal

# Sent after an involvement ends (either side). Arguments: involvement.
involvement_ended = Signal()
