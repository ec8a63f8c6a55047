"""The base every app's page factories build on, and factories for core's taxonomy.

Each app's `factories` module makes its own rows; one app's factories never import another's
(the import rule), so a caller that needs an organisation and its opportunity makes both and
passes the first to the second.
"""

import factory
import wagtail_factories
from django.db import models

from core.models import Community, Topic
from core.sections import require_section


def in_section(model):
    """A factory declaration for the live section page of `model` ("app_label.ModelName"),
    looked up when a page is made; SiteNotSetUp if `setup_site` has not made it."""
    return factory.LazyFunction(lambda: require_section(model))


class LivePageFactory(wagtail_factories.PageFactory):
    """A live page under its section, published through a revision as an editor's would be.

    Subclasses set `parent = in_section("app_label.ModelName")` (see core.sections); callers
    may pass `parent=` instead. `publish=False` makes the page live without a revision: faster,
    for pages nobody edits (benchmarks, bulk demo rows).
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Page {n}")
    # Blank: Wagtail makes it from the title, unique among the page's siblings, as for editors.
    slug = ""
    live = True

    # ParentalManyToManyFields (such as topics): lists of terms or their ids, set before the first save so
    # that the page's first revision holds them too.
    _parental_m2m = ()

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        terms = {name: kwargs.pop(name) for name in cls._parental_m2m if name in kwargs}
        page = model_class(**kwargs)
        for name, values in terms.items():
            values = list(values)
            if values and not isinstance(values[0], models.Model):  # ids: the terms themselves
                related = model_class._meta.get_field(name).related_model
                values = list(related.objects.filter(pk__in=values))
            getattr(page, name).set(values)
        parent.add_child(instance=page)
        return page

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and extracted is not False:
            page.save_revision().publish()
            page.refresh_from_db()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Topic {n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Community {n}")
