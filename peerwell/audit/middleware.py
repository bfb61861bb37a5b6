"""Puts the request where `audit.actions.record` finds it, so an action that takes only
the acting user (`by=`) still records the client's address and the page."""

from .actions import request_context


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_context.set(request)
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)
