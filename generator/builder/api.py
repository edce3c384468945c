"""The model builder: a loaded document and settings in, the frozen Api out (plus warnings)."""

from __future__ import annotations

import keyword
import re
from dataclasses import replace
from typing import Any, cast

from generator import __version__
from generator.builder.examples import (
    example_problem,
    is_missing,
    missing,
    spec_example,
)
from generator.builder.names import (
    CALL_OPTIONS,
    CLIENT_RESERVED,
    CONSTRUCTOR_OPTIONS,
    METHOD_RESERVED,
    TEMPLATE_NAMES,
    NameScope,
    pascal_case,
    snake_case,
)
from generator.builder.types import TypeBuilder
from generator.config import Config
from generator.ir import (
    ALLOWED_STYLES,
    DEFAULT_STYLES,
    Api,
    Argument,
    BodyEncoding,
    ErrorClass,
    ErrorResponse,
    GlobalParameter,
    ListType,
    LiteralType,
    ModelType,
    NullableType,
    Operation,
    Pagination,
    Parameter,
    ParamLocation,
    Primitive,
    RequestBody,
    Resource,
    SecurityScheme,
    Server,
    ServerVariable,
    Settings,
    SuccessResponse,
    TypeRef,
)
from generator.ir.types import no_models, synthesize
from generator.load.document import Document, Location
from generator.problems import Level, Problem

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM_LOCATIONS: tuple[ParamLocation, ...] = ("path", "query", "header", "cookie")
ROOT_MODULE = "operations"


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "*/*"


