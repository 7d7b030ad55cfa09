"""The schema generator that reads attribute docstrings gives what pydantic's ``use_attribute_docstrings`` gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from trainer.scenario.json_schema import attribute_docstrings, documented_json_schema


class _Inner(BaseModel):
    depth: int = 0
    """How deep."""


class _Base(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    kept: int = 0
    """Declared here, inherited below."""
    redefined: int = 0
    """Replaced below without a docstring."""


class _Child(_Base):
    """A model with every case."""

    with_: str = Field("", alias="with")
    """Under an alias."""
    told: str = Field("", description="Said in the field itself.")
    """Not this one."""
    redefined: int = 1
    inner: _Inner | None = None
    """A nested model."""
    items: list[_Inner] = Field(default_factory=list)
    plain: str = "x"

    def method(self) -> str:
        """A method's docstring documents no field."""
        return self.plain


class _InnerP(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)
    depth: int = 0
    """How deep."""


class _BaseP(BaseModel):
    model_config = ConfigDict(populate_by_name=True, use_attribute_docstrings=True)
    kept: int = 0
    """Declared here, inherited below."""
    redefined: int = 0
    """Replaced below without a docstring."""


class _ChildP(_BaseP):
    """A model with every case."""

    with_: str = Field("", alias="with")
    """Under an alias."""
    told: str = Field("", description="Said in the field itself.")
    """Not this one."""
    redefined: int = 1
    inner: _InnerP | None = None
    """A nested model."""
    items: list[_InnerP] = Field(default_factory=list)
    plain: str = "x"

    def method(self) -> str:
        """A method's docstring documents no field."""
        return self.plain


def _renamed(schema: object) -> object:
    """The pydantic-made schema with the twin classes' names (``…P``) made the same as ours."""
    import json

    return json.loads(json.dumps(schema).replace("P\"", "\"").replace("P/", "/").replace("_InnerP", "_Inner"))


def test_same_schema_as_pydantic_reading_the_docstrings_itself() -> None:
    ours = documented_json_schema(_Child)
    assert ours == _renamed(_ChildP.model_json_schema())
    props = ours["properties"]
    assert props["with"]["description"] == "Under an alias."
    assert props["told"]["description"] == "Said in the field itself."
    assert props["kept"]["description"] == "Declared here, inherited below."
    assert "description" not in props["redefined"] and "description" not in props["plain"]
    assert ours["$defs"]["_Inner"]["properties"]["depth"]["description"] == "How deep."


def test_the_models_themselves_carry_no_descriptions() -> None:
    # (what keeps start-up fast: the docstrings are read only when a schema is made)
    from scoring.actions import Talk
    from trainer.scenario.model import Scenario

    assert Scenario.model_fields["title"].description is None and Talk.model_fields["with_"].description is None
    assert attribute_docstrings(Scenario)["title"]
