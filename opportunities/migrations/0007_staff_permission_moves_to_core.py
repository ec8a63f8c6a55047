from django.db import migrations


def move_to_core(apps, schema_editor):
    # Whoever could verify organisations (the Moderators group, by 0003) is NSUN staff now;
    # permissions are normally created after migrations, so make core's here to give it out.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("members", "User")
    settings_type, _ = ContentType.objects.get_or_create(app_label="core", model="sitesettings")
    staff, _ = Permission.objects.get_or_create(
        content_type=settings_type,
        codename="nsun_staff",
        defaults={"name": "Is NSUN staff: sees the staff screens and reports"},
    )
    old = Permission.objects.filter(
        content_type__app_label="opportunities", codename="verify_organisationpage"
    ).first()
    groups = Group.objects.filter(name="Moderators")
    if old is not None:
        groups = groups | Group.objects.filter(permissions=old)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(staff)
        old.delete()
    for group in groups.distinct():
        group.permissions.add(staff)


def move_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    organisation_type, _ = ContentType.objects.get_or_create(
        app_label="opportunities", model="organisationpage"
    )
    old, _ = Permission.objects.get_or_create(
        content_type=organisation_type,
        codename="verify_organisationpage",
        defaults={"name": "Can verify organisations and see involvement reports"},
    )
    for group in Group.objects.filter(permissions__codename="nsun_staff"):
        group.permissions.add(old)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0006_deliverable_email_addresses"),
        ("core", "0005_staff_permission"),
        ("members", "0003_deliverable_email_addresses"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisationpage",
            options={"verbose_name": "organisation"},
        ),
        migrations.RunPython(move_to_core, move_back),
    ]
