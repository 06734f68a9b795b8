"""A URL configuration with one view that fails while it holds a household's data (for
tests/test_error_reporting.py)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def failing_view(request):
    household = {"head_name": request.POST["head_name"], "phone": request.GET["q"]}
    return len(household) / 0


urlpatterns = [path("fail/", failing_view)]