class ApiBuilder:
    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.config = config
        self.root: dict[str, Any] = document.root
        self.problems: list[Problem] = []
        self.types = TypeBuilder(document, NameScope(TEMPLATE_NAMES, fold_case=True), self.problems)
        # Globals and credentials share the constructor's keyword arguments.
        self._constructor_names = NameScope(CONSTRUCTOR_OPTIONS)
        self._families: dict[str | None, str] = {}
        self._error_classes: dict[ModelType, ErrorClass] = {}
        self._error_names = NameScope(frozenset({"Any", "Optional", "httpx"}))
        self._family_names = NameScope(frozenset({"shared"}), fold_case=True)
        self._server_variables: dict[str, ServerVariable] = {}

    def build(self) -> Api:
        settings = self.settings = self._settings()
        self.types.class_names.claim(settings.client_class)
        self.types.reserve_component_names()
        for reserved in (settings.error_base, settings.default_error, settings.validation_error):
            self._error_names.claim(reserved)
        global_params = self._globals()
        security = self._security()
        servers = self._servers(self.root, self.document.root_location)
        grouped = self._operations(global_params, {scheme.name for scheme in security})
        operations = [op for group in grouped.values() for op in group]
        root_ops = tuple(grouped.pop(None, []))
        resources = self._resources(grouped, root_ops)
        info = self.root.get("info") or {}
        return Api(
            title=str(info.get("title") or ""),
            api_version=str(info.get("version") or ""),
            description=str(info.get("description") or ""),
            settings=settings,
            servers=servers,
            security=security,
            globals=global_params,
            resources=resources,
            root_operations=root_ops,
            models=self.types.models(
                inputs=[a.type for op in operations for a in op.arguments]
                + [g.type for g in global_params],
                outputs=[r.type for op in operations for r in op.success if r.type is not None]
                + [error.data for error in self._error_classes.values()],
            ),
            error_classes=tuple(self._error_classes.values()),
            server_variables=tuple(self._server_variables.values()),
        )

    # -- settings, servers, security, globals ---------------------------------------------------

    def _settings(self) -> Settings:
        title = str((self.root.get("info") or {}).get("title") or "api")
        title_words = re.sub(r"(?i)\bapi\b", "", title).strip() or title
        client_class = self.config.client_class or pascal_case(title_words, "Client")
        if keyword.iskeyword(client_class) or client_class in TEMPLATE_NAMES:
            client_class += "Client"
        module = self.config.module or snake_case(title_words, "api") + "_sdk"
        package_name = self.config.package_name or module.replace("_", "-")
        return Settings(
            package_name=package_name,
            module=module,
            client_class=client_class,
            version=self.config.version,
            error_base=self.config.error_base or f"{client_class}Error",
            default_error=self.config.default_error or f"{client_class}DefaultError",
            validation_error=self.config.validation_error or "ResponseValidationError",
            generator_version=__version__,
            spec_label=self.document.display_name,
        )

    def _servers(self, owner: dict[str, Any], location: Location) -> tuple[Server, ...]:
        """The servers of the document, a path or an operation; their variables become client
        arguments, shared by name."""
        found = []
        for index, server in enumerate(owner.get("servers") or []):
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                continue
            where = location.child("servers", index)
            template = str(server["url"])
            defaults: list[tuple[str, str]] = []
            variables = server.get("variables") or {}
            for name, variable in variables.items() if isinstance(variables, dict) else ():
                if ("{" + str(name) + "}") not in template or not isinstance(variable, dict):
                    continue
                defaults.append((str(name), str(variable.get("default", ""))))
                self._server_variable(str(name), variable)
            for name in re.findall(r"\{([^{}]*)\}", template):
                if name not in dict(defaults):
                    self._warn(where.child("url"), f"server variable '{name}' is not declared")
                    defaults.append((name, ""))
            url = template
            for name, default in defaults:
                url = url.replace("{" + name + "}", default)
            found.append(
                Server(
                    url.rstrip("/"),
                    str(server.get("description") or ""),
                    template,
                    tuple(defaults),
                )
            )
        return tuple(found)

    def _server_variable(self, name: str, variable: dict[str, Any]) -> None:
        known = self._server_variables.get(name)
        enum = variable.get("enum")
        values = tuple(str(v) for v in enum) if isinstance(enum, list) and enum else ()
        if known is None:
            self._server_variables[name] = ServerVariable(
                name,
                self._constructor_names.claim(snake_case(name, "variable")),
                str(variable.get("default", "")),
                values,
                str(variable.get("description") or ""),
            )
        elif known.enum:
            # Shared by several servers: a closed set only when every server closes it.
            merged = tuple(dict.fromkeys(known.enum + values)) if values else ()
            self._server_variables[name] = replace(known, enum=merged)

    def _security(self) -> tuple[SecurityScheme, ...]:
        schemes = (self.root.get("components") or {}).get("securitySchemes") or {}
        names = self._constructor_names
        found: list[SecurityScheme] = []
        for name, raw in schemes.items():
            location = self.document.root_location.child("components", "securitySchemes", str(name))
            scheme, _ = self.document.deref(raw, location)
            kind = scheme.get("type")
            http_scheme = str(scheme.get("scheme", "")).lower()
            description = str(scheme.get("description") or "")
            if kind == "http" and http_scheme in ("bearer", "basic"):
                found.append(
                    SecurityScheme(
                        str(name),
                        names.claim(snake_case(str(name))),
                        "bearer" if http_scheme == "bearer" else "basic",
                        "header",
                        "Authorization",
                        description,
                    )
                )
            elif kind in ("oauth2", "openIdConnect"):
                token_url = _client_credentials_token_url(scheme)
                found.append(
                    SecurityScheme(
                        str(name),
                        names.claim(snake_case(str(name))),
                        "oauth2" if token_url else "bearer",
                        "header",
                        "Authorization",
                        description or "An OAuth 2 access token, sent as a bearer token.",
                        token_url or "",
                    )
                )
            elif kind == "apiKey" and scheme.get("in") in _PARAM_LOCATIONS:
                found.append(
                    SecurityScheme(
                        str(name),
                        names.claim(snake_case(str(name))),
                        "apiKey",
                        scheme["in"],
                        str(scheme.get("name")),
                        description,
                    )
                )
            else:
                self._warn(location, f"security scheme type '{kind}' is not supported; skipped")
        return tuple(found)

    def _globals(self) -> tuple[GlobalParameter, ...]:
        block = self.root.get("x-speakeasy-globals") or {}
        location = self.document.root_location.child("x-speakeasy-globals", "parameters")
        found: list[GlobalParameter] = []
        names = self._constructor_names
        for index, raw in enumerate(block.get("parameters") or []):
            param, where = self.document.deref(raw, location.child(index))
            if param.get("in") not in _PARAM_LOCATIONS or param.get("in") == "path":
                self._warn(where, "global parameters must be in query, header or cookie; skipped")
                continue
            schema = param.get("schema") or {}
            default = schema.get("default") if isinstance(schema, dict) else None
            global_type = self.types.type_of(
                schema, where.child("schema"), pascal_case(str(param["name"])), "shared"
            )
            found.append(
                GlobalParameter(
                    wire_name=str(param["name"]),
                    py_name=names.claim(snake_case(str(param["name"]))),
                    location=param["in"],
                    type=global_type,
                    required=param.get("required") is True,
                    description=str(param.get("description") or ""),
                    default=default if global_type.fits(default, "model", no_models) else None,
                    hidden=param.get("x-speakeasy-globals-hidden") is True,
                )
            )
        return tuple(found)

    # -- operations -----------------------------------------------------------------------------

    def _operations(
        self, global_params: tuple[GlobalParameter, ...], schemes: set[str]
    ) -> dict[str | None, list[Operation]]:
        grouped: dict[str | None, list[Operation]] = {}
        method_names: dict[str | None, NameScope] = {}
        paths = self.root.get("paths") or {}
        for path, raw_item in paths.items():
            item_location = self.document.root_location.child("paths", str(path))
            item, item_location = self.document.deref(raw_item, item_location)
            for method in HTTP_METHODS:
                raw_op = item.get(method)
                if not isinstance(raw_op, dict) or raw_op.get("x-speakeasy-ignore") is True:
                    continue
                op_location = item_location.child(method)
                group = self._group_of(raw_op)
                scope = method_names.setdefault(
                    group, NameScope(CLIENT_RESERVED if group is None else METHOD_RESERVED)
                )
                try:
                    operation = self._operation(
                        str(path),
                        method,
                        raw_op,
                        item,
                        op_location,
                        group,
                        scope,
                        global_params,
                        schemes,
                    )
                except _SkipOperation as skip:
                    self._warn(skip.location, f"{skip.reason}; operation skipped")
                    continue
                grouped.setdefault(group, []).append(operation)
        return grouped

    def _group_of(self, raw_op: dict[str, Any]) -> str | None:
        group = raw_op.get("x-speakeasy-group")
        if isinstance(group, str) and group.strip():
            return group.strip()
        tags = raw_op.get("tags")
        if isinstance(tags, list) and tags and isinstance(tags[0], str):
            return tags[0]
        return None

    def _operation(
        self,
        path: str,
        method: str,
        raw_op: dict[str, Any],
        path_item: dict[str, Any],
        location: Location,
        group: str | None,
        scope: NameScope,
        global_params: tuple[GlobalParameter, ...],
        schemes: set[str],
    ) -> Operation:
        operation_id = str(raw_op.get("operationId") or f"{method} {path}")
        override = raw_op.get("x-speakeasy-name-override")
        py_name = scope.claim(snake_case(str(override) if override else operation_id, "call"))
        # The async twin's name is claimed too, so no other operation can take it.
        async_name = scope.claim(py_name.rstrip("_") + "_async")
        family = self._family_module(group)
        type_hint = pascal_case(operation_id, "Operation")
        parameters = self._parameters(raw_op, path_item, location, type_hint, family, global_params)
        body = self._request_body(raw_op, location, type_hint, family)
        success = self._success_responses(raw_op, location, type_hint, family)
        errors = self._error_responses(raw_op, location, type_hint, family)
        arguments = self._arguments(parameters, body)
        description = str(raw_op.get("description") or raw_op.get("summary") or "")
        return Operation(
            operation_id=operation_id,
            py_name=py_name,
            async_name=async_name,
            method=method.upper(),
            path=path,
            summary=str(raw_op.get("summary") or _first_paragraph(description)),
            description=description,
            resource=group,
            arguments=arguments,
            parameters=parameters,
            body=body,
            success=success,
            errors=(*errors, ErrorResponse(("4XX", "5XX"), self.settings.default_error, "*/*")),
            security=self._operation_security(raw_op, schemes),
            deprecated=raw_op.get("deprecated") is True,
            idempotency_header=next(
                (
                    p.wire_name
                    for p in parameters
                    if p.location == "header" and p.wire_name.lower() == "idempotency-key"
                ),
                None,
            ),
            pagination=self._paged_methods(
                self._pagination(raw_op, arguments, body, success), py_name, scope
            ),
            servers=self._servers(raw_op, location)
            or self._servers(path_item, Location(location.file, location.parts[:-1])),
        )

    def _paged_methods(
        self, pagination: Pagination | None, py_name: str, scope: NameScope
    ) -> Pagination | None:
        if pagination is None:
            return None
        method = scope.claim(f"{py_name.rstrip('_')}_pages")
        return replace(pagination, method=method, async_method=scope.claim(f"{method}_async"))

    def _pagination(
        self,
        raw_op: dict[str, Any],
        arguments: tuple[Argument, ...],
        body: RequestBody | None,
        success: tuple[SuccessResponse, ...],
    ) -> Pagination | None:
        """Offset or cursor pagination: as `x-speakeasy-pagination` (offsetLimit or cursor)
        declares it, or recognised by shape: an `offset` (or `cursor`) input, and a response
        with a list of items and a `has_more` flag (or a `next_cursor`), the shape of Autumn's
        list operations."""
        response = next((r.type for r in success if isinstance(r.type, ModelType)), None)
        if response is None:
            return None
        fields = {f.wire_name: f for f in self.types.model_fields(response.name)}
        position_names, item_names, next_names = (
            ["offset", "cursor"],
            list(_ITEM_FIELDS),
            ["next_cursor"],
        )
        declared = raw_op.get("x-speakeasy-pagination")
        if isinstance(declared, dict) and declared.get("type") in ("offsetLimit", "cursor"):
            kind = "offset" if declared["type"] == "offsetLimit" else "cursor"
            inputs = [i for i in declared.get("inputs") or [] if isinstance(i, dict)]
            position_names = [str(i.get("name")) for i in inputs if i.get("type") == kind]
            outputs = declared.get("outputs") or {}
            item_names = [str(outputs.get("results", "")).removeprefix("$.")]
            next_names = (
                [str(outputs.get("nextCursor", "")).removeprefix("$.")] if kind == "cursor" else []
            )
        elif declared is not None:
            return None
        items = next(
            (fields[n] for n in item_names if n in fields and isinstance(fields[n].type, ListType)),
            None,
        )
        has_more = fields.get("has_more")
        more = (
            has_more.py_name
            if has_more is not None and has_more.type == Primitive(name="bool")
            else ""
        )
        next_cursor = next((fields[n].py_name for n in next_names if n in fields), "")
        position = next((a for a in arguments if a.wire_name in position_names), None)
        in_request = body is not None and not body.flattened
        request_key = next(
            (
                f.wire_name
                for f in (body.fields if body and in_request else ())
                if f.wire_name in position_names
            ),
            None,
        )
        is_cursor = (position.wire_name if position else request_key) != "offset" and bool(
            next_cursor
        )
        if items is None or not (more or next_cursor or isinstance(declared, dict)):
            return None
        if not is_cursor:
            next_cursor = ""
        if position is not None:
            return Pagination(
                position.py_name, False, items.py_name, more, next_cursor_field=next_cursor
            )
        if request_key is not None:
            return Pagination(request_key, True, items.py_name, more, next_cursor_field=next_cursor)
        return None

    def _family_module(self, group: str | None) -> str:
        """The models module of one resource's inline schemas; `shared` holds the components."""
        if group not in self._families:
            preferred = ROOT_MODULE if group is None else snake_case(group, "resource")
            self._families[group] = self._family_names.claim(preferred)
        return self._families[group]

    def _operation_security(
        self, raw_op: dict[str, Any], schemes: set[str]
    ) -> tuple[tuple[str, ...], ...]:
        """The operation's security alternatives (each a set of schemes sent together), from
        the operation or the document; with no requirement anywhere, any one scheme will do."""
        requirements = raw_op.get("security", self.root.get("security"))
        if requirements is None:
            return tuple((name,) for name in sorted(schemes))
        alternatives: list[tuple[str, ...]] = []
        for requirement in requirements if isinstance(requirements, list) else []:
            names = tuple(str(name) for name in requirement or {})
            # A requirement naming a scheme that was skipped cannot be met by this SDK.
            if all(name in schemes for name in names) and names not in alternatives:
                alternatives.append(names)
        return tuple(alternatives)

    def _parameters(
        self,
        raw_op: dict[str, Any],
        path_item: dict[str, Any],
        location: Location,
        type_hint: str,
        family: str,
        global_params: tuple[GlobalParameter, ...],
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], Location]] = {}
        item_location = Location(location.file, location.parts[:-1])
        for owner, owner_location in ((path_item, item_location), (raw_op, location)):
            for index, raw in enumerate(owner.get("parameters") or []):
                param, where = self.document.deref(raw, owner_location.child("parameters", index))
                merged[(str(param.get("name")), str(param.get("in")))] = (param, where)
        hidden = {(g.wire_name, g.location) for g in global_params}
        names = NameScope(CALL_OPTIONS)
        found: list[Parameter] = []
        for (name, where_in), (param, where) in merged.items():
            if (name, where_in) in hidden or where_in not in _PARAM_LOCATIONS:
                continue
            schema = param.get("schema") or {}
            example = self._checked_example(spec_example(param, schema), schema, where)
            style, explode = self._style(param, where_in, where)
            param_type = self.types.type_of(
                schema, where.child("schema"), type_hint + pascal_case(name), family
            )
            default = self._parameter_default(schema, param_type, where)
            found.append(
                Parameter(
                    wire_name=name,
                    py_name=names.claim(snake_case(name, "param")),
                    location=where_in,
                    type=param_type,
                    required=param.get("required") is True or where_in == "path",
                    description=str(param.get("description") or ""),
                    style=style,
                    explode=explode,
                    example=None if is_missing(example) else example,
                    has_example=not is_missing(example),
                    default=None if is_missing(default) else default,
                    has_default=not is_missing(default),
                )
            )
        return tuple(found)

    def _style(self, param: dict[str, Any], where_in: str, where: Location) -> tuple[str, bool]:
        style = param.get("style")
        if not isinstance(style, str) or style not in ALLOWED_STYLES[where_in]:
            if style is not None:
                self._warn(
                    where.child("style"),
                    f"style '{style}' is not allowed in {where_in};"
                    f" sent as '{DEFAULT_STYLES[where_in]}'",
                )
            style = DEFAULT_STYLES[where_in]
        explode = param.get("explode", style == "form")
        return style, explode if isinstance(explode, bool) else style == "form"

    def _parameter_default(self, schema: Any, param_type: TypeRef, where: Location) -> Any:
        """A scalar default becomes the argument's Python default, so the SDK sends what the
        API would assume; a default that breaks its own schema is dropped with a warning."""
        resolved, _ = self.document.deref(schema, where.child("schema"))
        if not isinstance(resolved, dict) or "default" not in resolved:
            return missing()
        default = resolved["default"]
        plain = param_type.inner if isinstance(param_type, NullableType) else param_type
        scalar = isinstance(plain, LiteralType) or (
            isinstance(plain, Primitive) and plain.name in ("str", "int", "float", "bool")
        )
        if not scalar or default is None or isinstance(default, (dict, list)):
            return missing()
        problem = example_problem(default, resolved, self.root)
        if problem is not None:
            self._warn(where.child("schema", "default"), f"default does not match: {problem}")
            return missing()
        return default

    def _request_body(
        self, raw_op: dict[str, Any], location: Location, type_hint: str, family: str
    ) -> RequestBody | None:
        if "requestBody" not in raw_op:
            return None
        body, where = self.document.deref(raw_op["requestBody"], location.child("requestBody"))
        content = body.get("content") or {}
        if not content:
            raise _SkipOperation(where, "request body without content")
        json_type, encoding = _preferred_body(content)
        media = content[json_type] or {}
        media_location = where.child("content", json_type)
        schema = media.get("schema") or {}
        if encoding in ("text", "binary"):
            return RequestBody(
                content_type=str(json_type),
                required=body.get("required") is True,
                model=None,
                fields=(),
                type=Primitive(name="str" if encoding == "text" else "bytes"),
                encoding=encoding,
            )
        resolved, _ = self.document.deref(schema, media_location.child("schema"))
        hint = (
            str(resolved.get("title"))
            if isinstance(resolved, dict) and resolved.get("title")
            else type_hint + "Request"
        )
        body_type = self.types.type_of(schema, media_location.child("schema"), hint, family)
        model = body_type.name if isinstance(body_type, ModelType) else None
        fields = self.types.model_fields(model) if model else ()
        example = self._checked_example(spec_example(media, resolved), schema, media_location)
        return RequestBody(
            content_type=str(json_type),
            required=body.get("required") is True,
            model=model,
            fields=fields,
            type=body_type,
            example=None if is_missing(example) else example,
            has_example=not is_missing(example),
            encoding=encoding,
        )

    def _success_responses(
        self, raw_op: dict[str, Any], location: Location, type_hint: str, family: str
    ) -> tuple[SuccessResponse, ...]:
        responses = raw_op.get("responses") or {}
        found: list[SuccessResponse] = []
        for status, raw in responses.items():
            code = str(status).upper()
            if not (code.startswith("2") and len(code) == 3):
                continue
            response, where = self.document.deref(raw, location.child("responses", status))
            content = response.get("content") or {}
            description = str(response.get("description") or "")
            if not content:
                found.append(SuccessResponse(code, None, None, description))
                continue
            content_type = str(
                next((ct for ct in content if is_json(str(ct))), next(iter(content)))
            )
            media = content[content_type] or {}
            if is_json(content_type):
                hint = (
                    type_hint + "Response"
                    if code in ("200", "2XX") or len(responses) == 1
                    else f"{type_hint}Response{code}"
                )
                response_type = self.types.type_of(
                    media.get("schema") or {},
                    where.child("content", content_type, "schema"),
                    hint,
                    family,
                )
            elif content_type.startswith("text/"):
                response_type = Primitive(name="str")
            else:
                response_type = Primitive(name="stream")
            found.append(SuccessResponse(code, content_type, response_type, description))
        return tuple(found)

    def _error_responses(
        self, raw_op: dict[str, Any], location: Location, type_hint: str, family: str
    ) -> tuple[ErrorResponse, ...]:
        """Documented 4XX/5XX/default responses with a JSON body, each raised as its own class."""
        found: list[ErrorResponse] = []
        for status, raw in (raw_op.get("responses") or {}).items():
            code = str(status).upper()
            if not (code[:1] in ("4", "5") and len(code) == 3) and code != "DEFAULT":
                continue
            response, where = self.document.deref(raw, location.child("responses", status))
            content = response.get("content") or {}
            content_type = next((str(ct) for ct in content if is_json(str(ct))), None)
            if content_type is None:
                continue
            schema = (content[content_type] or {}).get("schema") or {}
            data = self.types.type_of(
                schema,
                where.child("content", content_type, "schema"),
                f"{type_hint}{code.title()}ErrorData",
                family,
            )
            if not isinstance(data, ModelType):
                continue
            error_class = self._error_class(data, response)
            status_code = code.lower() if code == "DEFAULT" else code
            found.append(ErrorResponse((status_code,), error_class, content_type, data))
        return tuple(found)

    def _error_class(self, data: ModelType, response: dict[str, Any]) -> str:
        """One class per error body model: `NotFound` raises `NotFoundError`, an inline body of
        createThing's 404 raises `CreateThing404Error`."""
        known = self._error_classes.get(data)
        if known is not None:
            return known.name
        if data.name.endswith("ErrorData"):
            preferred = data.name.removesuffix("Data")
        else:
            preferred = data.name if data.name.endswith("Error") else f"{data.name}Error"
        name = self._error_names.claim(preferred)
        self._error_classes[data] = ErrorClass(name, data, str(response.get("description") or ""))
        return name

    def _arguments(
        self, parameters: tuple[Parameter, ...], body: RequestBody | None
    ) -> tuple[Argument, ...]:
        params = [
            Argument(
                p.py_name,
                p.wire_name,
                p.location,
                p.type,
                p.required,
                p.description,
                p.example,
                p.has_example,
                p.default,
                p.has_default,
            )
            for p in parameters
        ]
        body_args: list[Argument] = []
        names = NameScope(CALL_OPTIONS)
        for parameter in parameters:
            names.claim(parameter.py_name)
        if body is not None and body.flattened:
            example = body.example if isinstance(body.example, dict) else {}
            for field in body.fields:
                if field.read_only:
                    continue
                py_name = names.claim(field.py_name)
                has_example = field.wire_name in example
                body_args.append(
                    Argument(
                        py_name,
                        field.wire_name,
                        "body",
                        field.type,
                        field.required or field.required_when_sent,
                        field.description,
                        example.get(field.wire_name),
                        has_example,
                    )
                )
        elif body is not None:
            body_args.append(
                Argument(
                    names.claim("request"),
                    "",
                    "request",
                    body.type,
                    body.required,
                    "The request body.",
                    body.example,
                    body.has_example,
                )
            )
        ordered = [a for a in params if a.required] + [a for a in body_args if a.required]
        ordered += [a for a in params if not a.required] + [a for a in body_args if not a.required]
        return tuple(self._with_examples(argument) for argument in ordered)

    def _with_examples(self, argument: Argument) -> Argument:
        if argument.has_example or not argument.required:
            return argument
        value = synthesize(argument.type, self.types.model_fields)
        return replace(argument, example=value, has_example=True)

    # -- resources ------------------------------------------------------------------------------

    def _resources(
        self, grouped: dict[str | None, list[Operation]], root_ops: tuple[Operation, ...]
    ) -> tuple[Resource, ...]:
        tag_info = {
            str(t.get("name")): t for t in self.root.get("tags") or [] if isinstance(t, dict)
        }
        order = [name for name in tag_info if name in grouped]
        order += [name for name in grouped if name not in order and name is not None]
        root_methods = {name for op in root_ops for name in (op.py_name, op.async_name)}
        attributes = NameScope(CLIENT_RESERVED | root_methods)
        modules = NameScope(frozenset({"sdk", "basesdk", "models", "errors", "utils", "_version"}))
        # The untagged operations' page lives in docs/sdks/<client class>/.
        docs_dirs = NameScope(
            frozenset({self.settings.client_class.lower()}), fold_case=True, python=False
        )
        resources = []
        for name in order:
            assert name is not None
            info = tag_info.get(name, {})
            attribute = attributes.claim(snake_case(name, "resource"))
            resources.append(
                Resource(
                    wire_name=name,
                    attribute=attribute,
                    class_name=self._resource_class(pascal_case(name, "Resource")),
                    module=modules.claim(attribute),
                    docs_dir=docs_dirs.claim(attribute.replace("_", "")),
                    title=pascal_case(name, "Resource"),
                    description=str(info.get("description") or ""),
                    operations=tuple(grouped[name]),
                )
            )
        return tuple(resources)

    def _resource_class(self, preferred: str) -> str:
        """Resource classes share a namespace with the client class and the models, which the
        client module imports beside them; a clash takes a `Resource` suffix."""
        if preferred in self.types.class_names:
            preferred += "Resource"
        return self.types.class_names.claim(preferred)

    def _checked_example(self, example: Any, schema: Any, location: Location) -> Any:
        """The spec's example if it fits the schema; otherwise a warning, and snippets use
        values made from the schema, so that they work against the real API."""
        if is_missing(example):
            return example
        problem = example_problem(example, schema, self.root)
        if problem is None:
            return example
        self._warn(
            location,
            f"example does not match the schema: {problem};"
            " snippets use values made from the schema",
        )
        return missing()

    def _warn(self, location: Location, message: str) -> None:
        self.problems.append(self.document.problem(Level.WARNING, location, message))


