from monitoring import services


def follow_interest_status(sender, expression, **kwargs):
    services.monitoring_follow_status(expression=expression)


def erase_with_the_account(sender, instance, **kwargs):
    services.monitoring_erase_for_deleted_account(member=instance)
