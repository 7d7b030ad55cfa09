"""JSON Schema generation where each field's description is its attribute docstring.

The models document their fields with a docstring under each attribute. Pydantic can copy those into the
schema itself (``use_attribute_docstrings``), but on Python < 3.13 it finds each class's source by walking
stack frames and tokenising, which cost every command ~25 ms at start-up for a schema only
``bti-trener schema`` (and ``new``) write. Here the docstrings are read only when a schema is generated,
one parse per module, and put where pydantic would put them.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from itertools import pairwise
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


class DocumentedJsonSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema generator, with each model field's attribute docstring as its description
    (unless the field sets one itself)."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """The model's schema, its properties described."""
        json_schema = super().model_schema(schema)
        properties = json_schema.get("properties")
        if isinstance(properties, dict):
            for key, description in field_descriptions(schema["cls"]).items():
                prop = properties.get(key)
                if isinstance(prop, dict) and "description" not in prop:
                    prop["description"] = description
        return json_schema


def field_descriptions(model: type[BaseModel]) -> dict[str, str]:
    """Each documented field of ``model`` by its name in the data (alias), from the docstring under the
    attribute in the class that declares it."""
    out: dict[str, str] = {}
    for name, field in model.model_fields.items():
        owner = next((c for c in model.__mro__ if name in c.__dict__.get("__annotations__", {})), None)
        doc = attribute_docstrings(owner).get(name) if owner is not None else None
        if doc:
            alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
            out[alias or name] = doc
    return out


@functools.cache
def attribute_docstrings(cls: type) -> dict[str, str]:
    """``{attribute: docstring}`` for the annotated attributes of ``cls`` followed by a string (as pydantic
    reads them: the string right after ``name: type [= value]`` in the class body)."""
    node = _class_node(cls)
    if node is None:
        return {}
    docs: dict[str, str] = {}
    for statement, following in pairwise(node.body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def _class_node(cls: type) -> ast.ClassDef | None:
    """The class statement of ``cls`` in its module's source (None when it cannot be found)."""
    tree = _module_tree(cls.__module__)
    if tree is None or "<locals>" in cls.__qualname__:
        return None
    body: list[ast.stmt] = tree.body
    found: ast.ClassDef | None = None
    for part in cls.__qualname__.split("."):
        found = next((s for s in body if isinstance(s, ast.ClassDef) and s.name == part), None)
        if found is None:
            return None
        body = found.body
    return found


@functools.cache
def _module_tree(name: str) -> ast.Module | None:
    module = sys.modules.get(name)
    try:
        return ast.parse(inspect.getsource(module)) if module is not None else None
    except (OSError, TypeError, SyntaxError):
        return None


def documented_json_schema(model: type[BaseModel], **options: Any) -> dict[str, Any]:
    """``model.model_json_schema(**options)`` with field descriptions from the attribute docstrings."""
    return model.model_json_schema(schema_generator=DocumentedJsonSchema, **options)