def _preferred_body(content: dict[str, Any]) -> tuple[str, BodyEncoding]:
    """The body's content type the SDK sends, by preference, and how it is encoded."""
    kinds = [str(ct) for ct in content]
    for content_type in kinds:
        if is_json(content_type):
            return content_type, "json"
    for prefix, encoding in (
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/", "multipart"),
        ("text/", "text"),
    ):
        for content_type in kinds:
            if content_type.lower().startswith(prefix):
                return content_type, cast(BodyEncoding, encoding)
    return kinds[0], "binary"


_ITEM_FIELDS = ("list", "data", "items", "results")


class _SkipOperation(Exception):
    """An operation this generator cannot express yet: dropped with a warning, never half-made."""

    def __init__(self, location: Location, reason: str) -> None:
        super().__init__(reason)
        self.location = location
        self.reason = reason


def _client_credentials_token_url(scheme: dict[str, Any]) -> str | None:
    flows = scheme.get("flows")
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    token_url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return token_url if isinstance(token_url, str) and token_url else None


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def build_api(document: Document, config: Config) -> tuple[Api, list[Problem]]:
    builder = ApiBuilder(document, config)
    api = builder.build()
    # A shared parameter used by many operations is reported once, where it is defined.
    unique = list(dict.fromkeys(builder.problems))
    return api, unique
