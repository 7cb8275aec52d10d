"""The API's one error shape, ``{"code": "...", "message": "<Russian>"}``, for every refusal.

Workflow refusals keep their own Russian words; FastAPI's validation errors and Starlette's
404/405 are rewritten into the same shape for paths under /api; elsewhere a person reads them
as the desk's Russian error page, not as FastAPI's English JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from monitor.workflow.errors import AccessError, InputError, NotFoundError, TransitionError, WorkflowError

API_PREFIX = "/api/"
HTTP_CODES = {400: ("bad_request", "Неверный запрос"), 401: ("unauthorized", "Требуется вход или токен доступа"),
              403: ("forbidden", "Недостаточно прав"), 404: ("not_found", "Не найдено"),
              405: ("method_not_allowed", "Метод не поддерживается"), 409: ("conflict", "Действие сейчас недоступно"),
              422: ("invalid_input", "Неверные данные запроса")}
#: what the error page says to a person who followed a wrong link or sent a form the desk cannot read
PAGE_WORDS = {404: "Страница не найдена. Проверьте адрес или вернитесь на главную.",
              405: "Это действие здесь недоступно. Вернитесь на страницу и повторите.",
              422: "Адрес или данные формы не подходят. Вернитесь на страницу и проверьте введённое."}


class ErrorOut(BaseModel):
    code: str
    message: str


class FieldError(BaseModel):
    field: str
    message: str


class InvalidOut(ErrorOut):
    errors: list[FieldError] = []


class ApiError(Exception):
    """A refusal the API answers with ``status`` and the JSON error shape."""

    def __init__(self, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


def from_workflow(exc: WorkflowError) -> ApiError:
    """The status a workflow refusal means on the API (the card itself was found before)."""
    if isinstance(exc, TransitionError):
        return ApiError(409, "transition_not_allowed", str(exc))
    if isinstance(exc, AccessError):
        return ApiError(403, "forbidden", str(exc))
    if isinstance(exc, InputError) and exc.field:  # the body's key it is about, as a validation error names it
        return ApiError(422, "invalid_input", str(exc), [{"field": exc.field, "message": str(exc)}])
    if isinstance(exc, NotFoundError | InputError):  # a unit or user named in the body does not exist
        return ApiError(422, "invalid_input", str(exc))
    return ApiError(409, "conflict", str(exc))


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the refusals an operation may give."""
    return {s: {"model": InvalidOut if s == 422 else ErrorOut, "description": HTTP_CODES[s][1]} for s in statuses}


def _json(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status, headers=headers)


# pydantic's error types in the words a person reads; anything else is «неверное значение»
WORDS = {"missing": "обязательное поле", "string_too_short": "слишком короткая строка",
         "string_too_long": "слишком длинная строка", "string_pattern_mismatch": "недопустимые символы",
         "literal_error": "значение не из списка допустимых", "enum": "значение не из списка допустимых",
         "int_parsing": "нужно целое число", "int_type": "нужно целое число", "int_from_float": "нужно целое число",
         "greater_than_equal": "значение слишком мало", "greater_than": "значение слишком мало",
         "less_than_equal": "значение слишком велико", "less_than": "значение слишком велико",
         "bool_parsing": "нужно true или false", "bool_type": "нужно true или false",
         "string_type": "нужна строка", "list_type": "нужен список", "too_short": "слишком мало элементов",
         "too_long": "слишком много элементов", "json_invalid": "тело запроса — не JSON",
         "model_attributes_type": "нужен объект JSON", "dict_type": "нужен объект JSON",
         "extra_forbidden": "неизвестное поле", "value_error": "неверное значение"}


def _page(request: Request, status: int, headers: Mapping[str, str] | None = None) -> Response:
    """The desk's error page (templates/error.html) for a refusal outside /api."""
    message = PAGE_WORDS.get(status) or HTTP_CODES.get(status, ("", "Ошибка запроса"))[1]
    response: Response = request.app.state.templates.TemplateResponse(
        request, "error.html", {"message": message, "me": None}, status_code=status, headers=headers)
    return response


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    """Error handlers: JSON for /api paths, the error page elsewhere."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _json(exc.status, exc.code, exc.message, **({"errors": exc.errors} if exc.errors else {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith(API_PREFIX):
            return _page(request, 422)
        errors = [{"field": _field(e.get("loc", ())), "message": WORDS.get(str(e.get("type")), "неверное значение")}
                  for e in exc.errors()]
        return _json(422, "invalid_input", HTTP_CODES[422][1], errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(API_PREFIX):
            return _page(request, exc.status_code, exc.headers)
        code, message = HTTP_CODES.get(exc.status_code, ("error", "Ошибка запроса"))
        return _json(exc.status_code, code, message)
