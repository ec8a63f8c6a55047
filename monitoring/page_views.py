"""The Presence report pages' views: the query string bound to a report form, then the figures
from reports.py (every figure comes from disclosure.py)."""

from core.csv_export import csv_response
from monitoring import disclosure, reports


def _bound(form_class, request, **kwargs):
    """The form bound to the query string, with defaults for anything not asked."""
    form = form_class(**kwargs)
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    for name in form.fields:
        if name in request.GET:
            data[name] = request.GET[name]
    return form_class(data, **kwargs)


def organisation_report_view(request, *, organisation):
    """(context, status) for an organisation's own Presence report; the context holds "csv"
    (a response) when the query string asks for the export."""
    form = _bound(reports.OrganisationReportForm, request, organisation=organisation)
    context = {"form": form}
    if not form.is_valid():
        return context, 400
    period = disclosure.parse_period(form.cleaned_data["period"])
    scope = disclosure.Scope(
        period=period,
        organisation_id=organisation.pk,
        opportunity_id=form.cleaned_data["opportunity"],
    )
    result = disclosure.breakdown(scope, form.cleaned_data["characteristic"])
    rate = disclosure.response_rate(scope)
    if request.GET.get("export") == "csv":
        rows = reports.csv_rows(organisation.title, period, result, rate)
        context["csv"] = csv_response(f"presence-{organisation.slug}-{period.label}.csv", rows)
        return context, 200
    context.update(
        period=period,
        result=result,
        rate=rate,
        below_two=disclosure.activities_below_two(scope),
        export_query=_with_export(request),
    )
    return context, 200


def staff_report_view(request):
    """(context, status) for the staff Presence dashboard; the context holds "csv" (a response)
    when the query string asks for the export."""
    form = _bound(reports.StaffReportForm, request)
    context = {"form": form}
    if not form.is_valid():
        return context, 400
    data = form.cleaned_data
    period = disclosure.parse_period(data["period"])
    scope = disclosure.Scope(
        period=period,
        organisation_id=data["organisation"],
        level=data["level"],
        region=data["region"],
    )
    result = disclosure.breakdown(scope, data["characteristic"], baseline=data["baseline"])
    rate = disclosure.response_rate(scope)
    if request.GET.get("export") == "csv":
        rows = reports.csv_rows("NSUN network", period, result, rate)
        context["csv"] = csv_response(f"presence-network-{period.label}.csv", rows)
        return context, 200
    context.update(
        period=period,
        result=result,
        rate=rate,
        cross=disclosure.cross_tabulation(scope, data["characteristic"], data["cross_with"])
        if data["cross_with"]
        else None,
        cross_asked=bool(data["cross_with"]),
        below_two=disclosure.activities_below_two(scope),
        overview=reports.staff_overview(period),
        export_query=_with_export(request),
    )
    return context, 200


def _with_export(request):
    query = request.GET.copy()
    query["export"] = "csv"
    return query.urlencode()
