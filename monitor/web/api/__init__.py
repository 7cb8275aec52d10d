"""The JSON API under /api/v1: the same workflow service and authorization as the pages.

``install(app)`` adds the routers, the JSON error shape, the OpenAPI document at
/api/openapi.json (the /api routes only) and a server-rendered docs page at /api/docs (no CDN,
no inline script: the CSP forbids both). See docs/api.md.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from monitor.web.api import cards, directory, errors
from monitor.web.api.docs import operations

ROUTERS = (cards.router, directory.router)  # no prefixes: each route names its full /api/v1 path
API_VERSION = "1"
DESCRIPTION = ("API рабочего места «Отклик». Вход — персональный токен доступа в заголовке "
               "`Authorization: Bearer …` (страница «Токены доступа» или `otklik user token`). "
               "Ошибки — JSON `{\"code\": …, \"message\": …}`.")


def schema(app: FastAPI) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(app.state, "api_schema", None)
    if cached is None:
        routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
        cached = get_openapi(title="Отклик API", version=API_VERSION, description=DESCRIPTION, routes=routes)
        app.state.api_schema = cached
    return cached


def install(app: FastAPI) -> None:
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/api/openapi.json", include_in_schema=False)
    def _openapi() -> JSONResponse:
        return JSONResponse(schema(app))

    @app.get("/api/docs", include_in_schema=False)
    def _docs(request: Request) -> Response:
        return request.app.state.templates.TemplateResponse(request, "api_docs.html", {
            "me": None, "operations": operations(schema(app))})
