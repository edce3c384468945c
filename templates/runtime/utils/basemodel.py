"""The base of every generated model."""

from pydantic import BaseModel, ConfigDict


class SDKModel(BaseModel):
    """Accepts wire names and Python names alike, and keeps fields a newer server adds."""

    model_config = ConfigDict(
        populate_by_name=True, extra="allow", protected_namespaces=()
    )
