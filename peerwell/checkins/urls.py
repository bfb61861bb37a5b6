"""Staff pages of Telephone Recovery Support, one module per part of the work."""

from . import urls_calls, urls_enrolment, urls_escalations

urlpatterns = [
    *urls_enrolment.urlpatterns,
    *urls_calls.urlpatterns,
    *urls_escalations.urlpatterns,
]
