"""OpenAPI documents: every components/schemas entry becomes a model or a named type (3.0 and 3.1)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, import_module_from, run_tsc
from schemasmith import Settings, generate

SCHEMAS = Path(__file__).parent / "schemas"
API = SCHEMAS / "sessions-api.openapi.json"
LEGACY = SCHEMAS / "legacy.openapi30.json"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("openapi")
    generate(API, folder / "api", settings=Settings())
    generate(LEGACY, folder / "legacy", settings=Settings())
    return folder


@pytest.fixture(scope="module")
def api(out: Path) -> ModuleType:
    return import_module_from(out / "api" / "python" / "sessions_api.py", "openapi_sessions_api")


@pytest.fixture(scope="module")
def legacy(out: Path) -> ModuleType:
    return import_module_from(out / "legacy" / "python" / "legacy.py", "openapi_legacy")


def test_every_component_is_generated(out: Path, api: ModuleType) -> None:
    components = json.loads(API.read_text("utf-8"))["components"]["schemas"]
    assert len(components) >= 30
    for name in components:
        assert name in api.__all__, name
        assert (out / "api" / "docs" / f"{name}.md").exists(), name
    # Nested inline objects get models of their own, named from their position.
    assert "ItemItem" in api.__all__


@pytest.mark.parametrize("folder", ["api", "legacy"])
def test_mypy_and_tsc_strict(out: Path, folder: str, tmp_path: Path) -> None:
    (module,) = [p for p in (out / folder / "python").glob("*.py") if p.name != "__init__.py"]  # (the typed package's)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)], capture_output=True, text=True, cwd=REPO
    )
    assert checked.returncode == 0, checked.stdout
    (ts,) = (out / folder / "typescript").glob("*.ts")
    shutil.copy(ts, tmp_path / ts.name)
    compiled = run_tsc(tmp_path, [tmp_path / ts.name], emit=False)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_named_non_object_components(api: ModuleType) -> None:
    assert api.ChannelManagerType == typing.Literal["voice_sip_v1", "voice_twilio_v1", "web_chat_v1"]
    assert api.labels_from_dict({"a": "b"}) == {"a": "b"}
    with pytest.raises(api.SchemaValidationError) as caught:
        api.labels_from_dict({"a": 1})
    assert caught.value.pointer == "/a"
    assert api.tags_from_json('["x"]') == ["x"]
    pet = api.pet_from_dict({"pet_type": "dog", "good_boy": True})
    assert isinstance(pet, api.Dog) and api.pet_to_dict(pet) == {"pet_type": "dog", "good_boy": True}


def test_refs_all_of_and_recursion(api: ModuleType) -> None:
    conversation = api.Conversation.from_dict(
        {"id": "9b2e6f1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b", "created_at": "2025-01-01T00:00:00Z",
         "sessions": [{"timestamp": "2025-01-01T00:00:00Z", "agent_name": "a"}]}
    )
    # allOf: the Timestamped fields are part of Conversation.
    assert [f.name for f in dataclasses.fields(api.Conversation)][:2] == ["created_at", "updated_at"]
    assert isinstance(conversation.sessions[0], api.Session)
    tree = api.Tree.from_dict({"value": "a", "children": [{"value": "b", "children": []}]})
    assert tree.children[0].value == "b"
    owner = api.Owner.from_dict({"name": "o", "pets": [{"pet_type": "cat", "lives": 9}]})
    assert isinstance(owner.pets[0], api.Cat)
    with pytest.raises(api.SchemaValidationError) as caught:
        api.Owner.from_dict({"name": "o", "pets": [{"pet_type": "fish"}]})
    assert caught.value.pointer == "/pets/0/pet_type"


def test_keyword_and_method_names(api: ModuleType) -> None:
    names = [f.name for f in dataclasses.fields(api.Keywords)]
    assert names == ["class_", "def_", "from_dict_", "to_json_", "constructor", "proto", "additional_properties"]
    value = api.Keywords.from_dict({"class": "c", "__proto__": "p", "from_dict": "f"})
    assert value.to_dict() == {"class": "c", "from_dict": "f", "__proto__": "p"}


def test_openapi_30_nullable(legacy: ModuleType) -> None:
    hints = typing.get_type_hints(legacy.Call, vars(legacy))
    assert hints["duration"] == float | None
    assert hints["agent"] == legacy.Agent | None | legacy.Unset
    assert hints["direction"] == typing.Literal["inbound", "outbound"] | None | legacy.Unset
    call = legacy.Call.from_dict({"id": "c", "duration": None, "agent": None})
    assert call.duration is None and call.agent is None
