from django.forms.renderers import TemplatesSetting


class NetworkFormRenderer(TemplatesSetting):
    """Renders every form with our error summary and every field with one accessible template."""

    form_template_name = "components/form.html"
    field_template_name = "components/form_field.html"
