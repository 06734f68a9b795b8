"""{% report_links %}: the monthly report's downloads on the county and township pages."""

from django import template
from django.urls import reverse

from visits.reports.titles import TITLES, table_keys

register = template.Library()


@register.inclusion_tag("visits/reports/partials/report_links.html")
def report_links(url_name, pk, period_query="", *, county=False):
    """Links to the report of the page's place and period: Excel, each table's CSV, the PDF."""

    def url(fmt):
        return reverse(url_name, args=[pk, fmt])

    query = f"?{period_query}" if period_query else ""
    joiner = "&" if period_query else "?"
    return {
        "xlsx": url("xlsx") + query,
        "pdf": url("pdf") + query,
        "tables": [
            (TITLES[key], f"{url('csv')}{query}{joiner}table={key}")
            for key in table_keys(county=county)
        ],
    }
