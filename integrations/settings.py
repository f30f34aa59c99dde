"""One settings object, read from the environment (prefix ``TIGERBRIDGE_``).

Defaults are the embedded stack that ``make demo`` starts: local HAPI on 8080, local Redis on
6379 and the offline rules engine, so the product runs on a fresh machine with no
configuration at all.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from integrations.fhir.server import FhirServer


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIGERBRIDGE_", env_file=".env", extra="ignore")

    fhir_base_url: str = Field("http://127.0.0.1:8080/fhir", description="FHIR R4 server base URL")
    fhir_timeout_s: float = Field(60.0, description="timeout of one FHIR HTTP request")
    fhir_auth_token: SecretStr | None = Field(None, description="bearer token for the FHIR server")
    create_missing_patient: bool = Field(
        False, description="create the Patient from the DocumentReference when the server lacks it"
    )
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="Celery broker and result store")
    llm_backend: Literal["rules", "tgi", "openai"] = Field("rules", description="SoftTiger step backend")
    llm_url: str | None = Field(None, description="TGI or OpenAI-compatible server base URL")
    llm_model: str = Field("TigerResearch/SoftTiger-13b", description="model id sent to the LLM server")
    llm_api_key: SecretStr | None = Field(None, description="API key for the LLM server, if any")
    llm_timeout_s: float = Field(120.0, description="timeout of one LLM call")
    webhook_secret: SecretStr | None = Field(
        None, description="shared secret expected in the Subscription channel header"
    )
    api_token: SecretStr | None = Field(None, description="bearer token for mutating API calls")
    checkpoint_path: str = Field(".var/checkpoints.sqlite", description="LangGraph SQLite checkpointer")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def open_fhir_server(settings: Settings) -> "FhirServer":
    """The configured FHIR server, with its timeout and credentials."""
    from integrations.fhir.server import FhirServer

    token = settings.fhir_auth_token.get_secret_value() if settings.fhir_auth_token else None
    return FhirServer(settings.fhir_base_url, timeout_s=settings.fhir_timeout_s, token=token)
